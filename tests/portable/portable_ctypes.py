"""ctypes binding of the portable kernels, called through the generated operator glue.

The kernels are reached as a program reaches them: by name in the kernel table of the host build
of //cc/ops (tests/kernels:libcortex_m_ops_host.so), through each operator's generated unpack
function, with arguments as the runtime's values (cmops_ctypes.KernelLibrary). What this module
adds is the tensor view the portable tests need (any dim order, size-1 dimensions anywhere) and
short operator names outside cortex_m::: `softmax` finds `aten::_softmax.out`; `name.overload` picks an overload.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kernels"))

from cmops_ctypes import CMOPS_MAX_DIM, DTYPE_CODES, CallResult, KernelLibrary, Tensor

__all__ = ["CallResult", "PortableLibrary", "tensor_view"]

CHECK_PHASE = 1  # cmops_phase CMOPS_PHASE_CHECK


class PortableLibrary:
    """The host build of //cc/ops, its operators called by (short) name."""

    def __init__(self, path: str):
        self.path = path
        self._library = KernelLibrary(path)
        self._names = self._library.kernel_names()

    def resolve(self, name: str) -> tuple[str, str]:
        """(`ns::op`, overload) of a short name: `op` or `_op` in any namespace, overload `out`
        unless `name` spells one after a dot (or the operator has only one)."""
        base, _, overload = name.partition(".")
        found = sorted({n for n in self._names
                        if not n.startswith("cortex_m::") and n.split("::", 1)[1] in (base, "_" + base)})
        if len(found) != 1:
            raise KeyError(f"{name}: {len(found)} operators match in {self.path}: {found}")
        if not overload:
            overloads = self._library.overloads(found[0])
            overload = overloads[0] if len(overloads) == 1 else "out"
        return found[0], overload

    def call(self, name: str, *args: Any) -> CallResult:
        """Runs operator `name` on Python values (tensors in place, out last)."""
        qualified, overload = self.resolve(name)
        return self._library.call(qualified, [_value(a) for a in args], overload)

    def check(self, name: str, *args: Any) -> CallResult:
        """The same call in the check phase of a runtime's prepare (CMOPS_PHASE_CHECK)."""
        qualified, overload = self.resolve(name)
        return self._library.call(qualified, [_value(a) for a in args], overload, phase=CHECK_PHASE)


def _value(arg: Any) -> Any:
    if isinstance(arg, torch.Tensor):
        return tensor_view(arg)
    if isinstance(arg, torch.dtype):
        return DTYPE_CODES[arg]
    if isinstance(arg, (list, tuple)) and arg and all(isinstance(a, (torch.Tensor, Tensor, type(None)))
                                                      for a in arg):
        return [tensor_view(a) if isinstance(a, torch.Tensor) else a for a in arg]
    return arg


def tensor_view(tensor: torch.Tensor) -> Tensor:
    """A cmops_tensor over `tensor`'s memory, which must be dense in some dim order.

    Dimensions of size 1 may sit anywhere in a dim order (their stride is never used), so the
    order is read from the strides of the other dimensions.
    """
    if tensor.dim() > CMOPS_MAX_DIM:
        raise ValueError("rank above CMOPS_MAX_DIM")
    sizes, strides = list(tensor.shape), list(tensor.stride())
    order = sorted(range(tensor.dim()), key=lambda d: (-strides[d] if sizes[d] > 1 else 0, d))
    order = [d for d in order if sizes[d] > 1] + [d for d in order if sizes[d] <= 1]
    expected = 1
    for d in reversed(order):
        if tensor.numel() and sizes[d] > 1 and strides[d] != expected:
            raise ValueError("tensor is not dense in any dim order")
        expected *= sizes[d]
    view = Tensor()
    view.data = tensor.data_ptr() if tensor.numel() else None
    view.dtype = DTYPE_CODES[tensor.dtype]
    view.dim = tensor.dim()
    for i, size in enumerate(sizes):
        view.sizes[i] = size
    for i, d in enumerate(order):
        view.dim_order[i] = d
    view.nbytes = tensor.numel() * tensor.element_size()
    return view
