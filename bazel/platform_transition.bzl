"""A transition that builds a firmware dependency for a Cortex-M platform.

Test and run rules live in the host configuration (their runner is a host program); their
`firmware` attribute goes through this transition, so `bazel test //tests/...` needs no
--platforms flag.
"""

load("//bazel:junit.bzl", "junit_test_script")

def _platform_transition_impl(settings, attr):
    _ignore = settings
    return {"//command_line_option:platforms": str(attr.platform)}

platform_transition = transition(
    implementation = _platform_transition_impl,
    inputs = [],
    outputs = ["//command_line_option:platforms"],
)

# Every rule with a transition on an attribute (this one, the sanitizer one) needs this
# attribute (the Bazel 4.2.3 allowlist).
TRANSITION_ALLOWLIST_ATTR = {
    "_allowlist_function_transition": attr.label(
        default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
    ),
}

def first_target(attr_value):
    """The target of a label attribute that goes through a transition.

    In Bazel 4.2.3 such an attribute is a list (of one target, or empty when unset); `None` when
    unset.
    """
    if type(attr_value) == "list":
        return attr_value[0] if attr_value else None
    return attr_value

def transitioned_executable(attr_value):
    """The single executable of a transitioned label attribute (a list in Bazel 4.2.3)."""
    target = first_target(attr_value)
    executable = target[DefaultInfo].files_to_run.executable
    if executable == None:
        files = target[DefaultInfo].files.to_list()
        if len(files) != 1:
            fail("%s must produce exactly one file (an ELF)" % target.label)
        executable = files[0]
    return executable

def _platform_files_impl(ctx):
    files = depset(transitive = [target[DefaultInfo].files for target in ctx.attr.srcs])
    return [DefaultInfo(files = files, runfiles = ctx.runfiles(transitive_files = files))]

platform_files = rule(
    implementation = _platform_files_impl,
    doc = "The files of `srcs` built for `platform`, e.g. firmware ELFs as a host test's data.",
    attrs = dict(TRANSITION_ALLOWLIST_ATTR, **{
        "srcs": attr.label_list(mandatory = True, cfg = platform_transition),
        "platform": attr.label(default = "//platforms:cortex_m55"),
    }),
)

def _platform_build_test_impl(ctx):
    files = depset(transitive = [target[DefaultInfo].files for target in ctx.attr.targets])
    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(
        output = script,
        is_executable = True,
        content = junit_test_script(ctx.label, "echo 'built for %s'" % ctx.attr.platform.label),
    )
    return [DefaultInfo(
        executable = script,
        runfiles = ctx.runfiles(transitive_files = files),
    )]

platform_build_test = rule(
    implementation = _platform_build_test_impl,
    test = True,
    doc = "Passes when every target in `targets` builds for `platform` (e.g. with -Werror).",
    attrs = dict(TRANSITION_ALLOWLIST_ATTR, **{
        "targets": attr.label_list(mandatory = True, cfg = platform_transition),
        "platform": attr.label(mandatory = True),
    }),
)
