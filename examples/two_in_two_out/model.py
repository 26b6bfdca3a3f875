"""Two inputs (an 12x12 one-channel image and a 16-value feature vector), two outputs (class
logits and an embedding that mixes both inputs)."""

from __future__ import annotations

import torch
from torch import nn


class ImageAndFeatures(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.image = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(8, 16, 3, stride=2, padding=1),  # 6x6
            nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1),  # 3x3
            nn.ReLU(),
            # To 1x1 before flattening: flattening a larger channels_last map needs a layout
            # change that has no cortex_m:: kernel.
            nn.AvgPool2d(3),
        )
        self.classifier = nn.Linear(32, 5)
        self.features = nn.Sequential(nn.Linear(16, 24), nn.ReLU())
        self.image_embedding = nn.Linear(32, 24)

    def forward(self, image: torch.Tensor, features: torch.Tensor):
        pooled = torch.flatten(self.image(image), 1)
        logits = self.classifier(pooled)
        embedding = self.features(features) + self.image_embedding(pooled)
        return logits, embedding


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    return ImageAndFeatures(), (torch.randn(1, 1, 12, 12), torch.randn(1, 16))
