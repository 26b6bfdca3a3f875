"""ExecuTorch's Cortex-M lowering, end to end, for one float model and one example input.

    PT2E (CortexMQuantizer: prepare -> calibrate -> convert)
      -> torch.export -> to_edge (Cortex-M edge compile config)
      -> CortexMPassManager (aten + q/dq patterns -> cortex_m:: ops)
      -> RemoveCloneOpsTransform (the identity dim-order clone left at the input)
      -> reference outputs (ExecuTorch's Python implementations of the cortex_m:: ops)
      -> to_executorch -> .pte bytes

Three details are required with torch 2.13 / executorch 1.5.1 (see shared/DESIGN.md):
the captured module is taken with `module(check_guards=False)` (else `call_module is not
supported` at prepare time), model and inputs are channels_last (else convolutions stay float),
and to_edge uses the backend's compile config (else linear decomposes into a mixed-dtype addmm).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from executorch.backends.cortex_m.edge_compile_config import (
    cortex_m_edge_compile_config,
)
from executorch.backends.cortex_m.passes.cortex_m_pass_manager import CortexMPassManager
from executorch.backends.cortex_m.quantizer.quantizer import CortexMQuantizer
from executorch.backends.transforms.remove_clone_ops import RemoveCloneOpsTransform
from executorch.exir import EdgeProgramManager, ExecutorchBackendConfig, to_edge
from torchao.quantization.pt2e.quantize_pt2e import convert_pt2e, prepare_pt2e

from m55ml.errors import (
    InputDtypeError,
    InputLayoutError,
    InputShapeError,
    ProgramFormatError,
    UnsupportedOpsError,
)
from m55ml.export.lowering import find_offending_ops
from m55ml.export.numerics import DeviceSemanticsRunner, TieCountingRunner
from m55ml.export.targets import ExportTarget
from m55ml.reports.pte import ProgramSummary, read_program

CHANNELS_LAST_DIM_ORDER = (0, 2, 3, 1)


@dataclass(frozen=True)
class ExportOptions:
    target: ExportTarget
    # Keep operators that do not lower to cortex_m:: as portable kernels instead of failing.
    allow_portable_fallback: bool = False


@dataclass
class LoweredModel:
    pte: bytes
    summary: ProgramSummary
    # Outputs of the lowered program (Python reference kernels) for each reference input.
    reference_outputs: list[torch.Tensor]
    # Average-pool outputs of the first reference input on an exact .5 tie (export.numerics).
    reference_avg_pool_ties: int
    # The first reference input's output with average pools rounded as CMSIS-NN does: what a
    # CMSIS-exact device must produce. Equal to reference_outputs[0] when no tie changed it.
    device_reference_output: torch.Tensor | None = None
    # Average-pool outputs (all layers) where the two roundings gave different values.
    device_avg_pool_differences: int = 0


def to_program_layout(x: torch.Tensor) -> torch.Tensor:
    """The tensor with the memory format the program is compiled for (channels_last if 4-D)."""
    return x.to(memory_format=torch.channels_last) if x.dim() == 4 else x.contiguous()


def check_example_input(model: str, x: torch.Tensor) -> None:
    """Reject inputs the backend would silently mis-compile (float convs, wrong dtype)."""
    if x.dtype != torch.float32:
        raise InputDtypeError(
            f"model {model!r}: the example input is {x.dtype}, expected torch.float32 "
            "(the program quantizes its float input itself)"
        )
    if x.dim() == 4 and x.dim_order() != CHANNELS_LAST_DIM_ORDER:
        order = tuple(x.dim_order())
        layout = "NCHW" if order == (0, 1, 2, 3) else "not channels_last"
        raise InputLayoutError(
            f"model {model!r}: the example input of shape {list(x.shape)} is {layout} "
            f"(dim order {list(order)}); the Cortex-M backend lowers only channels_last "
            "convolutions: pass x.to(memory_format=torch.channels_last)"
        )


def _check_model_accepts(model: str, module: torch.nn.Module, x: torch.Tensor) -> None:
    # One eager forward turns a shape mismatch into a clear message before torch.export
    # buries it under tracing frames.
    try:
        with torch.no_grad():
            module(x)
    except RuntimeError as err:
        detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputShapeError(
            f"model {model!r} cannot run on an input of shape {list(x.shape)} ({detail}); "
            "use the input shape the model was built for"
        ) from err


def quantize(
    module: torch.nn.Module, example: torch.Tensor, calibration: list[torch.Tensor]
) -> torch.fx.GraphModule:
    captured = torch.export.export(module, (example,)).module(check_guards=False)
    prepared = prepare_pt2e(captured, CortexMQuantizer())
    with torch.no_grad():
        for sample in calibration:
            prepared(to_program_layout(sample))
    return convert_pt2e(prepared)


def lower_to_cortex_m(
    quantized: torch.fx.GraphModule, example: torch.Tensor, target: ExportTarget
) -> EdgeProgramManager:
    compile_config = cortex_m_edge_compile_config()
    edge = to_edge(torch.export.export(quantized, (example,)), compile_config=compile_config)
    lowered = CortexMPassManager(edge.exported_program(), target_config=target.config).transform()
    edge = EdgeProgramManager({"forward": lowered}, compile_config=compile_config)
    # The dim-order clone that keeps the channels_last input layout is an identity once the
    # input is declared channels_last; removing it leaves only cortex_m:: kernels.
    return edge.transform([RemoveCloneOpsTransform()])


@dataclass
class ReferenceRun:
    outputs: list[torch.Tensor]  # one per input, in order
    avg_pool_ties: int  # rounding ties met by the first input (see export.numerics)
    device_output: torch.Tensor  # first input, CMSIS-NN average-pool rounding
    device_avg_pool_differences: int


def _single_output(out: object) -> torch.Tensor:
    if isinstance(out, (tuple, list)):
        if len(out) != 1:
            raise ProgramFormatError(f"expected one output, the program has {len(out)}")
        out = out[0]
    assert isinstance(out, torch.Tensor)
    return out.detach().clone()


def run_reference(edge: EdgeProgramManager, inputs: list[torch.Tensor]) -> ReferenceRun:
    """Run the lowered program with ExecuTorch's Python reference kernels.

    Must happen before to_executorch(), which rewrites the graph into out-variants.
    """
    runner = edge.exported_program().module()
    with torch.no_grad():
        # The first input goes through the node-by-node interpreter to count rounding ties;
        # it executes the same kernels, so its output is the same.
        tie_counter = TieCountingRunner(runner)
        outputs = [_single_output(tie_counter.run(to_program_layout(inputs[0])))]
        outputs += [_single_output(runner(to_program_layout(x))) for x in inputs[1:]]
        device_runner = DeviceSemanticsRunner(runner)
        device_output = _single_output(device_runner.run(to_program_layout(inputs[0])))
    return ReferenceRun(
        outputs=outputs,
        avg_pool_ties=tie_counter.avg_pool_ties,
        device_output=device_output,
        device_avg_pool_differences=device_runner.differing_outputs,
    )


def _check_interface(model: str, summary: ProgramSummary) -> None:
    """The firmware contract: one float32 input quantized by the first kernel, one float32
    output dequantized by the last kernel."""
    problems = []
    if len(summary.inputs) != 1 or summary.inputs[0].dtype != "float32":
        problems.append("its input is not a single float32 tensor")
    if len(summary.outputs) != 1 or summary.outputs[0].dtype != "float32":
        problems.append("its output is not a single float32 tensor")
    if summary.input_quantization is None:
        problems.append("the first kernel is not cortex_m::quantize_per_tensor of the input")
    if summary.output_quantization is None:
        problems.append("the last kernel is not cortex_m::dequantize_per_tensor to the output")
    if problems:
        raise ProgramFormatError(
            f"model {model!r}: the program does not have the float-in/float-out interface the "
            f"firmware expects: {'; '.join(problems)}"
        )


def export_program(
    model: str,
    module: torch.nn.Module,
    example: torch.Tensor,
    calibration: list[torch.Tensor],
    options: ExportOptions,
    reference_inputs: list[torch.Tensor] | None = None,
) -> LoweredModel:
    """Quantize and lower `module` for `options.target`; serialize it and its reference outputs.

    `example` must already be in program layout (channels_last for 4-D inputs): the layout is
    part of the program, so a caller passing NCHW gets an error, not a silent conversion.
    """
    check_example_input(model, example)
    module = module.eval().to(memory_format=torch.channels_last)
    _check_model_accepts(model, module, example)

    edge = lower_to_cortex_m(quantize(module, example, calibration), example, options.target)
    reference = run_reference(edge, reference_inputs or [example])

    executorch_program = edge.to_executorch(ExecutorchBackendConfig())
    pte = bytes(executorch_program.buffer)
    summary = read_program(pte)

    offending = find_offending_ops(summary, executorch_program.exported_program().graph_module)
    if offending and not options.allow_portable_fallback:
        raise UnsupportedOpsError(model, offending)
    if not options.allow_portable_fallback:
        _check_interface(model, summary)
    return LoweredModel(
        pte=pte,
        summary=summary,
        reference_outputs=reference.outputs,
        reference_avg_pool_ties=reference.avg_pool_ties,
        device_reference_output=reference.device_output,
        device_avg_pool_differences=reference.device_avg_pool_differences,
    )
