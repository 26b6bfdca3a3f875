"""Shared fixtures for the kernel tests: which builds of cc/ops to test, and case accounting.

Every test runs once per kernel library. By default that is the host build Bazel puts in the
runfiles; CMOPS_KERNEL_LIBS (paths separated by ':') replaces the list, so the same tests can
grade another build, e.g. a future Helium build run through an emulating host library.
"""

from __future__ import annotations

import collections
import json
import os
import sys
import tempfile

# The helpers are imported by plain module name. Bazel's py_test may add __init__.py files
# (making this directory a package for pytest), so put the directory on the path explicitly.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# Hypothesis keeps nothing between runs here (database=None), but give it a writable home
# anyway: the runfiles tree is read-only under Bazel.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(os.environ.get("TEST_TMPDIR", tempfile.gettempdir()), "hypothesis"))

import kernel_cases
import pytest
from cmops_ctypes import KernelLibrary

HOST_LIBRARY_RUNFILE = "m55ml/tests/kernels/libcortex_m_ops_host.so"


def _library_paths() -> list[str]:
    override = os.environ.get("CMOPS_KERNEL_LIBS")
    if override:
        return [p for p in override.split(":") if p]
    from runfiles import runfiles  # pip package bazel-runfiles

    r = runfiles.Create()
    path = r.Rlocation(HOST_LIBRARY_RUNFILE) if r is not None else None
    if not path or not os.path.exists(path):
        pytest.exit(f"kernel library {HOST_LIBRARY_RUNFILE} not found in runfiles; run under bazel test "
                    "or set CMOPS_KERNEL_LIBS", returncode=2)
    return [path]


_LIBRARIES: dict[str, KernelLibrary] = {}


def pytest_generate_tests(metafunc):
    if "library" in metafunc.fixturenames:
        paths = _library_paths()
        metafunc.parametrize("library", paths, ids=[os.path.basename(p) for p in paths], indirect=True)


@pytest.fixture(scope="session")
def library(request) -> KernelLibrary:
    path = request.param
    if path not in _LIBRARIES:
        _LIBRARIES[path] = KernelLibrary(path)
    return _LIBRARIES[path]


class CaseTally:
    """Counts graded cases per operator and oracle, for the summary and docs/kernels.md."""

    def __init__(self):
        self.cases = collections.Counter()
        self.rejections = collections.Counter()
        self.bytes = 0
        self.mismatches = 0
        self.avg_pool_ties = 0
        self.avg_pool_ties_reference_differs = 0
        self.softmax_tie_band = 0

    def record(self, case, outcome):
        self.cases[case.op] += 1
        if case.expected_status != "CMOPS_OK":
            self.rejections[case.op] += 1
        self.bytes += outcome.compared_bytes
        self.mismatches += 0 if outcome.ok else 1
        self.avg_pool_ties += case.notes.get("ties", 0)
        self.avg_pool_ties_reference_differs += case.notes.get("ties_where_reference_differs", 0)
        self.softmax_tie_band += outcome.tie_band_differences


TALLY = CaseTally()


@pytest.fixture
def grade():
    """grade(library, case): run the case, record it, and fail with the mismatch if any."""

    def run(library: KernelLibrary, case) -> None:
        outcome = kernel_cases.run_case(library, case)
        TALLY.record(case, outcome)
        assert outcome.ok, outcome.message

    return run


def pytest_terminal_summary(terminalreporter):
    if not TALLY.cases:
        return
    total = sum(TALLY.cases.values())
    lines = [f"{op}: {count} cases" + (f" ({TALLY.rejections[op]} expected rejections)" if TALLY.rejections[op] else "")
             for op, count in sorted(TALLY.cases.items())]
    terminalreporter.write_sep("=", "kernel cases")
    for line in lines:
        terminalreporter.write_line(line)
    terminalreporter.write_line(
        f"total: {total} cases, {TALLY.bytes} output bytes compared, {TALLY.mismatches} mismatches; "
        f"avg_pool .5 ties graded by the CMSIS model: {TALLY.avg_pool_ties} "
        f"(reference rounds {TALLY.avg_pool_ties_reference_differs} of them the other way); "
        f"softmax elements in the float tie band that differ: {TALLY.softmax_tie_band}")
    out_dir = os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR")
    if out_dir:
        with open(os.path.join(out_dir, "kernel_case_counts.json"), "w") as f:
            json.dump({"cases": dict(TALLY.cases), "rejections": dict(TALLY.rejections), "total": total,
                       "mismatches": TALLY.mismatches, "bytes": TALLY.bytes,
                       "avg_pool_ties": TALLY.avg_pool_ties,
                       "avg_pool_ties_reference_differs": TALLY.avg_pool_ties_reference_differs,
                       "softmax_tie_band_differences": TALLY.softmax_tie_band}, f, indent=1, sort_keys=True)
