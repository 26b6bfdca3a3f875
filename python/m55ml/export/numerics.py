"""Where the Python reference and CMSIS-NN may round differently, counted on a real input.

cortex_m::quantized_avg_pool2d's reference averages in float and rounds half to even; CMSIS-NN
(what the firmware follows) rounds the integer average half away from zero. They can only part
on windows with an even element count whose integer sum sits exactly on a .5 mean. Counting
those cases for the reference input tells the firmware test whether bit-exactness with the
reference output is attainable, or which ops explain a +-1 difference.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

AVG_POOL_OPS = ("cortex_m.quantized_avg_pool2d.", "cortex_m.quantized_avg_pool2d_nhwc.")


def _is_avg_pool(target: object) -> bool:
    return any(name in str(target) for name in AVG_POOL_OPS)


def count_avg_pool_ties(
    qinput: torch.Tensor,
    kernel: list[int],
    stride: list[int],
    padding: list[int],
    ceil_mode: bool,
    zero_point: int,
) -> int:
    """Outputs whose exact mean of (q - zero_point) over the window ends in .5."""
    centered = qinput.to(torch.float64) - zero_point  # exact: small integers in float64
    window = {"kernel_size": kernel, "stride": stride, "padding": padding, "ceil_mode": ceil_mode}
    sums = F.avg_pool2d(centered, **window, count_include_pad=False, divisor_override=1)
    counts = F.avg_pool2d(
        torch.ones_like(centered), **window, count_include_pad=False, divisor_override=1
    )
    remainder = torch.remainder(sums, counts)
    return int(((counts % 2 == 0) & (remainder * 2 == counts)).sum())


class TieCountingRunner(torch.fx.Interpreter):
    """Runs the lowered program node by node, counting average-pool rounding ties."""

    def __init__(self, module: torch.fx.GraphModule) -> None:
        super().__init__(module)
        self.avg_pool_ties = 0

    def call_function(self, target, args, kwargs):  # type: ignore[no-untyped-def]
        if _is_avg_pool(target):
            qinput, kernel, stride, padding, ceil_mode, zero_point = args[:6]
            self.avg_pool_ties += count_avg_pool_ties(
                qinput, list(kernel), list(stride), list(padding), bool(ceil_mode), zero_point
            )
        return super().call_function(target, args, kwargs)
