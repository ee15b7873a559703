"""Exceptions raised by corridor.

Every error a user can trigger with bad input is a :class:`CorridorError`, with a
message that names the problem and what to do about it.
"""

from __future__ import annotations

import os
import sys
from types import FrameType

__all__ = [
    "user_stacklevel",
    "CorridorError",
    "DataError",
    "ScenarioError",
    "ScenarioWarning",
    "UnknownNameError",
]


class CorridorError(Exception):
    """Base class of every error corridor raises on purpose."""


class DataError(CorridorError, ValueError):
    """A data file or layer is malformed: the message names the file, feature and problem."""


class ScenarioError(CorridorError, ValueError):
    """A scenario, override or scenario file is malformed."""


class UnknownNameError(CorridorError, LookupError):
    """A place, crossing, actor, zone or scenario name is not known.

    Attributes
    ----------
    name : str
        The name that was asked for.
    suggestions : list of str
        Close matches among the known names, best first (may be empty).
    """

    def __init__(self, message: str, *, name: str = "", suggestions: list[str] | None = None):
        super().__init__(message)
        self.name = name
        self.suggestions = list(suggestions or [])

    def __str__(self) -> str:  # LookupError would quote the message like a key
        return str(self.args[0]) if self.args else ""


class ScenarioWarning(UserWarning):
    """A scenario asks for something that has no effect (a what-if on a zone that is not in
    force on the scenario's date)."""


def user_stacklevel() -> int:
    """The ``stacklevel`` at which ``warnings.warn``, called from corridor, names the caller's
    code: the first frame outside the package (Python 3.12's ``skip_file_prefixes``)."""
    package = os.path.dirname(os.path.abspath(__file__))
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    return level
