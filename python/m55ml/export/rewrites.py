"""Graph rewrites that let more of a model lower to `cortex_m::` kernels.

ExecuTorch's Cortex-M quantizer only annotates the patterns CMSIS-NN has kernels for: 2-D
channels_last convolutions, softmax over the last (or channels_last channel) dimension, ungrouped
transposed convolutions, conv/linear followed by relu/hardtanh/clamp, ... An op it does not
annotate stays float and then stays ATen in the program. Each rewrite here restates one such op
as an equivalent pattern the quantizer does annotate, on the captured float graph (the
`torch.export` module, before `prepare_pt2e`), so the same quantizer and the same lowering then
handle it:

| rewrite | from | to |
|---|---|---|
| `conv1d_as_conv2d` | `conv1d(x)` (N, C, W) | `squeeze(conv2d(channels_last(unsqueeze(x, 2))), 2)`, a 1xK window |
| `sink_unit_height` | `op(squeeze(y, 2))` for batch_norm, relu, hardtanh, clamp, dropout, mean over W; `unsqueeze(squeeze(y, 2), 2)` | the op on 4-D `y`, squeeze after it; the pair cancels |
| `relu6_as_hardtanh` | `relu6(x)` | `hardtanh(x, 0, 6)` (the quantizer fuses conv/linear + hardtanh) |
| `softmax_over_last_dim` | `softmax(x, d)`, `log_softmax(x, d)`, d not last | `permute` + the op over the last dim + `permute` back |
| `log_softmax_as_log_of_softmax` | `log_softmax(x, -1)` | `log(softmax(x, -1))`: CMSIS softmax + a 256-entry log table |
| `grouped_conv_transpose_as_dense` | `conv_transpose2d(x, w, groups=g)`, g > 1 | the same with groups=1 and a block-diagonal weight (zeros across groups) |
| `channel_slices_as_convolutions` | `conv(x, W, b)[:, a:z]` (every use a channel slice) | `conv(x, W[a:z], b[a:z])` per slice |
| `lstm_cell_as_gates` | `lstm_cell(x, (h, c))` | per gate two linear layers and an add; sigmoid, tanh, mul, add |

After quantization, `table_activation_reads_producer_scale` (on the converted graph) lets a
table activation such as the log after softmax read its producer's int8 values directly.

A hardtanh/relu6/clamp right after a conv or linear layer needs no rewrite of its own once it
is spelled as hardtanh: ExecuTorch's ActivationFusionPass folds it into the layer's output
clamp, bounds beyond the calibrated range included (it saturates them to qmin/qmax).

Each function returns how many places it rewrote; `apply_rewrites` runs them all and re-traces.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

import torch
from torch import fx

aten = torch.ops.aten

# Ops that act element by element (or per channel on dim 1) whatever the rank: a unit height
# dimension inserted at 2 does not change their result.
_RANK_AGNOSTIC = {
    aten.relu.default,
    aten.relu_.default,
    aten.hardtanh.default,
    aten.hardtanh_.default,
    aten.relu6.default,
    aten.clamp.default,
    aten.dropout.default,
    aten.batch_norm.default,
    aten.sigmoid.default,
    aten.tanh.default,
}

_SOFTMAX_OPS = {aten.softmax.int, aten.log_softmax.int, aten._softmax.default,
                aten._log_softmax.default}


@dataclass
class RewriteReport:
    """How many places each rewrite changed, in the order they ran."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + count

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _fake(node: fx.Node) -> torch.Tensor | None:
    value = node.meta.get("val") if isinstance(node, fx.Node) else None
    return value if isinstance(value, torch.Tensor) else None


def _arg(node: fx.Node, index: int, name: str, default: object) -> object:
    if len(node.args) > index:
        return node.args[index]
    return node.kwargs.get(name, default)


def _attr(gm: fx.GraphModule, target: str) -> torch.Tensor:
    value: object = gm
    for part in target.split("."):
        value = getattr(value, part)
    assert isinstance(value, torch.Tensor)
    return value


def _new_constant(gm: fx.GraphModule, base: str, value: torch.Tensor, before: fx.Node) -> fx.Node:
    """A get_attr node for a new frozen parameter on the root module."""
    name = base.replace(".", "_")
    index = 0
    while hasattr(gm, f"{name}_{index}"):
        index += 1
    name = f"{name}_{index}"
    gm.register_parameter(name, torch.nn.Parameter(value.detach().clone(), requires_grad=False))
    with gm.graph.inserting_before(before):
        return gm.graph.get_attr(name)


def _first_node(gm: fx.GraphModule) -> fx.Node:
    return next(iter(gm.graph.nodes))


def conv1d_as_conv2d(gm: fx.GraphModule) -> int:
    """`conv1d` over (N, C, W) as `conv2d` over (N, C, 1, W), channels_last, with a 1xK kernel.

    The input gets a unit height and the channels_last layout the Cortex-M quantizer requires
    of convolutions (a layout copy, which the runtime does itself); the output loses the unit
    height again (`sink_unit_height` then moves that squeeze past what follows).
    """
    count = 0
    for node in list(gm.graph.nodes):
        if node.op != "call_function" or node.target is not aten.conv1d.default:
            continue
        weight = node.args[1]
        if not isinstance(weight, fx.Node) or weight.op != "get_attr":
            continue  # a computed weight: leave it to the float path
        x = node.args[0]
        bias = _arg(node, 2, "bias", None)
        stride = list(_arg(node, 3, "stride", [1]))  # type: ignore[call-overload]
        padding = list(_arg(node, 4, "padding", [0]))  # type: ignore[call-overload]
        dilation = list(_arg(node, 5, "dilation", [1]))  # type: ignore[call-overload]
        groups = _arg(node, 6, "groups", 1)
        weight_2d = _new_constant(
            gm, f"{weight.target}_1xk", _attr(gm, str(weight.target)).unsqueeze(2),
            _first_node(gm),
        )
        graph = gm.graph
        with graph.inserting_before(node):
            x_4d = graph.call_function(aten.unsqueeze.default, (x, 2))
            x_nhwc = graph.call_function(
                aten.clone.default, (x_4d,), {"memory_format": torch.channels_last}
            )
            conv = graph.call_function(
                aten.conv2d.default,
                (x_nhwc, weight_2d, bias, [1, *stride], [0, *padding], [1, *dilation], groups),
            )
            squeezed = graph.call_function(aten.squeeze.dim, (conv, 2))
        conv.meta.update({k: v for k, v in node.meta.items() if k != "val"})
        node.replace_all_uses_with(squeezed)
        graph.erase_node(node)
        count += 1
    return count


def _is_squeeze_2(node: object) -> bool:
    return (
        isinstance(node, fx.Node)
        and node.op == "call_function"
        and node.target is aten.squeeze.dim
        and node.args[1] in (2, -2)
    )


def sink_unit_height(gm: fx.GraphModule) -> int:
    """Keep (N, C, 1, W) tensors 4-D through what follows a rewritten conv1d.

    `op(squeeze(y, 2))` becomes `squeeze(op(y), 2)` for ops that do not care about rank (so a
    BatchNorm1d after a Conv1d sits right after the conv2d, where PT2E folds it, and a ReLU
    right after, where the quantizer fuses it); `unsqueeze(squeeze(y, 2), 2)` becomes `y`, and
    the layout copy after it is dropped (y is channels_last already); a mean over W becomes a
    mean over H and W (H is 1), which ExecuTorch rewrites into an average pool.
    """
    count = 0
    changed = True
    graph = gm.graph
    while changed:
        changed = False
        for node in list(graph.nodes):
            if node.op != "call_function" or not node.args or not _is_squeeze_2(node.args[0]):
                continue
            squeeze = node.args[0]
            inner = squeeze.args[0]
            if node.target in _RANK_AGNOSTIC:
                if node.target is aten.batch_norm.default and len(squeeze.users) > 1:
                    continue
                node.args = (inner, *node.args[1:])
                with graph.inserting_after(node):
                    new_squeeze = graph.call_function(aten.squeeze.dim, (node, 2))
                for user in list(node.users):
                    if user is not new_squeeze:
                        user.replace_input_with(node, new_squeeze)
            elif node.target is aten.unsqueeze.default and node.args[1] in (2, -2):
                users = list(node.users)
                for user in users:
                    is_layout_copy = (
                        user.target is aten.clone.default
                        and user.kwargs.get("memory_format") == torch.channels_last
                    )
                    if is_layout_copy:
                        user.replace_all_uses_with(inner)
                        graph.erase_node(user)
                node.replace_all_uses_with(inner)
                graph.erase_node(node)
            elif node.target is aten.mean.dim:
                dims = _arg(node, 1, "dim", None)
                keepdim = bool(_arg(node, 2, "keepdim", False))
                if not isinstance(dims, (list, tuple)) or [d % 3 for d in dims] != [2]:
                    continue
                with graph.inserting_before(node):
                    mean = graph.call_function(aten.mean.dim, (inner, [2, 3], keepdim))
                    result = graph.call_function(aten.squeeze.dim, (mean, 2)) if keepdim else mean
                node.replace_all_uses_with(result)
                graph.erase_node(node)
            else:
                continue
            if not squeeze.users:
                graph.erase_node(squeeze)
            count += 1
            changed = True
            break
    return count


def relu6_as_hardtanh(gm: fx.GraphModule) -> int:
    """`relu6(x)` (what `F.relu6` traces to) as `hardtanh(x, 0, 6)`, the spelling the
    Cortex-M quantizer fuses into a preceding conv or linear layer."""
    count = 0
    for node in list(gm.graph.nodes):
        if node.op == "call_function" and node.target in (aten.relu6.default, aten.relu6_.default):
            node.target = aten.hardtanh.default
            node.args = (node.args[0], 0.0, 6.0)
            node.kwargs = {}
            count += 1
    return count


def _softmax_dim(node: fx.Node) -> int:
    return int(_arg(node, 1, "dim", -1))  # type: ignore[call-overload]


def softmax_over_last_dim(gm: fx.GraphModule) -> int:
    """(log-)softmax over a dimension that is not the last as permute + op over the last
    dimension + permute back. CMSIS-NN's softmax works along the innermost dimension; the
    permutes lower to `cortex_m::transpose`."""
    count = 0
    graph = gm.graph
    for node in list(graph.nodes):
        if node.op != "call_function" or node.target not in _SOFTMAX_OPS:
            continue
        value = _fake(node.args[0])
        if value is None:
            continue
        rank = value.dim()
        dim = _softmax_dim(node) % rank
        if dim == rank - 1:
            continue
        perm = [d for d in range(rank) if d != dim] + [dim]
        inverse = [perm.index(d) for d in range(rank)]
        log = node.target in (aten.log_softmax.int, aten._log_softmax.default)
        with graph.inserting_before(node):
            moved = graph.call_function(aten.permute.default, (node.args[0], perm))
            target = aten.log_softmax.int if log else aten.softmax.int
            result = graph.call_function(target, (moved, -1))
            back = graph.call_function(aten.permute.default, (result, inverse))
        result.meta.update({k: v for k, v in node.meta.items() if k != "val"})
        node.replace_all_uses_with(back)
        graph.erase_node(node)
        count += 1
    return count


def log_softmax_as_log_of_softmax(gm: fx.GraphModule) -> int:
    """`log_softmax(x, -1)` as `log(softmax(x, -1))`.

    ExecuTorch's Cortex-M backend has no log-softmax kernel. CMSIS-NN's softmax gives int8
    probabilities in steps of 1/256 (scale 1/256, zero point -128) and `cortex_m::
    quantized_activation` maps each of the 256 values through a log table, so the result is
    the log of the int8 probability: exact where softmax is, with log-probabilities below
    ln(1/256) = -5.55 (probability 0 in int8) saturated to the output's lowest level.
    """
    count = 0
    graph = gm.graph
    for node in list(graph.nodes):
        if node.op != "call_function" or node.target not in (
            aten.log_softmax.int, aten._log_softmax.default
        ):
            continue
        value = _fake(node.args[0])
        if value is None or _softmax_dim(node) % value.dim() != value.dim() - 1:
            continue
        with graph.inserting_before(node):
            probs = graph.call_function(aten.softmax.int, (node.args[0], -1))
            log = graph.call_function(aten.log.default, (probs,))
        probs.meta.update({k: v for k, v in node.meta.items() if k != "val"})
        node.replace_all_uses_with(log)
        graph.erase_node(node)
        count += 1
    return count


def grouped_conv_transpose_as_dense(gm: fx.GraphModule) -> int:
    """A grouped transposed convolution as an ungrouped one with a block-diagonal weight.

    CMSIS-NN's transposed convolution has no groups. Input channel i of group g only feeds the
    output channels of group g; zeros elsewhere in a dense (C_in, C_out, kH, kW) weight give
    the same sums, at `groups` times the multiply-accumulates. Per-output-channel weight
    scales are unchanged (each output channel keeps exactly its own nonzero weights).
    """
    count = 0
    for node in list(gm.graph.nodes):
        if node.op != "call_function" or node.target is not aten.conv_transpose2d.input:
            continue
        groups = int(_arg(node, 6, "groups", 1))  # type: ignore[call-overload]
        weight = node.args[1]
        if groups == 1 or not isinstance(weight, fx.Node) or weight.op != "get_attr":
            continue
        grouped = _attr(gm, str(weight.target))  # (C_in, C_out / groups, kH, kW)
        c_in, c_out_group = grouped.shape[0], grouped.shape[1]
        c_in_group = c_in // groups
        dense = grouped.new_zeros((c_in, c_out_group * groups, *grouped.shape[2:]))
        for g in range(groups):
            rows = slice(g * c_in_group, (g + 1) * c_in_group)
            cols = slice(g * c_out_group, (g + 1) * c_out_group)
            dense[rows, cols] = grouped[rows]
        dense_node = _new_constant(gm, f"{weight.target}_dense", dense, _first_node(gm))
        args = list(node.args) + [None] * (8 - len(node.args))
        args[1] = dense_node
        defaults = {2: None, 3: [1, 1], 4: [0, 0], 5: [0, 0], 7: [1, 1]}
        names = {2: "bias", 3: "stride", 4: "padding", 5: "output_padding", 7: "dilation"}
        for index, default in defaults.items():
            if len(node.args) <= index:
                args[index] = node.kwargs.get(names[index], default)
        args[6] = 1
        node.args = tuple(args)
        node.kwargs = {}
        count += 1
    return count


def lstm_cell_as_gates(gm: fx.GraphModule) -> int:
    """`lstm_cell` as the gate arithmetic it stands for, one linear layer per gate and input.

    The quantizer has no pattern for the fused cell, so it stays float (linear, split, sigmoid,
    tanh, mul, add: all portable). Written out (PyTorch's gate order input, forget, cell,
    output), each piece is one it quantizes: gate_k = linear(x, W_ih[k], b_ih[k] + b_hh[k]) +
    linear(h, W_hh[k]); c' = sigmoid(f) * c + sigmoid(i) * tanh(g); h' = sigmoid(o) * tanh(c').
    Four gates as separate linear layers need no split of a 4H-wide result.
    """
    count = 0
    graph = gm.graph
    for node in list(graph.nodes):
        if node.op != "call_function" or node.target is not aten.lstm_cell.default:
            continue
        x, (h, c), w_ih, w_hh = node.args[0], node.args[1], node.args[2], node.args[3]
        b_ih, b_hh = _arg(node, 4, "b_ih", None), _arg(node, 5, "b_hh", None)
        params = [w_ih, w_hh, b_ih, b_hh]
        if not all(p is None or (isinstance(p, fx.Node) and p.op == "get_attr") for p in params):
            continue
        users = list(node.users)
        if not all(u.target is operator.getitem for u in users):
            continue
        weight_ih = _attr(gm, str(w_ih.target))
        weight_hh = _attr(gm, str(w_hh.target))
        hidden = weight_hh.shape[1]
        bias = weight_ih.new_zeros(4 * hidden)
        for b in (b_ih, b_hh):
            if b is not None:
                bias = bias + _attr(gm, str(b.target))
        first = _first_node(gm)
        gates = []
        for k in range(4):
            rows = slice(k * hidden, (k + 1) * hidden)
            wi = _new_constant(gm, f"{w_ih.target}_gate{k}", weight_ih[rows], first)
            wh = _new_constant(gm, f"{w_hh.target}_gate{k}", weight_hh[rows], first)
            bk = _new_constant(gm, f"{w_ih.target}_gate{k}_bias", bias[rows], first)
            with graph.inserting_before(node):
                from_x = graph.call_function(aten.linear.default, (x, wi, bk))
                from_h = graph.call_function(aten.linear.default, (h, wh))
                gates.append(graph.call_function(aten.add.Tensor, (from_x, from_h)))
        with graph.inserting_before(node):
            in_gate = graph.call_function(aten.sigmoid.default, (gates[0],))
            forget_gate = graph.call_function(aten.sigmoid.default, (gates[1],))
            cell_gate = graph.call_function(aten.tanh.default, (gates[2],))
            out_gate = graph.call_function(aten.sigmoid.default, (gates[3],))
            kept = graph.call_function(aten.mul.Tensor, (forget_gate, c))
            added = graph.call_function(aten.mul.Tensor, (in_gate, cell_gate))
            c_next = graph.call_function(aten.add.Tensor, (kept, added))
            h_next = graph.call_function(
                aten.mul.Tensor, (out_gate, graph.call_function(aten.tanh.default, (c_next,)))
            )
        for user in users:
            user.replace_all_uses_with(h_next if user.args[1] == 0 else c_next)
            graph.erase_node(user)
        graph.erase_node(node)
        count += 1
    return count


def channel_slices_as_convolutions(gm: fx.GraphModule) -> int:
    """A convolution whose output is only used through channel slices, as one convolution per
    slice with the matching rows of its weight and bias.

    `slice` has no `cortex_m::` kernel; output channels are independent, so
    `conv(x, W, b)[:, a:z]` is `conv(x, W[a:z], b[a:z])` exactly (e.g. the real and imaginary
    halves of an STFT written as a convolution).
    """
    count = 0
    graph = gm.graph
    for node in list(graph.nodes):
        if node.op != "call_function" or node.target not in (aten.conv1d.default,
                                                             aten.conv2d.default):
            continue
        weight, bias = node.args[1], _arg(node, 2, "bias", None)
        if not isinstance(weight, fx.Node) or weight.op != "get_attr":
            continue
        if bias is not None and not (isinstance(bias, fx.Node) and bias.op == "get_attr"):
            continue
        users = list(node.users)
        channels = _attr(gm, str(weight.target)).shape[0]
        slices = []
        for user in users:
            if user.target is not aten.slice.Tensor or len(user.args) < 2 or user.args[1] != 1:
                break
            start = user.args[2] if len(user.args) > 2 and user.args[2] is not None else 0
            end = user.args[3] if len(user.args) > 3 and user.args[3] is not None else channels
            step = user.args[4] if len(user.args) > 4 else 1
            if step != 1:
                break
            slices.append((user, max(0, int(start)), min(channels, int(end))))
        else:
            if not slices:
                continue
            full_weight = _attr(gm, str(weight.target))
            full_bias = _attr(gm, str(bias.target)) if bias is not None else None
            first = _first_node(gm)
            for user, start, end in slices:
                rows = slice(start, end)
                w = _new_constant(gm, f"{weight.target}_rows", full_weight[rows], first)
                b = (_new_constant(gm, f"{bias.target}_rows", full_bias[rows], first)
                     if full_bias is not None else None)
                args = list(node.args)
                args[1] = w
                if len(args) > 2:
                    args[2] = b
                kwargs = dict(node.kwargs)
                if len(args) <= 2:
                    kwargs["bias"] = b
                with graph.inserting_before(user):
                    part = graph.call_function(node.target, tuple(args), kwargs)
                part.meta.update({k: v for k, v in node.meta.items() if k != "val"})
                user.replace_all_uses_with(part)
                graph.erase_node(user)
            graph.erase_node(node)
            count += 1
    return count


PRE_QUANTIZATION_REWRITES = (
    channel_slices_as_convolutions,
    conv1d_as_conv2d,
    sink_unit_height,
    relu6_as_hardtanh,
    softmax_over_last_dim,
    log_softmax_as_log_of_softmax,
    grouped_conv_transpose_as_dense,
    lstm_cell_as_gates,
)


def apply_rewrites(
    gm: fx.GraphModule, example: tuple[torch.Tensor, ...]
) -> tuple[fx.GraphModule, RewriteReport]:
    """Every pre-quantization rewrite on the captured module; re-traced when any applied, so
    shapes and layouts in the graph's metadata describe the rewritten ops."""
    report = RewriteReport()
    for rewrite in PRE_QUANTIZATION_REWRITES:
        count = rewrite(gm)
        report.add(rewrite.__name__, count)
        if count:
            gm.graph.eliminate_dead_code()
            gm.recompile()
    if report.total:
        gm.graph.lint()
        gm = torch.export.export(gm, example).module(check_guards=False)
    return gm, report


_QUANTIZE_TARGETS = {
    torch.ops.quantized_decomposed.quantize_per_tensor.default,
}
_DEQUANTIZE_TARGETS = {torch.ops.quantized_decomposed.dequantize_per_tensor.default}
# Activations ExecuTorch lowers to a 256-entry table (cortex_m::quantized_activation): the
# table is built for whatever input scale the op has, so no requantization is needed before it.
_TABLE_ACTIVATIONS = {
    aten.sigmoid.default, aten.tanh.default, aten.silu.default, aten.gelu.default,
    aten.log.default, aten.log2.default, aten.log10.default, aten.log1p.default,
    aten.sqrt.default, aten.rsqrt.default,
}


def table_activation_reads_producer_scale(gm: fx.GraphModule) -> int:
    """Drop the requantization in front of a table activation: `dq(q2(dq(q1(y))))` -> `dq(q1(y))`.

    When a table activation (log, sigmoid, tanh, ...) follows an op with fixed output
    parameters, such as softmax's 1/256, PT2E quantizes its input again with scales of its own:
    an int8 -> int8 rescale that rounds a second time (and saturates probabilities above the
    calibrated maximum). The table maps each int8 input value through the function at any
    input scale, so reading the producer's int8 values directly loses nothing.
    """
    count = 0
    for node in list(gm.graph.nodes):
        if node.op != "call_function" or node.target not in _TABLE_ACTIVATIONS:
            continue
        dq2 = node.args[0]
        if not (isinstance(dq2, fx.Node) and dq2.target in _DEQUANTIZE_TARGETS):
            continue
        q2 = dq2.args[0]
        if not (isinstance(q2, fx.Node) and q2.target in _QUANTIZE_TARGETS):
            continue
        dq1 = q2.args[0]
        if not (isinstance(dq1, fx.Node) and dq1.target in _DEQUANTIZE_TARGETS):
            continue
        if len(dq2.users) != 1 or len(q2.users) != 1:
            continue
        node.replace_input_with(dq2, dq1)
        gm.graph.erase_node(dq2)
        gm.graph.erase_node(q2)
        count += 1
    if count:
        gm.recompile()
    return count


POST_QUANTIZATION_REWRITES = (table_activation_reads_producer_scale,)


__all__ = [
    "POST_QUANTIZATION_REWRITES",
    "PRE_QUANTIZATION_REWRITES",
    "RewriteReport",
    "apply_rewrites",
    "table_activation_reads_producer_scale",
]
