"""Named export stages: any failure inside one becomes `<model>: <stage>: <what> — <what to do>`.

torch and ExecuTorch raise deep inside their own frames (tracing, quantization, passes,
serialization); a user needs to know which step of the export failed and what to try, not 50
lines of library traceback. The original exception stays chained (`__cause__`) for `-v`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from m55ml.errors import ExportError, M55mlError

# What to try when a library fails in a stage for a reason we did not anticipate.
_ADVICE = {
    "request": "fix the command line or the pte_model attributes",
    "import": "check the entry point (module:function) and that the model's py_library lists "
    "every source it imports",
    "build": "fix the model's entry point: it must return an nn.Module, (module, "
    "example_inputs) or an m55ml.api.ModelExport",
    "data": "check the calibration and reference-input files (.npz, .npy or .pt) against "
    "the model's inputs",
    "inputs": "check the input shapes and dtypes against the model's forward()",
    "quantize": "torch.export or PT2E quantization failed: make forward() traceable (no "
    "data-dependent Python control flow) and use layers the Cortex-M quantizer supports",
    "lower": "ExecuTorch's Cortex-M lowering failed: simplify the op pattern named above, or "
    "export with --allow-portable-fallback",
    "reference": "ExecuTorch's reference kernels could not run the lowered program: the op "
    "named above has no Python reference for these arguments",
    "serialize": "ExecuTorch could not serialize the program: report the model to the "
    "maintainers with -v output",
    "check": "see the message above",
    "read": "give an ExecuTorch program (.pte, identifier ET12) and raw reference files",
    "write": "check that the output location exists, is writable and has free space",
}


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    line = text.splitlines()[0].strip() if text else ""
    name = type(err).__name__
    return f"{name}: {line}" if line else name


@contextlib.contextmanager
def stage(model: str, name: str) -> Iterator[None]:
    """Runs a block as stage `name` of `model`'s export, converting failures to ExportError."""
    try:
        yield
    except ExportError:
        raise
    except M55mlError as err:
        raise ExportError(model, name, err.what, err.todo) from err
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as err:
        raise ExportError(model, name, _first_line(err), _ADVICE[name]) from err
