"""Checks of the plain arguments the public functions take (flags), one wording everywhere."""

from __future__ import annotations

import difflib
import math
import numbers
import os
from pathlib import Path
from typing import Any

from .errors import CorridorError

__all__ = [
    "as_rows",
    "check_choice",
    "check_count",
    "check_flag",
    "check_lonlat",
    "check_number",
    "check_path",
    "check_point",
]

# NumPy numbers are numbers.Real / numbers.Integral (and NumPy booleans neither), so the checks
# take them without importing NumPy: `corridor scenarios` and `--help` stay fast.


def _is_bool(value: Any) -> bool:
    """True for a Python or NumPy boolean scalar."""
    return isinstance(value, bool) or (
        getattr(value, "ndim", None) == 0
        and getattr(getattr(value, "dtype", None), "kind", "") == "b"
    )


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not _is_bool(value)


def check_flag(value: Any, name: str) -> bool:
    """``value`` as a flag: True or False (NumPy booleans, 0 and 1 too), else a CorridorError
    naming ``name``; a string such as "no" is refused rather than read as true."""
    if _is_bool(value):
        return bool(value)
    if isinstance(value, numbers.Integral) and value in (0, 1):  # progress=0 reads naturally
        return bool(value)
    raise CorridorError(f"{name} must be True or False, got {value!r}")


def check_choice(
    what: str, value: Any, allowed: tuple[str, ...], *, error: type[CorridorError] = CorridorError
) -> None:
    """Raise ``error`` unless ``value`` is one of ``allowed``, with the close ones."""
    if value not in allowed:
        close = difflib.get_close_matches(str(value), allowed, n=2, cutoff=0.5)
        hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
        raise error(f"unknown {what} {value!r}; {hint}allowed: {', '.join(allowed)}")


def check_lonlat(
    lon: Any, lat: Any, *, where: str = "", error: type[CorridorError] = CorridorError
) -> tuple[float, float]:
    """(lon, lat) as floats, degrees in EPSG:4326, else ``error`` naming the bad one."""
    for name, value, bound in (("lon", lon, 180), ("lat", lat, 90)):
        if not _is_real(value) or not -bound <= value <= bound:  # NaN fails too
            raise error(
                f"{where}{name} must be a number of degrees in [-{bound}, {bound}] (EPSG:4326), "
                f"got {value!r}"
            )
    return float(lon), float(lat)


def check_point(point: Any, name: str) -> tuple[float, float]:
    """``point`` as a (lon, lat) pair of degrees (EPSG:4326), else a CorridorError."""
    if isinstance(point, (str, bytes)) or not hasattr(point, "__len__") or len(point) != 2:
        raise CorridorError(f"{name} must be a (lon, lat) pair of degrees, got {point!r}")
    return check_lonlat(point[0], point[1], where=f"{name}: ")


def check_path(value: Any, what: str) -> Path:
    """``value`` (a non-empty str or os.PathLike) as a Path, else a CorridorError naming
    ``what`` ("the GeoJSON file", "the data folder", ...)."""
    if isinstance(value, os.PathLike) or (isinstance(value, str) and value.strip()):
        return Path(value)
    raise CorridorError(f"{what} must be a file or folder path (str or Path), got {value!r}")


def check_count(value: Any, name: str, *, low: int = 0, high: int | None = None) -> int:
    """``value`` as a whole number from ``low`` to ``high`` (no bound when None)."""
    whole = isinstance(value, numbers.Integral) and not _is_bool(value)
    if not whole or int(value) < low or (high is not None and int(value) > high):
        span = f">= {low}" if high is None else f"from {low} to {high}"
        raise CorridorError(f"{name} must be a whole number {span}, got {value!r}")
    return int(value)


def check_number(
    value: Any, name: str, *, low: float, high: float, unit: str = "", closed: bool = False
) -> float:
    """``value`` as a finite number with ``low < value <= high`` (``low <= value`` when
    ``closed``), else a CorridorError naming ``name`` and the range."""
    ok = (
        _is_real(value)
        and math.isfinite(value)
        and (low <= value if closed else low < value)
        and value <= high
    )
    if not ok:
        above = f"at least {low:,.10g}" if closed else f"above {low:,.10g}"
        bound = "" if math.isinf(high) else f" and at most {high:,.10g}"
        raise CorridorError(f"{name} must be a finite number {above}{bound}{unit}, got {value!r}")
    return float(value)


def as_rows(value: Any) -> tuple:
    """The rows of a table argument as a tuple; a value that is not a collection of rows
    (None, a number, a text) as a one-row tuple, which the caller's row-type check refuses."""
    if isinstance(value, (str, bytes)):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        return (value,)
