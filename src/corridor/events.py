"""Event exposure: how dated strikes, attacks and seizures raise the risk of nearby roads.

The model (``data/event_risk.csv``; the numbers without a published basis are labelled
ASSUMPTION there):

- an event counts on scenario date D for the mover when it is a land event, happened at most
  ``window_days`` before D (and not after it), and its actor is "unknown" or one the mover
  does not regard as passable on D (so coalition strikes count for the Iran-aligned axis and
  Iran-aligned attacks for a coalition convoy): the scenario's stance toward the actor where
  it sets one (``Scenario.with_stance``), else the data's;
- its weight is ``kind_weight * confidence_weight * 0.5 ** (age_days / half_life_days)``;
- it affects road within ``r = radius_km + pad_km`` (the pad by location precision) of its
  point fully, falling linearly to zero at ``2 r``: an edge's exposure to it is the length of
  the edge within ``r`` plus half the length between ``r`` and ``2 r`` (km);
- an edge's event risk per km is ``min(cap, sum(weight * exposure_km) / edge length)``; its
  risk per km is the larger of its zone risk and its event risk, so events never lower risk.

Distances are geodesic (WGS84): circles are drawn with ``pyproj.Geod.fwd`` and lengths
measured with :func:`corridor.distance.geodesic_length_km`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

import numpy as np
import shapely

from ._geometry import ragged_index, read_only
from .distance import GEOD, deg_radius, geodesic_length_km
from .network import Network
from .whatif import Scenario

__all__ = [
    "EventPairs",
    "event_pairs",
    "EventRisk",
    "event_risk",
    "hostile_events",
    "circle",
    "circles",
    "edge_tree",
]

_AZIMUTHS = np.linspace(0.0, 360.0, 65)[:-1]


def circles(
    lon: float | np.ndarray, lat: float | np.ndarray, radius_km: float | np.ndarray
) -> np.ndarray:
    """Geodesic circles (64 vertices each) of ``radius_km`` around points, in lon/lat: an array
    of polygons, one per point (the arguments broadcast together)."""
    lon, lat, radius_km = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(a, float)) for a in (lon, lat, radius_km))
    )
    n = len(_AZIMUTHS)
    shape = (len(lon), n)
    lons, lats, _ = GEOD.fwd(
        np.repeat(lon, n),
        np.repeat(lat, n),
        np.tile(_AZIMUTHS, len(lon)),
        np.repeat(radius_km * 1000.0, n),
    )
    return shapely.polygons(np.stack([lons.reshape(shape), lats.reshape(shape)], axis=-1))


def circle(lon: float, lat: float, radius_km: float) -> shapely.Polygon:
    """A geodesic circle (64 vertices) of ``radius_km`` around a point, in lon/lat."""
    return circles(lon, lat, radius_km)[0]


@dataclass(frozen=True, eq=False)
class EventPairs:
    """Edges near each event (for one radius): exposure km of edge ``edge[i]`` to event
    ``event[i]`` (read-only arrays)."""

    edge: np.ndarray
    event: np.ndarray  # ascending
    exposure_km: np.ndarray

    @cached_property
    def event_ptr(self) -> np.ndarray:
        """Event j's pairs are ``event_ptr[j]:event_ptr[j + 1]`` (up to the last paired event)."""
        last = int(self.event[-1]) + 1 if len(self.event) else 0
        return read_only(np.searchsorted(self.event, np.arange(last + 1)))

    def of_events(self, events: np.ndarray) -> np.ndarray:
        """Positions of the pairs of ``events`` (ascending event indices), in pair order."""
        ptr = self.event_ptr
        events = events[events < len(ptr) - 1]
        start = ptr[events]
        owner, offset = ragged_index(ptr[events + 1] - start)
        return start[owner] + offset


def edge_tree(network: Network, geoms: np.ndarray) -> shapely.STRtree:
    """An STRtree of the network's edge geometries (in edge-index order; cached)."""
    return network.cache.get_or_build("edge_tree", lambda: shapely.STRtree(geoms))


def _build_pairs(network: Network, geoms: np.ndarray, radius_km: float) -> EventPairs:
    events = network.control.events
    empty = EventPairs(*(read_only(np.zeros(0, t)) for t in (np.int64, np.int64, float)))
    if events is None or not len(events) or not len(geoms):
        return empty
    pads = network.control.event_params.get("pad_km", {})
    xy = shapely.get_coordinates(events.geometry.values)
    r = radius_km + np.array([float(pads.get(p, 0.0)) for p in events["location_precision"]])
    on = np.flatnonzero(r > 0)
    if not len(on):
        return empty
    # every (event, edge) pair within 2 r at once, then the exposure of each pair
    x, y, r = xy[on, 0], xy[on, 1], r[on]
    tree = edge_tree(network, geoms)
    nth, near = tree.query(shapely.points(x, y), predicate="dwithin", distance=deg_radius(2 * r, y))
    lines = geoms[near]
    inner = geodesic_length_km(shapely.intersection(lines, circles(x, y, r)[nth]))
    outer = geodesic_length_km(shapely.intersection(lines, circles(x, y, 2 * r)[nth]))
    km = inner + 0.5 * (outer - inner)
    keep = km > 1e-9
    return EventPairs(
        read_only(near[keep].astype(np.int64)),
        read_only(on[nth[keep]].astype(np.int64)),
        read_only(km[keep].astype(float)),
    )


def event_pairs(network: Network, geoms: np.ndarray, radius_km: float) -> EventPairs:
    """Edge-event exposure for ``radius_km`` (cached per network state and radius); ``geoms``
    are the edge geometries in edge-index order."""
    key = ("event_pairs", float(radius_km))
    return network.cache.get_or_build(key, lambda: _build_pairs(network, geoms, radius_km))


@dataclass(frozen=True, eq=False)
class EventRisk:
    """Event risk of a scenario: risk per km of each edge, and the events that count with
    their weights (``weights`` maps event id -> weight)."""

    risk: np.ndarray
    pairs: EventPairs
    weight: np.ndarray  # per event of the layer (0 when it does not count)
    ids: np.ndarray  # id per event of the layer
    counting: np.ndarray  # positions in ``pairs`` of the pairs of the events that count

    @property
    def nbytes(self) -> int:
        """Bytes of this scenario's own arrays (the pairs and ids are the network's)."""
        return int(self.risk.nbytes + self.weight.nbytes + self.counting.nbytes)

    @property
    def weights(self) -> Mapping[str, float]:
        """Event id -> weight, for the events that count."""
        live = np.flatnonzero(self.weight > 0).tolist()
        return MappingProxyType({self.ids[j]: float(self.weight[j]) for j in live})


@dataclass(frozen=True, eq=False)
class _EventTable:
    """The event layer as arrays (built once per network state and control data)."""

    ids: np.ndarray
    day: np.ndarray  # proleptic ordinal of each event's date
    actor: np.ndarray
    actors: tuple  # the distinct actors
    actor_code: np.ndarray  # index into ``actors``
    land: np.ndarray  # bool
    base_weight: np.ndarray  # kind weight x confidence weight


def _event_table(network: Network) -> _EventTable:
    def build() -> _EventTable:
        events = network.control.events
        params = network.control.event_params
        actors, code = np.unique(
            events["actor"].to_numpy(dtype=object).astype(str), return_inverse=True
        )
        kind_w = np.array([params.get("kind_weight", {}).get(k, 0.0) for k in events["kind"]])
        conf_w = np.array(
            [params.get("confidence_weight", {}).get(c, 1.0) for c in events["confidence"]]
        )
        return _EventTable(
            ids=read_only(events["id"].to_numpy(dtype=object)),
            day=read_only(np.array([dt.date.fromisoformat(d).toordinal() for d in events["date"]])),
            actor=read_only(events["actor"].to_numpy(dtype=object)),
            actors=tuple(actors.tolist()),
            actor_code=read_only(code),
            land=read_only(events["domain"].to_numpy(dtype=object) == "land"),
            base_weight=read_only(kind_w * conf_w),
        )

    return network.cache.get_or_build("event_table", build)


def hostile_events(network: Network, scenario: Scenario) -> np.ndarray:
    """Per event of the layer (in its row order): whether its actor counts against the
    scenario's mover on its date, i.e. is "unknown" or one the mover does not regard as
    passable: the scenario's stance toward the actor where it sets one
    (``Scenario.with_stance``), else the data's (``stances.csv``, any zone kind). Domain and
    date are not looked at. Read-only; empty without an event layer."""
    control = network.control
    if control.events is None or not len(control.events):
        return read_only(np.zeros(0, dtype=bool))
    table = _event_table(network)
    stances = control.stances_on(scenario.mover, scenario.date)

    def hostile() -> np.ndarray:
        flags = [
            a == "unknown"
            or control.effect(control.stance(scenario.mover, a, "*", scenario.date).stance).state
            > 0
            for a in table.actors
        ]
        return read_only(np.array(flags, dtype=bool))

    key = ("hostile event actors", scenario.mover, id(stances))
    hostile_actor = network.cache.get_or_build(key, hostile)
    if scenario.stances:  # the scenario's stance toward an actor wins over the data's
        given = {control.actor_id(a): s for a, s in scenario.stances}
        if any(a in given for a in table.actors):
            hostile_actor = np.array(
                [
                    control.effect(given[a]).state > 0 if a in given else h
                    for a, h in zip(table.actors, hostile_actor.tolist())
                ],
                dtype=bool,
            )
    return read_only(hostile_actor[table.actor_code])


def _counts(
    network: Network, scenario: Scenario, hostile: np.ndarray, window: float, half_life: float
) -> np.ndarray:
    """Weight of every event of the layer under the scenario (0 when it does not count);
    ``hostile`` is :func:`hostile_events` of the scenario."""
    table = _event_table(network)
    age = (scenario.date.toordinal() - table.day).astype(float)
    live = table.land & (age >= 0) & (age <= window) & hostile
    decay = np.power(0.5, np.maximum(age, 0.0) / half_life) if half_life > 0 else (age == 0) * 1.0
    return np.where(live, table.base_weight * decay, 0.0)


def event_risk(
    network: Network, scenario: Scenario, geoms: np.ndarray, length_km: np.ndarray
) -> EventRisk:
    """The event risk per km of every edge under ``scenario`` (see the module docstring);
    ``geoms`` and ``length_km`` are the edges' geometries and lengths in edge-index order.

    It depends on the scenario through its date, its event parameters and which actors'
    events count against its mover only: scenarios alike in these share one (cached, in the
    network's byte-bounded scenario cache)."""
    n_edges = len(geoms)
    params = network.control.event_params
    events = network.control.events
    radius = scenario.event_radius_km
    radius = params["radius_km"] if radius is None else radius
    window = scenario.event_window_days
    window = params["window_days"] if window is None else window
    half = scenario.event_half_life_days
    half = params["half_life_days"] if half is None else half
    pairs = event_pairs(network, geoms, radius)
    if events is None or not len(events) or window <= 0:
        none = read_only(np.zeros(0))
        empty = read_only(np.zeros(0, np.int64))
        return EventRisk(read_only(np.zeros(n_edges)), pairs, none, none, empty)
    hostile = hostile_events(network, scenario)
    key = (
        "event risk",
        id(network.control),  # networks over one graph share a cache, not their control
        scenario.date,
        float(radius),
        float(window),
        float(half),
        hostile.tobytes(),
    )
    hit = network.cache.lookup(key)
    if hit is not None:
        return hit
    weight = _counts(network, scenario, hostile, window, half)
    sel = pairs.of_events(np.flatnonzero(weight > 0))
    if len(sel):
        # only the pairs of the events that count (in pair order: the sums are the same)
        exposure = weight[pairs.event[sel]] * pairs.exposure_km[sel]
        risk: np.ndarray = np.bincount(pairs.edge[sel], weights=exposure, minlength=n_edges)
        np.divide(risk, np.maximum(length_km, 1e-9), out=risk)
        np.minimum(params["cap"], risk, out=risk)
    else:
        risk = np.zeros(n_edges)
    ids = _event_table(network).ids
    out = EventRisk(read_only(risk), pairs, read_only(weight), ids, read_only(sel))
    return network.cache.store(key, out)
