"""DS-CNN keyword spotting (Zhang et al. 2017, "Hello Edge"; the MLPerf Tiny KWS model).

Input: 49 frames x 10 MFCC coefficients (1 s of audio, 40 ms windows, 20 ms hop), one
channel; output: 12 classes (10 keywords, silence, unknown).
"""

from __future__ import annotations

import torch
from m55ml.api import ModelExport
from torch import nn

from models.common.imagenet import (
    BATCHNORM_SEED,
    CALIBRATION_SEED,
    REFERENCE_SEED,
    WEIGHTS_SEED,
)
from models.common.layers import ConvBnAct, init_weights, reestimate_batchnorm
from models.common.synthetic import synthetic_mfcc

FRAMES = 49
COEFFICIENTS = 10
NUM_CLASSES = 12


class DSCNN(nn.Module):
    def __init__(self, channels: int = 64, blocks: int = 4, num_classes: int = NUM_CLASSES) -> None:
        super().__init__()
        # Symmetric padding (5, 1) instead of the reference model's asymmetric "same" padding:
        # same 25x5 output, but no explicit pad operator in the lowered program.
        layers: list[nn.Module] = [
            ConvBnAct(1, channels, (10, 4), stride=2, padding=(5, 1), activation=nn.ReLU)
        ]
        for _ in range(blocks):
            layers.append(ConvBnAct(channels, channels, 3, groups=channels, activation=nn.ReLU))
            layers.append(ConvBnAct(channels, channels, 1, activation=nn.ReLU))
        self.features = nn.Sequential(*layers)
        # 25x5 = 125 values per channel: an odd window, so no rounding ties in the int8 average.
        # count_include_pad=False: with the default the backend inserts a (zero-size)
        # cortex_m::pad before the pool.
        self.pool = nn.AvgPool2d((25, 5), count_include_pad=False)
        self.classifier = nn.Linear(channels, num_classes)
        init_weights(self)
        # A classifier as small as the default 0.01-std init gives near-constant logits; the
        # PyTorch default (uniform +-1/sqrt(fan_in)) gives a spread worth checking on device.
        self.classifier.reset_parameters()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


def build() -> ModelExport:
    """pte_model entry point: one 1x1x49x10 MFCC map, random init, realistic BatchNorm."""
    torch.manual_seed(WEIGHTS_SEED)
    module = DSCNN()
    reestimate_batchnorm(
        module, list(synthetic_mfcc(64, FRAMES, COEFFICIENTS, BATCHNORM_SEED).split(16))
    )
    count = 32
    reference = synthetic_mfcc(1, FRAMES, COEFFICIENTS, REFERENCE_SEED)
    return ModelExport(
        module=module,
        example_inputs=(reference,),
        calibration=[
            (x,) for x in synthetic_mfcc(count, FRAMES, COEFFICIENTS, CALIBRATION_SEED).split(1)
        ],
        reference_input=(reference,),
        description="DS-CNN keyword spotting, 49x10 MFCC, 12 classes (random init)",
        provenance={
            "weights": f"deterministic random init (seed {WEIGHTS_SEED}); BatchNorm statistics "
            f"re-estimated on 64 synthetic MFCC maps (seed {BATCHNORM_SEED})",
            "calibration": {"kind": "synthetic MFCC", "samples": count, "seed": CALIBRATION_SEED},
            "reference_input": {"kind": "synthetic MFCC", "seed": REFERENCE_SEED},
        },
    )
