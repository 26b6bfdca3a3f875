"""MobileNetV2 (Sandler et al. 2018), width 1.0, 224x224 input, 1000 classes."""

from __future__ import annotations

import torch
from m55ml.api import ModelExport
from torch import nn

from models.common.imagenet import image_shape, imagenet_export
from models.common.layers import ConvBnAct, init_weights, make_divisible

# (expansion t, output channels c, repeats n, first stride s), from Table 2 of the paper.
_INVERTED_RESIDUAL_SETTING: tuple[tuple[int, int, int, int], ...] = (
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
)


class InvertedResidual(nn.Module):
    """Expand (1x1) -> depthwise (3x3) -> linear project (1x1), residual when shapes allow."""

    def __init__(self, in_channels: int, out_channels: int, stride: int, expansion: int) -> None:
        super().__init__()
        hidden = in_channels * expansion
        self.use_residual = stride == 1 and in_channels == out_channels
        layers: list[nn.Module] = []
        if expansion != 1:
            layers.append(ConvBnAct(in_channels, hidden, kernel_size=1))
        layers += [
            ConvBnAct(hidden, hidden, kernel_size=3, stride=stride, groups=hidden),
            ConvBnAct(hidden, out_channels, kernel_size=1, activation=None),
        ]
        self.conv = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.use_residual:
            return x + self.conv(x)
        return self.conv(x)


class MobileNetV2(nn.Module):
    def __init__(self, num_classes: int = 1000, width_mult: float = 1.0) -> None:
        super().__init__()
        in_channels = make_divisible(32 * width_mult)
        last_channels = make_divisible(1280 * max(1.0, width_mult))
        features: list[nn.Module] = [ConvBnAct(3, in_channels, stride=2)]
        for t, c, n, s in _INVERTED_RESIDUAL_SETTING:
            out_channels = make_divisible(c * width_mult)
            for i in range(n):
                features.append(
                    InvertedResidual(in_channels, out_channels, s if i == 0 else 1, t)
                )
                in_channels = out_channels
        features.append(ConvBnAct(in_channels, last_channels, kernel_size=1))
        self.features = nn.Sequential(*features)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(last_channels, num_classes))
        init_weights(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


def build(input_shapes: list[tuple[int, ...]] | None = None) -> ModelExport:
    """pte_model entry point: 1x3x224x224 by default, any H, W multiple of 32."""
    shape = image_shape("MobileNetV2", input_shapes)
    return imagenet_export(
        MobileNetV2,
        f"MobileNetV2 1.0, {shape[2]}x{shape[3]}, 1000 classes (random init)",
        shape,
    )
