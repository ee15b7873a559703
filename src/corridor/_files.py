"""Atomic file writes: a unique temporary file in the target's folder, one ``os.replace`` into
place, the temporary file removed on any failure, and the user's umask respected; and plain
JSON values for what the library writes as JSON."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_target", "atomic_write_json", "atomic_write_text", "jsonable", "umask_mode"]


def umask_mode(base: int = 0o666) -> int:
    """``base`` with the process umask applied (what ``open()`` would give a new file)."""
    mask = os.umask(0)
    os.umask(mask)
    return base & ~mask


@contextlib.contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically.

    The caller writes the temporary file (by name). On an exception nothing at ``path``
    changes and the temporary file is removed.
    """
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, umask_mode())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_target(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())


def jsonable(value):
    """Plain JSON values: NaN becomes null (RFC 8259 has no NaN), dates and the rest text."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return jsonable(value.item())
    return str(value)


def atomic_write_json(path: Path, data) -> None:
    """Write ``data`` as UTF-8 JSON (through :func:`jsonable`) to ``path`` atomically."""
    text = json.dumps(jsonable(data), indent=1, ensure_ascii=False, allow_nan=False)
    atomic_write_text(path, text + "\n")
