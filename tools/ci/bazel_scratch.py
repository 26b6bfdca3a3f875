"""Helpers for CI checks that run Bazel on a scratch copy of this workspace.

A scratch workspace is a copy of the tracked files (plus .bootstrap/env.txt) at another path,
built with its own output base, so a check can clean, break and rebuild without touching the
developer's or the main CI run's state. Standard library only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Self

REPO = Path(__file__).resolve().parents[2]


class CheckFailed(Exception):
    """A CI check found what it guards against."""


def copy_workspace(destination: Path) -> Path:
    """Copies the tracked files (as in the working tree), the bootstrap record and its sandbox
    setting."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=REPO, capture_output=True, check=True).stdout.split(b"\0")
    for name in files:
        if not name:
            continue
        source = REPO / name.decode()
        if not source.is_file():
            continue
        target = destination / name.decode()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    (destination / ".bootstrap").mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / ".bootstrap/env.txt", destination / ".bootstrap/env.txt")
    if (REPO / ".bootstrap/sandbox.bazelrc").is_file():
        shutil.copy2(REPO / ".bootstrap/sandbox.bazelrc", destination / ".bootstrap/sandbox.bazelrc")
    return destination


@dataclass
class Bazel:
    workspace: Path
    output_base: Path
    env: dict[str, str] | None = None

    def run(self, *args: str, check: bool = True, log: Path | None = None) -> subprocess.CompletedProcess:
        cmd = ["bazel", f"--output_base={self.output_base}", *args]
        environment = dict(os.environ, **(self.env or {}))
        proc = subprocess.run(cmd, cwd=self.workspace, env=environment, capture_output=True,
                              text=True, check=False)
        if log is not None:
            log.write_text(proc.stdout + proc.stderr)
        if check and proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-25:])
            raise CheckFailed(f"`{' '.join(cmd[1:])}` failed ({proc.returncode}):\n{tail}")
        return proc

    def start(self, *args: str, log: Path) -> subprocess.Popen:
        cmd = ["bazel", f"--output_base={self.output_base}", *args]
        environment = dict(os.environ, **(self.env or {}))
        handle = log.open("w")
        return subprocess.Popen(cmd, cwd=self.workspace, env=environment, stdout=handle,
                                stderr=subprocess.STDOUT, text=True)

    def shutdown(self) -> None:
        self.run("shutdown", check=False)


def cpu_seconds() -> float | None:
    """CPU seconds used so far in .ci/run's cgroup (M55ML_CI_CPU_USAGE: cgroup v1 cpuacct.usage
    or v2 cpu.stat), which counts the Bazel servers and caches a check starts; None outside it."""
    usage = os.environ.get("M55ML_CI_CPU_USAGE", "")
    try:
        if usage.endswith("cpuacct.usage"):
            return int(Path(usage).read_text()) / 1e9
        if usage.endswith("cpu.stat"):
            fields = dict(line.split() for line in Path(usage).read_text().splitlines())
            return int(fields["usage_usec"]) / 1e6
    except (OSError, KeyError, ValueError):
        pass
    return None


def cost(start: float, cpu_start: float | None) -> str:
    """`N s` of wall time since `start` (time.monotonic), plus `, CPU N s` inside the cgroup."""
    text = f"{time.monotonic() - start:.0f} s"
    cpu = cpu_seconds()
    if cpu is not None and cpu_start is not None:
        text += f", CPU {cpu - cpu_start:.0f} s"
    return text


def execution_log(path: Path) -> list[dict]:
    """Spawns of an --execution_log_json_file (concatenated JSON objects)."""
    decoder = json.JSONDecoder()
    text = path.read_text()
    spawns, position = [], 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return spawns
        spawn, position = decoder.raw_decode(text, position)
        spawns.append(spawn)


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise CheckFailed(f"timed out after {timeout:g} s waiting for {what}")


class HttpCache:
    """tools/cache/http_cache.sh as a context manager, in its own directory.

    `url` carries the writer's credentials (what CI uploads with); `read_url` is anonymous and
    can only read.
    """

    def __init__(self, directory: Path, workspace: Path):
        self.directory = directory
        self.script = workspace / "tools/cache/http_cache.sh"
        self.url = ""
        self.read_url = ""

    def start(self) -> str:
        proc = subprocess.run(["bash", str(self.script), "start", str(self.directory)],
                              check=False, capture_output=True, text=True)
        if proc.returncode != 0:
            raise CheckFailed(f"the nginx cache did not start: {proc.stdout}{proc.stderr}")
        self.read_url = (self.directory / "url").read_text().strip()
        self.url = (self.directory / "writer.url").read_text().strip()
        return self.url

    def stop(self) -> None:
        subprocess.run(["bash", str(self.script), "stop", str(self.directory)], check=False,
                       capture_output=True, text=True)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
