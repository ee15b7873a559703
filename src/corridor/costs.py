"""Costs of traversing edges: the travel model, the weights routes minimise, and the sparse
graph compiled once per network and scenario.

Weights: ``km`` (geodesic length), ``hours`` (length / speed by road class and surface,
times the scenario's time factor, plus the scenario's added delay and a delay at each border
crossing) or ``risk`` (exposure: km times the risk weight of contested zones, with length as
a small tie-break). Blocked edges cost infinity.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import shapely
from scipy import sparse

from .errors import CorridorError
from .network import Network
from .resolve import BLOCKED, Resolution, edge_index

__all__ = [
    "WEIGHTS",
    "RISK_TIEBREAK",
    "TravelModel",
    "DEFAULT_MODEL",
    "RoutingArrays",
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
        bad = [k for k, v in self.speed_kmh if not v > 0] + (
            ["dirt_speed_kmh"] if not (0 < self.dirt_speed_kmh < math.inf) else []
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
    """Per-network, per-model arrays in edge order (as :class:`corridor.resolve.EdgeIndex`)."""

    nodes: np.ndarray  # node ids by index
    node_pos: Mapping[str, int]
    u: np.ndarray  # edge end indices
    v: np.ndarray
    km: np.ndarray
    hours: np.ndarray  # base hours incl. half the crossing delay at each crossing end
    geoms: np.ndarray
    start_is_u: np.ndarray  # whether the edge geometry starts at u
    country: np.ndarray
    kind: Mapping[str, str]  # node id -> kind


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
        start_is_u=start_is_u,
        country=np.array([d["country"] for d in data], dtype=object),
        kind=MappingProxyType(dict(graph.nodes(data="kind"))),
    )
    for a in (nodes, u, v, hours, geoms, start_is_u, arrays.country):
        a.setflags(write=False)
    return arrays


def routing_arrays(network: Network, model: TravelModel = DEFAULT_MODEL) -> RoutingArrays:
    """The network's :class:`RoutingArrays` under ``model`` (built once per network state)."""
    return network.cache.get_or_build(("routing", model), lambda: _build_arrays(network, model))


# --------------------------------------------------------------------------- per scenario


def edge_hours(arr: RoutingArrays, res: Resolution) -> np.ndarray:
    """Hours to traverse each edge under the scenario (factor and added delay applied;
    blocked edges at their base time, for reporting only)."""
    factor = np.where(np.isfinite(res.factor), res.factor, 1.0)
    return arr.hours * factor + res.delay_h


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
class Compiled:
    """The passable edges as a sparse directed graph (both directions), the cheapest of
    parallel edges kept, with the edge index behind each (source, target) pair."""

    csr: sparse.csr_matrix
    pair_edge: Mapping[tuple[int, int], int]  # (i, j) -> edge index of the cheapest edge


def compile_costs(arr: RoutingArrays, cost: np.ndarray) -> Compiled:
    """Sparse directed graph of the passable edges, the cheapest of parallel edges kept."""
    e = np.flatnonzero(np.isfinite(cost))
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
    return Compiled(csr=csr, pair_edge=dict(zip(zip(src.tolist(), dst.tolist()), eid.tolist())))
