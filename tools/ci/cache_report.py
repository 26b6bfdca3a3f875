"""Report remote-cache use of two `bazel test` runs (cold, then warm after clean --expunge).

    python3 tools/ci/cache_report.py COLD.log WARM.log COLD_SECONDS WARM_SECONDS

Reads Bazel's closing `INFO: N processes: ...` line of each log. Every process that is not
`internal` is a cacheable action; in the warm run each of them must be a `remote cache hit`.
Exit status 1 when one missed. Standard library only.
"""

from __future__ import annotations

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


def main(argv: list[str]) -> int:
    cold_log, warm_log, cold_seconds, warm_seconds = argv
    cold = parse_processes(Path(cold_log).read_text())
    warm = parse_processes(Path(warm_log).read_text())
    cold_s, warm_s = float(cold_seconds), float(warm_seconds)
    print(f"cold run: {cold_s:.1f} s, {cold.cacheable} cacheable actions ({cold.by_kind})")
    rate = 100.0 * warm.remote_hits / warm.cacheable if warm.cacheable else 100.0
    print(f"warm run: {warm_s:.1f} s, {warm.remote_hits}/{warm.cacheable} cacheable actions "
          f"were remote cache hits ({rate:.1f}%)")
    if cold_s > 0:
        print(f"warm/cold wall time: {100.0 * warm_s / cold_s:.0f}% (goal <= 25%)")
    missed = warm.cacheable - warm.remote_hits
    if missed:
        print(f"cache: FAIL: {missed} cacheable actions missed the remote cache ({warm.by_kind})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
