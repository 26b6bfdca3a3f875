"""Model definitions (plain PyTorch) and the registry of exportable models."""

from m55ml.models.registry import (
    MODELS,
    EvalSet,
    InputSpec,
    ModelSpec,
    PreparedModel,
    get_model,
)

__all__ = ["MODELS", "EvalSet", "InputSpec", "ModelSpec", "PreparedModel", "get_model"]
