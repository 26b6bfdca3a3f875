"""Silero VAD's 16 kHz network (PyPI `silero-vad` 6.2.3) declared in eager PyTorch.

The wheel ships the trained network as TorchScript (`silero_vad/data/silero_vad.jit`); this
module declares the 16 kHz branch from that file's state_dict (names and shapes) and loads its
weights, so the network can be traced by torch.export and exported for the Cortex-M.

One call scores one 32 ms window: 512 new samples at 16 kHz, preceded by the last 64 samples
of the previous window (the context), plus the LSTM state (h, c) carried between windows:

    576 samples -> reflect-pad 64 on the right -> STFT as a strided Conv1d (258 basis rows,
    window 256, hop 128: 4 frames; rows 0..128 real, 129..257 imaginary) -> magnitude
    (129 bins x 4 frames) -> 4 Conv1d(k=3, pad 1)+ReLU (129->128, 128->64 stride 2,
    64->64 stride 2, 64->128) -> LSTMCell(128, 128) -> ReLU -> Conv1d(128, 1, 1) -> sigmoid.

`StreamingVad` keeps the context and state between windows as the TorchScript model does.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

SAMPLE_RATE = 16000
WINDOW = 512  # new samples per call: 32 ms
CONTEXT = 64  # samples of the previous window prepended to each call
HIDDEN = 128
_FILTER, _HOP, _BINS = 256, 128, 129


def torchscript_path() -> Path:
    """The TorchScript file inside the installed silero-vad wheel, found through the
    distribution's metadata (the package is not imported: its top level needs optional audio
    libraries, and a module named like it on sys.path would shadow it)."""
    try:
        distribution = metadata.distribution("silero-vad")
    except metadata.PackageNotFoundError:
        raise FileNotFoundError(
            "silero-vad is not installed in this Python environment: run ./bootstrap.sh "
            "(python/requirements.lock pins silero-vad==6.2.3)"
        ) from None
    path = Path(str(distribution.locate_file("silero_vad/data/silero_vad.jit")))
    if not path.is_file():
        raise FileNotFoundError(f"silero-vad {distribution.version} has no {path.name}: "
                                "reinstall silero-vad==6.2.3 (./bootstrap.sh)")
    return path


class MagnitudeSpectrum(nn.Module):
    """|STFT| of one window with context, by a Conv1d whose kernels are the Fourier basis."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("basis", torch.zeros(2 * _BINS, 1, _FILTER))

    def forward(self, samples: torch.Tensor) -> torch.Tensor:
        padded = F.pad(samples, (0, CONTEXT), mode="reflect").unsqueeze(1)
        spectrum = F.conv1d(padded, self.basis, stride=_HOP)
        real, imag = spectrum[:, :_BINS], spectrum[:, _BINS:]
        return torch.sqrt(real * real + imag * imag)


class SileroVad16k(nn.Module):
    """Speech probability of one 32 ms window; (h, c) in and out."""

    def __init__(self) -> None:
        super().__init__()
        self.spectrum = MagnitudeSpectrum()
        widths = [(_BINS, 128, 1), (128, 64, 2), (64, 64, 2), (64, 128, 1)]
        self.encoder = nn.ModuleList(
            nn.Conv1d(c_in, c_out, 3, stride=stride, padding=1) for c_in, c_out, stride in widths
        )
        self.lstm = nn.LSTMCell(HIDDEN, HIDDEN)
        self.head = nn.Conv1d(HIDDEN, 1, 1)

    def forward(
        self, samples: torch.Tensor, h: torch.Tensor, c: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        x = self.spectrum(samples)
        for conv in self.encoder:
            x = F.relu(conv(x))
        h, c = self.lstm(x.squeeze(-1), (h, c))
        logit = self.head(F.relu(h).unsqueeze(-1))
        probability = torch.sigmoid(logit).squeeze(-1)  # (B, 1): one frame per window
        return probability, h, c


# TorchScript state_dict key (16 kHz branch) -> this module's key.
_WEIGHT_NAMES = {
    "_model.stft.forward_basis_buffer": "spectrum.basis",
    **{
        f"_model.encoder.{i}.reparam_conv.{p}": f"encoder.{i}.{p}"
        for i in range(4)
        for p in ("weight", "bias")
    },
    **{f"_model.decoder.rnn.{p}": f"lstm.{p}" for p in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")},
    "_model.decoder.decoder.2.weight": "head.weight",
    "_model.decoder.decoder.2.bias": "head.bias",
}


def load_pretrained(path: Path | None = None) -> SileroVad16k:
    """The eager network with the wheel's trained 16 kHz weights (every tensor mapped)."""
    scripted = torch.jit.load(str(path or torchscript_path()), map_location="cpu")
    source = scripted.state_dict()
    model = SileroVad16k()
    model.load_state_dict({ours: source[theirs] for theirs, ours in _WEIGHT_NAMES.items()})
    return model.eval()


class StreamingVad:
    """Window-by-window scoring with the context and LSTM state carried along."""

    def __init__(self, model: nn.Module, batch: int = 1) -> None:
        self.model = model
        self.context = torch.zeros(batch, CONTEXT)
        self.h = torch.zeros(batch, HIDDEN)
        self.c = torch.zeros(batch, HIDDEN)

    def __call__(self, window: torch.Tensor) -> torch.Tensor:
        samples = torch.cat([self.context, window], dim=1)
        probability, self.h, self.c = self.model(samples, self.h, self.c)
        self.context = samples[:, -CONTEXT:]
        return probability


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    """Entry point for pte_model: one window with context, zero state."""
    g = torch.Generator().manual_seed(0)
    samples = 0.1 * torch.randn(1, CONTEXT + WINDOW, generator=g)
    return load_pretrained(), (samples, torch.zeros(1, HIDDEN), torch.zeros(1, HIDDEN))
