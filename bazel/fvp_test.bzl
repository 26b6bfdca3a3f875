"""fvp_test: run Cortex-M firmware on a simulated board and check what it did.

Give it either `firmware` (a cortex_m_firmware: a .pte program linked with the runtime, whose
reference input and output the test feeds and compares) or `binary` (any cc_binary firmware,
built for `platform` through a transition). A `firmware` runs on the board it was linked for, a
`binary` on the default board of `platform`'s core (cc/boards/boards.bzl). The .pte export stays in the requesting
configuration, so it is shared with `bazel build //models:...` and never runs twice.

The simulator is chosen by --//bazel:simulator (qemu by default: the board's QEMU machine; fvp:
the board's Arm FVP when installed). The test passes when the firmware exits with the expected
code, prints the expected text and writes output files equal, byte for byte, to the references.
Guest instructions are counted with the insn_count QEMU plugin and written, with section sizes
and wall time, to metrics.json in the test's undeclared outputs
(bazel-testlogs/<package>/<name>/test.outputs/).
"""

load("//bazel:junit.bzl", "junit_test_script")
load("//bazel:platform_transition.bzl", "TRANSITION_ALLOWLIST_ATTR", "first_target", "platform_transition", "transitioned_executable")
load("//bazel:providers.bzl", "FirmwareInfo")
load("//bazel:simulator.bzl", "SIMULATOR_ATTRS", "runner_line", "simulator_command", "simulator_runfiles")
load("//cc/boards:board.bzl", "BoardInfo")

def _model_args(firmware):
    """Runner arguments and files implied by a cortex_m_firmware: its program's reference files.

    The runner splits the reference inputs into input<i>.bin by the manifest's tensor sizes and
    compares every output<i>.bin the firmware writes with the matching slice of the device
    reference. That reference follows CMSIS-NN's average-pool rounding (docs/export.md); it
    equals the pure reference unless the reference input hits a .5 tie, and the runner says
    which it was.
    """
    if firmware == None:
        return [], []
    model = firmware[FirmwareInfo].model
    files = [model.manifest, model.input]
    args = ["--manifest=" + model.manifest.short_path, "--model-input=" + model.input.short_path]
    if model.device_reference_output:
        files += [model.device_reference_output, model.reference_output]
        args += [
            "--model-reference=" + model.device_reference_output.short_path,
            "--model-pure-reference=" + model.reference_output.short_path,
        ]
    if model.eval_inputs and model.eval_labels:
        files += [model.eval_inputs, model.eval_labels]
        args += [
            "--input=eval_inputs.bin=" + model.eval_inputs.short_path,
            "--input=eval_labels.bin=" + model.eval_labels.short_path,
        ]
    return args, files

def _fvp_test_impl(ctx):
    binary = first_target(ctx.attr.binary)
    if (ctx.attr.firmware == None) == (binary == None):
        fail("fvp_test %s: set exactly one of `firmware` (a cortex_m_firmware) and `binary` " % ctx.label +
             "(a cc_binary built for `platform`)")
    if ctx.attr.firmware:
        elf = ctx.attr.firmware[FirmwareInfo].elf
        board = ctx.attr.firmware[FirmwareInfo].board
    else:
        elf = transitioned_executable(binary)
        board = ctx.attr._board[0][BoardInfo]
    model_args, model_files = _model_args(ctx.attr.firmware)
    command = simulator_command(ctx, elf, board, ctx.attr.sim_timeout)
    args = ["--expect-exit=%d" % ctx.attr.expected_exit_code]
    marker_symbol = ctx.attr.marker_symbol or ("board_profile_marker" if model_args else "")
    if command.simulator == "qemu":
        if marker_symbol:
            args.append("--marker-symbol=" + marker_symbol)
    if model_args:
        args.append("--report")
        args += model_args
    args += ["--expect-output=" + text for text in ctx.attr.expected_output]
    args += ["--contract=" + rule for rule in ctx.attr.output_contract]
    inputs = list(model_files)
    for attribute, flag in [("inputs", "input"), ("compare", "compare")]:
        for target, name in getattr(ctx.attr, attribute).items():
            files = target.files.to_list()
            if len(files) != 1:
                fail("%s: %s must be exactly one file" % (attribute, target.label))
            inputs += files
            args.append("--%s=%s=%s" % (flag, name, files[0].short_path))

    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(
        output = script,
        is_executable = True,
        content = junit_test_script(
            ctx.label,
            "%s --metrics-out=\"${TEST_UNDECLARED_OUTPUTS_DIR:-${TMPDIR:-/tmp}}/metrics.json\"" % (
                runner_line(command, args)
            ),
        ),
    )
    runfiles = simulator_runfiles(ctx, [elf] + inputs)
    return [DefaultInfo(executable = script, runfiles = runfiles)]

fvp_test = rule(
    implementation = _fvp_test_impl,
    test = True,
    doc = "Runs `firmware` or `binary` on its simulated board; see the module docstring.",
    attrs = dict(TRANSITION_ALLOWLIST_ATTR, **dict({
        "firmware": attr.label(
            providers = [FirmwareInfo],
            doc = "A cortex_m_firmware: the program's reference inputs are fed as " +
                  "input<i>.bin, every output<i>.bin must equal its reference output byte " +
                  "for byte, and its evaluation set (if any) is run for accuracy. It picks " +
                  "its own platform.",
        ),
        "binary": attr.label(
            cfg = platform_transition,
            doc = "Or: a plain cc_binary firmware, built for `platform` by this rule.",
        ),
        "platform": attr.label(
            default = "//platforms:cortex_m55",
            doc = "Platform `binary` is built for; it runs on that core's default board.",
        ),
        "_board": attr.label(default = "//cc/boards:default_board", cfg = platform_transition),
        "expected_exit_code": attr.int(default = 0),
        "expected_output": attr.string_list(doc = "Texts that must all appear in the output."),
        "output_contract": attr.string_list(
            doc = "`<output index>=<rule>`: compare that program output with the reference " +
                  "within a bound docs/portable.md states (tools/sim/run_firmware.py, CONTRACTS) " +
                  "instead of byte for byte. Only for outputs a portable float op computes.",
        ),
        "inputs": attr.label_keyed_string_dict(
            allow_files = True,
            doc = "Files the firmware reads, keyed by label, valued by the name it opens.",
        ),
        "compare": attr.label_keyed_string_dict(
            allow_files = True,
            doc = "Reference files keyed by label, valued by the name of the file the firmware " +
                  "writes; each must match byte for byte.",
        ),
        "marker_symbol": attr.string(
            doc = "Function whose executions the instruction plugin records (per-op cost).",
        ),
        "sim_timeout": attr.int(default = 60, doc = "Seconds before the simulator is killed."),
    }, **SIMULATOR_ATTRS)),
)
