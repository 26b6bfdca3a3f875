"""Command line: `python -m m55ml export --model mv2 --pte OUT.pte ...` and `list-models`.

Heavy imports (torch, executorch) happen after argument parsing, so `--help` and usage errors
are instant, and after the environment is made hermetic (see _isolate_environment).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

# Library loggers that report on their own internals (optional CUDA kernels that do not
# load, deprecation notices) at WARNING: noise in every build log.
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
        prog="python -m m55ml", description="Export PyTorch models to Cortex-M ExecuTorch .pte"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show library logs")
    commands = parser.add_subparsers(dest="command", required=True)

    export = commands.add_parser("export", help="export one model and its reference files")
    export.add_argument("--model", required=True, help="registered model name (see list-models)")
    export.add_argument("--target", default="cortex-m55", help="cortex-m<variant> (default m55)")
    export.add_argument(
        "--input-shape", type=_parse_shape, help="N,C,H,W (default: the model's own)"
    )
    export.add_argument("--pte", type=Path, required=True, help="output .pte")
    export.add_argument("--manifest", type=Path, required=True, help="output manifest.json")
    export.add_argument(
        "--input-bin", type=Path, required=True, help="output: reference input, program layout"
    )
    export.add_argument(
        "--reference-output-bin", type=Path, required=True, help="output: reference output"
    )
    export.add_argument(
        "--device-reference-output-bin",
        type=Path,
        help="output: reference output with CMSIS-NN average-pool rounding (the device's target)",
    )
    export.add_argument("--eval-inputs-bin", type=Path, help="output: eval inputs (digits)")
    export.add_argument("--eval-labels-bin", type=Path, help="output: eval labels, uint8")
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

    commands.add_parser("list-models", help="print the registered models")
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
    return not noisy or record.levelno >= logging.ERROR


def _quiet_libraries(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    if verbose:
        return
    # torch configures its loggers when imported; import it first so our levels stick.
    import torch  # noqa: F401

    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    # Some library modules pin their own logger's level, which beats the parent's: filter
    # at the handler too.
    for handler in logging.getLogger().handlers:
        handler.addFilter(_drop_library_chatter)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module=r"torch(ao)?\.")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _run_export(args: argparse.Namespace) -> None:
    import torch

    from m55ml.errors import EvalSetError
    from m55ml.export.model_export import ExportRequest, export_model

    if (args.eval_inputs_bin is None) != (args.eval_labels_bin is None):
        raise EvalSetError("pass both --eval-inputs-bin and --eval-labels-bin, or neither")
    # One thread: reproducible float reductions (training, calibration) and fair timings.
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    artifacts = export_model(
        ExportRequest(
            model=args.model,
            target=args.target,
            input_shape=args.input_shape,
            allow_portable_fallback=args.allow_portable_fallback,
            write_eval_set=args.eval_inputs_bin is not None,
        )
    )
    _write(args.pte, artifacts.pte)
    _write(args.manifest, artifacts.manifest)
    _write(args.input_bin, artifacts.input_bin)
    _write(args.reference_output_bin, artifacts.reference_output_bin)
    if args.device_reference_output_bin is not None:
        _write(args.device_reference_output_bin, artifacts.device_reference_output_bin)
    if artifacts.eval_inputs_bin is not None and artifacts.eval_labels_bin is not None:
        _write(args.eval_inputs_bin, artifacts.eval_inputs_bin)
        _write(args.eval_labels_bin, artifacts.eval_labels_bin)


def _list_models() -> None:
    from m55ml.models import MODELS

    for spec in MODELS.values():
        print(f"{spec.name:8} {spec.input.describe():40} {spec.description}")


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
            if args.command == "export":
                _run_export(args)
            else:
                _list_models()
        except M55mlError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
    return 0
