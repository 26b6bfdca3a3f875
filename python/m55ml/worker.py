"""Bazel persistent worker for the PteExport action: torch and ExecuTorch are imported once.

Bazel starts `export_cli --persistent_worker` (see __main__.py) when the action runs with the
`worker` strategy, then sends one WorkRequest per export on stdin and reads one WorkResponse per
request on stdout. A request's arguments are the lines of the action's params file, exactly what
the one-shot action reads from `@file`, and each request runs `m55ml.cli.main(arguments)`, so
the worker follows the command line as it grows.

Wire format: Bazel 4.2.3's default worker protocol, protocol buffers (`blaze.worker` in Bazel's
src/main/protobuf/worker_protocol.proto), each message preceded by its size as a varint. The
messages are built from a descriptor declared below and read and written with
google.protobuf's own length-prefixed helpers; nothing is hand-encoded. (Bazel 4.2.3 also has a
JSON protocol, but only behind --experimental_worker_allow_json_protocol.)

Every request must give the bytes a fresh `python -m m55ml export` gives, whatever ran before
it, so `isolated_run` puts the process back as it was after each request (see ProcessState for
the list), and a failing request answers with its exit code and one-line message without
touching the next one. Nothing is written to the real stdout but responses: the request's own
stdout and stderr, Python's and C libraries' alike, go into the response's `output`.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import io
import linecache
import logging
import os
import random
import shutil
import sys
import sysconfig
import tempfile
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from m55ml.export import reuse

# What the worker imports before its first request: what every export needs. A name that no
# longer exists only costs the first request its import time (the worker says so in its log).
WARM_IMPORTS = (
    "torch",
    "executorch.exir",
    "executorch.backends.cortex_m.passes.cortex_m_pass_manager",
    "executorch.backends.cortex_m.quantizer.quantizer",
    "m55ml.cli",
    "m55ml.export.model_export",
    "m55ml.export.pipeline",
    "m55ml.export.imported",  # import-pte (PteImport)
)

# Process environment variables that point torch & co. at the user's home and caches; the
# worker points them at its own scratch directory for its lifetime, as --scratch-home does
# for one export.
_HOME_VARIABLES = ("HOME", "XDG_CACHE_HOME", "TORCH_HOME", "TORCHINDUCTOR_CACHE_DIR")

Main = Callable[[list[str]], int]


# --- wire format ---------------------------------------------------------------------------


def protocol_messages() -> tuple[type, type]:
    """(WorkRequest, WorkResponse) classes for Bazel's worker protocol (package blaze.worker)."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    field_type = descriptor_pb2.FieldDescriptorProto
    single, repeated = field_type.LABEL_OPTIONAL, field_type.LABEL_REPEATED
    # name: [(field, number, type, label, message type)], as in worker_protocol.proto.
    schema = {
        "Input": [
            ("path", 1, field_type.TYPE_STRING, single, None),
            ("digest", 2, field_type.TYPE_BYTES, single, None),
        ],
        "WorkRequest": [
            ("arguments", 1, field_type.TYPE_STRING, repeated, None),
            ("inputs", 2, field_type.TYPE_MESSAGE, repeated, ".blaze.worker.Input"),
            ("request_id", 3, field_type.TYPE_INT32, single, None),
            ("cancel", 4, field_type.TYPE_BOOL, single, None),
        ],
        "WorkResponse": [
            ("exit_code", 1, field_type.TYPE_INT32, single, None),
            ("output", 2, field_type.TYPE_STRING, single, None),
            ("request_id", 3, field_type.TYPE_INT32, single, None),
            ("was_cancelled", 4, field_type.TYPE_BOOL, single, None),
        ],
    }
    proto_file = descriptor_pb2.FileDescriptorProto(
        name="m55ml/worker_protocol.proto", package="blaze.worker", syntax="proto3"
    )
    for message_name, fields in schema.items():
        message = proto_file.message_type.add(name=message_name)
        for name, number, kind, label, type_name in fields:
            entry = message.field.add(name=name, number=number, type=kind, label=label)
            if type_name:
                entry.type_name = type_name
    # A pool of our own: no clash with anything else that registers blaze.worker.
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto_file)
    return (
        message_factory.GetMessageClass(pool.FindMessageTypeByName("blaze.worker.WorkRequest")),
        message_factory.GetMessageClass(pool.FindMessageTypeByName("blaze.worker.WorkResponse")),
    )


def read_request(stream: BinaryIO, request_class: type) -> Any | None:
    """The next WorkRequest from a buffered binary stream, or None at end of input."""
    from google.protobuf import proto

    return proto.parse_length_prefixed(request_class, stream)


def write_message(stream: BinaryIO, message: Any) -> None:
    from google.protobuf import proto

    proto.serialize_length_prefixed(message, stream)
    stream.flush()


# --- process state -------------------------------------------------------------------------


@dataclass
class _LoggerState:
    level: int
    propagate: bool
    disabled: bool
    handlers: list[logging.Handler]
    filters: list[Any]


@dataclass
class ProcessState:
    """What one in-process run of a command line can change and must not hand to the next.

    Restored exactly: os.environ, the working directory, umask, sys.argv, sys.path,
    sys.meta_path, sys.path_hooks, sys.path_importer_cache, the recursion limit; every logger
    that existed (level, handlers, filters, propagate, disabled) and logging.disable; the RNG
    states of random, numpy and torch; torch's thread count, deterministic-algorithms flags,
    default dtype, grad mode, float32 matmul precision, quantized engine and every loaded
    torch config module (dynamo, inductor, ...), and dynamo's caches are reset. Warnings
    filters are restored by warnings.catch_warnings around the run.

    Dropped: modules imported during the run from outside `keep_roots` (the interpreter's
    standard library and site-packages, and the m55ml package), so a second run that imports
    the same module name from another directory gets its own code; loggers created during the
    run lose the handlers and filters the run gave them. Modules from the kept roots stay
    loaded: that is the worker's point.
    """

    environ: dict[str, str]
    cwd: str
    umask: int
    argv: list[str]
    path: list[str]
    meta_path: list[Any]
    path_hooks: list[Any]
    path_importer_cache: dict[str, Any]
    recursion_limit: int
    modules: frozenset[str]
    loggers: dict[str, _LoggerState]
    logging_disable: int
    random_state: object
    numpy_state: object | None = None
    torch_state: dict[str, Any] = field(default_factory=dict)


def default_keep_roots() -> list[Path]:
    """Where modules that may stay loaded between requests live: Python's own and the venv's
    libraries, and this package."""
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    roots = {Path(sysconfig.get_paths()[name]).resolve() for name in names}
    roots.add(Path(__file__).resolve().parent)
    return sorted(roots)


def _all_loggers() -> dict[str, logging.Logger]:
    loggers = {
        name: logger
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    loggers[""] = logging.getLogger()
    return loggers


def _logger_state(logger: logging.Logger) -> _LoggerState:
    return _LoggerState(
        level=logger.level,
        propagate=logger.propagate,
        disabled=logger.disabled,
        handlers=list(logger.handlers),
        filters=list(logger.filters),
    )


def _torch_config_modules() -> dict[str, Any]:
    # torch's config modules (torch._dynamo.config, torch._inductor.config, ...) can copy and
    # load their whole state; only the ones already imported are captured.
    config_module = sys.modules.get("torch.utils._config_module")
    if config_module is None:
        return {}
    kind = config_module.ConfigModule
    return {
        name: module
        for name, module in list(sys.modules.items())
        if isinstance(module, kind) and hasattr(module, "get_config_copy")
    }


def _capture_torch() -> dict[str, Any]:
    torch = sys.modules.get("torch")
    if torch is None:
        return {}
    return {
        "rng": torch.get_rng_state(),
        "num_threads": torch.get_num_threads(),
        "deterministic": torch.are_deterministic_algorithms_enabled(),
        "deterministic_warn_only": torch.is_deterministic_algorithms_warn_only_enabled(),
        "default_dtype": torch.get_default_dtype(),
        "grad_enabled": torch.is_grad_enabled(),
        "matmul_precision": torch.get_float32_matmul_precision(),
        "quantized_engine": torch.backends.quantized.engine,
        "configs": {
            name: module.get_config_copy() for name, module in _torch_config_modules().items()
        },
    }


def _restore_torch(state: dict[str, Any]) -> None:
    torch = sys.modules.get("torch")
    if torch is None or not state:
        return
    dynamo = sys.modules.get("torch._dynamo")
    if dynamo is not None:
        dynamo.reset()
    torch.set_rng_state(state["rng"])
    torch.set_num_threads(state["num_threads"])
    torch.use_deterministic_algorithms(
        state["deterministic"], warn_only=state["deterministic_warn_only"]
    )
    torch.set_default_dtype(state["default_dtype"])
    torch.set_grad_enabled(state["grad_enabled"])
    torch.set_float32_matmul_precision(state["matmul_precision"])
    torch.backends.quantized.engine = state["quantized_engine"]
    modules = _torch_config_modules()
    for name, saved in state["configs"].items():
        if name not in modules:
            continue
        # Only what changed: loading every key would also set (and warn about) deprecated ones.
        current = modules[name].get_config_copy()
        changed = {key: value for key, value in saved.items() if current.get(key) != value}
        if changed:
            modules[name].load_config(changed)


def capture_state() -> ProcessState:
    numpy = sys.modules.get("numpy")
    umask = os.umask(0o022)
    os.umask(umask)
    return ProcessState(
        environ=dict(os.environ),
        cwd=os.getcwd(),
        umask=umask,
        argv=list(sys.argv),
        path=list(sys.path),
        meta_path=list(sys.meta_path),
        path_hooks=list(sys.path_hooks),
        path_importer_cache=dict(sys.path_importer_cache),
        recursion_limit=sys.getrecursionlimit(),
        modules=frozenset(sys.modules),
        loggers={name: _logger_state(logger) for name, logger in _all_loggers().items()},
        logging_disable=logging.root.manager.disable,
        random_state=random.getstate(),
        numpy_state=numpy.random.get_state() if numpy is not None else None,
        torch_state=_capture_torch(),
    )


def _module_locations(module: Any) -> list[str]:
    locations = []
    location = getattr(module, "__file__", None)
    if isinstance(location, str):
        locations.append(location)
    search_path = getattr(module, "__path__", None)
    with contextlib.suppress(TypeError):
        locations += [entry for entry in search_path or () if isinstance(entry, str)]
    return locations


def _is_under(location: str, roots: Iterable[Path]) -> bool:
    path = Path(location).resolve()
    return any(path == root or root in path.parents for root in roots)


def drop_new_modules(before: frozenset[str], keep_roots: Sequence[Path]) -> list[str]:
    """Forgets modules imported since `before` from outside `keep_roots`; returns their names.

    A module without a file (built in, or made at run time) goes with the package it belongs to.
    """
    new = [name for name in sys.modules if name not in before]
    dropped = {
        name
        for name in new
        if any(not _is_under(loc, keep_roots) for loc in _module_locations(sys.modules[name]))
    }
    dropped |= {
        name for name in new if any(name.startswith(parent + ".") for parent in dropped)
    }
    for name in sorted(dropped, reverse=True):
        module = sys.modules.pop(name)
        # `import pkg.sub` also set `pkg.sub`: a kept parent must not hand the old one out.
        parent_name, _, child = name.rpartition(".")
        parent = sys.modules.get(parent_name)
        if parent is not None and getattr(parent, child, None) is module:
            with contextlib.suppress(AttributeError, TypeError):
                delattr(parent, child)
    return sorted(dropped)


def _restore_logging(state: ProcessState, dropped: Sequence[str]) -> None:
    for name, logger in _all_loggers().items():
        saved = state.loggers.get(name)
        if saved is None:
            # Created during the run: keep the level its library gave it at import time, drop
            # whatever the run attached to it.
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            logger.filters = []
            if any(name == module or name.startswith(module + ".") for module in dropped):
                logger.setLevel(logging.NOTSET)
            continue
        for handler in logger.handlers:
            if handler not in saved.handlers:
                handler.close()
        logger.handlers = list(saved.handlers)
        logger.filters = list(saved.filters)
        logger.propagate = saved.propagate
        logger.disabled = saved.disabled
        if logger.level != saved.level:
            logger.setLevel(saved.level)  # also clears the manager's level cache
    logging.disable(state.logging_disable)


def restore_state(state: ProcessState, keep_roots: Sequence[Path]) -> list[str]:
    """Puts the process back as `state` found it; returns the names of the dropped modules."""
    os.chdir(state.cwd)
    os.environ.clear()
    os.environ.update(state.environ)
    os.umask(state.umask)
    sys.argv[:] = state.argv
    sys.path[:] = state.path
    sys.meta_path[:] = state.meta_path
    sys.path_hooks[:] = state.path_hooks
    sys.path_importer_cache.clear()
    sys.path_importer_cache.update(state.path_importer_cache)
    sys.setrecursionlimit(state.recursion_limit)
    dropped = drop_new_modules(state.modules, keep_roots)
    importlib.invalidate_caches()
    linecache.clearcache()
    _restore_logging(state, dropped)
    random.setstate(state.random_state)
    numpy = sys.modules.get("numpy")
    if numpy is not None and state.numpy_state is not None:
        numpy.random.set_state(state.numpy_state)
    _restore_torch(state.torch_state)
    gc.collect()
    return dropped


# --- one request ---------------------------------------------------------------------------


@contextlib.contextmanager
def _captured_output() -> Iterator[io.StringIO]:
    """Sends stdout and stderr (Python's objects and file descriptors 1 and 2) to one buffer.

    The StringIO yielded is filled when the block ends. stdin reads as empty meanwhile.
    """
    with tempfile.TemporaryFile() as sink:
        saved_fds = {fd: os.dup(fd) for fd in (0, 1, 2)}
        saved_streams = (sys.stdin, sys.stdout, sys.stderr)
        text = io.TextIOWrapper(
            open(os.dup(sink.fileno()), "wb", buffering=0),  # noqa: SIM115 (closed below)
            encoding="utf-8",
            errors="backslashreplace",
            write_through=True,
        )
        devnull = os.open(os.devnull, os.O_RDONLY)
        captured = io.StringIO()
        try:
            os.dup2(devnull, 0)
            os.dup2(sink.fileno(), 1)
            os.dup2(sink.fileno(), 2)
            sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (closed below)
            sys.stdout = sys.stderr = text
            yield captured
        finally:
            text.flush()
            # C libraries buffer stdout themselves: push it out while it still lands here.
            with contextlib.suppress(OSError, AttributeError):
                ctypes.CDLL(None).fflush(None)
            sys.stdin.close()
            sys.stdin, sys.stdout, sys.stderr = saved_streams
            for fd, saved in saved_fds.items():
                os.dup2(saved, fd)
                os.close(saved)
            os.close(devnull)
            text.close()
            sink.seek(0)
            captured.write(sink.read().decode("utf-8", errors="backslashreplace"))


def _exit_code(exit_request: SystemExit) -> int:
    code = exit_request.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # sys.exit("message"): Python prints it and exits 1
    return 1


def isolated_run(
    main: Main, arguments: list[str], keep_roots: Sequence[Path] | None = None
) -> tuple[int, str]:
    """Runs `main(arguments)` in this process and undoes its effects: (exit code, output).

    Reusable for any command line with a `main(argv) -> int`. SystemExit (argparse's usage
    errors) becomes its exit code; any other exception becomes exit code 1 and one line
    `error: ...` (with the traceback after it when the arguments include -v/--verbose).
    """
    roots = default_keep_roots() if keep_roots is None else list(keep_roots)
    verbose = "-v" in arguments or "--verbose" in arguments
    state = capture_state()
    try:
        with _captured_output() as output, warnings.catch_warnings():
            sys.argv[:] = [state.argv[0] if state.argv else "m55ml", *arguments]
            try:
                exit_code = main(list(arguments))
            except SystemExit as exit_request:
                exit_code = _exit_code(exit_request)
            except Exception as err:  # noqa: BLE001 (the worker must answer, not die)
                exit_code = 1
                print(
                    f"error: the exporter failed unexpectedly: {type(err).__name__}: {err}"
                    + ("" if verbose else " (add -v for the traceback)"),
                    file=sys.stderr,
                )
                if verbose:
                    traceback.print_exc(file=sys.stderr)
    finally:
        restore_state(state, roots)
    return int(exit_code), output.getvalue()


# --- the worker loop -----------------------------------------------------------------------


def _warm_up(log: io.TextIOBase) -> None:
    # The collector sleeps while the libraries import (m55ml.libraries); _freeze_heap wakes it.
    gc.disable()
    for name in WARM_IMPORTS:
        try:
            importlib.import_module(name)
        except ImportError as err:
            print(f"m55ml worker: warm-up import of {name} failed ({err})", file=log, flush=True)


def _freeze_heap() -> None:
    """Moves every object alive now (modules, caches: what stays between requests) out of the
    garbage collector's reach. The collection after each request then looks only at what the
    request made: 0.03 s instead of 0.3 s with torch and ExecuTorch loaded."""
    gc.collect()
    gc.freeze()
    gc.enable()


def _default_main(arguments: list[str]) -> int:
    from m55ml.cli import main

    return main(arguments)


def serve(main: Main = _default_main, warm_up: bool = True) -> int:
    """Answers WorkRequests on stdin until it closes. Returns the process exit code."""
    request_class, response_class = protocol_messages()
    # Keep the protocol's streams to ourselves: file descriptor 1 now goes to stderr (Bazel's
    # worker log), so a stray print between requests cannot corrupt a response.
    requests = os.fdopen(os.dup(0), "rb")
    responses = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    home = tempfile.mkdtemp(prefix="m55ml-worker-home-")
    try:
        # For the worker's lifetime, as --scratch-home does for one export: what torch reads
        # or caches from HOME at import time points here, not at a user's home.
        for variable in _HOME_VARIABLES:
            os.environ[variable] = home
        if warm_up:
            _warm_up(sys.stderr)
        _freeze_heap()
        while True:
            request = read_request(requests, request_class)
            if request is None:
                return 0
            if request.cancel:
                continue  # cancellation is not advertised; a late cancel has nothing to stop
            digest = reuse.inputs_digest((i.path, i.digest) for i in request.inputs)
            with reuse.request_inputs(digest) as reused:
                exit_code, output = isolated_run(main, list(request.arguments))
            for what in reused:
                # The worker's log (stderr), not the response: the action's output stays what
                # a one-shot export prints.
                print(f"m55ml worker: {what}: started from the "
                      "kept target-independent stages (export.reuse)", file=sys.stderr, flush=True)
            write_message(
                responses,
                response_class(
                    exit_code=exit_code, output=output, request_id=request.request_id
                ),
            )
            _freeze_heap()
    finally:
        shutil.rmtree(home, ignore_errors=True)
