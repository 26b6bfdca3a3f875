"""A context block of dilated convolutions (dilation 2 and 4, regular and depthwise), with ReLU6.

ExecuTorch's Python reference cannot run a dilated integer convolution; the export computes
these layers with its own integer model of the same arithmetic (docs/ops.md, Dilated
convolution). ReLU6 after each convolution folds into its output clamp.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class DilatedBlock(nn.Module):
    def __init__(self, channels: int = 8) -> None:
        super().__init__()
        self.stem = nn.Conv2d(3, channels, 3, padding=1)
        self.dilated = nn.Conv2d(channels, channels, 3, padding=2, dilation=2)
        self.depthwise = nn.Conv2d(channels, channels, 3, padding=4, dilation=4, groups=channels)
        self.project = nn.Conv2d(channels, 4, 1)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        x = F.relu6(self.stem(image))
        x = F.relu6(self.dilated(x))
        x = F.relu6(self.depthwise(x))
        return self.project(x)


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    torch.manual_seed(5)
    return DilatedBlock(), (torch.randn(1, 3, 16, 16),)
