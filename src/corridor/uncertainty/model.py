"""What is uncertain in a scenario, and how likely each item is to differ from the data.

An *item* is one thing the data assert about the scenario's date that a Monte Carlo draw may
reverse ("flip"): a crossing's status, a zone that applies, a stance row of the mover, an
event that counts. :class:`Uncertainty` says which items are drawn and with what probability:
from the data's confidence levels (``data/uncertainty.toml``, labelled ASSUMPTION there) or
from probabilities given per item.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .._bundled import bundled_data_dir
from .._checks import check_number, check_path
from .._schema import STANCES
from ..errors import CorridorError, ScenarioError, UnknownNameError
from ..network import Network
from ..resolution import Resolution, edge_index
from ..whatif import Scenario

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["KINDS", "CONFIDENCE_LEVELS", "Item", "Uncertainty", "candidate_items", "select_items"]

KINDS = ("crossing", "zone", "stance", "event")
CONFIDENCE_LEVELS = ("high", "medium", "low")
_BLOCKING = ("closed", "reconstruction")


def _probability(value: Any, what: str) -> float:
    try:  # an integer too large for a float is not a probability either
        check_number(value, what, low=0.0, high=1.0, closed=True)
    except (CorridorError, OverflowError):
        raise CorridorError(
            f"{what} must be a probability between 0 and 1, got {value!r:.40}"
        ) from None
    return float(value)


@dataclass(frozen=True)
class Uncertainty:
    """Which items a Monte Carlo draw may flip, and how likely each flip is.

    Parameters
    ----------
    probability : mapping of confidence level -> probability
        Chance that an item of that confidence ("high", "medium", "low") differs from what
        the data say, in [0, 1].
    unknown_status : float
        Chance that a crossing whose status row says "unknown" is the other way round from
        how the scenario treats it (closed by default).
    stance_flip : mapping of stance -> stance
        The stance a flipped stance row takes.
    kinds : tuple of str
        The kinds of item drawn: "crossing", "zone", "stance", "event".
    items : mapping of item -> probability
        Probabilities for named items (crossing, zone or event ids or names, or
        ``"stance:<actor>"`` / ``"stance:<actor>/<zone kind>"``; a ``"<kind>:"`` prefix
        picks the kind when a name is ambiguous). They override the confidence mapping.
    from_confidence : bool
        Draw every other item of ``kinds`` from its confidence (True), or only ``items``.

    The defaults (``Uncertainty.default()``) are read from ``data/uncertainty.toml``.
    """

    probability: tuple[tuple[str, float], ...]
    unknown_status: float
    stance_flip: tuple[tuple[str, str], ...]
    kinds: tuple[str, ...] = KINDS
    items: tuple[tuple[str, float], ...] = ()
    from_confidence: bool = True

    def __post_init__(self) -> None:
        prob = dict(self.probability)
        missing = [c for c in CONFIDENCE_LEVELS if c not in prob]
        if missing:
            raise CorridorError(
                f"Uncertainty: no probability for confidence {', '.join(missing)}; give one "
                f"for each of {', '.join(CONFIDENCE_LEVELS)}"
            )
        unknown = set(prob) - set(CONFIDENCE_LEVELS)
        if unknown:
            raise CorridorError(
                f"Uncertainty: unknown confidence level(s) {', '.join(sorted(unknown))}; "
                f"use {', '.join(CONFIDENCE_LEVELS)}"
            )
        object.__setattr__(
            self,
            "probability",
            tuple((c, _probability(prob[c], f"probability[{c!r}]")) for c in CONFIDENCE_LEVELS),
        )
        object.__setattr__(
            self, "unknown_status", _probability(self.unknown_status, "unknown_status")
        )
        flips = dict(self.stance_flip)
        for stance, target in flips.items():
            if stance not in STANCES or target not in STANCES:
                raise CorridorError(
                    f"Uncertainty: stance_flip {stance!r} -> {target!r}; stances are "
                    f"{', '.join(STANCES)}"
                )
        object.__setattr__(self, "stance_flip", tuple(sorted(flips.items())))
        kinds = (self.kinds,) if isinstance(self.kinds, str) else tuple(self.kinds)
        bad = [k for k in kinds if k not in KINDS]
        if bad:
            raise CorridorError(f"Uncertainty: unknown kind(s) {bad}; use {', '.join(KINDS)}")
        object.__setattr__(self, "kinds", kinds)
        items = dict(self.items.items() if isinstance(self.items, Mapping) else self.items)
        for key in items:
            if not isinstance(key, str) or not key:
                raise CorridorError(f"Uncertainty: item names must be text, got {key!r}")
        object.__setattr__(
            self,
            "items",
            tuple((k, _probability(v, f"probability of {k!r}")) for k, v in sorted(items.items())),
        )

    @classmethod
    def default(cls) -> Uncertainty:
        """The bundled mapping (``data/uncertainty.toml``)."""
        return cls.from_toml(bundled_data_dir() / "uncertainty.toml", defaults=False)

    @classmethod
    def from_toml(cls, path: str | Path, *, defaults: bool = True) -> Uncertainty:
        """Read an uncertainty file: ``[probability]`` (high, medium, low, unknown_status),
        ``[stance_flip]``, ``[draw] kinds`` and ``[items]`` (item -> probability). Keys left
        out take the bundled values; with ``[items]`` and no ``[draw] confidence = true``
        only the named items are drawn."""
        path = check_path(path, "the uncertainty file")
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise CorridorError(f"{path}: cannot read the uncertainty file ({exc})") from None
        except UnicodeDecodeError:
            raise CorridorError(f"{path}: not UTF-8 text; save it as UTF-8 TOML") from None
        except tomllib.TOMLDecodeError as exc:
            raise CorridorError(f"{path}: invalid TOML ({exc})") from None
        except RecursionError:
            raise CorridorError(f"{path}: the TOML is nested too deeply") from None
        return cls.from_dict(data, where=str(path), defaults=defaults)

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, where: str = "uncertainty", defaults: bool = True
    ) -> Uncertainty:
        """Build from the plain data of an uncertainty file (see :meth:`from_toml`)."""
        allowed = {"probability": dict, "stance_flip": dict, "draw": dict, "items": dict}
        for key, value in data.items():
            if key not in allowed:
                raise CorridorError(f"{where}: unknown key {key!r}; allowed: {', '.join(allowed)}")
            if not isinstance(value, allowed[key]):
                raise CorridorError(f"{where}: [{key}] must be a table, got {value!r}")
        base = cls.default() if defaults else None
        prob = dict(base.probability) if base else {}
        table = dict(data.get("probability", {}))
        unknown = table.pop("unknown_status", base.unknown_status if base else None)
        if unknown is None:
            raise CorridorError(f"{where}: [probability] needs unknown_status")
        prob.update(table)
        draw = dict(data.get("draw", {}))
        bad = set(draw) - {"kinds", "confidence"}
        if bad:
            raise CorridorError(f"{where}: unknown key(s) {sorted(bad)} in [draw]")
        items = data.get("items", {})
        kinds = draw.get("kinds", base.kinds if base else KINDS)
        if isinstance(kinds, str):
            kinds = [kinds]  # one kind, not its letters
        if not isinstance(kinds, (list, tuple)):
            raise CorridorError(f"{where}: [draw] kinds must be a list of {', '.join(KINDS)}")
        confidence = draw.get("confidence", not items)
        if not isinstance(confidence, bool):
            raise CorridorError(
                f"{where}: [draw] confidence must be true or false, got {confidence!r}"
            )
        return cls(
            probability=tuple(prob.items()),
            unknown_status=unknown,
            stance_flip=tuple(
                {**(dict(base.stance_flip) if base else {}), **data.get("stance_flip", {})}.items()
            ),
            kinds=tuple(kinds),
            items=tuple(items.items()),
            from_confidence=confidence,
        )

    def with_items(self, items: Mapping[str, float], *, from_confidence: bool = False):
        """These probabilities for named items (and, with ``from_confidence``, the rest from
        their confidence)."""
        return Uncertainty(
            self.probability,
            self.unknown_status,
            self.stance_flip,
            self.kinds,
            tuple(items.items()),
            from_confidence,
        )

    def p_of(self, confidence: str | None) -> float | None:
        """The probability of a confidence level (None when the level is missing)."""
        return dict(self.probability).get(confidence) if confidence else None


@dataclass(frozen=True)
class Item:
    """One uncertain item of a scenario.

    Attributes
    ----------
    kind : str
        "crossing", "zone", "stance" or "event".
    id : str
        Crossing, zone or event id; for a stance row, ``"<actor>/<zone kind>"`` ("*" for
        every kind).
    name : str
        For people.
    value, flipped : str
        What the scenario says ("open", "closed", "applies", "denied", "counts", ...) and
        what a flipped draw says instead.
    confidence : str or None
        The data's confidence of the record (None when the data give none).
    probability : float
        The chance that a draw flips it.
    row : int
        The record's row: the zone index of the resolution, the stance row of
        ``Control.stances``, the event's row; -1 for a crossing.
    """

    kind: str
    id: str
    name: str
    value: str
    flipped: str
    confidence: str | None
    probability: float
    row: int = -1

    @property
    def key(self) -> str:
        """``"<kind>:<id>"``, unique among a scenario's items."""
        return f"{self.kind}:{self.id}"


def _confidence(frame: Any, row: int) -> str | None:
    if frame is None or "confidence" not in frame.columns or row < 0:
        return None
    value = frame["confidence"].iloc[row]
    return value if isinstance(value, str) and value else None


def _crossing_items(network: Network, scenario: Scenario, res: Resolution) -> list[Item]:
    control = network.control
    dated = control.crossing_status_at(scenario.date)
    overridden = {network.crossing_id(c) for c, _ in scenario.crossings}
    out = []
    for crossing in sorted(edge_index(network).crossing_edges):
        status = res.crossing_status.get(crossing, ("unknown", None))[0]
        blocks = status in _BLOCKING or (
            status == "unknown" and scenario.unknown_crossings == "closed"
        )
        row = dated[crossing][1] if crossing in dated and crossing not in overridden else -1
        conf = _confidence(control.crossing_status, row)
        if crossing in overridden:
            conf = None
        name = network.graph.nodes[crossing].get("name") or crossing
        value = f"{status} ({'blocks' if blocks else 'open'})"
        out.append(
            Item("crossing", crossing, name, value, "open" if blocks else "closed", conf, 0.0, row)
        )
    return out


def zone_rows(network: Network, scenario: Scenario, res: Resolution) -> list[Any]:
    """Per zone of ``res`` (network zones, then drawn ones): the stance row that gives its
    effect under the scenario (``StanceRow``; ``row`` -1 where the scenario sets it)."""
    control = network.control
    index = edge_index(network)
    by_zone = {index.zone_index.resolve(z): s for z, s in scenario.zone_stances}
    by_actor = {control.actor_id(a): s for a, s in scenario.stances}
    rows = []
    for z, holder, kind in zip(res.zone_ids, res.zone_actor, res.zone_kind):
        if z in by_zone:
            rows.append(control.stance_row(by_zone[z]))
        elif holder in by_actor:
            rows.append(control.stance_row(by_actor[holder]))
        else:
            rows.append(control.stance(scenario.mover, holder, kind, scenario.date))
    return rows


def _zone_items(network: Network, res: Resolution) -> list[Item]:
    zones = network.zone_table
    n_base = 0 if zones is None else len(zones)
    has_pairs = np.zeros(len(res.zone_ids), dtype=bool)
    has_pairs[res.pair_zone] = True
    out = []
    names = edge_index(network).zone_names
    for z in np.flatnonzero(res.active_zones & has_pairs).tolist():
        if z >= n_base:  # drawn by the scenario: the analyst's assumption
            continue
        out.append(
            Item(
                "zone",
                str(res.zone_ids[z]),
                str(names[z]),
                f"applies ({res.zone_actor[z]}, {res.zone_stance[z]})",
                "does not apply",
                _confidence(zones, z),
                0.0,
                z,
            )
        )
    return out


def _stance_items(network: Network, res: Resolution, rows: list[Any], flips) -> list[Item]:
    control = network.control
    has_pairs = np.zeros(len(res.zone_ids), dtype=bool)
    has_pairs[res.pair_zone] = True
    live = {rows[z].row for z in np.flatnonzero(res.active_zones & has_pairs) if rows[z].row >= 0}
    out = []
    for r in sorted(live):
        rec = control.stances.iloc[r]
        ident = f"{rec['actor']}/{rec['zone_kind']}"
        out.append(
            Item(
                "stance",
                ident,
                f"{rec['mover']} toward {rec['actor']} ({rec['zone_kind']} zones)",
                rec["stance"],
                flips.get(rec["stance"], rec["stance"]),
                _confidence(control.stances, r),
                0.0,
                r,
            )
        )
    return out


def _event_items(network: Network, res: Resolution) -> list[Item]:
    events = network.control.events
    weight = res.events.weight
    if events is None or not len(weight):
        return []
    out = []
    for j in np.flatnonzero(weight > 0).tolist():
        ident = str(res.events.ids[j])
        place = events["place"].iloc[j] if "place" in events.columns else ""
        out.append(
            Item(
                "event",
                ident,
                f"{events['kind'].iloc[j]} at {place}" if place else ident,
                f"counts (weight {weight[j]:.2f})",
                "did not happen",
                _confidence(events, j),
                0.0,
                j,
            )
        )
    return out


def candidate_items(
    network: Network, scenario: Scenario, res: Resolution, model: Uncertainty
) -> list[Item]:
    """Every item of the scenario a draw could flip (probabilities not yet set)."""
    rows = zone_rows(network, scenario, res)
    return [
        *_crossing_items(network, scenario, res),
        *_zone_items(network, res),
        *_stance_items(network, res, rows, dict(model.stance_flip)),
        *_event_items(network, res),
    ]


def _match(network: Network, items: list[Item], name: str) -> Item:
    """The item a user's name refers to (id, name, or kind-prefixed), with suggestions."""
    kind, _, rest = name.partition(":")
    if kind in KINDS and rest:
        pool, ident = [i for i in items if i.kind == kind], rest
    else:
        pool, ident = items, name
    for item in pool:
        if ident in (item.id, item.key):
            return item
    if not (kind in KINDS and rest) or kind == "crossing":
        try:
            crossing = network.crossing_id(ident)
        except CorridorError:
            crossing = None
        hit = [i for i in pool if i.kind == "crossing" and i.id == crossing]
        if hit:
            return hit[0]
    lowered = ident.casefold()
    named = [i for i in pool if lowered in (i.name.casefold(), i.id.casefold())]
    if len(named) == 1:
        return named[0]
    keys = [i.key for i in items] + [i.id for i in items]
    close = difflib.get_close_matches(name, keys, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
    raise UnknownNameError(
        f"no uncertain item {name!r} in this scenario; {hint}items are crossings (id or "
        "name), zones that apply on the date, stance rows ('stance:<actor>/<kind>') and "
        "events that count (MonteCarloResult.items lists them)",
        name=name,
        suggestions=close,
    )


def select_items(
    network: Network, scenario: Scenario, res: Resolution, model: Uncertainty
) -> tuple[Item, ...]:
    """The items drawn under ``model``, each with its probability (in a fixed order:
    crossings, zones, stance rows, events)."""
    from dataclasses import replace

    items = candidate_items(network, scenario, res, model)
    explicit: dict[str, float] = {}
    for name, given in model.items:
        explicit[_match(network, items, name).key] = given
    out = []
    for item in items:
        p: float | None
        if item.key in explicit:
            p = explicit[item.key]
        elif not model.from_confidence or item.kind not in model.kinds:
            continue
        elif item.kind == "crossing" and item.value.startswith("unknown") and item.row >= 0:
            p = model.unknown_status
        else:
            p = model.p_of(item.confidence)
        if p is None:
            continue
        if item.kind == "stance" and item.flipped == item.value:
            continue  # a stance that flips to itself changes nothing
        out.append(replace(item, probability=float(p)))
    return tuple(out)


def check_states(res: Resolution, rows: list[Any], control: Any) -> None:
    """The zone rows reproduce the resolution's zone states (a guard against drift)."""
    states = np.array([control.effect(r.stance).state for r in rows], dtype=np.int8)
    if not np.array_equal(states, np.asarray(res.zone_state)):
        raise ScenarioError(  # pragma: no cover - would mean resolution changed its rules
            "uncertainty: the zone stances do not match the resolution's; report this"
        )
