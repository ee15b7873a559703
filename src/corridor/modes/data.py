"""The air and sea tables: airports, ports, aircraft, vessels, services, airspace, chokepoints.

Hand-curated files in ``data/`` (method and gaps in ``data/make/FREIGHT_NOTES.md``):

- ``airports.geojson``, ``ports.geojson``: points (EPSG:4326) with ``id``, ``name``,
  ``country`` (ISO3), ``aliases``, ``source`` and ``quote`` (the coordinate text);
- ``aircraft.csv``: payload (tonnes), cruise speed (km/h), range (km), cost per block hour
  (USD) by type; ``vessels.csv``: cargo (tonnes), speed (knots), charter cost (USD a day);
- ``air_services.csv``, ``sea_services.csv``: flights or port calls a week between two
  airports or ports over a period, with the aircraft or vessel type;
- ``airspace.csv``, ``chokepoints.csv``: whether a country's airspace or a sea chokepoint is
  open, contested or denied to a mover over a period.

Every row cites sources with verbatim quotes or is labelled ``ASSUMPTION:``; reading checks
it all and raises :class:`corridor.DataError` naming the file, row and column.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from .._schema import CHOKEPOINT_PASSAGES, PASSAGE_STATUSES
from ..errors import DataError
from ..freight_data import FreightData, load_freight
from ..names import NameIndex
from ..sourced_tables import (
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
    "Terminal",
    "Craft",
    "Service",
    "PassageRow",
    "ModeData",
    "load_mode_data",
    "bundled_mode_data",
]

AIRCRAFT_COLUMNS = ["type", "payload_t", "cruise_kmh", "range_km", "usd_per_block_h"]
VESSEL_COLUMNS = ["type", "cargo_t", "speed_knots", "usd_per_day"]
PROVENANCE_COLUMNS = ["confidence", "source", "quote", "note"]
SERVICE_COLUMNS = ["origin", "destination", "valid_from", "valid_to"]
PASSAGE_COLUMNS = ["mover", "status", "valid_from", "valid_to"]


@dataclass(frozen=True)
class Terminal:
    """An airport or a sea port: ``lon``, ``lat`` in degrees (EPSG:4326)."""

    id: str
    name: str
    country: str
    lon: float
    lat: float
    aliases: tuple[str, ...]
    source: str
    note: str

    @property
    def label(self) -> str:
        """A short name for tables and maps: "Damascus (DAM)", "Bandar Abbas"."""
        name = re.sub(r"\s*\(.*\)$", "", self.name)
        name = re.sub(r"\s*(International\s+)?(Airport|Air ?base|Airbase)$", "", name, flags=re.I)
        name = re.sub(r"\s*\b(port|oil terminal)$", "", name, flags=re.I).strip()
        return f"{name} ({self.id})" if self.id.isupper() else name


@dataclass(frozen=True)
class Craft:
    """An aircraft or vessel type: ``payload_t`` tonnes, ``speed_kmh``, ``usd_per_h`` (an
    aircraft's block hour, a vessel's charter day / 24), ``range_km`` (NaN for vessels)."""

    type: str
    payload_t: float
    speed_kmh: float
    usd_per_h: float
    range_km: float
    provenance: Provenance


@dataclass(frozen=True)
class Service:
    """Flights or port calls a week (``per_week``) from ``origin`` to ``destination`` by
    ``craft`` over ``valid_from``..``valid_to`` (exclusive; None: no later figure)."""

    origin: str
    destination: str
    craft: str
    per_week: float
    valid_from: dt.date
    valid_to: dt.date | None
    operator: str
    provenance: Provenance

    def covers(self, date: dt.date) -> bool:
        """Whether the row applies on ``date``."""
        return self.valid_from <= date and (self.valid_to is None or date < self.valid_to)


@dataclass(frozen=True)
class PassageRow:
    """A country's airspace or a chokepoint (``key``) for ``mover``: ``status`` over a period."""

    key: str
    mover: str
    status: str
    valid_from: dt.date
    valid_to: dt.date | None
    provenance: Provenance

    def covers(self, date: dt.date) -> bool:
        """Whether the row applies on ``date``."""
        return self.valid_from <= date and (self.valid_to is None or date < self.valid_to)


@dataclass(frozen=True)
class ModeData:
    """The air and sea tables, read and checked (immutable), with the freight defaults."""

    airports: Mapping[str, Terminal]
    ports: Mapping[str, Terminal]
    aircraft: Mapping[str, Craft]
    vessels: Mapping[str, Craft]
    air_services: tuple[Service, ...]
    sea_services: tuple[Service, ...]
    airspace: tuple[PassageRow, ...]
    chokepoints: tuple[PassageRow, ...]
    freight: FreightData
    folder: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "_airport_names", _index(self.airports, "airport"))
        object.__setattr__(self, "_port_names", _index(self.ports, "port"))

    def airport(self, name: str) -> Terminal:
        """The airport with this id, name, IATA code or alias; close matches when unknown."""
        return self.airports[self._airport_names.resolve(name)]  # type: ignore[attr-defined]

    def port(self, name: str) -> Terminal:
        """The port with this id, name or alias; close matches when unknown."""
        return self.ports[self._port_names.resolve(name)]  # type: ignore[attr-defined]

    def status(
        self, table: str, key: str, mover: str, date: dt.date
    ) -> tuple[str, PassageRow | None]:
        """(status, row) of an airspace (``table="airspace"``) or a chokepoint on ``date``;
        ("unknown", None) when no row covers it."""
        rows = self.airspace if table == "airspace" else self.chokepoints
        for row in rows:
            if row.key == key and row.mover == mover and row.covers(date):
                return row.status, row
        return "unknown", None

    def services(self, mode: str, origin: str, destination: str, date: dt.date) -> list[Service]:
        """The air (``mode="air"``) or sea services between two terminals on ``date``."""
        rows = self.air_services if mode == "air" else self.sea_services
        return [
            r
            for r in rows
            if r.origin == origin and r.destination == destination and r.covers(date)
        ]


def _index(terminals: Mapping[str, Terminal], what: str) -> NameIndex:
    return NameIndex(
        ((t.id, t.name, (*t.aliases, t.label.split(" (")[0])) for t in terminals.values()),
        what=what,
        listing=f"data/{what}s.geojson",
    )


# --------------------------------------------------------------------------- reading


def read_terminals(path: Path) -> Mapping[str, Terminal]:
    """Read ``airports.geojson`` or ``ports.geojson`` (points with id, name, country, source)."""
    if not path.exists():
        raise DataError(f"{path}: file not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: not GeoJSON text ({exc})") from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise DataError(f"{path}: not a GeoJSON FeatureCollection")
    out: dict[str, Terminal] = {}
    for i, feature in enumerate(features):
        where = f"{path}, feature {i}"
        props = (feature or {}).get("properties") or {}
        geom = (feature or {}).get("geometry") or {}
        ident = props.get("id")
        if not isinstance(ident, str) or not ident:
            raise DataError(f"{where}: no id")
        where = f"{path}, feature {i} ({ident})"
        if ident in out:
            raise DataError(f"{where}: a second feature with this id")
        coords = geom.get("coordinates") if geom.get("type") == "Point" else None
        if not (isinstance(coords, list) and len(coords) >= 2):
            raise DataError(f"{where}: geometry must be a Point [lon, lat]")
        lon, lat = (float(c) for c in coords[:2])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90) or not math.isfinite(lon + lat):
            raise DataError(f"{where}: [{lon}, {lat}] is not a longitude, latitude in degrees")
        for key in ("name", "country", "source", "quote"):
            if not isinstance(props.get(key), str) or not props[key]:
                raise DataError(f"{where}: property {key!r} is missing or empty")
        aliases = props.get("aliases") or []
        if isinstance(aliases, str) or not all(isinstance(a, str) for a in aliases):
            raise DataError(f"{where}: aliases must be a list of names")
        out[ident] = Terminal(
            ident,
            props["name"],
            props["country"],
            lon,
            lat,
            tuple(aliases)
            + tuple(str(props[k]) for k in ("iata", "icao", "unlocode") if props.get(k)),
            props["source"],
            str(props.get("note") or ""),
        )
    return MappingProxyType(out)


def read_craft(path: Path, kind: str) -> Mapping[str, Craft]:
    """Read ``aircraft.csv`` (``kind="air"``) or ``vessels.csv``."""
    columns = AIRCRAFT_COLUMNS if kind == "air" else VESSEL_COLUMNS
    out: dict[str, Craft] = {}
    for n, row in csv_rows(path, columns + PROVENANCE_COLUMNS):
        name = row["type"]
        if not name:
            raise DataError(f"{cell_where(path, n, 'type')}: empty")
        if name in out:
            raise DataError(f"{cell_where(path, n, 'type')}: a second row for {name!r}")
        prov = provenance_cells(path, n, row)
        if kind == "air":
            payload = number_cell(path, n, row, "payload_t")
            speed = number_cell(path, n, row, "cruise_kmh")
            per_h = number_cell(path, n, row, "usd_per_block_h")
            reach = number_cell(path, n, row, "range_km")
        else:
            payload = number_cell(path, n, row, "cargo_t")
            speed = number_cell(path, n, row, "speed_knots") * 1.852
            per_h = number_cell(path, n, row, "usd_per_day") / 24.0
            reach = math.nan
        out[name] = Craft(name, payload, speed, per_h, reach, prov)
    return MappingProxyType(out)


def read_services(path: Path, kind: str, terminals: Mapping, craft: Mapping) -> tuple[Service, ...]:
    """Read ``air_services.csv`` (``kind="air"``) or ``sea_services.csv``; terminals and
    aircraft or vessel types must exist, and periods of one pair must not overlap."""
    craft_column, count_column = (
        ("aircraft", "flights_per_week") if kind == "air" else ("vessel", "calls_per_week")
    )
    columns = SERVICE_COLUMNS + [craft_column, count_column] + PROVENANCE_COLUMNS
    out: list[Service] = []
    spans: dict[str, list] = {}
    for n, row in csv_rows(path, columns):
        for column in ("origin", "destination"):
            if row[column] not in terminals:
                raise DataError(
                    f"{cell_where(path, n, column)}: {row[column]!r} is not an id of "
                    f"{'airports' if kind == 'air' else 'ports'}.geojson "
                    f"({', '.join(terminals)})"
                )
        if row[craft_column] not in craft:
            raise DataError(
                f"{cell_where(path, n, craft_column)}: {row[craft_column]!r} is not a type of "
                f"{'aircraft' if kind == 'air' else 'vessels'}.csv ({', '.join(craft)})"
            )
        start, end = period_cells(path, n, row)
        count = number_cell(path, n, row, count_column, zero=True)
        prov = provenance_cells(path, n, row)
        out.append(
            Service(
                row["origin"],
                row["destination"],
                row[craft_column],
                count,
                start,
                end,
                row.get("operator", ""),
                prov,
            )
        )
        spans.setdefault(f"{row['origin']}-{row['destination']}", []).append((n, start, end))
    check_no_overlap(path, spans)
    return tuple(out)


def read_passages(path: Path, key_column: str) -> tuple[PassageRow, ...]:
    """Read ``airspace.csv`` (``key_column="country"``) or ``chokepoints.csv``."""
    out: list[PassageRow] = []
    spans: dict[str, list] = {}
    for n, row in csv_rows(path, [key_column] + PASSAGE_COLUMNS + PROVENANCE_COLUMNS):
        key = row[key_column]
        if key_column == "chokepoint" and key not in CHOKEPOINT_PASSAGES:
            raise DataError(
                f"{cell_where(path, n, key_column)}: {key!r}; known chokepoints: "
                f"{', '.join(CHOKEPOINT_PASSAGES)}"
            )
        if key_column == "country" and not (len(key) == 3 and key.isupper()):
            raise DataError(f"{cell_where(path, n, key_column)}: {key!r} is not an ISO3 code")
        if row["status"] not in PASSAGE_STATUSES:
            raise DataError(
                f"{cell_where(path, n, 'status')}: {row['status']!r}; use one of "
                f"{', '.join(PASSAGE_STATUSES)}"
            )
        start, end = period_cells(path, n, row)
        out.append(
            PassageRow(key, row["mover"], row["status"], start, end, provenance_cells(path, n, row))
        )
        spans.setdefault(f"{key} for {row['mover']}", []).append((n, start, end))
    check_no_overlap(path, spans)
    return tuple(out)


def load_mode_data(source: str | Path | None = None) -> ModeData:
    """Read the air and sea tables from a folder (default: the bundled data); a file missing
    from the folder is taken from the bundled data. ``sea_services.csv`` may be absent.

    Raises
    ------
    corridor.DataError
        Naming the file, row and column of the first problem.
    """
    folder = table_folder(source, "data files")

    def path(name: str) -> Path:
        return own_or_bundled(folder, name)

    airports = read_terminals(path("airports.geojson"))
    ports = read_terminals(path("ports.geojson"))
    aircraft = read_craft(path("aircraft.csv"), "air")
    vessels = read_craft(path("vessels.csv"), "sea")
    sea_services: tuple[Service, ...] = ()
    if path("sea_services.csv").exists():
        sea_services = read_services(path("sea_services.csv"), "sea", ports, vessels)
    return ModeData(
        airports=airports,
        ports=ports,
        aircraft=aircraft,
        vessels=vessels,
        air_services=read_services(path("air_services.csv"), "air", airports, aircraft),
        sea_services=sea_services,
        airspace=read_passages(path("airspace.csv"), "country"),
        chokepoints=read_passages(path("chokepoints.csv"), "chokepoint"),
        freight=load_freight(source),
        folder=str(folder),
    )


@lru_cache(maxsize=1)
def bundled_mode_data() -> ModeData:
    """The bundled air and sea tables (read once)."""
    return load_mode_data()
