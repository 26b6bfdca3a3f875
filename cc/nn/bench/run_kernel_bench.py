"""Runs //cc/nn/bench:kernel_bench on QEMU (mps3-an547, Cortex-M55) with the instruction-count
plugin and writes guest instructions per kernel call to a JSON file and a Markdown table.

    bazel run //cc/nn/bench:run_kernel_bench -- --out kernel_bench.json
    bazel run //cc/nn/bench:run_kernel_bench -- --kernels dsp --out kernel_bench_dsp.json

A relative --out is taken from the directory bazel run was invoked in. Numbers are benchmark
figures (QEMU counts instructions, not cycles), never test thresholds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from runfiles import runfiles  # pip package bazel-runfiles

ELF = {"default": "m55ml/cc/nn/bench/kernel_bench",  # Helium, or portable with --//cc/nn:force_scalar
       "dsp": "m55ml/cc/nn/bench/kernel_bench_m55_dsp.elf"}
KERNELS = {"default": "//cc/nn for //platforms:cortex_m55 (Helium kernels unless --//cc/nn:force_scalar)",
           "dsp": "//cc/nn DSP-extension kernels (--//cc/nn:force_dsp) on the Cortex-M55"}
PLUGIN = "m55ml/tools/qemu_plugin/libinsn_count.so"


def symbol_address(elf: str, name: str) -> int:
    listing = subprocess.run(["arm-none-eabi-nm", elf], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16) & ~1
    raise SystemExit(f"run_kernel_bench: {name} not found in {elf}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="kernel_bench.json", help="JSON report (a .md table is written beside it)")
    parser.add_argument("--kernels", choices=sorted(ELF), default="default",
                        help="the build to run: default (Helium, or portable C under --//cc/nn:force_scalar) or dsp")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args(argv)

    r = runfiles.Create()
    elf, plugin = r.Rlocation(ELF[args.kernels]), r.Rlocation(PLUGIN)
    marker = symbol_address(elf, "board_profile_marker")
    with tempfile.TemporaryDirectory() as work:
        log = Path(work) / "plugin.log"
        cmd = ["qemu-system-arm", "-M", "mps3-an547", "-nographic", "-monitor", "none", "-serial", "null",
               "-semihosting-config", "enable=on,target=native", "-icount", "shift=0",
               "-kernel", elf, "-plugin", f"{plugin},marker={marker:#x}", "-d", "plugin", "-D", str(log)]
        run = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=args.timeout, cwd=work)
        if run.returncode != 0:
            raise SystemExit(f"run_kernel_bench: firmware exited with {run.returncode}:\n{run.stdout}{run.stderr}")
        text = log.read_text()
    # The board writes through semihosting, which QEMU sends to its stderr.
    console = run.stdout + run.stderr
    markers = [int(c) for c in re.findall(r"^marker: \d+ (\d+)$", text, re.MULTILINE)]
    layers = re.findall(r"^layer (\S+) status (-?\d+) macs (\d+) checksum (\w+)$", console, re.MULTILINE)
    if len(markers) != 2 * len(layers):
        raise SystemExit(f"run_kernel_bench: {len(markers)} markers for {len(layers)} layers")
    report = {"simulator": "qemu-system-arm -M mps3-an547 (Cortex-M55), -icount shift=0",
              "kernels": KERNELS[args.kernels], "layers": []}
    for i, (name, status, macs, checksum) in enumerate(layers):
        instructions = markers[2 * i + 1] - markers[2 * i]
        report["layers"].append({"layer": name, "instructions": instructions, "macs": int(macs),
                                 "instructions_per_mac": round(instructions / int(macs), 3),
                                 "status": int(status), "output_checksum": checksum})
    out = Path(args.out)
    if not out.is_absolute():
        out = Path(os.environ.get("BUILD_WORKING_DIRECTORY", ".")) / out
    out.write_text(json.dumps(report, indent=1) + "\n")
    table = ["| layer | MACs | guest instructions | instructions / MAC |", "|---|---:|---:|---:|"]
    table += [f"| {l['layer']} | {l['macs']:,} | {l['instructions']:,} | {l['instructions_per_mac']} |"
              for l in report["layers"]]
    out.with_suffix(".md").write_text("\n".join(table) + "\n")
    print("\n".join(table))
    print(f"written: {out} and {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
