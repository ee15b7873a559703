"""What ships with the package: where the bundled data and seed articles are (inside the
installed package, or the checkout), and the installed version."""

from __future__ import annotations

from pathlib import Path

from .errors import DataError

__all__ = ["bundled_data_dir", "bundled_seeds_dir", "package_version"]


def package_version() -> str:
    """The installed corridor's version, from the package metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("corridor")
    except PackageNotFoundError:  # pragma: no cover - a source tree without install
        return "0+unknown"


def _bundled_dir(name: str) -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_bundled" / name, here.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise DataError(
        f"the bundled {name}/ folder was not found next to the corridor package ({here}); "
        "reinstall corridor (pip install .) from a complete checkout"
    )


def bundled_data_dir() -> Path:
    """Folder of the bundled data layers (``data/`` in the repository)."""
    return _bundled_dir("data")


def bundled_seeds_dir() -> Path:
    """Folder of the seed articles that bundled assumptions cite (``seeds/``)."""
    return _bundled_dir("seeds")
