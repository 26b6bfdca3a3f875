"""Two inputs: forward(image, features)."""

from __future__ import annotations

import torch
from torch import nn


class TwoInputs(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.fc = nn.Linear(6, 4)

    def forward(self, image: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
        return self.conv(image).mean() + self.fc(features)


def build() -> nn.Module:
    return TwoInputs()


def not_a_model() -> str:
    return "a string"
