"""Every control assumption the library ships cites a seed (quote found verbatim) or a public URL."""

import csv
import json
import re
from pathlib import Path

import pytest
import tomllib

import corridor

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _rows():
    rows = []
    for a in json.loads((DATA / "actors.json").read_text(encoding="utf-8")):
        rows.append(("actors.json", a["id"], a["source"], a["quote"]))
    for name in ("stances.csv", "crossing_status.csv"):
        with open(DATA / name, encoding="utf-8", newline="") as f:
            for i, r in enumerate(csv.DictReader(f)):
                rows.append((name, f"row {i + 2}", r["source"], r["quote"]))
    zones = json.loads((DATA / "zones.geojson").read_text(encoding="utf-8"))
    for feat in zones["features"]:
        p = feat["properties"]
        rows.append(("zones.geojson", p["id"], p["source"], p["quote"]))
    return rows


ROWS = _rows()


def test_there_are_sourced_assumptions():
    kinds = {r[0] for r in ROWS}
    assert kinds == {"actors.json", "stances.csv", "crossing_status.csv", "zones.geojson"}
    assert len(ROWS) > 90


@pytest.mark.parametrize("where, ident, source, quote", ROWS, ids=[f"{r[0]}:{r[1]}" for r in ROWS])
def test_quote_is_verbatim_in_its_seed_or_cited_to_a_url(where, ident, source, quote):
    assert quote and quote.strip(), f"{where} {ident}: empty quote"
    if source.startswith("seeds/"):
        seed = REPO / source
        assert seed.exists(), f"{where} {ident}: no seed file {source}"
        assert _norm(quote) in _norm(seed.read_text(encoding="utf-8")), (
            f"{where} {ident}: quote not in {source}"
        )
    else:
        assert re.match(r"^https?://[^\s/]+\.[^\s]+$", source), (
            f"{where} {ident}: source {source!r} is not a URL"
        )


def test_seeds_are_the_shared_articles_unchanged():
    shared = REPO.parent / "shared" / "seeds"
    ours = sorted(p.name for p in (REPO / "seeds").glob("*.txt"))
    assert len(ours) == 5
    if shared.exists():
        assert ours == sorted(p.name for p in shared.glob("*.txt"))
        for name in ours:
            assert (REPO / "seeds" / name).read_bytes() == (shared / name).read_bytes()


def test_every_builtin_scenario_lists_existing_sources():
    table = tomllib.loads((DATA / "scenarios.toml").read_text(encoding="utf-8"))["scenario"]
    assert len(table) == len(corridor.scenarios()) >= 8
    for entry in table:
        assert entry["sources"], entry["name"]
        for src in entry["sources"]:
            assert (
                (REPO / src).exists() if src.startswith("seeds/") else src.startswith("https://")
            ), src


def test_scenario_urls_are_cited_in_the_data():
    """A URL a scenario rests on is one the data quotes (so its words are on record)."""
    cited = {r[2] for r in ROWS}
    for sc in corridor.scenarios().itertuples():
        for src in sc.sources.split("; "):
            if src.startswith("http"):
                assert src in cited, (sc.name, src)
