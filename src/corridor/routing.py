"""Route analysis: viable routes under a scenario, their cost, and comparisons across scenarios.

Costs are per edge: ``km`` (geodesic length), ``hours`` (length / speed by road class and
surface, times the scenario's time factor, plus a delay at each border crossing) or ``risk``
(exposure: km times the risk weight of contested zones, with length as a small tie-break).
Blocked edges are impassable. Shortest paths run on a compiled sparse graph (scipy) built
once per network and scenario; NetworkX stays the model.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import sparse
from scipy.sparse import csgraph

from .control import parse_date
from .errors import CorridorError
from .resolve import BLOCKED, STATE_NAMES, EdgeIndex, Resolution, resolve
from .scenario import Scenario

__all__ = ["TravelModel", "Route", "viable_routes", "best_route", "compare", "timeline", "WEIGHTS"]

WEIGHTS = ("hours", "km", "risk")
RISK_TIEBREAK = 1e-3  # km of length count this much against one unit of risk-weighted km


@dataclass(frozen=True)
class TravelModel:
    """Travel-time assumptions for a heavy-truck convoy (all configurable).

    Parameters
    ----------
    speed_kmh : dict or tuple of (class, km/h)
        Cruising speed by road class, km/h (a class not listed: 50 km/h).
    dirt_speed_kmh : float
        Speed cap on dirt surfaces, km/h, whatever the class.
    crossing_delay_h : dict or tuple of (kind, hours)
        Hours lost at a border crossing, by crossing kind ("official", "informal"). An
        informal crossing over the border embankments is slower than an open official post:
        seed 000 says opening the official al-Qaim crossing "will allow the Islamic Republic
        to make far more efficient its “land bridge”".
    """

    speed_kmh: tuple[tuple[str, float], ...] = (
        ("motorway", 90.0),
        ("highway", 80.0),
        ("primary", 65.0),
        ("secondary", 50.0),
        ("track", 25.0),
    )
    dirt_speed_kmh: float = 30.0
    crossing_delay_h: tuple[tuple[str, float], ...] = (("official", 1.0), ("informal", 2.0))

    def __post_init__(self):
        for name in ("speed_kmh", "crossing_delay_h"):
            value = getattr(self, name)
            pairs = dict(value.items() if isinstance(value, dict) else value)
            object.__setattr__(self, name, tuple(sorted(pairs.items())))
        bad = [k for k, v in self.speed_kmh if not v > 0] + (
            ["dirt"] if not self.dirt_speed_kmh > 0 else []
        )
        if bad:
            raise CorridorError(
                f"TravelModel: speeds must be positive km/h; check {', '.join(bad)}"
            )
        if any(v < 0 for _, v in self.crossing_delay_h):
            raise CorridorError("TravelModel: crossing delays must be hours >= 0")

    def speed(self, road_class: str, surface: str) -> float:
        v = dict(self.speed_kmh).get(road_class, 50.0)
        return min(v, self.dirt_speed_kmh) if surface == "dirt" else v


DEFAULT_MODEL = TravelModel()


# --------------------------------------------------------------------------- per network


@dataclass(frozen=True, eq=False)
class _RoutingArrays:
    nodes: np.ndarray  # node ids by index
    node_pos: dict
    u: np.ndarray  # edge end indices (graph order, as EdgeIndex)
    v: np.ndarray
    km: np.ndarray
    hours: np.ndarray  # base hours incl. half the crossing delay at each crossing end
    geoms: np.ndarray
    start_is_u: np.ndarray  # whether the edge geometry starts at u
    country: np.ndarray
    kind: dict


def _arrays(network, model: TravelModel) -> _RoutingArrays:
    key = ("routing", model)
    hit = network._cache.get(key)
    if hit is not None:
        return hit
    index = EdgeIndex.of(network)
    graph = network.graph
    nodes = np.array(list(graph.nodes), dtype=object)
    pos = {n: i for i, n in enumerate(nodes)}
    data = [graph.edges[e] for e in index.edges]
    u = np.array([pos[a] for a, _, _ in index.edges], dtype=np.int64)
    v = np.array([pos[b] for _, b, _ in index.edges], dtype=np.int64)
    km = index.length_km
    speed = np.array([model.speed(d["road_class"], d["surface"]) for d in data])
    delays = dict(model.crossing_delay_h)
    node_delay = np.array(
        [
            delays.get(d.get("crossing_kind"), 0.0) if d["kind"] == "crossing" else 0.0
            for _, d in graph.nodes(data=True)
        ]
    )
    hours = km / speed + 0.5 * (node_delay[u] + node_delay[v])
    geoms = np.array([d["geometry"] for d in data], dtype=object)
    node_xy = shapely.get_coordinates([graph.nodes[n]["geometry"] for n in nodes])
    start_xy = shapely.get_coordinates(shapely.get_point(geoms, 0))
    # the geometry starts at u when its first vertex is nearer u than v (exact or not)
    start_is_u = np.hypot(*(start_xy - node_xy[u]).T) <= np.hypot(*(start_xy - node_xy[v]).T)
    arrays = _RoutingArrays(
        nodes=nodes,
        node_pos=pos,
        u=u,
        v=v,
        km=km,
        hours=hours,
        geoms=geoms,
        start_is_u=start_is_u,
        country=np.array([d["country"] for d in data], dtype=object),
        kind=dict(graph.nodes(data="kind")),
    )
    network._cache[key] = arrays
    return arrays


def _edge_cost(arr: _RoutingArrays, res: Resolution, weight: str) -> np.ndarray:
    if weight == "km":
        cost = arr.km.copy()
    elif weight == "hours":
        cost = arr.hours * np.where(np.isfinite(res.factor), res.factor, 1.0)
    elif weight == "risk":
        cost = arr.km * res.risk + RISK_TIEBREAK * arr.km
    else:
        raise CorridorError(f"unknown weight {weight!r}; use one of: {', '.join(WEIGHTS)}")
    cost = np.asarray(cost, dtype=float).copy()
    cost[res.state == BLOCKED] = np.inf
    return cost


@dataclass(frozen=True, eq=False)
class _Compiled:
    csr: sparse.csr_matrix
    pair_edge: dict  # (i, j) -> edge index of the cheapest parallel edge


def _compile(arr: _RoutingArrays, cost: np.ndarray) -> _Compiled:
    """Sparse directed graph of the passable edges, the cheapest of parallel edges kept."""
    ok = np.isfinite(cost)
    e = np.flatnonzero(ok)
    src = np.concatenate([arr.u[e], arr.v[e]])
    dst = np.concatenate([arr.v[e], arr.u[e]])
    w = np.concatenate([cost[e], cost[e]])
    eid = np.concatenate([e, e])
    order = np.lexsort((w, dst, src))
    src, dst, w, eid = src[order], dst[order], w[order], eid[order]
    first = np.ones(len(src), dtype=bool)
    first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
    src, dst, w, eid = src[first], dst[first], w[first], eid[first]
    loop = src == dst
    src, dst, w, eid = src[~loop], dst[~loop], w[~loop], eid[~loop]
    n = len(arr.nodes)
    # zero-cost edges would vanish from a sparse matrix: give them a tiny cost
    csr = sparse.csr_matrix((np.maximum(w, 1e-12), (src, dst)), shape=(n, n))
    return _Compiled(csr=csr, pair_edge=dict(zip(zip(src.tolist(), dst.tolist()), eid.tolist())))


def _query_state(network, scenario: Scenario, weight: str, model: TravelModel):
    res = resolve(network, scenario)
    key = ("compiled", scenario, weight, model)
    cache = network._cache.setdefault("compiled", {})
    hit = cache.get(key)
    arr = _arrays(network, model)
    if hit is None:
        cost = _edge_cost(arr, res, weight)
        hit = (cost, _compile(arr, cost))
        if len(cache) > 256:
            cache.clear()
        cache[key] = hit
    return res, arr, hit[0], hit[1]


def _path(pred: np.ndarray, source: int, target: int) -> list[int] | None:
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
        Travel time under the scenario's factors and the travel model, hours.
    crossings : list of str
        Border crossings used, in order.
    countries : list of str
        ISO3 codes of the countries traversed, in order.
    km_by_actor : dict
        km inside zones held by each actor (a road in two zones counts for both).
    km_by_stance : dict
        km by the worst stance of the mover toward the zones there ("passable" where none).
    contested_km : float
    risk : float
        Exposure score: the sum over edges of km times the zone risk weight.
    scenario : Scenario
    weight : str
        What the route minimises.
    cost : float
        The minimised total.
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
    _edge_index: np.ndarray = field(default=None, repr=False)
    _network: Any = field(default=None, repr=False)

    @property
    def via(self) -> str:
        """The crossings as text, e.g. "Khosravi–Mundhiriya → Albukamal bypass (north) → Masnaa"."""
        return " → ".join(self.crossing_names) if self.crossing_names else "(no border crossing)"

    def to_gdf(self) -> gpd.GeoDataFrame:
        """The route's edges in travel order, with their state under the scenario (EPSG:4326)."""
        res = resolve(self._network, self.scenario)
        arr = _arrays(self._network, DEFAULT_MODEL)
        idx = self._edge_index
        rows = []
        for step, (e, (u, v, k)) in enumerate(zip(idx, self.edges)):
            d = self._network.graph.edges[u, v, k]
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
                    "state": STATE_NAMES[res.state[e]],
                    "factor": float(res.factor[e]),
                    "risk": float(res.risk[e]),
                    "reasons": "; ".join(res.edge_reasons(e)),
                    "geometry": geom,
                }
            )
        return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")

    def summary(self) -> dict[str, Any]:
        return {
            "origin": self.origin_name,
            "destination": self.destination_name,
            "via": self.via,
            "km": round(self.length_km, 1),
            "hours": round(self.hours, 1),
            "contested_km": round(self.contested_km, 1),
            "risk": round(self.risk, 1),
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


def _make_route(network, res, arr, cost, compiled, path, weight, model, names) -> Route:
    edges_idx = np.array(
        [compiled.pair_edge[(a, b)] for a, b in zip(path[:-1], path[1:])], dtype=np.int64
    )
    node_ids = [arr.nodes[i] for i in path]
    edges = [(node_ids[s], node_ids[s + 1], res.index.edges[e][2]) for s, e in enumerate(edges_idx)]
    # geometry, oriented along travel
    coords, owner = shapely.get_coordinates(arr.geoms[edges_idx], return_index=True)
    forward = arr.start_is_u[edges_idx] == (arr.u[edges_idx] == np.asarray(path[:-1]))
    counts = np.bincount(owner, minlength=len(edges_idx))
    starts = np.cumsum(counts) - counts
    pos = np.arange(len(coords)) - starts[owner]
    flip = np.where(forward[owner], starts[owner] + pos, starts[owner] + counts[owner] - 1 - pos)
    coords = coords[flip][(pos > 0) | (owner == 0)]  # drop each edge's first vertex but the first
    geometry = shapely.LineString(coords) if len(coords) >= 2 else shapely.LineString()
    km = float(arr.km[edges_idx].sum())
    factor = np.where(np.isfinite(res.factor[edges_idx]), res.factor[edges_idx], 1.0)
    hours = float((arr.hours[edges_idx] * factor).sum())
    crossings = [n for n in node_ids if arr.kind[n] == "crossing"]
    graph = network.graph
    countries: list[str] = []
    for c in arr.country[edges_idx]:
        if not countries or countries[-1] != c:
            countries.append(c)
    # km by actor and stance
    index = res.index
    in_route = np.zeros(len(index.edges), dtype=bool)
    in_route[edges_idx] = True
    live = res.active_zones[index.pair_zone] & in_route[index.pair_edge]
    km_by_actor: dict[str, float] = {}
    rank = {"passable": 0, "contested": 1, "denied": 2}
    worst = dict.fromkeys(edges_idx.tolist(), "passable")
    for e, z in zip(index.pair_edge[live], index.pair_zone[live]):
        actor = res.zone_actor[z]
        km_by_actor[actor] = km_by_actor.get(actor, 0.0) + float(arr.km[e])
        if rank[res.zone_stance[z]] > rank[worst[e]]:
            worst[e] = res.zone_stance[z]
    km_by_stance: dict[str, float] = {}
    for e, s in worst.items():
        km_by_stance[s] = km_by_stance.get(s, 0.0) + float(arr.km[e])
    return Route(
        nodes=node_ids,
        edges=edges,
        edge_ids=[index.edge_ids[e] for e in edges_idx],
        geometry=geometry,
        length_km=km,
        hours=hours,
        crossings=crossings,
        crossing_names=[graph.nodes[c]["name"] for c in crossings],
        countries=countries,
        km_by_actor=dict(sorted(km_by_actor.items())),
        km_by_stance=dict(sorted(km_by_stance.items())),
        contested_km=km_by_stance.get("contested", 0.0),
        risk=float((arr.km[edges_idx] * res.risk[edges_idx]).sum()),
        scenario=res.scenario,
        weight=weight,
        cost=float(cost[edges_idx].sum()),
        origin_name=names[0],
        destination_name=names[1],
        _edge_index=edges_idx,
        _network=network,
    )


def as_scenario(scenario) -> Scenario:
    """A Scenario, or a built-in scenario name / scenario file path."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, str):
        from .scenario import scenario as by_name

        return by_name(scenario)
    raise CorridorError(
        f"expected a corridor.Scenario or a built-in scenario name, got {scenario!r}"
    )


def _check_query(network, origin: str, destination: str, k: int, weight: str):
    if weight not in WEIGHTS:
        raise CorridorError(f"unknown weight {weight!r}; use one of: {', '.join(WEIGHTS)}")
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
        raise CorridorError(f"k must be a whole number >= 1, got {k!r}")
    o, d = network.node_id(origin), network.node_id(destination)
    if o == d:
        raise CorridorError(
            f"origin and destination are the same place ({network.graph.nodes[o]['name']!r}); "
            "give two different places"
        )
    return o, d


def viable_routes(
    network,
    scenario: Scenario,
    origin: str = "tehran",
    destination: str = "beirut",
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
    scenario : Scenario
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
    o, d = _check_query(network, origin, destination, k, weight)
    scenario = as_scenario(scenario)
    model = model or DEFAULT_MODEL
    res, arr, cost, compiled = _query_state(network, scenario, weight, model)
    oi, di = arr.node_pos[o], arr.node_pos[d]
    sources = oi if k == 1 else [oi, di]  # one search from the origin is enough for k=1
    dist, pred = csgraph.dijkstra(
        compiled.csr, directed=True, indices=sources, return_predecessors=True
    )
    dist, pred = np.atleast_2d(dist), np.atleast_2d(pred)
    if not np.isfinite(dist[0, di]):
        return []
    names = (network.graph.nodes[o]["name"], network.graph.nodes[d]["name"])
    best = _path(pred[0], oi, di)
    routes = [_make_route(network, res, arr, cost, compiled, best, weight, model, names)]
    if k == 1:
        return routes
    via_cost = dist[0] + dist[1]
    order = np.argsort(via_cost, kind="stable")
    seen_paths = {tuple(best)}
    for c in order:
        if len(routes) >= k or not np.isfinite(via_cost[c]):
            break
        head = _path(pred[0], oi, int(c))
        tail = _path(pred[1], di, int(c))
        if head is None or tail is None:
            continue
        path = head + tail[::-1][1:]
        if len(set(path)) != len(path) or tuple(path) in seen_paths:
            continue
        seen_paths.add(tuple(path))
        # cheap checks on index arrays first; build a Route only for an accepted candidate
        edges_idx = np.array(
            [compiled.pair_edge[(a, b)] for a, b in zip(path[:-1], path[1:])], dtype=np.int64
        )
        crossings = [arr.nodes[i] for i in path if arr.kind[arr.nodes[i]] == "crossing"]
        km = float(arr.km[edges_idx].sum())
        if all(_different(crossings, edges_idx, km, r, arr, max_shared) for r in routes):
            routes.append(
                _make_route(network, res, arr, cost, compiled, path, weight, model, names)
            )
    return routes


def _different(
    crossings: list, edges_idx: np.ndarray, km: float, other: Route, arr, max_shared: float
) -> bool:
    """A candidate differs from a better route: other crossings, or at most ``max_shared`` of
    its length shared with it."""
    if crossings != other.crossings:
        return True
    shared = np.intersect1d(edges_idx, other._edge_index)
    return float(arr.km[shared].sum()) <= max_shared * km


def best_route(
    network, scenario: Scenario, origin: str = "tehran", destination: str = "beirut", **kwargs
) -> Route | None:
    """The best route, or None when there is none (same options as :func:`viable_routes`)."""
    routes = viable_routes(network, scenario, origin, destination, k=1, **kwargs)
    return routes[0] if routes else None


# --------------------------------------------------------------------------- comparisons


def compare(
    network,
    scenarios: list[Scenario],
    origin: str = "tehran",
    destination: str = "beirut",
    *,
    weight: str = "hours",
    model: TravelModel | None = None,
) -> pd.DataFrame:
    """One row per scenario: viable, the best route's crossings, km, hours, and the change
    against the first scenario (delta_km, delta_hours; NaN where either has no route)."""
    if isinstance(scenarios, (Scenario, str)):
        scenarios = [scenarios]
    scenarios = [as_scenario(sc) for sc in scenarios]
    if not scenarios:
        raise CorridorError("compare needs at least one scenario")
    rows = []
    for sc in scenarios:
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
    network,
    dates,
    origin: str = "tehran",
    destination: str = "beirut",
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
