"""cortex_m:: convolutions (plain, depthwise, transposed; legacy and _nhwc forms) against the
reference, and against the integer model where the reference cannot run (dilation)."""

from __future__ import annotations

import kernel_cases as kc
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import kernel_settings, pairs, seeds, window_geometry

# Shapes MobileNetV2 and small CNNs use, each over several seeds.
CONV_SHAPES = [
    {"c_in": 3, "h": 9, "w": 9, "c_out": 8, "kh": 3, "kw": 3, "stride": (2, 2), "padding": (1, 1)},  # stem
    {"c_in": 16, "h": 7, "w": 7, "c_out": 24, "kh": 1, "kw": 1},  # pointwise expand
    {"c_in": 24, "h": 5, "w": 5, "c_out": 8, "kh": 1, "kw": 1, "stride": (2, 2)},  # strided pointwise
    {"c_in": 5, "h": 6, "w": 7, "c_out": 3, "kh": 3, "kw": 2, "stride": (1, 2), "padding": (2, 0)},
    {"c_in": 6, "h": 5, "w": 5, "c_out": 4, "kh": 3, "kw": 3, "groups": 2, "padding": (1, 1)},
    {"c_in": 6, "h": 5, "w": 5, "c_out": 9, "kh": 2, "kw": 2, "groups": 3, "bias": False},
    {"n": 2, "c_in": 4, "h": 4, "w": 6, "c_out": 5, "kh": 3, "kw": 3, "padding": (1, 1)},
    {"c_in": 4, "h": 8, "w": 8, "c_out": 4, "kh": 3, "kw": 3, "dilation": (2, 2), "padding": (2, 2)},
    {"c_in": 3, "h": 9, "w": 6, "c_out": 2, "kh": 2, "kw": 3, "dilation": (3, 1), "stride": (2, 1)},
    {"c_in": 1, "h": 1, "w": 1, "c_out": 1, "kh": 1, "kw": 1},
    # Receptive field above the kernel's 1024-byte gather buffer: the tap-by-tap path.
    {"c_in": 130, "h": 4, "w": 4, "c_out": 3, "kh": 3, "kw": 3, "padding": (1, 1)},
]


@pytest.mark.parametrize("nhwc", [False, True], ids=["legacy", "nhwc"])
@pytest.mark.parametrize("shape", range(len(CONV_SHAPES)))
@pytest.mark.parametrize("extreme", [False, True], ids=["realistic", "extreme"])
def test_conv2d_fixed_seeds_match_reference(library, grade, shape, nhwc, extreme):
    for seed in range(6):
        grade(library, kc.conv2d_case(seed, nhwc=nhwc, extreme=extreme, **CONV_SHAPES[shape]))


@kernel_settings(220)
@given(geometry=window_geometry(), seed=seeds, n=st.integers(1, 2), group_in=st.integers(1, 5),
       groups=st.integers(1, 3), group_out=st.integers(1, 3), bias=st.booleans(), nhwc=st.booleans(),
       extreme=st.sampled_from([False] * 5 + [True]))
def test_conv2d_properties(library, grade, geometry, seed, n, group_in, groups, group_out, bias, nhwc, extreme):
    kernel, stride, padding, dilation, (h, w) = geometry
    grade(library, kc.conv2d_case(
        seed, n=n, c_in=group_in * groups, h=h, w=w, c_out=group_out * groups, kh=kernel[0], kw=kernel[1],
        stride=stride, padding=padding, dilation=dilation, groups=groups, bias=bias, nhwc=nhwc, extreme=extreme))


DEPTHWISE_SHAPES = [
    {"c_in": 8, "h": 7, "w": 7, "mult": 1, "kh": 3, "kw": 3, "padding": (1, 1)},  # MobileNetV2 block
    {"c_in": 8, "h": 8, "w": 8, "mult": 1, "kh": 3, "kw": 3, "stride": (2, 2), "padding": (1, 1)},
    {"c_in": 3, "h": 5, "w": 6, "mult": 2, "kh": 3, "kw": 3},
    {"c_in": 1, "h": 6, "w": 6, "mult": 4, "kh": 2, "kw": 3, "padding": (1, 0)},
    {"c_in": 5, "h": 9, "w": 9, "mult": 1, "kh": 3, "kw": 3, "dilation": (2, 2), "padding": (2, 2)},
    {"c_in": 4, "h": 5, "w": 5, "mult": 3, "kh": 5, "kw": 5, "padding": (2, 2), "bias": False},
    {"n": 2, "c_in": 3, "h": 4, "w": 4, "mult": 1, "kh": 3, "kw": 3, "padding": (1, 1)},
    # More output channels than the kernel accumulates at once (64), with and without multiplier.
    {"c_in": 70, "h": 4, "w": 4, "mult": 1, "kh": 3, "kw": 3, "padding": (1, 1)},
    {"c_in": 33, "h": 3, "w": 3, "mult": 3, "kh": 2, "kw": 2},
]


@pytest.mark.parametrize("nhwc", [False, True], ids=["legacy", "nhwc"])
@pytest.mark.parametrize("shape", range(len(DEPTHWISE_SHAPES)))
@pytest.mark.parametrize("extreme", [False, True], ids=["realistic", "extreme"])
def test_depthwise_fixed_seeds_match_reference(library, grade, shape, nhwc, extreme):
    for seed in range(6):
        grade(library, kc.depthwise_case(seed, nhwc=nhwc, extreme=extreme, **DEPTHWISE_SHAPES[shape]))


@kernel_settings(180)
@given(geometry=window_geometry(), seed=seeds, n=st.integers(1, 2), c_in=st.integers(1, 6),
       mult=st.integers(1, 3), bias=st.booleans(), nhwc=st.booleans(),
       extreme=st.sampled_from([False] * 5 + [True]))
def test_depthwise_properties(library, grade, geometry, seed, n, c_in, mult, bias, nhwc, extreme):
    kernel, stride, padding, dilation, (h, w) = geometry
    grade(library, kc.depthwise_case(
        seed, n=n, c_in=c_in, h=h, w=w, mult=mult, kh=kernel[0], kw=kernel[1], stride=stride,
        padding=padding, dilation=dilation, bias=bias, nhwc=nhwc, extreme=extreme))


TRANSPOSE_CONV_SHAPES = [
    {"c_in": 4, "h": 4, "w": 4, "c_out": 3, "kh": 3, "kw": 3, "stride": (2, 2), "padding": (1, 1), "output_padding": (1, 1)},
    {"c_in": 3, "h": 3, "w": 5, "c_out": 2, "kh": 2, "kw": 2, "stride": (2, 2)},
    {"c_in": 2, "h": 5, "w": 4, "c_out": 4, "kh": 3, "kw": 2, "stride": (1, 2), "padding": (1, 0)},
    {"c_in": 3, "h": 4, "w": 4, "c_out": 3, "kh": 3, "kw": 3, "stride": (2, 1), "dilation": (2, 1), "output_padding": (1, 0)},
    {"n": 2, "c_in": 2, "h": 3, "w": 3, "c_out": 2, "kh": 4, "kw": 4, "stride": (3, 3), "padding": (1, 1), "bias": False},
]


@pytest.mark.parametrize("nhwc", [False, True], ids=["legacy", "nhwc"])
@pytest.mark.parametrize("shape", range(len(TRANSPOSE_CONV_SHAPES)))
@pytest.mark.parametrize("extreme", [False, True], ids=["realistic", "extreme"])
def test_transpose_conv_fixed_seeds_match_reference(library, grade, shape, nhwc, extreme):
    for seed in range(6):
        grade(library, kc.transpose_conv_case(seed, nhwc=nhwc, extreme=extreme, **TRANSPOSE_CONV_SHAPES[shape]))


@st.composite
def transpose_geometry(draw):
    kernel = draw(pairs(1, 4))
    stride = draw(pairs(1, 3))
    dilation = draw(st.one_of(st.just((1, 1)), pairs(1, 2)))
    size = draw(pairs(1, 5))
    # Output padding must stay below max(stride, dilation); padding must leave an output.
    output_padding = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    padding = tuple(
        draw(st.integers(0, max(0, min(2, ((i - 1) * s + d * (k - 1) + op) // 2))))
        for i, s, d, k, op in zip(size, stride, dilation, kernel, output_padding))
    return kernel, stride, padding, output_padding, dilation, size


@kernel_settings(150)
@given(geometry=transpose_geometry(), seed=seeds, n=st.integers(1, 2), c_in=st.integers(1, 5),
       c_out=st.integers(1, 5), bias=st.booleans(), nhwc=st.booleans(),
       extreme=st.sampled_from([False] * 5 + [True]))
def test_transpose_conv_properties(library, grade, geometry, seed, n, c_in, c_out, bias, nhwc, extreme):
    kernel, stride, padding, output_padding, dilation, (h, w) = geometry
    grade(library, kc.transpose_conv_case(
        seed, n=n, c_in=c_in, h=h, w=w, c_out=c_out, kh=kernel[0], kw=kernel[1], stride=stride, padding=padding,
        output_padding=output_padding, dilation=dilation, bias=bias, nhwc=nhwc, extreme=extreme))
