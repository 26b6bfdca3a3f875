"""No source file lists the operators by hand again: the kernel table, the declarations and the
tests' operator lists all derive from the generated glue (//cc/ops:operators)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from runfiles import runfiles

_RUNFILES = runfiles.Create()

# A program's own operator list (a test's expectation for one model) names a handful; MobileNetV2
# calls 7 of the 23. A file naming more than half of them is a hand-kept copy of the table.
_MOST = 0.5


def _operator_names() -> set[str]:
    with open(_RUNFILES.Rlocation("m55ml/cc/ops/operators.json")) as f:
        rows = json.load(f)["operators"]
    return {r["name"].split("::", 1)[1] for r in rows if r["name"].startswith("cortex_m::")}


def _scanned_files() -> list[Path]:
    listing = Path(_RUNFILES.Rlocation("m55ml/tools/opgen/scanned_sources.txt"))
    return [Path(_RUNFILES.Rlocation("m55ml/" + line)) for line in listing.read_text().split()]


def test_no_source_file_holds_a_hand_written_operator_list():
    names = _operator_names()
    word = re.compile(r"\b(" + "|".join(sorted(names, key=len, reverse=True)) + r")\b")
    files = _scanned_files()
    assert len(files) > 20, "the scan must see the sources"
    offenders = []
    for path in files:
        found = set(word.findall(path.read_text(errors="replace")))
        if len(found) > _MOST * len(names):
            offenders.append(f"{path.name}: {len(found)} of {len(names)} operators")
    assert not offenders, ("hand-written operator lists (derive them from //cc/ops:operators "
                           f"or cmops_all_kernels instead): {offenders}")
