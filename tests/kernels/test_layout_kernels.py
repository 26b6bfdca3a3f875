"""cortex_m::transpose and cortex_m::pad across ranks 1-4 and mixed dim orders; the portable
layout operators (aten::clone, aten::view_copy, the dim-order copies)."""

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


# ---- portable layout operators (cc/ops/portable, listed in aten_ops.yaml) ----------------------


def _int8(seed: int, shape, order):
    return kc.in_layout(kc.int8_tensor(kc.rng_for(seed), shape), order)


@pytest.mark.parametrize("in_order", [(0, 1, 2, 3), (0, 2, 3, 1)], ids=["in-contiguous", "in-channels-last"])
@pytest.mark.parametrize("out_order", [(0, 1, 2, 3), (0, 2, 3, 1)], ids=["out-contiguous", "out-channels-last"])
@pytest.mark.parametrize("op", ["aten::clone", "dim_order_ops::_clone_dim_order"])
def test_clones_copy_values_into_out_s_memory_order(library, op, in_order, out_order):
    source = _int8(50, (2, 3, 4, 5), in_order)
    out = kc.empty_like_layout(source.shape, source.dtype, out_order)
    args = [source, None, out] if op == "aten::clone" else [source, False, None, out]
    result = library.call(op, args)
    assert result.ok, result.detail
    assert kc.dim_order_of(out) == out_order and bool((out == source).all())


def test_clone_refuses_a_memory_format_it_does_not_follow(library):
    source = _int8(51, (2, 3), (0, 1))
    out = kc.empty_like_layout(source.shape, source.dtype, (0, 1))
    result = library.call("aten::clone", [source, 2, out])  # torch.channels_last_3d
    assert (result.status_name, result.argument) == ("CMOPS_ERR_UNSUPPORTED", "memory_format")


def test_view_copy_keeps_the_bytes_under_out_s_shape(library):
    source = _int8(52, (2, 3, 4), (0, 1, 2))
    out = kc.empty_like_layout((6, 4), source.dtype, (0, 1))
    result = library.call("aten::view_copy", [source, [6, -1], out])
    assert result.ok, result.detail
    assert bool((out == source.reshape(6, 4)).all())
    wrong = kc.empty_like_layout((6, 5), source.dtype, (0, 1))
    result = library.call("aten::view_copy", [source, [6, 5], wrong])
    assert (result.status_name, result.argument) == ("CMOPS_ERR_SHAPE", "out")


def test_dim_order_copy_refuses_an_order_out_was_not_planned_with(library):
    source = _int8(53, (1, 2, 3, 4), (0, 1, 2, 3))
    out = kc.empty_like_layout(source.shape, source.dtype, (0, 2, 3, 1))
    result = library.call("dim_order_ops::_to_dim_order_copy", [source, False, [0, 1, 2, 3], out])
    assert (result.status_name, result.argument) == ("CMOPS_ERR_LAYOUT", "dim_order")
