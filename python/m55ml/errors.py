"""Errors a user can act on. Each says what went wrong and what to do about it.

The CLI prints every failure of an export as one line,

    error: <model>: <stage>: <what> — <what to do>

with the stage it happened in (import, build, inputs, quantize, lower, reference, check,
write). Exceptions raised inside torch or ExecuTorch are caught at the stage boundary and turned
into such a line too (`ExportError`); `-v` adds the traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class M55mlError(Exception):
    """Base class of every user-facing error of the export package: what, and what to do."""

    def __init__(self, what: str, todo: str) -> None:
        super().__init__(f"{what} — {todo}")
        self.what = what
        self.todo = todo


class ExportError(M55mlError):
    """A failure at one stage of one model's export."""

    def __init__(self, model: str, stage: str, what: str, todo: str) -> None:
        super().__init__(what, todo)
        self.model = model
        self.stage = stage

    def __str__(self) -> str:
        return f"{self.model}: {self.stage}: {self.what} — {self.todo}"


class UsageError(M55mlError):
    """The request itself is inconsistent (flags, attribute values, file kinds)."""


class UnknownTargetError(M55mlError):
    def __init__(self, target: str, known: list[str]) -> None:
        super().__init__(
            f"unknown target {target!r}", f"use one of {', '.join(known)}"
        )
        self.target = target
        self.known = known


class ModelSourceError(M55mlError):
    """The model's code cannot be found, imported or called."""


class InputShapeError(M55mlError):
    """The example input does not have a shape the model accepts."""


class InputDtypeError(M55mlError):
    """An example input is not float32 (the program quantizes its float inputs itself)."""


class InputLayoutError(M55mlError):
    """A 4-D input is not channels_last (the Cortex-M backend only lowers NHWC convolutions)."""


class DataFileError(M55mlError):
    """A calibration or reference-input file cannot be read or does not fit the model."""


class EvalSetError(M55mlError):
    """An evaluation set was requested from a model that has none (or the reverse)."""


class ProgramFormatError(M55mlError):
    """The produced program does not have the interface the firmware expects."""


class OutputPathError(M55mlError):
    """An output file cannot be written where it was asked for."""


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
            f"ops that do not lower to cortex_m:: kernels: {listed}",
            "replace them with supported layers (conv, depthwise conv, linear, add, mul, "
            "avg/max pool, relu/relu6/hardswish/hardsigmoid, ...) or pass "
            "--allow-portable-fallback (pte_model(allow_portable_fallback = True)) to keep "
            "them as portable kernels the firmware must provide",
        )
        self.model = model
        self.ops = ops
