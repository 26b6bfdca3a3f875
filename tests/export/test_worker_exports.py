"""Exports through one persistent worker are byte-identical to one-shot exports.

The deployed exporter (//python:export_cli, what pte_model runs) answers, in one worker: digits,
a failing request, a model that draws its weights from unseeded global generators, digits again. Each export must equal, file for file, a one-shot run
of the same params file (`export_cli @file`, how Bazel runs the action without a worker), and
the failure must answer as the one-shot CLI does without changing what follows it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from cli_runner import EVAL_FLAGS, OUTPUT_FLAGS, exporter, run_exporter, workspace_root
from m55ml.action_env import ACTION_ENV
from worker_wire import WorkerProcess

DEVICE_FLAG = {"--device-reference-output-bin": "device_reference_output.bin"}
ENTRIES = {
    "digits": "models.digits.digits_cnn:build",
    "unseeded": "tests.export.testmodels.unseeded:build",
    "no_such_model": "no_such.model:build",
}


def _arguments(model: str, out_dir: Path) -> list[str]:
    """What pte_model writes to the params file for a model (absolute paths)."""
    flags = {**OUTPUT_FLAGS, **DEVICE_FLAG, **(EVAL_FLAGS if model == "digits" else {})}
    arguments = ["export", "--model-entry", ENTRIES[model], "--python-path", str(workspace_root())]
    arguments += ["--name", f"//models:{model}_pte", "--target", "cortex-m55", "--scratch-home"]
    for flag, name in flags.items():
        arguments += [flag, str(out_dir / name)]
    return arguments


def _files(out_dir: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out_dir.iterdir())}


def _one_shot(model: str, root: Path) -> dict[str, bytes]:
    out = root / "one-shot" / model
    out.mkdir(parents=True)
    params = root / f"{model}.params"
    params.write_text("\n".join(_arguments(model, out)) + "\n")
    start = time.monotonic()
    result = run_exporter([f"@{params}"], env=ACTION_ENV)
    print(f"one-shot {model}: {time.monotonic() - start:.1f} s")
    assert result.returncode == 0, result.stderr
    return _files(out)


def test_worker_exports_equal_one_shot_exports_whatever_ran_before(tmp_path: Path) -> None:
    sequence = ["digits", "no_such_model", "unseeded", "digits"]
    answers, outputs = [], []
    env = {**os.environ, **ACTION_ENV}
    with WorkerProcess([exporter()], tmp_path / "worker.log", env) as worker:
        for index, model in enumerate(sequence):
            out = tmp_path / "worker" / f"{index}-{model}"
            out.mkdir(parents=True)
            start = time.monotonic()
            answers.append(worker.request(_arguments(model, out), request_id=index + 1))
            print(f"worker {model}: {time.monotonic() - start:.1f} s")
            outputs.append(_files(out))
        assert worker.close() == 0

    for index, answer in enumerate(answers):
        assert answer.request_id == index + 1
    digits_first, failure, unseeded, digits_again = answers
    assert (digits_first.exit_code, unseeded.exit_code, digits_again.exit_code) == (0, 0, 0)

    one_shot_failure = run_exporter(_arguments("no_such_model", tmp_path / "none"), env=ACTION_ENV)
    assert failure.exit_code == one_shot_failure.returncode == 1
    assert failure.output == one_shot_failure.stderr
    assert failure.output.startswith(
        "error: //models:no_such_model_pte: import: cannot import 'no_such.model'"
    )
    assert outputs[1] == {}

    expected = {m: _one_shot(m, tmp_path) for m in ("digits", "unseeded")}
    assert len(expected["digits"]) == 7 and len(expected["unseeded"]) == 5
    for index, model in ((0, "digits"), (2, "unseeded"), (3, "digits")):
        assert outputs[index].keys() == expected[model].keys(), (index, model)
        for name, data in expected[model].items():
            assert outputs[index][name] == data, f"request {index} ({model}): {name} differs"
