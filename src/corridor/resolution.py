"""Resolving a scenario on a network: the state of every edge, with reasons.

Each edge is ``open``, ``penalised`` (passable at a time factor and an exposure risk) or
``blocked``, by the rule table :attr:`corridor.Control.effects`. The edge-to-zone assignment
was computed once, when the network was built (edges are split at zone boundaries, so a zone
covers an edge wholly or not at all); resolving a scenario only looks up dates, stances and
overrides in arrays. Resolutions are cached per network and scenario and are immutable.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._geometry import ragged_index
from ._schema import BLOCKED, OPEN, PENALISED, STATE_NAMES
from .errors import ScenarioError
from .events import EventRisk, event_risk
from .names import NameIndex
from .network import Network
from .whatif import Scenario, as_scenario

log = logging.getLogger(__name__)

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
    "zones_at",
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
    geometry: np.ndarray  # LineString per edge (EPSG:4326)
    edge_ids: np.ndarray
    road_ids: np.ndarray
    length_km: np.ndarray
    pair_edge: np.ndarray  # edge-zone incidence: edge index (ascending) ...
    pair_zone: np.ndarray  # ... and zone index
    pair_ptr: np.ndarray  # edge i's pairs are pair_ptr[i]:pair_ptr[i + 1]
    zone_pairs: np.ndarray  # the pairs grouped by zone: zone j's are ...
    zone_ptr: np.ndarray  # ... zone_pairs[zone_ptr[j]:zone_ptr[j + 1]]
    zone_ids: np.ndarray
    zone_actor: np.ndarray
    zone_kind: np.ndarray
    zone_from: np.ndarray
    zone_to: np.ndarray
    zone_names: np.ndarray
    zone_start: np.ndarray  # proleptic ordinal of valid_from (int)
    zone_end: np.ndarray  # ordinal of valid_to, or a far future
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


def _ordinals(dates: np.ndarray, missing: int) -> np.ndarray:
    return np.array(
        [dt.date.fromisoformat(d).toordinal() if d else missing for d in dates], dtype=np.int64
    )


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

    pair_edge_arr = np.array(pair_edge, dtype=np.int64)
    pair_zone_arr = np.array(pair_zone, dtype=np.int64)
    by_zone = np.argsort(pair_zone_arr, kind="stable")

    def index_arrays(groups: dict[str, list[int]]) -> Mapping[str, np.ndarray]:
        return MappingProxyType(
            {k: _frozen(np.array(v, dtype=np.int64)) for k, v in groups.items()}
        )

    return EdgeIndex(
        edges=edges,
        geometry=_frozen(np.array([d["geometry"] for d in data], dtype=object)),
        edge_ids=_frozen(edge_ids),
        road_ids=_frozen(road_ids),
        length_km=_frozen(np.array([d["length_km"] for d in data], dtype=float)),
        pair_edge=_frozen(pair_edge_arr),
        pair_zone=_frozen(pair_zone_arr),
        pair_ptr=_frozen(np.searchsorted(pair_edge_arr, np.arange(len(edges) + 1))),
        zone_pairs=_frozen(by_zone),
        zone_ptr=_frozen(np.searchsorted(pair_zone_arr[by_zone], np.arange(len(z["id"]) + 1))),
        zone_ids=_frozen(z["id"]),
        zone_actor=_frozen(z["actor"]),
        zone_kind=_frozen(z["kind"]),
        zone_from=_frozen(z["valid_from"]),
        zone_to=_frozen(z["valid_to"]),
        zone_names=_frozen(z["name"]),
        zone_start=_frozen(_ordinals(z["valid_from"], 0)),
        zone_end=_frozen(_ordinals(z["valid_to"], dt.date.max.toordinal())),
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
    risk: np.ndarray  # exposure weight per km: the larger of zone risk and event risk
    event_risk: np.ndarray  # the part of it that events give (risk per km)
    delay_h: np.ndarray  # hours added per edge (security halts)
    zone_ids: np.ndarray  # the network's zones, then the scenario's drawn zones
    zone_kind: np.ndarray
    pair_edge: np.ndarray  # edge-zone incidence over those zones: edge index ...
    pair_zone: np.ndarray  # ... and zone index
    active_zones: np.ndarray  # bool per zone: applies under the scenario
    zone_actor: np.ndarray  # actor holding each zone under the scenario
    zone_stance: np.ndarray  # the mover's stance toward each zone's actor
    zone_state: np.ndarray  # the edge state that stance gives (OPEN, PENALISED, BLOCKED)
    reason_edge: np.ndarray
    reason_code: np.ndarray
    reason_effect: np.ndarray
    reasons: tuple  # (kind, id, text) per reason code
    crossing_status: Mapping[str, tuple[str, str | None]]  # crossing id -> (status, source)
    unknown_crossings: tuple  # crossings whose status is unknown on the date
    events: EventRisk  # which events count, and their weights

    @property
    def nbytes(self) -> int:
        """Approximate memory held by this resolution (bytes), for the cache's bound."""
        arrays = (
            self.state,
            self.factor,
            self.risk,
            self.event_risk,
            self.delay_h,
            self.pair_edge,
            self.pair_zone,
            self.reason_edge,
            self.reason_code,
            self.reason_effect,
        )
        return sum(a.nbytes for a in arrays) + 100 * (
            len(self.reasons) + len(self.crossing_status) + 4 * len(self.zone_ids)
        )

    def pairs_on(self, edges: np.ndarray) -> np.ndarray:
        """Positions in ``pair_edge``/``pair_zone`` of the edge-zone pairs of ``edges`` (edge
        indices, each once), in pair order."""
        edges = np.asarray(edges, dtype=np.int64)
        ptr = self.index.pair_ptr
        start = ptr[edges]
        owner, offset = ragged_index(ptr[edges + 1] - start)
        found = np.sort(start[owner] + offset)
        n_base = len(self.index.pair_edge)
        if len(self.pair_edge) == n_base:
            return found
        drawn = np.flatnonzero(np.isin(self.pair_edge[n_base:], edges)) + n_base
        return np.concatenate([found, drawn])

    def edge_reasons(self, i: int) -> list[str]:
        """The reasons (text) that apply to edge ``i``."""
        codes = self.reason_code[self.reason_edge == i]
        return [self.reasons[c][2] for c in codes]


def _canonical(network: Network, scenario: Scenario, index: EdgeIndex) -> Scenario:
    """The scenario with every actor, zone, crossing and road given by its id, checked against
    the network and its control data (names and aliases accepted; unknown ones raise with
    suggestions)."""
    control = network.control
    control.check_mover(scenario.mover)
    actor = control.actor_id
    zones = index.zone_index
    stances = {actor(a): s for a, s in scenario.stances}
    own = control.own_actor(scenario.mover)
    if own in stances:
        raise ScenarioError(
            f"scenario {scenario.name!r}: {own!r} is the mover's own side ({scenario.mover}); "
            "a stance toward it cannot be set"
        )
    roads: set[str] = set()
    for road in scenario.roads_cut:
        if road in index.edge_by_id or road in index.edges_by_road:
            roads.add(road)
        else:
            roads.update(network.road_ids(road))
    drawn = tuple(replace(z, actor=actor(z.actor)) for z in scenario.zones_added)
    changes: dict[str, Any] = {
        "stances": tuple(sorted(stances.items())),
        "crossings": tuple(
            sorted({network.crossing_id(c): s for c, s in scenario.crossings}.items())
        ),
        "zones_removed": tuple(sorted({zones.resolve(z) for z in scenario.zones_removed})),
        "zones_transferred": tuple(
            sorted({zones.resolve(z): actor(a) for z, a in scenario.zones_transferred}.items())
        ),
        "zone_stances": tuple(
            sorted({zones.resolve(z): s for z, s in scenario.zone_stances}.items())
        ),
        "zones_added": drawn,
        "actors_removed": tuple(sorted({actor(a) for a in scenario.actors_removed})),
        "roads_cut": tuple(sorted(roads)),
    }
    changes = {k: v for k, v in changes.items() if v != getattr(scenario, k)}
    return replace(scenario, **changes) if changes else scenario


def _check_date(network: Network, scenario: Scenario) -> None:
    """Refuse dates outside the data window: before the control data begin (everything would
    look open) or after today (the data describe the past and present)."""
    start, reviewed = network.control.window or (dt.date.min, None)
    today = dt.date.today()
    if scenario.date < start or scenario.date > today:
        window = f"{start.isoformat()} to today ({today.isoformat()})"
        note = f"; the data were last reviewed on {reviewed.isoformat()}" if reviewed else ""
        raise ScenarioError(
            f"scenario {scenario.name!r}: {scenario.date.isoformat()} is outside the data "
            f"window, {window}{note}. Pick a date in it"
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


@dataclass(frozen=True)
class _Zones:
    """The zones of one resolution: the network's, then the scenario's drawn zones."""

    ids: np.ndarray
    actor: np.ndarray  # the holder under the scenario
    kind: np.ndarray
    active: np.ndarray
    pair_edge: np.ndarray
    pair_zone: np.ndarray


def _zones(network: Network, scenario: Scenario, index: EdgeIndex) -> _Zones:
    day = scenario.date.toordinal()
    active = (index.zone_start <= day) & (day < index.zone_end)
    if not (
        scenario.zones_transferred
        or scenario.zones_added
        or scenario.zones_removed
        or scenario.actors_removed
    ):
        return _Zones(
            index.zone_ids,
            index.zone_actor,
            index.zone_kind,
            active,
            index.pair_edge,
            index.pair_zone,
        )
    transferred = dict(scenario.zones_transferred)
    actor = [transferred.get(z, a) for z, a in zip(index.zone_ids, index.zone_actor)]
    ids, kind = list(index.zone_ids), list(index.zone_kind)
    flags = active.tolist()
    pair_edge, pair_zone = [index.pair_edge], [index.pair_zone]
    if scenario.zones_added:
        from .events import edge_tree

        tree = edge_tree(network, index.geometry)
        for z in scenario.zones_added:
            hit = np.sort(tree.query(z.geometry, predicate="intersects"))
            pair_edge.append(hit)
            pair_zone.append(np.full(len(hit), len(ids), dtype=np.int64))
            ids.append(f"drawn:{z.name}")
            kind.append(z.kind)
            actor.append(z.actor)
            flags.append(True)
    removed, gone = set(scenario.zones_removed), set(scenario.actors_removed)
    flags = [a and z not in removed and h not in gone for a, z, h in zip(flags, ids, actor)]
    return _Zones(
        np.array(ids, dtype=object),
        np.array(actor, dtype=object),
        np.array(kind, dtype=object),
        np.array(flags, dtype=bool),
        np.concatenate(pair_edge).astype(np.int64),
        np.concatenate(pair_zone).astype(np.int64),
    )


def _effect_arrays(control, rows) -> tuple:
    stance = np.array([r.stance for r in rows], dtype=object)
    state = np.array([control.effect(r.stance).state for r in rows], dtype=np.int8)
    factor = np.array([r.factor for r in rows], dtype=float)
    risk = np.array([r.risk for r in rows], dtype=float)
    delay = np.array([r.delay_h for r in rows], dtype=float)
    return stance, state, factor, risk, delay


def _base_effects(network: Network, mover: str, date: dt.date, index: EdgeIndex) -> tuple:
    """The mover's stance toward every zone of the network as held in the data, and its
    effects: the same for every date of one stance epoch (cached per epoch, read-only)."""
    control = network.control
    table = control.stances_on(mover, date)

    def build() -> tuple:
        control.check_zone_actors(zip(index.zone_ids, index.zone_actor))
        rows = [
            control.stance(mover, a, k, date) for a, k in zip(index.zone_actor, index.zone_kind)
        ]
        return tuple(_frozen(a) for a in _effect_arrays(control, rows))

    return network.cache.get_or_build(("zone effects", mover, id(table)), build)


def _zone_effects(network: Network, scenario: Scenario, zones: _Zones, index: EdgeIndex):
    """Per zone: the mover's stance, and its edge state, factor, risk and delay."""
    base = _base_effects(network, scenario.mover, scenario.date, index)
    n_base = len(index.zone_ids)
    changed = zones.actor is not index.zone_actor or len(zones.ids) != n_base
    if not (changed or scenario.stances or scenario.zone_stances):
        return base
    control = network.control
    overrides, by_zone = dict(scenario.stances), dict(scenario.zone_stances)
    arrays = [np.array(a) for a in base]
    extra = len(zones.ids) - n_base
    if extra:
        arrays = [np.concatenate([a, np.empty(extra, dtype=a.dtype)]) for a in arrays]
    # zones whose holder changed or that were drawn: their stance as held in the data
    redo = np.zeros(len(zones.ids), dtype=bool)
    redo[n_base:] = True
    if zones.actor is not index.zone_actor:
        redo[:n_base] |= zones.actor[:n_base] != index.zone_actor
    # then the scenario's stances: toward an actor, then (winning) toward one zone
    given = np.full(len(zones.ids), None, dtype=object)
    if overrides:
        given[:] = [overrides.get(a) for a in zones.actor.tolist()]
    if by_zone:
        on_zone = np.array([by_zone.get(z) for z in zones.ids.tolist()], dtype=object)
        given = np.where(on_zone != None, on_zone, given)  # noqa: E711 (elementwise)
    has_given = given != None  # noqa: E711 (elementwise)
    todo = np.flatnonzero(redo & ~has_given).tolist()
    if todo:
        rows = [
            control.stance(scenario.mover, zones.actor[i], zones.kind[i], scenario.date)
            for i in todo
        ]
        for array, values in zip(arrays, _effect_arrays(control, rows)):
            array[todo] = values
    for stance in set(given[has_given].tolist()):
        at = given == stance
        for array, value in zip(arrays, _effect_arrays(control, [control.stance_row(stance)])):
            array[at] = value[0]
    return tuple(arrays)


_STATUS_WORDS = {
    "closed": "closed",
    "reconstruction": "closed for reconstruction",
    "unknown": "of unknown status on this date (treated as closed; "
    "Scenario.with_unknown_crossings('open') assumes it open)",
}


def _crossing_status(network, scenario) -> Mapping[str, tuple[str, str | None]]:
    control = network.control
    dated = control.crossing_status_at(scenario.date)

    def build() -> Mapping:
        sources = control.status_sources
        return MappingProxyType({c: (s, sources[row]) for c, (s, row) in dated.items()})

    status = network.cache.get_or_build(("crossing status", id(dated)), build)
    if not scenario.crossings:
        return status
    out = dict(status)
    for c, st in scenario.crossings:
        out[c] = (st, f"scenario {scenario.name!r}")
    return MappingProxyType(out)


def _crossing_blocks(network, scenario, index, reasons, state) -> tuple[Mapping, tuple]:
    """Crossing status on the date (then overrides); closed, rebuilding and (by the scenario's
    policy) unknown crossings block their edges. Returns (status, unknown crossings)."""
    status = _crossing_status(network, scenario)

    def build() -> tuple:
        blocking: tuple[str, ...] = ("closed", "reconstruction")
        if scenario.unknown_crossings == "closed":
            blocking += ("unknown",)
        unknown: list[str] = []
        texts: list[tuple[str, str, str]] = []
        edges: list[np.ndarray] = []
        codes: list[np.ndarray] = []
        for crossing, incident in index.crossing_edges.items():
            s = status.get(crossing, ("unknown", None))[0]
            if s == "unknown":
                unknown.append(crossing)
            if s in blocking:
                codes.append(np.full(len(incident), len(texts), dtype=np.int64))
                edges.append(incident)
                texts.append(("crossing", crossing, f"crossing {crossing!r} {_STATUS_WORDS[s]}"))
        blocked = np.concatenate(edges) if edges else np.zeros(0, np.int64)
        local = np.concatenate(codes) if codes else np.zeros(0, np.int64)
        effect = np.full(len(blocked), BLOCKED, dtype=np.int8)
        arrays = tuple(_frozen(a) for a in (blocked, local, effect))
        return tuple(sorted(unknown)), tuple(texts), arrays

    key = ("crossing blocks", id(status), scenario.unknown_crossings)
    unknown, texts, (blocked, local, effect) = (
        network.cache.get_or_build(key, build) if not scenario.crossings else build()
    )
    if texts:
        state[blocked] = BLOCKED
        first = len(reasons.texts)
        reasons.texts.extend(texts)
        reasons.add(blocked, local + first, effect)
    return status, unknown


def _live_pairs(zones: _Zones, index: EdgeIndex, live_zone: np.ndarray) -> np.ndarray:
    """Positions, in pair order, of the edge-zone pairs of the zones ``live_zone`` marks
    (gathered zone by zone for the network's own zones, masked with drawn ones)."""
    if len(zones.pair_zone) != len(index.pair_zone):
        return np.flatnonzero(live_zone[zones.pair_zone])
    z = np.flatnonzero(live_zone)
    start = index.zone_ptr[z]
    owner, offset = ragged_index(index.zone_ptr[z + 1] - start)
    return np.sort(index.zone_pairs[start[owner] + offset])


def _resolve(network: Network, given: Scenario) -> Resolution:
    index = edge_index(network)
    scenario = _canonical(network, given, index)
    _check_date(network, scenario)
    zones = _zones(network, scenario, index)
    stance, z_state, z_factor, z_risk, z_delay = _zone_effects(network, scenario, zones, index)
    n_edges = len(index.edges)
    state = np.zeros(n_edges, dtype=np.int8)
    factor, risk, delay = np.ones(n_edges), np.zeros(n_edges), np.zeros(n_edges)
    reasons = _Reasons()

    # zone effects, vectorised over the edge-zone incidence
    live = _live_pairs(zones, index, zones.active & (z_state != OPEN))
    pe, pz = zones.pair_edge[live], zones.pair_zone[live]
    blocked = z_state[pz] == BLOCKED
    values: tuple[np.ndarray, ...] = (
        z_state[pz],
        np.where(blocked, 1.0, z_factor[pz]),
        np.where(blocked, 0.0, z_risk[pz]),
        np.where(blocked, 0.0, z_delay[pz]),
    )
    targets: tuple[np.ndarray, ...] = (state, factor, risk, delay)
    for target, value in zip(targets, values):
        np.maximum.at(target, pe, value)
    code_of_zone = np.full(len(zones.ids), -1, dtype=np.int64)
    for z in np.unique(pz).tolist():
        code_of_zone[z] = reasons.new(
            "zone",
            zones.ids[z],
            f"{zones.kind[z]} zone {zones.ids[z]!r} held by {zones.actor[z]}: "
            f"{stance[z]} for {scenario.mover}",
        )
    codes = code_of_zone[pz]
    reasons.add(pe, codes, np.where(blocked, BLOCKED, PENALISED))
    status, unknown = _crossing_blocks(network, scenario, index, reasons, state)
    for road in scenario.roads_cut:
        cut = index.edges_by_road.get(road)
        if cut is None:
            cut = np.array([index.edge_by_id[road]], dtype=np.int64)
        state[cut] = BLOCKED
        code = reasons.new("road", road, f"road {road!r} cut by the scenario")
        reasons.add(cut, np.full(len(cut), code), np.full(len(cut), BLOCKED))
    ev = event_risk(network, scenario, index.geometry, index.length_km)
    risk = np.maximum(risk, ev.risk)
    factor[state == BLOCKED] = np.inf
    r_edge, r_code, r_effect = reasons.arrays()
    return Resolution(
        scenario=given,
        index=index,
        state=_frozen(state),
        factor=_frozen(factor),
        risk=_frozen(risk),
        event_risk=ev.risk,
        delay_h=_frozen(delay),
        zone_ids=_frozen(zones.ids),
        zone_kind=_frozen(zones.kind),
        pair_edge=_frozen(zones.pair_edge),
        pair_zone=_frozen(zones.pair_zone),
        active_zones=_frozen(zones.active),
        zone_actor=_frozen(zones.actor),
        zone_stance=_frozen(np.asarray(stance)),
        zone_state=_frozen(np.asarray(z_state)),
        reason_edge=_frozen(r_edge),
        reason_code=_frozen(r_code),
        reason_effect=_frozen(r_effect),
        reasons=tuple(reasons.texts),
        crossing_status=status,
        unknown_crossings=unknown,
        events=ev,
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
        log.debug("resolving scenario %r on network %r", scenario.name, network.name)
        hit = cache.store(key, _resolve(network, scenario))
    return hit


def zones_at(network: Network, scenario: Scenario | str | Path, lon: float, lat: float) -> list:
    """The zones holding a point (lon, lat, EPSG:4326) under ``scenario``, the most
    restrictive first: (zone id, holder, kind, the mover's stance, state) for each zone in force
    that contains it (the network's zones and the scenario's drawn ones). Airports and ports
    are controlled this way."""
    res = resolve(network, scenario)
    table = network.zone_table
    geoms = [] if table is None else list(table.geometry.to_numpy())
    geoms += [z.geometry for z in res.scenario.zones_added]
    if not geoms:
        return []
    inside = shapely.contains_xy(np.array(geoms, dtype=object), lon, lat)
    hit = np.flatnonzero(inside & res.active_zones[: len(geoms)])
    rows = [
        (
            str(res.zone_ids[i]),
            str(res.zone_actor[i]),
            str(res.zone_kind[i]),
            str(res.zone_stance[i]),
            int(res.zone_state[i]),
        )
        for i in hit
    ]
    return sorted(rows, key=lambda r: -r[4])


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
    (exposure per km: the larger of zone risk and event risk), event_risk (the part events
    give), zones (ids of the zones that apply to the edge, drawn zones as "drawn:<name>"),
    reasons (text, "; "-separated), geometry. Indexed by (u, v, key).
    """
    res = resolve(network, scenario)
    index = res.index
    base = network.cache.get_or_build("edge_frame", lambda: _edge_frame(network))
    texts: list[list[str]] = [[] for _ in range(len(index.edges))]
    for e, c in zip(res.reason_edge, res.reason_code):
        texts[e].append(res.reasons[c][2])
    zone_lists: list[tuple] = [() for _ in range(len(index.edges))]
    live = res.active_zones[res.pair_zone]
    for e, z in zip(res.pair_edge[live], res.pair_zone[live]):
        zone_lists[e] = (*zone_lists[e], res.zone_ids[z])
    out = base.copy()
    out.insert(7, "state", np.asarray(STATE_NAMES, dtype=object)[res.state])
    out.insert(8, "factor", np.array(res.factor))
    out.insert(9, "risk", np.array(res.risk))
    out.insert(10, "event_risk", np.array(res.event_risk))
    out.insert(11, "zones", pd.Series(zone_lists, index=out.index, dtype=object))
    out.insert(12, "reasons", ["; ".join(t) for t in texts])
    return out
