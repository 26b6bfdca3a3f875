"""Draws its weights from numpy's and Python's global generators without seeding them: only
the exporter's seeding makes two exports agree."""

from __future__ import annotations

import random

import numpy as np
import torch
from torch import nn


def build() -> tuple[nn.Module, tuple[torch.Tensor, ...]]:
    model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 4))
    with torch.no_grad():
        for parameter in model.parameters():
            values = np.random.standard_normal(tuple(parameter.shape)) * random.uniform(0.1, 1.0)
            parameter.copy_(torch.from_numpy(values.astype(np.float32)))
    return model, (torch.from_numpy(np.random.standard_normal((1, 16)).astype(np.float32)),)
