"""Runs MobileNetV2 firmware built with each //cc/nn kernel path on the simulated Cortex-M55 and
writes a per-layer and total table of guest instructions plus .text sizes.

    bazel run //cc/nn/bench:mv2_paths -- --out mv2_paths.json

Each path (--path=NAME=PREFIX: a firmware_files target's firmware ELF with its model's reference
input, device reference output and manifest) goes through tools/sim/run_firmware.py with the instruction-count
plugin (--report, --metrics-out): the run fails unless the output is bit-exact with the device
reference, so every number here comes from a correct inference. A relative --out is taken from
the directory bazel run was invoked in; a Markdown table is written beside the JSON. Benchmark
figures, never test thresholds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# Arm's CMSIS-NN Helium kernels on the same network and simulator (issue 8), for comparison.
ARM_MVE_INSTRUCTIONS = 166_900_000


def path_files(prefix: str) -> dict[str, str]:
    """The files a kernel_path target named `prefix` provides (see cc/nn/kernel_path.bzl)."""
    files = {"elf": f"{prefix}.elf", "input": f"{prefix}.input.bin",
             "reference": f"{prefix}.device_reference_output.bin", "manifest": f"{prefix}.manifest.json"}
    missing = [f for f in files.values() if not os.path.exists(f)]
    if missing:
        raise SystemExit(f"mv2_paths: missing {missing} (run through bazel run)")
    return files


def run_path(runner: str, plugin: str, files: dict[str, str], work: Path, name: str) -> dict:
    metrics = work / f"{name}.metrics.json"
    cmd = [sys.executable, runner, f"--elf={files['elf']}", "--simulator=qemu", "--timeout=900",
           f"--plugin={plugin}", "--marker-symbol=board_profile_marker", "--report",
           f"--manifest={files['manifest']}", f"--input=input0.bin={files['input']}",
           f"--compare=output0.bin={files['reference']}", f"--metrics-out={metrics}"]
    run = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"mv2_paths: the {name} build failed on the simulator:\n{run.stdout}{run.stderr}")
    if "bit-exact" not in run.stdout + run.stderr:
        raise SystemExit(f"mv2_paths: the {name} run did not report a bit-exact output")
    return json.loads(metrics.read_text())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", action="append", required=True, metavar="NAME=PREFIX",
                        help="a kernel path and its kernel_path target's runfiles prefix")
    parser.add_argument("--runner", required=True, help="tools/sim/run_firmware.py")
    parser.add_argument("--plugin", required=True, help="the insn_count QEMU plugin")
    parser.add_argument("--out", default="mv2_paths.json", help="JSON report (.md written beside it)")
    args = parser.parse_args(argv)

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as work:
        for spec in args.path:
            name, _, prefix = spec.partition("=")
            results[name] = run_path(args.runner, args.plugin, path_files(prefix), Path(work), name)

    names = list(results)
    base, best = names[-1], names[0]  # --path order: the vector path first, the scalar path last
    calls = {n: results[n]["profile"]["calls"] for n in names}
    layers = []
    for i, call in enumerate(calls[best]):
        row = {"call": call["call"], "operator": call["operator"].removeprefix("cortex_m::").removesuffix(".out")}
        for n in names:
            row[n] = calls[n][i]["instructions"]
        layers.append(row)
    operators = sorted({op for n in names for op in results[n]["profile"]["by_operator"]},
                       key=lambda op: -results[base]["profile"]["by_operator"].get(op, {}).get("instructions", 0))
    report = {
        "simulator": "qemu-system-arm -M mps3-an547 (Cortex-M55), -icount shift=0, insn_count plugin",
        "firmware": "//models:mv2_m55 (MobileNetV2 224x224, int8), one inference",
        "paths": {n: {"inference_instructions": results[n]["profile"]["inference_instructions"],
                      "kernel_instructions": results[n]["profile"]["kernel_instructions"],
                      "text_bytes": results[n]["sections"].get(".text", 0),
                      "by_operator": results[n]["profile"]["by_operator"]} for n in names},
        "arm_cmsis_nn_mve_instructions": ARM_MVE_INSTRUCTIONS,
        "layers": layers,
    }

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.2f}x" if b else "-"

    total = {n: report["paths"][n]["inference_instructions"] for n in names}
    md = [f"| | {' | '.join(names)} | {base} / {best} |", "|---|" + "---:|" * (len(names) + 1)]
    md.append(f"| **one inference** | {' | '.join(f'{total[n]:,}' for n in names)} | "
              f"{ratio(total[base], total[best])} |")
    for op in operators:
        counts = {n: results[n]["profile"]["by_operator"].get(op, {}).get("instructions", 0) for n in names}
        md.append(f"| {op.removeprefix('cortex_m::').removesuffix('.out')} | "
                  f"{' | '.join(f'{counts[n]:,}' for n in names)} | {ratio(counts[base], counts[best])} |")
    text = {n: report["paths"][n]["text_bytes"] for n in names}
    md.append(f"| .text bytes | {' | '.join(f'{text[n]:,}' for n in names)} | |")
    md.append(f"\nArm CMSIS-NN Helium kernels, same network and simulator: {ARM_MVE_INSTRUCTIONS:,} "
              f"({best}: {total[best] / ARM_MVE_INSTRUCTIONS:.2f}x of that)\n")
    md += [f"| call | operator | {' | '.join(names)} | {base} / {best} |", "|---:|---|" + "---:|" * (len(names) + 1)]
    for row in layers:
        md.append(f"| {row['call']} | {row['operator']} | {' | '.join(f'{row[n]:,}' for n in names)} | "
                  f"{ratio(row[base], row[best])} |")

    out = Path(args.out)
    if not out.is_absolute():
        out = Path(os.environ.get("BUILD_WORKING_DIRECTORY", ".")) / out
    out.write_text(json.dumps(report, indent=1) + "\n")
    out.with_suffix(".md").write_text("\n".join(md) + "\n")
    print("\n".join(md))
    print(f"written: {out} and {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
