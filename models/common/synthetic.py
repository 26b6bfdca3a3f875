"""Seeded synthetic inputs whose statistics resemble the real thing.

White noise would calibrate activation ranges that real inputs never reach (and vice versa), so
images are built from a few octaves of smooth noise (like natural images, most energy is at low
spatial frequencies) and MFCC features from slowly varying, per-coefficient scaled sequences.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def synthetic_images(count: int, shape: tuple[int, int, int], seed: int) -> torch.Tensor:
    """`count` images of `shape` (C, H, W), float32 NCHW, each channel ~ zero mean, unit std.

    Unit statistics match the usual ImageNet mean/std normalisation, the input range the
    ImageNet-style models expect.
    """
    channels, height, width = shape
    gen = _generator(seed)
    images = torch.zeros(count, channels, height, width)
    # Octaves from coarse to fine; coarser ones weigh more (roughly 1/f spectrum).
    for level, cells in enumerate((2, 4, 8, 16, 32)):
        grid = torch.randn(count, channels, cells, cells, generator=gen)
        smooth = F.interpolate(grid, size=(height, width), mode="bilinear", align_corners=False)
        images += smooth / (level + 1)
    images += 0.05 * torch.randn(count, channels, height, width, generator=gen)
    mean = images.mean(dim=(2, 3), keepdim=True)
    std = images.std(dim=(2, 3), keepdim=True).clamp_min(1e-6)
    return ((images - mean) / std).contiguous()


def synthetic_mfcc(count: int, frames: int, coefficients: int, seed: int) -> torch.Tensor:
    """`count` MFCC-like feature maps, float32 of shape (count, 1, frames, coefficients).

    Low-order cepstral coefficients vary most; all vary smoothly over time (10 ms hops).
    """
    gen = _generator(seed)
    scale = 1.0 / (1.0 + torch.arange(coefficients, dtype=torch.float32))
    steps = torch.randn(count, frames, coefficients, generator=gen)
    # An exponential moving average turns white noise into slowly varying trajectories.
    walk = torch.zeros(count, coefficients)
    rows = []
    for t in range(frames):
        walk = 0.8 * walk + 0.6 * steps[:, t, :]
        rows.append(walk)
    features = torch.stack(rows, dim=1) * scale * 2.0
    return features.unsqueeze(1).contiguous()
