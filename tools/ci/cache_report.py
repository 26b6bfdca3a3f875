"""Report remote-cache use of two `bazel test` runs (cold, then warm after clean --expunge).

    python3 tools/ci/cache_report.py COLD.log WARM.log COLD_SECONDS WARM_SECONDS \
        [--cold-exec COLD.exec.json --warm-exec WARM.exec.json]

Reads Bazel's closing `INFO: N processes: ...` line of each log. Every process that is not
`internal` is a cacheable action; in the warm run each of them must be a `remote cache hit`.
Exit status 1 when one missed. Given both runs' execution logs, it names every action that
missed and the inputs, environment or arguments that differ from the cold run's same action,
which is what changed its cache key; an action its rule declares uncacheable (a test tagged
`local` or `no-remote`, which reads the source tree outside the sandbox) is not cacheable and
is listed, not counted as a miss. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

_PROCESSES = re.compile(r"INFO: (\d+) process(?:es)?(?:: (.*))?\.$")


@dataclass
class ProcessCounts:
    total: int
    by_kind: dict[str, int]

    @property
    def cacheable(self) -> int:
        return self.total - self.by_kind.get("internal", 0)

    @property
    def remote_hits(self) -> int:
        return self.by_kind.get("remote cache hit", 0)


def parse_processes(log: str) -> ProcessCounts:
    found = None
    for line in log.splitlines():
        match = _PROCESSES.search(line.strip())
        if match:
            found = match
    if found is None:
        raise ValueError("no 'INFO: N processes' line: did the build run?")
    by_kind: dict[str, int] = {}
    for part in (found.group(2) or "").split(", "):
        count, _, kind = part.partition(" ")
        if count.isdigit():
            by_kind[kind] = by_kind.get(kind, 0) + int(count)
    return ProcessCounts(total=int(found.group(1)), by_kind=by_kind)


def execution_log(path: Path) -> list[dict]:
    decoder, text, position, spawns = json.JSONDecoder(), path.read_text(), 0, []
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return spawns
        spawn, position = decoder.raw_decode(text, position)
        spawns.append(spawn)


def _key(spawn: dict) -> str:
    """The same action in both runs writes the same first output."""
    outputs = sorted(spawn.get("listedOutputs", []))
    return outputs[0] if outputs else " ".join(spawn.get("commandArgs", [])[:3])


def declared_uncacheable(warm_exec: Path) -> list[str]:
    """Warm-run spawns that missed because their rule forbids remote caching."""
    return [
        f"{s.get('mnemonic')} -> {_key(s)}"
        for s in execution_log(warm_exec)
        if not s.get("remoteCacheHit")
        and (s.get("remotable") is False or s.get("cacheable") is False)
    ]


def explain_misses(cold_exec: Path, warm_exec: Path) -> None:
    cold = {_key(s): s for s in execution_log(cold_exec)}
    for spawn in execution_log(warm_exec):
        if spawn.get("remoteCacheHit"):
            continue
        key = _key(spawn)
        print(f"  missed: {spawn.get('mnemonic')} -> {key}")
        before = cold.get(key)
        if before is None:
            print("    (no action with the same output in the cold run)")
            continue
        inputs = {i["path"]: i.get("digest", {}).get("hash") for i in spawn.get("inputs", [])}
        cold_inputs = {i["path"]: i.get("digest", {}).get("hash") for i in before.get("inputs", [])}
        for path in sorted(set(inputs) | set(cold_inputs)):
            if inputs.get(path) != cold_inputs.get(path):
                print(f"    input {path}: cold {cold_inputs.get(path)} warm {inputs.get(path)}")
        if spawn.get("commandArgs") != before.get("commandArgs"):
            print("    arguments differ")
        if spawn.get("environmentVariables") != before.get("environmentVariables"):
            print("    environment differs")
        if before.get("remotable") is False or before.get("cacheable") is False:
            print("    the cold run did not allow remote caching of it")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cold_log")
    parser.add_argument("warm_log")
    parser.add_argument("cold_seconds")
    parser.add_argument("warm_seconds")
    parser.add_argument("--cold-exec", type=Path)
    parser.add_argument("--warm-exec", type=Path)
    args = parser.parse_args(argv)
    cold_log, warm_log, cold_seconds, warm_seconds = (
        args.cold_log, args.warm_log, args.cold_seconds, args.warm_seconds)
    cold = parse_processes(Path(cold_log).read_text())
    warm = parse_processes(Path(warm_log).read_text())
    cold_s, warm_s = float(cold_seconds), float(warm_seconds)
    have_exec = bool(args.cold_exec and args.warm_exec and args.cold_exec.exists()
                     and args.warm_exec.exists())
    uncacheable = declared_uncacheable(args.warm_exec) if have_exec else []
    cacheable = warm.cacheable - len(uncacheable)
    print(f"cold run: {cold_s:.1f} s, {cold.cacheable} actions ({cold.by_kind})")
    rate = 100.0 * warm.remote_hits / cacheable if cacheable else 100.0
    print(f"warm run: {warm_s:.1f} s, {warm.remote_hits}/{cacheable} cacheable actions "
          f"were remote cache hits ({rate:.1f}%)")
    for name in uncacheable:
        print(f"  not cacheable by declaration (tag local/no-remote), not counted: {name}")
    if cold_s > 0:
        print(f"warm/cold wall time: {100.0 * warm_s / cold_s:.0f}% (goal <= 25%)")
    missed = cacheable - warm.remote_hits
    if missed:
        print(f"cache: FAIL: {missed} cacheable actions missed the remote cache ({warm.by_kind})")
        if have_exec:
            explain_misses(args.cold_exec, args.warm_exec)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
