"""The Bazel/CMake parity check: one line per difference, naming the target and the side that
lacks something.

    python3 parity.py --source-dir TREE --facts bazel_host.json [--facts ...] \
        [--configs cortex_m55] [--allowlist allowlist.txt] [--work-dir DIR]

For every configuration in the facts (host, cortex_m55, ...) it configures the CMake tree in TREE
(never builds it) and compares, per target: the set of targets, compiled sources, include
directories, defines, code-generating compile flags, link flags and library order, and code
generators (flatc, the firmware's .incbin wrapper). See facts.py for how each side is read and
what counts as the same.

Differences listed in the allowlist (one per line: `<label> <config|*> <kind>:<item> <reason>`)
are accepted; an allowlist line that matches nothing is itself reported, so the list cannot
go stale. Exit status: 0 no drift, 1 drift, 2 the check itself could not run.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from facts import (
    BazelFacts,
    ConfigFacts,
    FactsError,
    LinkFacts,
    TargetFacts,
    configure_cmake,
    table_configs,
)

CONFIG_ORDER = table_configs()
FIX_HINT = ("If a BUILD file changed, regenerate the CMake side: "
            "bazel run //tests/parity:update_cmake_targets. Toolchain flags live in "
            "toolchains/arm-none-eabi.cmake and cmake/host.cmake; intended differences go in "
            "tests/parity/allowlist.txt with a reason.")


@dataclass(frozen=True)
class Difference:
    """One fact that differs between the builds of one target in one configuration."""

    label: str
    config: str
    kind: str  # target, source, include, define, flag, link-flag, link-order, codegen
    item: str  # what differs: a path, a macro, an option family, ...
    bazel: str | None  # Bazel's value (None: Bazel lacks it)
    cmake: str | None  # CMake's value (None: CMake lacks it)
    scope: str = ""  # e.g. "3 of 14 sources" when not all of the target's sources differ

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.item}"

    def message(self) -> str:
        if self.kind == "target":
            side, other = ("Bazel", "CMake") if self.bazel else ("CMake", "Bazel")
            return f"target built by {side} only; {other} has no target '{self.item}'"
        if self.kind == "codegen" and self.bazel is not None and self.cmake is not None:
            if "\n" in self.bazel + self.cmake:  # a generated file: show where it starts to differ
                return f"{self.item} differs: {_first_difference(self.bazel, self.cmake)}"
            return f"{self.item} differs: Bazel `{self.bazel}`, CMake `{self.cmake}`"
        if self.kind == "codegen":
            side, other = ("Bazel", "CMake") if self.cmake is None else ("CMake", "Bazel")
            return f"{self.item} made by {side} only ({other} lacks it)"
        if self.bazel is not None and self.cmake is not None:
            what = "link order" if self.kind == "link-order" else f"{self.kind} {self.item}"
            text = f"{what} differs: Bazel {self.bazel}, CMake {self.cmake}"
        else:
            side, other = ("Bazel", "CMake") if self.cmake is None else ("CMake", "Bazel")
            value = self.bazel if self.cmake is None else self.cmake
            what = {"source": "source", "include": "include dir"}.get(self.kind, self.kind)
            text = f"{what} {value} only in {side} ({other} lacks it)"
        return text + (f" [{self.scope}]" if self.scope else "")


def _first_difference(bazel: str, cmake: str) -> str:
    """The first differing line of two generated texts, as `Bazel '...', CMake '...'`."""
    b_lines, c_lines = bazel.splitlines(), cmake.splitlines()
    for i in range(max(len(b_lines), len(c_lines))):
        b = b_lines[i] if i < len(b_lines) else "(end)"
        c = c_lines[i] if i < len(c_lines) else "(end)"
        if b != c:
            return f"line {i + 1}: Bazel '{b}', CMake '{c}'"
    return "same lines"


# ---------------------------------------------------------------------------------------------
# Comparison


def _compare_values(label, config, kind, bazel: dict[str, str], cmake: dict[str, str]):
    for item in sorted(set(bazel) | set(cmake)):
        if bazel.get(item) != cmake.get(item):
            yield Difference(label, config, kind, item, bazel.get(item), cmake.get(item))


def _compare_sources(label: str, config: str, bazel: TargetFacts, cmake: TargetFacts):
    for path in sorted(set(bazel.sources) ^ set(cmake.sources)):
        in_bazel = path in bazel.sources
        yield Difference(label, config, "source", path, path if in_bazel else None, None if in_bazel else path)
    shared = sorted(set(bazel.sources) & set(cmake.sources))
    # Aggregate per difference over the target's sources: one line, with how many it touches.
    touched: dict[Difference, list[str]] = defaultdict(list)
    for path in shared:
        b, c = bazel.sources[path], cmake.sources[path]
        found = list(_compare_values(label, config, "define", b.defines, c.defines))
        found += _compare_values(label, config, "flag", b.flags, c.flags)
        for include in sorted(b.includes ^ c.includes):
            found.append(Difference(label, config, "include", include,
                                    include if include in b.includes else None,
                                    include if include in c.includes else None))
        for difference in found:
            touched[difference].append(path)
    for difference, paths in touched.items():
        if len(paths) == len(shared):
            yield difference
        else:
            names = ", ".join(Path(p).name for p in paths[:3]) + (", ..." if len(paths) > 3 else "")
            yield Difference(**{**difference.__dict__, "scope": f"{len(paths)} of {len(shared)} sources: {names}"})


def compare(bazel: ConfigFacts, cmake: ConfigFacts) -> list[Difference]:
    """Every difference between the two builds of one configuration."""
    config = bazel.config
    differences = []
    cmake_targets = dict(cmake.targets)
    for name, b in sorted(bazel.targets.items()):
        label = b.label
        c = cmake_targets.pop(name, None)
        if c is None:
            differences.append(Difference(label, config, "target", name, name, None))
            continue
        differences += _compare_sources(label, config, b, c)
        differences += _compare_values(label, config, "codegen", b.codegen, c.codegen)
        if b.link or c.link:
            b_link, c_link = b.link or LinkFacts(), c.link or LinkFacts()
            differences += _compare_values(label, config, "link-flag", b_link.flags, c_link.flags)
            if b_link.inputs != c_link.inputs:
                differences.append(Difference(label, config, "link-order", "libraries",
                                              " ".join(b_link.inputs), " ".join(c_link.inputs)))
    for name in sorted(cmake_targets):
        differences.append(Difference(f"(CMake) {name}", config, "target", name, None, name))
    for key in sorted(set(bazel.commands) | set(cmake.commands)):
        b_label, b_command = bazel.commands.get(key, (None, None))
        c_command = cmake.commands.get(key, (None, None))[1]
        if b_command != c_command:
            differences.append(Difference(b_label or "(CMake)", config, "codegen", key, b_command, c_command))
    return differences


# ---------------------------------------------------------------------------------------------
# Allowlist


@dataclass
class AllowEntry:
    line_number: int
    label: str
    config: str
    key: str
    reason: str
    used: bool = False

    def matches(self, difference: Difference) -> bool:
        return (fnmatch.fnmatchcase(difference.label, self.label)
                and self.config in ("*", difference.config)
                and fnmatch.fnmatchcase(difference.key, self.key))


def load_allowlist(path: Path | None) -> list[AllowEntry]:
    entries = []
    if path is None:
        return entries
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split(None, 3)
        if len(fields) < 4 or ":" not in fields[2]:
            raise FactsError(f"{path}:{number}: expected `<label> <config|*> <kind>:<item> <reason>`")
        entries.append(AllowEntry(number, fields[0], fields[1], fields[2], fields[3]))
    return entries


# ---------------------------------------------------------------------------------------------
# Report


def _config_sort_key(config: str) -> int:
    return CONFIG_ORDER.index(config) if config in CONFIG_ORDER else len(CONFIG_ORDER)


def report_lines(differences: list[Difference]) -> list[str]:
    """One line per difference; a difference seen in several configurations is one line."""
    grouped: dict[tuple, list[str]] = defaultdict(list)
    for d in differences:
        grouped[(d.label, d.kind, d.item, d.bazel, d.cmake, d.scope)].append(d.config)
    lines = []
    for (label, kind, item, bazel, cmake, scope), configs in grouped.items():
        sample = Difference(label, configs[0], kind, item, bazel, cmake, scope)
        configs = ", ".join(sorted(set(configs), key=_config_sort_key))
        lines.append(f"{label} [{configs}]: {sample.message()}")
    return sorted(lines)


@dataclass
class CheckResult:
    drift: list[str]
    accepted: list[str]
    stale_allowlist: list[str]

    @property
    def ok(self) -> bool:
        return not self.drift and not self.stale_allowlist

    def text(self) -> str:
        lines = list(self.drift) + list(self.stale_allowlist)
        if self.accepted:
            lines += ["", f"accepted by the allowlist ({len(self.accepted)}):"] + [f"  {a}" for a in self.accepted]
        if not self.ok:
            lines += ["", FIX_HINT]
        else:
            lines.insert(0, "parity: Bazel and CMake build the same sources with the same flags")
        return "\n".join(lines)


def run_check(source_dir: Path, facts_files: list[Path], work_dir: Path, allowlist: Path | None = None,
              configs: list[str] | None = None, cache: dict[str, str] | None = None,
              bazel_edit=None) -> CheckResult:
    """Configures CMake for each configuration and compares it with the Bazel facts.

    bazel_edit, if given, may change the Bazel facts of each configuration before comparing
    (the self-test uses it to fake drift on the Bazel side)."""
    loaded = [BazelFacts.load(f) for f in facts_files]
    if configs:
        loaded = [f for f in loaded if f.config in configs]
        if not loaded:
            raise FactsError(f"no Bazel facts for configurations {configs}")
    # Configuring never reads the program or its manifest; they only have to exist, under the
    # names pte_model gives them (generator commands are compared by file name).
    placeholder = work_dir / "mv2_pte.pte"
    placeholder.write_bytes(b"")
    placeholder.with_suffix(".manifest.json").write_text("{}")
    settings = {"M55ML_MV2_PTE": str(placeholder), **(cache or {})}

    def one(bazel_facts: BazelFacts) -> list[Difference]:
        tree = configure_cmake(source_dir, work_dir / bazel_facts.config, bazel_facts.config,
                               bazel_facts.compilation_mode, settings)
        bazel_side = bazel_facts.facts()
        if bazel_edit:
            bazel_edit(bazel_side)
        return compare(bazel_side, tree.facts())

    with ThreadPoolExecutor(max_workers=2) as pool:
        differences = [d for found in pool.map(one, loaded) for d in found]

    entries = load_allowlist(allowlist)
    kept, accepted = [], []
    for difference in differences:
        entry = next((e for e in entries if e.matches(difference)), None)
        if entry:
            entry.used = True
            accepted.append(difference)
        else:
            kept.append(difference)
    # A line for a configuration this run did not check (or for all, in a partial run) may be
    # used elsewhere: only judge the lines the run can judge.
    checked = {f.config for f in loaded}
    full_run = not configs
    stale = [f"STALE allowlist line {e.line_number} ({e.label} {e.config} {e.key}) matches no "
             "difference: remove it"
             for e in entries if not e.used and (e.config in checked or (e.config == "*" and full_run))]
    return CheckResult([f"DRIFT {line}" for line in report_lines(kept)], report_lines(accepted), stale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, required=True, help="tree with CMakeLists.txt")
    parser.add_argument("--facts", type=Path, action="append", required=True, help="bazel_cc_facts JSON")
    parser.add_argument("--allowlist", type=Path)
    parser.add_argument("--configs", help="comma-separated subset, e.g. cortex_m55")
    parser.add_argument("--work-dir", type=Path, help="where to configure (default: a temporary folder)")
    parser.add_argument("--cmake-cache", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    cache = dict(item.split("=", 1) for item in args.cmake_cache)
    configs = args.configs.split(",") if args.configs else None
    with tempfile.TemporaryDirectory(prefix="parity-") as scratch:
        work_dir = args.work_dir or Path(scratch)
        work_dir.mkdir(parents=True, exist_ok=True)
        try:
            result = run_check(args.source_dir.resolve(), args.facts, work_dir.resolve(), args.allowlist,
                               configs, cache)
        except FactsError as error:
            print(f"error: {error}")
            return 2
    print(result.text())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
