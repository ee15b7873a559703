"""Reading the hand-curated CSV tables: rows, typed cells, periods, provenance.

Every table of ``data/`` that holds figures (freight, air and sea) cites each row's sources
with verbatim quotes (several separated by ``" | "``, in the same order), or has no source and
a note that starts with ``ASSUMPTION:``. These helpers read such rows and raise
:class:`corridor.DataError` naming the file, the row (as a spreadsheet numbers it: the header is
row 1) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

from ._bundled import bundled_data_dir
from ._checks import check_path
from ._schema import CONFIDENCES
from .errors import DataError

__all__ = [
    "SOURCE_SEPARATOR",
    "Provenance",
    "csv_rows",
    "cell_where",
    "number_cell",
    "date_cell",
    "period_cells",
    "provenance_cells",
    "check_no_overlap",
    "table_folder",
    "own_or_bundled",
]

SOURCE_SEPARATOR = " | "
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
_SEED = re.compile(r"^seeds/\d{3}_[0-9a-f]+\.txt$")


@dataclass(frozen=True)
class Provenance:
    """Where one figure comes from: its file and row, confidence, sources and quotes.

    ``sources`` and ``quotes`` hold one entry per cited source, in the same order; both are
    empty for an assumption, whose ``note`` then starts with ``ASSUMPTION:``.
    """

    file: str
    row: int
    confidence: str
    sources: tuple[str, ...]
    quotes: tuple[str, ...]
    note: str

    @property
    def assumption(self) -> bool:
        """Whether the row is labelled ``ASSUMPTION:`` (value, dates or extent not sourced)."""
        return self.note.startswith("ASSUMPTION:")

    def label(self) -> str:
        """``"file row N"``, with ``(ASSUMPTION)`` when the row is one."""
        return f"{self.file} row {self.row}" + (" (ASSUMPTION)" if self.assumption else "")


def csv_rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """(row number, cells) for every data row; the header must hold ``columns``."""
    if not path.exists():
        raise DataError(f"{path}: file not found")
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c in columns if c not in header]
            if missing:
                raise DataError(
                    f"{path}: missing column(s) {', '.join(missing)}; the header must hold "
                    f"{', '.join(columns)}"
                )
            out = []
            for i, row in enumerate(reader):
                n = i + 2
                if None in row or any(v is None for v in row.values()):
                    raise DataError(
                        f"{path}, row {n}: expected {len(header)} fields, as in the header; "
                        "check the quoting of commas"
                    )
                out.append((n, {k: v.strip() for k, v in row.items()}))
            return out
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise DataError(f"{path}: not a readable CSV file ({exc})") from exc


def cell_where(path: Path, n: int, column: str) -> str:
    return f"{path}, row {n}, column {column}"


def number_cell(path: Path, n: int, row: dict, column: str, *, empty=False, zero=False):
    text = row[column]
    if text == "":
        if empty:
            return None
        raise DataError(f"{cell_where(path, n, column)}: empty; give a number")
    try:
        value = float(text)
    except ValueError:
        raise DataError(f"{cell_where(path, n, column)}: {text!r} is not a number") from None
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero):
        raise DataError(
            f"{cell_where(path, n, column)}: {text!r} must be a finite number "
            + (">= 0" if zero else "> 0")
        )
    return value


def date_cell(path: Path, n: int, row: dict, column: str, *, empty=False) -> dt.date | None:
    text = row[column]
    if text == "" and empty:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise DataError(f"{cell_where(path, n, column)}: {text!r} is not a date YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DataError(f"{cell_where(path, n, column)}: {text!r} is not a calendar date") from None


def period_cells(path: Path, n: int, row: dict) -> tuple[dt.date, dt.date | None]:
    start = date_cell(path, n, row, "valid_from")
    end = date_cell(path, n, row, "valid_to", empty=True)
    assert start is not None
    if end is not None and not end > start:
        raise DataError(
            f"{cell_where(path, n, 'valid_to')}: {end} is not after valid_from {start} "
            "(valid_to is exclusive; leave it empty for 'no later figure')"
        )
    return start, end


def provenance_cells(path: Path, n: int, row: dict) -> Provenance:
    """Check the row's confidence, sources, quotes and note (see the module docstring)."""
    conf, note = row["confidence"], row["note"]
    if conf not in CONFIDENCES:
        raise DataError(
            f"{cell_where(path, n, 'confidence')}: {conf!r}; use one of {', '.join(CONFIDENCES)}"
        )
    assumption = note.startswith("ASSUMPTION:")
    if assumption and conf != "low":
        raise DataError(
            f"{cell_where(path, n, 'confidence')}: {conf!r}, but the note says ASSUMPTION:; "
            "an assumption has confidence low"
        )
    source, quote = row["source"], row["quote"]
    if not source and not quote:
        if not assumption:
            raise DataError(
                f"{cell_where(path, n, 'source')}: no source; cite one with a verbatim quote, or "
                "start the note with 'ASSUMPTION:' and give the reasoning"
            )
        return Provenance(path.name, n, conf, (), (), note)
    sources = tuple(s.strip() for s in source.split(SOURCE_SEPARATOR))
    quotes = tuple(q.strip() for q in quote.split(SOURCE_SEPARATOR))
    if len(sources) != len(quotes):
        raise DataError(
            f"{cell_where(path, n, 'quote')}: {len(sources)} source(s) but {len(quotes)} quote(s); "
            f"separate the parts of both with {SOURCE_SEPARATOR!r}, in the same order"
        )
    for s, q in zip(sources, quotes):
        if not (_URL.match(s) or _SEED.match(s)):
            raise DataError(
                f"{cell_where(path, n, 'source')}: {s!r} is neither an http(s) URL nor a seed "
                "path seeds/NNN_<hex>.txt"
            )
        if not q:
            raise DataError(f"{cell_where(path, n, 'quote')}: empty quote for {s}")
    return Provenance(path.name, n, conf, sources, quotes, note)


def check_no_overlap(
    path: Path, spans: dict[str, list[tuple[int, dt.date, dt.date | None]]]
) -> None:
    for key, rows in spans.items():
        rows = sorted(rows, key=lambda r: r[1])
        for (n1, _, end1), (n2, start2, _) in zip(rows, rows[1:]):
            if end1 is None or start2 < end1:
                raise DataError(
                    f"{path}, rows {n1} and {n2}: the periods of {key!r} overlap; one figure "
                    "per key and date"
                )


def table_folder(source: str | Path | None, what: str) -> Path:
    """The folder of tables to read: ``source``, or the bundled data when None."""
    folder = bundled_data_dir() if source is None else check_path(source, f"the folder of {what}")
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder of {what}")
    return folder


def own_or_bundled(folder: Path, name: str) -> Path:
    """``folder/name`` when it exists, else the bundled file of that name."""
    return folder / name if (folder / name).exists() else bundled_data_dir() / name
