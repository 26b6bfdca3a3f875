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


def _avg_pool_windows(
    qinput: torch.Tensor, kernel: list[int], stride: list[int], padding: list[int], ceil_mode: bool
) -> tuple[torch.Tensor, torch.Tensor]:
    """Per output element: the exact integer sum of raw int8 values and the element count."""
    raw = qinput.to(torch.float64)  # exact: at most a few thousand int8 values per window
    window = {"kernel_size": kernel, "stride": stride, "padding": padding, "ceil_mode": ceil_mode}
    sums = F.avg_pool2d(raw, **window, count_include_pad=False, divisor_override=1)
    counts = F.avg_pool2d(
        torch.ones_like(raw), **window, count_include_pad=False, divisor_override=1
    )
    return sums.round().to(torch.int64), counts.round().to(torch.int64)


def cmsis_avg_pool_int8(
    qinput: torch.Tensor, kernel: list[int], stride: list[int], padding: list[int], ceil_mode: bool
) -> tuple[torch.Tensor, torch.Tensor]:
    """CMSIS-NN's arm_avgpool_s8 semantics, as an independent integer model (NCHW int8 input).

    The average of the raw int8 values is rounded half away from zero (C's truncating division
    of sum +- count/2), then saturated to int8. Returns the result and the mask of outputs
    whose mean sat exactly on .5 (where the float reference, rounding half to even, may differ).
    """
    sums, counts = _avg_pool_windows(qinput, kernel, stride, padding, ceil_mode)
    half = counts // 2
    positive = torch.div(sums + half, counts, rounding_mode="trunc")
    negative = torch.div(sums - half, counts, rounding_mode="trunc")
    averaged = torch.where(sums > 0, positive, negative)
    ties = (counts % 2 == 0) & (torch.remainder(sums, counts) * 2 == counts)
    return averaged.clamp(-128, 127).to(torch.int8), ties


class DeviceSemanticsRunner(torch.fx.Interpreter):
    """Runs the lowered program with the reference kernels, except average pools, which follow
    CMSIS-NN's rounding (the documented contract the firmware keeps).

    Every average pool is computed both ways; the two must agree everywhere except on .5 ties,
    or the export fails: the integer model then does not describe the device, and a firmware
    test against it would prove nothing.
    """

    def __init__(self, module: torch.fx.GraphModule) -> None:
        super().__init__(module)
        self.differing_outputs = 0

    def call_function(self, target, args, kwargs):  # type: ignore[no-untyped-def]
        reference = super().call_function(target, args, kwargs)
        if not _is_avg_pool(target):
            return reference
        qinput, kernel, stride, padding, ceil_mode = args[:5]
        nhwc = "nhwc" in str(target)
        nchw_input = qinput.permute(0, 3, 1, 2) if nhwc else qinput
        device, ties = cmsis_avg_pool_int8(
            nchw_input, list(kernel), list(stride), list(padding), bool(ceil_mode)
        )
        if nhwc:
            device, ties = device.permute(0, 2, 3, 1), ties.permute(0, 2, 3, 1)
        differs = device != reference
        if bool((differs & ~ties).any()):
            raise AssertionError(
                f"{target}: the CMSIS-NN integer model differs from the reference on "
                f"{int((differs & ~ties).sum())} outputs that are not rounding ties"
            )
        self.differing_outputs += int(differs.sum())
        # Same strides as the reference's result, so later kernels see the same layout.
        return torch.empty_strided(
            reference.size(), reference.stride(), dtype=reference.dtype
        ).copy_(device)
