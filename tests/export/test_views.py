"""A view of a channels_last tensor, run on the host runtime, equals the reference.

A Conv1d becomes a channels_last 2-D convolution (rewrite conv1d_as_conv2d) whose output is
viewed back to (N, C, L). to_executorch() makes such a view share its base's bytes, so unless
the export first copies the base to row-major order the program reads the convolution's
width-major bytes as channel-major (the Silero VAD mismatch, docs/ops.md). The program runs on
pte_run and must be bit-exact with ExecuTorch's Python execution of the lowered program.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import torch
from m55ml.export.pipeline import ExportOptions, export_program
from m55ml.export.targets import resolve_target
from m55ml.export.views import bytes_are_row_major
from runfiles import runfiles
from torch import nn

OPTIONS = ExportOptions(target=resolve_target("cortex-m55"), allow_portable_fallback=True)


class StridedConv1dThenSquare(nn.Module):
    """(1, 64) samples -> 8 channels x 16 frames -> squared: an elementwise op on the view."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv1d(1, 8, 4, stride=4)

    def forward(self, x):
        y = self.conv(x.unsqueeze(1))
        return y * y + y


def _pte_run() -> Path:
    location = runfiles.Create().Rlocation("m55ml/tools/pte_run/pte_run")
    assert location and Path(location).exists(), "tools/pte_run is not in the runfiles"
    return Path(location)


def test_row_major_ignores_dimensions_of_size_one() -> None:
    assert bytes_are_row_major(torch.zeros(1, 8, 1, 16))
    assert bytes_are_row_major(torch.zeros(1, 8, 1, 1).to(memory_format=torch.channels_last))
    assert bytes_are_row_major(torch.zeros(1, 1, 1, 16).to(memory_format=torch.channels_last))
    assert not bytes_are_row_major(torch.zeros(1, 8, 1, 16).to(memory_format=torch.channels_last))


def test_view_of_a_channels_last_convolution_runs_as_the_reference(tmp_path) -> None:
    torch.manual_seed(0)
    model = StridedConv1dThenSquare().eval()
    calibration = [(torch.randn(1, 64),) for _ in range(8)]
    example = calibration[0]
    lowered, _ = export_program("conv1d_view", model, example, calibration, OPTIONS)
    program = tmp_path / "conv1d_view.pte"
    program.write_bytes(lowered.pte)
    (tmp_path / "in.bin").write_bytes(lowered.program_inputs[0][0].numpy().tobytes())
    result = subprocess.run(
        [_pte_run(), "--program", program, "--input", tmp_path / "in.bin",
         "--output", tmp_path / "out.bin"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    reference = lowered.reference_outputs[0][0].contiguous().numpy().reshape(-1)
    assert reference.shape == (8 * 16,) and np.abs(reference).max() > 0
    device = np.fromfile(tmp_path / "out.bin", dtype=reference.dtype)
    assert device.shape == reference.shape
    assert (device != reference).sum() == 0, f"{(device != reference).sum()} of 128 differ"
