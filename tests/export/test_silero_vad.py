"""Silero VAD's trained network declared in eager PyTorch (models/silero_vad), on real audio.

The eager network must reproduce the wheel's TorchScript model window by window on speech
synthesized by espeak-ng, silence and noise (models/silero_vad:audio), and tell them apart;
its exported program (//models:silero_vad_pte, portable fallback allowed) must name each
operator it could not lower, all of them ones the portable kernel library provides.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from runfiles import runfiles

from models.silero_vad.network import (
    CONTEXT,
    WINDOW,
    StreamingVad,
    load_pretrained,
    torchscript_path,
)

SILENCE, SPEECH, NOISE = 0, 1, 2

# The ATen operators issue 16's portable kernel library covers (item 1), in .out spelling.
PORTABLE_KERNELS = {
    "aten::_softmax.out", "aten::_log_softmax.out", "aten::hardtanh.out", "aten::clamp.out",
    "aten::relu.out", "aten::sigmoid.out", "aten::tanh.out", "aten::abs.out",
    "aten::pow.Tensor_Scalar_out", "aten::sqrt.out", "aten::add.out", "aten::sub.out",
    "aten::mul.out", "aten::div.out", "aten::mean.out", "aten::sum.IntList_out",
    "aten::cat.out", "aten::permute_copy.out", "aten::view_copy.out", "aten::squeeze_copy.dim_out",
    "aten::unsqueeze_copy.out", "aten::slice_copy.Tensor_out", "aten::select_copy.int_out",
    "aten::split_with_sizes_copy.out", "aten::index.Tensor_out", "aten::arange.start_out",
    "aten::full.out", "aten::zeros.out", "aten::convolution.out", "aten::linear.out",
    "aten::addmm.out", "aten::bmm.out",
}


def _runfile(path: str) -> Path:
    location = runfiles.Create().Rlocation(f"m55ml/{path}")
    assert location and Path(location).exists(), f"{path} is not in the runfiles"
    return Path(location)


@pytest.fixture(scope="module")
def audio() -> tuple[torch.Tensor, np.ndarray]:
    data = np.load(_runfile("models/silero_vad/vad_audio.npz"))
    return torch.from_numpy(data["audio"]), data["segments"]


@pytest.fixture(scope="module")
def probabilities(audio) -> tuple[np.ndarray, np.ndarray]:
    """Per-window speech probability: (eager, TorchScript)."""
    samples, _ = audio
    scripted = torch.jit.load(str(torchscript_path()), map_location="cpu")
    scripted.reset_states()
    eager = StreamingVad(load_pretrained())
    ours, theirs = [], []
    with torch.no_grad():
        for start in range(0, len(samples), WINDOW):
            window = samples[start:start + WINDOW].unsqueeze(0)
            ours.append(float(eager(window)))
            theirs.append(float(scripted(window, 16000)))
    return np.array(ours), np.array(theirs)


def _segment(probs: np.ndarray, segments: np.ndarray, kind: int) -> list[np.ndarray]:
    return [probs[start // WINDOW:end // WINDOW] for start, end, k in segments if k == kind]


def test_audio_holds_speech_silence_and_noise(audio) -> None:
    samples, segments = audio
    assert samples.dtype == torch.float32
    assert segments[0][0] == 0 and segments[-1][1] == len(samples)
    assert all(int(a) % WINDOW == 0 and int(b) % WINDOW == 0 for a, b, _ in segments)
    kinds = {int(k): samples[int(a):int(b)] for a, b, k in segments}
    assert set(kinds) == {SILENCE, SPEECH, NOISE}
    assert float(kinds[SPEECH].pow(2).mean().sqrt()) > 0.02  # espeak-ng really spoke
    assert float(kinds[SILENCE].abs().max()) == 0.0


def test_eager_network_equals_the_torchscript_model(probabilities) -> None:
    ours, theirs = probabilities
    assert len(ours) > 200
    assert np.abs(ours - theirs).max() <= 1e-6


def test_speech_scores_high_silence_and_noise_low(audio, probabilities) -> None:
    ours, _ = probabilities
    _, segments = audio
    (speech,) = _segment(ours, segments, SPEECH)
    assert (speech > 0.5).mean() >= 0.8
    leading_silence, trailing_silence = _segment(ours, segments, SILENCE)
    assert leading_silence.max() < 0.1
    # Right after speech the network holds on for a few windows (its LSTM state).
    assert np.median(trailing_silence) < 0.1
    (noise,) = _segment(ours, segments, NOISE)
    assert noise.max() < 0.5


def test_network_takes_a_window_with_context() -> None:
    model = load_pretrained()
    with torch.no_grad():
        probability, h, c = model(torch.zeros(2, CONTEXT + WINDOW), torch.zeros(2, 128),
                                  torch.zeros(2, 128))
    assert probability.shape == (2, 1) and h.shape == c.shape == (2, 128)


def test_exported_program_names_every_portable_op() -> None:
    manifest = json.loads(_runfile("models/silero_vad_pte.manifest.json").read_text())
    ops = manifest["ops"]
    assert manifest["target"]["portable_fallback_allowed"] is True
    assert ops["fully_lowered"] is False
    portable = {op for op, kind in ops["kinds"].items() if kind == "portable"}
    assert portable == set(ops["portable"]) and portable
    assert portable <= PORTABLE_KERNELS, sorted(portable - PORTABLE_KERNELS)
    # Every convolution lowered after the rewrites: the Fourier basis (split into its real and
    # imaginary rows), the encoder's four Conv1d and the 1x1 head; and the LSTM cell.
    assert "aten::convolution.out" not in portable
    assert ops["rewrites"]["channel_slices_as_convolutions"] == 1
    assert ops["rewrites"]["conv1d_as_conv2d"] == 7
    assert ops["rewrites"]["lstm_cell_as_gates"] == 1
    assert not portable & {"aten::linear.out", "aten::sigmoid.out", "aten::tanh.out",
                           "aten::slice_copy.Tensor_out", "aten::split_with_sizes_copy.out"}
    assert ops["calls_by_kind"]["portable"] == sum(ops["histogram"][op] for op in portable)
