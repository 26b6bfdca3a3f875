"""The exporter's environment is spelled once (python/m55ml/action_env.bzl) and read by all."""

from __future__ import annotations

from pathlib import Path

import pytest
from m55ml.action_env import ACTION_ENV, read_action_env
from runfiles import runfiles

_RUNFILES = runfiles.Create()

# Files that run the exporter and once spelled the environment themselves.
_USERS = [
    "m55ml/bazel/pte_model.bzl",
    "m55ml/python/m55ml/benchmark.py",
    "m55ml/tests/export/worker_wire.py",
]


def test_action_env_pins_threads_hash_seed_and_locale() -> None:
    assert ACTION_ENV["OMP_NUM_THREADS"] == "1"
    assert ACTION_ENV["PYTHONHASHSEED"] == "0"
    assert ACTION_ENV["LC_ALL"] == "C.UTF-8"


def test_bazel_rule_loads_the_same_file() -> None:
    rule = Path(_RUNFILES.Rlocation("m55ml/bazel/pte_model.bzl")).read_text()
    assert 'load("//python:m55ml/action_env.bzl", "ACTION_ENV")' in rule
    assert "env = ACTION_ENV," in rule


@pytest.mark.parametrize("user", _USERS)
def test_no_user_spells_the_environment_itself(user: str) -> None:
    text = Path(_RUNFILES.Rlocation(user)).read_text()
    spelled = [name for name in ACTION_ENV if f'"{name}"' in text]
    assert not spelled, f"{user} spells {spelled}: take them from python/m55ml/action_env.bzl"


def test_file_without_the_dict_is_rejected_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "action_env.bzl"
    broken.write_text('ACTION_ENV = {"OMP_NUM_THREADS": 1}\n')
    with pytest.raises(ValueError) as error:
        read_action_env(broken)
    assert str(error.value) == (f"{broken}: no ACTION_ENV dict of strings; it must assign one "
                                "literal dict")
