"""Comparisons across scenarios: the best route under each, and how it changes against a
baseline (:func:`compare`), over dated snapshots (:func:`timeline`, :func:`date_steps`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._checks import check_flag
from ._dates import parse_date
from ._progress import progress_iter
from .costs import TravelModel
from .errors import CorridorError, ScenarioError
from .network import Network
from .routing import best_route
from .whatif import Scenario, as_scenarios

__all__ = ["compare", "date_steps", "timeline"]

ScenarioLike = Scenario | str | Path
BASELINES = ("first-viable", "first")
_STEP = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)


def _baseline_row(frame: pd.DataFrame, baseline: str | int) -> int | None:
    """Row position of the baseline: the first viable row, the first row, a row number or a
    scenario name; None when the baseline has no route (every delta is then NaN)."""
    if isinstance(baseline, (int, np.integer)) and not isinstance(baseline, bool):
        if not 0 <= baseline < len(frame):
            raise CorridorError(
                f"baseline {baseline} is not a row: give 0 to {len(frame) - 1}, a scenario name, "
                "'first-viable' or 'first'"
            )
        return int(baseline)
    if baseline == "first-viable":
        viable = np.flatnonzero(frame["viable"].to_numpy())
        return int(viable[0]) if len(viable) else None
    if baseline == "first":
        return 0
    names = frame["scenario"].tolist()
    if isinstance(baseline, str) and baseline in names:
        return names.index(baseline)
    raise CorridorError(
        f"baseline {baseline!r} is neither 'first-viable', 'first', a row number nor one of the "
        f"scenarios compared ({', '.join(names[:5])}{', ...' if len(names) > 5 else ''})"
    )


def compare(
    network: Network,
    scenarios: ScenarioLike | Iterable[ScenarioLike],
    origin: str,
    destination: str,
    *,
    weight: str = "hours",
    model: TravelModel | None = None,
    baseline: str | int = "first-viable",
    progress: bool = True,
) -> pd.DataFrame:
    """The best route under each scenario, and its change against a baseline scenario.

    Parameters
    ----------
    network : Network
    scenarios : Scenario, name or file, or an iterable of them
    origin, destination : str
        Place ids, names or aliases.
    weight : {"hours", "km", "risk"}
        What the best route minimises.
    model : TravelModel, optional
    baseline : "first-viable", "first", int or str
        The row the deltas are taken against: the first scenario with a route (default), the
        first scenario, a row number, or a scenario's name.
    progress : bool
        A progress bar on a terminal for 20 scenarios or more.

    Returns
    -------
    pandas.DataFrame
        One row per scenario, in order: ``scenario``, ``date``, ``mover``, ``viable``,
        ``crossings`` (the route's crossings as text), ``km``, ``hours``, ``contested_km``,
        ``risk`` (rounded to 0.1; NaN without a route), ``delta_km`` and ``delta_hours``
        against the baseline (NaN where either has no route) and ``baseline`` (the baseline
        scenario's name; None when it has no route). ``frame.attrs["baseline"]`` holds it too.
    """
    scs = as_scenarios(scenarios, "compare")
    if isinstance(baseline, str) and baseline not in BASELINES:
        if baseline not in {sc.name for sc in scs}:
            _baseline_row(pd.DataFrame({"scenario": [s.name for s in scs]}), baseline)
    rows, exact = [], []  # exact: unrounded km and hours, for the changes
    bar = check_flag(progress, "progress") and len(scs) >= 20
    for sc in progress_iter(scs, "scenarios", enabled=bar):
        route = best_route(network, sc, origin, destination, weight=weight, model=model)
        exact.append((route.length_km, route.hours) if route else (np.nan, np.nan))
        rows.append(
            {
                "scenario": sc.name,
                "date": sc.date,
                "mover": sc.mover,
                "viable": route is not None,
                "crossings": route.via if route else None,
                "km": round(route.length_km, 1) if route else np.nan,
                "hours": round(route.hours, 1) if route else np.nan,
                "contested_km": round(route.contested_km, 1) if route else np.nan,
                "risk": round(route.risk, 1) if route else np.nan,
            }
        )
    frame = pd.DataFrame(rows)
    base = _baseline_row(frame, baseline)
    if base is not None and not frame["viable"].iloc[base]:
        base = None  # a baseline without a route: no change can be measured
    # changes from the unrounded figures, then rounded (as the maps' titles give them)
    for i, column in enumerate(("km", "hours")):
        values = np.array([e[i] for e in exact], dtype=float)
        ref = values[base] if base is not None else np.nan
        frame[f"delta_{column}"] = np.round(values - ref, 1)
    name = None if base is None else frame["scenario"].iloc[base]
    frame["baseline"] = name
    frame.attrs["baseline"] = name
    return frame


def date_steps(start: Any, end: Any = "today", every: str = "3m") -> list[dt.date]:
    """Dates from ``start`` to ``end`` (both included when on a step) every ``every``: a count
    and a unit, ``d`` days, ``w`` weeks, ``m`` months, ``y`` years ("3m", "1y", "14d").

    Months keep the start's day of the month where they can (31 January + 1m is 28 or 29
    February).
    """
    first = parse_date(start, what="start date")
    last = parse_date(end, what="end date")
    if last < first:
        raise ScenarioError(f"end date {last} is before start date {first}; swap them")
    match = _STEP.match(str(every))
    if not match or int(match.group(1)) < 1:
        raise ScenarioError(
            f"step {every!r}: give a whole number and a unit d, w, m or y, e.g. '3m' or '14d'"
        )
    count, unit = int(match.group(1)), match.group(2).lower()
    out: list[dt.date] = []
    i = 0
    while True:
        try:  # a step past the calendar's end is past ``last`` too
            day = _step(first, i * count, unit)
        except (OverflowError, ValueError):
            return out
        if day > last:
            return out
        out.append(day)
        i += 1
        if len(out) > 10_000:
            raise ScenarioError(
                f"{first} to {last} every {every} makes more than 10,000 dates; take a longer step"
            )


def _step(first: dt.date, n: int, unit: str) -> dt.date:
    """``first`` plus ``n`` days, weeks, months or years (unit d, w, m, y); a month keeps the
    day of the month where it can."""
    if unit in ("d", "w"):
        return first + dt.timedelta(days=n * (7 if unit == "w" else 1))
    months = n * (12 if unit == "y" else 1)
    year, month = divmod(first.month - 1 + months, 12)
    year += first.year
    month += 1
    last_day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(first.day, last_day))


def timeline(
    network: Network,
    dates: Iterable[Any],
    origin: str,
    destination: str,
    *,
    mover: str | None = None,
    weight: str = "hours",
    model: TravelModel | None = None,
    baseline: str | int = "first-viable",
    progress: bool = True,
) -> pd.DataFrame:
    """:func:`compare` over dated snapshots (``Scenario.at`` of each date, for ``mover``) or
    given scenarios; deltas against the first date with a route unless ``baseline`` says
    otherwise. :func:`date_steps` makes regular dates."""
    if isinstance(dates, (str, dt.date, Scenario)):
        dates = [dates]  # one date, not its characters
    if mover is not None and (not isinstance(mover, str) or not mover.strip()):
        raise ScenarioError(f"mover must be a mover id (data/movers.csv), got {mover!r}")
    scenarios = [
        d
        if isinstance(d, Scenario)
        else Scenario.at(parse_date(d), **({"mover": mover} if mover else {}))
        for d in dates
    ]
    return compare(
        network,
        scenarios,
        origin,
        destination,
        weight=weight,
        model=model,
        baseline=baseline,
        progress=progress,
    )
