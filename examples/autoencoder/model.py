"""A linear-only autoencoder on a flat 64-value vector (e.g. a sensor window): no convolution,
rank-2 input and output."""

from __future__ import annotations

import torch
from torch import nn


class Autoencoder(nn.Module):
    def __init__(self, features: int = 64, code: int = 8) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(features, 32), nn.ReLU(), nn.Linear(32, code))
        self.decoder = nn.Sequential(nn.Linear(code, 32), nn.ReLU(), nn.Linear(32, features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(x))


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    return Autoencoder(), (torch.randn(1, 64),)
