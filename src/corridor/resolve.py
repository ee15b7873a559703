"""Resolving a scenario on a network: the state of every edge, with reasons.

Each edge is ``open``, ``penalised`` (passable at a time factor and an exposure risk) or
``blocked``. The edge-to-zone assignment was computed once, when the network was built
(edges are split at zone boundaries, so a zone covers an edge wholly or not at all);
resolving a scenario only looks up dates, stances and overrides in arrays.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd

from .errors import ScenarioError, UnknownNameError
from .names import NameIndex
from .scenario import Scenario

__all__ = ["OPEN", "PENALISED", "BLOCKED", "STATE_NAMES", "Resolution", "resolve", "edge_states"]

OPEN, PENALISED, BLOCKED = 0, 1, 2
STATE_NAMES = np.array(["open", "penalised", "blocked"], dtype=object)
_CACHE_SIZE = 128


@dataclass(frozen=True, eq=False)
class EdgeIndex:
    """Per-network arrays that every scenario resolution reuses (built once, cached)."""

    edges: list  # (u, v, key) in a fixed order
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
    crossing_edges: dict  # crossing id -> edge indices incident to it
    edge_by_id: dict
    edges_by_road: dict

    @classmethod
    def of(cls, network) -> EdgeIndex:
        cached = network._cache.get("edge_index")
        if cached is not None:
            return cached
        graph = network.graph
        edges = list(graph.edges(keys=True))
        data = [graph.edges[e] for e in edges]
        zones = network.zones
        if zones is not None and len(zones):
            zone_ids = zones["id"].to_numpy(dtype=object)
            zone_pos = {z: i for i, z in enumerate(zone_ids)}
            zone_cols = {
                c: zones[c].to_numpy(dtype=object)
                for c in ("actor", "kind", "valid_from", "valid_to")
            }
            names = (
                zones["name"].fillna(zones["id"]).to_numpy(dtype=object)
                if "name" in zones
                else zone_ids
            )
        else:
            zone_ids = np.array([], dtype=object)
            zone_pos = {}
            zone_cols = {
                c: np.array([], dtype=object) for c in ("actor", "kind", "valid_from", "valid_to")
            }
            names = zone_ids
        pair_edge, pair_zone = [], []
        for i, d in enumerate(data):
            for z in d.get("zones") or ():
                if z not in zone_pos:
                    raise ScenarioError(
                        f"network {network.name!r}: edge {d['id']!r} refers to zone {z!r}, which the "
                        "network's zones layer does not have; rebuild the network with its zones"
                    )
                pair_edge.append(i)
                pair_zone.append(zone_pos[z])
        crossing_edges: dict[str, list[int]] = {}
        node_kind = {n: k for n, k in graph.nodes(data="kind")}
        for i, (u, v, _) in enumerate(edges):
            for node in {u, v}:
                if node_kind[node] == "crossing":
                    crossing_edges.setdefault(node, []).append(i)
        edge_ids = np.array([d["id"] for d in data], dtype=object)
        road_ids = np.array([d.get("road_id") or d["id"] for d in data], dtype=object)
        by_road: dict[str, list[int]] = {}
        for i, r in enumerate(road_ids):
            by_road.setdefault(r, []).append(i)
        index = cls(
            edges=edges,
            edge_ids=edge_ids,
            road_ids=road_ids,
            length_km=np.array([d["length_km"] for d in data], dtype=float),
            pair_edge=np.array(pair_edge, dtype=np.int64),
            pair_zone=np.array(pair_zone, dtype=np.int64),
            zone_ids=zone_ids,
            zone_actor=zone_cols["actor"],
            zone_kind=zone_cols["kind"],
            zone_from=zone_cols["valid_from"],
            zone_to=zone_cols["valid_to"],
            zone_names=names,
            crossing_edges={c: np.array(v, dtype=np.int64) for c, v in crossing_edges.items()},
            edge_by_id={e: i for i, e in enumerate(edge_ids)},
            edges_by_road={r: np.array(v, dtype=np.int64) for r, v in by_road.items()},
        )
        network._cache["edge_index"] = index
        return index


@dataclass(frozen=True, eq=False)
class Resolution:
    """The state of every edge of a network under a scenario.

    Arrays are aligned with ``index.edges``. ``reason_edge[i]`` has reason
    ``reasons[reason_code[i]]``, with effect ``reason_effect[i]`` (PENALISED or BLOCKED).
    """

    scenario: Scenario
    index: EdgeIndex
    state: np.ndarray
    factor: np.ndarray
    risk: np.ndarray
    active_zones: np.ndarray  # bool per zone: applies under the scenario
    zone_actor: np.ndarray  # actor holding each zone under the scenario
    zone_stance: np.ndarray  # the mover's stance toward each zone's actor
    reason_edge: np.ndarray
    reason_code: np.ndarray
    reason_effect: np.ndarray
    reasons: list  # (kind, id, text) per reason code
    crossing_status: dict  # crossing id -> (status, source text)

    def edge_reasons(self, i: int) -> list[str]:
        codes = self.reason_code[self.reason_edge == i]
        return [self.reasons[c][2] for c in codes]


def _canonical(network, scenario: Scenario, index: EdgeIndex) -> Scenario:
    """The scenario with every actor, zone and crossing given by its id, checked against the
    network and its control data (names and aliases accepted; unknown ones raise with
    suggestions)."""
    control = network.control
    control.check_mover(scenario.mover)
    actor = control.actor_id
    zones = NameIndex(((z, n, ()) for z, n in zip(index.zone_ids, index.zone_names)), what="zone")
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


def _check_date(network, scenario: Scenario, index: EdgeIndex) -> None:
    """Refuse dates before the control data begins: everything would look open."""
    starts = [d for d in index.zone_from if d]
    starts += [d for d in network.control.crossing_status["valid_from"] if d]
    if starts and scenario.date.isoformat() < min(starts):
        raise ScenarioError(
            f"scenario {scenario.name!r}: {scenario.date.isoformat()} is before the control data "
            f"begins ({min(starts)}); nothing would be known to block any road. Pick a later date"
        )


def resolve(network, scenario: Scenario) -> Resolution:
    """Resolve ``scenario`` on ``network`` (cached per network and scenario).

    Returns
    -------
    Resolution
        Edge states, time factors, risks and reasons.
    """
    cache: OrderedDict = network._cache.setdefault("resolutions", OrderedDict())
    hit = cache.get(scenario)
    if hit is not None:
        cache.move_to_end(scenario)
        return hit
    index = EdgeIndex.of(network)
    given = scenario
    scenario = _canonical(network, scenario, index)
    _check_date(network, scenario, index)
    control = network.control
    n_edges, n_zones = len(index.edges), len(index.zone_ids)
    iso = scenario.date.isoformat()

    # zones that apply, and who holds them
    active = np.array(
        [(f <= iso) and (t is None or iso < t) for f, t in zip(index.zone_from, index.zone_to)],
        dtype=bool,
    )
    removed = set(scenario.zones_removed)
    actors_gone = set(scenario.actors_removed)
    transferred = dict(scenario.zones_transferred)
    actor = np.array(
        [transferred.get(z, a) for z, a in zip(index.zone_ids, index.zone_actor)], dtype=object
    )
    for i, z in enumerate(index.zone_ids):
        if z in removed or actor[i] in actors_gone:
            active[i] = False
    overrides = dict(scenario.stances)
    stance = np.empty(n_zones, dtype=object)
    z_factor = np.ones(n_zones)
    z_risk = np.zeros(n_zones)
    for i in range(n_zones):
        if actor[i] in overrides:
            s = overrides[actor[i]]
            f, r = control.default_factor(scenario.mover, s) if s == "contested" else (1.0, 0.0)
        else:
            s, f, r = control.stance(scenario.mover, actor[i], index.zone_kind[i])
        stance[i], z_factor[i], z_risk[i] = s, f, r

    reasons: list[tuple[str, str, str]] = []
    r_edge, r_code, r_effect = [], [], []
    state = np.zeros(n_edges, dtype=np.int8)
    factor = np.ones(n_edges)
    risk = np.zeros(n_edges)

    # zone effects, vectorised over the edge-zone incidence
    live = active[index.pair_zone] & (stance[index.pair_zone] != "passable")
    pe, pz = index.pair_edge[live], index.pair_zone[live]
    denied = stance[pz] == "denied"
    np.maximum.at(state, pe, np.where(denied, BLOCKED, PENALISED).astype(np.int8))
    np.maximum.at(factor, pe, np.where(denied, 1.0, z_factor[pz]))
    np.maximum.at(risk, pe, np.where(denied, 0.0, z_risk[pz]))
    zone_code = {}
    for z in np.unique(pz):
        zone_code[z] = len(reasons)
        reasons.append(
            (
                "zone",
                index.zone_ids[z],
                f"{index.zone_kind[z]} zone {index.zone_ids[z]!r} held by {actor[z]}: "
                f"{stance[z]} for {scenario.mover}",
            )
        )
    r_edge.append(pe)
    r_code.append(np.array([zone_code[z] for z in pz], dtype=np.int64))
    r_effect.append(np.where(denied, BLOCKED, PENALISED))

    def block(edges: np.ndarray, kind: str, ident: str, text: str) -> None:
        state[edges] = BLOCKED
        r_edge.append(edges)
        r_code.append(np.full(len(edges), len(reasons), dtype=np.int64))
        r_effect.append(np.full(len(edges), BLOCKED))
        reasons.append((kind, ident, text))

    # crossing status: dated records, then overrides
    status = {
        c: (s, control.crossing_status["source"].iloc[row])
        for c, (s, row) in control.crossing_status_at(scenario.date).items()
    }
    for c, s in scenario.crossings:
        status[c] = (s, f"scenario {scenario.name!r}")
    for crossing, edges in index.crossing_edges.items():
        s = status.get(crossing, ("open", None))[0]
        if s in ("closed", "reconstruction"):
            words = "closed" if s == "closed" else "closed for reconstruction"
            block(edges, "crossing", crossing, f"crossing {crossing!r} {words}")

    # roads cut
    for road in scenario.roads_cut:
        edges = index.edges_by_road.get(road)
        if edges is None:
            edges = np.array([index.edge_by_id[road]], dtype=np.int64)
        block(edges, "road", road, f"road {road!r} cut by the scenario")

    factor[state == BLOCKED] = np.inf
    result = Resolution(
        scenario=given,
        index=index,
        state=state,
        factor=factor,
        risk=risk,
        active_zones=active,
        zone_actor=actor,
        zone_stance=stance,
        reason_edge=np.concatenate(r_edge).astype(np.int64),
        reason_code=np.concatenate(r_code).astype(np.int64),
        reason_effect=np.concatenate(r_effect).astype(np.int8),
        reasons=reasons,
        crossing_status=status,
    )
    for arr in (state, factor, risk):
        arr.setflags(write=False)
    cache[given] = result
    if len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)
    return result


def edge_states(network, scenario: Scenario) -> gpd.GeoDataFrame:
    """The state of every edge under a scenario, as a GeoDataFrame (EPSG:4326).

    Columns: id, road_id, road, road_class, surface, country, length_km, state ("open",
    "penalised", "blocked"), factor (travel-time multiplier; inf when blocked), risk
    (exposure per km), zones (ids of the zones that apply to the edge), reasons (text,
    "; "-separated), geometry. Indexed by (u, v, key).
    """
    res = resolve(network, scenario)
    index = res.index
    base = network._cache.get("edge_frame")
    if base is None:
        _, base = network.to_gdfs(nodes=False)
        # to_gdfs lists edges in graph order (as EdgeIndex does), oriented along their geometry
        base = base[
            ["id", "road_id", "road", "road_class", "surface", "country", "length_km", "geometry"]
        ]
        network._cache["edge_frame"] = base
    texts: list[list[str]] = [[] for _ in range(len(index.edges))]
    for e, c in zip(res.reason_edge, res.reason_code):
        texts[e].append(res.reasons[c][2])
    zone_lists: list[tuple] = [() for _ in range(len(index.edges))]
    live = res.active_zones[index.pair_zone]
    for e, z in zip(index.pair_edge[live], index.pair_zone[live]):
        zone_lists[e] = (*zone_lists[e], index.zone_ids[z])
    out = base.copy()
    out.insert(7, "state", STATE_NAMES[res.state])
    out.insert(8, "factor", np.asarray(res.factor))
    out.insert(9, "risk", np.asarray(res.risk))
    out.insert(10, "zones", pd.Series(zone_lists, index=out.index, dtype=object))
    out.insert(11, "reasons", ["; ".join(t) for t in texts])
    return out
