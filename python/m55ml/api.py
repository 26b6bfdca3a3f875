"""What a model's entry point may return: the public interface between model code and the exporter.

A model is exported from its own Python package: `pte_model(model = ":my_lib", entry =
"my_pkg.my_model:build")` or `python -m m55ml export --model-entry my_pkg.my_model:build`. The
entry point is called with no arguments, or with `input_shapes=[(1, 3, 32, 32), ...]` when its
signature names an `input_shapes` parameter and shapes were requested. It returns one of:

- an `nn.Module`: the exporter makes seeded example inputs from the requested input shapes;
- `(module, example_inputs)`: example inputs a tuple of float32 tensors, one per `forward`
  argument (a single tensor is taken as a 1-tuple);
- a `ModelExport`, for models that bring their own calibration samples, reference input,
  labelled evaluation set or provenance facts.

Every random number generator is seeded before the entry point runs, so a model that draws its
weights without seeding still gives the same program twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

Inputs = tuple[torch.Tensor, ...]


@dataclass(frozen=True)
class EvalSet:
    """Labelled samples for measuring accuracy on the device (single-input models).

    `inputs`: (N, *input shape without its batch dim) float32; `labels`: (N,) integer classes,
    each in 0..255. The firmware runs every sample and must agree with the int8 reference on
    every one.
    """

    inputs: torch.Tensor
    labels: torch.Tensor


@dataclass
class ModelExport:
    """A model and, optionally, its own data. Unset data falls back to seeded synthetic samples
    (recorded as such in the manifest)."""

    module: nn.Module
    # One float32 tensor per forward() argument, batch dim included: shapes define the program.
    example_inputs: Inputs
    # Representative samples, each a tuple shaped like example_inputs.
    calibration: list[Inputs] | None = None
    # The input the firmware test feeds; its reference output is computed by ExecuTorch.
    reference_input: Inputs | None = None
    eval_set: EvalSet | None = None
    description: str = ""
    # Facts about how the weights and data were made (seeds, data set, training): the manifest.
    provenance: dict[str, object] = field(default_factory=dict)
