"""The workspace files the CMake build reads, rebuilt inside a Bazel test from its runfiles.

The test cannot read the workspace directly (that would hide its inputs from Bazel's cache
key), so every file it configures or builds is data: the CMake files, and the C/C++ sources,
headers, linker script and generator scripts the bazel_cc_facts targets list. External files
(the FlatBuffers headers, the executorch schema and operators.yaml) are passed to CMake by
their runfiles path instead of being copied into the tree.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from facts import table_configs
from runfiles import runfiles

WORKSPACE = "m55ml"
CONFIGS = table_configs()
CMAKE_ENTRY_FILES = ("CMakeLists.txt", "toolchains/arm-none-eabi.cmake")
ALLOWLIST = "tests/parity/allowlist.txt"


class Runfiles:
    def __init__(self) -> None:
        self._runfiles = runfiles.Create()

    def path(self, name: str) -> Path:
        """The runfile `name` (`<repository>/<path>`); fails if the test does not have it."""
        location = self._runfiles.Rlocation(name)
        if not location or not os.path.exists(location):
            raise FileNotFoundError(f"{name} is not in this test's runfiles: add it to `data`")
        return Path(location)

    def workspace_file(self, path: str) -> Path:
        return self.path(f"{WORKSPACE}/{path}")


def facts_files(rf: Runfiles, configs=CONFIGS) -> list[Path]:
    return [rf.workspace_file(f"tests/parity/bazel_{config}.json") for config in configs]


def cmake_cache(rf: Runfiles) -> dict[str, str]:
    """Cache entries pointing CMake at the runfiles copies of the external inputs."""
    return {
        "M55ML_PTE_SCHEMA_DIR": str(rf.path("m55ml_env/schema/program.fbs").parent),
        "M55ML_CORTEX_M_OPERATORS_YAML": str(rf.path("m55ml_env/cortex_m/operators.yaml")),
        "M55ML_PORTABLE_FUNCTIONS_YAML": str(rf.path("m55ml_env/portable/functions.yaml")),
        "M55ML_NATIVE_FUNCTIONS_YAML": str(rf.path("m55ml_env/native/native_functions.yaml")),
        "M55ML_FLATBUFFERS_INCLUDE_DIR": str(rf.path("flatbuffers/flatbuffers.h").parent),
    }


def materialize(rf: Runfiles, destination: Path, facts: list[Path] | None = None) -> Path:
    """Copies the CMake files and every workspace file the facts list into `destination`."""
    names = set(CMAKE_ENTRY_FILES)
    cmake_dir = rf.workspace_file("CMakeLists.txt").parent / "cmake"
    names |= {f"cmake/{p.name}" for p in cmake_dir.glob("*.cmake")}
    for path in facts or facts_files(rf):
        names |= {f for f in json.loads(path.read_text())["files"] if not f.startswith("../")}
    for name in sorted(names):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(rf.workspace_file(name), target)
    return destination
