"""Cross-checks the Bazel side of the CMake parity test against `bazel aquery`.

    python3 tools/ci/cmake_aquery_crosscheck.py RESULTS_FILE

The parity test (//tests/parity:cmake_parity_test) cannot run aquery inside its sandbox, so the
aspect in tests/parity/cc_facts.bzl rebuilds each compile command line from the toolchain's
features and the target's compilation context. This check asks aquery for the real CppCompile
and CppLink actions of the same targets in the same configurations and requires that, after
the normalisation the parity check itself applies (tests/parity/facts.py), each one has exactly
the sources, include directories, defines, flags and link inputs the aspect reported. If Bazel
ever compiles differently from what the aspect reconstructs, this fails, naming the action.

Appends `PASSED cmake_bazel_facts_match_aquery: ...` or `FAILED cmake_bazel_facts_match_aquery:
<why>` to RESULTS_FILE (as .ci/run's other checks do) and prints it. Standard library only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The parity test's own reader and normalisation, so both compare the same way.
sys.path.insert(0, str(REPO / "tests/parity"))

from facts import (
    BazelFacts,
    bazel_logical_path,
    bazel_owner,
    normalize_compile,
    normalize_link,
    source_key,
)

NAME = "cmake_bazel_facts_match_aquery"
CONFIGS = ("host", "cortex_m55", "cortex_m33", "cortex_m3")
FACTS_TARGETS = [f"//tests/parity:bazel_{config}" for config in CONFIGS]


class Mismatch(Exception):
    pass


def bazel(*args: str) -> str:
    proc = subprocess.run(["bazel", *args], cwd=REPO, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
        raise Mismatch(f"`bazel {' '.join(args[:2])} ...` failed: {tail}")
    return proc.stdout


def aquery(expression: str, platform_flags: list[str]) -> list[tuple[str, str, list[str]]]:
    """(label, mnemonic, argv) of every action aquery lists for the expression."""
    data = json.loads(bazel("aquery", *platform_flags, "--output=jsonproto", expression) or "{}")
    labels = {t["id"]: t["label"] for t in data.get("targets", [])}
    return [(labels[a["targetId"]], a["mnemonic"], a.get("arguments", [])) for a in data.get("actions", [])]


def check_config(facts: BazelFacts) -> tuple[int, int]:
    aspect = facts.facts()
    by_label = {t.label: t for t in aspect.targets.values()}
    firmware = [t["label"] for t in facts.raw_targets if t["kind"] == "cortex_m_firmware"]
    libraries = [label for label in by_label if label not in firmware]
    platform = [] if facts.config == "host" else [f"--platforms=//platforms:{facts.config}"]
    actions = []
    if libraries:
        actions += aquery(f'mnemonic("CppCompile|CppLink", set({" ".join(libraries)}))', platform)
    if firmware:  # the firmware rule transitions by itself
        actions += aquery(f'mnemonic("CppCompile|CppLink", set({" ".join(firmware)}))', [])
    compiles = links = 0
    for label, mnemonic, argv in actions:
        target = by_label.get(label)
        if target is None:
            continue
        where = f"{label} [{facts.config}]"
        if mnemonic == "CppCompile":
            source = argv[argv.index("-c") + 1]
            key = source_key(source, source.startswith("bazel-out/"), bazel_logical_path)
            if key not in target.sources:
                raise Mismatch(f"{where}: Bazel compiles {key}, the aspect does not list it")
            real = normalize_compile(argv[1:], bazel_logical_path)
            if real != target.sources[key]:
                raise Mismatch(f"{where} {key}: {_difference(real, target.sources[key])}")
            compiles += 1
        elif mnemonic == "CppLink" and target.link is not None:
            real = normalize_link(argv[1:], bazel_logical_path, bazel_owner(target.name))
            if real != target.link:
                raise Mismatch(f"{where} link: aquery {real} != aspect {target.link}")
            links += 1
    expected = sum(len(t.sources) for t in by_label.values())
    if compiles != expected:
        raise Mismatch(f"[{facts.config}]: aquery shows {compiles} compile actions, the aspect {expected}")
    return compiles, links


def _difference(real, aspect) -> str:
    """What aquery's action has that the aspect's reconstruction has not, and vice versa."""
    parts = [f"include {i}: {'aquery' if i in real.includes else 'aspect'} only"
             for i in sorted(real.includes ^ aspect.includes)]
    for kind, ours, theirs in (("define", real.defines, aspect.defines), ("flag", real.flags, aspect.flags)):
        parts += [f"{kind} {k}: aquery {ours.get(k)}, aspect {theirs.get(k)}"
                  for k in sorted(set(ours) | set(theirs)) if ours.get(k) != theirs.get(k)]
    return "; ".join(parts)


def main(argv: list[str]) -> int:
    results = Path(argv[0]) if argv else None
    try:
        bazel("build", *FACTS_TARGETS)
        bin_dir = Path(bazel("info", "bazel-bin").strip())
        totals = [check_config(BazelFacts.load(bin_dir / f"tests/parity/bazel_{c}.json")) for c in CONFIGS]
        line = (f"PASSED {NAME}: {sum(c for c, _ in totals)} compile and {sum(n for _, n in totals)} link "
                f"actions in {len(CONFIGS)} configurations match the aspect")
    except Mismatch as error:
        line = f"FAILED {NAME}: {error}"
    print(line)
    if results:
        with results.open("a") as out:
            out.write(line + "\n")
    return 0 if line.startswith("PASSED") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
