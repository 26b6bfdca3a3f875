"""The export pipeline: quantize, lower to cortex_m:: kernels, serialize to .pte."""
