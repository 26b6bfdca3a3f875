"""A transition that builds a firmware dependency for a Cortex-M platform.

Test and run rules live in the host configuration (their runner is a host program); their
`firmware` attribute goes through this transition, so `bazel test //tests/...` needs no
--platforms flag.
"""

def _platform_transition_impl(settings, attr):
    _ignore = settings
    return {"//command_line_option:platforms": str(attr.platform)}

platform_transition = transition(
    implementation = _platform_transition_impl,
    inputs = [],
    outputs = ["//command_line_option:platforms"],
)

# Every rule using platform_transition needs this attribute (Bazel 4.2.3 allowlist).
TRANSITION_ALLOWLIST_ATTR = {
    "_allowlist_function_transition": attr.label(
        default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
    ),
}

def transitioned_executable(attr_value):
    """The single executable of a transitioned label attribute (a list in Bazel 4.2.3)."""
    target = attr_value[0] if type(attr_value) == "list" else attr_value
    executable = target[DefaultInfo].files_to_run.executable
    if executable == None:
        files = target[DefaultInfo].files.to_list()
        if len(files) != 1:
            fail("%s must produce exactly one file (an ELF)" % target.label)
        executable = files[0]
    return executable
