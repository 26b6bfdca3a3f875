"""Exports the runtime tests' fixture programs through ExecuTorch's Cortex-M flow.

Three small models, chosen to cover the loader's paths, not to be accurate:
  conv_block  conv -> depthwise conv -> residual add -> average pool -> linear, one input; its
              weights live in a constant segment behind the extended header. Every kernel size,
              stride, padding and image side differs between height and width, so a runtime
              that reversed or mixed up an int list argument would be caught.
  add_two     quantized add of two inputs; no constants, so no segments and no extended header.
  two_by_two  two inputs, two outputs (their sum and their product).
  split_pair  a quantized add of a constant, then split_with_sizes_copy into two outputs: a
              kernel that writes a tensor list (Tensor(a!)[] out).
  two_by_two_int8, conv_block_int8  the same programs with output 0 rewired to an int8 tensor
              (two_by_two: the product's, conv_block: the logits'), the input of a final
              dequantize: programs that leave dequantizing to the application. The int8
              reference is recovered exactly from the float one by inverting the dequantize
              (q = round(f / scale) + zero_point).

For each model NAME this writes into --out_dir:
  NAME.pte                     the program
  NAME.input<i>.bin            input i: float32 bytes in the tensor's dim order
  NAME.reference_output.bin    output 0 of the lowered edge program run by the Python reference
                               implementations of the cortex_m:: ops (the oracle); output i > 0
                               in NAME.reference_output<i>.bin
  NAME.manifest.txt            key=value facts read from the Python program object, so the C++
                               tests check the runtime against ExecuTorch, not against itself

Same seed, same bytes: nothing here depends on time, paths or thread scheduling.
"""

import argparse
import gc
import pathlib
import struct

# No garbage collection while torch and ExecuTorch import: the ~440k objects they make live as
# long as the process, and collecting over them again and again cost 1.5 of this program's 8
# CPU-s. Frozen after the imports, later collections look only at what the exports make.
gc.disable()

import torch
from executorch.backends.cortex_m.edge_compile_config import (
    cortex_m_edge_compile_config,
)
from executorch.backends.cortex_m.passes.cortex_m_pass_manager import CortexMPassManager
from executorch.backends.cortex_m.quantizer.quantizer import CortexMQuantizer
from executorch.exir import EdgeProgramManager, to_edge
from torchao.quantization.pt2e.quantize_pt2e import convert_pt2e, prepare_pt2e

gc.freeze()
gc.enable()

_SCALAR_TYPE_BYTES = {torch.float32: 4, torch.int8: 1, torch.uint8: 1, torch.int32: 4}


class SplitPair(torch.nn.Module):
    """A quantized add of a constant, then aten::split_with_sizes_copy, whose out is a
    Tensor(a!)[] list: the runtime must check each list entry it writes."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("offset", torch.arange(12, dtype=torch.float32).reshape(1, 12) / 8)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        a, b = torch.split(x + self.offset, [4, 8], dim=1)
        return a, b


class ConvBlock(torch.nn.Module):
    """On a 9x8 image: conv 3x2, stride 2x1, padding 1x0 -> 5x7; depthwise 1x3, padding 0x1 ->
    5x7; pool over the whole 5x7 (an odd window: no rounding ties); linear."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, (3, 2), stride=(2, 1), padding=(1, 0))
        self.depthwise = torch.nn.Conv2d(8, 8, (1, 3), padding=(0, 1), groups=8)
        self.pool = torch.nn.AdaptiveAvgPool2d(1)
        self.fc = torch.nn.Linear(8, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.relu(self.conv(x))
        y = y + torch.relu(self.depthwise(y))
        return self.fc(self.pool(y).flatten(1))


class AddTwo(torch.nn.Module):
    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return x + y


class TwoByTwo(torch.nn.Module):
    def forward(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return x + y, x * y


def _outputs(reference) -> list[torch.Tensor]:
    return list(reference) if isinstance(reference, (tuple, list)) else [reference]


def _channels_last(t: torch.Tensor) -> torch.Tensor:
    return t.to(memory_format=torch.channels_last) if t.dim() == 4 else t


def _memory_order_bytes(t: torch.Tensor) -> bytes:
    """The tensor's bytes as the runtime lays them out: NHWC for 4-D channels-last inputs."""
    if t.dim() == 4:
        t = t.permute(0, 2, 3, 1)
    return t.contiguous().numpy().astype("float32").tobytes()


def _export(model: torch.nn.Module, make_inputs, calibration_steps: int):
    model = model.eval()
    if any(p.dim() == 4 for p in model.parameters()):
        model = model.to(memory_format=torch.channels_last)
    example = tuple(_channels_last(t) for t in make_inputs())
    graph = torch.export.export(model, example).module(check_guards=False)
    prepared = prepare_pt2e(graph, CortexMQuantizer())
    for _ in range(calibration_steps):
        prepared(*(_channels_last(t) for t in make_inputs()))
    converted = convert_pt2e(prepared)
    edge = to_edge(torch.export.export(converted, example),
                   compile_config=cortex_m_edge_compile_config())
    lowered = CortexMPassManager(edge.exported_program()).transform()
    edge = EdgeProgramManager({"forward": lowered}, compile_config=cortex_m_edge_compile_config())
    # The reference must run before to_executorch(), which mutates the edge program.
    reference = edge.exported_program().module()(*example)
    executorch_program = edge.to_executorch()
    return example, reference, executorch_program


def _fnv1a64(data: bytes) -> int:
    value = 0xCBF29CE484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


_ELEMENT_BYTES = {0: 1, 1: 1, 2: 2, 3: 4, 4: 8, 6: 4, 7: 8, 11: 1}


def _describe_value(program, plan, index: int) -> str:
    """One kernel argument as the C++ test formats the cmops_value it receives."""
    value = plan.values[index].val
    kind = type(value).__name__
    if kind == "Null":
        return "N"
    if kind == "Int":
        return f"I{value.int_val}"
    if kind == "Bool":
        return f"B{int(value.bool_val)}"
    if kind == "Double":
        return "D" + struct.pack("<d", value.double_val).hex()
    if kind == "IntList":
        return "L" + ",".join(str(plan.values[i].val.int_val) for i in value.items)
    if kind == "TensorList":
        return "[" + "|".join(_describe_value(program, plan, i) for i in value.items) + "]"
    if kind == "Tensor":
        dtype = int(value.scalar_type)
        numel = 1
        for size in value.sizes:
            numel *= size
        nbytes = numel * _ELEMENT_BYTES[dtype]
        text = (f"T{dtype}[" + ",".join(str(s) for s in value.sizes) + "]{"
                + ",".join(str(d) for d in value.dim_order) + "}")
        if value.allocation_info is not None:
            info = value.allocation_info
            offset = info.memory_offset_low | (info.memory_offset_high << 32)
            return text + f"@m{info.memory_id}+{offset}"
        if value.data_buffer_idx > 0:
            storage = program.constant_buffer[value.data_buffer_idx].storage
            return text + f"@c{_fnv1a64(bytes(storage[:nbytes])):016x}"
        return text + "@-"
    raise ValueError(f"value {index} is a {kind}, which the runtime test cannot describe")


def _write_manifest(path: pathlib.Path, program, example, reference) -> None:
    executorch_program = program.executorch_program
    plan = executorch_program.execution_plan[0]
    instructions = sum(len(chain.instructions) for chain in plan.chains)
    lines = [
        f"method={plan.name}",
        f"num_values={len(plan.values)}",
        f"num_instructions={instructions}",
        # Entry 0 is reserved by ExecuTorch; the runtime reports ids 1.. as planned buffers.
        "planned_buffer_sizes=" + ",".join(str(s) for s in plan.non_const_buffer_sizes[1:]),
        "operators=" + ",".join(f"{op.name}.{op.overload}" for op in plan.operators),
        "input_nbytes=" + ",".join(str(t.numel() * _SCALAR_TYPE_BYTES[t.dtype]) for t in example),
        "output_nbytes=" + ",".join(str(t.numel() * _SCALAR_TYPE_BYTES[t.dtype])
                                    for t in _outputs(reference)),
        f"has_segments={1 if program.buffer[8:12] == b'eh00' else 0}",
        "input_values=" + ",".join(str(v) for v in plan.inputs),
        "output_values=" + ",".join(str(v) for v in plan.outputs),
    ]
    # Every kernel call in order, with the arguments a kernel receives: the schema arguments,
    # without the trailing return value that repeats `out`.
    calls = [ins.instr_args for chain in plan.chains for ins in chain.instructions]
    for number, call in enumerate(calls):
        op = plan.operators[call.op_index]
        args = list(call.args)
        if len(args) >= 2 and args[-1] == args[-2]:
            args = args[:-1]
        described = ";".join(_describe_value(executorch_program, plan, a) for a in args)
        lines.append(f"call{number}={op.name}.{op.overload}({described})")
        # The value indices exactly as the KernelCall lists them (returns included), so a test
        # can find the call's argument list in the file and rewire it.
        lines.append(f"call{number}_values=" + ",".join(str(a) for a in call.args))
    path.write_text("\n".join(lines) + "\n")


def _write_model(out_dir: pathlib.Path, name: str, model, make_inputs, calibration_steps: int):
    example, reference, program = _export(model, make_inputs, calibration_steps)
    (out_dir / f"{name}.pte").write_bytes(program.buffer)
    for i, t in enumerate(example):
        (out_dir / f"{name}.input{i}.bin").write_bytes(_memory_order_bytes(t))
    for i, output in enumerate(_outputs(reference)):
        suffix = "" if i == 0 else str(i)
        (out_dir / f"{name}.reference_output{suffix}.bin").write_bytes(
            output.detach().contiguous().numpy().astype("float32").tobytes())
    _write_manifest(out_dir / f"{name}.manifest.txt", program, example, reference)


def _write_int8_output_variant(out_dir: pathlib.Path, name: str, source: str, output: int,
                               int8_of: int) -> None:
    """Rewires output `output` of `source` to the int8 input of the dequantize that makes output
    `int8_of`, as a program that leaves dequantizing to the application would end.

    The outputs are a FlatBuffers vector (u32 length, int32 value indices), found by its bytes
    and required to be unique. The int8 reference is the float one with its dequantize inverted,
    checked to dequantize back bit for bit."""
    facts = dict(line.split("=", 1) for line in (out_dir / f"{source}.manifest.txt").read_text().splitlines())
    outputs = [int(v) for v in facts["output_values"].split(",")]
    calls = [(facts[f"call{i}"], [int(v) for v in facts[f"call{i}_values"].split(",")])
             for i in range(int(facts["num_instructions"]))]
    text, values = next((text, values) for text, values in calls
                        if text.startswith("cortex_m::dequantize_per_tensor.out(")
                        and values[-1] == outputs[int8_of])
    rewired = list(outputs)
    rewired[output] = values[0]
    old = struct.pack(f"<I{len(outputs)}i", len(outputs), *outputs)
    new = struct.pack(f"<I{len(outputs)}i", len(outputs), *rewired)
    program = (out_dir / f"{source}.pte").read_bytes()
    assert program.count(old) == 1, "the outputs vector is not unique in the program"
    (out_dir / f"{name}.pte").write_bytes(program.replace(old, new))
    for i in range(len(facts["input_nbytes"].split(","))):
        (out_dir / f"{name}.input{i}.bin").write_bytes((out_dir / f"{source}.input{i}.bin").read_bytes())

    def reference(i: int) -> pathlib.Path:
        return out_dir / f"{source}.reference_output{'' if i == 0 else i}.bin"

    arguments = text.split("(", 1)[1].split(";")
    scale = torch.tensor(struct.unpack("<d", bytes.fromhex(arguments[1][1:]))[0], dtype=torch.float32)
    zero_point = int(arguments[2][1:])
    dequantized = torch.frombuffer(bytearray(reference(int8_of).read_bytes()), dtype=torch.float32)
    quantized = (torch.round(dequantized.double() / scale.double()) + zero_point).to(torch.int8)
    assert torch.equal((quantized.float() - zero_point) * scale, dequantized), \
        "the int8 tensor does not dequantize back to the reference"
    for i in range(len(outputs)):
        data = quantized.numpy().tobytes() if i == output else reference(i).read_bytes()
        (out_dir / f"{name}.reference_output{'' if i == 0 else i}.bin").write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out_dir", required=True, type=pathlib.Path)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(1)

    generator = torch.Generator().manual_seed(1)
    _write_model(args.out_dir, "conv_block", ConvBlock(),
                 lambda: (torch.randn(1, 3, 9, 8, generator=generator),), calibration_steps=8)
    _write_model(args.out_dir, "add_two", AddTwo(),
                 lambda: (torch.randn(1, 16, generator=generator),
                          torch.randn(1, 16, generator=generator)), calibration_steps=8)
    _write_model(args.out_dir, "two_by_two", TwoByTwo(),
                 lambda: (torch.randn(1, 12, generator=generator),
                          torch.randn(1, 12, generator=generator)), calibration_steps=8)
    _write_model(args.out_dir, "split_pair", SplitPair(),
                 lambda: (torch.randn(1, 12, generator=generator),), calibration_steps=4)
    # Output 0's own int8 tensor is overwritten by output 1's dequantize, the product's is not.
    _write_int8_output_variant(args.out_dir, "two_by_two_int8", "two_by_two", output=0, int8_of=1)
    _write_int8_output_variant(args.out_dir, "conv_block_int8", "conv_block", output=0, int8_of=0)


if __name__ == "__main__":
    main()
