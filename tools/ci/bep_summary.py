"""Summarise a Bazel build-event (BEP) JSON file: per-test status, totals and cache hits.

    python3 tools/ci/bep_summary.py EVENTS.json [--checks CHECKS.txt]

Prints every test target with its status, then `N passed, N failed` on a line of its own (a
target that failed to build, timed out or flaked counts as failed). CI checks that run outside
`bazel test` (style, cache, reproducibility) add their `PASSED name: ...` / `FAILED name: ...`
lines from CHECKS.txt to the count. Exit status 1 when anything failed or no test ran.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

PASSING = {"PASSED"}


def read_events(path: Path) -> list[dict]:
    events = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line:
            events.append(json.loads(line))
    return events


def test_statuses(events: list[dict]) -> dict[str, str]:
    """Overall status per test target; targets that never got a summary failed to build."""
    statuses: dict[str, str] = {}
    for event in events:
        event_id = event.get("id", {})
        if "testSummary" in event_id:
            label = event_id["testSummary"]["label"]
            statuses[label] = event.get("testSummary", {}).get("overallStatus", "NO_STATUS")
        elif "targetCompleted" in event_id:
            completed = event.get("completed", {})
            label = event_id["targetCompleted"]["label"]
            is_test = completed.get("testSize") is not None or "testTimeoutSeconds" in completed
            if is_test and not completed.get("success", False):
                statuses.setdefault(label, "FAILED_TO_BUILD")
        elif "targetConfigured" in event_id:
            configured = event.get("configured", {})
            if configured.get("testSize"):
                statuses.setdefault(event_id["targetConfigured"]["label"], "NO_STATUS")
    return statuses


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", type=Path)
    parser.add_argument("--checks", type=Path, help="results of CI checks outside bazel test")
    args = parser.parse_args(argv)
    statuses = test_statuses(read_events(args.events))
    if args.checks and args.checks.exists():
        for line in args.checks.read_text().splitlines():
            verdict, _, rest = line.partition(" ")
            name = rest.split(":", 1)[0].strip()
            if verdict in ("PASSED", "FAILED") and name:
                statuses[f"ci:{name}"] = verdict
    passed = sorted(label for label, status in statuses.items() if status in PASSING)
    failed = sorted(label for label, status in statuses.items() if status not in PASSING)
    for label in passed:
        print(f"  PASSED  {label}")
    for label in failed:
        print(f"  {statuses[label]:<7} {label}")
    print(f"{len(passed)} passed, {len(failed)} failed")
    return 0 if passed and not failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
