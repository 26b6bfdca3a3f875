"""Analysis test: an action that runs a host tool found by path reads the tool's version stamp.

Bazel does not hash a tool outside the workspace (espeak-ng, flatc, QEMU), so its @m55ml_env
stamp must be an input of the action: an upgrade then changes the action key and the output is
made again instead of coming from a cache (docs/workspace.md).
"""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")

def _stamp_inputs_test_impl(ctx):
    env = analysistest.begin(ctx)
    actions = [a for a in analysistest.target_actions(env) if a.mnemonic == ctx.attr.mnemonic]
    asserts.equals(env, 1, len(actions), "%s actions of the target" % ctx.attr.mnemonic)
    inputs = [f.short_path for f in actions[0].inputs.to_list()]
    for stamp in ctx.attr.stamps:
        asserts.true(env, stamp in inputs, "%s is not an input of the %s action (inputs: %s)" % (
            stamp,
            ctx.attr.mnemonic,
            inputs,
        ))
    return analysistest.end(env)

stamp_inputs_test = analysistest.make(
    _stamp_inputs_test_impl,
    attrs = {
        "mnemonic": attr.string(mandatory = True, doc = "The action that runs the tool."),
        "stamps": attr.string_list(mandatory = True, doc = "short_path of each stamp it must read."),
    },
)
