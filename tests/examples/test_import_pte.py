"""`python -m m55ml import-pte` (what pte_program runs): checks an outside program against its
declared target and reference files, one line per problem.

One check runs the built command line as its own process (//python:export_cli: exit status and
the whole of stderr, as a build sees them); the others call the same entry point in this
process (m55ml.cli.main, what __main__ runs), so torch and executorch are imported once, not
once per check. The good program's process run is the build of //tests/examples:imported_pte
(a PteImport worker), whose files must equal a fresh run of the same command line.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

# What import-pte loads (torch, ExecuTorch's program reader), imported while pytest collects,
# where bazel/pytest_main.py keeps the garbage collector off and freezes it afterwards, not in
# the first check.
import m55ml.export.imported  # noqa: F401
import pytest
from m55ml.cli import main
from runfiles import runfiles


def _location(path: str) -> Path:
    location = runfiles.Create().Rlocation(f"m55ml/{path}")
    assert location and Path(location).exists(), f"{path} is not in the runfiles"
    return Path(location)


AUTOENCODER = "examples/autoencoder/autoencoder_pte.pte"


def _args(tmp_path: Path, pte: Path, *extra: str) -> list[str]:
    return ["import-pte", "--pte", str(pte), "--name", "ext", "--manifest", str(tmp_path / "m.json"),
            "--input-bin", str(tmp_path / "in.bin"), *extra]


def _process(tmp_path: Path, pte: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(_location("python/export_cli")), *_args(tmp_path, pte, *extra)],
        capture_output=True, text=True, timeout=300, check=False,
    )


def _import(tmp_path: Path, capfd: pytest.CaptureFixture[str], pte: Path,
            *extra: str) -> subprocess.CompletedProcess[str]:
    """The same command, through m55ml.cli.main in this process; stdout and stderr at the fd."""
    capfd.readouterr()
    code = main(_args(tmp_path, pte, *extra))
    out, err = capfd.readouterr()
    return subprocess.CompletedProcess(["import-pte"], code, out, err)


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_a_good_program_gets_a_manifest_and_zero_inputs(tmp_path: Path, capfd) -> None:
    result = _import(tmp_path, capfd, _location(AUTOENCODER), "--target", "cortex-m55")
    assert result.returncode == 0, result.stderr
    doc = json.loads((tmp_path / "m.json").read_text())
    assert doc["ops"]["histogram"]["cortex_m::quantized_linear.out"] == 4
    assert [t["shape"] for t in doc["inputs"]] == [[1, 64]]
    assert (tmp_path / "in.bin").read_bytes() == bytes(64 * 4)


def test_mve_form_program_declared_for_a_dsp_core_is_refused(tmp_path: Path) -> None:
    # The built command, as its own process: exit status 1 and nothing on stderr but the line.
    line = _one_line(_process(tmp_path, _location(AUTOENCODER), "--target", "cortex-m4"))
    assert line.startswith("error: ext: read: autoencoder_pte.pte carries kernel_sum-form")
    assert "cortex-m4" in line and "pte_program(target = ...)" in line


def test_reference_input_of_the_wrong_size_is_refused(tmp_path: Path, capfd) -> None:
    # The two-input example's inputs, not the autoencoder's.
    wrong = _location("examples/two_in_two_out/two_in_two_out_pte.input.bin")
    line = _one_line(_import(tmp_path, capfd, _location(AUTOENCODER), "--target", "cortex-m55",
                             "--reference-input", str(wrong)))
    assert f"holds {wrong.stat().st_size} bytes; the program's inputs take 256 (256)" in line


def test_a_file_that_is_not_a_program_is_refused(tmp_path: Path, capfd) -> None:
    junk = tmp_path / "junk.pte"
    junk.write_bytes(b"\0" * 64)
    line = _one_line(_import(tmp_path, capfd, junk, "--target", "cortex-m55"))
    assert line.startswith("error: ext: read: not an ExecuTorch program: identifier "), line
    assert "expected b'ET12'" in line


def test_the_built_imported_pte_equals_a_fresh_run_of_its_command_line(tmp_path: Path, capfd) -> None:
    # //tests/examples:imported_pte was read by the PteImport action, in a persistent worker
    # that may have answered other requests first; its files must be what the same command line
    # writes in a process of its own.
    example = "examples/two_in_two_out/two_in_two_out_pte"
    capfd.readouterr()
    code = main(["import-pte", "--pte", str(_location(f"{example}.pte")), "--target", "cortex-m55",
                 "--name", "//tests/examples:imported_pte",
                 "--reference-input", str(_location(f"{example}.input.bin")),
                 "--reference-output", str(_location(f"{example}.device_reference_output.bin")),
                 "--reference-output-bin", str(tmp_path / "imported_pte.reference_output.bin"),
                 "--manifest", str(tmp_path / "imported_pte.manifest.json"),
                 "--input-bin", str(tmp_path / "imported_pte.input.bin")])
    assert code == 0, capfd.readouterr().err
    for suffix in ("manifest.json", "input.bin", "reference_output.bin"):
        built = _location(f"tests/examples/imported_pte.{suffix}").read_bytes()
        assert built == (tmp_path / f"imported_pte.{suffix}").read_bytes(), suffix
