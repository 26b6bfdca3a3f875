"""Command line: `python -m m55ml export --model-entry pkg.module:build --pte OUT.pte ...`.

Heavy imports (torch, executorch) happen after argument parsing, so `--help` and usage errors
are instant, and after the environment is made hermetic (see _isolate_environment).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import sys
import tempfile
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path

from m55ml.libraries import import_libraries

# Library loggers that report on their own internals (optional CUDA kernels that do not
# load, deprecation notices, whole graphs when a trace fails): noise in every build log. Without
# -v they are silenced; a failure still reaches the user as the exporter's one-line error.
_NOISY_LOGGERS = ("torch", "torchao", "executorch")


def _parse_shape(text: str) -> tuple[int, ...]:
    try:
        shape = tuple(int(part) for part in text.replace("x", ",").split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid shape {text!r}: expected comma-separated integers like 1,3,224,224"
        ) from None
    if not shape or any(d <= 0 for d in shape):
        raise argparse.ArgumentTypeError(f"invalid shape {text!r}: sizes must be positive")
    return shape


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m m55ml",
        description="Export a PyTorch model to a Cortex-M ExecuTorch .pte",
        # Bazel passes long command lines in a params file: @path reads arguments from it.
        fromfile_prefix_chars="@",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    export = commands.add_parser("export", help="export one model and its reference files",
                                 fromfile_prefix_chars="@")
    export.add_argument("-v", "--verbose", action="store_true", help="library logs, tracebacks")
    source = export.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--model-entry",
        metavar="MODULE:FUNCTION",
        help="function that builds the model, e.g. examples.residual_cnn.model:build",
    )
    source.add_argument(
        "--model-file",
        type=Path,
        help="a .py file defining ModelUnderTest and ModelInputs (ExecuTorch's aot_arm_compiler "
        "convention)",
    )
    export.add_argument(
        "--python-path",
        action="append",
        default=[],
        metavar="DIR",
        help="import root for --model-entry (repeatable; default: the working directory)",
    )
    export.add_argument("--name", help="model name for messages and the manifest")
    export.add_argument("--target", default="cortex-m55", help="cortex-m<variant> (default m55)")
    export.add_argument(
        "--input-shape",
        action="append",
        type=_parse_shape,
        metavar="D0,D1,...",
        help="shape of each input, in forward() order (repeat per input); default: the "
        "model's example inputs",
    )
    export.add_argument(
        "--calibration", type=Path, help="calibration samples (.npz, .npy or .pt)"
    )
    export.add_argument(
        "--reference-input", type=Path, help="the input the firmware test feeds (.npz/.npy/.pt)"
    )
    export.add_argument(
        "--int8-io",
        action="store_true",
        help="int8 inputs and outputs: the application quantizes (manifest has the parameters)",
    )
    export.add_argument("--pte", type=Path, required=True, help="output .pte")
    export.add_argument("--manifest", type=Path, required=True, help="output manifest.json")
    export.add_argument(
        "--input-bin",
        type=Path,
        required=True,
        help="output: reference inputs, program layout and dtype, back to back",
    )
    export.add_argument(
        "--reference-output-bin",
        type=Path,
        required=True,
        help="output: reference outputs, back to back",
    )
    export.add_argument(
        "--device-reference-output-bin",
        type=Path,
        help="output: reference outputs with CMSIS-NN average-pool rounding (the device's target)",
    )
    export.add_argument("--eval-inputs-bin", type=Path, help="output: evaluation inputs")
    export.add_argument("--eval-labels-bin", type=Path, help="output: evaluation labels, uint8")
    export.add_argument(
        "--allow-portable-fallback",
        action="store_true",
        help="keep ops that do not lower to cortex_m:: as portable kernels instead of failing",
    )
    export.add_argument(
        "--scratch-home",
        action="store_true",
        help="point HOME and cache directories at a temporary directory (for build actions)",
    )

    imported = commands.add_parser(
        "import-pte",
        help="describe an existing .pte (exported elsewhere) for the firmware rules",
        fromfile_prefix_chars="@",
    )
    imported.add_argument("-v", "--verbose", action="store_true", help="library logs, tracebacks")
    imported.add_argument("--pte", type=Path, required=True, help="the program")
    imported.add_argument("--target", required=True, help="cortex-m<variant> it was exported for")
    imported.add_argument("--name", help="program name for messages and the manifest")
    imported.add_argument("--reference-input", type=Path, help="raw inputs, back to back")
    imported.add_argument("--reference-output", type=Path, help="raw expected outputs")
    imported.add_argument("--manifest", type=Path, required=True, help="output manifest.json")
    imported.add_argument(
        "--input-bin", type=Path, required=True, help="output: the inputs (zeros if not given)"
    )
    imported.add_argument(
        "--reference-output-bin", type=Path, help="output: the checked reference output"
    )
    return parser


@contextlib.contextmanager
def _isolate_environment(enabled: bool) -> Iterator[None]:
    """Keep torch & co. from reading or writing the user's home and caches during a build."""
    if not enabled:
        yield
        return
    with tempfile.TemporaryDirectory(prefix="m55ml-home-") as home:
        for var in ("HOME", "XDG_CACHE_HOME", "TORCH_HOME", "TORCHINDUCTOR_CACHE_DIR"):
            os.environ[var] = home
        yield


def _drop_library_chatter(record: logging.LogRecord) -> bool:
    noisy = record.name.split(".")[0] in _NOISY_LOGGERS
    return not noisy or record.levelno >= logging.CRITICAL


def _quiet_libraries(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    if verbose:
        return
    # torch configures its loggers when imported; import it first so our levels stick.
    import_libraries("torch")

    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # Some library modules pin their own logger's level, which beats the parent's: filter
    # at the handler too.
    for handler in logging.getLogger().handlers:
        handler.addFilter(_drop_library_chatter)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module=r"torch(ao)?\.")


@contextlib.contextmanager
def _library_output(verbose: bool) -> Iterator[None]:
    """Without -v, what libraries print while they work (torch prints whole graphs when a trace
    fails) is dropped: the result is the exporter's own line, or nothing."""
    if verbose:
        yield
        return
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        yield


def _output_paths(args: argparse.Namespace) -> dict[str, Path]:
    flags = {
        "--pte": args.pte,
        "--manifest": args.manifest,
        "--input-bin": args.input_bin,
        "--reference-output-bin": args.reference_output_bin,
        "--device-reference-output-bin": args.device_reference_output_bin,
        "--eval-inputs-bin": args.eval_inputs_bin,
        "--eval-labels-bin": args.eval_labels_bin,
    }
    return {flag: path for flag, path in flags.items() if path is not None}


def _request(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from m55ml.export.model_export import ExportRequest

    return ExportRequest(
        entry=args.model_entry,
        python_path=tuple(args.python_path or ["."]),
        model_file=args.model_file,
        name=args.name,
        target=args.target,
        input_shapes=tuple(args.input_shape) if args.input_shape else None,
        calibration=args.calibration,
        reference_input=args.reference_input,
        int8_io=args.int8_io,
        allow_portable_fallback=args.allow_portable_fallback,
        write_eval_set=args.eval_inputs_bin is not None,
    )


def _run_export(args: argparse.Namespace) -> None:
    from m55ml.errors import ExportError
    from m55ml.export.outputs import check_output_paths, write_atomically
    from m55ml.export.stages import stage

    request = _request(args)
    name = request.model_name
    if (args.eval_inputs_bin is None) != (args.eval_labels_bin is None):
        raise ExportError(name, "request", "--eval-inputs-bin and --eval-labels-bin go together",
                          "pass both, or neither")
    with stage(name, "write"):
        # Before any work: an export of minutes must not fail at its last step.
        check_output_paths(_output_paths(args))

    import torch

    from m55ml.export.model_export import export_model

    # One thread: reproducible float reductions (training, calibration) and fair timings.
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    artifacts = export_model(request)
    files = {
        args.pte: artifacts.pte,
        args.manifest: artifacts.manifest,
        args.input_bin: artifacts.input_bin,
        args.reference_output_bin: artifacts.reference_output_bin,
    }
    if args.device_reference_output_bin is not None:
        files[args.device_reference_output_bin] = artifacts.device_reference_output_bin
    if artifacts.eval_inputs_bin is not None and artifacts.eval_labels_bin is not None:
        files[args.eval_inputs_bin] = artifacts.eval_inputs_bin
        files[args.eval_labels_bin] = artifacts.eval_labels_bin
    with stage(name, "write"):
        write_atomically(files)


def _run_import(args: argparse.Namespace) -> None:
    import_libraries("m55ml.export.imported")  # ExecuTorch's program reader
    from m55ml.errors import ExportError
    from m55ml.export.imported import import_program
    from m55ml.export.outputs import check_output_paths, write_atomically
    from m55ml.export.stages import stage

    name = args.name or args.pte.stem
    if (args.reference_output is None) != (args.reference_output_bin is None):
        raise ExportError(name, "request", "--reference-output and --reference-output-bin go "
                          "together", "pass both, or neither")
    outputs = {"--manifest": args.manifest, "--input-bin": args.input_bin}
    if args.reference_output_bin is not None:
        outputs["--reference-output-bin"] = args.reference_output_bin
    with stage(name, "write"):
        check_output_paths(outputs)
    with stage(name, "read"):
        for path in (args.pte, args.reference_input, args.reference_output):
            if path is not None and not path.is_file():
                raise FileNotFoundError(f"{path} does not exist")
        program = import_program(
            args.pte, args.target, name, args.reference_input, args.reference_output
        )
    files = {args.manifest: program.manifest, args.input_bin: program.input_bin}
    if program.reference_output_bin is not None:
        files[args.reference_output_bin] = program.reference_output_bin
    with stage(name, "write"):
        write_atomically(files)


def main(argv: list[str]) -> int:
    parser = build_parser()
    # `@file` reads arguments from a file, one per line: the params file Bazel hands the
    # one-shot action (the persistent worker gets the same lines in each request).
    parser.fromfile_prefix_chars = "@"
    args = parser.parse_args(argv)
    # Isolate first: torch may look at HOME while it is being imported.
    with _isolate_environment(getattr(args, "scratch_home", False)):
        _quiet_libraries(args.verbose)
        from m55ml.errors import M55mlError

        try:
            with _library_output(args.verbose):
                if args.command == "export":
                    _run_export(args)
                else:
                    _run_import(args)
        except M55mlError as err:
            if args.verbose:
                traceback.print_exception(err.__cause__ or err, file=sys.stderr)
            print(f"error: {err}", file=sys.stderr)
            return 1
    return 0
