"""cortex_m::quantize_per_tensor, cortex_m::dequantize_per_tensor and cortex_m::softmax: the
operators defined by float32 arithmetic in the reference."""

from __future__ import annotations

import kernel_cases as kc
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from strategies import kernel_settings, seeds

QUANT_DTYPES = [torch.int8, torch.uint8, torch.int16]


@pytest.mark.parametrize("dtype", QUANT_DTYPES, ids=["int8", "uint8", "int16"])
@pytest.mark.parametrize("hard_scale", [False, True], ids=["any-scale", "reciprocal-sensitive-scale"])
def test_quantize_fixed_seeds(library, grade, dtype, hard_scale):
    for seed in range(25):
        grade(library, kc.quantize_case(seed, rank=1 + seed % 4, dtype=dtype, hard_scale=hard_scale))


@kernel_settings(100)
@given(seed=seeds, rank=st.integers(0, 5), dtype=st.sampled_from(QUANT_DTYPES), hard_scale=st.booleans())
def test_quantize_properties(library, grade, seed, rank, dtype, hard_scale):
    grade(library, kc.quantize_case(seed, rank=rank, dtype=dtype, hard_scale=hard_scale))


@pytest.mark.parametrize("dtype", QUANT_DTYPES, ids=["int8", "uint8", "int16"])
def test_dequantize_fixed_seeds(library, grade, dtype):
    for seed in range(30):
        grade(library, kc.dequantize_case(seed, rank=1 + seed % 4, dtype=dtype))


@kernel_settings(60)
@given(seed=seeds, rank=st.integers(0, 5), dtype=st.sampled_from(QUANT_DTYPES))
def test_dequantize_properties(library, grade, seed, rank, dtype):
    grade(library, kc.dequantize_case(seed, rank=rank, dtype=dtype))


SOFTMAX_SHAPES = [
    {"shape": (16,), "dim": -1},
    {"shape": (4, 8), "dim": -1},
    {"shape": (2, 3, 4), "dim": 2},
    {"shape": (8, 1024), "dim": -1},
    {"shape": (1, 10), "dim": 1},
    {"shape": (2, 6, 3, 3), "dim": 1, "channels_last": True},  # channels innermost in memory
]


@pytest.mark.parametrize("shape", range(len(SOFTMAX_SHAPES)))
def test_softmax_fixed_seeds(library, grade, shape):
    for seed in range(12):
        grade(library, kc.softmax_case(seed, **SOFTMAX_SHAPES[shape]))


@kernel_settings(100)
@given(seed=seeds, shape=st.lists(st.integers(1, 40), min_size=1, max_size=3).map(tuple))
def test_softmax_properties(library, grade, seed, shape):
    grade(library, kc.softmax_case(seed, shape=shape, dim=-1))


@pytest.mark.parametrize("scale", [0.0, -0.5, float("nan"), float("inf"), float("-inf")],
                         ids=["zero", "negative", "nan", "inf", "minus-inf"])
@pytest.mark.parametrize("make_case", [kc.quantize_case, kc.dequantize_case],
                         ids=["quantize", "dequantize"])
def test_scale_that_is_not_positive_and_finite_is_refused(library, make_case, scale):
    case = make_case(40)
    args = kc.clone_args(case.args)
    args[1] = scale
    result = library.call(case.op, args)
    assert result.status_name == "CMOPS_ERR_PARAM", (result.status_name, result.detail)
    assert result.argument == "scale", result.detail
