"""Flow maps: the corridor's capacity drawn as line widths in tonnes a day, with the bottleneck
(and any crossings a denier closes) marked.

Drawn with the helpers of :mod:`corridor.plot.base` and :mod:`corridor.plot.layers`, in the
same Lambert conformal conic projection, laid out for A4 width.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import matplotlib.pyplot as plt
import numpy as np
import shapely
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..errors import CorridorError
from ..network import Network
from ..resolution import resolve
from ..throughput import Capacity
from .base import (
    A4_WIDTH_IN,
    ATTRIBUTION,
    draw_base,
    map_extent,
    mover_label,
    projected_frames,
    scale_bar,
)
from .layers import draw_roads, draw_zones
from .legend import TUPLE_HANDLER, symbol_handles, zone_handles
from .points import draw_points, short_name

__all__ = ["FLOW_COLOR", "plot_flows", "flow_widths"]

FLOW_COLOR = "#6a1b9a"
BOTTLENECK_COLOR = "#c62828"
MAX_WIDTH_PT = 9.0
MIN_WIDTH_PT = 1.2


def _batched(func):
    """Build the figure without the redraw geopandas asks for after every layer (one draw
    happens at save), as the route maps do."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from matplotlib.backend_bases import FigureCanvasBase

        original = FigureCanvasBase.draw_idle
        FigureCanvasBase.draw_idle = lambda self, *a, **k: None
        try:
            return func(*args, **kwargs)
        finally:
            FigureCanvasBase.draw_idle = original

    return wrapper


def flow_widths(tonnes: np.ndarray | list[float], top: float) -> np.ndarray:
    """Line widths in points for flows in tonnes a day: proportional to the flow, the largest
    ``top`` drawn ``MAX_WIDTH_PT`` wide, none thinner than ``MIN_WIDTH_PT``."""
    if top <= 0:
        return np.full(len(tonnes), MIN_WIDTH_PT)
    return np.maximum(MIN_WIDTH_PT, MAX_WIDTH_PT * np.asarray(tonnes, dtype=float) / top)


def _nice(value: float) -> float:
    """A round number near ``value`` (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 0.0
    power = 10 ** np.floor(np.log10(value))
    return float(min((1, 2, 5, 10), key=lambda m: abs(m * power - value)) * power)


def _draw_flows(ax, edges, result: Capacity, full_width_t: float | None) -> list:
    """The edges carrying flow, as widths in tonnes a day; returns legend handles."""
    flow_t = np.abs(result.edge_flow) * result.payload_t
    live = np.flatnonzero(flow_t > 0)
    if not len(live):
        return []
    top = float(full_width_t or flow_t[live].max())
    widths = flow_widths(flow_t[live], top)
    geoms = edges.geometry.values[live]
    segments = [shapely.get_coordinates(g) for g in geoms]
    ax.add_collection(LineCollection(segments, linewidths=widths + 2.0, colors="white", zorder=5.9))
    ax.add_collection(
        LineCollection(segments, linewidths=widths, colors=FLOW_COLOR, zorder=6, capstyle="round")
    )
    samples = sorted({_nice(top), _nice(top / 2), _nice(top / 8)} - {0.0}, reverse=True)
    return [
        Line2D([0], [0], color=FLOW_COLOR, linewidth=float(flow_widths([s], top)[0]),
               label=f"{s:,.0f} t/day")
        for s in samples
    ]  # fmt: skip


def _mark(ax, nodes, ids: list[str], style: dict, text: str, at: tuple[float, float]) -> None:
    """Mark crossings with one symbol each and one label for all at ``at`` (axes fraction;
    they often sit together, as the Albukamal crossings do), pointing at their centre."""
    if not ids:
        return
    xy = np.array([[nodes.geometry[i].x, nodes.geometry[i].y] for i in ids])
    ax.scatter(xy[:, 0], xy[:, 1], zorder=9.5, **style)
    color = style.get("edgecolors") if style.get("facecolors") == "none" else style["color"]
    ax.annotate(
        text,
        tuple(xy.mean(axis=0)),
        xytext=at,
        textcoords="axes fraction",
        fontsize=6.4,
        fontweight="bold",
        color=color,
        ha="left",
        va="top",
        bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor=color, alpha=0.92),
        arrowprops=dict(arrowstyle="-", color=color, linewidth=0.8),
        zorder=10.5,
    )


def _names(network: Network, ids: list[str], figures: dict) -> str:
    return "\n".join(
        f"  {short_name(network.graph.nodes[c]['name'])}: {figures.get(c, 0):,.0f} trucks/day"
        for c in ids
    )


@_batched
def plot_flows(
    network: Network,
    result: Capacity,
    *,
    denied: Iterable[str] = (),
    title: str | None = None,
    subtitle: str | None = None,
    full_width_t: float | None = None,
    figsize: tuple[float, float] = (A4_WIDTH_IN, 0.0),
) -> Figure:
    """Draw a capacity: flows as line widths in tonnes a day, the bottleneck ringed.

    Parameters
    ----------
    network : Network
        The network the capacity was computed on.
    result : Capacity
        From :func:`corridor.capacity`.
    denied : iterable of str
        Crossings a denier closes (from :func:`corridor.interdict`), marked with a cross.
    title, subtitle : str, optional
        Default: the scenario and date; origin, destination, tonnes and trucks a day.
    full_width_t : float, optional
        Tonnes a day drawn at full width (default: the largest flow); give the same value to
        maps that are to be compared.
    figsize : (width, height) in inches
        The width is used (the height follows the map); default A4 width.

    Returns
    -------
    matplotlib.figure.Figure
        Lambert conformal conic map (zones, roads by state, crossings, flows) with a legend of
        flow widths and the attribution.
    """
    if not isinstance(result, Capacity):
        raise CorridorError(f"plot_flows takes a corridor.Capacity, got {result!r}")
    if full_width_t is not None and not full_width_t > 0:
        raise CorridorError(f"full_width_t must be tonnes a day > 0, got {full_width_t!r}")
    if result.network is not None and result.network is not network:
        raise CorridorError("the capacity was computed on another network than the one to plot")
    denied = [network.crossing_id(c) for c in ([denied] if isinstance(denied, str) else denied)]
    sc = result.scenario
    res = resolve(network, sc)
    nodes, edges, zones = projected_frames(network)
    extent = map_extent(nodes, [])
    width = figsize[0]
    map_h = width * 0.98 * (extent[3] - extent[2]) / (extent[1] - extent[0])
    head_h, foot_h = 0.85, 1.25
    height = head_h + map_h + foot_h
    fig = plt.figure(figsize=(width, height), dpi=100)
    ax = fig.add_axes((0.01, foot_h / height, 0.98, map_h / height))
    draw_base(ax, extent)
    view = shapely.box(extent[0], extent[2], extent[1], extent[3])
    held, _ = zone_handles(draw_zones(ax, network, res, zones, view))
    draw_roads(ax, network, res)
    flow_handles = _draw_flows(ax, edges, result, full_width_t)
    draw_points(ax, nodes, res, [], result.origin, result.destination, label_towns=False)
    ring = dict(marker="o", s=260, facecolors="none", edgecolors=BOTTLENECK_COLOR, linewidths=2.0)
    neck = _names(network, result.bottleneck, result.crossing_capacity)
    _mark(ax, nodes, result.bottleneck, ring, f"bottleneck (minimum cut):\n{neck}", (0.12, 0.40))
    cross = dict(marker="X", s=150, color="#111111", edgecolors="white", linewidths=0.8)
    shut = _names(network, denied, result.crossing_capacity)
    _mark(ax, nodes, denied, cross, f"closed in the interdiction:\n{shut}", (0.12, 0.22))
    scale_bar(ax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    if held:
        leg = ax.legend(handles=held, loc="lower right", fontsize=5.8,
                        title="territory held", title_fontsize=6.2, framealpha=0.92)  # fmt: skip
        leg.set_zorder(12)
    _header(fig, network, result, title, subtitle, denied)
    _footer(fig, result, flow_handles, ring, cross, bool(denied))
    return fig


def _header(fig, network: Network, result: Capacity, title, subtitle, denied) -> None:
    sc = result.scenario
    H = fig.get_figheight()
    o, d = (
        network.graph.nodes[result.origin]["name"],
        network.graph.nodes[result.destination]["name"],
    )
    if title is None:
        title = f"Corridor capacity — {sc.name} ({sc.date.day} {sc.date:%B %Y})"
    if subtitle is None:
        names = [short_name(network.graph.nodes[c]["name"]) for c in result.bottleneck]
        subtitle = (
            f"{o} → {d}: {result.tonnes_per_day:,.0f} t/day ({result.trucks_per_day:,.0f} trucks "
            f"a day × {result.payload_t:g} t, {result.truck}), one direction; bottleneck: "
            f"{', '.join(names) or 'none (no route)'}"
        )
    fig.text(0.012, 1 - 0.08 / H, title, fontsize=12, fontweight="bold", va="top")
    fig.text(0.012, 1 - 0.36 / H, f"{mover_label(network, sc.mover)} · {subtitle}", fontsize=6.8,
             va="top", color="#333333", wrap=True)  # fmt: skip


def _marker(marker: str, face: str, edge: str, size: float, label: str) -> Line2D:
    return Line2D([0], [0], marker=marker, color="none", markerfacecolor=face,
                  markeredgecolor=edge, markeredgewidth=1.6, markersize=size, label=label)  # fmt: skip


def _footer(fig, result: Capacity, flow_handles, ring, cross, denied: bool) -> None:
    H = fig.get_figheight()
    marks = [_marker("o", "none", BOTTLENECK_COLOR, 9, "bottleneck (minimum cut)")]
    if denied:
        marks.append(_marker("X", "#111111", "white", 8, "closed in the interdiction"))
    fig.legend(handles=flow_handles + marks, loc="upper left", bbox_to_anchor=(0.005, 1.18 / H),
               fontsize=6.2, frameon=False, title="flow, tonnes a day (width)",
               title_fontsize=6.4, alignment="left", ncol=2)  # fmt: skip
    handles, labels = zip(
        *symbol_handles(unknown_policy=result.scenario.unknown_crossings, routes=False)
    )
    fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.42, 1.18 / H),
               fontsize=5.6, frameon=False, ncol=3, handler_map=TUPLE_HANDLER)  # fmt: skip
    n = len(result.assumptions)
    fig.text(
        0.012,
        0.30 / H,
        "Capacities: trucks a day per crossing and period from data/crossing_capacity.csv where "
        f"a source gives one, else by crossing kind; road capacity by class. {n} of the figures "
        "used are assumptions (Capacity.assumptions lists them).",
        fontsize=5.4,
        color="#333333",
        va="bottom",
        wrap=True,
    )
    fig.text(0.012, 0.05 / H, ATTRIBUTION + " Projection: Lambert conformal conic (30°N, 38°N).",
             fontsize=4.6, color="#666666", va="bottom", wrap=True)  # fmt: skip
