"""`--model-file`: a model defined outside any package, as aot_arm_compiler takes it.

The export runs in this process through m55ml.worker.isolated_run (what the persistent worker
wraps around each request), which puts the process back as it was: what is checked is the
exported files, not the process, so it does not pay for a fresh interpreter. The deployed
command line with --model-file runs in test_errors.py (sin_net.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import export_args, model_file
from m55ml import cli
from m55ml.worker import isolated_run
from pte_inspect import FLOAT, Pte


def test_a_model_file_exports_with_its_own_example_inputs(tmp_path: Path) -> None:
    path = model_file("file_model.py")
    code, output = isolated_run(cli.main, export_args(str(path), tmp_path))
    assert code == 0, output
    doc = json.loads((tmp_path / "manifest.json").read_text())
    assert doc["model"]["name"] == "file_model"
    assert doc["model"]["source"] == "model file file_model.py"  # no directory: reproducible
    assert doc["model"]["input_shapes"] == [[1, 1, 7, 7]]
    pte = Pte.load(tmp_path / "model.pte")
    (index,) = pte.plan.inputs
    assert list(pte.tensor(index).sizes) == [1, 1, 7, 7]
    assert pte.tensor(index).scalarType == FLOAT
    assert all(op.startswith("cortex_m::") for op in pte.histogram())
    assert (tmp_path / "input.bin").stat().st_size == 49 * 4
