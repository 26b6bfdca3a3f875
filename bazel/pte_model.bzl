"""pte_model: a PyTorch model from any py_library -> int8 ExecuTorch .pte for a Cortex-M target.

    py_library(
        name = "residual_cnn",
        srcs = ["model.py"],
    )

    pte_model(
        name = "residual_cnn_pte",
        model = ":residual_cnn",                       # the model's py_library
        entry = "examples.residual_cnn.model:build",   # module:function that builds it
        input_shapes = ["1,3,32,32"],                  # optional: one per forward() argument
        calibration = "calibration.npz",               # optional: .npz / .npy / .pt samples
        reference_input = "reference_input.npz",       # optional: the input the tests feed
        target = "cortex-m55",                         # cortex-m<variant>: MVE/DSP/scalar form
    )

The entry point returns an nn.Module, (module, example_inputs) or an m55ml.api.ModelExport
(python/m55ml/api.py); every RNG is seeded before it runs. Without calibration data the export
uses seeded synthetic samples and the manifest says so.

One action (mnemonic PteExport) runs `python -m m55ml export` from the pinned venv. Its inputs
are the exporter, *this model's* sources, data and runfiles, the data files, and
@m55ml_env//:python_env_stamp (the venv outside the workspace): editing one model re-exports
only that model. It writes:

    <name>.pte                     the program (the rule's default output)
    <name>.manifest.json           ops, planned memory, every input and output, quantization
    <name>.input.bin               reference inputs: every input's bytes in the program's layout
                                   and dtype, in order, back to back
    <name>.reference_output.bin    what ExecuTorch's Python reference kernels compute for them
                                   (every output, back to back)
    <name>.device_reference_output.bin   the same with average pools rounded as CMSIS-NN rounds
                                   them (half away from zero): what the firmware must produce;
                                   identical to the above unless the input hits a .5 tie
    <name>.eval_inputs.bin         with eval_set = True: N inputs, program layout, back to back
    <name>.eval_labels.bin         with eval_set = True: N uint8 labels

All of them form the output group `all_files` and the runfiles; PteModelInfo hands them to
cortex_m_firmware and fvp_test.
"""

# The exporter's environment, spelled once for Bazel and Python (python/m55ml/action_env.bzl).
load("//python:m55ml/action_env.bzl", "ACTION_ENV")

PteModelInfo = provider(
    doc = "An exported Cortex-M program and its reference data (from pte_model).",
    fields = {
        "pte": "File: the .pte program",
        "manifest": "File: manifest.json (ops, memory plan, tensor interface, quantization)",
        "input": "File: reference inputs, raw little-endian in the program's layouts, back to back",
        "reference_output": "File or None: reference outputs of the lowered program, back to back",
        "device_reference_output": "File or None: reference outputs with CMSIS-NN average-pool " +
                                   "rounding (what the device must produce)",
        "eval_inputs": "File or None: labelled evaluation inputs, back to back",
        "eval_labels": "File or None: evaluation labels, one uint8 each",
        "target": "string: the cortex-m<variant> the program was lowered for",
        "model": "string: the label of the pte_model (or pte_program) that made it",
    },
)

# The tool both rules run (python -m m55ml) and the stamp that stands for its venv.
_EXPORTER_ATTRS = {
    "_exporter": attr.label(
        default = "//python:export_cli",
        executable = True,
        cfg = "exec",
    ),
    "_python_env_stamp": attr.label(
        default = "@m55ml_env//:python_env_stamp",
        allow_single_file = True,
    ),
}

# The exporter's own import root: model code reaches m55ml.api through the tool itself, and a
# second, partial copy of the package on sys.path would shadow it.
_EXPORTER_ROOT = "python"

def _import_roots(ctx, py_info):
    """sys.path roots for the model, relative to the execution root: the root itself (so
    `examples.residual_cnn.model` imports by workspace path) and each py_library `imports`."""
    roots = ["."]
    for entry in py_info.imports.to_list():
        repository, _, path = entry.partition("/")
        if repository == ctx.workspace_name:
            root = path or "."
        else:
            root = "external/" + entry
        if root != _EXPORTER_ROOT and root not in roots:
            roots.append(root)
    return roots

def _model_files(ctx):
    library = ctx.attr.model
    files = [library[PyInfo].transitive_sources, library[DefaultInfo].default_runfiles.files]
    return depset(transitive = files)

# Lets Bazel run the exporter as a persistent worker (python/m55ml/worker.py), so torch and
# ExecuTorch are imported once per worker, not once per export; .bazelrc picks the strategy
# (`--strategy=PteExport=worker,...`). The arguments travel in a params file: a worker gets its
# lines in each request, a one-shot run (sandbox, remote) reads it as `@file`. Same bytes either way.
_WORKER_EXECUTION_REQUIREMENTS = {
    "supports-workers": "1",
    "requires-worker-protocol": "proto",
}

def _pte_model_impl(ctx):
    name = ctx.label.name
    pte = ctx.actions.declare_file(name + ".pte")
    manifest = ctx.actions.declare_file(name + ".manifest.json")
    reference_input = ctx.actions.declare_file(name + ".input.bin")
    reference_output = ctx.actions.declare_file(name + ".reference_output.bin")
    device_reference_output = ctx.actions.declare_file(name + ".device_reference_output.bin")
    outputs = [pte, manifest, reference_input, reference_output, device_reference_output]

    args = ctx.actions.args()
    args.add("export")
    args.add("--model-entry", ctx.attr.entry)
    args.add_all(_import_roots(ctx, ctx.attr.model[PyInfo]), before_each = "--python-path")
    args.add("--name", str(ctx.label))
    args.add("--target", ctx.attr.target)
    args.add("--scratch-home")
    args.add_all(ctx.attr.input_shapes, before_each = "--input-shape")
    data_files = []
    if ctx.file.calibration:
        args.add("--calibration", ctx.file.calibration)
        data_files.append(ctx.file.calibration)
    if ctx.file.reference_input:
        args.add("--reference-input", ctx.file.reference_input)
        data_files.append(ctx.file.reference_input)
    if ctx.attr.int8_io:
        args.add("--int8-io")
    if ctx.attr.allow_portable_fallback:
        args.add("--allow-portable-fallback")
    args.add("--pte", pte)
    args.add("--manifest", manifest)
    args.add("--input-bin", reference_input)
    args.add("--reference-output-bin", reference_output)
    args.add("--device-reference-output-bin", device_reference_output)

    eval_inputs = None
    eval_labels = None
    if ctx.attr.eval_set:
        eval_inputs = ctx.actions.declare_file(name + ".eval_inputs.bin")
        eval_labels = ctx.actions.declare_file(name + ".eval_labels.bin")
        args.add("--eval-inputs-bin", eval_inputs)
        args.add("--eval-labels-bin", eval_labels)
        outputs += [eval_inputs, eval_labels]

    # Long command lines go in a params file (one argument per line); the exporter reads
    # `@file` itself.
    args.use_param_file("@%s", use_always = True)
    args.set_param_file_format("multiline")

    ctx.actions.run(
        executable = ctx.executable._exporter,
        arguments = [args],
        inputs = depset(
            [ctx.file._python_env_stamp] + data_files,
            transitive = [_model_files(ctx)],
        ),
        outputs = outputs,
        env = ACTION_ENV,
        execution_requirements = _WORKER_EXECUTION_REQUIREMENTS,
        mnemonic = "PteExport",
        progress_message = "Exporting %s for %s to %s" % (
            ctx.label,
            ctx.attr.target,
            pte.short_path,
        ),
    )

    all_files = depset(outputs)
    return [
        DefaultInfo(files = depset([pte]), runfiles = ctx.runfiles(files = outputs)),
        OutputGroupInfo(all_files = all_files),
        PteModelInfo(
            pte = pte,
            manifest = manifest,
            input = reference_input,
            reference_output = reference_output,
            device_reference_output = device_reference_output,
            eval_inputs = eval_inputs,
            eval_labels = eval_labels,
            target = ctx.attr.target,
            model = str(ctx.label),
        ),
    ]

pte_model = rule(
    implementation = _pte_model_impl,
    doc = "Exports a model from its py_library to an int8 Cortex-M .pte; see the module docstring.",
    attrs = dict({
        "model": attr.label(
            mandatory = True,
            providers = [PyInfo],
            doc = "The py_library with the model's code (and its data, as `data`).",
        ),
        "entry": attr.string(
            mandatory = True,
            doc = "`package.module:function` that builds the model, the module named as it is " +
                  "imported from the workspace root (or a py_library `imports` root). It " +
                  "returns an nn.Module, (module, example_inputs) or m55ml.api.ModelExport.",
        ),
        "input_shapes": attr.string_list(
            doc = "One comma-separated shape per forward() argument, e.g. [\"1,3,32,32\", " +
                  "\"1,16\"]. Needed when the entry returns a bare module; otherwise checked " +
                  "against its example inputs (or passed to it as `input_shapes`).",
        ),
        "calibration": attr.label(
            allow_single_file = [".npz", ".npy", ".pt"],
            doc = "Representative samples, one array per input, samples on the first axis " +
                  "(docs/export.md). Default: the model's own, else seeded synthetic data.",
        ),
        "reference_input": attr.label(
            allow_single_file = [".npz", ".npy", ".pt"],
            doc = "The input whose reference output the firmware must reproduce. Default: " +
                  "the model's own, else a seeded synthetic one.",
        ),
        "int8_io": attr.bool(
            default = False,
            doc = "int8 inputs and outputs: the program leaves the boundary quantize and " +
                  "dequantize to the application (the manifest records their parameters).",
        ),
        "target": attr.string(
            default = "cortex-m55",
            doc = "cortex-m<variant>. MVE cores (m55, m85) get MVE-form ops (e.g. linear " +
                  "with kernel_sum), DSP/scalar cores the bias form.",
        ),
        "eval_set": attr.bool(
            default = False,
            doc = "Also write the model's labelled evaluation set (a ModelExport with eval_set).",
        ),
        "allow_portable_fallback": attr.bool(
            default = False,
            doc = "Keep ops that do not lower to cortex_m:: as portable kernels instead of " +
                  "failing the build. The firmware must then provide those kernels.",
        ),
    }, **_EXPORTER_ATTRS),
)

def _pte_program_impl(ctx):
    name = ctx.label.name
    manifest = ctx.actions.declare_file(name + ".manifest.json")
    reference_input = ctx.actions.declare_file(name + ".input.bin")
    outputs = [manifest, reference_input]
    inputs = [ctx.file.pte, ctx.file._python_env_stamp]

    args = ctx.actions.args()
    args.add("import-pte")
    args.add("--pte", ctx.file.pte)
    args.add("--target", ctx.attr.target)
    args.add("--name", str(ctx.label))
    if ctx.file.reference_input:
        args.add("--reference-input", ctx.file.reference_input)
        inputs.append(ctx.file.reference_input)
    reference_output = None
    if ctx.file.reference_output:
        reference_output = ctx.actions.declare_file(name + ".reference_output.bin")
        args.add("--reference-output", ctx.file.reference_output)
        args.add("--reference-output-bin", reference_output)
        inputs.append(ctx.file.reference_output)
        outputs.append(reference_output)
    args.add("--manifest", manifest)
    args.add("--input-bin", reference_input)

    # The same params file and worker as PteExport: a one-shot `import-pte` spends ~5 CPU-s
    # importing torch and ExecuTorch before it reads a byte; a PteImport worker does that once.
    args.use_param_file("@%s", use_always = True)
    args.set_param_file_format("multiline")

    ctx.actions.run(
        executable = ctx.executable._exporter,
        arguments = [args],
        inputs = inputs,
        outputs = outputs,
        env = ACTION_ENV,
        execution_requirements = _WORKER_EXECUTION_REQUIREMENTS,
        mnemonic = "PteImport",
        progress_message = "Reading %s for %s" % (ctx.file.pte.short_path, ctx.attr.target),
    )
    return [
        DefaultInfo(
            files = depset([ctx.file.pte]),
            runfiles = ctx.runfiles(files = [ctx.file.pte] + outputs),
        ),
        OutputGroupInfo(all_files = depset([ctx.file.pte] + outputs)),
        PteModelInfo(
            pte = ctx.file.pte,
            manifest = manifest,
            input = reference_input,
            # Supplied outputs are what the device must produce: no average-pool substitution
            # can be made without the lowered program.
            reference_output = reference_output,
            device_reference_output = reference_output,
            eval_inputs = None,
            eval_labels = None,
            target = ctx.attr.target,
            model = str(ctx.label),
        ),
    ]

pte_program = rule(
    implementation = _pte_program_impl,
    doc = """An already-exported .pte (another machine, ExecuTorch's own scripts) for
cortex_m_firmware and fvp_test:

    pte_program(
        name = "vendor_kws",
        pte = "kws.pte",
        target = "cortex-m4",                 # what it was exported for (checked)
        reference_input = "kws_input.bin",    # optional: raw inputs, back to back
        reference_output = "kws_output.bin",  # optional: what the device must produce
    )

A manifest is read from the program itself (python -m m55ml import-pte). Without a reference
input the firmware is fed zeros; without a reference output fvp_test checks only that it runs.
""",
    attrs = dict({
        "pte": attr.label(mandatory = True, allow_single_file = [".pte"]),
        "target": attr.string(
            default = "cortex-m55",
            doc = "The cortex-m<variant> the program was exported for; its linear ops' form is " +
                  "checked against it.",
        ),
        "reference_input": attr.label(
            allow_single_file = True,
            doc = "Raw bytes of every input, program layout and dtype, back to back.",
        ),
        "reference_output": attr.label(
            allow_single_file = True,
            doc = "Raw bytes of every output the device must produce, back to back.",
        ),
    }, **_EXPORTER_ATTRS),
)
