"""linear, addmm, bmm and convolution against torch, within docs/portable.md's bound.

Each output is a dot product of length K (K = in_features, or in_channels / groups * kernel
area); ours sums it in float in order, torch in blocks, maybe fused. The bound, with
eps = 2^-23 and M = sum_k |a_k b_k| + |bias| (+ |beta self| for addmm):
    |ours - torch| <= (K + 2) eps M
Cases: seeded random sizes; convolution 1-D and 2-D with stride, padding, dilation, groups
(depthwise too), transposed with groups and output_padding, channels-last tensors.
"""

from __future__ import annotations

import random

import torch
from conftest import empty_out, in_order, record

EPS = 2.0**-23


def within_bound(out, expected, magnitude, depth):
    bound = (depth + 2) * EPS * magnitude + 2.0**-126
    difference = (out.double() - expected.double()).abs()
    assert (difference <= bound).all(), f"max {float((difference / bound).max()):.3f} of the bound"
    return float((difference / bound).max()), float((difference / (magnitude + 2.0**-126)).max()) / EPS


def test_linear_within_bound(lib):
    rng = random.Random("linear")
    g = torch.Generator().manual_seed(21)
    worst = (0.0, 0.0)
    for _ in range(40):
        lead = [rng.choice([1, 2, 3]) for _ in range(rng.randint(0, 3))]
        k, n = rng.choice([1, 3, 16, 64, 257]), rng.choice([1, 5, 32])
        x = torch.randn(lead + [k], generator=g)
        w = torch.randn(n, k, generator=g)
        b = torch.randn(n, generator=g) if rng.random() < 0.7 else None
        if x.dim() == 4:
            x = in_order(x, [0, 2, 3, 1])
        expected = torch.nn.functional.linear(x, w, b)
        magnitude = torch.nn.functional.linear(x.double().abs(), w.double().abs(),
                                               None if b is None else b.double().abs())
        out = empty_out(list(expected.shape))
        result = lib.call("linear", x, w, b, out)
        assert result.ok, result.detail
        worst = max(worst, within_bound(out, expected, magnitude, k))
    record("linear", f"max {worst[0]:.3f} of the bound, {worst[1]:.2f} eps * sum|ab| (K up to 257)")


def test_addmm_and_bmm_within_bound(lib):
    rng = random.Random("addmm")
    g = torch.Generator().manual_seed(22)
    worst = (0.0, 0.0)
    for _ in range(30):
        m, k, n = rng.choice([1, 4, 9]), rng.choice([1, 8, 100]), rng.choice([1, 3, 16])
        a, b = torch.randn(m, k, generator=g), torch.randn(k, n, generator=g)
        self_shape = rng.choice([[m, n], [n], [1, n], [m, 1]])
        s = torch.randn(self_shape, generator=g)
        beta, alpha = rng.choice([(1, 1), (0.5, 2.0), (0, 1), (1, -1.5)])
        expected = torch.addmm(s, a, b, beta=beta, alpha=alpha)
        magnitude = abs(alpha) * (a.double().abs() @ b.double().abs()) + \
            abs(beta) * s.double().abs().expand(m, n)
        out = empty_out([m, n], order=rng.choice([[0, 1], [1, 0]]))
        result = lib.call("addmm", s, in_order(a, [1, 0]), b, beta, alpha, out)
        assert result.ok, result.detail
        worst = max(worst, within_bound(out, expected, magnitude, k))
        batch = rng.choice([1, 3])
        x, y = torch.randn(batch, m, k, generator=g), torch.randn(batch, k, n, generator=g)
        out = empty_out([batch, m, n])
        assert lib.call("bmm", x, in_order(y, [0, 2, 1]), out).ok
        worst = max(worst, within_bound(out, torch.bmm(x, y), x.double().abs() @ y.double().abs(), k))
    record("addmm, bmm", f"max {worst[0]:.3f} of the bound, {worst[1]:.2f} eps * sum|ab|")


def test_addmm_with_beta_zero_ignores_nan_in_self(lib):
    s = torch.full((2, 2), float("nan"))
    a, b = torch.eye(2), torch.ones(2, 2)
    out = empty_out([2, 2])
    assert lib.call("addmm", s, a, b, 0, 1, out).ok
    assert torch.equal(out, torch.addmm(s, a, b, beta=0))


def conv_cases(rng):
    for _ in range(60):
        spatial = rng.choice([1, 2])
        transposed = rng.random() < 0.4
        groups = rng.choice([1, 1, 2, 3])
        cin = groups * rng.choice([1, 2, 3])
        cout = groups * rng.choice([1, 2, 4])
        if rng.random() < 0.2:  # depthwise
            groups, cin, cout = 4, 4, 4 * rng.choice([1, 2])
        kernel = [rng.choice([1, 2, 3, 5]) for _ in range(spatial)]
        stride = [rng.choice([1, 2, 3]) for _ in range(spatial)]
        padding = [rng.choice([0, 1, 2]) for _ in range(spatial)]
        dilation = [rng.choice([1, 2, 3]) for _ in range(spatial)]
        size = [rng.choice([5, 8, 13]) for _ in range(spatial)]
        output_padding = [0] * spatial
        if transposed:
            output_padding = [rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dilation)]
        yield {"spatial": spatial, "transposed": transposed, "groups": groups, "cin": cin,
               "cout": cout, "kernel": kernel, "stride": stride, "padding": padding,
               "dilation": dilation, "size": size, "output_padding": output_padding,
               "batch": rng.choice([1, 2]), "bias": rng.random() < 0.7,
               "channels_last": spatial == 2 and rng.random() < 0.5}


def test_convolution_within_bound(lib):
    rng = random.Random("conv")
    g = torch.Generator().manual_seed(23)
    worst = (0.0, 0.0)
    count = 0
    for c in conv_cases(rng):
        x = torch.randn([c["batch"], c["cin"]] + c["size"], generator=g)
        if c["transposed"]:
            w = torch.randn([c["cin"], c["cout"] // c["groups"]] + c["kernel"], generator=g)
        else:
            w = torch.randn([c["cout"], c["cin"] // c["groups"]] + c["kernel"], generator=g)
        b = torch.randn(c["cout"], generator=g) if c["bias"] else None
        args = (c["stride"], c["padding"], c["dilation"], c["transposed"], c["output_padding"],
                c["groups"])
        try:
            expected = torch.ops.aten.convolution(x, w, b, *args)
        except RuntimeError:
            continue  # a geometry torch refuses (kernel larger than the padded input)
        magnitude = torch.ops.aten.convolution(x.double().abs(), w.double().abs(),
                                               None if b is None else b.double().abs(), *args)
        if c["channels_last"]:
            x, w = in_order(x, [0, 2, 3, 1]), in_order(w, [0, 2, 3, 1])
        order = [0, 2, 3, 1] if c["channels_last"] else None
        out = empty_out(list(expected.shape), order=order)
        result = lib.call("convolution", x, w, b, *args, out)
        assert result.ok, (result.detail, c)
        depth = (c["cin"] // c["groups"]) * int(torch.tensor(c["kernel"]).prod())
        worst = max(worst, within_bound(out, expected, magnitude, depth))
        count += 1
    assert count >= 40
    record("convolution", f"max {worst[0]:.3f} of the bound, {worst[1]:.2f} eps * sum|ab| "
           f"({count} cases)")


def test_convolution_errors_are_one_line(lib):
    x, w = torch.zeros(1, 4, 8, 8), torch.zeros(6, 3, 3, 3)
    result = lib.call("convolution", x, w, None, [1], [0], [1], False, [0], 1, empty_out([1, 6, 6, 6]))
    assert result.status_name == "CMOPS_ERR_SHAPE"
    assert result.detail == "aten::convolution: weight: tensor sizes disagree between arguments"
    w = torch.zeros(6, 4, 3, 3)
    result = lib.call("convolution", x, w, None, [1], [0], [1], False, [0], 1, empty_out([1, 6, 7, 7]))
    assert result.detail == "aten::convolution: out: tensor sizes disagree between arguments"
    result = lib.call("convolution", x, w, None, [0], [0], [1], False, [0], 1, empty_out([1, 6, 6, 6]))
    assert result.status_name == "CMOPS_ERR_PARAM"
    assert result.detail == "aten::convolution: stride: a scalar parameter is out of the supported range"
