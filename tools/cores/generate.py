"""Writes the files derived from the core and board tables, or checks they are current.

    bazel run //tools/cores:update             # rewrite them in the workspace
    bazel run //tools/cores:update -- --check  # exit 1 (with a diff) when one is stale

Derived files (checked in, so the CMake build and a reader of the linker script need no Bazel):
  - toolchains/arm-none-eabi.cmake, the block between its `generated` markers: per core, the
    CPU flags of the matching Bazel toolchain;
  - cc/boards/<board>/<board>.ld: the board's memory regions and the one section layout every
    board shares.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

import tables

CMAKE_FILE = "toolchains/arm-none-eabi.cmake"
BEGIN = "# BEGIN generated from platforms/cores.bzl by `bazel run //tools/cores:update`; do not edit\n"
END = "# END generated\n"


def cmake_block(cores: dict[str, dict]) -> str:
    names = [core["mcpu"] for core in cores.values()]
    lines = [BEGIN]
    lines.append(f'set(_m55ml_cores "{";".join(names)}")\n')
    for core in cores.values():
        lines.append(f'set(_m55ml_flags_{core["mcpu"]} "{" ".join(tables.core_flags(core))}")\n')
        lines.append(f'set(_m55ml_isa_{core["mcpu"]} "{core["isa"]}")\n')
        lines.append(f'set(_m55ml_board_{core["mcpu"]} "{core["default_board"]}")\n')
    lines.append(END)
    return "".join(lines)


def cmake_file(current: str, cores: dict[str, dict]) -> str:
    start = current.find(BEGIN)
    stop = current.find(END)
    if start < 0 or stop < start:
        raise SystemExit(f"error: {CMAKE_FILE}: the generated-block markers are missing; restore them")
    return current[:start] + cmake_block(cores) + current[stop + len(END) :]


_SECTIONS = """\
ENTRY(Reset_Handler)

/* Main stack; the runtime and kernels use fixed, small frames. An application sets its own with
 * -Wl,--defsym=__stack_size=... */
__stack_size = DEFINED(__stack_size) ? __stack_size : 0x8000;

SECTIONS
{
  /* These two come first: an input section goes to the first rule that matches it, and the
   * generic .rodata.* and .bss.* rules below would otherwise take them. */

  /* Programs and other large read-only blobs (section .rodata.program*), read-only like flash. */
  .program (READONLY) : ALIGN(16)
  {
    KEEP(*(.rodata.program .rodata.program.*))
  } > PROGRAM

  /* Activations: planned buffers and input staging. Not cleared at boot (the runtime owns
   * it); it runs from the end of any .bss.arena* data to the end of the region. */
  .arena (NOLOAD) : ALIGN(16)
  {
    *(.bss.arena .bss.arena.*)
    . = ALIGN(16);
    __arena_start = .;
  } > ARENA
  __arena_end = ORIGIN(ARENA) + LENGTH(ARENA);

  .text :
  {
    KEEP(*(.vectors))
    *(.text .text.*)
    *(.rodata .rodata.*)
    . = ALIGN(4);
    KEEP(*(.init))
    KEEP(*(.fini))
  } > CODE

  .ARM.exidx :
  {
    __exidx_start = .;
    *(.ARM.exidx* .gnu.linkonce.armexidx.*)
    __exidx_end = .;
  } > CODE

  .init_array : ALIGN(4)
  {
    __init_array_start = .;
    KEEP(*(SORT(.init_array.*)))
    KEEP(*(.init_array))
    __init_array_end = .;
  } > CODE

  .data : ALIGN(4)
  {
    __data_start = .;
    *(.data .data.*)
    . = ALIGN(4);
    __data_end = .;
  } > RAM AT > CODE
  __data_load = LOADADDR(.data);

  .bss (NOLOAD) : ALIGN(4)
  {
    __bss_start = .;
    *(.bss .bss.* COMMON)
    . = ALIGN(4);
    __bss_end = .;
  } > RAM

  .stack (NOLOAD) : ALIGN(8)
  {
    __stack_limit = .;
    . += __stack_size;
    __stack_top = .;
  } > RAM
}
"""

_ATTRIBUTES = {"code": "rx", "ram": "rw", "arena": "rw", "program": "r"}
_ROLES = {
    "code": "vectors, code, read-only data, .data load image",
    "ram": ".data, .bss, main stack",
    "arena": "activation arena: planned buffers, then input staging",
    "program": ".rodata.program: the .pte constants, read-only like flash",
}


def _size(length: int) -> str:
    if length % (1024 * 1024) == 0:
        return f"{length // (1024 * 1024)}M"
    return f"{length // 1024}K"


def linker_script(name: str, board: dict, cores: dict[str, dict]) -> str:
    core = cores[board["core"]]
    regions = board["regions"]
    lines = [
        (f"/* Linker script of board {name}: {board['title']}, QEMU {board['qemu_machine']}, "
         f"Cortex-{core['mcpu'].split('-', 1)[1].upper()}."),
        " * Generated from cc/boards/boards.bzl by `bazel run //tools/cores:update`; do not edit.",
        " *",
    ]
    for role in ("code", "ram", "arena", "program"):
        region = regions[role]
        lines.append(f" *   {region['name']:<13} 0x{region['origin']:08X} {_size(region['length']):>5}  {_ROLES[role]}")
    lines += [" */", "MEMORY", "{"]
    for role in ("code", "ram", "arena", "program"):
        region = regions[role]
        lines.append(f"  {region['name']:<13} ({_ATTRIBUTES[role]}) : ORIGIN = 0x{region['origin']:08X}, "
                     f"LENGTH = {_size(region['length'])}")
    lines.append("}")
    lines.append("")
    for role in ("code", "ram", "arena", "program"):
        lines.append(f'REGION_ALIAS("{role.upper()}", {regions[role]["name"]});')
    lines.append("")
    return "\n".join(lines) + "\n" + _SECTIONS


def expected_files(root: Path) -> dict[str, str]:
    cores = tables.cores(root)
    files = {CMAKE_FILE: cmake_file((root / CMAKE_FILE).read_text(), cores)}
    for name, board in tables.boards(root).items():
        files[f"cc/boards/{name}/{name}.ld"] = linker_script(name, board, cores)
    return files


def stale(root: Path) -> list[str]:
    """One unified diff per derived file that differs from what the tables generate."""
    diffs = []
    for path, text in expected_files(root).items():
        target = root / path
        current = target.read_text() if target.exists() else ""
        if current != text:
            diffs.append("".join(difflib.unified_diff(
                current.splitlines(keepends=True), text.splitlines(keepends=True), path, path + " (generated)")))
    return diffs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(os.environ.get("BUILD_WORKSPACE_DIRECTORY", ".")))
    parser.add_argument("--check", action="store_true", help="exit 1 when a derived file is stale")
    args = parser.parse_args(argv)
    if args.check:
        diffs = stale(args.root)
        for diff in diffs:
            sys.stdout.write(diff)
        if diffs:
            print("error: files derived from the core/board tables are stale: run `bazel run //tools/cores:update`")
        return 1 if diffs else 0
    for path, text in expected_files(args.root).items():
        target = args.root / path
        if not target.exists() or target.read_text() != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
