"""Run a Cortex-M firmware ELF on a simulated board and check what it did.

Used by the `fvp_test` rule (bazel/fvp_test.bzl) and by `bazel run` firmware targets, which pass
the board's QEMU machine and FVP model (cc/boards/boards.bzl). Backends:

  qemu  qemu-system-arm -M <--machine> (default mps3-an547: Corstone SSE-300 with a Cortex-M55).
        Guest instructions are counted by the insn_count TCG plugin (tools/qemu_plugin).
  fvp   Arm's FVP <--fvp-model> (default FVP_Corstone_SSE-300_Ethos-U55), when installed (not
        installable on our CI).

The firmware talks to the host through semihosting: stdout, its exit code, and files in the
working directory (inputs it reads, outputs it writes). Every failure ends in one line that says
what went wrong and what to do: simulator missing, timeout, wrong exit code, fault, output
mismatch (with the first differing byte).

The runtime on a device writes the fixed English of its error details as tokens "@{xxxxxxxx}"
(terse device diagnostics, cc/runtime/internal/text.h); the runner expands them with the table
//cc/runtime:diagnostic_texts builds from the sources, so the lines it prints read as on the host.
Likewise the board reports a fault's status registers and the runner names each fault bit set.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

QEMU_BINARY = "qemu-system-arm"
QEMU_MACHINE = "mps3-an547"
FVP_BINARY = "FVP_Corstone_SSE-300_Ethos-U55"
FAULT_EXIT_CODE = 0xEE


DIAGNOSTIC_TEXTS = (Path(__file__).parent.parent.parent / "cc" / "runtime"
                    / "diagnostic_texts.json")
_TOKEN = re.compile(r"@\{([0-9a-f]{8})\}")


def expand_diagnostics(output: str, table_path: Path = DIAGNOSTIC_TEXTS) -> str:
    """The firmware's output with every known diagnostic token replaced by its text."""
    if "@{" not in output:
        return output
    try:
        table = json.loads(table_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return output + (f"note: diagnostic tokens left as they are: no table at {table_path} "
                         "(bazel build //cc/runtime:diagnostic_texts)\n")
    return _TOKEN.sub(lambda match: table.get(match.group(1), match.group(0)), output)


# The fault status bits the board reports as registers (cc/boards/common/startup.c), decoded here
# so the descriptions take no flash: (register, bit) -> (fault and bit name, meaning), in the
# order the lines are printed (Armv7-M and Armv8-M Architecture Reference Manuals).
FAULT_BITS = {
    ("hfsr", 30): ("HardFault FORCED", "a configurable fault escalated"),
    ("hfsr", 1): ("HardFault VECTTBL", "bus fault reading the vector table"),
    ("cfsr", 0): ("MemManage IACCVIOL", "instruction fetch from a no-execute or protected region"),
    ("cfsr", 1): ("MemManage DACCVIOL", "data access to a protected region"),
    ("cfsr", 3): ("MemManage MUNSTKERR", "protection fault on exception return unstacking"),
    ("cfsr", 4): ("MemManage MSTKERR", "protection fault on exception entry stacking"),
    ("cfsr", 5): ("MemManage MLSPERR", "protection fault on lazy FP state preservation"),
    ("cfsr", 8): ("BusFault IBUSERR", "bus error on instruction fetch"),
    ("cfsr", 9): ("BusFault PRECISERR", "precise data bus error (address in bfar)"),
    ("cfsr", 10): ("BusFault IMPRECISERR", "imprecise data bus error"),
    ("cfsr", 11): ("BusFault UNSTKERR", "bus error on exception return unstacking"),
    ("cfsr", 12): ("BusFault STKERR", "bus error on exception entry stacking"),
    ("cfsr", 13): ("BusFault LSPERR", "bus error on lazy FP state preservation"),
    ("cfsr", 16): ("UsageFault UNDEFINSTR", "undefined instruction (not in this core's instruction set)"),
    ("cfsr", 17): ("UsageFault INVSTATE", "invalid state (e.g. Thumb bit clear)"),
    ("cfsr", 18): ("UsageFault INVPC", "invalid exception return value"),
    ("cfsr", 19): ("UsageFault NOCP", "coprocessor (FPU/Helium) disabled or absent"),
    ("cfsr", 20): ("UsageFault STKOF", "stack limit overflow"),
    ("cfsr", 24): ("UsageFault UNALIGNED", "unaligned access"),
    ("cfsr", 25): ("UsageFault DIVBYZERO", "integer division by zero"),
}
_FAULT_LINE = re.compile(r"^FAULT: exception \d+ at .*\bcfsr=0x([0-9a-fA-F]+) hfsr=0x([0-9a-fA-F]+).*$",
                         re.MULTILINE)


def decode_faults(output: str) -> str:
    """The output with one "FAULT: <fault> <bit>: <meaning>" line after the board's fault line
    for each bit set in its cfsr and hfsr."""
    def expand(match: re.Match) -> str:
        registers = {"cfsr": int(match.group(1), 16), "hfsr": int(match.group(2), 16)}
        causes = [f"FAULT: {name}: {meaning}" for (register, bit), (name, meaning)
                  in FAULT_BITS.items() if registers[register] >> bit & 1]
        return "\n".join([match.group(0), *causes])
    return _FAULT_LINE.sub(expand, output)


class RunError(Exception):
    """A failure with a message a user can act on."""


@dataclass
class RunResult:
    exit_code: int
    output: str
    wall_seconds: float
    instructions: int | None = None
    markers: list[int] = field(default_factory=list)


def find_tool(name: str, env_var: str, hint: str) -> str:
    path = os.environ.get(env_var) or shutil.which(name)
    if not path or not os.access(path, os.X_OK):
        raise RunError(f"{name} not found (looked at ${env_var} and PATH): {hint}")
    return path


def resolve_symbol(elf: Path, symbol: str) -> int:
    nm = find_tool("arm-none-eabi-nm", "ARM_NONE_EABI_NM", "run ./bootstrap.sh (gcc-arm-none-eabi)")
    listing = subprocess.run([nm, str(elf)], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == symbol:
            return int(parts[0], 16) & ~1
    raise RunError(f"symbol {symbol} not found in {elf.name}; is the board library linked?")


def section_sizes(elf: Path) -> dict[str, int]:
    """Sizes of the ELF's allocated sections (bytes), for cost reports."""
    size = find_tool("arm-none-eabi-size", "ARM_NONE_EABI_SIZE", "run ./bootstrap.sh")
    listing = subprocess.run([size, "-A", str(elf)], capture_output=True, text=True, check=True)
    # A board whose code starts at address 0 (the MPS2 boards) has .text there: allocated
    # sections count whatever their address (readelf's flag A).
    readelf = find_tool("arm-none-eabi-readelf", "ARM_NONE_EABI_READELF", "run ./bootstrap.sh")
    headers = subprocess.run([readelf, "-SW", str(elf)], capture_output=True, text=True, check=True)
    allocated = {m.group(1) for m in re.finditer(r"\]\s+(\.\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+"
                                                 r"[0-9a-f]+\s+([A-Z]*)", headers.stdout)
                 if "A" in m.group(2)}
    sizes = {}
    for line in listing.stdout.splitlines():
        match = re.match(r"^(\.\S+)\s+(\d+)\s+(\d+)", line)
        if match and (int(match.group(3)) != 0 or match.group(1) in allocated):
            sizes[match.group(1)] = int(match.group(2))
    return sizes


def _run(cmd: list[str], workdir: Path, timeout: float) -> tuple[int, str, float]:
    start = time.monotonic()
    try:
        proc = subprocess.run(
            cmd,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as timed_out:
        partial = decode_faults(expand_diagnostics((timed_out.stdout or b"").decode(errors="replace")))
        sys.stdout.write(partial)
        raise RunError(
            f"simulator timeout: the firmware did not exit within {timeout:g} s "
            "(a hang, or a slower program: raise the test's sim_timeout)"
        ) from None
    output = decode_faults(expand_diagnostics(proc.stdout.decode(errors="replace")))
    return proc.returncode, output, time.monotonic() - start


def run_qemu(elf: Path, workdir: Path, timeout: float, plugin: Path | None,
             marker: int | None, machine: str = QEMU_MACHINE) -> RunResult:
    qemu = find_tool(QEMU_BINARY, "QEMU_SYSTEM_ARM", "run ./bootstrap.sh (Debian qemu-system-arm)")
    cmd = [qemu, "-M", machine, "-nographic", "-monitor", "none", "-serial", "null",
           "-semihosting-config", "enable=on,target=native"]
    log = workdir / "insn_count.log"
    if plugin is not None:
        spec = str(plugin.resolve()) + (f",marker={marker:#x}" if marker is not None else "")
        cmd += ["-plugin", spec, "-d", "plugin", "-D", str(log)]
    cmd += ["-kernel", str(elf.resolve())]
    print("+ " + " ".join(cmd), flush=True)
    code, output, wall = _run(cmd, workdir, timeout)
    result = RunResult(exit_code=code, output=output, wall_seconds=wall)
    if plugin is not None:
        text = log.read_text() if log.exists() else ""
        counts = re.findall(r"^insns: (\d+)$", text, re.MULTILINE)
        if not counts:
            raise RunError(f"the instruction-count plugin wrote no total to {log.name}: {text[:200]}")
        result.instructions = int(counts[-1])
        result.markers = [int(c) for c in re.findall(r"^marker: \d+ (\d+)$", text, re.MULTILINE)]
    return result


def run_fvp(elf: Path, workdir: Path, timeout: float, model: str = FVP_BINARY) -> RunResult:
    if model == FVP_BINARY:
        fvp = find_tool(
            FVP_BINARY,
            "FVP_CORSTONE300",
            "install Arm's FVP Corstone-300 and put it on PATH or set FVP_CORSTONE300=/path/to/it, "
            "or use the default simulator (--//bazel:simulator=qemu)",
        )
        board = ["-C", "mps3_board.visualisation.disable-visualisation=1",
                 "-C", "mps3_board.telnetterminal0.start_telnet=0",
                 "-C", "mps3_board.uart0.out_file=-"]
    else:
        # The MPS2 FVPs (FVP_MPS2_Cortex-M3/M4/M7/M33); their parameters are untested here.
        fvp = find_tool(model, "FVP_MPS2", f"install Arm's {model} and put it on PATH or set "
                        "FVP_MPS2=/path/to/it, or use the default simulator (--//bazel:simulator=qemu)")
        board = ["-C", "fvp_mps2.mps2_visualisation.disable-visualisation=1",
                 "-C", "fvp_mps2.telnetterminal0.start_telnet=0"]
    cmd = [fvp, *board,
           "-C", "cpu0.semihosting-enable=1",
           "-C", f"cpu0.semihosting-cwd={workdir}",
           "-a", str(elf.resolve())]
    print("+ " + " ".join(cmd), flush=True)
    code, output, wall = _run(cmd, workdir, timeout)
    # The FVP's own exit status does not carry the semihosting exit code; the board prints it.
    printed = re.findall(r"^board: exit (-?\d+)$", output, re.MULTILINE)
    return RunResult(exit_code=int(printed[-1]) if printed else code, output=output,
                     wall_seconds=wall)


def compare_file(produced: Path, reference: Path) -> None:
    if not produced.exists():
        raise RunError(f"the firmware wrote no {produced.name} (expected {reference.stat().st_size} bytes)")
    got, want = produced.read_bytes(), reference.read_bytes()
    if len(got) != len(want):
        raise RunError(f"{produced.name}: {len(got)} bytes, the reference {reference.name} has {len(want)}")
    diffs = [i for i in range(len(got)) if got[i] != want[i]]
    if diffs:
        first = diffs[0]
        raise RunError(
            f"{produced.name}: {len(diffs)} of {len(got)} bytes differ from {reference.name}; "
            f"first at byte {first}: got 0x{got[first]:02x}, want 0x{want[first]:02x}"
        )
    print(f"bit-exact: {produced.name} == {reference.name} ({len(got)} bytes)")


def operator_profile(result: RunResult) -> dict | None:
    """Per-call and per-operator instruction counts of one profiled inference.

    The pte_runner firmware prints its operators ("operator K: NAME.OVERLOAD") and the operator
    of every kernel call ("calls F: K K K ..."), and calls board_profile_marker once before the
    inference, before and after every kernel call, and once after; the plugin records the
    instruction count at each marker.
    """
    names = {int(k): name for k, name in re.findall(r"^operator (\d+): (\S+)$", result.output, re.MULTILINE)}
    calls = [int(k) for line in re.findall(r"^calls \d+:((?: \d+)*)$", result.output, re.MULTILINE)
             for k in line.split()]
    markers = result.markers
    if not calls or len(markers) != 2 * len(calls) + 2:
        return None
    per_call = [markers[2 + 2 * i] - markers[1 + 2 * i] for i in range(len(calls))]
    inference = markers[-1] - markers[0]
    kernels = sum(per_call)
    by_operator: dict[str, dict[str, int]] = {}
    for op, cost in zip(calls, per_call):
        entry = by_operator.setdefault(names.get(op, f"operator {op}"), {"calls": 0, "instructions": 0})
        entry["calls"] += 1
        entry["instructions"] += cost
    costliest = sorted(range(len(calls)), key=lambda i: (-per_call[i], i))[:5]
    return {
        "inference_instructions": inference,
        "kernel_instructions": kernels,
        "runtime_overhead_instructions": inference - kernels,
        "runtime_overhead_percent": round(100.0 * (inference - kernels) / inference, 3) if inference else 0.0,
        "calls": [{"call": i, "operator": names.get(op, str(op)), "instructions": per_call[i]}
                  for i, op in enumerate(calls)],
        "by_operator": by_operator,
        "costliest_calls": [{"call": i, "operator": names.get(calls[i], str(calls[i])),
                             "instructions": per_call[i]} for i in costliest],
    }


def print_report(result: RunResult, sections: dict[str, int], profile: dict | None) -> None:
    print("---- cost report ----")
    if result.instructions is not None:
        print(f"guest instructions, whole run: {result.instructions:,}")
    if profile:
        inference = profile["inference_instructions"]
        print(f"guest instructions, one inference: {inference:,} "
              f"(kernels {profile['kernel_instructions']:,}, runtime overhead "
              f"{profile['runtime_overhead_instructions']:,} = {profile['runtime_overhead_percent']:.3f}%)")
        print("costliest kernel calls:")
        for entry in profile["costliest_calls"]:
            share = 100.0 * entry["instructions"] / inference if inference else 0.0
            print(f"  call {entry['call']:>3}  {entry['operator']:<45} {entry['instructions']:>13,}  {share:5.1f}%")
        print("by operator:")
        for name, entry in sorted(profile["by_operator"].items(), key=lambda kv: -kv[1]["instructions"]):
            print(f"  {name:<50} {entry['calls']:>4} calls {entry['instructions']:>13,}")
    planned = re.findall(r"^arena: (\d+) bytes planned", result.output, re.MULTILINE)
    if planned:
        print(f"arena (planned activations): {int(planned[-1]):,} bytes")
    memory = ", ".join(f"{name} {size:,}" for name, size in sorted(sections.items()))
    print(f"memory (bytes): {memory}")
    stack = re.findall(r"^board: stack used (\d+) of (\d+) bytes$", result.output, re.MULTILINE)
    ram = sum(sections.get(name, 0) for name in (".data", ".bss", ".stack"))
    used = f", stack high-water {int(stack[-1][0]):,}" if stack else ""
    print(f"RAM outside the arena (.data + .bss + .stack): {ram:,} bytes{used}")


def check_accuracy(result: RunResult, manifest: Path) -> str | None:
    """Requires the firmware's evaluation to equal the export's int8 reference accuracy exactly.

    Device and reference run the same int8 program bit-exact, so they agree on every sample: the
    count of samples run must be the evaluation set's and the count correct the reference's.
    """
    facts = json.loads(manifest.read_text())
    reference = facts.get("accuracy", {}).get("int8_reference")
    if reference is None:
        return None
    samples = facts.get("eval_set", {}).get("samples")
    if not isinstance(samples, int) or samples <= 0:
        raise RunError(f"{manifest.name} records an int8 accuracy but no eval_set.samples: "
                       "re-export the model")
    found = re.findall(r"^accuracy: (\d+)/(\d+) correct$", result.output, re.MULTILINE)
    if not found:
        raise RunError(f"{manifest.name} records an int8 accuracy but the firmware printed none "
                       "(were eval_inputs.bin and eval_labels.bin given?)")
    correct, total = (int(x) for x in found[-1])
    if total != samples:
        raise RunError(f"the firmware evaluated {total} samples, the evaluation set has {samples} "
                       "(manifest eval_set.samples)")
    reference_correct = round(reference * samples)
    if abs(reference * samples - reference_correct) > 1e-6:
        raise RunError(f"{manifest.name}: int8 reference accuracy {reference!r} is not a whole "
                       f"number of its {samples} samples (eval_set.samples): re-export the model")
    line = (f"on-device accuracy {100.0 * correct / total:.2f}% ({correct}/{total}), int8 reference "
            f"{100.0 * reference:.2f}% ({reference_correct}/{samples})")
    if correct != reference_correct:
        raise RunError(f"{line}: device and reference must agree on every sample")
    return f"{line}: equal"


# The per-operator bounds of docs/portable.md, for program outputs a portable float ATen kernel
# computes from the same inputs as the reference (the int8 parts before it are bit-exact, so the
# float op's inputs are identical). Each takes the rule's argument (N: the length the op reduces)
# and the reference values, and gives the allowed |device - reference| per element.
EPS = 2.0**-23
CONTRACTS = {
    # _softmax: (N + 4) eps |ref| + 2^-126
    "softmax": lambda n, ref: (n + 4) * EPS * abs(ref) + 2.0**-126,
    # _log_softmax: (N + 4) eps max(1, |ref|)
    "log_softmax": lambda n, ref: (n + 4) * EPS * max(1.0, abs(ref)),
    # sigmoid, tanh (N = 2 ulp of the reference's magnitude), elementwise ops with N ulp
    "ulp": lambda n, ref: n * (math.ulp(abs(ref)) if ref != 0 else 2.0**-149),
}


def parse_contracts(items: list[str]) -> dict[int, tuple[str, float]]:
    """`--contract <output>=<rule>:<N>` flags as {output index: (rule, N)}."""
    contracts = {}
    for item in items:
        index, sep, rule = item.partition("=")
        name, _, argument = rule.partition(":")
        if not sep or not index.isdigit() or name not in CONTRACTS or not argument:
            raise RunError(f"--contract takes <output index>=<rule>:<N> with rule one of "
                           f"{sorted(CONTRACTS)} (docs/portable.md), got {item!r}")
        contracts[int(index)] = (name, float(argument))
    return contracts


def compare_within_contract(produced: Path, reference: Path, rule: tuple[str, float], dtype: str) -> None:
    """Float32 output within the stated per-element bound of the reference; reports how many
    elements differ and the largest error as a share of its bound."""
    if dtype != "float32":
        raise RunError(f"{produced.name}: a contract compares float32 outputs, the program's is {dtype}")
    if not produced.exists():
        raise RunError(f"the firmware wrote no {produced.name} (expected {reference.stat().st_size} bytes)")
    got_bytes, want_bytes = produced.read_bytes(), reference.read_bytes()
    if len(got_bytes) != len(want_bytes):
        raise RunError(f"{produced.name}: {len(got_bytes)} bytes, the reference {reference.name} has {len(want_bytes)}")
    count = len(want_bytes) // 4
    got = struct.unpack(f"<{count}f", got_bytes)
    want = struct.unpack(f"<{count}f", want_bytes)
    name, n = rule
    bound_of = CONTRACTS[name]
    differ, worst, worst_at = 0, 0.0, -1
    for i, (a, b) in enumerate(zip(got, want)):
        if a == b or (math.isnan(a) and math.isnan(b)):
            continue
        differ += 1
        bound = bound_of(n, b)
        share = abs(a - b) / bound if math.isfinite(a) and math.isfinite(b) else math.inf
        if share > worst:
            worst, worst_at = share, i
        if share > 1.0:
            raise RunError(f"{produced.name}: element {i} is {a!r}, the reference {b!r}: "
                           f"|difference| {abs(a - b):.3g} exceeds the {name}:{n:g} bound {bound:.3g} "
                           "(docs/portable.md)")
    where = f", the largest {worst:.3f} of its bound at element {worst_at}" if differ else ""
    print(f"within contract {name}:{n:g}: {produced.name} vs {reference.name}: {differ} of {count} "
          f"float32 values differ{where}")


def describe_pure_reference(produced: Path, reference: Path, manifest: Path | None) -> str:
    """Says whether the device output also equals the unmodified ExecuTorch reference."""
    got, want = produced.read_bytes(), reference.read_bytes()
    if got == want:
        return f"{produced.name} is also byte-identical to {reference.name} (ExecuTorch's reference)"
    differing = sum(1 for a, b in zip(got, want) if a != b) + abs(len(got) - len(want))
    ties = "?"
    if manifest is not None:
        ties = json.loads(manifest.read_text()).get("reference", {}).get("avg_pool_rounding_ties", "?")
    return (f"{produced.name} differs from {reference.name} in {differing} bytes: the reference "
            f"input hits {ties} average-pool .5 ties, which CMSIS-NN rounds away from zero and "
            "the reference to even (docs/export.md, Rounding ties in average pools)")


def tensor_sizes(manifest: Path, side: str) -> list[int]:
    """Bytes of every program input or output, in order, from the export manifest."""
    return [int(t["bytes"]) for t in json.loads(manifest.read_text())[side]]


def split_model_input(manifest: Path, source: Path, workdir: Path) -> int:
    """Writes input<i>.bin for each program input from the back-to-back reference inputs."""
    sizes = tensor_sizes(manifest, "inputs")
    data = source.read_bytes()
    if len(data) != sum(sizes):
        raise RunError(
            f"{source.name} holds {len(data)} bytes, the program's {len(sizes)} input(s) take "
            f"{sum(sizes)} ({' + '.join(str(n) for n in sizes)}): regenerate it with the program"
        )
    offset = 0
    for index, size in enumerate(sizes):
        (workdir / f"input{index}.bin").write_bytes(data[offset : offset + size])
        offset += size
    return len(sizes)


def model_output_pairs(manifest: Path, reference: Path, workdir: Path, stem: str) -> list[tuple[Path, Path]]:
    """(output<i>.bin the firmware wrote, the matching slice of the back-to-back reference)."""
    sizes = tensor_sizes(manifest, "outputs")
    data = reference.read_bytes()
    if len(data) != sum(sizes):
        raise RunError(
            f"{reference.name} holds {len(data)} bytes, the program's {len(sizes)} output(s) "
            f"give {sum(sizes)}: it does not belong to this program"
        )
    pairs, offset = [], 0
    for index, size in enumerate(sizes):
        expected = workdir / f"{stem}{index}.bin"
        expected.write_bytes(data[offset : offset + size])
        pairs.append((workdir / f"output{index}.bin", expected))
        offset += size
    return pairs


def parse_pairs(items: list[str], flag: str) -> list[tuple[str, Path]]:
    pairs = []
    for item in items:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise RunError(f"{flag} takes NAME=PATH, got {item!r}")
        pairs.append((name, Path(path)))
    return pairs


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--elf", required=True, type=Path)
    parser.add_argument("--simulator", choices=["qemu", "fvp"], default="qemu")
    parser.add_argument("--machine", default=QEMU_MACHINE,
                        help=f"QEMU machine of the board (default {QEMU_MACHINE})")
    parser.add_argument("--fvp-model", default=FVP_BINARY,
                        help=f"Arm FVP of the board (default {FVP_BINARY})")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before the run is killed")
    parser.add_argument("--plugin", type=Path, help="insn_count plugin (.so) to count instructions")
    parser.add_argument("--marker-symbol", help="function whose executions the plugin records")
    parser.add_argument("--expect-exit", type=int, default=0)
    parser.add_argument("--expect-output", action="append", default=[],
                        help="text that must appear in the firmware's output")
    parser.add_argument("--input", action="append", default=[], metavar="NAME=PATH",
                        help="file placed in the firmware's working directory as NAME")
    parser.add_argument("--compare", action="append", default=[], metavar="NAME=REFERENCE",
                        help="file NAME the firmware writes must equal REFERENCE byte for byte")
    parser.add_argument("--model-input", type=Path,
                        help="a program's reference inputs back to back: split into input<i>.bin "
                             "by the --manifest's tensor sizes")
    parser.add_argument("--model-reference", type=Path,
                        help="the program's reference outputs back to back: each output<i>.bin "
                             "the firmware writes must equal its slice byte for byte")
    parser.add_argument("--model-pure-reference", type=Path,
                        help="after --model-reference passed: also say whether the outputs equal "
                             "this (ExecuTorch's unmodified reference)")
    parser.add_argument("--metrics-out", type=Path, help="write a JSON cost report here")
    parser.add_argument("--pure-reference", action="append", default=[], metavar="NAME=REFERENCE",
                        help="after --compare passed: also say whether NAME equals REFERENCE")
    parser.add_argument("--contract", action="append", default=[], metavar="OUTPUT=RULE:N",
                        help="compare program output OUTPUT within a docs/portable.md bound "
                             f"({', '.join(sorted(CONTRACTS))}) instead of byte for byte")
    parser.add_argument("--manifest", type=Path,
                        help="export manifest: the firmware's accuracy must equal its int8 accuracy")
    parser.add_argument("--report", action="store_true",
                        help="print the cost report (instructions per operator, memory)")
    args = parser.parse_args(argv)

    try:
        if not args.elf.exists():
            raise RunError(f"firmware {args.elf} does not exist")
        scratch = os.environ.get("TEST_TMPDIR")
        workdir = Path(tempfile.mkdtemp(prefix="sim-", dir=scratch))
        if (args.model_input or args.model_reference) and not args.manifest:
            raise RunError("--model-input and --model-reference need --manifest (tensor sizes)")
        if args.model_input:
            split_model_input(args.manifest, args.model_input, workdir)
        for name, path in parse_pairs(args.input, "--input"):
            shutil.copyfile(path, workdir / name)
        if args.simulator == "qemu":
            marker = resolve_symbol(args.elf, args.marker_symbol) if args.marker_symbol else None
            result = run_qemu(args.elf, workdir, args.timeout, args.plugin, marker, args.machine)
        else:
            result = run_fvp(args.elf, workdir, args.timeout, args.fvp_model)
        sys.stdout.write(result.output)
        if result.instructions is not None:
            print(f"guest instructions: {result.instructions}")
        print(f"simulator wall time: {result.wall_seconds:.2f} s")

        sections = section_sizes(args.elf)
        profile = operator_profile(result)
        if args.report:
            print_report(result, sections, profile)
        if args.metrics_out:
            metrics = {
                "simulator": args.simulator,
                "exit_code": result.exit_code,
                "guest_instructions": result.instructions,
                "wall_seconds": round(result.wall_seconds, 3),
                "sections": sections,
                "profile": profile,
            }
            args.metrics_out.write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")

        if result.exit_code == FAULT_EXIT_CODE and args.expect_exit != FAULT_EXIT_CODE:
            raise RunError("the firmware faulted (see the FAULT line above for pc and fault status)")
        if result.exit_code != args.expect_exit:
            raise RunError(f"the firmware exited with {result.exit_code}, expected {args.expect_exit}")
        for text in args.expect_output:
            if text not in result.output:
                raise RunError(f"the firmware's output lacks {text!r}")
        for name, reference in parse_pairs(args.compare, "--compare"):
            compare_file(workdir / name, reference)
        contracts = parse_contracts(args.contract)
        if contracts and not args.model_reference:
            raise RunError("--contract compares program outputs: it needs --model-reference")
        if args.model_reference:
            pairs = model_output_pairs(args.manifest, args.model_reference, workdir, "reference_output")
            unknown = sorted(set(contracts) - set(range(len(pairs))))
            if unknown:
                raise RunError(f"--contract names output(s) {unknown}; the program has {len(pairs)}")
            dtypes = [t["dtype"] for t in json.loads(args.manifest.read_text())["outputs"]]
            for index, (produced, expected) in enumerate(pairs):
                if index in contracts:
                    compare_within_contract(produced, expected, contracts[index], dtypes[index])
                else:
                    compare_file(produced, expected)
        if args.model_reference and args.model_pure_reference:
            pure = model_output_pairs(args.manifest, args.model_pure_reference, workdir, "pure_reference_output")
            for index, (produced, expected) in enumerate(pure):
                if index not in contracts:
                    print(describe_pure_reference(produced, expected, args.manifest))
        for name, reference in parse_pairs(args.pure_reference, "--pure-reference"):
            print(describe_pure_reference(workdir / name, reference, args.manifest))
        # `bazel run` of a firmware passes the manifest but no evaluation set: nothing to grade.
        if args.manifest and any(name == "eval_labels.bin" for name, _ in parse_pairs(args.input, "--input")):
            accuracy = check_accuracy(result, args.manifest)
            if accuracy:
                print(accuracy)
    except RunError as error:
        print(f"FAIL: {error}", flush=True)
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
