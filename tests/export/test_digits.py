"""The digits model: trained accuracy, and an evaluation set the firmware can score itself."""

from __future__ import annotations

import numpy as np
from pte_inspect import artifact, manifest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def _test_split() -> tuple[np.ndarray, np.ndarray]:
    # Recomputed here from the recorded split parameters, not taken from the package.
    dataset = manifest("digits_pte")["model"]["provenance"]["dataset"]
    data = load_digits()
    _, test_x, _, test_y = train_test_split(
        data.images,
        data.target,
        test_size=dataset["test_fraction"],
        random_state=dataset["split_seed"],
        stratify=data.target,
    )
    return test_x.astype(np.float32) / np.float32(16.0), test_y


def test_digits_float_accuracy_is_at_least_95_percent() -> None:
    accuracy = manifest("digits_pte")["accuracy"]
    assert accuracy["split"] == "test"
    assert accuracy["float"] >= 0.95


def test_digits_int8_reference_accuracy_is_recorded_and_close_to_float() -> None:
    accuracy = manifest("digits_pte")["accuracy"]
    assert 0.0 <= accuracy["int8_reference"] <= 1.0
    assert accuracy["int8_reference"] >= accuracy["float"] - 0.03


def test_eval_labels_are_the_held_out_split() -> None:
    _, test_y = _test_split()
    labels = np.fromfile(artifact("digits_pte.eval_labels.bin"), dtype=np.uint8)
    assert labels.tolist() == test_y.tolist()
    assert manifest("digits_pte")["accuracy"]["samples"] == len(test_y)


def test_eval_inputs_are_the_held_out_images_in_order() -> None:
    test_x, _ = _test_split()
    inputs = np.fromfile(artifact("digits_pte.eval_inputs.bin"), dtype="<f4")
    # One channel: NHWC and NCHW bytes coincide, so a plain reshape is the image.
    assert np.array_equal(inputs.reshape(-1, 8, 8), test_x)


def test_reference_input_is_the_first_held_out_image() -> None:
    test_x, test_y = _test_split()
    pixels = np.fromfile(artifact("digits_pte.input.bin"), dtype="<f4").reshape(8, 8)
    assert np.array_equal(pixels, test_x[0])
    assert manifest("digits_pte")["model"]["provenance"]["reference_input"]["label"] == test_y[0]
