"""Collects the fixed diagnostic fragments of the runtime sources into the host's token table.

A device build with terse diagnostics (cc/runtime/internal/text.h) writes each PTE_TEXT("...")
and PTE_TEXT_STRING("...") fragment as the token "@{xxxxxxxx}", the fragment's 32-bit FNV-1a
hash. This tool finds every such fragment in the given sources and writes a JSON object
{"xxxxxxxx": "fragment", ...} that tools/sim/run_firmware.py expands the firmware's output with.
Two different fragments with one hash would make a token ambiguous: the tool refuses them with
one line naming both, and the fix (reword one of them).

    collect_texts.py --out texts.json cc/runtime/method.cc ...
"""

import argparse
import ast
import json
import re
import sys
from pathlib import Path

_LITERAL = r'"(?:[^"\\\n]|\\.)*"'
_FRAGMENT = re.compile(r"PTE_TEXT(?:_STRING)?\(\s*((?:" + _LITERAL + r"\s*)+)\)")


def text_hash(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes, as text_hash() in cc/runtime/internal/text.h."""
    value = 2166136261
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


def fragments(source: str) -> list[str]:
    """Every PTE_TEXT fragment of a C++ source, adjacent literals joined, escapes decoded."""
    found = []
    for match in _FRAGMENT.finditer(source):
        parts = re.findall(_LITERAL, match.group(1))
        found.append("".join(ast.literal_eval(part) for part in parts))
    return found


def collect(paths: list[Path]) -> dict[str, str]:
    table: dict[str, str] = {}
    for path in paths:
        for text in fragments(path.read_text(encoding="utf-8")):
            key = f"{text_hash(text):08x}"
            if table.get(key, text) != text:
                raise ValueError(f"diagnostic fragments {table[key]!r} and {text!r} ({path}) share "
                                 f"the token @{{{key}}}: reword one of them")
            table[key] = text
    return table


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON table to write")
    parser.add_argument("sources", type=Path, nargs="+")
    args = parser.parse_args(argv)
    try:
        table = collect(args.sources)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    args.out.write_text(json.dumps(table, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
