"""Runs a command beside other CPU-bound jobs: how CI's time on a busy runner is measured.

    python3 tools/ci/with_load.py --jobs 5 [--threads 2] [--report FILE] -- bash .ci/run

Starts --jobs other jobs, each --threads processes spinning on the CPU at normal priority, and
each in a session of its own, as other builds on a shared runner are: Linux's scheduler
(autogroup, and a container's cgroup likewise) shares the CPU between sessions before threads,
so eight spinners in one session load the machine like one job, not eight (a Bazel server runs
in a session of its own, so CI's actions compete as one more job). Runs the command, stops the
jobs, and prints one line: the command's wall time, its exit status and the load average sampled
every 10 s (mean, min, max). Exits with the command's status. docs/ci.md gives the figures
measured this way. Standard library only.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path


def _job(threads: int) -> None:
    """One other job: a new session with `threads` spinning processes."""
    os.setsid()
    spinners = [multiprocessing.Process(target=_spin) for _ in range(threads - 1)]
    for spinner in spinners:
        spinner.start()
    _spin()


def _spin() -> None:
    while True:
        pass


def _sample_load(samples: list[float], done: threading.Event, every: float) -> None:
    while not done.wait(every):
        samples.append(os.getloadavg()[0])


def run_with_load(
    command: list[str], jobs: int, threads: int, every: float = 10.0
) -> tuple[int, float, list[float]]:
    others = [
        multiprocessing.Process(target=_job, args=(threads,)) for _ in range(jobs)
    ]
    for job in others:
        job.start()
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
        for job in others:
            os.killpg(job.pid, signal.SIGKILL)  # the job's session: it and its spinners
            job.join()
    return status, seconds, samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, required=True, help="other jobs beside COMMAND")
    parser.add_argument("--threads", type=int, default=2, help="spinning processes per job (default 2)")
    parser.add_argument(
        "--report", type=Path, help="also append the summary line to this file"
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG...]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command after --, e.g. -- bash .ci/run")
    if args.jobs < 0 or args.threads < 1:
        parser.error(
            f"--jobs {args.jobs} --threads {args.threads}: give 0 or more jobs of 1 or more threads"
        )
    status, seconds, samples = run_with_load(command, args.jobs, args.threads)
    if samples:
        load = f"load average {sum(samples) / len(samples):.1f} (min {min(samples):.1f}, max {max(samples):.1f})"
    else:
        load = "load average not sampled (under 10 s)"
    line = (
        f"with_load: {' '.join(command)}: {seconds:.0f} s wall, exit {status}, beside {args.jobs} "
        f"other jobs of {args.threads} spinning processes on {os.cpu_count()} CPUs, {load}"
    )
    print(line, flush=True)
    if args.report:
        with args.report.open("a") as report:
            report.write(line + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
