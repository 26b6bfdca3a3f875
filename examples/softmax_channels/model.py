"""Per-pixel class probabilities: a small segmentation head with softmax over channels.

softmax(dim=1) of a channels_last map is rewritten (docs/ops.md) as permute + softmax over the
last dimension + permute back: `cortex_m::transpose`, `cortex_m::softmax`, `cortex_m::transpose`.
"""

from __future__ import annotations

import torch
from torch import nn


class PixelClasses(nn.Module):
    def __init__(self, classes: int = 6) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, 12, 3, padding=1), nn.ReLU(), nn.Conv2d(12, classes, 1)
        )

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.net(image), dim=1)


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    torch.manual_seed(3)
    return PixelClasses(), (torch.randn(1, 3, 12, 12),)
