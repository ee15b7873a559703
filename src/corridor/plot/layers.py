"""Map layers: control zones by kind, roads by state, routes (with their contested and
event-exposed stretches drawn on them) and events."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import matplotlib.patheffects as pe
import numpy as np
import shapely

from .._schema import BLOCKED, PENALISED
from ..network import Network
from ..routing import Route
from .base import (
    BLOCKED_COLOR,
    CONTESTED_COLOR,
    EVENT_COLOR,
    MAP_CRS,
    ROAD_WIDTH,
    ROUTE_COLORS,
    ZONE_STYLE,
    ZoneStyle,
    actor_style,
    actor_styles,
    add_lines,
    add_polygons,
    projected_edges,
    projected_events,
)

__all__ = [
    "ZoneEntry",
    "zone_entries",
    "draw_zones",
    "draw_roads",
    "route_widths",
    "draw_routes",
    "draw_events",
    "event_reach",
    "ROUTE_WIDTH",
    "ROUTE_BAND",
]

ROUTE_WIDTH = 2.6  # points: the best route's line
ROUTE_BAND = 1.0  # points added on each side per route sharing a road with a better one
_FALLBACK_STYLE = ZoneStyle(0.12, None, "-", "zone", 9)


@dataclass(frozen=True)
class ZoneEntry:
    """Active zones of one kind held by one actor under a scenario (map metres)."""

    kind: str
    actor: str
    color: str
    label: str  # the actor's short label
    geometry: np.ndarray  # zone polygons

    @property
    def held(self) -> bool:
        """True for territory held (kind "control"); insurgency, presence, ... are not."""
        return self.kind == "control"

    @property
    def text(self) -> str:
        """Legend text: the actor, then (for zones other than held territory) the kind."""
        if self.held:
            return self.label
        return f"{self.label}: {ZONE_STYLE.get(self.kind, _FALLBACK_STYLE).noun}"


def zone_entries(network: Network, res, zones: gpd.GeoDataFrame | None, view) -> list[ZoneEntry]:
    """The zones that apply under the resolution ``res`` and meet ``view``, grouped by
    (kind, actor holding them under the scenario), in drawing order."""
    geoms = [] if zones is None else list(zones.geometry.to_numpy())
    kinds = [] if zones is None else [str(k) for k in zones["kind"]]
    drawn = list(getattr(res.scenario, "zones_added", ()) or ())
    if drawn:  # zones a what-if draws (EPSG:4326), after the network's
        geoms += list(gpd.GeoSeries([z.geometry for z in drawn], crs="EPSG:4326").to_crs(MAP_CRS))
        kinds += [str(z.kind) for z in drawn]
    if not geoms:
        return []
    n = min(len(geoms), len(res.active_zones))
    garr = np.array(geoms[:n], dtype=object)
    keep = np.asarray(res.active_zones[:n], dtype=bool) & shapely.intersects(garr, view)
    holder = np.asarray(res.zone_actor[:n], dtype=object)
    styles = actor_styles(network)
    groups: dict[tuple[str, str], list] = {}
    for i in np.flatnonzero(keep):
        groups.setdefault((kinds[i], str(holder[i])), []).append(garr[i])
    out = []
    for (kind, actor), gs in groups.items():
        st = actor_style(styles, actor)
        out.append(ZoneEntry(kind, actor, st.color, st.label, np.array(gs, dtype=object)))
    out.sort(key=lambda e: (ZONE_STYLE.get(e.kind, _FALLBACK_STYLE).order, e.label))
    return out


def draw_zones(ax, network: Network, res, zones, view) -> list[ZoneEntry]:
    """Draw the active zones: held territory filled in the actor's colour; presence,
    security, deconfliction and insurgency zones hatched; air interdiction outlined and
    hatched without fill. Returns the entries drawn (for the legend)."""
    entries = zone_entries(network, res, zones, view)
    for e in entries:
        st = ZONE_STYLE.get(e.kind, _FALLBACK_STYLE)
        z = 3 + 0.01 * st.order
        if st.alpha > 0:
            add_polygons(
                ax, e.geometry, facecolor=e.color, alpha=st.alpha, edgecolor="none", zorder=z
            )
        add_polygons(
            ax,
            e.geometry,
            facecolor="none",
            edgecolor=e.color,
            linewidth=1.1 if e.kind == "air-interdiction" else 0.6,
            linestyle=st.linestyle,
            hatch=st.hatch,
            alpha=0.8 if e.kind == "air-interdiction" else 0.6,
            zorder=z + 0.005,
        )
    return entries


def draw_roads(ax, network: Network, res) -> None:
    """Roads by class (dirt tracks dashed), blocked stretches red dotted, contested amber."""
    geoms = projected_edges(network, res.index.geometry)
    cls = np.array([network.graph.edges[e]["road_class"] for e in res.index.edges], dtype=object)
    dirt = np.array([network.graph.edges[e]["surface"] == "dirt" for e in res.index.edges])
    for c, width in ROAD_WIDTH.items():
        sel = cls == c
        add_lines(ax, geoms[sel & ~dirt], color="#5b5b5b", linewidth=width, zorder=4)
        add_lines(
            ax,
            geoms[sel & dirt],
            color="#5b5b5b",
            linewidth=width,
            linestyle=(0, (2.5, 1.5)),
            zorder=4,
            capstyle="butt",
        )
    state = res.state
    add_lines(ax, geoms[state == PENALISED], color=CONTESTED_COLOR, linewidth=2.2, zorder=4.1)
    add_lines(
        ax,
        geoms[state == BLOCKED],
        color=BLOCKED_COLOR,
        linewidth=2.4,
        alpha=0.85,
        linestyle=(0, (1.2, 1.0)),
        zorder=4.2,
        capstyle="butt",
    )


def route_widths(routes: list[Route]) -> list[np.ndarray]:
    """Line width (points) of each route on each of its edges.

    The best route is :data:`ROUTE_WIDTH` wide; a route is :data:`ROUTE_BAND` points wider on
    each side for every better route using the same edge, so on shared roads the routes show
    as nested bands and each stays visible along its whole length."""
    out = []
    for i, r in enumerate(routes):
        shared = np.zeros(len(r.edge_index))
        for better in routes[:i]:
            shared += np.isin(r.edge_index, better.edge_index)
        out.append(ROUTE_WIDTH + 2 * ROUTE_BAND * shared)
    return out


def draw_routes(ax, network: Network, res, routes: list[Route], *, scale: float = 1.0) -> None:
    """Draw the routes as nested bands (best on top), with a white casing, a casing in the
    event colour where a route's road is exposed to an event that counts, and amber dashes
    on the route where it crosses a contested zone. ``scale`` thins everything (panels)."""
    if not routes:
        return
    geoms = projected_edges(network, res.index.geometry)
    widths = route_widths(routes)
    reach = event_reach(network, res)
    # casings first, under every route: white, and in the event colour where exposed
    for r, w in zip(routes, widths):
        e = np.asarray(r.edge_index, dtype=np.int64)
        for width in np.unique(w):
            lines = geoms[e[w == width]]
            add_lines(
                ax, lines, color="white", linewidth=(width + 2.0) * scale, alpha=0.95, zorder=5.5
            )
            if reach is not None:
                hot = shapely.intersection(lines, reach)
                add_lines(
                    ax,
                    hot,
                    color=EVENT_COLOR,
                    linewidth=(width + 3.2) * scale,
                    zorder=5.6,
                    gid="route-exposed",
                )
    for i in reversed(range(len(routes))):
        r, w = routes[i], widths[i]
        e = np.asarray(r.edge_index, dtype=np.int64)
        for width in np.unique(w):
            add_lines(
                ax,
                geoms[e[w == width]],
                color=ROUTE_COLORS[i % len(ROUTE_COLORS)],
                linewidth=width * scale,
                zorder=6 - 0.01 * i,
                gid=f"route-{i + 1}",
            )
    on_route = np.unique(np.concatenate([np.asarray(r.edge_index, np.int64) for r in routes]))
    contested = on_route[res.state[on_route] == PENALISED]
    add_lines(
        ax,
        geoms[contested],
        color=CONTESTED_COLOR,
        linewidth=1.3 * scale,
        linestyle=(0, (2.0, 1.6)),
        capstyle="butt",
        zorder=6.2,
        gid="route-contested",
        path_effects=[pe.Stroke(linewidth=1.9 * scale, foreground="#5a3a00"), pe.Normal()],
    )


def event_reach(network: Network, res):
    """The area (map metres) within which the events that count raise road risk: a disc of
    twice the event radius (plus the pad for its location precision) around each, or None."""
    events = projected_events(network)
    weight = res.events.weight
    if events is None or not len(weight) or not (weight > 0).any():
        return None
    params = network.control.event_params
    pads = params.get("pad_km", {})
    live = weight > 0
    radius = np.array(
        [
            2.0 * (float(params["radius_km"]) + float(pads.get(p, 0.0))) * 1000.0
            for p in events["location_precision"].to_numpy()[live]
        ]
    )
    return shapely.union_all(shapely.buffer(events.geometry.values[live], radius))


def draw_events(ax, network: Network, res, *, small: bool = False) -> int:
    """Mark the events that count for the mover on the scenario's date (size by weight).

    Returns how many were drawn."""
    events = projected_events(network)
    weight = res.events.weight
    if events is None or not len(weight):
        return 0
    live = weight > 0
    if not live.any():
        return 0
    pts = events.geometry.values[live]
    size = (18 if small else 34) * (0.35 + weight[live])
    ax.scatter(
        shapely.get_x(pts),
        shapely.get_y(pts),
        s=size,
        marker="P",
        color=EVENT_COLOR,
        edgecolor="white",
        linewidths=0.5,
        alpha=0.9,
        zorder=7.5,
    )
    return int(live.sum())
