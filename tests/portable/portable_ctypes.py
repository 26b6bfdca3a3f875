"""ctypes binding of the portable kernels' test shim (tests/portable/portable_shim.cc).

Each shim function forwards to one kernel of cc/ops/portable/portable_kernels.h. Tensors are
torch tensors handed over in place with their own dim order (cmops_ctypes.tensor_view, shared
with the cortex_m:: kernel tests); the typed argument structs mirror cc/ops/kernel_args.h.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kernels"))

from cmops_ctypes import CMOPS_MAX_DIM, DTYPE_CODES, STATUS_NAMES, Context, Tensor

VALUE_INT, VALUE_DOUBLE, VALUE_BOOL = 2, 3, 4


class ScalarUnion(ctypes.Union):
    _fields_ = [("int_value", ctypes.c_int64), ("double_value", ctypes.c_double), ("bool_value", ctypes.c_bool)]


class Scalar(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int32), ("as_", ScalarUnion)]


class IntList(ctypes.Structure):
    _fields_ = [("items", ctypes.POINTER(ctypes.c_int64)), ("length", ctypes.c_size_t)]


class TensorList(ctypes.Structure):
    _fields_ = [("items", ctypes.POINTER(ctypes.POINTER(Tensor))), ("length", ctypes.c_size_t)]


class OptionalInt(ctypes.Structure):
    _fields_ = [("has_value", ctypes.c_bool), ("value", ctypes.c_int64)]


T, T_OPT, S, S_OPT, I64, BOOL, F64, L, L_OPT, TL, OI = (
    "T", "T?", "S", "S?", "i64", "bool", "f64", "L", "L?", "TL", "OI")

# Shim function -> argument kinds after the context, in schema order (out last).
SIGNATURES: dict[str, tuple[str, ...]] = {
    "softmax": (T, I64, BOOL, T),
    "log_softmax": (T, I64, BOOL, T),
    "hardtanh": (T, S, S, T),
    "clamp": (T, S_OPT, S_OPT, T),
    "relu": (T, T),
    "sigmoid": (T, T),
    "tanh": (T, T),
    "abs": (T, T),
    "sqrt": (T, T),
    "pow": (T, S, T),
    "add": (T, T, S, T),
    "sub": (T, T, S, T),
    "mul": (T, T, T),
    "div": (T, T, T),
    "mean": (T, L_OPT, BOOL, OI, T),
    "sum": (T, L_OPT, BOOL, OI, T),
    "cat": (TL, I64, T),
    "permute_copy": (T, L, T),
    "view_copy": (T, L, T),
    "squeeze_copy_dims": (T, L, T),
    "squeeze_copy_dim": (T, I64, T),
    "unsqueeze_copy": (T, I64, T),
    "slice_copy": (T, I64, OI, OI, I64, T),
    "select_copy": (T, I64, I64, T),
    "split_with_sizes_copy": (T, L, I64, TL),
    "index": (T, TL, T),
    "arange": (S, S, S, T),
    "arange_end": (S, T),
    "full": (L, S, T),
    "zeros": (L, T),
    "to_dim_order_copy": (T, BOOL, L_OPT, T),
    "clone_dim_order": (T, BOOL, L_OPT, T),
    "linear": (T, T, T_OPT, T),
    "addmm": (T, T, T, S, S, T),
    "bmm": (T, T, T),
    "convolution": (T, T, T_OPT, L, L, L, BOOL, L, I64, T),
    "quantize_per_tensor": (T, F64, I64, I64, I64, I64, T),
    "dequantize_per_tensor": (T, F64, I64, I64, I64, I64, OI, T),
}

_CTYPES = {
    T: ctypes.POINTER(Tensor),
    T_OPT: ctypes.POINTER(Tensor),
    S: ctypes.POINTER(Scalar),
    S_OPT: ctypes.POINTER(Scalar),
    I64: ctypes.c_int64,
    BOOL: ctypes.c_bool,
    F64: ctypes.c_double,
    L: IntList,
    L_OPT: ctypes.POINTER(IntList),
    TL: TensorList,
    OI: OptionalInt,
}


@dataclass
class CallResult:
    status: int
    detail: str

    @property
    def ok(self) -> bool:
        return self.status == 0

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, f"status {self.status}")


def scalar(value: Any) -> Scalar:
    s = Scalar()
    if isinstance(value, bool):
        s.kind, s.as_.bool_value = VALUE_BOOL, value
    elif isinstance(value, int):
        s.kind, s.as_.int_value = VALUE_INT, value
    else:
        s.kind, s.as_.double_value = VALUE_DOUBLE, float(value)
    return s


class PortableLibrary:
    """The loaded shim library."""

    def __init__(self, path: str):
        self.path = path
        self._lib = ctypes.CDLL(path)
        for name, kinds in SIGNATURES.items():
            fn = getattr(self._lib, "pk_" + name)
            fn.restype = ctypes.c_int
            fn.argtypes = [ctypes.POINTER(Context)] + [_CTYPES[k] for k in kinds]

    def call(self, name: str, *args: Any) -> CallResult:
        """Runs shim `name` on Python values (tensors in place, out last)."""
        kinds = SIGNATURES[name]
        if len(args) != len(kinds):
            raise TypeError(f"{name} takes {len(kinds)} arguments, got {len(args)}")
        keep: list[Any] = []
        converted = [_convert(kind, arg, keep) for kind, arg in zip(kinds, args)]
        context = Context(None)
        status = getattr(self._lib, "pk_" + name)(ctypes.byref(context), *converted)
        detail = context.error_detail.decode() if context.error_detail else ""
        return CallResult(int(status), detail)


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


def _tensor_pointer(arg: Any, keep: list[Any]) -> Any:
    view = arg if isinstance(arg, Tensor) else tensor_view(arg)
    keep.append(view)
    return ctypes.pointer(view)


def _int_list(values: Sequence[int], keep: list[Any]) -> IntList:
    items = (ctypes.c_int64 * max(len(values), 1))(*[int(v) for v in values])
    keep.append(items)
    return IntList(items, len(values))


def _convert(kind: str, arg: Any, keep: list[Any]) -> Any:
    if kind in (T_OPT, S_OPT, L_OPT) and arg is None:
        return None
    if kind in (T, T_OPT):
        return _tensor_pointer(arg, keep)
    if kind in (S, S_OPT):
        s = scalar(arg)
        keep.append(s)
        return ctypes.pointer(s)
    if kind in (L, L_OPT):
        lst = _int_list(arg, keep)
        if kind == L_OPT:
            keep.append(lst)
            return ctypes.pointer(lst)
        return lst
    if kind == TL:
        pointers = (ctypes.POINTER(Tensor) * max(len(arg), 1))(
            *[_tensor_pointer(a, keep) if a is not None else None for a in arg])
        keep.append(pointers)
        return TensorList(pointers, len(arg))
    if kind == OI:
        if isinstance(arg, torch.dtype):
            arg = DTYPE_CODES[arg]
        return OptionalInt(arg is not None, 0 if arg is None else int(arg))
    if kind == I64 and isinstance(arg, torch.dtype):
        return DTYPE_CODES[arg]
    return arg
