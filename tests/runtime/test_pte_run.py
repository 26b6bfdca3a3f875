"""pte_run, the host runner, end to end: real cc/ops kernels, exit codes and one-line errors.

Outputs are compared byte for byte with the reference the exporter computed by running the
lowered program through the Python implementations of the cortex_m:: ops.
"""

import os
import pathlib
import struct
import subprocess

import pytest

_RUNFILES = pathlib.Path(os.environ.get("TEST_SRCDIR", ".")) / "m55ml"
PTE_RUN = pathlib.Path(os.environ.get("PTE_RUN", _RUNFILES / "tools/pte_run/pte_run"))
FIXTURES = pathlib.Path(os.environ.get("PTE_FIXTURES", _RUNFILES / "tests/runtime"))

EXIT_USAGE, EXIT_FILE, EXIT_REJECTED, EXIT_NOT_RUNNABLE, EXIT_INPUT = 2, 3, 4, 5, 6
FIXTURE_NAMES = ["conv_block", "add_two", "two_by_two"]


def manifest(name: str) -> dict[str, str]:
    lines = (FIXTURES / f"{name}.manifest.txt").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def inputs(name: str) -> list[pathlib.Path]:
    count = len(manifest(name)["input_nbytes"].split(","))
    return [FIXTURES / f"{name}.input{i}.bin" for i in range(count)]


def run(*args: object) -> subprocess.CompletedProcess:
    command = [str(PTE_RUN), *map(str, args)]
    return subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)


def run_program(program: pathlib.Path, name: str, tmp_path: pathlib.Path, *extra: object):
    command: list[object] = ["--program", program]
    for path in inputs(name):
        command += ["--input", path]
    return run(*command, "--output", tmp_path / "out.bin", *extra)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pte_run: error: "), lines[0]
    return lines[0]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_output_is_bit_exact_with_the_python_reference(name, tmp_path):
    result = run_program(FIXTURES / f"{name}.pte", name, tmp_path)
    assert result.returncode == 0, result.stderr
    reference = (FIXTURES / f"{name}.reference_output.bin").read_bytes()
    assert (tmp_path / "out.bin").read_bytes() == reference


@pytest.mark.parametrize("name", ["two_by_two", "two_by_two_int8"])
def test_every_output_of_a_two_output_program_is_bit_exact(name, tmp_path):
    # two_by_two_int8 leaves output 0 quantized: 12 int8 bytes, not 48 float32 ones.
    command: list[object] = ["--program", FIXTURES / f"{name}.pte"]
    for i in range(2):
        command += ["--input", FIXTURES / f"two_by_two.input{i}.bin"]
    result = run(*command, "--output", tmp_path / "out0.bin", "--output", tmp_path / "out1.bin")
    assert result.returncode == 0, result.stderr
    for i, suffix in enumerate(["", "1"]):
        reference = (FIXTURES / f"{name}.reference_output{suffix}.bin").read_bytes()
        assert (tmp_path / f"out{i}.bin").read_bytes() == reference, f"output {i}"
    assert len((tmp_path / "out0.bin").read_bytes()) == (12 if name.endswith("int8") else 48)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_reports_every_kernel_call_per_operator(name, tmp_path):
    facts = manifest(name)
    result = run_program(FIXTURES / f"{name}.pte", name, tmp_path, "--profile")
    assert result.returncode == 0, result.stderr
    calls = [facts[f"call{i}"].split("(")[0] for i in range(int(facts["num_instructions"]))]
    call_lines = [line for line in result.stdout.splitlines() if line.strip().startswith("call ")]
    assert [line.split()[3] for line in call_lines] == calls
    assert f"{len(calls)} kernel calls" in result.stdout
    for operator in set(calls):
        summary = [line for line in result.stdout.splitlines()
                   if line.strip().endswith(" " + operator) and " calls " in line]
        assert len(summary) == 1, result.stdout
        assert int(summary[0].split()[0]) == calls.count(operator)


def test_info_lists_inputs_outputs_and_planned_memory():
    result = run("--program", FIXTURES / "conv_block.pte", "--info", "--input",
                 inputs("conv_block")[0])
    assert result.returncode == 0, result.stderr
    planned = manifest("conv_block")["planned_buffer_sizes"]
    assert f"planned buffer (memory id 1): {planned} bytes" in result.stdout
    assert "input 0: float32[1, 3, 9, 8] dim_order (0,2,3,1) 864 bytes" in result.stdout


def test_corrupt_flatbuffer_is_rejected_in_one_line(tmp_path):
    data = bytearray((FIXTURES / "conv_block.pte").read_bytes())
    data[0:4] = (len(data) * 4).to_bytes(4, "little")  # root offset far outside the file
    program = tmp_path / "corrupt.pte"
    program.write_bytes(bytes(data))
    result = run_program(program, "conv_block", tmp_path)
    assert result.returncode == EXIT_REJECTED
    line = one_line_error(result)
    assert "VerifierFailed" in line or "Truncated" in line


def test_truncated_program_is_rejected_in_one_line(tmp_path):
    data = (FIXTURES / "conv_block.pte").read_bytes()
    program = tmp_path / "truncated.pte"
    program.write_bytes(data[: len(data) - 100])
    result = run_program(program, "conv_block", tmp_path)
    assert result.returncode == EXIT_REJECTED
    assert "Truncated" in one_line_error(result)
    assert not (tmp_path / "out.bin").exists()


def test_foreign_file_is_named_as_not_a_program(tmp_path):
    program = tmp_path / "image.png"
    program.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = run("--program", program)
    assert result.returncode == EXIT_REJECTED
    assert "BadIdentifier" in one_line_error(result)


def test_unknown_operator_is_named(tmp_path):
    data = (FIXTURES / "conv_block.pte").read_bytes()
    renamed = data.replace(b"cortex_m::quantized_add", b"cortex_m::quantized_adx")
    assert renamed != data
    program = tmp_path / "renamed.pte"
    program.write_bytes(renamed)
    result = run_program(program, "conv_block", tmp_path)
    assert result.returncode == EXIT_NOT_RUNNABLE
    assert ("operator cortex_m::quantized_adx.out is not available in this build"
            in one_line_error(result))


def test_missing_program_file_is_a_file_error(tmp_path):
    result = run("--program", tmp_path / "absent.pte")
    assert result.returncode == EXIT_FILE
    assert "cannot open" in one_line_error(result)


def test_input_of_the_wrong_size_is_refused(tmp_path):
    short_input = tmp_path / "short.bin"
    short_input.write_bytes(inputs("conv_block")[0].read_bytes()[:-1])
    result = run("--program", FIXTURES / "conv_block.pte", "--input", short_input)
    assert result.returncode == EXIT_INPUT
    line = one_line_error(result)
    assert "SizeMismatch" in line and "864 bytes; got 863" in line


def test_wrong_number_of_inputs_is_refused():
    result = run("--program", FIXTURES / "add_two.pte", "--input", inputs("add_two")[0])
    assert result.returncode == EXIT_INPUT
    assert "has 2 input(s); 1 --input given" in one_line_error(result)


def test_unknown_method_is_named():
    result = run("--program", FIXTURES / "add_two.pte", "--method", "backward")
    assert result.returncode == EXIT_REJECTED
    assert "no execution plan named 'backward'" in one_line_error(result)


def test_usage_errors_exit_2():
    result = run("--program")
    assert result.returncode == EXIT_USAGE
    assert "--program needs a value" in result.stderr
    result = run("--frobnicate")
    assert result.returncode == EXIT_USAGE


def test_a_plan_too_large_for_the_host_is_refused_in_one_line(tmp_path):
    # non_const_buffer_sizes is a FlatBuffers vector of int64: length 2, ExecuTorch's reserved 0,
    # then the planned size. Ask for 2^62 bytes instead: a runner must refuse, not throw.
    planned = int(manifest("conv_block")["planned_buffer_sizes"])
    data = (FIXTURES / "conv_block.pte").read_bytes()
    sizes = struct.pack("<Iqq", 2, 0, planned)
    assert data.count(sizes) == 1
    program = tmp_path / "huge_plan.pte"
    program.write_bytes(data.replace(sizes, struct.pack("<Iqq", 2, 0, 1 << 62)))
    result = run_program(program, "conv_block", tmp_path)
    assert result.returncode == EXIT_NOT_RUNNABLE
    assert one_line_error(result) == (
        "pte_run: error: the program plans 4611686018427387904 bytes of arena, more than this "
        "runner's limit of 1073741824 bytes: is the .pte corrupt?")
    assert not (tmp_path / "out.bin").exists()


def test_a_program_ending_in_int8_is_bit_exact(tmp_path):
    # conv_block_int8: conv_block with output 0 rewired to the logits before the dequantize.
    result = run("--program", FIXTURES / "conv_block_int8.pte", "--input",
                 FIXTURES / "conv_block_int8.input0.bin", "--output", tmp_path / "out.bin", "--info")
    assert result.returncode == 0, result.stderr
    assert "  output 0: int8[1, 4] " in result.stdout
    reference = (FIXTURES / "conv_block_int8.reference_output.bin").read_bytes()
    assert (tmp_path / "out.bin").read_bytes() == reference
