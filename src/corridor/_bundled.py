"""What ships with the package: where the bundled data and seed articles are (inside the
installed package, or the checkout), and the installed version."""

from __future__ import annotations

import difflib
from pathlib import Path

from .errors import DataError

__all__ = [
    "BUNDLED_NETWORKS",
    "bundled_data_dir",
    "bundled_seeds_dir",
    "package_version",
    "source_path",
]

# the networks corridor.load builds by name (corridor.datasets.NAMED_DATASETS builds them)
BUNDLED_NETWORKS = ("osm-highways",)


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


def source_path(source: str | Path) -> Path:
    """``source`` (a network folder or GeoPackage) as an existing path, else a DataError; a
    name close to a bundled network's is suggested ("osm-highway": "osm-highways")."""
    if not isinstance(source, (str, Path)) or source == "":
        raise DataError(
            "the data source must be a folder, a GeoPackage or a bundled network's name "
            f"({', '.join(map(repr, BUNDLED_NETWORKS))}), got {source!r}"
        )
    path = Path(source)
    if not path.exists():
        close = difflib.get_close_matches(str(source), BUNDLED_NETWORKS, n=1, cutoff=0.7)
        hint = f"; did you mean the bundled network {close[0]!r}?" if close else ""
        raise DataError(f"{path}: no such file or folder{hint}")
    return path
