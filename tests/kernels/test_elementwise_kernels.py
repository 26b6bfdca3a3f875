"""cortex_m:: elementwise operators: quantized add, mul, div, table activation, minimum, maximum.

Shapes cover equal shapes in contiguous and channels-last layouts and the broadcasts the
reference accepts (per-channel for add/mul; general torch broadcasting for minimum/maximum)."""

from __future__ import annotations

import kernel_cases as kc
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from strategies import kernel_settings, seeds


@pytest.mark.parametrize("rank", [1, 2, 3, 4])
@pytest.mark.parametrize("extreme", [False, True], ids=["realistic", "extreme"])
def test_add_same_shape_fixed_seeds(library, grade, rank, extreme):
    for seed in range(15):
        grade(library, kc.add_case(seed, rank=rank, extreme=extreme))


@pytest.mark.parametrize("swap", [False, True], ids=["other-broadcast", "self-broadcast"])
def test_add_channel_broadcast_fixed_seeds(library, grade, swap):
    for seed in range(15):
        grade(library, kc.add_case(seed, rank=4, broadcast="channel", swap=swap))


@kernel_settings(120)
@given(seed=seeds, rank=st.integers(1, 5), broadcast=st.sampled_from(["none", "channel"]), swap=st.booleans(),
       extreme=st.sampled_from([False, False, False, True]))
def test_add_properties(library, grade, seed, rank, broadcast, swap, extreme):
    if broadcast == "channel":
        rank = 4
    grade(library, kc.add_case(seed, rank=rank, broadcast=broadcast, swap=swap, extreme=extreme))


@pytest.mark.parametrize("rank", [1, 2, 3, 4])
@pytest.mark.parametrize("extreme", [False, True], ids=["realistic", "extreme"])
def test_mul_same_shape_fixed_seeds(library, grade, rank, extreme):
    for seed in range(12):
        grade(library, kc.mul_case(seed, rank=rank, extreme=extreme))


@pytest.mark.parametrize("rank", [1, 4])
def test_mul_takes_zero_points_beyond_int8(library, grade, rank):
    for seed in range(20):
        grade(library, kc.mul_case(seed, rank=rank, wide_zero_points=True))


@kernel_settings(100)
@given(seed=seeds, rank=st.integers(1, 5), broadcast=st.sampled_from(["none", "channel"]), swap=st.booleans(),
       extreme=st.sampled_from([False, False, False, True]))
def test_mul_properties(library, grade, seed, rank, broadcast, swap, extreme):
    if broadcast == "channel":
        rank = 4
    grade(library, kc.mul_case(seed, rank=rank, broadcast=broadcast, swap=swap, extreme=extreme))


@pytest.mark.parametrize("dtype", [torch.int8, torch.int16], ids=["int8", "int16"])
def test_div_fixed_seeds(library, grade, dtype):
    for seed in range(30):
        grade(library, kc.div_case(seed, rank=1 + seed % 4, dtype=dtype))


@kernel_settings(80)
@given(seed=seeds, rank=st.integers(1, 4), dtype=st.sampled_from([torch.int8, torch.int16]))
def test_div_properties(library, grade, seed, rank, dtype):
    grade(library, kc.div_case(seed, rank=rank, dtype=dtype))


def test_activation_fixed_seeds(library, grade):
    for seed in range(60):
        grade(library, kc.activation_case(seed, rank=1 + seed % 4))


@pytest.mark.parametrize("which", ["minimum", "maximum"])
@pytest.mark.parametrize("broadcast", ["none", "general", "scalar", "rank"])
@pytest.mark.parametrize("dtype", [torch.int8, torch.int32], ids=["int8", "int32"])
def test_min_max_fixed_seeds(library, grade, which, broadcast, dtype):
    for seed in range(8):
        grade(library, kc.min_max_case(seed, which=which, rank=1 + seed % 4, broadcast=broadcast, dtype=dtype))


@kernel_settings(120)
@given(seed=seeds, which=st.sampled_from(["minimum", "maximum"]), rank=st.integers(1, 5),
       broadcast=st.sampled_from(["none", "general", "scalar", "rank"]),
       dtype=st.sampled_from([torch.int8, torch.int8, torch.int32]))
def test_min_max_properties(library, grade, seed, which, rank, broadcast, dtype):
    grade(library, kc.min_max_case(seed, which=which, rank=rank, broadcast=broadcast, dtype=dtype))
