"""The simulator runner's failure modes: each ends in one clear line, never a hang."""

import importlib.util
import json
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


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    runner = _path("tools/sim/run_firmware.py")
    return subprocess.run([sys.executable, str(runner), *args], capture_output=True, text=True, check=False,
                          timeout=timeout)


@pytest.fixture(scope="module")
def hello() -> Path:
    return _path("tests/smoke/hello_m55")


def test_hanging_firmware_is_stopped_at_the_timeout():
    result = _run("--elf", str(_path("tests/sim/hang")), "--timeout", "2")
    assert result.returncode == 1
    assert "FAIL: simulator timeout: the firmware did not exit within 2 s" in result.stdout


def test_missing_fvp_names_the_simulator_and_the_fix(hello, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("FVP_CORSTONE300", raising=False)
    result = _run("--elf", str(hello), "--simulator", "fvp")
    assert result.returncode == 1
    assert "FVP_Corstone_SSE-300_Ethos-U55 not found" in result.stdout
    assert "--//bazel:simulator=qemu" in result.stdout


def test_missing_qemu_says_to_bootstrap(hello, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("QEMU_SYSTEM_ARM", raising=False)
    result = _run("--elf", str(hello))
    assert result.returncode == 1
    assert "qemu-system-arm not found" in result.stdout and "./bootstrap.sh" in result.stdout


def test_wrong_exit_code_fails(hello):
    result = _run("--elf", str(hello), "--expect-exit", "3")
    assert result.returncode == 1
    assert "FAIL: the firmware exited with 0, expected 3" in result.stdout


def test_missing_output_text_fails(hello):
    result = _run("--elf", str(hello), "--expect-output", "no such line")
    assert result.returncode == 1
    assert "lacks 'no such line'" in result.stdout


def _echo_against(tmp_path: Path, payload: bytes, reference: bytes) -> subprocess.CompletedProcess:
    """The echo firmware copies in.bin to out.bin through semihosting; out.bin is compared."""
    (tmp_path / "in.bin").write_bytes(payload)
    (tmp_path / "ref.bin").write_bytes(reference)
    return _run("--elf", str(_path("tests/sim/echo_file")), "--input", f"in.bin={tmp_path}/in.bin",
                "--compare", f"out.bin={tmp_path}/ref.bin")


# One byte flipped at the start, in the middle and at the very end: a comparison that skips
# either end of the file must fail here.
@pytest.mark.parametrize(("position", "line"), [
    (0, "out.bin: 1 of 64 bytes differ from ref.bin; first at byte 0: got 0x00, want 0x01"),
    (17, "out.bin: 1 of 64 bytes differ from ref.bin; first at byte 17: got 0x11, want 0x10"),
    (63, "out.bin: 1 of 64 bytes differ from ref.bin; first at byte 63: got 0x3f, want 0x3e"),
], ids=["first-byte", "middle-byte", "last-byte"])
def test_output_file_mismatch_names_the_first_differing_byte(tmp_path, position, line):
    payload = bytes(range(64))
    reference = bytearray(payload)
    reference[position] ^= 0x01
    result = _echo_against(tmp_path, payload, bytes(reference))
    assert result.returncode == 1, result.stdout
    assert f"FAIL: {line}\n" in result.stdout


@pytest.mark.parametrize(("reference_length", "line"), [
    (65, "out.bin: 64 bytes, the reference ref.bin has 65"),
    (63, "out.bin: 64 bytes, the reference ref.bin has 63"),
], ids=["reference-longer", "reference-shorter"])
def test_output_file_of_another_length_fails_even_when_the_common_bytes_agree(
        tmp_path, reference_length, line):
    payload = bytes(range(64))
    reference = (payload + b"\x40")[:reference_length]
    result = _echo_against(tmp_path, payload, reference)
    assert result.returncode == 1, result.stdout
    assert f"FAIL: {line}\n" in result.stdout


def test_output_file_match_passes(tmp_path):
    payload = bytes(range(200, 256)) * 3
    (tmp_path / "in.bin").write_bytes(payload)
    result = _run("--elf", str(_path("tests/sim/echo_file")), "--input", f"in.bin={tmp_path}/in.bin",
                  "--compare", f"out.bin={tmp_path}/in.bin")
    assert result.returncode == 0, result.stdout
    assert f"bit-exact: out.bin == in.bin ({len(payload)} bytes)" in result.stdout


def _runner_module():
    spec = importlib.util.spec_from_file_location("run_firmware", _path("tools/sim/run_firmware.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["run_firmware"] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def _manifest(tmp_path: Path, int8_reference: float, samples: int) -> Path:
    path = tmp_path / "model.manifest.json"
    path.write_text(json.dumps({"accuracy": {"int8_reference": int8_reference, "samples": samples},
                                "eval_set": {"samples": samples}}))
    return path


def _accuracy(correct: int, total: int):
    runner = _runner_module()
    return runner, runner.RunResult(exit_code=0, output=f"accuracy: {correct}/{total} correct\n",
                                    wall_seconds=0.0)


def test_accuracy_equal_to_the_int8_reference_on_every_sample_passes(tmp_path):
    runner, result = _accuracy(443, 450)
    line = runner.check_accuracy(result, _manifest(tmp_path, 443 / 450, 450))
    assert line == "on-device accuracy 98.44% (443/450), int8 reference 98.44% (443/450): equal"


_DISAGREE = "device and reference must agree on every sample"


@pytest.mark.parametrize(("correct", "total", "error"), [
    (442, 450, f"on-device accuracy 98.22% (442/450), int8 reference 98.44% (443/450): {_DISAGREE}"),
    (444, 450, f"on-device accuracy 98.67% (444/450), int8 reference 98.44% (443/450): {_DISAGREE}"),
    (442, 449, "the firmware evaluated 449 samples, the evaluation set has 450 (manifest eval_set.samples)"),
], ids=["one-fewer-correct", "one-more-correct", "last-sample-skipped"])
def test_accuracy_that_differs_from_the_int8_reference_at_all_fails(tmp_path, correct, total, error):
    runner, result = _accuracy(correct, total)
    with pytest.raises(runner.RunError) as raised:
        runner.check_accuracy(result, _manifest(tmp_path, 443 / 450, 450))
    assert str(raised.value) == error


def test_reference_accuracy_that_is_no_whole_count_of_the_samples_fails(tmp_path):
    runner, result = _accuracy(443, 450)
    with pytest.raises(runner.RunError) as raised:
        runner.check_accuracy(result, _manifest(tmp_path, 443.5 / 450, 450))
    assert "is not a whole number of its 450 samples (eval_set.samples)" in str(raised.value)


def test_accuracy_is_not_checked_without_an_int8_reference(tmp_path):
    runner, result = _accuracy(1, 2)
    path = tmp_path / "model.manifest.json"
    path.write_text(json.dumps({"ops": {}}))
    assert runner.check_accuracy(result, path) is None
