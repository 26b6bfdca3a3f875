"""sigmoid, tanh, sqrt and pow against torch on a dense sweep of float32 inputs.

Every float in the sweep ranges is visited at a fixed bit stride (about two million inputs per
function, normal and subnormal magnitudes, both signs), plus the special values. Each result is
measured in ulps against the correctly rounded result (float64 math rounded once) and against
torch's float32 result, and the test asserts the bounds docs/portable.md states: a flat ulp bound
against the correctly rounded result, and against torch that bound plus torch's own error at the
same input (torch's vectorised CPU functions are not correctly rounded either).
"""

from __future__ import annotations

import pytest
import torch
from conftest import empty_out, record, ulp_distance

SPECIALS = torch.tensor([0.0, -0.0, float("inf"), float("-inf"), float("nan"), 1e-45, -1e-45,
                         1.1754944e-38, 3.4028235e38, -3.4028235e38])


def sweep(lo: float, hi: float, count: int = 2_000_000) -> torch.Tensor:
    """About `count` floats in [lo, hi] at an even stride through their bit patterns (ulps) on
    each side of zero, plus the special values."""
    def bits(x: float) -> int:
        return torch.tensor([x], dtype=torch.float32).view(torch.int32).item()

    def half(a: float, b: float) -> torch.Tensor:  # the floats in [a, b], 0 <= a < b
        step = max(1, (bits(b) - bits(a)) // (count // 2))
        return torch.arange(bits(a), bits(b) + 1, step, dtype=torch.int32).view(torch.float32)

    parts = [SPECIALS]
    if hi > 0:
        parts.append(half(max(lo, 0.0), hi))
    if lo < 0:
        parts.append(-half(max(-hi, 0.0), -lo))
    x = torch.cat(parts)
    return x[((x >= lo) & (x <= hi)) | x.isnan() | x.isinf()]


def run(lib, name, x, *extra):
    out = empty_out(list(x.shape))
    result = lib.call(name, x, *extra, out)
    assert result.ok, result.detail
    return out


def measure(label, actual, torch_result, exact, bound):
    """Asserts `bound` ulps against the correctly rounded result and `bound` + torch's own error
    against torch; returns the largest distance from torch."""
    vs_torch = ulp_distance(actual, torch_result)
    vs_exact = ulp_distance(actual, exact.to(torch.float32))
    torch_vs_exact = ulp_distance(torch_result, exact.to(torch.float32))
    record(label, f"max {int(vs_exact.max())} ulp vs correctly rounded, {int(vs_torch.max())} ulp "
           f"vs torch (torch's own: {int(torch_vs_exact.max())}); {len(actual)} inputs, "
           f"{int((vs_torch > 0).sum())} differ from torch")
    assert int(vs_exact.max()) <= bound
    assert bool((vs_torch <= torch_vs_exact + bound).all())
    return int(vs_torch.max())


def test_sigmoid_within_2_ulp(lib):
    x = sweep(-104.0, 104.0)
    out = run(lib, "sigmoid", x)
    measure("sigmoid", out, torch.sigmoid(x), torch.sigmoid(x.double()), bound=2)
    # Where the result is normal (x >= -87), torch is within 1 ulp, so we are within 3 of it.
    normal = x >= -87.0
    assert int(ulp_distance(out[normal], torch.sigmoid(x)[normal]).max()) <= 3


def test_tanh_within_2_ulp(lib):
    x = sweep(-12.0, 12.0)
    out = run(lib, "tanh", x)
    assert measure("tanh", out, torch.tanh(x), torch.tanh(x.double()), bound=2) <= 3


def test_tanh_and_sigmoid_saturate_and_keep_signs(lib):
    x = torch.tensor([50.0, -50.0, 1e-30, -1e-30, -0.0, float("nan")])
    assert torch.equal(run(lib, "tanh", x)[:5], torch.tanh(x)[:5])
    assert run(lib, "tanh", x)[5].isnan()
    s = run(lib, "sigmoid", torch.tensor([200.0, -200.0, 0.0]))
    assert s.tolist() == [1.0, 0.0, 0.5]


def test_sqrt_is_correctly_rounded(lib):
    x = sweep(0.0, 3.4e38)
    out = run(lib, "sqrt", x)
    assert measure("sqrt", out, torch.sqrt(x), torch.sqrt(x.double()), bound=0) <= 1
    negative = run(lib, "sqrt", torch.tensor([-1.0, -0.0]))
    assert negative[0].isnan() and str(negative[1].item()) == "-0.0"


@pytest.mark.parametrize("exponent", [2, 3, -1, -2, 1, 0, 2.0])
def test_pow_with_the_exponents_torch_special_cases_is_bit_exact(lib, exponent):
    x = torch.cat([sweep(-1e6, 1e6, 200_000), SPECIALS])
    out = run(lib, "pow", x, exponent)
    expected = torch.pow(x, exponent)
    distance = ulp_distance(out, expected)
    assert int(distance.max()) == 0, f"{int((distance > 0).sum())} differ"


@pytest.mark.parametrize("exponent", [0.5, -0.5])
def test_pow_with_half_exponents_is_our_correctly_rounded_sqrt(lib, exponent):
    x = sweep(0.0, 1e30, 400_000)
    out = run(lib, "pow", x, exponent)
    # 1/sqrt rounds twice, so the bound is 1 ulp there.
    measure(f"pow x**{exponent}", out, torch.pow(x, exponent), torch.pow(x.double(), exponent),
            bound=0 if exponent > 0 else 1)


@pytest.mark.parametrize("exponent", [1.5, 0.25, -1.7, 7, 2.2])
def test_pow_with_other_exponents_within_1_ulp(lib, exponent):
    x = sweep(0.0, 1e4, 400_000)
    out = run(lib, "pow", x, exponent)
    expected = torch.pow(x, exponent)
    exact = torch.pow(x.double(), float(torch.tensor(exponent, dtype=torch.float32)))
    finite = expected.isfinite() & exact.isfinite()
    measure(f"pow x**{exponent}", out[finite], expected[finite], exact[finite], bound=1)


def test_pow_of_integers(lib):
    x = torch.arange(-20, 20, dtype=torch.int32)
    out = empty_out([40], torch.int32)
    assert lib.call("pow", x, 3, out).ok
    assert torch.equal(out, torch.pow(x, 3))
    result = lib.call("pow", x, 0.5, empty_out([40], torch.int32))
    assert result.status_name == "CMOPS_ERR_UNSUPPORTED"
    assert result.detail == "aten::pow: exponent: a valid combination this implementation does not provide"
