"""Map layers: zones, roads, routes, crossings and places with their labels, and the inset."""

from __future__ import annotations

import geopandas as gpd
import matplotlib.patheffects as pe
import numpy as np
import shapely
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from .._schema import BLOCKED, PENALISED
from ..routing import Route
from .base import (
    ACTOR_COLORS,
    EVENT_COLOR,
    HALO,
    INSET_WIDTH_IN,
    MAP_CRS,
    ROAD_WIDTH,
    ROUTE_COLORS,
    ZONE_STYLE,
    draw_base,
    projected_events,
    projected_frames,
)

__all__ = [
    "draw_events",
    "draw_zones",
    "actor_label",
    "draw_roads",
    "draw_routes",
    "Labeller",
    "crossing_symbols",
    "short_name",
    "draw_points",
    "draw_inset",
]


def draw_zones(ax, res, zones: gpd.GeoDataFrame | None, view) -> list:
    """Active zones coloured by actor (as held under the scenario); returns legend handles."""
    if zones is None or not len(zones):
        return []
    active = res.active_zones
    z = zones[active].copy()
    z["holder"] = res.zone_actor[active]
    z["stance"] = res.zone_stance[active]
    z = z[z.intersects(view)]
    order = {"control": 0, "presence": 1, "security": 2, "deconfliction": 3, "insurgency": 4}
    z = z.assign(_o=z["kind"].map(order)).sort_values("_o")
    handles: dict[str, str] = {}
    for row in z.itertuples():
        color = ACTOR_COLORS.get(row.holder, "#999999")
        alpha, hatch, style = ZONE_STYLE.get(row.kind, (0.15, None, "-"))
        gpd.GeoSeries([row.geometry]).plot(
            ax=ax, facecolor=color, alpha=alpha, edgecolor="none", zorder=3
        )
        gpd.GeoSeries([row.geometry]).plot(
            ax=ax,
            facecolor="none",
            edgecolor=color,
            linewidth=0.6,
            linestyle=style,
            hatch=hatch,
            alpha=0.55,
            zorder=3.1,
        )
        handles.setdefault(row.holder, color)
    return [
        Patch(facecolor=c, alpha=0.45, edgecolor=c, label=actor_label(a))
        for a, c in handles.items()
    ]


def actor_label(actor: str) -> str:
    return {
        "iran-axis": "Iran-aligned axis",
        "syria-gov": "Syrian government (Assad)",
        "syria-transitional": "Syrian transitional govt.",
        "iraq-state": "Iraqi state",
        "coalition": "US-led coalition",
        "sdf": "SDF",
        "krg": "Kurdistan Region (KRG)",
        "islamic-state": "Islamic State",
        "jordan": "Jordan",
        "lebanon-state": "Lebanese state",
        "russia": "Russia",
    }.get(actor, actor)


def draw_roads(ax, edges: gpd.GeoDataFrame, res) -> None:
    state = res.state
    for cls, width in ROAD_WIDTH.items():
        sel = edges[(edges["road_class"] == cls).to_numpy()]
        if sel.empty:
            continue
        dirt = (sel["surface"] == "dirt").to_numpy()
        if (~dirt).any():
            sel[~dirt].plot(ax=ax, color="#5b5b5b", linewidth=width, zorder=4, capstyle="round")
        if dirt.any():
            sel[dirt].plot(
                ax=ax, color="#5b5b5b", linewidth=width, linestyle=(0, (2.5, 1.5)), zorder=4
            )
    blocked = edges[state == BLOCKED]
    if not blocked.empty:
        blocked.plot(
            ax=ax, color="#d32f2f", linewidth=2.4, alpha=0.85, zorder=4.2, linestyle=(0, (1.2, 1.0))
        )
    pen = edges[state == PENALISED]
    if not pen.empty:
        pen.plot(ax=ax, color="#f2a100", linewidth=2.2, alpha=0.8, zorder=4.1)


def draw_routes(ax, routes: list[Route]) -> list:
    handles = []
    for i, route in reversed(list(enumerate(routes))):
        color = ROUTE_COLORS[i % len(ROUTE_COLORS)]
        g = gpd.GeoSeries([route.geometry], crs="EPSG:4326").to_crs(MAP_CRS)
        width = 3.4 if i == 0 else 2.4
        g.plot(
            ax=ax,
            color=color,
            linewidth=width,
            alpha=0.95 if i == 0 else 0.8,
            zorder=6 - 0.1 * i,
            path_effects=[
                pe.Stroke(linewidth=width + 2.0, foreground="white", alpha=0.9),
                pe.Normal(),
            ],
            capstyle="round",
            joinstyle="round",
        )
    for i, route in enumerate(routes):
        color = ROUTE_COLORS[i % len(ROUTE_COLORS)]
        label = f"{i + 1}. via {route.via}: {route.length_km:,.0f} km, {route.hours:.1f} h" + (
            f", {route.contested_km:,.0f} km contested" if route.contested_km >= 0.5 else ""
        )
        handles.append(Line2D([0], [0], color=color, linewidth=3.2 if i == 0 else 2.4, label=label))
    return handles


class Labeller:
    """Greedy label placement: each label takes the first candidate position that overlaps no
    placed label or marker; labels that fit nowhere are dropped (lowest priority first)."""

    OFFSETS = [(5, 3), (5, -9), (-5, 3), (-5, -9), (0, 7), (0, -12), (8, -3), (-8, -3)]

    def __init__(self, ax):
        self.ax = ax
        self.fig = ax.figure
        self.fig.canvas.draw()
        self.renderer = self.fig.canvas.get_renderer()
        self.taken: list = []
        self.frame = ax.get_window_extent(self.renderer)

    def block_points(self, xy: np.ndarray, radius: float = 4.0) -> None:
        disp = self.ax.transData.transform(xy)
        for x, y in disp:
            self.taken.append((x - radius, y - radius, x + radius, y + radius))

    def _free(self, box) -> bool:
        x0, y0, x1, y1 = box
        f = self.frame
        if x0 < f.x0 + 2 or x1 > f.x1 - 2 or y0 < f.y0 + 2 or y1 > f.y1 - 2:
            return False
        return all(x1 <= a or x0 >= c or y1 <= b or y0 >= d for a, b, c, d in self.taken)

    def place(self, x: float, y: float, text: str, **kwargs) -> bool:
        px = self.fig.dpi / 72.0
        for dx, dy in self.OFFSETS:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            t = self.ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va="bottom",
                path_effects=HALO,
                annotation_clip=True,
                **kwargs,
            )
            bb = t.get_window_extent(self.renderer)
            box = (bb.x0 - px, bb.y0 - px, bb.x1 + px, bb.y1 + px)
            if self._free(box):
                self.taken.append(box)
                return True
            t.remove()
        return False


def crossing_symbols(nodes: gpd.GeoDataFrame, res):
    status = {c: s for c, (s, _) in res.crossing_status.items()}
    out = []
    for ident, row in nodes[nodes["kind"] == "crossing"].iterrows():
        s = status.get(ident, "open")
        if s == "closed":
            style = dict(marker="X", s=42, color="#c62828", edgecolor="white", linewidths=0.6)
        elif s == "reconstruction":
            style = dict(marker="D", s=30, color="#ef8f00", edgecolor="#5a3a00", linewidths=0.6)
        elif row["crossing_kind"] == "informal":
            style = dict(marker="^", s=30, color="#8d6e63", edgecolor="#3e2723", linewidths=0.6)
        else:
            style = dict(marker="o", s=30, color="#2e7d32", edgecolor="white", linewidths=0.8)
        out.append((ident, row, s, style))
    return out


def short_name(name: str) -> str:
    return name.replace("dirt bypass", "bypass")


def draw_points(ax, nodes, res, routes, origin, destination, *, label_towns=True, small=False):
    lab = Labeller(ax)
    on_route = {n for r in routes for n in r.nodes}
    crossing_rows = crossing_symbols(nodes, res)
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
    for _, row, _, style in crossing_rows:
        ax.scatter([row.geometry.x], [row.geometry.y], zorder=8, **style)
    ends = [n for n in (origin, destination) if n is not None]
    for n in ends:
        p = nodes.geometry[n]
        ax.scatter(
            [p.x],
            [p.y],
            marker="*",
            s=170 if not small else 90,
            color="#ffd54f",
            edgecolor="#3b3b3b",
            linewidths=0.8,
            zorder=9,
        )
    lab.block_points(np.c_[places.geometry.x, places.geometry.y], radius=3)
    lab.block_points(
        np.array([[r.geometry.x, r.geometry.y] for _, r, _, _ in crossing_rows]).reshape(-1, 2), 4
    )
    fs = 5.8 if small else 6.6
    # priority: origin/destination, crossings, cities, towns on a route, other towns
    for n in ends:
        p = nodes.geometry[n]
        lab.place(
            p.x,
            p.y,
            nodes.loc[n, "name"],
            fontsize=fs + 1.4,
            fontweight="bold",
            color="#111111",
            zorder=10,
        )
    for ident, row, s, _ in crossing_rows:
        if small and ident not in on_route:
            continue
        suffix = {"closed": " (closed)", "reconstruction": " (rebuilding)"}.get(s, "")
        lab.place(
            row.geometry.x,
            row.geometry.y,
            short_name(row["name"]) + suffix,
            fontsize=fs - 0.4,
            color="#1b3d1b" if s == "open" else "#8e1b1b",
            zorder=10,
            style="italic",
        )
    for ident, row in cities.iterrows():
        if ident in ends:
            continue
        lab.place(
            row.geometry.x, row.geometry.y, row["name"], fontsize=fs, color="#111111", zorder=10
        )
    if label_towns:
        ranked = sorted(
            towns.index, key=lambda n: (n not in on_route, -(towns.loc[n, "population"] or 0))
        )
        for ident in ranked:
            row = towns.loc[ident]
            lab.place(
                row.geometry.x,
                row.geometry.y,
                row["name"],
                fontsize=fs - 0.8,
                color="#333333",
                zorder=10,
            )


def draw_inset(fig, ax, network, res, routes, center: str, half_km: float) -> None:
    """An enlarged view around ``center`` in the upper-left corner of the map."""
    nodes, edges, zones = projected_frames(network)
    c = nodes.geometry[center]
    half = half_km * 1000.0
    box = fig.add_axes(_inset_rect(ax), zorder=20)
    extent = (c.x - half, c.x + half, c.y - half * 0.8, c.y + half * 0.8)
    draw_base(box, extent)
    for t in list(box.texts):
        t.remove()
    view = shapely.box(extent[0], extent[2], extent[1], extent[3])
    draw_zones(box, res, zones, view)
    draw_roads(box, edges, res)
    draw_routes(box, routes)
    lab = Labeller(box)
    places = nodes[nodes["kind"].isin(["city", "town"])]
    box.scatter(
        places.geometry.x,
        places.geometry.y,
        s=14,
        color="#111111",
        zorder=7,
        edgecolor="white",
        linewidths=0.5,
    )
    rows = crossing_symbols(nodes, res)
    for _, row, _, style in rows:
        box.scatter(
            [row.geometry.x], [row.geometry.y], zorder=8, **{**style, "s": style["s"] * 1.6}
        )
    lab.block_points(np.c_[places.geometry.x, places.geometry.y], 4)
    for _, row, st, _ in rows:
        if view.contains(row.geometry):
            suffix = {"closed": " (closed)", "reconstruction": " (rebuilding)"}.get(st, "")
            lab.place(
                row.geometry.x,
                row.geometry.y,
                short_name(row["name"]) + suffix,
                fontsize=5.6,
                style="italic",
                color="#1b3d1b" if st == "open" else "#8e1b1b",
                zorder=10,
            )
    for _ident, row in places.iterrows():
        if view.contains(row.geometry):
            lab.place(
                row.geometry.x,
                row.geometry.y,
                row["name"],
                fontsize=6.2,
                color="#111111",
                zorder=10,
            )
    box.set_xlabel("")
    box.set_ylabel("")
    box.set_title(
        f"{network.graph.nodes[center]['name']} ({2 * half_km:.0f} km across)",
        fontsize=5.8,
        pad=2,
        loc="left",
    )
    for side in box.spines.values():
        side.set_linewidth(1.0)
    # outline of the inset's area on the main map
    ax.add_patch(
        Rectangle(
            (extent[0], extent[2]),
            2 * half,
            1.6 * half,
            fill=False,
            edgecolor="#222222",
            linewidth=0.8,
            zorder=11,
        )
    )


def _inset_rect(ax) -> list[float]:
    """Lower-right corner of the figure, below the map, beside the legends."""
    fig = ax.figure
    w_in, h_in = INSET_WIDTH_IN, INSET_WIDTH_IN * 0.8
    W, H = fig.get_figwidth(), fig.get_figheight()
    return [1 - (w_in + 0.08) / W, 0.30 / H, w_in / W, h_in / H]


def draw_events(ax, network, res, *, small: bool = False) -> int:
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
