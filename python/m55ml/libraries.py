"""Importing torch and ExecuTorch without paying the garbage collector for it.

Their imports make ~440k objects that live as long as the process. While they are made,
Python's collector runs hundreds of times and finds next to nothing; afterwards each full
collection walks them all again (0.26-0.30 CPU-s each). A one-shot import-pte spent 0.86 of its
4.48 CPU-s collecting. So the collector sleeps while the libraries import, and what exists then
moves into its permanent generation (gc.freeze): never walked again, never freed, as modules
are not. What the export makes afterwards is collected as usual.
"""

from __future__ import annotations

import gc
import importlib
import sys


def import_libraries(*names: str) -> None:
    """Imports the modules `names` that are not loaded yet, as described above."""
    missing = [name for name in names if name not in sys.modules]
    if not missing:
        return  # e.g. a worker's request: its warm-up imported them, and froze them already
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for name in missing:
            importlib.import_module(name)
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
