"""The exporter's persistent worker: its wire protocol, and what it resets between requests.

In-process tests call m55ml.worker.isolated_run (the reset the worker wraps around every request)
with small fake command lines that change process state on purpose; protocol tests start a
worker as Bazel does and talk to it with the hand-written encoding in worker_wire.py. The
deployed exporter as a worker (//python:export_cli) is checked in test_determinism.py, which
starts one for its exports anyway: its answers against the one-shot CLI's.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import random
import sys
import textwrap
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy
import pytest
import torch
from m55ml.action_env import ACTION_ENV
from m55ml.worker import default_keep_roots, isolated_run
from worker_wire import WorkerProcess


@pytest.fixture(scope="module", autouse=True)
def _frozen_heap() -> Iterator[None]:
    """The heap as the deployed worker has it: frozen after its imports (m55ml.worker freezes it
    after the warm-up), so the collection after each request walks only what the request made.
    Unfrozen, each isolated_run here walked torch's objects too (~0.15 s, 13 runs)."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


# --- user code under one module name, from two directories ---------------------------------


def _user_code(root: Path, value: str) -> Path:
    """A directory holding a module `usermodel` and a package `userpkg.net` that say `value`."""
    root.mkdir(parents=True)
    (root / "usermodel.py").write_text(f"VALUE = {value!r}\n")
    (root / "userpkg").mkdir()
    (root / "userpkg" / "__init__.py").write_text("")
    (root / "userpkg" / "net.py").write_text(f"VALUE = {value!r}\n")
    return root


def _import_user_code(argv: list[str]) -> int:
    """Fake command line: `DIR OUT`: imports user code from DIR, writes what it says to OUT."""
    directory, out = argv
    sys.path.insert(0, directory)
    import usermodel
    import userpkg.net

    Path(out).write_text(f"{usermodel.VALUE} {userpkg.net.VALUE}")
    return 0


def test_same_module_name_from_two_directories_gives_each_request_its_own_code(
    tmp_path: Path,
) -> None:
    first = _user_code(tmp_path / "first", "one")
    second = _user_code(tmp_path / "second", "two")
    out = tmp_path / "out.txt"
    for directory, expected in ((first, "one one"), (second, "two two"), (first, "one one")):
        code, output = isolated_run(_import_user_code, [str(directory), str(out)])
        assert (code, output) == (0, "")
        assert out.read_text() == expected
        for name in ("usermodel", "userpkg", "userpkg.net"):
            assert name not in sys.modules, f"{name} stayed loaded after the request"
        assert str(directory) not in sys.path


def test_a_user_submodule_of_a_kept_package_is_dropped_from_the_package_too(
    tmp_path: Path,
) -> None:
    kept, user = tmp_path / "kept", tmp_path / "user"
    (kept / "keptpkg").mkdir(parents=True)
    (kept / "keptpkg" / "__init__.py").write_text("")
    (user / "keptpkg").mkdir(parents=True)
    (user / "keptpkg" / "plugin.py").write_text("VALUE = 1\n")
    sys.path.insert(0, str(kept))
    try:
        import keptpkg

        def import_plugin(argv: list[str]) -> int:
            keptpkg.__path__.append(str(user / "keptpkg"))
            importlib.import_module("keptpkg.plugin")
            return 0

        roots = [*default_keep_roots(), kept.resolve()]
        assert isolated_run(import_plugin, [], keep_roots=roots) == (0, "")
        assert "keptpkg" in sys.modules
        assert "keptpkg.plugin" not in sys.modules
        assert not hasattr(keptpkg, "plugin")
    finally:
        sys.path.remove(str(kept))
        sys.modules.pop("keptpkg", None)


def test_library_modules_imported_during_a_request_stay_loaded(tmp_path: Path) -> None:
    # The worker's point: what comes from the venv or the standard library is imported once.
    for name in ("colorsys", "wave"):
        sys.modules.pop(name, None)

    def import_libraries(argv: list[str]) -> int:
        import colorsys  # noqa: F401
        import wave  # noqa: F401

        return 0

    assert isolated_run(import_libraries, []) == (0, "")
    assert "colorsys" in sys.modules and "wave" in sys.modules


# --- process state ------------------------------------------------------------------------


def _change_everything(argv: list[str]) -> int:
    """Fake command line that changes every piece of global state the worker must restore."""
    os.environ["M55ML_WORKER_TEST"] = "leaked"
    os.environ.pop("PATH", None)
    os.chdir(argv[0])
    os.umask(0o077)
    sys.path.insert(0, argv[0])
    sys.setrecursionlimit(sys.getrecursionlimit() + 123)
    logging.getLogger().addHandler(logging.StreamHandler())
    logging.getLogger().setLevel(logging.DEBUG)
    logging.getLogger("torch").setLevel(logging.DEBUG)
    logging.getLogger("m55ml_worker_test.created").addHandler(logging.StreamHandler())
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("error")
    torch.set_num_threads(torch.get_num_threads() + 1)
    torch.use_deterministic_algorithms(not torch.are_deterministic_algorithms_enabled())
    torch.set_default_dtype(torch.float64)
    torch.set_grad_enabled(False)
    torch.manual_seed(1234)
    random.seed(1234)
    numpy.random.seed(1234)
    return 0


def _observe() -> dict[str, object]:
    root = logging.getLogger()
    umask = os.umask(0o022)
    os.umask(umask)
    return {
        "environ": dict(os.environ),
        "cwd": os.getcwd(),
        "umask": umask,
        "sys.path": list(sys.path),
        "sys.argv": list(sys.argv),
        "recursion limit": sys.getrecursionlimit(),
        "root handlers": list(root.handlers),
        "root level": root.level,
        "torch logger level": logging.getLogger("torch").level,
        "logging.disable": logging.root.manager.disable,
        "warnings filters": list(warnings.filters),
        "torch threads": torch.get_num_threads(),
        "torch deterministic": torch.are_deterministic_algorithms_enabled(),
        "torch default dtype": torch.get_default_dtype(),
        "torch grad enabled": torch.is_grad_enabled(),
        "torch rng": torch.get_rng_state().tolist(),
        "random state": random.getstate(),
        "numpy rng": numpy.random.get_state()[1].tolist(),
    }


def test_every_piece_of_process_state_is_restored_after_a_request(tmp_path: Path) -> None:
    before = _observe()
    assert isolated_run(_change_everything, [str(tmp_path)]) == (0, "")
    after = _observe()
    for key, value in before.items():
        assert after[key] == value, f"{key} was not restored"
    assert logging.getLogger("m55ml_worker_test.created").handlers == []


def test_random_draws_are_the_same_in_every_request(tmp_path: Path) -> None:
    def draw(argv: list[str]) -> int:
        values = [random.random(), float(numpy.random.rand()), float(torch.rand(1))]
        Path(argv[0]).write_text(repr(values))
        return 0

    outputs = []
    for index in range(2):
        out = tmp_path / f"draw{index}.txt"
        assert isolated_run(draw, [str(out)]) == (0, "")
        outputs.append(out.read_text())
    assert outputs[0] == outputs[1]


# --- exit codes and output ------------------------------------------------------------------


def test_usage_errors_keep_their_exit_code() -> None:
    def usage_error(argv: list[str]) -> int:
        raise SystemExit(2)

    assert isolated_run(usage_error, []) == (2, "")


def test_sys_exit_with_a_message_answers_1_with_the_message() -> None:
    def exit_with_message(argv: list[str]) -> int:
        sys.exit("error: nothing to do")

    assert isolated_run(exit_with_message, []) == (1, "error: nothing to do\n")


def test_an_unexpected_exception_is_one_line_and_traceback_only_with_v() -> None:
    def crash(argv: list[str]) -> int:
        raise ValueError("the model returned a tuple")

    code, output = isolated_run(crash, ["export"])
    assert code == 1
    assert output == (
        "error: the exporter failed unexpectedly: ValueError: the model returned a tuple "
        "(add -v for the traceback)\n"
    )
    code, output = isolated_run(crash, ["-v", "export"])
    assert code == 1
    assert output.startswith(
        "error: the exporter failed unexpectedly: ValueError: the model returned a tuple\n"
        "Traceback (most recent call last):\n"
    )
    assert output.endswith("ValueError: the model returned a tuple\n")


def test_output_from_python_and_from_file_descriptors_goes_into_the_response() -> None:
    def chatty(argv: list[str]) -> int:
        print("print to stdout")
        os.write(1, b"write to fd 1\n")
        print("print to stderr", file=sys.stderr)
        os.write(2, b"write to fd 2\n")
        return 0

    code, output = isolated_run(chatty, [])
    assert code == 0
    assert output == "print to stdout\nwrite to fd 1\nprint to stderr\nwrite to fd 2\n"


# --- the wire protocol ----------------------------------------------------------------------

_FAKE_MAIN = textwrap.dedent(
    """
    import ctypes, os, sys
    from m55ml.worker import serve

    def main(argv):
        kind = argv[0]
        if kind == "chatty":
            print("python stdout")
            os.write(1, b"fd 1\\n")
            libc = ctypes.CDLL(None)
            libc.printf(b"C stdout\\n")  # buffered by libc: the worker must flush it
            return 0
        if kind == "stdin":
            return 0 if sys.stdin.read() == "" and os.read(0, 16) == b"" else 9
        if kind == "crash":
            raise RuntimeError("boom")
        return int(argv[1])

    sys.exit(serve(main=main, warm_up=False))
    """
)


def _fake_worker(tmp_path: Path) -> WorkerProcess:
    script = tmp_path / "fake_main.py"
    script.write_text(_FAKE_MAIN)
    env = {**os.environ, **ACTION_ENV, "PYTHONPATH": os.pathsep.join(sys.path)}
    return WorkerProcess([sys.executable, str(script)], tmp_path / "worker.log", env)


def test_protocol_answers_each_request_and_a_failure_does_not_poison_the_next(
    tmp_path: Path,
) -> None:
    with _fake_worker(tmp_path) as worker:
        first = worker.request(["chatty"], request_id=0)
        assert (first.exit_code, first.request_id) == (0, 0)
        assert sorted(first.output.splitlines()) == ["C stdout", "fd 1", "python stdout"]
        crash = worker.request(["crash"], request_id=7)
        assert (crash.exit_code, crash.request_id) == (1, 7)
        assert crash.output == (
            "error: the exporter failed unexpectedly: RuntimeError: boom "
            "(add -v for the traceback)\n"
        )
        assert worker.request(["code", "3"]).exit_code == 3
        assert worker.request(["code", "-1"]).exit_code == -1
        # The request's stdin is empty, not the protocol stream.
        assert worker.request(["stdin"]).exit_code == 0
        again = worker.request(["chatty"])
        assert (again.exit_code, again.output) == (first.exit_code, first.output)
        assert worker.close() == 0


@pytest.fixture(autouse=True)
def _no_leftover_user_modules() -> Iterator[None]:
    yield
    for name in ("usermodel", "userpkg", "userpkg.net"):
        sys.modules.pop(name, None)
