"""Fail when one build ran the same action twice: the same command line on the same inputs.

    python3 tools/ci/duplicate_actions.py EXEC_LOG.json [--results CHECKS.txt]
                                          [--allowlist tools/ci/duplicate_actions.allowlist]

EXEC_LOG.json is Bazel's --execution_log_json_file of one build (.ci/run writes one for the
cold `bazel test //tests/...`). Two spawns are the same work when their argv and their inputs
(path and digest; params files by path only) are equal once the configuration directory is
taken out of every path
(bazel-out/k8-fastbuild-ST-1a2b.../bin/x -> bazel-out/CFG/bin/x): that happens when a
transition puts a target into a second configuration although nothing it runs changes, e.g. a
whole firmware (and its export) behind a kernel-path flag, or a transition to the current value.

Prints one line per duplicated action (mnemonic, how many times, its outputs' configurations)
and appends `PASSED no_duplicate_actions: ...` or `FAILED no_duplicate_actions: ...` to
CHECKS.txt. Allowlisted duplicates (mnemonic and a glob on the configuration-free output path,
with the reason, one per line) are printed but not counted. Standard library only.
"""

from __future__ import annotations

import argparse
import collections
import fnmatch
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bazel_scratch import execution_log

_CONFIG_DIR = re.compile(r"bazel-out/[^/]+/")


def normalize(path: str) -> str:
    return _CONFIG_DIR.sub("bazel-out/CFG/", path)


def config_of(path: str) -> str:
    match = re.search(r"bazel-out/([^/]+)/", path)
    return match.group(1) if match else "?"


def input_key(entry: dict) -> tuple[str, str]:
    path = normalize(entry.get("path", ""))
    # A params file holds the rest of the argv, output paths with their configuration directory
    # included, so its digest differs between configurations even when the command does not; the
    # log does not keep its text. Compared by (configuration-free) path, like the argv.
    if path.endswith(".params"):
        return path, "params"
    return path, entry.get("digest", {}).get("hash", "")


def spawn_key(spawn: dict) -> tuple:
    argv = tuple(normalize(a) for a in spawn.get("commandArgs", []))
    inputs = tuple(sorted(input_key(i) for i in spawn.get("inputs", [])
                          if "/_middlemen/" not in i.get("path", "")))
    return argv, inputs


def outputs_of(spawn: dict) -> list[str]:
    outputs = [o.get("path", "") for o in spawn.get("actualOutputs", [])]
    return outputs or [o for o in spawn.get("listedOutputs", [])]


def read_allowlist(path: Path | None) -> list[tuple[str, str, str]]:
    entries = []
    if path is None or not path.exists():
        return entries
    for line in path.read_text().splitlines():
        text, _, reason = line.partition("#")
        fields = text.split()
        if len(fields) == 2:
            entries.append((fields[0], fields[1], reason.strip()))
    return entries


def duplicates(spawns: list[dict]) -> list[list[dict]]:
    groups: dict[tuple, list[dict]] = collections.defaultdict(list)
    for spawn in spawns:
        if spawn.get("commandArgs"):
            groups[spawn_key(spawn)].append(spawn)
    return [group for group in groups.values() if len(group) > 1]


def describe(group: list[dict]) -> tuple[str, str, str]:
    first = group[0]
    outputs = outputs_of(first)
    output = normalize(outputs[0]) if outputs else " ".join(first.get("commandArgs", []))[:120]
    configs = sorted({config_of(outputs_of(s)[0]) if outputs_of(s) else "?" for s in group})
    return first.get("mnemonic", "?"), output, ", ".join(configs)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("exec_log", type=Path)
    parser.add_argument("--results", type=Path, help="CI results file to append PASSED/FAILED to")
    parser.add_argument("--allowlist", type=Path,
                        default=Path(__file__).resolve().parent / "duplicate_actions.allowlist")
    args = parser.parse_args(argv)

    spawns = execution_log(args.exec_log)
    allowlist = read_allowlist(args.allowlist)
    counted, allowed = [], []
    for group in duplicates(spawns):
        mnemonic, output, configs = describe(group)
        reason = next((r for m, pattern, r in allowlist
                       if m == mnemonic and fnmatch.fnmatchcase(output, pattern)), None)
        line = f"{mnemonic} {output}: run {len(group)} times ({configs})"
        if reason is None:
            counted.append(line)
            print(f"duplicate_actions: {line}")
        else:
            allowed.append(line)
            print(f"duplicate_actions: allowlisted: {line} ({reason})")
    extra = sum(int(line.rsplit(": run ", 1)[1].split()[0]) - 1 for line in counted)
    if counted:
        verdict = (f"FAILED no_duplicate_actions: {len(counted)} actions ran more than once "
                   f"({extra} extra runs) with the same argv and inputs, of {len(spawns)} spawns")
    else:
        verdict = (f"PASSED no_duplicate_actions: {len(spawns)} spawns, none run twice with the same "
                   f"argv and inputs ({len(allowed)} allowlisted)")
    print(verdict)
    if args.results:
        with args.results.open("a") as results:
            results.write(verdict + "\n")
    return 1 if counted else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
