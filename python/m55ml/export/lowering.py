"""Find operators that did not lower to `cortex_m::` kernels, and the model code behind them."""

from __future__ import annotations

import collections
import os
import re

import torch

from m55ml.errors import OffendingOp
from m55ml.reports.opnames import KIND_PORTABLE, op_kind
from m55ml.reports.pte import ProgramSummary

# "File "/abs/path/model.py", line 12, in forward" -> ("model.py", "12", "forward")
_FRAME = re.compile(r'File "([^"]+)", line (\d+), in (\S+)')
# Frames inside these libraries say nothing about the user's model.
_LIBRARY_DIRS = tuple(f"{os.sep}{name}{os.sep}" for name in ("torch", "torchao", "executorch"))


def node_op_name(node: torch.fx.Node) -> str | None:
    """`namespace::name.overload` of a call_function node, as the .pte names its operators."""
    schema = getattr(node.target, "_schema", None)
    if node.op != "call_function" or schema is None:
        return None
    return f"{schema.name}.{schema.overload_name}" if schema.overload_name else schema.name


def describe_source(node: torch.fx.Node) -> str:
    """"<module path> (<file>:<line> in <function>)" for the model code that created `node`."""
    module_path = ""
    stack = node.meta.get("nn_module_stack") or {}
    if stack:
        path, _ = list(stack.values())[-1]
        # torch.export spells paths like "L['self'].features.3"; keep the attribute path.
        module_path = re.sub(r"^L\['self'\]\.?", "", str(path)) or "<root>"
    frame = ""
    user_frames = [
        m for m in _FRAME.finditer(node.meta.get("stack_trace") or "")
        if not any(d in m.group(1) for d in _LIBRARY_DIRS)
    ]
    if user_frames:
        last = user_frames[-1]
        # Base name only: messages must not depend on where the checkout lives.
        frame = f"{os.path.basename(last.group(1))}:{last.group(2)} in {last.group(3)}"
    if module_path and frame:
        return f"{module_path} ({frame})"
    return module_path or frame or node.name


def find_offending_ops(
    summary: ProgramSummary, graph_module: torch.fx.GraphModule
) -> list[OffendingOp]:
    """Portable kernels in the serialized program (neither `cortex_m::` nor one of the
    runtime's own layout kernels), with their model sources.

    The serialized program is the ground truth (what the firmware has to run); the graph
    that produced it only supplies the source locations.
    """
    offending = {
        op: count
        for op, count in summary.op_histogram.items()
        if op_kind(op) == KIND_PORTABLE
    }
    sources: dict[str, list[str]] = collections.defaultdict(list)
    for node in graph_module.graph.nodes:
        name = node_op_name(node)
        if name in offending:
            where = describe_source(node)
            if where not in sources[name]:
                sources[name].append(where)
    return [
        OffendingOp(name=op, count=count, sources=tuple(sources.get(op, ())))
        for op, count in sorted(offending.items())
    ]
