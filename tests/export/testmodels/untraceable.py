"""forward() branches on a tensor's value: torch.export cannot capture it."""

from __future__ import annotations

import torch
from torch import nn


class Branchy(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(8, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.sum() > 0:
            return self.fc(x)
        return self.fc(-x)


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    return Branchy(), (torch.ones(1, 8),)
