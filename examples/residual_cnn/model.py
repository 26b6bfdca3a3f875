"""A residual CNN for 28x28 RGB images: the shape of most small vision models on a Cortex-M.

stem conv/2 -> two residual blocks -> conv/2 -> 7x7 average pool -> linear, 10 classes. The
7x7 pool averages an odd number of values, so no rounding tie can appear in it.
"""

from __future__ import annotations

import torch
from torch import nn


def conv_bn_relu(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(),
    )


class ResidualBlock(nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        self.body = nn.Sequential(
            conv_bn_relu(channels, channels),
            nn.Conv2d(channels, channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(channels),
        )
        self.relu = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.relu(x + self.body(x))


class ResidualCNN(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.features = nn.Sequential(
            conv_bn_relu(3, 16, stride=2),  # 14x14
            ResidualBlock(16),
            ResidualBlock(16),
            conv_bn_relu(16, 32, stride=2),  # 7x7
        )
        self.pool = nn.AvgPool2d(7)
        self.classifier = nn.Linear(32, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    """Entry point: the module and one example input (the exporter seeds every RNG first)."""
    return ResidualCNN().eval(), (torch.randn(1, 3, 28, 28),)
