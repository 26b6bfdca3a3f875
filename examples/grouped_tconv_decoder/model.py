"""A decoder that upsamples with grouped and depthwise transposed convolutions.

CMSIS-NN's transposed convolution has no groups; the export rewrites each grouped one as an
ungrouped one with a block-diagonal weight (docs/ops.md), so both lower to
`cortex_m::quantized_transpose_conv2d` at `groups` times the multiply-accumulates.
"""

from __future__ import annotations

import torch
from torch import nn


class GroupedDecoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.ConvTranspose2d(16, 8, 2, stride=2, groups=4),  # 8x8, grouped
            nn.ReLU(),
            nn.ConvTranspose2d(8, 8, 2, stride=2, groups=8),  # 16x16, depthwise
            nn.ReLU(),
            nn.Conv2d(8, 1, 3, padding=1),
        )

    def forward(self, code: torch.Tensor) -> torch.Tensor:
        return self.net(code)


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    torch.manual_seed(11)
    return GroupedDecoder(), (torch.randn(1, 16, 4, 4),)
