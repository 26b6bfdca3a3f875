"""The core and board tables (platforms/cores.bzl, cc/boards/boards.bzl), read from Python.

Both files are Starlark that is also valid Python (literals, arithmetic, no load()), so they are
executed in an empty namespace rather than parsed a second way.
"""

from __future__ import annotations

from pathlib import Path

CORES_BZL = "platforms/cores.bzl"
BOARDS_BZL = "cc/boards/boards.bzl"


def _load(path: Path) -> dict:
    namespace: dict = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)  # noqa: S102 - our own table
    return namespace


def cores(root: Path) -> dict[str, dict]:
    return _load(root / CORES_BZL)["CORES"]


def export_target_isa(root: Path) -> dict[str, str]:
    return _load(root / CORES_BZL)["EXPORT_TARGET_ISA"]


def boards(root: Path) -> dict[str, dict]:
    return _load(root / BOARDS_BZL)["BOARDS"]


def core_flags(core: dict) -> list[str]:
    """Same as core_flags() in platforms/cores.bzl."""
    return ["-mcpu=" + core["mcpu"], "-mfloat-abi=" + core["float_abi"], "-mthumb"]
