"""Analysis tests: the generated glue and schema headers come from one run, whatever the consumer.

`generated_once` (bazel/generated_once.bzl) links a generator's files into its consumer's
configuration. Each link must point into the host configuration's output tree, the same for a
host build and a firmware build: the generator then runs once per build instead of once per
configuration (tools/ci/duplicate_actions.py checks the same on CI's execution log).
"""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")

_HOST_BIN = "bazel-out/host/bin/"

def _generated_once_test_impl(ctx):
    env = analysistest.begin(ctx)
    actions = analysistest.target_actions(env)
    mnemonics = sorted({a.mnemonic: True for a in actions}.keys())
    asserts.equals(env, ["Symlink"], mnemonics, "actions of %s itself" % analysistest.target_under_test(env).label)
    for action in actions:
        sources = [f.path for f in action.inputs.to_list()]
        asserts.true(
            env,
            len(sources) == 1 and sources[0].startswith(_HOST_BIN),
            "%s links %s, not a file of the host configuration (%s)" % (
                action.outputs.to_list()[0].path,
                sources,
                _HOST_BIN,
            ),
        )
    asserts.equals(env, ctx.attr.expected_links, len(actions), "links made")
    return analysistest.end(env)

_ATTRS = {"expected_links": attr.int(mandatory = True, doc = "Files the generator writes.")}

generated_once_test = analysistest.make(_generated_once_test_impl, attrs = _ATTRS)

generated_once_on_m55_test = analysistest.make(
    _generated_once_test_impl,
    attrs = _ATTRS,
    config_settings = {"//command_line_option:platforms": "//platforms:cortex_m55"},
)
