"""The exportable models: how each is built, calibrated, and which inputs it accepts.

A model entry ties a plain-PyTorch module to its deterministic data (calibration samples, the
reference input fed to the firmware, an optional labelled evaluation set). Adding a model is
one `ModelSpec` in `MODELS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from torch import nn

from m55ml.calibration import load_digits_split, synthetic_images, synthetic_mfcc
from m55ml.errors import InputShapeError, UnknownModelError
from m55ml.models import digits_cnn, ds_cnn
from m55ml.models.layers import reestimate_batchnorm
from m55ml.models.mobilenet_v2 import MobileNetV2
from m55ml.models.mobilenet_v3_small import MobileNetV3Small

Shape = tuple[int, int, int, int]

# Separate seeds per role, so adding calibration samples never changes the weights or the
# reference input (and vice versa).
WEIGHTS_SEED = 0
BATCHNORM_SEED = 1
CALIBRATION_SEED = 2
REFERENCE_SEED = 3


@dataclass(frozen=True)
class EvalSet:
    """Labelled inputs for measuring accuracy (logical NCHW float32, int64 labels)."""

    inputs: torch.Tensor
    labels: torch.Tensor


@dataclass
class PreparedModel:
    """Everything the export pipeline needs for one model, all in logical NCHW float32."""

    module: nn.Module
    calibration: list[torch.Tensor]
    reference_input: torch.Tensor
    eval_set: EvalSet | None = None
    # Facts about how the weights/data were made (seeds, counts, float accuracy): manifest.
    provenance: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class InputSpec:
    """The input shapes a model accepts: batch 1, fixed channels, fixed or resizable H x W."""

    channels: int
    height: int
    width: int
    # Resizable models accept any H, W that are multiples of `multiple` in [multiple, 1024].
    resizable: bool = False
    multiple: int = 32

    @property
    def default_shape(self) -> Shape:
        return (1, self.channels, self.height, self.width)

    def describe(self) -> str:
        if self.resizable:
            return (
                f"1x{self.channels}xHxW with H, W multiples of {self.multiple} "
                f"(default {self.height}x{self.width})"
            )
        return "x".join(str(d) for d in self.default_shape)

    def check(self, model: str, shape: tuple[int, ...]) -> None:
        ok = len(shape) == 4 and shape[0] == 1 and shape[1] == self.channels
        if ok and self.resizable:
            ok = all(
                d % self.multiple == 0 and self.multiple <= d <= 1024 for d in shape[2:]
            )
        elif ok:
            ok = tuple(shape[2:]) == (self.height, self.width)
        if not ok:
            got = "x".join(str(d) for d in shape)
            raise InputShapeError(
                f"model {model!r} takes input {self.describe()} (N, C, H, W), got {got}; "
                f"pass --input-shape {','.join(str(d) for d in self.default_shape)} "
                "or leave it out for the default"
            )


@dataclass(frozen=True)
class ModelSpec:
    name: str
    description: str
    input: InputSpec
    prepare: Callable[[Shape], PreparedModel]
    has_eval_set: bool = False


def _imagenet_model(factory: Callable[[], nn.Module], calibration_count: int):
    """Random-init ImageNet classifier with BatchNorm statistics measured on synthetic images."""

    def prepare(shape: Shape) -> PreparedModel:
        torch.manual_seed(WEIGHTS_SEED)
        module = factory()
        chw = (shape[1], shape[2], shape[3])
        bn_batches = list(synthetic_images(16, chw, BATCHNORM_SEED).split(8))
        reestimate_batchnorm(module, bn_batches)
        calibration = list(synthetic_images(calibration_count, chw, CALIBRATION_SEED).split(1))
        return PreparedModel(
            module=module,
            calibration=calibration,
            reference_input=synthetic_images(1, chw, REFERENCE_SEED),
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

    return prepare


def _prepare_dscnn(shape: Shape) -> PreparedModel:
    torch.manual_seed(WEIGHTS_SEED)
    module = ds_cnn.DSCNN()
    frames, coefficients = shape[2], shape[3]
    bn_batches = list(synthetic_mfcc(64, frames, coefficients, BATCHNORM_SEED).split(16))
    reestimate_batchnorm(module, bn_batches)
    count = 32
    return PreparedModel(
        module=module,
        calibration=list(synthetic_mfcc(count, frames, coefficients, CALIBRATION_SEED).split(1)),
        reference_input=synthetic_mfcc(1, frames, coefficients, REFERENCE_SEED),
        provenance={
            "weights": f"deterministic random init (seed {WEIGHTS_SEED}); BatchNorm statistics "
            f"re-estimated on 64 synthetic MFCC maps (seed {BATCHNORM_SEED})",
            "calibration": {"kind": "synthetic MFCC", "samples": count, "seed": CALIBRATION_SEED},
            "reference_input": {"kind": "synthetic MFCC", "seed": REFERENCE_SEED},
        },
    )


def _prepare_digits(shape: Shape) -> PreparedModel:
    split = load_digits_split()
    config = digits_cnn.TrainConfig()
    module = digits_cnn.train_digits_cnn(split.train_x, split.train_y, config)
    calibration_count = 128
    return PreparedModel(
        module=module,
        # The first training images: calibration must never see the test split.
        calibration=list(split.train_x[:calibration_count].split(1)),
        reference_input=split.test_x[:1].clone(),
        eval_set=EvalSet(inputs=split.test_x, labels=split.test_y),
        provenance={
            "weights": f"trained at export time on sklearn load_digits (seed {config.seed}, "
            f"{config.epochs} epochs, Adam lr {config.learning_rate:g}, "
            f"batch {config.batch_size})",
            "dataset": {
                "name": "sklearn.datasets.load_digits",
                "train_samples": int(split.train_x.shape[0]),
                "test_samples": int(split.test_x.shape[0]),
                "test_fraction": split.test_fraction,
                "split_seed": split.seed,
                "pixel_scale": "value / 16, range [0, 1]",
            },
            "calibration": {"kind": "first training images", "samples": calibration_count},
            "reference_input": {"kind": "first test image", "label": int(split.test_y[0])},
        },
    )


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="mv2",
            description="MobileNetV2 1.0, 224x224, 1000 classes (random init)",
            input=InputSpec(channels=3, height=224, width=224, resizable=True),
            prepare=_imagenet_model(MobileNetV2, calibration_count=8),
        ),
        ModelSpec(
            name="mv3s",
            description="MobileNetV3-Small 1.0, 224x224, 1000 classes (random init)",
            input=InputSpec(channels=3, height=224, width=224, resizable=True),
            prepare=_imagenet_model(MobileNetV3Small, calibration_count=8),
        ),
        ModelSpec(
            name="dscnn",
            description="DS-CNN keyword spotting, 49x10 MFCC, 12 classes (random init)",
            input=InputSpec(channels=1, height=ds_cnn.FRAMES, width=ds_cnn.COEFFICIENTS),
            prepare=_prepare_dscnn,
        ),
        ModelSpec(
            name="digits",
            description="small CNN trained on sklearn 8x8 digits, 10 classes",
            input=InputSpec(channels=1, height=8, width=8),
            prepare=_prepare_digits,
            has_eval_set=True,
        ),
    )
}


def get_model(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        raise UnknownModelError(name, list(MODELS)) from None
