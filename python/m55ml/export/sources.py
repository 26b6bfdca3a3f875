"""Where a model comes from: an entry point in the user's package, or a standalone model file.

- `--model-entry pkg.module:function` (what `pte_model(model = ..., entry = ...)` passes): the
  module is imported with the model's import roots (`--python-path`) first on sys.path, and the
  function is called to build the model (see m55ml.api for what it may return).
- `--model-file path/to/model.py`, as ExecuTorch's aot_arm_compiler takes it: the file defines
  `ModelUnderTest` (an nn.Module, or a class to instantiate) and `ModelInputs` (a tuple of example
  tensors, or one tensor).

Both end as a `ModelExport` with example inputs of known shapes.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import sys
from collections.abc import Callable
from pathlib import Path

import torch
from torch import nn

from m55ml.api import ModelExport
from m55ml.errors import InputShapeError, ModelSourceError, UsageError

_ENTRY = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
Shape = tuple[int, ...]


def parse_entry(entry: str) -> tuple[str, str]:
    if not _ENTRY.match(entry):
        raise UsageError(
            f"entry point {entry!r} is not of the form package.module:function",
            "name the module as it is imported and the function that builds the model, e.g. "
            "examples.residual_cnn.model:build",
        )
    module, function = entry.split(":")
    return module, function


def add_import_roots(python_path: list[str]) -> None:
    """Puts the model's import roots first on sys.path (relative roots from the working dir)."""
    for root in reversed(python_path):
        resolved = str(Path(root).resolve())
        if resolved not in sys.path:
            sys.path.insert(0, resolved)


def load_entry(entry: str, python_path: list[str]) -> Callable[..., object]:
    module_name, function_name = parse_entry(entry)
    add_import_roots(python_path)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name and module_name.startswith(err.name):
            raise ModelSourceError(
                f"cannot import {module_name!r} (no module named {err.name!r}; "
                f"import roots: {', '.join(python_path) or 'none'})",
                "spell the entry's module as it is imported from the workspace root (or a "
                "py_library `imports` root) and list its file in the model's py_library",
            ) from err
        raise ModelSourceError(
            f"{module_name!r} imports {err.name!r}, which is not available",
            "add the py_library that provides it to the model's deps (a third-party package: "
            "to python/requirements.lock)",
        ) from err
    function = getattr(module, function_name, None)
    if function is None or not callable(function):
        raise ModelSourceError(
            f"{module_name!r} has no function {function_name!r}",
            "point the entry at the function that returns the model",
        )
    return function


def _takes_input_shapes(function: Callable[..., object]) -> bool:
    try:
        return "input_shapes" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def call_entry(function: Callable[..., object], input_shapes: list[Shape] | None) -> object:
    if input_shapes and _takes_input_shapes(function):
        return function(input_shapes=input_shapes)
    return function()


def load_model_file(path: Path) -> object:
    """Imports a standalone model file and returns (module, inputs) as it defines them."""
    if not path.is_file():
        raise ModelSourceError(f"model file {path} does not exist", "pass the path of a .py file")
    if path.suffix != ".py":
        raise ModelSourceError(
            f"model file {path.name} is not a .py file",
            "give a Python file that defines ModelUnderTest and ModelInputs",
        )
    # Its own directory first, so the file can import modules beside it.
    add_import_roots([str(path.parent)])
    spec = importlib.util.spec_from_file_location("m55ml_model_file", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    missing = [n for n in ("ModelUnderTest", "ModelInputs") if not hasattr(module, n)]
    if missing:
        raise ModelSourceError(
            f"{path.name} does not define {' and '.join(missing)}",
            "define ModelUnderTest = MyModel() and ModelInputs = (torch.randn(...),) as "
            "ExecuTorch's aot_arm_compiler expects",
        )
    model = module.ModelUnderTest
    if isinstance(model, type) and issubclass(model, nn.Module):
        model = model()
    return model, module.ModelInputs


def as_inputs(value: object, what: str) -> tuple[torch.Tensor, ...]:
    items = (value,) if isinstance(value, torch.Tensor) else value
    if not isinstance(items, (tuple, list)) or not items:
        raise ModelSourceError(
            f"{what} is a {type(value).__name__}, not a tensor or a tuple of tensors",
            "return one example tensor per forward() argument, in order",
        )
    for index, item in enumerate(items):
        if not isinstance(item, torch.Tensor):
            raise ModelSourceError(
                f"{what}[{index}] is a {type(item).__name__}, not a tensor",
                "return one example tensor per forward() argument, in order",
            )
    return tuple(items)


def synthetic_samples(shapes: list[Shape], count: int, seed: int) -> list[tuple[torch.Tensor, ...]]:
    """`count` input sets of seeded standard-normal float32 tensors of the given shapes."""
    generator = torch.Generator().manual_seed(seed)
    return [
        tuple(torch.randn(*shape, generator=generator) for shape in shapes) for _ in range(count)
    ]


def normalize(result: object, input_shapes: list[Shape] | None, seed: int) -> ModelExport:
    """Any accepted return value of an entry point (or model file) as a ModelExport."""
    if isinstance(result, ModelExport):
        export = result
    elif isinstance(result, nn.Module):
        if not input_shapes:
            raise InputShapeError(
                "the entry point returned a module without example inputs and no input "
                "shape was given",
                "pass --input-shape per input (pte_model(input_shapes = [\"1,3,32,32\"])) or "
                "return (module, example_inputs)",
            )
        (example,) = synthetic_samples(input_shapes, 1, seed)
        export = ModelExport(module=result, example_inputs=example)
    elif isinstance(result, (tuple, list)) and len(result) == 2 and isinstance(
        result[0], nn.Module
    ):
        export = ModelExport(module=result[0], example_inputs=as_inputs(result[1], "inputs"))
    else:
        raise ModelSourceError(
            f"the entry point returned a {type(result).__name__}",
            "return an nn.Module, (module, example_inputs) or an m55ml.api.ModelExport",
        )
    export.example_inputs = as_inputs(export.example_inputs, "example_inputs")
    if input_shapes:
        given = [tuple(x.shape) for x in export.example_inputs]
        if given != [tuple(s) for s in input_shapes]:
            raise InputShapeError(
                f"the model's example inputs have shapes {_shapes(given)}, the request asks "
                f"for {_shapes(input_shapes)}",
                "drop the requested input shapes, or let the entry point take an "
                "`input_shapes` argument and build its inputs from it",
            )
    return export


def _shapes(shapes: list[Shape]) -> str:
    return ", ".join("x".join(str(d) for d in s) for s in shapes)
