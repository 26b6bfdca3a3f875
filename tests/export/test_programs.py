"""The built programs: identifier, operators, interface, target-specific operand forms."""

from __future__ import annotations

import pytest
from pte_inspect import CHAR, FLOAT, Pte, artifact

M55_PROGRAMS = ["mv2_pte", "mv3s_pte", "dscnn_pte", "digits_pte"]
ALL_PROGRAMS = [*M55_PROGRAMS, "dscnn_m4_pte"]

# What MobileNetV2 lowers to (docs/export.md), and nothing else.
MV2_HISTOGRAM = {
    "cortex_m::quantized_conv2d.out": 35,
    "cortex_m::quantized_depthwise_conv2d.out": 17,
    "cortex_m::quantized_add.out": 10,
    "cortex_m::quantized_avg_pool2d.out": 1,
    "cortex_m::quantized_linear.out": 1,
    "cortex_m::quantize_per_tensor.out": 1,
    "cortex_m::dequantize_per_tensor.out": 1,
}


def _load(target: str) -> Pte:
    return Pte.load(artifact(f"{target}.pte"))


@pytest.mark.parametrize("target", ALL_PROGRAMS)
def test_program_has_et12_identifier_and_extended_header(target: str) -> None:
    pte = _load(target)
    assert pte.identifier == b"ET12"
    header = pte.header()
    assert header.magic == b"eh00"
    assert header.program_size < header.segment_base_offset <= len(pte.raw)
    assert header.segment_base_offset + header.segment_data_size == len(pte.raw)


def test_mv2_lowers_to_exactly_the_expected_cortex_m_kernels() -> None:
    assert _load("mv2_pte").histogram() == MV2_HISTOGRAM


@pytest.mark.parametrize("target", ALL_PROGRAMS)
def test_program_runs_only_cortex_m_kernels(target: str) -> None:
    ops = _load(target).histogram()
    assert ops, "the program has no kernel calls"
    assert [op for op in ops if not op.startswith("cortex_m::")] == []


@pytest.mark.parametrize("target", ALL_PROGRAMS)
def test_program_takes_float_quantizes_first_and_dequantizes_last(target: str) -> None:
    pte = _load(target)
    kernels = pte.kernels()
    (input_index,) = pte.plan.inputs
    (output_index,) = pte.plan.outputs
    assert pte.tensor(input_index).scalarType == FLOAT
    assert pte.tensor(output_index).scalarType == FLOAT
    first, last = kernels[0], kernels[-1]
    assert first.op == "cortex_m::quantize_per_tensor.out"
    assert first.args[0] == input_index
    assert pte.scalar(first.args[5]) == CHAR  # quantizes to int8
    assert last.op == "cortex_m::dequantize_per_tensor.out"
    assert last.args[-1] == output_index


def test_mv2_input_is_nhwc_1x3x224x224_and_output_1x1000() -> None:
    pte = _load("mv2_pte")
    (input_index,) = pte.plan.inputs
    (output_index,) = pte.plan.outputs
    x = pte.tensor(input_index)
    assert list(x.sizes) == [1, 3, 224, 224]
    assert list(x.dimOrder) == [0, 2, 3, 1]
    assert list(pte.tensor(output_index).sizes) == [1, 1000]


def _linear_operands(target: str) -> list[tuple[bool, bool]]:
    """(bias present, kernel_sum present) of every quantized_linear call."""
    pte = _load(target)
    return [
        (not pte.is_null(k.args[2]), not pte.is_null(k.args[3]))
        for k in pte.kernels()
        if k.op == "cortex_m::quantized_linear.out"
    ]


@pytest.mark.parametrize("target", M55_PROGRAMS)
def test_m55_linear_carries_kernel_sum_and_no_bias(target: str) -> None:
    forms = _linear_operands(target)
    assert forms and all(form == (False, True) for form in forms)


def test_dsp_target_linear_carries_bias_and_no_kernel_sum() -> None:
    forms = _linear_operands("dscnn_m4_pte")
    assert forms and all(form == (True, False) for form in forms)


def test_dsp_and_mve_programs_differ_only_where_the_target_matters() -> None:
    # Same model, same data: identical interface and conv/pool structure, different linear form.
    m55, m4 = _load("dscnn_pte"), _load("dscnn_m4_pte")
    assert m55.histogram() == m4.histogram()
    assert m55.raw != m4.raw
