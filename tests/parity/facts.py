"""What each build compiles and links, in one comparable form.

The Bazel side is read from the JSON that tests/parity/cc_facts.bzl writes at build time; the
CMake side from a configured (never built) build tree: compile_commands.json for compiles, and
`ninja -t commands` for link lines and code generators. Both are reduced to the same facts per
target:

  sources     compiled files, workspace-relative
  includes    include directories as logical locations: "." (workspace root, which also stands
              for the generated-file root: Bazel's bazel-out/<cfg>/bin, CMake's build folder),
              "cc/nn", "@flatbuffers" (an external repository)
  defines     macro -> its last -D/-U
  flags       option family -> its effective (last) value, only for options that change the
              generated code; see `flag_family` and `IGNORED_FLAGS`
  link        link-relevant flags and the order of linked libraries (whole-archive marked)
  codegen     code generator commands (flatc) and generated sources (the firmware's .incbin
              wrapper)

Standard library only.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


def table_configs() -> tuple[str, ...]:
    """The configurations the CMake build mirrors: the host, then every core of the core table
    (platforms/cores.bzl, plain literals; read through this file's real location)."""
    cores_bzl = Path(__file__).resolve().parents[2] / "platforms" / "cores.bzl"
    namespace: dict = {}
    exec(compile(cores_bzl.read_text(), str(cores_bzl), "exec"), namespace)  # noqa: S102 - our table
    return ("host", *namespace["CORES"])

# Options that never change the generated code, and Bazel mechanics with no CMake counterpart.
# Warnings (-W...) are not compared either: they decide whether a build fails, not what it builds.
IGNORED_FLAGS = (
    "-pedantic",
    "-pedantic-errors",
    "-w",
    "-no-canonical-prefixes",  # how the driver spells its own paths
    "-fno-canonical-system-headers",  # how system header paths are spelled in .d files
    "-fcanonical-system-headers",
)
IGNORED_FLAG_PREFIXES = (
    "-fdiagnostics-",
    "-fmessage-length",
    "-fmax-errors",
    # Path mapping: each build maps its own folders away, so the values differ by design.
    "-ffile-prefix-map=",
    "-fdebug-prefix-map=",
    "-fmacro-prefix-map=",
    # Bazel seeds each object with its output path; CMake has no equivalent.
    "-frandom-seed=",
)
# Driver options that consume the next argument and carry no codegen meaning here.
_DROPPED_WITH_ARGUMENT = {"-o", "-MF", "-MT", "-MQ"}
_DROPPED = {"-c", "-MD", "-MMD", "-MP"}
_INCLUDE_OPTIONS = ("-iquote", "-isystem", "-idirafter", "-I")

# Link-line options that matter to the link (everything else on a link line is either an input
# or a compile option the driver ignores when linking).
_LINK_FLAG_PREFIXES = (
    "-Wl,",
    "--specs=",
    "-specs=",
    "-l",
    "-fuse-ld=",
    "-B",
    "-m",
)
_LINK_FLAGS = {
    "-nostartfiles",
    "-nostdlib",
    "-nodefaultlibs",
    "-static",
    "-static-libgcc",
    "-static-libstdc++",
    "-shared",
    "-pie",
    "-no-pie",
    "-rdynamic",
    "-s",
    "-pthread",
    "-pass-exit-codes",
}
# Linker-input bookkeeping that both builds express differently (archives vs. object groups).
_LINK_GROUPING = {
    "-Wl,-whole-archive",
    "-Wl,--whole-archive",
    "-Wl,-no-whole-archive",
    "-Wl,--no-whole-archive",
    "-Wl,--start-lib",
    "-Wl,--end-lib",
    "-Wl,--start-group",
    "-Wl,--end-group",
}


@dataclass
class CompileFacts:
    includes: set[str] = field(default_factory=set)
    defines: dict[str, str] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)


@dataclass
class LinkFacts:
    flags: dict[str, str] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)


@dataclass
class TargetFacts:
    name: str
    label: str
    sources: dict[str, CompileFacts] = field(default_factory=dict)
    link: LinkFacts | None = None
    codegen: dict[str, str] = field(default_factory=dict)


@dataclass
class ConfigFacts:
    config: str
    targets: dict[str, TargetFacts] = field(default_factory=dict)
    # Code generator commands: key -> (label of the Bazel target that runs it, command).
    commands: dict[str, tuple[str, str]] = field(default_factory=dict)


class FactsError(Exception):
    """The facts could not be gathered (bad JSON, CMake failed to configure)."""


# ---------------------------------------------------------------------------------------------
# Normalisation shared by both sides


def flag_family(token: str) -> str:
    """The option a token sets; two tokens of one family override each other (last wins)."""
    if token.startswith("-O"):
        return "-O"
    if token.startswith("-std="):
        return "-std"
    if re.fullmatch(r"-g[0-3]?|-ggdb[0-3]?", token):
        return "-g"
    if token in ("-mthumb", "-marm"):
        return "-mthumb/-marm"
    for prefix, family in (("-fno-", "-f"), ("-f", "-f"), ("-mno-", "-m"), ("-m", "-m")):
        if token.startswith(prefix):
            return family + token[len(prefix):].split("=", 1)[0]
    return token


def _canonical_flag(token: str) -> str:
    return {"-O": "-O1", "-g2": "-g", "-ggdb2": "-ggdb"}.get(token, token)


def _is_ignored(token: str) -> bool:
    if token in IGNORED_FLAGS or token.startswith(IGNORED_FLAG_PREFIXES):
        return True
    return token.startswith("-W") and not token.startswith(("-Wl,", "-Wa,", "-Wp,"))


def normalize_compile(tokens: list[str], logical_path) -> CompileFacts:
    """Compile facts from a compiler command line (without the compiler itself)."""
    facts = CompileFacts()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token in _DROPPED:
            continue
        if token in _DROPPED_WITH_ARGUMENT:
            i += 1
            continue
        include = next((o for o in _INCLUDE_OPTIONS if token.startswith(o)), None)
        if include:
            path = token[len(include):]
            if not path:
                path, i = tokens[i], i + 1
            facts.includes.add(logical_path(path))
            continue
        if token in ("-D", "-U"):
            token, i = token + tokens[i], i + 1
        if token.startswith(("-D", "-U")):
            facts.defines[token[2:].split("=", 1)[0]] = token
            continue
        if token in ("-include", "-imacros"):
            facts.flags[f"{token} {logical_path(tokens[i])}"] = f"{token} {logical_path(tokens[i])}"
            i += 1
            continue
        if not token.startswith("-") or _is_ignored(token):
            continue  # the source file, or an option without codegen effect
        facts.flags[flag_family(token)] = _canonical_flag(token)
    facts.flags.setdefault("-O", "-O0")  # no -O is -O0: make "absent" comparable
    return facts


def normalize_link(tokens: list[str], logical_path, owner_of) -> LinkFacts:
    """Link facts from a link command line (without the driver): flags and input order."""
    facts = LinkFacts()
    whole = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token == "-o":
            i += 1
            continue
        if token in _LINK_GROUPING:
            whole = {"-Wl,-whole-archive": True, "-Wl,--whole-archive": True,
                     "-Wl,-no-whole-archive": False, "-Wl,--no-whole-archive": False}.get(token, whole)
            continue
        if token == "-T":
            token, i = f"-T {logical_path(tokens[i])}", i + 1
            facts.flags[token] = token
            continue
        if token in ("-Xlinker", "-u"):
            token, i = f"{token} {tokens[i]}", i + 1
            facts.flags[token] = token
            continue
        if not token.startswith("-"):
            owner = owner_of(token)
            if owner:
                entry = ("whole:" if whole else "") + owner
                if not facts.inputs or facts.inputs[-1] != entry:
                    facts.inputs.append(entry)
            continue
        if token.startswith("-L"):
            token = "-L" + logical_path(token[2:])
        if token in _LINK_FLAGS or token.startswith(_LINK_FLAG_PREFIXES):
            family = flag_family(token) if token.startswith("-m") else token
            facts.flags[family] = token
    return facts


def normalize_wrapper(text: str) -> str:
    """A generated assembly wrapper without comments and with the program path abstracted."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    text = re.sub(r'\.incbin\s+"[^"]*"', '.incbin "<program>"', text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def normalize_command(argv: list[str], logical_path) -> tuple[str, str]:
    """A code generator's command as (key, comparable text): the tool's name, its options,
    output folders (after -o) as logical paths and every other file by its name. The key names
    the tool and its output, e.g. `flatc -> cc/runtime/internal`."""
    tokens = list(argv)
    if Path(tokens[0]).name.startswith("python") and len(tokens) > 1:
        tokens = tokens[1:]  # CMake runs scripts through the interpreter, Bazel through a stub
    tool = Path(tokens[0]).name.removesuffix(".py")
    words, output = [tool], ""
    for previous, token in itertools.pairwise(tokens):
        if token.startswith("-"):
            words.append(token)
        elif previous == "-o":
            output = logical_path(token)
            words.append(output)
        else:
            words.append(Path(token).name)
            if previous == "--out":
                output = Path(token).name
    return f"{tool} -> {output}", " ".join(words)


# ---------------------------------------------------------------------------------------------
# Bazel side

_BAZEL_BIN = re.compile(r"^bazel-out/[^/]+/bin(?:/(.*))?$")


def bazel_logical_path(path: str) -> str:
    """Execroot-relative path -> logical location (see module docstring)."""
    match = _BAZEL_BIN.match(path)
    rest = (match.group(1) or "") if match else path
    rest = os.path.normpath(rest) if rest else "."
    if rest.startswith("external/"):
        parts = rest.split("/")
        tail = parts[2:]
        if tail[:1] == ["_virtual_includes"]:
            tail = []  # include_prefix view of the repository's headers
        return "/".join(["@" + parts[1], *tail])
    if rest.startswith("../"):  # short_path of an external file
        parts = rest.split("/")
        return "/".join(["@" + parts[1], *parts[2:]])
    return rest


def bazel_owner(exe_name: str):
    """Maps a Bazel link input to the library (or the executable's own objects) it belongs to."""

    def owner_of(path: str) -> str | None:
        match = re.search(r"/_objs/([^/]+)/[^/]+\.o$", path)
        if match:
            owner = match.group(1)
            return "(own objects)" if owner == exe_name or owner.startswith(exe_name + ".") else owner
        match = re.search(r"/lib([^/]+)\.(a|lo|pic\.a|pic\.lo)$", path)
        return match.group(1) if match else None

    return owner_of


@dataclass
class BazelFacts:
    config: str
    compilation_mode: str
    raw_targets: list[dict]
    files: list[str]

    @classmethod
    def load(cls, path: Path) -> BazelFacts:
        try:
            data = json.loads(Path(path).read_text())
            return cls(data["config"], data["compilation_mode"], data["targets"], data["files"])
        except (OSError, ValueError, KeyError) as error:
            raise FactsError(f"cannot read Bazel facts {path}: {error}") from error

    def cc_targets(self) -> list[dict]:
        """cc_library/cc_binary targets of this workspace (external repositories excluded)."""
        return [t for t in self.raw_targets
                if t["kind"] in ("cc_library", "cc_binary") and t["label"].startswith("//")]

    def codegen_targets(self) -> list[dict]:
        return [t for t in self.raw_targets if t.get("codegen")]

    def facts(self) -> ConfigFacts:
        result = ConfigFacts(self.config)
        for raw in self.raw_targets:
            if not raw["label"].startswith("//"):
                continue
            target = TargetFacts(raw["name"], raw["label"])
            for src in raw.get("srcs", []):
                flags = raw["compile"][src["language"]]["flags"]
                target.sources[source_key(src["path"], src["generated"], bazel_logical_path)] = (
                    normalize_compile(flags, bazel_logical_path))
            if raw.get("link"):
                target.link = normalize_link(raw["link"], bazel_logical_path, bazel_owner(raw["name"]))
            for path, text in (raw.get("generated_sources") or {}).items():
                target.codegen[f"generated {Path(path).name}"] = normalize_wrapper(text)
            for action in raw.get("codegen") or []:
                key, command = normalize_command(action["argv"], bazel_logical_path)
                result.commands[key] = (raw["label"], command)
            if target.sources or target.link:
                result.targets[target.name] = target
        return result


def source_key(path: str, generated: bool, logical_path) -> str:
    """Sources by workspace path; generated ones by name, as `(generated) <name>`: where a
    generator writes them is each build's own business."""
    return f"(generated) {Path(path).name}" if generated else logical_path(path)


# ---------------------------------------------------------------------------------------------
# CMake side


@dataclass
class CMakeTree:
    """A configured CMake build folder for one configuration."""

    source_dir: Path
    build_dir: Path
    config: str
    build_type: str

    def logical_path(self, path: str) -> str:
        absolute = Path(os.path.normpath(Path(self.build_dir, path)))
        for root, is_build in ((self.build_dir, True), (self.source_dir, False)):
            try:
                rest = absolute.relative_to(root)
            except ValueError:
                continue
            parts = rest.parts
            if is_build and parts[:1] == ("_external",) and len(parts) >= 2:
                return "@" + parts[1]
            return rest.as_posix() if parts else "."
        return absolute.as_posix()

    def _owner_of(self, exe_name: str, executables: dict[str, str]):
        def owner_of(path: str) -> str | None:
            match = re.search(r"CMakeFiles/([^/]+)\.dir/", path)
            if match:
                owner = _owning_executable(match.group(1), executables)
                return "(own objects)" if owner == exe_name else owner
            match = re.search(r"lib([^/]+)\.a$", path)
            return match.group(1) if match else None

        return owner_of

    def _ninja_commands(self, target: str) -> list[str]:
        proc = subprocess.run(["ninja", "-C", str(self.build_dir), "-t", "commands", target],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise FactsError(f"ninja -t commands {target} failed in {self.build_dir}: {proc.stderr.strip()}")
        return proc.stdout.splitlines()

    @staticmethod
    def _command_tokens(line: str) -> list[str]:
        """The tokens of one build command, without `cd X &&` and `: && ... && :` wrappers."""
        parts = [p.strip() for p in line.split("&&")]
        parts = [p for p in parts if p and p != ":" and not p.startswith("cd ")]
        return shlex.split(parts[0]) if parts else []

    def facts(self) -> ConfigFacts:
        result = ConfigFacts(self.config)
        database = self.build_dir / "compile_commands.json"
        try:
            entries = json.loads(database.read_text())
        except (OSError, ValueError) as error:
            raise FactsError(f"cannot read {database}: {error}") from error
        executables = self._executables()
        for entry in entries:
            tokens = shlex.split(entry["command"])[1:]
            output = tokens[tokens.index("-o") + 1] if "-o" in tokens else ""
            match = re.search(r"CMakeFiles/([^/]+)\.dir/", output)
            if not match:
                continue
            name = _owning_executable(match.group(1), executables)
            target = result.targets.setdefault(name, TargetFacts(name, name))
            file = Path(entry["file"])
            generated = file.is_relative_to(self.build_dir)
            if file.suffix == ".s" and generated:
                target.codegen[f"generated {file.name}"] = normalize_wrapper(file.read_text())
            target.sources[source_key(str(file), generated, self.logical_path)] = normalize_compile(
                tokens, self.logical_path)
        for line in self._ninja_commands("all"):
            if line.startswith("cd "):  # CMake runs custom commands from a folder, compiles not
                key, command = normalize_command(self._command_tokens(line), self.logical_path)
                result.commands[key] = ("(CMake)", command)
        for name, output in sorted(executables.items()):
            target = result.targets.setdefault(name, TargetFacts(name, name))
            link_tokens = self._command_tokens(self._ninja_commands(output)[-1])
            target.link = normalize_link(link_tokens[1:], self.logical_path,
                                         self._owner_of(name, executables))
        return result

    def _executables(self) -> dict[str, str]:
        """Executable target name -> its output, from the link rules in build.ninja
        (`build <output>: <LANG>_EXECUTABLE_LINKER__<target>_<build type> ...`)."""
        text = (self.build_dir / "build.ninja").read_text()
        pattern = rf"^build (\S+): \w+?_EXECUTABLE_LINKER__(\w+)_{re.escape(self.build_type)} "
        return {m.group(2): m.group(1) for m in re.finditer(pattern, text, re.MULTILINE)}


def _owning_executable(name: str, executables) -> str:
    """`<exe>.<part>` (a helper target compiling part of an executable's own objects, like
    Bazel's cc_common.compile(name = "<exe>.program")) belongs to <exe>."""
    head = name.split(".", 1)[0]
    return head if head in executables else name


# CMake's error for a source file listed in a target but absent from the tree.
_MISSING_SOURCE = re.compile(r"Cannot find source file:\s*\n\s*\n\s*(\S+)")


def _tree_with_placeholders(source_dir: Path, copy_dir: Path, missing: list[str]) -> Path | None:
    """A copy of the tree in which each missing source exists (empty), or None if one lies
    outside the tree. Configuring never reads a source's contents, only that it exists."""
    paths = [Path(name) if Path(name).is_absolute() else source_dir / name for name in missing]
    if not all(path.resolve().is_relative_to(source_dir.resolve()) for path in paths):
        return None
    shutil.rmtree(copy_dir, ignore_errors=True)
    shutil.copytree(source_dir, copy_dir, symlinks=True,
                    ignore=shutil.ignore_patterns(".git", "bazel-*", "build*"))
    for path in paths:
        placeholder = copy_dir / path.resolve().relative_to(source_dir.resolve())
        placeholder.parent.mkdir(parents=True, exist_ok=True)
        placeholder.touch()
    return copy_dir


def configure_cmake(source_dir: Path, build_dir: Path, config: str, compilation_mode: str,
                    cache: dict[str, str]) -> CMakeTree:
    """Configures (never builds) the CMake tree for one configuration, with Ninja.

    A source that only CMake lists is drift, not a broken check: when the tree lacks it (the
    test's tree holds only the files Bazel knows), configure fails with "Cannot find source
    file". Then a copy of the tree with that file present, empty, is configured instead, so
    the comparison reports it as a source only in CMake, naming the file and the target."""
    def configure(tree: Path) -> subprocess.CompletedProcess:
        cmd = ["cmake", "-G", "Ninja", "-S", str(tree), "-B", str(build_dir),
               "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", f"-DCMAKE_BUILD_TYPE={compilation_mode}"]
        if config != "host":
            cmd += [f"-DCMAKE_TOOLCHAIN_FILE={tree / 'toolchains/arm-none-eabi.cmake'}",
                    f"-DM55ML_CPU={config.replace('_', '-')}"]
        cmd += [f"-D{key}={value}" for key, value in cache.items()]
        return subprocess.run(cmd, capture_output=True, text=True, check=False)

    proc = configure(source_dir)
    missing = sorted(set(_MISSING_SOURCE.findall(proc.stdout + proc.stderr)))
    if proc.returncode != 0 and missing:
        copy = _tree_with_placeholders(source_dir, build_dir.with_name(build_dir.name + "-src"),
                                       missing)
        if copy is not None:
            shutil.rmtree(build_dir, ignore_errors=True)
            source_dir = copy
            proc = configure(source_dir)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise FactsError(f"cmake failed to configure {config}:\n{tail}")
    return CMakeTree(source_dir, build_dir, config, compilation_mode)
