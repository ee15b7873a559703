"""Checks of the plain arguments the public functions take (flags), one wording everywhere."""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import CorridorError

__all__ = ["check_flag"]


def check_flag(value: Any, name: str) -> bool:
    """``value`` as a flag: True or False (NumPy booleans too), else a CorridorError naming
    ``name``; a string such as "no" is refused rather than read as true."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise CorridorError(f"{name} must be True or False, got {value!r}")
