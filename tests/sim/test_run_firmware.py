"""The simulator runner's failure modes: each ends in one clear line, never a hang."""

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


def test_output_file_mismatch_names_the_first_differing_byte(tmp_path):
    # The echo firmware copies in.bin to out.bin through semihosting; the reference differs in
    # one byte, which the runner must find.
    payload = bytes(range(64))
    (tmp_path / "in.bin").write_bytes(payload)
    reference = bytearray(payload)
    reference[17] ^= 0x01
    (tmp_path / "ref.bin").write_bytes(bytes(reference))
    result = _run("--elf", str(_path("tests/sim/echo_file")), "--input", f"in.bin={tmp_path}/in.bin",
                  "--compare", f"out.bin={tmp_path}/ref.bin")
    assert result.returncode == 1, result.stdout
    assert "out.bin: 1 of 64 bytes differ from ref.bin; first at byte 17: got 0x11, want 0x10" \
        in result.stdout


def test_output_file_match_passes(tmp_path):
    payload = bytes(range(200, 256)) * 3
    (tmp_path / "in.bin").write_bytes(payload)
    result = _run("--elf", str(_path("tests/sim/echo_file")), "--input", f"in.bin={tmp_path}/in.bin",
                  "--compare", f"out.bin={tmp_path}/in.bin")
    assert result.returncode == 0, result.stdout
    assert f"bit-exact: out.bin == in.bin ({len(payload)} bytes)" in result.stdout
