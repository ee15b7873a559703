"""Costs of traversing edges: the travel model, the weights routes minimise, and the sparse
graph compiled once per network and scenario.

Weights: ``km`` (geodesic length), ``hours`` (length / speed by road class and surface,
times the scenario's time factor, plus the scenario's added delay and a delay at each border
crossing) or ``risk`` (exposure: km times the risk weight of contested zones, with length as
a small tie-break). Blocked edges cost infinity.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import shapely
from scipy import sparse

from ._geometry import ragged_index
from .errors import CorridorError
from .network import Network
from .resolution import BLOCKED, Resolution, edge_index

__all__ = [
    "WEIGHTS",
    "RISK_TIEBREAK",
    "TravelModel",
    "DEFAULT_MODEL",
    "RoutingArrays",
    "ArcStructure",
    "arc_structure",
    "Compiled",
    "routing_arrays",
    "edge_hours",
    "edge_cost",
    "compile_costs",
    "check_weight",
    "check_model",
]

WEIGHTS = ("hours", "km", "risk")
RISK_TIEBREAK = 1e-3  # km of length count this much against one unit of risk-weighted km


def _pairs(value: Any, what: str) -> tuple[tuple[str, float], ...]:
    """A mapping (or (key, number) pairs) of names to non-negative finite numbers."""
    try:
        pairs = dict(value.items() if isinstance(value, Mapping) else value)
    except (TypeError, ValueError):
        raise CorridorError(
            f"TravelModel: {what} must be a mapping of names to numbers, e.g. "
            f"{{'highway': 80.0}}, got {value!r}"
        ) from None
    out = {}
    for key, number in pairs.items():
        if (
            not isinstance(key, str)
            or isinstance(number, bool)
            or not isinstance(number, (int, float, np.number))
            or not math.isfinite(number)
        ):
            raise CorridorError(
                f"TravelModel: {what}[{key!r}] must be a finite number, got {number!r}"
            )
        out[key] = float(number)
    return tuple(sorted(out.items()))


@dataclass(frozen=True)
class TravelModel:
    """Travel-time assumptions (all configurable).

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

    def __post_init__(self) -> None:
        object.__setattr__(self, "speed_kmh", _pairs(self.speed_kmh, "speed_kmh"))
        object.__setattr__(
            self, "crossing_delay_h", _pairs(self.crossing_delay_h, "crossing_delay_h")
        )
        dirt = self.dirt_speed_kmh
        if isinstance(dirt, bool) or not isinstance(dirt, (int, float, np.number)):
            raise CorridorError(f"TravelModel: dirt_speed_kmh must be a number, got {dirt!r}")
        object.__setattr__(self, "dirt_speed_kmh", float(dirt))
        bad = [f"{k} {v:g}" for k, v in self.speed_kmh if not v > 0] + (
            [f"dirt_speed_kmh {self.dirt_speed_kmh:g}"]
            if not (0 < self.dirt_speed_kmh < math.inf)
            else []
        )
        if bad:
            raise CorridorError(
                f"TravelModel: speeds must be positive km/h; check {', '.join(bad)}"
            )
        if any(v < 0 for _, v in self.crossing_delay_h):
            raise CorridorError("TravelModel: crossing delays must be hours >= 0")

    def speed(self, road_class: str, surface: str) -> float:
        """Speed in km/h on a road of ``road_class`` and ``surface``."""
        v = dict(self.speed_kmh).get(road_class, 50.0)
        return min(v, self.dirt_speed_kmh) if surface == "dirt" else v


DEFAULT_MODEL = TravelModel()


def check_weight(weight: str) -> str:
    if weight not in WEIGHTS:
        raise CorridorError(f"unknown weight {weight!r}; use one of: {', '.join(WEIGHTS)}")
    return weight


def check_model(model: TravelModel | None) -> TravelModel:
    """``model``, or the default travel model when None; anything else is refused."""
    if model is None:
        return DEFAULT_MODEL
    if not isinstance(model, TravelModel):
        raise CorridorError(
            f"model must be a corridor.TravelModel (or None for the default), got {model!r}"
        )
    return model


# --------------------------------------------------------------------------- per network


@dataclass(frozen=True, eq=False)
class RoutingArrays:
    """Per-network, per-model arrays in edge order (as :class:`corridor.resolution.EdgeIndex`)."""

    nodes: np.ndarray  # node ids by index
    node_pos: Mapping[str, int]
    u: np.ndarray  # edge end indices
    v: np.ndarray
    km: np.ndarray
    hours: np.ndarray  # base hours incl. half the crossing delay at each crossing end
    geoms: np.ndarray
    coords: np.ndarray  # (m, 2) every edge's vertices, edge after edge
    coord_ptr: np.ndarray  # edge i's vertices are coords[coord_ptr[i]:coord_ptr[i + 1]]
    start_is_u: np.ndarray  # whether the edge geometry starts at u
    country: np.ndarray
    kind: Mapping[str, str]  # node id -> kind
    is_crossing: np.ndarray  # per node index: a border crossing
    edge_key: np.ndarray  # per edge: its key in the MultiGraph


def _build_arrays(network: Network, model: TravelModel) -> RoutingArrays:
    index = edge_index(network)
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
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    coord_ptr = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=len(geoms)))])
    start_xy = shapely.get_coordinates(shapely.get_point(geoms, 0))
    # the geometry starts at u when its first vertex is nearer u than v (exact or not)
    start_is_u = np.hypot(*(start_xy - node_xy[u]).T) <= np.hypot(*(start_xy - node_xy[v]).T)
    arrays = RoutingArrays(
        nodes=nodes,
        node_pos=MappingProxyType(pos),
        u=u,
        v=v,
        km=km,
        hours=hours,
        geoms=geoms,
        coords=coords,
        coord_ptr=coord_ptr,
        start_is_u=start_is_u,
        country=np.array([d["country"] for d in data], dtype=object),
        kind=MappingProxyType(dict(graph.nodes(data="kind"))),
        is_crossing=np.array([graph.nodes[n]["kind"] == "crossing" for n in nodes], dtype=bool),
        edge_key=np.array([k for *_, k in index.edges], dtype=np.int64),
    )
    for a in (
        nodes,
        u,
        v,
        hours,
        geoms,
        coords,
        coord_ptr,
        start_is_u,
        arrays.country,
        arrays.is_crossing,
        arrays.edge_key,
    ):
        a.setflags(write=False)
    return arrays


def routing_arrays(network: Network, model: TravelModel = DEFAULT_MODEL) -> RoutingArrays:
    """The network's :class:`RoutingArrays` under ``model`` (built once per network state)."""
    return network.cache.get_or_build(("routing", model), lambda: _build_arrays(network, model))


# --------------------------------------------------------------------------- per scenario


def edge_hours(arr: RoutingArrays, res: Resolution, edges: np.ndarray | None = None) -> np.ndarray:
    """Hours to traverse each edge (or the ``edges`` given, by index) under the scenario:
    factor and added delay applied; blocked edges at their base time, for reporting only."""
    sel = slice(None) if edges is None else edges
    factor = res.factor[sel]
    factor = np.where(np.isfinite(factor), factor, 1.0)
    return arr.hours[sel] * factor + res.delay_h[sel]


def edge_cost(arr: RoutingArrays, res: Resolution, weight: str) -> np.ndarray:
    """Cost of each edge in ``weight`` units; infinite where blocked."""
    if weight == "km":
        cost = arr.km.copy()
    elif weight == "hours":
        cost = edge_hours(arr, res)
    elif weight == "risk":
        cost = arr.km * res.risk + RISK_TIEBREAK * arr.km
    else:
        check_weight(weight)
    cost = np.array(cost, dtype=float)
    cost[res.state == BLOCKED] = np.inf
    return cost


@dataclass(frozen=True, eq=False)
class ArcStructure:
    """The network's edges as directed arcs (both directions), grouped by (source, target)
    pair, in CSR order: built once per network, so that a scenario only refills weights.

    ``pair_key`` (source * n_nodes + target, sorted) locates a pair; ``pair_start`` is where its
    arcs begin in ``arc_edge``; ``indptr``/``indices`` are the CSR structure of the pairs.
    """

    n: int
    template: sparse.csr_matrix  # the structure with unit weights (never handed out)
    indptr: np.ndarray
    indices: np.ndarray
    pair_key: np.ndarray
    pair_start: np.ndarray
    arc_edge: np.ndarray
    multi_pair: np.ndarray  # pairs with parallel arcs ...
    multi_arc: np.ndarray  # ... their arcs, grouped by pair ...
    multi_start: np.ndarray  # ... and where each group starts in multi_arc

    def pairs_of(self, path: np.ndarray) -> np.ndarray:
        """Pair index of each step of a node path."""
        keys = path[:-1].astype(np.int64) * self.n + path[1:]
        return np.searchsorted(self.pair_key, keys)


def _build_structure(arr: RoutingArrays) -> ArcStructure:
    e = np.flatnonzero(arr.u != arr.v)  # self-loops never lie on a shortest path
    src = np.concatenate([arr.u[e], arr.v[e]])
    dst = np.concatenate([arr.v[e], arr.u[e]])
    eid = np.concatenate([e, e])
    order = np.lexsort((eid, dst, src))
    src, dst, eid = src[order], dst[order], eid[order]
    n = len(arr.nodes)
    key = src * n + dst
    first = np.concatenate([[True], key[1:] != key[:-1]]) if len(key) else np.zeros(0, bool)
    pair_start = np.flatnonzero(first)
    pair_src, pair_dst = src[pair_start], dst[pair_start]
    indptr = np.searchsorted(pair_src, np.arange(n + 1)).astype(np.int32)
    size = np.diff(np.append(pair_start, len(eid)))
    multi_pair = np.flatnonzero(size > 1)
    owner, offset = ragged_index(size[multi_pair])
    multi_arc = pair_start[multi_pair][owner] + offset
    multi_start = np.concatenate([[0], np.cumsum(size[multi_pair])[:-1]]).astype(np.int64)
    arrays = (
        indptr,
        pair_dst.astype(np.int32),
        key[pair_start],
        pair_start,
        eid,
        multi_pair,
        multi_arc,
        multi_start[: len(multi_pair)],
    )
    for x in arrays:
        x.setflags(write=False)
    template = sparse.csr_matrix(
        (np.ones(len(pair_start)), arrays[1], arrays[0]), shape=(n, n), copy=False
    )
    return ArcStructure(n, template, *arrays)


def arc_structure(network: Network, arr: RoutingArrays) -> ArcStructure:
    """The network's :class:`ArcStructure` (built once per network state)."""
    return network.cache.get_or_build("arc_structure", lambda: _build_structure(arr))


@dataclass(frozen=True, eq=False)
class Compiled:
    """The passable graph of one scenario: the network's arc structure with this scenario's
    weights (the cheapest of parallel edges; blocked edges infinite), and the edge behind each
    (source, target) pair."""

    csr: sparse.csr_matrix
    pair_edge: np.ndarray  # per pair: the index of its cheapest edge
    structure: ArcStructure

    def edges_along(self, path: list[int] | np.ndarray) -> np.ndarray:
        """The edge indices along a node path (node indices)."""
        return self.pair_edge[self.structure.pairs_of(np.asarray(path, dtype=np.int64))]

    @property
    def nbytes(self) -> int:
        return int(self.csr.data.nbytes + self.pair_edge.nbytes)


def compile_costs(structure: ArcStructure, cost: np.ndarray) -> Compiled:
    """Fill the arc structure with edge costs: per pair the cheapest of its edges (blocked
    edges cost infinity and are never taken)."""
    first_edge = structure.arc_edge[structure.pair_start]
    pair_cost = cost[first_edge]
    pair_edge = first_edge
    if len(structure.multi_pair):  # parallel edges: the cheapest (lowest edge index on ties)
        arcs = structure.multi_arc
        sub = cost[structure.arc_edge[arcs]]
        low = np.minimum.reduceat(sub, structure.multi_start)
        group = np.repeat(np.arange(len(low)), np.diff(np.append(structure.multi_start, len(sub))))
        best = np.flatnonzero(sub == low[group])
        best = best[np.searchsorted(best, structure.multi_start)]
        pair_cost = pair_cost.copy()
        pair_edge = first_edge.copy()
        pair_cost[structure.multi_pair] = low
        pair_edge[structure.multi_pair] = structure.arc_edge[arcs[best]]
    # zero-cost edges would vanish from a sparse matrix: give them a tiny cost
    # a shallow copy of the structure's matrix with this scenario's weights: no re-validation
    csr = copy.copy(structure.template)
    csr.data = np.maximum(pair_cost, 1e-12)
    return Compiled(csr=csr, pair_edge=pair_edge, structure=structure)
