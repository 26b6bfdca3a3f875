"""A conv net with one activation the Cortex-M backend cannot lower (torch.sin)."""

from __future__ import annotations

import torch
from torch import nn


class SinActivation(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sin(x)  # not lowerable: no cortex_m:: kernel computes sin


class SinNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.act = SinActivation()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(self.pool(self.act(self.conv(x))), 1))


# The names ExecuTorch's aot_arm_compiler reads from a model file.
ModelUnderTest = SinNet()
ModelInputs = (torch.rand(1, 3, 16, 16),)
