"""Control assumptions: actors, the mover's stance toward each, what a stance does to an edge,
and crossing status over time.

These are data tables (``data/actors.json``, ``data/stances.csv``, ``data/stance_effects.csv``,
``data/crossing_status.csv``); the control zones themselves are polygons held by the network
(``network.zones``, from ``data/zones.geojson``). Every row cites a source with a verbatim
quote. Dates are ISO ``YYYY-MM-DD``; ``valid_from`` is inclusive, ``valid_to`` exclusive, and
an empty ``valid_to`` means "still valid".

The one rule table of the library is :attr:`Control.effects`: for each stance, the state of
an edge in a zone of that stance (open, penalised, blocked), its default travel-time factor,
risk weight per km and added delay. Resolution, routing, explanation and maps all read it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ._bundled import bundled_data_dir
from ._checks import check_path
from ._dates import parse_date
from ._schema import (
    BLOCKED,
    CROSSING_STATUSES,
    DEFAULT_MOVER,
    OPEN,
    PENALISED,
    STANCES,
    STATE_NAMES,
    ZONE_KINDS,
)
from .errors import DataError, ScenarioError
from .names import NameIndex

__all__ = [
    "CONTROL_FILES",
    "OPTIONAL_CONTROL_FILES",
    "STANCES",
    "CROSSING_STATUSES",
    "DEFAULT_MOVER",
    "OPEN",
    "PENALISED",
    "BLOCKED",
    "Effect",
    "StanceRow",
    "Control",
    "read_effects",
    "read_event_risk",
    "read_window",
    "load_control",
    "parse_date",
]

_STANCE_COLUMNS = ["mover", "actor", "zone_kind", "stance", "factor", "risk", "source", "quote"]
_STATUS_COLUMNS = [
    "crossing",
    "status",
    "valid_from",
    "valid_to",
    "confidence",
    "source",
    "quote",
    "note",
]
_EFFECT_COLUMNS = ["stance", "state", "factor", "risk", "delay_h", "source", "quote", "note"]
_MOVER_COLUMNS = ["mover", "actor", "description", "source", "quote"]
_EVENT_RISK_COLUMNS = ["key", "value", "unit", "applies_to", "source", "quote", "note"]
_STATE_CODES = {str(name): code for code, name in enumerate(STATE_NAMES)}


@dataclass(frozen=True)
class Effect:
    """What a stance does to an edge lying in a zone the mover regards with that stance.

    Attributes
    ----------
    stance : str
        "passable", "contested" or "denied".
    state : int
        The edge state: ``OPEN`` (0), ``PENALISED`` (1) or ``BLOCKED`` (2). Where zones
        overlap, the most severe state wins.
    factor : float
        Default travel-time multiplier (>= 1) when the stance row gives none.
    risk : float
        Default exposure weight per km (>= 0) when the stance row gives none.
    delay_h : float
        Hours added once per edge in such a zone (security halts; 0 by default).
    """

    stance: str
    state: int
    factor: float
    risk: float
    delay_h: float = 0.0


@dataclass(frozen=True)
class StanceRow:
    """One resolved stance of a mover toward an actor in zones of one kind."""

    stance: str
    factor: float
    risk: float
    delay_h: float
    row: int  # row of ``Control.stances`` (-1: the passable default for an actor without a row)


@dataclass(eq=False)
class Control:
    """The control tables: actors, stances (per mover), stance effects and crossing status.

    Attributes
    ----------
    actors : pandas.DataFrame
        id, name, aliases, description, source, quote.
    stances : pandas.DataFrame
        mover, actor, zone_kind ("*" for any kind), stance, factor (travel-time multiplier,
        >= 1; empty: the stance's default), risk (exposure weight per km, >= 0; empty: the
        default), optional valid_from / valid_to (dated stances), source, quote.
    crossing_status : pandas.DataFrame
        crossing, status ("open", "closed", "reconstruction" or "unknown"), valid_from,
        valid_to, confidence, source, quote, note.
    effects : mapping of stance -> Effect
        The rule table (``data/stance_effects.csv``).
    movers : pandas.DataFrame
        mover, actor (the mover's own actor: its stance cannot be overridden), description,
        source, quote (``data/movers.csv``).
    events : geopandas.GeoDataFrame or None
        Dated, sourced strikes, attacks and seizures (``data/events.geojson``).
    event_params : mapping
        The event risk model (``data/event_risk.csv``): ``radius_km``, ``window_days``,
        ``half_life_days``, ``cap``, and ``pad_km``, ``kind_weight``, ``confidence_weight``
        (mappings by location precision, event kind and confidence).
    window : (datetime.date, datetime.date or None)
        The first day the control data cover and the day they were last reviewed
        (``data/coverage.toml``); dates before the first day are refused.

    The tables are read once; treat a Control as immutable (build a new one to change it).
    """

    actors: pd.DataFrame
    stances: pd.DataFrame
    crossing_status: pd.DataFrame
    effects: Mapping[str, Effect] = field(default_factory=dict)
    movers: pd.DataFrame | None = None
    events: Any = None
    event_params: Mapping[str, Any] = field(default_factory=dict)
    window: tuple[dt.date, dt.date | None] | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if not self.effects:
            self.effects = read_effects(bundled_data_dir() / "stance_effects.csv")
        self.effects = MappingProxyType(dict(self.effects))
        for col in ("valid_from", "valid_to"):
            if col not in self.stances.columns:
                self.stances[col] = None
        if self.movers is None:
            movers = sorted({m for m in self.stances["mover"] if isinstance(m, str) and m})
            self.movers = pd.DataFrame({"mover": movers, "actor": [None] * len(movers)})
        if not self.event_params:
            self.event_params = read_event_risk(bundled_data_dir() / "event_risk.csv")
        if self.window is None:
            starts = [d for d in self.crossing_status["valid_from"] if d]
            self.window = (dt.date.fromisoformat(min(starts)) if starts else dt.date.min, None)
        self._validate()
        # lookups built once: resolving a fresh scenario only walks these plain lists
        self._stance_rows: dict[str, list[tuple[str, str, str, str | None, StanceRow]]] = {}
        for i, row in enumerate(self.stances.itertuples()):
            base = self.stance_row(row.stance, row.factor, row.risk)
            resolved = StanceRow(base.stance, base.factor, base.risk, base.delay_h, i)
            self._stance_rows.setdefault(row.mover, []).append(
                (row.actor, row.zone_kind, row.valid_from or "", row.valid_to, resolved)
            )
        # dates between two consecutive valid_from/valid_to dates share their valid rows: a
        # date's epoch is found by bisection, and each epoch's table is built once
        self._stance_breaks = {
            mover: sorted({d for _, _, start, end, _ in rows for d in (start, end) if d})
            for mover, rows in self._stance_rows.items()
        }
        self._on_epoch: dict[tuple[str, int], Mapping[tuple[str, str], StanceRow]] = {}
        self._by_signature: dict[tuple, Mapping[tuple[str, str], StanceRow]] = {}
        self._own = dict(zip(self.movers["mover"], self.movers["actor"]))
        cs = self.crossing_status
        self.status_sources = tuple(cs["source"].tolist())
        self._status_by_signature: dict[tuple, Mapping[str, tuple[str, int]]] = {}
        self._status_rows = list(
            zip(cs["crossing"], cs["status"], cs["valid_from"], cs["valid_to"], range(len(cs)))
        )
        self._status_breaks = sorted(
            {d for _, _, s, e, _ in self._status_rows for d in (s, e) if d}
        )
        self._status_on_epoch: dict[int, Mapping[str, tuple[str, int]]] = {}

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle the tables; the lookups are rebuilt (networks go to worker processes)."""
        fields = (self.actors, self.stances, self.crossing_status, dict(self.effects))
        rest = (self.movers, self.events, dict(self.event_params), self.window, self.source)
        return (Control, (*fields, *rest))

    # --------------------------------------------------------------- checks
    def _validate(self) -> None:
        where = self.source or "control data"
        actor_ids = set(self.actors["id"])
        dup = self.actors["id"][self.actors["id"].duplicated()]
        if len(dup):
            raise DataError(f"{where} actors: duplicate id {dup.iloc[0]!r}")
        for stance in STANCES:
            if stance not in self.effects:
                raise DataError(f"{where} stance_effects.csv: no row for stance {stance!r}")
        for i, row in enumerate(self.stances.itertuples()):
            label = f"{where} stances.csv, row {i + 2}"
            if not isinstance(row.mover, str) or not row.mover:
                raise DataError(f"{label}: mover is empty; give the mover the stance is held by")
            if row.actor not in actor_ids:
                raise DataError(
                    f"{label}: unknown actor {row.actor!r}; known: {', '.join(sorted(actor_ids))}"
                )
            if row.stance not in STANCES:
                raise DataError(f"{label}: stance {row.stance!r}; allowed: {', '.join(STANCES)}")
            if row.zone_kind != "*" and row.zone_kind not in ZONE_KINDS:
                raise DataError(
                    f"{label}: zone_kind {row.zone_kind!r}; allowed: *, {', '.join(ZONE_KINDS)}"
                )
            if not (np.isnan(row.factor) or row.factor >= 1.0):
                raise DataError(f"{label}: factor must be a number >= 1, got {row.factor!r}")
            if not (np.isnan(row.risk) or row.risk >= 0.0):
                raise DataError(f"{label}: risk must be a number >= 0, got {row.risk!r}")
        for i, row in enumerate(self.crossing_status.itertuples()):
            label = f"{where} crossing_status.csv, row {i + 2}"
            if not isinstance(row.crossing, str) or not row.crossing.strip():
                raise DataError(f"{label}: crossing is empty; give the crossing's id")
            if row.status not in CROSSING_STATUSES:
                raise DataError(
                    f"{label}: status {row.status!r}; allowed: {', '.join(CROSSING_STATUSES)}"
                )
        self._check_overlaps(where)

    def _check_overlaps(self, where: str) -> None:
        """Each row ends after it begins, and rows for one (mover, actor, zone kind) stance or
        one crossing's status do not overlap in time (a later row would silently win)."""
        st, cs = self.stances, self.crossing_status
        _check_spans(
            f"{where} stances.csv",
            zip(st["mover"], st["actor"], st["zone_kind"]),
            st["valid_from"],
            st["valid_to"],
        )
        _check_spans(
            f"{where} crossing_status.csv",
            ((c,) for c in cs["crossing"]),
            cs["valid_from"],
            cs["valid_to"],
        )

    def check_crossings(self, crossings: Iterable[tuple[str, Any, Any]], where: str) -> None:
        """Refuse a crossing_status row naming no crossing of ``crossings`` (the network's,
        as (id, name, aliases)) but close to one: a misspelt id, or a name given for the id,
        would leave the crossing it meant of unknown status. Rows for crossings the network
        does not have, and nothing close, are left alone (tables shared by several networks
        list them)."""
        index = NameIndex(
            ((c, c, (name or c, *(aliases or ()))) for c, name, aliases in crossings),
            what="crossing",
        )
        known = set(index.ids)
        for i, crossing in enumerate(self.crossing_status["crossing"].tolist()):
            if crossing in known:
                continue
            ident = index.get(crossing)
            close = [ident] if ident is not None else index.suggest(str(crossing))
            if close:
                raise DataError(
                    f"{where} crossing_status.csv, row {i + 2}: unknown crossing {crossing!r}; "
                    f"did you mean {' or '.join(map(repr, close))}? Give the crossing's id, or "
                    "remove the row"
                )

    # --------------------------------------------------------------- lookups
    @cached_property
    def actor_names(self) -> NameIndex:
        """Index of actor ids by id, name and alias."""
        return NameIndex(
            ((r.id, r.name, r.aliases) for r in self.actors.itertuples()), what="actor"
        )

    def actor_id(self, name: str) -> str:
        """Actor id by id, name or alias (any member force's name); suggests close names."""
        return self.actor_names.resolve(name)

    @cached_property
    def mover_ids(self) -> list[str]:
        """Movers with a stance table."""
        return sorted(self.stances["mover"].unique())

    def check_zone_actors(self, zones) -> None:
        """Refuse zones, given as (zone id, actor) pairs, held by an actor these tables do not
        know (with close names)."""
        for zone, actor in zones:
            if self.actor_names.get(actor) != actor:
                close = self.actor_names.suggest(actor)
                hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
                raise DataError(
                    f"zone {zone!r} is held by {actor!r}, an actor the control data do not "
                    f"know; {hint}add it to actors.json or give the zone a known actor"
                )

    def check_mover(self, mover: str) -> str:
        if mover not in self.mover_ids:
            close = NameIndex(((m, m, ()) for m in self.mover_ids), what="mover").suggest(mover)
            hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
            raise ScenarioError(
                f"unknown mover {mover!r}; {hint}movers with a stance table: "
                f"{', '.join(self.mover_ids)}"
            )
        return mover

    def own_actor(self, mover: str) -> str | None:
        """The actor the mover belongs to (``data/movers.csv``), or None."""
        return self._own.get(mover)

    def effect(self, stance: str) -> Effect:
        """The rule-table row of ``stance``."""
        return self.effects[stance]

    def stance_row(self, stance: str, factor: float = np.nan, risk: float = np.nan) -> StanceRow:
        """A stance with its factor and risk, the effect's defaults where not given."""
        eff = self.effects[stance]
        return StanceRow(
            stance,
            eff.factor if np.isnan(factor) else float(factor),
            eff.risk if np.isnan(risk) else float(risk),
            eff.delay_h,
            -1,
        )

    def stances_on(self, mover: str, date: dt.date) -> Mapping[tuple[str, str], StanceRow]:
        """The stance rows of ``mover`` valid on ``date``, keyed by (actor, zone kind).

        Dates on which the same rows are valid get the same (immutable) mapping object."""
        iso = date.isoformat()
        key = (mover, bisect.bisect_right(self._stance_breaks.get(mover, ()), iso))
        hit = self._on_epoch.get(key)
        if hit is not None:
            return hit
        valid = [
            (actor, kind, row)
            for actor, kind, start, end, row in self._stance_rows.get(mover, ())
            if start <= iso and (end is None or iso < end)
        ]
        # one table object per set of valid rows: dates in the same epoch share it
        signature = (mover, tuple(row.row for _, _, row in valid))
        table = self._by_signature.get(signature)
        if table is None:
            table = self._by_signature[signature] = MappingProxyType(
                {(actor, kind): row for actor, kind, row in valid}
            )
        self._on_epoch[key] = table
        return table

    def stance(
        self, mover: str, actor: str, zone_kind: str, date: dt.date | None = None
    ) -> StanceRow:
        """The stance of ``mover`` toward ``actor`` in a zone of ``zone_kind`` on ``date``.

        A row for the specific zone kind wins over the actor's "*" row; an actor without a
        row is treated as passable. Undated stance tables may omit ``date``.
        """
        table = self.stances_on(mover, date or dt.date.today())
        hit = table.get((actor, zone_kind)) or table.get((actor, "*"))
        return hit if hit is not None else self.stance_row("passable")

    def crossing_status_at(self, date: dt.date) -> Mapping[str, tuple[str, int]]:
        """Status of each crossing with a record covering ``date``: {crossing: (status, row)}.

        Dates on which the same rows are valid get the same (immutable) mapping object."""
        iso = date.isoformat()
        epoch = bisect.bisect_right(self._status_breaks, iso)
        hit = self._status_on_epoch.get(epoch)
        if hit is not None:
            return hit
        valid = tuple(
            (c, status, i)
            for c, status, s, e, i in self._status_rows
            if s <= iso and (e is None or iso < e)
        )
        table = self._status_by_signature.get(valid)
        if table is None:
            table = MappingProxyType({c: (status, i) for c, status, i in valid})
            self._status_by_signature[valid] = table
        self._status_on_epoch[epoch] = table
        return table


# --------------------------------------------------------------------------- reading


def _check_spans(table: str, keys: Iterable[tuple], starts: Iterable, ends: Iterable) -> None:
    """Rows (numbered as in the file, header line 1) with the same key must not overlap in
    time, and each must end (``valid_to``, the first day it no longer holds) after it begins
    (``valid_from``). Empty dates (None or NaN) are open-ended."""
    spans: dict[tuple, list[tuple[str, str, int]]] = {}
    for row, (key, start, end) in enumerate(zip(keys, starts, ends)):
        start = "" if pd.isna(start) else str(start)
        end = "9999-12-31" if pd.isna(end) else str(end)
        if end <= start:
            raise DataError(
                f"{table}, row {row + 2}: valid_to {end} is not after valid_from {start} "
                "(valid_to is the first day the row no longer holds)"
            )
        spans.setdefault(key, []).append((start, end, row))
    for key, rows in spans.items():
        rows.sort(key=lambda r: r[0])
        for (_, end, a), (start, _, b) in zip(rows, rows[1:]):
            if start < end:
                raise DataError(
                    f"{table}: rows {a + 2} and {b + 2} for {'/'.join(map(str, key))} overlap "
                    f"in time ({start} < {end}); end one before the other begins"
                )


def _read_csv(
    path: Path, columns: list[str], dates: tuple[str, ...] = (), *, required: tuple[str, ...] = ()
) -> pd.DataFrame:
    """A CSV table of text cells (empty cells None), its date columns checked as YYYY-MM-DD
    (``required`` ones must not be empty)."""
    if not path.exists():
        raise DataError(f"{path}: file not found")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except Exception as exc:
        raise DataError(f"{path}: not a readable CSV file ({exc})") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(columns)}"
        )
    frame = frame.replace({"": None})
    for col in dates:
        if col not in frame.columns:
            continue
        values: list[str | None] = []
        for i, v in enumerate(frame[col].tolist()):
            if v is None:
                if col in required:
                    raise DataError(f"{path}, row {i + 2}: {col} is empty")
                values.append(None)
                continue
            try:
                values.append(dt.date.fromisoformat(v).isoformat())
            except ValueError:
                raise DataError(
                    f"{path}, row {i + 2}: {col} {v!r} is not a date YYYY-MM-DD"
                ) from None
        frame[col] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def _numbers(frame: pd.DataFrame, columns: tuple[str, ...], path: Path) -> None:
    for col in columns:
        try:
            frame[col] = pd.to_numeric(frame[col], errors="raise").astype(float)
        except (TypeError, ValueError) as exc:
            raise DataError(f"{path}: column {col} must hold numbers ({exc})") from None


def read_effects(path: Path) -> dict[str, Effect]:
    """Read the stance rule table (``stance_effects.csv``)."""
    frame = _read_csv(path, _EFFECT_COLUMNS)
    _numbers(frame, ("factor", "risk", "delay_h"), path)
    out = {}
    for i, row in enumerate(frame.itertuples()):
        if row.state not in _STATE_CODES:
            raise DataError(
                f"{path}, row {i + 2}: state {row.state!r}; allowed: {', '.join(_STATE_CODES)}"
            )
        if not (row.factor >= 1.0 and row.risk >= 0.0 and row.delay_h >= 0.0):
            raise DataError(f"{path}, row {i + 2}: factor >= 1, risk >= 0 and delay_h >= 0")
        out[row.stance] = Effect(
            row.stance, _STATE_CODES[row.state], row.factor, row.risk, row.delay_h
        )
    return out


def _read_actors(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise DataError(f"{path}: file not found")
    try:
        actors = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(actors, list) or not all(isinstance(a, dict) and "id" in a for a in actors):
        raise DataError(f"{path}: expected a JSON array of objects with an 'id'")
    if not actors:
        raise DataError(
            f"{path}: lists no actor; give at least the actors that hold zones and the movers'"
            " own sides (the bundled data/actors.json is an example)"
        )
    frame = pd.DataFrame(actors)
    for col in ("name", "aliases", "description", "source", "quote"):
        if col not in frame.columns:
            frame[col] = None
    frame["aliases"] = frame["aliases"].map(lambda a: tuple(a) if isinstance(a, list) else ())
    frame["name"] = frame["name"].fillna(frame["id"])
    return frame


def read_event_risk(path: Path) -> dict[str, Any]:
    """Read the event risk model (``event_risk.csv``): scalars and per-category weights."""
    frame = _read_csv(path, _EVENT_RISK_COLUMNS)
    _numbers(frame, ("value",), path)
    out: dict[str, Any] = {}
    for row in frame.itertuples():
        if row.value < 0 or not np.isfinite(row.value):
            raise DataError(f"{path}: {row.key} must be a finite number >= 0, got {row.value}")
        if row.applies_to:
            out.setdefault(row.key, {})[row.applies_to] = float(row.value)
        else:
            out[row.key] = float(row.value)
    for key in ("radius_km", "window_days", "half_life_days", "cap"):
        if key not in out:
            raise DataError(f"{path}: no row for {key!r}")
    return out


def read_window(path: Path) -> tuple[dt.date, dt.date | None]:
    """The data window of ``coverage.toml``: (start, reviewed)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        start = parse_date(data["start"], what=f"{path}: start")
        reviewed = data.get("reviewed")
        return start, None if reviewed is None else parse_date(reviewed, what=f"{path}: reviewed")
    except (OSError, KeyError, tomllib.TOMLDecodeError, ScenarioError) as exc:
        raise DataError(
            f"{path}: not a readable coverage file with a 'start' date ({exc})"
        ) from exc


def _read_events(folder: Path):
    path = folder / "events.geojson"
    if not path.exists():
        return None
    from .layers import read_layer  # geopandas: only when control data are loaded

    return read_layer(path, "events")


# the files of a folder's control tables: read together (actors.json first), and the optional
# ones (the bundled ones where a folder has none)
CONTROL_FILES = ("actors.json", "stances.csv", "crossing_status.csv")
OPTIONAL_CONTROL_FILES = (
    "stance_effects.csv",
    "movers.csv",
    "event_risk.csv",
    "events.geojson",
    "coverage.toml",
)


def load_control(source: str | Path | None = None) -> Control:
    """Read the control tables from a folder (default: the bundled data).

    The folder holds ``actors.json``, ``stances.csv`` and ``crossing_status.csv``, and
    optionally ``stance_effects.csv``, ``movers.csv``, ``event_risk.csv`` (default: the
    bundled ones), ``events.geojson`` and ``coverage.toml``.
    """
    folder = bundled_data_dir() if source is None else check_path(source, "the control folder")
    actors = _read_actors(folder / "actors.json")
    stances = _read_csv(folder / "stances.csv", _STANCE_COLUMNS, dates=("valid_from", "valid_to"))
    _numbers(stances, ("factor", "risk"), folder / "stances.csv")
    status = _read_csv(
        folder / "crossing_status.csv",
        _STATUS_COLUMNS,
        dates=("valid_from", "valid_to"),
        required=("valid_from",),
    )

    def own_or_bundled(name: str) -> Path:
        return folder / name if (folder / name).exists() else bundled_data_dir() / name

    movers = _read_csv(own_or_bundled("movers.csv"), _MOVER_COLUMNS)
    coverage = folder / "coverage.toml"
    return Control(
        actors=actors,
        stances=stances,
        crossing_status=status,
        effects=read_effects(own_or_bundled("stance_effects.csv")),
        movers=movers,
        events=_read_events(folder),
        event_params=read_event_risk(own_or_bundled("event_risk.csv")),
        window=read_window(coverage) if coverage.exists() else None,
        source=str(folder),
    )
