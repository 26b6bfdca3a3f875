"""Export one model: the .pte plus everything the firmware and its tests need.

The model comes from the user's own code (an entry point or a model file, export.sources); its
data from files (export.datafiles), from the model itself (m55ml.api.ModelExport), or, when
neither gives any, from seeded synthetic samples that the manifest names as such.
"""

from __future__ import annotations

import inspect
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch

from m55ml.api import ModelExport
from m55ml.errors import EvalSetError, InputShapeError, UsageError
from m55ml.export import datafiles, reuse, sources
from m55ml.export.stages import stage
from m55ml.export.targets import ExportTarget, resolve_target
from m55ml.libraries import import_libraries
from m55ml.reports import binfiles, manifest

if TYPE_CHECKING:
    from m55ml.export.pipeline import EdgeProgram, IoQuantization, LoweredModel

Shape = tuple[int, ...]
Inputs = tuple[torch.Tensor, ...]

# Every RNG is seeded with this before the model is built: a model that draws its weights
# without seeding still exports to the same bytes.
MODEL_SEED = 0
# Separate generators for the synthetic defaults, so they never depend on the model's draws.
CALIBRATION_SEED = 2
REFERENCE_SEED = 3
EXAMPLE_SEED = 4
SYNTHETIC_CALIBRATION_SAMPLES = 16


@dataclass(frozen=True)
class ExportRequest:
    # Exactly one of entry ("pkg.module:function", with python_path roots) and model_file.
    entry: str | None = None
    python_path: tuple[str, ...] = ()
    model_file: Path | None = None
    name: str | None = None  # for messages and the manifest; default from entry or file
    target: str = "cortex-m55"
    input_shapes: tuple[Shape, ...] | None = None
    calibration: Path | None = None
    reference_input: Path | None = None
    int8_io: bool = False
    allow_portable_fallback: bool = False
    write_eval_set: bool = False

    @property
    def model_name(self) -> str:
        if self.name:
            return self.name
        if self.entry:
            return self.entry
        return self.model_file.stem if self.model_file else "model"

    @property
    def source(self) -> str:
        # Base name only: the manifest must not depend on where the checkout lives.
        return self.entry if self.entry else f"model file {self.model_file.name}"  # type: ignore[union-attr]


@dataclass
class ExportArtifacts:
    """The bytes of every output file; the caller decides where they go."""

    pte: bytes
    manifest: bytes
    input_bin: bytes  # every input, program layout and dtype, back to back
    reference_output_bin: bytes  # every output, back to back
    # The reference outputs with CMSIS-NN's average-pool rounding: what the device must match.
    device_reference_output_bin: bytes
    eval_inputs_bin: bytes | None = None
    eval_labels_bin: bytes | None = None


def validate(request: ExportRequest) -> ExportTarget:
    """Every check that needs no model, so mistakes fail in seconds."""
    name = request.model_name
    with stage(name, "request"):
        if (request.entry is None) == (request.model_file is None):
            raise UsageError(
                "give the model as an entry point or as a model file", "pass exactly one of "
                "--model-entry pkg.module:function and --model-file path/to/model.py"
            )
        if request.entry is not None:
            sources.parse_entry(request.entry)
        for path, role in ((request.calibration, "calibration"), (request.reference_input,
                                                                   "reference-input")):
            if path is not None:
                datafiles.check_data_path(path, role)
        return resolve_target(request.target)


def seed_everything(seed: int = MODEL_SEED) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _forward_names(module: torch.nn.Module, count: int) -> list[str]:
    try:
        parameters = inspect.signature(module.forward).parameters.values()
        names = [
            p.name for p in parameters
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        names = []
    return names[:count] if len(names) >= count else [f"input{i}" for i in range(count)]


def _load_model(request: ExportRequest) -> ModelExport:
    name = request.model_name
    shapes = list(request.input_shapes) if request.input_shapes else None
    with stage(name, "import"):
        if request.entry is not None:
            function = sources.load_entry(request.entry, list(request.python_path))
    # ExecuTorch's lowering stack takes seconds to import (most of a failing run's time): only
    # once the entry's module has imported, so a misspelt or missing one fails at once; and
    # before the model is built, so nothing it does on import comes between the seed and the
    # model.
    import_libraries("m55ml.export.pipeline")
    with stage(name, "import"):
        if request.entry is None:
            seed_everything()  # the file builds its model while it is imported
            assert request.model_file is not None
            result = sources.load_model_file(request.model_file)
    with stage(name, "build"):
        if request.entry is not None:
            seed_everything()
            result = sources.call_entry(function, shapes)
    with stage(name, "inputs"):
        return sources.normalize(result, shapes, EXAMPLE_SEED)


@dataclass
class _Data:
    calibration: list[Inputs]
    reference_input: Inputs
    provenance: dict[str, object] = field(default_factory=dict)


def _data(request: ExportRequest, model: ModelExport, names: list[str]) -> _Data:
    shapes = [tuple(x.shape) for x in model.example_inputs]
    provenance: dict[str, object] = {}
    if request.calibration is not None:
        calibration = datafiles.load_calibration(request.calibration, names, shapes)
        provenance["calibration"] = {"kind": "file", "file": request.calibration.name,
                                     "samples": len(calibration)}
    elif model.calibration is not None:
        calibration = [sources.as_inputs(s, "calibration sample") for s in model.calibration]
        provenance["calibration"] = {"kind": "model", "samples": len(calibration)}
    else:
        calibration = sources.synthetic_samples(shapes, SYNTHETIC_CALIBRATION_SAMPLES, CALIBRATION_SEED)
        provenance["calibration"] = {
            "kind": "synthetic: standard normal (no calibration data given; quantization "
            "ranges may not match real inputs)",
            "samples": len(calibration),
            "seed": CALIBRATION_SEED,
        }
    if request.reference_input is not None:
        reference = datafiles.load_reference_input(request.reference_input, names, shapes)
        provenance["reference_input"] = {"kind": "file", "file": request.reference_input.name}
    elif model.reference_input is not None:
        reference = sources.as_inputs(model.reference_input, "reference_input")
        provenance["reference_input"] = {"kind": "model"}
    else:
        (reference,) = sources.synthetic_samples(shapes, 1, REFERENCE_SEED)
        provenance["reference_input"] = {"kind": "synthetic: standard normal",
                                         "seed": REFERENCE_SEED}
    for index, sample in enumerate([*calibration, reference]):
        got = [tuple(x.shape) for x in sample]
        if got != shapes:
            raise InputShapeError(
                f"data sample {index} has shapes {got}, the model's inputs are {shapes}",
                "shape every calibration sample and the reference input like the example inputs",
            )
    return _Data(calibration=calibration, reference_input=reference, provenance=provenance)


def _check_eval_set(request: ExportRequest, model: ModelExport) -> None:
    if request.write_eval_set and model.eval_set is None:
        raise EvalSetError(
            "the model has no labelled evaluation set",
            "drop the eval outputs (--eval-inputs-bin/--eval-labels-bin, pte_model(eval_set = "
            "True)) or return a ModelExport with eval_set",
        )
    if model.eval_set is not None:
        example = model.example_inputs
        if len(example) != 1 or example[0].shape[0] != 1:
            raise EvalSetError(
                "an evaluation set needs a single-input, batch-1 model",
                "drop eval_set from the ModelExport",
            )
        if tuple(model.eval_set.inputs.shape[1:]) != tuple(example[0].shape[1:]):
            raise EvalSetError(
                f"eval_set.inputs is {list(model.eval_set.inputs.shape)}, expected N x "
                f"{list(example[0].shape[1:])}",
                "stack the evaluation samples along the batch axis",
            )


def _top_k(output: torch.Tensor, k: int = 5) -> list[int]:
    # Ties (common in int8 outputs) go to the lower class index, like a stable sort.
    values = output.flatten().tolist()
    return sorted(range(len(values)), key=lambda i: (-values[i], i))[:k]


def _float_accuracy(model: ModelExport) -> float:
    # Measured before export, which converts the module to channels_last in place.
    assert model.eval_set is not None
    with torch.no_grad():
        logits = model.module.eval()(model.eval_set.inputs)
    predictions = logits.flatten(1).argmax(dim=1)
    return float((predictions == model.eval_set.labels).sum()) / predictions.numel()


def _int8_accuracy(model: ModelExport, lowered: LoweredModel) -> float:
    assert model.eval_set is not None
    # reference_outputs[0] belongs to the reference input; the rest are the eval set in order.
    outputs = torch.stack([o[0].flatten().float() for o in lowered.reference_outputs[1:]])
    labels = model.eval_set.labels
    return float((outputs.argmax(dim=1) == labels).sum()) / labels.numel()


def _concat(tensors: Inputs, infos: tuple) -> bytes:  # type: ignore[type-arg]
    return b"".join(binfiles.tensor_bytes(t, info.dim_order) for t, info in zip(tensors, infos))


def _reference_section(
    input_bin: bytes, output_bin: bytes, device_bin: bytes, lowered: LoweredModel
) -> dict[str, object]:
    return {
        # The firmware test's target: the reference with average pools rounded as CMSIS-NN
        # rounds them (half away from zero), identical to output_sha256 when no tie mattered.
        "device_output_sha256": manifest.sha256(device_bin),
        "device_output_differs_from_reference": device_bin != output_bin,
        "device_avg_pool_differences": lowered.device_avg_pool_differences,
        "input_sha256": manifest.sha256(input_bin),
        "output_sha256": manifest.sha256(output_bin),
        "output_top5": _top_k(lowered.reference_outputs[0][0]),
        # Non-zero: CMSIS-NN's rounding of those average pools differs from the reference
        # (half away from zero vs half to even), so a CMSIS-exact device may differ by 1
        # there and downstream. See docs/export.md.
        "avg_pool_rounding_ties": lowered.reference_avg_pool_ties,
        "oracle": "ExecuTorch Python reference kernels of the lowered edge program",
    }


def _eval_sections(
    model: ModelExport, lowered: LoweredModel, float_accuracy: float
) -> tuple[bytes, bytes, dict[str, object]]:
    assert model.eval_set is not None
    info = lowered.summary.inputs[0]
    inputs = b"".join(binfiles.tensor_bytes(x[0], info.dim_order) for x in lowered.program_inputs[1:])
    labels = binfiles.labels_bytes(model.eval_set.labels)
    samples = int(model.eval_set.labels.numel())
    return inputs, labels, {
        "accuracy": {
            "split": "test",
            "samples": samples,
            "float": float_accuracy,
            "int8_reference": _int8_accuracy(model, lowered),
        },
        "eval_set": {
            "samples": samples,
            "input_bytes_per_sample": info.nbytes,
            "labels_dtype": "uint8",
            "inputs_sha256": manifest.sha256(inputs),
            "labels_sha256": manifest.sha256(labels),
        },
    }


@dataclass
class _Prepared:
    """Everything an export has before the target matters (kept by export.reuse)."""

    model: ModelExport
    names: list[str]
    data: _Data
    float_accuracy: float | None
    reference_inputs: list[Inputs]
    program: EdgeProgram


def _prepare(request: ExportRequest) -> _Prepared:
    name = request.model_name
    # Imports the lowering stack after validation and the entry's module: a typo in a flag or
    # an entry should not wait seconds for it.
    model = _load_model(request)
    from m55ml.export.pipeline import prepare_program, to_program_layouts

    names = _forward_names(model.module, len(model.example_inputs))
    with stage(name, "data"):
        data = _data(request, model, names)
        _check_eval_set(request, model)
    reference_inputs = [data.reference_input]
    float_accuracy = None
    if model.eval_set is not None:
        with stage(name, "reference"):
            float_accuracy = _float_accuracy(model)
        reference_inputs += [(x,) for x in model.eval_set.inputs.split(1)]
    program = prepare_program(
        name,
        model.module,
        to_program_layouts(model.example_inputs),
        data.calibration,
        request.int8_io,
    )
    return _Prepared(model, names, data, float_accuracy, reference_inputs, program)


def export_model(request: ExportRequest) -> ExportArtifacts:
    target = validate(request)
    name = request.model_name
    reuse_key = reuse.key(request)
    prepared = reuse.lookup(reuse_key, f"{name} for {target.name}")
    if prepared is None:
        prepared = _prepare(request)
        reuse.keep(reuse_key, prepared)
    model, names, data, float_accuracy = (
        prepared.model, prepared.names, prepared.data, prepared.float_accuracy
    )
    from m55ml.export.pipeline import ExportOptions, finish_program

    options = ExportOptions(
        target=target,
        allow_portable_fallback=request.allow_portable_fallback,
        int8_io=request.int8_io,
    )
    lowered = finish_program(name, prepared.program, options, prepared.reference_inputs)
    io = prepared.program.io
    summary = lowered.summary
    with stage(name, "check"):
        # The raw files use the program's own layouts and dtypes: exactly the bytes of its
        # inputs and outputs, one after another in order.
        input_bin = _concat(lowered.program_inputs[0], summary.inputs)
        output_bin = _concat(lowered.reference_outputs[0], summary.outputs)
        device_bin = _concat(lowered.device_reference_outputs, summary.outputs)
        document = _manifest(request, target, model, names, data, lowered, io)
        document["reference"] = _reference_section(input_bin, output_bin, device_bin, lowered)
        artifacts = ExportArtifacts(
            pte=lowered.pte,
            manifest=b"",
            input_bin=input_bin,
            reference_output_bin=output_bin,
            device_reference_output_bin=device_bin,
        )
        if model.eval_set is not None:
            assert float_accuracy is not None
            eval_inputs, eval_labels, sections = _eval_sections(model, lowered, float_accuracy)
            document.update(sections)
            if request.write_eval_set:
                artifacts.eval_inputs_bin = eval_inputs
                artifacts.eval_labels_bin = eval_labels
        artifacts.manifest = manifest.dumps(document)
    return artifacts


def _manifest(
    request: ExportRequest,
    target: ExportTarget,
    model: ModelExport,
    names: list[str],
    data: _Data,
    lowered: LoweredModel,
    io: IoQuantization | None,
) -> dict[str, object]:
    return {
        "schema": manifest.SCHEMA,
        "model": {
            "name": request.model_name,
            "source": request.source,
            "description": model.description,
            "input_names": names,
            "input_shapes": [list(x.shape) for x in model.example_inputs],
            "seed": MODEL_SEED,
            "provenance": {**data.provenance, **model.provenance},
        },
        "target": {
            "name": target.name,
            "isa": target.isa,
            "portable_fallback_allowed": request.allow_portable_fallback,
            "io": "int8" if request.int8_io else "float32",
        },
        "versions": manifest.package_versions(),
        **manifest.program_section(
            lowered.summary,
            lowered.pte,
            io.inputs if io else None,
            io.outputs if io else None,
            rewrites=lowered.rewrites,
        ),
    }
