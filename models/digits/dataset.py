"""scikit-learn's bundled 8x8 handwritten digits, split deterministically into train/test."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

# Pixels in the data set are integers 0..16.
_PIXEL_MAX = 16.0


@dataclass(frozen=True)
class DigitsSplit:
    train_x: torch.Tensor  # (N, 1, 8, 8) float32 in [0, 1]
    train_y: torch.Tensor  # (N,) int64 labels 0..9
    test_x: torch.Tensor
    test_y: torch.Tensor
    test_fraction: float
    seed: int


def load_digits_split(test_fraction: float = 0.25, seed: int = 0) -> DigitsSplit:
    """A stratified split of the 1797 images; the same (fraction, seed) gives the same split."""
    # Imported here: scikit-learn is only needed by the digits model.
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    images = (np.asarray(data.images, dtype=np.float32) / _PIXEL_MAX)[:, None, :, :]
    labels = np.asarray(data.target, dtype=np.int64)
    train_x, test_x, train_y, test_y = train_test_split(
        images, labels, test_size=test_fraction, random_state=seed, stratify=labels
    )
    return DigitsSplit(
        train_x=torch.from_numpy(np.ascontiguousarray(train_x)),
        train_y=torch.from_numpy(np.ascontiguousarray(train_y)),
        test_x=torch.from_numpy(np.ascontiguousarray(test_x)),
        test_y=torch.from_numpy(np.ascontiguousarray(test_y)),
        test_fraction=test_fraction,
        seed=seed,
    )
