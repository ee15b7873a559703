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
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._checks import check_lonlat
from ._geometry import ragged_index, read_only
from ._schema import BLOCKED, OPEN, PENALISED, STATE_NAMES
from .errors import ScenarioError, ScenarioWarning, user_stacklevel
from .events import EventRisk, event_risk
from .incidence import EdgeIndex, edge_index
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
    "canonical",
    "edge_index",
    "resolve",
    "edge_states",
    "zones_at",
]


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
    zone_worst: np.ndarray  # per edge: the most severe state its zones give (OPEN: none)
    crossing_status: Mapping[str, tuple[str, str | None]]  # crossing id -> (status, source)
    unknown_crossings: tuple  # crossings whose status is unknown on the date
    events: EventRisk  # which events count, and their weights
    collected: _Reasons = field(repr=False)  # the reasons, as collected while resolving

    @cached_property
    def _reason_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return tuple(read_only(a) for a in self.collected.arrays())  # type: ignore[return-value]

    @property
    def reason_edge(self) -> np.ndarray:
        """Per (edge, reason) row: the edge."""
        return self._reason_arrays[0]

    @property
    def reason_code(self) -> np.ndarray:
        """Per row: the reason, an index into :attr:`reasons`."""
        return self._reason_arrays[1]

    @property
    def reason_effect(self) -> np.ndarray:
        """Per row: what the reason does to the edge (PENALISED or BLOCKED)."""
        return self._reason_arrays[2]

    @cached_property
    def reasons(self) -> tuple:
        """(kind, id, text) per reason code."""
        return self.collected.texts()

    @property
    def nbytes(self) -> int:
        """Approximate memory held by this resolution (bytes), for the cache's bound."""
        arrays = (
            self.state,
            self.factor,
            self.risk,
            self.event_risk,
            self.delay_h,
            self.zone_worst,
            self.pair_edge,
            self.pair_zone,
        )
        return (
            sum(a.nbytes for a in arrays)
            + self.collected.nbytes
            + 100 * (len(self.crossing_status) + 4 * len(self.zone_ids))
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


def canonical(network: Network, scenario: Scenario, index: EdgeIndex | None = None) -> Scenario:
    """The scenario with every actor, zone, crossing and road given by its id, checked against
    the network and its control data (names and aliases accepted; unknown ones raise with
    suggestions)."""
    index = edge_index(network) if index is None else index
    control = network.control
    control.check_mover(scenario.mover)
    actor = control.actor_id
    zones = index.zone_index
    label = f"scenario {scenario.name!r}"
    stances = _by_id(scenario.stances, actor, "a stance toward", label)
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
            sorted(_by_id(scenario.crossings, network.crossing_id, "crossing", label).items())
        ),
        "zones_removed": tuple(sorted({zones.resolve(z) for z in scenario.zones_removed})),
        "zones_transferred": tuple(
            sorted(
                _by_id(
                    ((z, actor(a)) for z, a in scenario.zones_transferred),
                    zones.resolve,
                    "a transfer of zone",
                    label,
                ).items()
            )
        ),
        "zone_stances": tuple(
            sorted(
                _by_id(scenario.zone_stances, zones.resolve, "a stance toward zone", label).items()
            )
        ),
        "zones_added": drawn,
        "actors_removed": tuple(sorted({actor(a) for a in scenario.actors_removed})),
        "roads_cut": tuple(sorted(roads)),
    }
    if own in changes["actors_removed"]:
        raise ScenarioError(
            f"{label}: {own!r} is the mover's own side ({scenario.mover}); removing it changes "
            "nothing, since its zones are passable for the mover: transfer its zones instead"
        )
    both = set(changes["zones_removed"]) & {z for z, _ in changes["zones_transferred"]}
    if both:
        raise ScenarioError(
            f"{label}: zone(s) {', '.join(sorted(both))} are both removed and transferred; "
            "keep one of the two what-ifs"
        )
    changes = {k: v for k, v in changes.items() if v != getattr(scenario, k)}
    return replace(scenario, **changes) if changes else scenario


def _by_id(pairs, resolve, what: str, label: str) -> dict[str, Any]:
    """{id: value} of (name, value) pairs, names resolved to ids; the same id given twice
    with different values (two spellings of one crossing, say) is refused."""
    out: dict[str, tuple[str, Any]] = {}
    for name, value in pairs:
        ident = resolve(name)
        if ident in out and out[ident][1] != value:
            first, given = out[ident]
            raise ScenarioError(
                f"{label}: {what} {ident!r} is given twice ({first!r}: {given!r}, "
                f"{name!r}: {value!r}); keep one"
            )
        out[ident] = (name, value)
    return {ident: value for ident, (_, value) in out.items()}


def _warn_out_of_force(index: EdgeIndex, scenario: Scenario) -> None:
    """Warn (ScenarioWarning) of what-ifs on zones not in force on the scenario's date: removing,
    transferring or setting a stance toward such a zone changes nothing."""
    named = {
        *scenario.zones_removed,
        *(z for z, _ in scenario.zones_transferred),
        *(z for z, _ in scenario.zone_stances),
    }
    if not named:
        return
    day = scenario.date.toordinal()
    for i in np.flatnonzero(np.isin(index.zone_ids, sorted(named))).tolist():
        start, end = int(index.zone_start[i]), int(index.zone_end[i])
        if not start <= day < end:
            until = "" if end >= dt.date.max.toordinal() else f" to {dt.date.fromordinal(end)}"
            warnings.warn(
                f"scenario {scenario.name!r}: zone {index.zone_ids[i]!r} is not in force on "
                f"{scenario.date} (it applies from {dt.date.fromordinal(start)}{until}); the "
                "what-if on it changes nothing",
                ScenarioWarning,
                stacklevel=user_stacklevel(),
            )


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
    """Collects (edge, reason, effect) triples while resolving; the reason texts and the
    concatenated arrays are built when first asked for (routing never needs them)."""

    def __init__(self) -> None:
        self._texts: list[Callable[[], list[tuple[str, str, str]]]] = []
        self.count = 0
        self.edge: list[np.ndarray] = []
        self.code: list[np.ndarray] = []
        self.effect: list[np.ndarray] = []

    def add(self, edges: np.ndarray, code: np.ndarray, effect: np.ndarray) -> None:
        self.edge.append(np.asarray(edges, dtype=np.int64))
        self.code.append(np.asarray(code, dtype=np.int64))
        self.effect.append(np.asarray(effect, dtype=np.int8))

    def extend(self, n: int, texts: Callable[[], list[tuple[str, str, str]]]) -> int:
        """Reserve ``n`` reason codes whose (kind, id, text) ``texts()`` gives; the first."""
        self._texts.append(texts)
        self.count += n
        return self.count - n

    def new(self, kind: str, ident: str, text: str) -> int:
        return self.extend(1, lambda: [(kind, ident, text)])

    def texts(self) -> tuple[tuple[str, str, str], ...]:
        return tuple(t for part in self._texts for t in part())

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not self.edge:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int8)
        return np.concatenate(self.edge), np.concatenate(self.code), np.concatenate(self.effect)

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (*self.edge, *self.code, *self.effect)) + 100 * self.count


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
    if scenario.zones_added:
        return _Zones(
            np.array(ids, dtype=object),
            np.array(actor, dtype=object),
            np.array(kind, dtype=object),
            np.array(flags, dtype=bool),
            np.concatenate(pair_edge).astype(np.int64),
            np.concatenate(pair_zone).astype(np.int64),
        )
    # the network's own zones: its arrays themselves where nothing changed them
    held = np.array(actor, dtype=object) if scenario.zones_transferred else index.zone_actor
    return _Zones(
        index.zone_ids,
        held,
        index.zone_kind,
        np.array(flags, dtype=bool),
        index.pair_edge,
        index.pair_zone,
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
        return tuple(read_only(a) for a in _effect_arrays(control, rows))

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
    at_stance: dict[str, np.ndarray] = {}
    for holder, stance in overrides.items():
        at_stance[stance] = at_stance.get(stance, False) | (zones.actor == holder)
    for zone, stance in by_zone.items():
        on_zone = zones.ids == zone
        for mask in at_stance.values():
            mask &= ~on_zone
        at_stance[stance] = at_stance.get(stance, False) | on_zone
    # (the data's stance toward their holder is read for the overridden ones too: a stance
    # the data already give a zone keeps the zone's own figures, below)
    todo = np.flatnonzero(redo).tolist()
    if todo:
        rows = [
            control.stance(scenario.mover, zones.actor[i], zones.kind[i], scenario.date)
            for i in todo
        ]
        for array, values in zip(arrays, _effect_arrays(control, rows)):
            array[todo] = values
    for stance, mask in at_stance.items():
        # a zone the data already give this stance keeps its own factor, risk and delay
        # (restating a stance changes nothing); the others get the stance's defaults
        mask = mask & (arrays[0] != stance)
        row = control.stance_row(stance)
        values = (stance, control.effect(stance).state, row.factor, row.risk, row.delay_h)
        for array, value in zip(arrays, values):
            array[mask] = value
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
        arrays = tuple(read_only(a) for a in (blocked, local, effect))
        return tuple(sorted(unknown)), tuple(texts), arrays

    key = ("crossing blocks", id(status), scenario.unknown_crossings)
    unknown, texts, (blocked, local, effect) = (
        network.cache.get_or_build(key, build) if not scenario.crossings else build()
    )
    if texts:
        state[blocked] = BLOCKED
        first = reasons.extend(len(texts), lambda: list(texts))
        reasons.add(blocked, local + first, effect)
    return status, unknown


# below this many edge-zone pairs, masking them all is cheaper than gathering the live zones'
# pairs and sorting them: _live_pairs took 17 us against 34 us on the bundled network (1,267
# pairs) and 204 us against 93 us on osm-highways (46,633), autumn-2019, timeit
_MASK_PAIRS = 8192


def _live_pairs(
    zones: _Zones, index: EdgeIndex, live_zone: np.ndarray
) -> tuple[np.ndarray, list[int]]:
    """Positions, in pair order, of the edge-zone pairs of the zones ``live_zone`` marks
    (gathered zone by zone for the network's own zones when it has many pairs; masked in one
    pass when few, or with drawn zones), and the zones with at least one such pair, in zone
    order."""
    drawn = len(zones.ids) != len(index.zone_ids) or len(zones.pair_zone) != len(index.pair_zone)
    if drawn or len(zones.pair_zone) <= _MASK_PAIRS:
        # drawn zones (some perhaps over no road), or few pairs: one pass over all pairs
        live = np.flatnonzero(live_zone[zones.pair_zone])
        return live, np.unique(zones.pair_zone[live]).tolist()
    z = np.flatnonzero(live_zone)
    start = index.zone_ptr[z]
    size = index.zone_ptr[z + 1] - start
    owner, offset = ragged_index(size)
    return np.sort(index.zone_pairs[start[owner] + offset]), z[size > 0].tolist()


def _resolve(network: Network, given: Scenario) -> Resolution:
    network.check_control()  # once per network and control tables
    index = edge_index(network)
    scenario = canonical(network, given, index)
    _check_date(network, scenario)
    _warn_out_of_force(index, scenario)
    zones = _zones(network, scenario, index)
    stance, z_state, z_factor, z_risk, z_delay = _zone_effects(network, scenario, zones, index)
    n_edges = len(index.edges)
    state = np.zeros(n_edges, dtype=np.int8)
    factor, risk, delay = np.ones(n_edges), np.zeros(n_edges), np.zeros(n_edges)
    reasons = _Reasons()

    # zone effects, vectorised over the edge-zone incidence
    live, live_zones = _live_pairs(zones, index, zones.active & (z_state != OPEN))
    pe, pz = zones.pair_edge[live], zones.pair_zone[live]
    effect = z_state[pz]  # PENALISED or BLOCKED
    blocked = effect == BLOCKED
    values: tuple[np.ndarray, ...] = (
        effect,
        np.where(blocked, 1.0, z_factor[pz]),
        np.where(blocked, 0.0, z_risk[pz]),
        np.where(blocked, 0.0, z_delay[pz]),
    )
    targets: tuple[np.ndarray, ...] = (state, factor, risk, delay)
    for target, value in zip(targets, values):
        np.maximum.at(target, pe, value)
    zone_worst = state.copy()
    code_of_zone = np.full(len(zones.ids), -1, dtype=np.int64)
    code_of_zone[live_zones] = np.arange(len(live_zones)) + reasons.extend(
        len(live_zones),
        lambda: [
            (
                "zone",
                zones.ids[z],
                f"{zones.kind[z]} zone {zones.ids[z]!r} held by {zones.actor[z]}: "
                f"{stance[z]} for {scenario.mover}",
            )
            for z in live_zones
        ],
    )
    codes = code_of_zone[pz]
    reasons.add(pe, codes, effect)
    status, unknown = _crossing_blocks(network, scenario, index, reasons, state)
    for road in scenario.roads_cut:
        cut = index.edges_by_road.get(road)
        if cut is None:
            cut = np.array([index.edge_by_id[road]], dtype=np.int64)
        state[cut] = BLOCKED
        code = reasons.new("road", road, f"road {road!r} cut by the scenario")
        reasons.add(cut, np.full(len(cut), code), np.full(len(cut), BLOCKED))
    ev = event_risk(network, scenario, index.geometry, index.length_km)
    np.maximum(risk, ev.risk, out=risk)
    factor[state == BLOCKED] = np.inf
    return Resolution(
        scenario=given,
        index=index,
        state=read_only(state),
        factor=read_only(factor),
        risk=read_only(risk),
        event_risk=ev.risk,
        delay_h=read_only(delay),
        zone_ids=read_only(zones.ids),
        zone_kind=read_only(zones.kind),
        pair_edge=read_only(zones.pair_edge),
        pair_zone=read_only(zones.pair_zone),
        active_zones=read_only(zones.active),
        zone_actor=read_only(zones.actor),
        zone_stance=read_only(np.asarray(stance)),
        zone_state=read_only(np.asarray(z_state)),
        zone_worst=read_only(zone_worst),
        collected=reasons,
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
    lon, lat = check_lonlat(lon, lat, error=ScenarioError)
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
