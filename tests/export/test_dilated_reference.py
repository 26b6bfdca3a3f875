"""The export's own integer reference for dilated convolutions (m55ml.export.numerics).

ExecuTorch's Python reference of cortex_m::quantized_conv2d cannot run a dilated int
convolution. Ours is checked three ways, none of which uses it as its own oracle:
- undilated: equal, value for value, to ExecuTorch's reference kernels;
- dilated: equal to ExecuTorch's reference on the same convolution written undilated, with the
  kernel spread out and zeros in the gaps (a dilated kernel *is* that kernel);
- a whole exported dilated model: within one output step of ExecuTorch's float (PT2E
  quantize/dequantize) path, the quantization contract of an int8 convolution.
"""

from __future__ import annotations

import pytest
import torch
from m55ml.export.numerics import ReferenceRunner, dilated_conv_reference
from m55ml.export.pipeline import ExportOptions, lower_to_cortex_m, quantize
from m55ml.export.targets import resolve_target
from torch import nn

CL = torch.channels_last


def _case(seed: int, c_in: int, c_out: int, k: int, depthwise: bool):
    g = torch.Generator().manual_seed(seed)
    x = torch.randint(-128, 128, (1, c_in, 9, 11), generator=g, dtype=torch.int8)
    if depthwise:
        weight = torch.randint(-127, 128, (1, k, k, c_out), generator=g, dtype=torch.int8)
    else:
        weight = torch.randint(-127, 128, (c_out, k, k, c_in), generator=g, dtype=torch.int8)
    bias = torch.randint(-5000, 5000, (c_out,), generator=g, dtype=torch.int32)
    multipliers = torch.randint(1 << 30, (1 << 31) - 1, (c_out,), generator=g, dtype=torch.int32)
    shifts = torch.randint(-12, -5, (c_out,), generator=g, dtype=torch.int32)
    input_offset = int(torch.randint(-127, 128, (1,), generator=g))
    output_offset = int(torch.randint(-20, 20, (1,), generator=g))
    return x.contiguous(memory_format=CL), weight, bias, multipliers, shifts, input_offset, \
        output_offset


def _args(case, stride, padding, dilation, depthwise):
    x, weight, bias, multipliers, shifts, input_offset, output_offset = case
    scratch = torch.empty(0, dtype=torch.int8)
    tail = (input_offset, output_offset, multipliers, shifts, -128, 127, scratch)
    if depthwise:
        depth_multiplier = weight.shape[3] // x.shape[1]
        return (x, weight, bias, stride, padding, dilation, depth_multiplier, *tail)
    return (x, weight, bias, stride, padding, dilation, *tail)


def _op(depthwise: bool):
    if depthwise:
        return torch.ops.cortex_m.quantized_depthwise_conv2d.default
    return torch.ops.cortex_m.quantized_conv2d.default


def _spread(weight: torch.Tensor, dilation: list[int], depthwise: bool) -> torch.Tensor:
    """The dilated kernel as an undilated one: taps `dilation` apart, zeros between."""
    kh, kw = weight.shape[1], weight.shape[2]
    dh, dw = dilation
    spread = torch.zeros(
        (weight.shape[0], (kh - 1) * dh + 1, (kw - 1) * dw + 1, weight.shape[3]),
        dtype=weight.dtype,
    )
    spread[:, ::dh, ::dw, :] = weight
    return spread


CASES = [
    # seed, c_in, c_out, kernel, depthwise, stride, padding
    (1, 3, 5, 3, False, [1, 1], [1, 1]),
    (2, 4, 4, 3, True, [1, 1], [2, 2]),
    (3, 6, 4, 2, False, [2, 1], [0, 1]),
    (4, 4, 8, 3, True, [1, 2], [1, 0]),  # depth multiplier 2
    (5, 2, 3, 1, False, [1, 1], [0, 0]),
]


@pytest.mark.parametrize(("seed", "c_in", "c_out", "k", "depthwise", "stride", "padding"), CASES)
def test_undilated_equals_executorch_reference(seed, c_in, c_out, k, depthwise, stride, padding):
    args = _args(_case(seed, c_in, c_out, k, depthwise), stride, padding, [1, 1], depthwise)
    expected = _op(depthwise)(*args)
    got = dilated_conv_reference(_op(depthwise), args)
    assert got.dtype == torch.int8 and got.shape == expected.shape
    assert torch.equal(got, expected)


@pytest.mark.parametrize("dilation", [[2, 2], [3, 1], [1, 4]])
@pytest.mark.parametrize(("seed", "c_in", "c_out", "k", "depthwise", "stride", "padding"), CASES)
def test_dilated_equals_executorch_reference_on_the_spread_kernel(
    seed, c_in, c_out, k, depthwise, stride, padding, dilation
):
    case = _case(seed, c_in, c_out, k, depthwise)
    args = _args(case, stride, padding, dilation, depthwise)
    spread = _spread(case[1], dilation, depthwise)
    spread_args = _args((case[0], spread, *case[2:]), stride, padding, [1, 1], depthwise)
    expected = _op(depthwise)(*spread_args)
    got = dilated_conv_reference(_op(depthwise), args)
    assert torch.equal(got, expected)


def test_executorch_reference_still_cannot_run_dilated_int_convolutions():
    # The reason this reference exists; if ExecuTorch gains it, compare against it instead.
    args = _args(_case(1, 3, 5, 3, False), [1, 1], [2, 2], [2, 2], False)
    with pytest.raises(NotImplementedError, match="slow_conv_dilated"):
        _op(False)(*args)


class Dilated(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = nn.Conv2d(3, 8, 3, padding=2, dilation=2)
        self.b = nn.Conv2d(8, 8, 3, padding=3, dilation=3, groups=8)

    def forward(self, x):
        return self.b(torch.relu(self.a(x)))


def test_exported_dilated_model_stays_within_one_step_of_the_float_path():
    torch.manual_seed(0)
    model = Dilated().eval().to(memory_format=CL)
    g = torch.Generator().manual_seed(3)
    calibration = [(torch.randn(1, 3, 12, 12, generator=g).to(memory_format=CL),)
                   for _ in range(4)]
    example = calibration[0]
    quantized = quantize(model, example, calibration)
    edge, _ = lower_to_cortex_m(
        quantized, example, ExportOptions(target=resolve_target("cortex-m55"))
    )
    program = edge.exported_program().module()
    ops = [str(n.target) for n in program.graph.nodes if n.op == "call_function"]
    assert sum("quantized_conv2d" in op or "depthwise" in op for op in ops) == 2
    runner = ReferenceRunner(program)
    with torch.no_grad():
        got = runner.run(*example)
        float_path = quantized(*example)
    got = got[0] if isinstance(got, (tuple, list)) else got
    assert runner.dilated_convolutions == 2
    # The output dequantize's step: the last quantize of the PT2E graph.
    dq = [n for n in program.graph.nodes if "dequantize_per_tensor" in str(n.target)][-1]
    step = float(dq.args[1])
    difference = (got - float_path).abs().max().item()
    assert difference <= step * 1.0001, f"{difference} > one step {step}"
