"""The kernel benchmark's corpus: MobileNetV2's layers and a seeded random set, per CMSIS-NN function.

Every case names the CMSIS-NN function it calls and its shape; kernel_bench.c generates the
operands from the case's seed and the requantization shifts from its regime, so the corpus file
holds no tensor data and every ISA class runs exactly the same calls.
"""

from __future__ import annotations

import random
import struct
from dataclasses import dataclass, field, replace

# Function ids, as kernel_bench.c numbers them, by CMSIS-NN name.
FUNCTIONS = {
    "arm_convolve_s8": 0,
    "arm_convolve_1x1_s8_fast": 1,
    "arm_convolve_1x1_s8": 2,
    "arm_depthwise_conv_s8": 3,
    "arm_fully_connected_s8": 4,
    "arm_fully_connected_per_channel_s8": 5,
    "arm_elementwise_add_s8": 6,
    "arm_elementwise_mul_s8": 7,
    "arm_avgpool_s8": 8,
    "arm_max_pool_s8": 9,
    "arm_minimum_s8": 10,
    "arm_maximum_s8": 11,
    "arm_pad_s8": 12,
    "arm_transpose_s8": 13,
    "arm_batch_matmul_s8": 14,
    "arm_transpose_conv_s8": 15,
}

# Quantization regimes: name -> inclusive range of the per-channel (or per-tensor) shifts.
REGIMES = {
    "shift <= -1": (-12, -1),
    "shift in [-12, 0]": (-12, 0),
    "shift up to +2": (-12, 2),
}

NAME_BYTES = 32


@dataclass(frozen=True)
class Case:
    """One call. Shapes NHWC; see kernel_bench.c `bench_case` for what each field means per function."""

    name: str
    function: str
    corpus: str  # "mv2" or "random"
    n: int = 1
    h: int = 1
    w: int = 1
    c: int = 1
    kernel_h: int = 1
    kernel_w: int = 1
    c_out: int = 1
    group_c: int = 1
    stride: tuple[int, int] = (1, 1)
    pad: tuple[int, int] = (0, 0)
    dilation: tuple[int, int] = (1, 1)
    out_hw: tuple[int, int] = (1, 1)
    seed: int = 1
    regime: str = "shift <= -1"
    macs: int = field(default=0, compare=False)

    def encode(self) -> bytes:
        lo, hi = REGIMES[self.regime]
        words = [FUNCTIONS[self.function], self.seed, lo, hi, self.n, self.h, self.w, self.c,
                 self.kernel_h, self.kernel_w, self.c_out, self.group_c, *self.stride, *self.pad,
                 *self.dilation, *self.out_hw, 0, 0, 0, 0]
        label = self.name.encode()[:NAME_BYTES - 1].ljust(NAME_BYTES, b"\0")
        return struct.pack("<24i", *words) + label


def conv_out(size: int, kernel: int, stride: int, pad: int, dilation: int = 1) -> int:
    return (size + 2 * pad - dilation * (kernel - 1) - 1) // stride + 1


def conv(name: str, corpus: str, h: int, w: int, c: int, c_out: int, kernel: int = 1, stride: int = 1,
         pad: int = 0, dilation: int = 1, groups: int = 1, n: int = 1, kernel_w: int | None = None) -> Case:
    """The convolution CMSIS-NN's wrapper would pick for the shape (1x1 fast, 1x1, general)."""
    kw = kernel if kernel_w is None else kernel_w
    oh, ow = conv_out(h, kernel, stride, pad, dilation), conv_out(w, kw, stride, pad, dilation)
    pointwise = kernel == 1 and kw == 1 and pad == 0 and dilation == 1 and groups == 1
    function = ("arm_convolve_1x1_s8_fast" if pointwise and stride == 1 else
                "arm_convolve_1x1_s8" if pointwise else "arm_convolve_s8")
    return Case(name, function, corpus, n=n, h=h, w=w, c=c, kernel_h=kernel, kernel_w=kw, c_out=c_out,
                group_c=c // groups, stride=(stride, stride), pad=(pad, pad), dilation=(dilation, dilation),
                out_hw=(oh, ow), macs=n * oh * ow * c_out * kernel * kw * (c // groups))


def depthwise(name: str, corpus: str, h: int, w: int, c: int, kernel: int = 3, stride: int = 1, pad: int = 1,
              mult: int = 1, dilation: int = 1) -> Case:
    oh, ow = conv_out(h, kernel, stride, pad, dilation), conv_out(w, kernel, stride, pad, dilation)
    return Case(name, "arm_depthwise_conv_s8", corpus, h=h, w=w, c=c, kernel_h=kernel, kernel_w=kernel,
                c_out=mult, stride=(stride, stride), pad=(pad, pad), dilation=(dilation, dilation),
                out_hw=(oh, ow), macs=oh * ow * c * mult * kernel * kernel)


def mobilenet_v2() -> list[Case]:
    """MobileNetV2 (224x224, width 1.0): 52 convolutions, 10 residual adds, the pool, the classifier."""
    cases = [conv("mv2 stem 3x3/2 3->32", "mv2", 224, 224, 3, 32, kernel=3, stride=2, pad=1)]
    size, c_in = 112, 32
    for t, c, repeats, first_stride in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                                        (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]:
        for i in range(repeats):
            stride = first_stride if i == 0 else 1
            hidden = c_in * t
            if t != 1:
                cases.append(conv(f"mv2 1x1 {c_in}->{hidden} @{size}", "mv2", size, size, c_in, hidden))
            cases.append(depthwise(f"mv2 dw3x3/{stride} {hidden} @{size}", "mv2", size, size, hidden,
                                   stride=stride))
            size //= stride
            cases.append(conv(f"mv2 1x1 {hidden}->{c} @{size}", "mv2", size, size, hidden, c))
            if stride == 1 and c_in == c:
                cases.append(Case(f"mv2 add {size}x{size}x{c}", "arm_elementwise_add_s8", "mv2", h=size, w=size,
                                  c=c))
            c_in = c
    cases.append(conv("mv2 1x1 320->1280 @7", "mv2", 7, 7, 320, 1280))
    cases.append(Case("mv2 avgpool 7x7x1280", "arm_avgpool_s8", "mv2", h=7, w=7, c=1280, kernel_h=7, kernel_w=7,
                      out_hw=(1, 1), macs=7 * 7 * 1280))
    cases.append(Case("mv2 fc 1280->1000", "arm_fully_connected_s8", "mv2", c=1280, c_out=1000,
                      macs=1280 * 1000))
    return cases


def random_set(seed: int = 2026, per_function: int = 3) -> list[Case]:
    """Seeded random shapes for every function: odd channel counts, strides, padding, dilation,
    groups, channel multipliers, batches."""
    rng = random.Random(seed)
    cases: list[Case] = []

    def odd(lo: int, hi: int) -> int:
        return rng.randrange(lo, hi) | 1

    for i in range(per_function):
        tag = f"rand{i}"
        # General convolution: kernel 1..5 (1x1 with padding or groups), strides, dilation, groups.
        groups = rng.choice([1, 1, 2, 4])
        c = groups * rng.randrange(3, 24)
        k = rng.choice([1, 3, 3, 5])
        dil = rng.choice([1, 1, 2])
        size = rng.randrange(12, 40)
        cases.append(conv(f"{tag} conv {k}x{k} g{groups} d{dil}", "random", size, size + 3, c, groups * odd(3, 24),
                          kernel=k, stride=rng.choice([1, 2]), pad=k // 2 + (dil - 1) * (k // 2) + (k == 1),
                          dilation=dil, groups=groups))
        cases.append(conv(f"{tag} 1x1 fast", "random", size, size + 1, odd(5, 99), odd(5, 120)))
        cases.append(conv(f"{tag} 1x1/2", "random", size, size, odd(5, 99), odd(5, 120), stride=2))
        mult = rng.choice([1, 1, 2, 3])
        kernel = rng.choice([3, 3, 5])
        cases.append(depthwise(f"{tag} dw{kernel}x{kernel} m{mult}", "random", size, size + 2, odd(3, 70),
                               kernel=kernel, stride=rng.choice([1, 2]), pad=kernel // 2, mult=mult))
        dil = 2
        cases.append(depthwise(f"{tag} dw3x3 dilated", "random", size, size, 16 * rng.randrange(1, 5),
                               pad=dil, dilation=dil))
        depth, outs, batch = odd(16, 700), odd(8, 300), rng.choice([1, 1, 4])
        for fn in ["arm_fully_connected_s8", "arm_fully_connected_per_channel_s8"]:
            cases.append(Case(f"{tag} fc {depth}->{outs} b{batch}", fn, "random", n=batch, c=depth, c_out=outs,
                              macs=batch * depth * outs))
        n_elems = (rng.randrange(8, 40), rng.randrange(8, 40), odd(3, 64))
        for fn in ["arm_elementwise_add_s8", "arm_elementwise_mul_s8"]:
            cases.append(Case(f"{tag} {fn.split('_')[2]} {'x'.join(map(str, n_elems))}", fn, "random", h=n_elems[0],
                              w=n_elems[1], c=n_elems[2]))
        pk, ps = rng.choice([2, 3, 5]), rng.choice([1, 2])
        ph = pk // 2 if rng.random() < 0.5 else 0
        for fn in ["arm_avgpool_s8", "arm_max_pool_s8"]:
            oh = conv_out(size, pk, ps, ph)
            cases.append(Case(f"{tag} {fn[4:-3]} {pk}x{pk}/{ps}", fn, "random", h=size, w=size, c=odd(3, 99),
                              kernel_h=pk, kernel_w=pk, stride=(ps, ps), pad=(ph, ph), out_hw=(oh, oh)))
        for fn in ["arm_minimum_s8", "arm_maximum_s8"]:
            broadcast = i % 2
            cases.append(Case(f"{tag} {fn[4:-3]}{' bcast' if broadcast else ''}", fn, "random", h=size, w=size,
                              c=odd(3, 64), kernel_h=broadcast))
        cases.append(Case(f"{tag} pad", "arm_pad_s8", "random", h=size, w=size, c=odd(3, 64), pad=(1, 2)))
        cases.append(Case(f"{tag} transpose", "arm_transpose_s8", "random", h=size, w=size, c=odd(3, 64)))
        rows, cols, depth = rng.randrange(4, 64), rng.randrange(4, 64), odd(8, 128)
        cases.append(Case(f"{tag} bmm {rows}x{depth}x{cols}", "arm_batch_matmul_s8", "random", n=rng.choice([1, 4]),
                          h=rows, c=depth, c_out=cols))
        th, tk, ts = rng.randrange(4, 14), rng.choice([2, 3, 4]), rng.choice([1, 2])
        tout = (th - 1) * ts + tk
        cases.append(Case(f"{tag} tconv {tk}x{tk}/{ts}", "arm_transpose_conv_s8", "random", h=th, w=th,
                          c=odd(3, 48), kernel_h=tk, kernel_w=tk, c_out=odd(3, 48), stride=(ts, ts),
                          out_hw=(tout, tout)))
    for case in cases:
        if case.function in ("arm_batch_matmul_s8",):
            object.__setattr__(case, "macs", case.n * case.h * case.c * case.c_out)
        elif case.function == "arm_transpose_conv_s8":
            object.__setattr__(case, "macs", case.h * case.w * case.c * case.c_out * case.kernel_h * case.kernel_w)
    return cases


def corpus(regimes: list[str], include_random: bool = True) -> list[Case]:
    """Every case in every regime, each with its own seed (the same for every ISA class)."""
    shapes = mobilenet_v2() + (random_set() if include_random else [])
    return [replace(shape, regime=regime, seed=1000 + i)
            for regime in regimes for i, shape in enumerate(shapes)]


def encode(cases: list[Case]) -> bytes:
    return b"KBC1" + struct.pack("<I", len(cases)) + b"".join(case.encode() for case in cases)
