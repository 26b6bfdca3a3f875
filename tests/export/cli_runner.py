"""Runs the deployed exporter (//python:export_cli, what pte_model runs) in a subprocess."""

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


def exporter() -> str:
    location = runfiles.Create().Rlocation("m55ml/python/export_cli")
    if location is None or not Path(location).exists():
        raise FileNotFoundError("//python:export_cli is not in this test's runfiles")
    return location


def export_args(model: str, out_dir: Path, *extra: str, eval_set: bool = False) -> list[str]:
    args = ["export", "--model", model, *extra]
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
        timeout=600,
        check=False,
    )
