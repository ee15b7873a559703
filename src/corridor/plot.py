"""Route maps: scenarios, routes and timelines drawn to matplotlib figures (and PNG).

Maps are drawn in a Lambert conformal conic projection fitted to the corridor (standard
parallels 30°N and 38°N, central meridian 44°E, WGS84), not plate carrée. They are laid out
for A4 width (8.27 in) at 200 dpi.
"""

from __future__ import annotations

import functools
import tempfile
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower() == "agg" else None
import matplotlib.patheffects as pe  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from .errors import CorridorError  # noqa: E402
from .resolve import BLOCKED, PENALISED, resolve  # noqa: E402
from .routing import Route, viable_routes  # noqa: E402
from .scenario import Scenario  # noqa: E402

__all__ = ["MAP_CRS", "plot_routes", "plot_scenario", "plot_timeline", "save_png"]

MAP_CRS = "+proj=lcc +lat_1=30 +lat_2=38 +lat_0=34 +lon_0=44 +datum=WGS84 +units=m +no_defs"
A4_WIDTH_IN = 8.27
INSET_WIDTH_IN = 2.5

ACTOR_COLORS = {
    "iran-axis": "#1b9e77",
    "syria-gov": "#d95f02",
    "syria-transitional": "#7570b3",
    "iraq-state": "#c9a227",
    "coalition": "#1f5fa8",
    "sdf": "#a6611a",
    "krg": "#e7298a",
    "islamic-state": "#222222",
    "jordan": "#8c8c8c",
    "lebanon-state": "#66a61e",
    "russia": "#6baed6",
}
ROUTE_COLORS = [
    "#6a1b9a",
    "#00838f",
    "#c2185b",
    "#827717",
    "#283593",
]  # none near the contested amber
ROAD_WIDTH = {"motorway": 1.5, "highway": 1.25, "primary": 1.0, "secondary": 0.8, "track": 0.8}
ZONE_STYLE = {  # kind: (fill alpha, hatch, edge style)
    "control": (0.13, None, "-"),
    "presence": (0.22, "////", "-"),
    "security": (0.28, "xxxx", "-"),
    "insurgency": (0.16, "\\\\\\", "--"),
    "deconfliction": (0.20, "....", "--"),
}
HALO = [pe.withStroke(linewidth=2.2, foreground="white")]
ATTRIBUTION = (
    "Basemap: Natural Earth (public domain). Roads: corridor curated network from OpenStreetMap-derived "
    "data (© OpenStreetMap contributors, ODbL) and GeoNames (CC BY 4.0). Control zones, crossing status: "
    "corridor data after the seed articles (ITIC 2018, FDD 2019, DEBKA/Breitbart/Am. Spectator 2017) and "
    "public sources cited per zone."
)


# ----------------------------------------------------------------------------- layers


@lru_cache(maxsize=4)
def _reference(crs: str = MAP_CRS) -> dict[str, gpd.GeoDataFrame]:
    from .io import bundled_data_dir, read_layer

    folder = bundled_data_dir()
    out = {}
    for name in ("countries", "borders", "coastline", "rivers"):
        out[name] = read_layer(folder, name).to_crs(crs)
    return out


def _projected(network, crs: str = MAP_CRS):
    key = ("plot", crs)
    hit = network._cache.get(key)
    if hit is None:
        nodes, edges = network.to_gdfs()
        zones = network.zones.to_crs(crs) if network.zones is not None else None
        hit = (nodes.to_crs(crs), edges.to_crs(crs), zones)
        network._cache[key] = hit
    return hit


def _extent(nodes: gpd.GeoDataFrame, routes, pad: float = 0.06):
    geoms = nodes.geometry
    if routes:
        geoms = gpd.GeoSeries([r.geometry for r in routes], crs="EPSG:4326").to_crs(MAP_CRS)
        geoms = gpd.GeoSeries([*geoms, *nodes.geometry], crs=MAP_CRS)
    x0, y0, x1, y1 = geoms.total_bounds
    dx, dy = (x1 - x0) * pad, (y1 - y0) * pad
    x0, x1, y0, y1 = x0 - dx, x1 + dx, y0 - dy, y1 + dy
    return x0, x1, y0, y1


def _draw_base(ax, extent) -> None:
    ref = _reference()
    ax.set_facecolor("#dce8f0")
    focus = ref["countries"]["focus"].astype(bool) if "focus" in ref["countries"] else True
    ref["countries"].plot(ax=ax, color=np.where(focus, "#f6f3ec", "#ebe7df"), linewidth=0, zorder=1)
    ref["coastline"].plot(ax=ax, color="#7d9bb3", linewidth=0.5, zorder=2)
    rivers = ref["rivers"]
    rivers.plot(ax=ax, color="#7fa9cc", linewidth=0.9, zorder=2.1)
    ref["borders"].plot(
        ax=ax, color="#7a7a7a", linewidth=0.7, linestyle=(0, (4, 1.5, 1, 1.5)), zorder=2.2
    )
    x0, x1, y0, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_linewidth(0.6)
        side.set_color("#555555")
    # country names at representative points inside the view
    view = shapely.box(x0, y0, x1, y1)
    for row in ref["countries"].itertuples():
        part = row.geometry.intersection(view)
        if part.is_empty or part.area < 0.04 * view.area:
            continue
        p = part.representative_point()
        ax.text(
            p.x,
            p.y,
            str(row.name).upper(),
            fontsize=7.5,
            color="#a09a8c",
            ha="center",
            va="center",
            fontweight="bold",
            zorder=2.5,
            alpha=0.9,
        )
    for name, row in _river_label_points(rivers, view):
        ax.text(
            row[0],
            row[1],
            name,
            fontsize=5.5,
            color="#4d7fa6",
            style="italic",
            zorder=2.6,
            rotation=row[2],
            ha="center",
            va="center",
            path_effects=HALO,
        )


def _river_label_points(rivers: gpd.GeoDataFrame, view):
    out = []
    for label, names in (("Euphrates", ("Euphrates", "Al Furat")), ("Tigris", ("Tigris",))):
        sel = rivers[rivers["name"].isin(names)]
        if sel.empty:
            continue
        line = shapely.line_merge(shapely.union_all(sel.geometry.values)).intersection(view)
        if line.is_empty:
            continue
        longest = max(shapely.get_parts(line), key=lambda g: g.length)
        a = longest.interpolate(0.42, normalized=True)
        b = longest.interpolate(0.44, normalized=True)
        angle = np.degrees(np.arctan2(b.y - a.y, b.x - a.x))
        angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
        out.append((label, (a.x, a.y, angle)))
    return out


def _draw_zones(ax, res, zones: gpd.GeoDataFrame | None, view) -> list:
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
    handles = {}
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
        Patch(facecolor=c, alpha=0.45, edgecolor=c, label=_actor_label(a))
        for a, c in handles.items()
    ]


def _actor_label(actor: str) -> str:
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


def _draw_roads(ax, edges: gpd.GeoDataFrame, res) -> None:
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


def _draw_routes(ax, routes: list[Route]) -> list:
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


class _Labeller:
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


def _crossing_symbols(nodes: gpd.GeoDataFrame, res):
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


def _short(name: str) -> str:
    return name.replace("dirt bypass", "bypass")


def _draw_points(ax, nodes, res, routes, origin, destination, *, label_towns=True, small=False):
    lab = _Labeller(ax)
    on_route = {n for r in routes for n in r.nodes}
    crossing_rows = _crossing_symbols(nodes, res)
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
            _short(row["name"]) + suffix,
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


def _draw_inset(fig, ax, network, res, routes, center: str, half_km: float) -> None:
    """An enlarged view around ``center`` in the upper-left corner of the map."""
    nodes, edges, zones = _projected(network)
    c = nodes.geometry[center]
    half = half_km * 1000.0
    box = fig.add_axes(_inset_rect(ax), zorder=20)
    extent = (c.x - half, c.x + half, c.y - half * 0.8, c.y + half * 0.8)
    _draw_base(box, extent)
    for t in list(box.texts):
        t.remove()
    view = shapely.box(extent[0], extent[2], extent[1], extent[3])
    _draw_zones(box, res, zones, view)
    _draw_roads(box, edges, res)
    _draw_routes(box, routes)
    lab = _Labeller(box)
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
    rows = _crossing_symbols(nodes, res)
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
                _short(row["name"]) + suffix,
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
        matplotlib.patches.Rectangle(
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


def _scale_bar(ax, km: float = 200.0) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    sx, sy = x0 + 0.035 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    length = km * 1000.0  # LCC is conformal; scale is within 1% of true between 30°N and 38°N
    ax.plot(
        [sx, sx + length],
        [sy, sy],
        color="#222222",
        linewidth=2.2,
        solid_capstyle="butt",
        zorder=11,
    )
    ax.plot(
        [sx, sx + length / 2],
        [sy, sy],
        color="white",
        linewidth=1.0,
        solid_capstyle="butt",
        zorder=11.1,
    )
    for x in (sx, sx + length / 2, sx + length):
        ax.plot(
            [x, x],
            [sy - 0.004 * (y1 - y0), sy + 0.004 * (y1 - y0)],
            color="#222222",
            linewidth=0.8,
            zorder=11,
        )
    ax.text(
        sx + length / 2,
        sy + 0.012 * (y1 - y0),
        f"{km:.0f} km",
        ha="center",
        va="bottom",
        fontsize=6.2,
        zorder=11,
        path_effects=HALO,
    )


def _marker(marker: str, face: str, edge: str, size: float, label: str) -> Line2D:
    return Line2D(
        [0],
        [0],
        marker=marker,
        color="none",
        markerfacecolor=face,
        markeredgecolor=edge,
        markersize=size,
        label=label,
    )


def _symbol_handles() -> list:
    return [
        Line2D([0], [0], color="#5b5b5b", linewidth=1.3, label="highway / primary road"),
        Line2D(
            [0], [0], color="#5b5b5b", linewidth=0.9, linestyle=(0, (2.5, 1.5)), label="dirt track"
        ),
        Line2D(
            [0],
            [0],
            color="#d32f2f",
            linewidth=2.2,
            linestyle=(0, (1.2, 1.0)),
            label="blocked for the mover",
        ),
        Line2D([0], [0], color="#f2a100", linewidth=2.2, label="contested (slower, exposed)"),
        _marker("o", "#2e7d32", "white", 5.5, "crossing open"),
        _marker("D", "#ef8f00", "#5a3a00", 4.8, "crossing under reconstruction"),
        _marker("^", "#8d6e63", "#3e2723", 5.5, "informal bypass crossing"),
        _marker("X", "#c62828", "white", 6.5, "crossing closed"),
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


def _mover_label(mover: str) -> str:
    return {
        "iran-axis": "Iran-aligned axis moving materiel",
        "coalition-convoy": "US-led coalition supply convoy",
    }.get(mover, mover)


# ----------------------------------------------------------------------------- public API


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


@_batched
def plot_routes(
    network,
    scenario: Scenario,
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
    scenario : Scenario
    routes : list of Route, optional
        As returned by :func:`corridor.viable_routes` (best first). Origin and destination
        default to the first route's.
    ax : matplotlib Axes, optional
        Draw into this axes (legends and attribution then go into its figure).
    origin, destination : str, optional
        Places to mark when there are no routes.
    title : str, optional
        Defaults to the scenario name and date.
    inset : str or None
        A place or crossing to show enlarged in an inset ("auto": the Albukamal-al-Qaim
        crossing and its dirt bypasses, when the network has them); None for no inset.
    inset_km : float
        Half-width of the inset, km.

    Returns
    -------
    matplotlib.figure.Figure
    """
    routes = list(routes or [])
    if routes and any(r.scenario != scenario for r in routes):
        raise CorridorError("the routes were computed under another scenario than the one to plot")
    res = resolve(network, scenario)
    nodes, edges, zones = _projected(network)
    o = routes[0].nodes[0] if routes else (network.node_id(origin) if origin else None)
    d = routes[0].nodes[-1] if routes else (network.node_id(destination) if destination else None)
    extent = _extent(nodes, routes)
    if ax is None:
        # size the figure to the map: A4 width, header above, legends and attribution below
        width = figsize[0]
        map_w = width * 0.98
        map_h = map_w * (extent[3] - extent[2]) / (extent[1] - extent[0])
        if inset == "auto":
            inset = "albukamal-al-qaim" if "albukamal-al-qaim" in network.graph else None
        inset_w = INSET_WIDTH_IN if inset else 0.0
        head_h = 0.80
        legend_h = max(0.30 + 0.15 * max(len(routes), 1) + 0.75, inset_w * 0.8 + 0.45)
        height = head_h + map_h + legend_h
        fig = plt.figure(figsize=(width, height), dpi=100)
        ax = fig.add_axes([0.01, legend_h / height, 0.98, map_h / height])
        own = True
    else:
        fig = ax.figure
        own = False
    _draw_base(ax, extent)
    view = shapely.box(extent[0], extent[2], extent[1], extent[3])
    actor_handles = _draw_zones(ax, res, zones, view)
    _draw_roads(ax, edges, res)
    route_handles = _draw_routes(ax, routes)
    _draw_points(ax, nodes, res, routes, o, d, label_towns=label_towns)
    _scale_bar(ax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    if inset and inset != "auto" and own:
        _draw_inset(fig, ax, network, res, routes, network.node_id(inset), inset_km)
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
    H = fig.get_figheight()
    fig.text(0.012, 1 - 0.08 / H, title, fontsize=12, fontweight="bold", va="top")
    what = (
        f"{network.graph.nodes[o]['name']} → {network.graph.nodes[d]['name']}: "
        f"{len(routes)} viable route{'s' if len(routes) != 1 else ''}"
        if o and d
        else "control zones, road states and crossings"
    )
    fig.text(
        0.012,
        1 - 0.34 / H,
        f"{_mover_label(scenario.mover)} · {what}\n{scenario.description}",
        fontsize=6.6,
        va="top",
        color="#333333",
        wrap=True,
    )
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
            fig.text(
                0.012,
                (y - 0.12) / H,
                "No viable route under this scenario.",
                fontsize=8,
                color="#b71c1c",
                fontweight="bold",
                va="top",
            )
            from .critical import explain

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
        fig.legend(
            handles=_symbol_handles(),
            loc="lower left",
            bbox_to_anchor=(0.005, 0.26 / H),
            ncol=3 if inset and inset != "auto" else 5,
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
    return fig


def plot_scenario(
    network,
    scenario: Scenario,
    *,
    ax=None,
    origin: str | None = None,
    destination: str | None = None,
    **kwargs,
) -> Figure:
    """Draw a scenario without routes: zones, road states and crossings (see :func:`plot_routes`)."""
    return plot_routes(
        network, scenario, [], ax=ax, origin=origin, destination=destination, **kwargs
    )


@_batched
def plot_timeline(
    network,
    scenarios_or_dates,
    origin: str = "tehran",
    destination: str = "beirut",
    *,
    weight: str = "hours",
    ncols: int = 2,
) -> Figure:
    """Small multiples: one panel per scenario (or date), each with its best route, a shared legend.

    Returns
    -------
    matplotlib.figure.Figure
    """
    scs = [s if isinstance(s, Scenario) else Scenario.at(s) for s in scenarios_or_dates]
    if not scs:
        raise CorridorError("plot_timeline needs at least one scenario or date")
    n = len(scs)
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    nodes, _, _ = _projected(network)
    all_routes = [viable_routes(network, sc, origin, destination, k=1, weight=weight) for sc in scs]
    flat = [r for rs in all_routes for r in rs]
    extent = _extent(nodes, flat)
    # panels sized to the map's aspect; inches: header, panels (with two title lines), legend
    W = A4_WIDTH_IN
    panel_w = (W - 0.12 - 0.1 * (ncols - 1)) / ncols
    panel_h = panel_w * (extent[3] - extent[2]) / (extent[1] - extent[0])
    title_h, head_h, foot_h = 0.34, 0.5, 0.95
    H = head_h + nrows * (panel_h + title_h) + foot_h
    fig = plt.figure(figsize=(W, H), dpi=100)
    actors = {}
    o, d = network.node_id(origin), network.node_id(destination)
    for i, (sc, routes) in enumerate(zip(scs, all_routes)):
        r, c = divmod(i, ncols)
        left = 0.06 + c * (panel_w + 0.1)
        bottom = H - head_h - (r + 1) * (panel_h + title_h)
        ax = fig.add_axes([left / W, bottom / H, panel_w / W, panel_h / H])
        res = resolve(network, sc)
        _draw_base(ax, extent)
        _, edges, zones = _projected(network)
        view = shapely.box(extent[0], extent[2], extent[1], extent[3])
        for hnd in _draw_zones(ax, res, zones, view):
            actors.setdefault(hnd.get_label(), hnd)
        _draw_roads(ax, edges, res)
        _draw_routes(ax, routes)
        _draw_points(ax, nodes, res, routes, o, d, label_towns=False, small=True)
        ax.set_xlabel("")
        ax.set_ylabel("")
        if routes:
            rt = routes[0]
            via = " → ".join(_short(n).split("–")[0] for n in rt.crossing_names)
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
        handles=list(actors.values()) + _symbol_handles()[:4],
        loc="lower center",
        bbox_to_anchor=(0.5, 0.26 / H),
        ncol=5,
        fontsize=5.6,
        frameon=False,
        title="zones held by · roads",
        title_fontsize=6,
    )
    fig.text(
        0.01,
        0.05 / H,
        ATTRIBUTION,
        fontsize=4.4,
        color="#666666",
        va="bottom",
        wrap=True,
    )
    return fig


def save_png(fig_or_routes, path, *, dpi: int = 200) -> Path:
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
        fig = plot_routes(routes[0]._network, routes[0].scenario, routes)
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.stem}-", suffix=".png", delete=False
    ) as tmp:
        tmp_path = Path(tmp.name)
    try:
        fig.savefig(tmp_path, dpi=dpi, facecolor="white")
        tmp_path.replace(path)
    finally:
        tmp_path.unlink(missing_ok=True)
    if not isinstance(fig_or_routes, Figure):
        plt.close(fig)
    return path
