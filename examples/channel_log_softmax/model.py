"""Per-pixel class log-probabilities: an int8 convolution, then log-softmax over channels.

The Cortex-M flow lowers the convolution to cortex_m::quantized_conv2d; log-softmax has no
cortex_m:: form (and the quantizer leaves it float), so with portable fallback it stays
aten::_log_softmax and runs on our portable float kernel (cc/ops/portable/log_softmax.cc) on the
dequantized convolution output, straight into the program's float output. The firmware test
compares that output within log-softmax's bound of docs/portable.md.
"""

from __future__ import annotations

import torch
from torch import nn


class ChannelLogSoftmax(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.log_softmax(self.conv(x), dim=1)


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    torch.manual_seed(7)
    return ChannelLogSoftmax().eval(), (torch.randn(1, 3, 8, 8),)
