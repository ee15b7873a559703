"""Control assumptions: actors, the mover's stance toward each, and crossing status over time.

These are data tables (``data/actors.json``, ``data/stances.csv``,
``data/crossing_status.csv``); the control zones themselves are polygons held by the
network (``network.zones``, from ``data/zones.geojson``). Every row cites a source with a
verbatim quote. Dates are ISO ``YYYY-MM-DD``; ``valid_from`` is inclusive, ``valid_to``
exclusive, and an empty ``valid_to`` means "still valid".
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ._schema import ZONE_KINDS
from .errors import DataError, ScenarioError
from .names import NameIndex

__all__ = [
    "STANCES",
    "CROSSING_STATUSES",
    "Control",
    "load_control",
    "parse_date",
]

STANCES = ("passable", "contested", "denied")
CROSSING_STATUSES = ("open", "closed", "reconstruction")
DEFAULT_MOVER = "iran-axis"

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


def parse_date(value, *, what: str = "date") -> dt.date:
    """Parse a date given as ``datetime.date``, ``pandas.Timestamp`` or ISO text (``YYYY-MM-DD``,
    ``YYYY-MM`` or ``YYYY``: the first day of the period)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    text = str(value).strip()
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        if len(text) == n:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                break
    raise ScenarioError(
        f"{what}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. '2018-07-01'"
    )


def _active(valid_from: pd.Series, valid_to: pd.Series, date: dt.date) -> np.ndarray:
    iso = date.isoformat()
    start = valid_from.to_numpy(dtype=object)
    end = valid_to.to_numpy(dtype=object)
    return np.array([(s <= iso) and (e is None or iso < e) for s, e in zip(start, end)], dtype=bool)


@dataclass
class Control:
    """The control tables: actors, stances (per mover) and crossing status over time.

    Attributes
    ----------
    actors : pandas.DataFrame
        id, name, aliases, description, source, quote.
    stances : pandas.DataFrame
        mover, actor, zone_kind ("*" for any kind), stance, factor (travel-time multiplier,
        >= 1), risk (exposure weight per km), source, quote.
    crossing_status : pandas.DataFrame
        crossing, status, valid_from, valid_to, confidence, source, quote, note.
    """

    actors: pd.DataFrame
    stances: pd.DataFrame
    crossing_status: pd.DataFrame
    source: str = ""
    _stance_table: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._validate()
        for row in self.stances.itertuples():
            self._stance_table[(row.mover, row.actor, row.zone_kind)] = (
                row.stance,
                float(row.factor),
                float(row.risk),
            )

    # --------------------------------------------------------------- checks
    def _validate(self) -> None:
        where = self.source or "control data"
        actor_ids = set(self.actors["id"])
        dup = self.actors["id"][self.actors["id"].duplicated()]
        if len(dup):
            raise DataError(f"{where} actors: duplicate id {dup.iloc[0]!r}")
        for i, row in enumerate(self.stances.itertuples()):
            label = f"{where} stances.csv, row {i + 2}"
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
            if not (float(row.factor) >= 1.0):
                raise DataError(f"{label}: factor must be a number >= 1, got {row.factor!r}")
            if not (float(row.risk) >= 0.0):
                raise DataError(f"{label}: risk must be a number >= 0, got {row.risk!r}")
        for i, row in enumerate(self.crossing_status.itertuples()):
            label = f"{where} crossing_status.csv, row {i + 2}"
            if row.status not in CROSSING_STATUSES:
                raise DataError(
                    f"{label}: status {row.status!r}; allowed: {', '.join(CROSSING_STATUSES)}"
                )

    # --------------------------------------------------------------- lookups
    @cached_property
    def actor_names(self) -> NameIndex:
        return NameIndex(
            ((r.id, r.name, r.aliases) for r in self.actors.itertuples()), what="actor"
        )

    def actor_id(self, name: str) -> str:
        """Actor id by id, name or alias (any member force's name); suggests close names."""
        return self.actor_names.resolve(name)

    @property
    def movers(self) -> list[str]:
        return sorted(self.stances["mover"].unique())

    def check_mover(self, mover: str) -> str:
        if mover not in self.movers:
            raise ScenarioError(
                f"unknown mover {mover!r}; movers with a stance table: {', '.join(self.movers)}"
            )
        return mover

    def stance(self, mover: str, actor: str, zone_kind: str) -> tuple[str, float, float]:
        """(stance, time factor, risk per km) of ``mover`` toward ``actor`` in a zone of ``zone_kind``.

        A row for the specific zone kind wins over the actor's "*" row; an actor without a
        row is treated as passable (and listed by :meth:`unknown_stances`).
        """
        table = self._stance_table
        return (
            table.get((mover, actor, zone_kind))
            or table.get((mover, actor, "*"))
            or ("passable", 1.0, 0.0)
        )

    def default_factor(self, mover: str, stance: str) -> tuple[float, float]:
        """Typical (factor, risk) of ``stance`` for ``mover``: the largest in its table."""
        rows = self.stances[(self.stances["mover"] == mover) & (self.stances["stance"] == stance)]
        if rows.empty:
            return (1.5, 1.0) if stance == "contested" else (1.0, 0.0)
        return float(rows["factor"].max()), float(rows["risk"].max())

    def crossing_status_at(self, date: dt.date) -> dict[str, tuple[str, int]]:
        """Status of each crossing with a record covering ``date``: {crossing: (status, row)}."""
        active = _active(self.crossing_status["valid_from"], self.crossing_status["valid_to"], date)
        out: dict[str, tuple[str, int]] = {}
        for i in np.flatnonzero(active):
            out[self.crossing_status["crossing"].iloc[i]] = (
                self.crossing_status["status"].iloc[i],
                int(i),
            )
        return out


def _read_csv(path: Path, columns: list[str], dates: tuple[str, ...] = ()) -> pd.DataFrame:
    if not path.exists():
        raise DataError(f"{path}: file not found")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception as exc:
        raise DataError(f"{path}: not a readable CSV file ({exc})") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(columns)}"
        )
    frame = frame.replace({"": None})
    for col in dates:
        values = []
        for i, v in enumerate(frame[col].tolist()):
            if v is None:
                if col == "valid_from":
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


def load_control(source: str | Path | None = None) -> Control:
    """Read actors.json, stances.csv and crossing_status.csv from a folder (default: bundled)."""
    from .io import bundled_data_dir

    folder = bundled_data_dir() if source is None else Path(source)
    actors_path = folder / "actors.json"
    if not actors_path.exists():
        raise DataError(f"{actors_path}: file not found")
    try:
        actors = json.loads(actors_path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DataError(f"{actors_path}: not UTF-8 text ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise DataError(f"{actors_path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(actors, list) or not all(isinstance(a, dict) and "id" in a for a in actors):
        raise DataError(f"{actors_path}: expected a JSON array of objects with an 'id'")
    actor_frame = pd.DataFrame(actors)
    for col in ("name", "aliases", "description", "source", "quote"):
        if col not in actor_frame.columns:
            actor_frame[col] = None
    actor_frame["aliases"] = actor_frame["aliases"].map(
        lambda a: tuple(a) if isinstance(a, list) else ()
    )
    actor_frame["name"] = actor_frame["name"].fillna(actor_frame["id"])
    stances = _read_csv(folder / "stances.csv", _STANCE_COLUMNS)
    for col in ("factor", "risk"):
        try:
            stances[col] = stances[col].astype(float)
        except (TypeError, ValueError) as exc:
            raise DataError(
                f"{folder / 'stances.csv'}: column {col} must hold numbers ({exc})"
            ) from None
    status = _read_csv(
        folder / "crossing_status.csv", _STATUS_COLUMNS, dates=("valid_from", "valid_to")
    )
    return Control(actors=actor_frame, stances=stances, crossing_status=status, source=str(folder))
