"""Terse device diagnostics end to end: the device writes tokens, the host reads the full line.

renamed_operator_m55 links a program whose cortex_m::quantized_add was renamed quantized_adx, so
Method::prepare refuses it. The runtime on the M55 keeps no English for that error (its fixed
fragments are compile-time hashes, cc/runtime/internal/text.h); tools/sim/run_firmware.py expands
the tokens with //cc/runtime:diagnostic_texts, and the line is the one pte_run prints on the host.
"""

import subprocess
import sys
from pathlib import Path

from runfiles import runfiles

_RUNFILES = runfiles.Create()


def _path(label_path: str) -> Path:
    located = _RUNFILES.Rlocation("m55ml/" + label_path)
    assert located, f"{label_path} is not in the test's runfiles"
    return Path(located)


ELF = _path("tests/firmware/renamed_operator_m55.elf")


def test_refused_operator_reads_as_on_the_host():
    command = [sys.executable, str(_path("tools/sim/run_firmware.py")), "--elf", str(ELF),
               "--timeout", "120", "--expect-exit", "2"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout  # the runner saw the expected exit code 2
    errors = [line for line in result.stdout.splitlines() if line.startswith("error:")]
    expected = ("error: prepare: operator is not available in this build (OperatorNotAvailable): "
                "operator cortex_m::quantized_adx.out is not available in this build "
                "(execution_plan.operators[3])")
    assert errors == [expected]
    assert "@{" not in result.stdout


def test_the_image_holds_no_runtime_english():
    image = ELF.read_bytes()
    assert b"cortex_m::quantized_conv2d" in image  # names the program and the kernels need stay
    for fragment in (b"is not available in this build", b"operator is not available",
                     b"program too large for this build", b"is not a value index"):
        assert fragment not in image, fragment
