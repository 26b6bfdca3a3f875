"""Every failure is one line, `error: <model>: <stage>: <what> — <what to do>`, exit 1; bad
requests fail before any model work; nothing half-written is left behind."""

from __future__ import annotations

import errno
import inspect
import os
from pathlib import Path

import pytest
import torch
from cli_runner import export_args, model_file, run_exporter, workspace_root
from m55ml import cli
from m55ml.errors import (
    ExportError,
    InputLayoutError,
    OutputPathError,
    UnknownTargetError,
)
from m55ml.export import outputs
from m55ml.export.pipeline import ExportOptions, check_example_inputs, export_program
from m55ml.export.targets import resolve_target
from m55ml.worker import isolated_run
from pte_inspect import Pte


def _lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def _main(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, list[str]]:
    code = cli.main(argv)
    return code, _lines(capsys.readouterr().err)


def _one_error(lines: list[str], model: str, stage: str) -> str:
    assert len(lines) == 1, lines
    (line,) = lines
    assert line.startswith(f"error: {model}: {stage}: "), line
    assert " — " in line, "no advice after the dash"
    return line


# --- through the deployed command line (a fresh process, as the build action runs it) ------


def test_failure_inside_torch_export_is_one_line_and_v_shows_the_traceback(tmp_path: Path) -> None:
    entry = "tests.export.testmodels.untraceable:build"
    quiet = run_exporter(export_args(entry, tmp_path / "quiet"))
    assert quiet.returncode == 1
    line = _one_error(_lines(quiet.stderr), entry, "quantize")
    assert "Traceback" not in quiet.stderr
    assert "traceable" in line  # the advice for this stage
    # The same command line with -v, in this process (what the persistent worker runs per
    # request; stdout and stderr together): what is checked is what main() prints, and a fresh
    # exporter process would cost ~5 CPU-s before the export even starts.
    code, verbose = isolated_run(cli.main, export_args(entry, tmp_path / "verbose", "-v"))
    assert code == 1
    assert "Traceback (most recent call last)" in verbose
    assert _lines(verbose)[-1] == line


def test_unsupported_op_from_a_model_file_names_op_and_source(tmp_path: Path) -> None:
    path = model_file("sin_net.py")
    result = run_exporter(export_args(str(path), tmp_path))
    assert result.returncode == 1
    line = _one_error(_lines(result.stderr), "sin_net", "check")
    assert "aten::sin.out x1 from act (sin_net.py:" in line
    assert "--allow-portable-fallback" in line
    assert not (tmp_path / "model.pte").exists()


def test_output_path_that_is_a_directory_fails_before_the_model_is_imported(
    capsys, tmp_path: Path
) -> None:
    argv = export_args(str(model_file("explodes_on_import.py")), tmp_path)
    argv[argv.index("--manifest") + 1] = str(tmp_path)  # a directory
    code, lines = _main(capsys, argv)
    assert code == 1
    line = _one_error(lines, "explodes_on_import", "write")
    assert f"--manifest {tmp_path} is a directory" in line


# --- in process (cli.main), for requests that fail early --------------------------------


def test_missing_entry_module_is_one_line_naming_it(tmp_path: Path) -> None:
    # As the persistent worker runs a request (stdout and stderr together, state restored).
    # The deployed one-shot CLI's answer to a missing entry module in a fresh process (exit 1,
    # exactly this one line) is checked by test_determinism.py, which runs that process anyway
    # to compare the worker's answer with it; a second fresh exporter here cost 4 CPU-s.
    entry = "examples.nope.model:build"
    code, output = isolated_run(cli.main, export_args(entry, tmp_path))
    assert code == 1
    line = _one_error(_lines(output), entry, "import")
    assert "cannot import 'examples.nope.model'" in line
    assert "py_library" in line
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_malformed_entry_is_a_request_error(capsys, tmp_path: Path) -> None:
    code, lines = _main(capsys, export_args("examples/model.py:build", tmp_path))
    assert code == 1
    assert "is not of the form package.module:function" in _one_error(
        lines, "examples/model.py:build", "request"
    )


def test_entry_function_that_does_not_exist(capsys, tmp_path: Path) -> None:
    entry = "tests.export.testmodels.two_inputs:nope"
    code, lines = _main(capsys, export_args(entry, tmp_path))
    assert code == 1
    assert "has no function 'nope'" in _one_error(lines, entry, "import")


def test_entry_returning_something_else_than_a_model(capsys, tmp_path: Path) -> None:
    entry = "tests.export.testmodels.two_inputs:not_a_model"
    code, lines = _main(capsys, export_args(entry, tmp_path))
    assert code == 1
    assert "the entry point returned a str" in _one_error(lines, entry, "inputs")


def test_bare_module_needs_one_shape_per_input(capsys, tmp_path: Path) -> None:
    entry = "tests.export.testmodels.two_inputs:build"
    code, lines = _main(capsys, export_args(entry, tmp_path))
    assert code == 1
    assert "--input-shape" in _one_error(lines, entry, "inputs")
    code, lines = _main(capsys, export_args(entry, tmp_path, "--input-shape", "1,1,5,5"))
    assert code == 1
    line = _one_error(lines, entry, "inputs")
    assert "cannot run on inputs of shape [1, 1, 5, 5]" in line
    assert "forward()'s argument order" in line


def test_model_file_without_the_aot_arm_compiler_names(capsys, tmp_path: Path) -> None:
    code, lines = _main(capsys, export_args(str(model_file("untraceable.py")), tmp_path))
    assert code == 1
    line = _one_error(lines, "untraceable", "import")
    assert "does not define ModelUnderTest and ModelInputs" in line


def test_shape_the_model_refuses_is_reported_by_the_model(capsys, tmp_path: Path) -> None:
    entry = "models.mobilenet_v2.mobilenet_v2:build"
    code, lines = _main(capsys, export_args(entry, tmp_path, "--input-shape", "1,1,224,224"))
    assert code == 1
    assert "MobileNetV2 takes one 1x3xHxW input" in _one_error(lines, entry, "build")


def test_malformed_input_shape_is_a_usage_error(capsys, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(export_args("a.b:c", tmp_path, "--input-shape", "1,three,224,224"))
    assert exit_info.value.code == 2
    assert "invalid shape '1,three,224,224'" in capsys.readouterr().err


def test_unknown_target_lists_supported_targets(capsys, tmp_path: Path) -> None:
    code, lines = _main(capsys, export_args("a.b:c", tmp_path, "--target", "cortex-m99"))
    assert code == 1
    line = _one_error(lines, "a.b:c", "request")
    assert "unknown target 'cortex-m99'" in line
    assert "cortex-m55" in line and "cortex-m4" in line


def test_data_file_of_an_unsupported_kind_fails_before_the_model(capsys, tmp_path: Path) -> None:
    data = tmp_path / "samples.csv"
    data.write_text("1,2,3\n")
    argv = export_args(str(model_file("explodes_on_import.py")), tmp_path / "out")
    code, lines = _main(capsys, [*argv, "--calibration", str(data)])
    assert code == 1
    assert "calibration file samples.csv is not one of .npz, .npy, .pt" in _one_error(
        lines, "explodes_on_import", "request"
    )


def test_eval_set_of_a_model_without_labels_is_refused(capsys, tmp_path: Path) -> None:
    entry = "tests.export.testmodels.unseeded:build"
    code, lines = _main(capsys, export_args(entry, tmp_path, eval_set=True))
    assert code == 1
    assert "has no labelled evaluation set" in _one_error(lines, entry, "data")


def test_eval_outputs_come_in_pairs(capsys, tmp_path: Path) -> None:
    argv = [*export_args("a.b:c", tmp_path), "--eval-inputs-bin", str(tmp_path / "x.bin")]
    code, lines = _main(capsys, argv)
    assert code == 1
    assert "--eval-labels-bin" in _one_error(lines, "a.b:c", "request")


def test_errors_are_exceptions_for_library_users() -> None:
    with pytest.raises(UnknownTargetError):
        resolve_target("cortex-a53")
    assert str(ExportError("m", "lower", "what", "todo")) == "m: lower: what — todo"


# --- atomic outputs ---------------------------------------------------------------------


def test_a_failed_write_changes_no_output_and_leaves_no_temporary(monkeypatch, tmp_path) -> None:
    old = {tmp_path / "model.pte": b"old program", tmp_path / "manifest.json": b"old manifest"}
    for path, data in old.items():
        path.write_bytes(data)
    calls = {"n": 0}
    real_fsync = os.fsync

    def full_disk_on_second_file(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(outputs.os, "fsync", full_disk_on_second_file)
    with pytest.raises(OutputPathError) as err:
        outputs.write_atomically({p: b"new " + d for p, d in old.items()})
    assert "No space left on device" in str(err.value)
    assert {p: p.read_bytes() for p in old} == old  # the old pair, still consistent
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "model.pte"]


def test_outputs_are_written_whole(tmp_path: Path) -> None:
    files = {tmp_path / "a" / "model.pte": b"x" * 100_000, tmp_path / "b.json": b"{}\n"}
    outputs.check_output_paths({"--pte": tmp_path / "a" / "model.pte"})
    outputs.write_atomically(files)
    assert {p: p.read_bytes() for p in files} == files


def test_two_outputs_on_one_path_are_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputPathError, match="--pte and --manifest both write"):
        outputs.check_output_paths({"--manifest": tmp_path / "x", "--pte": tmp_path / "x"})


# --- export API -------------------------------------------------------------------------

M55 = ExportOptions(target=resolve_target("cortex-m55"))


def _sin_net():
    import importlib
    import sys

    sys.path.insert(0, str(workspace_root()))
    return importlib.import_module("tests.export.testmodels.sin_net")


def _channels_last(*shape: int) -> torch.Tensor:
    return torch.rand(*shape, generator=torch.Generator().manual_seed(0)).to(
        memory_format=torch.channels_last
    )


def test_nchw_example_input_is_refused_with_the_fix() -> None:
    with pytest.raises(InputLayoutError) as err:
        check_example_inputs((torch.rand(1, 3, 16, 16),))
    assert "NCHW" in err.value.what
    assert "x.to(memory_format=torch.channels_last)" in err.value.todo


@pytest.mark.parametrize("shape", [(2, 1, 1, 1), (1, 1, 8, 8), (4, 3, 1, 1), (1, 3, 5, 5)])
def test_channels_last_inputs_are_accepted_where_nchw_bytes_coincide(shape) -> None:
    # dim_order() calls several of these contiguous; the bytes are NHWC all the same.
    check_example_inputs((torch.rand(*shape).to(memory_format=torch.channels_last),))


def test_unsupported_op_is_listed_with_its_module_and_source_line() -> None:
    module = _sin_net()
    lines, start = inspect.getsourcelines(module.SinActivation.forward)
    sin_line = start + next(i for i, text in enumerate(lines) if "torch.sin(" in text)
    x = _channels_last(1, 3, 16, 16)
    with pytest.raises(ExportError) as err:
        export_program("sin_net", module.SinNet(), (x,), [(x,)], M55)
    assert err.value.stage == "check"
    (op,) = err.value.__cause__.ops
    assert (op.name, op.count) == ("aten::sin.out", 1)
    (source,) = op.sources
    assert source.startswith("act ") and f"sin_net.py:{sin_line} in forward" in source


def test_portable_fallback_keeps_the_unsupported_op_in_the_program() -> None:
    x = _channels_last(1, 3, 16, 16)
    options = ExportOptions(target=M55.target, allow_portable_fallback=True)
    lowered, _ = export_program("sin_net", _sin_net().SinNet(), (x,), [(x,)], options)
    ops = Pte(lowered.pte).histogram()
    assert ops["aten::sin.out"] == 1
    assert ops["cortex_m::quantized_conv2d.out"] == 1
