"""Kernel benchmark per ISA class: guest instructions of every CMSIS-NN function of //cc/nn.

    bazel run //cc/nn/bench:run_kernel_bench                      # all classes, all regimes
    bazel run //cc/nn/bench:run_kernel_bench -- --isa mve --regime "shift <= -1"

Runs the corpus of bench_corpus.py (MobileNetV2's 64 layers and a seeded random set, in each
quantization regime) through kernel_bench.c on the board of each ISA class: Helium on the
Corstone-300 (Cortex-M55), DSP on the MPS2 AN386 (Cortex-M4), plain C on the MPS2 AN385
(Cortex-M3), each under QEMU with the instruction-count plugin. Every class must produce the
same output bytes for the same case (the checksums are compared). Writes the measurements as
JSON (--out, default kernel_bench.json where bazel run was invoked) and, after a complete run
(every class, regime and case) unless --no-docs, the Markdown tables between the kernel-bench
markers of docs/kernels.md. The numbers are
benchmark figures (QEMU counts instructions, not cycles), never test thresholds.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import bench_corpus as bc

# ISA class -> its title; the ELF, kernel library, board and QEMU machine come as arguments
# (cc/nn/bench/bench.bzl, from the core and board tables).
CLASSES = {"mve": "Helium (M55)", "dsp": "DSP (M4)", "scalar": "plain C (M3)"}
DOCS = "docs/kernels.md"
BEGIN, END = "<!-- kernel-bench:begin -->", "<!-- kernel-bench:end -->"


def symbol_address(elf: str, name: str) -> int:
    listing = subprocess.run(["arm-none-eabi-nm", elf], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16) & ~1
    raise SystemExit(f"run_kernel_bench: {name} not found in {elf}")


def text_bytes(libraries: str) -> int:
    """.text of every object in the static libraries (comma-separated: the entry points and the
    inner cores of one ISA class, its kernel code)."""
    out = subprocess.run(["arm-none-eabi-size", "-t", *libraries.split(",")], capture_output=True, text=True,
                         check=True).stdout
    return int(out.strip().splitlines()[-1].split()[0])


def run_board(isa: str, elf: str, board: str, machine: str, plugin: str, cases: list[bc.Case],
              timeout: float) -> list[dict]:
    title = CLASSES[isa]
    marker = symbol_address(elf, "board_profile_marker")
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "bench_cases.bin").write_bytes(bc.encode(cases))
        log = Path(work) / "plugin.log"
        cmd = ["qemu-system-arm", "-M", machine, "-nographic", "-monitor", "none", "-serial", "null",
               "-semihosting-config", "enable=on,target=native", "-icount", "shift=0",
               "-kernel", elf, "-plugin", f"{plugin},marker={marker:#x}", "-d", "plugin", "-D", str(log)]
        run = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout, cwd=work)
        console = run.stdout + run.stderr  # semihosting output goes to QEMU's stderr
        if run.returncode not in (0, 1):
            raise SystemExit(f"run_kernel_bench: {isa} firmware exited with {run.returncode}:\n{console[-2000:]}")
        text = log.read_text()
    markers = [int(c) for c in re.findall(r"^marker: \d+ (\d+)$", text, re.MULTILINE)]
    lines = re.findall(r"^case (\d+) .* status (-?\d+) checksum (\w+)$", console, re.MULTILINE)
    if len(lines) != len(cases) or len(markers) != 2 * len(cases):
        raise SystemExit(f"run_kernel_bench: {isa}: {len(lines)} results and {len(markers)} markers for "
                         f"{len(cases)} cases:\n{console[-2000:]}")
    results = []
    for case, (_, status, checksum), begin, end in zip(cases, lines, markers[0::2], markers[1::2], strict=True):
        results.append({"isa": isa, "class": title, "board": board, "case": case.name, "function": case.function,
                        "corpus": case.corpus, "regime": case.regime, "macs": case.macs,
                        "instructions": end - begin, "status": int(status), "checksum": checksum})
    return results


def check_agreement(results: list[dict]) -> list[str]:
    """One line per case whose output differs between ISA classes, or that failed."""
    by_case = defaultdict(dict)
    problems = []
    for r in results:
        by_case[(r["case"], r["regime"])][r["isa"]] = r["checksum"]
        if r["status"] != 0:
            problems.append(f"{r['isa']}: {r['case']} [{r['regime']}] returned status {r['status']}")
    for (case, regime), sums in by_case.items():
        if len(set(sums.values())) > 1:
            problems.append(f"{case} [{regime}]: outputs differ between ISA classes {sums}")
    return problems


def tables(results: list[dict], text: dict[str, int], boards: dict[str, str], isas: list[str],
           regimes: list[str]) -> str:
    """Markdown: guest instructions per function, corpus, regime and ISA class; MV2 totals; .text."""
    totals = defaultdict(int)
    counts = defaultdict(int)
    for r in results:
        totals[(r["function"], r["corpus"], r["regime"], r["isa"])] += r["instructions"]
        counts[(r["function"], r["corpus"], r["regime"], r["isa"])] += 1
    head = ["function", "corpus", "cases"] + [f"{CLASSES[i]}<br>{g}" for i in isas for g in regimes]
    lines = ["| " + " | ".join(head) + " |", "|---|---|---:|" + "---:|" * (len(head) - 3)]
    keys = sorted({(r["function"], r["corpus"]) for r in results}, key=lambda k: (bc.FUNCTIONS[k[0]], k[1]))
    for function, corpus in keys:
        cells = [f"`{function}`", "MobileNetV2" if corpus == "mv2" else "random",
                 str(counts[(function, corpus, regimes[0], isas[0])])]
        cells += [f"{totals[(function, corpus, g, i)]:,}" for i in isas for g in regimes]
        lines.append("| " + " | ".join(cells) + " |")
    mv2 = ["**all MobileNetV2 layers**", "MobileNetV2",
           str(sum(1 for r in results if r["corpus"] == "mv2" and r["isa"] == isas[0] and r["regime"] == regimes[0]))]
    mv2 += [f"**{sum(r['instructions'] for r in results if r['corpus'] == 'mv2' and r['isa'] == i and r['regime'] == g):,}**"
            for i in isas for g in regimes]
    lines.append("| " + " | ".join(mv2) + " |")
    size = ["", "| ISA class | board | kernel library `.text` (bytes) |", "|---|---|---:|"]
    size += [f"| {CLASSES[i]} | {boards[i]} | {text[i]:,} |" for i in isas]
    return "\n".join(lines + size) + "\n"


def update_docs(path: Path, table: str) -> None:
    doc = path.read_text()
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"run_kernel_bench: {path} lacks the {BEGIN} / {END} markers; add them where the table goes")
    start, stop = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    path.write_text(doc[:start] + "\n" + table + doc[stop:])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firmware", action="append", default=[], metavar="ISA=ELF:LIBRARY[,LIBRARY...]:BOARD:MACHINE",
                        help="the benchmark firmware and kernel libraries of an ISA class (set by the BUILD target)")
    parser.add_argument("--plugin", required=True, help="the QEMU insn_count plugin")
    parser.add_argument("--isa", action="append", choices=sorted(CLASSES), help="ISA classes to run (default: all)")
    parser.add_argument("--regime", action="append", choices=list(bc.REGIMES), help="regimes (default: all)")
    parser.add_argument("--mv2-only", action="store_true", help="leave out the random set")
    parser.add_argument("--out", default="kernel_bench.json",
                        help="JSON report, relative to where bazel run was invoked (a .md table is written beside it)")
    parser.add_argument("--no-docs", action="store_true", help=f"do not rewrite the tables in {DOCS}")
    parser.add_argument("--jobs", type=int, default=2, help="boards simulated at once")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per board")
    args = parser.parse_args(argv)

    firmware = {}
    for spec in args.firmware:
        isa, _, fields = spec.partition("=")
        elf, library, board, machine = fields.split(":")
        libraries = ",".join(str(Path(lib).resolve()) for lib in library.split(","))
        firmware[isa] = (str(Path(elf).resolve()), libraries, board, machine)
    isas = [i for i in CLASSES if i in (args.isa or list(CLASSES))]
    regimes = args.regime or list(bc.REGIMES)
    missing = [i for i in isas if i not in firmware]
    if missing:
        raise SystemExit(f"run_kernel_bench: no --firmware for {missing}; run it as bazel run //cc/nn/bench:run_kernel_bench")
    cases = bc.corpus(regimes, include_random=not args.mv2_only)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {isa: pool.submit(run_board, isa, firmware[isa][0], firmware[isa][2], firmware[isa][3],
                                   str(Path(args.plugin).resolve()), cases, args.timeout)
                   for isa in isas}
        results = [r for isa in isas for r in futures[isa].result()]
    text = {isa: text_bytes(firmware[isa][1]) for isa in isas}
    problems = check_agreement(results)

    workspace = Path(os.environ.get("BUILD_WORKSPACE_DIRECTORY", "."))
    out = Path(os.environ.get("BUILD_WORKING_DIRECTORY", ".")) / args.out
    report = {"simulator": "qemu-system-arm with the insn_count plugin, -icount shift=0",
              "classes": {i: {"title": CLASSES[i], "board": firmware[i][2], "qemu_machine": firmware[i][3],
                              "kernel_text_bytes": text[i]} for i in isas},
              "regimes": {g: bc.REGIMES[g] for g in regimes}, "problems": problems, "cases": results}
    out.write_text(json.dumps(report, indent=1) + "\n")
    table = tables(results, text, {i: firmware[i][2] for i in isas}, isas, regimes)
    out.with_suffix(".md").write_text(table)
    complete = isas == list(CLASSES) and regimes == list(bc.REGIMES) and not args.mv2_only
    if complete and not args.no_docs:
        update_docs(workspace / DOCS, table)
    sys.stdout.write(table)
    for line in problems:
        print(f"run_kernel_bench: {line}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
