"""Same inputs, same bytes: two exports from different directories agree byte for byte, for a
model that seeds itself (digits, trained at export) and for one that never seeds."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from cli_runner import EVAL_FLAGS, OUTPUT_FLAGS, export_args, run_exporter

DIGITS = "models.digits.digits_cnn:build"
UNSEEDED = "tests.export.testmodels.unseeded:build"


def _export(root: Path, name: str, entry: str, eval_set: bool) -> dict[str, bytes]:
    out, home, cwd = root / name / "out", root / name / "home", root / name / "cwd"
    for directory in (out, home, cwd):
        directory.mkdir(parents=True)
    result = run_exporter(
        export_args(entry, out, "--scratch-home", eval_set=eval_set),
        cwd=cwd,
        env={"HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr
    # --scratch-home (what pte_model passes): nothing lands in the caller's HOME.
    assert list(home.iterdir()) == []
    files = [*OUTPUT_FLAGS.values(), *(EVAL_FLAGS.values() if eval_set else [])]
    return {f: (out / f).read_bytes() for f in files}


@pytest.mark.parametrize(("entry", "eval_set"), [(DIGITS, True), (UNSEEDED, False)])
def test_two_exports_give_identical_bytes_without_embedding_paths(
    tmp_path: Path, entry: str, eval_set: bool
) -> None:
    first = _export(tmp_path, "first", entry, eval_set)
    second = _export(tmp_path, "second-run", entry, eval_set)
    for name, data in first.items():
        assert data, f"{name} is empty"
        assert hashlib.sha256(data).digest() == hashlib.sha256(second[name]).digest(), name
        assert str(tmp_path).encode() not in data, f"{name} embeds the output path"
