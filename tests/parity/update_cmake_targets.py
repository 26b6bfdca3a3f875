"""Writes cmake/bazel_targets.cmake: what each Bazel cc target is made of, for the CMake build.

    bazel run //tests/parity:update_cmake_targets            # rewrite the file in the workspace
    bazel run //tests/parity:update_cmake_targets -- --check # exit 1 if it is out of date

The input is the facts the aspect in cc_facts.bzl gathers for every configuration the CMake build
mirrors (the host and every core of platforms/cores.bzl): per target its compiled sources, copts,
defines, local_defines, includes, linkopts, deps, alwayslink, generated headers, and flatc's
arguments. A field whose value differs between configurations (a select() in the BUILD file)
gets a `.<config>` variant beside the plain one, which cmake/cc_rules.cmake prefers.

Why generate instead of glob or hand-write: the CMake build must work without Bazel (the file
is checked in), the lists are not copied by hand (so nobody has to keep two in step), and the
parity test still compares what CMake would compile with what Bazel compiles, so a stale file
cannot go unnoticed.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from pathlib import Path

from facts import BazelFacts, FactsError, table_configs

CONFIG_ORDER = table_configs()
OUTPUT = "cmake/bazel_targets.cmake"
_SOURCE_DIR_MARK = "\0SRC\0"
_BARE = re.compile(r"^[A-Za-z0-9_./+=:,@%-]+$")


def _quote(value: str) -> str:
    """A CMake argument holding exactly `value` (a project-relative path may use
    ${PROJECT_SOURCE_DIR}, everything else is literal)."""
    if _BARE.match(value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace(";", "\\;")
    return '"' + escaped.replace(_SOURCE_DIR_MARK, "${PROJECT_SOURCE_DIR}/") + '"'


def _bazel_out_relative(path: str) -> str:
    return re.sub(r"^bazel-out/[^/]+/bin/", "", path)


def _cc_fields(target: dict, names_by_label: dict[str, str]) -> dict[str, list[str]]:
    attrs = target["attrs"]
    package = target["package"]
    generated = [s["short_path"] for s in target["srcs"] if s["generated"]]
    linkopts = []
    for option in attrs["linkopts"]:
        for path in target["link_depends"]:
            option = re.sub(rf"(?<![\w/]){re.escape(path)}\b", _SOURCE_DIR_MARK + path, option)
        # Several words in one linkopt ("-T script") must stay together and in order.
        linkopts.append(("SHELL:" + option) if " " in option.strip() else option)
    return {
        "LABEL": [target["label"]],
        "SRCS": [s["short_path"] for s in target["srcs"] if not s["generated"]],
        # Generated files (headers and compiled sources alike) are looked up in the build folder,
        # where the CMake counterpart of their generator writes them.
        "GENERATED_FILES": target["generated_headers"] + generated,
        "COPTS": [("SHELL:" + c) if " " in c.strip() else c for c in attrs["copts"]],
        "DEFINES": attrs["defines"],
        "LOCAL_DEFINES": attrs["local_defines"],
        "INCLUDES": [os.path.normpath(os.path.join(package, i)) for i in attrs["includes"]],
        "LINKOPTS": linkopts,
        "LINK_DEPENDS": target["link_depends"] if attrs["linkopts"] else [],
        "DEPS": [names_by_label[d] for d in attrs["deps"] if d in names_by_label],
        "ALWAYSLINK": ["ON"] if attrs["alwayslink"] else [],
    }


def _flatc_fields(target: dict) -> dict[str, list[str]]:
    (action,) = [a for a in target["codegen"] if a["mnemonic"] == "Flatc"]
    argv = action["argv"]
    flags, i = [], 1
    while i < len(argv):
        if argv[i] == "-o":
            i += 2
            continue
        if argv[i].startswith("-"):
            flags.append(argv[i])
        i += 1
    return {
        "LABEL": [target["label"]],
        "SCHEMAS": [os.path.basename(p) for p in target["inputs"]],
        "OUTPUTS": [_bazel_out_relative(p) for p in action["outputs"]],
        "FLATC_FLAGS": flags,
    }


def collect(configs: list[BazelFacts]) -> dict[str, dict[str, dict[str, list[str]]]]:
    """name -> config -> field -> values, for every cc and flatc target of the workspace."""
    names_by_label: dict[str, str] = {}
    for facts in configs:
        for target in facts.raw_targets:
            if target["kind"] in ("cc_library", "cc_binary"):
                previous = names_by_label.setdefault(target["label"], target["name"])
                owner = [label for label, name in names_by_label.items() if name == target["name"]]
                if len(owner) > 1:
                    raise FactsError(f"targets {owner} share the name {previous}: CMake target names "
                                     "are Bazel target names, so they must be unique")
    result: dict[str, dict[str, dict[str, list[str]]]] = {}
    for facts in configs:
        for target in facts.cc_targets():
            result.setdefault(target["name"], {})[facts.config] = _cc_fields(target, names_by_label)
        for target in facts.codegen_targets():
            if any(a["mnemonic"] == "Flatc" for a in target["codegen"]):
                result.setdefault(target["name"], {})[facts.config] = _flatc_fields(target)
    return result


def render(configs: list[BazelFacts]) -> str:
    configs = sorted(configs, key=lambda c: CONFIG_ORDER.index(c.config) if c.config in CONFIG_ORDER else 99)
    modes = sorted({c.compilation_mode for c in configs})
    lines = [
        "# Generated by `bazel run //tests/parity:update_cmake_targets` from the BUILD files. Do not",
        "# edit: change the BUILD file, then run that command. cmake/cc_rules.cmake gives each field",
        "# its Bazel meaning; a field with a .<config> suffix replaces the plain one in that",
        "# configuration (the BUILD file select()s a different value there).",
        f"# Configurations: {', '.join(c.config for c in configs)} (-c {', '.join(modes)}).",
    ]
    collected = collect(configs)
    for name in sorted(collected, key=lambda n: next(iter(collected[n].values()))["LABEL"][0]):
        per_config = collected[name]
        order = [c.config for c in configs if c.config in per_config]
        base = per_config[order[0]]
        lines += ["", f"# {base['LABEL'][0]}"]
        for field, values in base.items():
            variants = [(field, values)]
            variants += [(f"{field}.{config}", per_config[config][field])
                         for config in order[1:] if per_config[config][field] != values]
            for variable, variant in variants:
                if not variant and variable == field:
                    continue
                lines += _set(f"BAZEL_{name}_{variable}", variant)
    return "\n".join(lines) + "\n"


def _set(variable: str, values: list[str]) -> list[str]:
    quoted = [_quote(v) for v in values]
    one_line = f"set({variable} {' '.join(quoted)})" if quoted else f'set({variable} "")'
    if len(one_line) <= 100:
        return [one_line]
    return [f"set({variable}", *[f"  {q}" for q in quoted], ")"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("facts", nargs="+", type=Path, help="JSON files from bazel_cc_facts")
    parser.add_argument("--workspace", type=Path,
                        default=Path(os.environ.get("BUILD_WORKSPACE_DIRECTORY", ".")))
    parser.add_argument("--check", action="store_true", help="only report whether the file is current")
    args = parser.parse_args(argv)
    try:
        text = render([BazelFacts.load(path) for path in args.facts])
    except FactsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    output = args.workspace / OUTPUT
    current = output.read_text() if output.exists() else ""
    if current == text:
        print(f"{OUTPUT}: up to date")
        return 0
    if args.check:
        sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True),
                                                   f"{OUTPUT} (checked in)", f"{OUTPUT} (from BUILD files)"))
        print(f"{OUTPUT} is out of date: run bazel run //tests/parity:update_cmake_targets")
        return 1
    output.write_text(text)
    print(f"{OUTPUT}: rewritten from the BUILD files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
