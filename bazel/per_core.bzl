"""One target per core (platforms/cores.bzl), each on its default board: firmware, tests, probes.

BUILD files name the model or binary once; the cores, their ISA classes and boards come from the
core and board tables:

    cortex_m_firmware_per_core(
        name = "dscnn",
        programs = {"dsp": ":dscnn_m4_pte", "scalar": ":dscnn_m3_pte"},
    )                                     # dscnn_m33, dscnn_m7, dscnn_m4, dscnn_m3
    fvp_test_per_core(name = "dscnn", firmware = "//models:dscnn", isas = ["dsp", "scalar"])

or, for a model exported once per ISA class and linked for every core, `pte_model_per_core`.
"""

load("//bazel:cortex_m_firmware.bzl", "cortex_m_firmware")
load("//bazel:fvp_test.bzl", "fvp_test")
load("//bazel:platform_transition.bzl", "platform_build_test")
load("//bazel:pte_model.bzl", "pte_model")
load("//cc/boards:boards.bzl", "BOARDS")
load("//platforms:cores.bzl", "CORES")

def core_suffix(core):
    """The short name targets carry per core: cortex_m4 -> m4."""
    return core.replace("cortex_", "")

def cores_of(isas):
    """The cores whose ISA class is one of `isas`, in table order."""
    return [core for core in CORES if CORES[core]["isa"] in isas]

def cortex_m_firmware_per_core(name, programs, **kwargs):
    """`<name>_<core>` for every core whose ISA class has a program in `programs`.

    Args:
      name: prefix of the firmware targets (dscnn -> dscnn_m4, ...).
      programs: ISA class (mve, dsp, scalar) -> the pte_model exported for that form.
      **kwargs: passed to every cortex_m_firmware.
    """
    for core in cores_of(programs.keys()):
        cortex_m_firmware(
            name = "%s_%s" % (name, core_suffix(core)),
            platform = "//platforms:" + core,
            program = programs[CORES[core]["isa"]],
            **kwargs
        )

def pte_model_per_core(name, exported_for, **kwargs):
    """A model exported for the M55 and for other ISA classes, as firmware for every core.

    Declares `<name>_pte` (exported for the Cortex-M55, the Helium form) with its firmware
    `<name>_m55`; for each core of `exported_for`, `<name>_<core>_pte` exported for that core's
    ExecuTorch target (the form of its ISA class); and `<name>_<core>` for every core of those
    ISA classes, each on its default board (cortex_m_firmware_per_core).

        pte_model_per_core(name = "mv2", entry = ..., model = ...,
                           exported_for = ["cortex_m4", "cortex_m3"])
        # mv2_pte, mv2_m55; mv2_m4_pte, mv2_m3_pte; mv2_m33, mv2_m7, mv2_m4, mv2_m3

    Args:
      name: prefix of every target.
      exported_for: one core per further ISA class (dsp, scalar) whose export target the
        programs of that class are made for.
      **kwargs: passed to every pte_model (entry, model, eval_set, ...).
    """
    pte_model(name = name + "_pte", **kwargs)
    cortex_m_firmware(name = name + "_m55", program = ":%s_pte" % name)
    programs = {}
    for core in exported_for:
        isa = CORES[core]["isa"]
        if isa in programs or isa == "mve":
            fail("pte_model_per_core %s: give one core of each ISA class other than mve; %s is a second %s core" % (name, core, isa))
        program = "%s_%s_pte" % (name, core_suffix(core))
        pte_model(name = program, target = CORES[core]["export_target"], **kwargs)
        programs[isa] = ":" + program
    cortex_m_firmware_per_core(name = name, programs = programs)

def fvp_test_per_core(name, firmware, isas, **kwargs):
    """`<name>_<core>_test` running `<firmware>_<core>` for every core of the ISA classes `isas`."""
    for core in cores_of(isas):
        fvp_test(
            name = "%s_%s_test" % (name, core_suffix(core)),
            firmware = "%s_%s" % (firmware, core_suffix(core)),
            **kwargs
        )

def isa_probe_tests(name, binary, **kwargs):
    """`<name>_<core>_test`: `binary` (tests/smoke/isa_probe.c) on each DSP and scalar core.

    DSP cores must execute smlad/sadd8 with the right results, scalar cores plain Thumb-2; the
    board prints its own name, so the test also proves which board ran.
    """
    for core in cores_of(["dsp", "scalar"]):
        board = CORES[core]["default_board"]
        if CORES[core]["isa"] == "dsp":
            expected = "isa probe on %s: dsp smlad=33 sadd8=0x04fc0406" % board
        else:
            expected = "isa probe on %s: scalar mul=-21 sdiv=-2" % board
        fvp_test(
            name = "%s_%s_test" % (name, core),
            binary = binary,
            expected_output = [expected],
            platform = "//platforms:" + core,
            **kwargs
        )

def board_benchmark(name, models, **kwargs):
    """A py_binary running `<model>_<core>` for every model and core: a Markdown cost table.

    Args:
      name: the target (`bazel run :<name> -- --out FILE`).
      models: firmware prefixes with a target for every core (mv2 -> mv2_m55, mv2_m4, ...).
      **kwargs: passed to the py_binary.
    """
    runs = [(model, core) for model in models for core in CORES]
    native.py_binary(
        name = name,
        srcs = ["//tools/cores:board_benchmark.py"],
        main = "board_benchmark.py",
        args = [
            "%s:%s:%s:%s:$(rootpath :%s_%s)" % (
                model,
                CORES[core]["default_board"],
                CORES[core]["mcpu"],
                CORES[core]["isa"],
                model,
                core_suffix(core),
            )
            for model, core in runs
        ],
        data = [":%s_%s" % (model, core_suffix(core)) for model, core in runs],
        python_version = "PY3",
        **kwargs
    )

def platform_build_tests_per_core(targets, **kwargs):
    """`<core>_builds`: `targets` and the core's boards build for each core's platform."""
    for core in CORES:
        platform_build_test(
            name = core + "_builds",
            platform = "//platforms:" + core,
            targets = targets + [
                "//cc/boards/" + board
                for board in BOARDS
                if BOARDS[board]["core"] == core
            ],
            **kwargs
        )
