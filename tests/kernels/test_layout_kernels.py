"""cortex_m::transpose and cortex_m::pad across ranks 1-4 and mixed dim orders."""

from __future__ import annotations

import itertools

import kernel_cases as kc
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import kernel_settings, seeds


@pytest.mark.parametrize("rank", [1, 2, 3, 4])
def test_transpose_every_permutation(library, grade, rank):
    shape = (2, 3, 4, 5)[:rank]
    for seed, perm in enumerate(itertools.permutations(range(rank))):
        grade(library, kc.transpose_case(seed, shape=shape, perm=perm))


@pytest.mark.parametrize("in_order", [(0, 1, 2, 3), (0, 2, 3, 1)], ids=["in-contiguous", "in-channels-last"])
@pytest.mark.parametrize("out_order", [(0, 1, 2, 3), (0, 2, 3, 1)], ids=["out-contiguous", "out-channels-last"])
def test_transpose_between_layouts(library, grade, in_order, out_order):
    for seed, perm in enumerate([(0, 2, 3, 1), (0, 3, 1, 2), (3, 2, 1, 0), (1, 0, 3, 2)]):
        grade(library, kc.transpose_case(seed, shape=(2, 3, 4, 5), perm=perm, in_order=in_order, out_order=out_order))


@st.composite
def transpose_args(draw):
    rank = draw(st.integers(1, 4))
    shape = tuple(draw(st.integers(1, 6)) for _ in range(rank))
    perm = tuple(draw(st.permutations(range(rank))))
    negative = draw(st.booleans())
    if negative:
        perm = tuple(p - rank for p in perm)  # torch accepts negative dimensions
    return shape, perm


@kernel_settings(100)
@given(seed=seeds, args=transpose_args())
def test_transpose_properties(library, grade, seed, args):
    shape, perm = args
    grade(library, kc.transpose_case(seed, shape=shape, perm=perm))


PAD_SHAPES = [(1, 3, 4, 5), (2, 1, 3, 3), (1, 4, 1, 1), (3, 5), (7,), (2, 3, 4)]


@pytest.mark.parametrize("shape", PAD_SHAPES, ids=[str(s) for s in PAD_SHAPES])
@pytest.mark.parametrize("channels_last", [False, True], ids=["contiguous", "channels-last"])
def test_pad_fixed_seeds(library, grade, shape, channels_last):
    for seed in range(10):
        grade(library, kc.pad_case(seed, shape=shape, channels_last=channels_last))


@kernel_settings(100)
@given(seed=seeds, shape=st.lists(st.integers(1, 6), min_size=1, max_size=4).map(tuple),
       channels_last=st.booleans(), max_pad=st.integers(0, 4))
def test_pad_properties(library, grade, seed, shape, channels_last, max_pad):
    grade(library, kc.pad_case(seed, shape=shape, channels_last=channels_last, max_pad=max_pad))
