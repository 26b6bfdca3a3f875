"""pytest_test writes temporary files only under Bazel's TEST_TMPDIR, never in the system /tmp."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

TEST_TMPDIR = Path(os.environ["TEST_TMPDIR"]).resolve()


def is_inside(path: str | Path) -> bool:
    return Path(path).resolve().is_relative_to(TEST_TMPDIR)


def test_tmp_path_is_under_test_tmpdir(tmp_path: Path) -> None:
    assert is_inside(tmp_path), f"tmp_path {tmp_path} is outside TEST_TMPDIR {TEST_TMPDIR}"


def test_tempfile_is_under_test_tmpdir() -> None:
    with tempfile.NamedTemporaryFile() as handle:
        assert is_inside(handle.name), f"{handle.name} is outside TEST_TMPDIR {TEST_TMPDIR}"


def test_child_processes_use_test_tmpdir() -> None:
    child = subprocess.run([sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
                           capture_output=True, text=True, check=True)
    assert is_inside(child.stdout.strip()), f"a child's temp dir {child.stdout.strip()} is outside TEST_TMPDIR"
