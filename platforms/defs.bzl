"""Declares the Cortex-M platforms from the core table (platforms/cores.bzl)."""

load(":cores.bzl", "CORES", "ISAS")

def _core_info_impl(ctx):
    return [CoreInfo(
        name = ctx.attr.core,
        isa = CORES[ctx.attr.core]["isa"],
        mcpu = CORES[ctx.attr.core]["mcpu"],
        export_target = CORES[ctx.attr.core]["export_target"],
        default_board = CORES[ctx.attr.core]["default_board"],
    )]

CoreInfo = provider(
    doc = "A Cortex-M core's entry of platforms/cores.bzl (through //platforms:current_core).",
    fields = {
        "name": "string: the core's key (cortex_m4)",
        "isa": "string: mve, dsp or scalar",
        "mcpu": "string: GCC's -mcpu value",
        "export_target": "string: ExecuTorch's cortex-m<variant> target for this core",
        "default_board": "string: the key of the board firmware for this core runs on",
    },
)

core_info = rule(
    implementation = _core_info_impl,
    doc = "The CoreInfo of one core of the table.",
    attrs = {"core": attr.string(mandatory = True, values = CORES.keys())},
)

def cortex_m_platforms():
    """Per core: constraint value, platform, config_setting and core_info; per ISA class too.

    //platforms:core_<core>, //platforms:<core>, //platforms:<core>_selected, and
    //platforms:current_core (the CoreInfo of the configured platform, for rules that follow a
    platform through a transition).
    """
    native.constraint_setting(name = "core")
    native.constraint_setting(name = "isa")
    for isa in ISAS:
        native.constraint_value(name = "isa_" + isa, constraint_setting = ":isa")

        # A config_setting per value, for select() keys that read as conditions (select() on
        # the constraint_value label itself works too).
        native.config_setting(name = "isa_%s_selected" % isa, constraint_values = [":isa_" + isa])
    for core in CORES:
        native.constraint_value(name = "core_" + core, constraint_setting = ":core")
        native.platform(
            name = core,
            constraint_values = [
                "@platforms//os:none",
                ":core_" + core,
                ":isa_" + CORES[core]["isa"],
            ],
        )
        native.config_setting(name = core + "_selected", constraint_values = [":core_" + core])
        core_info(name = core + "_info", core = core)

    # Outside the table (the host, whose `bazel build //...` analyzes these aliases too): a
    # CoreInfo compatible only with the first core's platform, which never takes this branch, so
    # what depends on it is skipped as incompatible instead of failing analysis.
    core_info(
        name = "no_core",
        core = CORES.keys()[0],
        target_compatible_with = ["@platforms//os:none", ":core_" + CORES.keys()[0]],
    )
    choices = {":%s_selected" % core: ":%s_info" % core for core in CORES}
    choices["//conditions:default"] = ":no_core"
    native.alias(name = "current_core", actual = select(choices))
