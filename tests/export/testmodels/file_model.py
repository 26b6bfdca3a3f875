"""A model file in ExecuTorch's aot_arm_compiler convention: ModelUnderTest and ModelInputs."""

from __future__ import annotations

import torch
from torch import nn


class SmallNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.AvgPool2d(5))
        self.fc = nn.Linear(4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(self.features(x), 1))


ModelUnderTest = SmallNet  # the class: the exporter instantiates it (after seeding)
ModelInputs = (torch.rand(1, 1, 7, 7),)
