"""Every exported model in models/ runs on the host runtime, bit-exact with its reference.

The programs, inputs and reference outputs come from //models (pte_model), so this is the
runtime and the cc/ops kernels against ExecuTorch's Python reference on real networks, before
any simulator is involved. The reference is the device reference: ExecuTorch's, with average
pools rounded as CMSIS-NN rounds them (identical to the plain reference unless the input hits a
.5 tie; see docs/export.md).
"""

import os
import pathlib
import subprocess

import pytest

_RUNFILES = pathlib.Path(os.environ.get("TEST_SRCDIR", ".")) / "m55ml"
PTE_RUN = pathlib.Path(os.environ.get("PTE_RUN", _RUNFILES / "tools/pte_run/pte_run"))
MODELS = pathlib.Path(os.environ.get("PTE_MODELS", _RUNFILES / "models"))

PROGRAMS = sorted(MODELS.glob("*.pte"))


def test_models_are_present():
    assert PROGRAMS, f"no .pte files under {MODELS}"


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_model_output_is_bit_exact_with_its_reference(program, tmp_path):
    output = tmp_path / "output.bin"
    command = [str(PTE_RUN), "--program", str(program),
               "--input", str(program.with_suffix(".input.bin")), "--output", str(output)]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    reference = program.with_suffix(".device_reference_output.bin").read_bytes()
    assert output.read_bytes() == reference
