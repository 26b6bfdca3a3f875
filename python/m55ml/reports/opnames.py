"""Operator names as a serialized program spells them (`namespace::name.overload`)."""

CORTEX_M_PREFIX = "cortex_m::"
QUANTIZE_OP = "cortex_m::quantize_per_tensor.out"
DEQUANTIZE_OP = "cortex_m::dequantize_per_tensor.out"
LINEAR_OP = "cortex_m::quantized_linear.out"
