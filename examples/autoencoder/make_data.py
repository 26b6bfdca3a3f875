"""Writes this model's calibration samples as one .npy array (single-input model):
(samples, 1, 64), each sample shaped like the input."""

from __future__ import annotations

import sys

import numpy as np


def main(path: str) -> None:
    rng = np.random.default_rng(11)
    t = np.linspace(0.0, 1.0, 64, dtype=np.float32)
    phases = rng.uniform(0.0, 2.0 * np.pi, (32, 1)).astype(np.float32)
    windows = np.sin(2.0 * np.pi * 3.0 * t + phases) + 0.2 * rng.standard_normal((32, 64))
    np.save(path, windows.astype(np.float32)[:, None, :])


if __name__ == "__main__":
    main(sys.argv[1])
