"""Kernel paths: a firmware linked with a chosen //cc/nn kernel path, the rest built once.

`bazel build --//cc/nn:force_scalar ...` picks the portable kernels for a whole build. Inside one
build, a second kernel path must not rebuild anything but the kernels' inner cores, and those
only once per core. //cc/nn:cmsis_nn holds what every path shares (the entry points, compiled
once per core) and links the platform's own cores; the cores live in libraries of their own
(cc/nn/kernel_sources.bzl: `core_groups`, `kernel_cores`). A kernel path is no configuration
change: the rule depends on the path's core libraries for the same platform as the application
(`platform_transition`, the same configuration as `app`), and the final link swaps them in
(`swap_kernels`) for the cores the application was built with. `kernels` names the path:
"scalar" (the portable C, as --//cc/nn:force_scalar) or "dsp" (the DSP-extension kernels, as
--//cc/nn:force_dsp, which the Cortex-M55 also executes); "" keeps the platform's own.

  * `cortex_m_firmware(..., kernels = "scalar")` (bazel/cortex_m_firmware.bzl) links a .pte
    program that way;
  * `kernel_path(name, app, kernels)` links any firmware application library (a cc_library
    with main(), e.g. the kernel case runner) that way, for `platform`;
  * `firmware_files(name, target)` gives a firmware's ELF and reference files under `name`, so
    two builds of one program can sit side by side in a runfiles tree (the MV2 path benchmark).
"""

load("//bazel:platform_transition.bzl", "TRANSITION_ALLOWLIST_ATTR", "first_target", "platform_transition")
load("//bazel:providers.bzl", "FirmwareInfo")
load(":kernel_sources.bzl", "core_groups", "kernel_cores")

KERNEL_PATHS = ["", "scalar", "dsp"]

# Every core library's label, whichever path linked it.
_CORE_LIBRARIES = [str(Label("//cc/nn:" + name)) for name in core_groups()]

def _path_cores(kernels):
    # Only a firmware with another path depends on that path's core libraries: a dependency on
    # the DSP cores would make a scalar core's firmware incompatible (they are not built there).
    return [Label(label) for label in kernel_cores(kernels)] if kernels else []

def kernels_attrs(default):
    """The `kernels` attribute and the core libraries of each path, for rules that link
    firmware (their `platform` attribute names the core, as for `app`)."""
    attrs = {
        "kernels": attr.string(
            default = default,
            values = KERNEL_PATHS,
            doc = "Kernel path linked instead of the platform's own: \"scalar\" (portable C) " +
                  "or \"dsp\" (DSP extension); only its inner cores are compiled for it " +
                  "(cc/nn/kernel_path.bzl).",
        ),
    }
    attrs["_kernel_cores"] = attr.label_list(
        default = _path_cores,
        cfg = platform_transition,
        providers = [CcInfo],
    )
    return attrs

def swap_kernels(linking_context, cores, what):
    """`linking_context` with the core libraries of CcInfo `cores` in place of its own.

    Every library a //cc/nn core library owns is dropped; `cores`'s libraries go where the first
    of them was, so they follow //cc/nn:cmsis_nn in the link order as before.
    """
    replacement = cores.linking_context.linker_inputs.to_list()
    inputs = []
    placed = False
    for linker_input in linking_context.linker_inputs.to_list():
        if str(linker_input.owner) not in _CORE_LIBRARIES:
            inputs.append(linker_input)
        elif not placed:
            inputs.extend(replacement)
            placed = True
    if not placed:
        fail("%s: the application links none of //cc/nn's core libraries (is " % what +
             "--//third_party/cmsis_nn:implementation set elsewhere?); `kernels` needs //cc/nn")
    return cc_common.create_linking_context(linker_inputs = depset(inputs, order = "topological"))

def link_kernel_path(ctx, app):
    """The linking context of `app` (CcInfo) with the kernels of `ctx.attr.kernels`, if set."""
    if not ctx.attr.kernels:
        return app.linking_context
    cores = cc_common.merge_cc_infos(
        cc_infos = [target[CcInfo] for target in ctx.attr._kernel_cores],
    )
    return swap_kernels(app.linking_context, cores, str(ctx.label))

def _kernel_path_impl(ctx):
    cc_toolchain = ctx.attr.cc_toolchain[cc_common.CcToolchainInfo]
    feature_configuration = cc_common.configure_features(
        ctx = ctx,
        cc_toolchain = cc_toolchain,
        requested_features = ctx.features,
        unsupported_features = ctx.disabled_features,
    )
    app = first_target(ctx.attr.app)[CcInfo]
    linking_outputs = cc_common.link(
        name = ctx.label.name + ".elf",
        actions = ctx.actions,
        feature_configuration = feature_configuration,
        cc_toolchain = cc_toolchain,
        linking_contexts = [link_kernel_path(ctx, app)],
        output_type = "executable",
        link_deps_statically = True,
    )
    files = depset([linking_outputs.executable])
    return [DefaultInfo(files = files, runfiles = ctx.runfiles(transitive_files = files))]

kernel_path = rule(
    implementation = _kernel_path_impl,
    doc = "Links firmware application library `app` for `platform` as `<name>.elf`, with the " +
          "`kernels` path; `app` and everything but the kernels are the same actions as in " +
          "any other build of `app` for `platform`.",
    attrs = dict(TRANSITION_ALLOWLIST_ATTR, **dict(kernels_attrs("scalar"), **{
        "app": attr.label(
            mandatory = True,
            cfg = platform_transition,
            providers = [CcInfo],
            doc = "cc_library with main() (alwayslink), the board and the operators.",
        ),
        "platform": attr.label(default = "//platforms:cortex_m55"),
        # Named directly, as in cortex_m_firmware (Bazel 4.2.3 resolves current_cc_toolchain
        # behind a transition to the host toolchain).
        "cc_toolchain": attr.label(
            default = "//toolchains/arm_none_eabi:cortex_m55_cc_toolchain",
            providers = [cc_common.CcToolchainInfo],
        ),
    })),
    fragments = ["cpp"],
)

def _link_as(ctx, file, suffix):
    """`file` under this target's name (two builds of one program must not share runfiles)."""
    out = ctx.actions.declare_file(ctx.label.name + suffix)
    ctx.actions.symlink(output = out, target_file = file)
    return out

def _firmware_files_impl(ctx):
    info = ctx.attr.target[FirmwareInfo]
    model = info.model
    files = depset([
        _link_as(ctx, info.elf, ".elf"),
        _link_as(ctx, model.input, ".input.bin"),
        _link_as(ctx, model.device_reference_output, ".device_reference_output.bin"),
        _link_as(ctx, model.manifest, ".manifest.json"),
    ])
    return [DefaultInfo(files = files, runfiles = ctx.runfiles(transitive_files = files)), info]

firmware_files = rule(
    implementation = _firmware_files_impl,
    doc = "A cortex_m_firmware's files as `<name>.elf`, `<name>.input.bin`, " +
          "`<name>.device_reference_output.bin` and `<name>.manifest.json`, and its FirmwareInfo.",
    attrs = {"target": attr.label(mandatory = True, providers = [FirmwareInfo])},
)
