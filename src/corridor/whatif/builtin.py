"""Scenario files and the built-in scenarios (``data/scenarios.toml``).

A built-in whose date is "today" (``present``) follows the current date.
"""

from __future__ import annotations

import datetime as dt
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from .._bundled import bundled_data_dir
from .._checks import check_path
from ..errors import CorridorError, ScenarioError, UnknownNameError
from ..names import NameIndex
from .model import Scenario

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["read_scenario", "scenario", "scenarios", "as_scenario", "MAX_SCENARIO_BYTES"]

MAX_SCENARIO_BYTES = 1_000_000  # a scenario file is a few kB; larger is refused


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario from a ``.toml`` or ``.json`` file (UTF-8, a BOM is accepted)."""
    path = check_path(path, "the scenario file")
    if path.suffix.lower() not in (".toml", ".json"):
        raise ScenarioError(f"{path}: a scenario file must end in .toml or .json")
    if not path.is_file():
        raise ScenarioError(f"{path}: no such scenario file")
    try:
        size = path.stat().st_size
        if size > MAX_SCENARIO_BYTES:
            raise ScenarioError(
                f"{path}: {size:,} bytes is too large for a scenario file "
                f"(at most {MAX_SCENARIO_BYTES:,})"
            )
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(
            f"{path}: cannot be read as a UTF-8 text scenario file ({exc})"
        ) from None
    if path.suffix.lower() == ".json":
        return Scenario.from_json(text, where=str(path))
    return Scenario.from_toml(text, where=str(path))


@lru_cache(maxsize=2)
def _builtins(today: dt.date) -> dict[str, Scenario]:
    path = bundled_data_dir() / "scenarios.toml"
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    out: dict[str, Scenario] = {}
    for i, entry in enumerate(data.get("scenario", [])):
        sc = Scenario.from_dict(entry, where=f"{path} scenario {i + 1}")
        out[sc.name] = sc
    return out


def builtin_scenarios() -> dict[str, Scenario]:
    """The built-in scenarios by name (those dated "today" on today's date)."""
    return _builtins(dt.date.today())


def scenario(name: str | Path) -> Scenario:
    """A built-in scenario by name, or a scenario file (``.toml``/``.json``) by path.

    Raises :class:`corridor.UnknownNameError` listing the built-in names.
    """
    if not isinstance(name, (str, Path)):
        raise CorridorError(f"a scenario is given by its name or file path, got {name!r}")
    text = str(name)
    if text.lower().endswith((".toml", ".json")):
        return read_scenario(text)
    builtins = builtin_scenarios()
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


def scenarios():
    """The built-in scenarios as a pandas DataFrame: name, date, mover, description, sources."""
    import pandas as pd

    rows = [
        {
            "name": sc.name,
            "date": sc.date,
            "mover": sc.mover,
            "description": sc.description,
            "sources": "; ".join(sc.sources),
        }
        for sc in builtin_scenarios().values()
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


def as_scenarios(value: Any, what: str) -> list[Scenario]:
    """Scenarios for ``what`` (a function's name) from one scenario (a Scenario, a built-in
    name or a scenario file) or an iterable of them; at least one, else
    :class:`corridor.CorridorError`."""
    if isinstance(value, (Scenario, str, Path)):
        value = [value]  # one scenario, not its characters
    try:
        items = list(value)
    except TypeError:
        raise CorridorError(
            f"{what} takes a scenario (a Scenario, a built-in name or a scenario file) or a "
            f"list of them, got {value!r}"
        ) from None
    if not items:
        raise CorridorError(f"{what} needs at least one scenario, got none")
    return [as_scenario(v) for v in items]
