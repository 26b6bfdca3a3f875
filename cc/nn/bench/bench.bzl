"""The kernel benchmark's builds: one per ISA class, on the board that class runs on."""

load("//bazel:platform_transition.bzl", "TRANSITION_ALLOWLIST_ATTR", "platform_transition")
load("//cc/boards:boards.bzl", "BOARDS")
load("//cc/nn:kernel_sources.bzl", "kernel_cores")
load("//platforms:cores.bzl", "CORES")

# ISA class -> the core it runs on (and so the board: platforms/cores.bzl default_board).
BENCH_CORES = {
    "mve": "cortex_m55",
    "dsp": "cortex_m4",
    "scalar": "cortex_m3",
}

def _platform_file_impl(ctx):
    target = ctx.attr.src[0]
    files = target[DefaultInfo].files.to_list()
    if len(files) != 1:
        fail("%s: %s must produce exactly one file, not %d" % (ctx.label, target.label, len(files)))
    out = ctx.actions.declare_file(ctx.label.name + ctx.attr.suffix)
    ctx.actions.symlink(output = out, target_file = files[0])
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

# Builds of one target for several platforms share a short path, which a runfiles tree can hold
# only once: each build is linked in under the rule's own name.
platform_file = rule(
    implementation = _platform_file_impl,
    doc = "The single file of `src` built for `platform`, as `<name><suffix>`.",
    attrs = dict(TRANSITION_ALLOWLIST_ATTR, **{
        "src": attr.label(mandatory = True, cfg = platform_transition),
        "platform": attr.label(mandatory = True),
        "suffix": attr.string(default = ""),
    }),
)

def kernel_bench_builds(name, firmware, library):
    """`<name>_<isa>.elf` (`firmware` for the class's platform) and the kernel libraries for the
    same platform (`library`, //cc/nn's entry points, as `<name>_<isa>_kernels.a`, and the core
    libraries of the class, cc/nn/kernel_sources.bzl kernel_cores, as
    `<name>_<isa>_<cores>.a`) per ISA class; returns the runner's --firmware arguments
    (ISA=ELF:LIBRARY,...:BOARD:QEMU_MACHINE) and the data they need."""
    args = []
    data = []
    for isa, core in BENCH_CORES.items():
        platform = "//platforms:" + core
        board = CORES[core]["default_board"]
        elf = "%s_%s" % (name, isa)
        platform_file(name = elf, src = firmware, platform = platform, suffix = ".elf")
        libs = {"%s_%s_kernels" % (name, isa): library}
        for cores in kernel_cores(isa):
            libs["%s_%s_%s" % (name, isa, cores.split(":")[-1])] = cores
        for lib, src in libs.items():
            platform_file(name = lib, src = src, platform = platform, suffix = ".a")
        args.append("--firmware=%s=$(rootpath :%s):%s:%s:%s" % (
            isa,
            elf,
            ",".join(["$(rootpath :%s)" % lib for lib in libs]),
            board,
            BOARDS[board]["qemu_machine"],
        ))
        data += [":" + elf] + [":" + lib for lib in libs]
    return struct(args = args, data = data)
