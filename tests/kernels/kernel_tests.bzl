"""The repeated targets of tests/kernels, each from one table.

  * `kernel_path_tests`: for every kernel path of //cc/nn (the M55's own Helium path, the
    portable scalar C and the DSP extension, which the M55 also executes), the firmware case
    runner and MobileNetV2 on the simulated M55; only the kernels are built again per path
    (cc/nn/kernel_path.bzl).
  * `m55_unit_test`: a C test program for the simulated M55 and its fvp_test.
"""

load("//bazel:cortex_m_firmware.bzl", "cortex_m_firmware")
load("//bazel:fvp_test.bzl", "fvp_test")
load("//cc/nn:kernel_path.bzl", "kernel_path")

_HOST = ["@platforms//os:linux"]
_M55 = ["//platforms:core_cortex_m55"]

# The paths besides the M55's own (Helium), by their `kernels` value.
_OTHER_PATHS = ["scalar", "dsp"]

def kernel_path_tests(runner_app, cases, mv2_program, mv2_visibility = None):
    """The case corpus and MobileNetV2 on the simulated M55, once per kernel path.

    Declares `firmware_case_runner` (the M55's own kernels) and `firmware_case_runner_<path>`,
    the tests `mve_kernels_on_m55_test` and `<path>_kernels_on_m55_test` (the corpus, graded in
    firmware: " 0 failed"), and for the other paths `mv2_m55_<path>` with
    `mv2_<path>_kernels_on_m55_test` (bit-exact with the same device reference as the Helium
    build, //tests/firmware:mv2_m55_test).

    Args:
      runner_app: the case runner's application library (a cc_library with main()).
      cases: the corpus file the runner reads as cases.bin.
      mv2_program: the MobileNetV2 pte_model.
      mv2_visibility: who else links MobileNetV2 with these kernel paths through the
        `mv2_m55_<path>` firmware (the path benchmark), instead of defining its own copy.
    """
    native.cc_binary(
        name = "firmware_case_runner",
        target_compatible_with = _M55,
        deps = [runner_app],
    )
    runners = {"mve": ":firmware_case_runner"}
    for path in _OTHER_PATHS:
        kernel_path(
            name = "firmware_case_runner_" + path,
            app = runner_app,
            kernels = path,
            target_compatible_with = _M55,
        )
        runners[path] = ":firmware_case_runner_" + path
    for path, runner in runners.items():
        fvp_test(
            name = path + "_kernels_on_m55_test",
            size = "medium",
            binary = runner,
            expected_output = [" 0 failed"],
            inputs = {cases: "cases.bin"},
            sim_timeout = 240,
        )
    for path in _OTHER_PATHS:
        cortex_m_firmware(
            name = "mv2_m55_" + path,
            kernels = path,
            program = mv2_program,
            target_compatible_with = _HOST,
            visibility = mv2_visibility,
        )
        fvp_test(
            name = "mv2_%s_kernels_on_m55_test" % path,
            size = "medium",
            firmware = ":mv2_m55_" + path,
            sim_timeout = 240,
        )

def m55_unit_test(name, src, expected_output, deps):
    """A C11 test program (`name` without `_test`) for the M55 and the fvp_test `name`.

    Args:
      name: the test's name, ending in `_test`.
      src: the program's source; it prints `expected_output` when every check passed.
      expected_output: lines the simulated run must print.
      deps: libraries besides the Corstone-300 board.
    """
    if not name.endswith("_test"):
        fail("m55_unit_test %s: the name must end in _test" % name)
    binary = name[:-len("_test")]
    native.cc_binary(
        name = binary,
        srcs = [src],
        copts = [
            "-std=c11",
            "-Werror",
        ],
        target_compatible_with = _M55,
        deps = ["//cc/boards/corstone300"] + deps,
    )
    fvp_test(
        name = name,
        size = "small",
        binary = ":" + binary,
        expected_output = expected_output,
    )
