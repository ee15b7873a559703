"""Freight: the transit time and cost per tonne of a route, payloads, and the freight model.

A loaded heavy truck drives at most ``driving_h_per_day`` hours a day and rests
``rest_h_per_day`` in between (:class:`corridor.TravelModel`), so a trip takes days; its cost
per tonne is

    (fuel + driver + truck time + border fees) / payload + risk premium x exposed km

with fuel = km in each country x ``fuel_l_per_km`` x that country's diesel price on the date,
driver cost on the hours on duty (driving and border), truck cost on the elapsed hours
(driving, border and rest), border fees by crossing kind, and the risk premium per tonne-km on
contested or event-exposed road. Every figure defaults to the bundled freight data
(``data/freight_defaults.csv``, ``data/crossing_capacity.csv``, ``data/fuel_prices.csv``),
sourced or labelled ASSUMPTION; :class:`FreightModel` overrides any of them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np

from ._checks import as_rows
from ._schema import CROSSING_KINDS, ROAD_CLASSES
from .costs import TravelModel, check_model, route_parts, routing_arrays
from .errors import CorridorError
from .freight_data import (
    CrossingFigures,
    FreightData,
    FuelPrice,
    bundled_freight,
    check_freight_data,
    model_figure,
    model_table,
    tables_from_data,
)
from .resolution import Resolution, resolve

__all__ = [
    "FreightModel",
    "DEFAULT_FREIGHT",
    "RouteFreight",
    "check_freight",
    "freight_figures",
    "route_freight",
]


# field -> (freight_defaults.csv key) for tables by applies_to, and for scalars (key, applies_to)
_TABLES = {
    "payload_t": "payload_t",
    "border_fee_usd_per_truck": "border_fee_usd_per_truck",
    "crossing_trucks_per_day": "trucks_per_day",
    "road_trucks_per_day": "trucks_per_day",
}
_TABLE_KEYS: dict[str, tuple[str, ...] | None] = {
    "payload_t": None,  # trucks: a new one may be given
    "crossing_trucks_per_day": CROSSING_KINDS,
    "road_trucks_per_day": ROAD_CLASSES,
}


def _figures(value: Any, name: str) -> tuple[tuple[str, float], ...]:
    # border fees: by crossing kind, and the data's rows by country (JOR, IRQ)
    keys = _TABLE_KEYS[name] if name in _TABLE_KEYS else tuple(dict(_default(name)))
    return model_table(value, owner="FreightModel", what=name, keys=keys)


_SCALARS = {
    "driver_usd_per_h": ("driver_usd_per_h", "truck"),
    "truck_usd_per_h": ("truck_usd_per_h", "truck"),
    "risk_premium_usd_per_t_km": ("risk_premium_usd_per_t_km", "contested"),
}


def _from_data(data: FreightData) -> dict[str, Any]:
    """The FreightModel fields as the freight tables give them."""
    values: dict[str, Any] = {}
    for name, key in _TABLES.items():
        rows = data.by_key(key)
        if name == "crossing_trucks_per_day":
            rows = {a: r for a, r in rows.items() if a in CROSSING_KINDS}
        elif name == "road_trucks_per_day":
            rows = {a: r for a, r in rows.items() if a in ROAD_CLASSES}
        values[name] = tuple(sorted((a, float(r.value)) for a, r in rows.items()))
    values |= {name: data.number(*key) for name, key in _SCALARS.items()}
    truck = str(data.default("default_truck", "truck").value)
    values["truck"] = truck
    fuel = data.by_key("fuel_l_per_km")
    values["fuel_l_per_km"] = float((fuel.get(truck) or next(iter(fuel.values()))).value)
    values["fuel_prices"] = data.fuel
    values["crossing_capacity"] = tuple(r for r in data.crossings if r.trucks_per_day is not None)
    return values


@lru_cache(maxsize=1)
def _bundled_values() -> Mapping[str, Any]:
    return MappingProxyType(_from_data(bundled_freight()))


def _default(name: str) -> Any:
    return _bundled_values()[name]


@dataclass(frozen=True)
class FreightModel:
    """Freight assumptions: the truck, its payload and costs, and the capacities of crossings
    and roads (every figure overridable; defaults from the bundled freight data).

    Tables given as mappings are merged over the data's. :meth:`assumptions` lists the figures
    that are labelled ASSUMPTION in the data or were given.

    Parameters
    ----------
    travel : TravelModel or None
        Transit times; None: the route's own model (for :func:`route_freight`) or the default.
    truck : str
        Truck type whose payload counts (default ``default_truck``, a 5-axle articulated truck).
    payload_t : dict
        Payload by truck type, tonnes.
    fuel_l_per_km : float
        Diesel use of a loaded truck, litres per km.
    fuel_prices : tuple of corridor.freight_data.FuelPrice
        Diesel price by country and period, USD a litre. Where no period covers the date the
        nearest period of the country is used (said in the assumptions); a country without any
        price makes the cost unknown (NaN).
    driver_usd_per_h, truck_usd_per_h : float
        Driver cost per hour on duty (driving and border) and truck cost (depreciation,
        maintenance, tyres, insurance) per elapsed hour, USD.
    border_fee_usd_per_truck : dict
        Fees and payments per crossing, by crossing kind, USD a truck.
    risk_premium_usd_per_t_km : float
        War-risk or loss premium per tonne-km of contested or event-exposed road, USD.
    crossing_trucks_per_day : dict
        Trucks a day (one direction) through a crossing of each kind, where
        ``crossing_capacity`` has no figure for the crossing and date.
    road_trucks_per_day : dict
        Trucks a day (one direction) a road of each class carries.
    crossing_capacity : tuple of corridor.freight_data.CrossingFigures
        Trucks a day per crossing and period (``crossing_capacity.csv``); ``()`` for none.
    """

    travel: TravelModel | None = None
    truck: str = field(default_factory=lambda: _default("truck"))
    payload_t: tuple[tuple[str, float], ...] = field(default_factory=lambda: _default("payload_t"))
    fuel_l_per_km: float = field(default_factory=lambda: _default("fuel_l_per_km"))
    fuel_prices: tuple[FuelPrice, ...] = field(
        default_factory=lambda: _default("fuel_prices"), repr=False
    )
    driver_usd_per_h: float = field(default_factory=lambda: _default("driver_usd_per_h"))
    truck_usd_per_h: float = field(default_factory=lambda: _default("truck_usd_per_h"))
    border_fee_usd_per_truck: tuple[tuple[str, float], ...] = field(
        default_factory=lambda: _default("border_fee_usd_per_truck")
    )
    risk_premium_usd_per_t_km: float = field(
        default_factory=lambda: _default("risk_premium_usd_per_t_km")
    )
    crossing_trucks_per_day: tuple[tuple[str, float], ...] = field(
        default_factory=lambda: _default("crossing_trucks_per_day")
    )
    road_trucks_per_day: tuple[tuple[str, float], ...] = field(
        default_factory=lambda: _default("road_trucks_per_day")
    )
    crossing_capacity: tuple[CrossingFigures, ...] = field(
        default_factory=lambda: _default("crossing_capacity"), repr=False
    )
    # lookups derived from the fields above (set in __post_init__; not compared or hashed)
    _fuel: Mapping[str, tuple[FuelPrice, ...]] = field(init=False, repr=False, compare=False)
    _fees: Mapping[str, float] = field(init=False, repr=False, compare=False)
    _payload: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.travel is not None:
            check_model(self.travel)
        for name in _TABLES:
            merged = dict(_default(name)) | dict(_figures(getattr(self, name), name))
            object.__setattr__(self, name, tuple(sorted(merged.items())))
        for name in (*_SCALARS, "fuel_l_per_km"):
            value = model_figure(getattr(self, name), owner="FreightModel", what=name)
            object.__setattr__(self, name, value)
        if self.truck not in dict(self.payload_t):
            raise CorridorError(
                f"FreightModel: no payload for truck {self.truck!r}; use one of "
                f"{', '.join(dict(self.payload_t))} or give payload_t={{{self.truck!r}: ...}}"
            )
        object.__setattr__(self, "_payload", dict(self.payload_t)[self.truck])
        if not self._payload > 0:
            raise CorridorError(f"FreightModel: the payload of {self.truck!r} must be > 0 t")
        for name, kind in (("fuel_prices", FuelPrice), ("crossing_capacity", CrossingFigures)):
            rows = as_rows(getattr(self, name))
            if not all(isinstance(r, kind) for r in rows):
                raise CorridorError(
                    f"FreightModel: {name} must hold corridor.freight_data.{kind.__name__} rows"
                )
            object.__setattr__(self, name, rows)
        by_country: dict[str, list[FuelPrice]] = {}
        for r in self.fuel_prices:
            by_country.setdefault(r.country, []).append(r)
        object.__setattr__(
            self, "_fuel", MappingProxyType({c: tuple(v) for c, v in by_country.items()})
        )
        object.__setattr__(self, "_fees", MappingProxyType(dict(self.border_fee_usd_per_truck)))

    def __hash__(self) -> int:  # cached: the model is part of cache keys
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash(tuple(getattr(self, f.name) for f in fields(self) if f.compare))
            object.__setattr__(self, "_hash", h)
        return h

    @classmethod
    def from_data(cls, data: FreightData, **overrides: Any) -> FreightModel:
        """The model as the freight tables ``data`` give it, with ``overrides`` on top."""
        check_freight_data(data)
        values = _from_data(data)
        for name in _TABLES:
            if name in overrides:
                values[name] = dict(values[name]) | dict(_figures(overrides.pop(name), name))
        with tables_from_data():  # the data's own rows, as load_freight accepted them
            return cls(**(values | overrides))

    def payload(self) -> float:
        """Payload of the model's truck, tonnes."""
        return self._payload

    @property
    def fees(self) -> Mapping[str, float]:
        """Border fees by crossing kind, USD a truck (``border_fee_usd_per_truck``)."""
        return self._fees

    def fuel_price(self, country: str, date: dt.date, *, explain: bool = True) -> tuple[float, str]:
        """Diesel price in ``country`` on ``date`` (USD a litre; NaN when the data have none),
        and where it comes from (with ``explain``)."""
        rows = self._fuel.get(country)
        if not rows:
            return math.nan, f"fuel price {country}: no row in fuel_prices.csv (cost unknown)"
        row = (
            rows[0]
            if len(rows) == 1
            else min(rows, key=lambda r: (r.days_from(date), r.valid_from))
        )
        if not explain:
            return row.usd_per_litre, ""
        label = f"fuel price {country} = {row.usd_per_litre:g} USD/l: {row.provenance.label()}"
        if row.days_from(date):
            label += f"; no period covers {date}, the nearest ({row.valid_from}..) is used"
        return row.usd_per_litre, label

    def crossing_trucks(self, crossing: str, kind: str | None, date: dt.date) -> tuple[float, str]:
        """Trucks a day (one direction) through ``crossing`` on ``date``, and the source: the
        crossing's row for the date where it gives a number, else the kind's default."""
        for r in self.crossing_capacity:
            if r.crossing == crossing and r.covers(date) and r.trucks_per_day is not None:
                return r.trucks_per_day, r.provenance.label()
        table = dict(self.crossing_trucks_per_day)
        if kind not in table:
            raise CorridorError(
                f"FreightModel: no trucks_per_day for crossing kind {kind!r} (crossing "
                f"{crossing!r}); give crossing_trucks_per_day={{{kind!r}: ...}}"
            )
        return table[kind], f"default for {kind} crossings, " + self.label(
            "trucks_per_day", kind, table[kind]
        ).split(": ", 1)[1]

    def road_trucks(self, road_class: str) -> float:
        """Trucks a day (one direction) a road of ``road_class`` carries."""
        table = dict(self.road_trucks_per_day)
        if road_class not in table:
            raise CorridorError(
                f"FreightModel: no road capacity for class {road_class!r}; give "
                f"road_trucks_per_day={{{road_class!r}: ...}}"
            )
        return table[road_class]

    def label(self, key: str, applies: str, value: float) -> str:
        """``"key[applies] = value: <source>"``: the data row's label (with ``(ASSUMPTION)``
        when it is one) when ``value`` is the data's, else ``given``."""
        row = bundled_freight().defaults.get((key, applies))
        if row is None or not isinstance(row.value, float) or row.value != value:
            return f"{key}[{applies}] = {value:g}: given"
        return f"{key}[{applies}] = {value:g}: {row.provenance.label()}"

    def assumptions(self, *, travel: bool = True) -> list[str]:
        """Figures of this model (and, with ``travel``, of its travel model) labelled
        ASSUMPTION in the data, or given; crossing and fuel figures are listed where a result
        uses them."""
        out = [
            self.label(key, applies, value)
            for name, key in _TABLES.items()
            for applies, value in getattr(self, name)
            if name in ("payload_t", "border_fee_usd_per_truck")
        ]
        out += [self.label(k, a, getattr(self, n)) for n, (k, a) in _SCALARS.items()]
        fuel = bundled_freight().by_key("fuel_l_per_km")
        applies = self.truck if self.truck in fuel else next(iter(fuel), self.truck)
        label = self.label("fuel_l_per_km", applies, self.fuel_l_per_km)
        out.append(label + ("" if applies == self.truck else f" (used for {self.truck})"))
        out = [a for a in out if "ASSUMPTION" in a or a.endswith("given")]
        if not travel:
            return out
        return check_model(self.travel).assumptions() + out


DEFAULT_FREIGHT = FreightModel()


def check_freight(model: FreightModel | None) -> FreightModel:
    """``model``, or the default freight model when None; anything else is refused."""
    if model is None:
        return DEFAULT_FREIGHT
    if not isinstance(model, FreightModel):
        raise CorridorError(
            f"model must be a corridor.FreightModel (or None for the default), got {model!r}"
        )
    return model


# --------------------------------------------------------------------------- a route


@dataclass(eq=False)
class RouteFreight:
    """Transit time and cost of one truck along a route (see the module docstring).

    Hours: ``driving_h`` (incl. security halts), ``border_h`` (dwell at crossings), ``rest_h``
    (daily rest), ``transit_h`` their sum and ``transit_days`` = ``transit_h`` / 24. Costs in
    USD per truck (``fuel_usd``, ``driver_usd``, ``truck_usd``, ``border_fee_usd``,
    ``cost_usd_per_truck``) and per tonne (``risk_usd_per_t``, ``cost_usd_per_t``; NaN when a
    country of the route has no fuel price). ``km_by_country`` in km (filled by
    :func:`route_freight`), ``exposed_km`` the km of contested or event-exposed road.
    ``assumptions`` lists the figures used that are labelled
    ASSUMPTION (or given), ``sources`` the sources of the figures used.
    """

    driving_h: float
    border_h: float
    rest_h: float
    transit_h: float
    transit_days: float
    km: float
    exposed_km: float
    truck: str
    payload_t: float
    fuel_l: float
    fuel_usd: float
    driver_usd: float
    truck_usd: float
    border_fee_usd: float
    cost_usd_per_truck: float
    risk_usd_per_t: float
    cost_usd_per_t: float
    km_by_country: Mapping[str, float] = field(default_factory=dict)
    assumptions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The figures as plain values (hours, days, km, USD rounded to 0.01)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float):
                value = round(value, 2)
            elif isinstance(value, Mapping):
                value = {k: round(v, 1) for k, v in value.items()}
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out


def freight_figures(
    arr,
    res: Resolution,
    edges: np.ndarray,
    crossings: list[str],
    model: FreightModel,
    *,
    explain: bool = False,
) -> RouteFreight:
    """The :class:`RouteFreight` of the edges ``edges`` (indices, in travel order) through
    ``crossings`` under a resolution, with ``arr`` (:func:`corridor.costs.routing_arrays`)
    giving the travel model. ``explain`` also lists assumptions and sources (slower)."""
    travel = arr.model
    date = res.scenario.date
    d, b, exposed_km = route_parts(arr, res, edges)
    rest = travel.rest_h(d)
    km = arr.km[edges]
    total_km = float(km.sum())
    by_code = np.bincount(arr.country_code[edges], weights=km, minlength=len(arr.countries))
    prices = [model.fuel_price(c, date, explain=explain) for c in arr.countries]
    live = by_code > 0
    fuel_usd = model.fuel_l_per_km * float(by_code[live] @ np.array([p for p, _ in prices])[live])
    by_country: dict[str, float] = {}
    notes: list[str] = []
    if explain:
        by_country = {arr.countries[i]: float(by_code[i]) for i in np.flatnonzero(live)}
        notes = [prices[i][1] for i in np.flatnonzero(live)]
    fees = model.fees
    fee = 0.0
    for c in crossings:
        fee += fees.get(arr.crossing_kind[arr.node_pos[c]] or "", 0.0)
    driver = model.driver_usd_per_h * (d + b)
    truck = model.truck_usd_per_h * (d + b + rest)
    per_truck = fuel_usd + driver + truck + fee
    payload = model.payload()
    risk = model.risk_premium_usd_per_t_km * exposed_km
    assumptions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    if explain:
        assumptions, sources = _explain(arr, model, crossings, date, notes, set(by_country))
    return RouteFreight(
        driving_h=d,
        border_h=b,
        rest_h=rest,
        transit_h=d + b + rest,
        transit_days=(d + b + rest) / 24.0,
        km=total_km,
        exposed_km=exposed_km,
        truck=model.truck,
        payload_t=payload,
        fuel_l=total_km * model.fuel_l_per_km,
        fuel_usd=fuel_usd,
        driver_usd=driver,
        truck_usd=truck,
        border_fee_usd=fee,
        cost_usd_per_truck=per_truck,
        risk_usd_per_t=risk,
        cost_usd_per_t=per_truck / payload + risk,
        km_by_country=MappingProxyType(by_country),
        assumptions=assumptions,
        sources=sources,
    )


def _explain(arr, model: FreightModel, crossings, date, notes, countries) -> tuple[tuple, tuple]:
    """(assumptions, sources) of a route's figures: the models' figures, the dwell at each
    crossing and the fuel price of each country on the date."""
    travel = arr.model
    used = list(notes)
    for c in crossings:
        hours, why = travel.dwell(c, arr.crossing_kind[arr.node_pos[c]], date)
        used.append(f"dwell at {c} = {hours:g} h: " + ", ".join(why))
    assumptions = travel.assumptions(periods=False) + model.assumptions(travel=False)
    assumptions += [u for u in used if "ASSUMPTION" in u or "unknown" in u or "nearest" in u]
    keys = {"speed_kmh", "dirt_speed_kmh", "dwell_h", "driving_h_per_day", "rest_h_per_day"}
    keys |= {"security_halt_h_per_100km", "transshipment_h", "payload_t", "fuel_l_per_km"}
    keys |= {*(k for k, _ in _SCALARS.values()), "border_fee_usd_per_truck"}
    sources = [
        s
        for row in bundled_freight().defaults.values()
        if row.key in keys
        for s in row.provenance.sources
    ]
    rows = [r for r in travel.crossing_periods if r.crossing in crossings and r.covers(date)]
    for r in (*rows, *(f for f in model.fuel_prices if f.country in countries)):
        sources += r.provenance.sources
    return tuple(dict.fromkeys(assumptions)), tuple(dict.fromkeys(sources))


def route_freight(route: Any, model: FreightModel | None = None) -> RouteFreight:
    """Transit time and cost per tonne of ``route`` (a :class:`corridor.Route`), with the
    assumptions and sources behind them.

    Parameters
    ----------
    route : corridor.Route
    model : FreightModel, optional
        Default: the bundled figures, with the travel model the route was found under.

    Returns
    -------
    RouteFreight
        Hours, days, km, USD per truck and per tonne (see :class:`RouteFreight`).
    """
    if not hasattr(route, "edge_index") or not hasattr(route, "network"):
        raise CorridorError(f"route_freight takes a corridor.Route, got {route!r}")
    model = check_freight(model)
    if callable(getattr(route, "check_current", None)):  # a Route (routing imports this module)
        route.check_current()
    travel = model.travel or getattr(route, "model", None)
    arr = routing_arrays(route.network, check_model(travel))
    res = resolve(route.network, route.scenario)
    return freight_figures(arr, res, route.edge_index, route.crossings, model, explain=True)
