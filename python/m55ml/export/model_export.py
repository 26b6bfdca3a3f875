"""Export one registered model: the .pte plus everything the firmware and its tests need."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch

from m55ml.errors import EvalSetError
from m55ml.export.targets import ExportTarget, resolve_target
from m55ml.models import ModelSpec, PreparedModel, get_model
from m55ml.reports import binfiles, manifest

if TYPE_CHECKING:
    from m55ml.export.pipeline import LoweredModel


@dataclass(frozen=True)
class ExportRequest:
    model: str
    target: str = "cortex-m55"
    input_shape: tuple[int, ...] | None = None  # None: the model's default
    allow_portable_fallback: bool = False
    write_eval_set: bool = False


@dataclass
class ExportArtifacts:
    """The bytes of every output file; the caller decides where they go."""

    pte: bytes
    manifest: bytes
    input_bin: bytes
    reference_output_bin: bytes
    # The reference output with CMSIS-NN's average-pool rounding: what the device must match.
    device_reference_output_bin: bytes
    eval_inputs_bin: bytes | None = None
    eval_labels_bin: bytes | None = None


@dataclass(frozen=True)
class _Validated:
    spec: ModelSpec
    target: ExportTarget
    shape: tuple[int, int, int, int]


def validate(request: ExportRequest) -> _Validated:
    """Every check that needs no model building, so mistakes fail in seconds."""
    spec = get_model(request.model)
    target = resolve_target(request.target)
    shape = tuple(request.input_shape) if request.input_shape else spec.input.default_shape
    spec.input.check(spec.name, shape)
    if request.write_eval_set and not spec.has_eval_set:
        raise EvalSetError(
            f"model {spec.name!r} has no labelled evaluation set; drop the eval outputs "
            "(--eval-inputs-bin/--eval-labels-bin, pte_model(eval_set = True))"
        )
    return _Validated(spec=spec, target=target, shape=shape)  # type: ignore[arg-type]


def _top_k(output: torch.Tensor, k: int = 5) -> list[int]:
    # Ties (common in int8 outputs) go to the lower class index, like a stable sort.
    values = output.flatten().tolist()
    return sorted(range(len(values)), key=lambda i: (-values[i], i))[:k]


def _float_accuracy(prepared: PreparedModel) -> float:
    # Measured before export, which converts the module to channels_last in place.
    assert prepared.eval_set is not None
    with torch.no_grad():
        predictions = prepared.module.eval()(prepared.eval_set.inputs).argmax(dim=1)
    return float((predictions == prepared.eval_set.labels).sum()) / predictions.numel()


def _int8_accuracy(prepared: PreparedModel, lowered: LoweredModel) -> float:
    assert prepared.eval_set is not None
    # reference_outputs[0] belongs to the reference input; the rest are the eval set in order.
    outputs = torch.stack([o.flatten() for o in lowered.reference_outputs[1:]])
    labels = prepared.eval_set.labels
    return float((outputs.argmax(dim=1) == labels).sum()) / labels.numel()


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
        "output_top5": _top_k(lowered.reference_outputs[0]),
        # Non-zero: CMSIS-NN's rounding of those average pools differs from the reference
        # (half away from zero vs half to even), so a CMSIS-exact device may differ by 1
        # there and downstream. See docs/export.md.
        "avg_pool_rounding_ties": lowered.reference_avg_pool_ties,
        "oracle": "ExecuTorch Python reference kernels of the lowered edge program",
    }


@dataclass(frozen=True)
class _EvalFiles:
    inputs: bytes
    labels: bytes
    manifest_sections: dict[str, object]


def _eval_files(
    prepared: PreparedModel, lowered: LoweredModel, float_accuracy: float
) -> _EvalFiles:
    assert prepared.eval_set is not None
    summary = lowered.summary
    inputs = binfiles.batch_bytes(prepared.eval_set.inputs, summary.inputs[0].dim_order)
    labels = binfiles.labels_bytes(prepared.eval_set.labels)
    samples = int(prepared.eval_set.labels.numel())
    return _EvalFiles(
        inputs=inputs,
        labels=labels,
        manifest_sections={
            "accuracy": {
                "split": "test",
                "samples": samples,
                "float": float_accuracy,
                "int8_reference": _int8_accuracy(prepared, lowered),
            },
            "eval_set": {
                "samples": samples,
                "input_bytes_per_sample": summary.inputs[0].nbytes,
                "labels_dtype": "uint8",
                "inputs_sha256": manifest.sha256(inputs),
                "labels_sha256": manifest.sha256(labels),
            },
        },
    )


def export_model(request: ExportRequest) -> ExportArtifacts:
    checked = validate(request)
    # Imported after validation: ExecuTorch's lowering stack takes seconds to import, and a
    # typo in a model name should not wait for it.
    from m55ml.export.pipeline import ExportOptions, export_program, to_program_layout

    spec, target = checked.spec, checked.target
    prepared = spec.prepare(checked.shape)
    reference_inputs = [prepared.reference_input]
    float_accuracy = None
    if prepared.eval_set is not None:
        reference_inputs += list(prepared.eval_set.inputs.split(1))
        float_accuracy = _float_accuracy(prepared)

    lowered = export_program(
        spec.name,
        prepared.module,
        to_program_layout(prepared.reference_input),
        prepared.calibration,
        ExportOptions(target=target, allow_portable_fallback=request.allow_portable_fallback),
        reference_inputs=reference_inputs,
    )
    summary = lowered.summary
    # The raw files use the program's own layouts: exactly the bytes of its input/output.
    input_bin = binfiles.tensor_bytes(prepared.reference_input, summary.inputs[0].dim_order)
    output_bin = binfiles.tensor_bytes(lowered.reference_outputs[0], summary.outputs[0].dim_order)
    assert lowered.device_reference_output is not None
    device_bin = binfiles.tensor_bytes(lowered.device_reference_output, summary.outputs[0].dim_order)

    document: dict[str, object] = {
        "schema": manifest.SCHEMA,
        "model": {
            "name": spec.name,
            "description": spec.description,
            "input_shape_nchw": list(checked.shape),
            "provenance": prepared.provenance,
        },
        "target": {
            "name": target.name,
            "isa": target.isa,
            "portable_fallback_allowed": request.allow_portable_fallback,
        },
        "versions": manifest.package_versions(),
        "reference": _reference_section(input_bin, output_bin, device_bin, lowered),
        **manifest.program_section(summary, lowered.pte),
    }
    eval_files = None
    if prepared.eval_set is not None:
        assert float_accuracy is not None
        eval_files = _eval_files(prepared, lowered, float_accuracy)
        document.update(eval_files.manifest_sections)
    artifacts = ExportArtifacts(
        pte=lowered.pte,
        manifest=manifest.dumps(document),
        input_bin=input_bin,
        reference_output_bin=output_bin,
        device_reference_output_bin=device_bin,
    )
    if request.write_eval_set and eval_files is not None:
        artifacts.eval_inputs_bin = eval_files.inputs
        artifacts.eval_labels_bin = eval_files.labels
    return artifacts
