"""Route maps: scenarios, routes and timelines drawn to matplotlib figures, and PNG output.

Maps are drawn in a Lambert conformal conic projection (see :mod:`corridor.plot.base`) and
laid out for A4 width (8.27 in) at 200 dpi.
"""

from __future__ import annotations

import functools
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import shapely
from matplotlib.figure import Figure

from .._files import atomic_target
from ..control import parse_date
from ..critical import explain
from ..errors import CorridorError
from ..network import Network
from ..resolution import resolve
from ..routing import Route, viable_routes
from ..whatif import Scenario, as_scenario
from .base import (
    A4_WIDTH_IN,
    ATTRIBUTION,
    INSET_WIDTH_IN,
    draw_base,
    map_extent,
    mover_label,
    projected_frames,
    scale_bar,
    symbol_handles,
)
from .layers import (
    draw_events,
    draw_inset,
    draw_points,
    draw_roads,
    draw_routes,
    draw_zones,
    short_name,
)

__all__ = ["plot_routes", "plot_scenario", "plot_timeline", "save_png"]


def _batched(func):
    """Build a figure without the full redraw geopandas asks for after every layer it plots
    (``canvas.draw_idle``): dozens of layers made maps take seconds. One draw happens at save."""

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


def _map_figure(network: Network, extent, n_routes: int, inset, width: float):
    """A figure sized to the map: A4 width, header above, legends and attribution below.

    Returns (figure, map axes, legend height in inches, the inset's node id or None)."""
    map_w = width * 0.98
    map_h = map_w * (extent[3] - extent[2]) / (extent[1] - extent[0])
    if inset == "auto":
        inset = "albukamal-al-qaim" if "albukamal-al-qaim" in network.graph else None
    inset_w = INSET_WIDTH_IN if inset else 0.0
    head_h = 0.80
    legend_h = max(0.30 + 0.15 * max(n_routes, 1) + 0.75, inset_w * 0.8 + 0.45)
    height = head_h + map_h + legend_h
    fig = plt.figure(figsize=(width, height), dpi=100)
    ax = fig.add_axes((0.01, legend_h / height, 0.98, map_h / height))
    return fig, ax, legend_h, inset


def _header(fig: Figure, network: Network, scenario: Scenario, o, d, n_routes: int, title: str):
    H = fig.get_figheight()
    fig.text(0.012, 1 - 0.08 / H, title, fontsize=12, fontweight="bold", va="top")
    what = (
        f"{network.graph.nodes[o]['name']} → {network.graph.nodes[d]['name']}: "
        f"{n_routes} viable route{'s' if n_routes != 1 else ''}"
        if o and d
        else "control zones, road states and crossings"
    )
    fig.text(
        0.012,
        1 - 0.34 / H,
        f"{mover_label(scenario.mover)} · {what}\n{scenario.description}",
        fontsize=6.6,
        va="top",
        color="#333333",
        wrap=True,
    )


def _no_route_note(fig: Figure, network: Network, scenario: Scenario, o, d, y: float) -> None:
    """Say there is no route, and which blocks lifted together would restore one."""
    H = fig.get_figheight()
    fig.text(
        0.012,
        (y - 0.12) / H,
        "No viable route under this scenario.",
        fontsize=8,
        color="#b71c1c",
        fontweight="bold",
        va="top",
    )
    why = explain(network, scenario, o, d)
    lines = [
        "Lifting these blocks together would restore one (corridor.explain):"
        if len(why.lift) > 1
        else "Lifting this block would restore one (corridor.explain):"
    ]
    lines += [f"• {text}" for _, _, text in why.lift] or ["• no small set of blocks found"]
    fig.text(
        0.012,
        (y - 0.34) / H,
        "\n".join(lines),
        fontsize=6.2,
        color="#333333",
        va="top",
        linespacing=1.5,
    )


def _footer(fig, network, scenario, routes, route_handles, o, d, legend_h, inset, legend):
    """Route legend (or the no-route note), symbol legend and attribution below the map."""
    H = fig.get_figheight()
    if legend:
        y = legend_h - 0.12
        if route_handles:
            fig.legend(
                handles=route_handles,
                loc="upper left",
                bbox_to_anchor=(0.005, y / H),
                fontsize=6.2,
                frameon=False,
                title=f"routes, best first (by {routes[0].weight})",
                title_fontsize=6.4,
                alignment="left",
                borderaxespad=0.2,
            )
        elif o and d:
            _no_route_note(fig, network, scenario, o, d, y)
        fig.legend(
            handles=symbol_handles(),
            loc="lower left",
            bbox_to_anchor=(0.005, 0.26 / H),
            ncol=3 if inset else 5,
            fontsize=5.6,
            frameon=False,
            columnspacing=1.2,
            handlelength=2.0,
            borderaxespad=0.2,
        )
    fig.text(
        0.012,
        0.05 / H,
        ATTRIBUTION + " Projection: Lambert conformal conic (30°N, 38°N).",
        fontsize=4.6,
        color="#666666",
        va="bottom",
        wrap=True,
    )


@_batched
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
    inset_km: float = 22.0,
) -> Figure:
    """Draw a scenario map with routes.

    Shows countries, borders, coastline, the Euphrates and Tigris, the control zones that apply
    under ``scenario`` coloured by the actor holding them, roads by class (dirt tracks dashed),
    blocked and contested road segments, crossings by status, each route in its own colour with
    its crossings, km and hours, the origin and destination, a scale bar and attribution.

    Parameters
    ----------
    network : Network
    scenario : Scenario, or a built-in scenario name or scenario file
    routes : list of Route, optional
        As returned by :func:`corridor.viable_routes` (best first). Origin and destination
        default to the first route's.
    ax : matplotlib Axes, optional
        Draw into this axes (legends and attribution then go into its figure).
    origin, destination : str, optional
        Places to mark when there are no routes.
    title : str, optional
        Defaults to the scenario name and date.
    figsize : (width, height) in inches
        The width is used (the height follows the map); default A4 width.
    inset : str or None
        A place or crossing to show enlarged in an inset ("auto": the Albukamal-al-Qaim
        crossing and its dirt bypasses, when the network has them); None for no inset.
    inset_km : float
        Half-width of the inset, km.

    Returns
    -------
    matplotlib.figure.Figure
    """
    scenario = as_scenario(scenario)
    routes = list(routes or [])
    if routes and any(r.scenario != scenario for r in routes):
        raise CorridorError("the routes were computed under another scenario than the one to plot")
    res = resolve(network, scenario)
    nodes, edges, zones = projected_frames(network)
    o = routes[0].nodes[0] if routes else (network.node_id(origin) if origin else None)
    d = routes[0].nodes[-1] if routes else (network.node_id(destination) if destination else None)
    extent = map_extent(nodes, routes)
    own = ax is None
    legend_h = 0.0
    if ax is None:
        fig, ax, legend_h, inset = _map_figure(network, extent, len(routes), inset, figsize[0])
    else:
        fig, inset = ax.figure, None
    draw_base(ax, extent)
    view = shapely.box(extent[0], extent[2], extent[1], extent[3])
    actor_handles = draw_zones(ax, res, zones, view)
    draw_roads(ax, edges, res)
    route_handles = draw_routes(ax, routes)
    draw_events(ax, network, res)
    draw_points(ax, nodes, res, routes, o, d, label_towns=label_towns)
    scale_bar(ax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    if inset:
        draw_inset(fig, ax, network, res, routes, network.node_id(inset), inset_km)
    if title is None:
        title = f"{scenario.name} — {scenario.date.day} {scenario.date:%B %Y}"
    if legend and actor_handles:
        leg = ax.legend(
            handles=actor_handles,
            loc="lower right",
            fontsize=5.8,
            title="zones held by",
            title_fontsize=6.2,
            frameon=True,
            framealpha=0.92,
            borderpad=0.5,
        )
        leg.set_zorder(12)
    if not own:
        ax.set_title(title, fontsize=9, loc="left")
        return fig
    _header(fig, network, scenario, o, d, len(routes), title)
    _footer(fig, network, scenario, routes, route_handles, o, d, legend_h, inset, legend)
    return fig


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
    inset_km: float = 22.0,
) -> Figure:
    """Draw a scenario without routes: zones, road states and crossings (see :func:`plot_routes`)."""
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


def _timeline_panel(ax, network: Network, sc: Scenario, routes, extent, o, d, actors) -> None:
    """One small-multiple panel: zones, roads, the best route and its verdict as title."""
    nodes, edges, zones = projected_frames(network)
    res = resolve(network, sc)
    draw_base(ax, extent)
    view = shapely.box(extent[0], extent[2], extent[1], extent[3])
    for hnd in draw_zones(ax, res, zones, view):
        actors.setdefault(hnd.get_label(), hnd)
    draw_roads(ax, edges, res)
    draw_routes(ax, routes)
    draw_events(ax, network, res, small=True)
    draw_points(ax, nodes, res, routes, o, d, label_towns=False, small=True)
    ax.set_xlabel("")
    ax.set_ylabel("")
    if routes:
        rt = routes[0]
        via = " → ".join(short_name(n).split("–")[0] for n in rt.crossing_names)
        verdict = f"via {via} · {rt.length_km:,.0f} km · {rt.hours:.0f} h"
    else:
        verdict = "no viable route"
    ax.set_title(
        f"{sc.name} ({sc.date:%b %Y})\n{verdict}",
        fontsize=6.6,
        loc="left",
        pad=2,
        color="#111111" if routes else "#b71c1c",
    )


@_batched
def plot_timeline(
    network: Network,
    scenarios_or_dates,
    origin: str,
    destination: str,
    *,
    weight: str = "hours",
    ncols: int = 2,
) -> Figure:
    """Small multiples: one panel per scenario (or date), each with its best route, a shared legend.

    Returns
    -------
    matplotlib.figure.Figure
    """
    scs = [s if isinstance(s, Scenario) else Scenario.at(parse_date(s)) for s in scenarios_or_dates]
    if not scs:
        raise CorridorError("plot_timeline needs at least one scenario or date")
    n = len(scs)
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    nodes, _, _ = projected_frames(network)
    all_routes = [viable_routes(network, sc, origin, destination, k=1, weight=weight) for sc in scs]
    extent = map_extent(nodes, [r for rs in all_routes for r in rs])
    # panels sized to the map's aspect; inches: header, panels (with two title lines), legend
    W = A4_WIDTH_IN
    panel_w = (W - 0.12 - 0.1 * (ncols - 1)) / ncols
    panel_h = panel_w * (extent[3] - extent[2]) / (extent[1] - extent[0])
    title_h, head_h, foot_h = 0.34, 0.5, 0.95
    H = head_h + nrows * (panel_h + title_h) + foot_h
    fig = plt.figure(figsize=(W, H), dpi=100)
    actors: dict = {}
    o, d = network.node_id(origin), network.node_id(destination)
    for i, (sc, routes) in enumerate(zip(scs, all_routes)):
        r, c = divmod(i, ncols)
        left = 0.06 + c * (panel_w + 0.1)
        bottom = H - head_h - (r + 1) * (panel_h + title_h)
        ax = fig.add_axes((left / W, bottom / H, panel_w / W, panel_h / H))
        _timeline_panel(ax, network, sc, routes, extent, o, d, actors)
    fig.text(
        0.01,
        1 - 0.1 / H,
        f"{network.graph.nodes[o]['name']} → "
        f"{network.graph.nodes[d]['name']}: best route by {weight}, scenario by scenario",
        fontsize=11,
        fontweight="bold",
        va="top",
    )
    fig.legend(
        handles=list(actors.values()) + symbol_handles()[:4],
        loc="lower center",
        bbox_to_anchor=(0.5, 0.26 / H),
        ncol=5,
        fontsize=5.6,
        frameon=False,
        title="zones held by · roads",
        title_fontsize=6,
    )
    fig.text(0.01, 0.05 / H, ATTRIBUTION, fontsize=4.4, color="#666666", va="bottom", wrap=True)
    return fig


def save_png(fig_or_routes: Figure | list[Route], path: str | Path, *, dpi: int = 200) -> Path:
    """Save a figure (or draw and save a list of routes) as PNG, atomically.

    Parameters
    ----------
    fig_or_routes : matplotlib Figure, or list of Route (from one scenario)
    path : path ending in .png
    dpi : int
        200 by default: A4 width at print resolution.

    Returns
    -------
    pathlib.Path
    """
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise CorridorError(f"{path}: the file name must end in .png")
    if not path.parent.exists():
        raise CorridorError(f"{path}: the folder {path.parent} does not exist")
    if isinstance(fig_or_routes, Figure):
        fig = fig_or_routes
    else:
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
