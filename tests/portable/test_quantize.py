"""quantized_decomposed quantize_per_tensor / dequantize_per_tensor against torch's decomposed
reference (torch.ao.quantization.fx._decomposed): bit-exact, including exact .5 ties (round half
to even), clamping, every quantized dtype, and scales where (float)(1/scale) differs from
1/(float)scale."""

from __future__ import annotations

import random

import pytest
import torch
import torch.ao.quantization.fx._decomposed  # registers torch.ops.quantized_decomposed
from conftest import empty_out, in_order

RANGES = {torch.uint8: (0, 255), torch.int8: (-128, 127), torch.int16: (-32768, 32767),
          torch.int32: (-(2**31), 2**31 - 1)}


@pytest.mark.parametrize("dtype", sorted(RANGES, key=str))
def test_quantize_and_dequantize_equal_torch_bitwise(lib, dtype):
    rng = random.Random(str(dtype))
    g = torch.Generator().manual_seed(31)
    lo, hi = RANGES[dtype]
    for _ in range(40):
        scale = rng.choice([0.1, 1 / 255, 0.0078125, rng.uniform(1e-4, 2.0), 3.0])
        zero_point = rng.randint(max(lo, -200), min(hi, 200))
        shape = [rng.choice([1, 3, 8]) for _ in range(rng.randint(1, 4))]
        x = torch.randn(shape, generator=g) * rng.choice([0.5, 10, 300])
        # Exact ties: values whose product with 1/scale lands on k + 0.5.
        inverse = torch.tensor(1.0 / scale, dtype=torch.float32)
        ties = (torch.arange(-4, 4, dtype=torch.float32) + 0.5) / inverse
        x.view(-1)[: min(8, x.numel())] = ties[: min(8, x.numel())]
        expected = torch.ops.quantized_decomposed.quantize_per_tensor(x, scale, zero_point, lo, hi,
                                                                       dtype)
        out = empty_out(shape, dtype, list(reversed(range(len(shape)))))
        result = lib.call("quantize_per_tensor", in_order(x, list(range(len(shape)))), scale,
                          zero_point, lo, hi, dtype, out)
        assert result.ok, result.detail
        assert torch.equal(out, expected)
        back = torch.ops.quantized_decomposed.dequantize_per_tensor(expected, scale, zero_point, lo,
                                                                    hi, dtype)
        out_float = empty_out(shape)
        result = lib.call("dequantize_per_tensor", expected, scale, zero_point, lo, hi, dtype, None,
                          out_float)
        assert result.ok, result.detail
        assert torch.equal(out_float.view(torch.int32), back.view(torch.int32))


def test_quantize_clamps_to_quant_range(lib):
    x = torch.tensor([-1e9, -3.0, 0.0, 3.0, 1e9, float("inf"), float("-inf")])
    out = empty_out([7], torch.int8)
    assert lib.call("quantize_per_tensor", x, 0.05, 3, -100, 100, torch.int8, out).ok
    expected = torch.ops.quantized_decomposed.quantize_per_tensor(x, 0.05, 3, -100, 100, torch.int8)
    assert torch.equal(out, expected)


def test_quantize_errors_are_one_line(lib):
    x = torch.zeros(3)
    result = lib.call("quantize_per_tensor", x, 0.1, 0, -128, 127, torch.int8,
                      empty_out([3], torch.uint8))
    assert result.status_name == "CMOPS_ERR_DTYPE"
    assert result.detail == (
        "quantized_decomposed::quantize_per_tensor: out: a tensor has a dtype the kernel does not take")
    result = lib.call("quantize_per_tensor", x, 0.0, 0, -128, 127, torch.int8,
                      empty_out([3], torch.int8))
    assert result.detail == (
        "quantized_decomposed::quantize_per_tensor: scale: a scalar parameter is out of the supported range")
    result = lib.call("dequantize_per_tensor", torch.zeros(3, dtype=torch.int8), 0.1, 0, -128, 127,
                      torch.int8, torch.int64, empty_out([3]))
    assert result.detail == (
        "quantized_decomposed::dequantize_per_tensor: out_dtype: a tensor has a dtype the kernel does not take")
