"""Road classes, surfaces, names and ids of the input features.

Source values (OpenStreetMap ``highway=*``, Geofabrik ``fclass``, Natural Earth roads
``type``) are mapped to corridor's road classes and surfaces; one row of
:class:`RoadAttributes` per input feature (and per snap connector, added later).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..._schema import ROAD_CLASSES, SURFACES
from ...errors import DataError

__all__ = [
    "CLASS_ALIASES",
    "SURFACE_ALIASES",
    "CLASS_COLUMNS",
    "NAME_COLUMNS",
    "ID_COLUMNS",
    "RoadAttributes",
    "as_text",
    "feature_attributes",
]

# Source values of road class columns mapped to corridor road classes. None excludes the road.
CLASS_ALIASES: dict[str, str | None] = {
    **{c: c for c in ROAD_CLASSES},
    "motorway_link": "motorway",
    "freeway": "motorway",
    "expressway": "motorway",
    "trunk": "highway",
    "trunk_link": "highway",
    "major_highway": "highway",
    "beltway": "highway",
    "bypass": "highway",
    "primary_link": "primary",
    "secondary_highway": "primary",
    "secondary_link": "secondary",
    "tertiary": "secondary",
    "tertiary_link": "secondary",
    "unclassified": "secondary",
    "residential": "secondary",
    "living_street": "secondary",
    "service": "secondary",
    "road": "secondary",
    "track": "track",
    "track_grade1": "track",
    "track_grade2": "track",
    "track_grade3": "track",
    "track_grade4": "track",
    "track_grade5": "track",
    "unpaved": "track",
    "footway": None,
    "path": None,
    "cycleway": None,
    "bridleway": None,
    "steps": None,
    "pedestrian": None,
    "corridor": None,
    "construction": None,
    "proposed": None,
    "abandoned": None,
    "ferry": None,
    "ferry_route": None,
}
SURFACE_ALIASES: dict[str, str] = {
    **{s: s for s in SURFACES},
    **dict.fromkeys(
        ("asphalt", "concrete", "paving_stones", "sett", "cobblestone", "metal", "chipseal"),
        "paved",
    ),
    **dict.fromkeys(
        (
            "unpaved",
            "gravel",
            "fine_gravel",
            "compacted",
            "ground",
            "earth",
            "sand",
            "grass",
            "mud",
            "pebblestone",
            "rock",
        ),
        "dirt",
    ),
}
CLASS_COLUMNS = ("road_class", "highway", "fclass", "class", "type")
NAME_COLUMNS = ("road", "name", "ref")
ID_COLUMNS = ("id", "osm_id", "fid")


def _column(gdf: pd.DataFrame, column: str, what: str, where: str) -> np.ndarray:
    if column not in gdf.columns:
        raise DataError(
            f"{where}: no column {column!r} for {what} (columns: "
            f"{', '.join(c for c in gdf.columns if c != gdf.geometry.name)})"
        )
    return gdf[column].to_numpy(dtype=object)


def as_text(values: np.ndarray) -> np.ndarray:
    """Values as str (whole floats without ".0"), missing as None."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    text = np.array(
        [
            v
            if isinstance(v, str)
            else str(int(v))
            if isinstance(v, (float, np.floating)) and float(v).is_integer()
            else str(v)
            for v in uniques
        ]
        + [None],
        dtype=object,
    )
    return text[codes]


def _norm_key(value: Any) -> str:
    return str(value).strip().lower().replace(" ", "_").replace("-", "_")


def _map_values(values: np.ndarray, mapping: Mapping[Any, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Map values through ``mapping`` (the value itself, then its lower-case key with
    underscores); returns (mapped values, whether each was found). Works on the distinct
    values only."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    norm = {_norm_key(k): v for k, v in mapping.items()}
    mapped = np.empty(len(uniques) + 1, dtype=object)
    found = np.zeros(len(uniques) + 1, dtype=bool)
    for i, v in enumerate(uniques):
        if isinstance(v, str) and v in mapping:
            mapped[i], found[i] = mapping[v], True
        elif _norm_key(v) in norm:
            mapped[i], found[i] = norm[_norm_key(v)], True
    return mapped[codes], found[codes]


def _valid_classes(classes: np.ndarray, values: np.ndarray, where: str, what: str) -> np.ndarray:
    """Check that every class is a road class or None (leave the road out)."""
    missing = pd.isna(pd.Series(classes, dtype=object)).to_numpy()
    bad = np.flatnonzero(~missing & ~np.isin(classes.astype(str), ROAD_CLASSES))
    if len(bad):
        i = bad[0]
        raise DataError(
            f"{where}, feature {i}: {what} gives {classes[i]!r} for {values[i]!r}; use one of "
            f"{', '.join(ROAD_CLASSES)} (or None to leave the road out)"
        )
    out = classes.astype(object)
    out[missing] = None
    return out


def _road_classes(
    gdf: gpd.GeoDataFrame,
    spec: str | Mapping | Callable | None,
    class_column: str | None,
    default: str,
    where: str,
) -> tuple[np.ndarray, str]:
    """(road_class per feature, None to leave it out; where the classes came from)."""
    n = len(gdf)
    if default not in ROAD_CLASSES:
        raise DataError(
            f"default_class {default!r} is not a road class; use one of {', '.join(ROAD_CLASSES)}"
        )
    if callable(spec) and not isinstance(spec, Mapping):
        try:
            values = np.asarray(list(spec(gdf)), dtype=object)
        except Exception as exc:
            raise DataError(f"{where}: the road_class function failed ({exc})") from exc
        if len(values) != n:
            raise DataError(
                f"{where}: the road_class function returned {len(values)} values for {n} roads"
            )
        mapped, found = _map_values(values, CLASS_ALIASES)
        classes = np.where(found, mapped, values)
        return _valid_classes(classes, values, where, "the road_class function"), "a function"
    if isinstance(spec, str) and spec not in gdf.columns:
        if spec in ROAD_CLASSES:
            return np.full(n, spec, dtype=object), f"the constant {spec!r}"
        _column(gdf, spec, "road_class", where)  # raises, listing the columns
    column = spec if isinstance(spec, str) else class_column
    mapping = {**CLASS_ALIASES, **(dict(spec) if isinstance(spec, Mapping) else {})}
    if column is None:
        for candidate in CLASS_COLUMNS:
            if candidate in gdf.columns:
                _, found = _map_values(gdf[candidate].to_numpy(dtype=object), mapping)
                if found.any():
                    column = candidate
                    break
    if column is None:
        if isinstance(spec, Mapping):
            raise DataError(
                f"{where}: a road_class mapping was given but no class column was found "
                f"(looked for {', '.join(CLASS_COLUMNS)}); name it with class_column"
            )
        return np.full(n, default, dtype=object), f"the default {default!r} (no class column)"
    values = _column(gdf, column, "road_class", where)
    mapped, found = _map_values(values, mapping)
    classes = np.where(found, mapped, default)
    return _valid_classes(classes, values, where, "the road_class mapping"), f"column {column!r}"


def _surfaces(
    gdf: gpd.GeoDataFrame,
    spec: str | Mapping | None,
    classes: np.ndarray,
    where: str,
) -> np.ndarray:
    """Surface per feature: from a column (mapped) or, where unknown, dirt for tracks."""
    by_class = np.where(classes == "track", "dirt", "paved").astype(object)
    if isinstance(spec, str) and spec not in gdf.columns and spec in SURFACES:
        return np.full(len(gdf), spec, dtype=object)
    column = spec if isinstance(spec, str) else ("surface" if "surface" in gdf.columns else None)
    if column is None:
        if isinstance(spec, Mapping):
            raise DataError(
                f"{where}: a surface mapping was given but the roads have no 'surface' column"
            )
        return by_class
    values = _column(gdf, column, "surface", where)
    mapping = {**SURFACE_ALIASES, **(dict(spec) if isinstance(spec, Mapping) else {})}
    mapped, found = _map_values(values, mapping)
    bad = np.flatnonzero(found & ~np.isin(mapped.astype(str), SURFACES))
    if len(bad):
        i = bad[0]
        raise DataError(
            f"{where}, feature {i}: the surface mapping gives {mapped[i]!r} for {values[i]!r}; "
            "use paved or dirt"
        )
    return np.where(found, mapped, by_class).astype(object)


@dataclass
class RoadAttributes:
    """Per-row road attributes: the features, then snap connectors."""

    ids: np.ndarray
    names: np.ndarray
    cls: np.ndarray  # code into ROAD_CLASSES
    srf: np.ndarray  # code into SURFACES
    sources: np.ndarray

    def extend(self, ids, names, cls, srf, sources) -> None:
        self.ids = np.concatenate([self.ids, np.asarray(ids, dtype=object)])
        self.names = np.concatenate([self.names, np.asarray(names, dtype=object)])
        self.cls = np.concatenate([self.cls, cls])
        self.srf = np.concatenate([self.srf, srf])
        self.sources = np.concatenate([self.sources, np.asarray(sources, dtype=object)])

    def merge_key(self) -> np.ndarray:
        """One integer per row: rows with equal keys may be merged into one edge."""
        names = pd.factorize(pd.Series(self.names, dtype=object), use_na_sentinel=False)[0]
        sources = pd.factorize(pd.Series(self.sources, dtype=object), use_na_sentinel=False)[0]
        combined = names.astype(np.int64) * (int(sources.max(initial=0)) + 1) + sources
        return combined * 16 + self.cls * 2 + self.srf


def feature_attributes(
    gdf, where, id_column, name_column, road_class, class_column, default_class, surface, source
):
    n = len(gdf)
    if id_column is None:
        id_column = next((c for c in ID_COLUMNS if c in gdf.columns), None)
    if id_column:
        ids = as_text(_column(gdf, id_column, "road ids", where))
        missing = pd.isna(pd.Series(ids, dtype=object)).to_numpy()
        ids[missing] = [f"r{i}" for i in np.flatnonzero(missing)]
    else:
        ids = np.array([f"r{i}" for i in range(n)], dtype=object)
    if name_column is None:
        name_column = next((c for c in NAME_COLUMNS if c in gdf.columns), None)
    names = (
        as_text(_column(gdf, name_column, "road names", where))
        if name_column
        else np.full(n, None, dtype=object)
    )
    classes, described = _road_classes(gdf, road_class, class_column, default_class, where)
    excluded = pd.isna(pd.Series(classes, dtype=object)).to_numpy()
    surfaces = _surfaces(gdf, surface, classes, where)
    sources = (
        as_text(gdf["source"].to_numpy(dtype=object))
        if "source" in gdf.columns
        else np.full(n, None, dtype=object)
    )
    sources[pd.isna(pd.Series(sources, dtype=object)).to_numpy()] = source
    attrs = RoadAttributes(
        ids,
        names,
        pd.Categorical(classes, categories=ROAD_CLASSES).codes.astype(np.int64),
        pd.Categorical(surfaces, categories=SURFACES).codes.astype(np.int64),
        sources,
    )
    return attrs, excluded, described
