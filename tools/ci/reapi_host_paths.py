"""Remote-execution readiness: find the absolute host paths Bazel actions use.

A REAPI worker (BuildGrid + buildbox, Buildbarn, BuildBuddy, ...) runs an action with only its
declared inputs staged under a fresh directory. Any absolute path the action names - in its
argv, its environment, a params file, or the text of an input script or source it reads - must
then exist on the worker image at the same path. tools/reapi/host_paths.allowlist names the
ones this build is allowed to rely on (the pinned toolchain, the venv interpreter, /bin/bash,
...), each with a reason; everything else is a hermeticity bug.

Used by tools/ci/reapi_check.py (check `rbe_ready_host_paths`). Standard library only.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ALLOWLIST = REPO / "tools/reapi/host_paths.allowlist"

# An absolute path under a top-level directory of a Linux host. It must start a word: at the
# start, after a separator (space, `=`, `:`, `,`, a quote, a bracket, `;`, `|`, `<`, `>`, `#!`) or
# glued to a one-letter flag (`-I/usr/include`, `-L/opt/lib`). So exec paths (bazel-out/...),
# labels (//pkg), URLs (https://host/usr/...) and shell variables ($PWD/usr) do not count.
_HOST_PATH = re.compile(
    r"(?:^|(?<=[\s=:,'\"`(\[{;|<>!])|(?<=-[A-Za-z]))"
    r"/(?:usr|bin|sbin|opt|etc|lib|lib32|lib64|libx32|home|root|tmp|var|run|work|"
    r"proc|dev|sys|snap|nix|mnt|srv|media)(?![\w.+@-])(?:/[\w.+@-]+)*/?",
    re.MULTILINE,
)

_MAX_TEXT_BYTES = 2_000_000


def host_paths(text: str) -> set[str]:
    return {match.rstrip("/.") for match in _HOST_PATH.findall(text)}


@dataclass(frozen=True)
class AllowRule:
    path_glob: str
    where_glob: str  # "*" or an exec-path glob of the input file the path may appear in
    reason: str

    def allows(self, path: str, where: str) -> bool:
        return fnmatch.fnmatchcase(path, self.path_glob) and (
            self.where_glob == "*" or fnmatch.fnmatchcase(where, self.where_glob))


def load_allowlist(path: Path = ALLOWLIST) -> list[AllowRule]:
    """`PATH_GLOB WHERE REASON...` per line; WHERE is `*` or a glob of the file it may appear in."""
    rules = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split(maxsplit=2)
        if len(fields) < 3 or not fields[0].startswith("/"):
            raise ValueError(f"{path}:{number}: want `/path/glob WHERE reason`, got {line!r}")
        rules.append(AllowRule(*fields))
    return rules


@dataclass
class Findings:
    """Absolute host paths seen, with where: `argv`, `env`, `params` or an input's exec path."""

    uses: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    actions: int = 0
    files_scanned: int = 0
    files_unreadable: int = 0
    files_absent: int = 0  # inputs from aquery that no build here made (generated files)
    inputs_seen: set[str] = field(default_factory=set)  # exec paths scanned as spawn inputs

    def add(self, text: str, where: str, mnemonic: str) -> None:
        for path in host_paths(text):
            self.uses[path][where].add(mnemonic)

    def add_command(self, mnemonic: str, argv: list[str], env: dict[str, str],
                    params: list[str] = ()) -> None:
        self.actions += 1
        for arg in argv:
            self.add(arg, "argv", mnemonic)
        for name, value in env.items():
            self.add(f"{name}={value}", "env", mnemonic)
        for arg in params:
            self.add(arg, "params", mnemonic)


class InputReader:
    """Reads each input file once: text files only, by exec path under the execution root."""

    def __init__(self, exec_root: Path):
        self.exec_root = exec_root
        self._seen: dict[str, set[str] | None] = {}

    def paths_in(self, exec_path: str) -> set[str] | None:
        if exec_path not in self._seen:
            self._seen[exec_path] = self._read(self.exec_root / exec_path)
        return self._seen[exec_path]

    @staticmethod
    def _read(path: Path) -> set[str] | None:
        try:
            if path.is_dir():
                return set()
            if path.stat().st_size > _MAX_TEXT_BYTES:
                return set()
            data = path.read_bytes()
        except OSError:
            return None
        if b"\0" in data[:65536]:
            return set()  # binary: objects, ELFs, .pte
        return host_paths(data.decode("utf-8", "replace"))


def scan_execution_log(spawns: list[dict], exec_root: Path, findings: Findings) -> None:
    """argv, environment and the text of every input of each executed spawn."""
    reader = InputReader(exec_root)
    scanned: set[str] = set()
    for spawn in spawns:
        mnemonic = spawn.get("mnemonic", "?")
        env = {e["name"]: e["value"] for e in spawn.get("environmentVariables", [])}
        findings.add_command(mnemonic, spawn.get("commandArgs", []), env)
        for entry in spawn.get("inputs", []):
            exec_path = entry["path"]
            if "/testlogs/" in exec_path:
                continue  # a test's own log, read back by its XML step: data, not a command
            paths = reader.paths_in(exec_path)
            if exec_path not in scanned:
                scanned.add(exec_path)
                findings.inputs_seen.add(exec_path)
                if paths is None:
                    findings.files_unreadable += 1
                else:
                    findings.files_scanned += 1
            for path in paths or ():
                findings.uses[path][_input_key(exec_path)].add(mnemonic)


def _input_key(exec_path: str) -> str:
    """The file an input is, wherever it is staged: runfiles copies name their source."""
    marker = ".runfiles/"
    if marker in exec_path:
        rest = exec_path.split(marker, 1)[1]
        workspace, _, path = rest.partition("/")
        return path if workspace == "m55ml" else f"external/{workspace}/{path}"
    return exec_path


def scan_aquery(graph: dict, findings: Findings, exec_root: Path | None = None) -> None:
    """argv, environment and params files of every action of an `aquery --output=jsonproto`;
    with `exec_root`, also the text of each action's inputs that are there (every source file,
    and the generated files earlier builds left): inputs no executed spawn staged."""
    inputs: dict[str, set[str]] = defaultdict(set)  # exec path -> mnemonics of actions reading it
    paths = _artifact_paths(graph) if exec_root is not None else {}
    depsets = {d["id"]: d for d in graph.get("depSetOfFiles", [])}
    expanded: dict[int, frozenset[int]] = {}
    for action in graph.get("actions", []):
        if "arguments" not in action:
            continue  # internal actions (symlinks, file writes) run inside Bazel, never remotely
        env = {e["key"]: e["value"] for e in action.get("environmentVariables", [])}
        params = [arg for p in action.get("paramFiles", []) for arg in p.get("arguments", [])]
        findings.add_command(action["mnemonic"], action["arguments"], env, params)
        if exec_root is not None:
            for depset_id in action.get("inputDepSetIds", []):
                for artifact in _expand(depset_id, depsets, expanded):
                    inputs[paths[artifact]].add(action["mnemonic"])
    if exec_root is None:
        return
    reader = InputReader(exec_root)
    for exec_path, mnemonics in sorted(inputs.items()):
        if "/testlogs/" in exec_path or exec_path in findings.inputs_seen:
            continue  # scanned as an executed spawn's input already
        found = reader.paths_in(exec_path)
        if found is None:
            findings.files_absent += 1  # a generated file no build here made
            continue
        findings.files_scanned += 1
        for path in found:
            findings.uses[path][_input_key(exec_path)].update(mnemonics)


def _artifact_paths(graph: dict) -> dict[int, str]:
    fragments = {f["id"]: f for f in graph.get("pathFragments", [])}
    memo: dict[int, str] = {}

    def path(fragment_id: int) -> str:
        if fragment_id not in memo:
            fragment = fragments[fragment_id]
            parent = fragment.get("parentId")
            memo[fragment_id] = f"{path(parent)}/{fragment['label']}" if parent else fragment["label"]
        return memo[fragment_id]

    return {a["id"]: path(a["pathFragmentId"]) for a in graph.get("artifacts", [])}


def _expand(depset_id: int, depsets: dict[int, dict], memo: dict[int, frozenset[int]]) -> frozenset[int]:
    if depset_id not in memo:
        depset = depsets[depset_id]
        files = set(depset.get("directArtifactIds", []))
        for child in depset.get("transitiveDepSetIds", []):
            files |= _expand(child, depsets, memo)
        memo[depset_id] = frozenset(files)
    return memo[depset_id]


def load_aquery(text: str) -> dict:
    return json.loads(text) if text.strip() else {}


@dataclass
class Verdict:
    allowed: dict[str, tuple[AllowRule, list[str]]]  # path -> (first rule that allowed it, where)
    denied: dict[str, dict[str, set[str]]]  # path -> where -> mnemonics
    unused: list[AllowRule]


def judge(findings: Findings, rules: list[AllowRule]) -> Verdict:
    allowed: dict[str, tuple[AllowRule, list[str]]] = {}
    denied: dict[str, dict[str, set[str]]] = {}
    used: set[AllowRule] = set()
    for path, places in sorted(findings.uses.items()):
        for where, mnemonics in sorted(places.items()):
            rule = next((r for r in rules if r.allows(path, where)), None)
            if rule is None:
                denied.setdefault(path, {})[where] = mnemonics
            else:
                allowed.setdefault(path, (rule, []))[1].append(where)
                used.add(rule)
    return Verdict(allowed, denied, [r for r in rules if r not in used])


def report(findings: Findings, verdict: Verdict) -> list[str]:
    lines = [(f"{findings.actions} action command lines, {findings.files_scanned} input files scanned "
              f"({findings.files_unreadable} not readable; {findings.files_absent} generated inputs of "
              "unexecuted actions not there to read)")]
    explained: set[AllowRule] = set()
    for path, (rule, places) in sorted(verdict.allowed.items()):
        shown = ", ".join(places[:3]) + (f", +{len(places) - 3} more" if len(places) > 3 else "")
        why = "" if rule in explained else f"  ({rule.reason})"
        explained.add(rule)
        lines.append(f"  allowed  {path}  in {shown}{why}")
    for path, places in sorted(verdict.denied.items()):
        for where, mnemonics in sorted(places.items()):
            lines.append(f"  DENIED   {path}  in {where} ({', '.join(sorted(mnemonics))})")
    for rule in verdict.unused:
        lines.append(f"  unused allowlist entry (nothing in scope used it): {rule.path_glob} {rule.where_glob}")
    return lines
