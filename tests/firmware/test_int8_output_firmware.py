"""pte_runner with programs whose output 0 is int8 (two_by_two_int8: two inputs, two outputs;
conv_block_int8: one input, 4 int8 logits).

A user's program may leave the final dequantize to the application: the firmware must still
write every output bit-exact, rank int8 scores for top-5 and evaluation (ties to the lower
index, as for float32), and refuse evaluation of a two-input program in one line.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from runfiles import runfiles

_RUNFILES = runfiles.Create()
FIXTURE = "tests/runtime/two_by_two_int8"


def _path(label_path: str) -> Path:
    located = _RUNFILES.Rlocation("m55ml/" + label_path)
    assert located, f"{label_path} is not in the test's runfiles"
    return Path(located)


def _run(*extra: str, fixture: str = FIXTURE, inputs: int = 2) -> subprocess.CompletedProcess:
    name = fixture.rsplit("/", 1)[1]
    command = [sys.executable, str(_path("tools/sim/run_firmware.py")),
               "--elf", str(_path(f"tests/firmware/{name}_m55.elf")), "--timeout", "60"]
    for i in range(inputs):
        command += ["--input", f"input{i}.bin={_path(f'{fixture}.input{i}.bin')}"]
    command += extra
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


def _int8(path: Path) -> list[int]:
    return [b - 256 if b > 127 else b for b in path.read_bytes()]


def test_every_output_is_written_bit_exact():
    result = _run("--compare", f"output0.bin={_path(FIXTURE + '.reference_output.bin')}",
                  "--compare", f"output1.bin={_path(FIXTURE + '.reference_output1.bin')}")
    assert result.returncode == 0, result.stdout
    assert "bit-exact: output0.bin == two_by_two_int8.reference_output.bin (12 bytes)" in result.stdout
    assert "bit-exact: output1.bin == two_by_two_int8.reference_output1.bin (48 bytes)" in result.stdout


def test_top5_ranks_int8_scores_with_ties_to_the_lower_index():
    scores = _int8(_path(FIXTURE + ".reference_output.bin"))
    ranked = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:5]
    assert len({scores[i] for i in ranked}) < 5, "the fixture must hold a tie among its top 5"
    result = _run()
    assert result.returncode == 0, result.stdout
    lines = re.findall(r"^top-5:.*$", result.stdout, re.MULTILINE)
    assert lines == ["top-5:" + "".join(f" {i} ({scores[i]})" for i in ranked)]


@pytest.fixture
def eval_files(tmp_path) -> list[str]:
    (tmp_path / "eval_inputs.bin").write_bytes(bytes(96))
    (tmp_path / "eval_labels.bin").write_bytes(bytes(1))
    return ["--input", f"eval_inputs.bin={tmp_path / 'eval_inputs.bin'}",
            "--input", f"eval_labels.bin={tmp_path / 'eval_labels.bin'}"]


def test_evaluation_of_a_two_input_program_is_refused_in_one_line(eval_files):
    result = _run(*eval_files, "--expect-exit", "2")
    assert result.returncode == 0, result.stdout
    errors = [line for line in result.stdout.splitlines() if line.startswith("error:")]
    assert errors == ["error: evaluation needs a program with one input; this one has 2"]


def test_evaluation_ranks_int8_logits(tmp_path):
    conv_block = "tests/runtime/conv_block_int8"
    sample = _path(conv_block + ".input0.bin").read_bytes()
    logits = _int8(_path(conv_block + ".reference_output.bin"))
    best = max(range(len(logits)), key=lambda i: (logits[i], -i))
    wrong = (best + 1) % len(logits)
    (tmp_path / "eval_inputs.bin").write_bytes(sample * 3)
    (tmp_path / "eval_labels.bin").write_bytes(bytes([best, wrong, best]))
    result = _run("--input", f"eval_inputs.bin={tmp_path / 'eval_inputs.bin'}",
                  "--input", f"eval_labels.bin={tmp_path / 'eval_labels.bin'}",
                  "--compare", f"output0.bin={_path(conv_block + '.reference_output.bin')}",
                  fixture=conv_block, inputs=1)
    assert result.returncode == 0, result.stdout
    assert re.findall(r"^accuracy: .*$", result.stdout, re.MULTILINE) == ["accuracy: 2/3 correct"]
