"""The repository documents everything it relies on itself.

No file in it (code, build files, docs, comments, strings a test prints) cites a document that
lives outside the repository, such as a team's design or conventions notes kept beside the
checkout; relative Markdown links stay inside the repository. What the project relies on is
written down in docs/ (environment.md, numerics.md, ...).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest


def _workspace() -> Path:
    """The source tree: the runfile docs/environment.md is a symlink into it."""
    candidates = [Path(os.environ["TEST_SRCDIR"]) / "m55ml"] if "TEST_SRCDIR" in os.environ else []
    candidates += [Path(os.environ.get("RUNFILES_DIR", "/nonexistent")) / "m55ml", Path.cwd()]
    for candidate in candidates:
        if (candidate / "docs/environment.md").exists():
            return (candidate / "docs/environment.md").resolve().parents[1]
    raise AssertionError("docs/environment.md is not in the test's runfiles")


ROOT = _workspace()
THIS_FILE = "tests/platforms/test_self_contained.py"

# The outside directory and documents, spelled in pieces so that this file, which must name
# them to forbid them, is not itself a citation a search of the tree would find.
OUTSIDE_DIR = "sha" + "red"
OUTSIDE_DOCS = ("DES" + "IGN.md", "CONVEN" + "TIONS.md")
# Citations of files kept outside the repository.
CITATIONS = [
    re.compile(rf"(?<![\w.-])(?:\.\./)*{OUTSIDE_DIR}/"),
    *(re.compile(rf"(?<![\w-]){re.escape(doc)}\b") for doc in OUTSIDE_DOCS),
]
# A relative Markdown link target: [text](target) without a scheme or an anchor-only target.
LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s#]+)")


def _tree() -> list[str]:
    listing = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        pytest.skip(f"{ROOT} is not a git checkout: {listing.stderr.strip()}")
    return [p for p in listing.stdout.splitlines() if p != THIS_FILE and (ROOT / p).is_file()]


def _text(path: str) -> str | None:
    data = (ROOT / path).read_bytes()
    if b"\0" in data[:65536]:
        return None  # binary
    return data.decode(errors="replace")


def citations(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for pattern in CITATIONS:
            match = pattern.search(line)
            if match:
                found.append((number, match.group(0)))
    return found


def test_the_patterns_catch_a_citation():
    # The check itself must be able to fail.
    assert citations(f"see ../{OUTSIDE_DIR}/{OUTSIDE_DOCS[0]} for the facts")
    assert citations(f"# Style: {OUTSIDE_DOCS[1]}")
    assert citations(f"({OUTSIDE_DIR}/examples/bazel-m55-prototype)")
    assert not citations(f"libfoo_{OUTSIDE_DIR}/ and {OUTSIDE_DIR}_ptr, docs/numerics.md")


def test_nothing_cites_a_file_outside_the_repository():
    stray = []
    for path in _tree():
        text = _text(path)
        if text is None:
            continue
        stray += [f"{path}:{number}: {what}" for number, what in citations(text)]
    assert not stray, ("the repository cites files outside it; write what it relies on into docs/ "
                       "and cite that:\n" + "\n".join(stray))


def test_markdown_links_stay_in_the_repository():
    stray = []
    for path in _tree():
        if not path.endswith(".md"):
            continue
        for number, line in enumerate((ROOT / path).read_text(errors="replace").splitlines(), 1):
            for target in LINK.findall(line):
                resolved = ((ROOT / path).parent / target).resolve()
                if not resolved.is_relative_to(ROOT):
                    stray.append(f"{path}:{number}: {target} leaves the repository")
                elif not resolved.exists():
                    stray.append(f"{path}:{number}: {target} does not exist")
    assert not stray, "Markdown links must point at files in the repository:\n" + "\n".join(stray)
