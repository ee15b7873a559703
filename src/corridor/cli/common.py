"""What every command shares: the argument parser, the network and scenario arguments, and
output (JSON, tables, files)."""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from .._files import jsonable
from ..errors import CorridorError

__all__ = [
    "DEFAULT_SCENARIO",
    "Parser",
    "network",
    "named_scenario",
    "scenario_arg",
    "with_mover",
    "print_json",
    "table",
    "fmt_km",
    "fmt_hours",
    "fmt_delta",
    "fmt_weight",
    "WEIGHT_UNITS",
    "check_output",
    "check_png",
    "add_od",
    "add_mover",
    "add_scenario",
    "add_weight",
    "add_json",
]

DEFAULT_SCENARIO = "mid-2018"


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line with exit status 2, that refuses
    empty values (``--scenario ''`` would otherwise mean the default) and suggests close
    names for a misspelt choice."""

    def error(self, message: str):  # type: ignore[override]
        wrong = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if wrong:
            choices = re.findall(r"'([^']*)'", wrong[2]) or [c.strip() for c in wrong[2].split(",")]
            close = difflib.get_close_matches(wrong[1], choices, n=2)
            if close:
                message += f"; did you mean {' or '.join(map(repr, close))}?"
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    def _get_values(self, action, arg_strings):
        # a command gets the rest of the line: its own parser checks the rest
        own = arg_strings[:1] if isinstance(action, argparse._SubParsersAction) else arg_strings
        if any(isinstance(a, str) and not a.strip() for a in own):
            label = "/".join(action.option_strings) or (action.metavar or action.dest).upper()
            self.error(f"{label} is empty; give a value")
        return super()._get_values(action, arg_strings)


# what the running command says about the files it wrote, when its answer is JSON on stdout:
# printed on stderr by corridor.cli.main once the files are in place, dropped if it fails
WRITTEN_NOTES: list[str] = []


def note_written(args: Any, text: str) -> None:
    """Say a file was written ("map written to FILE"): with the answer on stdout, or with
    ``--json`` on stderr, in either case only once the command's files are in place."""
    if getattr(args, "json", False):
        WRITTEN_NOTES.append(text)
    else:
        print(text)


def network(args: Any):
    from ..datasets import load

    return load(args.data)


def named_scenario(name: str):
    from ..whatif import scenario

    return scenario(name)


def with_mover(args: Any, sc):
    """``sc`` for the ``--mover`` given, else as it is (an unknown mover is refused, with
    close names, when the scenario is resolved on the network's control data)."""
    mover = getattr(args, "mover", None)
    return sc if mover is None else sc.with_mover(mover)


def scenario_arg(args: Any):
    from ..whatif import Scenario

    date = getattr(args, "date", None)
    if date is not None and not date.strip():
        raise CorridorError("--date is empty; give a date YYYY-MM-DD (e.g. 2018-07-01) or 'today'")
    if date and not args.scenario:
        return with_mover(args, Scenario.at(date))
    sc = named_scenario(args.scenario or DEFAULT_SCENARIO)
    # --scenario with --date: its overrides on that date
    return with_mover(args, sc.on(date) if date else sc)


def print_json(data) -> None:
    json.dump(jsonable(data), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


# One number format for every command: km with thousands separators and no decimals, hours
# and days with one decimal, changes with their sign; "" where there is no value.
def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def fmt_km(value) -> str:
    return "" if _missing(value) else f"{value:,.0f}"


def fmt_hours(value) -> str:
    return "" if _missing(value) else f"{value:,.1f}"


def fmt_delta(value, decimals: int) -> str:
    if _missing(value):
        return ""
    text = f"{value:+,.{decimals}f}"
    return "0" if text.lstrip("+-").strip("0.,") == "" else text


WEIGHT_UNITS = {"hours": "h", "km": "km", "risk": "risk"}


def fmt_weight(value, weight: str) -> str:
    """A cost in the unit of ``weight``: hours with one decimal, km whole, risk whole."""
    return fmt_hours(value) if weight == "hours" else fmt_km(value)


def table(rows: list[dict], columns: list[str]) -> str:
    widths = {
        c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) if rows else len(c) for c in columns
    }
    head = "  ".join(c.ljust(widths[c]) for c in columns)
    lines = [head, "  ".join("-" * widths[c] for c in columns)]
    for r in rows:
        lines.append("  ".join(str(r.get(c, "")).ljust(widths[c]) for c in columns))
    return "\n".join(lines)


def check_output(path: str | None, option: str, suffixes: tuple[str, ...]) -> Path | None:
    """An output file option checked before any work: its suffix, an existing folder, and
    not a folder itself."""
    if path is None:
        return None
    p = Path(path)
    if p.suffix.lower() not in suffixes:
        raise CorridorError(f"{option} {path}: the file name must end in {' or '.join(suffixes)}")
    if not p.parent.is_dir():
        problem = "is a file, not a folder" if p.parent.exists() else "does not exist"
        raise CorridorError(f"{option} {path}: {p.parent} {problem}")
    if p.is_dir():
        raise CorridorError(f"{option} {path}: is a folder; give a file name")
    try:  # writable? found now, before any other output is written or printed
        with tempfile.TemporaryFile(dir=p.parent):
            pass
    except OSError as exc:
        raise CorridorError(
            f"{option} {path}: cannot write in {p.parent} ({exc.strerror or exc})"
        ) from None
    return p


def check_png(path: str | None) -> Path | None:
    return check_output(path, "--png", (".png",))


def add_od(p: argparse.ArgumentParser) -> None:
    p.add_argument("origin", metavar="ORIGIN", help="place id, name or alias, e.g. Tehran")
    p.add_argument(
        "destination", metavar="DESTINATION", help="place id, name or alias, e.g. Beirut"
    )


def add_mover(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--mover",
        metavar="ID",
        help="who moves: a mover of data/movers.csv, e.g. iran-axis or coalition-convoy "
        "(default: the scenario's)",
    )


def add_scenario(p: argparse.ArgumentParser, many: bool = False) -> None:
    add_mover(p)
    if many:
        p.add_argument(
            "--scenario",
            action="append",
            metavar="NAME|FILE",
            help="built-in name or .toml/.json file (repeat)",
        )
        return
    p.add_argument(
        "--scenario",
        metavar="NAME|FILE",
        help=f"built-in name or .toml/.json file (default {DEFAULT_SCENARIO})",
    )
    p.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="a dated snapshot instead of a named scenario ('today' works)",
    )


def add_weight(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--weight",
        choices=("hours", "km", "risk"),
        default="hours",
        help="what to minimise (default hours)",
    )


def add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")
