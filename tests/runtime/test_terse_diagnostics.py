"""Terse device diagnostics lose nothing: the host expansion gives pte_run's very lines.

pte_run_terse is pte_run on the runtime built as for a device (PTE_TERSE_DIAGNOSTICS=1): every
fixed fragment of an error detail is written as a token "@{xxxxxxxx}". Expanded with the table
//cc/runtime:diagnostic_texts collects from the sources (tools/sim/run_firmware.py does this for
firmware output), each error line must equal the full-text build's, for hand-made faults and for
a few hundred seeded corruptions of a real program.
"""

import importlib.util
import os
import pathlib
import random
import subprocess
import sys

import pytest

_RUNFILES = pathlib.Path(os.environ.get("TEST_SRCDIR", ".")) / "m55ml"
PTE_RUN = _RUNFILES / "tools/pte_run/pte_run"
PTE_RUN_TERSE = _RUNFILES / "tests/runtime/pte_run_terse"
FIXTURES = _RUNFILES / "tests/runtime"
TEXTS = _RUNFILES / "cc/runtime/diagnostic_texts.json"

_spec = importlib.util.spec_from_file_location("run_firmware", _RUNFILES / "tools/sim/run_firmware.py")
run_firmware = importlib.util.module_from_spec(_spec)
sys.modules["run_firmware"] = run_firmware  # its dataclasses look their module up there
_spec.loader.exec_module(run_firmware)


def error_line(binary: pathlib.Path, *args: object) -> str:
    result = subprocess.run([str(binary), *map(str, args)], check=False, capture_output=True,
                            text=True, timeout=120)
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0 and len(lines) == 1, result.stderr
    return lines[0]


def both(*args: object) -> tuple[str, str]:
    """(pte_run's line, pte_run_terse's line expanded)."""
    full = error_line(PTE_RUN, *args)
    terse = error_line(PTE_RUN_TERSE, *args)
    return full, run_firmware.expand_diagnostics(terse, TEXTS)


def write(tmp_path: pathlib.Path, name: str, data: bytes) -> pathlib.Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_terse_lines_carry_tokens_not_text(tmp_path):
    data = (FIXTURES / "conv_block.pte").read_bytes()
    program = write(tmp_path, "renamed.pte", data.replace(b"quantized_add", b"quantized_adx"))
    terse = error_line(PTE_RUN_TERSE, "--program", program)
    assert "@{" in terse and "is not available in this build" not in terse
    assert "cortex_m::quantized_adx.out" in terse  # names from the program stay as they are


@pytest.mark.parametrize("fault", ["renamed_operator", "truncated", "foreign", "root_offset",
                                   "short_input", "unknown_method"])
def test_expanded_line_equals_the_hosts(tmp_path, fault):
    data = (FIXTURES / "conv_block.pte").read_bytes()
    program = FIXTURES / "conv_block.pte"
    extra: list[object] = []
    if fault == "renamed_operator":
        program = write(tmp_path, "p.pte", data.replace(b"quantized_add", b"quantized_adx"))
    elif fault == "truncated":
        program = write(tmp_path, "p.pte", data[:-100])
    elif fault == "foreign":
        program = write(tmp_path, "p.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    elif fault == "root_offset":
        program = write(tmp_path, "p.pte", (len(data) * 4).to_bytes(4, "little") + data[4:])
    elif fault == "short_input":
        extra = ["--input", write(tmp_path, "in.bin", (FIXTURES / "conv_block.input0.bin")
                                  .read_bytes()[:-1])]
    elif fault == "unknown_method":
        extra = ["--method", "backward"]
    full, expanded = both("--program", program, *extra)
    assert expanded == full
    assert "@{" not in expanded


def test_seeded_corruptions_expand_to_the_hosts_lines(tmp_path):
    data = (FIXTURES / "conv_block.pte").read_bytes()
    header = 40 + 64  # past the file identifier and extended header: reach the tables
    rng = random.Random(14)
    differing = []
    distinct = set()
    for case in range(150):
        corrupt = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            corrupt[rng.randrange(header, len(data))] = rng.randrange(256)
        program = write(tmp_path, f"c{case}.pte", bytes(corrupt))
        result = subprocess.run([str(PTE_RUN), "--program", str(program)], capture_output=True,
                                text=True, check=False, timeout=120)
        if result.returncode == 0:
            continue  # this corruption still runs: nothing to compare
        full, expanded = both("--program", program)
        distinct.add(full.split(":")[2])
        if expanded != full:
            differing.append((full, expanded))
    assert not differing, differing[:3]
    assert len(distinct) >= 3, distinct  # the corruptions reached several kinds of check
