"""kernel_path: a firmware (or any target) built with a chosen //cc/nn kernel path.

`bazel build --//cc/nn:force_scalar ...` picks the portable kernels for a whole build. This rule
does it for one dependency edge, so one `bazel test` or `bazel run` can hold the Helium build
and the portable build of the same firmware side by side (the firmware case runner's two
tests, the MobileNetV2 path benchmark).
"""

load("//bazel:platform_transition.bzl", "TRANSITION_ALLOWLIST_ATTR")
load("//bazel:providers.bzl", "FirmwareInfo")

def _force_scalar_transition_impl(settings, attr):
    _ignore = settings
    return {"//cc/nn:force_scalar": attr.force_scalar}

_force_scalar_transition = transition(
    implementation = _force_scalar_transition_impl,
    inputs = [],
    outputs = ["//cc/nn:force_scalar"],
)

def _link_as(ctx, file, suffix):
    """`file` under this target's name (two paths of one firmware must not share runfiles)."""
    out = ctx.actions.declare_file(ctx.label.name + suffix)
    ctx.actions.symlink(output = out, target_file = file)
    return out

def _kernel_path_impl(ctx):
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
            fail("kernel_path %s: %s must produce exactly one file" % (ctx.label, target.label))
        files = [_link_as(ctx, originals[0], ".elf")]
    files = depset(files)
    providers.append(DefaultInfo(files = files, runfiles = ctx.runfiles(transitive_files = files)))
    return providers

kernel_path = rule(
    implementation = _kernel_path_impl,
    doc = "`target` built with --//cc/nn:force_scalar=`force_scalar`, as `<name>.elf` (plus, " +
          "for a cortex_m_firmware, `<name>.input.bin`, `<name>.device_reference_output.bin` " +
          "and `<name>.manifest.json`, and its FirmwareInfo), so builds of one firmware for " +
          "several kernel paths can sit in one runfiles tree.",
    attrs = dict(TRANSITION_ALLOWLIST_ATTR, **{
        "target": attr.label(mandatory = True, cfg = _force_scalar_transition),
        "force_scalar": attr.bool(default = True),
    }),
)
