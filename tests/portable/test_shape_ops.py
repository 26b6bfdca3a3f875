"""Shape, copy and creation kernels against torch: exact, for every dtype they take.

cat, permute_copy, view_copy, squeeze_copy (dims and dim), unsqueeze_copy, slice_copy,
select_copy, split_with_sizes_copy, index.Tensor, arange, full, zeros and _to_dim_order_copy,
on seeded random shapes with other dim orders for inputs and outputs, negative dims and
indices, empty dims, and 0-d tensors where the schema allows them.
"""

from __future__ import annotations

import random

import pytest
import torch
from conftest import empty_out, in_order, ulp_distance

DTYPES = [torch.float32, torch.int8, torch.uint8, torch.int16, torch.int32, torch.int64, torch.bool]


def random_tensor(shape, dtype, g):
    if dtype == torch.bool:
        return torch.randint(0, 2, shape, generator=g).bool()
    if dtype.is_floating_point:
        return torch.randn(shape, generator=g)
    return torch.randint(0, 100, shape, generator=g).to(dtype)


def random_order(rng, rank):
    order = list(range(rank))
    rng.shuffle(order)
    return order


def laid_out(t, rng):
    return in_order(t, random_order(rng, t.dim()))


def out_for(expected, rng):
    return empty_out(list(expected.shape), expected.dtype, random_order(rng, expected.dim()))


def check(lib, name, expected, *args, rng):
    out = out_for(expected, rng)
    result = lib.call(name, *args, out)
    assert result.ok, result.detail
    assert torch.equal(out, expected), name


@pytest.mark.parametrize("dtype", DTYPES)
def test_copies_equal_torch(lib, dtype):
    rng = random.Random(str(dtype))
    g = torch.Generator().manual_seed(4)
    for _ in range(25):
        rank = rng.randint(1, 4)
        shape = [rng.choice([1, 2, 3, 4]) for _ in range(rank)]
        x = laid_out(random_tensor(shape, dtype, g), rng)
        # permute_copy
        dims = random_order(rng, rank)
        dims_arg = [d - rank if rng.random() < 0.3 else d for d in dims]
        check(lib, "permute_copy", x.permute(dims), x, dims_arg, rng=rng)
        # view_copy, with an inferred size
        flat = [x.numel()]
        check(lib, "view_copy", x.reshape(flat), x, [-1], rng=rng)
        if x.numel() % 2 == 0:
            check(lib, "view_copy", x.reshape(2, -1), x, [2, -1], rng=rng)
        # squeeze and unsqueeze
        d = rng.randint(-rank, rank - 1)
        check(lib, "squeeze_copy.dim_out", x.squeeze(d), x, d, rng=rng)
        listed = rng.sample(range(rank), rng.randint(0, rank))
        check(lib, "squeeze_copy.dims_out", x.squeeze(listed) if listed else x, x, listed, rng=rng)
        u = rng.randint(-rank - 1, rank)
        if rank < 6:
            check(lib, "unsqueeze_copy", x.unsqueeze(u), x, u, rng=rng)
        # slice_copy
        d = rng.randint(0, rank - 1)
        start = rng.choice([None, 0, 1, -1, -5, 7])
        end = rng.choice([None, 1, 3, -1, 100])
        step = rng.choice([1, 2, 3])
        index = [slice(None)] * rank
        index[d] = slice(start, end, step)
        check(lib, "slice_copy", x[tuple(index)].contiguous(), x, d, start, end, step, rng=rng)
        # select_copy
        i = rng.randint(-shape[d], shape[d] - 1)
        check(lib, "select_copy", x.select(d, i).contiguous(), x, d - rank, i, rng=rng)
        # _to_dim_order_copy to another layout, same dtype
        order = random_order(rng, rank)
        out = empty_out(shape, dtype, order)
        assert lib.call("to_dim_order_copy", x, False, None, out).ok
        assert torch.equal(out, x)


@pytest.mark.parametrize("dtype", [torch.float32, torch.int64, torch.int8])
def test_cat_and_split_equal_torch(lib, dtype):
    rng = random.Random(f"cat{dtype}")
    g = torch.Generator().manual_seed(9)
    for _ in range(30):
        rank = rng.randint(1, 4)
        shape = [rng.choice([1, 2, 3]) for _ in range(rank)]
        d = rng.randint(-rank, rank - 1)
        parts = []
        for _ in range(rng.randint(1, 4)):
            s = list(shape)
            s[d] = rng.choice([0, 1, 2, 5])
            parts.append(laid_out(random_tensor(s, dtype, g), rng))
        expected = torch.cat(parts, d)
        check(lib, "cat", expected, parts, d, rng=rng)
        sizes = [p.shape[d] for p in parts]
        pieces = [out_for(p, rng) for p in parts]
        result = lib.call("split_with_sizes_copy", expected, sizes, d, pieces)
        assert result.ok, result.detail
        for piece, expect in zip(pieces, torch.split(expected, sizes, d)):
            assert torch.equal(piece, expect)


def test_cat_skips_empty_1d_tensors(lib):
    a = torch.ones(2, 3)
    b = torch.zeros(0)
    out = empty_out([4, 3])
    assert lib.call("cat", [a, b, a], 0, out).ok
    assert torch.equal(out, torch.ones(4, 3))


def test_index_with_tensors_equals_torch(lib):
    rng = random.Random("index")
    g = torch.Generator().manual_seed(12)
    x = laid_out(torch.randn(4, 5, 6, 3, generator=g), rng)
    i4 = torch.tensor([0, -1, 2, 3])
    i5 = torch.tensor([[1], [4], [-2]])
    i6 = torch.tensor([5, 0, -6], dtype=torch.int32)
    cases = [
        [i4],                                   # leading dim
        [None, i5],                             # one middle dim, 2-D index
        [None, i5, i6],                         # adjacent dims broadcast together
        [i4[:3], None, i6],                     # separated: broadcast dims come first
        [None, None, None, torch.tensor(2)],    # a 0-d index
        [None, torch.tensor([], dtype=torch.int64)],
    ]
    for indices in cases:
        torch_indices = tuple(slice(None) if i is None else i.long() for i in indices)
        expected = x[torch_indices]
        check(lib, "index", expected, x, indices, rng=rng)
    ints = torch.arange(10, dtype=torch.int64)
    check(lib, "index", ints[torch.tensor([9, 0, 3])], ints, [torch.tensor([9, 0, 3])], rng=rng)


def test_index_out_of_range_and_masks_are_refused(lib):
    x = torch.zeros(3, 4)
    result = lib.call("index", x, [torch.tensor([3])], empty_out([1, 4]))
    assert result.status_name == "CMOPS_ERR_PARAM"
    assert result.detail == "aten::index: indices: a scalar parameter is out of the supported range"
    result = lib.call("index", x, [torch.tensor([True, False, True])], empty_out([2, 4]))
    assert result.status_name == "CMOPS_ERR_UNSUPPORTED"
    assert result.detail == "aten::index: indices: a valid combination this implementation does not provide"


@pytest.mark.parametrize("start,end,step,dtype", [
    (0, 10, 1, torch.int64), (3, -7, -2, torch.int64), (0, 5, 1, torch.int32),
    (0.0, 1.0, 0.1, torch.float32), (-3.5, 2.25, 0.75, torch.float32), (0, 7, 3, torch.float32),
    (1, 1, 1, torch.int64), (0.0, 10.0, 0.3, torch.float32),
])
def test_arange_equals_torch(lib, start, end, step, dtype):
    # Integer arange is exact. Float: ours is start + i * step rounded once (double math);
    # torch's CPU kernel computes some elements in double and the rest of each vector in float,
    # so it depends on the vector width: within 1 ulp of ours.
    expected = torch.arange(start, end, step, dtype=dtype)
    out = empty_out(list(expected.shape), dtype)
    result = lib.call("arange.start_out", start, end, step, out)
    assert result.ok, result.detail
    if dtype.is_floating_point:
        exact = torch.tensor([start + i * step for i in range(len(expected))], dtype=torch.float64)
        assert torch.equal(out, exact.float())
        assert all(d <= 1 for d in ulp_distance(out, expected).tolist())
    else:
        assert torch.equal(out, expected)


def test_arange_from_zero_equals_torch(lib):
    for end, dtype in ((7, torch.int64), (5, torch.float32), (0, torch.int32)):
        out = empty_out([end], dtype)
        assert lib.call("arange.out", end, out).ok
        assert torch.equal(out, torch.arange(end, dtype=dtype))


def test_clone_dim_order_copies_into_another_layout_and_refuses_a_dtype_change(lib):
    x = torch.randn(2, 3, 4, 5)
    out = empty_out([2, 3, 4, 5], torch.float32, [0, 2, 3, 1])
    assert lib.call("clone_dim_order", x, False, [0, 2, 3, 1], out).ok
    assert torch.equal(out, x)
    result = lib.call("clone_dim_order", x, False, None, empty_out([2, 3, 4, 5], torch.int32))
    assert result.status_name == "CMOPS_ERR_DTYPE"
    assert result.detail == (
        "dim_order_ops::_clone_dim_order: out: a tensor has a dtype the kernel does not take")


def test_arange_with_a_wrong_length_is_refused(lib):
    result = lib.call("arange.start_out", 0, 10, 1, empty_out([9], torch.int64))
    assert result.status_name == "CMOPS_ERR_SHAPE"
    assert result.detail == "aten::arange: out: tensor sizes disagree between arguments"


@pytest.mark.parametrize("dtype", DTYPES)
def test_full_and_zeros_equal_torch(lib, dtype):
    value = True if dtype == torch.bool else (2.5 if dtype.is_floating_point else 7)
    out = empty_out([2, 3, 1], dtype, [2, 0, 1])
    assert lib.call("full", [2, 3, 1], value, out).ok
    assert torch.equal(out, torch.full([2, 3, 1], value, dtype=dtype))
    assert lib.call("zeros", [2, 3, 1], out).ok
    assert torch.equal(out, torch.zeros([2, 3, 1], dtype=dtype))
    scalar_out = empty_out([], dtype)
    assert lib.call("full", [], value, scalar_out).ok
    assert torch.equal(scalar_out, torch.full([], value, dtype=dtype))


@pytest.mark.parametrize("source,target", [
    (torch.float32, torch.int32), (torch.float32, torch.int64), (torch.int64, torch.float32),
    (torch.int8, torch.float32), (torch.float32, torch.bool), (torch.int32, torch.int8),
    (torch.bool, torch.float32),
])
def test_to_dim_order_copy_converts_dtypes_like_torch(lib, source, target):
    g = torch.Generator().manual_seed(8)
    x = (torch.randn(2, 3, 4, 5, generator=g) * 100).to(source) if source != torch.bool else \
        torch.randint(0, 2, (2, 3, 4, 5), generator=g).bool()
    out = empty_out([2, 3, 4, 5], target, [0, 2, 3, 1])
    assert lib.call("to_dim_order_copy", x, False, [0, 2, 3, 1], out).ok
    assert torch.equal(out, x.to(target))
    result = lib.call("to_dim_order_copy", x, False, [0, 1, 2, 3], out)
    assert result.status_name == "CMOPS_ERR_LAYOUT"
    assert result.detail == (
        "dim_order_ops::_to_dim_order_copy: dim_order: a tensor has a dim order the kernel does not take")


def test_shape_errors_are_one_line(lib):
    x = torch.zeros(2, 3)
    result = lib.call("view_copy", x, [4, -1], empty_out([4, 2]))
    assert result.status_name == "CMOPS_ERR_SHAPE"
    assert result.detail == "aten::view_copy: out: tensor sizes disagree between arguments"
    result = lib.call("permute_copy", x, [0, 0], empty_out([2, 2]))
    assert result.detail == "aten::permute_copy: dims: a scalar parameter is out of the supported range"
    result = lib.call("select_copy", x, 1, 3, empty_out([2]))
    assert result.detail == "aten::select_copy: index: a scalar parameter is out of the supported range"
    result = lib.call("split_with_sizes_copy", x, [1, 1], 1, [empty_out([2, 1]), empty_out([2, 1])])
    assert result.detail == (
        "aten::split_with_sizes_copy: split_sizes: tensor sizes disagree between arguments")
    result = lib.call("cat", [x, torch.zeros(2, 3, dtype=torch.int32)], 0, empty_out([4, 3]))
    assert result.detail == "aten::cat: tensors: a tensor has a dtype the kernel does not take"
    result = lib.call("slice_copy", x, 0, None, None, 0, empty_out([2, 3]))
    assert result.detail == "aten::slice_copy: step: a scalar parameter is out of the supported range"


def test_dim_order_copies_accept_an_order_that_differs_only_in_size_one_dims(lib):
    x = torch.randn(1, 3, 1, 4)
    out = empty_out([1, 3, 1, 4], order=(0, 2, 3, 1))
    # out's view lists its size-1 dims last ([3, 1, 0, 2]); the program asks for (0, 2, 3, 1).
    result = lib.call("clone_dim_order", x, False, [0, 2, 3, 1], out)
    assert result.ok, result.detail
    assert torch.equal(out, x)
    result = lib.call("to_dim_order_copy", x, False, [0, 1, 2, 3], empty_out([1, 3, 1, 4], order=(0, 2, 3, 1)))
    assert result.detail == ("dim_order_ops::_to_dim_order_copy: dim_order: a tensor has a dim order the "
                             "kernel does not take")
