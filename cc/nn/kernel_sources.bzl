"""The sources of //cc/nn:cmsis_nn for one ISA class, laid out as CMSIS-NN lays out its own.

Each public CMSIS-NN function has one home, `src/<Family>/<function>.c`, holding its entry point,
its argument checks and its `*_get_buffer_size` (ENTRY_POINTS, with the code they share). The
arithmetic behind them sits in inner cores (internal/nn_cores.h), one file per core and ISA
class: `<core>_scalar.c` (portable C), `<core>_dsp.c` (DSP extension), `<core>_mve.c` (Helium).
A build links one version of every core: its ISA class's own where CORES lists one, else the
scalar one. Adding an ISA version of a core is one file and one word in CORES.
"""

ENTRY_POINTS = [
    "BasicMathFunctions/arm_elementwise_add_s8",
    "BasicMathFunctions/arm_elementwise_mul_s8",
    "BasicMathFunctions/arm_maximum_s8",
    "BasicMathFunctions/arm_minimum_s8",
    "BatchMatMulFunctions/arm_batch_matmul_s8",
    "ConvolutionFunctions/arm_convolve_1x1_s8",
    "ConvolutionFunctions/arm_convolve_1x1_s8_fast",
    "ConvolutionFunctions/arm_convolve_s8",
    "ConvolutionFunctions/arm_convolve_wrapper_s8",
    "ConvolutionFunctions/arm_depthwise_conv_s8",
    "ConvolutionFunctions/arm_depthwise_conv_wrapper_s8",
    "ConvolutionFunctions/arm_transpose_conv_s8",
    "FullyConnectedFunctions/arm_fully_connected_per_channel_s8",
    "FullyConnectedFunctions/arm_fully_connected_s8",
    "PadFunctions/arm_pad_s8",
    "PoolingFunctions/arm_avgpool_s8",
    "PoolingFunctions/arm_max_pool_s8",
    "PoolingFunctions/arm_pool_s8_common",
    "TransposeFunctions/arm_transpose_s8",
]

# Inner core -> the ISA classes with a version of their own besides "scalar".
CORES = {
    "BasicMathFunctions/arm_elementwise_add_s8": ["mve"],
    "BasicMathFunctions/arm_elementwise_mul_s8": ["dsp", "mve"],
    "BasicMathFunctions/arm_minimum_maximum_s8": ["mve"],
    "BatchMatMulFunctions/arm_batch_matmul_s8": ["mve"],
    "ConvolutionFunctions/arm_convolve_1x1_s8": ["dsp", "mve"],
    "ConvolutionFunctions/arm_convolve_s8": ["dsp", "mve"],
    "ConvolutionFunctions/arm_depthwise_conv_s8": ["dsp", "mve"],
    "ConvolutionFunctions/arm_transpose_conv_s8": ["mve"],
    "FullyConnectedFunctions/arm_fully_connected_s8": ["dsp", "mve"],
    "PadFunctions/arm_pad_s8": ["mve"],
    "PoolingFunctions/arm_pool_s8": ["dsp", "mve"],
    "TransposeFunctions/arm_transpose_s8": ["mve"],
}

ISA_CLASSES = ["scalar", "dsp", "mve"]

def kernel_sources(isa):
    """The .c files of the kernel library for ISA class `isa` ("scalar", "dsp" or "mve")."""
    if isa not in ISA_CLASSES:
        fail("kernel_sources: unknown ISA class %r; use one of %s" % (isa, ISA_CLASSES))
    cores = [
        "%s_%s" % (core, isa if isa in own else "scalar")
        for core, own in CORES.items()
    ]
    return sorted(["src/%s.c" % name for name in ENTRY_POINTS + cores])
