"""tools/firmware/check_fit.py: a program that cannot fit its board fails with one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from runfiles import runfiles

CHECKER = Path(runfiles.Create().Rlocation("m55ml/tools/firmware/check_fit.py"))


def _run(tmp_path: Path, pte_bytes: int, planned: int, inputs: list[int], program_capacity: int,
         arena_capacity: int) -> subprocess.CompletedProcess:
    pte = tmp_path / "big.pte"
    pte.write_bytes(b"\0" * pte_bytes)
    manifest = tmp_path / "big.manifest.json"
    manifest.write_text(json.dumps({"memory": {"planned_total_bytes": planned},
                                    "inputs": [{"bytes": n} for n in inputs]}))
    return subprocess.run(
        [sys.executable, str(CHECKER), "--program=//models:big_pte", f"--pte={pte}",
         f"--manifest={manifest}", "--board=mps2_an385", "--program-region=PSRAM",
         f"--program-capacity={program_capacity}", "--arena-region=SSRAM23_ARENA",
         f"--arena-capacity={arena_capacity}", f"--out={tmp_path / 'fit.txt'}"],
        capture_output=True, text=True, check=False)


def test_program_that_fits_writes_its_figures(tmp_path):
    result = _run(tmp_path, 1000, 2000, [256], 4096, 4096)
    assert result.returncode == 0, result.stdout
    assert (tmp_path / "fit.txt").read_text() == (
        "//models:big_pte on mps2_an385: constants 1,008 of 4,096 bytes (PSRAM), "
        "arena 2,256 of 4,096 bytes (SSRAM23_ARENA)\n")


def test_constants_too_large_is_one_line(tmp_path):
    result = _run(tmp_path, 5000, 16, [16], 4096, 4096)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        ("error: //models:big_pte does not fit board mps2_an385: constants need 5,008 bytes, "
         "PSRAM holds 4,096 — link it for a board with more memory (cortex_m_firmware's board or "
         "platform) or export a smaller model")]
    assert not (tmp_path / "fit.txt").exists()


def test_arena_counts_planned_buffers_and_input_staging(tmp_path):
    # 4,000 planned fits 4,096 alone; with 100 bytes of input staging (112 aligned) it does not.
    result = _run(tmp_path, 16, 4000, [100], 4096, 4096)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        ("error: //models:big_pte does not fit board mps2_an385: arena needs 4,112 bytes (4,000 "
         "planned + 112 input staging), SSRAM23_ARENA holds 4,096 — link it for a board with more "
         "memory (cortex_m_firmware's board or platform) or export a smaller model")]


def test_unreadable_manifest_is_one_line(tmp_path):
    (tmp_path / "big.pte").write_bytes(b"x")
    result = subprocess.run(
        [sys.executable, str(CHECKER), "--program=//models:big_pte", f"--pte={tmp_path / 'big.pte'}",
         f"--manifest={tmp_path / 'missing.json'}", "--board=b", "--program-region=P",
         "--program-capacity=1", "--arena-region=A", "--arena-capacity=1", f"--out={tmp_path / 'o'}"],
        capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert result.stdout.startswith("error: //models:big_pte: cannot read its size from ")
