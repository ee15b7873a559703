"""Costs of traversing edges: the heavy-truck travel model, the weights routes minimise, and
the sparse graph compiled once per network and scenario.

Weights: ``km`` (geodesic length), ``hours`` (door-to-door hours of a loaded heavy truck,
*excluding* the daily rest: driving time, length / speed by road class and surface times the
scenario's time factor, plus the scenario's added delay and security halts on contested or
event-exposed road, and the dwell at each border crossing) or ``risk`` (exposure: km times the
risk weight of contested zones, with length as a small tie-break). Blocked edges cost
infinity.

Every figure of the default :class:`TravelModel` comes from ``data/freight_defaults.csv`` and
``data/crossing_capacity.csv`` (:mod:`corridor.freight_data`), sourced or labelled
``ASSUMPTION``. The dwell at a crossing depends on the scenario's date; the per-network arrays
hold one added delay per crossing edge and period, looked up per scenario (nothing is rebuilt).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np
import shapely
from scipy import sparse

from ._checks import as_rows
from ._geometry import ragged_index
from ._schema import CROSSING_KINDS, PENALISED, ROAD_CLASSES
from .errors import CorridorError
from .freight_data import (
    CrossingFigures,
    FreightData,
    bundled_freight,
    check_freight_data,
    model_figure,
    model_table,
    tables_from_data,
)
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
    "exposed",
    "border_delay",
    "edge_parts",
    "route_parts",
    "route_hours",
    "edge_hours",
    "edge_cost",
    "edge_cost_of_draws",
    "compile_costs",
    "check_weight",
    "check_model",
]

WEIGHTS = ("hours", "km", "risk")
RISK_TIEBREAK = 1e-3  # km of length count this much against one unit of risk-weighted km


def _table(data: FreightData, key: str) -> tuple[tuple[str, float], ...]:
    return tuple(sorted((a, float(r.value)) for a, r in data.by_key(key).items()))


# the scalar fields of TravelModel: field -> (freight_defaults.csv key, applies_to, positive)
_SCALARS = {
    "dirt_speed_kmh": ("dirt_speed_kmh", "dirt", True),
    "transshipment_h": ("transshipment_h", "truck", False),
    "security_halt_h_per_100km": ("security_halt_h_per_100km", "contested", False),
    "driving_h_per_day": ("driving_h_per_day", "truck", True),
    "rest_h_per_day": ("rest_h_per_day", "truck", False),
}
_TABLES = {"speed_kmh": "speed_kmh", "crossing_delay_h": "dwell_h"}
_TABLE_KEYS = {"speed_kmh": ROAD_CLASSES, "crossing_delay_h": CROSSING_KINDS}
HOURS_PER_DAY = 24.0


def _figures(value: Any, name: str) -> tuple[tuple[str, float], ...]:
    return model_table(value, owner="TravelModel", what=name, keys=_TABLE_KEYS[name])


def _from_data(data: FreightData) -> dict[str, Any]:
    """The TravelModel fields as the freight tables give them."""
    values: dict[str, Any] = {f: _table(data, key) for f, key in _TABLES.items()}
    values |= {f: data.number(key, applies) for f, (key, applies, _) in _SCALARS.items()}
    values["crossing_periods"] = tuple(
        r for r in data.crossings if r.dwell_h is not None or r.transshipment is not None
    )
    return values


@lru_cache(maxsize=1)
def _bundled_values() -> Mapping[str, Any]:
    return MappingProxyType(_from_data(bundled_freight()))


def _default(name: str) -> Any:
    return _bundled_values()[name]


@dataclass(frozen=True)
class TravelModel:
    """Travel-time assumptions of a loaded heavy truck (every figure overridable).

    Each figure defaults to the bundled freight data (``data/freight_defaults.csv``,
    ``data/crossing_capacity.csv``); most are labelled ``ASSUMPTION`` there
    (:meth:`assumptions` lists them). Tables given as mappings are merged over the data's, so
    ``TravelModel(speed_kmh={"motorway": 90})`` changes the motorway speed only;
    :meth:`from_data` reads another folder's tables.

    Parameters
    ----------
    speed_kmh : dict or tuple of (class, km/h)
        Cruising speed of a loaded truck by road class, km/h (every class of
        :data:`corridor._schema.ROAD_CLASSES`, including ``unclassified``).
    dirt_speed_kmh : float
        Speed cap on dirt surfaces, km/h, whatever the class.
    crossing_delay_h : dict or tuple of (kind, hours)
        Dwell at a border crossing by crossing kind ("official", "informal"), hours, where
        ``crossing_periods`` gives none for the crossing and date.
    crossing_periods : tuple of corridor.freight_data.CrossingFigures
        Dwell hours and transshipment per crossing and period (the rows of
        ``crossing_capacity.csv`` that give either); ``()`` ignores them.
    transshipment_h : float
        Hours added at a crossing where cargo is cross-loaded truck to truck on the date.
    security_halt_h_per_100km : float
        Hours of checkpoints and escorts per 100 km of contested or event-exposed road
        (penalised edges, or edges with event risk), counted as driving time.
    driving_h_per_day, rest_h_per_day : float
        Daily driving limit and the rest between two days of driving, hours: they turn
        driving hours into transit days (:meth:`rest_h`).

    Notes
    -----
    Route ``hours`` are driving plus border hours, *without* the rest; ``rest_h`` and
    ``transit_days`` come on top. Dwell at a crossing depends on the scenario's date and is
    added per scenario (:func:`border_delay`).
    """

    speed_kmh: tuple[tuple[str, float], ...] = field(default_factory=lambda: _default("speed_kmh"))
    dirt_speed_kmh: float = field(default_factory=lambda: _default("dirt_speed_kmh"))
    crossing_delay_h: tuple[tuple[str, float], ...] = field(
        default_factory=lambda: _default("crossing_delay_h")
    )
    crossing_periods: tuple[CrossingFigures, ...] = field(
        default_factory=lambda: _default("crossing_periods"), repr=False
    )
    transshipment_h: float = field(default_factory=lambda: _default("transshipment_h"))
    security_halt_h_per_100km: float = field(
        default_factory=lambda: _default("security_halt_h_per_100km")
    )
    driving_h_per_day: float = field(default_factory=lambda: _default("driving_h_per_day"))
    rest_h_per_day: float = field(default_factory=lambda: _default("rest_h_per_day"))

    def __post_init__(self) -> None:
        data = bundled_freight()
        for name, key in _TABLES.items():
            given = dict(_figures(getattr(self, name), name))
            merged = dict(_table(data, key)) | given
            object.__setattr__(self, name, tuple(sorted(merged.items())))
        for name, (_, _, positive) in _SCALARS.items():
            value = model_figure(
                getattr(self, name), owner="TravelModel", what=name, positive=positive
            )
            object.__setattr__(self, name, value)
        if self.driving_h_per_day + self.rest_h_per_day > HOURS_PER_DAY:
            raise CorridorError(
                "TravelModel: driving_h_per_day + rest_h_per_day must fit in a day (24 h), got "
                f"{self.driving_h_per_day:g} + {self.rest_h_per_day:g} h"
            )
        bad = [f"{k} {v:g}" for k, v in self.speed_kmh if not v > 0]
        if bad:
            raise CorridorError(f"TravelModel: speeds must be positive km/h; check {bad}")
        periods = as_rows(self.crossing_periods)
        if not all(isinstance(r, CrossingFigures) for r in periods):
            raise CorridorError(
                "TravelModel: crossing_periods must be corridor.freight_data.CrossingFigures "
                "rows (see corridor.freight_data.load_freight), or () for none"
            )
        object.__setattr__(self, "crossing_periods", periods)

    def __hash__(self) -> int:  # cached: the model is part of every query's cache key
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash(tuple(getattr(self, f.name) for f in fields(self)))
            object.__setattr__(self, "_hash", h)
        return h

    @classmethod
    def from_data(cls, data: FreightData, **overrides: Any) -> TravelModel:
        """The model as the freight tables ``data`` (:func:`corridor.freight_data.load_freight`)
        give it, with ``overrides`` (the constructor's parameters) on top."""
        check_freight_data(data)
        values = _from_data(data)
        for name in _TABLES:
            if name in overrides:
                values[name] = dict(values[name]) | dict(_figures(overrides.pop(name), name))
        with tables_from_data():  # the data's own rows, as load_freight accepted them
            return cls(**(values | overrides))

    def speed(self, road_class: str, surface: str) -> float:
        """Speed in km/h of a loaded truck on a road of ``road_class`` and ``surface``."""
        speeds = dict(self.speed_kmh)
        if road_class not in speeds:
            raise CorridorError(
                f"TravelModel: no speed for road class {road_class!r} (known: "
                f"{', '.join(speeds)}); give the roads one of these classes, or a speed_kmh row "
                "for it in a freight folder (TravelModel.from_data(corridor.load_freight(path)))"
            )
        v = speeds[road_class]
        return min(v, self.dirt_speed_kmh) if surface == "dirt" else v

    def dwell(self, crossing: str, kind: str | None, date: dt.date) -> tuple[float, list[str]]:
        """Hours a truck spends at ``crossing`` (of ``kind``) on ``date``, and where each part
        comes from: the crossing's row for the date where it gives a dwell, else the kind's
        default; plus ``transshipment_h`` where the row says cargo is cross-loaded."""
        rows = [r for r in self.crossing_periods if r.crossing == crossing and r.covers(date)]
        hours, why = dict(self.crossing_delay_h).get(kind or "", 0.0), [f"dwell_h[{kind}]"]
        for r in rows:
            if r.dwell_h is not None:
                hours, why = r.dwell_h, [r.provenance.label()]
        if any(r.transshipment for r in rows):
            hours += self.transshipment_h
            why += [
                f"transshipment ({next(r for r in rows if r.transshipment).provenance.label()})"
            ]
        return hours, why

    def rest_h(self, driving_h: float) -> float:
        """Rest hours a trip of ``driving_h`` driving hours needs: ``rest_h_per_day`` between
        two days of at most ``driving_h_per_day`` hours of driving each."""
        if not math.isfinite(driving_h) or driving_h <= 0:
            return 0.0 if driving_h <= 0 else math.inf
        days = math.ceil(driving_h / self.driving_h_per_day - 1e-9)
        return max(days - 1, 0) * self.rest_h_per_day

    def assumptions(self, *, periods: bool = True) -> list[str]:
        """The figures of this model that are labelled ASSUMPTION in the data, or given by the
        user (their value is then no longer the data's), as text; with ``periods``, the
        crossing rows labelled ASSUMPTION too (a result lists those it uses instead)."""
        data = bundled_freight()
        out = []
        for name, key in _TABLES.items():
            for applies, value in getattr(self, name):
                row = data.defaults.get((key, applies))
                if row is None or float(row.value) != value:
                    out.append(f"{key}[{applies}] = {value:g}: given")
                elif row.provenance.assumption:
                    out.append(f"{key}[{applies}] = {value:g}: {row.provenance.label()}")
        for name, (key, applies, _) in _SCALARS.items():
            value, row = getattr(self, name), data.defaults[key, applies]
            if float(row.value) != value:
                out.append(f"{key} = {value:g}: given")
            elif row.provenance.assumption:
                out.append(f"{key} = {value:g}: {row.provenance.label()}")
        out += [
            f"{r.crossing} {r.valid_from}..{r.valid_to or ''}: {r.provenance.label()}"
            for r in self.crossing_periods
            if periods and r.provenance.assumption
        ]
        return out


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
    hours: np.ndarray  # base hours: drive_h + border_h
    drive_h: np.ndarray  # km / speed
    border_h: np.ndarray  # half the kind's dwell at each crossing end
    halt_h: np.ndarray  # security halts if the edge is contested or event-exposed
    geoms: np.ndarray
    coords: np.ndarray  # (m, 2) every edge's vertices, edge after edge
    coord_ptr: np.ndarray  # edge i's vertices are coords[coord_ptr[i]:coord_ptr[i + 1]]
    start_is_u: np.ndarray  # whether the edge geometry starts at u
    country: np.ndarray
    country_code: np.ndarray  # per edge: index into countries
    countries: tuple[str, ...]
    kind: Mapping[str, str]  # node id -> kind
    is_crossing: np.ndarray  # per node index: a border crossing
    crossing_kind: np.ndarray  # per node index: "official", "informal" or None
    edge_key: np.ndarray  # per edge: its key in the MultiGraph
    model: TravelModel
    is_dwell_edge: np.ndarray  # per edge: one of ...
    dwell_edges: np.ndarray  # ... the sorted edges at crossings whose dwell changes with the date,
    epoch_start: np.ndarray  # ... the ordinals where a period starts or ends ...
    epoch_delta: np.ndarray  # ... and (periods + 1, edges) hours added to the kind's dwell


def _dwell_periods(nodes, pos, node_kind, model: TravelModel, u, v):
    """The dated dwell as added hours per crossing edge and period (see RoutingArrays)."""
    rows = [r for r in model.crossing_periods if r.crossing in pos]
    bounds = sorted(
        {r.valid_from.toordinal() for r in rows}
        | {r.valid_to.toordinal() for r in rows if r.valid_to is not None}
    )
    dated = sorted({pos[r.crossing] for r in rows})
    mask = np.isin(u, dated) | np.isin(v, dated)
    edges = np.flatnonzero(mask)
    delta = np.zeros((len(bounds) + 1, len(edges)))
    kinds = dict(model.crossing_delay_h)
    for j in range(1, len(bounds) + 1):
        day = dt.date.fromordinal(bounds[j - 1])
        extra = np.zeros(len(nodes))
        for i in dated:
            kind = node_kind[i]
            extra[i] = model.dwell(nodes[i], kind, day)[0] - kinds.get(kind or "", 0.0)
        delta[j] = 0.5 * (extra[u[edges]] + extra[v[edges]])
    return edges, np.array(bounds, dtype=np.int64), delta


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
    node_kind = np.array(
        [
            d.get("crossing_kind") if d["kind"] == "crossing" else None
            for n, d in graph.nodes(data=True)
        ],
        dtype=object,
    )
    node_delay = np.array([delays.get(k, 0.0) if k else 0.0 for k in node_kind])
    drive_h = km / speed
    border_h = 0.5 * (node_delay[u] + node_delay[v])
    geoms = np.array([d["geometry"] for d in data], dtype=object)
    node_xy = shapely.get_coordinates([graph.nodes[n]["geometry"] for n in nodes])
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    coord_ptr = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=len(geoms)))])
    start_xy = coords[coord_ptr[:-1]]  # each line's first vertex
    # the geometry starts at u when its first vertex is nearer u than v (exact or not)
    start_is_u = np.hypot(*(start_xy - node_xy[u]).T) <= np.hypot(*(start_xy - node_xy[v]).T)
    country = np.array([d["country"] for d in data], dtype=object)
    countries, country_code = np.unique(country.astype(str), return_inverse=True)
    dwell_edges, epoch_start, epoch_delta = _dwell_periods(nodes, pos, node_kind, model, u, v)
    arrays = RoutingArrays(
        nodes=nodes,
        node_pos=MappingProxyType(pos),
        u=u,
        v=v,
        km=km,
        hours=drive_h + border_h,
        drive_h=drive_h,
        border_h=border_h,
        halt_h=model.security_halt_h_per_100km / 100.0 * km,
        geoms=geoms,
        coords=coords,
        coord_ptr=coord_ptr,
        start_is_u=start_is_u,
        country=country,
        country_code=country_code.astype(np.int64),
        countries=tuple(countries.tolist()),
        kind=MappingProxyType(dict(graph.nodes(data="kind"))),
        is_crossing=np.array([graph.nodes[n]["kind"] == "crossing" for n in nodes], dtype=bool),
        crossing_kind=node_kind,
        edge_key=np.array([k for *_, k in index.edges], dtype=np.int64),
        model=model,
        is_dwell_edge=np.isin(np.arange(len(u)), dwell_edges),
        dwell_edges=dwell_edges,
        epoch_start=epoch_start,
        epoch_delta=epoch_delta,
    )
    for name in (
        "nodes u v hours drive_h border_h halt_h geoms coords coord_ptr start_is_u country "
        "country_code is_crossing crossing_kind edge_key is_dwell_edge dwell_edges epoch_start epoch_delta"
    ).split():
        getattr(arrays, name).setflags(write=False)
    return arrays


def routing_arrays(network: Network, model: TravelModel = DEFAULT_MODEL) -> RoutingArrays:
    """The network's :class:`RoutingArrays` under ``model`` (built once per network state)."""
    return network.cache.get_or_build(("routing", model), lambda: _build_arrays(network, model))


# --------------------------------------------------------------------------- per scenario


def exposed(res: Resolution, edges: np.ndarray | slice | None = None) -> np.ndarray:
    """Whether each edge (or the ``edges`` given) is contested or event-exposed under the
    scenario: penalised by a zone, or with event risk (see :mod:`corridor.events`)."""
    sel = slice(None) if edges is None else edges
    return (res.state[sel] == PENALISED) | (res.event_risk[sel] > 0)


def border_delay(arr: RoutingArrays, date: dt.date) -> np.ndarray:
    """Hours added on ``arr.dwell_edges`` on ``date``: the dated dwell and transshipment of
    their crossings beyond the kind's dwell (half per crossing end, as ``arr.border_h``)."""
    return arr.epoch_delta[np.searchsorted(arr.epoch_start, date.toordinal(), side="right")]


def edge_parts(
    arr: RoutingArrays, res: Resolution, edges: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(driving, border) hours of each edge (or the ``edges`` given, by index) under the
    scenario: driving is length / speed times the time factor, plus the added delay and the
    security halts on contested or event-exposed road; border is the dwell at crossing ends on
    the scenario's date. Blocked edges at their base time, for reporting only."""
    sel = slice(None) if edges is None else edges
    factor = res.factor[sel]
    factor = np.where(np.isfinite(factor), factor, 1.0)
    driving = arr.drive_h[sel] * factor + res.delay_h[sel] + arr.halt_h[sel] * exposed(res, sel)
    border = np.array(arr.border_h[sel], dtype=float)
    if len(arr.dwell_edges):
        delta = border_delay(arr, res.scenario.date)
        if edges is None:
            border[arr.dwell_edges] += delta
        else:
            at = np.minimum(np.searchsorted(arr.dwell_edges, edges), len(arr.dwell_edges) - 1)
            hit = arr.dwell_edges[at] == edges
            border[hit] += delta[at[hit]]
    return driving, border


def route_parts(
    arr: RoutingArrays, res: Resolution, edges: np.ndarray
) -> tuple[float, float, float]:
    """(driving hours, border hours, contested or event-exposed km) summed over ``edges``
    (passable edges, by index; as :func:`edge_parts`, in one pass for a route)."""
    km = arr.km[edges]
    exposed_km = float(km @ ((res.state[edges] == PENALISED) | (res.event_risk[edges] > 0)))
    halt = arr.model.security_halt_h_per_100km / 100.0
    driving = float(arr.drive_h[edges] @ res.factor[edges] + res.delay_h[edges].sum())
    border = float(arr.border_h[edges].sum())
    hit = arr.is_dwell_edge[edges]
    if hit.any():
        at = np.searchsorted(arr.dwell_edges, edges[hit])
        border += float(border_delay(arr, res.scenario.date)[at].sum())
    return driving + halt * exposed_km, border, exposed_km


def route_hours(
    arr: RoutingArrays, res: Resolution, edges: np.ndarray, cost: np.ndarray | None = None
) -> tuple[float, float]:
    """(driving hours, border hours) over ``edges`` (passable edges, by index): from the
    hours-weight edge ``cost`` when given (driving = cost - border), else by
    :func:`route_parts`."""
    if cost is None:
        return route_parts(arr, res, edges)[:2]
    border = float(arr.border_h[edges].sum())
    hit = arr.is_dwell_edge[edges]
    if hit.any():
        at = np.searchsorted(arr.dwell_edges, edges[hit])
        border += float(border_delay(arr, res.scenario.date)[at].sum())
    return float(cost[edges].sum()) - border, border


def edge_hours(arr: RoutingArrays, res: Resolution, edges: np.ndarray | None = None) -> np.ndarray:
    """Hours to traverse each edge (or the ``edges`` given, by index) under the scenario:
    driving plus border hours (:func:`edge_parts`); blocked edges at their base time."""
    driving, border = edge_parts(arr, res, edges)
    return driving + border


def _hours_cost(arr: RoutingArrays, res: Resolution) -> np.ndarray:
    """:func:`edge_hours` for routing, in place where possible: blocked edges come out
    infinite (their factor is)."""
    cost = arr.drive_h * res.factor
    cost += res.delay_h
    cost += arr.border_h
    if arr.model.security_halt_h_per_100km:
        mask = res.state == PENALISED
        mask |= res.event_risk > 0
        np.add(cost, arr.halt_h, out=cost, where=mask)
    if len(arr.dwell_edges):
        cost[arr.dwell_edges] += border_delay(arr, res.scenario.date)
    return cost


def edge_cost_of_draws(
    arr: RoutingArrays,
    date: dt.date,
    weight: str,
    edges: np.ndarray,
    state: np.ndarray,
    factor: np.ndarray,
    risk: np.ndarray,
    delay_h: np.ndarray,
    event_risk: np.ndarray,
) -> np.ndarray:
    """:func:`edge_cost` of the ``edges`` given (by index) under many draws at once: the
    draw arrays are (draws x edges); the same operations in the same order as for a whole
    scenario, so a draw that changes nothing costs exactly what the scenario does."""
    km = arr.km[edges]
    if weight == "hours":
        cost = arr.drive_h[edges] * factor
        cost += delay_h
        cost += arr.border_h[edges]
        if arr.model.security_halt_h_per_100km:
            mask = state == PENALISED
            mask |= event_risk > 0
            np.add(cost, np.broadcast_to(arr.halt_h[edges], cost.shape), out=cost, where=mask)
        if len(arr.dwell_edges):
            at = np.searchsorted(arr.dwell_edges, edges)
            hit = at < len(arr.dwell_edges)
            hit[hit] = arr.dwell_edges[at[hit]] == edges[hit]
            cost[:, hit] += border_delay(arr, date)[at[hit]]
    elif weight == "km":
        cost = np.broadcast_to(km, state.shape).copy()
    elif weight == "risk":
        cost = km * risk + RISK_TIEBREAK * km
    else:
        check_weight(weight)
    cost[state == BLOCKED] = np.inf
    return cost


def edge_cost(arr: RoutingArrays, res: Resolution, weight: str) -> np.ndarray:
    """Cost of each edge in ``weight`` units; infinite where blocked."""
    if weight == "hours":
        cost = _hours_cost(arr, res)
    elif weight == "km":
        cost = arr.km.copy()
    elif weight == "risk":
        cost = arr.km * res.risk + RISK_TIEBREAK * arr.km
    else:
        check_weight(weight)
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
    first_edge: np.ndarray  # per pair: the edge of its first arc
    multi_edge: np.ndarray  # the edges of multi_arc
    multi_group: np.ndarray  # per arc of multi_arc: its group

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
    groups = np.diff(np.append(arrays[7], len(multi_arc)))
    derived = (eid[pair_start], eid[multi_arc], np.repeat(np.arange(len(groups)), groups))
    for x in derived:
        x.setflags(write=False)
    return ArcStructure(n, template, *arrays, *derived)


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
        own = self.pair_edge is not self.structure.first_edge  # else the structure's array
        return int(self.csr.data.nbytes + (self.pair_edge.nbytes if own else 0))


def compile_costs(structure: ArcStructure, cost: np.ndarray) -> Compiled:
    """Fill the arc structure with edge costs: per pair the cheapest of its edges (blocked
    edges cost infinity and are never taken)."""
    pair_edge = structure.first_edge
    pair_cost = cost[pair_edge]
    if len(structure.multi_pair):  # parallel edges: the cheapest (lowest edge index on ties)
        sub = cost[structure.multi_edge]
        low = np.minimum.reduceat(sub, structure.multi_start)
        best = np.flatnonzero(sub == low[structure.multi_group])
        best = best[np.searchsorted(best, structure.multi_start)]
        pair_cost[structure.multi_pair] = low
        cheapest = structure.multi_edge[best]
        if (cheapest != pair_edge[structure.multi_pair]).any():  # else share the structure's
            pair_edge = pair_edge.copy()
            pair_edge[structure.multi_pair] = cheapest
    # zero-cost edges would vanish from a sparse matrix: give them a tiny cost
    # a shallow copy of the structure's matrix with this scenario's weights: no re-validation
    csr = copy.copy(structure.template)
    csr.data = np.maximum(pair_cost, 1e-12, out=pair_cost)
    return Compiled(csr=csr, pair_edge=pair_edge, structure=structure)
