"""One model's exports for several cores share their target-independent stages in a worker.

`//models:mv2_pte`, `mv2_m4_pte` and `mv2_m3_pte` load, calibrate, quantize and convert the same
model to the same edge program; only the Cortex-M passes and what follows them depend on the
target. In a persistent worker that knows what a request reads (Bazel sends the digest of every
input file with each WorkRequest), the first export keeps what those stages made, and a later
request that differs only in `--target` and its output paths starts from a copy of it.

The key is every request field but the target and the name (which only labels messages and the
manifest), with the digests of all the action's inputs: a changed model file, data file or
exporter misses. A one-shot export (`export_cli @params`,
`python -m m55ml export`) has no digests, so it keeps nothing and reuses nothing. What is
kept is copied on the way in and on the way out, so no export can change what the next one
gets. A fresh export and one that starts from a kept copy give the same bytes
(tests/export/test_determinism.py).
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

# Kept entries, least recently used dropped first. MobileNetV2's adds ~30 MB; a build's exports
# arrive in any order, so a few models' entries must survive between one model's targets.
MAX_ENTRIES = 6

_entries: OrderedDict[str, Any] = OrderedDict()
_inputs_digest: str | None = None
_reused: list[str] = []  # the current request's reuses, for the worker's log


def inputs_digest(inputs: Iterable[tuple[str, bytes]]) -> str | None:
    """One digest of a request's (path, digest) inputs; None when there are none or one has no
    digest, so nothing is reused without knowing everything the request reads.

    The action's params file (Bazel's `<output>-<n>.params`) is left out: the request's
    arguments are its lines, and the key has them already, without the output paths that make
    every target's file differ."""
    items = sorted(item for item in inputs if not item[0].endswith(".params"))
    if not items or any(not digest for _, digest in items):
        return None
    hasher = hashlib.sha256()
    for path, digest in items:
        hasher.update(path.encode() + b"\0" + digest + b"\0")
    return hasher.hexdigest()


@contextlib.contextmanager
def request_inputs(digest: str | None) -> Iterator[list[str]]:
    """Within it, exports may keep and reuse stages under `digest` (None: neither). Yields the
    list of what was reused, filled in as the request runs."""
    global _inputs_digest
    _inputs_digest = digest
    _reused.clear()
    try:
        yield _reused
    finally:
        _inputs_digest = None


def key(request: Any) -> str | None:
    """The key of an ExportRequest's target-independent stages, or None outside a request
    whose inputs are known."""
    if _inputs_digest is None:
        return None
    fields = dataclasses.asdict(dataclasses.replace(request, target="", name=None))
    return hashlib.sha256(repr((sorted(fields.items()), _inputs_digest)).encode()).hexdigest()


def lookup(entry_key: str | None, what: str) -> Any | None:
    """A copy of what was kept under `entry_key`, or None."""
    if entry_key is None or entry_key not in _entries:
        return None
    _entries.move_to_end(entry_key)
    _reused.append(what)
    return copy.deepcopy(_entries[entry_key])


def keep(entry_key: str | None, value: Any) -> None:
    """Keeps a copy of `value` under `entry_key` (nothing when it is None)."""
    if entry_key is None:
        return
    _entries[entry_key] = copy.deepcopy(value)
    _entries.move_to_end(entry_key)
    while len(_entries) > MAX_ENTRIES:
        _entries.popitem(last=False)
