"""The export rewrites (m55ml.export.rewrites): what each one changes in the lowered program.

Each case lowers a small model twice, with and without the rewrites, and counts operators in
the lowered edge graph: `cortex_m::` kernels, the runtime's layout ops, and ATen ops left for
portable kernels. The expected counts come from the model definitions, not from the code
under test. A second set checks that the rewritten float graph computes what the model does.
"""

from __future__ import annotations

import collections

import pytest
import torch
import torch.nn.functional as F
from m55ml.export.lowering import node_op_name
from m55ml.export.pipeline import ExportOptions, lower_to_cortex_m, quantize
from m55ml.export.rewrites import RewriteReport, apply_rewrites
from m55ml.export.targets import resolve_target
from torch import nn

CL = torch.channels_last
OPTIONS = ExportOptions(target=resolve_target("cortex-m55"), allow_portable_fallback=True)
LAYOUT_OPS = {"aten::view_copy", "aten::unsqueeze_copy", "aten::squeeze_copy.dim",
              "dim_order_ops::_clone_dim_order"}


class Conv1dSpeech(nn.Module):
    """Two Conv1d+BatchNorm1d+ReLU blocks, a mean over time, linear, log-softmax."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv1d(10, 16, 3, padding=1), nn.BatchNorm1d(16), nn.ReLU(),
            nn.Conv1d(16, 16, 3, padding=2, dilation=2), nn.BatchNorm1d(16), nn.ReLU(),
        )
        self.head = nn.Linear(16, 12)

    def forward(self, x):
        return torch.log_softmax(self.head(self.net(x).mean(dim=2)), dim=1)


class SoftmaxOverChannels(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)

    def forward(self, x):
        return torch.softmax(self.conv(x), dim=1)


class Relu6ThenPool(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(4, 8, 3, padding=1)

    def forward(self, x):
        return F.avg_pool2d(F.relu6(self.conv(x)), 2)


class GroupedTransposed(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.up = nn.ConvTranspose2d(8, 8, 2, stride=2, groups=4)

    def forward(self, x):
        return torch.relu(self.up(x))


class LstmStep(nn.Module):
    """One LSTM cell step on a feature vector, the state passed in and out."""

    def __init__(self) -> None:
        super().__init__()
        self.cell = nn.LSTMCell(16, 16)

    def forward(self, x, h, c):
        h, c = self.cell(x, (h, c))
        return h, c


class SplitSpectrum(nn.Module):
    """A convolution whose two channel halves are used apart (an STFT's real and imaginary)."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)

    def forward(self, x):
        y = self.conv(x)
        real, imag = y[:, :4], y[:, 4:]
        return real * real + imag * imag


def _example(*shape: int) -> tuple[torch.Tensor, ...]:
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(1))
    return (x.to(memory_format=CL) if x.dim() == 4 else x,)


def _lowered_ops(model: nn.Module, example, rewrite: bool) -> collections.Counter:
    torch.manual_seed(0)
    model = model.eval().to(memory_format=CL)
    quantized = quantize(model, example, [example], RewriteReport(), rewrite=rewrite)
    edge, _ = lower_to_cortex_m(quantized, example, OPTIONS)
    counts: collections.Counter = collections.Counter()
    for node in edge.exported_program().graph_module.graph.nodes:
        name = node_op_name(node)
        if name is not None:
            counts[name] += 1
    return counts


def _portable(counts: collections.Counter) -> dict[str, int]:
    return {op: n for op, n in counts.items()
            if not op.startswith("cortex_m::") and op not in LAYOUT_OPS}


def test_conv1d_speech_model_lowers_fully_after_the_rewrites() -> None:
    model, example = Conv1dSpeech(), _example(1, 10, 49)
    before = _lowered_ops(model, example, rewrite=False)
    assert before["aten::convolution"] == 2  # both Conv1d stay float
    assert before["aten::_log_softmax"] == 1
    after = _lowered_ops(model, example, rewrite=True)
    assert _portable(after) == {}
    assert after["cortex_m::quantized_conv2d"] == 2  # BatchNorm folded, ReLU fused
    assert after["cortex_m::quantized_avg_pool2d"] == 1  # the mean over time
    assert after["cortex_m::quantized_linear"] == 1
    assert after["cortex_m::softmax"] == 1  # log_softmax = log table after softmax
    assert after["cortex_m::quantized_activation"] == 1
    # Only the input crosses float -> int8, only the output int8 -> float.
    assert after["cortex_m::quantize_per_tensor"] == 1
    assert after["cortex_m::dequantize_per_tensor"] == 1


def test_softmax_over_channels_becomes_transposes_around_softmax() -> None:
    model, example = SoftmaxOverChannels(), _example(1, 3, 8, 8)
    before = _lowered_ops(model, example, rewrite=False)
    assert _portable(before) == {"aten::_softmax": 1}
    after = _lowered_ops(model, example, rewrite=True)
    assert _portable(after) == {}
    assert after["cortex_m::softmax"] == 1
    assert after["cortex_m::transpose"] == 2


def test_functional_relu6_folds_into_the_convolution() -> None:
    model, example = Relu6ThenPool(), _example(1, 4, 8, 8)
    before = _lowered_ops(model, example, rewrite=False)
    assert _portable(before) == {"aten::hardtanh": 1}
    after = _lowered_ops(model, example, rewrite=True)
    assert _portable(after) == {}
    assert after["cortex_m::quantized_conv2d"] == 1


def test_rewritten_relu6_clamps_at_six() -> None:
    """hardtanh(x, 0, 6) must clamp where relu6 does. The float-graph check below feeds inputs
    that rarely drive the convolution above 6, so a wrong upper bound passes there; this input
    drives a good share of its outputs above 6."""
    torch.manual_seed(0)
    module = Relu6ThenPool().eval().to(memory_format=CL)
    example = _example(1, 4, 8, 8)
    captured = torch.export.export(module, example).module(check_guards=False)
    rewritten, report = apply_rewrites(captured, example)
    assert report.counts["relu6_as_hardtanh"] == 1
    x = 40 * example[0]
    with torch.no_grad():
        above_six = (module.conv(x) > 6).float().mean().item()
        expected, got = module(x), rewritten(x)
    assert above_six > 0.2, f"only {above_six:.0%} of the outputs exceed 6: the clamp is untested"
    assert torch.allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_grouped_transposed_convolution_lowers_as_dense() -> None:
    model, example = GroupedTransposed(), _example(1, 8, 4, 4)
    before = _lowered_ops(model, example, rewrite=False)
    assert before["aten::convolution"] == 1
    after = _lowered_ops(model, example, rewrite=True)
    assert _portable(after) == {}
    assert after["cortex_m::quantized_transpose_conv2d"] == 1


def _lstm_example() -> tuple[torch.Tensor, ...]:
    g = torch.Generator().manual_seed(2)
    return tuple(torch.randn(1, 16, generator=g) for _ in range(3))


def test_lstm_cell_lowers_as_gate_arithmetic() -> None:
    model, example = LstmStep(), _lstm_example()
    before = _lowered_ops(model, example, rewrite=False)
    assert before["aten::linear"] == 2 and before["aten::sigmoid"] == 3
    after = _lowered_ops(model, example, rewrite=True)
    assert _portable(after) == {}
    assert after["cortex_m::quantized_linear"] == 8  # 4 gates x (input, hidden)
    assert after["cortex_m::quantized_activation"] == 5  # sigmoid 3, tanh 2
    assert after["cortex_m::quantized_mul"] == 3
    assert after["cortex_m::quantized_add"] == 5  # 4 gate sums, the new cell state


def test_channel_slices_of_a_convolution_become_convolutions() -> None:
    model, example = SplitSpectrum(), _example(1, 3, 8, 8)
    before = _lowered_ops(model, example, rewrite=False)
    assert _portable(before) == {"aten::slice_copy.Tensor": 2}
    after = _lowered_ops(model, example, rewrite=True)
    assert _portable(after) == {}
    assert after["cortex_m::quantized_conv2d"] == 2


def test_rewritten_lstm_cell_computes_the_cell() -> None:
    torch.manual_seed(0)
    module = LstmStep().eval()
    example = _lstm_example()
    captured = torch.export.export(module, example).module(check_guards=False)
    rewritten, report = apply_rewrites(captured, example)
    assert report.counts["lstm_cell_as_gates"] == 1
    inputs = tuple(2 * x for x in example)
    with torch.no_grad():
        for got, expected in zip(rewritten(*inputs), module(*inputs)):
            assert torch.allclose(got, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("model", "shape", "rewrites"),
    [
        (Conv1dSpeech, (2, 10, 49), {"conv1d_as_conv2d": 2, "log_softmax_as_log_of_softmax": 1}),
        (SoftmaxOverChannels, (1, 3, 8, 8), {"softmax_over_last_dim": 1}),
        (Relu6ThenPool, (1, 4, 8, 8), {"relu6_as_hardtanh": 1}),
        (GroupedTransposed, (1, 8, 4, 4), {"grouped_conv_transpose_as_dense": 1}),
        (SplitSpectrum, (1, 3, 8, 8), {"channel_slices_as_convolutions": 1}),
    ],
)
def test_rewritten_float_graph_computes_the_model(model, shape, rewrites) -> None:
    torch.manual_seed(0)
    module = model().eval().to(memory_format=CL)
    example = _example(*shape)
    captured = torch.export.export(module, example).module(check_guards=False)
    rewritten, report = apply_rewrites(captured, example)
    for name, count in rewrites.items():
        assert report.counts[name] == count
    x = _example(*shape)[0] * 1.5
    with torch.no_grad():
        expected, got = module(x), rewritten(x)
    assert got.shape == expected.shape
    assert torch.allclose(got, expected, rtol=1e-5, atol=1e-5)
