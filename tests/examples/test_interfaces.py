"""The interfaces the examples exist for, read from their programs independently of the exporter
(generated FlatBuffer accessors, tests/export/pte_inspect.py) and checked against the manifests
and reference files the export wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pte_inspect import CHAR, FLOAT, Pte
from runfiles import runfiles

INT8_BYTES, FLOAT_BYTES = 1, 4


def _file(example: str, suffix: str) -> Path:
    location = runfiles.Create().Rlocation(f"m55ml/examples/{example}/{example}_pte{suffix}")
    assert location and Path(location).exists(), f"{example}{suffix} is not in the runfiles"
    return Path(location)


def _program(example: str) -> tuple[Pte, dict]:
    return Pte.load(_file(example, ".pte")), json.loads(_file(example, ".manifest.json").read_text())


def _io(pte: Pte, side: str) -> list[tuple[list[int], int]]:
    indices = pte.plan.inputs if side == "inputs" else pte.plan.outputs
    return [(list(pte.tensor(i).sizes), pte.tensor(i).scalarType) for i in indices]


def _nbytes(shape: list[int], scalar_type: int) -> int:
    count = 1
    for d in shape:
        count *= d
    return count * (INT8_BYTES if scalar_type == CHAR else FLOAT_BYTES)


EXPECTED = {
    # example: (inputs, outputs) as (shape, scalar type) read from the program itself
    "two_in_two_out": ([([1, 1, 12, 12], FLOAT), ([1, 16], FLOAT)], [([1, 5], FLOAT), ([1, 24], FLOAT)]),
    "int8_io": ([([1, 1, 16, 16], CHAR)], [([1, 4], CHAR)]),
    "batch2": ([([2, 1, 9, 9], FLOAT)], [([2, 3], FLOAT)]),
    "sequence": ([([1, 16, 8], FLOAT)], [([1, 16, 4], FLOAT)]),
    "autoencoder": ([([1, 64], FLOAT)], [([1, 64], FLOAT)]),
    "residual_cnn": ([([1, 3, 28, 28], FLOAT)], [([1, 10], FLOAT)]),
    "tconv_decoder": ([([1, 16, 4, 4], FLOAT)], [([1, 1, 16, 16], FLOAT)]),
    "speech_conv1d": ([([1, 10, 49], FLOAT)], [([1, 12], FLOAT)]),
    "softmax_channels": ([([1, 3, 12, 12], FLOAT)], [([1, 6, 12, 12], FLOAT)]),
    "dilated_block": ([([1, 3, 16, 16], FLOAT)], [([1, 4, 16, 16], FLOAT)]),
    "grouped_tconv_decoder": ([([1, 16, 4, 4], FLOAT)], [([1, 1, 16, 16], FLOAT)]),
}

# What the rewrites (docs/ops.md) make of each example: its kernel histogram read from the
# program, as the model definitions imply it. Every one lowers fully (no portable kernel).
REWRITTEN = {
    "speech_conv1d": {
        "cortex_m::quantize_per_tensor.out": 1,
        "dim_order_ops::_clone_dim_order.out": 1,  # (N, C, 1, W) to channels_last, once
        "cortex_m::quantized_conv2d.out": 3,  # three Conv1d, BatchNorm1d and ReLU folded in
        "cortex_m::quantized_avg_pool2d.out": 1,  # mean over time
        "cortex_m::quantized_linear.out": 1,
        "cortex_m::softmax.out": 1,  # log_softmax = log table after softmax
        "cortex_m::quantized_activation.out": 1,
        "cortex_m::dequantize_per_tensor.out": 1,
    },
    "softmax_channels": {
        "cortex_m::quantize_per_tensor.out": 2,
        "cortex_m::quantized_conv2d.out": 2,
        "cortex_m::dequantize_per_tensor.out": 2,
        "cortex_m::transpose.out": 2,  # channels to the last dim and back
        "cortex_m::softmax.out": 1,
    },
    "dilated_block": {
        "cortex_m::quantize_per_tensor.out": 1,
        "cortex_m::quantized_conv2d.out": 3,  # ReLU6 folded into each
        "cortex_m::quantized_depthwise_conv2d.out": 1,
        "cortex_m::dequantize_per_tensor.out": 1,
    },
    "grouped_tconv_decoder": {
        "cortex_m::quantize_per_tensor.out": 1,
        "cortex_m::quantized_transpose_conv2d.out": 2,  # grouped and depthwise, as dense
        "cortex_m::quantized_conv2d.out": 1,
        "cortex_m::dequantize_per_tensor.out": 1,
    },
}


@pytest.mark.parametrize("example", sorted(REWRITTEN))
def test_rewritten_examples_lower_fully(example: str) -> None:
    pte, doc = _program(example)
    assert pte.histogram() == REWRITTEN[example]
    ops = doc["ops"]
    assert ops["fully_lowered"] is True and ops["portable"] == []
    for op, kind in ops["kinds"].items():
        assert kind == ("cortex_m" if op.startswith("cortex_m::") else "runtime")
    assert sum(ops["calls_by_kind"].values()) == ops["kernel_calls"]


def test_manifest_counts_the_rewrites_each_example_needed() -> None:
    rewrites = {e: _program(e)[1]["ops"]["rewrites"] for e in REWRITTEN}
    assert rewrites["speech_conv1d"]["conv1d_as_conv2d"] == 3
    assert rewrites["speech_conv1d"]["log_softmax_as_log_of_softmax"] == 1
    assert rewrites["softmax_channels"]["softmax_over_last_dim"] == 1
    assert rewrites["dilated_block"]["relu6_as_hardtanh"] == 3
    assert rewrites["grouped_tconv_decoder"]["grouped_conv_transpose_as_dense"] == 2
    assert sum(_program("tconv_decoder")[1]["ops"]["rewrites"].values()) == 0


@pytest.mark.parametrize("example", sorted(EXPECTED))
def test_program_interface_is_what_the_model_declares(example: str) -> None:
    pte, doc = _program(example)
    inputs, outputs = EXPECTED[example]
    assert _io(pte, "inputs") == inputs
    assert _io(pte, "outputs") == outputs
    assert [t["shape"] for t in doc["inputs"]] == [s for s, _ in inputs]
    assert [t["shape"] for t in doc["outputs"]] == [s for s, _ in outputs]


@pytest.mark.parametrize("example", sorted(EXPECTED))
def test_reference_files_hold_every_input_and_output_back_to_back(example: str) -> None:
    inputs, outputs = EXPECTED[example]
    assert _file(example, ".input.bin").stat().st_size == sum(_nbytes(*t) for t in inputs)
    for suffix in (".reference_output.bin", ".device_reference_output.bin"):
        assert _file(example, suffix).stat().st_size == sum(_nbytes(*t) for t in outputs)


def test_int8_io_program_leaves_quantization_to_the_application() -> None:
    pte, doc = _program("int8_io")
    ops = pte.histogram()
    assert "cortex_m::quantize_per_tensor.out" not in ops
    assert "cortex_m::dequantize_per_tensor.out" not in ops
    for tensor in (*doc["inputs"], *doc["outputs"]):
        assert tensor["dtype"] == "int8"
        assert tensor["quantized_by"] == "application"
        q = tensor["quantization"]
        assert q["scale"] > 0 and q["quant_min"] == -128 and q["quant_max"] == 127
    assert doc["target"]["io"] == "int8"


def test_float_io_programs_quantize_every_input_in_the_program() -> None:
    pte, doc = _program("two_in_two_out")
    quantized = [k.args[0] for k in pte.kernels() if k.op == "cortex_m::quantize_per_tensor.out"]
    assert sorted(quantized) == sorted(pte.plan.inputs)
    assert [t["quantized_by"] for t in (*doc["inputs"], *doc["outputs"])] == ["program"] * 4


def test_transposed_convolutions_lower_to_cortex_m() -> None:
    pte, _ = _program("tconv_decoder")
    assert pte.histogram()["cortex_m::quantized_transpose_conv2d.out"] == 2
    assert all(op.startswith("cortex_m::") for op in pte.histogram())


@pytest.mark.parametrize(
    ("example", "kind", "file", "samples"),
    [
        ("residual_cnn", "file", "calibration.npz", 24),
        ("autoencoder", "file", "calibration.npy", 32),
        ("two_in_two_out", "file", "calibration.pt", 16),
    ],
)
def test_calibration_files_of_each_format_are_used(example, kind, file, samples) -> None:
    _, doc = _program(example)
    calibration = doc["model"]["provenance"]["calibration"]
    assert calibration == {"kind": kind, "file": file, "samples": samples}


def test_a_model_without_data_is_calibrated_on_labelled_synthetic_samples() -> None:
    _, doc = _program("sequence")
    calibration = doc["model"]["provenance"]["calibration"]
    assert calibration["kind"].startswith("synthetic")
    assert calibration["samples"] == 16 and calibration["seed"] == 2
