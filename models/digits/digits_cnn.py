"""A small CNN for scikit-learn's 8x8 digits, trained deterministically at build time."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from m55ml.api import EvalSet, ModelExport
from torch import nn

from models.common.layers import ConvBnAct
from models.digits.dataset import load_digits_split


class DigitsCNN(nn.Module):
    """8x8 -> conv 3x3 (8x8x16) -> conv 3x3/2 (3x3x32) -> conv 3x3 (1x1x64) -> linear 10.

    The last conv covers the whole 3x3 map, so no pooling (and no even-window averaging,
    whose int8 rounding differs between the reference and CMSIS-NN) is needed.
    """

    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.features = nn.Sequential(
            ConvBnAct(1, 16, 3, activation=nn.ReLU),
            ConvBnAct(16, 32, 3, stride=2, padding=0, activation=nn.ReLU),
            ConvBnAct(32, 64, 3, padding=0, activation=nn.ReLU),
        )
        self.classifier = nn.Linear(64, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.features(x), 1))


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 20
    batch_size: int = 32
    learning_rate: float = 3e-3
    weight_decay: float = 1e-4
    seed: int = 0


def train_digits_cnn(
    train_x: torch.Tensor, train_y: torch.Tensor, config: TrainConfig = TrainConfig()
) -> DigitsCNN:
    """Train from a fixed seed; same data and config give bit-identical weights (one thread)."""
    torch.manual_seed(config.seed)
    model = DigitsCNN()
    optimizer = torch.optim.Adam(
        model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay
    )
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=config.epochs)
    loss_fn = nn.CrossEntropyLoss()
    order_gen = torch.Generator().manual_seed(config.seed)
    model.train()
    for _ in range(config.epochs):
        order = torch.randperm(train_x.shape[0], generator=order_gen)
        for start in range(0, order.numel(), config.batch_size):
            idx = order[start : start + config.batch_size]
            optimizer.zero_grad()
            loss_fn(model(train_x[idx]), train_y[idx]).backward()
            optimizer.step()
        scheduler.step()
    model.eval()
    return model


@torch.no_grad()
def accuracy(model: nn.Module, inputs: torch.Tensor, labels: torch.Tensor) -> float:
    predictions = model(inputs).argmax(dim=1)
    return float((predictions == labels).float().mean())


def build() -> ModelExport:
    """pte_model entry point: trained here on the training split, evaluated on the test split."""
    split = load_digits_split()
    config = TrainConfig()
    module = train_digits_cnn(split.train_x, split.train_y, config)
    calibration_count = 128
    return ModelExport(
        module=module,
        example_inputs=(split.test_x[:1].clone(),),
        # The first training images: calibration must never see the test split.
        calibration=[(x,) for x in split.train_x[:calibration_count].split(1)],
        reference_input=(split.test_x[:1].clone(),),
        eval_set=EvalSet(inputs=split.test_x, labels=split.test_y),
        description="small CNN trained on sklearn 8x8 digits, 10 classes",
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
