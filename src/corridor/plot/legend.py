"""Legends: routes, zones by kind (territory held apart from insurgency, presence and other
zones), and the map symbols (roads, route overlays, crossings by status, events)."""

from __future__ import annotations

from typing import Any

from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..routing import Route
from .base import (
    BLOCKED_COLOR,
    CONTESTED_COLOR,
    CROSSING_STYLE,
    EVENT_COLOR,
    ROUTE_COLORS,
    ZONE_STYLE,
)
from .layers import ZoneEntry
from .points import short_name

__all__ = [
    "HELD_TITLE",
    "OTHER_TITLE",
    "marker_handle",
    "route_handles",
    "zone_handles",
    "symbol_handles",
    "TUPLE_HANDLER",
]

HELD_TITLE = "territory held (control zones)"
OTHER_TITLE = "insurgency, presence and other zones (not territory held)"
TUPLE_HANDLER = {tuple: HandlerTuple(ndivide=1)}


def marker_handle(style: dict, label: str) -> Line2D:
    """A legend handle for a scatter style of :data:`corridor.plot.base.CROSSING_STYLE`."""
    size = (style["s"] ** 0.5) * 1.0
    return Line2D(
        [0],
        [0],
        marker=style["marker"],
        color="none",
        markerfacecolor=style["color"],
        markeredgecolor=style["edgecolor"],
        markeredgewidth=style["linewidths"],
        markersize=size,
        label=label,
    )


def _differs(route: Route, best: Route) -> str:
    """Where ``route`` leaves the best route, as crossing names ("" when the same)."""
    diff = [short_name(n) for n in route.crossing_names if n not in best.crossing_names]
    return f" (differs from 1 at {', '.join(diff)})" if diff else ""


def route_handles(routes: list[Route]) -> list[Line2D]:
    """One handle per route: via, km, hours, contested km, and where it leaves route 1."""
    out = []
    for i, r in enumerate(routes):
        text = f"{i + 1}. via {r.via}: {r.length_km:,.0f} km, {r.hours:.1f} h"
        if r.contested_km >= 0.5:
            text += f", {r.contested_km:,.0f} km contested"
        if i:
            text += _differs(r, routes[0])
        out.append(
            Line2D([0], [0], color=ROUTE_COLORS[i % len(ROUTE_COLORS)], linewidth=3.0, label=text)
        )
    return out


def zone_handles(entries: list[ZoneEntry]) -> tuple[list[Patch], list[Patch]]:
    """(held, other) legend handles: one per actor for territory held, one per (actor,
    kind) for insurgency, presence, security, deconfliction and air-interdiction zones."""
    held: dict[str, Patch] = {}
    other: dict[str, Patch] = {}
    for e in entries:
        st = ZONE_STYLE.get(e.kind)
        if e.held:
            held.setdefault(
                e.text, Patch(facecolor=e.color, alpha=0.45, edgecolor=e.color, label=e.text)
            )
        else:
            other.setdefault(
                e.text,
                Patch(
                    facecolor=(*_rgb(e.color), max(st.alpha, 0.02) if st else 0.1),
                    edgecolor=e.color,
                    hatch=st.hatch if st else None,
                    linestyle=st.linestyle if st else "-",
                    linewidth=0.8,
                    label=e.text,
                ),
            )
    return list(held.values()), list(other.values())


def _rgb(color: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(color)


def symbol_handles(
    *,
    unknown_policy: str = "closed",
    events: bool = True,
    window_days: float = 730.0,
    routes: bool = True,
) -> list[tuple]:
    """(handle, label) pairs for roads, route overlays (``routes``: only where routes are
    drawn), crossings by status and events (events within ``window_days`` of the date
    count)."""
    unknown = (
        "status unknown (treated as closed)"
        if unknown_policy == "closed"
        else "status unknown (assumed open)"
    )
    q = Line2D(
        [0],
        [0],
        marker="$?$",
        color="none",
        markerfacecolor="white",
        markeredgecolor="white",
        markersize=3.6,
    )
    out: list[Any] = [
        Line2D([0], [0], color="#5b5b5b", linewidth=1.3, label="highway, primary road"),
        Line2D(
            [0], [0], color="#5b5b5b", linewidth=0.9, linestyle=(0, (2.5, 1.5)), label="dirt track"
        ),
        Line2D(
            [0],
            [0],
            color=BLOCKED_COLOR,
            linewidth=2.2,
            linestyle=(0, (1.2, 1.0)),
            label="road blocked for the mover",
        ),
        Line2D([0], [0], color=CONTESTED_COLOR, linewidth=2.2, label="road contested (slower)"),
        (
            Line2D([0], [0], color=ROUTE_COLORS[0], linewidth=3.0),
            Line2D([0], [0], color=CONTESTED_COLOR, linewidth=1.3, linestyle=(0, (2.0, 1.6))),
        ),
        (
            Line2D([0], [0], color=EVENT_COLOR, linewidth=5.6),
            Line2D([0], [0], color=ROUTE_COLORS[0], linewidth=3.0),
        ),
        marker_handle(CROSSING_STYLE["open"], "crossing open"),
        marker_handle(CROSSING_STYLE["informal"], "informal crossing (open)"),
        marker_handle(CROSSING_STYLE["reconstruction"], "crossing rebuilding (closed)"),
        marker_handle(CROSSING_STYLE["closed"], "crossing closed"),
        (marker_handle(CROSSING_STYLE["unknown"], unknown), q),
    ]
    labels = {
        4: "route in a contested zone",
        5: "route near a strike that counts",
        10: unknown,
    }
    if events:
        out.append(
            marker_handle(
                dict(marker="P", s=34, color=EVENT_COLOR, edgecolor="white", linewidths=0.5),
                f"strike / attack that counts (last {window_days / 365.25:.0f} years)",
            )
        )
    out += [
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
    pairs = [(h, labels[i] if i in labels else h.get_label()) for i, h in enumerate(out)]
    return pairs if routes else pairs[:4] + pairs[6:]  # 4, 5: the route overlays
