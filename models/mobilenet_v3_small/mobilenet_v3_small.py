"""MobileNetV3-Small (Howard et al. 2019), width 1.0, 224x224 input, 1000 classes."""

from __future__ import annotations

import torch
from m55ml.api import ModelExport
from torch import nn

from models.common.imagenet import image_shape, imagenet_export
from models.common.layers import ConvBnAct, init_weights, make_divisible


class SqueezeExcite(nn.Module):
    """Channel attention: global average -> 1x1 reduce -> ReLU -> 1x1 expand -> hardsigmoid."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        squeezed = make_divisible(channels // 4)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.reduce = nn.Conv2d(channels, squeezed, 1)
        self.relu = nn.ReLU()
        self.expand = nn.Conv2d(squeezed, channels, 1)
        self.gate = nn.Hardsigmoid()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        scale = self.gate(self.expand(self.relu(self.reduce(self.pool(x)))))
        return x * scale


# (kernel, expanded channels, output channels, squeeze-excite, activation, stride): Table 2.
_BLOCKS: tuple[tuple[int, int, int, bool, str, int], ...] = (
    (3, 16, 16, True, "RE", 2),
    (3, 72, 24, False, "RE", 2),
    (3, 88, 24, False, "RE", 1),
    (5, 96, 40, True, "HS", 2),
    (5, 240, 40, True, "HS", 1),
    (5, 240, 40, True, "HS", 1),
    (5, 120, 48, True, "HS", 1),
    (5, 144, 48, True, "HS", 1),
    (5, 288, 96, True, "HS", 2),
    (5, 576, 96, True, "HS", 1),
    (5, 576, 96, True, "HS", 1),
)

_ACTIVATIONS: dict[str, type[nn.Module]] = {"RE": nn.ReLU, "HS": nn.Hardswish}


class InvertedResidualSE(nn.Module):
    def __init__(
        self,
        in_channels: int,
        kernel: int,
        expanded: int,
        out_channels: int,
        squeeze_excite: bool,
        activation: str,
        stride: int,
    ) -> None:
        super().__init__()
        act = _ACTIVATIONS[activation]
        self.use_residual = stride == 1 and in_channels == out_channels
        layers: list[nn.Module] = []
        if expanded != in_channels:
            layers.append(ConvBnAct(in_channels, expanded, 1, activation=act))
        layers.append(
            ConvBnAct(expanded, expanded, kernel, stride=stride, groups=expanded, activation=act)
        )
        if squeeze_excite:
            layers.append(SqueezeExcite(expanded))
        layers.append(ConvBnAct(expanded, out_channels, 1, activation=None))
        self.block = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.use_residual:
            return x + self.block(x)
        return self.block(x)


class MobileNetV3Small(nn.Module):
    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        layers: list[nn.Module] = [ConvBnAct(3, 16, 3, stride=2, activation=nn.Hardswish)]
        in_channels = 16
        for kernel, expanded, out_channels, se, act, stride in _BLOCKS:
            layers.append(
                InvertedResidualSE(in_channels, kernel, expanded, out_channels, se, act, stride)
            )
            in_channels = out_channels
        last = 6 * in_channels
        layers.append(ConvBnAct(in_channels, last, 1, activation=nn.Hardswish))
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(
            nn.Linear(last, 1024),
            nn.Hardswish(),
            nn.Dropout(0.2),
            nn.Linear(1024, num_classes),
        )
        init_weights(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


def build(input_shapes: list[tuple[int, ...]] | None = None) -> ModelExport:
    """pte_model entry point: 1x3x224x224 by default, any H, W multiple of 32."""
    shape = image_shape("MobileNetV3-Small", input_shapes)
    return imagenet_export(
        MobileNetV3Small,
        f"MobileNetV3-Small 1.0, {shape[2]}x{shape[3]}, 1000 classes (random init)",
        shape,
    )
