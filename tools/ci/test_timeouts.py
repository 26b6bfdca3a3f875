"""Every test must finish well inside its timeout, so a loaded runner does not time it out.

    python3 tools/ci/test_timeouts.py EVENTS.json [--results CHECKS.txt] [--fail-at 0.5]

Reads a build-event file of `bazel test` (.ci/run's cold run: every test really runs) and, per
test, its run time (testAttemptDurationMillis, the longest attempt) and its timeout
(testTimeoutSeconds: from `size`, or `timeout`). On this project's 2-core runners a busy machine
runs tests about 4 times slower than an idle one (programs_test: 20 s idle, over 60 s loaded),
so a test that already uses half its timeout here will time out there. Prints the tests with
the least headroom; appends `PASSED test_timeouts_have_headroom: ...` or `FAILED ...` (any test
above --fail-at of its timeout) to CHECKS.txt. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def read_events(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def durations_and_timeouts(events: list[dict]) -> dict[str, tuple[float, float]]:
    seconds: dict[str, float] = {}
    timeouts: dict[str, float] = {}
    for event in events:
        event_id = event.get("id", {})
        if "testResult" in event_id:
            label = event_id["testResult"]["label"]
            millis = float(event.get("testResult", {}).get("testAttemptDurationMillis", 0))
            seconds[label] = max(seconds.get(label, 0.0), millis / 1000)
        elif "targetCompleted" in event_id:
            timeout = event.get("completed", {}).get("testTimeoutSeconds")
            if timeout:
                timeouts[event_id["targetCompleted"]["label"]] = float(timeout)
    return {label: (seconds[label], timeouts[label]) for label in seconds if label in timeouts}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", type=Path)
    parser.add_argument("--results", type=Path)
    parser.add_argument("--fail-at", type=float, default=0.5,
                        help="fail a test that used more than this fraction of its timeout")
    parser.add_argument("--show", type=int, default=8, help="how many of the tightest tests to print")
    args = parser.parse_args(argv)

    tests = durations_and_timeouts(read_events(args.events))
    ranked = sorted(tests.items(), key=lambda item: item[1][0] / item[1][1], reverse=True)
    for label, (took, timeout) in ranked[:args.show]:
        print(f"test_timeouts: {label}: {took:.1f} s of {timeout:.0f} s ({100 * took / timeout:.0f}%)")
    tight = [f"{label} {took:.0f}/{timeout:.0f} s" for label, (took, timeout) in ranked
             if took > args.fail_at * timeout]
    if not tests:
        verdict = "FAILED test_timeouts_have_headroom: no test result with a timeout in the build events"
    elif tight:
        verdict = (f"FAILED test_timeouts_have_headroom: {len(tight)} tests used more than "
                   f"{args.fail_at:.0%} of their timeout (raise their size): {', '.join(tight)}")
    else:
        label, (took, timeout) = ranked[0]
        verdict = (f"PASSED test_timeouts_have_headroom: {len(tests)} tests, each within "
                   f"{args.fail_at:.0%} of its timeout; tightest {label} {took:.0f}/{timeout:.0f} s")
    print(verdict)
    if args.results:
        with args.results.open("a") as results:
            results.write(verdict + "\n")
    return 0 if verdict.startswith("PASSED") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
