"""The CMake build compiles and links what the Bazel build does, in every configuration.

For host, Cortex-M55, M33 and M3 the CMake tree is configured (never built) and compared with
what Bazel's actions get, target by target: sources, include directories, defines, flags that
change the generated code, link flags and library order, code generators and generated
sources. Accepted differences are the lines of tests/parity/allowlist.txt. The report is
printed and saved as parity_report.txt among the test's outputs.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from facts import BazelFacts
from parity import run_check
from source_tree import ALLOWLIST, Runfiles, cmake_cache, facts_files, materialize
from update_cmake_targets import OUTPUT, render


def _save(name: str, text: str) -> None:
    outputs = os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR")
    if outputs:
        Path(outputs, name).write_text(text + "\n")


def test_cmake_and_bazel_build_the_same_in_every_configuration(tmp_path):
    rf = Runfiles()
    tree = materialize(rf, tmp_path / "src")
    work = tmp_path / "build"
    work.mkdir()
    result = run_check(tree, facts_files(rf), work, rf.workspace_file(ALLOWLIST), cache=cmake_cache(rf))
    print(result.text())
    _save("parity_report.txt", result.text())
    assert result.ok, "Bazel and CMake builds drifted apart:\n" + result.text()


def test_cmake_target_facts_are_what_the_build_files_say():
    """cmake/bazel_targets.cmake is generated; a hand edit or a stale copy shows up here."""
    rf = Runfiles()
    expected = render([BazelFacts.load(path) for path in facts_files(rf)])
    checked_in = rf.workspace_file(OUTPUT).read_text()
    diff = "".join(difflib.unified_diff(checked_in.splitlines(True), expected.splitlines(True),
                                        f"{OUTPUT} (checked in)", f"{OUTPUT} (from the BUILD files)"))
    assert checked_in == expected, (
        f"{OUTPUT} is out of date; run: bazel run //tests/parity:update_cmake_targets\n{diff}")
