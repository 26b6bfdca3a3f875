"""One simulator test per example: its firmware on the simulated M55, outputs bit-exact."""

load("//bazel:fvp_test.bzl", "fvp_test")

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
