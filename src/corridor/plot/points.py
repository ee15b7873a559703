"""Point layers and labels: crossings by status, places, origin and destination, country
names; every label placed next to its marker or joined to it by a leader line
(:class:`corridor.plot.labels.Labeller`)."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from ..routing import Route
from .base import CROSSING_STYLE, MAP_CRS, country_label_candidates
from .labels import Labeller

TOWN_LABEL_POP = 50_000  # towns off the routes are labelled from this population (GeoNames)

__all__ = [
    "TOWN_LABEL_POP",
    "CrossingMark",
    "crossing_marks",
    "draw_crossings",
    "short_name",
    "status_suffix",
    "draw_points",
]


@dataclass(frozen=True)
class CrossingMark:
    """A crossing as drawn: id, name, position (map metres), status and style key."""

    ident: str
    name: str
    x: float
    y: float
    status: str
    style: str  # a key of CROSSING_STYLE


def crossing_marks(nodes: gpd.GeoDataFrame, res) -> list[CrossingMark]:
    """Every crossing of the network with its status under the resolution ``res``
    ("unknown" where the data have no status on the date)."""
    status = {c: s for c, (s, _) in res.crossing_status.items()}
    out = []
    cross = nodes[nodes["kind"] == "crossing"]
    for ident, row in cross.iterrows():
        s = status.get(ident, "unknown")
        key = "informal" if s == "open" and row["crossing_kind"] == "informal" else s
        key = key if key in CROSSING_STYLE else "unknown"
        out.append(
            CrossingMark(str(ident), str(row["name"]), row.geometry.x, row.geometry.y, s, key)
        )
    return out


def draw_crossings(ax, marks: list[CrossingMark], *, scale: float = 1.0) -> None:
    """Crossing symbols by status; an unknown status is a grey disc with a "?"."""
    for key, style in CROSSING_STYLE.items():
        sel = [m for m in marks if m.style == key]
        if not sel:
            continue
        ax.scatter(
            [m.x for m in sel],
            [m.y for m in sel],
            zorder=8,
            **{**style, "s": style["s"] * scale},
        )
        if key == "unknown":
            for m in sel:
                ax.text(
                    m.x,
                    m.y,
                    "?",
                    fontsize=5.2 * np.sqrt(scale),
                    fontweight="bold",
                    color="white",
                    ha="center",
                    va="center_baseline",
                    zorder=8.1,
                )


def short_name(name: str) -> str:
    """A crossing name shortened for labels ("dirt bypass" -> "bypass")."""
    return name.replace("dirt bypass", "bypass")


def status_suffix(status: str, unknown_policy: str = "closed") -> str:
    """Label suffix for a crossing status (nothing for open)."""
    return {
        "closed": " (closed)",
        "reconstruction": " (rebuilding)",
        "unknown": f" (status unknown: {'closed' if unknown_policy == 'closed' else 'assumed open'})",
    }.get(status, "")


def _route_lines(routes: list[Route]) -> list:
    if not routes:
        return []
    return list(gpd.GeoSeries([r.geometry for r in routes], crs="EPSG:4326").to_crs(MAP_CRS))


def draw_points(
    ax,
    nodes: gpd.GeoDataFrame,
    res,
    routes: list[Route],
    origin: str | None,
    destination: str | None,
    *,
    label_towns: bool = True,
    small: bool = False,
    skip_box=None,
    countries: bool = True,
    max_ring: float | None = None,
    reserve=None,
) -> Labeller:
    """Places, crossings, origin and destination with their labels, and country names.

    Label priority: origin and destination, crossings (on a route first), cities, towns on a
    route, other towns of at least :data:`TOWN_LABEL_POP` people, countries. With ``small`` (panels) only crossings on a route are
    labelled. Crossings inside ``skip_box`` (a shapely geometry, map metres: the inset's
    area) are labelled in the inset only; no label goes into ``reserve`` ((x0, y0, x1, y1),
    map metres). Returns the labeller (its ``placed`` list says
    where each label went).
    """
    lab = Labeller(ax, max_ring=max_ring)
    lab.avoid_lines(_route_lines(routes))
    if reserve is not None:  # (x0, y0, x1, y1) map metres kept free (the inset)
        (a, b), (c, d) = ax.transData.transform([reserve[:2], reserve[2:]])
        lab.taken.append((a, b, c, d))
    on_route = {n for r in routes for n in r.nodes}
    marks = crossing_marks(nodes, res)
    places = nodes[nodes["kind"].isin(["city", "town"])]
    cities = places[places["kind"] == "city"]
    towns = places[places["kind"] == "town"]
    ax.scatter(
        towns.geometry.x,
        towns.geometry.y,
        s=6 if small else 8,
        color="#444444",
        zorder=7,
        linewidths=0,
    )
    ax.scatter(
        cities.geometry.x,
        cities.geometry.y,
        s=14 if small else 18,
        color="#111111",
        zorder=7,
        edgecolor="white",
        linewidths=0.5,
    )
    draw_crossings(ax, marks, scale=0.85 if small else 1.0)
    ends = [n for n in (origin, destination) if n is not None]
    for n in ends:
        p = nodes.geometry[n]
        ax.scatter(
            [p.x],
            [p.y],
            marker="*",
            s=90 if small else 170,
            color="#ffd54f",
            edgecolor="#3b3b3b",
            linewidths=0.8,
            zorder=9,
        )
    _place_labels(lab, nodes, res, marks, ends, on_route, small, skip_box, label_towns)
    if countries:
        _country_labels(ax, lab, small)
    return lab


def _place_labels(lab, nodes, res, marks, ends, on_route, small, skip_box, label_towns) -> None:
    """Labels in priority order (see :func:`draw_points`)."""
    places = nodes[nodes["kind"].isin(["city", "town"])]
    cities = places[places["kind"] == "city"]
    towns = places[places["kind"] == "town"]
    lab.block_points(np.c_[places.geometry.x, places.geometry.y], radius_pt=2.5)
    lab.block_points(np.array([[m.x, m.y] for m in marks]).reshape(-1, 2), radius_pt=3.5)
    for n in ends:
        p = nodes.geometry[n]
        lab.block_points(np.array([[p.x, p.y]]), radius_pt=6.0)
    fs = 5.8 if small else 6.6
    policy = getattr(res.scenario, "unknown_crossings", "closed")
    for n in ends:
        p = nodes.geometry[n]
        lab.place(
            p.x,
            p.y,
            nodes.loc[n, "name"],
            marker_pt=6.0,
            fontsize=fs + 1.4,
            fontweight="bold",
            color="#111111",
            zorder=10,
        )
    ranked = sorted(marks, key=lambda m: m.ident not in on_route)
    for m in ranked:
        if small and m.ident not in on_route:
            continue
        if skip_box is not None and skip_box.contains(shapely.Point(m.x, m.y)):
            continue
        lab.place(
            m.x,
            m.y,
            short_name(m.name) + ("" if small else status_suffix(m.status, policy)),
            marker_pt=3.5,
            fontsize=fs - 0.4,
            color="#1b3d1b" if m.status == "open" else "#8e1b1b",
            zorder=10,
            style="italic",
        )
    for ident, row in cities.iterrows():
        if ident in ends:
            continue
        lab.place(
            row.geometry.x,
            row.geometry.y,
            row["name"],
            marker_pt=2.5,
            leader=False,
            fontsize=fs,
            color="#111111",
            zorder=10,
        )
    if label_towns:
        pop = {n: float(towns.loc[n, "population"] or 0) for n in towns.index}
        order = sorted(towns.index, key=lambda n: (n not in on_route, -pop[n]))
        # towns on a route, and the others of at least TOWN_LABEL_POP people (less clutter)
        order = [n for n in order if n in on_route or pop[n] >= TOWN_LABEL_POP]
        for ident in order:
            row = towns.loc[ident]
            lab.place(
                row.geometry.x,
                row.geometry.y,
                row["name"],
                marker_pt=2.0,
                leader=False,
                fontsize=fs - 0.8,
                color="#333333",
                zorder=10,
            )


def _country_labels(ax, lab: Labeller, small: bool) -> None:
    """Country names above the zones (with a halo), where they cover no marker or label."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    for name, points in country_label_candidates((x0, x1, y0, y1)):
        for x, y in points[:40]:
            t = ax.text(
                x,
                y,
                name.upper(),
                fontsize=6.4 if small else 7.5,
                color="#8a8478",
                fontweight="bold",
                ha="center",
                va="center",
                zorder=6.6,
                alpha=0.95,
                path_effects=lab.halo,
            )
            bb = t.get_window_extent(lab.renderer)
            box = (bb.x0, bb.y0, bb.x1, bb.y1)
            if lab.free(box) and lab.soft_hits(box) == 0:
                lab.taken.append(box)
                break
            t.remove()
