"""`python -m m55ml import-pte` (what pte_program runs): checks an outside program against its
declared target and reference files, one line per problem."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from runfiles import runfiles


def _location(path: str) -> Path:
    location = runfiles.Create().Rlocation(f"m55ml/{path}")
    assert location and Path(location).exists(), f"{path} is not in the runfiles"
    return Path(location)


AUTOENCODER = "examples/autoencoder/autoencoder_pte.pte"


def _import(tmp_path: Path, pte: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(_location("python/export_cli")), "import-pte", "--pte", str(pte), "--name", "ext",
         "--manifest", str(tmp_path / "m.json"), "--input-bin", str(tmp_path / "in.bin"), *extra],
        capture_output=True, text=True, timeout=300, check=False,
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_a_good_program_gets_a_manifest_and_zero_inputs(tmp_path: Path) -> None:
    result = _import(tmp_path, _location(AUTOENCODER), "--target", "cortex-m55")
    assert result.returncode == 0, result.stderr
    doc = json.loads((tmp_path / "m.json").read_text())
    assert doc["ops"]["histogram"]["cortex_m::quantized_linear.out"] == 4
    assert [t["shape"] for t in doc["inputs"]] == [[1, 64]]
    assert (tmp_path / "in.bin").read_bytes() == bytes(64 * 4)


def test_mve_form_program_declared_for_a_dsp_core_is_refused(tmp_path: Path) -> None:
    line = _one_line(_import(tmp_path, _location(AUTOENCODER), "--target", "cortex-m4"))
    assert line.startswith("error: ext: read: autoencoder_pte.pte carries kernel_sum-form")
    assert "cortex-m4" in line and "pte_program(target = ...)" in line


def test_reference_input_of_the_wrong_size_is_refused(tmp_path: Path) -> None:
    # The two-input example's inputs, not the autoencoder's.
    wrong = _location("examples/two_in_two_out/two_in_two_out_pte.input.bin")
    line = _one_line(_import(tmp_path, _location(AUTOENCODER), "--target", "cortex-m55",
                             "--reference-input", str(wrong)))
    assert f"holds {wrong.stat().st_size} bytes; the program's inputs take 256 (256)" in line


def test_a_file_that_is_not_a_program_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pte"
    junk.write_bytes(b"\0" * 64)
    line = _one_line(_import(tmp_path, junk, "--target", "cortex-m55"))
    assert line.startswith("error: ext: read: ") and "ET12" in line
