"""Scenarios: a date, a mover, and what-if overrides of the dated control data.

A :class:`Scenario` is immutable and hashable; its ``with_...`` methods return new
scenarios. They take names, ids or aliases and check them against the bundled data, or
against ``network=`` (a network built from other data). Scenarios save to and load from TOML and JSON with the same keys::

    name = "mid-2018, Americans gone"
    date = 2018-07-01
    mover = "iran-axis"
    description = "..."
    sources = ["seeds/001_bbd7bbf6f6324ae4.txt"]
    [stances]            # actor = passable | contested | denied
    coalition = "passable"
    [crossings]          # crossing = open | closed | reconstruction
    "al-tanf-al-waleed" = "open"
    [zones]
    removed = ["zone-id"]
    [zones.transferred]  # zone = new actor
    "tanf-deconfliction-zone" = "syria-gov"
    [actors]
    removed = ["coalition"]
    [roads]
    cut = ["edge or road id"]
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ._bundled import bundled_data_dir
from ._files import atomic_write_text
from .control import CROSSING_STATUSES, DEFAULT_MOVER, STANCES, load_control, parse_date
from .errors import CorridorError, ScenarioError, UnknownNameError
from .names import NameIndex

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Scenario", "as_scenario", "scenario", "scenarios", "read_scenario"]

_TOP_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "date": (str, dt.date),
    "mover": str,
    "description": str,
    "sources": list,
    "stances": dict,
    "crossings": dict,
    "zones": dict,
    "actors": dict,
    "roads": dict,
}


def _pairs(mapping: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(mapping.items()))


def _as_pairs(value, what: str) -> dict[str, str]:
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


@dataclass(frozen=True)
class Scenario:
    """Control assumptions for one moment: the dated data at ``date`` plus overrides.

    Parameters
    ----------
    name : str
    date : datetime.date
        Zones and crossing statuses valid on this day apply.
    mover : str
        Whose movement is routed (default "iran-axis": the Iran-aligned axis moving
        materiel from Tehran to Beirut). Stances are looked up for this mover.
    description : str
    sources : tuple of str
        Seed files or URLs the scenario rests on.
    stances : tuple of (actor, stance)
        Override the mover's stance toward an actor in all its zones.
    crossings : tuple of (crossing, status)
        Override a crossing's status on ``date``.
    zones_removed : tuple of str
        Zones that no longer apply.
    zones_transferred : tuple of (zone, actor)
        Zones now held by another actor.
    actors_removed : tuple of str
        Actors that have left: all their zones no longer apply.
    roads_cut : tuple of str
        Edge ids (or road ids, cutting all their edges) that are impassable.
    """

    name: str
    date: dt.date
    mover: str = DEFAULT_MOVER
    description: str = ""
    sources: tuple[str, ...] = ()
    stances: tuple[tuple[str, str], ...] = ()
    crossings: tuple[tuple[str, str], ...] = ()
    zones_removed: tuple[str, ...] = ()
    zones_transferred: tuple[tuple[str, str], ...] = ()
    actors_removed: tuple[str, ...] = ()
    roads_cut: tuple[str, ...] = ()
    _derived: bool = field(default=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "date", parse_date(self.date, what=f"scenario {self.name!r} date"))
        for attr in ("sources", "zones_removed", "actors_removed", "roads_cut"):
            value = getattr(self, attr)
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise ScenarioError(
                    f"scenario {self.name!r}: {attr} must be a list of strings, got {value!r}"
                )
            object.__setattr__(
                self, attr, tuple(sorted(set(value))) if attr != "sources" else tuple(value)
            )
        for attr, allowed in (("stances", STANCES), ("crossings", CROSSING_STATUSES)):
            pairs = _as_pairs(getattr(self, attr), f"scenario {self.name!r}: {attr}")
            for key, value in pairs.items():
                if value not in allowed:
                    raise ScenarioError(
                        f"scenario {self.name!r}: {attr}.{key} is {value!r}; allowed: {', '.join(allowed)}"
                    )
            object.__setattr__(self, attr, _pairs(pairs))
        object.__setattr__(
            self,
            "zones_transferred",
            _pairs(_as_pairs(self.zones_transferred, f"scenario {self.name!r}: zones_transferred")),
        )

    # ------------------------------------------------------------ constructors
    @classmethod
    def at(cls, date, *, mover: str = DEFAULT_MOVER, name: str | None = None) -> Scenario:
        """A snapshot of the dated data on ``date`` (no overrides)."""
        day = parse_date(date)
        return cls(
            name=name or f"as of {day.isoformat()}",
            date=day,
            mover=mover,
            description=f"Dated control data as of {day.isoformat()}",
        )

    # ------------------------------------------------------------ what-ifs
    def _variant(self, change: str, **fields) -> Scenario:
        return replace(self, name=f"{self.name} + {change}", _derived=True, **fields)

    def on(self, date) -> Scenario:
        """The same overrides on another date."""
        day = parse_date(date)
        return replace(self, date=day, name=f"{self.name} @ {day.isoformat()}")

    def with_mover(self, mover: str) -> Scenario:
        return self._variant(f"mover {mover}", mover=mover)

    def with_stance(self, actor: str, stance: str, *, network=None) -> Scenario:
        """The mover regards ``actor`` as ``stance`` (passable, contested, denied) everywhere."""
        actor = _catalog_resolve("actor", actor, network)
        _check_choice("stance", stance, STANCES)
        pairs = dict(self.stances) | {actor: stance}
        return self._variant(f"{actor} {stance}", stances=_pairs(pairs))

    def with_crossing(self, crossing: str, status: str, *, network=None) -> Scenario:
        """Set a crossing's status: "open", "closed" or "reconstruction"."""
        crossing = _catalog_resolve("crossing", crossing, network)
        _check_choice("crossing status", status, CROSSING_STATUSES)
        pairs = dict(self.crossings) | {crossing: status}
        return self._variant(f"{crossing} {status}", crossings=_pairs(pairs))

    def with_crossing_open(self, crossing: str, *, network=None) -> Scenario:
        return self.with_crossing(crossing, "open", network=network)

    def with_crossing_closed(self, crossing: str, *, network=None) -> Scenario:
        return self.with_crossing(crossing, "closed", network=network)

    def with_zone_removed(self, zone: str, *, network=None) -> Scenario:
        zone = _catalog_resolve("zone", zone, network)
        return self._variant(f"without {zone}", zones_removed=(*self.zones_removed, zone))

    def with_zone_transferred(self, zone: str, actor: str, *, network=None) -> Scenario:
        """Zone ``zone`` is now held by ``actor``."""
        zone = _catalog_resolve("zone", zone, network)
        actor = _catalog_resolve("actor", actor, network)
        pairs = dict(self.zones_transferred) | {zone: actor}
        return self._variant(f"{zone} to {actor}", zones_transferred=_pairs(pairs))

    def with_actor_removed(self, actor: str, *, network=None) -> Scenario:
        """``actor`` has left: none of its zones apply."""
        actor = _catalog_resolve("actor", actor, network)
        return self._variant(f"{actor} gone", actors_removed=(*self.actors_removed, actor))

    def with_road_cut(self, road: str) -> Scenario:
        """An edge id (or a road id, cutting all its edges) is impassable."""
        return self._variant(f"{road} cut", roads_cut=(*self.roads_cut, road))

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
        if self.stances:
            out["stances"] = dict(self.stances)
        if self.crossings:
            out["crossings"] = dict(self.crossings)
        zones: dict[str, Any] = {}
        if self.zones_removed:
            zones["removed"] = list(self.zones_removed)
        if self.zones_transferred:
            zones["transferred"] = dict(self.zones_transferred)
        if zones:
            out["zones"] = zones
        if self.actors_removed:
            out["actors"] = {"removed": list(self.actors_removed)}
        if self.roads_cut:
            out["roads"] = {"cut": list(self.roads_cut)}
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, where: str = "scenario") -> Scenario:
        """Build from plain data (as read from TOML or JSON); unknown keys or wrong types raise."""
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
                want = (
                    "text"
                    if kind is str
                    else "a date"
                    if key == "date"
                    else getattr(kind, "__name__", str(kind))
                )
                raise ScenarioError(f"{where}: {key!r} must be {want}, got {data[key]!r}")
        sections: dict[str, dict[str, type]] = {
            "zones": {"removed": list, "transferred": dict},
            "actors": {"removed": list},
            "roads": {"cut": list},
        }
        for section, keys in sections.items():
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
        for section in ("stances", "crossings"):
            for key, value in data.get(section, {}).items():
                if not isinstance(value, str):
                    raise ScenarioError(f"{where}: {section}.{key} must be text, got {value!r}")
        zones = data.get("zones", {})
        return cls(
            name=data["name"],
            date=data["date"],
            mover=data.get("mover", DEFAULT_MOVER),
            description=data.get("description", ""),
            sources=tuple(data.get("sources", ())),
            stances=_pairs(data.get("stances", {})),
            crossings=_pairs(data.get("crossings", {})),
            zones_removed=tuple(zones.get("removed", ())),
            zones_transferred=_pairs(zones.get("transferred", {})),
            actors_removed=tuple(data.get("actors", {}).get("removed", ())),
            roads_cut=tuple(data.get("roads", {}).get("cut", ())),
        )

    def to_json(self, path: str | Path | None = None) -> str:
        """JSON text; also written to ``path`` when given."""
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
        if path is not None:
            _write_atomic(Path(path), text)
        return text

    def to_toml(self, path: str | Path | None = None) -> str:
        """TOML text; also written to ``path`` when given."""
        import tomli_w

        data = self.to_dict()
        data["date"] = self.date
        text = tomli_w.dumps(data)
        if path is not None:
            _write_atomic(Path(path), text)
        return text

    @classmethod
    def from_json(cls, text: str, *, where: str = "JSON scenario") -> Scenario:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScenarioError(f"{where}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
        return cls.from_dict(data, where=where)

    @classmethod
    def from_toml(cls, text: str, *, where: str = "TOML scenario") -> Scenario:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ScenarioError(f"{where}: invalid TOML ({exc})") from exc
        return cls.from_dict(data, where=where)

    def summary(self) -> str:
        """One line per override, for humans."""
        lines = [f"{self.name} ({self.date.isoformat()}, mover {self.mover})"]
        lines += [f"  stance: {a} {s}" for a, s in self.stances]
        lines += [f"  crossing: {c} {s}" for c, s in self.crossings]
        lines += [f"  zone removed: {z}" for z in self.zones_removed]
        lines += [f"  zone transferred: {z} -> {a}" for z, a in self.zones_transferred]
        lines += [f"  actor gone: {a}" for a in self.actors_removed]
        lines += [f"  road cut: {r}" for r in self.roads_cut]
        return "\n".join(lines)


def _write_atomic(path: Path, text: str) -> None:
    if not path.parent.exists():
        raise ScenarioError(f"{path}: the folder {path.parent} does not exist")
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise ScenarioError(
            f"{path}: could not write the scenario ({exc.strerror or exc})"
        ) from exc


def _check_choice(what: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ScenarioError(f"unknown {what} {value!r}; allowed: {', '.join(allowed)}")


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario from a ``.toml`` or ``.json`` file."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(f"{path}: no such scenario file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(
            f"{path}: cannot be read as a UTF-8 text scenario file ({exc})"
        ) from None
    if path.suffix.lower() == ".json":
        return Scenario.from_json(text, where=str(path))
    if path.suffix.lower() == ".toml":
        return Scenario.from_toml(text, where=str(path))
    raise ScenarioError(f"{path}: a scenario file must end in .toml or .json")


# ---------------------------------------------------------------- catalog of bundled names


@lru_cache(maxsize=1)
def _catalog() -> dict[str, NameIndex]:
    """Name indexes of the bundled actors, crossings and zones (for what-if arguments)."""
    from .layers import read_layer  # geopandas: only when a what-if names something

    control = load_control()
    crossings = read_layer(bundled_data_dir(), "crossings")
    zones = read_layer(bundled_data_dir(), "zones")
    return {
        "actor": control.actor_names,
        "crossing": NameIndex(
            ((r.id, r.name, r.aliases or ()) for r in crossings.itertuples()), what="crossing"
        ),
        "zone": NameIndex(((r.id, r.name or r.id, ()) for r in zones.itertuples()), what="zone"),
    }


def _catalog_resolve(kind: str, name: str, network=None) -> str:
    """Id of an actor, crossing or zone: checked against ``network`` when given (its control
    data, crossings and zones), else against the bundled data."""
    if network is None:
        return _catalog()[kind].resolve(name)
    if kind == "actor":
        return network.control.actor_id(name)
    if kind == "crossing":
        return network.crossing_id(name)
    zones = network.zone_table
    names = () if zones is None else zip(zones["id"], zones["name"].fillna(zones["id"]))
    return NameIndex(((z, n, ()) for z, n in names), what="zone").resolve(name)


# ---------------------------------------------------------------- built-in scenarios


@lru_cache(maxsize=1)
def _builtins() -> dict[str, Scenario]:
    path = bundled_data_dir() / "scenarios.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: dict[str, Scenario] = {}
    for i, entry in enumerate(data.get("scenario", [])):
        sc = Scenario.from_dict(entry, where=f"{path} scenario {i + 1}")
        out[sc.name] = sc
    return out


def scenario(name: str | Path) -> Scenario:
    """A built-in scenario by name, or a scenario file (``.toml``/``.json``) by path.

    Raises :class:`corridor.UnknownNameError` listing the built-in names.
    """
    text = str(name)
    if text.lower().endswith((".toml", ".json")):
        return read_scenario(text)
    builtins = _builtins()
    if text in builtins:
        return builtins[text]
    index = NameIndex(((n, n, ()) for n in builtins), what="scenario")
    ident = index.get(text)
    if ident is not None:
        return builtins[ident]
    suggestions = index.suggest(text)
    hint = f"did you mean {' or '.join(map(repr, suggestions))}? " if suggestions else ""
    raise UnknownNameError(
        f"no built-in scenario {text!r}; {hint}known: {', '.join(builtins)}",
        name=text,
        suggestions=suggestions,
    )


def scenarios() -> pd.DataFrame:
    """The built-in scenarios: name, date, mover, description, sources."""
    rows = [
        {
            "name": sc.name,
            "date": sc.date,
            "mover": sc.mover,
            "description": sc.description,
            "sources": "; ".join(sc.sources),
        }
        for sc in _builtins().values()
    ]
    return pd.DataFrame(rows, columns=["name", "date", "mover", "description", "sources"])


def as_scenario(value: Scenario | str | Path) -> Scenario:
    """A :class:`Scenario` given as itself, a built-in scenario name or a scenario file path."""
    if isinstance(value, Scenario):
        return value
    if isinstance(value, (str, Path)):
        return scenario(value)
    raise CorridorError(
        f"expected a corridor.Scenario, a built-in scenario name or a .toml/.json scenario "
        f"file, got {value!r}"
    )
