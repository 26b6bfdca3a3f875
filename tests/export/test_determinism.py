"""Same inputs, same bytes: two exports from different directories agree byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cli_runner import EVAL_FLAGS, OUTPUT_FLAGS, export_args, run_exporter

FILES = [*OUTPUT_FLAGS.values(), *EVAL_FLAGS.values()]


def _export_digits(root: Path, name: str) -> dict[str, bytes]:
    out, home, cwd = root / name / "out", root / name / "home", root / name / "cwd"
    for directory in (out, home, cwd):
        directory.mkdir(parents=True)
    result = run_exporter(
        export_args("digits", out, "--scratch-home", eval_set=True),
        cwd=cwd,
        env={"HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr
    # --scratch-home (what pte_model passes): nothing lands in the caller's HOME.
    assert list(home.iterdir()) == []
    return {f: (out / f).read_bytes() for f in FILES}


def test_two_exports_give_identical_bytes_without_embedding_paths(tmp_path: Path) -> None:
    first = _export_digits(tmp_path, "first")
    second = _export_digits(tmp_path, "second-run")
    for name in FILES:
        assert first[name], f"{name} is empty"
        assert hashlib.sha256(first[name]).digest() == hashlib.sha256(second[name]).digest(), name
    for name, data in first.items():
        assert str(tmp_path).encode() not in data, f"{name} embeds the output path"
