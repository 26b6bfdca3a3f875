"""Export benchmark (not a test): wall time and peak memory, one-shot vs persistent worker.

    bazel run //python:export_benchmark -- [--models digits,dscnn,autoencoder] [--repeat 3]
        [--burst 10] [--burst-models autoencoder,sequence,...] [--output FILE]
    python -m m55ml.benchmark ...          (from python/, with the venv's interpreter)

Per model:
  one-shot  each export in a fresh interpreter, as the pte_model action runs without a worker:
            the time includes importing torch/executorch; peak RSS is that process's (wait4).
  worker    one fresh worker (`python -m m55ml --persistent_worker`, spoken to through Bazel's
            worker protocol): the first answer (start-up, imports and the export), then
            `--repeat` warm exports; peak RSS per warm export is the worker's VmHWM, reset
            before each request (/proc/PID/clear_refs), and the worker's whole-life peak (wait4).
Then `--burst` exports in a row, cycling through `--burst-models` (default: the tiny examples):
fresh interpreters one after the other vs one worker answering them all (its start-up
included). A model is a name of MODELS below or any `package.module:function` entry point
importable from the workspace root.

Results go to a JSON file (default export_benchmark.json in the directory bazel run was started
from) and to stdout as a table.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from m55ml.action_env import ACTION_ENV

# name -> (entry point, extra export flags): the built-in models and the tiny examples.
MODELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "digits": ("models.digits.digits_cnn:build", ()),
    "dscnn": ("models.ds_cnn.ds_cnn:build", ()),
    "autoencoder": ("examples.autoencoder.model:build", ()),
    "batch2": ("examples.batch2.model:build", ("--input-shape", "2,1,9,9")),
    "int8_io": ("examples.int8_io.model:build", ("--int8-io",)),
    "sequence": ("examples.sequence.model:build", ()),
    "tconv_decoder": ("examples.tconv_decoder.model:build", ()),
}
DEFAULT_MODELS = ("digits", "dscnn", "autoencoder")
TINY_MODELS = ("autoencoder", "batch2", "int8_io", "sequence", "tconv_decoder")

def _package_root() -> str:
    # The directory holding the m55ml package, for the child interpreter's sys.path.
    return str(Path(__file__).resolve().parent.parent)


def _workspace_root() -> str:
    # python/m55ml/benchmark.py in the workspace (or its runfiles copy): models import from here.
    return str(Path(__file__).resolve().parents[2])


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=_package_root(), **ACTION_ENV)


def _export_arguments(model: str, target: str, workdir: Path) -> list[str]:
    entry, extra = MODELS.get(model, (model, ()))
    arguments = ["export", "--model-entry", entry, "--python-path", _workspace_root(), *extra]
    arguments += ["--name", model, "--target", target, "--scratch-home"]
    outputs = {
        "--pte": "model.pte",
        "--manifest": "manifest.json",
        "--input-bin": "input.bin",
        "--reference-output-bin": "reference_output.bin",
    }
    for flag, name in outputs.items():
        arguments += [flag, str(workdir / f"{model.replace(':', '_')}-{name}")]
    return arguments


def _mb(kib: float) -> float:
    return round(kib / 1024.0, 1)


def _one_shot(model: str, target: str, workdir: Path) -> tuple[float, float]:
    """One export in a fresh interpreter: (wall seconds, peak RSS in MB)."""
    command = [sys.executable, "-m", "m55ml", *_export_arguments(model, target, workdir)]
    start = time.monotonic()
    process = subprocess.Popen(command, env=_env(), stderr=subprocess.PIPE)
    # wait4 gives this child's own resource usage (ru_maxrss in KiB on Linux).
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"export of {model} failed:\n{stderr}")
    return wall, _mb(usage.ru_maxrss)


class _Worker:
    """A persistent worker, started and spoken to the way Bazel does."""

    def __init__(self, log: Path) -> None:
        from m55ml.worker import protocol_messages

        self._request_class, self._response_class = protocol_messages()
        self._log = log.open("wb")
        command = [sys.executable, "-m", "m55ml", "--persistent_worker"]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, env=_env()
        )

    def export(self, model: str, target: str, workdir: Path) -> tuple[float, float | None]:
        """(wall seconds, peak RSS of this request in MB, None if it cannot be isolated)."""
        from m55ml.worker import read_request, write_message

        peak_reset = self._reset_peak()
        start = time.monotonic()
        request = self._request_class(arguments=_export_arguments(model, target, workdir))
        write_message(self.process.stdin, request)
        response = read_request(self.process.stdout, self._response_class)
        wall = time.monotonic() - start
        if response is None or response.exit_code != 0:
            output = response.output if response is not None else "(worker exited)"
            raise SystemExit(f"worker export of {model} failed:\n{output}")
        return wall, self._peak_mb() if peak_reset else None

    def _reset_peak(self) -> bool:
        # Writing 5 to clear_refs resets the process's peak RSS (VmHWM) to its current RSS.
        try:
            Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")
        except OSError:
            return False
        return True

    def _peak_mb(self) -> float | None:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return _mb(float(line.split()[1]))
        return None

    def close(self) -> float:
        """Stops the worker; returns its whole-life peak RSS in MB."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        _, _, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = 0
        self._log.close()
        return _mb(usage.ru_maxrss)


@dataclass
class ModelResult:
    model: str
    target: str
    one_shot_seconds: list[float] = field(default_factory=list)
    one_shot_peak_rss_mb: list[float] = field(default_factory=list)
    worker_first_seconds: float = 0.0
    worker_warm_seconds: list[float] = field(default_factory=list)
    worker_warm_peak_rss_mb: list[float | None] = field(default_factory=list)
    worker_lifetime_peak_rss_mb: float = 0.0
    pte_bytes: int = 0

    def summary(self) -> dict[str, Any]:
        row: dict[str, Any] = dict(self.__dict__)
        row["one_shot_seconds_median"] = round(statistics.median(self.one_shot_seconds), 2)
        row["worker_warm_seconds_median"] = round(statistics.median(self.worker_warm_seconds), 2)
        row["speedup_warm"] = round(
            row["one_shot_seconds_median"] / row["worker_warm_seconds_median"], 1
        )
        return row


def measure_model(model: str, target: str, repeat: int, workdir: Path) -> ModelResult:
    result = ModelResult(model, target)
    for _ in range(repeat):
        wall, peak = _one_shot(model, target, workdir)
        result.one_shot_seconds.append(round(wall, 2))
        result.one_shot_peak_rss_mb.append(peak)
    worker = _Worker(workdir / f"worker-{model}.log")
    wall, _ = worker.export(model, target, workdir)
    result.worker_first_seconds = round(wall, 2)
    for _ in range(repeat):
        wall, peak = worker.export(model, target, workdir)
        result.worker_warm_seconds.append(round(wall, 2))
        result.worker_warm_peak_rss_mb.append(peak)
    result.worker_lifetime_peak_rss_mb = worker.close()
    result.pte_bytes = (workdir / f"{model}-model.pte").stat().st_size
    return result


def measure_burst(models: list[str], target: str, count: int, workdir: Path) -> dict[str, Any]:
    """`count` exports cycling through `models`: fresh interpreters vs one worker."""
    sequence = list(itertools.islice(itertools.cycle(models), count))
    start = time.monotonic()
    for model in sequence:
        _one_shot(model, target, workdir)
    one_shot = time.monotonic() - start
    start = time.monotonic()
    worker = _Worker(workdir / "worker-burst.log")
    for model in sequence:
        worker.export(model, target, workdir)
    worker_seconds = time.monotonic() - start
    peak = worker.close()
    return {
        "exports": sequence,
        "one_shot_seconds": round(one_shot, 1),
        "worker_seconds": round(worker_seconds, 1),
        "speedup": round(one_shot / worker_seconds, 1),
        "worker_lifetime_peak_rss_mb": peak,
    }


def _default_output() -> Path:
    # Under `bazel run` the working directory is the runfiles tree; write where the user is.
    base = os.environ.get("BUILD_WORKING_DIRECTORY", os.getcwd())
    return Path(base) / "export_benchmark.json"


def _print_row(row: dict[str, Any]) -> None:
    warm_peak = max((p for p in row["worker_warm_peak_rss_mb"] if p is not None), default="-")
    print(
        f"{row['model']:8} {row['one_shot_seconds_median']:>10} {row['worker_first_seconds']:>12} "
        f"{row['worker_warm_seconds_median']:>12} {row['speedup_warm']:>7}x "
        f"{max(row['one_shot_peak_rss_mb']):>11} {warm_peak:>13} "
        f"{row['worker_lifetime_peak_rss_mb']:>11} {row['pte_bytes']:>10}",
        flush=True,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS))
    parser.add_argument("--target", default="cortex-m55")
    parser.add_argument("--repeat", type=int, default=2, help="exports per model and way")
    parser.add_argument("--burst", type=int, default=10, help="exports in a row (0: skip)")
    parser.add_argument("--burst-models", default=",".join(TINY_MODELS),
                        help="models the burst cycles through (default: the tiny examples)")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    output = args.output or _default_output()
    if not output.is_absolute() and "BUILD_WORKING_DIRECTORY" in os.environ:
        output = Path(os.environ["BUILD_WORKING_DIRECTORY"]) / output
    models = args.models.split(",")

    print(
        f"{'model':8} {'one-shot s':>10} {'worker 1st s':>12} {'worker warm s':>12} "
        f"{'speedup':>8} {'one-shot MB':>11} {'worker req MB':>13} {'worker MB':>11} "
        f"{'pte bytes':>10}"
    )
    rows = []
    burst = None
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="m55ml-bench-") as tmp:
        workdir = Path(tmp)
        for model in models:
            row = measure_model(model, args.target, args.repeat, workdir).summary()
            rows.append(row)
            _print_row(row)
        if args.burst > 0:
            burst_models = args.burst_models.split(",")
            burst = measure_burst(burst_models, args.target, args.burst, workdir)
            print(
                f"{args.burst} exports in a row ({','.join(burst_models)} in turn): one-shot "
                f"{burst['one_shot_seconds']} s, one worker {burst['worker_seconds']} s: "
                f"{burst['speedup']}x faster; worker peak RSS "
                f"{burst['worker_lifetime_peak_rss_mb']} MB",
                flush=True,
            )
    report = {
        "benchmark": "m55ml export, one-shot vs persistent worker",
        "host": {
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "results": rows,
        "burst": burst,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
