"""The freight tables: truck figures by crossing and period, freight defaults, fuel prices.

Three hand-curated files in ``data/`` (see ``data/make/FREIGHT_NOTES.md``):

- ``crossing_capacity.csv``: trucks a day (one direction), dwell hours and transshipment per
  border crossing and period;
- ``freight_defaults.csv``: one figure per ``key`` and ``applies_to`` (speeds by road class,
  daily driving and rest hours, payloads, dwell and capacity by crossing kind, road capacity
  by class, fuel use, driver and truck cost, border fees, risk premium, ...);
- ``fuel_prices.csv``: diesel price by country and period, USD a litre.

Every row cites its sources and verbatim quotes (several separated by ``" | "``, in the same
order), or has no source and a note that starts with ``ASSUMPTION:``. Dates are ISO
``YYYY-MM-DD``, ``valid_from`` inclusive, ``valid_to`` exclusive (empty: no later figure was
found). Reading checks all of it and raises :class:`corridor.DataError` naming the file, the
row (as a spreadsheet numbers it: the header is row 1) and the column.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from ._schema import CROSSING_KINDS, ROAD_CLASSES
from .errors import CorridorError, DataError, UnknownNameError
from .sourced_tables import (
    SOURCE_SEPARATOR,
    Provenance,
    cell_where,
    check_no_overlap,
    csv_rows,
    number_cell,
    own_or_bundled,
    period_cells,
    provenance_cells,
    table_folder,
)

__all__ = [
    "SOURCE_SEPARATOR",
    "CAPACITY_COLUMNS",
    "DEFAULTS_COLUMNS",
    "FUEL_COLUMNS",
    "REQUIRED_DEFAULTS",
    "Provenance",
    "CrossingFigures",
    "Default",
    "FuelPrice",
    "FreightData",
    "read_crossing_capacity",
    "read_freight_defaults",
    "read_fuel_prices",
    "load_freight",
    "bundled_freight",
    "check_freight_data",
    "model_figure",
    "model_table",
    "tables_from_data",
]

CAPACITY_COLUMNS = [
    "crossing",
    "valid_from",
    "valid_to",
    "trucks_per_day",
    "dwell_h",
    "transshipment",
    "confidence",
    "source",
    "quote",
    "note",
]
DEFAULTS_COLUMNS = ["key", "value", "unit", "applies_to", "confidence", "source", "quote", "note"]
FUEL_COLUMNS = [
    "country",
    "valid_from",
    "valid_to",
    "usd_per_litre",
    "confidence",
    "source",
    "quote",
    "note",
]
# the defaults the library reads: key -> the applies_to values it needs (None: one row)
REQUIRED_DEFAULTS: Mapping[str, tuple[str, ...] | None] = MappingProxyType(
    {
        "speed_kmh": ROAD_CLASSES,
        "dirt_speed_kmh": ("dirt",),
        "driving_h_per_day": ("truck",),
        "rest_h_per_day": ("truck",),
        "default_truck": ("truck",),
        "dwell_h": CROSSING_KINDS,
        "transshipment_h": ("truck",),
        "security_halt_h_per_100km": ("contested",),
        "trucks_per_day": CROSSING_KINDS + ROAD_CLASSES,
        "fuel_l_per_km": None,
        "driver_usd_per_h": ("truck",),
        "truck_usd_per_h": ("truck",),
        "border_fee_usd_per_truck": CROSSING_KINDS,
        "risk_premium_usd_per_t_km": ("contested",),
    }
)
_ZERO_OK = {"border_fee_usd_per_truck", "risk_premium_usd_per_t_km", "security_halt_h_per_100km"}
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class CrossingFigures:
    """One row of ``crossing_capacity.csv``: a crossing's figures over a period.

    ``trucks_per_day`` is trucks a day in one direction, ``dwell_h`` hours a truck spends at
    the crossing, ``transshipment`` whether cargo is cross-loaded truck to truck there; None
    where the row gives no figure (the defaults by crossing kind then apply).
    """

    crossing: str
    valid_from: dt.date
    valid_to: dt.date | None
    trucks_per_day: float | None
    dwell_h: float | None
    transshipment: bool | None
    provenance: Provenance

    def covers(self, date: dt.date) -> bool:
        """Whether the row applies on ``date`` (``valid_from`` inclusive, ``valid_to`` not)."""
        return self.valid_from <= date and (self.valid_to is None or date < self.valid_to)


@dataclass(frozen=True)
class Default:
    """One row of ``freight_defaults.csv``: ``value`` (a number, or text for
    ``default_truck``) in ``unit`` for ``key`` and ``applies_to``."""

    key: str
    applies_to: str
    value: float | str
    unit: str
    provenance: Provenance


@dataclass(frozen=True)
class FuelPrice:
    """One row of ``fuel_prices.csv``: diesel in ``country`` (ISO3) over a period, USD a litre."""

    country: str
    valid_from: dt.date
    valid_to: dt.date | None
    usd_per_litre: float
    provenance: Provenance

    def covers(self, date: dt.date) -> bool:
        """Whether the row applies on ``date``."""
        return self.valid_from <= date and (self.valid_to is None or date < self.valid_to)

    def days_from(self, date: dt.date) -> int:
        """Days between ``date`` and the row's period (0 inside it)."""
        if date < self.valid_from:
            return (self.valid_from - date).days
        if self.valid_to is not None and date >= self.valid_to:
            return (date - self.valid_to).days + 1
        return 0


@dataclass(frozen=True)
class FreightData:
    """The three freight tables, read and checked (immutable)."""

    crossings: tuple[CrossingFigures, ...]
    defaults: Mapping[tuple[str, str], Default]
    fuel: tuple[FuelPrice, ...]
    folder: str

    def default(self, key: str, applies_to: str) -> Default:
        """The row for ``key`` and ``applies_to``; DataError when there is none."""
        row = self.defaults.get((key, applies_to))
        if row is None:
            have = sorted(a for k, a in self.defaults if k == key)
            raise DataError(
                f"{self.folder}/freight_defaults.csv: no row for key {key!r}, applies_to "
                f"{applies_to!r} (rows for {key!r}: {', '.join(have) or 'none'}); add one with "
                "a source and quote, or an ASSUMPTION: note"
            )
        return row

    def number(self, key: str, applies_to: str) -> float:
        """The value of ``key`` for ``applies_to`` as a number."""
        value = self.default(key, applies_to).value
        assert isinstance(value, float)
        return value

    def by_key(self, key: str) -> dict[str, Default]:
        """Every row of ``key``, by ``applies_to``."""
        return {a: row for (k, a), row in self.defaults.items() if k == key}


# --------------------------------------------------------------------------- reading


def read_crossing_capacity(path: str | Path) -> tuple[CrossingFigures, ...]:
    """Read and check ``crossing_capacity.csv``."""
    path = Path(path)
    out: list = []
    spans: dict[str, list[tuple[int, dt.date, dt.date | None]]] = {}
    for n, row in csv_rows(path, CAPACITY_COLUMNS):
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["crossing"]):
            raise DataError(
                f"{cell_where(path, n, 'crossing')}: {row['crossing']!r} is not a crossing id "
                "(lower case and hyphens, as in crossings.geojson)"
            )
        start, end = period_cells(path, n, row)
        trucks = number_cell(path, n, row, "trucks_per_day", empty=True, zero=True)
        dwell = number_cell(path, n, row, "dwell_h", empty=True)
        flag = row["transshipment"]
        if flag not in ("true", "false", ""):
            raise DataError(
                f"{cell_where(path, n, 'transshipment')}: {flag!r}; use true, false or leave empty"
            )
        if trucks is None and dwell is None and not flag:
            raise DataError(
                f"{path}, row {n}: no figure (trucks_per_day, dwell_h and transshipment are "
                "all empty); give one or drop the row"
            )
        transship = None if not flag else flag == "true"
        prov = provenance_cells(path, n, row)
        out.append(CrossingFigures(row["crossing"], start, end, trucks, dwell, transship, prov))
        spans.setdefault(row["crossing"], []).append((n, start, end))
    check_no_overlap(path, spans)
    return tuple(out)


def read_freight_defaults(path: str | Path) -> Mapping[tuple[str, str], Default]:
    """Read and check ``freight_defaults.csv`` (every key the library needs must be there)."""
    path = Path(path)
    out: dict[tuple[str, str], Default] = {}
    rows: dict[tuple[str, str], int] = {}
    for n, row in csv_rows(path, DEFAULTS_COLUMNS):
        key, applies = row["key"], row["applies_to"]
        if not key:
            raise DataError(f"{cell_where(path, n, 'key')}: empty")
        if (key, applies) in rows:
            raise DataError(
                f"{cell_where(path, n, 'applies_to')}: a second row for key {key!r}, applies_to "
                f"{applies!r} (the first is row {rows[key, applies]})"
            )
        if not row["unit"]:
            raise DataError(f"{cell_where(path, n, 'unit')}: empty; give the unit of the value")
        value: float | str
        if key == "default_truck":
            value = row["value"]
            if not value:
                raise DataError(f"{cell_where(path, n, 'value')}: empty; name a truck type")
        else:
            number = number_cell(path, n, row, "value", zero=key in _ZERO_OK)
            assert number is not None
            value = number
        rows[key, applies] = n
        out[key, applies] = Default(
            key, applies, value, row["unit"], provenance_cells(path, n, row)
        )
    for key, needed in REQUIRED_DEFAULTS.items():
        have = {a for k, a in out if k == key}
        lacking = [a for a in (needed or ()) if a not in have]
        if not have or lacking:
            what = f"applies_to {', '.join(lacking)}" if lacking else "a row"
            raise DataError(
                f"{path}: key {key!r} needs {what}; add the row(s) with a source and quote, "
                "or an ASSUMPTION: note"
            )
    truck = out["default_truck", "truck"].value
    if ("payload_t", truck) not in out:
        raise DataError(
            f"{path}, row {rows['default_truck', 'truck']}, column value: default truck "
            f"{truck!r} has no payload_t row"
        )
    return MappingProxyType(out)


def read_fuel_prices(path: str | Path) -> tuple[FuelPrice, ...]:
    """Read and check ``fuel_prices.csv``."""
    path = Path(path)
    out: list = []
    spans: dict[str, list[tuple[int, dt.date, dt.date | None]]] = {}
    for n, row in csv_rows(path, FUEL_COLUMNS):
        country = row["country"]
        if not _ISO3.match(country):
            raise DataError(f"{cell_where(path, n, 'country')}: {country!r} is not an ISO3 code")
        start, end = period_cells(path, n, row)
        price = number_cell(path, n, row, "usd_per_litre")
        assert price is not None
        out.append(FuelPrice(country, start, end, price, provenance_cells(path, n, row)))
        spans.setdefault(country, []).append((n, start, end))
    check_no_overlap(path, spans)
    return tuple(out)


def load_freight(source: str | Path | None = None) -> FreightData:
    """Read the freight tables from a folder (default: the bundled data).

    A file missing from the folder is taken from the bundled data.

    Raises
    ------
    corridor.DataError
        Naming the file, row and column of the first problem.
    """
    folder = table_folder(source, "freight tables")

    def own(name: str) -> Path:
        return own_or_bundled(folder, name)

    return FreightData(
        crossings=read_crossing_capacity(own("crossing_capacity.csv")),
        defaults=read_freight_defaults(own("freight_defaults.csv")),
        fuel=read_fuel_prices(own("fuel_prices.csv")),
        folder=str(folder),
    )


@lru_cache(maxsize=1)
def bundled_freight() -> FreightData:
    """The bundled freight tables (read once)."""
    return load_freight()


# ------------------------------------------------------------------ figures a user gives a model


# Tables read from freight data (the models' from_data) may hold rows the models never look up
# (load_freight accepts any applies_to): only the names a user gives are checked.
_FROM_DATA: ContextVar[bool] = ContextVar("corridor_tables_from_data", default=False)


@contextmanager
def tables_from_data() -> Iterator[None]:
    """While open, :func:`model_table` takes every name (the tables come from data)."""
    token = _FROM_DATA.set(True)
    try:
        yield
    finally:
        _FROM_DATA.reset(token)


def check_freight_data(data: Any) -> FreightData:
    """``data`` if it is freight tables (:class:`FreightData`), else a CorridorError."""
    if not isinstance(data, FreightData):
        raise CorridorError(
            f"freight data must be corridor.freight_data.FreightData, got {data!r}; read a "
            "folder's tables with corridor.load_freight(path)"
        )
    return data


def model_figure(value: Any, *, owner: str, what: str, positive: bool = False) -> float:
    """``value`` as one figure of a model (``owner``: "TravelModel", "FreightModel"): a finite
    number >= 0 (> 0 with ``positive``), else a CorridorError naming ``what``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.number))
        or not math.isfinite(value)
        or value < 0
        or (positive and value == 0)
    ):
        want = "a positive" if positive else "a non-negative"
        raise CorridorError(f"{owner}: {what} must be {want} finite number, got {value!r}")
    return float(value)


def model_table(
    value: Any, *, owner: str, what: str, keys: Collection[str] | None = None
) -> tuple[tuple[str, float], ...]:
    """``value`` (a mapping, or (name, number) pairs) as a table of a model: sorted (name,
    figure) pairs, every figure a finite number >= 0 and, with ``keys``, every name one of
    them (a misspelt one raises :class:`corridor.UnknownNameError` with close matches)."""
    try:
        pairs = dict(value.items() if isinstance(value, Mapping) else value)
    except (TypeError, ValueError):
        names = f" ({', '.join(keys)})" if keys else ""
        raise CorridorError(
            f"{owner}: {what} must be a mapping of names{names} to numbers, got {value!r}"
        ) from None
    out = {}
    for key, number in pairs.items():
        if not isinstance(key, str):
            raise CorridorError(f"{owner}: {what} keys must be names (str), got {key!r}")
        if keys is not None and key not in keys and not _FROM_DATA.get():
            close = difflib.get_close_matches(key, list(keys), n=2, cutoff=0.6)
            hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            raise UnknownNameError(
                f"{owner}: {what} has no {key!r} (known: {', '.join(keys)}){hint}",
                name=key,
                suggestions=close,
            )
        out[key] = model_figure(number, owner=owner, what=f"{what}[{key!r}]")
    return tuple(sorted(out.items()))
