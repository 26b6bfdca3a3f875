"""Calibration samples and reference inputs from the files a PyTorch user has: .npz, .npy, .pt.

One array per model input, in forward()'s argument order:

- `.npz` (numpy.savez): arrays named after forward()'s parameters, or `input0`, `input1`, ...,
  or numpy's positional `arr_0`, `arr_1`, ...
- `.npy` (numpy.save): one array; single-input models only.
- `.pt` (torch.save; loaded with weights_only=True): a tensor (single input), a tuple or list
  of tensors (one per input), or a dict keyed like a .npz.

Calibration files hold S samples per input: each array is (S, *input shape). A reference-input
file holds exactly one input set: each array has the input's shape. Values are converted to
float32; anything else (integers, wrong shapes, missing inputs) is an error naming the file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from m55ml.errors import DataFileError

Inputs = tuple[torch.Tensor, ...]
SUFFIXES = (".npz", ".npy", ".pt")


def _arrays_by_key(path: Path) -> dict[str, object] | list[object]:
    suffix = path.suffix
    try:
        if suffix == ".npz":
            with np.load(path, allow_pickle=False) as archive:
                return {key: archive[key] for key in archive.files}
        if suffix == ".npy":
            return [np.load(path, allow_pickle=False)]
        if suffix == ".pt":
            loaded = torch.load(path, map_location="cpu", weights_only=True)
            if isinstance(loaded, torch.Tensor):
                return [loaded]
            if isinstance(loaded, (tuple, list)):
                return list(loaded)
            if isinstance(loaded, dict):
                return dict(loaded)
            raise DataFileError(
                f"{path.name} holds a {type(loaded).__name__}",
                "save a tensor, a tuple of tensors or a dict of tensors",
            )
    except DataFileError:
        raise
    except (OSError, ValueError, RuntimeError, EOFError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise DataFileError(
            f"cannot read {path.name} ({first})",
            f"write it with {'numpy.savez' if suffix == '.npz' else 'numpy.save' if suffix == '.npy' else 'torch.save'}",
        ) from err
    raise DataFileError(
        f"{path.name}: unsupported file type {suffix or '(none)'}",
        f"use one of {', '.join(SUFFIXES)}",
    )


def _pick(path: Path, found: dict[str, object] | list[object], names: list[str]) -> list[object]:
    count = len(names)
    if isinstance(found, list):
        if len(found) != count:
            raise DataFileError(
                f"{path.name} holds {len(found)} array(s), the model has {count} input(s)",
                "store one array per forward() argument, in order",
            )
        return found
    for keys in (names, [f"input{i}" for i in range(count)], [f"arr_{i}" for i in range(count)]):
        if all(key in found for key in keys):
            extra = sorted(set(found) - set(keys))
            if extra:
                raise DataFileError(
                    f"{path.name} has arrays the model does not take: {', '.join(extra)}",
                    f"keep only {', '.join(keys)}",
                )
            return [found[key] for key in keys]
    raise DataFileError(
        f"{path.name} has arrays {', '.join(sorted(found)) or '(none)'}; the model's inputs "
        f"are {', '.join(names)}",
        f"name the arrays {', '.join(names)} (or input0, input1, ...)",
    )


def _as_float_tensor(path: Path, index: int, value: object) -> torch.Tensor:
    tensor = value if isinstance(value, torch.Tensor) else torch.from_numpy(np.asarray(value))
    if not (tensor.is_floating_point()):
        raise DataFileError(
            f"{path.name}: input {index} is {tensor.dtype}, not a floating-point array",
            "store the float values the model takes (before any quantization)",
        )
    return tensor.detach().to(torch.float32).contiguous()


def _shape_text(shape: tuple[int, ...]) -> str:
    return "x".join(str(d) for d in shape) or "scalar"


def load_calibration(path: Path, names: list[str], shapes: list[tuple[int, ...]]) -> list[Inputs]:
    """S calibration samples, each a tuple shaped like the model's inputs."""
    arrays = [
        _as_float_tensor(path, i, a) for i, a in enumerate(_pick(path, _arrays_by_key(path), names))
    ]
    counts = set()
    for index, (array, shape) in enumerate(zip(arrays, shapes)):
        if tuple(array.shape[1:]) != tuple(shape) or array.dim() != len(shape) + 1:
            raise DataFileError(
                f"{path.name}: calibration input {index} ({names[index]}) is "
                f"{_shape_text(tuple(array.shape))}, expected S x {_shape_text(shape)}",
                "stack the samples along a new first axis, each shaped like the input",
            )
        counts.add(array.shape[0])
    if len(counts) != 1 or 0 in counts:
        raise DataFileError(
            f"{path.name}: the inputs hold different or zero sample counts ({sorted(counts)})",
            "give every input the same number of samples, at least one",
        )
    return [tuple(array[s] for array in arrays) for s in range(counts.pop())]


def load_reference_input(path: Path, names: list[str], shapes: list[tuple[int, ...]]) -> Inputs:
    arrays = [
        _as_float_tensor(path, i, a) for i, a in enumerate(_pick(path, _arrays_by_key(path), names))
    ]
    for index, (array, shape) in enumerate(zip(arrays, shapes)):
        if tuple(array.shape) != tuple(shape):
            raise DataFileError(
                f"{path.name}: reference input {index} ({names[index]}) is "
                f"{_shape_text(tuple(array.shape))}, expected {_shape_text(shape)}",
                "store exactly one input set, each array shaped like the input",
            )
    return tuple(arrays)


def check_data_path(path: Path, role: str) -> None:
    """Fails fast (before torch starts) on a missing or unsupported file."""
    if path.suffix not in SUFFIXES:
        raise DataFileError(
            f"{role} file {path.name} is not one of {', '.join(SUFFIXES)}",
            "save it with numpy.savez, numpy.save or torch.save",
        )
    if not path.is_file():
        raise DataFileError(f"{role} file {path} does not exist", "check the path")
