"""Route analysis: viable routes under a scenario and their cost (comparisons across
scenarios are in :mod:`corridor.comparison`).

Costs per edge come from :mod:`corridor.costs` (``km``, ``hours`` or ``risk``); blocked edges
are impassable. Shortest paths run on the sparse graph compiled once per network and scenario
(scipy); NetworkX stays the model.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from scipy.sparse import csgraph

from ._checks import check_flag
from ._geometry import ragged_index, read_only
from ._schema import STATE_NAMES, ZONE_KIND_PRIORITY
from .alternatives import (
    Alternatives,
    differs,
    edge_mask,
    excursion,
    path_from_predecessors,
    via_candidates,
)
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
from .incidence import edge_index as network_edges
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
        The whole route, origin to destination (EPSG:4326); built when first read.
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
        km held by each actor, each km counted once: where zones overlap, for the zone first
        in :data:`corridor._schema.ZONE_KIND_PRIORITY` (security, deconfliction, presence,
        control, insurgency, air-interdiction; then zone order). Adds up to at most
        ``length_km`` (km outside every zone are not listed).
    km_in_zones : dict
        km inside at least one zone of each actor, overlaps between actors counted for each
        (a road in the al-Tanf deconfliction zone inside government-held desert counts for
        both); can add up to more than ``length_km``.
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
    length_km: float
    hours: float
    crossings: list
    crossing_names: list
    countries: list
    km_by_actor: dict
    km_in_zones: dict
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
    node_index: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), repr=False)
    arrays: Any = field(default=None, repr=False)  # the RoutingArrays the indices refer to

    @cached_property
    def geometry(self) -> shapely.LineString:
        """The whole route, origin to destination (EPSG:4326); built when first read."""
        if self.arrays is None or not len(self.edge_index):
            return shapely.LineString()
        return _route_geometry(self.arrays, self.edge_index, self.node_index)

    @property
    def cost_usd_per_t(self) -> float:
        """Cost per tonne, USD, under the default freight model (see the class docstring)."""
        if self.network is None:
            return float("nan")
        self.check_current()
        arr = routing_arrays(self.network, self.model or DEFAULT_MODEL)
        res = resolve(self.network, self.scenario)
        fr = freight_figures(arr, res, self.edge_index, self.crossings, DEFAULT_FREIGHT)
        return fr.cost_usd_per_t

    @property
    def via(self) -> str:
        """The crossings as text, e.g. "Khosravi–Mundhiriya → Albukamal dirt bypass (north) →
        al-Qaa–Jousieh"."""
        return " → ".join(self.crossing_names) if self.crossing_names else "(no border crossing)"

    def check_current(self) -> None:
        """Refuse (:class:`corridor.CorridorError`) a route whose edge numbers no longer refer
        to its roads: the network's edges were added or removed since it was found. (Figures
        read later, such as ``cost_usd_per_t``, follow the network's attributes as they are.)"""
        if self.network is None or self.arrays is None:
            return
        if routing_arrays(self.network, self.model or DEFAULT_MODEL) is self.arrays:
            return  # nothing changed since
        edges = network_edges(self.network).edges
        steps = self.edge_index.tolist()
        same = len(steps) == len(self.edges) and all(
            i < len(edges) and _unordered(edges[i]) == _unordered(e)
            for i, e in zip(steps, self.edges)
        )
        if not same:
            raise CorridorError(
                f"this route ({self.via}) was found before the roads of network "
                f"{self.network.name!r} changed; find it again with corridor.viable_routes"
            )

    def to_gdf(self) -> gpd.GeoDataFrame:
        """The route's edges in travel order, with their state under the scenario (EPSG:4326)."""
        self.check_current()
        res = resolve(self.network, self.scenario)
        arr = (
            self.arrays if self.arrays is not None else routing_arrays(self.network, DEFAULT_MODEL)
        )
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
        try:
            summary = self.summary()
        except CorridorError as exc:  # the network changed since: say so rather than fail
            return f"<div>{html.escape(repr(self))}<br><i>{html.escape(str(exc))}</i></div>"
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
            for k, v in summary.items()
        )

        def by_actor(km: dict) -> str:
            return html.escape(
                ", ".join(f"{a} {v:,.0f} km" for a, v in sorted(km.items(), key=lambda x: -x[1]))
            )

        return (
            f"<div><b>Route</b> under <i>{html.escape(self.scenario.name)}</i> "
            f"({self.scenario.date.isoformat()})<table>{rows}"
            "<tr><th style='text-align:left'>km by actor (each km once)</th>"
            f"<td>{by_actor(self.km_by_actor)}</td></tr>"
            "<tr><th style='text-align:left'>km in zones (overlaps counted for each actor)</th>"
            f"<td>{by_actor(self.km_in_zones)}</td></tr></table></div>"
        )


def _unordered(edge: tuple) -> tuple:
    """An undirected edge (u, v, key) whichever way it is walked."""
    u, v, k = edge
    return (*sorted((str(u), str(v))), k)


def _route_edges(q: QueryState, path: list[int]) -> np.ndarray:
    return q.compiled.edges_along(path)


def _route_geometry(arr: RoutingArrays, edges_idx: np.ndarray, path: np.ndarray):
    """The route's line, each edge's vertices oriented along travel (array indexing only)."""
    forward = arr.start_is_u[edges_idx] == (arr.u[edges_idx] == path[:-1])
    start, stop = arr.coord_ptr[edges_idx], arr.coord_ptr[edges_idx + 1]
    counts = stop - start
    owner, pos = ragged_index(counts)
    take = np.where(forward[owner], start[owner] + pos, stop[owner] - 1 - pos)
    keep = (pos > 0) | (owner == 0)  # drop each edge's first vertex but the first edge's
    coords = arr.coords[take[keep]]
    return shapely.LineString(coords) if len(coords) >= 2 else shapely.LineString()


def _km_by_actor(names: list, actor: np.ndarray, pe: np.ndarray, km):
    """km by actor of the (edge ``pe``, actor code) pairs; bincount adds in pair order."""
    total = np.bincount(actor, weights=km[pe], minlength=len(names))
    seen = np.zeros(len(names), dtype=bool)
    seen[actor] = True
    return dict(sorted((names[i], float(total[i])) for i in np.flatnonzero(seen).tolist()))


def _zone_codes(network: Network, res: Resolution) -> tuple[list, np.ndarray, np.ndarray]:
    """(actor names in zone order, actor code per zone, ZONE_KIND_PRIORITY rank per zone);
    built once per network for the zones as held in the data."""

    def build() -> tuple[list, np.ndarray, np.ndarray]:
        names = list(dict.fromkeys(res.zone_actor.tolist()))
        code = {a: i for i, a in enumerate(names)}
        zone_code = np.array([code[a] for a in res.zone_actor.tolist()], dtype=np.int64)
        rank = {k: i for i, k in enumerate(ZONE_KIND_PRIORITY)}
        zone_rank = np.array([rank.get(k, len(rank)) for k in res.zone_kind.tolist()], np.int64)
        return names, zone_code, zone_rank

    if res.zone_actor is res.index.zone_actor and res.zone_kind is res.index.zone_kind:
        return network.cache.get_or_build("zone codes", build)
    return build()


@dataclass(frozen=True, eq=False)
class _ZoneKm:
    """Per edge, for one set of zones in force: the actor code of the zone first by
    ZONE_KIND_PRIORITY (-1 outside every zone), and the distinct actor codes of its zones
    (edge i's are ``codes[ptr[i]:ptr[i + 1]]``)."""

    first: np.ndarray
    ptr: np.ndarray
    codes: np.ndarray

    @property
    def nbytes(self) -> int:
        return int(self.first.nbytes + self.ptr.nbytes + self.codes.nbytes)


_ZONE_KM_TABLES = 8  # per network: zone tables kept for the most recent sets of zones in force


def _zone_km(zone_code, zone_rank, n_actors: int, pe, pz, n_edges: int) -> _ZoneKm:
    """:class:`_ZoneKm` of the edge-zone pairs (``pe`` ascending, zones in force only)."""
    # each edge once per actor, however many of the actor's zones it lies in
    _, once = np.unique(pe * n_actors + zone_code[pz], return_index=True)
    once.sort()
    ptr = np.searchsorted(pe[once], np.arange(n_edges + 1))
    order = np.lexsort((pz, zone_rank[pz], pe))  # by edge, then priority, then zone order
    edges, at = np.unique(pe[order], return_index=True)
    first = np.full(n_edges, -1, dtype=np.int64)
    first[edges] = zone_code[pz[order[at]]]
    return _ZoneKm(read_only(first), read_only(ptr), read_only(zone_code[pz[once]]))


def _km_by_zone(network: Network, res: Resolution, arr: RoutingArrays, edges_idx: np.ndarray):
    """km by actor counted once (each edge for the zone first by ZONE_KIND_PRIORITY), km by
    actor in every zone (overlaps counted for each), and km by the worst stance toward the
    zones (the stance whose effect is most severe, by the rule table). Sums run over the
    route's edges in ascending edge order."""
    names, zone_code, zone_rank = _zone_codes(network, res)
    n_edges = len(arr.km)
    if res.pair_edge is res.index.pair_edge and res.zone_actor is res.index.zone_actor:
        # the zones as held in the data: one table per set of zones in force, the most
        # recently used few kept (a set changes with the zones' dates, rarely)
        tables: OrderedDict[bytes, _ZoneKm] = network.cache.get_or_build(
            "zone km tables", OrderedDict
        )
        key = res.active_zones.tobytes()
        zkm = tables.get(key)
        if zkm is None:
            live = res.active_zones[res.pair_zone]
            pe, pz = res.pair_edge[live], res.pair_zone[live]
            zkm = tables[key] = _zone_km(zone_code, zone_rank, len(names), pe, pz, n_edges)
            while len(tables) > _ZONE_KM_TABLES:
                tables.popitem(last=False)
        tables.move_to_end(key)
    else:  # transferred or drawn zones: the route's own pairs
        sel = res.pairs_on(edges_idx)
        sel = sel[res.active_zones[res.pair_zone[sel]]]
        order = np.argsort(res.pair_edge[sel], kind="stable")
        pe, pz = res.pair_edge[sel][order], res.pair_zone[sel][order]
        zkm = _zone_km(zone_code, zone_rank, len(names), pe, pz, n_edges)
    edges = np.sort(edges_idx)
    first = zkm.first[edges]
    held = first >= 0
    km_by_actor = _km_by_actor(names, first[held], edges[held], arr.km)
    start = zkm.ptr[edges]
    owner, offset = ragged_index(zkm.ptr[edges + 1] - start)
    in_zones = _km_by_actor(names, zkm.codes[start[owner] + offset], edges[owner], arr.km)
    route_worst = res.zone_worst[edges_idx]
    by_state = np.bincount(route_worst, weights=arr.km[edges_idx], minlength=3)
    stance_of = {effect.state: stance for stance, effect in network.control.effects.items()}
    km_by_stance = {
        stance_of[s]: float(by_state[s]) for s in np.unique(route_worst).tolist() if s in stance_of
    }
    return km_by_actor, in_zones, dict(sorted(km_by_stance.items()))


def _route_events(res: Resolution, edges_idx: np.ndarray) -> list[str]:
    """Ids of the counting events near the route's edges (ids start with the date: the most
    recent first)."""
    ev = res.events
    if not len(ev.counting):
        return []
    in_route = edge_mask(len(res.index.edges), edges_idx)
    near = ev.counting[in_route[ev.pairs.edge[ev.counting]]]
    return sorted(ev.ids[np.unique(ev.pairs.event[near])].tolist(), reverse=True)


def make_route(
    network: Network,
    q: QueryState,
    path: list[int],
    weight: str,
    names,
    edges_idx: np.ndarray | None = None,
) -> Route:
    """A :class:`Route` along ``path`` (node indices) of a query (``edges_idx``: its edges,
    when already looked up)."""
    res, arr = q.res, q.arr
    if edges_idx is None:
        edges_idx = _route_edges(q, path)
    edges_idx.setflags(write=False)  # the Route's line is built from these when first read
    km = arr.km[edges_idx]
    steps = read_only(np.asarray(path, dtype=np.int64))
    node_ids = arr.nodes[steps].tolist()
    edges = list(zip(node_ids[:-1], node_ids[1:], arr.edge_key[edges_idx].tolist()))
    crossings = arr.nodes[steps[arr.is_crossing[steps]]].tolist()
    country = arr.country[edges_idx]
    changes = np.ones(len(country), dtype=bool)
    changes[1:] = country[1:] != country[:-1]
    countries = country[changes].tolist()
    km_by_actor, km_in_zones, km_by_stance = _km_by_zone(network, res, arr, edges_idx)
    cost = float(q.cost[edges_idx].sum())
    driving, border = route_hours(arr, res, edges_idx, q.cost if weight == "hours" else None)
    rest = arr.model.rest_h(driving)
    return Route(
        nodes=node_ids,
        edges=edges,
        edge_ids=res.index.edge_ids[edges_idx].tolist(),
        length_km=float(km.sum()),
        hours=driving + border,
        crossings=crossings,
        crossing_names=[network.graph.nodes[c]["name"] for c in crossings],
        countries=countries,
        km_by_actor=km_by_actor,
        km_in_zones=km_in_zones,
        km_by_stance=km_by_stance,
        contested_km=km_by_stance.get("contested", 0.0),
        risk=float((km * res.risk[edges_idx]).sum()),
        scenario=res.scenario,
        weight=weight,
        cost=cost,
        origin_name=names[0],
        destination_name=names[1],
        event_exposure=float((km * res.event_risk[edges_idx]).sum()),
        events=_route_events(res, edges_idx),
        driving_h=driving,
        border_h=border,
        rest_h=rest,
        transit_days=(driving + border + rest) / 24.0,
        edge_index=edges_idx,
        network=network,
        model=arr.model,
        node_index=steps,
        arrays=arr,
    )


# --------------------------------------------------------------------------- queries


def check_query(network: Network, origin: str, destination: str, k: int, weight: str):
    """Node ids of origin and destination, after checking ``network``, ``k`` and ``weight``."""
    if not isinstance(network, Network):
        raise CorridorError(
            f"network must be a corridor.Network (from corridor.load()), got {network!r:.60}"
        )
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
    reentry: bool = False,
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
    reentry : bool
        Allow routes that leave a country and come back into it (Tehran–Damascus through
        Lebanon and back into Syria). Default False: such routes are left out, and when the
        best path makes such an excursion the search runs again without the countries it
        passed through on the way (the origin's and destination's kept).

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
    if (
        isinstance(max_shared, bool)
        or not isinstance(max_shared, (int, float, np.number))
        or not 0 <= max_shared <= 1
    ):
        raise CorridorError(f"max_shared must be a share between 0 and 1, got {max_shared!r}")
    reentry = check_flag(reentry, "reentry")
    scenario = as_scenario(scenario)
    q = query_state(network, scenario, weight, check_model(model))
    oi, di = q.arr.node_pos[o], q.arr.node_pos[d]
    sources = oi if k == 1 else [oi, di]  # one search from the origin is enough for k=1
    found = _search(q, sources, oi, di)
    best_edges = None
    if found is not None and not reentry:
        best_edges = q.compiled.edges_along(found[2])
        if excursion(q.arr, best_edges):
            found = _search_without_reentry(q, sources, oi, di, found[2])
            best_edges = None
    if found is None:
        return []
    dist, pred, best, q = found
    names = (network.graph.nodes[o]["name"], network.graph.nodes[d]["name"])
    routes = [make_route(network, q, best, weight, names, best_edges)]
    if k > 1:
        _add_alternatives(
            network, q, routes, dist, pred, best, k, weight, names, max_shared, reentry
        )
    return routes


def _search(q: QueryState, sources, oi: int, di: int):
    """(dist, pred, best path, q) of the searches from ``sources``, None without a path."""
    dist, pred = csgraph.dijkstra(
        q.compiled.csr, directed=True, indices=sources, return_predecessors=True
    )
    dist, pred = np.atleast_2d(dist), np.atleast_2d(pred)
    if not np.isfinite(dist[0, di]):
        return None
    best = path_from_predecessors(pred[0], oi, di)
    assert best is not None
    return dist, pred, best, q


def _search_without_reentry(q: QueryState, sources, oi: int, di: int, best, rounds: int = 4):
    """The search again with the countries of the best path's excursions made impassable
    (a few rounds), or None when no path without re-entry is found."""
    from dataclasses import replace

    banned: set = set()
    found = None
    for _ in range(rounds):
        more = excursion(q.arr, q.compiled.edges_along(best))
        if more is None:  # re-enters only through its end countries: nothing to take away
            return None
        if not more:
            return found
        banned |= more
        cost = q.cost.copy()
        cost[np.isin(q.arr.country, sorted(banned))] = np.inf
        cost.setflags(write=False)
        q = replace(q, cost=cost, compiled=compile_costs(q.compiled.structure, cost))
        found = _search(q, sources, oi, di)
        if found is None:
            return None
        best = found[2]
    return found if excursion(q.arr, q.compiled.edges_along(best)) == set() else None


def _add_alternatives(network, q, routes, dist, pred, best, k, weight, names, max_shared, reentry):
    """Append up to ``k - 1`` alternatives to ``routes`` (via-node paths, best first)."""
    arr = q.arr
    seen_paths = {tuple(best)}
    alt = Alternatives(q, pred, best)
    cands = via_candidates(dist, pred)
    cands = cands[~alt.sharing_too_much(cands, max_shared)]
    steps = np.asarray(best, dtype=np.int64)
    accepted = [alt.footprint(routes[0].edge_index, steps[arr.is_crossing[steps]].tolist())]
    for c, one_detour, lo, hi in zip(cands.tolist(), *alt.branches(cands)):
        if len(routes) >= k:
            break
        # most candidates repeat an accepted route: rejected on their detour alone
        if one_detour and alt.surely_rejected(c, lo, hi, accepted, max_shared):
            continue
        path = alt.path(c)
        if len(set(path)) != len(path) or tuple(path) in seen_paths:
            continue
        seen_paths.add(tuple(path))
        # cheap checks on index arrays first; build a Route only for an accepted candidate
        edges_idx = _route_edges(q, path)
        if not reentry and excursion(arr, edges_idx) != set():
            continue
        steps = np.asarray(path, dtype=np.int64)
        crossings = arr.nodes[steps[arr.is_crossing[steps]]].tolist()
        km = float(arr.km[edges_idx].sum())
        if all(
            differs(crossings, edges_idx, km, r.crossings, f.used, arr, max_shared)
            for r, f in zip(routes, accepted)
        ):
            routes.append(make_route(network, q, path, weight, names, edges_idx))
            accepted.append(alt.footprint(edges_idx, steps[arr.is_crossing[steps]].tolist()))


def best_route(
    network: Network,
    scenario: ScenarioLike,
    origin: str,
    destination: str,
    *,
    weight: str = "hours",
    model: TravelModel | None = None,
    reentry: bool = False,
) -> Route | None:
    """The best route, or None when there is none (see :func:`viable_routes`)."""
    routes = viable_routes(
        network, scenario, origin, destination, k=1, weight=weight, model=model, reentry=reentry
    )
    return routes[0] if routes else None
