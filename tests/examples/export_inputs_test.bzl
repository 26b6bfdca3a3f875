"""Analysis test: a pte_model's export action reads the exporter plus that model's own sources,
nothing of other models, so editing one model re-exports only it."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")

def _export_inputs_test_impl(ctx):
    env = analysistest.begin(ctx)
    exports = [a for a in analysistest.target_actions(env) if a.mnemonic == "PteExport"]
    asserts.equals(env, 1, len(exports), "PteExport actions of the target")
    workspace_sources = sorted([
        f.short_path
        for f in exports[0].inputs.to_list()
        # The exporter's own sources (python/) arrive as the tool; external files are stamps.
        if f.is_source and not f.short_path.startswith("python/") and
           not f.short_path.startswith("../")
    ])
    asserts.equals(env, sorted(ctx.attr.model_sources), workspace_sources)
    return analysistest.end(env)

export_inputs_test = analysistest.make(
    _export_inputs_test_impl,
    attrs = {
        "model_sources": attr.string_list(
            doc = "Every workspace source file the export may read besides the exporter.",
        ),
    },
)
