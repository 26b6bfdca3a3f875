"""Reproducibility: two clean builds at different paths give byte-identical outputs.

    python3 tools/ci/repro_check.py RESULTS_FILE [--against-bep EVENTS.json] [TARGET ...]

Copies the workspace to two different paths (different depths, so no path can line up by
chance), builds TARGETS in each with its own fresh output base and no cache, and compares the
sha256 of every output file the build reports (from the build-event file). With --against-bep,
the first build is one already done elsewhere: EVENTS.json is the build-event file of building
the same TARGETS in another workspace (.ci/run: the CI checkout, whose outputs came from its
cold build, at another path and output base), and only the second build runs here. Prints one line per
file and appends `PASSED repro_...`/`FAILED repro_...` to RESULTS_FILE. Standard library only.
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


def built_files(bep: Path) -> dict[str, Path]:
    """Output files named in a build-event file, by their path under bazel-out."""
    files: dict[str, Path] = {}
    for line in bep.read_text().splitlines():
        event = json.loads(line)
        for entry in event.get("namedSetOfFiles", {}).get("files", []):
            uri = entry.get("uri", "")
            if not uri.startswith("file://"):
                continue
            path = Path(uri[len("file://"):])
            key = "/".join(entry.get("pathPrefix", []) + [entry["name"]])
            files[key] = path
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
        return {key: sha256(path) for key, path in built_files(bep).items()}
    finally:
        bazel.shutdown()


def main(argv: list[str]) -> int:
    results_file = Path(argv[0])
    against = None
    rest = argv[1:]
    if rest[:1] == ["--against-bep"]:
        against, rest = Path(rest[1]), rest[2:]
    targets = rest or DEFAULT_TARGETS
    with tempfile.TemporaryDirectory(prefix="m55ml-repro-") as tmp:
        try:
            if against is not None:
                first = {key: sha256(path) for key, path in built_files(against).items()}
            else:
                first = build(Path(tmp) / "a", targets)
            second = build(Path(tmp) / "second/build/tree", targets)
        except CheckFailed as error:
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
