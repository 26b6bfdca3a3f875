"""The exporter's environment as Bazel's pte_model actions get it, read from action_env.bzl.

The dict is spelled once, in action_env.bzl, which bazel/pte_model.bzl loads; this module parses
that file (a plain dict literal) so the export benchmark and the worker tests run the exporter
with the same environment as the build.
"""

from __future__ import annotations

import ast
from pathlib import Path

ACTION_ENV_FILE = Path(__file__).resolve().with_name("action_env.bzl")


def read_action_env(path: Path = ACTION_ENV_FILE) -> dict[str, str]:
    """The ACTION_ENV dict of `path`; ValueError naming the file if it holds none."""
    for node in ast.parse(path.read_text(), filename=str(path)).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "ACTION_ENV"):
            env = ast.literal_eval(node.value)
            if isinstance(env, dict) and all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in env.items()):
                return env
    raise ValueError(f"{path}: no ACTION_ENV dict of strings; it must assign one literal dict")


ACTION_ENV = read_action_env()
