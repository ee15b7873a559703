"""Land, air or sea: one scenario, one origin and destination, every mode side by side.

:func:`compare_modes` answers the seed articles' question (seed 000: "Iran's 'air bridge'
relies on a very limited supply of commercial aircraft, each with a limited carrying capacity.
Sea vessels can accommodate more goods than trucks or planes, but the U.S. has interdicted
weapons shipments") from the sourced tables, not from code that asserts it:

- **land**: the hours-best road route (:func:`corridor.best_route`), its truck transit time
  and cost per tonne (:func:`corridor.route_freight`) and maximum flow
  (:func:`corridor.capacity`), times 7 for a week;
- **air**: a flight between airports within ``access_km`` of the origin and destination (in
  their countries): the great circle, block hours (``air_block_h`` where the data give one,
  else distance over cruise speed plus ``air_ground_h``), cost per tonne (block hours x cost
  per block hour / payload + handling at both ends) and tonnes a week (sourced flights a week
  x payload); the quickest flight the sources show flown on the date, else the quickest;
- **sea**: a voyage from a port of the origin's country (the road to it counted when the port
  has a town on the network) to a port within ``access_km`` of the destination over
  searoute's maritime network, avoiding denied chokepoints: hours (nm / speed + two port
  dwells), cost per tonne (charter days x rate / cargo + handling at both ends), tonnes a week
  (sourced port calls a week x cargo); the cheapest voyage with a sourced frequency, else the
  cheapest;
- **multimodal**: a flight or a voyage to an airport or port that serves neither end and lies
  nearer the destination, then the road from it; chosen as the sea row is.

Costs are one way (no empty return); local transfers between a place and its airport or port
count neither time nor cost, and their km are left out of ``km``.

Control reaches every leg: a country's airspace and a chokepoint are open, contested or
denied to the mover on the date (``data/airspace.csv``, ``data/chokepoints.csv``, the
scenario's overrides), an airport or port is held through the zone it lies in (the mover's
stance toward the holder), and air strikes on airports and strikes or seizures at sea
(``data/events.geojson``) by actors the mover does not regard as passable count as
exposure (as on land).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .._checks import check_number
from ..distance import geodesic_distance_km
from ..errors import CorridorError
from ..network import Network
from ..whatif import Scenario, as_scenario
from .data import ModeData, Terminal, bundled_mode_data
from .legs import (
    Context,
    Leg,
    air_leg,
    nearest_place,
    road_leg,
    sea_leg,
    terminals_near,
    transfer_leg,
)
from .paths import NM_KM

__all__ = ["Leg", "ModeOption", "compare_modes", "MODE_ROWS"]

MAX_ACCESS_KM = 150.0  # the longest untimed transfer between a terminal and a place, km

MODE_ROWS = ("land", "air", "sea", "multimodal")


@dataclass(frozen=True)
class ModeOption:
    """One row of :func:`compare_modes`: the legs of the best journey of a mode, or why
    there is none."""

    mode: str
    available: bool
    why_not: str = ""
    legs: tuple[Leg, ...] = ()
    exposure: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    chokepoints: tuple[str, ...] = ()
    craft: str = ""

    @property
    def km(self) -> float:
        """km of the road, air and sea legs (local transfers left out)."""
        counted = [leg.km for leg in self.legs if leg.mode != "transfer"]
        return sum(counted) if counted else math.nan

    @property
    def nm(self) -> float:
        sea = [leg.km for leg in self.legs if leg.mode == "sea"]
        return sum(sea) / NM_KM if sea else math.nan

    @property
    def transit_days(self) -> float:
        return sum(leg.hours for leg in self.legs) / 24.0 if self.legs else math.nan

    @property
    def tonnes_per_week(self) -> float:
        """The smallest leg's tonnes a week; NaN when a leg's is unknown."""
        weekly = [leg.tonnes_per_week for leg in self.legs]
        return math.nan if not weekly or any(math.isnan(w) for w in weekly) else min(weekly)

    @property
    def cost_usd_per_t(self) -> float:
        return sum(leg.usd_per_t for leg in self.legs) if self.legs else math.nan

    def describe(self) -> str:
        """The legs as text, transfers left out: "sea Kharg → Baniyas, road Baniyas → Beirut"."""
        return ", ".join(
            f"{leg.mode} {leg.origin} → {leg.destination}"
            for leg in self.legs
            if leg.mode != "transfer"
        )


# --------------------------------------------------------------------------- options


def _option(mode: str, parts: list) -> ModeOption:
    """A ModeOption from (leg, why, exposure, sources, assumptions[, chokepoints]) parts; a
    leg whose sourced services are zero a week makes the option unavailable."""
    for part in parts:
        if part[0] is None:
            return ModeOption(mode, False, part[1])
        if part[0].tonnes_per_week == 0:
            what = "flights" if part[0].mode == "air" else "port calls"
            return ModeOption(
                mode,
                False,
                f"no {what} {part[0].origin} → {part[0].destination} on the date "
                f"(the sourced services are 0 a week: {', '.join(part[3][:1])})",
            )
    chokes = tuple(c for part in parts if len(part) > 5 for c in part[5])
    craft = next((p[0].note for p in parts if p[0].mode in ("air", "sea")), "")
    return ModeOption(
        mode,
        True,
        legs=tuple(p[0] for p in parts),
        exposure=tuple(dict.fromkeys(e for p in parts for e in p[2])),
        sources=tuple(
            dict.fromkeys(s for p in parts for s in p[3] if not s.startswith("ASSUMPTION"))
        ),
        assumptions=tuple(
            dict.fromkeys(
                [a for p in parts for a in p[4]]
                + [s for p in parts for s in p[3] if s.startswith("ASSUMPTION")]
            )
        ),
        chokepoints=chokes,
        craft=craft,
    )


def _with_access(
    ctx: Context,
    leg_parts,
    a: Terminal,
    b: Terminal,
    start: str,
    end: str | None,
    *,
    loading: bool = False,
) -> list:
    """The parts of a journey start -> a -(leg)-> b -> end. The ends are local transfers (time
    and cost not counted; a terminal serves a place within ``access_km`` in its own country);
    with ``loading`` (a port anywhere in the origin's country) the way to a is the road on the
    network when a has a place on it, else a transfer outside the comparison."""
    xy_a, xy_b = (a.lon, a.lat), (b.lon, b.lat)
    first: tuple = (
        transfer_leg(ctx.name(start), a.label, ctx.node_xy(start), xy_a),
        "",
        [],
        [],
        [],
    )
    if loading:
        place = nearest_place(ctx, a)
        if place is not None and place[0] != start:
            road = road_leg(ctx, start, place[0])
            tail = transfer_leg(ctx.name(place[0]), a.label, ctx.node_xy(place[0]), xy_a)
            first_parts = [road, (tail, "", [], [], [])]
        elif place is None:
            note = "road to the loading port: outside the network, not counted"
            leg = transfer_leg(ctx.name(start), a.label, ctx.node_xy(start), xy_a, note)
            assumed = [f"the road from {ctx.name(start)} to {a.label} is not counted"]
            first_parts = [(leg, "", [], [], assumed)]
        else:
            first_parts = [first]
    else:
        first_parts = [first]
    parts: list[tuple] = [*first_parts, leg_parts]
    if end is not None:
        parts.append((transfer_leg(b.label, ctx.name(end), xy_b, ctx.node_xy(end)), "", [], [], []))
    return parts


def _best(options: list[ModeOption], mode: str, none_why: str, *, by: str = "days") -> ModeOption:
    """The journey the sources show in use (a sourced frequency on the date) that is quickest
    (``by="days"``) or cheapest per tonne (``by="cost"``); any available one when none is
    sourced; else the first unavailable one (its reason)."""
    ok = [o for o in options if o.available]
    if ok:
        known = [o for o in ok if not math.isnan(o.tonnes_per_week)]
        if by == "cost":
            return min(known or ok, key=lambda o: (o.cost_usd_per_t, o.transit_days))
        return min(known or ok, key=lambda o: (o.transit_days, o.cost_usd_per_t))
    if options:
        return options[0]
    return ModeOption(mode, False, none_why)


def _km_between(ctx: Context, node: str, terminal: Terminal) -> float:
    x, y = ctx.node_xy(node)
    return float(geodesic_distance_km(x, y, terminal.lon, terminal.lat))


def _shared(ctx: Context, kind: str, shared: list[Terminal]) -> str:
    """Why there is no leg when the only terminals near the destination are the origin's."""
    plural = "s" if len(shared) > 1 else ""
    return (
        f"{ctx.name(ctx.destination)} and {ctx.name(ctx.origin)} share the only {kind}{plural} "
        f"within {ctx.access_km:g} km of {ctx.name(ctx.destination)} "
        f"({', '.join(t.name for t in shared)}): no leg between them"
    )


def _air(ctx: Context) -> ModeOption:
    origins = terminals_near(ctx, ctx.data.airports, ctx.origin)
    near_end = terminals_near(ctx, ctx.data.airports, ctx.destination)
    ends = [t for t in near_end if t not in origins]
    if origins and near_end and not ends:
        return ModeOption("air", False, _shared(ctx, "airport", near_end))
    if not origins or not ends:
        where = ctx.name(ctx.origin) if not origins else ctx.name(ctx.destination)
        return ModeOption(
            "air",
            False,
            f"no airport within {ctx.access_km:g} km of {where} in its country (airports.geojson)",
        )
    options = [
        _option("air", _with_access(ctx, air_leg(ctx, a, b), a, b, ctx.origin, ctx.destination))
        for a in origins
        for b in ends
    ]
    return _best(options, "air", "")


def _home_ports(ctx: Context) -> list[Terminal]:
    country = ctx.network.graph.nodes[ctx.origin].get("country")
    return [p for p in ctx.data.ports.values() if p.country == country]


def _sea(ctx: Context) -> ModeOption:
    near_origin = terminals_near(ctx, ctx.data.ports, ctx.origin)
    near_end = terminals_near(ctx, ctx.data.ports, ctx.destination)
    ends = [t for t in near_end if t not in near_origin]
    starts = [p for p in _home_ports(ctx) if p not in ends]
    if near_end and not ends:
        return ModeOption("sea", False, _shared(ctx, "port", near_end))
    if not starts or not ends:
        what = (
            f"no port in {ctx.name(ctx.origin)}'s country (ports.geojson)"
            if not starts
            else f"no port within {ctx.access_km:g} km of {ctx.name(ctx.destination)} in its "
            "country (ports.geojson)"
        )
        return ModeOption("sea", False, what)
    options = []
    for a in starts:
        for b in ends:
            parts = _with_access(
                ctx, sea_leg(ctx, a, b), a, b, ctx.origin, ctx.destination, loading=True
            )
            options.append(_option("sea", parts))
    return _best(options, "sea", "", by="cost")


def _hubs(ctx: Context, terminals, skip: set) -> list[tuple[Terminal, str]]:
    """(terminal, its place on the network) for the airports or ports a journey may land at
    before the road on: not serving the origin or the destination, and nearer the destination
    than the origin is (no journey that lands behind its start)."""
    ox, oy = ctx.node_xy(ctx.origin)
    dx, dy = ctx.node_xy(ctx.destination)
    direct = float(geodesic_distance_km(ox, oy, dx, dy))
    out = []
    for t in terminals.values():
        if t.id in skip or _km_between(ctx, ctx.destination, t) >= direct:
            continue
        place = nearest_place(ctx, t)
        if place is not None and place[0] not in (ctx.origin, ctx.destination):
            out.append((t, place[0]))
    return out


def _multimodal(ctx: Context) -> ModeOption:
    """A flight or voyage to an airport or port that serves neither end, then the road."""
    serving = {
        t.id
        for table in (ctx.data.airports, ctx.data.ports)
        for node in (ctx.origin, ctx.destination)
        for t in terminals_near(ctx, table, node)
    }
    options = []
    for a in terminals_near(ctx, ctx.data.airports, ctx.origin):
        for b, hub in _hubs(ctx, ctx.data.airports, serving):
            parts = _with_access(ctx, air_leg(ctx, a, b), a, b, ctx.origin, hub)
            parts.append(
                road_leg(ctx, hub, ctx.destination) if parts[-2][0] is not None else (None, "")
            )
            options.append(_option("multimodal", parts))
    for a in _home_ports(ctx):
        for b, hub in _hubs(ctx, ctx.data.ports, serving):
            if b.country == a.country:
                continue
            parts = _with_access(ctx, sea_leg(ctx, a, b), a, b, ctx.origin, hub, loading=True)
            parts.append(
                road_leg(ctx, hub, ctx.destination) if parts[-2][0] is not None else (None, "")
            )
            options.append(_option("multimodal", parts))
    return _best(
        options, "multimodal", "no airport or port with a road to the destination", by="cost"
    )


def _land(ctx: Context) -> ModeOption:
    return _option("land", [road_leg(ctx, ctx.origin, ctx.destination)])


# --------------------------------------------------------------------------- public


# a bound on the question, not a datum: a billion tonnes is beyond any one shipment plan, and
# much larger figures overflow the weeks and the costs
MAX_CARGO_T = 1e9


def compare_modes(
    scenario: Scenario | str,
    origin: str,
    destination: str,
    *,
    network: Any = None,
    cargo_t: float | None = None,
    access_km: float = 60.0,
    aircraft: str | None = None,
    vessel: str | None = None,
    data: ModeData | None = None,
) -> pd.DataFrame:
    """Land, air, sea and the best multimodal journey between two places under a scenario.

    Parameters
    ----------
    scenario : Scenario or str
        A scenario or a built-in name; its date picks zones, stances, airspace, chokepoint
        statuses and the sourced services; ``Scenario.with_airspace`` and
        ``Scenario.with_chokepoint`` change them.
    origin, destination : str
        Places of the network (names, ids or aliases).
    network : Network, optional
        Default: the bundled network.
    cargo_t : float, optional
        Tonnes to move: adds ``days_to_deliver`` (the weeks the mode needs at its capacity,
        plus one transit) and ``total_usd``.
    access_km : float
        How far (km) an airport or port may be from a place in its country to serve it
        (default 60, at most :data:`MAX_ACCESS_KM`): the transfer between them is not timed
        or costed, so a longer one would be a journey left out.
    aircraft, vessel : str, optional
        A type of ``data/aircraft.csv`` or ``data/vessels.csv`` to cost instead of the type
        of the sourced services (default: the services' type, else a Boeing 747-200F and a
        container feeder).
    data : ModeData, optional
        Default: the bundled air and sea tables.

    Returns
    -------
    pandas.DataFrame
        One row per mode (``land``, ``air``, ``sea``, ``multimodal``): ``available``,
        ``why_not``, ``route`` (the legs), ``km``, ``nm`` (sea legs), ``transit_days``,
        ``tonnes_per_week`` (NaN: no sourced frequency), ``cost_usd_per_t``, ``craft``,
        ``chokepoints``, ``exposure``, ``assumptions`` and ``sources``. ``attrs["options"]``
        holds the :class:`ModeOption` of each row (legs with geometry, for maps).
    """
    from ..datasets import load

    network = load() if network is None else network
    if not isinstance(network, Network):
        raise CorridorError(
            f"network must be a corridor.Network (corridor.load()), got {network!r}"
        )
    scenario = as_scenario(scenario)
    data = bundled_mode_data() if data is None else data
    if not isinstance(data, ModeData):
        raise CorridorError(
            f"data must be corridor.modes.ModeData (corridor.load_mode_data(path)), got {data!r}"
        )
    check_number(access_km, "access_km", low=0.0, high=MAX_ACCESS_KM, unit=" km")
    if cargo_t is not None:
        check_number(cargo_t, "cargo_t", low=0.0, high=MAX_CARGO_T, unit=" t")
    for name, table, what in (
        (aircraft, data.aircraft, "aircraft.csv"),
        (vessel, data.vessels, "vessels.csv"),
    ):
        if name is not None and name not in table:
            raise CorridorError(f"unknown type {name!r}; {what} has {', '.join(table)}")
    o, d = network.node_id(origin), network.node_id(destination)
    if o == d:
        raise CorridorError("origin and destination are the same place; give two different places")
    ctx = Context(network, scenario, data, o, d, float(access_km), aircraft, vessel)
    options = [_land(ctx), _air(ctx), _sea(ctx), _multimodal(ctx)]
    rows = []
    for opt in options:
        row = {
            "mode": opt.mode,
            "available": opt.available,
            "why_not": opt.why_not,
            "route": opt.describe(),
            "km": opt.km,
            "nm": opt.nm,
            "transit_days": opt.transit_days,
            "tonnes_per_week": opt.tonnes_per_week,
            "cost_usd_per_t": opt.cost_usd_per_t,
            "craft": opt.craft,
            "chokepoints": list(opt.chokepoints),
            "exposure": list(opt.exposure),
            "assumptions": list(opt.assumptions),
            "sources": list(opt.sources),
        }
        if cargo_t is not None:
            weekly = opt.tonnes_per_week
            row["days_to_deliver"] = (
                opt.transit_days + 7.0 * max(math.ceil(cargo_t / weekly) - 1, 0)
                if opt.available and weekly > 0 and math.isfinite(weekly)
                else math.nan
            )
            row["total_usd"] = opt.cost_usd_per_t * cargo_t if opt.available else math.nan
        rows.append(row)
    frame = pd.DataFrame(rows).set_index("mode", drop=False)
    frame.index.name = None
    frame.attrs.update(
        scenario=scenario.name,
        date=scenario.date.isoformat(),
        mover=scenario.mover,
        origin=ctx.name(o),
        destination=ctx.name(d),
        options=tuple(options),
    )
    return frame
