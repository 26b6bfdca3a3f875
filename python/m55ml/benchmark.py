"""Export benchmark (not a test): wall time and peak memory of `python -m m55ml export`.

    bazel run //python:export_benchmark -- [--models mv2,digits] [--repeat 2] [--output FILE]
    python -m m55ml.benchmark ...          (from python/, with the venv's interpreter)

Each export runs in a fresh interpreter, exactly as the pte_model action runs it, so the time
includes importing torch/executorch and the peak RSS is that process's alone. Results go to a
JSON file (default export_benchmark.json in the directory bazel run was started from) and to
stdout. Anchor on this machine kind: MV2 about 17-27 s and 570 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_MODELS = ("mv2", "mv3s", "dscnn", "digits")


@dataclass(frozen=True)
class Measurement:
    model: str
    target: str
    wall_seconds: list[float]
    peak_rss_mb: list[float]
    pte_bytes: int
    planned_memory_bytes: int

    def summary(self) -> dict[str, object]:
        row = asdict(self)
        row["wall_seconds_median"] = round(statistics.median(self.wall_seconds), 2)
        row["peak_rss_mb_max"] = round(max(self.peak_rss_mb), 1)
        return row


def _package_root() -> str:
    # The directory holding the m55ml package, for the child interpreter's sys.path.
    return str(Path(__file__).resolve().parent.parent)


def _run_export(model: str, target: str, workdir: Path) -> tuple[float, float]:
    """One export in a child process: (wall seconds, peak RSS in MB)."""
    outputs = {
        "--pte": workdir / "model.pte",
        "--manifest": workdir / "manifest.json",
        "--input-bin": workdir / "input.bin",
        "--reference-output-bin": workdir / "reference_output.bin",
    }
    command = [sys.executable, "-m", "m55ml", "export", "--model", model, "--target", target]
    command += ["--scratch-home"]
    for flag, path in outputs.items():
        command += [flag, str(path)]
    env = dict(os.environ, PYTHONPATH=_package_root(), OMP_NUM_THREADS="1", PYTHONHASHSEED="0")
    start = time.monotonic()
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
    # wait4 gives this child's own resource usage (ru_maxrss in KiB on Linux).
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"export of {model} failed ({process.returncode}):\n{stderr}")
    return wall, usage.ru_maxrss / 1024.0


def measure(model: str, target: str, repeat: int) -> Measurement:
    walls, rss = [], []
    with tempfile.TemporaryDirectory(prefix="m55ml-bench-") as tmp:
        workdir = Path(tmp)
        for _ in range(repeat):
            wall, peak = _run_export(model, target, workdir)
            walls.append(round(wall, 2))
            rss.append(round(peak, 1))
        manifest = json.loads((workdir / "manifest.json").read_text())
    return Measurement(
        model=model,
        target=target,
        wall_seconds=walls,
        peak_rss_mb=rss,
        pte_bytes=manifest["pte"]["bytes"],
        planned_memory_bytes=manifest["memory"]["planned_total_bytes"],
    )


def _default_output() -> Path:
    # Under `bazel run` the working directory is the runfiles tree; write where the user is.
    base = os.environ.get("BUILD_WORKING_DIRECTORY", os.getcwd())
    return Path(base) / "export_benchmark.json"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS))
    parser.add_argument("--target", default="cortex-m55")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    output = args.output or _default_output()
    if not output.is_absolute() and "BUILD_WORKING_DIRECTORY" in os.environ:
        output = Path(os.environ["BUILD_WORKING_DIRECTORY"]) / output

    rows = []
    header = f"{'model':8} {'target':11} {'wall s (median)':>16} {'peak RSS MB':>12}"
    print(f"{header} {'pte bytes':>10}")
    for model in args.models.split(","):
        row = measure(model, args.target, args.repeat).summary()
        rows.append(row)
        print(
            f"{model:8} {args.target:11} {row['wall_seconds_median']:>16} "
            f"{row['peak_rss_mb_max']:>12} {row['pte_bytes']:>10}",
            flush=True,
        )
    report = {
        "benchmark": "m55ml export",
        "host": {"machine": platform.machine(), "cpus": os.cpu_count()},
        "results": rows,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
