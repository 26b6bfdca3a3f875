"""Writes this model's calibration samples with torch.save: a tuple with one tensor per
forward() argument (image, features), samples on the first axis."""

from __future__ import annotations

import sys

import torch


def main(path: str) -> None:
    generator = torch.Generator().manual_seed(5)
    images = torch.rand(16, 1, 1, 12, 12, generator=generator)
    features = torch.randn(16, 1, 16, generator=generator)
    torch.save((images, features), path)


if __name__ == "__main__":
    main(sys.argv[1])
