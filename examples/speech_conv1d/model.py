"""A 1-D convolutional keyword model over MFCC frames, ending in log-softmax.

(batch, 10 coefficients, 49 frames) in, 12 log-probabilities out. Conv1d + BatchNorm1d + ReLU
blocks (one strided, one dilated), a mean over time and a linear layer. The export rewrites
(docs/ops.md) turn each Conv1d into a 1xK conv2d, keep the (N, C, 1, W) maps 4-D through the
BatchNorm and ReLU (both fold into the convolution), turn the mean into an average pool and
log_softmax into CMSIS softmax + a log table: every arithmetic op lowers to `cortex_m::`.
"""

from __future__ import annotations

import torch
from torch import nn


def _block(c_in: int, c_out: int, kernel: int, stride: int = 1, dilation: int = 1) -> nn.Module:
    padding = dilation * (kernel - 1) // 2
    return nn.Sequential(
        nn.Conv1d(c_in, c_out, kernel, stride=stride, padding=padding, dilation=dilation),
        nn.BatchNorm1d(c_out),
        nn.ReLU(),
    )


class SpeechConv1d(nn.Module):
    def __init__(self, coefficients: int = 10, channels: int = 24, classes: int = 12) -> None:
        super().__init__()
        self.features = nn.Sequential(
            _block(coefficients, channels, 5),
            _block(channels, channels, 3, stride=2),
            _block(channels, channels, 3, dilation=2),
        )
        self.head = nn.Linear(channels, classes)

    def forward(self, mfcc: torch.Tensor) -> torch.Tensor:
        pooled = self.features(mfcc).mean(dim=2)
        return torch.log_softmax(self.head(pooled), dim=1)


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    torch.manual_seed(7)
    model = SpeechConv1d()
    # BatchNorm statistics from a few seeded batches, so each layer's activations have
    # realistic ranges (a random network with unit statistics quantizes degenerately).
    model.train()
    with torch.no_grad():
        for _ in range(8):
            model(torch.randn(16, 10, 49))
    return model.eval(), (torch.randn(1, 10, 49),)
