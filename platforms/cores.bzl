"""The Cortex-M cores this project builds for: the one place a core is described.

Everything else is derived from these tables:
  - //platforms: a `core_<name>` constraint value, a `<name>` platform (core + ISA class) and a
    `<name>_selected` config_setting per core (platforms/defs.bzl);
  - //toolchains/arm_none_eabi: one cc toolchain per core with the `-mcpu`/`-mfloat-abi` flags
    below (toolchains/arm_none_eabi/cc_toolchain_config.bzl);
  - toolchains/arm-none-eabi.cmake: its generated block of per-core flags
    (`bazel run //tests/parity:update_cmake_cores`, checked by //tests/parity:cmake_cores_test);
  - cortex_m_firmware: the default board of a platform, and the ISA class a program exported for
    ExecuTorch's `cortex-m<variant>` target must match.

The tables are plain literals (no calls) so Python tools read them too (tools/cores/cores.py).
A test (//tests/platforms:core_spelling_test) fails when a core's flags are spelled anywhere else.
"""

# name (a Bazel-friendly spelling: cortex_m55) -> the core's facts.
#   mcpu:          GCC's -mcpu value
#   float_abi:     GCC's -mfloat-abi: hard where the core has an FPU, soft otherwise
#   fpu:           the FPU GCC's -mfpu=auto picks for that -mcpu (documentation; not passed)
#   isa:           the kernel path: mve (Helium), dsp (SIMD32 DSP extension), scalar (plain C)
#   export_target: ExecuTorch's Cortex-M target string (pte_model's `target`)
#   default_board: the key in cc/boards/boards.bzl BOARDS firmware for this core runs on
CORES = {
    "cortex_m55": {
        "mcpu": "cortex-m55",
        "float_abi": "hard",
        "fpu": "FPv5 double precision + MVE-F",
        "isa": "mve",
        "export_target": "cortex-m55",
        "default_board": "corstone300",
        "arch": "Armv8.1-M Mainline",
    },
    "cortex_m33": {
        "mcpu": "cortex-m33",
        "float_abi": "hard",
        "fpu": "FPv5 single precision",
        "isa": "dsp",
        "export_target": "cortex-m33",
        "default_board": "mps2_an505",
        "arch": "Armv8-M Mainline",
    },
    "cortex_m7": {
        "mcpu": "cortex-m7",
        "float_abi": "hard",
        "fpu": "FPv5 double precision",
        "isa": "dsp",
        "export_target": "cortex-m7",
        "default_board": "mps2_an500",
        "arch": "Armv7E-M",
    },
    "cortex_m4": {
        "mcpu": "cortex-m4",
        "float_abi": "hard",
        "fpu": "FPv4 single precision",
        "isa": "dsp",
        "export_target": "cortex-m4",
        "default_board": "mps2_an386",
        "arch": "Armv7E-M",
    },
    "cortex_m3": {
        "mcpu": "cortex-m3",
        "float_abi": "soft",
        "fpu": "none",
        "isa": "scalar",
        "export_target": "cortex-m3",
        "default_board": "mps2_an385",
        "arch": "Armv7-M",
    },
}

# The kernel path of every target string ExecuTorch's Cortex-M backend accepts (its
# CortexMTargetConfig: cmsis_nn backend per CPU), also for cores without a board here: a program's
# ISA class is read from its target when the firmware rule checks it against the core.
EXPORT_TARGET_ISA = {
    "cortex-m0": "scalar",
    "cortex-m0plus": "scalar",
    "cortex-m3": "scalar",
    "cortex-m23": "scalar",
    "cortex-m4": "dsp",
    "cortex-m7": "dsp",
    "cortex-m33": "dsp",
    "cortex-m35p": "dsp",
    "cortex-m55": "mve",
    "cortex-m85": "mve",
}

# The ISA classes (constraint values //platforms:isa_<name>), most capable first.
ISAS = ["mve", "dsp", "scalar"]

def core_flags(name):
    """The compile and link flags of core `name`: -mcpu, -mfloat-abi, -mthumb."""
    core = CORES[name]
    return ["-mcpu=" + core["mcpu"], "-mfloat-abi=" + core["float_abi"], "-mthumb"]
