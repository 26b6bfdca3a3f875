"""cortex_m::quantized_linear (both program forms) and cortex_m::quantized_batch_matmul."""

from __future__ import annotations

import kernel_cases as kc
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import kernel_settings, seeds

LINEAR_SHAPES = [
    {"batch_shape": (1,), "depth": 1280, "features": 10},  # MobileNetV2 classifier (10 classes)
    {"batch_shape": (2,), "depth": 16, "features": 5},
    {"batch_shape": (3, 2), "depth": 7, "features": 3},
    {"batch_shape": (1, 1, 1), "depth": 33, "features": 17},
    {"batch_shape": (4,), "depth": 1, "features": 1},
]


@pytest.mark.parametrize("form", ["bias", "kernel_sum", "none"])
@pytest.mark.parametrize("shape", range(len(LINEAR_SHAPES)))
@pytest.mark.parametrize("extreme", [False, True], ids=["realistic", "extreme"])
def test_linear_fixed_seeds(library, grade, form, shape, extreme):
    for seed in range(6):
        grade(library, kc.linear_case(seed, form=form, extreme=extreme, **LINEAR_SHAPES[shape]))


@kernel_settings(150)
@given(seed=seeds, batch_shape=st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple),
       depth=st.integers(1, 64), features=st.integers(1, 24), form=st.sampled_from(["bias", "kernel_sum", "none"]),
       extreme=st.sampled_from([False, False, False, True]))
def test_linear_properties(library, grade, seed, batch_shape, depth, features, form, extreme):
    grade(library, kc.linear_case(seed, batch_shape=batch_shape, depth=depth, features=features, form=form,
                                  extreme=extreme))


@pytest.mark.parametrize("extreme", [False, True], ids=["realistic", "extreme"])
def test_batch_matmul_fixed_seeds(library, grade, extreme):
    shapes = [(1, 1, 1, 1), (2, 3, 8, 4), (1, 5, 16, 7), (3, 2, 5, 9), (4, 4, 32, 4)]
    for seed in range(8):
        for batch, rows, depth, cols in shapes:
            grade(library, kc.batch_matmul_case(seed, batch=batch, rows=rows, depth=depth, cols=cols, extreme=extreme))


@kernel_settings(100)
@given(seed=seeds, batch=st.integers(1, 3), rows=st.integers(1, 6), depth=st.integers(1, 48), cols=st.integers(1, 6),
       extreme=st.sampled_from([False, False, False, True]))
def test_batch_matmul_properties(library, grade, seed, batch, rows, depth, cols, extreme):
    grade(library, kc.batch_matmul_case(seed, batch=batch, rows=rows, depth=depth, cols=cols, extreme=extreme))
