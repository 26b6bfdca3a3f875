"""Calibration and reference-input files in the formats a PyTorch user has (.npz/.npy/.pt),
and the seeded defaults when there are none."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from m55ml.errors import DataFileError, InputShapeError, ModelSourceError
from m55ml.export import datafiles, sources
from torch import nn

NAMES = ["image", "features"]
SHAPES = [(1, 1, 4, 4), (1, 6)]


def _samples(count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return (
        rng.standard_normal((count, *SHAPES[0])).astype(np.float32),
        rng.standard_normal((count, *SHAPES[1])).astype(np.float32),
    )


@pytest.mark.parametrize("keys", [NAMES, ["input0", "input1"]])
def test_npz_arrays_by_forward_name_or_index(tmp_path: Path, keys: list[str]) -> None:
    image, features = _samples(3)
    np.savez(tmp_path / "c.npz", **{keys[1]: features, keys[0]: image})  # order does not matter
    loaded = datafiles.load_calibration(tmp_path / "c.npz", NAMES, SHAPES)
    assert len(loaded) == 3
    assert torch.equal(loaded[2][0], torch.from_numpy(image[2]))
    assert torch.equal(loaded[1][1], torch.from_numpy(features[1]))


def test_npz_positional_arrays_keep_their_order(tmp_path: Path) -> None:
    image, features = _samples(2)
    np.savez(tmp_path / "c.npz", image, features)  # arr_0, arr_1
    loaded = datafiles.load_calibration(tmp_path / "c.npz", NAMES, SHAPES)
    assert torch.equal(loaded[0][0], torch.from_numpy(image[0]))


def test_pt_tuple_and_dict(tmp_path: Path) -> None:
    image, features = (torch.from_numpy(a) for a in _samples(2))
    torch.save((image, features), tmp_path / "t.pt")
    torch.save({"features": features, "image": image}, tmp_path / "d.pt")
    for name in ("t.pt", "d.pt"):
        loaded = datafiles.load_calibration(tmp_path / name, NAMES, SHAPES)
        assert torch.equal(loaded[1][1], features[1])


def test_npy_reference_input_for_a_single_input_model(tmp_path: Path) -> None:
    x = np.arange(6, dtype=np.float64).reshape(1, 6)  # float64 is converted, not refused
    np.save(tmp_path / "r.npy", x)
    (loaded,) = datafiles.load_reference_input(tmp_path / "r.npy", ["x"], [(1, 6)])
    assert loaded.dtype == torch.float32 and loaded.tolist() == [[0, 1, 2, 3, 4, 5]]


def test_a_sample_of_the_wrong_shape_names_file_input_and_shapes(tmp_path: Path) -> None:
    image, features = _samples(2)
    np.savez(tmp_path / "c.npz", image=image, features=features[:, :, :5])
    with pytest.raises(DataFileError) as err:
        datafiles.load_calibration(tmp_path / "c.npz", NAMES, SHAPES)
    assert "c.npz: calibration input 1 (features) is 2x1x5, expected S x 1x6" in err.value.what


def test_missing_and_extra_arrays_are_named(tmp_path: Path) -> None:
    image, _ = _samples(2)
    np.savez(tmp_path / "c.npz", image=image, labels=image)
    with pytest.raises(DataFileError) as err:
        datafiles.load_calibration(tmp_path / "c.npz", NAMES, SHAPES)
    assert "the model's inputs are image, features" in err.value.what
    np.save(tmp_path / "one.npy", image)
    with pytest.raises(DataFileError, match="holds 1 array"):
        datafiles.load_calibration(tmp_path / "one.npy", NAMES, SHAPES)


def test_integer_samples_are_refused(tmp_path: Path) -> None:
    np.save(tmp_path / "q.npy", np.zeros((2, 1, 6), dtype=np.int8))
    with pytest.raises(DataFileError, match="not a floating-point array"):
        datafiles.load_calibration(tmp_path / "q.npy", ["x"], [(1, 6)])


def test_unreadable_file_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    with pytest.raises(DataFileError, match="cannot read bad.npz"):
        datafiles.load_calibration(tmp_path / "bad.npz", ["x"], [(1, 6)])


def test_entry_results_normalize_to_a_model_with_example_inputs() -> None:
    module = nn.Linear(6, 2)
    bare = sources.normalize(module, [(1, 6)], seed=4)
    assert bare.example_inputs[0].shape == (1, 6)
    # Seeded: the same synthetic example every time.
    assert torch.equal(bare.example_inputs[0], sources.normalize(module, [(1, 6)], 4).example_inputs[0])
    pair = sources.normalize((module, torch.ones(1, 6)), None, seed=4)
    assert pair.example_inputs == (pair.example_inputs[0],)
    with pytest.raises(InputShapeError, match="the request asks for 2x6"):
        sources.normalize((module, torch.ones(1, 6)), [(2, 6)], seed=4)
    with pytest.raises(ModelSourceError, match="returned a dict"):
        sources.normalize({"model": module}, None, seed=4)
