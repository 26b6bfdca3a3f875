"""The parity check fails, with one line naming the target and the side, for each kind of drift.

Each case copies the CMake tree, or the Bazel facts, breaks exactly one thing and runs the
check for the Cortex-M55 configuration (the one with every target, the firmware included).
Which kernel gets dropped is read from the Bazel facts, not written here, so the cases keep
working while cc/nn's file list changes.

CMake is configured once per distinct tree: the cases that edit only the Bazel facts or the
allowlist compare against the same configuration of the pristine tree, and the cases that add
the same -O3 share one (configuring is deterministic; the comparison and the allowlist still
run per case). The command-line case configures in its own process.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import parity
import pytest
from facts import configure_cmake
from parity import run_check
from source_tree import ALLOWLIST, Runfiles, cmake_cache, facts_files, materialize

CONFIG = "cortex_m55"
NN = "//cc/nn:cmsis_nn"


_CONFIGURED: dict[tuple, object] = {}


def _tree_digest(tree: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in tree.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(tree)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _configure_once(source_dir: Path, build_dir: Path, config: str, compilation_mode: str,
                    cache: dict[str, str]):
    """configure_cmake, reused for a tree of the same contents and the same settings (the
    placeholder program's path differs per case; configuring never reads it)."""
    settings = tuple(sorted((k, v) for k, v in cache.items() if k != "M55ML_MV2_PTE"))
    key = (_tree_digest(source_dir), config, compilation_mode, settings)
    if key not in _CONFIGURED:
        _CONFIGURED[key] = configure_cmake(source_dir, build_dir, config, compilation_mode, cache)
    return _CONFIGURED[key]


@pytest.fixture(autouse=True)
def _one_configure_per_tree(monkeypatch) -> None:
    monkeypatch.setattr(parity, "configure_cmake", _configure_once)


@pytest.fixture(scope="module")
def rf() -> Runfiles:
    return Runfiles()


@pytest.fixture(scope="module")
def pristine(rf, tmp_path_factory) -> Path:
    return materialize(rf, tmp_path_factory.mktemp("pristine") / "src")


@pytest.fixture
def tree(pristine, tmp_path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / "src"))


@pytest.fixture(scope="module")
def m55_facts(rf) -> Path:
    return facts_files(rf, [CONFIG])[0]


def _nn_facts(facts_path: Path) -> dict:
    data = json.loads(facts_path.read_text())
    return next(t for t in data["targets"] if t["label"] == NN)


def _check(rf, tree: Path, work: Path, facts: Path, allowlist: Path | None = None):
    work.mkdir(exist_ok=True)
    return run_check(tree, [facts], work, allowlist or rf.workspace_file(ALLOWLIST), [CONFIG],
                     cmake_cache(rf))


def _edit_facts(facts: Path, tmp_path: Path, edit) -> Path:
    data = json.loads(facts.read_text())
    edit(next(t for t in data["targets"] if t["label"] == NN))
    edited = tmp_path / facts.name
    edited.write_text(json.dumps(data))
    return edited


def test_unchanged_tree_has_no_drift(rf, tree, tmp_path, m55_facts):
    result = _check(rf, tree, tmp_path / "build", m55_facts)
    assert result.ok, result.text()


def test_c_file_dropped_from_cmake_is_reported_missing_on_the_cmake_side(rf, tree, tmp_path, m55_facts):
    dropped = next(s["short_path"] for s in _nn_facts(m55_facts)["srcs"] if s["short_path"].endswith(".c"))
    targets = tree / "cmake/bazel_targets.cmake"
    text = targets.read_text()
    targets.write_text(re.sub(rf"(?<=[\s(]){re.escape(dropped)}(?=[\s)])", "", text))
    assert targets.read_text() != text

    result = _check(rf, tree, tmp_path / "build", m55_facts)
    assert result.drift == [f"DRIFT {NN} [{CONFIG}]: source {dropped} only in Bazel (CMake lacks it)"]


def test_O3_added_on_the_cmake_side_is_one_flag_drift(rf, tree, tmp_path, m55_facts):
    with (tree / "CMakeLists.txt").open("a") as cmake:
        cmake.write("target_compile_options(cmsis_nn PRIVATE -O3)\n")
    result = _check(rf, tree, tmp_path / "build", m55_facts)
    assert result.drift == [f"DRIFT {NN} [{CONFIG}]: flag -O differs: Bazel -O2, CMake -O3"]


def test_O3_added_on_the_bazel_side_is_one_flag_drift(rf, tree, tmp_path, m55_facts):
    # As if cc/nn/BUILD had copts += ["-O3"]: the aspect would append it to each compile.
    facts = _edit_facts(m55_facts, tmp_path, lambda nn: nn["compile"]["c"]["flags"].append("-O3"))
    result = _check(rf, tree, tmp_path / "build", facts)
    assert result.drift == [f"DRIFT {NN} [{CONFIG}]: flag -O differs: Bazel -O3, CMake -O2"]


def test_source_added_on_the_bazel_side_only_is_reported_missing_in_cmake(rf, tree, tmp_path, m55_facts):
    new = "cc/nn/src/arm_new_kernel_s8.c"

    def add_source(nn):
        nn["srcs"].append({"path": new, "short_path": new, "generated": False, "language": "c"})

    facts = _edit_facts(m55_facts, tmp_path, add_source)
    result = _check(rf, tree, tmp_path / "build", facts)
    assert result.drift == [f"DRIFT {NN} [{CONFIG}]: source {new} only in Bazel (CMake lacks it)"]


def test_source_added_on_the_cmake_side_only_is_drift_naming_file_and_target(rf, tree, tmp_path, m55_facts):
    # The file exists only for CMake: it is in no Bazel target, so the test's tree (Bazel's
    # files) lacks it and CMake cannot even configure. That is still drift, not a broken check.
    kept = next(s["short_path"] for s in _nn_facts(m55_facts)["srcs"] if s["short_path"].endswith(".c"))
    new = "cc/nn/src/arm_cmake_only_s8.c"
    targets = tree / "cmake/bazel_targets.cmake"
    text = targets.read_text()
    targets.write_text(re.sub(rf"(?<=[\s(]){re.escape(kept)}(?=[\s)])", f"{kept} {new}", text))
    assert targets.read_text() != text and not (tree / new).exists()

    result = _check(rf, tree, tmp_path / "build", m55_facts)
    assert result.drift == [f"DRIFT {NN} [{CONFIG}]: source {new} only in CMake (Bazel lacks it)"]
    assert not (tree / new).exists(), "the check must not write into the tree it checks"


def test_define_added_on_the_cmake_side_names_the_target(rf, tree, tmp_path, m55_facts):
    with (tree / "CMakeLists.txt").open("a") as cmake:
        cmake.write("target_compile_definitions(cortex_m_ops PRIVATE EXTRA_CHECKS=1)\n")
    result = _check(rf, tree, tmp_path / "build", m55_facts)
    assert result.drift == [
        f"DRIFT //cc/ops:cortex_m_ops [{CONFIG}]: define -DEXTRA_CHECKS=1 only in CMake (Bazel lacks it)"]


def test_toolchain_file_drift_is_reported_for_every_target(rf, tree, tmp_path, m55_facts):
    toolchain = tree / "toolchains/arm-none-eabi.cmake"
    original = toolchain.read_text()
    changed = original.replace("-mcpu=cortex-m55 -mfloat-abi=hard", "-mcpu=cortex-m55 -mfloat-abi=softfp")
    assert changed != original, "the toolchain file no longer spells the M55 flags as this test expects"
    toolchain.write_text(changed)
    result = _check(rf, tree, tmp_path / "build", m55_facts)
    assert result.drift
    assert all("-mfloat-abi differs: Bazel -mfloat-abi=hard, CMake -mfloat-abi=softfp" in line
               for line in result.drift), result.text()
    assert any(line.startswith(f"DRIFT {NN} ") for line in result.drift)
    assert any("link-flag -mfloat-abi" in line for line in result.drift)  # the firmware link


def test_allowlisted_drift_passes_and_is_listed(rf, tree, tmp_path, m55_facts):
    with (tree / "CMakeLists.txt").open("a") as cmake:
        cmake.write("target_compile_options(cmsis_nn PRIVATE -O3)\n")
    allowlist = tmp_path / "allowlist.txt"
    allowlist.write_text(rf.workspace_file(ALLOWLIST).read_text()
                         + f"{NN} {CONFIG} flag:-O  a reason: measured faster\n")
    result = _check(rf, tree, tmp_path / "build", m55_facts, allowlist)
    assert result.ok, result.text()
    assert result.accepted == [f"{NN} [{CONFIG}]: flag -O differs: Bazel -O2, CMake -O3"]


def test_allowlist_line_that_matches_nothing_fails(rf, tree, tmp_path, m55_facts):
    allowlist = tmp_path / "allowlist.txt"
    allowlist.write_text(f"{NN} {CONFIG} flag:-O  no longer true\n")
    result = _check(rf, tree, tmp_path / "build", m55_facts, allowlist)
    assert not result.ok
    assert result.stale_allowlist == [
        f"STALE allowlist line 1 ({NN} {CONFIG} flag:-O) matches no difference: remove it"]


def test_command_line_exits_1_and_prints_the_diagnosis_first(rf, tree, tmp_path, m55_facts):
    with (tree / "CMakeLists.txt").open("a") as cmake:
        cmake.write("target_compile_options(cmsis_nn PRIVATE -O3)\n")
    cache = [f"--cmake-cache={key}={value}" for key, value in cmake_cache(rf).items()]
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("parity.py")), "--source-dir", str(tree),
         "--facts", str(m55_facts), "--configs", CONFIG, "--work-dir", str(tmp_path / "build"),
         "--allowlist", str(rf.workspace_file(ALLOWLIST)), *cache],
        capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[0] == f"DRIFT {NN} [{CONFIG}]: flag -O differs: Bazel -O2, CMake -O3"
