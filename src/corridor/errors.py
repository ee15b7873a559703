"""Exceptions raised by corridor.

Every error a user can trigger with bad input is a :class:`CorridorError`, with a
message that names the problem and what to do about it.
"""

from __future__ import annotations

__all__ = [
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
