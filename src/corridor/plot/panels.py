"""Small multiples: one map panel per scenario, each with its best route, under a title that
states the result (:func:`plot_compare`: each scenario against the first; :func:`plot_timeline`:
the corridor over time)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import shapely
from matplotlib.figure import Figure

from .._checks import check_count
from ..control import parse_date
from ..errors import CorridorError
from ..network import Network
from ..resolution import resolve
from ..routing import Route, viable_routes
from ..whatif import Scenario, as_scenario
from .base import A4_WIDTH_IN, ATTRIBUTION, draw_base, map_extent, projected_frames
from .layers import ZoneEntry, draw_events, draw_roads, draw_routes, draw_zones
from .legend import HELD_TITLE, OTHER_TITLE, symbol_handles, zone_handles
from .maps import Footer, finish_layout
from .points import draw_points, short_name

__all__ = [
    "plot_compare",
    "plot_timeline",
    "delta_text",
    "compare_title",
    "timeline_title",
    "scenario_list",
]


def delta_text(route: Route | None, base: Route | None) -> str:
    """The change from ``base`` to ``route`` as "−188 km, −8.0 h" ("" when either is None)."""
    if route is None or base is None:
        return ""
    dk, dh = route.length_km - base.length_km, route.hours - base.hours
    if abs(dk) < 0.5 and abs(dh) < 0.05:
        return "no change"

    def sign(v: float, fmt: str) -> str:
        s = format(abs(v), fmt)
        return ("−" if v < 0 and float(s.replace(",", "")) else "+") + s

    return f"{sign(dk, ',.0f')} km, {sign(dh, '.1f')} h"


def _figures(route: Route | None) -> str:
    return f"{route.length_km:,.0f} km, {route.hours:.1f} h" if route else "no viable route"


def compare_title(names: list[str], best: list[Route | None], o: str, d: str, weight: str) -> str:
    """The compare figure's title: each scenario's result against the first."""
    base = best[0]
    parts = []
    for name, r in zip(names[1:], best[1:]):
        if r is None:
            parts.append(f"{name}: no viable route")
        elif base is None:
            parts.append(f"{name}: {_figures(r)}")
        else:
            parts.append(f"{name} {delta_text(r, base)}")
    head = f"{o} → {d} (best route by {weight})"
    if not parts:
        return f"{head}: {names[0]} {_figures(base)}"
    against = f" against {names[0]}" + ("" if base else " (no viable route)")
    return f"{head}: {'; '.join(parts)}{against}"


def timeline_title(scs: list[Scenario], best: list[Route | None], o: str, d: str) -> str:
    """The timeline figure's title: when a route first appears, and the change to the last."""
    span = f"{o} → {d}, {scs[0].date:%b %Y} to {scs[-1].date:%b %Y}"
    viable = [i for i, r in enumerate(best) if r is not None]
    if not viable:
        return f"{span}: no viable route on any date"
    first, last = viable[0], len(best) - 1
    text = f"first route {scs[first].date:%b %Y} ({_figures(best[first])})" if first else ""
    if best[last] is None:
        end = f"no route by {scs[last].date:%b %Y}"
    elif last == first:
        end = ""
    else:
        end = (
            f"{scs[last].date:%b %Y}: {_figures(best[last])} "
            f"({delta_text(best[last], best[first])})"
        )
    if not first:
        text = f"{scs[0].date:%b %Y}: {_figures(best[0])}"
    return f"{span}: " + "; ".join(t for t in (text, end) if t)


def _panel(ax, network, sc, routes, extent, o, d, title, color) -> list[ZoneEntry]:
    nodes, _, zones = projected_frames(network)
    res = resolve(network, sc)
    draw_base(ax, extent)
    view = shapely.box(extent[0], extent[2], extent[1], extent[3])
    entries = draw_zones(ax, network, res, zones, view)
    draw_roads(ax, network, res)
    draw_routes(ax, network, res, routes, scale=0.75)
    draw_events(ax, network, res, small=True)
    draw_points(ax, nodes, res, routes, o, d, label_towns=False, small=True, max_ring=12.0)
    ax.set_title(title, fontsize=6.4, loc="left", pad=2, color=color)
    return entries


def _verdict(route: Route | None) -> str:
    if route is None:
        return "no viable route"
    via = " → ".join(short_name(n).split("–")[0] for n in route.crossing_names)
    return f"via {via} · {route.length_km:,.0f} km · {route.hours:.1f} h"


MAX_PANELS = 24  # small multiples on one A4-wide page stay legible up to this many


def _small_multiples(network, scs, origin, destination, weight, ncols, mode) -> Figure:
    n = len(scs)
    if n > MAX_PANELS:
        raise CorridorError(
            f"{n} scenarios would be {n} map panels, too small to read: give at most "
            f"{MAX_PANELS} (the interactive map, explore_timeline or --html, has a slider over any number)"
        )
    ncols = min(check_count(ncols, "ncols", low=1), n)
    nrows = int(np.ceil(n / ncols))
    nodes, _, _ = projected_frames(network)
    all_routes = [viable_routes(network, sc, origin, destination, k=1, weight=weight) for sc in scs]
    best = [rs[0] if rs else None for rs in all_routes]
    extent = map_extent(nodes, [r for r in best if r is not None])
    o, d = network.node_id(origin), network.node_id(destination)
    on, dn = network.graph.nodes[o]["name"], network.graph.nodes[d]["name"]
    W = A4_WIDTH_IN
    panel_w = (W - 0.12 - 0.1 * (ncols - 1)) / ncols
    panel_h = panel_w * (extent[3] - extent[2]) / (extent[1] - extent[0])
    title_h = 0.34
    fig = plt.figure(figsize=(W, nrows * (panel_h + title_h) + 3.0), dpi=100)
    body, entries = [], []
    for i, (sc, routes) in enumerate(zip(scs, all_routes)):
        r, c = divmod(i, ncols)
        ax = fig.add_axes((0, 0, panel_w / W, 0.1))
        geom = (0.06 + c * (panel_w + 0.1), r * (panel_h + title_h) + title_h, panel_w, panel_h)
        body.append((ax, geom))
        ax.set_position((geom[0] / W, 0.5, panel_w / W, panel_h / fig.get_figheight()))
        ref = best[0] if mode == "compare" else next((b for b in best[:i][::-1] if b), None)
        delta = delta_text(best[i], ref) if i else ""
        if delta:
            delta = f" ({delta})"
        title = f"{sc.name} ({sc.date:%b %Y})\n{_verdict(best[i])}{delta}"
        color = "#111111" if routes else "#b71c1c"
        entries += _panel(ax, network, sc, routes, extent, o, d, title, color)
    foot = Footer(fig, W - 0.12)
    foot.text(ATTRIBUTION, chars=int(W * 24), fontsize=4.4, color="#666666")
    window = float(network.control.event_params.get("window_days", 730.0))
    policies = {sc.unknown_crossings for sc in scs}
    foot.legend(
        symbol_handles(
            unknown_policy=policies.pop() if len(policies) == 1 else "closed", window_days=window
        ),
        title=None,
        fontsize=5.6,
    )
    held, other = zone_handles(entries)
    foot.legend([(h, h.get_label()) for h in other], title=OTHER_TITLE, fontsize=5.6)
    foot.legend([(h, h.get_label()) for h in held], title=HELD_TITLE, fontsize=5.6)
    if mode == "compare":
        text = compare_title([sc.name for sc in scs], best, on, dn, weight)
    else:
        text = timeline_title(scs, best, on, dn)
    lines = textwrap.wrap(text, 100)
    t = fig.text(0.01, 1, "\n".join(lines), fontsize=9.6, fontweight="bold", va="top")
    note = (
        f"Panel titles: the best route, and its change against {scs[0].name}"
        if mode == "compare"
        else "Panel titles: the best route, and its change against the previous panel with a route"
    )
    sub = fig.text(
        0.01,
        1,
        note + ". Control zones, crossings and events as on each date.",
        fontsize=6.4,
        va="top",
        color="#333333",
    )
    head = 0.1 + 0.19 * len(lines)
    header = [(t, 0.1), (sub, head), (None, head + 0.2)]
    finish_layout(fig, foot.y + 0.05, body, header)
    return fig


def scenario_list(scenarios_or_dates) -> list[Scenario]:
    """Scenarios from Scenario objects, built-in names, scenario files (``.toml``, ``.json``)
    or dates (YYYY-MM-DD, "today", ``datetime.date``); one of them alone too."""
    if isinstance(scenarios_or_dates, (str, Path, dt.date, Scenario)):
        scenarios_or_dates = [scenarios_or_dates]  # one, not its characters
    scs = [_one_scenario(s) for s in scenarios_or_dates]
    if not scs:
        raise CorridorError("give at least one scenario or date to plot")
    return scs


def _one_scenario(item) -> Scenario:
    if isinstance(item, Scenario):
        return item
    if isinstance(item, Path) or (
        isinstance(item, str) and item.lower().endswith((".toml", ".json"))
    ):
        return as_scenario(item)  # a scenario file, whatever its name starts with
    if isinstance(item, str) and not (item[:1].isdigit() or item == "today"):
        return as_scenario(item)  # a built-in name
    return Scenario.at(parse_date(item))


def plot_timeline(
    network: Network,
    scenarios_or_dates,
    origin: str,
    destination: str,
    *,
    weight: str = "hours",
    ncols: int = 2,
) -> Figure:
    """Small multiples over time: one panel per scenario or date (YYYY-MM-DD), each with its
    best route and the change (km, hours) from the previous panel with a route; the title
    states when the route first appears and how it changed by the last date.

    Parameters
    ----------
    network : Network
    scenarios_or_dates : iterable of Scenario, scenario names or dates
    origin, destination : str
    weight : {"hours", "km", "risk"}
    ncols : int
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
    """
    return _small_multiples(
        network, scenario_list(scenarios_or_dates), origin, destination, weight, ncols, "timeline"
    )


def plot_compare(
    network: Network,
    scenarios,
    origin: str,
    destination: str,
    *,
    weight: str = "hours",
    ncols: int = 2,
) -> Figure:
    """Small multiples of scenarios compared with the first (as :func:`corridor.compare`):
    each panel's best route and its change against the first scenario (km, hours), and the
    result in the title (e.g. "tanf-handover-2018 −188 km, −8.0 h against mid-2018").

    Parameters
    ----------
    network : Network
    scenarios : iterable of Scenario, scenario names or dates
    origin, destination : str
    weight : {"hours", "km", "risk"}
    ncols : int
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
    """
    return _small_multiples(
        network, scenario_list(scenarios), origin, destination, weight, ncols, "compare"
    )
