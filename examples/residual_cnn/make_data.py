"""Writes this model's calibration and reference-input files (what a user brings from their
data set). numpy.savez, one array per forward() argument, named after it: `x`."""

from __future__ import annotations

import sys

import numpy as np


def images(rng: np.random.Generator, count: int) -> np.ndarray:
    # Smooth blobs plus a little noise: image-like statistics, roughly unit variance.
    coarse = rng.standard_normal((count, 3, 7, 7)).astype(np.float32)
    smooth = coarse.repeat(4, axis=2).repeat(4, axis=3)
    return smooth + 0.1 * rng.standard_normal(smooth.shape).astype(np.float32)


def main(calibration_path: str, reference_path: str) -> None:
    rng = np.random.default_rng(7)
    # 24 samples, each shaped like the input (1, 3, 28, 28): samples on a new first axis.
    np.savez(calibration_path, x=images(rng, 24)[:, None])
    np.savez(reference_path, x=images(rng, 1)[0:1])  # one input, (1, 3, 28, 28)


if __name__ == "__main__":
    main(*sys.argv[1:])
