"""Writes the kernel-case corpus the firmware case runner replays on the simulated Cortex-M55.

    python firmware_corpus.py --out cases.bin [--per-op N]

The cases are the host tests' own (kernel_cases.py: the standard corpus of all 23 operators)
plus shapes aimed at the Helium and DSP kernels: channel and depth counts that are not multiples of 16
(or 4), pixel counts that are not multiples of 4, padding on every side, strides, channel
multipliers, groups, both linear forms and extreme requantization parameters (INT32_MIN-adjacent
multipliers, shifts of -31..31, left shifts that overflow and must be refused). Expected bytes
come from ExecuTorch's Python reference and the integer models, never from the kernels.

The file is one little-endian binary blob that a C program can walk without a parser
(firmware_case_runner.c):

    "KCS1" u32 case_count, then per case:
      u32 record_bytes  u32 op_len  op (padded to 4)  u32 label_len  label (padded to 4)
      i32 expected_status  u32 num_args  args...  u32 expected_bytes  expected (padded to 4)
    arg: u32 kind, then
      none: -           int: i64          double: f64        bool: u32
      int_list: u32 n, i64 * n
      tensor: i32 dtype  i32 dim  i32 sizes[6]  u8 dim_order[6]  u16 0  u32 nbytes  data (padded)
"""

from __future__ import annotations

import argparse
import gc
import struct
import sys
from collections.abc import Sequence

# No garbage collection while torch and ExecuTorch's reference import (main() freezes what
# they made, then turns it back on): collecting over those long-lived objects again and again
# cost 1.2 of this program's CPU-s.
gc.disable()

import kernel_cases as kc
import numpy as np
import torch
from cmops_ctypes import (
    DTYPE_CODES,
    STATUS_NAMES,
    Float,
    dim_order_of,
    empty_like_layout,
    memory_bytes,
)

STATUS_CODES = {name: code for code, name in STATUS_NAMES.items()}
KIND_NONE, KIND_TENSOR, KIND_INT, KIND_DOUBLE, KIND_BOOL, KIND_INT_LIST = range(6)


def helium_cases() -> list[kc.KernelCase]:
    """Shapes that exercise every branch of the Helium kernels, tails first."""
    cases: list[kc.KernelCase] = []
    seed = 1000

    def add(case: kc.KernelCase) -> None:
        nonlocal seed
        cases.append(case)
        seed += 1

    # 1x1 convolution: depth tails (1, 5, 17, 33), 16-multiples, pixel counts not multiples of 4,
    # strided (the non-fast kernel), batches, output channels not multiples of 4.
    for c_in, c_out, h, w in [(1, 3, 3, 3), (5, 7, 2, 3), (16, 16, 4, 4), (17, 9, 3, 5), (33, 20, 5, 1),
                              (48, 5, 1, 7), (96, 24, 3, 3), (24, 144, 2, 2)]:
        add(kc.conv2d_case(seed, nhwc=True, c_in=c_in, c_out=c_out, h=h, w=w, kh=1, kw=1))
        add(kc.conv2d_case(seed, c_in=c_in, c_out=c_out, h=h, w=w, kh=1, kw=1, n=2))
    add(kc.conv2d_case(seed, c_in=19, c_out=6, h=7, w=6, kh=1, kw=1, stride=(2, 2)))
    add(kc.conv2d_case(seed, nhwc=True, c_in=32, c_out=8, h=5, w=5, kh=1, kw=1, stride=(2, 3)))
    for extreme_seed in range(6):
        add(kc.conv2d_case(seed + extreme_seed, c_in=21, c_out=11, h=3, w=3, kh=1, kw=1, extreme=True))
    # General convolution: MobileNetV2's stem shape (3x3 stride 2 on 3 channels), 5x5, padding,
    # groups, dilation, patches larger than the on-stack im2col buffer.
    add(kc.conv2d_case(seed, c_in=3, c_out=32, h=11, w=11, stride=(2, 2), padding=(1, 1)))
    add(kc.conv2d_case(seed, nhwc=True, c_in=3, c_out=5, h=9, w=7, padding=(1, 1)))
    add(kc.conv2d_case(seed, c_in=7, c_out=9, h=8, w=8, kh=5, kw=5, padding=(2, 2), stride=(1, 2)))
    add(kc.conv2d_case(seed, c_in=8, c_out=6, h=6, w=6, groups=2, padding=(1, 1)))
    add(kc.conv2d_case(seed, c_in=9, c_out=9, h=6, w=6, groups=3, padding=(0, 1)))
    add(kc.conv2d_case(seed, c_in=5, c_out=4, h=9, w=9, dilation=(2, 2), padding=(2, 2)))
    add(kc.conv2d_case(seed, c_in=40, c_out=5, h=5, w=5, kh=3, kw=3, padding=(1, 1)))
    add(kc.conv2d_case(seed, c_in=130, c_out=3, h=4, w=4, kh=3, kw=3, padding=(1, 1)))
    # Dilation on every path: a patch too large for the im2col buffers (the direct tap-by-tap
    # paths of Helium and DSP), unequal dilations, and dilation with groups.
    add(kc.conv2d_case(seed, c_in=130, c_out=3, h=8, w=9, kh=3, kw=3, dilation=(2, 3), padding=(2, 3)))
    add(kc.conv2d_case(seed, nhwc=True, c_in=6, c_out=5, h=9, w=8, kh=3, kw=2, dilation=(3, 2), stride=(2, 1)))
    add(kc.conv2d_case(seed, c_in=8, c_out=4, h=8, w=8, groups=2, dilation=(2, 2), padding=(1, 2)))
    add(kc.conv2d_case(seed, c_in=3, c_out=4, h=5, w=5, kh=2, kw=3, n=2, bias=False))
    for extreme_seed in range(6):
        add(kc.conv2d_case(seed + extreme_seed, c_in=4, c_out=7, h=5, w=5, padding=(1, 1), extreme=True))
    # Depthwise: channel tails (1, 3, 5, 13, 19, 33), multipliers 1..3, 3x3 with and without
    # padding, stride 2, other windows, dilation, batches.
    for c_in, mult, stride, padding in [(1, 1, (1, 1), (1, 1)), (3, 1, (1, 1), (0, 0)), (5, 1, (2, 2), (1, 1)),
                                        (13, 1, (1, 1), (1, 1)), (16, 1, (1, 1), (1, 1)),
                                        (19, 1, (2, 2), (0, 1)), (33, 1, (1, 1), (1, 1)),
                                        (4, 2, (1, 1), (1, 1)), (7, 3, (2, 1), (1, 0)), (16, 2, (1, 1), (0, 0))]:
        add(kc.depthwise_case(seed, c_in=c_in, mult=mult, h=7, w=6, stride=stride, padding=padding))
        add(kc.depthwise_case(seed, nhwc=True, c_in=c_in, mult=mult, h=5, w=9, stride=stride, padding=padding))
    # Channel counts that are multiples of 16 take the 16-channel widening-multiply path.
    add(kc.depthwise_case(seed, c_in=32, h=9, w=10, stride=(2, 2), padding=(1, 1)))
    add(kc.depthwise_case(seed, nhwc=True, c_in=48, h=6, w=7, padding=(0, 0)))
    add(kc.depthwise_case(seed, c_in=16, kh=5, kw=5, h=8, w=9, padding=(2, 2), n=2))
    add(kc.depthwise_case(seed, nhwc=True, c_in=32, h=7, w=7, padding=(1, 1), bias=False))
    add(kc.depthwise_case(seed, c_in=16, h=10, w=11, dilation=(2, 2), padding=(2, 2)))
    for extreme_seed in range(4):
        add(kc.depthwise_case(seed + extreme_seed, c_in=16, h=6, w=6, padding=(1, 1), extreme=True))
    add(kc.depthwise_case(seed, c_in=6, kh=5, kw=5, h=9, w=9, padding=(2, 2)))
    add(kc.depthwise_case(seed, c_in=9, kh=1, kw=3, h=4, w=8, padding=(0, 1), n=2))
    add(kc.depthwise_case(seed, c_in=10, h=9, w=9, dilation=(2, 2), padding=(2, 2)))
    # Dilated depthwise with a channel multiplier, unequal dilations, and border-only pixels.
    add(kc.depthwise_case(seed, c_in=5, mult=2, h=9, w=10, dilation=(2, 3), padding=(1, 2)))
    add(kc.depthwise_case(seed, nhwc=True, c_in=32, h=7, w=9, dilation=(3, 2), stride=(2, 1), padding=(3, 2)))
    add(kc.depthwise_case(seed, c_in=16, h=5, w=5, kh=5, kw=5, dilation=(2, 2), padding=(4, 4)))
    add(kc.depthwise_case(seed, c_in=20, h=4, w=4, padding=(1, 1), bias=False))
    for extreme_seed in range(6):
        add(kc.depthwise_case(seed + extreme_seed, c_in=11, h=5, w=5, padding=(1, 1), extreme=True))
    # Fully connected: depth and feature tails, batches, both program forms and no bias.
    for depth, features, batch in [(1, 3, (1,)), (15, 4, (2,)), (16, 16, (1,)), (17, 5, (3,)),
                                   (40, 9, (2,)), (130, 7, (1,))]:
        for form in ("bias", "kernel_sum", "none"):
            add(kc.linear_case(seed, depth=depth, features=features, batch_shape=batch, form=form))
    for extreme_seed in range(6):
        add(kc.linear_case(seed + extreme_seed, depth=19, features=6, form=("bias", "kernel_sum")[extreme_seed % 2],
                           extreme=True))
    # Elementwise add and mul (both Helium): random shapes (sizes up to 7 per dimension: tails everywhere),
    # broadcasting, extreme parameters.
    for i in range(10):
        broadcast = ("none", "channel")[i % 2]
        add(kc.add_case(seed, rank=4 if broadcast == "channel" else 1 + i % 4, broadcast=broadcast))
        add(kc.mul_case(seed, rank=1 + i % 4))
    for i in range(4):
        add(kc.add_case(seed, extreme=True))
        add(kc.mul_case(seed, extreme=True))
    # Average pooling: MobileNetV2's global 7x7 pool on odd channel counts, windows with padding.
    add(kc.avg_pool_case(seed, c=19, h=7, w=7, kernel=(7, 7), stride=(1, 1)))
    add(kc.avg_pool_case(seed, nhwc=True, c=35, h=7, w=7, kernel=(7, 7), stride=(7, 7)))
    add(kc.avg_pool_case(seed, c=17, h=6, w=6, kernel=(3, 3), stride=(2, 2), padding=(1, 1)))
    add(kc.avg_pool_case(seed, nhwc=True, c=5, h=5, w=5, kernel=(2, 2), stride=(1, 1)))
    add(kc.avg_pool_case(seed, c=40, h=6, w=5, kernel=(3, 2), stride=(1, 2), padding=(1, 1)))
    # Max pooling: 16 channels per vector, tails of 3, 1 and 1 lanes.
    add(kc.max_pool_case(seed, c=19, h=6, w=6))
    add(kc.max_pool_case(seed, nhwc=True, c=33, h=7, w=5, kernel=(3, 3), stride=(2, 1), padding=(1, 1)))
    add(kc.max_pool_case(seed, c=17, h=5, w=5, kernel=(3, 3), stride=(1, 1), padding=(1, 1)))
    # Pad: merged pad runs, rows copied whole (no channel padding) or pixel by pixel, rows of
    # more than 16 bytes, every rank.
    for shape, channels_last in [((1, 5, 7, 19), True), ((2, 3, 4, 33), False), ((1, 1, 20, 3), True),
                                 ((6, 40), False), ((3, 17, 2), False), ((1, 2, 2, 1), True)]:
        add(kc.pad_case(seed, shape=shape, channels_last=channels_last))
    # Transpose: contiguous runs and gathers with 8-, 16- and 32-bit offsets (steps 1, <= 17,
    # <= 9362, larger), run lengths around 4, 8 and 16.
    for shape, perm in [((2, 3, 4, 5), (0, 3, 1, 2)), ((3, 17, 19), (2, 1, 0)), ((2, 18, 33), (0, 2, 1)),
                        ((4, 40, 60), (1, 2, 0)), ((2, 9400, 1), (2, 1, 0)), ((5, 7), (1, 0)),
                        ((3, 4, 5, 6), (0, 1, 2, 3))]:
        add(kc.transpose_case(seed, shape=shape, perm=perm))
    # Batch matmul: depth tails, depths past the 256-value packing buffer, row counts not
    # multiples of 4, more than 32 columns (two chunks), extreme requantization.
    for batch, rows, depth, cols in [(1, 1, 1, 1), (2, 5, 17, 3), (1, 7, 48, 33), (3, 4, 257, 5),
                                     (1, 6, 300, 37), (2, 9, 130, 70)]:
        add(kc.batch_matmul_case(seed, batch=batch, rows=rows, depth=depth, cols=cols))
    for extreme_seed in range(6):
        add(kc.batch_matmul_case(seed + extreme_seed, batch=2, rows=5, depth=19, cols=6, extreme=True))
    # Transposed convolution: channel tails, more than 32 output channels, 16+ input channels,
    # strides, padding, dilation, no bias, and a kernel taller than the listed-taps path's 16.
    add(kc.transpose_conv_case(seed, c_in=3, c_out=5, h=4, w=5, kh=3, kw=3, stride=(2, 2)))
    add(kc.transpose_conv_case(seed, c_in=17, c_out=35, h=3, w=4, kh=2, kw=2, stride=(2, 2), padding=(1, 0)))
    add(kc.transpose_conv_case(seed, nhwc=True, c_in=33, c_out=6, h=5, w=3, kh=3, kw=2, stride=(1, 2)))
    add(kc.transpose_conv_case(seed, c_in=5, c_out=7, h=4, w=4, stride=(2, 1), padding=(1, 1), bias=False))
    add(kc.transpose_conv_case(seed, c_in=4, c_out=3, h=3, w=4, kh=2, kw=3, stride=(1, 1), dilation=(2, 1), n=2))
    add(kc.transpose_conv_case(seed, c_in=2, c_out=3, h=2, w=3, kh=17, kw=1, stride=(1, 1), padding=(3, 0)))
    # Rows wide enough for the four-column blocks of one phase: strides 1, 2 and 3, dilation,
    # two channel chunks, no bias, batches, extreme requantization.
    add(kc.transpose_conv_case(seed, c_in=20, c_out=37, h=3, w=9, kh=2, kw=2, stride=(2, 2)))
    add(kc.transpose_conv_case(seed, nhwc=True, c_in=40, c_out=6, h=4, w=10, padding=(1, 1), stride=(1, 1),
                               bias=False, n=2))
    add(kc.transpose_conv_case(seed, c_in=5, c_out=9, h=3, w=12, kh=3, kw=2, stride=(1, 3), dilation=(1, 2),
                               padding=(0, 1)))
    for extreme_seed in range(4):
        add(kc.transpose_conv_case(seed + extreme_seed, c_in=6, c_out=5, h=3, w=3, kh=3, kw=3, extreme=True))
        add(kc.transpose_conv_case(seed + extreme_seed, c_in=6, c_out=5, h=3, w=9, kh=3, kw=3, stride=(1, 1),
                                   extreme=True))
    # Quantize / dequantize (the Helium float loops, four values per vector, and their scalar
    # tails): runs of 1..37 values, every output dtype, infinities, NaN, subnormal inputs and
    # .5 ties, scale factors just inside and outside the [2^-100, 2^100] range of the vector loops.
    for rank, dtype in [(3, torch.int8), (2, torch.uint8), (4, torch.int16), (1, torch.int8)]:
        add(kc.quantize_case(seed, rank=rank, dtype=dtype))
        add(kc.quantize_case(seed, rank=rank, dtype=dtype, hard_scale=True))
        add(kc.dequantize_case(seed, rank=rank, dtype=dtype))
    # (int8 is the dtype the vector loops take; uint8 and int16 check the scalar loops beside them.)
    for scale, dtype, bounds in [(0.02, torch.int8, None), (0.5, torch.int8, (10, 120)),
                                 (0.5, torch.uint8, (10, 250)), (2.0**-99, torch.int8, None),
                                 (2.0**-101, torch.int8, None), (2.0**99, torch.int8, None),
                                 (2.0**101, torch.int8, (-100, -3)), (1e-3, torch.int16, (-300, 300)),
                                 (2.0**-127, torch.int8, None), (2.0**127, torch.int8, None),
                                 (2.0**127, torch.int16, None)]:
        add(quantize_special_case(seed, scale, dtype, bounds))
    for scale, dtype, zero_point in [(0.1, torch.int8, 3), (2.0**-100, torch.int8, -7), (2.0**-101, torch.int8, 127),
                                     (2.0**100, torch.int8, -128), (2.0**-100, torch.int16, -7),
                                     (3e-3, torch.uint8, 255)]:
        add(dequantize_edge_case(seed, scale, dtype, zero_point))
    return cases


def quantize_special_case(seed: int, scale: float, dtype: torch.dtype, bounds) -> kc.KernelCase:
    """quantize_per_tensor of 3 x 37 values with infinities, NaN, subnormals, extremes and exact
    .5 ties among random ones; bounds (quant_min, quant_max) or the dtype's range."""
    rng = kc.rng_for(seed)
    x = (rng.normal(0, 1, size=(3, 37)) * scale * 60).astype(np.float32)
    flat = x.reshape(-1)
    specials = [np.inf, -np.inf, np.nan, 1e-40, -1e-40, 1e-45, 3e38, -3e38, 0.0, -0.0, 1.17e-38, 1e-38, -5e-39]
    for i, value in enumerate(specials):
        flat[7 * i + 1] = value
    for i in range(80, 111, 2):
        # Exact ties in the scaled domain, where they are finite float32 values.
        tie = (int(rng.integers(-150, 150)) + 0.5) * scale
        flat[i] = tie if abs(tie) < 3e38 else 0.0
    info = torch.iinfo(dtype)
    qmin, qmax = bounds if bounds is not None else (info.min, info.max)
    zp = int(rng.integers(max(qmin, -128), min(qmax, 127) + 1))
    xt = torch.from_numpy(x)
    out = empty_like_layout([3, 37], dtype, (0, 1))
    args = [xt, scale, zp, qmin, qmax, dtype, out]
    ref = kc.reference_ops().quantize_per_tensor(xt, scale, zp, qmin, qmax, dtype)
    return kc.KernelCase("cortex_m::quantize_per_tensor", args, ref, "reference",
                         f"quantize_per_tensor special values seed={seed} scale={scale!r} {dtype} {bounds}")


def dequantize_edge_case(seed: int, scale: float, dtype: torch.dtype, zero_point: int) -> kc.KernelCase:
    """dequantize_per_tensor of 2 x 39 values, the dtype's extremes among them."""
    rng = kc.rng_for(seed)
    info = torch.iinfo(dtype)
    q = rng.integers(info.min, info.max + 1, size=(2, 39))
    q.reshape(-1)[:4] = [info.min, info.max, zero_point, 0]
    qt = torch.from_numpy(q).to(dtype)
    out = empty_like_layout([2, 39], torch.float32, (0, 1))
    args = [qt, scale, zero_point, info.min, info.max, dtype, out]
    ref = kc.reference_ops().dequantize_per_tensor(qt, scale, zero_point, info.min, info.max, dtype)
    return kc.KernelCase("cortex_m::dequantize_per_tensor", args, ref, "reference",
                         f"dequantize_per_tensor edges seed={seed} scale={scale!r} {dtype} zp={zero_point}")


def dsp_cases() -> list[kc.KernelCase]:
    """Shapes aimed at the DSP kernels' branches: depths around the four-value SMLAD steps and
    the 576-value packing buffer, odd pixel and channel counts (the two-pixel, two-channel core
    runs a lone pixel or channel as a pair with itself), patches around the 288-value im2col
    capacity, deep fully connected rows, extreme requantization on every core, and the DSP
    elementwise mul and pooling cores' word steps and fallbacks."""
    cases: list[kc.KernelCase] = []
    seed = 3000

    def add(case: kc.KernelCase) -> None:
        nonlocal seed
        cases.append(case)
        seed += 1

    # 1x1: depth tails 2, 3, 6, 7 on odd pixel counts and odd output channels; the packing
    # buffer's edge (576 packed, 577 and 963 on the one-pixel core); strided odd pixel counts.
    for c_in, c_out, h, w in [(2, 1, 1, 1), (3, 5, 3, 3), (6, 3, 1, 5), (7, 1, 3, 1), (576, 3, 1, 3),
                              (577, 5, 1, 3), (963, 2, 1, 1)]:
        add(kc.conv2d_case(seed, nhwc=True, c_in=c_in, c_out=c_out, h=h, w=w, kh=1, kw=1))
    add(kc.conv2d_case(seed, c_in=10, c_out=7, h=5, w=5, kh=1, kw=1, stride=(2, 2)))
    add(kc.conv2d_case(seed, nhwc=True, c_in=600, c_out=3, h=3, w=3, kh=1, kw=1, stride=(2, 1), bias=False))
    for extreme_seed in range(4):
        add(kc.conv2d_case(seed + extreme_seed, c_in=14, c_out=5, h=1, w=3, kh=1, kw=1, extreme=True))
        add(kc.conv2d_case(seed + extreme_seed, nhwc=True, c_in=580, c_out=3, h=1, w=2, kh=1, kw=1,
                           extreme=True))
    # General convolution: patches of 288 (packed) and 297 (tap by tap), odd pixel counts,
    # groups with an odd number of channels each, the stem on an odd output.
    add(kc.conv2d_case(seed, c_in=32, c_out=3, h=4, w=5, kh=3, kw=3, padding=(1, 1)))
    add(kc.conv2d_case(seed, nhwc=True, c_in=33, c_out=3, h=3, w=3, kh=3, kw=3, padding=(1, 1)))
    add(kc.conv2d_case(seed, c_in=6, c_out=9, h=5, w=5, groups=3, padding=(1, 1), stride=(2, 2)))
    add(kc.conv2d_case(seed, c_in=3, c_out=7, h=9, w=9, stride=(2, 2), padding=(1, 1)))
    add(kc.conv2d_case(seed, nhwc=True, c_in=5, c_out=3, h=4, w=4, kh=1, kw=3, padding=(0, 1), n=3))
    for extreme_seed in range(4):
        add(kc.conv2d_case(seed + extreme_seed, c_in=3, c_out=5, h=5, w=3, padding=(1, 1), extreme=True))
    # Padded 1x1 windows (packed straight from the input or a padding row): odd pixel counts,
    # groups, strides, batches, and overflowing requantization.
    add(kc.conv2d_case(seed, c_in=5, c_out=7, h=4, w=5, kh=1, kw=1, padding=(1, 1)))
    add(kc.conv2d_case(seed, nhwc=True, c_in=6, c_out=9, h=5, w=3, kh=1, kw=1, padding=(2, 1), groups=3,
                       stride=(2, 2), n=2))
    add(kc.conv2d_case(seed, c_in=14, c_out=5, h=3, w=3, kh=1, kw=1, padding=(1, 1), extreme=True))
    # Depthwise: channel chunks of 32 crossed with a tail (70 = 2 x 32 + 4 + 2), windows clipped
    # to one tap by wide padding, a 5x5 window (rows of five taps), stride 2 on odd sizes.
    add(kc.depthwise_case(seed, nhwc=True, c_in=70, h=5, w=4, padding=(1, 1)))
    add(kc.depthwise_case(seed, c_in=12, h=3, w=3, padding=(2, 2)))
    add(kc.depthwise_case(seed, nhwc=True, c_in=8, kh=5, kw=5, h=6, w=7, padding=(2, 2), stride=(2, 2)))
    add(kc.depthwise_case(seed, c_in=36, h=7, w=7, padding=(1, 1), stride=(2, 2), bias=False))
    for extreme_seed in range(4):
        add(kc.depthwise_case(seed + extreme_seed, c_in=8, h=4, w=3, padding=(1, 1), extreme=True))
    # Fully connected: MobileNetV2's 1280-deep rows, odd feature counts, depth tails, both forms.
    for depth, features, batch in [(1280, 5, (1,)), (6, 1, (3,)), (1283, 3, (2,)), (7, 9, (1,))]:
        for form in ("bias", "kernel_sum"):
            add(kc.linear_case(seed, depth=depth, features=features, batch_shape=batch, form=form))
    for extreme_seed in range(4):
        add(kc.linear_case(seed + extreme_seed, depth=22, features=3, form="bias", extreme=True))
    # Elementwise mul: four-element steps and their tails, broadcasts, offsets and shifts outside
    # the SMMULR loop's range (the portable loop, with its refusals).
    for mul_seed in range(4):
        add(kc.mul_case(seed + mul_seed, broadcast=("none", "channel")[mul_seed % 2]))
        add(kc.mul_case(seed + mul_seed, extreme=True))
        add(kc.mul_case(seed + mul_seed, wide_zero_points=True))
    # Pools: channel counts around the four-channel words (1, 3, 4, 5, 7, 9), clipped windows,
    # a window of 256 pixels (past the 16-bit pair sums) and MobileNetV2's 7x7 on 20 channels.
    for c in (1, 3, 4, 5, 7, 9):
        add(kc.max_pool_case(seed, c=c, h=5, w=5, kernel=(3, 3), stride=(2, 2), padding=(1, 1),
                             nhwc=c % 2 == 1))
        add(kc.avg_pool_case(seed, c=c, h=5, w=5, kernel=(3, 3), stride=(2, 2), padding=(1, 1),
                             nhwc=c % 2 == 0, narrow=c > 4))
    add(kc.avg_pool_case(seed, c=6, h=16, w=16, kernel=(16, 16), stride=(1, 1), nhwc=True))
    add(kc.avg_pool_case(seed, c=20, h=7, w=7, kernel=(7, 7), stride=(1, 1)))
    add(kc.max_pool_case(seed, c=8, h=16, w=16, kernel=(16, 16), stride=(1, 1), nhwc=True))
    return cases


def _pad4(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


def _text(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<I", len(raw)) + _pad4(raw)


def _tensor(t: torch.Tensor) -> bytes:
    sizes = list(t.shape) + [0] * (6 - t.dim())
    order = list(dim_order_of(t)) + [0] * (6 - t.dim())
    data = memory_bytes(t)
    return (struct.pack("<ii6i6BHI", DTYPE_CODES[t.dtype], t.dim(), *sizes, *order, 0, len(data)) +
            _pad4(data))


def _arg(arg) -> bytes:
    if isinstance(arg, torch.Tensor):
        return struct.pack("<I", KIND_TENSOR) + _tensor(arg)
    if arg is None:
        return struct.pack("<I", KIND_NONE)
    if isinstance(arg, bool):
        return struct.pack("<II", KIND_BOOL, int(arg))
    if isinstance(arg, int):
        return struct.pack("<Iq", KIND_INT, arg)
    if isinstance(arg, (float, Float)):
        return struct.pack("<Id", KIND_DOUBLE, float(arg.value if isinstance(arg, Float) else arg))
    if isinstance(arg, torch.dtype):
        return struct.pack("<Iq", KIND_INT, DTYPE_CODES[arg])
    items = [int(v) for v in arg]
    return struct.pack(f"<II{len(items)}q", KIND_INT_LIST, len(items), *items)


def encode(cases: Sequence[kc.KernelCase]) -> bytes:
    blob = [b"KCS1", struct.pack("<I", len(cases))]
    for case in cases:
        body = _text(case.op) + _text(case.label)
        body += struct.pack("<iI", STATUS_CODES[case.expected_status], len(case.args))
        body += b"".join(_arg(a) for a in case.args)
        if case.expected is None:
            body += struct.pack("<I", 0)
        else:
            out = case.out
            expected = (kc.in_layout(case.expected, dim_order_of(out)) if case.expected.dim() == out.dim()
                        else case.expected)
            data = memory_bytes(expected)
            body += struct.pack("<I", len(data)) + _pad4(data)
        blob.append(struct.pack("<I", len(body) + 4) + body)
    return b"".join(blob)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="corpus file to write")
    parser.add_argument("--per-op", type=int, default=6, help="standard-corpus cases per operator")
    args = parser.parse_args(argv)
    # One thread, as in the host tests (bazel/pytest_main.py): the references' small integer
    # convolutions are cheaper single-threaded, and a second OpenMP thread only spins (3.0 of this
    # program's CPU-s went to case generation on two threads, 0.6 on one; the same bytes).
    torch.set_num_threads(1)
    kc.reference_ops()
    gc.freeze()
    gc.enable()
    cases = kc.standard_corpus(args.per_op) + helium_cases() + dsp_cases()
    blob = encode(cases)
    with open(args.out, "wb") as f:
        f.write(blob)
    print(f"firmware_corpus: {len(cases)} cases, {len(blob)} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
