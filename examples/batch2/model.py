"""A batch of two 9x9 images per inference: the entry point returns only the module, and the
input shape comes from pte_model(input_shapes = ["2,1,9,9"])."""

from __future__ import annotations

import torch
from torch import nn


class BatchedClassifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3),  # 7x7
            nn.ReLU(),
            nn.AvgPool2d(7),  # 1x1, an odd window
        )
        self.classifier = nn.Linear(8, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.features(x), 1))


def build() -> nn.Module:
    return BatchedClassifier()
