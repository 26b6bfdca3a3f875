"""Runs firmware on every board and writes a Markdown cost table.

    bazel run //models:board_benchmark                       # table on stdout
    bazel run //models:board_benchmark -- --out /tmp/boards.md

Each argument is `<model>:<board>:<core>:<isa>:<launcher>`, a cortex_m_firmware's `bazel run`
script (it runs the firmware on its board's simulator with the model's reference input); the
script is run with --metrics-out and the table has, per run: board, core, ISA path, guest
instructions for one inference, `.text`, and RAM outside the arena (.data + .bss + .stack).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def measure(launcher: Path) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        metrics = Path(scratch) / "metrics.json"
        result = subprocess.run([str(launcher), f"--metrics-out={metrics}"], capture_output=True, text=True,
                                check=False)
        if result.returncode != 0 or not metrics.exists():
            tail = (result.stdout + result.stderr).strip().splitlines()[-1:] or ["no output"]
            raise SystemExit(f"error: {launcher.name} failed (exit {result.returncode}): {tail[0]}")
        return json.loads(metrics.read_text())


def row(spec: str) -> list[str]:
    model, board, core, isa, launcher = spec.split(":", 4)
    metrics = measure(Path(launcher))
    sections = metrics["sections"]
    ram = sum(sections.get(name, 0) for name in (".data", ".bss", ".stack"))
    return [model, board, core, isa, f"{metrics['profile']['inference_instructions']:,}",
            f"{sections.get('.text', 0):,}", f"{ram:,}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the table here (default: stdout)")
    parser.add_argument("runs", nargs="+", help="<model>:<board>:<core>:<isa>:<launcher>")
    args = parser.parse_args(argv)
    header = ["model", "board", "core", "ISA path", "guest instructions (1 inference)", ".text (bytes)",
              "RAM outside the arena (bytes)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for spec in args.runs:
        lines.append("| " + " | ".join(row(spec)) + " |")
    table = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(table)
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
