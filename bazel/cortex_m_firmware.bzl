"""cortex_m_firmware: a .pte program + board + runtime + kernels -> a Cortex-M firmware ELF.

    cortex_m_firmware(
        name = "mv2_m55",
        program = "//models:mv2_pte",   # a pte_model
    )

`bazel build //models:mv2_m55` links `mv2_m55.elf` for `platform` (default
//platforms:cortex_m55) whatever --platforms says; `bazel run //models:mv2_m55` also runs it on
the simulated board with the model's reference input and prints what the firmware prints
(plan, arena, checksum, top-5) and the cost (guest instructions, costliest operators, memory).

Core and board come from tables: the platform's core (platforms/cores.bzl) picks the toolchain
(no separate toolchain attribute to get wrong) and the default board (cc/boards/boards.bzl);
`board = "//cc/boards/<board>:board"` overrides it with another board of the same core. A program
exported for another ISA class than the core's (e.g. `cortex-m55`, MVE, on a Cortex-M4, DSP) is
refused unless `allow_cross_isa = True` (deliberate cross-ISA tests). Before the link, the
program's constants and planned arena are checked against the board's regions
(tools/firmware/check_fit.py): a program that cannot fit fails with one line.

The program is linked in as read-only data: section .rodata.program (the board's program region,
read-only like flash) between the symbols m55ml_program_start and m55ml_program_end. The
application (`app`, default //cc/firmware:pte_runner) reads inputs and writes outputs through
semihosting.

Only the application, board, runtime and kernels are built for the Cortex-M platform (through a
transition); the program itself and the final link stay in the configuration of the request, so
the export that made the .pte runs once, shared with `bazel build //models:mv2_pte`.

Selective build (as ExecuTorch's own): by default the ELF holds only the kernels its program
calls. A table generated from the export's manifest and the rows of cc/ops' generated table
(//cc/ops:operators, tools/firmware/gen_kernel_table.py) overrides cc/ops' weak
all-operator table, and --gc-sections drops the other kernels. A program that calls an operator
no kernel of this build implements fails the build there, naming the operator.
"""

load("//bazel:platform_transition.bzl", "TRANSITION_ALLOWLIST_ATTR", "first_target", "platform_transition")
load("//bazel:providers.bzl", "FirmwareInfo")
load("//bazel:pte_model.bzl", "PteModelInfo")
load("//bazel:simulator.bzl", "SIMULATOR_ATTRS", "runner_line", "simulator_command", "simulator_runfiles")
load("//cc/boards:board.bzl", "BoardInfo")
load("//cc/nn:kernel_path.bzl", "kernels_attrs", "link_kernel_path")
load("//platforms:cores.bzl", "EXPORT_TARGET_ISA")
load("//platforms:defs.bzl", "CoreInfo")

def _kernel_table_source(ctx, model):
    """Generates the selective kernel table: only the operators the program calls."""
    table = ctx.actions.declare_file(ctx.label.name + ".kernel_table.cc")
    ctx.actions.run(
        executable = ctx.executable._gen_kernel_table,
        arguments = [
            "--manifest",
            model.manifest.path,
            "--operators",
            ctx.file._operators.path,
            "--out",
            table.path,
        ],
        inputs = [model.manifest, ctx.file._operators],
        outputs = [table],
        mnemonic = "KernelTable",
        progress_message = "Selecting the kernels %s calls" % model.pte.short_path,
    )
    return table

def _check_isa(ctx, model, core):
    """Fails (one line) when the program was exported for another ISA class than the core's."""
    program_isa = EXPORT_TARGET_ISA.get(model.target)
    if program_isa == core.isa or ctx.attr.allow_cross_isa:
        return
    fail("%s: program %s was exported for %s (%s kernels) but %s is a %s (%s): export it with " % (
        ctx.label,
        ctx.attr.program.label,
        model.target,
        program_isa or "unknown",
        ctx.attr.platform.label,
        core.mcpu,
        core.isa,
    ) + "target = \"%s\", or set allow_cross_isa = True for a deliberate cross-ISA test" % core.export_target)

def _check_fit(ctx, model, board):
    """The program's constants and arena against the board's capacities, before the link."""
    stamp = ctx.actions.declare_file(ctx.label.name + ".fit.txt")
    ctx.actions.run(
        executable = ctx.executable._check_fit,
        arguments = [
            "--program=%s" % ctx.attr.program.label,
            "--pte=" + model.pte.path,
            "--manifest=" + model.manifest.path,
            "--board=" + board.name,
            "--program-region=" + board.program_region,
            "--program-capacity=%d" % board.program_capacity,
            "--arena-region=" + board.arena_region,
            "--arena-capacity=%d" % board.arena_capacity,
            "--out=" + stamp.path,
        ],
        inputs = [model.pte, model.manifest],
        outputs = [stamp],
        mnemonic = "FirmwareFit",
        progress_message = "Checking that %s fits board %s" % (ctx.attr.program.label, board.name),
    )
    return stamp

def _link_firmware(ctx, model, board, fit):
    pte = model.pte
    cc_toolchain = first_target(ctx.attr._cc_toolchain)[cc_common.CcToolchainInfo]

    feature_configuration = cc_common.configure_features(
        ctx = ctx,
        cc_toolchain = cc_toolchain,
        requested_features = ctx.features,
        unsupported_features = ctx.disabled_features,
    )

    # Assembled by the toolchain's own compile action (so the object carries the core's EABI
    # attributes; objcopy -I binary would stamp EABI 0 on the ELF): .incbin puts the .pte bytes
    # into .rodata.program.
    source = ctx.actions.declare_file(ctx.label.name + ".program.s")
    ctx.actions.write(source, "\n".join([
        "/* Generated by //bazel:cortex_m_firmware.bzl: the .pte as read-only data. */",
        "    .section .rodata.program, \"a\", %progbits",
        "    .balign 16",
        "    .global m55ml_program_start",
        "    .global m55ml_program_end",
        "m55ml_program_start:",
        "    .incbin \"%s\"" % pte.path,
        "m55ml_program_end:",
        "",
    ]))
    app = first_target(ctx.attr.app)[CcInfo]
    sources = [source]
    if ctx.attr.selective_kernels:
        sources.append(_kernel_table_source(ctx, model))
    _, compilation_outputs = cc_common.compile(
        name = ctx.label.name + ".program",
        actions = ctx.actions,
        feature_configuration = feature_configuration,
        cc_toolchain = cc_toolchain,
        srcs = sources,
        # The fit check runs before anything the linker could overflow with.
        additional_inputs = [pte, fit],
        compilation_contexts = [app.compilation_context],
    )

    linking_outputs = cc_common.link(
        name = ctx.label.name + ".elf",
        actions = ctx.actions,
        feature_configuration = feature_configuration,
        cc_toolchain = cc_toolchain,
        compilation_outputs = compilation_outputs,
        # Board first: the order CMake's m55ml_firmware links them in (tests/parity).
        linking_contexts = [
            first_target(ctx.attr.board)[CcInfo].linking_context,
            link_kernel_path(ctx, app),
        ],
        output_type = "executable",
        link_deps_statically = True,
    )
    return linking_outputs.executable, compilation_outputs.objects

def _cortex_m_firmware_impl(ctx):
    model = ctx.attr.program[PteModelInfo]
    core = first_target(ctx.attr._core)[CoreInfo]
    board = first_target(ctx.attr.board)[BoardInfo]
    if board.core != core.name:
        fail("%s: board %s carries a %s, platform %s is a %s: pick a board of that core " % (
            ctx.label,
            board.name,
            board.core,
            ctx.attr.platform.label,
            core.name,
        ) + "(cc/boards/boards.bzl) or leave `board` unset for its default")
    _check_isa(ctx, model, core)
    elf, program_objects = _link_firmware(ctx, model, board, _check_fit(ctx, model, board))
    command = simulator_command(ctx, elf, board, ctx.attr.sim_timeout)
    args = [
        "--manifest=" + model.manifest.short_path,
        "--model-input=" + model.input.short_path,
        "--marker-symbol=board_profile_marker",
        "--report",
    ]
    launcher = ctx.actions.declare_file(ctx.label.name + ".run.sh")
    ctx.actions.write(
        output = launcher,
        is_executable = True,
        content = "\n".join([
            "#!/bin/bash",
            "# Generated by //bazel:cortex_m_firmware.bzl for %s: runs it on the simulator." % ctx.label,
            "set -euo pipefail",
            "cd \"${RUNFILES_DIR:-$0.runfiles}/m55ml\" 2>/dev/null || true",
            "exec %s \"$@\"" % runner_line(command, args),
            "",
        ]),
    )
    runfiles = simulator_runfiles(ctx, [elf, model.input, model.manifest])
    return [
        DefaultInfo(files = depset([elf]), executable = launcher, runfiles = runfiles),
        FirmwareInfo(elf = elf, model = model, board = board),
        # The program's own objects (the .pte's assembly, the kernel table) and so the actions
        # before them (export, kernel selection, fit check), without the libraries the link
        # needs: tools/ci/reapi_check.py runs one action of each kind this way
        # (//platforms/rbe:probe_program).
        OutputGroupInfo(program_objects = depset(program_objects)),
    ]

cortex_m_firmware = rule(
    implementation = _cortex_m_firmware_impl,
    executable = True,
    doc = "Links a pte_model's program into firmware for a board; see the module docstring.",
    attrs = dict(TRANSITION_ALLOWLIST_ATTR, **dict(kernels_attrs(""), **dict({
        "program": attr.label(
            mandatory = True,
            providers = [PteModelInfo],
            doc = "The pte_model whose .pte is linked in.",
        ),
        "platform": attr.label(
            default = "//platforms:cortex_m55",
            doc = "Cortex-M platform (a core of platforms/cores.bzl) the firmware is built for; " +
                  "it picks the toolchain and the default board.",
        ),
        "board": attr.label(
            default = "//cc/boards:default_board",
            cfg = platform_transition,
            providers = [BoardInfo, CcInfo],
            doc = "The board (//cc/boards/<board>:board) to link for and run on; default: the " +
                  "core's default board (platforms/cores.bzl).",
        ),
        "allow_cross_isa": attr.bool(
            default = False,
            doc = "Link a program exported for another ISA class than the core's (a deliberate " +
                  "cross-ISA test, e.g. the DSP form on the M55).",
        ),
        "app": attr.label(
            default = "//cc/firmware:pte_runner",
            cfg = platform_transition,
            providers = [CcInfo],
            doc = "Application library with main(), the board, runtime and kernels.",
        ),
        "selective_kernels": attr.bool(
            default = True,
            doc = "Link only the kernels the program calls (a generated kernel table overrides " +
                  "cc/ops' weak all-operator table); False links all of them.",
        ),
        "sim_timeout": attr.int(default = 600, doc = "Seconds `bazel run` lets the simulator run."),
        "_gen_kernel_table": attr.label(
            default = "//tools/firmware:gen_kernel_table",
            cfg = "exec",
            executable = True,
        ),
        # The rows of the generated all-operator table (tools/opgen/gen_op_glue.py).
        "_operators": attr.label(
            default = "//cc/ops:operators",
            allow_single_file = True,
        ),
        # The platform's own toolchain: in Bazel 4.2.3
        # @bazel_tools//tools/cpp:current_cc_toolchain behind a transition still yields the
        # host toolchain, so the alias select()s the core's cc_toolchain.
        "_cc_toolchain": attr.label(
            default = "//toolchains/arm_none_eabi:current_cc_toolchain",
            cfg = platform_transition,
            providers = [cc_common.CcToolchainInfo],
        ),
        "_core": attr.label(default = "//platforms:current_core", cfg = platform_transition),
        "_check_fit": attr.label(
            default = "//tools/firmware:check_fit",
            cfg = "exec",
            executable = True,
        ),
    }, **SIMULATOR_ATTRS))),
    fragments = ["cpp"],
)
