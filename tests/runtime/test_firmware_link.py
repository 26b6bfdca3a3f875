"""What the runtime costs in a Corstone-300 (Cortex-M55) image, and what it must never pull in.

Inspects runtime_link_probe, firmware that links every cc/runtime entry point with the cc/ops
kernels: no heap allocator, no operator new/delete, no exception or RTTI support may be linked,
and the runtime's .text stays under a generous regression guard. The sizes are printed for
the benchmark report.
"""

import os
import pathlib
import subprocess

_RUNFILES = pathlib.Path(os.environ.get("TEST_SRCDIR", ".")) / "m55ml"
PROBE = pathlib.Path(os.environ.get("LINK_PROBE", _RUNFILES / "tests/runtime/runtime_link_probe"))
NM = "/usr/bin/arm-none-eabi-nm"

# Symbols whose presence means heap or C++ runtime support was linked.
FORBIDDEN = {
    "malloc", "_malloc_r", "calloc", "_calloc_r", "realloc", "_realloc_r", "free", "_free_r",
    "_Znwj", "_Znaj", "_ZdlPv", "_ZdaPv", "_ZdlPvj", "__cxa_allocate_exception", "__cxa_throw",
    "__gxx_personality_v0", "__cxa_pure_virtual", "_sbrk", "_sbrk_r",
}

# Generous guard (bytes): 21.0 KB with terse device diagnostics when set (31 KB before); the
# budgets of whole images are in //tests/firmware:size_budget_test (docs/firmware.md, "Code size").
RUNTIME_TEXT_GUARD = 26 * 1024


def symbols() -> list[tuple[int, str, str]]:
    out = subprocess.run([NM, "--size-sort", "-S", "-C", str(PROBE)], check=True,
                         capture_output=True, text=True).stdout
    table = []
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4:
            table.append((int(parts[1], 16), parts[2], parts[3]))
    return table


def test_no_heap_or_cpp_runtime_is_linked():
    out = subprocess.run([NM, str(PROBE)], check=True, capture_output=True, text=True).stdout
    names = {line.split()[-1] for line in out.splitlines() if line.strip()}
    assert not (names & FORBIDDEN), sorted(names & FORBIDDEN)


def test_runtime_text_size_is_reported_and_guarded(capsys):
    groups = {"runtime": 0, "flatbuffers": 0, "ops+nn": 0, "other": 0}
    for size, kind, name in symbols():
        if kind not in "tTwW":
            continue
        if "m55ml::pte" in name:
            groups["runtime"] += size
        elif "executorch_flatbuffer" in name or "flatbuffers::" in name:
            groups["flatbuffers"] += size
        elif name.startswith(("cmops", "arm_")):
            groups["ops+nn"] += size
        else:
            groups["other"] += size
    rodata = sum(size for size, kind, name in symbols() if kind in "rR")
    report = f"runtime_link_probe .text by owner (bytes): {groups}; read-only data: {rodata}\n"
    with capsys.disabled():
        print(report, end="")
    outputs = os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR")
    if outputs:
        (pathlib.Path(outputs) / "runtime_size.txt").write_text(report)
    assert groups["runtime"] > 0 and groups["flatbuffers"] > 0
    assert groups["runtime"] + groups["flatbuffers"] < RUNTIME_TEXT_GUARD
