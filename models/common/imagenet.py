"""Random-init ImageNet classifiers made realistic enough to quantize: the shared entry logic.

No pretrained weights can be downloaded here, so the networks are initialised from a fixed
seed and their BatchNorm statistics re-estimated on synthetic images: each layer then sees
activation ranges like a trained network's, and the int8 reference output is not degenerate.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from m55ml.api import ModelExport
from torch import nn

from models.common.layers import reestimate_batchnorm
from models.common.synthetic import synthetic_images

# Separate seeds per role, so adding calibration samples never changes the weights or the
# reference input (and vice versa).
WEIGHTS_SEED = 0
BATCHNORM_SEED = 1
CALIBRATION_SEED = 2
REFERENCE_SEED = 3


def image_shape(name: str, input_shapes: list[tuple[int, ...]] | None) -> tuple[int, ...]:
    """1x3xHxW with H, W multiples of 32 in [32, 1024]; default 224x224."""
    if not input_shapes:
        return (1, 3, 224, 224)
    (shape,) = input_shapes
    ok = len(shape) == 4 and shape[:2] == (1, 3)
    ok = ok and all(d % 32 == 0 and 32 <= d <= 1024 for d in shape[2:])
    if not ok:
        got = "x".join(str(d) for d in shape)
        raise ValueError(
            f"{name} takes one 1x3xHxW input with H, W multiples of 32, got {got}; "
            "give input_shapes = [\"1,3,224,224\"] or leave it out"
        )
    return tuple(shape)


def imagenet_export(
    factory: Callable[[], nn.Module],
    description: str,
    shape: tuple[int, ...],
    calibration_count: int = 8,
) -> ModelExport:
    torch.manual_seed(WEIGHTS_SEED)
    module = factory()
    chw = tuple(shape[1:])
    reestimate_batchnorm(module, list(synthetic_images(16, chw, BATCHNORM_SEED).split(8)))
    calibration = synthetic_images(calibration_count, chw, CALIBRATION_SEED).split(1)
    return ModelExport(
        module=module,
        example_inputs=(synthetic_images(1, chw, REFERENCE_SEED),),
        calibration=[(x,) for x in calibration],
        reference_input=(synthetic_images(1, chw, REFERENCE_SEED),),
        description=description,
        provenance={
            "weights": f"deterministic random init (seed {WEIGHTS_SEED}); BatchNorm "
            f"statistics re-estimated on 16 synthetic images (seed {BATCHNORM_SEED})",
            "calibration": {
                "kind": "synthetic images",
                "samples": calibration_count,
                "seed": CALIBRATION_SEED,
            },
            "reference_input": {"kind": "synthetic image", "seed": REFERENCE_SEED},
        },
    )
