"""ExecuTorch's Cortex-M lowering, end to end, for one float model and one example input.

    PT2E (CortexMQuantizer: prepare -> calibrate -> convert)
      -> torch.export -> to_edge (Cortex-M edge compile config)
      -> CortexMPassManager (aten + q/dq patterns -> cortex_m:: ops)
      -> RemoveCloneOpsTransform (the identity dim-order clone left at the input)
      -> reference outputs (ExecuTorch's Python implementations of the cortex_m:: ops)
      -> to_executorch -> .pte bytes

Any number of inputs and outputs, of any rank. With `int8_io`, ExecuTorch's own QuantizeInputs
and QuantizeOutputs passes remove the boundary quantize/dequantize before lowering, so the
program takes and returns int8 tensors and the application quantizes (what deployments usually
want); their parameters go in the manifest.

Three details are required with torch 2.13 / executorch 1.5.1 (see docs/export.md):
the captured module is taken with `module(check_guards=False)` (else `call_module is not
supported` at prepare time), model and inputs are channels_last (else convolutions stay float),
and to_edge uses the backend's compile config (else linear decomposes into a mixed-dtype addmm).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from executorch.backends.cortex_m.edge_compile_config import (
    cortex_m_edge_compile_config,
)
from executorch.backends.cortex_m.passes.cortex_m_pass_manager import CortexMPassManager
from executorch.backends.cortex_m.quantizer.quantizer import CortexMQuantizer
from executorch.backends.transforms.remove_clone_ops import RemoveCloneOpsTransform
from executorch.backends.transforms.replace_squeeze_unsqueeze_with_view import (
    ReplaceSqueezeAndUnsqueezeWithViewPass,
)
from executorch.exir import EdgeProgramManager, ExecutorchBackendConfig, to_edge
from executorch.exir.passes.quantize_io_pass import QuantizeInputs, QuantizeOutputs
from torchao.quantization.pt2e.quantize_pt2e import convert_pt2e, prepare_pt2e

from m55ml.errors import (
    InputDtypeError,
    InputLayoutError,
    InputShapeError,
    ProgramFormatError,
    UnsupportedOpsError,
)
from m55ml.export.lowering import find_offending_ops
from m55ml.export.numerics import (
    DeviceSemanticsRunner,
    ReferenceRunner,
    TieCountingRunner,
)
from m55ml.export.rewrites import (
    POST_QUANTIZATION_REWRITES,
    RewriteReport,
    apply_rewrites,
)
from m55ml.export.stages import stage
from m55ml.export.targets import ExportTarget
from m55ml.export.views import RowMajorViewBasesPass
from m55ml.reports.pte import ProgramSummary, QuantParams, read_program

Inputs = tuple[torch.Tensor, ...]


@dataclass(frozen=True)
class ExportOptions:
    target: ExportTarget
    # Keep operators that do not lower to cortex_m:: as portable kernels instead of failing.
    allow_portable_fallback: bool = False
    # Leave the boundary quantize/dequantize to the application: int8 inputs and outputs.
    int8_io: bool = False


@dataclass
class LoweredModel:
    pte: bytes
    summary: ProgramSummary
    # Outputs of the lowered program (Python reference kernels), one tuple per reference input.
    reference_outputs: list[Inputs]
    # Average-pool outputs of the first reference input on an exact .5 tie (export.numerics).
    reference_avg_pool_ties: int
    # The first reference input's outputs with average pools rounded as CMSIS-NN does: what a
    # CMSIS-exact device must produce. Equal to reference_outputs[0] when no tie changed it.
    device_reference_outputs: Inputs = ()
    # Average-pool outputs (all layers) where the two roundings gave different values.
    device_avg_pool_differences: int = 0
    # The reference inputs as the program takes them (quantized with int8_io), in order.
    program_inputs: list[Inputs] = field(default_factory=list)
    # How many places each rewrite (export.rewrites) changed.
    rewrites: dict[str, int] = field(default_factory=dict)


def to_program_layout(x: torch.Tensor) -> torch.Tensor:
    """The tensor with the memory format the program is compiled for (channels_last if 4-D)."""
    return x.to(memory_format=torch.channels_last) if x.dim() == 4 else x.contiguous()


def to_program_layouts(inputs: Inputs) -> Inputs:
    return tuple(to_program_layout(x) for x in inputs)


def check_example_inputs(inputs: Inputs) -> None:
    """Reject inputs the backend would silently mis-compile (float convs, wrong dtype)."""
    for index, x in enumerate(inputs):
        if x.dtype != torch.float32:
            raise InputDtypeError(
                f"example input {index} is {x.dtype}, expected torch.float32",
                "pass float32 inputs: the program quantizes them itself (or, with int8 I/O, "
                "tells the application how)",
            )
        # Judged on the bytes, not on dim_order(): where NCHW and NHWC coincide (C == 1, or
        # H == W == 1) torch reports contiguous order for a channels_last tensor.
        if x.dim() == 4 and not x.is_contiguous(memory_format=torch.channels_last):
            raise InputLayoutError(
                f"example input {index} of shape {list(x.shape)} is NCHW, not channels_last",
                "the Cortex-M backend lowers only channels_last convolutions: pass "
                "x.to(memory_format=torch.channels_last)",
            )


def _check_model_accepts(module: torch.nn.Module, inputs: Inputs) -> None:
    # One eager forward turns a shape mismatch into a clear message before torch.export
    # buries it under tracing frames.
    try:
        with torch.no_grad():
            module(*inputs)
    except (RuntimeError, TypeError, ValueError, IndexError) as err:
        detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        shapes = ", ".join(str(list(x.shape)) for x in inputs)
        raise InputShapeError(
            f"the model cannot run on inputs of shape {shapes} ({type(err).__name__}: {detail})",
            "give the input shapes forward() takes (--input-shape per input, "
            "pte_model(input_shapes = [...])), in forward()'s argument order",
        ) from err


def quantize(
    module: torch.nn.Module,
    example: Inputs,
    calibration: list[Inputs],
    report: RewriteReport | None = None,
    rewrite: bool = True,
) -> torch.fx.GraphModule:
    """PT2E with the Cortex-M quantizer, after the rewrites (export.rewrites) that restate ops
    it would leave float as patterns it quantizes. `report` receives what they changed;
    `rewrite=False` skips them (tests compare the two)."""
    captured = torch.export.export(module, example).module(check_guards=False)
    applied = RewriteReport()
    if rewrite:
        captured, applied = apply_rewrites(captured, example)
    prepared = prepare_pt2e(captured, CortexMQuantizer())
    with torch.no_grad():
        for sample in calibration:
            prepared(*to_program_layouts(sample))
    converted = convert_pt2e(prepared)
    for post_rewrite in POST_QUANTIZATION_REWRITES if rewrite else ():
        applied.add(post_rewrite.__name__, post_rewrite(converted))
    if report is not None:
        for name, count in applied.counts.items():
            report.add(name, count)
    return converted


@dataclass(frozen=True)
class IoQuantization:
    """Quantization the application applies at the boundary (int8 I/O), per index."""

    inputs: dict[int, QuantParams]
    outputs: dict[int, QuantParams]


def _quant_params(args: tuple[object, ...]) -> QuantParams:
    scale, zero_point, quant_min, quant_max, dtype = args[:5]
    return QuantParams(
        scale=float(scale),  # type: ignore[arg-type]
        zero_point=int(zero_point),  # type: ignore[call-overload]
        quant_min=int(quant_min),  # type: ignore[call-overload]
        quant_max=int(quant_max),  # type: ignore[call-overload]
        dtype=str(dtype).replace("torch.", ""),
    )


def _strip_boundary_quantization(
    edge: EdgeProgramManager, num_inputs: int, num_outputs: int
) -> tuple[EdgeProgramManager, IoQuantization]:
    program = edge.exported_program()
    # Without an EdgeProgramManager the passes add no config methods: one method stays one.
    inputs = QuantizeInputs(None, list(range(num_inputs)), exported_program=program)
    outputs = QuantizeOutputs(None, list(range(num_outputs)), exported_program=program)
    try:
        edge = edge.transform([inputs, outputs])
    except (ValueError, AssertionError) as err:
        raise ProgramFormatError(
            f"int8 I/O needs every input quantized and every output dequantized at the "
            f"boundary ({str(err).splitlines()[0] if str(err) else type(err).__name__})",
            "quantize the whole model (no float-only op next to an input or output), or "
            "export with float I/O",
        ) from err
    return edge, IoQuantization(
        inputs={i: _quant_params(a) for i, a in inputs.quant_args.items()},
        outputs={i: _quant_params(a) for i, a in outputs.dequant_args.items()},
    )


def to_edge_program(
    quantized: torch.fx.GraphModule, example: Inputs, int8_io: bool
) -> tuple[EdgeProgramManager, IoQuantization | None]:
    """The quantized model as an edge program, before anything depends on the target."""
    compile_config = cortex_m_edge_compile_config()
    edge = to_edge(torch.export.export(quantized, example), compile_config=compile_config)
    io_quantization = None
    if int8_io:
        num_outputs = len(edge.exported_program().graph_signature.user_outputs)
        edge, io_quantization = _strip_boundary_quantization(edge, len(example), num_outputs)
    return edge, io_quantization


def lower_for_target(edge: EdgeProgramManager, target: ExportTarget) -> EdgeProgramManager:
    """The Cortex-M passes for `target`, then the layout clean-up: only cortex_m:: kernels."""
    lowered = CortexMPassManager(edge.exported_program(), target_config=target.config).transform()
    edge = EdgeProgramManager({"forward": lowered}, compile_config=cortex_m_edge_compile_config())
    # The dim-order clone that keeps the channels_last input layout is an identity once the
    # input is declared channels_last; removing it leaves only cortex_m:: kernels.
    # Squeezes and unsqueezes left around rewritten 1-D convolutions become views (the
    # runtime's own aten::view_copy: the same bytes under a new shape). to_executorch() makes
    # those views share their base's bytes, so a base in another dim order is first copied to
    # row-major (export.views).
    return edge.transform(
        [
            RemoveCloneOpsTransform(),
            ReplaceSqueezeAndUnsqueezeWithViewPass(),
            RowMajorViewBasesPass(),
        ]
    )


def lower_to_cortex_m(
    quantized: torch.fx.GraphModule, example: Inputs, options: ExportOptions
) -> tuple[EdgeProgramManager, IoQuantization | None]:
    edge, io_quantization = to_edge_program(quantized, example, options.int8_io)
    return lower_for_target(edge, options.target), io_quantization


def quantize_for_program(inputs: Inputs, io: IoQuantization | None) -> Inputs:
    """The inputs as the program takes them: quantized by ExecuTorch's reference quantize for
    int8 I/O (what the application must do), unchanged otherwise."""
    if io is None:
        return inputs
    quantize_op = torch.ops.cortex_m.quantize_per_tensor.default
    quantized = []
    for index, x in enumerate(inputs):
        q = io.inputs[index]
        dtype = getattr(torch, q.dtype)
        quantized.append(quantize_op(x, q.scale, q.zero_point, q.quant_min, q.quant_max, dtype))
    return tuple(quantized)


@dataclass
class ReferenceRun:
    outputs: list[Inputs]  # one tuple per input set, in order
    avg_pool_ties: int  # rounding ties met by the first input set (see export.numerics)
    device_outputs: Inputs  # first input set, CMSIS-NN average-pool rounding
    device_avg_pool_differences: int


def _as_outputs(out: object) -> Inputs:
    items = out if isinstance(out, (tuple, list)) else (out,)
    tensors = []
    for item in items:
        if not isinstance(item, torch.Tensor):
            raise ProgramFormatError(
                f"the program returns a {type(item).__name__}",
                "return a tensor or a tuple of tensors from forward()",
            )
        tensors.append(item.detach().clone())
    return tuple(tensors)


def run_reference(edge: EdgeProgramManager, inputs: list[Inputs]) -> ReferenceRun:
    """Run the lowered program with ExecuTorch's Python reference kernels.

    Must happen before to_executorch(), which rewrites the graph into out-variants.
    """
    runner = edge.exported_program().module()
    with torch.no_grad():
        # The first input set goes through the node-by-node interpreter to count rounding
        # ties; it executes the same kernels, so its outputs are the same.
        tie_counter = TieCountingRunner(runner)
        outputs = [_as_outputs(tie_counter.run(*to_program_layouts(inputs[0])))]
        outputs += [
            _as_outputs(ReferenceRunner(runner).run(*to_program_layouts(x))) for x in inputs[1:]
        ]
        device_runner = DeviceSemanticsRunner(runner)
        device_outputs = _as_outputs(device_runner.run(*to_program_layouts(inputs[0])))
    return ReferenceRun(
        outputs=outputs,
        avg_pool_ties=tie_counter.avg_pool_ties,
        device_outputs=device_outputs,
        device_avg_pool_differences=device_runner.differing_outputs,
    )


def _check_interface(summary: ProgramSummary, int8_io: bool) -> None:
    """The firmware contract: each float32 input quantized by a kernel, each float32 output
    dequantized by one (or, with int8 I/O, int8 tensors at both ends)."""
    problems = []
    want = "int8" if int8_io else "float32"
    for index, tensor in enumerate(summary.inputs):
        if tensor.dtype != want:
            problems.append(f"input {index} is {tensor.dtype}, not {want}")
        elif not int8_io and summary.input_quantization[index] is None:
            problems.append(f"input {index} is not quantized by cortex_m::quantize_per_tensor")
    for index, tensor in enumerate(summary.outputs):
        if tensor.dtype != want:
            problems.append(f"output {index} is {tensor.dtype}, not {want}")
        elif not int8_io and summary.output_quantization[index] is None:
            problems.append(
                f"output {index} is not produced by cortex_m::dequantize_per_tensor"
            )
    if problems:
        raise ProgramFormatError(
            f"the program does not have the {want} interface the firmware expects: "
            + "; ".join(problems),
            "make every input feed a quantized layer and every output come from one, or pass "
            "--allow-portable-fallback to keep float ops at the boundary",
        )


@dataclass
class EdgeProgram:
    """An export up to the point where the target matters: quantized (after the rewrites),
    converted to an edge program, boundary quantization removed for int8 I/O. Exports of one
    model for several cores can start from one (export.reuse)."""

    edge: EdgeProgramManager
    io: IoQuantization | None
    # How many places each rewrite (export.rewrites) changed.
    rewrites: dict[str, int]


def prepare_program(
    model: str,
    module: torch.nn.Module,
    example: Inputs,
    calibration: list[Inputs],
    int8_io: bool,
) -> EdgeProgram:
    """Quantize `module` and convert it to an edge program: the target-independent stages.

    `example` must already be in program layout (channels_last for 4-D inputs): the layout is
    part of the program, so a caller passing NCHW gets an error, not a silent conversion.
    Each step runs inside a named stage, so a failure deep in torch or ExecuTorch reads as
    `<model>: <stage>: ...`.
    """
    with stage(model, "inputs"):
        check_example_inputs(example)
        module = module.eval().to(memory_format=torch.channels_last)
        _check_model_accepts(module, example)
    with stage(model, "quantize"):
        rewrites = RewriteReport()
        quantized = quantize(module, example, calibration, rewrites)
    with stage(model, "lower"):
        edge, io = to_edge_program(quantized, example, int8_io)
    return EdgeProgram(edge=edge, io=io, rewrites=dict(rewrites.counts))


def finish_program(
    model: str,
    prepared: EdgeProgram,
    options: ExportOptions,
    reference_inputs: list[Inputs],
) -> LoweredModel:
    """Lower a prepared program for `options.target`; serialize it and its reference outputs."""
    with stage(model, "lower"):
        edge = lower_for_target(prepared.edge, options.target)
    with stage(model, "reference"):
        program_inputs = [quantize_for_program(x, prepared.io) for x in reference_inputs]
        reference = run_reference(edge, program_inputs)
    with stage(model, "serialize"):
        executorch_program = edge.to_executorch(ExecutorchBackendConfig())
        pte = bytes(executorch_program.buffer)
        summary = read_program(pte)
    with stage(model, "check"):
        offending = find_offending_ops(
            summary, executorch_program.exported_program().graph_module
        )
        if offending and not options.allow_portable_fallback:
            raise UnsupportedOpsError(model, offending)
        if not options.allow_portable_fallback:
            _check_interface(summary, options.int8_io)
    return LoweredModel(
        pte=pte,
        summary=summary,
        reference_outputs=reference.outputs,
        reference_avg_pool_ties=reference.avg_pool_ties,
        device_reference_outputs=reference.device_outputs,
        device_avg_pool_differences=reference.device_avg_pool_differences,
        program_inputs=program_inputs,
        rewrites=dict(prepared.rewrites),
    )


def export_program(
    model: str,
    module: torch.nn.Module,
    example: Inputs,
    calibration: list[Inputs],
    options: ExportOptions,
    reference_inputs: list[Inputs] | None = None,
) -> tuple[LoweredModel, IoQuantization | None]:
    """Quantize and lower `module` for `options.target`; serialize it and its reference outputs
    (prepare_program, then finish_program)."""
    prepared = prepare_program(model, module, example, calibration, options.int8_io)
    lowered = finish_program(model, prepared, options, reference_inputs or [example])
    return lowered, prepared.io
