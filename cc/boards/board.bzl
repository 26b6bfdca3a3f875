"""cortex_m_board: a board package from its entry in cc/boards/boards.bzl.

    # cc/boards/mps2_an386/BUILD
    load("//cc/boards:board.bzl", "cortex_m_board")
    cortex_m_board(name = "mps2_an386")

declares `:<name>`, a cc_library (the shared //cc/boards/common support plus this board's
generated linker script `<name>.ld`) for cc_binary firmware, and `:board`, its BoardInfo (QEMU
machine, FVP model, core, region capacities) with the same CcInfo, for cortex_m_firmware's and
fvp_test's `board`.
"""

load("//cc/boards:boards.bzl", "BOARDS")
load("//platforms:cores.bzl", "CORES")

BoardInfo = provider(
    doc = "A simulated board of cc/boards/boards.bzl.",
    fields = {
        "name": "string: the board's key (mps2_an386)",
        "core": "string: the core it carries (a key of platforms/cores.bzl CORES)",
        "qemu_machine": "string: qemu-system-arm -M value",
        "fvp_model": "string: the Arm FVP that models it",
        "program_region": "string: name of the region holding the .pte constants",
        "program_capacity": "int: bytes of that region",
        "arena_region": "string: name of the region holding the activation arena",
        "arena_capacity": "int: bytes of that region",
    },
)

def _board_info_impl(ctx):
    board = BOARDS[ctx.attr.board]
    regions = board["regions"]
    return [
        BoardInfo(
            name = ctx.attr.board,
            core = board["core"],
            qemu_machine = board["qemu_machine"],
            fvp_model = board["fvp_model"],
            program_region = regions["program"]["name"],
            program_capacity = regions["program"]["length"],
            arena_region = regions["arena"]["name"],
            arena_capacity = regions["arena"]["length"],
        ),
        ctx.attr.library[CcInfo],
        ctx.attr.library[DefaultInfo],
    ]

board_info = rule(
    implementation = _board_info_impl,
    doc = "BoardInfo of `board` plus the CcInfo of its support library.",
    attrs = {
        "board": attr.string(mandatory = True, values = BOARDS.keys()),
        "library": attr.label(mandatory = True, providers = [CcInfo]),
    },
)

def cortex_m_board(name, visibility = ["//visibility:public"]):
    """The targets of board `name` (a key of BOARDS), in the package //cc/boards/<name>."""
    native.exports_files([name + ".ld"], visibility = visibility)
    native.cc_library(
        name = name,
        srcs = ["//cc/boards/common:board_name.c"],
        copts = ["-Werror"],
        local_defines = ["BOARD_NAME=" + name],
        linkopts = ["-T $(location :%s.ld)" % name],
        # Bare metal only (through board_support); not restricted to the board's core, so
        # cortex_m_firmware can refuse a board of another core with one line of its own.
        visibility = visibility,
        deps = [
            ":%s.ld" % name,
            "//cc/boards/common:board_support",
        ],
    )
    board_info(
        name = "board",
        board = name,
        library = ":" + name,
        visibility = visibility,
    )

def default_board_alias(name):
    """`name`: the board of the configured core (platforms/cores.bzl default_board).

    Outside the core table (the host) it names the Corstone-300, whose support library is
    compatible with bare-metal platforms only: firmware there is skipped as incompatible by
    `bazel build //...` rather than failing analysis.
    """
    choices = {
        "//platforms:%s_selected" % core: "//cc/boards/%s:board" % CORES[core]["default_board"]
        for core in CORES
    }
    choices["//conditions:default"] = "//cc/boards/corstone300:board"
    native.alias(name = name, actual = select(choices))
