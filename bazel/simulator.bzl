"""What every rule that runs firmware on a simulator shares: attributes, arguments, runfiles.

The runner is tools/sim/run_firmware.py; `fvp_test` (a test) and `cortex_m_firmware` (its
`bazel run` launcher) both call it through `simulator_command`, so the simulator flag, the board's
QEMU machine and FVP model, the instruction-count plugin and the QEMU version stamp are spelled
once.
"""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")

SIMULATOR_ATTRS = {
    "_runner": attr.label(default = "//tools/sim:run_firmware", cfg = "exec", executable = True),
    "_insn_plugin": attr.label(
        default = "//tools/qemu_plugin:libinsn_count.so",
        allow_single_file = True,
        cfg = "exec",
    ),
    # QEMU is found on PATH, outside Bazel's view: its version is an input of every run.
    "_qemu_stamp": attr.label(default = "@m55ml_env//:qemu_stamp", allow_files = True),
    "_simulator": attr.label(default = "//bazel:simulator"),
}

def shell_quote(text):
    """`text` as one single-quoted shell word."""
    return "'" + text.replace("'", "'\\''") + "'"

def simulator_command(ctx, elf, board, timeout):
    """The runner and its arguments to run `elf` on `board` (rules with SIMULATOR_ATTRS).

    Args:
      ctx: the rule context.
      elf: the firmware File.
      board: the BoardInfo of the board it was linked for.
      timeout: seconds before the simulator is killed.

    Returns:
      struct(simulator = "qemu" | "fvp", runner = the runner's FilesToRunProvider,
      args = the runner's leading arguments, more may follow).
    """
    simulator = ctx.attr._simulator[BuildSettingInfo].value
    args = [
        "--elf=" + elf.short_path,
        "--simulator=" + simulator,
        "--machine=" + board.qemu_machine,
        "--fvp-model=" + board.fvp_model,
        "--timeout=%d" % timeout,
    ]
    if simulator == "qemu":
        args.append("--plugin=" + ctx.file._insn_plugin.short_path)
    return struct(simulator = simulator, runner = ctx.attr._runner[DefaultInfo].files_to_run, args = args)

def simulator_runfiles(ctx, files):
    """Runfiles of a simulator run: `files`, the plugin, the QEMU stamp and the runner's own."""
    runfiles = ctx.runfiles(files = files + [ctx.file._insn_plugin] + ctx.files._qemu_stamp)
    return runfiles.merge(ctx.attr._runner[DefaultInfo].default_runfiles)

def runner_line(command, args):
    """The shell line that runs the runner with `command.args` and then `args`."""
    return "%s %s" % (
        shell_quote(command.runner.executable.short_path),
        " ".join([shell_quote(a) for a in command.args + args]),
    )
