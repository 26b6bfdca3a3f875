"""cortex_m:: pooling (average and max; legacy and _nhwc forms).

Average pooling is graded against an independent integer model of CMSIS-NN's semantics (integer
mean of the raw int8 window, rounded half away from zero) at every element, and must also equal
the reference at every element that is not an exact .5 tie: the one documented divergence.
"""

from __future__ import annotations

import kernel_cases as kc
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import kernel_settings, pairs, seeds

AVG_SHAPES = [
    {"c": 8, "h": 7, "w": 7, "kernel": (7, 7), "stride": (7, 7)},  # MobileNetV2's global average pool
    {"c": 3, "h": 6, "w": 6, "kernel": (2, 2), "stride": (2, 2)},
    {"c": 4, "h": 5, "w": 7, "kernel": (3, 3), "stride": (2, 2), "padding": (1, 1)},
    {"c": 2, "h": 7, "w": 5, "kernel": (3, 2), "stride": (2, 2), "ceil_mode": True},
    {"c": 5, "h": 4, "w": 4, "kernel": (2, 2), "stride": (1, 1), "padding": (1, 1)},
    {"n": 2, "c": 3, "h": 6, "w": 5, "kernel": (4, 2), "stride": (1, 3), "padding": (2, 1)},
]


@pytest.mark.parametrize("nhwc", [False, True], ids=["legacy", "nhwc"])
@pytest.mark.parametrize("shape", range(len(AVG_SHAPES)))
@pytest.mark.parametrize("narrow", [False, True], ids=["full-range", "tie-heavy"])
def test_avg_pool_fixed_seeds(library, grade, shape, nhwc, narrow):
    for seed in range(6):
        grade(library, kc.avg_pool_case(seed, nhwc=nhwc, narrow=narrow, **AVG_SHAPES[shape]))


@st.composite
def pool_geometry(draw, allow_ceil=True):
    kernel = draw(pairs(1, 4))
    stride = draw(pairs(1, 3))
    # PyTorch pools need padding <= kernel / 2.
    padding = tuple(draw(st.integers(0, k // 2)) for k in kernel)
    size = tuple(draw(st.integers(max(1, k - 2 * p), max(1, k - 2 * p) + 6)) for k, p in zip(kernel, padding))
    ceil_mode = draw(st.booleans()) if allow_ceil else False
    return kernel, stride, padding, size, ceil_mode


@kernel_settings(200)
@given(geometry=pool_geometry(), seed=seeds, n=st.integers(1, 2), c=st.integers(1, 6), nhwc=st.booleans(),
       narrow=st.booleans())
def test_avg_pool_properties(library, grade, geometry, seed, n, c, nhwc, narrow):
    kernel, stride, padding, (h, w), ceil_mode = geometry
    grade(library, kc.avg_pool_case(seed, n=n, c=c, h=h, w=w, kernel=kernel, stride=stride, padding=padding,
                                     ceil_mode=ceil_mode, nhwc=nhwc, narrow=narrow))


MAX_SHAPES = [
    {"c": 3, "h": 6, "w": 6, "kernel": (2, 2), "stride": (2, 2)},
    {"c": 4, "h": 7, "w": 7, "kernel": (3, 3), "stride": (2, 2), "padding": (1, 1)},
    {"c": 1, "h": 12, "w": 13, "kernel": (3, 2), "stride": (1, 2), "padding": (1, 1)},  # > 127 spatial elements
    {"n": 2, "c": 5, "h": 5, "w": 4, "kernel": (2, 3), "stride": (1, 1), "padding": (0, 1)},
]


@pytest.mark.parametrize("nhwc", [False, True], ids=["legacy", "nhwc"])
@pytest.mark.parametrize("shape", range(len(MAX_SHAPES)))
def test_max_pool_fixed_seeds(library, grade, shape, nhwc):
    for seed in range(8):
        grade(library, kc.max_pool_case(seed, nhwc=nhwc, **MAX_SHAPES[shape]))


@kernel_settings(150)
@given(geometry=pool_geometry(allow_ceil=False), seed=seeds, n=st.integers(1, 2), c=st.integers(1, 6),
       nhwc=st.booleans())
def test_max_pool_properties(library, grade, geometry, seed, n, c, nhwc):
    kernel, stride, padding, (h, w), _ = geometry
    grade(library, kc.max_pool_case(seed, n=n, c=c, h=h, w=w, kernel=kernel, stride=stride, padding=padding,
                                    nhwc=nhwc))
