"""Bad requests fail early with one actionable line; unsupported ops name their source."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import torch
from cli_runner import export_args, run_exporter
from m55ml import cli
from m55ml.errors import (
    InputDtypeError,
    InputLayoutError,
    InputShapeError,
    UnknownModelError,
    UnknownTargetError,
    UnsupportedOpsError,
)
from m55ml.export.pipeline import ExportOptions, export_program
from m55ml.export.targets import resolve_target
from m55ml.models import MODELS, InputSpec, ModelSpec, PreparedModel
from pte_inspect import Pte
from torch import nn

KNOWN = ["digits", "dscnn", "mv2", "mv3s"]


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def _main(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, list[str]]:
    code = cli.main(argv)
    return code, _error_lines(capsys.readouterr().err)


# --- command line -----------------------------------------------------------------------------


def test_unknown_model_exits_nonzero_with_one_line_listing_known_models(tmp_path: Path) -> None:
    result = run_exporter(export_args("resnet9000", tmp_path))
    assert result.returncode == 1
    (line,) = _error_lines(result.stderr)
    assert line.startswith("error: unknown model 'resnet9000'")
    assert all(name in line for name in KNOWN)
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_wrong_input_shape_names_the_accepted_shape(capsys, tmp_path: Path) -> None:
    code, lines = _main(capsys, export_args("digits", tmp_path, "--input-shape", "1,1,9,9"))
    assert code == 1
    assert len(lines) == 1
    assert "1x1x8x8" in lines[0] and "--input-shape 1,1,8,8" in lines[0]
    assert "got 1x1x9x9" in lines[0]


def test_wrong_channel_count_for_a_resizable_model(capsys, tmp_path: Path) -> None:
    code, lines = _main(capsys, export_args("mv2", tmp_path, "--input-shape", "1,1,224,224"))
    assert code == 1
    assert lines[0].startswith("error: model 'mv2' takes input 1x3xHxW")


def test_malformed_input_shape_is_a_usage_error(capsys, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(export_args("mv2", tmp_path, "--input-shape", "1,three,224,224"))
    assert exit_info.value.code == 2
    assert "invalid shape '1,three,224,224'" in capsys.readouterr().err


def test_unknown_target_lists_supported_targets(capsys, tmp_path: Path) -> None:
    code, lines = _main(capsys, export_args("digits", tmp_path, "--target", "cortex-m99"))
    assert code == 1
    assert lines == [lines[0]]
    assert lines[0].startswith("error: unknown target 'cortex-m99'")
    assert "cortex-m55" in lines[0] and "cortex-m4" in lines[0]


def test_eval_set_of_a_model_without_labels_is_refused(capsys, tmp_path: Path) -> None:
    code, lines = _main(capsys, export_args("mv2", tmp_path, eval_set=True))
    assert code == 1
    assert "has no labelled evaluation set" in lines[0]


def test_eval_outputs_come_in_pairs(capsys, tmp_path: Path) -> None:
    argv = [*export_args("digits", tmp_path), "--eval-inputs-bin", str(tmp_path / "x.bin")]
    code, lines = _main(capsys, argv)
    assert code == 1
    assert "--eval-labels-bin" in lines[0]


def test_errors_are_exceptions_for_library_users() -> None:
    from m55ml.models import get_model

    with pytest.raises(UnknownModelError) as err:
        get_model("nope")
    assert err.value.known == KNOWN
    with pytest.raises(UnknownTargetError):
        resolve_target("cortex-a53")


# --- export API -------------------------------------------------------------------------------


class SinActivation(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sin(x)  # not lowerable: no cortex_m:: kernel computes sin


class SinNet(nn.Module):
    """A conv net with one activation the Cortex-M backend cannot lower."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.act = SinActivation()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(self.pool(self.act(self.conv(x))), 1))


def _sin_line() -> int:
    lines, start = inspect.getsourcelines(SinActivation.forward)
    return start + next(i for i, text in enumerate(lines) if "torch.sin(" in text)


def _channels_last(*shape: int) -> torch.Tensor:
    torch.manual_seed(0)
    return torch.rand(*shape).to(memory_format=torch.channels_last)


M55 = ExportOptions(target=resolve_target("cortex-m55"))


def test_nchw_example_input_is_refused_with_the_fix() -> None:
    nchw = torch.rand(1, 3, 16, 16)
    with pytest.raises(InputLayoutError) as err:
        export_program("sin_net", SinNet(), nchw, [nchw], M55)
    assert "NCHW" in str(err.value)
    assert "x.to(memory_format=torch.channels_last)" in str(err.value)


def test_input_the_model_cannot_take_is_refused() -> None:
    x = _channels_last(1, 4, 16, 16)  # SinNet's conv takes 3 channels
    with pytest.raises(InputShapeError) as err:
        export_program("sin_net", SinNet(), x, [x], M55)
    assert "[1, 4, 16, 16]" in str(err.value)


def test_non_float_input_is_refused() -> None:
    x = _channels_last(1, 3, 16, 16).double()
    with pytest.raises(InputDtypeError, match="torch.float32"):
        export_program("sin_net", SinNet(), x, [x], M55)


def test_unsupported_op_is_listed_with_its_module_and_source_line() -> None:
    x = _channels_last(1, 3, 16, 16)
    with pytest.raises(UnsupportedOpsError) as err:
        export_program("sin_net", SinNet(), x, [x, _channels_last(1, 3, 16, 16)], M55)
    (op,) = err.value.ops
    assert op.name == "aten::sin.out"
    assert op.count == 1
    (source,) = op.sources
    assert source.startswith("act ")
    assert f"test_errors.py:{_sin_line()} in forward" in source
    assert "--allow-portable-fallback" in str(err.value)


def test_portable_fallback_keeps_the_unsupported_op_in_the_program() -> None:
    x = _channels_last(1, 3, 16, 16)
    options = ExportOptions(target=M55.target, allow_portable_fallback=True)
    lowered = export_program("sin_net", SinNet(), x, [x], options)
    ops = Pte(lowered.pte).histogram()
    assert ops["aten::sin.out"] == 1
    assert ops["cortex_m::quantized_conv2d.out"] == 1


def test_cli_reports_unsupported_ops_in_one_line(capsys, monkeypatch, tmp_path: Path) -> None:
    def prepare(shape: tuple[int, int, int, int]) -> PreparedModel:
        x = torch.rand(shape, generator=torch.Generator().manual_seed(0))
        return PreparedModel(module=SinNet(), calibration=[x], reference_input=x)

    spec = ModelSpec("sin_net", "test model", InputSpec(3, 16, 16), prepare)
    monkeypatch.setitem(MODELS, "sin_net", spec)
    code, lines = _main(capsys, export_args("sin_net", tmp_path))
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(
        "error: model 'sin_net' has ops that do not lower to cortex_m:: kernels: aten::sin.out x1"
    )
    assert not (tmp_path / "model.pte").exists()
