"""Land, air or sea on one page: the paths of :func:`corridor.compare_modes` on a regional map
(Lambert conformal conic), the whole sea voyage on an overview (Lambert azimuthal equal-area,
Natural Earth 1:110m land), and the figures in a table."""

from __future__ import annotations

import math
import textwrap
from functools import lru_cache
from typing import Any

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .._bundled import bundled_data_dir
from ..errors import CorridorError
from ..network import Network
from .base import (
    A4_WIDTH_IN,
    ATTRIBUTION,
    MAP_CRS,
    add_lines,
    add_polygons,
    draw_base,
    projected_frames,
    scale_bar,
)

__all__ = ["MODE_STYLES", "plot_modes"]

OVERVIEW_CRS = "+proj=laea +lat_0=8 +lon_0=22 +datum=WGS84 +units=m"
MODE_STYLES: dict[str, dict[str, Any]] = {
    "land": dict(color="#6a1b9a", linewidth=3.2, linestyle="-"),
    "air": dict(color="#1565c0", linewidth=2.0, linestyle=(0, (5, 2.5))),
    "sea": dict(color="#00838f", linewidth=2.4, linestyle="-"),
    "multimodal": dict(color="#e65100", linewidth=2.0, linestyle=(0, (1.5, 1.5))),
}
_LEG_MODES = {"road", "air", "sea"}
REGION_BOUNDS = (33.5, 54.0, 28.5, 39.5)  # lon, lon, lat, lat of data/countries.geojson


@lru_cache(maxsize=1)
def _world() -> gpd.GeoDataFrame:
    return gpd.read_file(bundled_data_dir() / "world.geojson").to_crs(OVERVIEW_CRS)


def _legs(option, crs: str) -> list[tuple[str, shapely.Geometry]]:
    """(leg mode, projected geometry) of an option's road, air and sea legs."""
    legs = [leg for leg in option.legs if leg.mode in _LEG_MODES and leg.geometry is not None]
    if not legs:
        return []
    geoms = gpd.GeoSeries([leg.geometry for leg in legs], crs="EPSG:4326").to_crs(crs)
    return list(zip([leg.mode for leg in legs], geoms))


def _style(row_mode: str, leg_mode: str) -> dict:
    style = dict(MODE_STYLES[row_mode])
    if row_mode == "multimodal":  # its air or sea leg in the leg's own style, thinner
        style = dict(MODE_STYLES.get({"road": "land"}.get(leg_mode, leg_mode), style))
        style.update(color=MODE_STYLES["multimodal"]["color"], linewidth=1.8)
    return style


def _fmt(value: float, fmt: str) -> str:
    return "unknown" if value is None or math.isnan(value) else format(value, fmt)


def plot_modes(comparison: pd.DataFrame, *, network=None, title: str | None = None) -> Figure:
    """Draw a :func:`corridor.compare_modes` table: every available mode's path, the sea voyage
    in full on an overview, the figures underneath.

    Parameters
    ----------
    comparison : pandas.DataFrame
        From :func:`corridor.compare_modes` (its ``attrs["options"]`` hold the legs).
    network : Network, optional
        The network the comparison ran on (default: the bundled one), for the basemap extent.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    options = comparison.attrs.get("options") if isinstance(comparison, pd.DataFrame) else None
    if not options or comparison.empty:
        raise CorridorError("plot_modes takes the DataFrame of corridor.compare_modes")
    if network is None:
        from ..datasets import load

        network = load()
    if not isinstance(network, Network):
        raise CorridorError(f"network must be a corridor.Network, got {network!r:.60}")
    a = comparison.attrs
    nodes, _, _ = projected_frames(network)
    x0, x1, y0, y1 = _extent(nodes, options)
    width = A4_WIDTH_IN
    map_w = width * 0.98
    map_h = map_w * (y1 - y0) / (x1 - x0)
    head, low, foot = 0.75, 3.3, 1.75  # inches: title, overview row, table and notes
    height = head + map_h + low + foot
    fig = plt.figure(figsize=(width, height), dpi=100)

    def box(left, bottom, w, h):  # inches from the bottom left -> figure fraction
        return (left / width, bottom / height, w / width, h / height)

    ax = fig.add_axes(box(0.01 * width, foot + low, map_w, map_h))
    draw_base(ax, (x0, x1, y0, y1))
    drawn = []
    for opt in options:
        if not opt.available:
            continue
        for leg_mode, geom in _legs(opt, MAP_CRS):
            z = 6 if opt.mode == "land" else 7
            add_lines(ax, [geom], zorder=z, **_style(opt.mode, leg_mode))
        drawn.append(opt.mode)
    ends = [network.node_id(a["origin"]), network.node_id(a["destination"])]
    pts = nodes.loc[ends]
    _terminals(ax, options, list(pts.geometry))
    ax.scatter(pts.geometry.x, pts.geometry.y, marker="*", s=170, color="#f9d423",
               edgecolor="#333", linewidth=0.8, zorder=9)  # fmt: skip
    for name, p in zip((a["origin"], a["destination"]), pts.geometry):
        right = p.x > (x0 + x1) / 2
        ax.annotate(name, (p.x, p.y), xytext=(-7 if right else 7, 6), textcoords="offset points",
                    ha="right" if right else "left", fontsize=8.5, fontweight="bold", zorder=10)  # fmt: skip
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    scale_bar(ax)
    handles = [Line2D([0], [0], label=m, **MODE_STYLES[m]) for m in drawn]
    handles.append(Line2D([0], [0], marker="s", color="none", markerfacecolor="white",
                          markeredgecolor="#263238", markersize=5, label="airport or port used"))  # fmt: skip
    ax.legend(handles=handles, loc="upper center", fontsize=6.5, title="mode", title_fontsize=7,
              framealpha=0.92)  # fmt: skip
    side = low - 0.25
    _overview(fig.add_axes(box(0.01 * width, foot + 0.05, side - 0.1, side - 0.15)), options)
    _exposure(fig, box(0.01 * width + side + 0.2, foot + 0.1, width - side - 0.4, side), comparison)
    fig.text(0.012, 1 - 0.08 / height, title or f"Land, air or sea — {a['scenario']} ({a['date']})",
             fontsize=12, fontweight="bold", va="top")  # fmt: skip
    fig.text(0.012, 1 - 0.42 / height, f"{a['origin']} → {a['destination']}, mover {a['mover']}: "
             "each mode's best journey under the scenario's zones, airspace and chokepoints",
             fontsize=7, va="top", color="#333")  # fmt: skip
    _table(fig, box(0.01 * width, 0.62, 0.98 * width, foot - 0.72), comparison)
    fig.text(0.012, 0.04 / height, ATTRIBUTION + " Sea paths: searoute (Eurostat MARNET). Overview "
             "land: Natural Earth 1:110m. Projections: Lambert conformal conic (map), Lambert "
             "azimuthal equal-area (overview).", fontsize=4.6, color="#666", va="bottom",
             wrap=True)  # fmt: skip
    return fig


def _extent(nodes: gpd.GeoDataFrame, options) -> tuple[float, float, float, float]:
    """The places and the airports and ports used, inside the basemap's bounds (map metres)."""
    x0, y0, x1, y1 = nodes.total_bounds
    ends = [shapely.get_coordinates(leg.geometry)[[0, -1]] for opt in options if opt.available
            for leg in opt.legs if leg.mode in ("air", "sea")]  # fmt: skip
    if ends:
        lon, lat = np.concatenate(ends).T
        c0, c1, r0, r1 = REGION_BOUNDS
        keep = (lon >= c0) & (lon <= c1) & (lat >= r0) & (lat <= r1)
        pts = gpd.GeoSeries(shapely.points(lon[keep], lat[keep]), crs="EPSG:4326").to_crs(MAP_CRS)
        if len(pts):
            x0, y0 = min(x0, pts.x.min()), min(y0, pts.y.min())
            x1, y1 = max(x1, pts.x.max()), max(y1, pts.y.max())
    dx, dy = (x1 - x0) * 0.04, (y1 - y0) * 0.05
    return x0 - dx, x1 + dx, y0 - dy, y1 + dy


def _terminals(ax, options, stars) -> None:
    """Mark the airports and ports the drawn journeys use; name those away from the stars."""
    ends = {}
    for opt in options:
        if not opt.available:
            continue
        for leg in opt.legs:
            if leg.mode in ("air", "sea"):
                xy = shapely.get_coordinates(leg.geometry)
                ends[leg.origin], ends[leg.destination] = xy[0], xy[-1]
    if not ends:
        return
    pts = gpd.GeoSeries(shapely.points(np.array(list(ends.values()))), crs="EPSG:4326")
    pts = pts.to_crs(MAP_CRS)
    ax.scatter(pts.x, pts.y, marker="s", s=22, color="white", edgecolor="#263238", zorder=8)
    for name, p in zip(ends, pts):
        if min(p.distance(star) for star in stars) < 40_000:  # metres: the place's own label
            continue
        x0, x1 = ax.get_xlim()
        right = p.x > x0 + 0.8 * (x1 - x0)  # near the right edge: label to the left
        ax.annotate(name, (p.x, p.y), xytext=(-5 if right else 4, -9), textcoords="offset points",
                    ha="right" if right else "left", fontsize=6.2, color="#263238", zorder=10,
                    clip_on=True)  # fmt: skip


def _exposure(fig, rect, comparison: pd.DataFrame) -> None:
    """Per mode: why not, or the exposure (contested airspace or chokepoints, strikes)."""
    ax = fig.add_axes(rect)
    ax.axis("off")
    lines = []
    for r in comparison.itertuples():
        if not r.available:
            body = f"not available: {r.why_not}"
        elif r.exposure:
            body = "; ".join(r.exposure[:3]) + (
                f"; +{len(r.exposure) - 3} more" if len(r.exposure) > 3 else ""
            )
        else:
            body = "no contested passage or strike in the window"
        lines.append((r.mode, body))
    chars = max(40, int(rect[2] * fig.get_figwidth() * 72 / (6.0 * 0.52)))
    ax.text(0, 1.0, "exposure and stops", fontsize=7.5, fontweight="bold", va="top")
    y = 0.92
    for mode, body in lines:
        block = textwrap.fill(f"{mode}: {body}", chars)
        ax.text(0, y, block, fontsize=6.0, va="top", color=MODE_STYLES[mode]["color"])
        y -= 0.035 * (block.count("\n") + 1) + 0.03


def _overview(ax, options) -> None:
    """The whole sea voyage and the chokepoints it passes."""
    world = _world()
    ax.set_facecolor("#dce8f0")
    add_polygons(
        ax, world.geometry.values, facecolor="#ebe7df", edgecolor="#9a9a9a", linewidth=0.3, zorder=1
    )
    geoms = []
    for opt in options:
        if not opt.available:
            continue
        for leg_mode, geom in _legs(opt, OVERVIEW_CRS):
            add_lines(ax, [geom], zorder=5, **_style(opt.mode, leg_mode))
            geoms.append(geom)
    if geoms:
        x0, y0, x1, y1 = shapely.bounds(shapely.union_all(geoms))
    else:
        x0, y0, x1, y1 = -3e6, -2e6, 4e6, 4e6
    dx, dy = max(x1 - x0, 2.5e6), max(y1 - y0, 2.5e6)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half = max(dx, dy) * 0.58
    ax.set_xlim(cx - half, cx + half)
    ax.set_ylim(cy - half, cy + half)
    from .._schema import CHOKEPOINT_PASSAGES
    from ..modes.paths import passage_points

    passed = {c for opt in options if opt.available for c in opt.chokepoints}
    where = passage_points()
    for c in sorted(passed):
        p = where.get(CHOKEPOINT_PASSAGES[c])
        if p is None:
            continue
        xy = gpd.GeoSeries([p], crs="EPSG:4326").to_crs(OVERVIEW_CRS).iloc[0]
        ax.scatter([xy.x], [xy.y], s=22, color="#263238", zorder=8)
        ax.annotate(
            c, (xy.x, xy.y), xytext=(4, -8), textcoords="offset points", fontsize=6.2, zorder=9
        )
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("the sea voyage", fontsize=7.5, loc="left")


def _table(fig, rect, comparison: pd.DataFrame) -> None:
    ax = fig.add_axes(rect)
    ax.axis("off")
    cells, colors = [], []
    for r in comparison.itertuples():
        if r.available:
            cells.append([r.mode, r.route[:95] + ("…" if len(r.route) > 95 else ""), _fmt(r.km, ",.0f"),
                          "" if math.isnan(r.nm) else f"{r.nm:,.0f}", _fmt(r.transit_days, ",.1f"),
                          _fmt(r.tonnes_per_week, ",.0f"), _fmt(r.cost_usd_per_t, ",.0f")])  # fmt: skip
        else:
            why = r.why_not[:90] + ("…" if len(r.why_not) > 90 else "")
            cells.append([r.mode, f"not available: {why}", "", "", "", "", ""])
        colors.append(MODE_STYLES[r.mode]["color"])
    header = ["mode", "journey", "km", "nm", "days", "t/week", "USD/t"]
    table = ax.table(cellText=cells, colLabels=header, cellLoc="left", bbox=(0, 0, 1, 1),
                     colWidths=[0.09, 0.56, 0.07, 0.06, 0.06, 0.09, 0.07])  # fmt: skip
    table.auto_set_font_size(False)
    table.set_fontsize(6.6)
    for (row, col), cell in table.get_celld().items():
        cell.PAD = 0.03 if col != 1 else 0.008
        cell.set_linewidth(0.3)
        if row == 0:
            cell.set_text_props(fontweight="bold")
        elif col == 0:
            cell.set_text_props(color=colors[row - 1], fontweight="bold")
    n = int(np.sum([len(x) for x in comparison["assumptions"]]))
    ax.text(0.0, -0.06, f"t/week: sourced flights or port calls a week × payload (unknown where no "
            f"source gives a frequency on the date); land: maximum flow × 7. {n} figures used are "
            "assumptions or unknowns (the DataFrame's assumptions column lists them). Roads to a "
            "loading port outside the network are not counted.", fontsize=5.4, color="#333",
            va="top", wrap=True, transform=ax.transAxes)  # fmt: skip
