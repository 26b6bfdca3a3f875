"""Runs the deployed exporter (//python:export_cli, what pte_model runs) in a subprocess, on
models from this test's runfiles."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from runfiles import runfiles

OUTPUT_FLAGS = {
    "--pte": "model.pte",
    "--manifest": "manifest.json",
    "--input-bin": "input.bin",
    "--reference-output-bin": "reference_output.bin",
}
EVAL_FLAGS = {"--eval-inputs-bin": "eval_inputs.bin", "--eval-labels-bin": "eval_labels.bin"}


def _location(path: str) -> Path:
    location = runfiles.Create().Rlocation(f"m55ml/{path}")
    if location is None or not Path(location).exists():
        raise FileNotFoundError(f"{path} is not in this test's runfiles (add it to data)")
    return Path(location)


def exporter() -> str:
    return str(_location("python/export_cli"))


def workspace_root() -> Path:
    """The runfiles copy of the workspace: the import root of `models.*` and `tests.*`."""
    return _location("tests/export/testmodels/sin_net.py").parents[3]


def built_model_file(name: str) -> Path:
    """A file Bazel built in //models, e.g. "digits_pte.pte" (the target in this test's data)."""
    return _location(f"models/{name}")


def model_file(name: str) -> Path:
    return _location(f"tests/export/testmodels/{name}")


def export_args(entry: str, out_dir: Path, *extra: str, eval_set: bool = False) -> list[str]:
    """`export --model-entry ENTRY` with every output under out_dir; `entry` may also be a
    `.py` file path (then --model-file)."""
    if entry.endswith(".py"):
        args = ["export", "--model-file", entry, *extra]
    else:
        args = ["export", "--model-entry", entry, "--python-path", str(workspace_root()), *extra]
    flags = {**OUTPUT_FLAGS, **(EVAL_FLAGS if eval_set else {})}
    for flag, name in flags.items():
        args += [flag, str(out_dir / name)]
    return args


def run_exporter(
    args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exporter(), *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
