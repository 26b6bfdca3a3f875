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

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")
load("//bazel:junit.bzl", "junit_test_script")
load("//bazel:platform_transition.bzl", "TRANSITION_ALLOWLIST_ATTR", "platform_transition", "transitioned_executable")
load("//bazel:providers.bzl", "FirmwareInfo")
load("//cc/boards:board.bzl", "BoardInfo")

def _shell_quote(text):
    return "'" + text.replace("'", "'\\''") + "'"

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
    binary = ctx.attr.binary
    if type(binary) == "list":  # a transitioned attribute is a list in Bazel 4.2.3, [] when unset
        binary = binary[0] if binary else None
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
    simulator = ctx.attr._simulator[BuildSettingInfo].value
    runner = ctx.attr._runner[DefaultInfo].files_to_run

    args = [
        "--elf=" + elf.short_path,
        "--simulator=" + simulator,
        "--machine=" + board.qemu_machine,
        "--fvp-model=" + board.fvp_model,
        "--timeout=%d" % ctx.attr.sim_timeout,
        "--expect-exit=%d" % ctx.attr.expected_exit_code,
    ]
    marker_symbol = ctx.attr.marker_symbol or ("board_profile_marker" if model_args else "")
    if simulator == "qemu":
        args.append("--plugin=" + ctx.file._insn_plugin.short_path)
        if marker_symbol:
            args.append("--marker-symbol=" + marker_symbol)
    if model_args:
        args.append("--report")
        args += model_args
    args += ["--expect-output=" + text for text in ctx.attr.expected_output]
    inputs = list(model_files)
    for target, name in ctx.attr.inputs.items():
        files = target.files.to_list()
        if len(files) != 1:
            fail("inputs: %s must be exactly one file" % target.label)
        inputs += files
        args.append("--input=%s=%s" % (name, files[0].short_path))
    for target, name in ctx.attr.compare.items():
        files = target.files.to_list()
        if len(files) != 1:
            fail("compare: %s must be exactly one file" % target.label)
        inputs += files
        args.append("--compare=%s=%s" % (name, files[0].short_path))

    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    ctx.actions.write(
        output = script,
        is_executable = True,
        content = junit_test_script(
            ctx.label,
            "%s %s --metrics-out=\"${TEST_UNDECLARED_OUTPUTS_DIR:-${TMPDIR:-/tmp}}/metrics.json\"" % (
                _shell_quote(runner.executable.short_path),
                " ".join([_shell_quote(a) for a in args]),
            ),
        ),
    )
    runfiles = ctx.runfiles(files = [elf, ctx.file._insn_plugin] + inputs + ctx.files._qemu_stamp)
    runfiles = runfiles.merge(ctx.attr._runner[DefaultInfo].default_runfiles)
    return [DefaultInfo(executable = script, runfiles = runfiles)]

fvp_test = rule(
    implementation = _fvp_test_impl,
    test = True,
    doc = "Runs `firmware` or `binary` on its simulated board; see the module docstring.",
    attrs = dict(TRANSITION_ALLOWLIST_ATTR, **{
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
        "_runner": attr.label(default = "//tools/sim:run_firmware", cfg = "exec", executable = True),
        "_insn_plugin": attr.label(
            default = "//tools/qemu_plugin:libinsn_count.so",
            allow_single_file = True,
            cfg = "exec",
        ),
        "_qemu_stamp": attr.label(default = "@m55ml_env//:qemu_stamp", allow_files = True),
        "_simulator": attr.label(default = "//bazel:simulator"),
    }),
)
