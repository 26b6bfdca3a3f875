"""The arm-none-eabi cc toolchain: Debian's gcc-arm-none-eabi 12.2 + newlib, for every core.

One rule holds every flag; cores differ only in their CPU flags, which come from the core table
(platforms/cores.bzl), so adding a core is one entry there (arm_none_eabi_toolchains declares a
toolchain per entry).
"""

load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")
load(
    "@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl",
    "env_entry",
    "env_set",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
    "with_feature_set",
)
load("//platforms:cores.bzl", "CORES", "core_flags")

_C_COMPILE = [ACTION_NAMES.c_compile]

_CXX_COMPILE = [
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.cpp_header_parsing,
    ACTION_NAMES.cpp_module_compile,
    ACTION_NAMES.cpp_module_codegen,
    ACTION_NAMES.linkstamp_compile,
]

_ALL_COMPILE = _C_COMPILE + _CXX_COMPILE + [
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
]

_LINK = [
    ACTION_NAMES.cpp_link_executable,
    ACTION_NAMES.cpp_link_dynamic_library,
    ACTION_NAMES.cpp_link_nodeps_dynamic_library,
]

def _flags(actions, flags, with_features = None):
    return flag_set(
        actions = actions,
        flag_groups = [flag_group(flags = flags)],
        with_features = with_features or [],
    )

def _impl(ctx):
    binutils = ctx.attr.binutils_prefix
    tool_paths = [
        # Relative to this package: the wrapper that maps the execution root out of outputs.
        tool_path(name = "gcc", path = "arm-none-eabi-gcc.sh"),
        tool_path(name = "cpp", path = binutils + "cpp"),
        tool_path(name = "ld", path = binutils + "ld"),
        tool_path(name = "ar", path = binutils + "ar"),
        tool_path(name = "nm", path = binutils + "nm"),
        tool_path(name = "objcopy", path = binutils + "objcopy"),
        tool_path(name = "objdump", path = binutils + "objdump"),
        tool_path(name = "strip", path = binutils + "strip"),
        tool_path(name = "gcov", path = "/bin/false"),
        tool_path(name = "dwp", path = "/bin/false"),
        tool_path(name = "llvm-cov", path = "/bin/false"),
    ]

    cpu = ctx.attr.cpu_flags
    common_compile = cpu + [
        "-ffunction-sections",
        "-fdata-sections",
        "-fno-common",
        "-Wall",
        "-Wextra",
        # Reproducible outputs: no resolved symlink paths, no build-time macros.
        "-no-canonical-prefixes",
        "-fno-canonical-system-headers",
        "-Wno-builtin-macro-redefined",
        "-D__DATE__=\"redacted\"",
        "-D__TIMESTAMP__=\"redacted\"",
        "-D__TIME__=\"redacted\"",
    ]

    features = [
        # The wrapper runs the driver @arm_none_eabi_gcc links (an input of every action, so its
        # digest is in every key); this tells it where that link is in the execution root.
        feature(
            name = "declared_compiler_driver",
            enabled = True,
            env_sets = [env_set(
                actions = _ALL_COMPILE + _LINK,
                env_entries = [env_entry(key = "M55ML_ARM_GCC_DRIVER", value = ctx.file.driver.path)],
            )],
        ),
        feature(name = "dbg"),
        feature(name = "opt"),
        feature(name = "fastbuild"),
        feature(
            name = "default_compile_flags",
            enabled = True,
            flag_sets = [
                _flags(_ALL_COMPILE, common_compile),
                _flags(_C_COMPILE, ["-std=c11"]),
                _flags(_CXX_COMPILE, [
                    "-std=c++17",
                    "-fno-exceptions",
                    "-fno-rtti",
                    "-fno-threadsafe-statics",
                    "-fno-use-cxa-atexit",
                ]),
                # Kernels are measured in guest instructions, so even the default (fastbuild)
                # firmware is optimised; dbg is for stepping through in a debugger. fastbuild
                # links strip debug info (Bazel's --strip=sometimes adds -Wl,-S), so its objects
                # carry none: -g made the runtime's compiles ~40% slower for sections the link
                # threw away. opt keeps -g (its links are not stripped).
                _flags(_ALL_COMPILE, ["-Og", "-g3"], [with_feature_set(features = ["dbg"])]),
                _flags(_ALL_COMPILE, ["-O2", "-g", "-DNDEBUG"], [with_feature_set(features = ["opt"])]),
                _flags(_ALL_COMPILE, ["-O2"], [with_feature_set(not_features = ["dbg", "opt"])]),
            ],
        ),
        feature(
            name = "default_link_flags",
            enabled = True,
            flag_sets = [
                _flags(_LINK, cpu + [
                    "-no-canonical-prefixes",
                    "-Wl,--gc-sections",
                    # Firmware images are one RWX region per memory; that is intended here.
                    "-Wl,--no-warn-rwx-segments",
                ]),
            ],
        ),
    ]

    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        toolchain_identifier = "arm-none-eabi-" + ctx.label.name,
        host_system_name = "x86_64-unknown-linux-gnu",
        target_system_name = "arm-none-eabi",
        target_cpu = "arm-none-eabi",
        target_libc = "newlib",
        compiler = "gcc",
        abi_version = "eabi",
        abi_libc_version = "newlib",
        tool_paths = tool_paths,
        cxx_builtin_include_directories = [
            "/usr/lib/gcc/arm-none-eabi",
            "/usr/lib/arm-none-eabi/include",
        ],
        # Bazel 4.2.3 only allows "" or ".exe" as an executable extension, so firmware ELFs
        # carry no ".elf" suffix.
    )

arm_none_eabi_toolchain_config = rule(
    implementation = _impl,
    attrs = {
        "cpu_flags": attr.string_list(
            mandatory = True,
            doc = "-mcpu/-mfloat-abi/-mthumb flags of the target core, for compile and link.",
        ),
        "driver": attr.label(
            default = "@arm_none_eabi_gcc//:bin/arm-none-eabi-gcc",
            allow_single_file = True,
            doc = "The declared gcc driver the wrapper runs (toolchains/arm_none_eabi/identity.bzl).",
        ),
        "binutils_prefix": attr.string(
            default = "/usr/bin/arm-none-eabi-",
            doc = "Path prefix of the Debian binutils-arm-none-eabi tools.",
        ),
    },
    provides = [CcToolchainConfigInfo],
)

def _arm_none_eabi_toolchain(name, core_constraint, cpu_flags):
    """One core's toolchain: a config with its CPU flags, a cc_toolchain and a toolchain().

    Bazel 4.2.3 configures cc_toolchain (and its config) in the host configuration, so a single
    config cannot select() its flags on the target platform (Pigweed's layout needs Bazel 6+);
    every core shares this rule and these files instead, and differs only in `cpu_flags`.

    Args:
      name: prefix of the generated targets; `name` itself is the toolchain() to register.
      core_constraint: the //platforms:core value this toolchain builds for.
      cpu_flags: -mcpu/-mfloat-abi/-mthumb flags for compiling and linking.
    """
    arm_none_eabi_toolchain_config(
        name = name + "_config",
        cpu_flags = cpu_flags,
    )
    native.cc_toolchain(
        name = name + "_cc_toolchain",
        all_files = ":toolchain_files",
        ar_files = ":toolchain_files",
        as_files = ":toolchain_files",
        compiler_files = ":toolchain_files",
        dwp_files = ":toolchain_files",
        linker_files = ":toolchain_files",
        objcopy_files = ":toolchain_files",
        strip_files = ":toolchain_files",
        supports_param_files = 1,
        toolchain_config = ":" + name + "_config",
        toolchain_identifier = "arm-none-eabi-" + name,
    )
    native.toolchain(
        name = name,
        exec_compatible_with = ["@platforms//os:linux"],
        target_compatible_with = [
            "@platforms//os:none",
            core_constraint,
        ],
        toolchain = ":" + name + "_cc_toolchain",
        toolchain_type = "@bazel_tools//tools/cpp:toolchain_type",
    )

def arm_none_eabi_toolchains():
    """A toolchain per core of platforms/cores.bzl, and `current_cc_toolchain`.

    For each core `<core>`: `<core>` (the toolchain() WORKSPACE registers), `<core>_cc_toolchain`
    and `<core>_config`. `current_cc_toolchain` is the cc_toolchain of the configured platform:
    rules reach it through a platform transition (in Bazel 4.2.3
    @bazel_tools//tools/cpp:current_cc_toolchain behind a transition still gives the host's).
    """
    for core in CORES:
        _arm_none_eabi_toolchain(
            name = core,
            core_constraint = "//platforms:core_" + core,
            cpu_flags = core_flags(core),
        )
    choices = {"//platforms:%s_selected" % core: ":%s_cc_toolchain" % core for core in CORES}

    # Outside the table (the host): a target compatible with no platform, so `bazel build //...`
    # skips what needs an Arm toolchain there instead of failing analysis.
    choices["//conditions:default"] = "//platforms:no_core"
    native.alias(name = "current_cc_toolchain", actual = select(choices))
