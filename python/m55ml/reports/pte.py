"""Read a serialized .pte back: the facts the firmware depends on, taken from the bytes themselves.

Everything in the manifest about the program (operators, memory plan, tensor interface,
quantization of the input and output) comes from here, i.e. from what was actually written,
never from the in-memory graph that produced it.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

from executorch.exir import schema
from executorch.exir._serialize._program import deserialize_pte_binary
from executorch.exir.scalar_type import ScalarType

from m55ml.errors import ProgramFormatError
from m55ml.reports.opnames import DEQUANTIZE_OP, LINEAR_OP, QUANTIZE_OP

PTE_IDENTIFIER = b"ET12"
EXTENDED_HEADER_MAGIC = b"eh00"

# ScalarType -> (name, bytes per element) for the types a Cortex-M program uses.
_SCALAR_TYPES: dict[int, tuple[str, int]] = {
    ScalarType.BYTE: ("uint8", 1),
    ScalarType.CHAR: ("int8", 1),
    ScalarType.SHORT: ("int16", 2),
    ScalarType.INT: ("int32", 4),
    ScalarType.LONG: ("int64", 8),
    ScalarType.HALF: ("float16", 2),
    ScalarType.FLOAT: ("float32", 4),
    ScalarType.DOUBLE: ("float64", 8),
    ScalarType.BOOL: ("bool", 1),
}


def scalar_type_name(scalar_type: int) -> str:
    return _SCALAR_TYPES.get(scalar_type, (f"scalar_type_{int(scalar_type)}", 0))[0]


@dataclass(frozen=True)
class TensorInfo:
    """A program input or output as the runtime sees it."""

    value_index: int
    sizes: tuple[int, ...]
    dtype: str
    dim_order: tuple[int, ...]

    @property
    def nbytes(self) -> int:
        count = 1
        for size in self.sizes:
            count *= size
        element = next((b for n, b in _SCALAR_TYPES.values() if n == self.dtype), 0)
        return count * element

    @property
    def layout(self) -> str:
        """"channels_last", "contiguous" or "custom", judged on the dims that are not 1.

        Size-1 dims do not move bytes, so a 1-channel input whose dim order is (0, 2, 1, 3)
        (how ExecuTorch orders channels_last strides when C == 1) is laid out exactly like
        NHWC; for 4-D tensors channels_last wins such ties because the program is compiled so.
        """
        moving = [d for d in self.dim_order if self.sizes[d] != 1]
        if len(self.sizes) == 4 and moving == [d for d in (0, 2, 3, 1) if self.sizes[d] != 1]:
            return "channels_last"
        if moving == sorted(moving):
            return "contiguous"
        return "custom"


@dataclass(frozen=True)
class QuantParams:
    """Per-tensor affine quantization: real = (q - zero_point) * scale."""

    scale: float
    zero_point: int
    quant_min: int
    quant_max: int
    dtype: str


@dataclass(frozen=True)
class KernelInstruction:
    op: str  # "namespace::name.overload", the key the runtime's kernel registry uses
    args: tuple[int, ...]  # indices into the plan's values


@dataclass(frozen=True)
class ProgramSummary:
    identifier: str
    plan_name: str
    instructions: tuple[KernelInstruction, ...]
    non_const_buffer_sizes: tuple[int, ...]
    flatbuffer_bytes: int
    segment_data_bytes: int
    constant_tensor_count: int
    inputs: tuple[TensorInfo, ...]
    outputs: tuple[TensorInfo, ...]
    # Per input: the parameters of the cortex_m::quantize_per_tensor that reads it, if any.
    input_quantization: tuple[QuantParams | None, ...]
    # Per output: the parameters of the cortex_m::dequantize_per_tensor that writes it, if any.
    output_quantization: tuple[QuantParams | None, ...]
    linear_forms: tuple[str, ...]  # per quantized_linear: "kernel_sum" | "bias" | ...

    @property
    def op_histogram(self) -> dict[str, int]:
        counts = collections.Counter(i.op for i in self.instructions)
        return dict(sorted(counts.items()))

    @property
    def planned_memory(self) -> dict[str, int]:
        # Buffer 0 is reserved by ExecuTorch (constants); ids from 1 are the planned arenas.
        return {str(i): size for i, size in enumerate(self.non_const_buffer_sizes) if i > 0}


def _read_extended_header(pte: bytes) -> tuple[int, int]:
    """(program_size, segment_data_size) from the extended header at bytes 8..40."""
    if pte[8:12] != EXTENDED_HEADER_MAGIC:
        return len(pte), 0
    program_size = int.from_bytes(pte[16:24], "little")
    segment_data_size = int.from_bytes(pte[32:40], "little")
    return program_size, segment_data_size


def _op_name(operator: schema.Operator) -> str:
    return f"{operator.name}.{operator.overload}" if operator.overload else operator.name


def _tensor_info(plan: schema.ExecutionPlan, index: int) -> TensorInfo:
    value = plan.values[index].val
    if not isinstance(value, schema.Tensor):
        raise ProgramFormatError(
            f"program value {index} is a {type(value).__name__}, expected a tensor input/output",
            "export the model with tensor inputs and outputs only",
        )
    return TensorInfo(
        value_index=index,
        sizes=tuple(value.sizes),
        dtype=scalar_type_name(value.scalar_type),
        dim_order=tuple(value.dim_order),
    )


def _scalar(plan: schema.ExecutionPlan, index: int) -> float | int | None:
    value = plan.values[index].val
    if isinstance(value, schema.Double):
        return float(value.double_val)
    if isinstance(value, schema.Int):
        return int(value.int_val)
    return None


def _quant_params(plan: schema.ExecutionPlan, call: KernelInstruction) -> QuantParams:
    # Schema of both ops: (input, scale, zero_point, quant_min, quant_max, dtype, out).
    scale, zero_point, qmin, qmax, dtype = (_scalar(plan, i) for i in call.args[1:6])
    if None in (scale, zero_point, qmin, qmax, dtype):
        raise ProgramFormatError(
            f"{call.op} has non-constant quantization parameters",
            "give a program whose quantize/dequantize parameters are constants, as the export "
            "writes them",
        )
    return QuantParams(
        scale=float(scale),  # type: ignore[arg-type]
        zero_point=int(zero_point),  # type: ignore[arg-type]
        quant_min=int(qmin),  # type: ignore[arg-type]
        quant_max=int(qmax),  # type: ignore[arg-type]
        dtype=scalar_type_name(int(dtype)),  # type: ignore[arg-type]
    )


def _linear_form(plan: schema.ExecutionPlan, call: KernelInstruction) -> str:
    # Schema: (input, weights, bias?, kernel_sum?, ...). MVE programs fold the bias into
    # kernel_sum; DSP/scalar programs pass the bias itself.
    def present(i: int) -> bool:
        return isinstance(plan.values[call.args[i]].val, schema.Tensor)

    has_bias, has_kernel_sum = present(2), present(3)
    if has_kernel_sum and not has_bias:
        return "kernel_sum"
    if has_bias and not has_kernel_sum:
        return "bias"
    return "bias+kernel_sum" if has_bias else "no_bias"


def read_program(pte: bytes) -> ProgramSummary:
    """Parse .pte bytes with ExecuTorch's own deserializer and summarise method 0."""
    if len(pte) < 8 or pte[4:8] != PTE_IDENTIFIER:
        raise ProgramFormatError(
            f"not an ExecuTorch program: identifier {pte[4:8]!r}, expected {PTE_IDENTIFIER!r}",
            "give an ExecuTorch .pte file",
        )
    program = deserialize_pte_binary(pte).program
    if len(program.execution_plan) != 1:
        raise ProgramFormatError(
            f"expected exactly one method, found {len(program.execution_plan)}",
            "export the program with one method (forward)",
        )
    plan = program.execution_plan[0]
    instructions = tuple(
        KernelInstruction(op=_op_name(plan.operators[i.instr_args.op_index]),
                          args=tuple(i.instr_args.args))
        for chain in plan.chains
        for i in chain.instructions
        if isinstance(i.instr_args, schema.KernelCall)
    )
    inputs = tuple(_tensor_info(plan, i) for i in plan.inputs)
    outputs = tuple(_tensor_info(plan, i) for i in plan.outputs)

    quantizes = {c.args[0]: c for c in instructions if c.op == QUANTIZE_OP}
    dequantizes = {c.args[-1]: c for c in instructions if c.op == DEQUANTIZE_OP}
    input_q = tuple(
        _quant_params(plan, quantizes[t.value_index]) if t.value_index in quantizes else None
        for t in inputs
    )
    output_q = tuple(
        _quant_params(plan, dequantizes[t.value_index]) if t.value_index in dequantizes else None
        for t in outputs
    )

    program_size, segment_bytes = _read_extended_header(pte)
    return ProgramSummary(
        identifier=pte[4:8].decode("ascii"),
        plan_name=plan.name,
        instructions=instructions,
        non_const_buffer_sizes=tuple(plan.non_const_buffer_sizes),
        flatbuffer_bytes=program_size,
        segment_data_bytes=segment_bytes,
        constant_tensor_count=len(program.constant_buffer),
        inputs=inputs,
        outputs=outputs,
        input_quantization=input_q,
        output_quantization=output_q,
        linear_forms=tuple(_linear_form(plan, c) for c in instructions if c.op == LINEAR_OP),
    )
