"""Runs a command beside CPU-bound load: how CI's time on a busy runner is measured.

    python3 tools/ci/with_load.py --busy 6 [--report FILE] -- bash .ci/run

Starts --busy processes that spin on the CPU at normal priority (what other jobs' compilers do
to a shared runner), runs the command, stops them, and prints one line: the command's wall time,
its exit status and the load average sampled every 10 s (mean, min, max). Exits with the
command's status. docs/ci.md gives the figures measured this way. Standard library only.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path


def _spin() -> None:
    while True:
        pass


def _sample_load(samples: list[float], done: threading.Event, every: float) -> None:
    while not done.wait(every):
        samples.append(os.getloadavg()[0])


def run_with_load(
    command: list[str], busy: int, every: float = 10.0
) -> tuple[int, float, list[float]]:
    spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(busy)]
    for spinner in spinners:
        spinner.start()
    samples: list[float] = []
    done = threading.Event()
    sampler = threading.Thread(
        target=_sample_load, args=(samples, done, every), daemon=True
    )
    sampler.start()
    start = time.monotonic()
    try:
        status = subprocess.call(command)
    finally:
        seconds = time.monotonic() - start
        done.set()
        for spinner in spinners:
            spinner.terminate()
        for spinner in spinners:
            spinner.join()
    return status, seconds, samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--busy", type=int, required=True, help="spinning processes beside COMMAND"
    )
    parser.add_argument(
        "--report", type=Path, help="also append the summary line to this file"
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG...]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command after --, e.g. -- bash .ci/run")
    if args.busy < 0:
        parser.error(f"--busy {args.busy}: give 0 or more spinning processes")
    status, seconds, samples = run_with_load(command, args.busy)
    if samples:
        load = f"load average {sum(samples) / len(samples):.1f} (min {min(samples):.1f}, max {max(samples):.1f})"
    else:
        load = "load average not sampled (under 10 s)"
    line = (
        f"with_load: {' '.join(command)}: {seconds:.0f} s wall, exit {status}, beside {args.busy} "
        f"spinning processes on {os.cpu_count()} CPUs, {load}"
    )
    print(line, flush=True)
    if args.report:
        with args.report.open("a") as report:
            report.write(line + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
