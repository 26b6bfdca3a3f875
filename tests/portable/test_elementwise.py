"""Elementwise portable kernels against torch: relu, abs, clamp, hardtanh, add, sub, mul, div.

The contract (docs/portable.md): one IEEE operation per element, so float32 results equal
torch's bit for bit (alpha != 1 excepted: torch may fuse alpha * other + self); integer dtypes
equal exactly. Cases: seeded random shapes, broadcasting, empty dims, 0-d, other dim orders,
NaN/inf/-0.
"""

from __future__ import annotations

import random

import pytest
import torch
from conftest import empty_out, in_order, record

SPECIALS = torch.tensor([0.0, -0.0, 1.0, -1.0, float("inf"), float("-inf"), float("nan"),
                         1e-45, -1e-45, 3.4e38, -3.4e38, 0.5, 6.0, -6.0])
INT_DTYPES = [torch.int8, torch.uint8, torch.int16, torch.int32, torch.int64]


def random_float(shape, generator):
    t = torch.randn(shape, generator=generator) * 4
    if t.numel():
        flat = t.view(-1)
        picks = torch.randint(0, len(SPECIALS), (min(flat.numel(), 8),), generator=generator)
        where = torch.randint(0, flat.numel(), (len(picks),), generator=generator)
        flat[where] = SPECIALS[picks]
    return t


def random_int(shape, dtype, generator):
    info = torch.iinfo(dtype)
    lo, hi = max(info.min, -1000), min(info.max, 1000)
    t = torch.randint(lo, hi + 1, shape, generator=generator, dtype=torch.int64).to(dtype)
    if t.numel() and dtype != torch.uint8:
        t.view(-1)[0] = info.min
    return t


def random_shape(rng: random.Random, rank=None):
    rank = rng.randint(0, 5) if rank is None else rank
    return [rng.choice([1, 2, 3, 5, 8]) for _ in range(rank)]


def random_order(rng: random.Random, rank):
    order = list(range(rank))
    rng.shuffle(order)
    return order


def assert_bitwise(actual, expected):
    assert actual.shape == expected.shape
    assert actual.dtype == expected.dtype
    if actual.dtype.is_floating_point:
        a = actual.contiguous().view(torch.int32)
        e = expected.contiguous().view(torch.int32)
        nan = actual.contiguous().isnan() & expected.contiguous().isnan()
        mismatch = (a != e) & ~nan
        assert not mismatch.any(), f"{int(mismatch.sum())} elements differ: " \
            f"{actual.contiguous()[mismatch][:5]} vs {expected.contiguous()[mismatch][:5]}"
    else:
        assert torch.equal(actual, expected)


UNARY = {
    "relu": torch.relu,
    "abs": torch.abs,
}


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("dtype", [torch.float32] + INT_DTYPES)
def test_unary_equals_torch_bitwise_in_any_layout(lib, name, dtype):
    rng = random.Random(f"{name}{dtype}")
    g = torch.Generator().manual_seed(rng.randint(0, 2**31))
    for _ in range(40):
        shape = random_shape(rng)
        x = random_float(shape, g) if dtype.is_floating_point else random_int(shape, dtype, g)
        x = in_order(x, random_order(rng, len(shape)))
        out = empty_out(shape, dtype, random_order(rng, len(shape)))
        result = lib.call(name, x, out)
        assert result.ok, result.detail
        assert_bitwise(out, UNARY[name](x))


def test_abs_of_negative_zero_is_positive_zero_and_nan_stays_nan(lib):
    x = torch.tensor([-0.0, float("nan"), float("-inf"), -1e-45])
    out = empty_out([4])
    assert lib.call("abs", x, out).ok
    assert_bitwise(out, torch.abs(x))


@pytest.mark.parametrize("dtype", [torch.float32] + INT_DTYPES)
def test_clamp_and_hardtanh_equal_torch(lib, dtype):
    rng = random.Random(f"clamp{dtype}")
    g = torch.Generator().manual_seed(7)
    bounds = [(-1, 1), (0, 6), (None, 3), (-2, None), (5, 2)]
    for lo, hi in bounds:
        shape = random_shape(rng, rank=3)
        x = random_float(shape, g) if dtype.is_floating_point else random_int(shape, dtype, g)
        if not dtype.is_floating_point and (lo or 0) < 0 and dtype == torch.uint8:
            continue
        out = empty_out(shape, dtype)
        assert lib.call("clamp", x, lo, hi, out).ok
        assert_bitwise(out, torch.clamp(x, lo, hi))
        if lo is not None and hi is not None and lo <= hi:
            out = empty_out(shape, dtype, [2, 0, 1])
            assert lib.call("hardtanh", x, lo, hi, out).ok
            assert_bitwise(out, torch.nn.functional.hardtanh(x, lo, hi))


def test_clamp_with_float_bounds_and_nan(lib):
    x = torch.tensor([float("nan"), -7.25, 0.3, 9.0, float("inf")])
    out = empty_out([5])
    assert lib.call("clamp", x, -0.5, 0.25, out).ok
    assert_bitwise(out, torch.clamp(x, -0.5, 0.25))


def test_clamp_without_bounds_is_refused_with_one_line(lib):
    x = torch.zeros(3)
    result = lib.call("clamp", x, None, None, empty_out([3]))
    assert result.status_name == "CMOPS_ERR_PARAM"
    assert result.detail == "aten::clamp: max: a scalar parameter is out of the supported range"


BINARY = {
    "add": lambda a, b, alpha: torch.add(a, b, alpha=alpha),
    "sub": lambda a, b, alpha: torch.sub(a, b, alpha=alpha),
    "mul": lambda a, b, alpha: torch.mul(a, b),
    "div": lambda a, b, alpha: torch.div(a, b),
}


def broadcast_pair(rng: random.Random):
    out_shape = random_shape(rng)
    def operand():
        rank = rng.randint(0, len(out_shape))
        tail = out_shape[len(out_shape) - rank:]
        return [s if rng.random() < 0.6 else 1 for s in tail]
    return operand(), operand()


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_float_equals_torch_bitwise_with_broadcasting(lib, name):
    rng = random.Random(name)
    g = torch.Generator().manual_seed(11)
    cases = 0
    for _ in range(150):
        sa, sb = broadcast_pair(rng)
        a = in_order(random_float(sa, g), random_order(rng, len(sa)))
        b = in_order(random_float(sb, g), random_order(rng, len(sb)))
        expected = BINARY[name](a, b, 1)
        out = empty_out(list(expected.shape), torch.float32, random_order(rng, expected.dim()))
        args = (a, b, 1, out) if name in ("add", "sub") else (a, b, out)
        result = lib.call(name, *args)
        assert result.ok, result.detail
        assert_bitwise(out, expected)
        cases += 1
    assert cases == 150


@pytest.mark.parametrize("name", ["add", "sub"])
def test_alpha_within_half_ulp_of_the_product(lib, name):
    # torch evaluates self + alpha * other with a fused multiply-add; we round the product
    # first. The difference is at most half an ulp of alpha * other plus one ulp of the result.
    g = torch.Generator().manual_seed(5)
    a = torch.randn(1000, generator=g)
    b = torch.randn(1000, generator=g)
    out = empty_out([1000])
    assert lib.call(name, a, b, 0.37, out).ok
    expected = BINARY[name](a, b, 0.37)
    product = (0.37 * b.double()).abs()
    bound = product * 2.0**-24 + expected.double().abs() * 2.0**-23 + 2.0**-149
    difference = (out.double() - expected.double()).abs()
    assert (difference <= bound).all()
    record(f"{name} alpha=0.37", f"{int((difference > 0).sum())}/1000 differ from torch's fused "
           f"result, max {float((difference / bound).max()):.2f} of the bound")
    exact = torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])
    out = empty_out([2])
    assert lib.call(name, *exact, 2, out).ok
    assert_bitwise(out, BINARY[name](*exact, 2))


@pytest.mark.parametrize("name", ["add", "sub", "mul"])
@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_binary_integer_equals_torch(lib, name, dtype):
    rng = random.Random(f"{name}{dtype}")
    g = torch.Generator().manual_seed(3)
    for _ in range(30):
        sa, sb = broadcast_pair(rng)
        a, b = random_int(sa, dtype, g), random_int(sb, dtype, g)
        alpha = rng.choice([1, 2, -3])
        expected = BINARY[name](a, b, alpha)
        out = empty_out(list(expected.shape), dtype)
        args = (a, b, alpha, out) if name in ("add", "sub") else (a, b, out)
        assert lib.call(name, *args).ok
        assert_bitwise(out, expected)


def test_mixed_int_and_float_operands_promote_to_float(lib):
    a = torch.arange(6, dtype=torch.int64).reshape(2, 3)
    b = torch.tensor([0.5, -1.25, 3.0])
    for name in ("add", "mul", "div"):
        expected = BINARY[name](a, b, 1)
        out = empty_out([2, 3])
        args = (a, b, 1, out) if name == "add" else (a, b, out)
        assert lib.call(name, *args).ok
        assert_bitwise(out, expected)


def test_division_by_zero_follows_ieee(lib):
    a = torch.tensor([1.0, -1.0, 0.0, float("nan")])
    b = torch.tensor([0.0, 0.0, 0.0, 0.0])
    out = empty_out([4])
    assert lib.call("div", a, b, out).ok
    assert_bitwise(out, a / b)


def test_empty_tensors_are_fine(lib):
    a = torch.zeros(0, 3)
    out = empty_out([0, 3])
    assert lib.call("add", a, torch.ones(3), 1, out).ok
    assert lib.call("relu", a, out).ok


def test_shapes_that_do_not_broadcast_are_refused_with_one_line(lib):
    result = lib.call("add", torch.zeros(2, 3), torch.zeros(4), 1, empty_out([2, 3]))
    assert result.status_name == "CMOPS_ERR_SHAPE"
    assert result.detail == "aten::add: other: tensor sizes disagree between arguments"
    result = lib.call("mul", torch.zeros(2, 3), torch.zeros(3), empty_out([3, 2]))
    assert result.detail == "aten::mul: out: tensor sizes disagree between arguments"


def test_integer_division_and_wrong_out_dtype_are_refused(lib):
    a = torch.ones(3, dtype=torch.int32)
    result = lib.call("div", a, a, empty_out([3], torch.int32))
    assert result.status_name == "CMOPS_ERR_DTYPE"
    assert result.detail == "aten::div: out: a tensor has a dtype the kernel does not take"
    result = lib.call("relu", torch.zeros(3), empty_out([3], torch.int32))
    assert result.detail == "aten::relu: out: a tensor has a dtype the kernel does not take"
