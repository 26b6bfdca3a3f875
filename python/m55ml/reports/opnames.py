"""Operator names as a serialized program spells them (`namespace::name.overload`)."""

CORTEX_M_PREFIX = "cortex_m::"
QUANTIZE_OP = "cortex_m::quantize_per_tensor.out"
DEQUANTIZE_OP = "cortex_m::dequantize_per_tensor.out"
LINEAR_OP = "cortex_m::quantized_linear.out"

# Layout-only operators the runtime carries itself (cc/runtime/internal/builtin_kernels.cc):
# they move bytes (a new shape, another dim order) and do no arithmetic.
RUNTIME_OPS = frozenset({
    "aten::view_copy.out",
    "dim_order_ops::_clone_dim_order.out",
    "dim_order_ops::_to_dim_order_copy.out",
})

# What runs an operator of a program: a `cortex_m::` kernel (lowered, CMSIS-NN arithmetic),
# the runtime's own layout kernels, or a portable (ATen) kernel the firmware must provide.
KIND_CORTEX_M = "cortex_m"
KIND_RUNTIME = "runtime"
KIND_PORTABLE = "portable"
OP_KINDS = (KIND_CORTEX_M, KIND_RUNTIME, KIND_PORTABLE)


def op_kind(op: str) -> str:
    """`cortex_m`, `runtime` or `portable` for a `namespace::name.overload` operator name."""
    if op.startswith(CORTEX_M_PREFIX):
        return KIND_CORTEX_M
    if op in RUNTIME_OPS:
        return KIND_RUNTIME
    return KIND_PORTABLE
