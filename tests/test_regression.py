"""Every built-in scenario gives the same ``corridor routes ... --json`` output, byte for byte,
as the stored expectations in tests/data/routes_json*/ (the bundled network and osm-highways).

A change that is meant to change answers regenerates them with
``python tests/data/make_routes_json.py`` and the diff is reviewed in the same commit.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

import corridor
from corridor.cli import main

DATA = Path(__file__).parent / "data"
SCENARIOS = list(corridor.scenarios()["name"])
REVIEWED = corridor.load_control().window[1].isoformat()


def routes_json(name: str, network: str | None) -> str:
    """The CLI's JSON. The built-in "present" follows today's date: it is pinned to the day the
    data were last reviewed (data/coverage.toml) so that the expectation stays fixed."""
    argv = (["--data", network] if network else []) + [
        "routes",
        "Tehran",
        "Beirut",
        "--scenario",
        name,
        "--json",
        *(["--date", REVIEWED] if name == "present" else []),
    ]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    return out.getvalue()


def test_every_scenario_has_an_expectation():
    for folder in ("routes_json", "routes_json_osm"):
        assert sorted(p.stem for p in (DATA / folder).glob("*.json")) == sorted(SCENARIOS)


@pytest.mark.parametrize("name", SCENARIOS)
def test_routes_json_is_unchanged_on_the_bundled_network(name):
    assert routes_json(name, None) == (DATA / "routes_json" / f"{name}.json").read_text("utf-8")


@pytest.mark.parametrize("name", SCENARIOS)
def test_routes_json_is_unchanged_on_osm_highways(name):
    expected = (DATA / "routes_json_osm" / f"{name}.json").read_text("utf-8")
    assert routes_json(name, "osm-highways") == expected
