"""Analysis tests of cortex_m_firmware's build-time refusals (one line each)."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")

def _refused_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, ctx.attr.message)
    return analysistest.end(env)

refused_test = analysistest.make(
    _refused_impl,
    expect_failure = True,
    attrs = {"message": attr.string(mandatory = True)},
)
