"""Dates as the library reads them: ISO text (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``), "today",
``datetime.date`` or a pandas ``Timestamp`` (light: no heavy imports)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .errors import ScenarioError

__all__ = ["parse_date"]


def parse_date(value: Any, *, what: str = "date") -> dt.date:
    """Parse a date given as ``datetime.date``, ``pandas.Timestamp`` or ISO text (``YYYY-MM-DD``,
    ``YYYY-MM`` or ``YYYY``: the first day of the period)."""
    if isinstance(value, dt.date) and value != value:  # pandas.NaT: a missing date
        raise ScenarioError(f"{what}: {value!r} is a missing date; give YYYY-MM-DD or 'today'")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if text.lower() == "today":
        return dt.date.today()
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        if len(text) == n:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                break
    raise ScenarioError(
        f"{what}: {value!r} is not a date; write it as YYYY-MM-DD (e.g. '2018-07-01') or 'today'"
    )
