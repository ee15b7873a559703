"""Scenario text in and out: parsing JSON or TOML scenario text and writing a scenario file
atomically (the formats themselves are :class:`corridor.whatif.Scenario`'s)."""

from __future__ import annotations

import json
import sys
from typing import Any

from .._checks import check_path
from .._files import atomic_write_text
from ..errors import ScenarioError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["parse_scenario_text", "write_scenario_text"]


def parse_scenario_text(text: Any, where: str, fmt: str) -> Any:
    """The data of a scenario's JSON or TOML text (``fmt``), else a ScenarioError."""
    if not isinstance(text, str):
        raise ScenarioError(
            f"{where}: expected {fmt} text, got {type(text).__name__} (corridor.read_scenario "
            "reads a file)"
        )
    try:
        text = text.lstrip("\ufeff")
        if fmt == "JSON":
            return json.loads(text, object_pairs_hook=lambda pairs: _no_repeats(pairs, where))
        return tomllib.loads(text)  # TOML refuses a repeated key itself
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"{where}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: invalid TOML ({exc})") from exc
    except RecursionError:
        raise ScenarioError(f"{where}: the {fmt} is nested too deeply to be a scenario") from None


def _no_repeats(pairs: list[tuple[str, Any]], where: str) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (JSON would keep the last one silently)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ScenarioError(f"{where}: the key {key!r} is given twice; keep one")
        out[key] = value
    return out


def write_scenario_text(given: Any, text: str, suffix: str) -> None:
    """Write a scenario's text to the file ``given`` (ending in ``suffix``) atomically."""
    path = check_path(given, "the scenario file")
    if not path.parent.exists():
        raise ScenarioError(f"{path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise ScenarioError(f"{path}: is a folder; give a file name ending in .toml or .json")
    if path.suffix.lower() != suffix:
        raise ScenarioError(f"{path}: give a file name ending in {suffix} for this format")
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise ScenarioError(
            f"{path}: could not write the scenario ({exc.strerror or exc})"
        ) from exc
