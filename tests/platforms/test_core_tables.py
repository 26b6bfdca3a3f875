"""The core and board tables are the one place a core or board is spelled out.

- Every file derived from them (the CMake core block, the board linker scripts) is current.
- No other file spells a core's compiler flags (`-mcpu=cortex-...`, `-mfloat-abi=...`), a
  QEMU board machine or an FVP model as a string, except the few listed below with a reason.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


def _workspace() -> Path:
    """The source tree: the runfile platforms/cores.bzl is a symlink into it."""
    runfiles = Path(os.environ.get("RUNFILES_DIR", Path(__file__).resolve().parent))
    for candidate in (Path(os.environ["TEST_SRCDIR"]) / "m55ml" if "TEST_SRCDIR" in os.environ else None,
                      runfiles / "m55ml", Path.cwd()):
        if candidate and (candidate / "platforms/cores.bzl").exists():
            return (candidate / "platforms/cores.bzl").resolve().parents[1]
    raise AssertionError("platforms/cores.bzl is not in the test's runfiles")


ROOT = _workspace()
sys.path.insert(0, str(ROOT / "tools/cores"))
import generate
import tables

# path -> why it may spell a core or board.
ALLOWED = {
    "platforms/cores.bzl": "the core table",
    "cc/boards/boards.bzl": "the board table",
    "tests/platforms/test_core_tables.py": "this test's patterns",
    "tests/parity/test_parity_selftest.py": "breaks the M55 flags on purpose to prove the check",
    "tools/sim/run_firmware.py": "the runner's defaults when run by hand (mps3-an547)",
    "tests/sim/test_run_firmware.py": "asserts on the runner's missing-FVP message",
    "cc/nn/bench/mv2_paths.py": "the Helium path benchmark runs on the M55 board only",
}
SPELLINGS = [
    re.compile(r"-mcpu=cortex-m\w+"),
    re.compile(r"-mfloat-abi=\w+"),
    re.compile(r"[\"']mps[23]-an\d+[\"']"),
    re.compile(r"[\"']FVP_[A-Za-z0-9_-]+[\"']"),
]
SUFFIXES = {".bzl", ".py", ".cmake", ".txt", ".c", ".cc", ".h", ".sh", ".ld", ".in", ".yml", ""}


def _tree() -> list[str]:
    listing = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        pytest.skip(f"{ROOT} is not a git checkout: {listing.stderr.strip()}")
    return [p for p in listing.stdout.splitlines() if not p.startswith("third_party/")]


def test_derived_files_are_current():
    diffs = generate.stale(ROOT)
    assert not diffs, "run `bazel run //tools/cores:update`:\n" + "\n".join(diffs)


def test_no_core_spelled_outside_the_tables():
    cmake = Path(generate.CMAKE_FILE)
    stray = []
    for path in _tree():
        file = ROOT / path
        if path in ALLOWED or path.startswith("docs/") or path.endswith(".md") or not file.is_file():
            continue
        if Path(path).suffix not in SUFFIXES:
            continue
        text = file.read_text(errors="replace")
        if Path(path) == cmake:  # its generated block is derived from the table
            start, stop = text.index(generate.BEGIN), text.index(generate.END)
            text = text[:start] + text[stop:]
        if path.startswith("cc/boards/") and path.endswith(".ld"):
            continue  # generated from the board table (checked above)
        for number, line in enumerate(text.splitlines(), 1):
            for pattern in SPELLINGS:
                match = pattern.search(line)
                if match:
                    stray.append(f"{path}:{number}: {match.group(0)}")
    assert not stray, ("cores and boards are spelled in platforms/cores.bzl and cc/boards/boards.bzl only; "
                       "derive these from the tables:\n" + "\n".join(stray))


def test_every_core_has_a_board_and_every_board_a_core():
    cores = tables.cores(ROOT)
    boards = tables.boards(ROOT)
    isa_of_target = tables.export_target_isa(ROOT)
    for name, core in cores.items():
        assert core["default_board"] in boards, f"{name}: default_board {core['default_board']} is not a board"
        assert boards[core["default_board"]]["core"] == name, f"{name}: its default board carries another core"
        assert isa_of_target[core["export_target"]] == core["isa"], f"{name}: export target of another ISA"
    for name, board in boards.items():
        assert board["core"] in cores, f"{name}: core {board['core']} is not in the core table"
        assert (ROOT / f"cc/boards/{name}/BUILD").exists(), f"{name}: no package cc/boards/{name}"


def test_linker_script_regions_do_not_overlap():
    for name, board in tables.boards(ROOT).items():
        spans = sorted((r["origin"], r["origin"] + r["length"], role) for role, r in board["regions"].items())
        for (start_a, end_a, role_a), (start_b, _, role_b) in itertools.pairwise(spans):
            assert end_a <= start_b, f"{name}: regions {role_a} and {role_b} overlap"
