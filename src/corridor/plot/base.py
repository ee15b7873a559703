"""Map basics: the regional projection, reference layers, styles, drawing primitives, the base
map and the scale bar.

Maps are drawn in a Lambert conformal conic projection fitted to the corridor (standard
parallels 30°N and 38°N, central meridian 44°E, WGS84), not plate carrée, laid out for A4
width (8.27 in). Layers are added to the axes as matplotlib collections (one artist per
layer and style), never through ``GeoDataFrame.plot``, which redraws the whole figure after
every layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geopandas as gpd
import matplotlib.patheffects as pe
import numpy as np
import pandas as pd
import shapely
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from shapely.ops import polylabel

from .._bundled import bundled_data_dir
from ..errors import CorridorError
from ..layers import read_layer
from ..network import Network
from ..routing import Route
from ..whatif import Scenario

__all__ = [
    "check_routes",
    "MAP_CRS",
    "A4_WIDTH_IN",
    "INSET_WIDTH_IN",
    "ROUTE_COLORS",
    "ROAD_WIDTH",
    "ZONE_KINDS_DRAWN",
    "ZoneStyle",
    "ZONE_STYLE",
    "CROSSING_STYLE",
    "HALO",
    "EVENT_COLOR",
    "CONTESTED_COLOR",
    "BLOCKED_COLOR",
    "ATTRIBUTION",
    "ActorStyle",
    "actor_styles",
    "actor_style",
    "reference_layers",
    "projected_frames",
    "projected_edges",
    "projected_events",
    "map_extent",
    "add_lines",
    "add_polygons",
    "draw_base",
    "country_label_candidates",
    "scale_bar",
    "mover_label",
]

MAP_CRS = "+proj=lcc +lat_1=30 +lat_2=38 +lat_0=34 +lon_0=44 +datum=WGS84 +units=m +no_defs"
A4_WIDTH_IN = 8.27
INSET_WIDTH_IN = 2.5

# routes 1-3 stay apart for colour-blind readers too (chosen with the deuteranopia,
# protanopia and tritanopia simulation of Machado et al. 2009, in colorspacious: route 3 was a
# blue that merged with route 2 under tritanopia); none near the amber of contested roads or
# the red of blocked ones
ROUTE_COLORS = ["#6a1b9a", "#00838f", "#56b4e9", "#827717", "#4e342e"]
ROAD_WIDTH = {
    "motorway": 1.5,
    "highway": 1.25,
    "primary": 1.0,
    "secondary": 0.8,
    "unclassified": 0.8,
    "track": 0.8,
}
EVENT_COLOR = "#b2182b"  # strikes, attacks and seizures (data/events.geojson)
CONTESTED_COLOR = "#f2a100"
BLOCKED_COLOR = "#d32f2f"
HALO = [pe.withStroke(linewidth=2.2, foreground="white")]
ATTRIBUTION = (
    "Basemap: Natural Earth (public domain). Roads: corridor curated network from OpenStreetMap-derived "
    "data (© OpenStreetMap contributors, ODbL) and GeoNames (CC BY 4.0). Control zones, crossing status, "
    "events: corridor data after the seed articles (ITIC 2018, FDD 2019, DEBKA/Breitbart/Am. Spectator "
    "2017) and public sources cited per feature."
)


@dataclass(frozen=True)
class ZoneStyle:
    """How a zone kind is drawn: fill opacity, hatch, outline style, and its legend wording."""

    alpha: float
    hatch: str | None
    linestyle: Any
    noun: str  # legend text after the actor's label
    order: int  # drawing order (lower first)


ZONE_STYLE: Mapping[str, ZoneStyle] = {
    "control": ZoneStyle(0.16, None, "-", "held", 0),
    "presence": ZoneStyle(0.10, "//", "-", "presence (bases, militias)", 1),
    "security": ZoneStyle(0.12, "xx", "-", "security belt", 2),
    "deconfliction": ZoneStyle(0.08, "..", "--", "deconfliction zone", 3),
    "insurgency": ZoneStyle(0.06, "\\\\", "--", "insurgency (no front line)", 4),
    "air-interdiction": ZoneStyle(
        0.0, None, (0, (1, 1.5)), "air interdiction (a risk, not a block)", 5
    ),
}
ZONE_KINDS_DRAWN = tuple(ZONE_STYLE)

# crossing status (and kind, for open informal crossings) -> scatter style and legend label
CROSSING_STYLE: Mapping[str, dict[str, Any]] = {
    "open": dict(marker="o", s=30, color="#2e7d32", edgecolor="white", linewidths=0.8),
    "informal": dict(marker="^", s=30, color="#8d6e63", edgecolor="#3e2723", linewidths=0.6),
    "reconstruction": dict(marker="D", s=28, color="#ef8f00", edgecolor="#5a3a00", linewidths=0.6),
    "closed": dict(marker="X", s=42, color="#c62828", edgecolor="white", linewidths=0.6),
    "unknown": dict(marker="o", s=36, color="#9e9e9e", edgecolor="#424242", linewidths=0.6),
}

# Colours for actors whose data give none (a user's actors.json), in order of appearance.
_FALLBACK = ["#7f7f7f", "#bcbd22", "#17becf", "#8c564b", "#e377c2", "#9467bd", "#ff7f0e"]


@dataclass(frozen=True)
class ActorStyle:
    """An actor's map colour and short legend label (``data/actors.json``: color, label)."""

    color: str
    label: str


def actor_styles(network: Network) -> Mapping[str, ActorStyle]:
    """Colour and label of every actor of the network's control data.

    They come from the ``color`` and ``label`` fields of ``actors.json``; an actor without
    them gets a fallback colour and its ``name``.
    """

    def build():
        actors = network.control.actors
        out = {}
        for i, row in enumerate(actors.itertuples()):
            color = getattr(row, "color", None)
            label = getattr(row, "label", None)
            if not isinstance(color, str) or not color:
                color = _FALLBACK[i % len(_FALLBACK)]
            if not isinstance(label, str) or not label:
                label = str(row.name)
            out[str(row.id)] = ActorStyle(color, label)
        return _ReadOnly(out)

    return network.cache.get_or_build("plot actor styles", build)


class _ReadOnly(Mapping):
    """A read-only mapping (cache values must be immutable)."""

    def __init__(self, data: dict) -> None:
        self._data = dict(data)

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key, default=None):
        return self._data.get(key, default)


def actor_style(styles: Mapping[str, ActorStyle], actor: str) -> ActorStyle:
    """The style of ``actor``, or a neutral grey with its id for an actor not in the data."""
    return styles.get(actor) or ActorStyle("#999999", str(actor))


# ----------------------------------------------------------------------------- layers


@lru_cache(maxsize=4)
def reference_layers(crs: str = MAP_CRS) -> dict[str, gpd.GeoDataFrame]:
    """The bundled countries, borders, coastline and rivers, projected to ``crs``.

    Parameters
    ----------
    crs : str
        Target CRS (default: the maps' Lambert conformal conic, metres).
    """
    folder = bundled_data_dir()
    out = {}
    for name in ("countries", "borders", "coastline", "rivers"):
        out[name] = read_layer(folder, name).to_crs(crs)
    return out


def projected_frames(network: Network, crs: str = MAP_CRS):
    """(nodes, edges, zones) of the network projected to ``crs`` (cached per network)."""

    def build():
        nodes, edges = network.to_gdfs()
        zones = network.zone_table
        return nodes.to_crs(crs), edges.to_crs(crs), None if zones is None else zones.to_crs(crs)

    return network.cache.get_or_build(("plot", crs), build)


def projected_edges(network: Network, geometry: np.ndarray, crs: str = MAP_CRS) -> np.ndarray:
    """Edge geometries in edge-index order (:class:`corridor.resolution.EdgeIndex`), projected to
    ``crs`` (a read-only array, cached per network)."""

    def build():
        out = gpd.GeoSeries(geometry, crs="EPSG:4326").to_crs(crs).to_numpy()
        out.setflags(write=False)
        return out

    return network.cache.get_or_build(("plot edge geometry", crs), build)


def projected_events(network: Network, crs: str = MAP_CRS):
    """The control data's event layer projected to ``crs`` (cached per network), or None."""

    def build():
        events = network.control.events
        return None if events is None else events.to_crs(crs)

    return network.cache.get_or_build(("plot events", crs), build)


def map_extent(nodes: gpd.GeoDataFrame, routes, pad: float = 0.06):
    """(x0, x1, y0, y1) in map metres around the places and routes, padded by ``pad``."""
    geoms = nodes.geometry
    if routes:
        geoms = gpd.GeoSeries([r.geometry for r in routes], crs="EPSG:4326").to_crs(MAP_CRS)
        geoms = gpd.GeoSeries([*geoms, *nodes.geometry], crs=MAP_CRS)
    x0, y0, x1, y1 = geoms.total_bounds
    dx, dy = (x1 - x0) * pad, (y1 - y0) * pad
    return x0 - dx, x1 + dx, y0 - dy, y1 + dy


# ----------------------------------------------------------------------------- primitives


def add_lines(ax, geoms, **style) -> LineCollection | None:
    """Add (multi)line geometries as one LineCollection; returns it (None when empty)."""
    parts = shapely.get_parts(np.asarray(geoms, dtype=object))
    parts = parts[~shapely.is_empty(parts)]
    if not len(parts):
        return None
    coords, index = shapely.get_coordinates(parts, return_index=True)
    splits = np.flatnonzero(np.diff(index)) + 1
    segments = np.split(coords, splits)
    style.setdefault("capstyle", "round")
    style.setdefault("joinstyle", "round")
    coll = LineCollection(segments, **style)
    ax.add_collection(coll, autolim=False)
    return coll


def _polygon_path(poly: shapely.Polygon) -> MplPath:
    rings = [np.asarray(poly.exterior.coords), *(np.asarray(r.coords) for r in poly.interiors)]
    verts = np.concatenate(rings)
    codes = np.full(len(verts), MplPath.LINETO, dtype=np.uint8)
    start = 0
    for ring in rings:
        codes[start] = MplPath.MOVETO
        codes[start + len(ring) - 1] = MplPath.CLOSEPOLY
        start += len(ring)
    return MplPath(verts, codes)


def add_polygons(ax, geoms, **style) -> PatchCollection | None:
    """Add (multi)polygon geometries (holes kept) as one PatchCollection (None when empty)."""
    parts = shapely.get_parts(np.asarray(geoms, dtype=object))
    parts = parts[~shapely.is_empty(parts) & (shapely.get_type_id(parts) == 3)]
    if not len(parts):
        return None
    patches = [PathPatch(_polygon_path(p)) for p in parts]
    coll = PatchCollection(patches, match_original=False, **style)
    ax.add_collection(coll, autolim=False)
    return coll


# ----------------------------------------------------------------------------- base map


def draw_base(ax, extent) -> None:
    """Sea, countries, coastline, rivers and borders; the axes set to ``extent`` (metres)."""
    ref = reference_layers()
    ax.set_facecolor("#dce8f0")
    countries = ref["countries"]
    focus = (
        countries["focus"].astype(bool).to_numpy()
        if "focus" in countries
        else np.ones(len(countries), bool)
    )
    add_polygons(ax, countries.geometry.values[focus], facecolor="#f6f3ec", linewidth=0, zorder=1)
    add_polygons(ax, countries.geometry.values[~focus], facecolor="#ebe7df", linewidth=0, zorder=1)
    add_lines(ax, ref["coastline"].geometry.values, color="#7d9bb3", linewidth=0.5, zorder=2)
    rivers = ref["rivers"]
    add_lines(ax, rivers.geometry.values, color="#7fa9cc", linewidth=0.9, zorder=2.1)
    add_lines(
        ax,
        ref["borders"].geometry.values,
        color="#7a7a7a",
        linewidth=0.7,
        linestyle=(0, (4, 1.5, 1, 1.5)),
        zorder=2.2,
        capstyle="butt",
    )
    x0, x1, y0, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_linewidth(0.6)
        side.set_color("#555555")
    view = shapely.box(x0, y0, x1, y1)
    for name, (x, y, angle) in _river_label_points(rivers, view):
        ax.text(
            x,
            y,
            name,
            fontsize=5.5,
            color="#4d7fa6",
            style="italic",
            zorder=2.6,
            rotation=angle,
            ha="center",
            va="center",
            path_effects=HALO,
        )


def country_label_candidates(extent, min_share: float = 0.04) -> list[tuple[str, np.ndarray]]:
    """Countries visible in ``extent`` with candidate label points (map metres), best first.

    A country is labelled when its visible part covers at least ``min_share`` of the view;
    candidates are its pole of inaccessibility, then points of a grid inside it ordered by
    distance to that pole (so a label can move off a route or a zone's marker).
    """
    x0, x1, y0, y1 = extent
    view = shapely.box(x0, y0, x1, y1)
    out = []
    countries = reference_layers()["countries"]
    for row in countries.itertuples():
        part = shapely.make_valid(row.geometry).intersection(view)
        if part.is_empty or part.area < min_share * view.area:
            continue
        largest = max(shapely.get_parts(part), key=lambda g: g.area)
        pole = polylabel(largest, tolerance=2000.0)
        bx0, by0, bx1, by1 = largest.bounds
        step = max(bx1 - bx0, by1 - by0) / 12
        gx, gy = np.meshgrid(np.arange(bx0, bx1, step), np.arange(by0, by1, step))
        grid = np.c_[gx.ravel(), gy.ravel()]
        inside = shapely.contains_xy(shapely.buffer(largest, -step * 0.6), grid[:, 0], grid[:, 1])
        grid = grid[inside]
        order = np.argsort(np.hypot(grid[:, 0] - pole.x, grid[:, 1] - pole.y))
        points = np.vstack([[pole.x, pole.y], grid[order]])
        out.append((str(row.name), points))
    return out


def _river_label_points(rivers: gpd.GeoDataFrame, view):
    out = []
    for label, names in (("Euphrates", ("Euphrates", "Al Furat")), ("Tigris", ("Tigris",))):
        sel = rivers[rivers["name"].isin(names)]
        if sel.empty:
            continue
        line = shapely.line_merge(shapely.union_all(sel.geometry.values)).intersection(view)
        if line.is_empty:
            continue
        longest = max(shapely.get_parts(line), key=lambda g: g.length)
        a = longest.interpolate(0.42, normalized=True)
        b = longest.interpolate(0.44, normalized=True)
        angle = np.degrees(np.arctan2(b.y - a.y, b.x - a.x))
        angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
        out.append((label, (a.x, a.y, angle)))
    return out


def scale_bar(ax, km: float = 200.0, *, x_frac: float = 0.035) -> None:
    """A ``km``-long scale bar along the bottom, ``x_frac`` of the width from the left
    (LCC: true scale within 1%)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    sx, sy = x0 + x_frac * (x1 - x0), y0 + 0.04 * (y1 - y0)
    length = km * 1000.0  # LCC is conformal; scale is within 1% of true between 30°N and 38°N
    tick = 0.004 * (y1 - y0)
    segs = [
        [(sx, sy), (sx + length, sy)],
    ]
    ax.add_collection(
        LineCollection(segs, colors="#222222", linewidths=2.2, capstyle="butt", zorder=11)
    )
    ax.add_collection(
        LineCollection(
            [[(sx, sy), (sx + length / 2, sy)]],
            colors="white",
            linewidths=1.0,
            capstyle="butt",
            zorder=11.1,
        )
    )
    ax.add_collection(
        LineCollection(
            [[(x, sy - tick), (x, sy + tick)] for x in (sx, sx + length / 2, sx + length)],
            colors="#222222",
            linewidths=0.8,
            zorder=11,
        )
    )
    ax.text(
        sx + length / 2,
        sy + 0.012 * (y1 - y0),
        f"{km:.0f} km",
        ha="center",
        va="bottom",
        fontsize=6.2,
        zorder=11,
        path_effects=HALO,
    )


def mover_label(network: Network, mover: str) -> str:
    """A short description of the mover, from ``data/movers.csv`` (its first clause)."""
    movers = network.control.movers
    if isinstance(movers, pd.DataFrame) and "description" in movers:
        row = movers[movers["mover"] == mover]
        if len(row) and isinstance(row["description"].iloc[0], str):
            text = row["description"].iloc[0].split(" (")[0].rstrip(".")
            return (
                text[4:] if text.startswith("The ") else text[2:] if text.startswith("A ") else text
            )
    return mover


def check_routes(network: Network, scenario: Scenario, routes: Any, what: str) -> list[Route]:
    """``routes`` (a Route, a list of them or None) as a list, each found on ``network`` as it
    is now and under ``scenario``, for ``what`` ("plot", "map") to draw; else a
    :class:`corridor.CorridorError` saying which does not fit."""
    routes = [routes] if isinstance(routes, Route) else list(routes or [])
    for r in routes:
        if not isinstance(r, Route):
            raise CorridorError(
                f"routes must be Route objects (from corridor.viable_routes), got "
                f"{type(r).__name__}"
            )
        if r.scenario != scenario:
            raise CorridorError(
                f"the routes were computed under another scenario than the one to {what}"
            )
        if r.network is not network:
            name = getattr(r.network, "name", None)
            raise CorridorError(
                f"the routes were found on another network ({name!r}) than the one to {what} "
                f"({network.name!r}); find them on this one with corridor.viable_routes"
            )
        r.check_current()
    return routes
