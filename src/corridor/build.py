"""Bring your own roads: build a corridor network from any road dataset, at scale.

:func:`network_from_roads` turns a layer of road lines (an OpenStreetMap extract, a
humanitarian road layer, Natural Earth roads, ...) into a :class:`corridor.Network` with the
same node and edge attributes as the curated network, so that scenarios, resolution and
routing run on it unchanged. The steps, all vectorised over arrays of coordinates (Shapely 2,
STRtree, NumPy, SciPy; no Python loop over road geometries):

1. read and clean: non-line, empty and invalid features are skipped and counted (or refused
   with ``strict=True``); a projected CRS is reprojected to EPSG:4326, a missing CRS refused;
2. node: lines are split at every vertex they share with another line (optionally also where
   they cross, ``noding="intersections"``);
3. snap: dead ends lying within ``snap_km`` of another dead end are joined by a straight
   connector edge (``source`` "snap: ...", id ``snap-<n>``), unless it would cross a border;
4. components: the largest connected component is kept (``retain_all=False``); the count of
   components and the largest one's share are reported;
5. simplify: chains of degree-2 nodes whose roads agree in class, surface, name and source
   are merged into single edges keeping their full geometry (as OSMnx does);
6. border crossings: where an edge crosses a border line between two countries it is cut at
   a crossing node, matched to a known crossing within ``crossing_km`` (by distance, with the
   road's name as a tie-break) or given a generated id ``xing-<A>-<B>-<n>``;
7. places: each place takes its nearest node, or a node of its own on the nearest road where
   that road passes more than 0.5 km closer (long schematic edges); farther than
   ``place_km`` from every road it is dropped;
8. zones: edges are cut where they cross a control-zone boundary (``boundary`` nodes), so each
   edge lies wholly inside or outside every zone; edges get their country and zones.

All geometry is EPSG:4326 (lon, lat); lengths are geodesic on WGS84, in km. Node ids: places
and matched crossings keep their ids; generated junctions are ``j<n>``, zone-boundary nodes
``b<n>``, unmatched crossings ``xing-<A>-<B>-<n>``.
"""

from __future__ import annotations

import numbers
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pyogrio
import shapely
from scipy import sparse
from scipy.sparse import csgraph

from ._lines import split_lines
from ._schema import LAYERS, NODE_FIELDS, ROAD_CLASSES, SURFACES
from .distance import GEOD, geodesic_distance_km, geodesic_length_km
from .errors import DataError
from .io import bundled_data_dir, check_fields, check_geometries, read_layer
from .names import normalize_name
from .network import Network, _near_sorted
from .validate import country_codes

__all__ = [
    "BuildReport",
    "BuildWarning",
    "CLASS_ALIASES",
    "SURFACE_ALIASES",
    "load_osm_highways",
    "network_from_roads",
]

WGS84 = "EPSG:4326"
GRID = 1e-7  # vertices are put on a 1e-7 degree grid (~1 cm); equal grid points are shared
SCALE = 1e7  # 1 / GRID: grid point q is at q / SCALE (the double nearest the decimal value)
DEFAULT_SNAP_KM = 1.5  # closes the 1.4 km al-Tanf gap of the OSM-derived highway layer
DEFAULT_PLACE_KM = 25.0
DEFAULT_CROSSING_KM = 10.0
CROSSING_MERGE_KM = 2.0  # other road-border intersections this close to a matched crossing join it
NAME_BONUS_KM = 1.0  # a road whose name matches a crossing counts this much closer to it
PLACE_CUT_KM = 0.5  # a place gets its own node on a road passing this much closer than any node
END_DEG = 5e-4  # border intersections this close (~50 m) to a dead end are not crossings
ZONE_CUT_MERGE_DEG = 5e-4  # as in corridor.network: one zone-boundary node per ~50 m
SAME_CUT_DEG = 1e-6  # intersections closer than this along one edge are the same point
KM_DECIMALS = 6
KM_PER_DEG = 111.0  # a little under the true value, so degree search radii are generous

OSM_HIGHWAYS_SOURCE = (
    "OpenStreetMap-derived highway graph (scgraph_data 2.0.0 world_highways), "
    "© OpenStreetMap contributors, ODbL 1.0"
)

# Source values of road class columns (OpenStreetMap highway=*, Geofabrik fclass, Natural
# Earth roads type) mapped to corridor road classes. None excludes the road.
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

Layer = gpd.GeoDataFrame | str | Path


class BuildWarning(UserWarning):
    """Something in the road data was skipped, dropped or guessed while building a network."""


@dataclass
class BuildReport:
    """What :func:`network_from_roads` did, with counts, for checking a build.

    Stored on the result as ``network.graph.graph["build_report"]``.

    Attributes
    ----------
    source : str
        The road file or "roads GeoDataFrame".
    crs : str
        The CRS of the input roads (reprojected to EPSG:4326 when different).
    features : int
        Road features read.
    skipped : dict
        Features skipped, by reason ("missing geometry", "empty geometry", "not a line: Point",
        "invalid line", "excluded by road class").
    lines : int
        Line parts used (multi-lines are split into their parts).
    segments : int
        Node-to-node segments after noding.
    snapped : pandas.DataFrame
        The connectors added by snapping: lon/lat of both ends and ``km``.
    components : int
        Connected components after snapping.
    largest_share_nodes, largest_share_km : float
        Share (0-1) of nodes and of road km in the largest component.
    dropped : dict
        What was dropped with the smaller components (``retain_all=False``): components,
        nodes, segments, km.
    places : pandas.DataFrame
        One row per place: ``id``, ``node`` (None when dropped), ``km`` to its node.
    crossings : pandas.DataFrame
        One row per crossing node: ``id``, ``known`` (bool), ``countries``, ``km`` from the
        known crossing's coordinate (NaN for generated), ``intersections`` (road-border
        intersections it stands for).
    known_without_road : list of str
        Known crossings no road of the dataset crosses the border near; kept as isolated
        crossing nodes so that scenarios naming them still resolve.
    road_class : str
        Where road classes came from.
    nodes, edges : int
        Size of the final graph.
    timings : dict
        Seconds spent per step.
    """

    source: str = ""
    crs: str = ""
    features: int = 0
    skipped: dict = field(default_factory=dict)
    lines: int = 0
    segments: int = 0
    snapped: pd.DataFrame = field(default_factory=pd.DataFrame)
    components: int = 0
    largest_share_nodes: float = 1.0
    largest_share_km: float = 1.0
    dropped: dict = field(default_factory=dict)
    places: pd.DataFrame = field(default_factory=pd.DataFrame)
    crossings: pd.DataFrame = field(default_factory=pd.DataFrame)
    known_without_road: list = field(default_factory=list)
    road_class: str = ""
    nodes: int = 0
    edges: int = 0
    timings: dict = field(default_factory=dict)

    def summary(self) -> str:
        """A few lines for humans."""
        skipped = ", ".join(f"{v} {k}" for k, v in self.skipped.items()) or "none"
        placed = int(self.places["node"].notna().sum()) if len(self.places) else 0
        known = int(self.crossings["known"].sum()) if len(self.crossings) else 0
        lines = [
            f"{self.source} ({self.crs}): {self.features} features, skipped: {skipped}",
            f"{self.lines} lines -> {self.segments} segments; {len(self.snapped)} snapped gaps",
            f"{self.components} components; largest {self.largest_share_nodes:.1%} of nodes, "
            f"{self.largest_share_km:.1%} of km",
            f"places attached {placed}/{len(self.places)}; crossings {len(self.crossings)} "
            f"({known} known); known without a road: {', '.join(self.known_without_road) or '-'}",
            f"graph: {self.nodes} nodes, {self.edges} edges; road class from {self.road_class}",
        ]
        return "\n".join(lines)


# --------------------------------------------------------------------------- small helpers


# node attribute <- known-crossing column, for crossings matched or kept from the known table
_CROSSING_FIELDS = {
    "name": "name",
    "aliases": "aliases",
    "crossing_kind": "kind",
    "post_a": "post_a",
    "post_b": "post_b",
    "source": "source",
}


def _timer(timings: dict, step: str, start: float) -> float:
    now = time.perf_counter()
    timings[step] = timings.get(step, 0.0) + now - start
    return now


def _deg_radius(km: float, lat: np.ndarray) -> np.ndarray:
    """A radius in degrees that covers ``km`` around points at latitude ``lat`` (any bearing)."""
    cos = np.cos(np.radians(np.minimum(np.abs(lat) + km / KM_PER_DEG, 89.0)))
    return km / (KM_PER_DEG * cos)


def _ragged_index(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(owner, offset within owner) for a ragged array with the given part lengths."""
    lengths = np.asarray(lengths, dtype=np.int64)
    owner = np.repeat(np.arange(len(lengths)), lengths)
    starts = np.cumsum(lengths) - lengths
    return owner, np.arange(len(owner)) - starts[owner]


def _ragged_length_km(xy: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """Geodesic length (km) of each polyline of a ragged coordinate array."""
    n = len(ptr) - 1
    if len(xy) < 2:
        return np.zeros(n)
    owner = np.repeat(np.arange(n), np.diff(ptr))
    same = owner[1:] == owner[:-1]
    a, b = xy[:-1][same], xy[1:][same]
    _, _, d = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    return np.bincount(owner[1:][same], weights=d, minlength=n) / 1000.0


def _subset_ragged(xy: np.ndarray, ptr: np.ndarray, keep: np.ndarray):
    lengths = np.diff(ptr)
    owner = np.repeat(np.arange(len(lengths)), lengths)
    new_lengths = lengths[keep]
    return xy[keep[owner]], np.concatenate([[0], np.cumsum(new_lengths)])


def _greedy_match(a: np.ndarray, b: np.ndarray, score: np.ndarray, n_a: int, n_b: int):
    """One-to-one matching of candidate pairs (a, b), best (lowest) score first.

    Returns ``match`` of length ``n_a``: the b matched to each a, or -1.
    """
    match = np.full(n_a, -1, dtype=np.int64)
    taken = np.zeros(n_b, dtype=bool)
    order = np.argsort(score, kind="stable")
    a, b = a[order], b[order]
    while len(a):
        live = (match[a] < 0) & ~taken[b]
        a, b = a[live], b[live]
        if not len(a):
            break
        # each a proposes its best free b; each b accepts its best proposal
        _, first_a = np.unique(a, return_index=True)
        first_a.sort()
        pa, pb = a[first_a], b[first_a]
        _, first_b = np.unique(pb, return_index=True)
        match[pa[first_b]] = pb[first_b]
        taken[pb[first_b]] = True
    return match


def _points_in_polygons(xy: np.ndarray, polygons: np.ndarray, *, cells: int = 256):
    """Pairs (point, polygon) with the point inside the polygon (interior or boundary).

    A grid over the points sorts cells into inside / outside / on the boundary of each
    polygon; only points in boundary cells are tested exactly (prepared polygons).
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(xy) == 0 or len(polygons) == 0:
        return empty, empty
    x0, y0 = xy.min(axis=0)
    x1, y1 = xy.max(axis=0)
    size = max(x1 - x0, y1 - y0, 1e-9) / cells * (1 + 1e-9)
    nx_, ny_ = int((x1 - x0) / size) + 1, int((y1 - y0) / size) + 1
    ci = np.minimum(((xy[:, 0] - x0) / size).astype(np.int64), nx_ - 1)
    cj = np.minimum(((xy[:, 1] - y0) / size).astype(np.int64), ny_ - 1)
    cell = ci * ny_ + cj
    used, point_cell = np.unique(cell, return_inverse=True)
    ux, uy = used // ny_, used % ny_
    boxes = shapely.box(x0 + ux * size, y0 + uy * size, x0 + (ux + 1) * size, y0 + (uy + 1) * size)
    tree = shapely.STRtree(boxes)
    polygons = np.asarray(polygons, dtype=object)
    shapely.prepare(polygons)
    p_in, c_in = tree.query(polygons, predicate="contains_properly")
    p_any, c_any = tree.query(polygons, predicate="intersects")
    inside = np.zeros(len(p_any), dtype=bool)
    if len(p_in):
        key_in = p_in * len(used) + c_in
        key_any = p_any * len(used) + c_any
        inside = np.isin(key_any, key_in)
    # points of each cell, grouped
    order = np.argsort(point_cell, kind="stable")
    counts = np.bincount(point_cell, minlength=len(used))
    starts = np.cumsum(counts) - counts

    def expand(poly, cell_idx):
        n = counts[cell_idx]
        owner, off = _ragged_index(n)
        return order[starts[cell_idx][owner] + off], poly[owner]

    pt_a, poly_a = expand(p_any[inside], c_any[inside])
    pt_b, poly_b = expand(p_any[~inside], c_any[~inside])
    hit = shapely.intersects_xy(polygons[poly_b], xy[pt_b, 0], xy[pt_b, 1])
    return np.concatenate([pt_a, pt_b[hit]]), np.concatenate([poly_a, poly_b[hit]])


def _locate(xy: np.ndarray, polygons: np.ndarray) -> np.ndarray:
    """Index of the first polygon holding each point, else of the nearest polygon."""
    out = np.full(len(xy), -1, dtype=np.int64)
    pt, poly = _points_in_polygons(xy, polygons)
    order = np.lexsort((poly, pt))
    first = np.concatenate([[True], pt[order][1:] != pt[order][:-1]])[: len(pt)]
    out[pt[order][first]] = poly[order][first]
    lost = np.flatnonzero(out < 0)
    if len(lost):
        tree = shapely.STRtree(polygons)
        q, t = tree.query_nearest(shapely.points(xy[lost]), all_matches=False)
        out[lost[q]] = t
    return out


def _segments_of(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two-point segments of (multi)lines or polygon boundaries, with the owner index."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    rings = shapely.get_type_id(parts) == 3
    if rings.any():
        bounds = shapely.boundary(parts[rings])
        bparts, bowner = shapely.get_parts(bounds, return_index=True)
        parts = np.concatenate([parts[~rings], bparts])
        owner = np.concatenate([owner[~rings], owner[rings][bowner]])
    xy, part = shapely.get_coordinates(parts, return_index=True)
    same = part[1:] == part[:-1]
    a, b = xy[:-1][same], xy[1:][same]
    keep = np.any(a != b, axis=1)
    segs = shapely.linestrings(np.stack([a[keep], b[keep]], axis=1))
    return segs, owner[part[:-1][same][keep]]


# --------------------------------------------------------------------------- input layers


def _read_roads(roads: Layer, layer: str | None) -> tuple[gpd.GeoDataFrame, str]:
    if isinstance(roads, gpd.GeoDataFrame):
        return roads, roads.attrs.get("source_path", "roads GeoDataFrame")
    if isinstance(roads, (str, Path)):
        path = Path(roads)
        if not path.exists():
            raise DataError(f"{path}: file not found (roads)")
        where = str(path) + (f" layer {layer!r}" if layer else "")
        try:
            gdf = pyogrio.read_dataframe(path, layer=layer)
        except Exception as exc:  # pyogrio's DataSourceError and friends
            raise DataError(f"{where}: cannot be read as a road layer ({exc})") from exc
        if not isinstance(gdf, gpd.GeoDataFrame):
            raise DataError(f"{where}: has no geometry column; expected road lines")
        return gdf, where
    raise DataError(
        f"roads must be a GeoDataFrame or the path of a file pyogrio can read, "
        f"got {type(roads).__name__}"
    )


def _to_wgs84(gdf: gpd.GeoDataFrame, where: str) -> tuple[gpd.GeoDataFrame, str]:
    """The layer in EPSG:4326: a missing CRS is refused, any other CRS reprojected."""
    if gdf.crs is None:
        raise DataError(
            f"{where}: no CRS; set the one the coordinates are in first, e.g. "
            "gdf.set_crs('EPSG:4326') for longitude/latitude or gdf.set_crs('EPSG:32638') for "
            "UTM 38N metres"
        )
    label = gdf.crs.to_string()
    if gdf.crs.to_epsg() == 4326:
        return gdf, label
    try:
        return gdf.to_crs(WGS84), label
    except Exception as exc:  # pyproj errors
        raise DataError(f"{where}: cannot reproject from {label} to EPSG:4326 ({exc})") from exc


def _layer(value: Layer | None | Literal[False], name: str) -> gpd.GeoDataFrame | None:
    """A side layer: None means the bundled one, False none, else a GeoDataFrame or a path."""
    if value is False:
        return None
    if value is None:
        return read_layer(bundled_data_dir(), name)
    if isinstance(value, (str, Path)):
        return read_layer(value, name)
    if not isinstance(value, gpd.GeoDataFrame):
        raise DataError(
            f"{name} must be a GeoDataFrame, a path, None (the bundled layer) or False (none), "
            f"got {type(value).__name__}"
        )
    where = value.attrs.get("source_path", f"{name} GeoDataFrame")
    gdf, _ = _to_wgs84(value, where)
    if name in LAYERS:
        types, fields = LAYERS[name]
        check_geometries(gdf, where, types)
        gdf = check_fields(gdf, where, fields)
    else:
        check_geometries(gdf, where, ("LineString", "MultiLineString", "Polygon", "MultiPolygon"))
    gdf.attrs["source_path"] = where
    return gdf


# --------------------------------------------------------------------------- road attributes


def _column(gdf: pd.DataFrame, column: str, what: str, where: str) -> np.ndarray:
    if column not in gdf.columns:
        raise DataError(
            f"{where}: no column {column!r} for {what} (columns: "
            f"{', '.join(c for c in gdf.columns if c != gdf.geometry.name)})"
        )
    return gdf[column].to_numpy(dtype=object)


def _text(values: np.ndarray) -> np.ndarray:
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


# --------------------------------------------------------------------------- lines and noding


def _line_parts(
    geoms: np.ndarray,
    excluded: np.ndarray,
    where: str,
    ids: np.ndarray,
    strict: bool,
    skipped: dict,
):
    """Line parts of the usable features: (parts, feature index of each part)."""
    type_id = np.where(excluded, 1, shapely.get_type_id(geoms))
    missing = type_id < 0
    empty = ~missing & ~excluded & shapely.is_empty(geoms)
    line = np.isin(type_id, (1, 2, 5)) & ~excluded
    names = {0: "Point", 3: "Polygon", 4: "MultiPoint", 6: "MultiPolygon", 7: "GeometryCollection"}
    problems = [("missing geometry", missing), ("empty geometry", empty)]
    other = ~missing & ~empty & ~line & ~excluded
    for t in np.unique(type_id[other]):
        problems.append((f"not a line: {names.get(int(t), str(t))}", other & (type_id == t)))
    for reason, mask in problems:
        bad = np.flatnonzero(mask)
        if not len(bad):
            continue
        if strict:
            raise DataError(
                f"{where}, feature {bad[0]} (id {ids[bad[0]]!r}): {reason}; expected a "
                f"LineString or MultiLineString ({len(bad)} such features; pass strict=False "
                "to skip them)"
            )
        skipped[reason] = skipped.get(reason, 0) + len(bad)
    ok = np.flatnonzero(line & ~empty)
    parts, owner = shapely.get_parts(geoms[ok], return_index=True)
    keep = ~shapely.is_empty(parts)
    return parts[keep], ok[owner[keep]]


def _vertices(parts: np.ndarray, part_feature: np.ndarray, where, ids, strict, skipped):
    """Grid vertices of the line parts without consecutive repeats, and the parts kept.

    Returns (q, owner, kept parts) where q holds integer grid coordinates.
    """
    coords, owner = shapely.get_coordinates(parts, return_index=True)
    finite = np.isfinite(coords).all(axis=1)
    out = finite & ((np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90))
    if out.any():
        k = np.flatnonzero(out)[0]
        x, y = coords[k]
        f = part_feature[owner[k]]
        hint = (
            "these look like projected metres: the layer's CRS is wrong; set the CRS the "
            "coordinates are in"
            if max(abs(x), abs(y)) > 1000
            else "are longitude and latitude swapped?"
        )
        raise DataError(
            f"{where}, feature {f} (id {ids[f]!r}): coordinate ({x:g}, {y:g}) is outside the "
            f"longitude/latitude range; {hint}"
        )
    bad_part = np.zeros(len(parts), dtype=bool)
    bad_part[owner[~finite]] = True
    q = np.zeros(coords.shape, dtype=np.int64)
    q[finite] = np.rint(coords[finite] * SCALE).astype(np.int64)
    repeat = np.concatenate([[False], (owner[1:] == owner[:-1]) & np.all(q[1:] == q[:-1], axis=1)])
    repeat = repeat[: len(q)]
    keep_v = ~repeat & ~bad_part[owner]
    n_distinct = np.bincount(owner[keep_v], minlength=len(parts))
    bad_part |= n_distinct < 2
    if bad_part.any():
        bad_features = np.unique(part_feature[bad_part])
        if strict:
            f = bad_features[0]
            raise DataError(
                f"{where}, feature {f} (id {ids[f]!r}): invalid line (fewer than two distinct "
                f"points, or NaN coordinates) ({len(bad_features)} such features; pass "
                "strict=False to skip them)"
            )
        skipped["invalid line"] = skipped.get("invalid line", 0) + len(bad_features)
    keep_v &= ~bad_part[owner]
    kept = np.flatnonzero(~bad_part)
    renumber = np.cumsum(~bad_part) - 1
    return q[keep_v], renumber[owner[keep_v]], kept


def _grid_key(q: np.ndarray) -> np.ndarray:
    """One int64 per grid point (lon and lat on the 1e-7 degree grid)."""
    return ((q[:, 0] + 1_800_000_000) << 31) | (q[:, 1] + 900_000_000)


def _cut_at_crossings(parts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split lines where they cross or touch another line (grid-rounded shared points)."""
    tree = shapely.STRtree(parts)
    a, b = tree.query(parts, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    inter = shapely.intersection(parts[a], parts[b])
    xy, which = shapely.get_coordinates(inter, return_index=True)
    xy = np.rint(xy * SCALE) / SCALE
    cut_line = np.concatenate([a[which], b[which]])
    cut_xy = np.concatenate([xy, xy])
    cut_pos = shapely.line_locate_point(parts[cut_line], shapely.points(cut_xy))
    pieces, piece_line, _ = split_lines(parts, cut_line, cut_pos, cut_xy)
    return pieces, piece_line


@dataclass
class _Segments:
    """Node-to-node road segments as ragged coordinate arrays."""

    xy: np.ndarray  # (n_vertices, 2) float, on the grid
    ptr: np.ndarray  # (n_segments + 1,) offsets into xy
    u: np.ndarray  # start node index
    v: np.ndarray  # end node index
    attr: np.ndarray  # row of the attribute table
    node_xy: np.ndarray  # (n_nodes, 2)


def _node_at_vertices(q: np.ndarray, owner: np.ndarray, line_attr: np.ndarray) -> _Segments:
    """Split lines at every vertex shared with another line (or repeated within one)."""
    key = _grid_key(q)
    uniq, vid, counts = np.unique(key, return_inverse=True, return_counts=True)
    n_lines = int(owner.max()) + 1 if len(owner) else 0
    line_start = np.concatenate([[True], owner[1:] != owner[:-1]])
    line_end = np.concatenate([owner[1:] != owner[:-1], [True]])
    is_node_v = counts >= 2
    is_node_v[vid[line_start]] = True
    is_node_v[vid[line_end]] = True
    node_flag = is_node_v[vid]
    # compact node numbering, in grid-key order (deterministic)
    node_of_vertex = np.cumsum(is_node_v) - 1
    node_xy = np.empty((int(is_node_v.sum()), 2))
    node_xy[node_of_vertex[vid[node_flag]]] = q[node_flag] / SCALE

    c = np.cumsum(node_flag)
    first_idx = np.flatnonzero(line_start)
    n_per = np.diff(np.concatenate([first_idx, [len(q)]]))
    base = (c - node_flag)[first_idx]
    c_in = c - np.repeat(base, n_per)  # node vertices up to and including this one, per line
    seg_local = c_in - 1
    seg_local[line_end] -= 1
    segs_per_line = c_in[line_end] - 1
    seg_base = np.concatenate([[0], np.cumsum(segs_per_line)[:-1]])
    seg_global = seg_base[owner] + seg_local
    interior = np.flatnonzero(node_flag & ~line_start & ~line_end)
    all_q = np.concatenate([q, q[interior]])
    all_seg = np.concatenate([seg_global, seg_global[interior] - 1])
    all_pos = np.concatenate([np.arange(len(q)), interior])
    all_vid = np.concatenate([vid, vid[interior]])
    order = np.lexsort((all_pos, all_seg))
    all_q, all_seg, all_vid = all_q[order], all_seg[order], all_vid[order]
    n_seg = int(segs_per_line.sum())
    seg_len = np.bincount(all_seg, minlength=n_seg)
    ptr = np.concatenate([[0], np.cumsum(seg_len)])
    u = node_of_vertex[all_vid[ptr[:-1]]]
    v = node_of_vertex[all_vid[ptr[1:] - 1]]
    attr = np.repeat(line_attr[:n_lines], segs_per_line)
    return _Segments(all_q / SCALE, ptr, u, v, attr, node_xy)


# --------------------------------------------------------------------------- snapping


def _snap_pairs(
    seg: _Segments, snap_km: float, border: _Borders | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of dead ends within ``snap_km`` of each other: each end to its nearest other end
    that a straight connector reaches without crossing (or touching) a border."""
    n = len(seg.node_xy)
    empty = np.zeros(0, dtype=np.int64)
    if snap_km <= 0 or n == 0:
        return empty, empty, np.zeros(0)
    deg = np.bincount(seg.u, minlength=n) + np.bincount(seg.v, minlength=n)
    dangles = np.flatnonzero(deg == 1)
    if len(dangles) < 2:
        return empty, empty, np.zeros(0)
    ends = np.concatenate([seg.u, seg.v])
    others = np.concatenate([seg.v, seg.u])
    other_end = np.full(n, -1, dtype=np.int64)
    one = deg[ends] == 1
    other_end[ends[one]] = others[one]
    pts = shapely.points(seg.node_xy[dangles])
    tree = shapely.STRtree(pts)
    radius = _deg_radius(snap_km, seg.node_xy[dangles, 1])
    a, b = tree.query(pts, predicate="dwithin", distance=radius)
    a, b = dangles[a], dangles[b]
    keep = (a != b) & (other_end[a] != b)
    a, b = a[keep], b[keep]
    d = geodesic_distance_km(*seg.node_xy[a].T, *seg.node_xy[b].T)
    keep = d <= snap_km
    a, b, d = a[keep], b[keep], d[keep]
    if border is not None and len(a):
        conn = shapely.linestrings(np.stack([seg.node_xy[a], seg.node_xy[b]], axis=1))
        hit, _ = border.tree.query(conn, predicate="intersects")
        keep = np.ones(len(a), dtype=bool)
        keep[hit] = False
        a, b, d = a[keep], b[keep], d[keep]
    order = np.lexsort((b, d, a))
    a, b, d = a[order], b[order], d[order]
    first = np.concatenate([[True], a[1:] != a[:-1]]) if len(a) else np.zeros(0, bool)
    a, b, d = a[first], b[first], d[first]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    pair = lo * n + hi
    _, idx = np.unique(pair, return_index=True)
    return lo[idx], hi[idx], d[idx]


# --------------------------------------------------------------------------- simplification


def _simplify(seg: _Segments, protected: np.ndarray, key: np.ndarray):
    """Merge chains of degree-2 nodes into single edges keeping their geometry.

    A node is merged away when it has degree 2, is not protected, joins two different
    segments, and both segments have the same ``key``. Returns the edges as
    (xy, ptr, u, v, head segment).
    """
    n, s = len(seg.node_xy), len(seg.u)
    deg = np.bincount(seg.u, minlength=n) + np.bincount(seg.v, minlength=n)
    ends = np.concatenate([seg.u, seg.v])
    end_seg = np.concatenate([np.arange(s), np.arange(s)])
    end_side = np.concatenate([np.zeros(s, np.int64), np.ones(s, np.int64)])
    order = np.argsort(ends, kind="stable")
    ptr = np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=n))])

    def links(protected):
        cand = np.flatnonzero((deg == 2) & ~protected)
        i1, i2 = order[ptr[cand]], order[ptr[cand] + 1]
        s1, s2 = end_seg[i1], end_seg[i2]
        ok = (s1 != s2) & (key[s1] == key[s2])
        return cand[ok], s1[ok], end_side[i1][ok], s2[ok], end_side[i2][ok]

    node, s1, side1, s2, side2 = links(protected)
    # a chain closed on itself (all its nodes mergeable) keeps its lowest node
    if len(node):
        g = sparse.coo_matrix((np.ones(len(node)), (s1, s2)), shape=(s, s))
        _, comp = csgraph.connected_components(g, directed=False)
        n_links = np.bincount(comp[s1], minlength=comp.max() + 1)
        n_segs = np.bincount(comp, minlength=comp.max() + 1)
        cyc = n_links == n_segs
        if cyc.any():
            in_cycle = cyc[comp[s1]]
            lowest = pd.Series(node[in_cycle]).groupby(comp[s1][in_cycle]).min().to_numpy()
            protected = protected.copy()
            protected[lowest] = True
            node, s1, side1, s2, side2 = links(protected)
    # directed copies: 2*s + d, d=0 along the segment, d=1 against it; exit side = 1 - d
    succ = np.full(2 * s, -1, dtype=np.int64)
    succ[2 * s1 + (1 - side1)] = 2 * s2 + side2
    succ[2 * s2 + (1 - side2)] = 2 * s1 + side1
    has_pred = np.zeros(2 * s, dtype=bool)
    has_pred[succ[succ >= 0]] = True
    # pointer jumping: steps to the end of the chain and the last copy
    dist = (succ >= 0).astype(np.int64)
    nxt = succ.copy()
    last = np.where(succ >= 0, succ, np.arange(2 * s))
    while (nxt >= 0).any():
        live = nxt >= 0
        j = nxt[live]
        dist[live] += dist[j]
        last[live] = last[j]
        nxt[live] = nxt[j]
    # one head per chain: of its two heads, the one on the lower segment (forward if alone)
    heads = np.flatnonzero(~has_pred)
    head_last = last[heads]
    chain_pair = np.minimum(heads, head_last ^ 1)  # both directions share this id
    order_h = np.lexsort((heads, chain_pair))
    heads, chain_pair = heads[order_h], chain_pair[order_h]
    pick = np.concatenate([[True], chain_pair[1:] != chain_pair[:-1]])[: len(heads)]
    chosen = heads[pick]
    chain_of_last = np.full(2 * s, -1, dtype=np.int64)
    chain_of_last[last[chosen]] = np.arange(len(chosen))
    copies = np.flatnonzero(chain_of_last[last] >= 0)
    chain = chain_of_last[last[copies]]
    rank = dist[chosen][chain] - dist[copies]
    o = np.lexsort((rank, chain))
    copies, chain, rank = copies[o], chain[o], rank[o]
    cs, cd = copies // 2, copies % 2
    # coordinates: each copy's segment in its direction, dropping the shared first vertex
    seg_len = np.diff(seg.ptr)
    take = seg_len[cs] - (rank > 0)
    owner, off = _ragged_index(take)
    skip = (rank > 0)[owner]
    fwd = seg.ptr[cs][owner] + off + skip
    bwd = seg.ptr[cs + 1][owner] - 1 - off - skip
    idx = np.where(cd[owner] == 0, fwd, bwd)
    xy = seg.xy[idx]
    edge_len = np.bincount(chain[owner], minlength=len(chosen))
    eptr = np.concatenate([[0], np.cumsum(edge_len)])
    head_seg, head_dir = chosen // 2, chosen % 2
    u = np.where(head_dir == 0, seg.u[head_seg], seg.v[head_seg])
    tail = last[chosen]
    tail_seg, tail_dir = tail // 2, tail % 2
    v = np.where(tail_dir == 0, seg.v[tail_seg], seg.u[tail_seg])
    return xy, eptr, u, v, head_seg


# --------------------------------------------------------------------------- borders, crossings


@dataclass
class _Borders:
    segments: np.ndarray  # two-point LineStrings
    pair: np.ndarray  # "AAA|BBB" (sorted codes) per segment
    tree: shapely.STRtree


def _border_segments(borders: gpd.GeoDataFrame | None) -> _Borders | None:
    """Border lines between two different countries, as an STRtree of two-point segments."""
    if borders is None or not len(borders):
        return None
    where = borders.attrs.get("source_path", "borders")
    for left, right in (("adm0_a3_l", "adm0_a3_r"), ("country_a", "country_b")):
        if {left, right} <= set(borders.columns):
            break
    else:
        raise DataError(
            f"{where}: a borders layer needs the codes of the countries on each side, in "
            "columns adm0_a3_l and adm0_a3_r (as Natural Earth boundary lines) or country_a "
            "and country_b"
        )
    a = _text(borders[left].to_numpy(dtype=object))
    b = _text(borders[right].to_numpy(dtype=object))
    ok = np.array([x is not None and y is not None and x != y for x, y in zip(a, b)], dtype=bool)
    if not ok.any():
        return None
    pair = np.array(["|".join(sorted((x, y))) for x, y in zip(a[ok], b[ok])], dtype=object)
    segs, owner = _segments_of(np.asarray(borders.geometry.values, dtype=object)[ok])
    return _Borders(segs, pair[owner], shapely.STRtree(segs))


def _name_keys(*names) -> set[str]:
    out: set[str] = set()
    for name in names:
        if isinstance(name, str):
            key = normalize_name(name)
            if len(key) >= 4:
                out.add(key)
        elif isinstance(name, (list, tuple, np.ndarray)):
            out |= _name_keys(*name)
    return out


@dataclass
class _Crossings:
    cut_edge: np.ndarray
    cut_pos: np.ndarray
    cut_xy: np.ndarray
    cut_node: np.ndarray  # row of ``nodes`` for each cut
    nodes: pd.DataFrame  # id, country_a, country_b, known (row or -1), x, y, km, n
    unmatched_known: np.ndarray  # rows of the known crossings with no road


def _detect_crossings(
    lines: np.ndarray,
    edge_tree: shapely.STRtree,
    clipped_end: np.ndarray,
    edge_names: np.ndarray,
    border: _Borders | None,
    known: gpd.GeoDataFrame | None,
    crossing_km: float,
) -> _Crossings:
    """Road-border intersections, matched to known crossings or given generated ids."""
    n_known = 0 if known is None else len(known)
    columns = ["id", "country_a", "country_b", "known", "x", "y", "km", "n"]
    none = _Crossings(
        np.zeros(0, np.int64),
        np.zeros(0),
        np.zeros((0, 2)),
        np.zeros(0, np.int64),
        pd.DataFrame(columns=columns),
        np.arange(n_known),
    )
    if border is None or not len(lines):
        return none
    b_i, e_i = edge_tree.query(border.segments, predicate="intersects")
    inter = shapely.intersection(lines[e_i], border.segments[b_i])
    xy, k = shapely.get_coordinates(inter, return_index=True)
    edge, pair_of = e_i[k], border.pair[b_i[k]]
    pos = shapely.line_locate_point(lines[edge], shapely.points(xy))
    length = shapely.length(lines)[edge]
    # a road that stops at the border (a dataset clipped there) does not cross it
    clipped = ((pos < END_DEG) & clipped_end[edge, 0]) | (
        (pos > length - END_DEG) & clipped_end[edge, 1]
    )
    at_end = (pos <= 1e-9) | (pos >= length - 1e-9)
    keep = ~clipped & ~at_end
    edge, pos, xy, pair_of = edge[keep], pos[keep], xy[keep], pair_of[keep]
    order = np.lexsort((pos, edge))
    edge, pos, xy, pair_of = edge[order], pos[order], xy[order], pair_of[order]
    same = np.concatenate([[False], (edge[1:] == edge[:-1]) & (np.diff(pos) < SAME_CUT_DEG)])
    same = same[: len(edge)]
    edge, pos, xy, pair_of = edge[~same], pos[~same], xy[~same], pair_of[~same]
    m = len(edge)
    if m == 0:
        return none

    node_of_cut = np.full(m, -1, dtype=np.int64)
    rows: list[dict] = []
    matched = np.full(n_known, -1, dtype=np.int64)
    if n_known:
        kxy = shapely.get_coordinates(known.geometry.values)
        kpair = np.array(
            ["|".join(sorted((a, b))) for a, b in zip(known["country_a"], known["country_b"])],
            dtype=object,
        )
        tree = shapely.STRtree(shapely.points(xy))
        ki, ci = tree.query(
            shapely.points(kxy), predicate="dwithin", distance=_deg_radius(crossing_km, kxy[:, 1])
        )
        d = geodesic_distance_km(*kxy[ki].T, *xy[ci].T)
        ok = (d <= crossing_km) & (kpair[ki] == pair_of[ci])
        ki, ci, d = ki[ok], ci[ok], d[ok]
        # the road's name is the tie-break: a match counts NAME_BONUS_KM closer
        keys = [_name_keys(r.name, r.aliases, r.post_a, r.post_b, r.id) for r in known.itertuples()]
        road_key = {
            c: normalize_name(edge_names[edge[c]])
            for c in np.unique(ci)
            if isinstance(edge_names[edge[c]], str)
        }
        bonus = np.array(
            [
                NAME_BONUS_KM
                if c in road_key and any(key in road_key[c] for key in keys[k])
                else 0.0
                for k, c in zip(ki, ci)
            ]
        )
        matched = _greedy_match(ki, ci, d - bonus, n_known, m)
        for k in np.flatnonzero(matched >= 0):
            c = matched[k]
            node_of_cut[c] = len(rows)
            rows.append(
                {
                    "id": known["id"].iloc[k],
                    "country_a": known["country_a"].iloc[k],
                    "country_b": known["country_b"].iloc[k],
                    "known": k,
                    "x": xy[c, 0],
                    "y": xy[c, 1],
                    "km": float(geodesic_distance_km(kxy[k, 0], kxy[k, 1], xy[c, 0], xy[c, 1])),
                }
            )
        # other intersections close to a matched one (a dual carriageway, a second road to
        # the same post) are the same crossing
        anchors, free = np.flatnonzero(node_of_cut >= 0), np.flatnonzero(node_of_cut < 0)
        if len(anchors) and len(free):
            t = shapely.STRtree(shapely.points(xy[free]))
            ai, fi = t.query(
                shapely.points(xy[anchors]),
                predicate="dwithin",
                distance=_deg_radius(CROSSING_MERGE_KM, xy[anchors, 1]),
            )
            a, f = anchors[ai], free[fi]
            dd = geodesic_distance_km(*xy[a].T, *xy[f].T)
            ok = (dd <= CROSSING_MERGE_KM) & (pair_of[a] == pair_of[f])
            a, f, dd = a[ok], f[ok], dd[ok]
            o = np.lexsort((dd, f))
            a, f = a[o], f[o]
            first = np.concatenate([[True], f[1:] != f[:-1]]) if len(f) else np.zeros(0, bool)
            node_of_cut[f[first]] = node_of_cut[a[first]]
    # the others get generated ids, numbered per pair of countries from west to east
    rest = np.flatnonzero(node_of_cut < 0)
    rest = rest[np.lexsort((xy[rest, 1], xy[rest, 0], pair_of[rest].astype(str)))]
    counter: dict[str, int] = {}
    for c in rest:
        a, b = pair_of[c].split("|")
        counter[pair_of[c]] = counter.get(pair_of[c], 0) + 1
        node_of_cut[c] = len(rows)
        rows.append(
            {
                "id": f"xing-{a}-{b}-{counter[pair_of[c]]}",
                "country_a": a,
                "country_b": b,
                "known": -1,
                "x": xy[c, 0],
                "y": xy[c, 1],
                "km": np.nan,
            }
        )
    nodes = pd.DataFrame(rows, columns=columns[:-1])
    nodes["n"] = np.bincount(node_of_cut, minlength=len(nodes))
    cut_xy = nodes[["x", "y"]].to_numpy(dtype=float)[node_of_cut]
    return _Crossings(edge, pos, cut_xy, node_of_cut, nodes, np.flatnonzero(matched < 0))


# --------------------------------------------------------------------------- places, zones


@dataclass
class _Places:
    node_place: np.ndarray  # per road node: the place attached to it, or -1
    cut_edge: np.ndarray  # places put on a road: edge, position, xy, place
    cut_pos: np.ndarray
    cut_xy: np.ndarray
    cut_place: np.ndarray
    km: np.ndarray  # per place: distance to its node (NaN when dropped)


def _attach_places(
    places: gpd.GeoDataFrame | None,
    node_xy: np.ndarray,
    used: np.ndarray,
    lines: np.ndarray,
    edge_tree: shapely.STRtree,
    place_km: float,
) -> _Places:
    """Each place to its nearest node, or to a new node on the road where that is closer.

    A place gets a node of its own on the nearest road when the road passes more than
    PLACE_CUT_KM closer than the nearest free node (long schematic edges); otherwise it takes
    the nearest node (one place per node, closest place first). Places farther than
    ``place_km`` from every road are dropped.
    """
    n_nodes = len(node_xy)
    node_place = np.full(n_nodes, -1, dtype=np.int64)
    empty = np.zeros(0, np.int64)
    if places is None or not len(places):
        return _Places(node_place, empty, np.zeros(0), np.zeros((0, 2)), empty, np.zeros(0))
    n = len(places)
    pxy = shapely.get_coordinates(places.geometry.values)
    pts = shapely.points(pxy)
    # nearest road point
    pi, ei = edge_tree.query_nearest(pts, all_matches=False)
    near = shapely.get_coordinates(shapely.shortest_line(pts[pi], lines[ei])).reshape(-1, 2, 2)
    road_km = np.full(n, np.inf)
    road_xy = np.zeros((n, 2))
    road_edge = np.full(n, -1, dtype=np.int64)
    road_km[pi] = geodesic_distance_km(*pxy[pi].T, *near[:, 1].T)
    road_xy[pi] = np.rint(near[:, 1] * SCALE) / SCALE
    road_edge[pi] = ei
    # nearest nodes, one place per node
    candidates = np.flatnonzero(used)
    tree = shapely.STRtree(shapely.points(node_xy[candidates]))
    qi, ni = tree.query(pts, predicate="dwithin", distance=_deg_radius(place_km, pxy[:, 1]))
    ni = candidates[ni]
    d = geodesic_distance_km(*pxy[qi].T, *node_xy[ni].T)
    # a node is a candidate when the road passes no more than PLACE_CUT_KM closer than it
    ok = d <= np.minimum(place_km, road_km[qi] + PLACE_CUT_KM)
    qi, ni, d = qi[ok], ni[ok], d[ok]
    match = _greedy_match(qi, ni, d, n, n_nodes)
    node_km = np.full(n, np.nan)
    at = np.flatnonzero(match >= 0)
    node_km[at] = geodesic_distance_km(*pxy[at].T, *node_xy[match[at]].T)
    node_place[match[at]] = at
    # the others get a node of their own on the road (unless it falls on an existing node)
    cut = (match < 0) & (road_km <= place_km)
    cp = np.flatnonzero(cut)
    pos = shapely.line_locate_point(lines[road_edge[cp]], shapely.points(road_xy[cp]))
    km = np.where(cut, road_km, node_km)
    return _Places(node_place, road_edge[cp], pos, road_xy[cp], cp, km)


def _zone_cuts(lines, edge_tree, zones, other_edge, other_pos):
    """(edge, position, xy) where edges cross a zone boundary, away from ends and other cuts."""
    empty = np.zeros(0, np.int64), np.zeros(0), np.zeros((0, 2))
    if zones is None or not len(zones) or not len(lines):
        return empty
    segs, _ = _segments_of(np.asarray(zones.geometry.values, dtype=object))
    z_i, e_i = edge_tree.query(segs, predicate="intersects")
    inter = shapely.intersection(lines[e_i], segs[z_i])
    xy, k = shapely.get_coordinates(inter, return_index=True)
    edge = e_i[k]
    xy = np.rint(xy * SCALE) / SCALE
    pos = shapely.line_locate_point(lines[edge], shapely.points(xy))
    length = shapely.length(lines)
    keep = (pos >= ZONE_CUT_MERGE_DEG) & (pos <= length[edge] - ZONE_CUT_MERGE_DEG)
    edge, pos, xy = edge[keep], pos[keep], xy[keep]
    span = float(length.max(initial=0.0)) * 2.0 + 1.0
    near = _near_sorted(
        np.sort(other_edge * span + other_pos), edge * span + pos, ZONE_CUT_MERGE_DEG
    )
    edge, pos, xy = edge[~near], pos[~near], xy[~near]
    order = np.lexsort((pos, edge))
    edge, pos, xy = edge[order], pos[order], xy[order]
    close = np.concatenate([[False], (edge[1:] == edge[:-1]) & (np.diff(pos) < ZONE_CUT_MERGE_DEG)])
    close = close[: len(edge)]
    return edge[~close], pos[~close], xy[~close]


def _fresh_ids(prefix: str, n: int, taken: set) -> list[str]:
    """``n`` ids ``<prefix>1``, ``<prefix>2``, ... skipping those already taken."""
    out: list[str] = []
    i = 0
    while len(out) < n:
        batch = [f"{prefix}{k}" for k in range(i + 1, i + 1 + n - len(out))]
        out += [x for x in batch if x not in taken]
        i += len(batch)
    return out


def _rank_within(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For integer group codes: the rank of each item in its group (in order) and whether
    its group has more than one item."""
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    start = np.concatenate([[True], sorted_codes[1:] != sorted_codes[:-1]])[: len(codes)]
    group_start = np.maximum.accumulate(np.where(start, np.arange(len(codes)), 0))
    rank = np.empty(len(codes), dtype=np.int64)
    rank[order] = np.arange(len(codes)) - group_start
    size = np.bincount(np.cumsum(start) - 1)
    several = np.empty(len(codes), dtype=bool)
    several[order] = size[np.cumsum(start) - 1] > 1
    return rank, several


def _zone_sets(xy: np.ndarray, zones: gpd.GeoDataFrame | None) -> np.ndarray:
    """The sorted tuple of ids of the zones holding each point (an object array of tuples)."""
    out = np.empty(len(xy), dtype=object)
    out[:] = [()] * len(xy)
    if zones is None or not len(zones) or not len(xy):
        return out
    p_i, z_i = _points_in_polygons(xy, np.asarray(zones.geometry.values, dtype=object))
    zone_ids = zones["id"].to_numpy(dtype=object)
    order = np.argsort(zone_ids.astype(str), kind="stable")  # bit position -> sorted ids
    position = np.empty(len(zone_ids), dtype=np.int64)
    position[order] = np.arange(len(zone_ids))
    words = (len(zone_ids) + 62) // 63
    mask = np.zeros((len(xy), words), dtype=np.int64)
    bit = position[z_i]
    np.bitwise_or.at(mask, (p_i, bit // 63), np.left_shift(1, bit % 63))
    uniq, inverse = np.unique(mask, axis=0, return_inverse=True)
    bits = np.arange(63)
    sets = [
        tuple(
            zone_ids[order[w * 63 + b]]
            for w in range(words)
            for b in bits[(row[w] >> bits) & 1 == 1]
        )
        for row in uniq
    ]
    out[:] = [sets[i] for i in inverse.ravel()]
    return out


# --------------------------------------------------------------------------- the builder


@dataclass
class _Attributes:
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


def _feature_attributes(
    gdf, where, id_column, name_column, road_class, class_column, default_class, surface, source
):
    n = len(gdf)
    if id_column is None:
        id_column = next((c for c in ID_COLUMNS if c in gdf.columns), None)
    if id_column:
        ids = _text(_column(gdf, id_column, "road ids", where))
        missing = pd.isna(pd.Series(ids, dtype=object)).to_numpy()
        ids[missing] = [f"r{i}" for i in np.flatnonzero(missing)]
    else:
        ids = np.array([f"r{i}" for i in range(n)], dtype=object)
    if name_column is None:
        name_column = next((c for c in NAME_COLUMNS if c in gdf.columns), None)
    names = (
        _text(_column(gdf, name_column, "road names", where))
        if name_column
        else np.full(n, None, dtype=object)
    )
    classes, described = _road_classes(gdf, road_class, class_column, default_class, where)
    excluded = pd.isna(pd.Series(classes, dtype=object)).to_numpy()
    surfaces = _surfaces(gdf, surface, classes, where)
    sources = (
        _text(gdf["source"].to_numpy(dtype=object))
        if "source" in gdf.columns
        else np.full(n, None, dtype=object)
    )
    sources[pd.isna(pd.Series(sources, dtype=object)).to_numpy()] = source
    attrs = _Attributes(
        ids,
        names,
        pd.Categorical(classes, categories=ROAD_CLASSES).codes.astype(np.int64),
        pd.Categorical(surfaces, categories=SURFACES).codes.astype(np.int64),
        sources,
    )
    return attrs, excluded, described


def _snap(seg: _Segments, attrs: _Attributes, snap_km: float, border: _Borders | None):
    """Join dead ends within ``snap_km`` of another dead end by a straight connector.

    A connector that would cross (or touch) a border is not added: snapping never makes a
    border crossing. Returns the segments with the connectors and a table of them.
    """
    a, b, gap = _snap_pairs(seg, snap_km, border)
    table = pd.DataFrame(
        {
            "id": [f"snap-{i + 1}" for i in range(len(a))],
            "lon_a": seg.node_xy[a, 0],
            "lat_a": seg.node_xy[a, 1],
            "lon_b": seg.node_xy[b, 0],
            "lat_b": seg.node_xy[b, 1],
            "km": gap,
        }
    )
    if not len(a):
        return seg, table
    n_nodes, s = len(seg.node_xy), len(seg.u)
    seg_at = np.full(n_nodes, -1, dtype=np.int64)
    seg_at[np.concatenate([seg.u, seg.v])] = np.concatenate([np.arange(s), np.arange(s)])
    fa, fb = seg.attr[seg_at[a]], seg.attr[seg_at[b]]
    first_row = len(attrs.ids)
    attrs.extend(
        table["id"].to_numpy(dtype=object),
        np.full(len(a), None, dtype=object),
        np.maximum(attrs.cls[fa], attrs.cls[fb]),  # the slower class
        np.maximum(attrs.srf[fa], attrs.srf[fb]),  # dirt if either is
        [f"snap: a {g:.3f} km gap closed by network_from_roads (snap_km={snap_km:g})" for g in gap],
    )
    xy = np.stack([seg.node_xy[a], seg.node_xy[b]], axis=1).reshape(-1, 2)
    seg = _Segments(
        np.concatenate([seg.xy, xy]),
        np.concatenate([seg.ptr, seg.ptr[-1] + 2 * np.arange(1, len(a) + 1)]),
        np.concatenate([seg.u, a]),
        np.concatenate([seg.v, b]),
        np.concatenate([seg.attr, first_row + np.arange(len(a))]),
        seg.node_xy,
    )
    return seg, table


def _components(seg: _Segments, retain_all: bool, where: str, report: BuildReport):
    """Count connected components; keep the largest unless ``retain_all``. Warns when several.

    Returns the segments and the indices of the nodes kept.
    """
    n_nodes = len(seg.node_xy)
    seg_km = _ragged_length_km(seg.xy, seg.ptr)
    adj = sparse.coo_matrix((np.ones(len(seg.u)), (seg.u, seg.v)), shape=(n_nodes, n_nodes))
    n_comp, label = csgraph.connected_components(adj, directed=False)
    comp_nodes = np.bincount(label, minlength=n_comp)
    comp_km = np.bincount(label[seg.u], weights=seg_km, minlength=n_comp)
    big = int(np.argmax(comp_nodes))
    report.components = int(n_comp)
    report.largest_share_nodes = float(comp_nodes[big] / n_nodes)
    report.largest_share_km = float(comp_km[big] / max(comp_km.sum(), 1e-12))
    if n_comp == 1:
        return seg, np.arange(n_nodes)
    message = (
        f"{where}: the road network has {n_comp} connected components; the largest holds "
        f"{report.largest_share_nodes:.1%} of the nodes and {report.largest_share_km:.1%} of "
        "the road km"
    )
    if not retain_all:
        keep_seg = label[seg.u] == big
        report.dropped = {
            "components": int(n_comp - 1),
            "nodes": int(n_nodes - comp_nodes[big]),
            "segments": int((~keep_seg).sum()),
            "km": round(float(comp_km.sum() - comp_km[big]), 3),
        }
        message += (
            f"; dropped the {n_comp - 1} others ({report.dropped['segments']} segments, "
            f"{report.dropped['km']:,.0f} km; pass retain_all=True to keep them)"
        )
        keep_node = label == big
        renum = np.cumsum(keep_node) - 1
        xy, ptr = _subset_ragged(seg.xy, seg.ptr, keep_seg)
        seg = _Segments(
            xy,
            ptr,
            renum[seg.u[keep_seg]],
            renum[seg.v[keep_seg]],
            seg.attr[keep_seg],
            seg.node_xy[keep_node],
        )
        warnings.warn(message, BuildWarning, stacklevel=3)
        return seg, np.flatnonzero(keep_node)
    warnings.warn(message, BuildWarning, stacklevel=3)
    return seg, np.arange(n_nodes)


def _fill(attrs: dict, at: np.ndarray, frame: pd.DataFrame, fields: Mapping[str, str]) -> None:
    """Copy ``frame[column]`` into node attribute ``field`` at rows ``at``."""
    for f, column in fields.items():
        if column in frame.columns:
            attrs[f][at] = frame[column].to_numpy(dtype=object)


def _node_value(value: Any, kind: str) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if kind == "list":
        return (
            tuple(str(v) for v in value) if isinstance(value, (list, tuple, np.ndarray)) else None
        )
    if kind == "int":
        return int(value)
    return value


def network_from_roads(
    roads: Layer,
    *,
    places: Layer | None | Literal[False] = None,
    crossings: Layer | None | Literal[False] = None,
    borders: Layer | None | Literal[False] = None,
    countries: Layer | None = None,
    zones: Layer | None | Literal[False] = None,
    snap_km: float = DEFAULT_SNAP_KM,
    simplify: bool = True,
    road_class: str | Mapping[str, str | None] | Callable | None = None,
    class_column: str | None = None,
    default_class: str = "primary",
    surface: str | Mapping[str, str] | None = None,
    id_column: str | None = None,
    name_column: str | None = None,
    source: str | None = None,
    noding: Literal["vertices", "intersections"] = "vertices",
    unmatched_crossings: Literal["keep", "drop"] = "keep",
    retain_all: bool = False,
    place_km: float = DEFAULT_PLACE_KM,
    crossing_km: float = DEFAULT_CROSSING_KM,
    strict: bool = False,
    layer: str | None = None,
    name: str | None = None,
) -> Network:
    """Build a corridor network from a road dataset.

    Parameters
    ----------
    roads : GeoDataFrame or path
        Road lines (LineString or MultiLineString), or a file any format pyogrio reads
        (GeoPackage, GeoJSON, Shapefile, FlatGeobuf, ...; pick a layer with ``layer``). Any
        CRS is reprojected to EPSG:4326; a missing CRS is refused.
    places : GeoDataFrame, path, None or False
        Places (the ``places`` layer schema, see :func:`corridor.read_layer`), each attached
        to its nearest node, or to a new node on the nearest road where the road passes more
        than 0.5 km closer than any node. None (default): the bundled places; False: none.
    crossings : GeoDataFrame, path, None or False
        Known border crossings (the ``crossings`` schema), matched to road-border
        intersections. None (default): the bundled crossings; False: none.
    borders : GeoDataFrame, path, None or False
        Border lines with the codes of the countries on each side (``adm0_a3_l``,
        ``adm0_a3_r`` as in Natural Earth, or ``country_a``, ``country_b``). None: the bundled
        Natural Earth borders; False: no crossing detection.
    countries : GeoDataFrame or path, optional
        Country polygons with ISO3 codes (``iso_a3``/``adm0_a3``); default the bundled ones.
        Every node and edge gets the code of the country it lies in (or the nearest).
    zones : GeoDataFrame, path, None or False
        Control zones to split edges on (the ``zones`` schema); default the bundled zones;
        False for none.
    snap_km : float
        Dead ends this close (geodesic km) to another dead end are joined by a straight
        connector edge (``source`` "snap: ..."), unless it would cross a border. Default
        1.5 km; 0 turns snapping off.
    simplify : bool
        Merge chains of degree-2 nodes into single edges keeping their geometry (default
        True). Only roads of equal class, surface, name and source are merged.
    road_class : str, mapping, callable or None
        Where ``road_class`` (motorway, highway, primary, secondary, track) comes from.
        None finds a class column (``road_class``, ``highway``, ``fclass``, ``class``,
        ``type``) whose values :data:`CLASS_ALIASES` knows (OpenStreetMap ``highway=*``,
        Natural Earth ``type``). A string is a column name, or one class for every road. A
        mapping {source value: class or None} applies to ``class_column`` (or the column
        found) before the aliases; None leaves a road out. A function of the GeoDataFrame
        returns one class (or None) per road. Unknown values get ``default_class``.
    class_column : str, optional
        The column a ``road_class`` mapping applies to.
    default_class : str
        Class of roads whose class is unknown (default "primary").
    surface : str, mapping or None
        A surface column (default ``surface`` when present, mapped with
        :data:`SURFACE_ALIASES`), "paved" or "dirt" for every road, or a mapping applied to
        the ``surface`` column. Where unknown: "dirt" for tracks, else "paved".
    id_column, name_column : str, optional
        Columns of the road id (default ``id``, ``osm_id`` or ``fid``, else ``r<row>``) and of
        the road name (default ``road``, ``name`` or ``ref``).
    source : str, optional
        The edges' ``source`` where the roads have no ``source`` column (default: the file
        name).
    noding : {"vertices", "intersections"}
        Node lines at shared vertices only (default; the OpenStreetMap convention: lines that
        cross without a shared vertex are bridges or tunnels), or also where they cross.
    unmatched_crossings : {"keep", "drop"}
        "keep": a road-border intersection that matches no known crossing becomes a crossing
        node ``xing-<A>-<B>-<n>`` (kind "official", no status record, so open unless a
        scenario closes it). "drop": the road is cut there instead (two dead ends).
    retain_all : bool
        Keep every connected component (default False: only the largest, as OSMnx does).
    place_km : float
        Places farther than this (km) from every road are dropped, with a warning.
    crossing_km : float
        Largest distance (km) between a known crossing and the road-border intersection
        matched to it.
    strict : bool
        Raise :class:`corridor.DataError` on the first non-line, empty or invalid feature
        instead of skipping and counting them.
    layer : str, optional
        The layer of a multi-layer file.
    name : str, optional
        The network's name (default: the file name without suffix).

    Returns
    -------
    Network
        With the node and edge attributes of :func:`corridor.build_network`'s networks, and
        ``network.zones`` the zones used. The :class:`BuildReport` is
        ``network.graph.graph["build_report"]``. :class:`BuildWarning` warnings say what was
        skipped, dropped or disconnected.

    Raises
    ------
    corridor.DataError
        Unreadable file, missing CRS, coordinates outside the longitude/latitude range, an
        unknown class, surface or column, a non-line feature with ``strict=True``, bad side
        layers, or no usable road.

    Notes
    -----
    Known crossings that no road reaches are added as isolated crossing nodes (no edges), so
    that scenarios naming them still resolve; routes cannot use them. The build never loops
    over road geometries in Python: it works on coordinate arrays (Shapely 2, STRtree, NumPy,
    SciPy); only the final NetworkX graph is filled edge by edge.
    """
    timings: dict[str, float] = {}
    t = time.perf_counter()
    if noding not in ("vertices", "intersections"):
        raise DataError(f"noding must be 'vertices' or 'intersections', got {noding!r}")
    if unmatched_crossings not in ("keep", "drop"):
        raise DataError(
            f"unmatched_crossings must be 'keep' or 'drop', got {unmatched_crossings!r}"
        )
    for label, value in (
        ("snap_km", snap_km),
        ("place_km", place_km),
        ("crossing_km", crossing_km),
    ):
        if (
            isinstance(value, bool)
            or not isinstance(value, numbers.Real)
            or not 0 <= value < float("inf")
        ):
            raise DataError(f"{label} must be a finite distance in km >= 0, got {value!r}")
    gdf, where = _read_roads(roads, layer)
    report = BuildReport(source=where, features=len(gdf))
    name = name or (Path(roads).stem if isinstance(roads, (str, Path)) else "roads")
    t = _timer(timings, "read", t)

    gdf, report.crs = _to_wgs84(gdf, where)
    countries_gdf = _layer(countries, "countries")
    if countries_gdf is None:
        raise DataError("countries cannot be False: every node and edge needs a country")
    by_code = country_codes(countries_gdf)
    codes = by_code.index.to_numpy(dtype=object)
    country_polys = np.asarray(by_code.geometry.values, dtype=object)
    places_gdf = _layer(places, "places")
    known = _layer(crossings, "crossings")
    border = _border_segments(_layer(borders, "borders"))
    zones_gdf = _layer(zones, "zones")
    t = _timer(timings, "side layers", t)

    default_source = source or (Path(roads).name if isinstance(roads, (str, Path)) else where)
    attrs, excluded, report.road_class = _feature_attributes(
        gdf,
        where,
        id_column,
        name_column,
        road_class,
        class_column,
        default_class,
        surface,
        default_source,
    )
    skipped: dict[str, int] = {}
    if excluded.any():
        skipped["excluded by road class"] = int(excluded.sum())
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    parts, part_feature = _line_parts(geoms, excluded, where, attrs.ids, strict, skipped)
    if noding == "intersections" and len(parts):
        parts, piece_part = _cut_at_crossings(parts)
        part_feature = part_feature[piece_part]
    q, owner, kept = _vertices(parts, part_feature, where, attrs.ids, strict, skipped)
    report.skipped = skipped
    report.lines = len(kept)
    if len(kept) == 0:
        raise DataError(
            f"{where}: no usable road line ({len(gdf)} features; skipped: "
            f"{', '.join(f'{v} {k}' for k, v in skipped.items()) or 'none'})"
        )
    if skipped:
        warnings.warn(
            f"{where}: skipped {sum(skipped.values())} of {len(gdf)} features ("
            + ", ".join(f"{v} {k}" for k, v in skipped.items())
            + "; pass strict=True to refuse them)",
            BuildWarning,
            stacklevel=2,
        )
    t = _timer(timings, "clean", t)

    seg = _node_at_vertices(q, owner, part_feature[kept])
    report.segments = len(seg.u)
    t = _timer(timings, "node", t)
    n0 = len(seg.node_xy)
    dead0 = (np.bincount(seg.u, minlength=n0) + np.bincount(seg.v, minlength=n0)) == 1
    seg, report.snapped = _snap(seg, attrs, snap_km, border)
    t = _timer(timings, "snap", t)
    seg, kept_nodes = _components(seg, retain_all, where, report)
    clipped_node = dead0[kept_nodes]  # dead ends before snapping: roads that stop
    n_nodes = len(seg.node_xy)
    t = _timer(timings, "components", t)

    if simplify:
        exy, eptr, eu, ev, head = _simplify(
            seg, np.zeros(n_nodes, bool), attrs.merge_key()[seg.attr]
        )
    else:
        exy, eptr, eu, ev, head = seg.xy, seg.ptr, seg.u, seg.v, np.arange(len(seg.u))
    e_attr = seg.attr[head]
    lines = shapely.linestrings(exy, indices=np.repeat(np.arange(len(eu)), np.diff(eptr)))
    edge_tree = shapely.STRtree(lines)
    t = _timer(timings, "simplify", t)

    clipped_end = np.stack([clipped_node[eu], clipped_node[ev]], axis=1)
    cross = _detect_crossings(
        lines, edge_tree, clipped_end, attrs.names[e_attr], border, known, crossing_km
    )
    t = _timer(timings, "crossings", t)
    on_road = np.zeros(n_nodes, dtype=bool)
    on_road[eu] = on_road[ev] = True
    plc = _attach_places(places_gdf, seg.node_xy, on_road, lines, edge_tree, place_km)
    t = _timer(timings, "places", t)
    z_edge, z_pos, z_xy = _zone_cuts(
        lines,
        edge_tree,
        zones_gdf,
        np.concatenate([cross.cut_edge, plc.cut_edge]),
        np.concatenate([cross.cut_pos, plc.cut_pos]),
    )
    t = _timer(timings, "zones", t)

    # node table: road nodes | crossings | zone-boundary nodes | places on roads | dead ends
    n_cross, n_bound, n_pcut = len(cross.nodes), len(z_edge), len(plc.cut_place)
    o_cross, o_bound, o_pcut = n_nodes, n_nodes + n_cross, n_nodes + n_cross + n_bound
    n_all = o_pcut + n_pcut
    cut_line = np.concatenate([cross.cut_edge, z_edge, plc.cut_edge]).astype(np.int64)
    cut_pos = np.concatenate([cross.cut_pos, z_pos, plc.cut_pos])
    cut_xy = np.concatenate([cross.cut_xy, z_xy, plc.cut_xy]).reshape(-1, 2)
    cut_node = np.concatenate(
        [o_cross + cross.cut_node, o_bound + np.arange(n_bound), o_pcut + np.arange(n_pcut)]
    )
    pieces, piece_line, piece_cut = split_lines(lines, cut_line, cut_pos, cut_xy)
    padded = np.concatenate([cut_node, [-1]])  # piece_cut -1 (a line end) picks the pad
    pu = np.where(piece_cut[:, 0] >= 0, padded[piece_cut[:, 0]], eu[piece_line])
    pv = np.where(piece_cut[:, 1] >= 0, padded[piece_cut[:, 1]], ev[piece_line])
    all_xy = np.concatenate(
        [
            seg.node_xy,
            cross.nodes[["x", "y"]].to_numpy(dtype=float).reshape(-1, 2),
            z_xy,
            plc.cut_xy,
        ]
    )
    generated = cross.nodes["known"].to_numpy(dtype=np.int64) < 0
    drop = unmatched_crossings == "drop" and generated.any()
    if drop:
        # the two sides of an unmatched crossing get a dead end each
        gen = o_cross + np.flatnonzero(generated)
        side_end = np.full(n_all, -1, dtype=np.int64)
        side_start = np.full(n_all, -1, dtype=np.int64)
        side_end[gen] = n_all + np.arange(len(gen))
        side_start[gen] = n_all + len(gen) + np.arange(len(gen))
        pv = np.where(side_end[pv] >= 0, side_end[pv], pv)
        pu = np.where(side_start[pu] >= 0, side_start[pu], pu)
        all_xy = np.concatenate([all_xy, all_xy[gen], all_xy[gen]])
    n_total = len(all_xy)
    t = _timer(timings, "split", t)

    # edge attributes
    mid_xy = shapely.get_coordinates(shapely.line_interpolate_point(pieces, 0.5, normalized=True))
    piece_country = codes[_locate(mid_xy, country_polys)]
    zone_sets = _zone_sets(mid_xy, zones_gdf)
    length_km = np.round(geodesic_length_km(pieces), KM_DECIMALS)
    row = e_attr[piece_line]
    edge_road = attrs.ids[row]
    codes_road, _ = pd.factorize(pd.Series(edge_road, dtype=object))
    rank, repeated = _rank_within(codes_road)
    edge_id = edge_road.copy()
    edge_id[repeated] = [f"{r}/{k}" for r, k in zip(edge_road[repeated], rank[repeated])]
    if pd.Series(edge_id).duplicated().any():
        edge_id = np.array([f"e{i + 1}" for i in range(len(edge_id))], dtype=object)
    t = _timer(timings, "edge attributes", t)

    # node attributes
    used = np.zeros(n_total, dtype=bool)
    used[pu] = used[pv] = True
    # a place put on a road where another node already is (split_lines drops that cut) has
    # no node of its own: it is dropped
    plc.km[plc.cut_place[~used[o_pcut + np.arange(n_pcut)]]] = np.nan
    kind = np.full(n_total, "junction", dtype=object)
    kind[o_cross:o_bound] = "crossing"
    kind[o_bound:o_pcut] = "boundary"
    na: dict[str, np.ndarray] = {f: np.full(n_total, None, dtype=object) for f in NODE_FIELDS}
    na["kind"] = kind
    ident = np.full(n_total, None, dtype=object)
    place_fields = {f: f for f in NODE_FIELDS if f in LAYERS["places"][1]}
    if places_gdf is not None and len(places_gdf):
        at_node = np.flatnonzero(plc.node_place >= 0)
        for at, rows in (
            (at_node, plc.node_place[at_node]),
            (o_pcut + np.arange(n_pcut), plc.cut_place),
        ):
            frame = places_gdf.iloc[rows]
            ident[at] = frame["id"].to_numpy(dtype=object)
            _fill(na, at, frame, place_fields)
            na["note"][at] = [
                f"attached to the road {k:.2f} km from the place's coordinate" for k in plc.km[rows]
            ]
    if n_cross:
        at = o_cross + np.arange(n_cross)
        cn = cross.nodes
        ident[at] = cn["id"].to_numpy(dtype=object)
        _fill(na, at, cn, {"country_a": "country_a", "country_b": "country_b"})
        na["country"][at] = (cn["country_a"] + "|" + cn["country_b"]).to_numpy(dtype=object)
        na["crossing_kind"][at] = "official"
        g_at = at[generated]
        na["name"][g_at] = [
            f"{r.country_a}–{r.country_b} road crossing {r.id.rsplit('-', 1)[-1]}"
            for r in cn[generated].itertuples()
        ]
        na["source"][g_at] = default_source
        na["note"][g_at] = (
            "generated by network_from_roads: a road crosses the border here and no known "
            "crossing lies within the matching distance; no status record, so open unless a "
            "scenario closes it"
        )
        k_at = at[~generated]
        if len(k_at):
            kr = known.iloc[cn["known"].to_numpy(dtype=np.int64)[~generated]]
            _fill(
                na,
                k_at,
                kr,
                _CROSSING_FIELDS,
            )
            na["note"][k_at] = [
                (f"{n} " if isinstance(n, str) else "")
                + f"[network_from_roads: where the road meets the border, {k:.2f} km from the "
                "known coordinate]"
                for n, k in zip(kr["note"], cn["km"].to_numpy()[~generated])
            ]
    if drop:
        base = np.concatenate([ident[gen], ident[gen]])
        side = ["a"] * len(gen) + ["b"] * len(gen)
        ident[n_all:] = [f"cut-{str(b)[len('xing-') :]}-{s_}" for b, s_ in zip(base, side)]
        kind[n_all:] = "junction"
        na["note"][n_all:] = "dead end: the road is cut at the border (unmatched crossing dropped)"
        # a dead end takes the country of its piece
        ends = np.concatenate([pv, pu])
        dead = ends >= n_all
        na["country"][ends[dead]] = np.concatenate([piece_country, piece_country])[dead]
    need = np.flatnonzero(used & pd.isna(pd.Series(na["country"], dtype=object)).to_numpy())
    na["country"][need] = codes[_locate(all_xy[need], country_polys)]
    nameless = pd.isna(pd.Series(ident, dtype=object)).to_numpy()
    extra = known.iloc[cross.unmatched_known] if known is not None else None
    report.known_without_road = [] if extra is None else extra["id"].tolist()
    taken = set(ident[used & ~nameless].tolist()) | set(report.known_without_road)
    junction = np.flatnonzero(used & nameless & (kind == "junction"))
    ident[junction] = _fresh_ids("j", len(junction), taken)
    boundary = np.flatnonzero(used & (kind == "boundary"))
    ident[boundary] = _fresh_ids("b", len(boundary), taken)
    node_list = np.flatnonzero(used)
    all_ids = pd.Series(np.concatenate([ident[node_list], report.known_without_road]), dtype=object)
    if all_ids.duplicated().any():
        raise DataError(
            f"{where}: node id {all_ids[all_ids.duplicated()].iloc[0]!r} is used twice (a place "
            "or crossing id equal to another place's or crossing's); rename one"
        )
    t = _timer(timings, "node attributes", t)

    graph = nx.MultiGraph(crs=WGS84, name=name)
    fields = list(NODE_FIELDS)
    cols = [
        [_node_value(v, NODE_FIELDS[f]) for v in na[f][node_list]]
        if NODE_FIELDS[f] in ("list", "int")
        else na[f][node_list]
        for f in fields
    ]
    graph.add_nodes_from(
        (n, {**dict(zip(fields, vals)), "geometry": g})
        for n, g, *vals in zip(ident[node_list], shapely.points(all_xy[node_list]), *cols)
    )
    if extra is not None and len(extra):
        ex = {f: np.full(len(extra), None, dtype=object) for f in NODE_FIELDS}
        at = np.arange(len(extra))
        _fill(
            ex,
            at,
            extra,
            {**_CROSSING_FIELDS, "country_a": "country_a", "country_b": "country_b"},
        )
        ex["kind"][:] = "crossing"
        ex["country"] = (extra["country_a"] + "|" + extra["country_b"]).to_numpy(dtype=object)
        ex["note"][:] = (
            f"isolated: no road of this network crosses the border within {crossing_km:g} km "
            "(network_from_roads)"
        )
        graph.add_nodes_from(
            (
                i,
                {f: _node_value(ex[f][j], NODE_FIELDS[f]) for f in fields}
                | {"geometry": extra.geometry.iloc[j]},
            )
            for j, i in enumerate(extra["id"])
        )
    lo, hi = np.minimum(pu, pv), np.maximum(pu, pv)
    keys, _ = _rank_within(lo * n_total + hi)
    cls_names = np.asarray(ROAD_CLASSES, dtype=object)[attrs.cls[row]]
    srf_names = np.asarray(SURFACES, dtype=object)[attrs.srf[row]]
    graph.add_edges_from(
        (
            u,
            v,
            k,
            {
                "id": i,
                "road_id": r,
                "road": nm,
                "road_class": c,
                "surface": sf,
                "country": ct,
                "length_km": km,
                "zones": z,
                "source": sr,
                "geometry": g,
            },
        )
        for u, v, k, i, r, nm, c, sf, ct, km, z, sr, g in zip(
            ident[pu].tolist(),
            ident[pv].tolist(),
            keys.tolist(),
            edge_id.tolist(),
            edge_road.tolist(),
            attrs.names[row].tolist(),
            cls_names.tolist(),
            srf_names.tolist(),
            piece_country.tolist(),
            length_km.tolist(),
            zone_sets,
            attrs.sources[row].tolist(),
            pieces,
        )
    )
    t = _timer(timings, "graph", t)

    placed = np.full(0 if places_gdf is None else len(places_gdf), None, dtype=object)
    if places_gdf is not None and len(places_gdf):
        ok = ~np.isnan(plc.km)
        placed[ok] = places_gdf["id"].to_numpy(dtype=object)[ok]
        report.places = pd.DataFrame(
            {"id": places_gdf["id"].to_numpy(dtype=object), "node": placed, "km": plc.km}
        )
        lost = places_gdf["id"].to_numpy(dtype=object)[~ok]
        if len(lost):
            warnings.warn(
                f"{where}: {len(lost)} of {len(places_gdf)} places were dropped (more than "
                f"{place_km:g} km from every road, or on another place's node): "
                f"{', '.join(map(str, lost[:8]))}" + (", ..." if len(lost) > 8 else ""),
                BuildWarning,
                stacklevel=2,
            )
    cn = cross.nodes
    report.crossings = pd.DataFrame(
        {
            "id": cn["id"].to_numpy(dtype=object),
            "known": cn["known"].to_numpy(dtype=np.int64) >= 0,
            "countries": (cn["country_a"] + "|" + cn["country_b"]).to_numpy(dtype=object),
            "km": cn["km"].to_numpy(dtype=float),
            "intersections": cn["n"].to_numpy(dtype=np.int64),
        }
    )
    if drop:
        report.crossings = report.crossings[report.crossings["known"]].reset_index(drop=True)
    report.nodes = graph.number_of_nodes()
    report.edges = len(pieces)
    report.timings = timings
    graph.graph["build_report"] = report
    return Network(graph, zones=zones_gdf, name=name)


def load_osm_highways() -> Network:
    """The bundled OpenStreetMap-derived highway network: ``corridor.load("osm-highways")``.

    Built on each call (about a second) from ``data/osm-highways/roads.geojson``: 15,177
    lines over Iran west of 52.5°E, Iraq, Syria and Lebanon, derived from scgraph_data 2.0.0
    ``world_highways`` (© OpenStreetMap contributors, ODbL 1.0; see the folder's README), with
    :func:`network_from_roads` and its defaults: the bundled places, crossings, borders,
    countries and zones; dead ends within 1.5 km joined (this closes the 1.4 km al-Tanf gap);
    the largest component. The source has no road classes or surfaces: every road is class
    "highway" (a network of major roads) and "paved". The build report is ``network.graph.graph["build_report"]``; the
    build warnings are not shown.
    """
    path = bundled_data_dir() / "osm-highways" / "roads.geojson"
    if not path.exists():
        raise DataError(
            f"{path}: the bundled osm-highways layer is missing; reinstall corridor from a "
            "complete checkout"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BuildWarning)
        return network_from_roads(
            path, road_class="highway", source=OSM_HIGHWAYS_SOURCE, name="osm-highways"
        )
