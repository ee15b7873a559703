"""Route maps: scenarios, routes, comparisons and timelines drawn to matplotlib figures, and
PNG output.

Maps are drawn in a Lambert conformal conic projection (see :mod:`corridor.plot.base`) and
laid out for A4 width (8.27 in) at 200 dpi: a header, the map, then legends stacked from the
bottom up (their measured sizes set the figure's height, so there is no empty band).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import shapely
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure

from .._checks import check_flag, check_number, check_path
from .._files import atomic_target
from ..critical import explain
from ..errors import CorridorError
from ..network import Network
from ..resolution import resolve
from ..routing import Route
from ..whatif import Scenario, as_scenario
from .base import (
    A4_WIDTH_IN,
    ATTRIBUTION,
    INSET_WIDTH_IN,
    check_routes,
    draw_base,
    map_extent,
    mover_label,
    projected_frames,
    scale_bar,
)
from .inset import choose_inset, draw_inset, inset_corner
from .layers import draw_events, draw_roads, draw_routes, draw_zones
from .legend import (
    HELD_TITLE,
    OTHER_TITLE,
    TUPLE_HANDLER,
    route_handles,
    symbol_handles,
    zone_handles,
)
from .points import draw_points

INSET_CORNER_IN = 1.9  # inset width when it sits in a corner of the map, inches

__all__ = ["plot_routes", "plot_scenario", "save_png", "Footer", "finish_layout"]


class Footer:
    """Legends and notes stacked upwards from the bottom of a figure, in inches.

    Each item is measured as it is added; :attr:`height` is the stack's height so far.
    """

    def __init__(self, fig: Figure, width_in: float, *, x_in: float = 0.06) -> None:
        self.fig = fig
        self.width = width_in
        self.x = x_in
        self.y = 0.05
        self.renderer = RendererAgg(10, 10, fig.dpi)

    def _height(self, artist) -> float:
        return artist.get_window_extent(self.renderer).height / self.fig.dpi

    def text(self, text: str, *, chars: int, fontsize: float, gap: float = 0.04, **kw) -> None:
        """Wrapped text (``chars`` per line)."""
        wrapped = "\n".join(textwrap.wrap(text, chars))
        t = self.fig.text(
            self.x / self.fig.get_figwidth(), 0, wrapped, fontsize=fontsize, va="bottom", **kw
        )
        t.set_transform(self.fig.dpi_scale_trans)
        t.set_position((self.x, self.y))
        self.y += self._height(t) + gap

    def legend(self, pairs: list[tuple], *, title: str | None, fontsize: float, gap=0.06, **kw):
        """A legend of (handle, label) pairs, with as many columns as fit the width."""
        if not pairs:
            return None
        handles, labels = zip(*pairs)
        for ncol in (5, 4, 3, 2, 1):
            if ncol > len(pairs):
                continue
            leg = self.fig.legend(
                list(handles),
                list(labels),
                loc="lower left",
                bbox_to_anchor=(self.x, self.y),
                bbox_transform=self.fig.dpi_scale_trans,
                ncol=ncol,
                fontsize=fontsize,
                frameon=False,
                title=title,
                title_fontsize=fontsize + 0.4,
                alignment="left",
                borderaxespad=0.0,
                handler_map=TUPLE_HANDLER,
                columnspacing=1.2,
                handlelength=2.2,
                **kw,
            )
            w = leg.get_window_extent(self.renderer).width / self.fig.dpi
            if w <= self.width or ncol == 1:
                self.y += self._height(leg) + gap
                return leg
            leg.remove()
        return None


def finish_layout(fig: Figure, footer_h: float, body: list[tuple], header: list[tuple]) -> float:
    """Size the figure: footer, then ``body`` (axes with (left, top offset, w, h) in inches
    below the header), then the header texts ((text, top offset in inches)). Returns H."""
    W = fig.get_figwidth()
    head_h = max((off for _, off in header), default=0.0)
    body_h = max((top + h for _, (_, top, _, h) in body), default=0.0)
    H = footer_h + body_h + head_h
    fig.set_size_inches(W, H)
    for ax, (left, top, w, h) in body:
        ax.set_position((left / W, (H - head_h - top - h) / H, w / W, h / H))
    for text, off in header:
        if text is not None:
            text.set_y(1 - off / H)
    return H


def _header(fig: Figure, title: str, subtitle: str, *, chars: int = 165) -> list[tuple]:
    t = fig.text(0.012, 1, title, fontsize=12, fontweight="bold", va="top")
    out = [(t, 0.08)]
    lines = textwrap.wrap(subtitle, chars) if subtitle else []
    if lines:
        s = fig.text(0.012, 1, "\n".join(lines), fontsize=6.6, va="top", color="#333333")
        out.append((s, 0.36))
    return [*out, (None, 0.42 + 0.115 * len(lines))]


def _no_route_note(network: Network, scenario: Scenario, o, d) -> str:
    why = explain(network, scenario, o, d)
    lift = [text for _, _, text in why.lift]
    head = (
        "Lifting these blocks together would restore one (corridor.explain):"
        if len(lift) > 1
        else "Lifting this block would restore one (corridor.explain):"
    )
    return "\n".join([head, *(f"• {t}" for t in lift or ["no small set of blocks found"])])


def _draw_map(ax, network: Network, res, routes, o, d, extent, inset, label_towns, corner=None):
    """Everything inside the map axes (``corner``: (name, data rect) kept free for the
    inset); returns (zone entries, labeller)."""
    nodes, _, zones = projected_frames(network)
    draw_base(ax, extent)
    view = shapely.box(extent[0], extent[2], extent[1], extent[3])
    entries = draw_zones(ax, network, res, zones, view)
    draw_roads(ax, network, res)
    draw_routes(ax, network, res, routes)
    draw_events(ax, network, res)
    lab = draw_points(
        ax,
        nodes,
        res,
        routes,
        o,
        d,
        label_towns=label_towns,
        skip_box=inset.box if inset else None,
        reserve=corner[1] if corner else None,
    )
    if inset is not None:
        x0, x1, y0, y1 = inset.extent
        lab.block_points(np.array([[x0, y0], [x1, y1], [x0, y1], [x1, y0]]), 2.0)
        lab.place(
            x1,
            (y0 + y1) / 2,
            "inset",
            marker_pt=4.0,
            fontsize=5.6,
            color="#222222",
            zorder=10,
            style="italic",
        )
    left = corner is not None and corner[0] == "lower left"
    frac = (corner[1][2] - extent[0]) / (extent[1] - extent[0]) + 0.03 if left else 0.035
    scale_bar(ax, x_frac=frac)
    return entries, lab


def _footer(fig, network, scenario, res, routes, entries, o, d, width, legend) -> float:
    foot = Footer(fig, width)
    foot.text(
        ATTRIBUTION + " Projection: Lambert conformal conic (30°N, 38°N).",
        chars=int(width * 24),
        fontsize=4.6,
        color="#666666",
    )
    if not legend:
        return foot.y
    window = float(network.control.event_params.get("window_days", 730.0))
    foot.legend(
        symbol_handles(
            unknown_policy=scenario.unknown_crossings, window_days=window, routes=bool(routes)
        ),
        title=None,
        fontsize=5.6,
    )
    held, other = zone_handles(entries)
    foot.legend([(h, h.get_label()) for h in other], title=OTHER_TITLE, fontsize=5.8)
    foot.legend([(h, h.get_label()) for h in held], title=HELD_TITLE, fontsize=5.8)
    if routes:
        hs = route_handles(routes)
        foot.legend(
            [(h, h.get_label()) for h in hs],
            title=f"routes, best first (by {routes[0].weight}); bands where they share a road",
            fontsize=6.2,
        )
    elif o and d:
        foot.text(
            _no_route_note(network, scenario, o, d),
            chars=200,
            fontsize=6.2,
            color="#333333",
            linespacing=1.5,
        )
        foot.text(
            "No viable route under this scenario.",
            chars=200,
            fontsize=8,
            color="#b71c1c",
            fontweight="bold",
        )
    return foot.y


def _checked_layout(ax: Any, figsize: Any, inset_km: Any) -> float:
    """The figure width in inches, after checking ``ax``, ``figsize`` and ``inset_km``."""
    if ax is not None and not hasattr(ax, "add_collection"):
        raise CorridorError(f"ax must be a matplotlib Axes, got {ax!r:.60}")
    if isinstance(figsize, (str, bytes)) or not hasattr(figsize, "__len__") or len(figsize) != 2:
        raise CorridorError(f"figsize must be (width, height) in inches, got {figsize!r}")
    width = check_number(figsize[0], "figsize width", low=0.0, high=100.0, unit=" in")
    check_number(figsize[1], "figsize height", low=0.0, high=100.0, unit=" in", closed=True)
    if inset_km is not None:
        check_number(inset_km, "inset_km", low=0.0, high=2000.0, unit=" km")
    return width


def plot_routes(
    network: Network,
    scenario: Scenario | str | Path,
    routes: list[Route] | None = None,
    *,
    ax=None,
    origin: str | None = None,
    destination: str | None = None,
    title: str | None = None,
    legend: bool = True,
    label_towns: bool = True,
    figsize: tuple[float, float] = (A4_WIDTH_IN, 0.0),
    inset: str | None = "auto",
    inset_km: float | None = None,
) -> Figure:
    """Draw a scenario map with routes.

    Shows countries, borders, coastline, the Euphrates and Tigris, the control zones that apply
    under ``scenario`` coloured by the actor holding them (territory held filled; insurgency,
    presence and other zones hatched, in a legend of their own), roads by class (dirt tracks
    dashed), blocked and contested road segments, crossings by status (unknown: a grey "?"),
    the events that count, each route in its own colour (nested bands where routes share a
    road; contested stretches dashed amber and event-exposed stretches cased in red on the
    route), the origin and destination, a scale bar and attribution. Labels sit next to their
    markers or are joined to them by leader lines.

    Parameters
    ----------
    network : Network
    scenario : Scenario, or a built-in scenario name or scenario file
    routes : list of Route, optional
        As returned by :func:`corridor.viable_routes` (best first). Origin and destination
        default to the first route's.
    ax : matplotlib Axes, optional
        Draw into this axes (no header, footer or inset; the zone legend goes into the axes).
    origin, destination : str, optional
        Places to mark when there are no routes.
    title : str, optional
        Defaults to the scenario name and date.
    legend : bool
        Draw the legends below the map (symbols, zones by kind and by holder, routes); default
        True. The attribution and projection note are drawn either way.
    label_towns : bool
        Label the towns (default True): those on a route and the others of at least
        ``corridor.plot.points.TOWN_LABEL_POP`` people. Cities, crossings, the origin and the
        destination are labelled either way.
    figsize : (width, height) in inches
        The width is used (the height follows the map and legends); default A4 width.
    inset : str or None
        "auto" (default): an enlarged view of the tightest cluster of crossings the routes
        use (without routes: the largest cluster); a place or crossing name to centre it
        there; None for no inset.
    inset_km : float, optional
        Half-width of the inset, km (default: from the cluster, at least 22 km).

    Returns
    -------
    matplotlib.figure.Figure
    """
    legend = check_flag(legend, "legend")
    label_towns = check_flag(label_towns, "label_towns")
    width = _checked_layout(ax, figsize, inset_km)
    scenario = as_scenario(scenario)
    routes = check_routes(network, scenario, routes, "plot")
    res = resolve(network, scenario)
    nodes, _, _ = projected_frames(network)
    o = routes[0].nodes[0] if routes else (network.node_id(origin) if origin else None)
    d = routes[0].nodes[-1] if routes else (network.node_id(destination) if destination else None)
    extent = map_extent(nodes, routes)
    if title is None:
        title = f"{scenario.name} — {scenario.date.day} {scenario.date:%B %Y}"
    if ax is not None:
        return _into_axes(ax, network, res, routes, o, d, extent, title, legend, label_towns)
    W = width
    map_w = W * 0.98
    map_h = map_w * (extent[3] - extent[2]) / (extent[1] - extent[0])
    box = choose_inset(network, res, routes, inset, inset_km)
    # the inset goes into an empty corner of the map when there is one, else below it
    corner = None
    if box is not None:
        w = INSET_CORNER_IN
        corner = inset_corner(nodes, routes, extent, (w + 0.2) / map_w, (0.8 * w + 0.3) / map_h)
    inset_w = 0.0 if box is None else INSET_CORNER_IN if corner else INSET_WIDTH_IN
    inset_h = inset_w * 0.8
    fig = plt.figure(figsize=(W, map_h + 4.0), dpi=100)
    ax = fig.add_axes((0.01, 0.3, 0.98, map_h / (map_h + 4.0)))
    entries, _ = _draw_map(ax, network, res, routes, o, d, extent, box, label_towns, corner)
    beside = box is not None and corner is None
    left_w = W - 0.12 - (inset_w + 0.25 if beside else 0.0)
    foot_h = _footer(fig, network, scenario, res, routes, entries, o, d, left_w, legend)
    foot_h = max(foot_h, inset_h + 0.45 if beside else 0.0) + 0.05
    what = (
        f"{network.graph.nodes[o]['name']} → {network.graph.nodes[d]['name']}: "
        f"{len(routes)} viable route{'s' if len(routes) != 1 else ''}"
        if o and d
        else "control zones, road states and crossings"
    )
    header = _header(
        fig, title, f"{mover_label(network, scenario.mover)} · {what}. {scenario.description}"
    )
    H = finish_layout(fig, foot_h, [(ax, (0.01 * W, 0.0, map_w, map_h))], header)
    if box is not None and corner is not None:
        cx0, cy0, cx1, cy1 = corner[1]
        left = 0.01 * W + (cx0 - extent[0]) / (extent[1] - extent[0]) * map_w
        bottom = foot_h + (cy0 - extent[2]) / (extent[3] - extent[2]) * map_h
        pad_x = 0.08 if corner[0].endswith("left") else 0.12
        pad_y = 0.08 if corner[0].startswith("lower") else 0.22
        rect = ((left + pad_x) / W, (bottom + pad_y) / H, inset_w / W, inset_h / H)
        draw_inset(fig, ax, network, res, routes, box, rect)
    elif box is not None:
        rect = ((W - inset_w - 0.08) / W, 0.30 / H, inset_w / W, inset_h / H)
        draw_inset(fig, ax, network, res, routes, box, rect)
    return fig


def _into_axes(ax, network, res, routes, o, d, extent, title, legend, label_towns) -> Figure:
    entries, _ = _draw_map(ax, network, res, routes, o, d, extent, None, label_towns)
    if legend and entries:
        held, other = zone_handles(entries)
        leg = ax.legend(
            handles=held + other,
            loc="lower right",
            fontsize=5.6,
            frameon=True,
            framealpha=0.92,
            title=f"{HELD_TITLE}; then {OTHER_TITLE}",
            title_fontsize=5.6,
        )
        leg.set_zorder(12)
    ax.set_title(title, fontsize=9, loc="left")
    return ax.figure


def plot_scenario(
    network: Network,
    scenario: Scenario | str | Path,
    *,
    ax=None,
    origin: str | None = None,
    destination: str | None = None,
    title: str | None = None,
    legend: bool = True,
    label_towns: bool = True,
    figsize: tuple[float, float] = (A4_WIDTH_IN, 0.0),
    inset: str | None = "auto",
    inset_km: float | None = None,
) -> Figure:
    """Draw a scenario without routes: zones, road states and crossings (see :func:`plot_routes`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    return plot_routes(
        network,
        scenario,
        [],
        ax=ax,
        origin=origin,
        destination=destination,
        title=title,
        legend=legend,
        label_towns=label_towns,
        figsize=figsize,
        inset=inset,
        inset_km=inset_km,
    )


def save_png(fig_or_routes: Figure | list[Route], path: str | Path, *, dpi: float = 200) -> Path:
    """Save a figure (or draw and save a list of routes) as PNG, atomically.

    Parameters
    ----------
    fig_or_routes : matplotlib Figure, or list of Route (from one scenario)
    path : path ending in .png
    dpi : float
        200 by default: A4 width at print resolution.

    Returns
    -------
    pathlib.Path
    """
    path = check_path(path, "the PNG file")
    dpi = check_number(dpi, "dpi", low=10, high=1200, closed=True)
    if path.suffix.lower() != ".png":
        raise CorridorError(f"{path}: the file name must end in .png")
    if not path.parent.exists():
        raise CorridorError(f"{path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise CorridorError(f"{path}: is a folder; give a file name ending in .png")
    if isinstance(fig_or_routes, Figure):
        fig = fig_or_routes
    else:
        if not isinstance(fig_or_routes, (list, tuple)):
            raise CorridorError(
                "save_png takes a matplotlib Figure or a non-empty list of Route, got "
                f"{type(fig_or_routes).__name__}"
            )
        routes = list(fig_or_routes)
        if not routes or not all(isinstance(r, Route) for r in routes):
            raise CorridorError("save_png takes a matplotlib Figure or a non-empty list of Route")
        fig = plot_routes(routes[0].network, routes[0].scenario, routes)
    try:
        with atomic_target(path) as tmp:
            fig.savefig(tmp, dpi=dpi, facecolor="white", format="png")
    except OSError as exc:
        raise CorridorError(f"{path}: could not write the PNG ({exc.strerror or exc})") from exc
    finally:
        if not isinstance(fig_or_routes, Figure):
            plt.close(fig)
    return path
