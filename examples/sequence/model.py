"""A rank-3 sequence model: (batch, time, features) in, per-step scores out, as a frame-wise
classifier over 16 steps of 8 features."""

from __future__ import annotations

import torch
from torch import nn


class FrameClassifier(nn.Module):
    def __init__(self, features: int = 8, hidden: int = 24, classes: int = 4) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, classes)
        )

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        return self.net(frames)


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    return FrameClassifier(), (torch.randn(1, 16, 8),)
