"""Route analysis: viable routes under a scenario, their cost, and comparisons across scenarios.

Costs per edge come from :mod:`corridor.costs` (``km``, ``hours`` or ``risk``); blocked edges
are impassable. Shortest paths run on the sparse graph compiled once per network and scenario
(scipy); NetworkX stays the model.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import csgraph

from ._geometry import ragged_index
from ._schema import STATE_NAMES
from .control import parse_date
from .costs import (
    DEFAULT_MODEL,
    Compiled,
    RoutingArrays,
    TravelModel,
    arc_structure,
    check_model,
    check_weight,
    compile_costs,
    edge_cost,
    route_hours,
    routing_arrays,
)
from .errors import CorridorError
from .freight import DEFAULT_FREIGHT, freight_figures
from .network import Network
from .resolution import Resolution, resolve
from .whatif import Scenario, as_scenario

__all__ = [
    "Route",
    "QueryState",
    "query_state",
    "check_query",
    "viable_routes",
    "best_route",
    "compare",
    "timeline",
]

ScenarioLike = Scenario | str | Path


@dataclass(frozen=True, eq=False)
class QueryState:
    """What a route query needs for one network, scenario, weight and model (cached)."""

    res: Resolution
    arr: RoutingArrays
    cost: np.ndarray  # per edge, in weight units; inf where blocked (read-only)
    compiled: Compiled

    @property
    def nbytes(self) -> int:
        """Memory this query state adds to the cache (the resolution and the per-network
        arrays are counted where they are cached)."""
        return int(self.cost.nbytes + self.compiled.nbytes)


def query_state(
    network: Network, scenario: Scenario, weight: str, model: TravelModel
) -> QueryState:
    """The resolution, arrays, edge costs and compiled graph of a query (cached per
    network, scenario, weight and model)."""
    res = resolve(network, scenario)
    arr = routing_arrays(network, model)
    key = ("compiled", scenario, weight, model)
    hit = network.cache.lookup(key)
    if hit is None:
        cost = edge_cost(arr, res, weight)
        cost.setflags(write=False)
        compiled = compile_costs(arc_structure(network, arr), cost)
        hit = network.cache.store(key, QueryState(res, arr, cost, compiled))
    return hit


def path_from_predecessors(pred: np.ndarray, source: int, target: int) -> list[int] | None:
    """Node indices from ``source`` to ``target`` along a predecessor array, or None."""
    if source == target:
        return [source]
    if pred[target] < 0:
        return None
    out = [target]
    while out[-1] != source:
        out.append(int(pred[out[-1]]))
    out.reverse()
    return out


# --------------------------------------------------------------------------- Route


@dataclass(eq=False)
class Route:
    """One route from origin to destination under a scenario.

    Attributes
    ----------
    nodes : list of str
        Node ids, origin first.
    edges : list of (u, v, key)
        Graph edges in travel order.
    edge_ids : list of str
    geometry : shapely.LineString
        The whole route, origin to destination (EPSG:4326).
    length_km : float
        Geodesic length, km.
    hours : float
        Door-to-door hours of a loaded truck without the daily rest: ``driving_h`` (incl.
        security halts) + ``border_h`` (dwell at crossings), under the scenario and the model.
    driving_h, border_h, rest_h : float
        Hours driving, at borders and resting (daily driving limit, :class:`TravelModel`).
    transit_days : float
        Elapsed days, rest included: (hours + rest_h) / 24.
    cost_usd_per_t : float
        Cost per tonne, USD (default :class:`corridor.FreightModel`; NaN when a country of
        the route has no fuel price), computed when read; :func:`corridor.route_freight`
        gives the breakdown.
    crossings : list of str
        Border crossings used, in order; ``crossing_names`` their names.
    countries : list of str
        ISO3 codes of the countries traversed, in order.
    km_by_actor : dict
        km inside zones held by each actor (a road in two zones counts for both).
    km_by_stance : dict
        km by the worst stance of the mover toward the zones there ("passable" where none).
    contested_km : float
    risk : float
        Exposure score: the sum over edges of km times the risk per km (the larger of the
        zone risk weight and the event risk, see :mod:`corridor.events`).
    event_exposure : float
        The part of ``risk`` events give: the sum over edges of km times their event risk.
    events : list of str
        Ids of the events (``data/events.geojson``) that raise risk on the route's roads.
    scenario : Scenario
    weight : str
        What the route minimises; ``cost`` is the minimised total.
    network : Network
        The network the route runs on; ``edge_index`` the route's edges as indices into
        :class:`corridor.resolution.EdgeIndex`.
    """

    nodes: list
    edges: list
    edge_ids: list
    geometry: shapely.LineString
    length_km: float
    hours: float
    crossings: list
    crossing_names: list
    countries: list
    km_by_actor: dict
    km_by_stance: dict
    contested_km: float
    risk: float
    scenario: Scenario
    weight: str
    cost: float
    origin_name: str = ""
    destination_name: str = ""
    event_exposure: float = 0.0
    events: list = field(default_factory=list)
    driving_h: float = 0.0
    border_h: float = 0.0
    rest_h: float = 0.0
    transit_days: float = 0.0
    model: Any = field(default=None, repr=False)
    edge_index: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), repr=False)
    network: Any = field(default=None, repr=False)

    @property
    def cost_usd_per_t(self) -> float:
        """Cost per tonne, USD, under the default freight model (see the class docstring)."""
        if self.network is None:
            return float("nan")
        arr = routing_arrays(self.network, self.model or DEFAULT_MODEL)
        res = resolve(self.network, self.scenario)
        fr = freight_figures(arr, res, self.edge_index, self.crossings, DEFAULT_FREIGHT)
        return fr.cost_usd_per_t

    @property
    def via(self) -> str:
        """The crossings as text, e.g. "Khosravi–Mundhiriya → Albukamal bypass (north) → Masnaa"."""
        return " → ".join(self.crossing_names) if self.crossing_names else "(no border crossing)"

    def to_gdf(self) -> gpd.GeoDataFrame:
        """The route's edges in travel order, with their state under the scenario (EPSG:4326)."""
        res = resolve(self.network, self.scenario)
        arr = routing_arrays(self.network, DEFAULT_MODEL)
        rows = []
        for step, (e, (u, v, k)) in enumerate(zip(self.edge_index, self.edges)):
            d = self.network.graph.edges[u, v, k]
            geom = (
                arr.geoms[e]
                if arr.start_is_u[e] == (arr.nodes[arr.u[e]] == u)
                else arr.geoms[e].reverse()
            )
            rows.append(
                {
                    "step": step,
                    "from": u,
                    "to": v,
                    "id": d["id"],
                    "road": d["road"],
                    "road_class": d["road_class"],
                    "surface": d["surface"],
                    "country": d["country"],
                    "length_km": d["length_km"],
                    "state": STATE_NAMES[int(res.state[e])],
                    "factor": float(res.factor[e]),
                    "risk": float(res.risk[e]),
                    "reasons": "; ".join(res.edge_reasons(e)),
                    "geometry": geom,
                }
            )
        return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")

    def summary(self) -> dict[str, Any]:
        """The route's figures as a flat dict (km, hours, contested km, risk rounded to 0.1)."""
        return {
            "origin": self.origin_name,
            "destination": self.destination_name,
            "via": self.via,
            "km": round(self.length_km, 1),
            "hours": round(self.hours, 1),
            "driving_h": round(self.driving_h, 1),
            "border_h": round(self.border_h, 1),
            "rest_h": round(self.rest_h, 1),
            "transit_days": round(self.transit_days, 1),
            "cost_usd_per_t": round(self.cost_usd_per_t, 1),
            "contested_km": round(self.contested_km, 1),
            "risk": round(self.risk, 1),
            "event_exposure": round(self.event_exposure, 1),
            "countries": "-".join(self.countries),
        }

    def __repr__(self) -> str:
        return (
            f"<Route {self.origin_name} → {self.destination_name} via {self.via}: "
            f"{self.length_km:,.0f} km, {self.hours:.1f} h, contested {self.contested_km:,.0f} km "
            f"[{self.scenario.name}]>"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
            for k, v in self.summary().items()
        )
        actors = ", ".join(
            f"{a} {km:,.0f} km" for a, km in sorted(self.km_by_actor.items(), key=lambda x: -x[1])
        )
        return (
            f"<div><b>Route</b> under <i>{html.escape(self.scenario.name)}</i> "
            f"({self.scenario.date.isoformat()})<table>{rows}"
            f"<tr><th style='text-align:left'>km by actor</th><td>{html.escape(actors)}</td></tr></table></div>"
        )


def _route_edges(q: QueryState, path: list[int]) -> np.ndarray:
    return q.compiled.edges_along(path)


def _route_geometry(arr: RoutingArrays, edges_idx: np.ndarray, path: list[int]):
    """The route's line, each edge's vertices oriented along travel (array indexing only)."""
    forward = arr.start_is_u[edges_idx] == (arr.u[edges_idx] == np.asarray(path[:-1]))
    start, stop = arr.coord_ptr[edges_idx], arr.coord_ptr[edges_idx + 1]
    counts = stop - start
    owner, pos = ragged_index(counts)
    take = np.where(forward[owner], start[owner] + pos, stop[owner] - 1 - pos)
    keep = (pos > 0) | (owner == 0)  # drop each edge's first vertex but the first edge's
    coords = arr.coords[take[keep]]
    return shapely.LineString(coords) if len(coords) >= 2 else shapely.LineString()


def _km_by_zone(res: Resolution, arr: RoutingArrays, in_route: np.ndarray, edges_idx, control):
    """km by actor holding the zones, and km by the worst stance toward them (the stance
    whose effect is most severe, by the rule table)."""
    live = res.active_zones[res.pair_zone] & in_route[res.pair_edge]
    pe, pz = res.pair_edge[live], res.pair_zone[live]
    names = list(dict.fromkeys(res.zone_actor.tolist()))
    code = {a: i for i, a in enumerate(names)}
    zone_code = np.array([code[a] for a in res.zone_actor.tolist()], dtype=np.int64)
    # bincount adds in pair order, as a loop over the pairs would
    km = np.bincount(zone_code[pz], weights=arr.km[pe], minlength=len(names))
    seen = np.zeros(len(names), dtype=bool)
    seen[zone_code[pz]] = True
    km_by_actor = {names[i]: float(km[i]) for i in np.flatnonzero(seen).tolist()}
    worst = np.zeros(len(in_route), dtype=np.int8)  # OPEN where no zone applies
    np.maximum.at(worst, pe, res.zone_state[pz])
    by_state = np.bincount(worst[edges_idx], weights=arr.km[edges_idx], minlength=3)
    stance_of = {effect.state: stance for stance, effect in control.effects.items()}
    km_by_stance = {
        stance_of[int(s)]: float(by_state[s])
        for s in np.unique(worst[edges_idx])
        if int(s) in stance_of
    }
    return dict(sorted(km_by_actor.items())), dict(sorted(km_by_stance.items()))


def _route_events(res: Resolution, in_route: np.ndarray) -> list[str]:
    """Ids of the counting events near the route's edges (ids start with the date: the most
    recent first)."""
    ev = res.events
    if not len(ev.weight):
        return []
    near = in_route[ev.pairs.edge] & (ev.weight[ev.pairs.event] > 0)
    return sorted(ev.ids[np.unique(ev.pairs.event[near])].tolist(), reverse=True)


def make_route(network: Network, q: QueryState, path: list[int], weight: str, names) -> Route:
    """A :class:`Route` along ``path`` (node indices) of a query."""
    res, arr = q.res, q.arr
    edges_idx = _route_edges(q, path)
    steps = np.asarray(path, dtype=np.int64)
    node_ids = arr.nodes[steps].tolist()
    edges = list(zip(node_ids[:-1], node_ids[1:], arr.edge_key[edges_idx].tolist()))
    crossings = arr.nodes[steps[arr.is_crossing[steps]]].tolist()
    countries: list[str] = []
    for c in arr.country[edges_idx]:
        if not countries or countries[-1] != c:
            countries.append(c)
    in_route = np.zeros(len(res.index.edges), dtype=bool)
    in_route[edges_idx] = True
    km_by_actor, km_by_stance = _km_by_zone(res, arr, in_route, edges_idx, network.control)
    cost = float(q.cost[edges_idx].sum())
    driving, border = route_hours(arr, res, edges_idx, q.cost if weight == "hours" else None)
    rest = arr.model.rest_h(driving)
    return Route(
        nodes=node_ids,
        edges=edges,
        edge_ids=res.index.edge_ids[edges_idx].tolist(),
        geometry=_route_geometry(arr, edges_idx, path),
        length_km=float(arr.km[edges_idx].sum()),
        hours=driving + border,
        crossings=crossings,
        crossing_names=[network.graph.nodes[c]["name"] for c in crossings],
        countries=countries,
        km_by_actor=km_by_actor,
        km_by_stance=km_by_stance,
        contested_km=km_by_stance.get("contested", 0.0),
        risk=float((arr.km[edges_idx] * res.risk[edges_idx]).sum()),
        scenario=res.scenario,
        weight=weight,
        cost=cost,
        origin_name=names[0],
        destination_name=names[1],
        event_exposure=float((arr.km[edges_idx] * res.event_risk[edges_idx]).sum()),
        events=_route_events(res, in_route),
        driving_h=driving,
        border_h=border,
        rest_h=rest,
        transit_days=(driving + border + rest) / 24.0,
        edge_index=edges_idx,
        network=network,
        model=arr.model,
    )


# --------------------------------------------------------------------------- queries


def check_query(network: Network, origin: str, destination: str, k: int, weight: str):
    """Node ids of origin and destination, after checking ``k`` and ``weight``."""
    check_weight(weight)
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
        raise CorridorError(f"k must be a whole number >= 1, got {k!r}")
    o, d = network.node_id(origin), network.node_id(destination)
    if o == d:
        raise CorridorError(
            f"origin and destination are the same place ({network.graph.nodes[o]['name']!r}); "
            "give two different places"
        )
    return o, d


def _different(
    crossings: list,
    edges_idx: np.ndarray,
    km: float,
    other: Route,
    used: np.ndarray,
    arr,
    max_shared: float,
) -> bool:
    """A candidate differs from a better route (whose edges ``used`` marks): other
    crossings, or at most ``max_shared`` of its length shared with it."""
    if crossings != other.crossings:
        return True
    shared = np.unique(edges_idx[used[edges_idx]])
    return float(arr.km[shared].sum()) <= max_shared * km


def _edge_mask(n: int, edges: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[edges] = True
    return mask


def _tree_profile(q: QueryState, parent: np.ndarray, on_best: np.ndarray):
    """For every node of a shortest-path tree (``parent``: predecessors; negative at the root
    and at unreached nodes): km along its tree path to the root, the deepest node of that
    path on the best route (its branch point, -1 if none) and the crossings on the path; by
    pointer jumping (log-depth array passes, no per-node Python loop)."""
    n = len(parent)
    nodes = np.arange(n)
    p = parent.astype(np.int64)
    has = p >= 0
    child = nodes[has]
    km = np.zeros(n)
    if len(child):
        pairs = np.searchsorted(q.compiled.structure.pair_key, p[child] * n + child)
        km[child] = q.arr.km[q.compiled.pair_edge[pairs]]
    cross = np.where(has, q.arr.is_crossing, False).astype(np.int64)
    branch = np.where(on_best, nodes, -1)
    anc = np.where(has, p, nodes)
    while (anc != anc[anc]).any():
        km = km + km[anc]
        cross = cross + cross[anc]
        branch = np.where(branch >= 0, branch, branch[anc])
        anc = anc[anc]
    branch = np.where(branch >= 0, branch, branch[anc])
    return km, branch, cross


class _Alternatives:
    """The two shortest-path trees of a k > 1 query, profiled once with array passes: for each
    node the km, branch point and crossings of its tree paths. They prune via nodes that surely
    fail the difference test and shorten each path walk to the detour off the best route."""

    def __init__(self, q: QueryState, pred: np.ndarray, best: list[int]):
        self.pred = pred
        self.best = best
        n = pred.shape[1]
        on_best = np.zeros(n, dtype=bool)
        on_best[best] = True
        self.pos = np.full(n, -1, dtype=np.int64)
        self.pos[best] = np.arange(len(best))
        self.best_cross = np.cumsum(q.arr.is_crossing[best])
        self.k0, self.b0, self.c0 = _tree_profile(q, pred[0], on_best)
        self.k1, self.b1, self.c1 = _tree_profile(q, pred[1], on_best)
        # the tree from the destination follows the best route from position i on
        follows = np.append(pred[1][best[:-1]] == np.asarray(best[1:]), True)
        self.suffix = np.flip(np.logical_and.accumulate(np.flip(follows)))

    def _branches(self, c: np.ndarray):
        ok = (self.b0[c] >= 0) & (self.b1[c] >= 0)
        lo, hi = np.where(ok, self.b0[c], self.best[0]), np.where(ok, self.b1[c], self.best[0])
        ok &= (self.pos[lo] < self.pos[hi]) & self.suffix[self.pos[hi]]
        return ok, lo, hi

    def sharing_too_much(self, c: np.ndarray, max_shared: float) -> np.ndarray:
        """Candidates with the best route's crossings (none on the detour, none on the stretch
        it replaces) and more than ``max_shared`` of their km on the best route."""
        ok, lo, hi = self._branches(c)
        same = (
            ok
            & (self.c0[c] == self.c0[lo])
            & (self.c1[c] == self.c1[hi])
            & (self.best_cross[np.maximum(self.pos[hi] - 1, 0)] == self.best_cross[self.pos[lo]])
        )
        shared = self.k0[lo] + self.k1[hi]
        total = self.k0[c] + self.k1[c]
        return same & (shared > max_shared * total * (1 + 1e-9) + 1e-6)

    def path(self, c: int) -> list[int]:
        """The via path through ``c``: the best route to the branch point, the detour, the
        best route from the rejoin point (walking only the detour where that is exact)."""
        ok, lo, hi = self._branches(np.array([c]))
        if not ok[0]:
            head = path_from_predecessors(self.pred[0], self.best[0], c)
            tail = path_from_predecessors(self.pred[1], self.best[-1], c)
            assert head is not None and tail is not None
            return head + tail[::-1][1:]
        lo_, hi_ = int(lo[0]), int(hi[0])
        up = [c]
        while up[-1] != lo_:
            up.append(int(self.pred[0][up[-1]]))
        down = [c]
        while down[-1] != hi_:
            down.append(int(self.pred[1][down[-1]]))
        pl, ph = int(self.pos[lo_]), int(self.pos[hi_])
        return self.best[:pl] + up[::-1] + down[1:] + self.best[ph + 1 :]


def _via_candidates(dist: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """Via nodes worth a path walk, best via cost first (a stable order).

    A via node's path is the best path to it plus the best path from it. Nodes on one
    plateau (joined by edges that lie on both shortest-path trees) share the same via path
    and the same via cost, so only one (the plateau's node nearest the origin) is kept; a
    node reached from the same neighbour in both trees (a U-turn) gives no simple path and
    is dropped. Both are array tests (pointer jumping), before any path is walked."""
    via = dist[0] + dist[1]
    n = len(via)
    nodes = np.arange(n)
    p0, p1 = pred[0].astype(np.int64), pred[1].astype(np.int64)
    up = nodes.copy()  # a node's plateau parent: its tree parent when that edge is on both trees
    child = nodes[p0 >= 0]
    on_both = child[p1[p0[child]] == child]
    up[on_both] = p0[on_both]
    while (up != up[up]).any():
        up = up[up]
    keep = (up == nodes) & np.isfinite(via) & ~((p0 >= 0) & (p0 == p1))
    cands = nodes[keep]
    return cands[np.argsort(via[cands], kind="stable")]


def viable_routes(
    network: Network,
    scenario: ScenarioLike,
    origin: str,
    destination: str,
    *,
    k: int = 3,
    weight: str = "hours",
    model: TravelModel | None = None,
    max_shared: float = 0.5,
) -> list[Route]:
    """Up to ``k`` viable routes under ``scenario``, best first.

    Parameters
    ----------
    network : Network
    scenario : Scenario, or a built-in scenario name or scenario file
    origin, destination : str
        Place ids, names or aliases (case- and accent-insensitive).
    k : int
        How many routes at most.
    weight : {"hours", "km", "risk"}
        What to minimise.
    model : TravelModel, optional
        Speeds and crossing delays (for "hours").
    max_shared : float
        An alternative must use a different sequence of border crossings than every better
        route, or share at most this fraction of its length with each of them.

    Returns
    -------
    list of Route
        Empty when no route exists (see :func:`corridor.explain` for why).

    Notes
    -----
    Alternatives are via-node routes (best path to a node plus best path from it), ranked by
    cost and kept when they are simple paths and meaningfully different, as above.
    """
    o, d = check_query(network, origin, destination, k, weight)
    scenario = as_scenario(scenario)
    q = query_state(network, scenario, weight, check_model(model))
    arr = q.arr
    oi, di = arr.node_pos[o], arr.node_pos[d]
    sources = oi if k == 1 else [oi, di]  # one search from the origin is enough for k=1
    dist, pred = csgraph.dijkstra(
        q.compiled.csr, directed=True, indices=sources, return_predecessors=True
    )
    dist, pred = np.atleast_2d(dist), np.atleast_2d(pred)
    if not np.isfinite(dist[0, di]):
        return []
    names = (network.graph.nodes[o]["name"], network.graph.nodes[d]["name"])
    best = path_from_predecessors(pred[0], oi, di)
    assert best is not None
    routes = [make_route(network, q, best, weight, names)]
    if k == 1:
        return routes
    seen_paths = {tuple(best)}
    used = [_edge_mask(len(arr.km), routes[0].edge_index)]
    alt = _Alternatives(q, pred, best)
    cands = _via_candidates(dist, pred)
    cands = cands[~alt.sharing_too_much(cands, max_shared)]
    for c in cands.tolist():
        if len(routes) >= k:
            break
        path = alt.path(int(c))
        if len(set(path)) != len(path) or tuple(path) in seen_paths:
            continue
        seen_paths.add(tuple(path))
        # cheap checks on index arrays first; build a Route only for an accepted candidate
        edges_idx = _route_edges(q, path)
        steps = np.asarray(path, dtype=np.int64)
        crossings = arr.nodes[steps[arr.is_crossing[steps]]].tolist()
        km = float(arr.km[edges_idx].sum())
        if all(
            _different(crossings, edges_idx, km, r, m, arr, max_shared)
            for r, m in zip(routes, used)
        ):
            routes.append(make_route(network, q, path, weight, names))
            used.append(_edge_mask(len(arr.km), routes[-1].edge_index))
    return routes


def best_route(
    network: Network,
    scenario: ScenarioLike,
    origin: str,
    destination: str,
    *,
    weight: str = "hours",
    model: TravelModel | None = None,
) -> Route | None:
    """The best route, or None when there is none (see :func:`viable_routes`)."""
    routes = viable_routes(network, scenario, origin, destination, k=1, weight=weight, model=model)
    return routes[0] if routes else None


# --------------------------------------------------------------------------- comparisons


def compare(
    network: Network,
    scenarios: ScenarioLike | Iterable[ScenarioLike],
    origin: str,
    destination: str,
    *,
    weight: str = "hours",
    model: TravelModel | None = None,
) -> pd.DataFrame:
    """One row per scenario: viable, the best route's crossings, km, hours, and the change
    against the first scenario (delta_km, delta_hours; NaN where either has no route)."""
    if isinstance(scenarios, (Scenario, str, Path)):
        scenarios = [scenarios]
    scs = [as_scenario(sc) for sc in scenarios]
    if not scs:
        raise CorridorError("compare needs at least one scenario")
    rows = []
    for sc in scs:
        route = best_route(network, sc, origin, destination, weight=weight, model=model)
        rows.append(
            {
                "scenario": sc.name,
                "date": sc.date,
                "viable": route is not None,
                "crossings": route.via if route else None,
                "km": round(route.length_km, 1) if route else np.nan,
                "hours": round(route.hours, 1) if route else np.nan,
                "contested_km": round(route.contested_km, 1) if route else np.nan,
                "risk": round(route.risk, 1) if route else np.nan,
            }
        )
    frame = pd.DataFrame(rows)
    frame["delta_km"] = (frame["km"] - frame["km"].iloc[0]).round(1)
    frame["delta_hours"] = (frame["hours"] - frame["hours"].iloc[0]).round(1)
    return frame


def timeline(
    network: Network,
    dates: Iterable[Any],
    origin: str,
    destination: str,
    *,
    mover: str | None = None,
    weight: str = "hours",
    model: TravelModel | None = None,
) -> pd.DataFrame:
    """:func:`compare` over dated snapshots (``Scenario.at``) or given scenarios."""
    scenarios = [
        d
        if isinstance(d, Scenario)
        else Scenario.at(parse_date(d), **({"mover": mover} if mover else {}))
        for d in dates
    ]
    return compare(network, scenarios, origin, destination, weight=weight, model=model)
