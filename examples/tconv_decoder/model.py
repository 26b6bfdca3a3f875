"""A decoder that upsamples with transposed convolutions: a 4x4x16 code to an 16x16 map."""

from __future__ import annotations

import torch
from torch import nn


class Decoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.ConvTranspose2d(16, 8, 2, stride=2),  # 8x8
            nn.ReLU(),
            nn.ConvTranspose2d(8, 4, 2, stride=2),  # 16x16
            nn.ReLU(),
            nn.Conv2d(4, 1, 3, padding=1),
        )

    def forward(self, code: torch.Tensor) -> torch.Tensor:
        return self.net(code)


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    return Decoder(), (torch.randn(1, 16, 4, 4),)
