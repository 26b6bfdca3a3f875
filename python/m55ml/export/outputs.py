"""Output files: checked before the export starts, written atomically after it succeeded.

Every file is first written in full to a temporary file beside its destination (flushed and
synced), and only when all of them were written are they renamed into place. A failure —
a full disk, a missing directory, an export error — therefore never leaves a truncated .pte,
or a new .pte beside a stale manifest.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from m55ml.errors import OutputPathError


def check_output_paths(paths: dict[str, Path]) -> None:
    """Refuses, before any work, outputs that cannot be written: the flag names the file."""
    seen: dict[Path, str] = {}
    for flag, path in paths.items():
        resolved = path.resolve()
        if resolved in seen:
            raise OutputPathError(
                f"{flag} and {seen[resolved]} both write {path}", "give each output its own path"
            )
        seen[resolved] = flag
        if path.is_dir():
            raise OutputPathError(
                f"{flag} {path} is a directory", "give a file path, e.g. a name inside it"
            )
        parent = path.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputPathError(
                f"{flag}: cannot create directory {parent} ({err.strerror or err})",
                "write the outputs somewhere you can create files",
            ) from err
        if not os.access(parent, os.W_OK | os.X_OK):
            raise OutputPathError(
                f"{flag}: directory {parent} is not writable",
                "write the outputs somewhere you can create files",
            )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(files: dict[Path, bytes]) -> None:
    """Writes every file or none: temporaries first, then one rename each."""
    temporaries: list[tuple[Path, Path]] = []
    mode = 0o666 & ~_umask()
    try:
        for path, data in files.items():
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temporary = Path(name)
            temporaries.append((temporary, path))
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, mode)
    except OSError as err:
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)
        failed = temporaries[-1][1] if temporaries else next(iter(files), Path("?"))
        raise OutputPathError(
            f"cannot write {failed} ({err.strerror or err}); no output was changed",
            "free disk space or choose another output location",
        ) from err
    for temporary, path in temporaries:
        os.replace(temporary, path)
