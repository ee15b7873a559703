"""The inset: an enlarged view where crossings lie too close together to read on the map.

By default (``inset="auto"``) the inset goes to the tightest cluster of crossings (crossings
within :data:`CLUSTER_KM` of each other, at least two), preferring a cluster the routes use;
with routes, a cluster none of them uses gets no inset. Distances are in map metres (the
Lambert conformal conic projection is within 1% of true scale over the corridor).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from matplotlib.patches import Rectangle

from ..errors import CorridorError
from ..network import Network
from ..routing import Route
from .base import draw_base, projected_frames
from .labels import Labeller
from .layers import draw_roads, draw_routes, draw_zones
from .points import crossing_marks, draw_crossings, short_name, status_suffix

__all__ = ["CLUSTER_KM", "Inset", "choose_inset", "inset_corner", "draw_inset"]

CLUSTER_KM = 15.0


@dataclass(frozen=True)
class Inset:
    """Where the inset looks: centre (map metres), half-width (km) and title."""

    x: float
    y: float
    half_km: float
    title: str

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """(x0, x1, y0, y1) in map metres (a 5:4 box)."""
        h = self.half_km * 1000.0
        return (self.x - h, self.x + h, self.y - 0.8 * h, self.y + 0.8 * h)

    @property
    def box(self) -> shapely.Polygon:
        x0, x1, y0, y1 = self.extent
        return shapely.box(x0, y0, x1, y1)


def _nearest_place(nodes, x: float, y: float) -> str:
    places = nodes[nodes["kind"].isin(["city", "town"])]
    d = np.hypot(places.geometry.x - x, places.geometry.y - y)
    return str(places["name"].iloc[int(np.argmin(d.to_numpy()))])


def choose_inset(
    network: Network,
    res,
    routes: list[Route],
    inset: str | None = "auto",
    half_km: float | None = None,
) -> Inset | None:
    """The inset for a map: "auto" (see the module docstring), a place or crossing name (the
    inset centred on it), or None for no inset. ``half_km`` overrides the half-width, km."""
    if inset is None:
        return None
    nodes, _, _ = projected_frames(network)
    if inset != "auto":
        ident = network.node_id(inset)
        p = nodes.geometry[ident]
        name = str(nodes.loc[ident, "name"])
        return Inset(p.x, p.y, half_km or 22.0, f"{name} ({2 * (half_km or 22.0):.0f} km across)")
    marks = crossing_marks(nodes, res)
    if len(marks) < 2:
        return None
    xy = np.array([[m.x, m.y] for m in marks])
    near = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) <= CLUSTER_KM * 1e3
    # clusters: connected components of the "near" relation
    label = -np.ones(len(marks), dtype=int)
    for i in range(len(marks)):
        if label[i] >= 0:
            continue
        stack, label[i] = [i], i
        while stack:
            j = stack.pop()
            for k in np.flatnonzero(near[j] & (label < 0)):
                label[k] = i
                stack.append(int(k))
    used = {n for r in routes for n in r.crossings}
    best = None
    for c in np.unique(label):
        members = np.flatnonzero(label == c)
        if len(members) < 2:
            continue
        n_used = sum(marks[m].ident in used for m in members)
        if routes and not n_used:
            continue
        spread = np.ptp(xy[members], axis=0).max() / 1e3
        score = (n_used, len(members), -spread)
        if best is None or score > best[0]:
            best = (score, members, spread)
    if best is None:
        return None
    _, members, spread = best
    cx, cy = xy[members].mean(axis=0)
    half = half_km or max(22.0, 1.6 * spread)
    town = _nearest_place(nodes, cx, cy)
    title = f"Crossings near {town} ({len(members)}; {2 * half:.0f} km across)"
    return Inset(float(cx), float(cy), float(half), title)


def inset_corner(nodes, routes: list[Route], extent, w_frac: float, h_frac: float):
    """A corner of the map where the inset can sit without hiding anything that matters:
    no route passes there and at most two places or crossings lie there. Returns
    (corner name, (x0, y0, x1, y1) in map metres) or None (the inset then goes below)."""
    x0, x1, y0, y1 = extent
    w, h = w_frac * (x1 - x0), h_frac * (y1 - y0)
    corners = {
        "lower left": (x0, y0, x0 + w, y0 + h),
        "lower right": (x1 - w, y0, x1, y0 + h),
        "upper left": (x0, y1 - h, x0 + w, y1),
        "upper right": (x1 - w, y1 - h, x1, y1),
    }
    pts = nodes[nodes["kind"].isin(["city", "town", "crossing"])]
    px, py = pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()
    lines = []
    if routes:
        import geopandas as gpd

        from .base import MAP_CRS

        lines = list(gpd.GeoSeries([r.geometry for r in routes], crs="EPSG:4326").to_crs(MAP_CRS))
    best = None
    for name, (a, b, c, d) in corners.items():
        box = shapely.box(a, b, c, d)
        if any(box.intersects(g) for g in lines):
            continue
        n = int(((px >= a) & (px <= c) & (py >= b) & (py <= d)).sum())
        if n <= 2 and (best is None or n < best[0]):
            best = (n, name, (a, b, c, d))
    return None if best is None else (best[1], best[2])


def draw_inset(fig, ax, network: Network, res, routes: list[Route], inset: Inset, rect) -> None:
    """Draw ``inset`` into a new axes at ``rect`` (figure fraction), and outline its area on
    the map axes ``ax``."""
    if not isinstance(inset, Inset):
        raise CorridorError(f"inset: expected an Inset, got {inset!r}")
    nodes, _, zones = projected_frames(network)
    box = fig.add_axes(rect, zorder=20)
    extent = inset.extent
    draw_base(box, extent)
    view = inset.box
    draw_zones(box, network, res, zones, view)
    draw_roads(box, network, res)
    draw_routes(box, network, res, routes)
    places = nodes[nodes["kind"].isin(["city", "town"])]
    inside = shapely.contains_xy(view, places.geometry.x, places.geometry.y)
    places = places[inside]
    box.scatter(
        places.geometry.x,
        places.geometry.y,
        s=14,
        color="#111111",
        zorder=7,
        edgecolor="white",
        linewidths=0.5,
    )
    marks = [m for m in crossing_marks(nodes, res) if view.contains(shapely.Point(m.x, m.y))]
    draw_crossings(box, marks, scale=1.6)
    lab = Labeller(box)
    lab.block_points(np.c_[places.geometry.x, places.geometry.y], 3.0)
    lab.block_points(np.array([[m.x, m.y] for m in marks]).reshape(-1, 2), 4.5)
    policy = getattr(res.scenario, "unknown_crossings", "closed")
    for m in marks:
        lab.place(
            m.x,
            m.y,
            short_name(m.name) + status_suffix(m.status, policy),
            marker_pt=4.5,
            fontsize=5.6,
            style="italic",
            color="#1b3d1b" if m.status == "open" else "#8e1b1b",
            zorder=10,
        )
    for _, row in places.iterrows():
        lab.place(
            row.geometry.x,
            row.geometry.y,
            row["name"],
            marker_pt=3.0,
            fontsize=6.2,
            color="#111111",
            zorder=10,
        )
    box.set_title(inset.title, fontsize=5.8, pad=2, loc="left")
    for side in box.spines.values():
        side.set_linewidth(1.0)
    x0, x1, y0, y1 = extent
    ax.add_patch(
        Rectangle(
            (x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#222222", linewidth=0.8, zorder=9.5
        )
    )
