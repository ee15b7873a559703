"""Atomic file writes: a unique temporary file (or folder) in the target's folder, one
``os.replace`` (or one swap) into place, the temporary removed on any failure and left-overs
of killed writes removed by the next write, the user's umask respected; several writes
committed together (:func:`all_or_nothing`); and plain JSON values for what the library
writes as JSON."""

from __future__ import annotations

import contextlib
import contextvars
import errno
import json
import math
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import CorridorError

__all__ = [
    "all_or_nothing",
    "atomic_folder",
    "atomic_target",
    "atomic_write_json",
    "atomic_write_text",
    "jsonable",
    "remove_stale_temporaries",
    "umask_mode",
]


def umask_mode(base: int = 0o666) -> int:
    """``base`` with the process umask applied (what ``open()`` would give a new file)."""
    mask = os.umask(0)
    os.umask(mask)
    return base & ~mask


_TEMP = re.compile(r"^\.(?P<name>.+)\.corridor-(?P<pid>\d+)-[^.]*\.tmp(-old)?(\.[^.]+)?$")


def _temp_prefix(name: str) -> str:
    """Temporary names say whose they are: ``.<target>.corridor-<pid>-<random>.tmp<suffix>``
    (the target's suffix kept, for writers that go by it: GDAL's GeoPackage driver)."""
    return f".{name}.corridor-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def remove_stale_temporaries(folder: Path, name: str | None = None) -> list[Path]:
    """Remove the temporary files and folders a killed corridor write left in ``folder`` (for
    the target ``name``, or any): those whose writing process is gone. Returns what was removed.

    Every atomic write calls this first, so a write killed half-way leaves nothing behind once
    the next write to the same folder starts.
    """
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP.match(entry.name)
        if not m or (name is not None and m["name"] != name) or _alive(int(m["pid"])):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
    return removed


# (commit, discard) pairs of the writes inside all_or_nothing(), or None outside it
_PENDING: contextvars.ContextVar[list[tuple[Callable[[], None], Callable[[], None]]] | None] = (
    contextvars.ContextVar("corridor_pending_writes", default=None)
)


@contextlib.contextmanager
def all_or_nothing() -> Iterator[None]:
    """Hold back the atomic writes made inside the block until it ends without an exception,
    then put them all in place; on an exception none of them is, and their temporary files
    are removed. So a command that writes a PNG and an HTML map leaves both files as they
    were when the second write (or anything after the first) fails. Inside another such
    block the writes join the outer one. The renames at the end are not one step: should one
    of them fail (rare: they stay within each target's folder), the ones before it stand."""
    if _PENDING.get() is not None:  # nested: the outer block decides
        yield
        return
    pending: list[tuple[Callable[[], None], Callable[[], None]]] = []
    token = _PENDING.set(pending)
    try:
        yield
    except BaseException:
        _PENDING.reset(token)
        for _, discard in pending:
            discard()
        raise
    _PENDING.reset(token)
    failed: BaseException | None = None
    for commit, discard in pending:  # renames: a failure here is rare (and stops the rest)
        if failed is None:
            try:
                commit()
            except BaseException as exc:
                failed = exc
        discard()
    if failed is not None:
        raise failed


def _finish(commit: Callable[[], None], discard: Callable[[], None]) -> None:
    """Run ``commit`` now, or, inside :func:`all_or_nothing`, when the block ends."""
    pending = _PENDING.get()
    if pending is None:
        try:
            commit()
        finally:
            discard()
    else:
        pending.append((commit, discard))


@contextlib.contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically.

    The caller writes the temporary file (by name). On an exception nothing at ``path``
    changes and the temporary file is removed; the file gets the mode ``open()`` would give
    it (the umask respected).
    """
    path = Path(path)
    if path.is_dir():
        raise CorridorError(f"{path}: is a folder; give a file name")
    remove_stale_temporaries(path.parent, path.name)
    fd, name = tempfile.mkstemp(
        prefix=_temp_prefix(path.name), suffix=".tmp" + path.suffix, dir=path.parent
    )
    os.close(fd)
    tmp = Path(name)

    def discard() -> None:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()

    try:
        yield tmp
        os.chmod(tmp, umask_mode())
    except BaseException:
        discard()
        raise

    def commit() -> None:
        try:
            os.replace(tmp, path)
        except OSError as exc:  # say which file, also when the replace is held back
            raise OSError(exc.errno, exc.strerror, str(path)) from exc

    _finish(commit, discard)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the
    system cannot."""
    if sys.platform != "linux":
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if done != 0:
        err = ctypes.get_errno()
        if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            return False
        raise OSError(err, os.strerror(err), str(b))
    return True


@contextlib.contextmanager
def atomic_folder(path: Path) -> Iterator[Path]:
    """Yield a new temporary folder next to ``path``; on success it takes ``path``'s place.

    A new ``path`` appears in one rename; an existing folder is swapped with the new one in
    one step where the system allows it (Linux), so that at every moment ``path`` holds the
    old folder or the new one, then the old one is removed. Elsewhere the old folder is moved
    aside and back if the second rename fails. On an exception nothing at ``path`` changes.
    """
    path = Path(path)
    remove_stale_temporaries(path.parent, path.name)
    tmp = Path(tempfile.mkdtemp(prefix=_temp_prefix(path.name), suffix=".tmp", dir=path.parent))

    def discard() -> None:  # the new folder on failure, else the old one (swapped in)
        shutil.rmtree(tmp, ignore_errors=True)

    def commit() -> None:
        if not path.exists():
            os.rename(tmp, path)
        elif not _exchange(tmp, path):
            aside = tmp.with_name(tmp.name + "-old")
            os.rename(path, aside)
            try:
                os.rename(tmp, path)
            except OSError:
                os.rename(aside, path)
                raise
            shutil.rmtree(aside, ignore_errors=True)

    try:
        yield tmp
        os.chmod(tmp, umask_mode(0o777))
    except BaseException:
        discard()
        raise
    _finish(commit, discard)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_target(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())


def jsonable(value):
    """Plain JSON values: NaN and infinities become null (RFC 8259 has neither), dates and
    the rest text."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
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
