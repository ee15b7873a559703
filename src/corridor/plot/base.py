"""Map basics: the regional projection, reference layers, the base map, scale bar and legend
symbols.

Maps are drawn in a Lambert conformal conic projection fitted to the corridor (standard
parallels 30°N and 38°N, central meridian 44°E, WGS84), not plate carrée, laid out for A4
width (8.27 in).
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import matplotlib.patheffects as pe
import numpy as np
import shapely
from matplotlib.lines import Line2D

from .._bundled import bundled_data_dir
from ..layers import read_layer
from ..network import Network

__all__ = [
    "MAP_CRS",
    "A4_WIDTH_IN",
    "INSET_WIDTH_IN",
    "ACTOR_COLORS",
    "ROUTE_COLORS",
    "ROAD_WIDTH",
    "ZONE_STYLE",
    "HALO",
    "EVENT_COLOR",
    "ATTRIBUTION",
    "reference_layers",
    "projected_frames",
    "projected_events",
    "map_extent",
    "draw_base",
    "scale_bar",
    "marker_handle",
    "symbol_handles",
    "mover_label",
]

MAP_CRS = "+proj=lcc +lat_1=30 +lat_2=38 +lat_0=34 +lon_0=44 +datum=WGS84 +units=m +no_defs"
A4_WIDTH_IN = 8.27
INSET_WIDTH_IN = 2.5

ACTOR_COLORS = {
    "iran-axis": "#1b9e77",
    "syria-gov": "#d95f02",
    "syria-transitional": "#7570b3",
    "iraq-state": "#c9a227",
    "coalition": "#1f5fa8",
    "sdf": "#a6611a",
    "krg": "#e7298a",
    "islamic-state": "#222222",
    "jordan": "#8c8c8c",
    "lebanon-state": "#66a61e",
    "russia": "#6baed6",
}
ROUTE_COLORS = [
    "#6a1b9a",
    "#00838f",
    "#c2185b",
    "#827717",
    "#283593",
]  # none near the contested amber
ROAD_WIDTH = {
    "motorway": 1.5,
    "highway": 1.25,
    "primary": 1.0,
    "secondary": 0.8,
    "unclassified": 0.8,
    "track": 0.8,
}
ZONE_STYLE = {  # kind: (fill alpha, hatch, edge style)
    "control": (0.13, None, "-"),
    "presence": (0.22, "////", "-"),
    "security": (0.28, "xxxx", "-"),
    "insurgency": (0.16, "\\\\\\", "--"),
    "deconfliction": (0.20, "....", "--"),
}
EVENT_COLOR = "#ad1457"  # strikes, attacks and seizures (data/events.geojson)
HALO = [pe.withStroke(linewidth=2.2, foreground="white")]
ATTRIBUTION = (
    "Basemap: Natural Earth (public domain). Roads: corridor curated network from OpenStreetMap-derived "
    "data (© OpenStreetMap contributors, ODbL) and GeoNames (CC BY 4.0). Control zones, crossing status: "
    "corridor data after the seed articles (ITIC 2018, FDD 2019, DEBKA/Breitbart/Am. Spectator 2017) and "
    "public sources cited per zone."
)


# ----------------------------------------------------------------------------- layers


@lru_cache(maxsize=4)
def reference_layers(crs: str = MAP_CRS) -> dict[str, gpd.GeoDataFrame]:
    """The bundled countries, borders, coastline and rivers, projected to ``crs``."""
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


def projected_events(network: Network, crs: str = MAP_CRS):
    """The control data's event layer projected to ``crs`` (cached per network), or None."""

    def build():
        events = network.control.events
        return None if events is None else events.to_crs(crs)

    return network.cache.get_or_build(("plot events", crs), build)


def map_extent(nodes: gpd.GeoDataFrame, routes, pad: float = 0.06):
    geoms = nodes.geometry
    if routes:
        geoms = gpd.GeoSeries([r.geometry for r in routes], crs="EPSG:4326").to_crs(MAP_CRS)
        geoms = gpd.GeoSeries([*geoms, *nodes.geometry], crs=MAP_CRS)
    x0, y0, x1, y1 = geoms.total_bounds
    dx, dy = (x1 - x0) * pad, (y1 - y0) * pad
    x0, x1, y0, y1 = x0 - dx, x1 + dx, y0 - dy, y1 + dy
    return x0, x1, y0, y1


def draw_base(ax, extent) -> None:
    ref = reference_layers()
    ax.set_facecolor("#dce8f0")
    focus = ref["countries"]["focus"].astype(bool) if "focus" in ref["countries"] else True
    ref["countries"].plot(ax=ax, color=np.where(focus, "#f6f3ec", "#ebe7df"), linewidth=0, zorder=1)
    ref["coastline"].plot(ax=ax, color="#7d9bb3", linewidth=0.5, zorder=2)
    rivers = ref["rivers"]
    rivers.plot(ax=ax, color="#7fa9cc", linewidth=0.9, zorder=2.1)
    ref["borders"].plot(
        ax=ax, color="#7a7a7a", linewidth=0.7, linestyle=(0, (4, 1.5, 1, 1.5)), zorder=2.2
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
    # country names at representative points inside the view
    view = shapely.box(x0, y0, x1, y1)
    for row in ref["countries"].itertuples():
        part = shapely.make_valid(row.geometry).intersection(view)  # projected clip edges
        if part.is_empty or part.area < 0.04 * view.area:
            continue
        p = part.representative_point()
        ax.text(
            p.x,
            p.y,
            str(row.name).upper(),
            fontsize=7.5,
            color="#a09a8c",
            ha="center",
            va="center",
            fontweight="bold",
            zorder=2.5,
            alpha=0.9,
        )
    for name, row in _river_label_points(rivers, view):
        ax.text(
            row[0],
            row[1],
            name,
            fontsize=5.5,
            color="#4d7fa6",
            style="italic",
            zorder=2.6,
            rotation=row[2],
            ha="center",
            va="center",
            path_effects=HALO,
        )


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


def scale_bar(ax, km: float = 200.0) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    sx, sy = x0 + 0.035 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    length = km * 1000.0  # LCC is conformal; scale is within 1% of true between 30°N and 38°N
    ax.plot(
        [sx, sx + length],
        [sy, sy],
        color="#222222",
        linewidth=2.2,
        solid_capstyle="butt",
        zorder=11,
    )
    ax.plot(
        [sx, sx + length / 2],
        [sy, sy],
        color="white",
        linewidth=1.0,
        solid_capstyle="butt",
        zorder=11.1,
    )
    for x in (sx, sx + length / 2, sx + length):
        ax.plot(
            [x, x],
            [sy - 0.004 * (y1 - y0), sy + 0.004 * (y1 - y0)],
            color="#222222",
            linewidth=0.8,
            zorder=11,
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


def marker_handle(marker: str, face: str, edge: str, size: float, label: str) -> Line2D:
    return Line2D(
        [0],
        [0],
        marker=marker,
        color="none",
        markerfacecolor=face,
        markeredgecolor=edge,
        markersize=size,
        label=label,
    )


def symbol_handles() -> list:
    return [
        Line2D([0], [0], color="#5b5b5b", linewidth=1.3, label="highway / primary road"),
        Line2D(
            [0], [0], color="#5b5b5b", linewidth=0.9, linestyle=(0, (2.5, 1.5)), label="dirt track"
        ),
        Line2D(
            [0],
            [0],
            color="#d32f2f",
            linewidth=2.2,
            linestyle=(0, (1.2, 1.0)),
            label="blocked for the mover",
        ),
        Line2D([0], [0], color="#f2a100", linewidth=2.2, label="contested (slower, exposed)"),
        marker_handle("o", "#2e7d32", "white", 5.5, "crossing open"),
        marker_handle("D", "#ef8f00", "#5a3a00", 4.8, "crossing under reconstruction"),
        marker_handle("^", "#8d6e63", "#3e2723", 5.5, "informal bypass crossing"),
        marker_handle("X", "#c62828", "white", 6.5, "crossing closed"),
        marker_handle("P", EVENT_COLOR, "white", 6.0, "strike / attack within 2 years"),
        Line2D([0], [0], color="#7fa9cc", linewidth=1.0, label="river"),
        Line2D(
            [0],
            [0],
            color="#7a7a7a",
            linewidth=0.7,
            linestyle=(0, (4, 1.5, 1, 1.5)),
            label="international border",
        ),
    ]


def mover_label(mover: str) -> str:
    return {
        "iran-axis": "Iran-aligned axis moving materiel",
        "coalition-convoy": "US-led coalition supply convoy",
    }.get(mover, mover)
