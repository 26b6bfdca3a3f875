"""Where the Python reference and CMSIS-NN may round differently, counted on a real input;
and an integer convolution for the dilated cases the Python reference cannot run.

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


# Convolutions whose reference calls F.conv2d on int32 tensors: with dilation it stops with
# `"slow_conv_dilated<>" not implemented for 'Int'`.
CONV_OPS = ("cortex_m.quantized_conv2d.", "cortex_m.quantized_depthwise_conv2d.")
_INT32_MIN, _INT32_MAX = -(1 << 31), (1 << 31) - 1


def _is_dilated_conv(target: object, args: tuple) -> bool:  # type: ignore[type-arg]
    name = str(target)
    return (
        any(op in name for op in CONV_OPS)
        and "nhwc" not in name
        and any(int(d) != 1 for d in args[5])
    )


def requantize_cmsis_int(acc: torch.Tensor, multiplier: int, shift: int) -> torch.Tensor:
    """CMSIS-NN's requantization of int32 accumulators (int64 tensor in and out).

    `acc << max(shift, 0)`, then the doubling high multiply `(x * m + 2^30) >> 31` (64-bit
    product, arithmetic shift), then a right shift by max(-shift, 0) that rounds half away
    from zero. A left shift that leaves int32 is refused: C would wrap there.
    """
    left, right = max(shift, 0), max(-shift, 0)
    shifted = acc * (1 << left)
    if bool((shifted < _INT32_MIN).any()) or bool((shifted > _INT32_MAX).any()):
        raise ValueError(f"requantize: accumulator << {left} leaves int32")
    high = torch.div(shifted * int(multiplier) + (1 << 30), 1 << 31, rounding_mode="floor")
    if right == 0:
        return high
    divisor = 1 << right
    magnitude = torch.div(high.abs() + divisor // 2, divisor, rounding_mode="floor")
    return torch.where(high < 0, -magnitude, magnitude)


def conv2d_int8(
    qinput: torch.Tensor,
    weight_oihw: torch.Tensor,
    bias: torch.Tensor | None,
    stride: list[int],
    padding: list[int],
    dilation: list[int],
    groups: int,
    input_offset: int,
    output_offset: int,
    multipliers: list[int],
    shifts: list[int],
    activation_min: int,
    activation_max: int,
) -> torch.Tensor:
    """An int8 convolution with CMSIS-NN's arithmetic, any dilation (NCHW logical int8 input,
    OIHW int8 weight, int32 bias per output channel).

    The sums of (q + input_offset) * w are integers; they are formed in float64, which holds
    every integer below 2^53 exactly, and checked to stay below that bound.
    """
    taps = weight_oihw.shape[1] * weight_oihw.shape[2] * weight_oihw.shape[3]
    if taps * 256 * 128 >= 1 << 53:
        raise ValueError(f"conv2d_int8: {taps} taps per output exceed exact float64 sums")
    shifted = qinput.to(torch.float64) + float(input_offset)
    acc = torch.nn.functional.conv2d(
        shifted, weight_oihw.to(torch.float64), None, stride, padding, dilation, groups
    )
    acc = acc.round().to(torch.int64)
    if bias is not None:
        acc = acc + bias.to(torch.int64).view(1, -1, 1, 1)
    channels = [
        requantize_cmsis_int(acc[:, c], multipliers[c], shifts[c]) for c in range(acc.shape[1])
    ]
    result = torch.stack(channels, dim=1) + int(output_offset)
    return result.clamp(activation_min, activation_max).to(torch.int8)


def dilated_conv_reference(target: object, args: tuple) -> torch.Tensor:  # type: ignore[type-arg]
    """`cortex_m::quantized_conv2d` / `quantized_depthwise_conv2d` computed by `conv2d_int8`,
    from the lowered node's own arguments (weights in the kernel's OHWI / IHWO layout)."""
    qinput, weight, bias, stride, padding, dilation = args[:6]
    depthwise = "depthwise" in str(target)
    if depthwise:
        # (..., depth_multiplier, input_offset, output_offset, multipliers, shifts, min, max)
        input_offset, output_offset, multipliers, shifts, act_min, act_max = args[7:13]
        weight_oihw = weight.permute(3, 0, 1, 2)  # IHWO [1, kH, kW, C_out] -> [C_out, 1, kH, kW]
        groups = qinput.shape[1]
    else:
        input_offset, output_offset, multipliers, shifts, act_min, act_max = args[6:12]
        weight_oihw = weight.permute(0, 3, 1, 2)  # OHWI -> OIHW
        groups = qinput.shape[1] // weight.shape[3]
    result = conv2d_int8(
        qinput, weight_oihw, bias, list(stride), list(padding), list(dilation), groups,
        int(input_offset), int(output_offset),
        [int(m) for m in multipliers], [int(s) for s in shifts], int(act_min), int(act_max),
    )
    return result.contiguous(memory_format=torch.channels_last)


class ReferenceRunner(torch.fx.Interpreter):
    """Runs the lowered program node by node with ExecuTorch's Python reference kernels,
    except dilated convolutions, which that reference cannot run: they go through
    `conv2d_int8`, our integer model of the same arithmetic (checked against the reference
    on undilated cases and against ExecuTorch's float path in tests/export)."""

    def __init__(self, module: torch.fx.GraphModule) -> None:
        super().__init__(module)
        self.dilated_convolutions = 0

    def call_function(self, target, args, kwargs):  # type: ignore[no-untyped-def]
        if _is_dilated_conv(target, args):
            self.dilated_convolutions += 1
            return dilated_conv_reference(target, args)
        return super().call_function(target, args, kwargs)


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


class TieCountingRunner(ReferenceRunner):
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


class DeviceSemanticsRunner(ReferenceRunner):
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
