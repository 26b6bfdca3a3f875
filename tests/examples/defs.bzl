"""One simulator test per example: its firmware on the simulated M55, outputs bit-exact."""

load("//bazel:fvp_test.bzl", "fvp_test")
load("//bazel:pte_model.bzl", "PteModelInfo")

def example_firmware_tests(examples):
    """fvp_test `<example>_m55_test` for each //examples/<example>:<example>_m55.

    Args:
      examples: names of the packages under examples/ (each defines <name>_m55).
    """
    for example in examples:
        fvp_test(
            name = example + "_m55_test",
            size = "small",
            firmware = "//examples/%s:%s_m55" % (example, example),
        )

def _program_file_impl(ctx):
    file = getattr(ctx.attr.program[PteModelInfo], ctx.attr.field)
    return [DefaultInfo(files = depset([file]), runfiles = ctx.runfiles(files = [file]))]

program_file = rule(
    implementation = _program_file_impl,
    doc = "One file of a pte_model (its reference input, output, ...), as a target of its own.",
    attrs = {
        "program": attr.label(mandatory = True, providers = [PteModelInfo]),
        "field": attr.string(
            mandatory = True,
            values = ["pte", "manifest", "input", "reference_output", "device_reference_output"],
        ),
    },
)
