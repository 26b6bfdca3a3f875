"""Same inputs, same bytes, wherever and however the exporter runs.

- Two exports in different processes and directories (output, working and home directory)
  agree byte for byte and embed no path: digits (which seeds itself and trains at export), a
  one-shot run against Bazel's own, and a model that draws its weights from numpy's and
  Python's unseeded global generators, a one-shot run against the persistent worker's (another
  process, its own directories, another hash seed: PYTHONHASHSEED is the action's 0 there and
  random in the one-shot run).
- The deployed exporter (//python:export_cli, what pte_model runs) answers, in one persistent
  worker: digits, a failing request, the unseeded model, digits again. Each export equals, file
  for file, a one-shot run of the same params file (`export_cli @file`, how Bazel runs the
  action without a worker), and the failure answers as the one-shot CLI does without changing
  what follows it. Then help, a usage error and help again: each answer as the one-shot CLI's.
- In the same worker, the unseeded model for cortex-m4 started from the stages kept from its
  cortex-m55 export (export.reuse) equals a fresh cortex-m4 export, file for file.

A fresh exporter process costs ~5 CPU-s before it does anything, so each model's one-shot
export runs once for the module and serves both: digits' is compared with Bazel's own
//models:digits_pte (the same arguments, exported in Bazel's output tree), the unseeded
model's with the worker's export of it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_runner import built_model_file, exporter, run_exporter, workspace_root
from m55ml.action_env import ACTION_ENV
from worker_wire import Response, WorkerProcess

ENTRIES = {
    "digits": "models.digits.digits_cnn:build",
    "unseeded": "tests.export.testmodels.unseeded:build",
    "no_such_model": "no_such.model:build",
}
# pte_model's outputs: flag -> suffix of `<target>.<suffix>`.
OUTPUTS = {
    "--pte": "pte",
    "--manifest": "manifest.json",
    "--input-bin": "input.bin",
    "--reference-output-bin": "reference_output.bin",
    "--device-reference-output-bin": "device_reference_output.bin",
}
EVAL_OUTPUTS = {"--eval-inputs-bin": "eval_inputs.bin", "--eval-labels-bin": "eval_labels.bin"}


def _arguments(model: str, out_dir: Path, target: str = "cortex-m55") -> list[str]:
    """What pte_model writes to the params file for `//models:<model>_pte` (absolute paths)."""
    outputs = {**OUTPUTS, **(EVAL_OUTPUTS if model == "digits" else {})}
    arguments = ["export", "--model-entry", ENTRIES[model], "--python-path", str(workspace_root())]
    arguments += ["--name", f"//models:{model}_pte", "--target", target, "--scratch-home"]
    for flag, suffix in outputs.items():
        arguments += [flag, str(out_dir / f"{model}_pte.{suffix}")]
    return arguments


def _files(out_dir: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out_dir.iterdir())}


@dataclass(frozen=True)
class OneShot:
    root: Path  # every directory of the run (output, working directory, HOME) is under it
    files: dict[str, bytes]


def _one_shot(model: str, root: Path) -> OneShot:
    """`export_cli @params` in a fresh process, with its own output, working and home
    directories (the test's environment, not the action's: that is not what makes it agree)."""
    out, home, cwd = root / "out", root / "home", root / "cwd"
    for directory in (out, home, cwd):
        directory.mkdir(parents=True)
    params = root / f"{model}.params"
    params.write_text("\n".join(_arguments(model, out)) + "\n")
    start = time.monotonic()
    result = run_exporter([f"@{params}"], cwd=cwd, env={"HOME": str(home)})
    print(f"one-shot {model}: {time.monotonic() - start:.1f} s")
    assert result.returncode == 0, result.stderr
    # --scratch-home (what pte_model passes): nothing lands in the caller's HOME.
    assert list(home.iterdir()) == []
    return OneShot(root, _files(out))


@pytest.fixture(scope="module")
def one_shot(tmp_path_factory: pytest.TempPathFactory) -> dict[str, OneShot]:
    root = tmp_path_factory.mktemp("one-shot")
    return {model: _one_shot(model, root / model) for model in ("digits", "unseeded")}


def _assert_same_bytes(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    assert first.keys() == second.keys()
    for name, data in first.items():
        assert data, f"{name} is empty"
        assert hashlib.sha256(data).digest() == hashlib.sha256(second[name]).digest(), name


def _assert_no_path(files: dict[str, bytes], root: Path) -> None:
    for name, data in files.items():
        assert str(root).encode() not in data, f"{name} embeds the export's path {root}"


# --- two exports from different directories --------------------------------------------------


def test_one_shot_digits_equals_bazels_digits_pte_without_embedding_paths(
    one_shot: dict[str, OneShot],
) -> None:
    export = one_shot["digits"]
    assert len(export.files) == 7
    # Exported by Bazel in another process and directory (its output tree, its working directory).
    built = {name: built_model_file(name).read_bytes() for name in export.files}
    _assert_same_bytes(export.files, built)
    _assert_no_path(export.files, export.root)


def test_two_exports_of_an_unseeded_model_agree_without_embedding_paths(
    one_shot: dict[str, OneShot], worker_run: WorkerRun
) -> None:
    # The second export is the worker's: another process, with its own output, working and home
    # directories (the test asserts below that the worker's export equals this one-shot run in
    # any case; here, that neither embeds a path).
    first, second = one_shot["unseeded"], worker_run.outputs[2]
    assert len(first.files) == 5
    _assert_same_bytes(first.files, second)
    for files in (first.files, second):
        for root in (first.root, worker_run.root):
            _assert_no_path(files, root)


# --- one persistent worker against one-shot runs ---------------------------------------------

@dataclass(frozen=True)
class Export:
    model: str
    target: str = "cortex-m55"
    # Send the digests of the model's source files, as Bazel sends the action's inputs: the
    # worker may then keep its target-independent stages and start from them (export.reuse).
    with_inputs: bool = False


# What the deployed worker is asked, in this order: exports (one fails), then requests that
# answer without exporting (help, a usage error, help again). Only the unseeded model's
# requests carry inputs: the last is the only one that can start from kept stages, those of
# request 3 (the same model and inputs, another core), and it must equal request 5, a fresh
# export of the same core in the same worker.
EXPORTS = [
    Export("digits"),
    Export("no_such_model"),
    Export("unseeded", with_inputs=True),
    Export("digits"),
    Export("unseeded", "cortex-m4"),
    Export("unseeded", "cortex-m4", with_inputs=True),
]
NO_EXPORT_REQUESTS = [
    ["export", "--help"],
    ["export", "--pte", "a", "--manifest", "b"],  # usage: no model given
    ["export", "--help"],
]


@dataclass(frozen=True)
class WorkerRun:
    root: Path  # its outputs, working directory and HOME are under it
    answers: list[Response]
    outputs: list[dict[str, bytes]]  # the files each export request wrote
    exit_status: int
    log: str  # the worker's stderr


def _source_digests(model: str) -> dict[str, bytes]:
    module = ENTRIES[model].split(":")[0].replace(".", "/") + ".py"
    return {module: hashlib.sha256((workspace_root() / module).read_bytes()).digest()}


@pytest.fixture(scope="module")
def worker_run(tmp_path_factory: pytest.TempPathFactory) -> WorkerRun:
    root = tmp_path_factory.mktemp("worker")
    home, cwd = root / "home", root / "cwd"
    for directory in (home, cwd):
        directory.mkdir()
    answers, outputs = [], []
    env = {**os.environ, **ACTION_ENV, "HOME": str(home)}
    with WorkerProcess([exporter()], root / "worker.log", env, cwd=cwd) as worker:
        for index, export in enumerate(EXPORTS):
            out = root / f"{index}-{export.model}-{export.target}"
            out.mkdir()
            start = time.monotonic()
            inputs = _source_digests(export.model) if export.with_inputs else None
            arguments = _arguments(export.model, out, export.target)
            answers.append(worker.request(arguments, request_id=index + 1, inputs=inputs))
            print(f"worker {export}: {time.monotonic() - start:.1f} s")
            outputs.append(_files(out))
        for arguments in NO_EXPORT_REQUESTS:
            answers.append(worker.request(arguments, request_id=len(answers) + 1))
        exit_status = worker.close()
    log = (root / "worker.log").read_text()
    return WorkerRun(root, answers, outputs, exit_status, log)


@pytest.fixture(scope="module")
def one_shot_failure(
    tmp_path_factory: pytest.TempPathFactory,
) -> subprocess.CompletedProcess[str]:
    """The failing export request, one-shot as Bazel runs it (the action's environment)."""
    out = tmp_path_factory.mktemp("one-shot-failure") / "none"
    return run_exporter(_arguments("no_such_model", out), env=ACTION_ENV)


def test_worker_exports_equal_one_shot_exports_whatever_ran_before(
    one_shot: dict[str, OneShot],
    worker_run: WorkerRun,
    one_shot_failure: subprocess.CompletedProcess[str],
) -> None:
    assert worker_run.exit_status == 0
    for index, answer in enumerate(worker_run.answers):
        assert answer.request_id == index + 1
    failure = worker_run.answers[1]
    assert [a.exit_code for a in worker_run.answers[: len(EXPORTS)]] == [0, 1, 0, 0, 0, 0]

    assert failure.exit_code == one_shot_failure.returncode == 1
    assert failure.output == one_shot_failure.stderr
    assert failure.output.startswith(
        "error: //models:no_such_model_pte: import: cannot import 'no_such.model'"
    )
    outputs = worker_run.outputs
    assert outputs[1] == {}

    assert len(one_shot["digits"].files) == 7 and len(one_shot["unseeded"].files) == 5
    for index, model in ((0, "digits"), (2, "unseeded"), (3, "digits")):
        expected = one_shot[model].files
        assert outputs[index].keys() == expected.keys(), (index, model)
        for name, data in expected.items():
            assert outputs[index][name] == data, f"request {index} ({model}): {name} differs"


def test_an_export_for_another_core_from_kept_stages_equals_a_fresh_one(
    worker_run: WorkerRun,
) -> None:
    assert worker_run.exit_status == 0
    fresh, from_kept = worker_run.outputs[4], worker_run.outputs[5]
    assert len(fresh) == 5 and fresh.keys() == from_kept.keys()
    for name, data in fresh.items():
        assert from_kept[name] == data, f"{name} differs from a fresh cortex-m4 export"
    # It did start from the kept stages (the worker says so in its log, once).
    reused = [line for line in worker_run.log.splitlines() if "kept target-independent" in line]
    assert reused == [
        (
            "m55ml worker: //models:unseeded_pte for cortex-m4: started from the kept "
            "target-independent stages (export.reuse)"
        )
    ]
    # Written for cortex-m4, not a copy of the cortex-m55 export the stages were kept from.
    m55 = worker_run.outputs[2]
    assert m55["unseeded_pte.manifest.json"] != fresh["unseeded_pte.manifest.json"]


def test_deployed_worker_answers_as_the_one_shot_cli_does(
    worker_run: WorkerRun, one_shot_failure: subprocess.CompletedProcess[str]
) -> None:
    assert worker_run.exit_status == 0
    failure = worker_run.answers[1]
    assert failure.exit_code == one_shot_failure.returncode == 1
    assert failure.output == one_shot_failure.stdout + one_shot_failure.stderr
    assert failure.output.startswith(
        "error: //models:no_such_model_pte: import: cannot import 'no_such.model'"
    )
    assert failure.output.count("\n") == 1
    answers = worker_run.answers[len(EXPORTS) :]
    assert len(answers) == len(NO_EXPORT_REQUESTS)
    for arguments, answer in zip(NO_EXPORT_REQUESTS, answers):
        one_shot = run_exporter(arguments, env=ACTION_ENV)
        assert answer.exit_code == one_shot.returncode, arguments
        assert answer.output == one_shot.stdout + one_shot.stderr, arguments
    assert answers[1].exit_code == 2
