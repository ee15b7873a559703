"""Scenarios: a date, a mover, and what-if overrides of the dated control data.

A :class:`Scenario` is immutable and hashable; its ``with_...`` methods return new
scenarios. They take names, ids or aliases and check them against the bundled data, or
against ``network=`` (a network built from other data). Scenarios save to and load from
TOML and JSON with the same keys::

    name = "mid-2018, Americans gone"
    date = 2018-07-01            # or "today"
    mover = "iran-axis"
    description = "..."
    sources = ["seeds/001_bbd7bbf6f6324ae4.txt"]
    unknown_crossings = "closed" # a crossing of unknown status: "closed" (default) or "open"
    [stances]                    # actor = passable | contested | denied
    coalition = "passable"
    [crossings]                  # crossing = open | closed | reconstruction | unknown
    "al-tanf-al-waleed" = "open"
    [zones]
    removed = ["zone-id"]
    transferred = { "coalition-tanf-control" = "syria-gov" }   # zone = new actor
    stances = { "is-badia-insurgency" = "denied" }             # zone = stance
    [[zones.added]]              # a zone drawn by hand (WKT, EPSG:4326)
    name = "drawn-1"
    actor = "coalition"
    kind = "control"
    geometry = "POLYGON ((38.5 33.3, 39 33.3, 39 33.6, 38.5 33.6, 38.5 33.3))"
    [actors]
    removed = ["coalition"]
    [roads]
    cut = ["edge or road id, or a road name"]
    [events]                     # the event risk model (data/event_risk.csv by default)
    radius_km = 5
    half_life_days = 180
    window_days = 730
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
import json
import math
import numbers
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .._checks import check_choice
from .._dates import parse_date
from .._schema import (
    CHOKEPOINT_PASSAGES,
    CROSSING_STATUSES,
    DEFAULT_MOVER,
    PASSAGE_STATUSES,
    STANCES,
    UNKNOWN_POLICIES,
    ZONE_KINDS,
)
from ..errors import ScenarioError
from .catalog import bundled_control, catalog_resolve
from .drawn import DrawnZone, drawn_zone, zone_wkt
from .files import parse_scenario_text, write_scenario_text

__all__ = ["Scenario", "DrawnZone"]

_TOP_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "date": (str, dt.date),
    "mover": str,
    "description": str,
    "sources": list,
    "unknown_crossings": str,
    "stances": dict,
    "crossings": dict,
    "zones": dict,
    "actors": dict,
    "roads": dict,
    "events": dict,
    "chokepoints": dict,
    "airspace": dict,
}
_SECTIONS: dict[str, dict[str, type]] = {
    "zones": {"removed": list, "transferred": dict, "stances": dict, "added": list},
    "actors": {"removed": list},
    "roads": {"cut": list},
    "events": {"radius_km": object, "half_life_days": object, "window_days": object},
}
_EVENT_FIELDS = {
    "radius_km": "event_radius_km",
    "half_life_days": "event_half_life_days",
    "window_days": "event_window_days",
}


def _pairs(mapping: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(mapping.items()))


def _as_pairs(value: Any, what: str) -> dict[str, str]:
    """A mapping given as a dict or as (key, value) pairs, checked to hold text."""
    try:
        pairs = dict(value.items() if isinstance(value, dict) else value)
    except (TypeError, ValueError):
        raise ScenarioError(
            f"{what} must be a mapping or (name, value) pairs, got {value!r}"
        ) from None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in pairs.items()):
        raise ScenarioError(f"{what} must map names to text, got {value!r}")
    return pairs


# the event circles are drawn in lon/lat around each event; far beyond this they stop being
# local (and wrap around the globe); the data's radius is 5 km (data/event_risk.csv)
MAX_EVENT_RADIUS_KM = 500.0


def _non_negative(value: Any, what: str) -> float | None:
    if value is None:
        return None
    try:
        finite = isinstance(value, numbers.Real) and not isinstance(value, bool)
        finite = finite and math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        finite = False
    if not finite:
        raise ScenarioError(f"{what} must be a finite number >= 0, got {value!r:.40}")
    if value < 0:
        raise ScenarioError(f"{what} must be >= 0, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Scenario:
    """Control assumptions for one moment: the dated data at ``date`` plus overrides.

    Parameters
    ----------
    name : str
    date : datetime.date or "today"
        Zones, stances and crossing statuses valid on this day apply.
    mover : str
        Whose movement is routed (default "iran-axis": the Iran-aligned axis moving
        materiel from Tehran to Beirut). Stances are looked up for this mover.
    description : str
    sources : tuple of str
        Seed files or URLs the scenario rests on.
    unknown_crossings : {"closed", "open"}
        How a crossing whose status is ``unknown`` on ``date`` is treated. Default "closed":
        the library claims a route only over crossings the data show open (unknown is not
        open); :func:`corridor.explain` names the unknown crossings it would need.
    stances : tuple of (actor, stance)
        Override the mover's stance toward an actor in all its zones.
    crossings : tuple of (crossing, status)
        Override a crossing's status on ``date``.
    zones_removed : tuple of str
        Zones that no longer apply.
    zones_transferred : tuple of (zone, actor)
        Zones now held by another actor.
    zone_stances : tuple of (zone, stance)
        Override the mover's stance toward one zone (deny or contest it alone).
    zones_added : tuple of DrawnZone
        Zones drawn by hand (:meth:`with_zone`).
    actors_removed : tuple of str
        Actors that have left: all their zones no longer apply.
    roads_cut : tuple of str
        Edge ids, road ids or road names (cutting all their edges) that are impassable.
    chokepoints : tuple of (chokepoint, status)
        Override a sea chokepoint's status for the mover ("open", "contested", "denied");
        the passages of ``corridor._schema.CHOKEPOINT_PASSAGES`` (hormuz, bab-el-mandeb, suez,
        gibraltar, cape-of-good-hope, bosporus; ``data/chokepoints.csv`` dates the status of
        the first four). A denied chokepoint sends ships another way.
    airspace : tuple of (country, status)
        Override a country's airspace status for the mover (ISO3 code, e.g. "IRQ").
    event_radius_km, event_half_life_days, event_window_days : float, optional
        The event risk model's distance (km), time decay (days) and look-back window (days);
        None takes ``data/event_risk.csv``; a window of 0 turns event risk off.
    """

    name: str
    date: dt.date
    mover: str = DEFAULT_MOVER
    description: str = ""
    sources: tuple[str, ...] = ()
    unknown_crossings: str = "closed"
    stances: tuple[tuple[str, str], ...] = ()
    crossings: tuple[tuple[str, str], ...] = ()
    zones_removed: tuple[str, ...] = ()
    zones_transferred: tuple[tuple[str, str], ...] = ()
    zone_stances: tuple[tuple[str, str], ...] = ()
    zones_added: tuple[DrawnZone, ...] = ()
    actors_removed: tuple[str, ...] = ()
    roads_cut: tuple[str, ...] = ()
    chokepoints: tuple[tuple[str, str], ...] = ()
    airspace: tuple[tuple[str, str], ...] = ()
    event_radius_km: float | None = None
    event_half_life_days: float | None = None
    event_window_days: float | None = None
    _derived: bool = field(default=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ScenarioError(f"a scenario needs a name (non-empty text), got {self.name!r}")
        label = f"scenario {self.name!r}"
        object.__setattr__(self, "date", parse_date(self.date, what=f"{label} date"))
        if not isinstance(self.mover, str) or not self.mover:
            raise ScenarioError(f"{label}: mover must be a mover id (text), got {self.mover!r}")
        if not isinstance(self.description, str):
            raise ScenarioError(f"{label}: description must be text, got {self.description!r}")
        for attr in ("sources", "zones_removed", "actors_removed", "roads_cut"):
            value = getattr(self, attr)
            if (
                isinstance(value, str)
                or not hasattr(value, "__iter__")
                or not all(isinstance(v, str) for v in value)
            ):
                raise ScenarioError(f"{label}: {attr} must be a list of strings, got {value!r}")
            object.__setattr__(
                self, attr, tuple(sorted(set(value))) if attr != "sources" else tuple(value)
            )
        checks = (
            ("stances", STANCES),
            ("crossings", CROSSING_STATUSES),
            ("zone_stances", STANCES),
            ("zones_transferred", None),
            ("chokepoints", PASSAGE_STATUSES[:3]),
            ("airspace", PASSAGE_STATUSES[:3]),
        )
        for attr, allowed in checks:
            pairs = _as_pairs(getattr(self, attr), f"{label}: {attr}")
            for key, value in pairs.items():
                if allowed is not None and value not in allowed:
                    raise ScenarioError(
                        f"{label}: {attr}.{key} is {value!r}; allowed: {', '.join(allowed)}"
                    )
            if attr == "chokepoints":
                for key in pairs:
                    check_choice("chokepoint", key, tuple(CHOKEPOINT_PASSAGES), error=ScenarioError)
            if attr == "airspace":
                pairs = {_country_code(k, label): v for k, v in pairs.items()}
            object.__setattr__(self, attr, _pairs(pairs))
        if self.unknown_crossings not in UNKNOWN_POLICIES:
            raise ScenarioError(
                f"{label}: unknown_crossings is {self.unknown_crossings!r}; allowed: "
                f"{', '.join(UNKNOWN_POLICIES)}"
            )
        added = tuple(self.zones_added) if hasattr(self.zones_added, "__iter__") else (None,)
        if not all(isinstance(z, DrawnZone) for z in added):
            raise ScenarioError(f"{label}: zones_added must hold DrawnZone objects")
        names = [z.name for z in added if isinstance(z, DrawnZone)]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ScenarioError(
                f"{label}: two drawn zones are named {twice[0]!r}; give each its own name"
            )
        object.__setattr__(self, "zones_added", added)
        for attr in ("event_radius_km", "event_half_life_days", "event_window_days"):
            object.__setattr__(self, attr, _non_negative(getattr(self, attr), f"{label}: {attr}"))
        if (self.event_radius_km or 0.0) > MAX_EVENT_RADIUS_KM:
            raise ScenarioError(
                f"{label}: event_radius_km {self.event_radius_km:g} is more than "
                f"{MAX_EVENT_RADIUS_KM:g} km (an event's reach along the roads near it)"
            )

    # ------------------------------------------------------------ constructors
    @classmethod
    def at(cls, date: Any, *, mover: str = DEFAULT_MOVER, name: str | None = None) -> Scenario:
        """A snapshot of the dated data on ``date`` (no overrides)."""
        day = parse_date(date)
        return cls(
            name=name or f"as of {day.isoformat()}",
            date=day,
            mover=mover,
            description=f"Dated control data as of {day.isoformat()}",
        )

    # ------------------------------------------------------------ what-ifs
    def _variant(self, change: str, **fields: Any) -> Scenario:
        return replace(self, name=f"{self.name} + {change}", _derived=True, **fields)

    def on(self, date: Any) -> Scenario:
        """The same overrides on another date."""
        day = parse_date(date)
        return replace(self, date=day, name=f"{self.name} @ {day.isoformat()}")

    def with_mover(self, mover: str) -> Scenario:
        return self._variant(f"mover {mover}", mover=mover)

    def _refuse_own_side(self, actor: str, network: Any, why: str) -> None:
        """Refuse a what-if on the mover's own actor (``data/movers.csv``), saying ``why``."""
        control = network.control if network is not None else bundled_control()
        if actor == control.own_actor(self.mover):
            raise ScenarioError(f"{actor!r} is the mover's own side ({self.mover}); {why}")

    def with_stance(self, actor: str, stance: str, *, network: Any = None) -> Scenario:
        """The mover regards ``actor`` as ``stance`` (passable, contested, denied) everywhere.

        Zones whose stance this changes take the stance's default factor, risk and delay
        (``data/stance_effects.csv``); zones the data already give that stance keep their
        own. A stance toward the mover's own actor is refused (it would block the mover
        itself)."""
        actor = catalog_resolve("actor", actor, network)
        check_choice("stance", stance, STANCES, error=ScenarioError)
        self._refuse_own_side(
            actor,
            network,
            "a stance toward it cannot be set. To model a split, draw the breakaway area as a "
            "zone of another actor (Scenario.with_zone) or transfer its zones",
        )
        pairs = dict(self.stances) | {actor: stance}
        return self._variant(f"{actor} {stance}", stances=_pairs(pairs))

    def with_crossing(self, crossing: str, status: str, *, network: Any = None) -> Scenario:
        """Set a crossing's status: "open", "closed", "reconstruction" or "unknown"."""
        crossing = catalog_resolve("crossing", crossing, network)
        check_choice("crossing status", status, CROSSING_STATUSES, error=ScenarioError)
        pairs = dict(self.crossings) | {crossing: status}
        return self._variant(f"{crossing} {status}", crossings=_pairs(pairs))

    def with_crossing_open(self, crossing: str, *, network: Any = None) -> Scenario:
        return self.with_crossing(crossing, "open", network=network)

    def with_crossing_closed(self, crossing: str, *, network: Any = None) -> Scenario:
        return self.with_crossing(crossing, "closed", network=network)

    def with_chokepoint(self, chokepoint: str, status: str) -> Scenario:
        """Set a sea chokepoint's status for the mover: "open", "contested" or "denied"
        (the passages of ``corridor._schema.CHOKEPOINT_PASSAGES``: hormuz, bab-el-mandeb, suez,
        gibraltar, cape-of-good-hope, bosporus)."""
        check_choice("chokepoint", chokepoint, tuple(CHOKEPOINT_PASSAGES), error=ScenarioError)
        check_choice("chokepoint status", status, PASSAGE_STATUSES[:3], error=ScenarioError)
        pairs = dict(self.chokepoints) | {chokepoint: status}
        return self._variant(f"{chokepoint} {status}", chokepoints=_pairs(pairs))

    def with_airspace(self, country: str, status: str) -> Scenario:
        """Set a country's airspace status for the mover (ISO3 code such as "SYR"):
        "open", "contested" or "denied"."""
        code = _country_code(country, "with_airspace")
        check_choice("airspace status", status, PASSAGE_STATUSES[:3], error=ScenarioError)
        pairs = dict(self.airspace) | {code: status}
        return self._variant(f"{code} airspace {status}", airspace=_pairs(pairs))

    def with_unknown_crossings(self, policy: str) -> Scenario:
        """Treat crossings of unknown status as "closed" (the default) or "open"."""
        check_choice("unknown-crossing policy", policy, UNKNOWN_POLICIES, error=ScenarioError)
        return self._variant(f"unknown crossings {policy}", unknown_crossings=policy)

    def with_zone_removed(self, zone: str, *, network: Any = None) -> Scenario:
        zone = catalog_resolve("zone", zone, network)
        return self._variant(f"without {zone}", zones_removed=(*self.zones_removed, zone))

    def with_zone_transferred(self, zone: str, actor: str, *, network: Any = None) -> Scenario:
        """Zone ``zone`` is now held by ``actor``."""
        zone = catalog_resolve("zone", zone, network)
        actor = catalog_resolve("actor", actor, network)
        pairs = dict(self.zones_transferred) | {zone: actor}
        return self._variant(f"{zone} to {actor}", zones_transferred=_pairs(pairs))

    def with_zone_stance(self, zone: str, stance: str, *, network: Any = None) -> Scenario:
        """The mover regards one zone as ``stance`` (e.g. deny or contest it alone)."""
        zone = catalog_resolve("zone", zone, network)
        check_choice("stance", stance, STANCES, error=ScenarioError)
        pairs = dict(self.zone_stances) | {zone: stance}
        return self._variant(f"{zone} {stance}", zone_stances=_pairs(pairs))

    def with_zone(
        self,
        geometry: Any,
        *,
        actor: str,
        kind: str = "control",
        name: str | None = None,
        network: Any = None,
    ) -> Scenario:
        """A zone drawn by hand: a Shapely polygon (lon/lat), a GeoSeries or a GeoDataFrame in
        any CRS (reprojected; all its rows merged), held by ``actor``.

        Every edge the zone intersects takes its effect wholly (the network's edges were not
        split on its boundary); for exact cuts, build the network with the zone.
        """
        actor = catalog_resolve("actor", actor, network)
        check_choice("zone kind", kind, ZONE_KINDS, error=ScenarioError)
        taken = {z.name for z in self.zones_added}  # a default name is the first one free
        label = name or next(f"drawn-{i}" for i in itertools.count(1) if f"drawn-{i}" not in taken)
        if not isinstance(label, str):
            raise ScenarioError(f"with_zone: name must be text, got {name!r}")
        zone = DrawnZone(label, actor, kind, zone_wkt(geometry, f"with_zone {label!r}"))
        if any(z.name == label for z in self.zones_added):
            raise ScenarioError(f"with_zone: a drawn zone is already named {label!r}")
        return self._variant(f"{label} ({actor})", zones_added=(*self.zones_added, zone))

    def with_actor_removed(self, actor: str, *, network: Any = None) -> Scenario:
        """``actor`` has left: none of its zones apply.

        Removing the mover's own actor is refused (its zones are passable for the mover, so
        removing them would change nothing)."""
        actor = catalog_resolve("actor", actor, network)
        self._refuse_own_side(
            actor,
            network,
            "removing it changes nothing, since its zones are passable for the mover. To model "
            "its withdrawal, transfer its zones to the actor taking over "
            "(Scenario.with_zone_transferred)",
        )
        return self._variant(f"{actor} gone", actors_removed=(*self.actors_removed, actor))

    def with_road_cut(self, road: str, *, network: Any = None) -> Scenario:
        """A road is impassable: an edge id, a road id (all its edges), or a road name as
        ``Network.to_gdfs()`` shows it (or a unique part of it, e.g. "Route 12").

        With ``network``, the name is checked now (close matches suggested on a miss);
        otherwise when the scenario is resolved on a network."""
        if not isinstance(road, str) or not road.strip():
            raise ScenarioError(f"with_road_cut: give a road id or name as text, got {road!r}")
        cut = network.road_ids(road) if network is not None else (road,)
        return self._variant(f"{road} cut", roads_cut=(*self.roads_cut, *cut))

    def with_events(
        self,
        *,
        radius_km: float | None = None,
        half_life_days: float | None = None,
        window_days: float | None = None,
    ) -> Scenario:
        """Change the event risk model (None keeps the current value; window 0 turns it off)."""
        changes = {
            "event_radius_km": radius_km,
            "event_half_life_days": half_life_days,
            "event_window_days": window_days,
        }
        changes = {k: v for k, v in changes.items() if v is not None}
        return self._variant(
            "events " + ", ".join(f"{k}={v}" for k, v in changes.items()), **changes
        )

    # ------------------------------------------------------------ serialisation
    def to_dict(self) -> dict[str, Any]:
        """Plain data, as written to TOML or JSON (empty sections left out)."""
        out: dict[str, Any] = {
            "name": self.name,
            "date": self.date.isoformat(),
            "mover": self.mover,
            "description": self.description,
            "sources": list(self.sources),
        }
        if self.unknown_crossings != "closed":
            out["unknown_crossings"] = self.unknown_crossings
        if self.stances:
            out["stances"] = dict(self.stances)
        if self.crossings:
            out["crossings"] = dict(self.crossings)
        zones: dict[str, Any] = {}
        if self.zones_removed:
            zones["removed"] = list(self.zones_removed)
        if self.zones_transferred:
            zones["transferred"] = dict(self.zones_transferred)
        if self.zone_stances:
            zones["stances"] = dict(self.zone_stances)
        if self.zones_added:
            zones["added"] = [
                {"name": z.name, "actor": z.actor, "kind": z.kind, "geometry": z.wkt}
                for z in self.zones_added
            ]
        if zones:
            out["zones"] = zones
        if self.actors_removed:
            out["actors"] = {"removed": list(self.actors_removed)}
        if self.roads_cut:
            out["roads"] = {"cut": list(self.roads_cut)}
        if self.chokepoints:
            out["chokepoints"] = dict(self.chokepoints)
        if self.airspace:
            out["airspace"] = dict(self.airspace)
        events = {
            key: getattr(self, attr)
            for key, attr in _EVENT_FIELDS.items()
            if getattr(self, attr) is not None
        }
        if events:
            out["events"] = events
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, where: str = "scenario") -> Scenario:
        """Build from plain data (as read from TOML or JSON); unknown keys or wrong types raise."""
        _check_keys(data, where)
        zones = data.get("zones", {})
        added = [drawn_zone(z, i, where) for i, z in enumerate(zones.get("added", []))]
        events = data.get("events", {})
        return cls(
            name=data["name"],
            date=data["date"],
            mover=data.get("mover", DEFAULT_MOVER),
            description=data.get("description", ""),
            sources=tuple(data.get("sources", ())),
            unknown_crossings=data.get("unknown_crossings", "closed"),
            stances=_pairs(data.get("stances", {})),
            crossings=_pairs(data.get("crossings", {})),
            zones_removed=tuple(zones.get("removed", ())),
            zones_transferred=_pairs(zones.get("transferred", {})),
            zone_stances=_pairs(zones.get("stances", {})),
            zones_added=tuple(added),
            actors_removed=tuple(data.get("actors", {}).get("removed", ())),
            roads_cut=tuple(data.get("roads", {}).get("cut", ())),
            chokepoints=_pairs(data.get("chokepoints", {})),
            airspace=_pairs(data.get("airspace", {})),
            **{attr: events.get(key) for key, attr in _EVENT_FIELDS.items()},
        )

    def to_json(self, path: str | Path | None = None) -> str:
        """JSON text; also written to ``path`` (atomically) when given."""
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
        if path is not None:
            write_scenario_text(path, text, ".json")
        return text

    def to_toml(self, path: str | Path | None = None) -> str:
        """TOML text; also written to ``path`` (atomically) when given."""
        import tomli_w

        data = self.to_dict()
        data["date"] = self.date
        text = tomli_w.dumps(data)
        if path is not None:
            write_scenario_text(path, text, ".toml")
        return text

    @classmethod
    def from_json(cls, text: str, *, where: str = "JSON scenario") -> Scenario:
        return cls.from_dict(parse_scenario_text(text, where, "JSON"), where=where)

    @classmethod
    def from_toml(cls, text: str, *, where: str = "TOML scenario") -> Scenario:
        return cls.from_dict(parse_scenario_text(text, where, "TOML"), where=where)

    def summary(self) -> str:
        """One line per override, for humans."""
        lines = [f"{self.name} ({self.date.isoformat()}, mover {self.mover})"]
        lines += [f"  stance: {a} {s}" for a, s in self.stances]
        lines += [f"  crossing: {c} {s}" for c, s in self.crossings]
        lines += [f"  zone removed: {z}" for z in self.zones_removed]
        lines += [f"  zone transferred: {z} -> {a}" for z, a in self.zones_transferred]
        lines += [f"  zone stance: {z} {s}" for z, s in self.zone_stances]
        lines += [f"  zone drawn: {z.name} ({z.kind}, {z.actor})" for z in self.zones_added]
        lines += [f"  actor gone: {a}" for a in self.actors_removed]
        lines += [f"  road cut: {r}" for r in self.roads_cut]
        lines += [f"  chokepoint: {c} {s}" for c, s in self.chokepoints]
        lines += [f"  airspace: {c} {s}" for c, s in self.airspace]
        if self.unknown_crossings != "closed":
            lines.append(f"  crossings of unknown status: {self.unknown_crossings}")
        return "\n".join(lines)


def _country_code(country: Any, where: str) -> str:
    """An ISO3 country code (upper case), or ScenarioError."""
    code = country.strip().upper() if isinstance(country, str) else ""
    if len(code) != 3 or not code.isalpha():
        raise ScenarioError(
            f"{where}: airspace country {country!r} is not an ISO3 code; use e.g. IRQ, SYR, LBN"
        )
    known = _country_codes()
    if code not in known:
        close = difflib.get_close_matches(code, sorted(known), n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
        raise ScenarioError(
            f"{where}: no country {code!r} in the bundled country layers; {hint}"
            "use an ISO3 code such as IRQ, SYR, LBN, TUR"
        )
    return code


@functools.lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """ISO3 codes of data/countries.geojson and data/world.geojson (read as plain JSON)."""
    from .._bundled import bundled_data_dir

    codes: set[str] = set()
    for name, key in (("countries.geojson", "iso_a3"), ("world.geojson", "iso3")):
        path = bundled_data_dir() / name
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            codes |= {str(f["properties"].get(key)) for f in data["features"]}
    return frozenset(c for c in codes if len(c) == 3 and c.isalpha())


def _check_keys(data: Any, where: str) -> None:
    """Refuse unknown keys, missing keys and wrongly typed values, naming them."""
    if not isinstance(data, dict):
        raise ScenarioError(
            f"{where}: expected a table of scenario keys, got {type(data).__name__}"
        )
    unknown = set(data) - set(_TOP_KEYS)
    if unknown:
        raise ScenarioError(
            f"{where}: unknown key(s) {', '.join(sorted(map(repr, unknown)))}; "
            f"allowed: {', '.join(_TOP_KEYS)}"
        )
    for key in ("name", "date"):
        if key not in data:
            raise ScenarioError(f"{where}: missing key {key!r}")
    for key, kind in _TOP_KEYS.items():
        if key in data and not isinstance(data[key], kind):
            want = "a date" if key == "date" else "text" if kind is str else kind.__name__  # type: ignore[union-attr]
            raise ScenarioError(f"{where}: {key!r} must be {want}, got {data[key]!r}")
    for section, keys in _SECTIONS.items():
        table = data.get(section, {})
        bad = set(table) - set(keys)
        if bad:
            raise ScenarioError(
                f"{where}: unknown key(s) {', '.join(sorted(map(repr, bad)))} in [{section}]; "
                f"allowed: {', '.join(keys)}"
            )
        for key, kind in keys.items():
            if key in table and not isinstance(table[key], kind):
                raise ScenarioError(
                    f"{where}: {section}.{key} must be a {kind.__name__}, got {table[key]!r}"
                )
    for section in ("stances", "crossings", "chokepoints", "airspace"):
        for key, value in data.get(section, {}).items():
            if not isinstance(value, str):
                raise ScenarioError(f"{where}: {section}.{key} must be text, got {value!r}")
