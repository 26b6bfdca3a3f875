"""pte_model: a registered PyTorch model -> int8 ExecuTorch .pte for a Cortex-M target.

    pte_model(
        name = "mv2_pte",
        model = "mv2",            # a model registered in python/m55ml/models/registry.py
        target = "cortex-m55",    # cortex-m<variant>: the CMSIS-NN kernel family (MVE/DSP/scalar)
    )

One action (mnemonic PteExport) runs `python -m m55ml export` from the pinned venv and writes:

    <name>.pte                     the program (the rule's default output)
    <name>.manifest.json           ops, planned memory, tensor interface, quantization, versions
    <name>.input.bin               reference input: float32, little-endian, program layout (NHWC)
    <name>.reference_output.bin    what ExecuTorch's Python reference kernels compute for it
    <name>.device_reference_output.bin   the same with average pools rounded as CMSIS-NN rounds
                                   them (half away from zero): what the firmware must produce;
                                   identical to the above unless the input hits a .5 tie
    <name>.eval_inputs.bin         with eval_set = True: N inputs, program layout, back to back
    <name>.eval_labels.bin         with eval_set = True: N uint8 labels

All of them form the output group `all_files` and the runfiles; PteModelInfo hands them to
cortex_m_firmware and fvp_test. The action's inputs are the package sources (runfiles of
//python:export_cli) and @m55ml_env//:python_env_stamp, which stands for the venv outside the
workspace (its lock hash and the torch/executorch versions): changing any of them re-exports.
"""

PteModelInfo = provider(
    doc = "An exported Cortex-M program and its reference data (from pte_model).",
    fields = {
        "pte": "File: the .pte program",
        "manifest": "File: manifest.json (ops, memory plan, tensor interface, quantization)",
        "input": "File: reference input, raw little-endian in the program's input layout",
        "reference_output": "File: reference output of the lowered program, raw little-endian",
        "device_reference_output": "File: reference output with CMSIS-NN average-pool rounding",
        "eval_inputs": "File or None: labelled evaluation inputs, back to back",
        "eval_labels": "File or None: evaluation labels, one uint8 each",
        "target": "string: the cortex-m<variant> the program was lowered for",
        "model": "string: the registry name of the model",
    },
)

# The action's complete environment (Bazel passes nothing else): one thread for reproducible
# float reductions, no bytecode or user site-packages leaking in or out of the venv, no
# compile caches. HOME is replaced by a temporary directory by --scratch-home.
_ACTION_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONNOUSERSITE": "1",
    "TORCHINDUCTOR_FORCE_DISABLE_CACHES": "1",
    "LC_ALL": "C.UTF-8",
}

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
    args.use_param_file("@%s", use_always = True)
    args.set_param_file_format("multiline")
    args.add("export")
    args.add("--model", ctx.attr.model)
    args.add("--target", ctx.attr.target)
    args.add("--scratch-home")
    if ctx.attr.input_shape:
        args.add_joined("--input-shape", ctx.attr.input_shape, join_with = ",")
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

    ctx.actions.run(
        executable = ctx.executable._exporter,
        arguments = [args],
        inputs = [ctx.file._python_env_stamp],
        outputs = outputs,
        env = _ACTION_ENV,
        execution_requirements = _WORKER_EXECUTION_REQUIREMENTS,
        mnemonic = "PteExport",
        progress_message = "Exporting model %s for %s to %s" % (
            ctx.attr.model,
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
            model = ctx.attr.model,
        ),
    ]

pte_model = rule(
    implementation = _pte_model_impl,
    doc = "Exports a registered model to an int8 Cortex-M .pte; see the module docstring.",
    attrs = {
        "model": attr.string(
            mandatory = True,
            doc = "Registry name of the model (`python -m m55ml list-models`).",
        ),
        "target": attr.string(
            default = "cortex-m55",
            doc = "cortex-m<variant>. MVE cores (m55, m85) get MVE-form ops (e.g. linear " +
                  "with kernel_sum), DSP/scalar cores the bias form.",
        ),
        "input_shape": attr.int_list(
            doc = "N, C, H, W of the input; empty for the model's default.",
        ),
        "eval_set": attr.bool(
            default = False,
            doc = "Also write the model's labelled evaluation set (models that have one).",
        ),
        "allow_portable_fallback": attr.bool(
            default = False,
            doc = "Keep ops that do not lower to cortex_m:: as portable kernels instead of " +
                  "failing the build. The firmware must then provide those kernels.",
        ),
        "_exporter": attr.label(
            default = "//python:export_cli",
            executable = True,
            cfg = "exec",
        ),
        "_python_env_stamp": attr.label(
            default = "@m55ml_env//:python_env_stamp",
            allow_single_file = True,
        ),
    },
)
