"""Field schemas and vocabularies: which fields each layer and table has, their types and
allowed values, and how one value is coerced to its schema type.

One place states them so that reading, validation, resolution and writing agree.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

__all__ = [
    "WGS84",
    "ROAD_CLASSES",
    "SURFACES",
    "PLACE_KINDS",
    "CROSSING_KINDS",
    "NODE_KINDS",
    "ZONE_KINDS",
    "ZONE_KIND_PRIORITY",
    "CONFIDENCES",
    "STANCES",
    "CROSSING_STATUSES",
    "UNKNOWN_POLICIES",
    "MODES",
    "PASSAGE_STATUSES",
    "CHOKEPOINT_PASSAGES",
    "EVENT_KINDS",
    "EVENT_DOMAINS",
    "LOCATION_PRECISIONS",
    "DEFAULT_MOVER",
    "OPEN",
    "PENALISED",
    "BLOCKED",
    "STATE_NAMES",
    "LAYERS",
    "NODE_FIELDS",
    "EDGE_FIELDS",
    "FieldSpec",
    "is_missing",
    "coerce",
    "encode",
]

WGS84 = "EPSG:4326"

ROAD_CLASSES = ("motorway", "highway", "primary", "secondary", "unclassified", "track")
SURFACES = ("paved", "dirt")
PLACE_KINDS = ("city", "town", "junction")
CROSSING_KINDS = ("official", "informal")
NODE_KINDS = (*PLACE_KINDS, "crossing", "boundary")
ZONE_KINDS = (
    "control",
    "presence",
    "insurgency",
    "deconfliction",
    "security",
    "air-interdiction",
)
# Which zone a km of road counts for when zones overlap (Route.km_by_actor), first wins: the
# most local hold on the ground first (a border security zone, the al-Tanf deconfliction
# zone, a presence inside another's territory), then territorial control, then zones where
# an actor operates without holding the ground (insurgency) or from the air. A reporting
# convention, not a finding; among zones of one kind the first in the zones layer wins.
ZONE_KIND_PRIORITY = (
    "security",
    "deconfliction",
    "presence",
    "control",
    "insurgency",
    "air-interdiction",
)
CONFIDENCES = ("high", "medium", "low")
EVENT_KINDS = (
    "airstrike",
    "drone-strike",
    "missile-strike",
    "ground-attack",
    "ambush",
    "ied",
    "seizure",
    "ship-seizure",
    "ship-strike",
    "airport-strike",
    "crossing-strike",
)
EVENT_DOMAINS = ("land", "air", "sea")
LOCATION_PRECISIONS = ("exact", "town", "approximate")

# How the mover regards an actor, and what a crossing's status is on a date.
STANCES = ("passable", "contested", "denied")
CROSSING_STATUSES = ("open", "closed", "reconstruction", "unknown")
UNKNOWN_POLICIES = ("closed", "open")  # how a scenario treats a crossing of unknown status
DEFAULT_MOVER = "iran-axis"

# Transport modes of a leg, and the status of an airspace or a sea chokepoint for the mover
# (data/airspace.csv, data/chokepoints.csv; "unknown" when no row covers the date).
MODES = ("road", "air", "sea", "transfer")
PASSAGE_STATUSES = ("open", "contested", "denied", "unknown")
# chokepoint id (data/chokepoints.csv) -> the passage name of searoute's maritime network
CHOKEPOINT_PASSAGES = {
    "hormuz": "ormuz",
    "bab-el-mandeb": "babalmandab",
    "suez": "suez",
    "gibraltar": "gibraltar",
    "cape-of-good-hope": "south_africa",
    "bosporus": "bosporus",
}

# The state of an edge under a scenario (see corridor.control.EFFECTS for the rule table).
OPEN, PENALISED, BLOCKED = 0, 1, 2
STATE_NAMES = ("open", "penalised", "blocked")

# field -> (type, required, allowed values or None)
FieldSpec = dict[str, tuple[str, bool, "tuple[str, ...] | None"]]

# layer -> (geometry types, field specs)
LAYERS: dict[str, tuple[tuple[str, ...], FieldSpec]] = {
    "places": (
        ("Point",),
        {
            "id": ("str", True, None),
            "name": ("str", True, None),
            "country": ("str", True, None),
            "kind": ("str", True, PLACE_KINDS),
            "aliases": ("list", False, None),
            "population": ("int", False, None),
            "geonameid": ("int", False, None),
            "source": ("str", False, None),
            "source_lon": ("float", False, None),
            "source_lat": ("float", False, None),
        },
    ),
    "crossings": (
        ("Point",),
        {
            "id": ("str", True, None),
            "name": ("str", True, None),
            "kind": ("str", True, CROSSING_KINDS),
            "country_a": ("str", True, None),
            "country_b": ("str", True, None),
            "post_a": ("str", False, None),
            "post_b": ("str", False, None),
            "aliases": ("list", False, None),
            "source": ("str", False, None),
            "note": ("str", False, None),
            "source_lon": ("float", False, None),
            "source_lat": ("float", False, None),
        },
    ),
    "roads": (
        ("LineString",),
        {
            "id": ("str", True, None),
            "road_class": ("str", True, ROAD_CLASSES),
            "surface": ("str", True, SURFACES),
            "road": ("str", False, None),
            "u": ("str", False, None),
            "v": ("str", False, None),
            "source": ("str", False, None),
        },
    ),
    "zones": (
        ("Polygon", "MultiPolygon"),
        {
            "id": ("str", True, None),
            "actor": ("str", True, None),
            "kind": ("str", True, ZONE_KINDS),
            "valid_from": ("date", True, None),
            "valid_to": ("date", False, None),
            "confidence": ("str", True, CONFIDENCES),
            "source": ("str", True, None),
            "quote": ("str", True, None),
            "name": ("str", False, None),
            "shape_note": ("str", False, None),
        },
    ),
    "events": (
        ("Point",),
        {
            "id": ("str", True, None),
            "date": ("date", True, None),
            "kind": ("str", True, EVENT_KINDS),
            "domain": ("str", True, EVENT_DOMAINS),
            "actor": ("str", True, None),
            "attributed": ("str", False, None),
            "target": ("str", False, None),
            "place": ("str", False, None),
            "location_precision": ("str", True, LOCATION_PRECISIONS),
            "confidence": ("str", True, CONFIDENCES),
            "source": ("str", True, None),
            "quote": ("str", True, None),
            "note": ("str", False, None),
        },
    ),
}

# Node and edge attributes of the network graph (besides geometry), with their types.
NODE_FIELDS: dict[str, str] = {
    "name": "str",
    "kind": "str",
    "country": "str",
    "aliases": "list",
    "population": "int",
    "geonameid": "int",
    "crossing_kind": "str",
    "country_a": "str",
    "country_b": "str",
    "post_a": "str",
    "post_b": "str",
    "source": "str",
    "note": "str",
}
EDGE_FIELDS: dict[str, str] = {
    "id": "str",
    "road_id": "str",
    "road": "str",
    "road_class": "str",
    "surface": "str",
    "country": "str",
    "length_km": "float",
    "zones": "list",
    "source": "str",
}


def is_missing(value: Any) -> bool:
    """Whether a cell value means "no value" (None, NaN, pandas NA or NaT)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    import pandas as pd

    return value is pd.NA or value is pd.NaT


def coerce(value: Any, kind: str) -> Any:
    """Convert one attribute value to the schema type ``kind`` (None stays None).

    ``kind`` is "str", "int", "float", "list" (a tuple of str; JSON text or names joined with
    ";" accepted) or "date"
    (ISO text ``YYYY-MM-DD``; dates and timestamps accepted). Raises TypeError or ValueError
    with a short reason when the value cannot be converted.
    """
    import numpy as np  # loaded by then: values come from tables

    if isinstance(value, (list, tuple, np.ndarray)):
        if kind != "list":
            raise TypeError(f"expected a {kind}, got a list")
        return tuple(str(v) for v in value)
    if is_missing(value):
        return None
    if kind == "str":
        if not isinstance(value, str):
            raise TypeError(f"expected text, got {type(value).__name__} {value!r}")
        return value
    if kind in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
            want = "a whole number" if kind == "int" else "a number"
            raise TypeError(f"expected {want}, got {value!r}")
        if kind == "float":
            return float(value)
        if not float(value).is_integer():
            raise TypeError(f"expected a whole number, got {value!r}")
        return int(value)
    if kind == "list":
        if isinstance(value, str) and not value.lstrip().startswith("["):
            # names joined with ";", as export_gpkg and routes_to_gdf(flat=True) write them
            return tuple(v.strip() for v in value.split(";") if v.strip())
        if isinstance(value, str):  # JSON-encoded list, as written to GeoPackage
            try:
                decoded = json.loads(value)
            except json.JSONDecodeError as exc:
                raise TypeError(f"expected a list, got text {value!r}") from exc
            if not isinstance(decoded, list):
                raise TypeError(f"expected a list, got {value!r}")
            return tuple(str(v) for v in decoded)
        raise TypeError(f"expected a list, got {value!r}")
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if hasattr(value, "date") and callable(value.date):  # pandas Timestamp, numpy datetime
            return value.date().isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError as exc:
            raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from exc
    raise AssertionError(f"unknown schema type {kind}")


def encode(value: Any, kind: str) -> Any:
    """A value as stored in a file column (lists as JSON text)."""
    if kind == "list":
        return None if value is None else json.dumps(list(value), ensure_ascii=False)
    return value
