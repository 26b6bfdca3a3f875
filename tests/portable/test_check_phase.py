"""The check phase of a runtime's prepare: every portable kernel checks its arguments and returns
before computing (cc/ops/kernel_args.h, checking_only). Data-dependent checks (index values) wait
for execution, when the data is there."""

from __future__ import annotations

import pytest
import torch
from conftest import empty_out

CASES = {
    "softmax": lambda: ((torch.randn(2, 5), 1, False), [2, 5]),
    "log_softmax": lambda: ((torch.randn(2, 5), 0, False), [2, 5]),
    "sigmoid": lambda: ((torch.randn(7),), [7]),
    "add": lambda: ((torch.randn(3, 4), torch.randn(4), 1), [3, 4]),
    "mean": lambda: ((torch.randn(3, 4), [1], False, None), [3]),
    "permute_copy": lambda: ((torch.randn(2, 3), [1, 0]), [3, 2]),
    "convolution": lambda: ((torch.randn(1, 2, 5, 5), torch.randn(3, 2, 3, 3), None, [1], [0], [1],
                             False, [0], 1), [1, 3, 3, 3]),
    "view_copy": lambda: ((torch.randn(2, 3), [6]), [6]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_phase_writes_nothing_and_running_computes(lib, name):
    args, shape = CASES[name]()
    out = empty_out(shape)
    result = lib.check(name, *args, out)
    assert result.ok, result.detail
    assert bool(out.isnan().all()), f"{name} wrote out while only checking"
    result = lib.call(name, *args, out)
    assert result.ok, result.detail
    assert not bool(out.isnan().any())


def test_check_phase_refuses_bad_arguments_like_a_run(lib):
    result = lib.check("softmax", torch.zeros(2, 3), 2, False, empty_out([2, 3]))
    assert result.detail == "aten::_softmax: dim: a scalar parameter is out of the supported range"


def test_index_values_are_checked_at_execution_not_at_prepare(lib):
    x = torch.zeros(3, 4)
    out = empty_out([1, 4])
    assert lib.check("index", x, [torch.tensor([3])], out).ok
    result = lib.call("index", x, [torch.tensor([3])], out)
    assert result.detail == "aten::index: indices: a scalar parameter is out of the supported range"


def test_split_pieces_are_written_only_when_running(lib):
    x = torch.randn(2, 5)
    pieces = [empty_out([2, 2]), empty_out([2, 3])]
    assert lib.check("split_with_sizes_copy", x, [2, 3], 1, pieces).ok
    assert all(bool(p.isnan().all()) for p in pieces)
    assert lib.call("split_with_sizes_copy", x, [2, 3], 1, pieces).ok
    assert torch.equal(torch.cat(pieces, 1), x)
