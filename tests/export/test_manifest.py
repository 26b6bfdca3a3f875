"""manifest.json and the reference .bin files against the .pte and against each other."""

from __future__ import annotations

import hashlib
import math
from importlib import metadata

import numpy as np
import pytest
from pte_inspect import Pte, artifact, manifest

TARGETS = ["mv2_pte", "mv3s_pte", "dscnn_pte", "dscnn_m4_pte", "digits_pte"]
EXPECTED_TARGET = {"dscnn_m4_pte": ("cortex-m4", "DSP")}


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("target", TARGETS)
def test_manifest_op_histogram_matches_the_pte(target: str) -> None:
    pte = Pte.load(artifact(f"{target}.pte"))
    ops = manifest(target)["ops"]
    assert ops["histogram"] == pte.histogram()
    assert ops["kernel_calls"] == len(pte.kernels())
    assert ops["only_cortex_m"] is True
    assert set(ops["kinds"]) == set(pte.histogram())
    assert set(ops["kinds"].values()) == {"cortex_m"}
    assert ops["calls_by_kind"] == {"cortex_m": len(pte.kernels()), "runtime": 0, "portable": 0}
    assert ops["fully_lowered"] is True and ops["portable"] == []
    # The built-in models need none of the export rewrites.
    assert ops["rewrites"] and set(ops["rewrites"].values()) == {0}


@pytest.mark.parametrize("target", TARGETS)
def test_manifest_memory_matches_the_plan_and_header(target: str) -> None:
    pte = Pte.load(artifact(f"{target}.pte"))
    memory = manifest(target)["memory"]
    sizes = list(pte.plan.nonConstBufferSizes)
    assert memory["planned_bytes"] == {str(i): s for i, s in enumerate(sizes) if i > 0}
    assert memory["planned_total_bytes"] == sum(sizes[1:]) > 0
    assert memory["constant_bytes"] == pte.header().segment_data_size > 0


@pytest.mark.parametrize("target", TARGETS)
def test_manifest_interface_matches_the_pte(target: str) -> None:
    pte = Pte.load(artifact(f"{target}.pte"))
    doc = manifest(target)
    for entry, index in [(doc["inputs"][0], pte.plan.inputs[0]),
                         (doc["outputs"][0], pte.plan.outputs[0])]:
        tensor = pte.tensor(index)
        assert entry["shape"] == list(tensor.sizes)
        assert entry["dim_order"] == list(tensor.dimOrder)
        assert entry["dtype"] == "float32"
        assert entry["bytes"] == 4 * math.prod(tensor.sizes)
    kernels = pte.kernels()
    for entry, call in [(doc["inputs"][0], kernels[0]), (doc["outputs"][0], kernels[-1])]:
        q = entry["quantization"]
        assert q["scale"] == pytest.approx(pte.scalar(call.args[1]), rel=0, abs=0)
        assert q["zero_point"] == pte.scalar(call.args[2])
        assert (q["quant_min"], q["quant_max"]) == (pte.scalar(call.args[3]),
                                                     pte.scalar(call.args[4]))
        assert q["dtype"] == "int8"


@pytest.mark.parametrize("target", TARGETS)
def test_manifest_hashes_name_the_files_next_to_it(target: str) -> None:
    doc = manifest(target)
    assert doc["pte"]["sha256"] == _sha256(artifact(f"{target}.pte"))
    assert doc["pte"]["bytes"] == artifact(f"{target}.pte").stat().st_size
    assert doc["reference"]["input_sha256"] == _sha256(artifact(f"{target}.input.bin"))
    assert doc["reference"]["output_sha256"] == _sha256(
        artifact(f"{target}.reference_output.bin")
    )


@pytest.mark.parametrize("target", TARGETS)
def test_manifest_records_target_and_versions(target: str) -> None:
    doc = manifest(target)
    name, isa = EXPECTED_TARGET.get(target, ("cortex-m55", "MVE"))
    assert (doc["target"]["name"], doc["target"]["isa"]) == (name, isa)
    # The test runs in the same pinned venv the export action used.
    for package in ("executorch", "torch", "torchao"):
        assert doc["versions"][package] == metadata.version(package)


@pytest.mark.parametrize("target", TARGETS)
def test_manifest_has_no_paths_or_timestamps(target: str) -> None:
    text = artifact(f"{target}.manifest.json").read_text()
    for marker in ("/work", "/root", "/tmp", "/home", "bazel-out", "sandbox", "execroot"):
        assert marker not in text
    assert not any(key in text for key in ('"time', "date", "created"))


@pytest.mark.parametrize("target", TARGETS)
def test_reference_files_have_the_program_interface_sizes(target: str) -> None:
    doc = manifest(target)
    assert artifact(f"{target}.input.bin").stat().st_size == doc["inputs"][0]["bytes"]
    assert artifact(f"{target}.reference_output.bin").stat().st_size == doc["outputs"][0]["bytes"]


@pytest.mark.parametrize("target", TARGETS)
def test_reference_output_is_dequantized_int8(target: str) -> None:
    # Whatever produced it, the output passed through dequantize_per_tensor with the
    # recorded parameters: every value is (q - zero_point) * scale for an int8 q.
    q = manifest(target)["outputs"][0]["quantization"]
    out = np.fromfile(artifact(f"{target}.reference_output.bin"), dtype="<f4")
    levels = out.astype(np.float64) / np.float32(q["scale"]) + q["zero_point"]
    assert np.allclose(levels, np.round(levels), atol=1e-3)
    assert levels.min() >= q["quant_min"] - 1e-3 and levels.max() <= q["quant_max"] + 1e-3
    # A constant output would make bit-exactness on the device a weak check.
    assert len(np.unique(out)) >= 5


@pytest.mark.parametrize("target", TARGETS)
def test_manifest_top5_matches_the_reference_output(target: str) -> None:
    out = np.fromfile(artifact(f"{target}.reference_output.bin"), dtype="<f4")
    expected = sorted(range(out.size), key=lambda i: (-out[i], i))[:5]
    assert manifest(target)["reference"]["output_top5"] == expected


@pytest.mark.parametrize("target", ["mv2_pte", "mv3s_pte"])
def test_image_input_bin_is_channels_last(target: str) -> None:
    # The synthetic images are normalised per channel. Read as NHWC, each channel has mean 0
    # and std 1; an NCHW file read this way would mix channels and miss both.
    n, c, h, w = manifest(target)["inputs"][0]["shape"]
    pixels = np.fromfile(artifact(f"{target}.input.bin"), dtype="<f4").reshape(n, h, w, c)
    for channel in range(c):
        values = pixels[0, :, :, channel].astype(np.float64)
        assert abs(values.mean()) < 1e-4
        assert abs(values.std(ddof=1) - 1.0) < 1e-3


@pytest.mark.parametrize("target", ["mv2_pte", "dscnn_pte", "dscnn_m4_pte", "digits_pte"])
def test_odd_window_average_pools_report_no_rounding_ties(target: str) -> None:
    # A .5 mean needs an even element count; the window sizes come from the .pte itself.
    # (mv3s's squeeze-excite pools are 56x56 and 14x14: ties are possible there.)
    pte = Pte.load(artifact(f"{target}.pte"))
    windows = [
        math.prod(pte.int_list(k.args[1]))
        for k in pte.kernels()
        if k.op == "cortex_m::quantized_avg_pool2d.out"
    ]
    assert windows == {"mv2_pte": [49], "digits_pte": []}.get(target, [125])
    assert manifest(target)["reference"]["avg_pool_rounding_ties"] == 0
