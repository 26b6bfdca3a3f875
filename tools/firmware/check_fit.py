"""Checks, before the link, that a program fits the board it is linked for.

    check_fit.py --program //models:mv2_pte --pte mv2_pte.pte --manifest mv2_pte.manifest.json \
        --board mps2_an385 --program-region PSRAM --program-capacity 16777216 \
        --arena-region SSRAM23_ARENA --arena-capacity 3932160 --out fit.txt

The program's constants (the .pte bytes, linked into the board's program region) and its arena
(the manifest's planned_total_bytes, plus staging for every input the firmware reads from the
host, in the board's arena region) are compared with the capacities of cc/boards/boards.bzl.
When one does not fit, the build stops with one line naming the program, the bytes it needs and
the board's capacity (rather than the linker's "region ... overflowed", or the firmware's run-time
"arena too small"); otherwise `--out` records the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ALIGNMENT = 16  # .program and the arena's buffers are 16-byte aligned


def align(value: int) -> int:
    return (value + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def arena_need(manifest: dict) -> tuple[int, int]:
    """(planned bytes, input staging bytes) the firmware carves out of the arena region."""
    planned = int(manifest["memory"]["planned_total_bytes"])
    staging = sum(align(int(tensor["bytes"])) for tensor in manifest.get("inputs", []))
    return align(planned), staging


def check(args: argparse.Namespace) -> tuple[list[str], str]:
    manifest = json.loads(args.manifest.read_text())
    constants = align(args.pte.stat().st_size)
    planned, staging = arena_need(manifest)
    problems = []
    if constants > args.program_capacity:
        problems.append(f"constants need {constants:,} bytes, {args.program_region} holds "
                        f"{args.program_capacity:,}")
    if planned + staging > args.arena_capacity:
        problems.append(f"arena needs {planned + staging:,} bytes ({planned:,} planned + "
                        f"{staging:,} input staging), {args.arena_region} holds {args.arena_capacity:,}")
    summary = (f"{args.program} on {args.board}: constants {constants:,} of {args.program_capacity:,} "
               f"bytes ({args.program_region}), arena {planned + staging:,} of {args.arena_capacity:,} "
               f"bytes ({args.arena_region})\n")
    return problems, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--program", required=True, help="the program's label, for the message")
    parser.add_argument("--pte", required=True, type=Path)
    parser.add_argument("--manifest", required=True, type=Path)
    parser.add_argument("--board", required=True)
    parser.add_argument("--program-region", required=True)
    parser.add_argument("--program-capacity", required=True, type=int)
    parser.add_argument("--arena-region", required=True)
    parser.add_argument("--arena-capacity", required=True, type=int)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    try:
        problems, summary = check(args)
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"error: {args.program}: cannot read its size from {args.manifest} or {args.pte}: {error!r} "
              "— rebuild the pte_model")
        return 1
    if problems:
        print(f"error: {args.program} does not fit board {args.board}: " + "; ".join(problems) +
              " — link it for a board with more memory (cortex_m_firmware's board or platform) or "
              "export a smaller model")
        return 1
    args.out.write_text(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
