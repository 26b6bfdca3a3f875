"""Bring a .pte: describe a program exported elsewhere so the firmware rules can use it.

A program from another machine or from ExecuTorch's own scripts has no export manifest. This
reads the .pte back (the same reader the export uses), checks it against the target it is
declared for and against the reference files that came with it, and writes a manifest of the
same schema, so cortex_m_firmware (selective kernel table, fit check) and fvp_test (input
split, output comparison) treat it like any exported program.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from m55ml.errors import DataFileError, ProgramFormatError
from m55ml.export.targets import resolve_target
from m55ml.reports import manifest
from m55ml.reports.pte import read_program

# quantized_linear forms each kernel family produces (docs/export.md, Targets).
_LINEAR_FORMS = {"MVE": {"kernel_sum"}, "DSP": {"bias", "no_bias"}, "SCALAR": {"bias", "no_bias"}}


@dataclass
class ImportedProgram:
    manifest: bytes
    input_bin: bytes
    reference_output_bin: bytes | None


def _sized(path: Path, what: str, sizes: list[int]) -> bytes:
    data = path.read_bytes()
    if len(data) != sum(sizes):
        raise DataFileError(
            f"{path.name} holds {len(data)} bytes; the program's {what} take {sum(sizes)} "
            f"({' + '.join(str(n) for n in sizes) or 'none'})",
            f"give the raw bytes of every {what[:-1]} in the program's layout and dtype, back "
            "to back, in order",
        )
    return data


def import_program(
    pte_path: Path,
    target_name: str,
    name: str,
    reference_input: Path | None,
    reference_output: Path | None,
) -> ImportedProgram:
    target = resolve_target(target_name)
    pte = pte_path.read_bytes()
    summary = read_program(pte)
    forms = set(summary.linear_forms) - {"bias+kernel_sum"}
    allowed = _LINEAR_FORMS.get(target.isa, forms)
    if forms - allowed:
        raise ProgramFormatError(
            f"{pte_path.name} carries {', '.join(sorted(forms - allowed))}-form linear ops, "
            f"which {target.name} ({target.isa} kernels) does not produce",
            "declare the target the program was exported for (pte_program(target = ...))",
        )
    input_sizes = [t.nbytes for t in summary.inputs]
    output_sizes = [t.nbytes for t in summary.outputs]
    if reference_input is not None:
        input_bin = _sized(reference_input, "inputs", input_sizes)
        input_kind = f"file {reference_input.name}"
    else:
        input_bin = bytes(sum(input_sizes))
        input_kind = "zeros (no reference input given)"
    output_bin = None
    if reference_output is not None:
        output_bin = _sized(reference_output, "outputs", output_sizes)
    dtypes = {t.dtype for t in (*summary.inputs, *summary.outputs)}
    document: dict[str, object] = {
        "schema": manifest.SCHEMA,
        "model": {
            "name": name,
            "source": f"imported program {pte_path.name}",
            "provenance": {"reference_input": {"kind": input_kind}},
        },
        "target": {
            "name": target.name,
            "isa": target.isa,
            "portable_fallback_allowed": True,
            "io": "int8" if dtypes == {"int8"} else "float32",
        },
        "reference": {
            "input_sha256": manifest.sha256(input_bin),
            "device_output_sha256": manifest.sha256(output_bin) if output_bin else None,
            "oracle": "supplied with the program" if output_bin else "none: runs unchecked",
        },
        **manifest.program_section(summary, pte),
    }
    return ImportedProgram(
        manifest=manifest.dumps(document), input_bin=input_bin, reference_output_bin=output_bin
    )
