"""Generated test cases for the cortex_m:: kernels, and the oracles that grade them.

A `KernelCase` is one call of one operator: its arguments in schema order (the `out` tensor last,
allocated in the dim order the kernel must write), and the bytes it must produce. The expected
output comes from ExecuTorch's Python reference (`torch.ops.cortex_m.*`, operators.py) wherever
the reference can run, and from an independent integer model written here where it cannot
(dilated integer convolution) or where the project follows CMSIS-NN instead (average pooling at
exact .5 ties). Cases are plain data, so the same list can be run against any build of cc/ops
(host shared library today; Helium/DSP builds later) or written to files for a firmware runner
(`dump_cases`).
"""

from __future__ import annotations

import importlib
import json
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from cmops_ctypes import (
    Float,
    KernelLibrary,
    dim_order_of,
    empty_like_layout,
    memory_bytes,
)

CHANNELS_LAST = (0, 2, 3, 1)
CONTIGUOUS4 = (0, 1, 2, 3)


# --------------------------------------------------------------------------------------------
# The reference
# --------------------------------------------------------------------------------------------

_reference_loaded = False


def reference_ops():
    """torch.ops.cortex_m with ExecuTorch's reference implementations registered.

    operators.py imports the passes package, which imports operators.py back; importing the
    passes first lets that cycle resolve.
    """
    global _reference_loaded
    if not _reference_loaded:
        # Order matters, so not plain import statements (an import sorter would swap them).
        for module in ("executorch.backends.cortex_m.passes", "executorch.backends.cortex_m.ops.operators"):
            importlib.import_module(module)
        _reference_loaded = True
    return torch.ops.cortex_m


def quantize_multiplier(scale: float) -> tuple[int, int]:
    """Real scale -> (Q31 multiplier, shift), as the exporter computes it."""
    if scale == 0.0:
        return 0, 0
    mantissa, shift = math.frexp(scale)
    fixed = round(mantissa * (1 << 31))
    if fixed == (1 << 31):
        fixed //= 2
        shift += 1
    return max(-(2**31), min(2**31 - 1, fixed)), shift


# --------------------------------------------------------------------------------------------
# Independent integer models (numpy, int64): the oracle where the reference cannot run
# --------------------------------------------------------------------------------------------


def requantize_model(acc: np.ndarray, multiplier, shift) -> tuple[np.ndarray, bool]:
    """CMSIS-NN double rounding in exact integers, and whether the left shift leaves int32."""
    acc = np.asarray(acc, dtype=np.int64)
    multiplier = np.asarray(multiplier, dtype=np.int64)
    shift = np.asarray(shift, dtype=np.int64)
    left = np.maximum(shift, 0)
    right = np.maximum(-shift, 0)
    shifted = acc << left
    overflow = bool(np.any((shifted > 2**31 - 1) | (shifted < -(2**31))))
    high = (shifted * multiplier + (1 << 30)) >> 31
    mask = (np.int64(1) << right) - 1
    remainder = high & mask
    quotient = high >> right
    threshold = (mask >> 1) + (quotient < 0)
    return quotient + (remainder > threshold), overflow


def conv2d_accumulators(x_nhwc, w_ohwi, bias, stride, padding, dilation, input_offset, groups):
    """int64 accumulators [N, OH, OW, C_OUT] of a grouped, dilated convolution."""
    n, h, w, c_in = x_nhwc.shape
    c_out, kh, kw, cg = w_ohwi.shape
    sh, sw = stride
    ph, pw = padding
    dh, dw = dilation
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    xp = np.zeros((n, h + 2 * ph, w + 2 * pw, c_in), dtype=np.int64)
    # Padding holds the zero point, i.e. contributes (zp + offset) = 0 after the offset.
    xp[:, ph : ph + h, pw : pw + w, :] = x_nhwc.astype(np.int64) + input_offset
    acc = np.zeros((n, oh, ow, c_out), dtype=np.int64)
    opg = c_out // groups
    for ky in range(kh):
        for kx in range(kw):
            patch = xp[:, ky * dh : ky * dh + sh * (oh - 1) + 1 : sh, kx * dw : kx * dw + sw * (ow - 1) + 1 : sw, :]
            for g in range(groups):
                wg = w_ohwi[g * opg : (g + 1) * opg, ky, kx, :].astype(np.int64)  # [opg, cg]
                acc[..., g * opg : (g + 1) * opg] += patch[..., g * cg : (g + 1) * cg] @ wg.T
    if bias is not None:
        acc += bias.astype(np.int64)
    return acc


def depthwise_accumulators(x_nhwc, w_1hwo, bias, stride, padding, dilation, input_offset):
    c_in = x_nhwc.shape[3]
    # Depthwise = grouped convolution with one input channel per group.
    w_ohwi = np.transpose(w_1hwo, (3, 1, 2, 0))  # [C_OUT, KH, KW, 1]
    return conv2d_accumulators(x_nhwc, w_ohwi, bias, stride, padding, dilation, input_offset, c_in)


def transpose_conv_accumulators(x_nhwc, w_ohwi, bias, stride, padding, output_padding, dilation, input_offset):
    n, h, w, _ = x_nhwc.shape
    c_out, kh, kw, _ = w_ohwi.shape
    sh, sw = stride
    ph, pw = padding
    dh, dw = dilation
    oh = (h - 1) * sh - 2 * ph + dh * (kh - 1) + output_padding[0] + 1
    ow = (w - 1) * sw - 2 * pw + dw * (kw - 1) + output_padding[1] + 1
    full = np.zeros((n, (h - 1) * sh + dh * (kh - 1) + 1 + output_padding[0] + ph, (w - 1) * sw + dw * (kw - 1) + 1 + output_padding[1] + pw, c_out), dtype=np.int64)
    xo = x_nhwc.astype(np.int64) + input_offset
    for ky in range(kh):
        for kx in range(kw):
            contrib = xo @ w_ohwi[:, ky, kx, :].astype(np.int64).T  # [n, h, w, c_out]
            y0 = ky * dh
            x0 = kx * dw
            full[:, y0 : y0 + sh * (h - 1) + 1 : sh, x0 : x0 + sw * (w - 1) + 1 : sw, :] += contrib
    acc = full[:, ph : ph + oh, pw : pw + ow, :]
    if bias is not None:
        acc = acc + bias.astype(np.int64)
    return acc


def finish_model(acc, multipliers, shifts, output_offset, act_min, act_max):
    scaled, overflow = requantize_model(acc, multipliers, shifts)
    return np.clip(scaled + output_offset, act_min, act_max).astype(np.int8), overflow


def avg_pool_model(x_nhwc, kernel, stride, padding, ceil_mode):
    """CMSIS-NN average pooling: integer mean of the raw int8 window (padding not counted),
    rounded half away from zero. Returns (out, tie mask) where ties are exact .5 means."""
    n, h, w, c = x_nhwc.shape
    kh, kw = kernel
    sh, sw = stride
    ph, pw = padding

    def out_size(size, k, s, p):
        span = size + 2 * p - k
        if not ceil_mode:
            return span // s + 1
        o = -(-span // s) + 1
        if (o - 1) * s >= size + p:
            o -= 1
        return o

    oh, ow = out_size(h, kh, sh, ph), out_size(w, kw, sw, pw)
    out = np.zeros((n, oh, ow, c), dtype=np.int64)
    ties = np.zeros((n, oh, ow, c), dtype=bool)
    x = x_nhwc.astype(np.int64)
    for oy in range(oh):
        y0, y1 = max(oy * sh - ph, 0), min(oy * sh - ph + kh, h)
        for ox in range(ow):
            x0, x1 = max(ox * sw - pw, 0), min(ox * sw - pw + kw, w)
            count = (y1 - y0) * (x1 - x0)
            total = x[:, y0:y1, x0:x1, :].sum(axis=(1, 2))
            mean = np.where(total > 0, (total + count // 2) // count, -((-total + count // 2) // count))
            out[:, oy, ox, :] = mean
            ties[:, oy, ox, :] = (count % 2 == 0) & ((2 * total) % count == 0) & ((2 * total // count) % 2 != 0)
    return out.astype(np.int8), ties


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------


@dataclass
class KernelCase:
    """One kernel call and what it must produce."""

    op: str  # "cortex_m::quantized_add"
    args: list  # schema order, out last
    expected: torch.Tensor | None  # expected out (any layout); None when an error is expected
    oracle: str  # "reference", "integer-model" or "reference+integer-model"
    label: str
    expected_status: str = "CMOPS_OK"
    # Elements where the reference's result is not itself reproducible (softmax within float
    # rounding of a .5 boundary). Compared to the model there, reported separately.
    tie_band: torch.Tensor | None = None
    notes: dict = field(default_factory=dict)

    @property
    def out(self) -> torch.Tensor:
        return self.args[-1]


@dataclass
class Outcome:
    ok: bool
    message: str
    compared_bytes: int = 0
    tie_band_differences: int = 0


def compare_output(case: KernelCase, actual: torch.Tensor) -> Outcome:
    """Byte-for-byte comparison of `actual` with case.expected in actual's memory order."""
    expected = case.expected
    order = dim_order_of(actual)
    exp_mem = expected.permute(order).contiguous() if actual.dim() else expected.clone()
    act_mem = actual.permute(order).contiguous() if actual.dim() else actual.clone()
    want = exp_mem.numpy().tobytes()
    got = act_mem.numpy().tobytes()
    if want == got:
        return Outcome(True, "", len(got))
    a = np.frombuffer(got, dtype=np.uint8)
    b = np.frombuffer(want, dtype=np.uint8)
    differing = np.nonzero(a != b)[0]
    if case.tie_band is not None:
        band = case.tie_band.permute(order).contiguous().numpy().reshape(-1)
        item = actual.element_size()
        element_diff = np.unique(differing // item)
        elementwise = (act_mem.reshape(-1).to(torch.int64) - exp_mem.reshape(-1).to(torch.int64)).abs().numpy()
        if np.all(band[element_diff]) and np.all(elementwise[element_diff] <= 1):
            return Outcome(True, "", len(got), tie_band_differences=len(element_diff))
    first = int(differing[0])
    return Outcome(
        False,
        f"{case.label}: {len(differing)} of {len(got)} bytes differ; first at byte {first}: "
        f"got {a[first]:#04x}, expected {b[first]:#04x}",
        len(got),
    )


def clone_args(args: Sequence[Any]) -> list:
    """Copies of the tensor arguments (kernels may not write inputs, but a run must not be able
    to spoil the case for the next implementation)."""
    return [a.clone(memory_format=torch.preserve_format) if isinstance(a, torch.Tensor) else a for a in args]


def run_case(library: KernelLibrary, case: KernelCase) -> Outcome:
    args = clone_args(case.args)
    result = library.call(case.op, args)
    if case.expected_status != "CMOPS_OK":
        if result.status_name != case.expected_status:
            return Outcome(False, f"{case.label}: expected {case.expected_status}, got {result.status_name} ({result.detail})")
        if not result.detail:
            return Outcome(False, f"{case.label}: {result.status_name} without error_detail")
        return Outcome(True, "")
    if not result.ok:
        return Outcome(False, f"{case.label}: {result.status_name}: {result.detail}")
    return compare_output(case, args[-1])


# ---- helpers --------------------------------------------------------------------------------


def rng_for(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def int8_tensor(rng, shape, order=None, low=-128, high=127) -> torch.Tensor:
    data = torch.from_numpy(rng.integers(low, high + 1, size=shape, dtype=np.int64).astype(np.int8))
    if order is not None and len(shape) == len(order):
        data = data.permute(*order).contiguous().permute(*np.argsort(order).tolist())
    return data


def in_layout(t: torch.Tensor, order) -> torch.Tensor:
    """Same values, stored in dim order `order`."""
    if t.dim() == 0:
        return t.clone()
    return t.permute(*order).contiguous().permute(*np.argsort(order).tolist())


def realistic_requant(rng, accumulation_depth: int, channels: int) -> tuple[list[int], list[int]]:
    """Per-channel (multiplier, shift) for scales that map typical accumulators into int8."""
    typical = math.sqrt(max(accumulation_depth, 1)) * 74.0 * 74.0
    mults, shifts = [], []
    for _ in range(channels):
        m, s = quantize_multiplier(float(rng.uniform(0.3, 3.0)) * 64.0 / typical)
        mults.append(m)
        shifts.append(s)
    return mults, shifts


EXTREME_MULTIPLIERS = [2**31 - 1, 2**30, 2**30 + 1, 1, 12345, 1518500250, -(2**31) + 1, -(2**30)]
EXTREME_SHIFTS = [-31, -24, -12, -1, 0, 1, 2, 4]
# Left shifts large enough that typical accumulators leave int32: the kernel must refuse.
OVERFLOWING_SHIFTS = [13, 20, 31]


def extreme_requant(rng, channels: int) -> tuple[list[int], list[int]]:
    """Multipliers and shifts at the edges of the accepted range; in about a third of the
    draws some left shifts are big enough to overflow, which the kernel must reject."""
    shift_choices = EXTREME_SHIFTS + (OVERFLOWING_SHIFTS if rng.random() < 0.35 else [])
    mults = [int(rng.choice(EXTREME_MULTIPLIERS)) for _ in range(channels)]
    shifts = [int(rng.choice(shift_choices)) for _ in range(channels)]
    return mults, shifts


def activation_range(rng, full_probability=0.5) -> tuple[int, int]:
    if rng.random() < full_probability:
        return -128, 127
    lo = int(rng.integers(-128, 100))
    hi = int(rng.integers(lo, 128))
    return lo, hi


def scratch_tensor(size: int) -> torch.Tensor:
    return torch.zeros(max(int(size), 0), dtype=torch.uint8)


def _cmsis_sizes():
    """Arm's CMSIS-NN buffer-size functions (the exporter plans scratch with them)."""
    try:
        from executorch.backends.cortex_m.library import cmsis_nn

        return cmsis_nn
    except ImportError:  # pragma: no cover - exercised only without the pybind module
        return None


def planned_scratch(kind: str, **kwargs) -> torch.Tensor:
    """A scratch tensor of the size the exporter would plan (scalar backend), or 64 bytes."""
    cmsis_nn = _cmsis_sizes()
    size = 64
    if cmsis_nn is not None:
        backend = cmsis_nn.Backend.SCALAR
        data_type = cmsis_nn.DataType.A8W8
        size = int(getattr(cmsis_nn, kind)(backend, data_type, **kwargs))
    return scratch_tensor(size)


def requant_outcome(op, label, args, expected_ref, overflow, oracle):
    """A case expecting CMOPS_ERR_PARAM when the requantization overflows, else the bytes."""
    if overflow:
        return KernelCase(op, args, None, "integer-model", label + " [left shift overflows int32]", expected_status="CMOPS_ERR_PARAM")
    return KernelCase(op, args, expected_ref() if callable(expected_ref) else expected_ref, oracle, label)


# ---- convolution family ---------------------------------------------------------------------


def conv2d_case(seed, *, n=1, c_in=3, h=5, w=5, c_out=4, kh=3, kw=3, stride=(1, 1), padding=(0, 0),
                dilation=(1, 1), groups=1, bias=True, nhwc=False, extreme=False) -> KernelCase:
    rng = rng_for(seed)
    op = "cortex_m::quantized_conv2d_nhwc" if nhwc else "cortex_m::quantized_conv2d"
    x_nhwc = rng.integers(-128, 128, size=(n, h, w, c_in)).astype(np.int8)
    wt = rng.integers(-128, 128, size=(c_out, kh, kw, c_in // groups)).astype(np.int8)
    b = rng.integers(-(2**15), 2**15, size=(c_out,)).astype(np.int32) if bias else None
    input_offset = int(rng.integers(-127, 129))
    output_offset = int(rng.integers(-128, 128))
    mults, shifts = extreme_requant(rng, c_out) if extreme else realistic_requant(rng, kh * kw * c_in // groups, c_out)
    act_min, act_max = activation_range(rng)
    acc = conv2d_accumulators(x_nhwc, wt, b, stride, padding, dilation, input_offset, groups)
    model, overflow = finish_model(acc, mults, shifts, output_offset, act_min, act_max)
    oh, ow = model.shape[1:3]

    x_t = torch.from_numpy(x_nhwc)
    if nhwc:
        x_arg = x_t.contiguous()
        out = empty_like_layout((n, oh, ow, c_out), torch.int8, CONTIGUOUS4)
    else:
        x_arg = in_layout(x_t.permute(0, 3, 1, 2), CHANNELS_LAST)
        out = empty_like_layout((n, c_out, oh, ow), torch.int8, CHANNELS_LAST)
    w_t = torch.from_numpy(wt)
    b_t = torch.from_numpy(b) if b is not None else None
    m_t = torch.tensor(mults, dtype=torch.int32)
    s_t = torch.tensor(shifts, dtype=torch.int32)
    scratch = planned_scratch(
        "convolve_wrapper_buffer_size", input_nhwc=[n, h, w, c_in], filter_nhwc=list(wt.shape),
        output_nhwc=[n, oh, ow, c_out], padding_hw=list(padding), stride_hw=list(stride),
        dilation_hw=list(dilation), input_offset=input_offset, output_offset=output_offset,
        activation_min=act_min, activation_max=act_max)
    args = [x_arg, w_t, b_t, list(stride), list(padding), list(dilation), input_offset, output_offset,
            m_t, s_t, act_min, act_max, scratch, out]
    label = (f"{op.split('::')[1]} seed={seed} n={n} cin={c_in} {h}x{w} cout={c_out} k={kh}x{kw} s={stride} "
             f"p={padding} d={dilation} g={groups} bias={bias} extreme={extreme}")
    model_t = torch.from_numpy(model)
    model_out = model_t if nhwc else model_t.permute(0, 3, 1, 2)
    if tuple(dilation) != (1, 1):
        # The reference cannot run dilated integer convolutions (slow_conv_dilated has no Int
        # kernel): the integer model is the oracle.
        return requant_outcome(op, label, args, model_out, overflow, "integer-model")

    def reference():
        ops = reference_ops()
        fn = ops.quantized_conv2d_nhwc if nhwc else ops.quantized_conv2d
        ref = fn(*args[:-1])
        if not torch.equal(ref, model_out):
            raise AssertionError(f"{label}: the integer model disagrees with the reference")
        return ref

    return requant_outcome(op, label, args, reference, overflow, "reference+integer-model")


def depthwise_case(seed, *, n=1, c_in=3, h=5, w=5, mult=1, kh=3, kw=3, stride=(1, 1), padding=(0, 0),
                   dilation=(1, 1), bias=True, nhwc=False, extreme=False) -> KernelCase:
    rng = rng_for(seed)
    op = "cortex_m::quantized_depthwise_conv2d_nhwc" if nhwc else "cortex_m::quantized_depthwise_conv2d"
    c_out = c_in * mult
    x_nhwc = rng.integers(-128, 128, size=(n, h, w, c_in)).astype(np.int8)
    wt = rng.integers(-128, 128, size=(1, kh, kw, c_out)).astype(np.int8)
    b = rng.integers(-(2**15), 2**15, size=(c_out,)).astype(np.int32) if bias else None
    input_offset = int(rng.integers(-127, 129))
    output_offset = int(rng.integers(-128, 128))
    mults, shifts = extreme_requant(rng, c_out) if extreme else realistic_requant(rng, kh * kw, c_out)
    act_min, act_max = activation_range(rng)
    acc = depthwise_accumulators(x_nhwc, wt, b, stride, padding, dilation, input_offset)
    model, overflow = finish_model(acc, mults, shifts, output_offset, act_min, act_max)
    oh, ow = model.shape[1:3]
    x_t = torch.from_numpy(x_nhwc)
    if nhwc:
        x_arg = x_t.contiguous()
        out = empty_like_layout((n, oh, ow, c_out), torch.int8, CONTIGUOUS4)
    else:
        x_arg = in_layout(x_t.permute(0, 3, 1, 2), CHANNELS_LAST)
        out = empty_like_layout((n, c_out, oh, ow), torch.int8, CHANNELS_LAST)
    scratch = planned_scratch(
        "depthwise_conv_wrapper_buffer_size", input_nhwc=[n, h, w, c_in], filter_nhwc=[c_out, kh, kw, 1],
        output_nhwc=[n, oh, ow, c_out], padding_hw=list(padding), stride_hw=list(stride),
        dilation_hw=list(dilation), ch_mult=mult, input_offset=input_offset, output_offset=output_offset,
        activation_min=act_min, activation_max=act_max)
    args = [x_arg, torch.from_numpy(wt), torch.from_numpy(b) if b is not None else None, list(stride),
            list(padding), list(dilation), mult, input_offset, output_offset,
            torch.tensor(mults, dtype=torch.int32), torch.tensor(shifts, dtype=torch.int32), act_min, act_max,
            scratch, out]
    label = (f"{op.split('::')[1]} seed={seed} n={n} cin={c_in} mult={mult} {h}x{w} k={kh}x{kw} s={stride} "
             f"p={padding} d={dilation} bias={bias} extreme={extreme}")
    model_t = torch.from_numpy(model)
    model_out = model_t if nhwc else model_t.permute(0, 3, 1, 2)
    if tuple(dilation) != (1, 1):
        return requant_outcome(op, label, args, model_out, overflow, "integer-model")

    def reference():
        ops = reference_ops()
        fn = ops.quantized_depthwise_conv2d_nhwc if nhwc else ops.quantized_depthwise_conv2d
        ref = fn(*args[:-1])
        if not torch.equal(ref, model_out):
            raise AssertionError(f"{label}: the integer model disagrees with the reference")
        return ref

    return requant_outcome(op, label, args, reference, overflow, "reference+integer-model")


def transpose_conv_case(seed, *, n=1, c_in=3, h=4, w=4, c_out=4, kh=3, kw=3, stride=(2, 2), padding=(0, 0),
                        output_padding=(0, 0), dilation=(1, 1), bias=True, nhwc=False, extreme=False) -> KernelCase:
    rng = rng_for(seed)
    op = "cortex_m::quantized_transpose_conv2d_nhwc" if nhwc else "cortex_m::quantized_transpose_conv2d"
    x_nhwc = rng.integers(-128, 128, size=(n, h, w, c_in)).astype(np.int8)
    wt = rng.integers(-128, 128, size=(c_out, kh, kw, c_in)).astype(np.int8)
    b = rng.integers(-(2**15), 2**15, size=(c_out,)).astype(np.int32) if bias else None
    input_offset = int(rng.integers(-127, 129))
    output_offset = int(rng.integers(-128, 128))
    mults, shifts = extreme_requant(rng, c_out) if extreme else realistic_requant(rng, kh * kw * c_in, c_out)
    act_min, act_max = activation_range(rng)
    acc = transpose_conv_accumulators(x_nhwc, wt, b, stride, padding, output_padding, dilation, input_offset)
    model, overflow = finish_model(acc, mults, shifts, output_offset, act_min, act_max)
    oh, ow = model.shape[1:3]
    x_t = torch.from_numpy(x_nhwc)
    if nhwc:
        x_arg = x_t.contiguous()
        out = empty_like_layout((n, oh, ow, c_out), torch.int8, CONTIGUOUS4)
    else:
        x_arg = in_layout(x_t.permute(0, 3, 1, 2), CHANNELS_LAST)
        out = empty_like_layout((n, c_out, oh, ow), torch.int8, CHANNELS_LAST)
    args = [x_arg, torch.from_numpy(wt), torch.from_numpy(b) if b is not None else None, list(stride),
            list(padding), list(output_padding), list(dilation), input_offset, output_offset,
            torch.tensor(mults, dtype=torch.int32), torch.tensor(shifts, dtype=torch.int32), act_min, act_max,
            scratch_tensor(32), scratch_tensor(32), out]
    label = (f"{op.split('::')[1]} seed={seed} n={n} cin={c_in} {h}x{w} cout={c_out} k={kh}x{kw} s={stride} "
             f"p={padding} op={output_padding} d={dilation} bias={bias} extreme={extreme}")
    model_t = torch.from_numpy(model)
    model_out = model_t if nhwc else model_t.permute(0, 3, 1, 2)
    # The reference convolves in float32: exact while every partial sum stays below 2^24.
    exact_in_float = int(np.abs(acc).max(initial=0)) + (2**15) * 2 < 2**24

    def reference():
        ops = reference_ops()
        fn = ops.quantized_transpose_conv2d_nhwc if nhwc else ops.quantized_transpose_conv2d
        ref = fn(*args[:-1])
        if exact_in_float and not torch.equal(ref, model_out):
            raise AssertionError(f"{label}: the integer model disagrees with the reference")
        return ref

    return requant_outcome(op, label, args, reference if exact_in_float else model_out, overflow,
                           "reference+integer-model" if exact_in_float else "integer-model")


# ---- pooling --------------------------------------------------------------------------------


def avg_pool_case(seed, *, n=1, c=3, h=6, w=6, kernel=(2, 2), stride=(2, 2), padding=(0, 0),
                  ceil_mode=False, nhwc=False, narrow=False) -> KernelCase:
    """Checked against the CMSIS-NN integer model everywhere, and against the reference at
    every element that is not an exact .5 tie (where the two differ by design)."""
    rng = rng_for(seed)
    op = "cortex_m::quantized_avg_pool2d_nhwc" if nhwc else "cortex_m::quantized_avg_pool2d"
    # narrow: few distinct values, which makes exact .5 ties common.
    x_nhwc = (rng.integers(-3, 4, size=(n, h, w, c)) if narrow else rng.integers(-128, 128, size=(n, h, w, c))).astype(np.int8)
    zero_point = int(rng.integers(-128, 128))
    in_scale = float(rng.uniform(0.005, 0.2))
    mult, shift = quantize_multiplier(in_scale)
    model, ties = avg_pool_model(x_nhwc, kernel, stride, padding, ceil_mode)
    oh, ow = model.shape[1:3]
    x_t = torch.from_numpy(x_nhwc)
    if nhwc:
        x_arg = x_t.contiguous()
        out = empty_like_layout((n, oh, ow, c), torch.int8, CONTIGUOUS4)
        to_out = lambda t: t
    else:
        x_arg = in_layout(x_t.permute(0, 3, 1, 2), CHANNELS_LAST)
        out = empty_like_layout((n, c, oh, ow), torch.int8, CHANNELS_LAST)
        to_out = lambda t: t.permute(0, 3, 1, 2)
    scratch = planned_scratch("avgpool_buffer_size", dim_dst_width=ow, ch_src=c)
    args = [x_arg, list(kernel), list(stride), list(padding), ceil_mode, zero_point, mult, shift, scratch, out]
    label = f"{op.split('::')[1]} seed={seed} n={n} c={c} {h}x{w} k={kernel} s={stride} p={padding} ceil={ceil_mode}"
    ops = reference_ops()
    fn = ops.quantized_avg_pool2d_nhwc if nhwc else ops.quantized_avg_pool2d
    ref = fn(*args[:-1])
    model_out = to_out(torch.from_numpy(model))
    tie_out = to_out(torch.from_numpy(ties))
    agree = torch.equal(ref[~tie_out], model_out[~tie_out])
    if not agree:
        raise AssertionError(f"{label}: reference and integer model disagree away from .5 ties")
    case = KernelCase(op, args, model_out, "integer-model (CMSIS ties) + reference elsewhere", label)
    case.notes["ties"] = int(tie_out.sum())
    case.notes["ties_where_reference_differs"] = int((ref[tie_out] != model_out[tie_out]).sum())
    return case


def max_pool_case(seed, *, n=1, c=3, h=6, w=6, kernel=(2, 2), stride=(2, 2), padding=(0, 0), nhwc=False) -> KernelCase:
    rng = rng_for(seed)
    op = "cortex_m::quantized_max_pool2d_nhwc" if nhwc else "cortex_m::quantized_max_pool2d"
    x_nhwc = rng.integers(-128, 128, size=(n, h, w, c)).astype(np.int8)
    zero_point = int(rng.integers(-128, 128))
    act_min, act_max = activation_range(rng)
    oh = (h + 2 * padding[0] - kernel[0]) // stride[0] + 1
    ow = (w + 2 * padding[1] - kernel[1]) // stride[1] + 1
    x_t = torch.from_numpy(x_nhwc)
    if nhwc:
        x_arg = x_t.contiguous()
        out = empty_like_layout((n, oh, ow, c), torch.int8, CONTIGUOUS4)
    else:
        x_arg = in_layout(x_t.permute(0, 3, 1, 2), CHANNELS_LAST)
        out = empty_like_layout((n, c, oh, ow), torch.int8, CHANNELS_LAST)
    args = [x_arg, list(kernel), list(stride), list(padding), [1, 1], False, zero_point, zero_point, act_min, act_max, out]
    label = f"{op.split('::')[1]} seed={seed} n={n} c={c} {h}x{w} k={kernel} s={stride} p={padding} act=({act_min},{act_max})"
    ops = reference_ops()
    fn = ops.quantized_max_pool2d_nhwc if nhwc else ops.quantized_max_pool2d
    return KernelCase(op, args, fn(*args[:-1]), "reference", label)


# ---- elementwise ----------------------------------------------------------------------------


def _layout_pair(rng, shape):
    """A random dim order for a tensor of `shape` (channels-last or contiguous for 4-D)."""
    if len(shape) == 4 and rng.random() < 0.5:
        return CHANNELS_LAST
    return tuple(range(len(shape)))


def _broadcast_shapes(rng, rank, max_size=7, broadcast="none"):
    shape = [int(rng.integers(1, max_size + 1)) for _ in range(rank)]
    if broadcast == "channel" and rank == 4:
        return shape, [1, shape[1], 1, 1]
    if broadcast == "scalar":
        return shape, [1] * rank
    if broadcast == "general":
        other = [s if rng.random() < 0.5 else 1 for s in shape]
        return shape, other
    return shape, list(shape)


def add_case(seed, *, rank=4, broadcast="none", swap=False, extreme=False) -> KernelCase:
    rng = rng_for(seed)
    shape_a, shape_b = _broadcast_shapes(rng, rank, broadcast=broadcast)
    if swap:
        shape_a, shape_b = shape_b, shape_a
    # The reference takes per-channel broadcasts only between channels-last tensors.
    order = CHANNELS_LAST if broadcast == "channel" else _layout_pair(rng, shape_a)
    a = in_layout(int8_tensor(rng, shape_a), order)
    b = in_layout(int8_tensor(rng, shape_b), order)
    zp_a, zp_b, zp_o = (int(v) for v in rng.integers(-128, 128, size=3))
    s_a, s_b, s_o = (float(v) for v in np.exp(rng.uniform(np.log(0.002), np.log(0.5), size=3)))
    coefficient = -1 if rng.random() < 0.25 else 1  # sub is add with a negated second multiplier
    max2 = 2 * max(s_a, s_b)
    m_a, sh_a = quantize_multiplier(s_a / max2)
    m_b, sh_b = quantize_multiplier(s_b / max2)
    m_b *= coefficient
    m_o, sh_o = quantize_multiplier(max2 / (s_o * (1 << 20)))
    if extreme:
        m_a, m_b, m_o = (int(rng.choice(EXTREME_MULTIPLIERS)) for _ in range(3))
        sh_a, sh_b = (int(rng.choice([-31, -8, -1, 0, 1, 2])) for _ in range(2))
        sh_o = int(rng.choice([-31, -24, -20, -12, 0, 1, 3]))
    act_min, act_max = activation_range(rng)
    out_shape = list(torch.broadcast_shapes(a.shape, b.shape))
    out = empty_like_layout(out_shape, torch.int8, order)
    args = [a, zp_a, m_a, sh_a, b, zp_b, m_b, sh_b, zp_o, m_o, sh_o, act_min, act_max, out]
    label = f"quantized_add seed={seed} {shape_a}+{shape_b} order={order} extreme={extreme}"
    # Overflow check with the integer model of CMSIS-NN's add.
    ab = np.broadcast_arrays(a.numpy().astype(np.int64), b.numpy().astype(np.int64))
    ra, ova = requantize_model((ab[0] - zp_a) << 20, m_a, sh_a)
    rb, ovb = requantize_model((ab[1] - zp_b) << 20, m_b, sh_b)
    total = ra + rb
    ov_sum = bool(np.any((total > 2**31 - 1) | (total < -(2**31))))
    _, ovo = requantize_model(total, m_o, sh_o)
    overflow = ova or ovb or ov_sum or ovo
    return requant_outcome("cortex_m::quantized_add", label, args,
                           lambda: reference_ops().quantized_add(*args[:-1]), overflow, "reference")


def mul_case(seed, *, rank=4, broadcast="none", swap=False, extreme=False,
             wide_zero_points=False) -> KernelCase:
    rng = rng_for(seed)
    shape_a, shape_b = _broadcast_shapes(rng, rank, broadcast=broadcast)
    if swap:
        shape_a, shape_b = shape_b, shape_a
    order = CHANNELS_LAST if broadcast == "channel" else _layout_pair(rng, shape_a)
    a = in_layout(int8_tensor(rng, shape_a), order)
    b = in_layout(int8_tensor(rng, shape_b), order)
    zp_a, zp_b, zp_o = (int(v) for v in rng.integers(-128, 128, size=3))
    if wide_zero_points:
        # The export emits zero points outside int8 for constants (mv3s: -922).
        zp_a, zp_b = (int(v) for v in rng.integers(-32768, 32768, size=2))
        if rng.random() < 0.5:
            zp_b = int(rng.integers(-1024, 1025))
    if extreme:
        m_o, sh_o = int(rng.choice(EXTREME_MULTIPLIERS)), int(rng.choice([-31, -20, -8, 0, 1, 5, 12, 17, 20]))
    else:
        m_o, sh_o = quantize_multiplier(float(np.exp(rng.uniform(np.log(1e-4), np.log(0.02)))))
    out = empty_like_layout(list(torch.broadcast_shapes(a.shape, b.shape)), torch.int8, order)
    args = [a, zp_a, b, zp_b, zp_o, m_o, sh_o, out]
    label = (f"quantized_mul seed={seed} {shape_a}*{shape_b} order={order} extreme={extreme} "
             f"zero points {zp_a}/{zp_b}")
    ab = np.broadcast_arrays(a.numpy().astype(np.int64), b.numpy().astype(np.int64))
    _, overflow = requantize_model((ab[0] - zp_a) * (ab[1] - zp_b), m_o, sh_o)
    return requant_outcome("cortex_m::quantized_mul", label, args,
                           lambda: reference_ops().quantized_mul(*args[:-1]), overflow, "reference")


def div_case(seed, *, rank=3, dtype=torch.int8) -> KernelCase:
    rng = rng_for(seed)
    shape = [int(rng.integers(1, 8)) for _ in range(rank)]
    order = _layout_pair(rng, shape)
    info = torch.iinfo(dtype)
    lo, hi = info.min, info.max
    a = in_layout(torch.from_numpy(rng.integers(lo, hi + 1, size=shape)).to(dtype), order)
    b = in_layout(torch.from_numpy(rng.integers(lo, hi + 1, size=shape)).to(dtype), order)
    zp_a, zp_b, zp_o = (int(v) for v in rng.integers(max(lo, -128), min(hi, 127) + 1, size=3))
    # Hit the zero-divisor rule on purpose now and then.
    if rng.random() < 0.5:
        b[(0,) * b.dim()] = zp_b
    scale = float(np.exp(rng.uniform(np.log(0.01), np.log(100.0))))
    out = empty_like_layout(shape, dtype, order)
    args = [a, zp_a, b, zp_b, zp_o, scale, out]
    return KernelCase("cortex_m::quantized_div", args, reference_ops().quantized_div(*args[:-1]), "reference",
                      f"quantized_div seed={seed} {shape} {dtype} order={order}")


def activation_case(seed, *, rank=3) -> KernelCase:
    rng = rng_for(seed)
    shape = [int(rng.integers(1, 9)) for _ in range(rank)]
    order = _layout_pair(rng, shape)
    x = in_layout(int8_tensor(rng, shape), order)
    # A real table: sigmoid between random input/output quantizations, as the exporter builds.
    from executorch.backends.cortex_m.passes.passes_utils import build_activation_lut
    from executorch.exir.dialects._ops import ops as exir_ops

    target = [exir_ops.edge.aten.sigmoid.default, exir_ops.edge.aten.tanh.default,
              exir_ops.edge.aten.silu.default][int(rng.integers(0, 3))]
    lut = build_activation_lut(target, float(rng.uniform(0.01, 0.1)), int(rng.integers(-128, 128)),
                               float(rng.uniform(0.004, 0.02)), int(rng.integers(-128, 128)))
    out = empty_like_layout(shape, torch.int8, order)
    args = [x, lut, out]
    return KernelCase("cortex_m::quantized_activation", args, reference_ops().quantized_activation(x, lut),
                      "reference", f"quantized_activation seed={seed} {shape} {target}")


def min_max_case(seed, *, which="minimum", rank=3, broadcast="none", dtype=torch.int8) -> KernelCase:
    rng = rng_for(seed)
    shape_a, shape_b = _broadcast_shapes(rng, rank, broadcast=broadcast)
    if rng.random() < 0.3:
        shape_a, shape_b = shape_b, shape_a
    if broadcast == "rank" and rank > 1:
        shape_b = shape_a[1:]
    order = _layout_pair(rng, list(torch.broadcast_shapes(tuple(shape_a), tuple(shape_b))))
    info = torch.iinfo(dtype)
    lo, hi = (info.min, info.max) if dtype == torch.int8 else (-(2**31), 2**31 - 1)
    a = torch.from_numpy(rng.integers(lo, hi + 1, size=shape_a, dtype=np.int64)).to(dtype)
    b = torch.from_numpy(rng.integers(lo, hi + 1, size=shape_b, dtype=np.int64)).to(dtype)
    out_shape = list(torch.broadcast_shapes(a.shape, b.shape))
    if len(shape_a) == len(order):
        a = in_layout(a, order)
    if len(shape_b) == len(order):
        b = in_layout(b, order)
    out = empty_like_layout(out_shape, dtype, order)
    fn = getattr(reference_ops(), which)
    args = [a, b, out]
    return KernelCase(f"cortex_m::{which}", args, fn(a, b), "reference",
                      f"{which} seed={seed} {shape_a} vs {shape_b} {dtype} order={order}")


# ---- quantize / dequantize ------------------------------------------------------------------


def quantize_case(seed, *, rank=3, dtype=torch.int8, hard_scale=False) -> KernelCase:
    rng = rng_for(seed)
    shape = [int(rng.integers(1, 9)) for _ in range(rank)]
    order = _layout_pair(rng, shape)
    scale = float(np.exp(rng.uniform(np.log(1e-3), np.log(1.0))))
    if hard_scale:
        # Scales where 1.0f / (float)scale and (float)(1.0 / scale) differ.
        while np.float32(1.0) / np.float32(scale) == np.float32(1.0 / scale):
            scale = float(np.exp(rng.uniform(np.log(1e-3), np.log(1.0))))
    info = torch.iinfo(dtype)
    zp = int(rng.integers(max(info.min, -128), min(info.max, 127) + 1))
    qmin, qmax = info.min, info.max
    if rng.random() < 0.3:
        qmin = int(rng.integers(info.min, info.min + 20))
        qmax = int(rng.integers(info.max - 20, info.max + 1))
    x = torch.from_numpy(rng.normal(0, 1, size=shape).astype(np.float32)) * float(scale * 60)
    # Exact .5 points in the scaled domain exercise round-half-even.
    flat = x.view(-1)
    for i in range(0, flat.numel(), 3):
        flat[i] = float((int(rng.integers(-150, 150)) + 0.5) * scale)
    x = in_layout(x, order)
    out = empty_like_layout(shape, dtype, order)
    args = [x, scale, zp, qmin, qmax, dtype, out]
    ref = reference_ops().quantize_per_tensor(x, scale, zp, qmin, qmax, dtype)
    return KernelCase("cortex_m::quantize_per_tensor", args, ref, "reference",
                      f"quantize_per_tensor seed={seed} {shape} {dtype} scale={scale!r}")


def dequantize_case(seed, *, rank=3, dtype=torch.int8) -> KernelCase:
    rng = rng_for(seed)
    shape = [int(rng.integers(1, 9)) for _ in range(rank)]
    order = _layout_pair(rng, shape)
    info = torch.iinfo(dtype)
    x = in_layout(torch.from_numpy(rng.integers(info.min, info.max + 1, size=shape)).to(dtype), order)
    scale = float(np.exp(rng.uniform(np.log(1e-4), np.log(1.0))))
    zp = int(rng.integers(max(info.min, -128), min(info.max, 127) + 1))
    out = empty_like_layout(shape, torch.float32, order)
    args = [x, scale, zp, info.min, info.max, dtype, out]
    ref = reference_ops().dequantize_per_tensor(x, scale, zp, info.min, info.max, dtype)
    return KernelCase("cortex_m::dequantize_per_tensor", args, ref, "reference",
                      f"dequantize_per_tensor seed={seed} {shape} {dtype}")


# ---- linear / batch matmul ------------------------------------------------------------------


def linear_case(seed, *, batch_shape=(2,), depth=16, features=5, form="bias", extreme=False) -> KernelCase:
    """form: "bias" (DSP/scalar programs), "kernel_sum" (MVE programs), or "none"."""
    rng = rng_for(seed)
    x = int8_tensor(rng, (*batch_shape, depth))
    wt = int8_tensor(rng, (features, depth))
    bias = torch.from_numpy(rng.integers(-(2**15), 2**15, size=(features,)).astype(np.int32))
    input_zp = int(rng.integers(-128, 128))
    filter_offset = 0 if rng.random() < 0.7 else int(rng.integers(-127, 129))
    input_offset = -input_zp
    output_offset = int(rng.integers(-128, 128))
    if extreme:
        mults, shifts = extreme_requant(rng, 1)
    else:
        mults, shifts = realistic_requant(rng, depth, 1)
    act_min, act_max = activation_range(rng)
    kernel_sum = None
    bias_arg = None
    if form == "kernel_sum":
        w32 = wt.to(torch.int32) + filter_offset
        kernel_sum = (w32.T.sum(dim=0, keepdim=True, dtype=torch.int32) * input_offset + bias).to(torch.int32)
    elif form == "bias":
        bias_arg = bias
    out = empty_like_layout((*batch_shape, features), torch.int8, tuple(range(len(batch_shape) + 1)))
    args = [x, wt, bias_arg, kernel_sum, input_offset, filter_offset, output_offset, mults, shifts, act_max, act_min, out]
    label = f"quantized_linear seed={seed} {tuple(x.shape)}x{tuple(wt.shape)} form={form} extreme={extreme}"
    xs = x.numpy().reshape(-1, depth).astype(np.int64)
    ws = wt.numpy().astype(np.int64)
    if form == "kernel_sum":
        acc = xs @ ws.T + filter_offset * xs.sum(axis=1, keepdims=True) + kernel_sum.numpy().astype(np.int64)
    else:
        acc = (xs + input_offset) @ (ws + filter_offset).T + (bias.numpy() if form == "bias" else 0)
    _, overflow = requantize_model(acc, mults[0], shifts[0])
    return requant_outcome("cortex_m::quantized_linear", label, args,
                           lambda: reference_ops().quantized_linear(*args[:-1]), overflow, "reference")


def batch_matmul_case(seed, *, batch=2, rows=3, depth=8, cols=4, extreme=False) -> KernelCase:
    rng = rng_for(seed)
    lhs = int8_tensor(rng, (batch, rows, depth))
    rhs = int8_tensor(rng, (batch, cols, depth))
    lhs_off = int(rng.integers(-127, 129))
    rhs_off = int(rng.integers(-127, 129))
    out_zp = int(rng.integers(-128, 128))
    if extreme:
        (m,), (s,) = extreme_requant(rng, 1)
    else:
        (m,), (s,) = realistic_requant(rng, depth * 4, 1)
    scratch = planned_scratch("fully_connected_buffer_size", filter_nhwc=[depth, -1, -1, cols])
    out = empty_like_layout((batch, rows, cols), torch.int8, (0, 1, 2))
    args = [lhs, lhs_off, rhs, rhs_off, out_zp, m, s, scratch, out]
    acc = np.einsum("brk,bck->brc", lhs.numpy().astype(np.int64) + lhs_off, rhs.numpy().astype(np.int64) + rhs_off)
    _, overflow = requantize_model(acc, m, s)
    label = f"quantized_batch_matmul seed={seed} [{batch},{rows},{depth}]x[{batch},{cols},{depth}] extreme={extreme}"
    return requant_outcome("cortex_m::quantized_batch_matmul", label, args,
                           lambda: reference_ops().quantized_batch_matmul(*args[:-1]), overflow, "reference")


# ---- softmax --------------------------------------------------------------------------------


def softmax_case(seed, *, shape=(4, 8), dim=-1, channels_last=False) -> KernelCase:
    rng = rng_for(seed)
    order = CHANNELS_LAST if channels_last else tuple(range(len(shape)))
    x = in_layout(int8_tensor(rng, shape), order)
    input_zp = int(rng.integers(-128, 128))
    input_scale = float(np.exp(rng.uniform(np.log(0.005), np.log(0.5))))
    real = min(input_scale * (1 << 26), float((1 << 31) - 1))
    mult, shift = quantize_multiplier(real)
    diff_min = -math.floor(31 * math.ldexp(1.0, 26) / math.ldexp(1.0, shift))
    out = empty_like_layout(list(shape), torch.int8, order)
    args = [x, dim, input_zp, -128, mult, shift, diff_min, out]
    ref = reference_ops().softmax(*args[:-1])
    # Elements whose exact value lies within float rounding of a .5 boundary.
    scale32 = np.float32(float(mult) / float(1 << 31) * 2.0**shift / float(1 << 26))
    xf = ((x.numpy().astype(np.int32) - input_zp).astype(np.float32) * scale32).astype(np.float64)
    xf = xf - xf.max(axis=dim, keepdims=True)
    p = np.exp(xf) / np.exp(xf).sum(axis=dim, keepdims=True)
    frac = (p * 256.0) % 1.0
    band = torch.from_numpy(np.abs(frac - 0.5) < 1e-4)
    return KernelCase("cortex_m::softmax", args, ref, "reference",
                      f"softmax seed={seed} {shape} dim={dim} channels_last={channels_last}", tie_band=band)


# ---- data movement --------------------------------------------------------------------------


def transpose_case(seed, *, shape=(2, 3, 4), perm=(2, 0, 1), in_order=None, out_order=None) -> KernelCase:
    rng = rng_for(seed)
    x = int8_tensor(rng, shape)
    if in_order is not None:
        x = in_layout(x, in_order)
    out_shape = [shape[p] for p in perm]
    out = empty_like_layout(out_shape, torch.int8, out_order or tuple(range(len(shape))))
    args = [x, list(perm), out]
    return KernelCase("cortex_m::transpose", args, reference_ops().transpose(x, list(perm)), "reference",
                      f"transpose seed={seed} {shape} perm={perm} in={in_order} out={out_order}")


def pad_case(seed, *, shape=(1, 3, 4, 5), channels_last=False, max_pad=3) -> KernelCase:
    rng = rng_for(seed)
    rank = len(shape)
    order = CHANNELS_LAST if (channels_last and rank == 4) else tuple(range(rank))
    x = in_layout(int8_tensor(rng, shape), order)
    pre = [0] * 4
    post = [0] * 4
    for i in range(4 - rank, 4):
        pre[i] = int(rng.integers(0, max_pad + 1))
        post[i] = int(rng.integers(0, max_pad + 1))
    pad_value = int(rng.integers(-128, 128))
    ref = reference_ops().pad(x, pre, post, pad_value)
    out = empty_like_layout(list(ref.shape), torch.int8, order)
    args = [x, pre, post, pad_value, out]
    return KernelCase("cortex_m::pad", args, ref, "reference",
                      f"pad seed={seed} {shape} order={order} pre={pre} post={post}")


# --------------------------------------------------------------------------------------------
# Dumping cases for other runners (firmware)
# --------------------------------------------------------------------------------------------


def dump_cases(cases: Sequence[KernelCase], directory: str) -> str:
    """Writes cases as a JSON manifest plus one raw file per tensor (bytes in memory order).

    A firmware runner can rebuild each cmops_value from the manifest (dtype code, sizes,
    dim_order, file) and compare its out bytes with `expected`.
    """
    from cmops_ctypes import DTYPE_CODES

    os.makedirs(directory, exist_ok=True)
    manifest = []
    def tensor_entry(index: int, name: str, t: torch.Tensor) -> dict:
        path = f"case{index:05d}_{name}.bin"
        with open(os.path.join(directory, path), "wb") as f:
            f.write(memory_bytes(t))
        return {"kind": "tensor", "dtype": DTYPE_CODES[t.dtype], "sizes": list(t.shape),
                "dim_order": list(dim_order_of(t)), "file": path}

    for index, case in enumerate(cases):
        entries = []
        for i, arg in enumerate(case.args):
            if isinstance(arg, torch.Tensor):
                entries.append(tensor_entry(index, f"arg{i}", arg))
            elif arg is None:
                entries.append({"kind": "none"})
            elif isinstance(arg, bool):
                entries.append({"kind": "bool", "value": arg})
            elif isinstance(arg, int):
                entries.append({"kind": "int", "value": arg})
            elif isinstance(arg, (float, Float)):
                entries.append({"kind": "double", "value": float(arg.value if isinstance(arg, Float) else arg)})
            elif isinstance(arg, torch.dtype):
                entries.append({"kind": "int", "value": DTYPE_CODES[arg]})
            else:
                entries.append({"kind": "int_list", "value": [int(v) for v in arg]})
        record = {"op": case.op, "label": case.label, "oracle": case.oracle, "args": entries,
                  "expected_status": case.expected_status}
        if case.expected is not None:
            out = case.out
            expected = in_layout(case.expected, dim_order_of(out)) if case.expected.dim() == out.dim() else case.expected
            record["expected"] = tensor_entry(index, "expected", expected)
        manifest.append(record)
    path = os.path.join(directory, "cases.json")
    with open(path, "w") as f:
        json.dump(manifest, f, indent=1)
    return path


# --------------------------------------------------------------------------------------------
# A fixed corpus, for runners outside pytest
# --------------------------------------------------------------------------------------------

CORPUS_BUILDERS: dict[str, Callable[[int], KernelCase]] = {
    "quantize_per_tensor": lambda seed: quantize_case(seed, rank=1 + seed % 4),
    "dequantize_per_tensor": lambda seed: dequantize_case(seed, rank=1 + seed % 4),
    "quantized_add": lambda seed: add_case(seed, rank=4, broadcast="channel" if seed % 3 == 0 else "none"),
    "quantized_mul": lambda seed: mul_case(seed, rank=1 + seed % 4),
    "quantized_div": lambda seed: div_case(seed),
    "quantized_activation": lambda seed: activation_case(seed),
    "minimum": lambda seed: min_max_case(seed, which="minimum", broadcast="general"),
    "maximum": lambda seed: min_max_case(seed, which="maximum", broadcast="scalar"),
    "quantized_linear": lambda seed: linear_case(seed, form=("bias", "kernel_sum")[seed % 2]),
    "softmax": lambda seed: softmax_case(seed),
    "transpose": lambda seed: transpose_case(seed, shape=(2, 3, 4, 5), perm=(0, 2, 3, 1)),
    "pad": lambda seed: pad_case(seed, channels_last=seed % 2 == 0),
    "quantized_conv2d": lambda seed: conv2d_case(seed, padding=(1, 1), stride=(1 + seed % 2, 1)),
    "quantized_conv2d_nhwc": lambda seed: conv2d_case(seed, nhwc=True, c_in=8, c_out=8, kh=1, kw=1),
    "quantized_depthwise_conv2d": lambda seed: depthwise_case(seed, c_in=8, padding=(1, 1)),
    "quantized_depthwise_conv2d_nhwc": lambda seed: depthwise_case(seed, nhwc=True, mult=2),
    "quantized_transpose_conv2d": lambda seed: transpose_conv_case(seed),
    "quantized_transpose_conv2d_nhwc": lambda seed: transpose_conv_case(seed, nhwc=True, padding=(1, 1)),
    "quantized_avg_pool2d": lambda seed: avg_pool_case(seed, narrow=seed % 2 == 0),
    "quantized_avg_pool2d_nhwc": lambda seed: avg_pool_case(seed, nhwc=True, kernel=(3, 3), stride=(2, 2)),
    "quantized_max_pool2d": lambda seed: max_pool_case(seed),
    "quantized_max_pool2d_nhwc": lambda seed: max_pool_case(seed, nhwc=True, padding=(1, 1), kernel=(3, 3)),
    "quantized_batch_matmul": lambda seed: batch_matmul_case(seed),
}


def standard_corpus(per_op: int) -> list[KernelCase]:
    """`per_op` fixed-seed cases of every operator: the set a firmware runner replays."""
    return [build(seed) for build in CORPUS_BUILDERS.values() for seed in range(per_op)]


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Write the fixed kernel-case corpus to files.")
    parser.add_argument("--out", required=True, help="directory for cases.json and the tensor files")
    parser.add_argument("--per-op", type=int, default=8)
    args = parser.parse_args(argv)
    path = dump_cases(standard_corpus(args.per_op), args.out)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
