"""fixture_program: a test fixture .pte (tests/runtime:test_programs) as a PteModelInfo.

cortex_m_firmware links a pte_model; the runtime's fixture programs are made by a genrule, not
by the export CLI, so this hands their files over under the provider's names. Tests only: the
fixtures have no export manifest, so the firmware must link every kernel
(`selective_kernels = False`); `manifest` carries the fixture's manifest.txt for completeness.
"""

load("//bazel:pte_model.bzl", "PteModelInfo")

def _fixture_program_impl(ctx):
    files = [ctx.file.pte, ctx.file.manifest, ctx.file.input, ctx.file.reference_output]
    return [
        DefaultInfo(files = depset([ctx.file.pte]), runfiles = ctx.runfiles(files = files)),
        PteModelInfo(
            pte = ctx.file.pte,
            manifest = ctx.file.manifest,
            input = ctx.file.input,
            reference_output = ctx.file.reference_output,
            device_reference_output = ctx.file.reference_output,
            eval_inputs = None,
            eval_labels = None,
            target = "cortex-m55",
            model = ctx.label.name,
        ),
    ]

fixture_program = rule(
    implementation = _fixture_program_impl,
    doc = "Wraps a fixture .pte and its files in PteModelInfo for cortex_m_firmware (tests only).",
    attrs = {
        "pte": attr.label(allow_single_file = [".pte"], mandatory = True),
        "manifest": attr.label(allow_single_file = True, mandatory = True),
        "input": attr.label(allow_single_file = True, mandatory = True, doc = "input 0"),
        "reference_output": attr.label(allow_single_file = True, mandatory = True, doc = "output 0"),
    },
)
