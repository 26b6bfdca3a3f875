"""manifest.json: what the program needs and provides, for the firmware build and for humans.

Program facts come from the serialized bytes (reports.pte), never from the graph. No
timestamps, hostnames or absolute paths: the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from importlib import metadata
from typing import TYPE_CHECKING

from m55ml.reports.opnames import CORTEX_M_PREFIX, OP_KINDS, op_kind

if TYPE_CHECKING:
    from m55ml.reports.pte import ProgramSummary, QuantParams, TensorInfo

SCHEMA = "m55ml.pte_manifest/3"

# Packages whose version changes the produced program.
VERSIONED_PACKAGES = ("executorch", "torch", "torchao")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in VERSIONED_PACKAGES}


def _quantization(params: QuantParams | None) -> dict[str, object] | None:
    return asdict(params) if params is not None else None


def _tensor(
    info: TensorInfo, in_program: QuantParams | None, by_application: QuantParams | None
) -> dict[str, object]:
    # Float I/O: the program's first/last kernels (de)quantize. int8 I/O: the application
    # must apply these parameters itself (real = (q - zero_point) * scale).
    params = by_application or in_program
    return {
        "shape": list(info.sizes),
        "dtype": info.dtype,
        "dim_order": list(info.dim_order),
        "layout": info.layout,
        "bytes": info.nbytes,
        "quantization": _quantization(params),
        "quantized_by": "application" if by_application else "program" if params else None,
    }


def program_section(
    summary: ProgramSummary,
    pte: bytes,
    app_inputs: dict[int, QuantParams] | None = None,
    app_outputs: dict[int, QuantParams] | None = None,
    rewrites: dict[str, int] | None = None,
) -> dict[str, object]:
    """Program facts read back from the bytes; `app_*`: int8 I/O parameters per index;
    `rewrites`: how many places each export rewrite changed (None: not exported here)."""
    app_inputs, app_outputs = app_inputs or {}, app_outputs or {}
    histogram = summary.op_histogram
    kinds = {op: op_kind(op) for op in histogram}
    calls_by_kind = {kind: 0 for kind in OP_KINDS}
    for op, count in histogram.items():
        calls_by_kind[kinds[op]] += count
    planned = summary.planned_memory
    return {
        "pte": {
            "identifier": summary.identifier,
            "bytes": len(pte),
            "sha256": sha256(pte),
            "flatbuffer_bytes": summary.flatbuffer_bytes,
            "segment_data_bytes": summary.segment_data_bytes,
            "method": summary.plan_name,
        },
        "ops": {
            "histogram": histogram,
            "kernel_calls": len(summary.instructions),
            "only_cortex_m": all(op.startswith(CORTEX_M_PREFIX) for op in histogram),
            "kinds": kinds,
            "calls_by_kind": calls_by_kind,
            "portable": sorted(op for op, kind in kinds.items() if kind == "portable"),
            "fully_lowered": calls_by_kind["portable"] == 0,
            "linear_forms": sorted(set(summary.linear_forms)),
            "rewrites": rewrites,
        },
        "memory": {
            "planned_bytes": planned,
            "planned_total_bytes": sum(planned.values()),
            # Weights, biases, requantization tables: the constant segment after the flatbuffer.
            "constant_bytes": summary.segment_data_bytes,
            "constant_tensors": summary.constant_tensor_count,
        },
        "inputs": [
            _tensor(t, summary.input_quantization[i], app_inputs.get(i))
            for i, t in enumerate(summary.inputs)
        ],
        "outputs": [
            _tensor(t, summary.output_quantization[i], app_outputs.get(i))
            for i, t in enumerate(summary.outputs)
        ],
    }


def dumps(manifest: dict[str, object]) -> bytes:
    """Canonical JSON: sorted keys, fixed indentation, trailing newline."""
    return (json.dumps(manifest, indent=2, sort_keys=True, allow_nan=False) + "\n").encode()
