"""Resolving a scenario on a network: the state of every edge, with reasons.

Each edge is ``open``, ``penalised`` (passable at a time factor and an exposure risk) or
``blocked``, by the rule table :attr:`corridor.Control.effects`. The edge-to-zone assignment
was computed once, when the network was built (edges are split at zone boundaries, so a zone
covers an edge wholly or not at all); resolving a scenario only looks up dates, stances and
overrides in arrays. Resolutions are cached per network and scenario and are immutable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

import geopandas as gpd
import numpy as np
import pandas as pd

from ._schema import BLOCKED, OPEN, PENALISED, STATE_NAMES
from .errors import ScenarioError, UnknownNameError
from .names import NameIndex
from .network import Network
from .scenario import Scenario, as_scenario

__all__ = [
    "OPEN",
    "PENALISED",
    "BLOCKED",
    "STATE_NAMES",
    "EdgeIndex",
    "Resolution",
    "edge_index",
    "resolve",
    "edge_states",
]


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class EdgeIndex:
    """Per-network arrays that every scenario resolution reuses (built once, cached, read-only).

    Edges are numbered in graph order (``edges[i]`` is the (u, v, key) of edge ``i``).
    """

    edges: tuple  # (u, v, key) in a fixed order
    edge_ids: np.ndarray
    road_ids: np.ndarray
    length_km: np.ndarray
    pair_edge: np.ndarray  # edge-zone incidence: edge index ...
    pair_zone: np.ndarray  # ... and zone index
    zone_ids: np.ndarray
    zone_actor: np.ndarray
    zone_kind: np.ndarray
    zone_from: np.ndarray
    zone_to: np.ndarray
    zone_names: np.ndarray
    zone_index: NameIndex
    crossing_edges: Mapping[str, np.ndarray]  # crossing id -> edge indices incident to it
    edge_by_id: Mapping[str, int]
    edges_by_road: Mapping[str, np.ndarray]


def _zone_columns(zones: gpd.GeoDataFrame | None) -> dict[str, np.ndarray]:
    cols = ("id", "actor", "kind", "valid_from", "valid_to")
    if zones is None or not len(zones):
        return {c: np.array([], dtype=object) for c in (*cols, "name")}
    out = {c: zones[c].to_numpy(dtype=object) for c in cols}
    out["name"] = (
        zones["name"].fillna(zones["id"]).to_numpy(dtype=object) if "name" in zones else out["id"]
    )
    return out


def _build_edge_index(network: Network) -> EdgeIndex:
    graph = network.graph
    edges = tuple(graph.edges(keys=True))
    data = [graph.edges[e] for e in edges]
    z = _zone_columns(network.zone_table)
    zone_pos = {zid: i for i, zid in enumerate(z["id"])}
    pair_edge, pair_zone = [], []
    for i, d in enumerate(data):
        for zid in d.get("zones") or ():
            if zid not in zone_pos:
                raise ScenarioError(
                    f"network {network.name!r}: edge {d['id']!r} refers to zone {zid!r}, which "
                    "the network's zones layer does not have; rebuild the network with its zones"
                )
            pair_edge.append(i)
            pair_zone.append(zone_pos[zid])
    crossing_edges: dict[str, list[int]] = {}
    node_kind = dict(graph.nodes(data="kind"))
    for i, (u, v, _) in enumerate(edges):
        for node in {u, v}:
            if node_kind[node] == "crossing":
                crossing_edges.setdefault(node, []).append(i)
    edge_ids = np.array([d["id"] for d in data], dtype=object)
    road_ids = np.array([d.get("road_id") or d["id"] for d in data], dtype=object)
    by_road: dict[str, list[int]] = {}
    for i, r in enumerate(road_ids):
        by_road.setdefault(r, []).append(i)

    def index_arrays(groups: dict[str, list[int]]) -> Mapping[str, np.ndarray]:
        return MappingProxyType(
            {k: _frozen(np.array(v, dtype=np.int64)) for k, v in groups.items()}
        )

    return EdgeIndex(
        edges=edges,
        edge_ids=_frozen(edge_ids),
        road_ids=_frozen(road_ids),
        length_km=_frozen(np.array([d["length_km"] for d in data], dtype=float)),
        pair_edge=_frozen(np.array(pair_edge, dtype=np.int64)),
        pair_zone=_frozen(np.array(pair_zone, dtype=np.int64)),
        zone_ids=_frozen(z["id"]),
        zone_actor=_frozen(z["actor"]),
        zone_kind=_frozen(z["kind"]),
        zone_from=_frozen(z["valid_from"]),
        zone_to=_frozen(z["valid_to"]),
        zone_names=_frozen(z["name"]),
        zone_index=NameIndex(((i, n, ()) for i, n in zip(z["id"], z["name"])), what="zone"),
        crossing_edges=index_arrays(crossing_edges),
        edge_by_id=MappingProxyType({e: i for i, e in enumerate(edge_ids)}),
        edges_by_road=index_arrays(by_road),
    )


def edge_index(network: Network) -> EdgeIndex:
    """The network's :class:`EdgeIndex` (built once per network state)."""
    return network.cache.get_or_build("edge_index", lambda: _build_edge_index(network))


@dataclass(frozen=True, eq=False)
class Resolution:
    """The state of every edge of a network under a scenario (immutable; arrays read-only).

    Arrays are aligned with ``index.edges``. ``reason_edge[i]`` has reason
    ``reasons[reason_code[i]]``, with effect ``reason_effect[i]`` (PENALISED or BLOCKED).
    """

    scenario: Scenario
    index: EdgeIndex
    state: np.ndarray  # OPEN, PENALISED or BLOCKED per edge
    factor: np.ndarray  # travel-time multiplier per edge (inf when blocked)
    risk: np.ndarray  # exposure weight per km
    delay_h: np.ndarray  # hours added per edge (security halts)
    active_zones: np.ndarray  # bool per zone: applies under the scenario
    zone_actor: np.ndarray  # actor holding each zone under the scenario
    zone_stance: np.ndarray  # the mover's stance toward each zone's actor
    reason_edge: np.ndarray
    reason_code: np.ndarray
    reason_effect: np.ndarray
    reasons: tuple  # (kind, id, text) per reason code
    crossing_status: Mapping[str, tuple[str, str | None]]  # crossing id -> (status, source)

    def edge_reasons(self, i: int) -> list[str]:
        """The reasons (text) that apply to edge ``i``."""
        codes = self.reason_code[self.reason_edge == i]
        return [self.reasons[c][2] for c in codes]


def _canonical(network: Network, scenario: Scenario, index: EdgeIndex) -> Scenario:
    """The scenario with every actor, zone and crossing given by its id, checked against the
    network and its control data (names and aliases accepted; unknown ones raise with
    suggestions)."""
    control = network.control
    control.check_mover(scenario.mover)
    actor = control.actor_id
    zones = index.zone_index
    for road in scenario.roads_cut:
        if road not in index.edge_by_id and road not in index.edges_by_road:
            ids = NameIndex(((e, e, ()) for e in index.edges_by_road), what="road")
            suggestions = ids.suggest(road)
            hint = f"; did you mean {' or '.join(map(repr, suggestions))}?" if suggestions else ""
            raise UnknownNameError(
                f"scenario {scenario.name!r}: no road or edge {road!r}{hint}",
                name=road,
                suggestions=suggestions,
            )
    return replace(
        scenario,
        stances=tuple(sorted({actor(a): s for a, s in scenario.stances}.items())),
        crossings=tuple(sorted({network.crossing_id(c): s for c, s in scenario.crossings}.items())),
        zones_removed=tuple(sorted({zones.resolve(z) for z in scenario.zones_removed})),
        zones_transferred=tuple(
            sorted({zones.resolve(z): actor(a) for z, a in scenario.zones_transferred}.items())
        ),
        actors_removed=tuple(sorted({actor(a) for a in scenario.actors_removed})),
    )


def _check_date(network: Network, scenario: Scenario, index: EdgeIndex) -> None:
    """Refuse dates before the control data begins: everything would look open."""
    starts = [d for d in index.zone_from if d]
    starts += [d for d in network.control.crossing_status["valid_from"] if d]
    if starts and scenario.date.isoformat() < min(starts):
        raise ScenarioError(
            f"scenario {scenario.name!r}: {scenario.date.isoformat()} is before the control data "
            f"begins ({min(starts)}); nothing would be known to block any road. Pick a later date"
        )


class _Reasons:
    """Collects (edge, reason, effect) triples while resolving."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str, str]] = []
        self.edge: list[np.ndarray] = []
        self.code: list[np.ndarray] = []
        self.effect: list[np.ndarray] = []

    def add(self, edges: np.ndarray, code: np.ndarray, effect: np.ndarray) -> None:
        self.edge.append(np.asarray(edges, dtype=np.int64))
        self.code.append(np.asarray(code, dtype=np.int64))
        self.effect.append(np.asarray(effect, dtype=np.int8))

    def new(self, kind: str, ident: str, text: str) -> int:
        self.texts.append((kind, ident, text))
        return len(self.texts) - 1

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not self.edge:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int8)
        return np.concatenate(self.edge), np.concatenate(self.code), np.concatenate(self.effect)


def _zone_states(network: Network, scenario: Scenario, index: EdgeIndex):
    """Per zone: applies, holder, the mover's stance, and its state, factor, risk, delay."""
    control = network.control
    iso = scenario.date.isoformat()
    active = np.array(
        [(f <= iso) and (t is None or iso < t) for f, t in zip(index.zone_from, index.zone_to)],
        dtype=bool,
    )
    removed, gone = set(scenario.zones_removed), set(scenario.actors_removed)
    transferred = dict(scenario.zones_transferred)
    actor = np.array(
        [transferred.get(z, a) for z, a in zip(index.zone_ids, index.zone_actor)], dtype=object
    )
    for i, z in enumerate(index.zone_ids):
        if z in removed or actor[i] in gone:
            active[i] = False
    overrides = dict(scenario.stances)
    n = len(index.zone_ids)
    stance = np.empty(n, dtype=object)
    state = np.zeros(n, dtype=np.int8)
    factor, risk, delay = np.ones(n), np.zeros(n), np.zeros(n)
    for i in range(n):
        if actor[i] in overrides:
            row = control.stance_row(overrides[actor[i]])
        else:
            row = control.stance(scenario.mover, actor[i], index.zone_kind[i], scenario.date)
        stance[i], factor[i], risk[i], delay[i] = row.stance, row.factor, row.risk, row.delay_h
        state[i] = control.effect(row.stance).state
    return active, actor, stance, state, factor, risk, delay


def _resolve(network: Network, given: Scenario) -> Resolution:
    index = edge_index(network)
    scenario = _canonical(network, given, index)
    _check_date(network, scenario, index)
    control = network.control
    active, actor, stance, z_state, z_factor, z_risk, z_delay = _zone_states(
        network, scenario, index
    )
    n_edges = len(index.edges)
    state = np.zeros(n_edges, dtype=np.int8)
    factor, risk, delay = np.ones(n_edges), np.zeros(n_edges), np.zeros(n_edges)
    reasons = _Reasons()

    # zone effects, vectorised over the edge-zone incidence
    live = active[index.pair_zone] & (z_state[index.pair_zone] != OPEN)
    pe, pz = index.pair_edge[live], index.pair_zone[live]
    blocked = z_state[pz] == BLOCKED
    np.maximum.at(state, pe, z_state[pz])
    np.maximum.at(factor, pe, np.where(blocked, 1.0, z_factor[pz]))
    np.maximum.at(risk, pe, np.where(blocked, 0.0, z_risk[pz]))
    np.maximum.at(delay, pe, np.where(blocked, 0.0, z_delay[pz]))
    zone_code = {
        z: reasons.new(
            "zone",
            index.zone_ids[z],
            f"{index.zone_kind[z]} zone {index.zone_ids[z]!r} held by {actor[z]}: "
            f"{stance[z]} for {scenario.mover}",
        )
        for z in np.unique(pz)
    }
    codes = np.array([zone_code[z] for z in pz], dtype=np.int64)
    reasons.add(pe, codes, np.where(blocked, BLOCKED, PENALISED))

    def block(edges: np.ndarray, kind: str, ident: str, text: str) -> None:
        state[edges] = BLOCKED
        code = reasons.new(kind, ident, text)
        reasons.add(edges, np.full(len(edges), code), np.full(len(edges), BLOCKED))

    # crossing status: dated records, then overrides
    sources = control.crossing_status["source"].to_numpy(dtype=object)
    status: dict[str, tuple[str, str | None]] = {
        c: (s, sources[row]) for c, (s, row) in control.crossing_status_at(scenario.date).items()
    }
    for c, s in scenario.crossings:
        status[c] = (s, f"scenario {scenario.name!r}")
    for crossing, edges in index.crossing_edges.items():
        s = status.get(crossing, ("open", None))[0]
        if s in ("closed", "reconstruction"):
            words = "closed" if s == "closed" else "closed for reconstruction"
            block(edges, "crossing", crossing, f"crossing {crossing!r} {words}")

    for road in scenario.roads_cut:
        cut = index.edges_by_road.get(road)
        if cut is None:
            cut = np.array([index.edge_by_id[road]], dtype=np.int64)
        block(cut, "road", road, f"road {road!r} cut by the scenario")

    factor[state == BLOCKED] = np.inf
    r_edge, r_code, r_effect = reasons.arrays()
    return Resolution(
        scenario=given,
        index=index,
        state=_frozen(state),
        factor=_frozen(factor),
        risk=_frozen(risk),
        delay_h=_frozen(delay),
        active_zones=_frozen(active),
        zone_actor=_frozen(actor),
        zone_stance=_frozen(stance),
        reason_edge=_frozen(r_edge),
        reason_code=_frozen(r_code),
        reason_effect=_frozen(r_effect),
        reasons=tuple(reasons.texts),
        crossing_status=MappingProxyType(status),
    )


def resolve(network: Network, scenario: Scenario | str | Path) -> Resolution:
    """Resolve ``scenario`` (a Scenario, a built-in name or a scenario file) on ``network``.

    Cached per network and scenario; the result is immutable.

    Returns
    -------
    Resolution
        Edge states, time factors, risks, delays and reasons.
    """
    scenario = as_scenario(scenario)
    cache = network.cache
    key = ("resolution", scenario)
    hit = cache.lookup(key)
    if hit is None:
        hit = cache.store(key, _resolve(network, scenario))
    return hit


def _edge_frame(network: Network) -> gpd.GeoDataFrame:
    _, base = network.to_gdfs(nodes=False)
    assert base is not None
    # to_gdfs lists edges in graph order (as EdgeIndex does), oriented along their geometry
    cols = ["id", "road_id", "road", "road_class", "surface", "country", "length_km", "geometry"]
    return base[cols]


def edge_states(network: Network, scenario: Scenario | str | Path) -> gpd.GeoDataFrame:
    """The state of every edge under a scenario, as a GeoDataFrame (EPSG:4326).

    Columns: id, road_id, road, road_class, surface, country, length_km, state ("open",
    "penalised", "blocked"), factor (travel-time multiplier; inf when blocked), risk
    (exposure per km), zones (ids of the zones that apply to the edge), reasons (text,
    "; "-separated), geometry. Indexed by (u, v, key).
    """
    res = resolve(network, scenario)
    index = res.index
    base = network.cache.get_or_build("edge_frame", lambda: _edge_frame(network))
    texts: list[list[str]] = [[] for _ in range(len(index.edges))]
    for e, c in zip(res.reason_edge, res.reason_code):
        texts[e].append(res.reasons[c][2])
    zone_lists: list[tuple] = [() for _ in range(len(index.edges))]
    live = res.active_zones[index.pair_zone]
    for e, z in zip(index.pair_edge[live], index.pair_zone[live]):
        zone_lists[e] = (*zone_lists[e], index.zone_ids[z])
    out = base.copy()
    out.insert(7, "state", STATE_NAMES[res.state])
    out.insert(8, "factor", np.array(res.factor))
    out.insert(9, "risk", np.array(res.risk))
    out.insert(10, "zones", pd.Series(zone_lists, index=out.index, dtype=object))
    out.insert(11, "reasons", ["; ".join(t) for t in texts])
    return out
