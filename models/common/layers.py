"""Building blocks shared by the model definitions (plain PyTorch, no torchvision)."""

from __future__ import annotations

import torch
from torch import nn


def make_divisible(value: float, divisor: int = 8) -> int:
    """Round a channel count to a multiple of `divisor`, never dropping more than 10%.

    MobileNet papers size every layer this way; keeping it makes our layer shapes (and so the
    .pte's op shapes and arena sizes) match the published architectures.
    """
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


class ConvBnAct(nn.Sequential):
    """Conv2d (no bias) + BatchNorm2d + optional activation.

    PT2E folds the BatchNorm into the conv at prepare time, so each block becomes one
    quantized conv with a fused clamp on the device.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, int] = 3,
        stride: int | tuple[int, int] = 1,
        groups: int = 1,
        activation: type[nn.Module] | None = nn.ReLU6,
        padding: int | tuple[int, int] | None = None,
    ) -> None:
        if padding is None:
            if isinstance(kernel_size, tuple):
                padding = (kernel_size[0] // 2, kernel_size[1] // 2)
            else:
                padding = kernel_size // 2
        layers: list[nn.Module] = [
            nn.Conv2d(
                in_channels,
                out_channels,
                kernel_size,
                stride=stride,
                padding=padding,
                groups=groups,
                bias=False,
            ),
            nn.BatchNorm2d(out_channels),
        ]
        if activation is not None:
            layers.append(activation())
        super().__init__(*layers)


def init_weights(module: nn.Module) -> None:
    """Deterministic (given the global seed) initialisation used by the ImageNet-style models.

    Kaiming for convolutions, unit BatchNorm, small normal for classifiers: the usual recipe,
    so activation ranges look like those of a real network rather than of all-zero weights.
    """
    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, 0.0, 0.01)
            nn.init.zeros_(m.bias)


@torch.no_grad()
def reestimate_batchnorm(module: nn.Module, batches: list[torch.Tensor]) -> None:
    """Set every BatchNorm's running statistics to the exact mean/var over `batches`.

    With random weights and identity BatchNorm, activations drift in scale layer after layer;
    measuring the statistics on representative inputs normalises each layer the way training
    would, so activation ranges (and the int8 scales derived from them) look like a trained
    network's. momentum=None makes the estimate a plain cumulative average: order-independent
    and deterministic.
    """
    norms = [m for m in module.modules() if isinstance(m, nn.BatchNorm2d)]
    for bn in norms:
        bn.reset_running_stats()
        bn.momentum = None
    module.train()
    for batch in batches:
        module(batch)
    module.eval()
