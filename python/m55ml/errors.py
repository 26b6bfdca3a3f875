"""Errors a user can act on. Each message says what went wrong and what to do about it.

The CLI prints `error: <message>` (one line) and exits non-zero for any of these; anything else
escaping the pipeline is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class M55mlError(Exception):
    """Base class of every user-facing error of the export package."""


class UnknownModelError(M55mlError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(
            f"unknown model {name!r}; known models: {', '.join(sorted(known))} "
            "(register new ones in python/m55ml/models/registry.py)"
        )
        self.name = name
        self.known = sorted(known)


class UnknownTargetError(M55mlError):
    def __init__(self, target: str, known: list[str]) -> None:
        super().__init__(f"unknown target {target!r}; supported targets: {', '.join(known)}")
        self.target = target
        self.known = known


class InputShapeError(M55mlError):
    """The example input does not have a shape the model accepts."""


class InputDtypeError(M55mlError):
    """The example input is not float32 (the program quantizes a float input itself)."""


class InputLayoutError(M55mlError):
    """A 4-D input is not channels_last (the Cortex-M backend only lowers NHWC convolutions)."""


class EvalSetError(M55mlError):
    """An evaluation set was requested from a model that has none (or the reverse)."""


class ProgramFormatError(M55mlError):
    """The produced program does not have the interface the firmware expects."""


@dataclass(frozen=True)
class OffendingOp:
    """An operator left in the program that is not a `cortex_m::` kernel."""

    name: str
    count: int
    sources: tuple[str, ...]  # "module path (file:line)" of the model code that produced it

    def describe(self) -> str:
        where = "; ".join(self.sources) if self.sources else "source unknown"
        return f"{self.name} x{self.count} from {where}"


class UnsupportedOpsError(M55mlError):
    """The program still needs operators other than `cortex_m::` ones."""

    def __init__(self, model: str, ops: list[OffendingOp]) -> None:
        listed = " | ".join(op.describe() for op in ops)
        super().__init__(
            f"model {model!r} has ops that do not lower to cortex_m:: kernels: {listed}. "
            "Replace them with supported layers (conv, depthwise conv, linear, add, mul, "
            "avg/max pool, relu/relu6/hardswish/hardsigmoid, ...) or pass "
            "--allow-portable-fallback (pte_model(allow_portable_fallback = True)) to keep "
            "them as portable kernels the firmware must provide"
        )
        self.model = model
        self.ops = ops
