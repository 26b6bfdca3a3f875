"""Shared fixtures and measures for the portable kernel tests.

`lib` is the host build of //cc/ops (its generated kernel table) Bazel puts in the runfiles (PORTABLE_KERNEL_LIB overrides it).
The helpers measure what docs/portable.md states: ulp distance between float32 results, and
error relative to the magnitude a reduction sums.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pytest
import torch
from portable_ctypes import PortableLibrary

LIBRARY_RUNFILE = "m55ml/tests/kernels/libcortex_m_ops_host.so"

# Measured maxima, printed at the end of the session so a run reports what it saw.
MEASURED: dict[str, str] = {}


def _library_path() -> str:
    override = os.environ.get("PORTABLE_KERNEL_LIB")
    if override:
        return override
    from runfiles import runfiles  # pip package bazel-runfiles

    r = runfiles.Create()
    path = r.Rlocation(LIBRARY_RUNFILE) if r is not None else None
    if not path or not os.path.exists(path):
        pytest.exit(f"{LIBRARY_RUNFILE} not found in runfiles; run under bazel test or set "
                    "PORTABLE_KERNEL_LIB", returncode=2)
    return path


@pytest.fixture(scope="session")
def lib() -> PortableLibrary:
    return PortableLibrary(_library_path())


def ordered(values: torch.Tensor) -> torch.Tensor:
    """float32 bit patterns mapped to integers that count ulps across zero."""
    bits = values.contiguous().view(torch.int32).to(torch.int64)
    return torch.where(bits < 0, -(bits & 0x7FFFFFFF), bits)


def ulp_distance(actual: torch.Tensor, expected: torch.Tensor) -> torch.Tensor:
    """|actual - expected| in float32 ulps, elementwise; 0 where both are NaN or equal."""
    a = actual.reshape(-1).to(torch.float32)
    e = expected.reshape(-1).to(torch.float32)
    distance = (ordered(a) - ordered(e)).abs()
    both_nan = a.isnan() & e.isnan()
    same = a == e
    return torch.where(both_nan | same, torch.zeros_like(distance), distance)


def record(name: str, text: str) -> None:
    MEASURED[name] = text
    print(f"measured: {name}: {text}")


def pytest_terminal_summary(terminalreporter):
    if MEASURED:
        terminalreporter.write_line("measured error (docs/portable.md states the bounds):")
        for name in sorted(MEASURED):
            terminalreporter.write_line(f"  {name}: {MEASURED[name]}")


def empty_out(shape, dtype=torch.float32, order=None) -> torch.Tensor:
    """An out tensor of `shape` in dim order `order` (default contiguous) filled with a sentinel."""
    order = tuple(range(len(shape))) if order is None else tuple(order)
    out = torch.empty_permuted(tuple(shape), order, dtype=dtype)
    if dtype.is_floating_point:
        out.fill_(float("nan"))
    elif dtype == torch.bool:
        out.fill_(False)
    else:
        out.fill_(77)
    return out


def in_order(t: torch.Tensor, order) -> torch.Tensor:
    """`t`'s values stored in dim order `order`."""
    out = torch.empty_permuted(t.shape, tuple(order), dtype=t.dtype)
    out.copy_(t)
    return out
