"""The legs of a journey and the control that reaches them.

A leg has a mode (road, air, sea, transfer). Road legs are routes on the network
(:func:`corridor.best_route`, :func:`corridor.route_freight`, :func:`corridor.capacity`); air legs
fly the great circle between two airports, sea legs follow searoute's maritime network between two
ports. Each builder returns ``(leg or None, why not, exposure, sources, assumptions)`` (sea legs
add the chokepoints passed): the airspace of every country crossed and every chokepoint passed is
open, contested or denied to the mover on the date (``data/airspace.csv``,
``data/chokepoints.csv``, the scenario's overrides), an airport or port is held through the zone it
lies in, and air strikes on airports or strikes and seizures at sea in the events' look-back window
by actors the mover does not regard as passable count as exposure.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely

from .._schema import BLOCKED, CHOKEPOINT_PASSAGES, PENALISED
from ..distance import geodesic_distance_km, point_line_distance_km
from ..errors import CorridorError
from ..events import hostile_events
from ..resolution import zones_at
from ..whatif import Scenario
from .data import Craft, ModeData, Service, Terminal
from .paths import air_path, countries_crossed, sea_path

__all__ = [
    "Leg",
    "Context",
    "passage_status",
    "terminal_control",
    "events_near",
    "nearest_place",
    "terminals_near",
    "transfer_leg",
    "service_capacity",
    "air_leg",
    "sea_leg",
    "road_leg",
]

DEFAULT_AIRCRAFT = "boeing-747-200f"  # the type of the sourced air-bridge services
DEFAULT_VESSEL = "container-feeder"  # the type of the seized weapons shipments (Francop)
SEA_EVENT_KM = 100.0  # a strike or seizure at sea counts within this distance of the path


@dataclass(frozen=True)
class Leg:
    """One leg of a journey: ``mode`` road, air, sea or transfer; ``km``, ``hours``
    (elapsed, rest included on roads), ``usd_per_t`` (NaN unknown), ``tonnes_per_week`` (NaN
    unknown, inf unlimited), ``geometry`` an EPSG:4326 LineString."""

    mode: str
    origin: str
    destination: str
    km: float
    hours: float
    usd_per_t: float
    tonnes_per_week: float
    geometry: Any = None
    note: str = ""


@dataclass
class Context:
    """One comparison: the network, scenario and tables, origin and destination (node ids),
    how far a terminal may serve a place (km), the craft asked for, and the road legs already
    computed (each pair once)."""

    network: Any
    scenario: Scenario
    data: ModeData
    origin: str  # node ids
    destination: str
    access_km: float
    aircraft: str | None
    vessel: str | None
    roads: dict = field(default_factory=dict)  # (origin, destination) -> _road parts

    def node_xy(self, node: str) -> tuple[float, float]:
        point = self.network.graph.nodes[node]["geometry"]
        return float(point.x), float(point.y)

    def name(self, node: str) -> str:
        return str(self.network.graph.nodes[node].get("name") or node)


# --------------------------------------------------------------------------- control


def passage_status(ctx: Context, table: str, key: str) -> tuple[str, str]:
    """(status, why) of an airspace or a chokepoint on the scenario's date."""
    overrides = dict(ctx.scenario.airspace if table == "airspace" else ctx.scenario.chokepoints)
    what = f"{key} airspace" if table == "airspace" else f"chokepoint {key}"
    if key in overrides:
        return overrides[key], f"{what} {overrides[key]} (scenario)"
    status, row = ctx.data.status(table, key, ctx.scenario.mover, ctx.scenario.date)
    if row is None:
        return (
            "unknown",
            f"{what}: no row of {table}.csv covers {ctx.scenario.date} (treated as open)",
        )
    since = f" since {row.valid_from}" if row.valid_from > dt.date(2017, 1, 1) else ""
    return status, f"{what} {status} for {row.mover}{since} ({row.provenance.label()})"


def terminal_control(ctx: Context, terminal: Terminal) -> tuple[bool, str]:
    """(blocked, reason) of an airport or port through the zones holding it."""
    zones = zones_at(ctx.network, ctx.scenario, terminal.lon, terminal.lat)
    if not zones:
        return False, ""
    zone, holder, kind, stance, state = zones[0]
    text = f"{terminal.name} lies in {kind} zone {zone!r} held by {holder} ({stance} for {ctx.scenario.mover})"
    if state == BLOCKED:
        return True, text
    return False, text if state == PENALISED else ""


def events_near(ctx: Context, domain: str, geometry, radius_km: float) -> list[str]:
    """Events of ``domain`` (air, sea) within ``radius_km`` of a geometry in the look-back
    window before the scenario's date, by actors that count against the mover (as on land:
    :func:`corridor.events.hostile_events`)."""
    events = ctx.network.control.events
    if events is None or not len(events):
        return []
    window = ctx.scenario.event_window_days
    window = ctx.network.control.event_params["window_days"] if window is None else window
    dates = pd.to_datetime(events["date"]).dt.date
    age = np.array([(ctx.scenario.date - d).days for d in dates])
    pick = (events["domain"].to_numpy() == domain) & (age >= 0) & (age <= window)
    pick &= hostile_events(ctx.network, ctx.scenario)
    if not pick.any():
        return []
    chosen = events[pick]
    xy = shapely.get_coordinates(chosen.geometry.to_numpy())
    lines = np.full(len(chosen), geometry, dtype=object)
    near = point_line_distance_km(shapely.points(xy), lines) <= radius_km
    return [f"{r.kind} {r.date}: {r.target} ({r.id})" for r in chosen[near].itertuples()]


# --------------------------------------------------------------------------- legs


def nearest_place(ctx: Context, terminal: Terminal) -> tuple[str, float] | None:
    """The network town or city in the terminal's country nearest to it and its distance in
    km; None when none is within ``access_km`` (junctions do not count: a journey starts and
    ends at places; a transfer does not cross a border)."""
    graph = ctx.network.graph
    nodes = [
        n
        for n, d in graph.nodes(data=True)
        if d.get("kind") in ("city", "town") and d.get("country") in (None, terminal.country)
    ]
    if not nodes:
        return None
    xy = np.array([ctx.node_xy(n) for n in nodes])
    km = geodesic_distance_km(
        np.full(len(xy), terminal.lon), np.full(len(xy), terminal.lat), xy[:, 0], xy[:, 1]
    )
    i = int(np.argmin(km))
    return (nodes[i], float(km[i])) if km[i] <= ctx.access_km else None


def terminals_near(ctx: Context, terminals, node: str) -> list[Terminal]:
    """The airports or ports within ``access_km`` of a node and in its country (a transfer
    does not cross a border), nearest first."""
    x, y = ctx.node_xy(node)
    country = ctx.network.graph.nodes[node].get("country")
    items = [t for t in terminals.values() if country is None or t.country == country]
    if not items:
        return []
    km = geodesic_distance_km(
        np.full(len(items), x),
        np.full(len(items), y),
        np.array([t.lon for t in items]),
        np.array([t.lat for t in items]),
    )
    return [items[i] for i in np.argsort(km) if km[i] <= ctx.access_km]


def transfer_leg(
    name_a: str, name_b: str, xy_a, xy_b, note: str = "local transfer: time and cost not counted"
) -> Leg:
    """A straight transfer leg (geodesic km) whose time and cost are not counted."""
    km = float(geodesic_distance_km(xy_a[0], xy_a[1], xy_b[0], xy_b[1]))
    line = shapely.LineString([xy_a, xy_b])
    return Leg(
        "transfer",
        name_a,
        name_b,
        km,
        0.0,
        0.0,
        math.inf,
        line,
        note,
    )


def service_capacity(
    ctx: Context, services: list[Service], crafts, asked: str | None = None
) -> tuple[float, Craft | None, list[str]]:
    """(tonnes a week, the craft, sources) of the services on the date: flights or calls a
    week times the payload of the craft they fly or sail, or of ``asked`` when given; NaN when
    no service covers the date."""
    if not services:
        return math.nan, None, []
    if asked:
        tonnes = sum(s.per_week for s in services) * crafts[asked].payload_t
    else:
        tonnes = sum(s.per_week * crafts[s.craft].payload_t for s in services)
    biggest = max(services, key=lambda s: s.per_week * crafts[s.craft].payload_t)
    sources = [src for s in services for src in s.provenance.sources]
    sources += [
        f"ASSUMPTION: {s.origin}-{s.destination} {s.per_week:g} a week "
        f"({s.provenance.label()}): {s.provenance.note}"
        for s in services
        if s.provenance.assumption
    ]
    return tonnes, crafts[biggest.craft], sources


def _ends(ctx: Context, mode: str, a: Terminal, b: Terminal, exposure: list, assumptions: list):
    """Why the airports or ports a, b stop a leg (text), else (tonnes a week, craft, sources):
    the sourced services on the date, the craft they fly or sail (or the one asked for, or the
    default when no service is sourced)."""
    for t in (a, b):
        blocked, why = terminal_control(ctx, t)
        if blocked:
            return why
        if why:
            exposure.append(why)
    crafts = ctx.data.aircraft if mode == "air" else ctx.data.vessels
    asked = ctx.aircraft if mode == "air" else ctx.vessel
    services = ctx.data.services(mode, a.id, b.id, ctx.scenario.date)
    tonnes, craft, sources = service_capacity(ctx, services, crafts, asked)
    if craft is None:
        craft = crafts[asked or (DEFAULT_AIRCRAFT if mode == "air" else DEFAULT_VESSEL)]
        what, table = ("flights", "air") if mode == "air" else ("port calls", "sea")
        assumptions.append(
            f"no sourced {what} {a.id}-{b.id} on {ctx.scenario.date} ({table}_services.csv): "
            "tonnes a week unknown"
        )
    if asked:
        craft = crafts[asked]
    return tonnes, craft, sources


def air_leg(ctx: Context, a: Terminal, b: Terminal) -> tuple[Leg | None, str, list, list, list]:
    """(leg or None, why not, exposure, sources, assumptions) of a flight a -> b."""
    path = air_path((a.lon, a.lat), (b.lon, b.lat))
    exposure, assumptions = [], []
    for country in countries_crossed(path.geometry):
        status, why = passage_status(ctx, "airspace", country)
        if status == "denied":
            return None, why, [], [], []
        if status == "contested":
            exposure.append(why)
        if status == "unknown":
            assumptions.append(why)
    held = _ends(ctx, "air", a, b, exposure, assumptions)
    if isinstance(held, str):
        return None, held, [], [], []
    tonnes, craft, sources = held
    if path.km > craft.range_km:
        return (
            None,
            f"{a.label} → {b.label} ({path.km:,.0f} km) is beyond the range of a {craft.type} ({craft.range_km:,.0f} km, aircraft.csv)",
            [],
            [],
            [],
        )
    defaults = ctx.data.freight.defaults
    block = defaults.get(("air_block_h", f"{a.id}-{b.id}")) or defaults.get(
        ("air_block_h", f"{b.id}-{a.id}")
    )
    if block is not None:
        hours = float(block.value)
        sources += list(block.provenance.sources)
    else:
        ground = ctx.data.freight.default("air_ground_h", "air")
        hours = path.km / craft.speed_kmh + float(ground.value)
        assumptions.append(
            f"block hours {a.id}-{b.id} = {path.km:,.0f} km / {craft.speed_kmh:g} km/h "
            f"({craft.type}) + {ground.value:g} h on the ground and climbing "
            f"({ground.provenance.label()})"
        )
    handling = ctx.data.freight.number("air_handling_usd_per_t", "air")
    usd = hours * craft.usd_per_h / craft.payload_t + 2 * handling
    sources += list(craft.provenance.sources)
    if craft.provenance.assumption:
        assumptions.append(f"{craft.type}: {craft.provenance.note}")
    exposure += events_near(ctx, "air", shapely.MultiPoint([(a.lon, a.lat), (b.lon, b.lat)]), 10.0)
    leg = Leg("air", a.label, b.label, path.km, hours, usd, tonnes, path.geometry, craft.type)
    return leg, "", exposure, sources, assumptions


def sea_leg(
    ctx: Context, a: Terminal, b: Terminal
) -> tuple[Leg | None, str, list, list, list, tuple]:
    """(leg or None, why not, exposure, sources, assumptions, chokepoints) of a voyage a -> b."""
    statuses = {c: passage_status(ctx, "chokepoints", c) for c in CHOKEPOINT_PASSAGES}
    denied = tuple(c for c, (s, _) in statuses.items() if s == "denied")
    try:
        path = sea_path((a.lon, a.lat), (b.lon, b.lat), avoid=denied)
    except CorridorError as exc:  # a terminal far from the sea lanes (a user's port)
        return None, f"no sea path from {a.label} to {b.label}: {exc}", [], [], [], ()
    if path is None:
        why = "; ".join(statuses[c][1] for c in denied)
        return None, f"no sea path from {a.label} to {b.label}: {why}", [], [], [], ()
    exposure, assumptions = [], []
    for c in path.chokepoints:
        status, why = statuses[c]
        if status == "contested":
            exposure.append(why)
        elif status == "unknown":
            assumptions.append(why)
    held = _ends(ctx, "sea", a, b, exposure, assumptions)
    if isinstance(held, str):
        return None, held, [], [], [], ()
    tonnes, craft, sources = held
    dwell = ctx.data.freight.default("port_dwell_h", "port")
    handling = ctx.data.freight.default("port_handling_usd_per_t", "port")
    hours = path.km / craft.speed_kmh + 2 * float(dwell.value)
    usd = hours * craft.usd_per_h / craft.payload_t + 2 * float(handling.value)
    for row in (dwell, handling):
        if row.provenance.assumption:
            assumptions.append(f"{row.key} = {row.value:g} {row.unit}: {row.provenance.note}")
    if craft.provenance.assumption:
        assumptions.append(f"{craft.type}: {craft.provenance.note}")
    sources += list(craft.provenance.sources)
    exposure += events_near(ctx, "sea", path.geometry, SEA_EVENT_KM)
    leg = Leg("sea", a.label, b.label, path.km, hours, usd, tonnes, path.geometry, craft.type)
    return leg, "", exposure, sources, assumptions, path.chokepoints


def road_leg(ctx: Context, origin: str, destination: str) -> tuple:
    """(leg or None, why not, exposure, sources, assumptions) of the road between two nodes
    (once per comparison and pair)."""
    key = (origin, destination)
    if key not in ctx.roads:
        ctx.roads[key] = _road_parts(ctx, origin, destination)
    return ctx.roads[key]


def _road_parts(ctx: Context, origin: str, destination: str) -> tuple:
    from ..freight import route_freight
    from ..routing import best_route
    from ..throughput import capacity

    route = best_route(ctx.network, ctx.scenario, origin, destination)
    if route is None:
        from ..critical import explain

        exp = explain(ctx.network, ctx.scenario, origin, destination)
        blocks = "; ".join(text for _, _, text in exp.lift)
        why = f"no road {ctx.name(origin)} → {ctx.name(destination)}: " + (
            f"lifting {blocks} would restore one" if blocks else str(exp).splitlines()[-1]
        )
        return None, why, [], [], []
    figures = route_freight(route)
    cap = capacity(ctx.network, ctx.scenario, origin, destination)
    exposure = []
    if route.contested_km > 0:
        exposure.append(f"{route.contested_km:,.0f} km of road in contested zones")
    if route.event_exposure > 0:
        exposure.append(
            f"road near strikes that count (event exposure {route.event_exposure:,.1f})"
        )
    leg = Leg(
        "road",
        ctx.name(origin),
        ctx.name(destination),
        route.length_km,
        figures.transit_h,
        figures.cost_usd_per_t,
        cap.tonnes_per_day * 7.0,
        route.geometry,
        " → ".join(route.crossings) or "no border crossing",
    )
    return (
        leg,
        "",
        exposure,
        list(figures.sources),
        list(figures.assumptions) + list(cap.assumptions),
    )
