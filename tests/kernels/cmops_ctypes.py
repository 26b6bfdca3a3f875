"""ctypes binding of cc/ops/cortex_m_ops.h: call a cortex_m:: kernel from Python.

The structs mirror the header field for field (the runtime's contract), so a kernel called from
here sees exactly what it sees under the firmware runtime. Tensors are torch tensors; their
memory is handed to the kernel in place, with the tensor's own dim order.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch

CMOPS_MAX_DIM = 6

DTYPE_CODES = {
    torch.uint8: 0,
    torch.int8: 1,
    torch.int16: 2,
    torch.int32: 3,
    torch.int64: 4,
    torch.float32: 6,
    torch.bool: 11,
}

STATUS_NAMES = {
    0: "CMOPS_OK",
    1: "CMOPS_ERR_ARG_COUNT",
    2: "CMOPS_ERR_ARG_KIND",
    3: "CMOPS_ERR_DTYPE",
    4: "CMOPS_ERR_RANK",
    5: "CMOPS_ERR_SHAPE",
    6: "CMOPS_ERR_LAYOUT",
    7: "CMOPS_ERR_ALIGNMENT",
    8: "CMOPS_ERR_SCRATCH",
    9: "CMOPS_ERR_PARAM",
    10: "CMOPS_ERR_BUFFER",
    11: "CMOPS_ERR_UNSUPPORTED",
}

(VALUE_NONE, VALUE_TENSOR, VALUE_INT, VALUE_DOUBLE, VALUE_BOOL, VALUE_INT_LIST, VALUE_DOUBLE_LIST,
 VALUE_BOOL_LIST, VALUE_TENSOR_LIST, VALUE_OPTIONAL_TENSOR_LIST) = range(10)
NO_ARG = -1


class Tensor(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.c_void_p),
        ("dtype", ctypes.c_int32),
        ("dim", ctypes.c_int32),
        ("sizes", ctypes.c_int32 * CMOPS_MAX_DIM),
        ("dim_order", ctypes.c_uint8 * CMOPS_MAX_DIM),
        ("nbytes", ctypes.c_size_t),
    ]


class IntList(ctypes.Structure):
    _fields_ = [("items", ctypes.POINTER(ctypes.c_int64)), ("length", ctypes.c_size_t)]


class DoubleList(ctypes.Structure):
    _fields_ = [("items", ctypes.POINTER(ctypes.c_double)), ("length", ctypes.c_size_t)]


class BoolList(ctypes.Structure):
    _fields_ = [("items", ctypes.POINTER(ctypes.c_bool)), ("length", ctypes.c_size_t)]


class TensorList(ctypes.Structure):
    _fields_ = [("items", ctypes.POINTER(ctypes.POINTER(Tensor))), ("length", ctypes.c_size_t)]


class ValueUnion(ctypes.Union):
    _fields_ = [
        ("tensor", Tensor),
        ("int_value", ctypes.c_int64),
        ("double_value", ctypes.c_double),
        ("bool_value", ctypes.c_bool),
        ("int_list", IntList),
        ("double_list", DoubleList),
        ("bool_list", BoolList),
        ("tensor_list", TensorList),
    ]


class Value(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int32), ("as_", ValueUnion)]


class Context(ctypes.Structure):
    _fields_ = [("error_arg", ctypes.c_int32), ("phase", ctypes.c_int32)]


KernelFn = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(Context), ctypes.POINTER(ctypes.POINTER(Value)), ctypes.c_size_t
)


class Kernel(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("overload", ctypes.c_char_p),
        ("num_args", ctypes.c_size_t),
        ("fn", KernelFn),
        ("written_args", ctypes.c_uint32),
        ("in_place_args", ctypes.c_uint32),
        ("arg_names", ctypes.c_void_p),
    ]


@dataclass(frozen=True)
class Float:
    """A schema `float` argument (a Python float works too; this makes intent explicit)."""

    value: float


@dataclass
class CallResult:
    status: int
    detail: str  # "<operator>: <argument>: <status message>", as the runtime words it
    argument: str = ""  # schema name of the argument at fault ("" when none is)

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, f"status {self.status}")

    @property
    def ok(self) -> bool:
        return self.status == 0


def dim_order_of(tensor: torch.Tensor) -> tuple[int, ...]:
    """The tensor's dim order as ExecuTorch records it (from its strides)."""
    return tuple(int(d) for d in tensor.dim_order())


class KernelLibrary:
    """A loaded build of cc/ops (host shared library)."""

    def __init__(self, path: str):
        self.path = path
        self._lib = ctypes.CDLL(path)
        self._lib.cmops_find_kernel.restype = ctypes.POINTER(Kernel)
        self._lib.cmops_find_kernel.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        self._lib.cmops_all_kernels.restype = ctypes.POINTER(Kernel)
        self._lib.cmops_all_kernels.argtypes = [ctypes.POINTER(ctypes.c_size_t)]
        self._lib.cmops_status_message.restype = ctypes.c_char_p
        self._lib.cmops_status_message.argtypes = [ctypes.c_int]
        self._lib.cmops_argument_name.restype = ctypes.c_char_p
        self._lib.cmops_argument_name.argtypes = [ctypes.POINTER(Kernel), ctypes.c_int32]

    def kernel_names(self) -> list[str]:
        count = ctypes.c_size_t(0)
        kernels = self._lib.cmops_all_kernels(ctypes.byref(count))
        return [kernels[i].name.decode() for i in range(count.value)]

    def overloads(self, name: str) -> list[str]:
        """The overloads of operator `name` (`ns::op`) in the kernel table."""
        count = ctypes.c_size_t(0)
        kernels = self._lib.cmops_all_kernels(ctypes.byref(count))
        return [kernels[i].overload.decode() for i in range(count.value) if kernels[i].name.decode() == name]

    def find(self, name: str, overload: str = "out") -> Kernel | None:
        found = self._lib.cmops_find_kernel(name.encode(), overload.encode())
        return found.contents if found else None

    def status_message(self, status: int) -> str:
        return self._lib.cmops_status_message(status).decode()

    def argument_names(self, name: str, overload: str = "out") -> list[str]:
        """The schema's argument names, as the generated table holds them."""
        found = self._lib.cmops_find_kernel(name.encode(), overload.encode())
        if not found:
            raise KeyError(f"{self.path} has no kernel {name}.{overload}")
        return [self._lib.cmops_argument_name(found, k).decode() for k in range(found.contents.num_args)]

    def call(self, name: str, args: Sequence[Any], overload: str = "out", phase: int = 0) -> CallResult:
        """Runs kernel `name` on `args` (schema order, out last). Tensors are used in place.
        `phase` is the cmops_phase of the call (0: check and compute, 1: check only)."""
        kernel = self.find(name, overload)
        if kernel is None:
            raise KeyError(f"{self.path} has no kernel {name}.{overload}")
        keep_alive: list[Any] = []
        values = (Value * len(args))()
        for value, arg in zip(values, args):
            _fill_value(value, arg, keep_alive)
        pointers = (ctypes.POINTER(Value) * len(args))(*[ctypes.pointer(v) for v in values])
        context = Context(NO_ARG, phase)
        status = int(kernel.fn(ctypes.byref(context), pointers, len(args)))
        if status == 0:
            return CallResult(status, "")
        found = self._lib.cmops_find_kernel(name.encode(), overload.encode())
        argument = (self._lib.cmops_argument_name(found, context.error_arg).decode()
                    if context.error_arg != NO_ARG else "")
        detail = f"{name}: " + (f"{argument}: " if argument else "") + self.status_message(status)
        return CallResult(status, detail, argument)


def _fill_value(value: Value, arg: Any, keep_alive: list[Any]) -> None:
    if arg is None:
        value.kind = VALUE_NONE
    elif isinstance(arg, Tensor):
        # A hand-made view, for tests that need a tensor torch cannot describe (misaligned,
        # short buffer, invalid dim order).
        value.kind = VALUE_TENSOR
        value.as_.tensor = arg
    elif isinstance(arg, torch.Tensor):
        value.kind = VALUE_TENSOR
        value.as_.tensor = tensor_view(arg)
    elif isinstance(arg, bool):
        value.kind = VALUE_BOOL
        value.as_.bool_value = arg
    elif isinstance(arg, int):
        value.kind = VALUE_INT
        value.as_.int_value = arg
    elif isinstance(arg, (float, Float)):
        value.kind = VALUE_DOUBLE
        value.as_.double_value = arg.value if isinstance(arg, Float) else arg
    elif isinstance(arg, torch.dtype):
        value.kind = VALUE_INT
        value.as_.int_value = DTYPE_CODES[arg]
    elif isinstance(arg, (list, tuple)) and arg and all(isinstance(a, (torch.Tensor, Tensor, type(None))) for a in arg):
        views = [tensor_view(a) if isinstance(a, torch.Tensor) else a for a in arg]
        keep_alive.append(views)
        items = (ctypes.POINTER(Tensor) * len(arg))(
            *[ctypes.pointer(v) if v is not None else ctypes.POINTER(Tensor)() for v in views])
        keep_alive.append(items)
        value.kind = VALUE_OPTIONAL_TENSOR_LIST if None in arg else VALUE_TENSOR_LIST
        value.as_.tensor_list = TensorList(items, len(arg))
    elif isinstance(arg, (list, tuple)) and arg and all(isinstance(a, bool) for a in arg):
        items = (ctypes.c_bool * len(arg))(*arg)
        keep_alive.append(items)
        value.kind = VALUE_BOOL_LIST
        value.as_.bool_list = BoolList(items, len(arg))
    elif isinstance(arg, (list, tuple)) and arg and any(isinstance(a, (float, Float)) for a in arg):
        items = (ctypes.c_double * len(arg))(*[a.value if isinstance(a, Float) else float(a) for a in arg])
        keep_alive.append(items)
        value.kind = VALUE_DOUBLE_LIST
        value.as_.double_list = DoubleList(items, len(arg))
    elif isinstance(arg, (list, tuple)):
        items = (ctypes.c_int64 * max(len(arg), 1))(*[int(a) for a in arg])
        keep_alive.append(items)
        value.kind = VALUE_INT_LIST
        value.as_.int_list = IntList(items, len(arg))
    else:
        raise TypeError(f"cannot pass {type(arg).__name__} to a kernel")


def tensor_view(tensor: torch.Tensor) -> Tensor:
    """A cmops_tensor describing `tensor`'s memory (which must be dense in its dim order)."""
    if tensor.dim() > CMOPS_MAX_DIM:
        raise ValueError("rank above CMOPS_MAX_DIM")
    order = dim_order_of(tensor)
    expected = torch.empty_permuted(tensor.shape, order, dtype=tensor.dtype).stride()
    if tensor.numel() > 1 and tuple(tensor.stride()) != tuple(expected):
        raise ValueError("tensor is not dense in its dim order")
    view = Tensor()
    view.data = tensor.data_ptr() if tensor.numel() else None
    view.dtype = DTYPE_CODES[tensor.dtype]
    view.dim = tensor.dim()
    for i, size in enumerate(tensor.shape):
        view.sizes[i] = size
    for i, d in enumerate(order):
        view.dim_order[i] = d
    view.nbytes = tensor.numel() * tensor.element_size()
    return view


def memory_bytes(tensor: torch.Tensor) -> bytes:
    """The tensor's bytes in its own memory order."""
    if tensor.dim() == 0:
        return tensor.numpy().tobytes()
    order = dim_order_of(tensor)
    return tensor.permute(order).contiguous().numpy().tobytes()


def empty_like_layout(shape: Sequence[int], dtype: torch.dtype, order: Sequence[int]) -> torch.Tensor:
    """An output tensor of `shape` stored in dim order `order`, filled with a sentinel."""
    out = torch.empty_permuted(tuple(shape), tuple(order), dtype=dtype)
    if dtype.is_floating_point:
        out.fill_(float("nan"))
    else:
        out.fill_(0x5A if dtype != torch.bool else 0)
    return out
