"""The firmware's evaluation refuses an input set and a label set that disagree in size.

eval_inputs.bin holds N inputs back to back and eval_labels.bin N labels. Extra inputs used to
be ignored (450 inputs with 10 labels reported "10/10 correct"); a mismatch either way must end
in one line naming both files and their sizes, with the I/O exit code (3).
"""

import subprocess
import sys
from pathlib import Path

import pytest
from runfiles import runfiles

_RUNFILES = runfiles.Create()


def _path(label_path: str) -> Path:
    located = _RUNFILES.Rlocation("m55ml/" + label_path)
    assert located, f"{label_path} is not in the test's runfiles"
    return Path(located)


def _evaluate(tmp_path: Path, inputs: bytes, labels: bytes) -> subprocess.CompletedProcess:
    (tmp_path / "eval_inputs.bin").write_bytes(inputs)
    (tmp_path / "eval_labels.bin").write_bytes(labels)
    command = [sys.executable, str(_path("tools/sim/run_firmware.py")),
               "--elf", str(_path("models/digits_m55.elf")), "--timeout", "120",
               "--input", f"input0.bin={_path('models/digits_pte.input.bin')}",
               "--input", f"eval_inputs.bin={tmp_path / 'eval_inputs.bin'}",
               "--input", f"eval_labels.bin={tmp_path / 'eval_labels.bin'}",
               "--expect-exit", "3"]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


@pytest.fixture(scope="module")
def eval_set() -> tuple[bytes, bytes, int]:
    inputs = _path("models/digits_pte.eval_inputs.bin").read_bytes()
    labels = _path("models/digits_pte.eval_labels.bin").read_bytes()
    assert len(labels) > 10 and len(inputs) % len(labels) == 0
    return inputs, labels, len(inputs) // len(labels)


@pytest.mark.parametrize(("num_inputs", "num_labels"), [(None, 10), (-1, None), (None, -1)],
                         ids=["all-inputs-10-labels", "one-input-short", "one-label-short"])
def test_inputs_and_labels_of_different_counts_are_an_error(tmp_path, eval_set, num_inputs,
                                                           num_labels):
    inputs, labels, sample_bytes = eval_set
    samples = len(labels)
    inputs = inputs[:(samples + (num_inputs or 0)) * sample_bytes] if num_inputs else inputs
    labels = labels[:num_labels] if num_labels else labels
    result = _evaluate(tmp_path, inputs, labels)
    assert result.returncode == 0, result.stdout  # the runner saw the expected exit code 3
    error = (f"error: eval_inputs.bin holds {len(inputs)} bytes but eval_labels.bin holds "
             f"{len(labels)} labels: {len(labels)} inputs of {sample_bytes} bytes are "
             f"{len(labels) * sample_bytes} bytes")
    assert [line for line in result.stdout.splitlines() if line.startswith("error:")] == [error]
    assert "accuracy:" not in result.stdout
