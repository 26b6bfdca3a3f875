"""The sources of //cc/nn for each ISA class, laid out as CMSIS-NN lays out its own.

Each public CMSIS-NN function has one home, `src/<Family>/<function>.c`, holding its entry point,
its argument checks and its `*_get_buffer_size` (ENTRY_POINTS, with the code they share). The
arithmetic behind them sits in inner cores (internal/nn_cores.h), one file per core and ISA
class: `<core>_scalar.c` (portable C), `<core>_dsp.c` (DSP extension), `<core>_mve.c` (Helium).
A build links one version of every core: its ISA class's own where CORES lists one, else the
scalar one. Adding an ISA version of a core is one file and one word in CORES.

The entry points are the same for every class (they reach the cores only through nn_cores.h), so
//cc/nn:cmsis_nn compiles them once per core. The core files go into the libraries of
`core_groups()`: each file sits in exactly one library, the one named after the classes that
link it (`cores_mve`, `cores_scalar_dsp`: a scalar core both the portable and the DSP path use),
and a kernel path links the libraries of `kernel_cores(isa)`. So a build that links several
paths for one core (cc/nn/kernel_path.bzl) compiles no file twice.
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

def _check_isa(isa, what):
    if isa not in ISA_CLASSES:
        fail("%s: unknown ISA class %r; use one of %s" % (what, isa, ISA_CLASSES))

def _variant(own, isa):
    return isa if isa in own else "scalar"

def core_groups():
    """Core library name -> its .c files: every core file once, in the library named after the
    ISA classes that link it (`cores_<class>_<class>...`, in ISA_CLASSES order)."""
    groups = {}
    for core, own in CORES.items():
        for variant in ["scalar"] + own:
            classes = [isa for isa in ISA_CLASSES if _variant(own, isa) == variant]
            groups.setdefault("cores_" + "_".join(classes), []).append("src/%s_%s.c" % (core, variant))
    return {name: sorted(srcs) for name, srcs in groups.items()}

# ISA class of a core file -> the platform ISA classes (//platforms:isa_<class>) whose cores
# execute it; the scalar files run everywhere.
_EXECUTED_BY = {
    "dsp": ["dsp", "mve"],
    "mve": ["mve"],
}

def core_group_compatibility(name):
    """target_compatible_with of core library `name`: the files of a DSP or Helium core library
    compile only for a core that executes them (`bazel build //cc/nn/...` skips them on the
    host)."""
    variant = name[len("cores_"):].split("_")[0]
    if variant not in _EXECUTED_BY:
        return []
    conditions = {"//platforms:isa_%s_selected" % isa: [] for isa in _EXECUTED_BY[variant]}
    conditions["//conditions:default"] = ["@platforms//:incompatible"]
    return select(conditions)

def kernel_cores(isa):
    """The labels of the core libraries kernel path `isa` links besides //cc/nn:cmsis_nn."""
    _check_isa(isa, "kernel_cores")
    return sorted([
        "//cc/nn:" + name
        for name in core_groups()
        if isa in name[len("cores_"):].split("_")
    ])

def entry_sources():
    """The entry points' .c files, the same for every ISA class."""
    return sorted(["src/%s.c" % name for name in ENTRY_POINTS])

def kernel_sources(isa):
    """Every .c file a build for ISA class `isa` ("scalar", "dsp" or "mve") links: the entry
    points and the cores of kernel_cores(isa)."""
    _check_isa(isa, "kernel_sources")
    cores = ["%s_%s" % (core, _variant(own, isa)) for core, own in CORES.items()]
    return sorted(["src/%s.c" % name for name in ENTRY_POINTS + cores])
