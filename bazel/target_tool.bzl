"""target_tool_output: one file written by a host program built in the target configuration.

A genrule builds its `tools` in the host configuration (-c opt), so a host test program that
also writes a generated input (//tests/kernels:firmware_corpus, //tests/portable's
device_parity_host) compiled //cc/ops and //cc/nn a second time, and, when one tool is a
cc_binary (non-PIC objects in -c opt) and another loads a shared library (PIC), a third.
Built in the target configuration, the tool links the objects the host tests already compile
(PIC in fastbuild, for binaries and shared libraries alike). Only for the host platform: the
target configuration's programs must run here, so the tool carries
`target_compatible_with = ["@platforms//os:linux"]`.
"""

def _target_tool_output_impl(ctx):
    out = ctx.outputs.out
    ctx.actions.run(
        executable = ctx.attr.tool[DefaultInfo].files_to_run,
        arguments = [arg.replace("{out}", out.path) for arg in ctx.attr.arguments],
        outputs = [out],
        # As a genrule's command: the tools find their interpreter on the default PATH.
        use_default_shell_env = True,
        mnemonic = "TargetTool",
        progress_message = "Writing %s with %s" % (out.short_path, ctx.attr.tool.label),
    )
    return [DefaultInfo(files = depset([out]))]

target_tool_output = rule(
    implementation = _target_tool_output_impl,
    doc = "Runs `tool` (built for the target platform, which must be the host's) with " +
          "`arguments` (`{out}` = the output's path) to write `out`.",
    attrs = {
        "tool": attr.label(mandatory = True, executable = True, cfg = "target"),
        "arguments": attr.string_list(doc = "`{out}` stands for the output's path."),
        "out": attr.output(mandatory = True),
    },
)
