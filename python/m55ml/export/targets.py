"""Compile targets: `cortex-m<variant>` strings, resolved the way ExecuTorch resolves them."""

from __future__ import annotations

from dataclasses import dataclass

from executorch.backends.cortex_m.target_config import CortexM, CortexMTargetConfig

from m55ml.errors import UnknownTargetError


@dataclass(frozen=True)
class ExportTarget:
    """A Cortex-M CPU and the CMSIS-NN kernel family (MVE, DSP or SCALAR) it implies.

    The kernel family changes the program itself, not only the firmware: e.g. quantized_linear
    carries a precomputed kernel_sum (bias folded in) for MVE and the bias for DSP/scalar.
    """

    name: str  # "cortex-m55"
    config: CortexMTargetConfig

    @property
    def isa(self) -> str:
        return self.config.backend.name


def supported_targets() -> list[str]:
    return [CortexMTargetConfig(cpu=cpu).target_string for cpu in CortexM]


def resolve_target(name: str) -> ExportTarget:
    try:
        config = CortexMTargetConfig.from_target_string(name)
        config.backend  # noqa: B018 - raises when cmsis_nn cannot map this CPU
    except ValueError:
        raise UnknownTargetError(name, supported_targets()) from None
    return ExportTarget(name=config.target_string, config=config)
