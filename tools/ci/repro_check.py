"""Reproducibility: two clean builds at different paths give byte-identical outputs.

    python3 tools/ci/repro_check.py RESULTS_FILE [--against-bep EVENTS.json]
                                    [--second-record RECORD.json] [TARGET ...]

Copies the workspace to two different paths (different depths, so no path can line up by
chance), builds TARGETS in each with its own fresh output base and no cache, and compares the
sha256 of every output file the build reports (from the build-event file). With --against-bep,
the first build is one already done elsewhere: EVENTS.json is the build-event file of building
the same TARGETS in another workspace (.ci/run: the CI checkout, whose outputs came from its
cold build, at another path and output base), and only the second build runs here. With
--second-record, the second build is one already done as well: RECORD.json is what
`tools/ci/reapi_check.py --repro-record` wrote after its populating run (a clean build of the
same TARGETS, among others, in a scratch copy at another path with a fresh output base and an
empty cache): the sha256 of each output file of TARGETS, hashed before anything cleaned them, and
how many of those files came from a cache (none may). Prints one line per file and appends
`PASSED repro_...`/`FAILED repro_...` to RESULTS_FILE. Standard library only.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

from bazel_scratch import Bazel, CheckFailed, copy_workspace

DEFAULT_TARGETS = [
    "//models:mv2_pte",
    "//models:digits_pte",
    "//models:mv2_m55",
    "//models:digits_m55",
    "//tests/smoke:hello_m55_test",
]


def built_files(bep: Path, targets: list[str] | None = None, exec_root: Path | None = None) -> dict[str, Path]:
    """Output files named in a build-event file, by their path under bazel-out: all of them, or
    with `targets` only the default outputs of those top-level targets (a build of more targets,
    e.g. reapi_check.py's populating run, names more files). A build that uploads to a remote
    cache names its files by their bytestream:// address: with `exec_root`, those are the local
    files at their path under it (hashed here, never taken from the address)."""
    sets: dict[str, dict] = {}
    roots: list[str] | None = None if targets is None else []
    found: set[str] = set()
    for line in bep.read_text().splitlines():
        event = json.loads(line)
        if "namedSetOfFiles" in event:
            sets[event["id"]["namedSet"]["id"]] = event["namedSetOfFiles"]
        label = event.get("id", {}).get("targetCompleted", {}).get("label")
        if roots is not None and label in targets and "completed" in event:
            found.add(label)
            for group in event["completed"].get("outputGroup", []):
                if group.get("name") == "default":
                    roots.extend(s["id"] for s in group.get("fileSets", []))
    if targets is not None and found != set(targets):
        raise CheckFailed(f"{bep} names no completed target {sorted(set(targets) - found)}")
    wanted = set(sets) if roots is None else set()
    while roots:  # the transitive file sets of the targets' default output group
        set_id = roots.pop()
        if set_id not in wanted and set_id in sets:
            wanted.add(set_id)
            roots.extend(s["id"] for s in sets[set_id].get("fileSets", []))
    files: dict[str, Path] = {}
    for set_id in wanted:
        for entry in sets[set_id].get("files", []):
            uri = entry.get("uri", "")
            key = "/".join(entry.get("pathPrefix", []) + [entry["name"]])
            if uri.startswith("file://"):
                files[key] = Path(uri[len("file://"):])
            elif exec_root is not None:
                files[key] = exec_root / key
    return files


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(root: Path, targets: list[str]) -> dict[str, str]:
    workspace = copy_workspace(root / "ws")
    bazel = Bazel(workspace, root / "output_base")
    bep = root / "build.bep.json"
    try:
        # One export worker, not .bazelrc's two: each worker imports torch and ExecuTorch (about
        # 4.5 CPU-s) and the exports here are few. The second export then runs in a worker that
        # already exported one, which the bytes must not show either.
        bazel.run("build", "--worker_max_instances=PteExport=1", f"--build_event_json_file={bep}", *targets)
        return {key: sha256(path) for key, path in built_files(bep, targets).items()}
    finally:
        bazel.shutdown()


def recorded(record: Path, targets: list[str]) -> dict[str, str]:
    """The second build's hashes from reapi_check.py's record, checked to be of these targets
    and of a build that took nothing from a cache."""
    if not record.is_file():
        raise CheckFailed(f"no {record}: reapi_check.py's populating run did not record its build")
    data = json.loads(record.read_text())
    if "error" in data:
        raise CheckFailed(data["error"])
    if sorted(data["targets"]) != sorted(targets):
        raise CheckFailed(f"{record} holds the outputs of {data['targets']}, not of {targets}")
    if data["cache_hits"]:
        raise CheckFailed(f"{data['cache_hits']} of the second build's output files came from a cache: "
                          "it is not an independent build")
    if not data["files"]:
        raise CheckFailed(f"{record}: the second build reported no output files")
    print(f"  second build: {data['workspace']} (output base {data['output_base']}), cold, no cache hit")
    return data["files"]


def main(argv: list[str]) -> int:
    results_file = Path(argv[0])
    against = second_record = None
    rest = argv[1:]
    while rest[:1] in (["--against-bep"], ["--second-record"]):
        if rest[0] == "--against-bep":
            against = Path(rest[1])
        else:
            second_record = Path(rest[1])
        rest = rest[2:]
    targets = rest or DEFAULT_TARGETS
    with tempfile.TemporaryDirectory(prefix="m55ml-repro-") as tmp:
        try:
            if against is not None:
                first = {key: sha256(path) for key, path in built_files(against, targets).items()}
            else:
                first = build(Path(tmp) / "a", targets)
            if second_record is not None:
                second = recorded(second_record, targets)
            else:
                second = build(Path(tmp) / "second/build/tree", targets)
        except (CheckFailed, OSError, KeyError, ValueError) as error:
            line = f"FAILED repro_clean_builds_identical: {error}"
            print(line)
            results_file.open("a").write(line + "\n")
            return 1
    differing = []
    for key in sorted(set(first) | set(second)):
        a, b = first.get(key), second.get(key)
        mark = "same" if a == b else "DIFFERENT"
        print(f"  {mark:<9} {a or '-':.16} {b or '-':.16}  {key}")
        if a != b:
            differing.append(key)
    if not first:
        line = "FAILED repro_clean_builds_identical: the builds reported no output files"
    elif differing:
        line = f"FAILED repro_clean_builds_identical: {len(differing)} files differ: {differing}"
    else:
        line = f"PASSED repro_clean_builds_identical: {len(first)} output files byte-identical"
    print(line)
    with results_file.open("a") as out:
        out.write(line + "\n")
    return 0 if line.startswith("PASSED") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
