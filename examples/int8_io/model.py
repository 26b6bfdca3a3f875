"""A small CNN whose program takes and returns int8: the application quantizes the input and
reads int8 logits, with the parameters the manifest records (pte_model(int8_io = True))."""

from __future__ import annotations

import torch
from torch import nn


class TinyCNN(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(8, 16, 3, stride=2, padding=1),  # 8x8
            nn.ReLU(),
            nn.MaxPool2d(2),  # 4x4
            nn.Conv2d(16, 32, 4),  # 1x1: flatten needs no layout change
            nn.ReLU(),
        )
        self.classifier = nn.Linear(32, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.features(x), 1))


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    return TinyCNN(), (torch.rand(1, 1, 16, 16),)
