"""dsp_kernel_path: a firmware (or any target) built with the //cc/nn DSP kernels.

`bazel build --//cc/nn:force_dsp ...` builds the DSP-extension kernels for a whole build, also
for a Cortex-M55 (whose core executes the DSP extension). This rule does it for one dependency
edge, so the Cortex-M55 simulator can run the DSP path beside the Helium and portable builds of
the same firmware in one `bazel test` (the firmware case runner, MobileNetV2, the benchmarks)
until DSP-class boards run it natively. It provides what `kernel_path` provides.
"""

load("//bazel:platform_transition.bzl", "TRANSITION_ALLOWLIST_ATTR")
load("//bazel:providers.bzl", "FirmwareInfo")

def _force_dsp_transition_impl(settings, attr):
    _ignore = (settings, attr)
    return {"//cc/nn:force_dsp": True, "//cc/nn:force_scalar": False}

_force_dsp_transition = transition(
    implementation = _force_dsp_transition_impl,
    inputs = [],
    outputs = ["//cc/nn:force_dsp", "//cc/nn:force_scalar"],
)

def _link_as(ctx, file, suffix):
    """`file` under this target's name (two paths of one firmware must not share runfiles)."""
    out = ctx.actions.declare_file(ctx.label.name + suffix)
    ctx.actions.symlink(output = out, target_file = file)
    return out

def _dsp_kernel_path_impl(ctx):
    target = ctx.attr.target[0]
    providers = []
    if FirmwareInfo in target:
        info = target[FirmwareInfo]
        model = info.model
        files = [
            _link_as(ctx, info.elf, ".elf"),
            _link_as(ctx, model.input, ".input.bin"),
            _link_as(ctx, model.device_reference_output, ".device_reference_output.bin"),
            _link_as(ctx, model.manifest, ".manifest.json"),
        ]
        providers.append(info)
    else:
        originals = target[DefaultInfo].files.to_list()
        if len(originals) != 1:
            fail("dsp_kernel_path %s: %s must produce exactly one file" % (ctx.label, target.label))
        files = [_link_as(ctx, originals[0], ".elf")]
    files = depset(files)
    providers.append(DefaultInfo(files = files, runfiles = ctx.runfiles(transitive_files = files)))
    return providers

dsp_kernel_path = rule(
    implementation = _dsp_kernel_path_impl,
    doc = "`target` built with --//cc/nn:force_dsp, as `<name>.elf` (plus, for a " +
          "cortex_m_firmware, `<name>.input.bin`, `<name>.device_reference_output.bin` and " +
          "`<name>.manifest.json`, and its FirmwareInfo).",
    attrs = dict(TRANSITION_ALLOWLIST_ATTR, **{
        "target": attr.label(mandatory = True, cfg = _force_dsp_transition),
    }),
)
