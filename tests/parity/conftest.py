"""Lets the tests import their helpers (facts, parity, source_tree) by module name.

When a py_binary is among a test's data (the firmware runner is), Bazel puts __init__.py files
in every runfiles folder, pytest then imports the tests as package `tests.parity`, and the
helpers' folder is no longer on sys.path by itself.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
