"""softmax, log_softmax, sum and mean against torch, within docs/portable.md's bounds.

With n the reduction length and eps = 2^-23 (one float32 ulp at 1):
  softmax      |ours - torch| <= (n + 4) eps |torch| + 2^-126
  log_softmax  |ours - torch| <= (n + 4) eps max(1, |torch|)
  sum, mean    |ours - torch| <= (log2(n) + 4) eps sum|x|     (ours is compensated: the error
               against the exact sum is <= 3 eps sum|x|, whatever n)
Cases: seeded random shapes and dims (negative too), other dim orders, keepdim, every dim
(None and []), long reductions, empty dims, -inf and large inputs.
"""

from __future__ import annotations

import math
import random

import pytest
import torch
from conftest import empty_out, in_order, record

EPS = 2.0**-23


def random_order(rng, rank):
    order = list(range(rank))
    rng.shuffle(order)
    return order


def softmax_cases(rng, g, count=60):
    for _ in range(count):
        rank = rng.randint(1, 4)
        shape = [rng.choice([1, 2, 3, 7, 16, 33]) for _ in range(rank)]
        dim = rng.randint(-rank, rank - 1)
        scale = rng.choice([0.1, 1.0, 10.0, 40.0])
        x = in_order(torch.randn(shape, generator=g) * scale, random_order(rng, rank))
        yield x, dim


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_family_within_bound_of_torch(lib, name):
    rng = random.Random(name)
    g = torch.Generator().manual_seed(1)
    torch_op = torch._softmax if name == "softmax" else torch._log_softmax
    worst = worst_relative = 0.0
    longest = 0
    for x, dim in list(softmax_cases(rng, g)) + [(torch.randn(4, 4096, generator=g) * 8, 1),
                                                  (torch.randn(1000, 2, generator=g), 0)]:
        expected = torch_op(x, dim, False)
        out = empty_out(list(x.shape), torch.float32, random_order(rng, x.dim()))
        result = lib.call(name, x, dim, False, out)
        assert result.ok, result.detail
        n = x.shape[dim]
        difference = (out.double() - expected.double()).abs()
        if name == "softmax":
            bound = (n + 4) * EPS * expected.double().abs() + 2.0**-126
        else:
            bound = (n + 4) * EPS * expected.double().abs().clamp(min=1.0)
        assert (difference <= bound).all(), f"shape {list(x.shape)} dim {dim}"
        worst = max(worst, float((difference / bound).max()))
        relative = difference / expected.double().abs().clamp(min=1e-30 if name == "softmax" else 1)
        worst_relative = max(worst_relative, float(relative.max()) / EPS)
        longest = max(longest, n)
    record(name, f"max {worst:.3f} of the bound; max {worst_relative:.1f} eps relative "
           f"(lengths up to {longest})")


def test_softmax_handles_minus_infinity_and_huge_logits(lib):
    x = torch.tensor([[0.0, float("-inf"), 1.0], [1e30, -1e30, 1e30], [-1e30, -1e30, -1e30]])
    for name, op in (("softmax", torch._softmax), ("log_softmax", torch._log_softmax)):
        out = empty_out([3, 3])
        assert lib.call(name, x, 1, False, out).ok
        expected = op(x, 1, False)
        assert torch.allclose(out, expected, rtol=1e-6, atol=0, equal_nan=True), (name, out)


def test_softmax_errors_are_one_line(lib):
    x = torch.zeros(2, 3)
    result = lib.call("softmax", x, 2, False, empty_out([2, 3]))
    assert result.status_name == "CMOPS_ERR_PARAM"
    assert result.detail == "aten::_softmax: dim: a scalar parameter is out of the supported range"
    result = lib.call("log_softmax", x, 1, True, empty_out([2, 3]))
    assert result.detail == (
        "aten::_log_softmax: half_to_float: a valid combination this implementation does not provide")
    result = lib.call("softmax", x.int(), 1, False, empty_out([2, 3], torch.int32))
    assert result.detail == "aten::_softmax: self: a tensor has a dtype the kernel does not take"


def reduction_cases(rng, g, count=80):
    for _ in range(count):
        rank = rng.randint(0, 4)
        shape = [rng.choice([1, 2, 3, 5, 17, 64]) for _ in range(rank)]
        choice = rng.random()
        if choice < 0.15:
            dims = None
        elif choice < 0.25:
            dims = []
        else:
            k = rng.randint(1, max(rank, 1))
            dims = rng.sample(range(rank), min(k, rank)) if rank else [0]
            dims = [d - rank if rng.random() < 0.3 and rank else d for d in dims]
        keepdim = rng.random() < 0.5
        x = in_order(torch.randn(shape, generator=g) * rng.choice([1.0, 1000.0]),
                     random_order(rng, rank))
        yield x, dims, keepdim


@pytest.mark.parametrize("name", ["sum", "mean"])
def test_sum_and_mean_within_bound_of_torch_and_compensated(lib, name):
    rng = random.Random(name)
    g = torch.Generator().manual_seed(2)
    worst_torch = worst_exact = 0.0
    cases = list(reduction_cases(rng, g)) + [(torch.randn(3, 100_000, generator=g), [1], False),
                                              (torch.rand(50_000, generator=g) + 1e3, None, True)]
    for x, dims, keepdim in cases:
        all_dims = dims is None or dims == []
        torch_dims = list(range(x.dim())) if all_dims else dims
        op = torch.sum if name == "sum" else torch.mean
        expected = op(x, torch_dims, keepdim=keepdim) if x.dim() else op(x)
        exact = op(x.double(), torch_dims, keepdim=keepdim) if x.dim() else op(x.double())
        out = empty_out(list(expected.shape), torch.float32, random_order(rng, expected.dim()))
        result = lib.call(name, x, dims, keepdim, None, out)
        assert result.ok, result.detail
        n = max(1, x.numel() // max(1, expected.numel()))
        magnitude = (torch.sum(x.double().abs(), torch_dims, keepdim=keepdim) if x.dim()
                     else x.double().abs())
        if name == "mean":
            magnitude = magnitude / n
        scale = magnitude + 2.0**-126
        bound_torch = (math.log2(n) + 4) * EPS * scale
        bound_exact = 3 * 2.0**-24 * scale + EPS * exact.abs()
        d_torch = (out.double() - expected.double()).abs()
        d_exact = (out.double() - exact).abs()
        assert (d_torch <= bound_torch).all(), f"shape {list(x.shape)} dims {dims}"
        assert (d_exact <= bound_exact).all(), f"shape {list(x.shape)} dims {dims}"
        worst_torch = max(worst_torch, float((d_torch / bound_torch).max()))
        worst_exact = max(worst_exact, float((d_exact / scale).max()) / EPS)
    record(name, f"vs torch max {worst_torch:.3f} of the bound; vs exact max {worst_exact:.2f} "
           f"eps * sum|x| (lengths up to 100000)")


def test_integer_sum_is_exact_in_int64(lib):
    x = torch.randint(-100, 100, (4, 5, 6), dtype=torch.int32)
    out = empty_out([4, 6], torch.int64)
    assert lib.call("sum", x, [1], False, torch.int64, out).ok
    assert torch.equal(out, torch.sum(x, 1))


def test_empty_reduction_gives_zero_sum_and_nan_mean(lib):
    x = torch.zeros(3, 0)
    out = empty_out([3])
    assert lib.call("sum", x, [1], False, None, out).ok
    assert out.tolist() == [0.0, 0.0, 0.0]
    assert lib.call("mean", x, [1], False, None, out).ok
    assert out.isnan().all()


def test_sum_keeps_infinities_and_nan(lib):
    x = torch.tensor([[1.0, float("inf"), 2.0], [float("inf"), float("-inf"), 0.0],
                      [float("nan"), 1.0, 1.0]])
    out = empty_out([3])
    assert lib.call("sum", x, [1], False, None, out).ok
    assert torch.equal(out.isnan(), torch.sum(x, 1).isnan())
    assert out[0].item() == float("inf")


def test_reduction_errors_are_one_line(lib):
    x = torch.zeros(2, 3)
    result = lib.call("mean", x, [0, -2], False, None, empty_out([3]))
    assert result.status_name == "CMOPS_ERR_PARAM"
    assert result.detail == "aten::mean: dim: a scalar parameter is out of the supported range"
    result = lib.call("sum", x, [1], True, None, empty_out([2]))
    assert result.status_name == "CMOPS_ERR_SHAPE"
    assert result.detail == "aten::sum: out: tensor sizes disagree between arguments"
