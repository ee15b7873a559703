"""Every bad input a clear error, every write atomic (issue 11).

Five families: the command line, scenario files, the Python API, data files and saving. Each
case asserts the error type and that the message names the offending value; CLI cases also
assert exit status 2, one line on stderr and nothing on stdout. Fault tests kill a writing
process half-way and find the old file or the new one at the target, never neither, and no
temporary left once the next write starts.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

import corridor
from corridor import Scenario
from corridor._files import remove_stale_temporaries
from corridor.cli import main
from corridor.errors import CorridorError, DataError, ScenarioError, UnknownNameError
from corridor.uncertainty import Uncertainty
from corridor.whatif import DrawnZone
from synthetic import layers, write


@pytest.fixture(scope="module")
def net():
    return corridor.load()


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- 1. command line

CLI_CASES = [
    ([], "give a command"),
    (["routes"], "ORIGIN, DESTINATION"),
    (["routes", "Tehran"], "DESTINATION"),
    (["routes", "Tehran", "Beirut", "--date", ""], "--date is empty"),
    (["routes", "Tehran", "Beirut", "--date", "  "], "--date is empty"),
    (
        ["routes", "Tehran", "Beirut", "--date", "2016-06-01"],
        "2016-06-01 is outside the data window",
    ),
    (
        ["routes", "Tehran", "Beirut", "--date", "2099-01-01"],
        "2099-01-01 is outside the data window",
    ),
    (["routes", "Tehran", "Beirut", "--date", "July 2018"], "'July 2018' is not a date"),
    (["routes", "Tehran", "Beirut", "--date", "2018-02-30"], "'2018-02-30' is not a date"),
    (["routes", "Tehran", "Beirut", "--scenario", "mid-2081"], "no built-in scenario 'mid-2081'"),
    (["routes", "Tehran", "Beirut", "--scenario", "/no/such.toml"], "/no/such.toml"),
    (["routes", "Tehran", "Beirut", "--scenario", "x.yaml"], "x.yaml"),
    (["routes", "Tehran", "Beirut", "--k", "0"], "k must be a whole number >= 1, got 0"),
    (["routes", "Tehran", "Beirut", "--k", "two"], "invalid int value: 'two'"),
    (["routes", "Tehran", "Beirut", "--weight", "time"], "invalid choice: 'time'"),
    (["routes", "Tehran", "Beirut", "--mover", "iran"], "unknown mover 'iran'"),
    (["routes", "Teheranx", "Beirut"], "no place 'Teheranx'"),
    (["routes", "Tehran", "Tehran"], "the same place ('Tehran')"),
    (["routes", "Tehran", "Beirut", "--png", "map.jpg"], "--png map.jpg"),
    (["routes", "Tehran", "Beirut", "--png", "/no/such/dir/m.png"], "/no/such/dir"),
    (["routes", "Tehran", "Beirut", "--html", "m.png"], "--html m.png"),
    (["routes", "Tehran", "Beirut", "--geojson", "r.csv"], "--geojson r.csv"),
    (["routes", "Tehran", "Beirut", "--frobnicate"], "unrecognized arguments: --frobnicate"),
    (["compare", "Tehran", "Beirut"], "give at least one --scenario"),
    (["compare", "Tehran", "Beirut", "--scenario", "nope"], "no built-in scenario 'nope'"),
    (["compare", "Tehran", "Beirut", "--scenario", "mid-2018", "--baseline", "x"], "baseline 'x'"),
    (["timeline", "Tehran", "Beirut", "--date", "yesterday"], "'yesterday' is not a date"),
    (["timeline", "Tehran", "Beirut", "--every", "3m"], "need --from"),
    (["timeline", "Tehran", "Beirut", "--from", "2018-01-01", "--every", "3q"], "'3q'"),
    (["explain", "Tehran", "Nowhere"], "no place 'Nowhere'"),
    (["critical", "Tehran", "Beirut", "--weight", "speed"], "invalid choice: 'speed'"),
    (["map", "--scenario", "mid-2018"], "--png FILE or --html FILE"),
    (["map", "--png", "m.svg"], "--png m.svg"),
    (["export", "--gpkg", "out.geojson"], "--gpkg out.geojson"),
    (["places", "--country", "Atlantis"], "no country 'Atlantis'"),
    (["places", "--kind", "hamlet"], "invalid choice: 'hamlet'"),
    (["--data", "/no/such/folder", "summary"], "/no/such/folder"),
    (["montecarlo", "Tehran", "Beirut", "--n", "0"], "'0'"),
    (["montecarlo", "Tehran", "Beirut", "--n", "100000000"], "n must be a whole number from 1"),
    (
        [
            "timeline",
            "Tehran",
            "Beirut",
            "--from",
            "2018-01-01",
            "--to",
            "2018-03-01",
            "--every",
            "1d",
            "--png",
            "t.png",
        ],
        "would be 60 map panels, too small to read",
    ),  # fmt: skip
    (["montecarlo", "Tehran", "Beirut", "--n", "many"], "many"),
    (["montecarlo", "Tehran", "Beirut", "--top", "0"], "--top expects a whole number >= 1"),
    (["places", "--country", ""], "--country is empty"),
    (["routes", "Tehran", "Beirut", "--png", f"{__file__}/m.png"], "is a file, not a folder"),
    (["montecarlo", "Tehran", "Beirut", "--workers", "-2"], "--workers expects"),
    (["scenarios", "--data", "/no/such/folder"], "/no/such/folder: no such file or folder"),
    (["--data", "osm-highway", "summary"], "did you mean the bundled network 'osm-highways'"),
    (["modes", "Tehran", "Beirut", "--cargo", "1e308"], "at most 1,000,000,000"),
    (["nosuchcommand"], "invalid choice: 'nosuchcommand'"),
    (["rotues", "Tehran", "Beirut"], "did you mean 'routes'?"),
    (["routes", "Tehran", "Beirut", "--weight", "hour"], "did you mean 'hours'?"),
    # an empty value is refused, not read as the default
    (["routes", "Tehran", "Beirut", "--scenario", ""], "--scenario is empty"),
    (["routes", "", "Beirut"], "ORIGIN is empty"),
    (["montecarlo", "Tehran", "Beirut", "--uncertain", " "], "--uncertain is empty"),
    (["timeline", "Tehran", "Beirut", "--from", "2018-01-01", "--to", ""], "--to is empty"),
]


@pytest.mark.parametrize(
    ("args", "message"), CLI_CASES, ids=[" ".join(a) or "bare" for a, _ in CLI_CASES]
)
def test_cli_bad_input_is_one_line_and_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert message in err
    assert "Traceback" not in err


def test_cli_png_into_a_folder_named_like_a_png(capsys, tmp_path):
    folder = tmp_path / "map.png"
    folder.mkdir()
    code, out, err = run(capsys, "routes", "Tehran", "Beirut", "--png", folder)
    assert code == 2 and out == "" and "is a folder" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("os.replace", OSError(errno.ENOSPC, "No space left on device")),
        ("os.replace", OSError(errno.EACCES, "Permission denied")),
        ("os.replace", OSError(errno.EROFS, "Read-only file system")),
    ],
)
def test_cli_write_failures_are_one_line_and_keep_the_old_file(
    capsys, tmp_path, monkeypatch, where, error
):
    png = tmp_path / "m.png"
    png.write_bytes(b"old")

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(where, fail)
    code, _, err = run(capsys, "map", "--png", png)
    assert code == 2 and err.count("\n") == 1 and error.strerror in err and str(png) in err
    assert png.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.png"]


def test_cli_unexpected_failure_is_one_line(capsys, monkeypatch):
    import corridor.cli.info as info

    def broken(args):
        raise KeyError("boom")

    monkeypatch.setattr(info, "cmd_summary", broken)
    monkeypatch.delenv("CORRIDOR_DEBUG", raising=False)
    code, _, err = run(capsys, "summary")
    assert code == 2 and err.count("\n") == 1 and "internal error KeyError" in err


# --------------------------------------------------------------------------- 2. scenario files

_SQUARE = "POLYGON ((38 33, 39 33, 39 34, 38 34, 38 33))"  # a drawn zone in Syria (lon/lat)

SCENARIO_FILES = [
    ("bad.toml", "name = 'x'\ndate = \n", "invalid TOML"),
    ("bad.json", '{"name": "x", "date": }', "invalid JSON at line 1"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("deep.toml", "a = " + "[" * 100_000 + "]" * 100_000, "deep.toml"),
    ("list.json", "[1, 2]", "list.json"),
    ("noname.toml", "date = '2018-07-01'\n", "name"),
    ("nodate.toml", "name = 'x'\n", "date"),
    ("baddate.toml", "name = 'x'\ndate = 'soon'\n", "'soon' is not a date"),
    ("numdate.json", '{"name": "x", "date": 2018}', "date"),
    ("stance.toml", "name='x'\ndate='2018-07-01'\n[stances]\nsdf='friendly'\n", "'friendly'"),
    (
        "status.toml",
        "name='x'\ndate='2018-07-01'\n[crossings]\nal-tanf-al-waleed='ajar'\n",
        "'ajar'",
    ),
    ("key.toml", "name='x'\ndate='2018-07-01'\ncolour='red'\n", "colour"),
    ("mover.json", '{"name": "x", "date": "2018-07-01", "mover": 7}', "mover"),
    ("empty.toml", "", "name"),
    ("binary.toml", b"\xff\xfe\x00bad", "UTF-8"),
    ("huge.json", "{" + " " * 3_000_000 + "}", "too large"),
    (
        "zone-name.toml",
        "name='x'\ndate='2018-07-01'\n[[zones.added]]\nname=5\nactor='sdf'\n"
        f"geometry='{_SQUARE}'\n",
        "zones.added[0]: name must be text, got 5",
    ),
    (
        "zone-twice.toml",
        "name='x'\ndate='2018-07-01'\n"
        + f"[[zones.added]]\nname='a'\nactor='sdf'\ngeometry='{_SQUARE}'\n" * 2,
        "two drawn zones are named 'a'",
    ),
    (
        "key-twice.json",
        '{"name": "x", "date": "2018-07-01", "date": "2019-10-15"}',
        "the key 'date' is given twice; keep one",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "message"), SCENARIO_FILES, ids=[c[0] for c in SCENARIO_FILES]
)
def test_bad_scenario_files(tmp_path, name, text, message):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        corridor.read_scenario(path)
    assert message in str(info.value)


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_scenario_file_with_a_bom_is_read(tmp_path, suffix):
    sc = corridor.scenario("tanf-handover-2018")
    path = tmp_path / f"s{suffix}"
    text = sc.to_toml() if suffix == ".toml" else sc.to_json()
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert corridor.read_scenario(path) == sc


def test_scenario_naming_an_unknown_crossing_fails_at_use_with_suggestions(net, tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("name='x'\ndate='2018-07-01'\n[crossings]\nal-tamf='open'\n", encoding="utf-8")
    sc = corridor.read_scenario(path)
    with pytest.raises(UnknownNameError, match="al-tamf"):
        corridor.best_route(net, sc, "Tehran", "Beirut")


# --------------------------------------------------------------------------- 3. Python API


def _api_cases():
    sc = lambda: corridor.scenario("mid-2018")  # noqa: E731
    return [
        ("TravelModel speed text", lambda n: corridor.TravelModel(speed_kmh="fast"), "'fast'"),
        (
            "TravelModel speed negative",
            lambda n: corridor.TravelModel(speed_kmh={"highway": -5}),
            "-5",
        ),
        (
            "TravelModel speed nan",
            lambda n: corridor.TravelModel(speed_kmh={"highway": float("nan")}),
            "nan",
        ),
        (
            "TravelModel dwell negative",
            lambda n: corridor.TravelModel(crossing_delay_h={"official": -100}),
            "crossing_delay_h['official'] must be a non-negative",
        ),
        (
            "TravelModel road class misspelt",
            lambda n: corridor.TravelModel(speed_kmh={"motrway": 90}),
            "did you mean 'motorway'",
        ),
        (
            "TravelModel crossing kind misspelt",
            lambda n: corridor.TravelModel(crossing_delay_h={"officail": 1}),
            "did you mean 'official'",
        ),
        (
            "TravelModel day over 24 h",
            lambda n: corridor.TravelModel(driving_h_per_day=20, rest_h_per_day=20),
            "fit in a day",
        ),
        (
            "TravelModel from a path",
            lambda n: corridor.TravelModel.from_data("/nonexistent"),
            "load_freight",
        ),
        (
            "FreightModel crossing kind misspelt",
            lambda n: corridor.FreightModel(crossing_trucks_per_day={"offical": 100}),
            "did you mean 'official'",
        ),
        (
            "FreightModel fee kind misspelt",
            lambda n: corridor.FreightModel(border_fee_usd_per_truck={"offical": 50}),
            "did you mean 'official'",
        ),
        (
            "FreightModel from a path",
            lambda n: corridor.FreightModel.from_data("/nonexistent"),
            "load_freight",
        ),
        (
            "reentry text",
            lambda n: corridor.viable_routes(n, "mid-2018", "Tehran", "Beirut", reentry="no"),
            "reentry must be True or False, got 'no'",
        ),
        (
            "critical roads text",
            lambda n: corridor.critical_crossings(n, "mid-2018", "Tehran", "Beirut", roads="no"),
            "roads must be True or False",
        ),
        ("load validate text", lambda n: corridor.load(validate="no"), "validate must be True"),
        (
            "compare progress number",
            lambda n: corridor.compare(n, ["mid-2018"], "Tehran", "Beirut", progress=2),
            "progress must be True or False, got 2",
        ),
        (
            "routes_to_gdf flat text",
            lambda n: corridor.routes_to_gdf([], flat="yes"),
            "flat must be True or False",
        ),
        (
            "scenario date NaT",
            lambda n: Scenario("x", __import__("pandas").NaT),
            "is a missing date",
        ),
        (
            "scenario window too large for a float",
            lambda n: corridor.scenario("mid-2018").with_events(window_days=10**400),
            "must be a finite number",
        ),
        ("scenario sources None", lambda n: Scenario("x", "2018-07-01", sources=None), "sources"),
        (
            "one crossing named twice",
            lambda n: corridor.resolve(
                n,
                Scenario(
                    "x", "2018-07-01", crossings={"al-Tanf": "open", "al-tanf-al-waleed": "closed"}
                ),
            ),
            "is given twice",
        ),
        (
            "zone removed and transferred",
            lambda n: corridor.resolve(
                n,
                corridor.scenario("mid-2018")
                .with_zone_removed("coalition-tanf-control")
                .with_zone_transferred("coalition-tanf-control", "syria-gov"),
            ),
            "both removed and transferred",
        ),
        (
            "drawn zone too small to save",
            lambda n: corridor.scenario("mid-2018").with_zone(
                __import__("shapely").box(38, 33, 38.0000001, 33.0000001), actor="coalition"
            ),
            "too small",
        ),
        (
            "drawn zone NaN",
            lambda n: corridor.scenario("mid-2018").with_zone(
                __import__("shapely").Polygon([(38, 33), (float("nan"), 33), (39, 34)]),
                actor="coalition",
            ),
            "NaN or infinite",
        ),
        (
            "DrawnZone not WKT",
            lambda n: DrawnZone("z", "coalition", "control", "garbage"),
            "is not WKT",
        ),
        (
            "crossing given as a list",
            lambda n: corridor.resolve(
                n, corridor.scenario("mid-2018").with_crossing(["al-Tanf"], "open")
            ),
            "as text",
        ),
        (
            "uncertainty confidence as text",
            lambda n: Uncertainty.from_dict(
                {"draw": {"confidence": "false"}, "items": {"al-Tanf": 0.5}}
            ),
            "confidence must be true or false",
        ),
        (
            "uncertainty kinds a number",
            lambda n: Uncertainty.from_dict({"draw": {"kinds": 5}}),
            "kinds must be a list",
        ),
        (
            "uncertainty probability too large for a float",
            lambda n: corridor.monte_carlo(
                n, "mid-2018", "Tehran", "Beirut", n=5, uncertain={"al-Tanf": 10**400}
            ),
            "must be a probability",
        ),
        (
            "plot figsize zero",
            lambda n: corridor.plot_scenario(n, "mid-2018", figsize=(0, 0)),
            "figsize width must be a finite number above 0",
        ),
        ("plot ax not axes", lambda n: corridor.plot_scenario(n, "mid-2018", ax=5), "ax must be"),
        (
            "plot inset_km nan",
            lambda n: corridor.plot_scenario(n, "mid-2018", inset_km=float("nan")),
            "inset_km must be",
        ),
        (
            "save_png dpi zero",
            lambda n: corridor.save_png([], Path(tempfile.gettempdir()) / "x.png", dpi=0),
            "dpi must be a finite number at least 10 and at most 1,200",
        ),
        (
            "plot_compare ncols text",
            lambda n: corridor.plot_compare(n, ["mid-2018"], "Tehran", "Beirut", ncols="2"),
            "ncols must be a whole number",
        ),
        (
            "save_html a matplotlib figure",
            lambda n: corridor.save_html(object(), Path(tempfile.gettempdir()) / "x.html"),
            "takes a folium map",
        ),
        (
            "interdict candidate misspelt",
            lambda n: corridor.interdict(n, "mid-2018", "Tehran", "Beirut", candidates=["albukml"]),
            "did you mean 'Albukamal",
        ),
        (
            "interdict no candidates",
            lambda n: corridor.interdict(n, "mid-2018", "Tehran", "Beirut", candidates=[]),
            "candidates is empty",
        ),
        (
            "timeline empty mover",
            lambda n: corridor.timeline(n, ["2018-07-01"], "Tehran", "Beirut", mover=""),
            "mover must be a mover id",
        ),
        (
            "export routes without a destination",
            lambda n: corridor.export_gpkg(
                n, "mid-2018", Path(tempfile.gettempdir()) / "x.gpkg", origin="Tehran"
            ),
            "both origin and destination",
        ),
        (
            "scenario TOML into a .json file",
            lambda n: corridor.scenario("mid-2018").to_toml(Path(tempfile.gettempdir()) / "s.json"),
            "ending in .toml",
        ),
        (
            "scenario event radius round the globe",
            lambda n: corridor.scenario("mid-2018").with_events(radius_km=20000),
            "more than 500 km",
        ),
        ("scenario from JSON None", lambda n: Scenario.from_json(None), "expected JSON text"),
        (
            "network None",
            lambda n: corridor.viable_routes(None, "mid-2018", "Tehran", "Beirut"),
            "network must be a corridor.Network",
        ),
        ("load a number", lambda n: corridor.load(5), "got 5"),
        ("load a misspelt name", lambda n: corridor.load("osm-highway"), "'osm-highways'"),
        ("load_control a number", lambda n: corridor.load_control(5), "got 5"),
        ("read_scenario None", lambda n: corridor.read_scenario(None), "got None"),
        (
            "geojson into a folder",
            lambda n: corridor.write_routes_geojson([], Path(tempfile.gettempdir())),
            "is a folder; give a file name",
        ),
        ("routes_to_gdf None", lambda n: corridor.routes_to_gdf(None), "list of Route"),
        (
            "compare_modes huge cargo",
            lambda n: corridor.compare_modes("mid-2018", "Tehran", "Beirut", cargo_t=1e308),
            "at most 1,000,000,000",
        ),
        (
            "compare_modes network number",
            lambda n: corridor.compare_modes("mid-2018", "Tehran", "Beirut", network=5),
            "network must be a corridor.Network",
        ),
        (
            "model text",
            lambda n: corridor.viable_routes(n, "mid-2018", "Tehran", "Beirut", model="fast"),
            "'fast'",
        ),
        ("Scenario name None", lambda n: Scenario(name=None, date="2018-07-01"), "None"),
        ("Scenario name empty", lambda n: Scenario(name="", date="2018-07-01"), "name"),
        ("Scenario date text", lambda n: Scenario(name="x", date="yesterday"), "'yesterday'"),
        ("Scenario mover number", lambda n: Scenario(name="x", date="2018-07-01", mover=5), "5"),
        (
            "k float",
            lambda n: corridor.viable_routes(n, "mid-2018", "Tehran", "Beirut", k=2.5),
            "2.5",
        ),
        (
            "k zero",
            lambda n: corridor.viable_routes(n, "mid-2018", "Tehran", "Beirut", k=0),
            "got 0",
        ),
        (
            "k bool",
            lambda n: corridor.viable_routes(n, "mid-2018", "Tehran", "Beirut", k=True),
            "True",
        ),
        (
            "weight",
            lambda n: corridor.viable_routes(n, "mid-2018", "Tehran", "Beirut", weight="time"),
            "'time'",
        ),
        (
            "max_shared 2",
            lambda n: corridor.viable_routes(n, "mid-2018", "Tehran", "Beirut", max_shared=2),
            "2",
        ),
        (
            "max_shared text",
            lambda n: corridor.viable_routes(n, "mid-2018", "Tehran", "Beirut", max_shared="a"),
            "'a'",
        ),
        ("origin None", lambda n: corridor.viable_routes(n, "mid-2018", None, "Beirut"), "None"),
        (
            "origin unknown",
            lambda n: corridor.viable_routes(n, "mid-2018", "Beirutt", "Tehran"),
            "'Beirutt'",
        ),
        ("scenario number", lambda n: corridor.viable_routes(n, 5, "Tehran", "Beirut"), "5"),
        (
            "scenario unknown",
            lambda n: corridor.viable_routes(n, "mid-2019", "Tehran", "Beirut"),
            "'mid-2019'",
        ),
        (
            "scenario before data",
            lambda n: corridor.best_route(n, Scenario.at("1990-01-01"), "Tehran", "Beirut"),
            "1990-01-01",
        ),
        ("stance value", lambda n: sc().with_stance("sdf", "friendly"), "'friendly'"),
        (
            "stance own side",
            lambda n: sc().with_stance("iran-axis", "denied", network=n),
            "'iran-axis'",
        ),
        (
            "stance unknown actor",
            lambda n: corridor.best_route(
                n, sc().with_stance("hezbolah", "denied"), "Tehran", "Beirut"
            ),
            "'hezbolah'",
        ),
        ("crossing status", lambda n: sc().with_crossing("al-tanf-al-waleed", "ajar"), "'ajar'"),
        (
            "crossing unknown",
            lambda n: sc().with_crossing("al-tamf", "open", network=n),
            "'al-tamf'",
        ),
        (
            "crossing is a city",
            lambda n: sc().with_crossing("Baghdad", "open", network=n),
            "'Baghdad'",
        ),
        ("road cut unknown", lambda n: sc().with_road_cut("Route 99", network=n), "'Route 99'"),
        (
            "road cut close",
            lambda n: sc().with_road_cut("Baghdad-Mosul highwy", network=n),
            "Baghdad–Mosul highway",
        ),
        (
            "zone unknown",
            lambda n: sc().with_zone_removed("is-raqa-2017", network=n),
            "'is-raqa-2017'",
        ),
        (
            "zone transfer to unknown actor",
            lambda n: corridor.best_route(
                n, sc().with_zone_transferred("is-qaim-2017", "nobody"), "Tehran", "Beirut"
            ),
            "'nobody'",
        ),
        ("unknown-crossings policy", lambda n: sc().with_unknown_crossings("maybe"), "'maybe'"),
        (
            "mover unknown",
            lambda n: corridor.best_route(n, sc().with_mover("iran"), "Tehran", "Beirut"),
            "'iran'",
        ),
        (
            "critical weight",
            lambda n: corridor.critical_crossings(n, "mid-2018", "Tehran", "Beirut", weight="x"),
            "'x'",
        ),
        (
            "explain same place",
            lambda n: corridor.explain(n, "mid-2018", "Tehran", "tehran"),
            "'Tehran'",
        ),
        (
            "compare nothing",
            lambda n: corridor.compare(n, [], "Tehran", "Beirut"),
            "at least one scenario",
        ),
        (
            "compare baseline",
            lambda n: corridor.compare(n, ["mid-2018"], "Tehran", "Beirut", baseline="x"),
            "'x'",
        ),
        (
            "timeline bad date",
            lambda n: corridor.timeline(n, ["2018-13-01"], "Tehran", "Beirut"),
            "'2018-13-01'",
        ),
        (
            "date_steps step",
            lambda n: corridor.date_steps("2018-01-01", "2019-01-01", "fortnightly"),
            "'fortnightly'",
        ),
        (
            "monte_carlo n",
            lambda n: corridor.monte_carlo(n, "mid-2018", "Tehran", "Beirut", n=0),
            "0",
        ),
        ("plot_routes not routes", lambda n: corridor.plot_routes(n, "mid-2018", [1, 2]), "int"),
        ("save_png None", lambda n: corridor.save_png(None, "/tmp/corridor-never.png"), "NoneType"),
        ("save_png suffix", lambda n: corridor.save_png([], "m.jpg"), "m.jpg"),
        (
            "read_layer unknown layer",
            lambda n: corridor.read_layer(corridor.bundled_data_dir(), "rivers2"),
            "rivers2",
        ),
        ("load missing", lambda n: corridor.load("/no/such/place"), "/no/such/place"),
        (
            "load a csv",
            lambda n: corridor.load(corridor.bundled_data_dir() / "stances.csv"),
            "stances.csv",
        ),
        ("place unknown", lambda n: n.node_id("Damascos"), "'Damascos'"),
        ("place not text", lambda n: n.node_id(42), "42"),
        ("crossing_id of a city", lambda n: n.crossing_id("Damascus"), "'Damascus'"),
        ("routes_to_gdf", lambda n: corridor.routes_to_gdf([3]), "3"),
        ("network_from_osmnx", lambda n: corridor.network_from_osmnx({"a": 1}), "dict"),
        (
            "remove the mover's own side",
            lambda n: sc().with_actor_removed("iran-axis"),
            "'iran-axis' is the mover's own side (iran-axis); removing it changes nothing",
        ),
        (
            "remove the mover's own side in a Scenario",
            lambda n: corridor.viable_routes(
                n, Scenario("x", "2018-07-01", actors_removed=("iran-axis",)), "Tehran", "Beirut"
            ),
            "scenario 'x': 'iran-axis' is the mover's own side",
        ),
        (
            "two drawn zones of one name",
            lambda n: Scenario(
                "x",
                "2018-07-01",
                zones_added=(
                    DrawnZone("a", "sdf", "control", _SQUARE),
                    DrawnZone("a", "sdf", "control", _SQUARE),
                ),
            ),
            "two drawn zones are named 'a'",
        ),
        (
            "roads in another region",
            lambda n: corridor.network_from_roads(
                gpd.GeoDataFrame(geometry=[shapely.LineString([(0, 0), (1, 1)])], crs=4326)
            ),
            "no road lies in the countries layer (roads span lon 0.00 to 1.00",
        ),
        (
            "countries without codes",
            lambda n: corridor.network_from_roads(
                corridor.read_layer(corridor.bundled_data_dir(), "roads"),
                countries=corridor.read_layer(corridor.bundled_data_dir(), "countries").drop(
                    columns=["iso_a3", "adm0_a3"]
                ),
            ),
            "no country code field; give each country its ISO 3166 alpha-3 code",
        ),
        (
            "no countries",
            lambda n: corridor.network_from_roads(
                corridor.read_layer(corridor.bundled_data_dir(), "roads"),
                countries=corridor.read_layer(corridor.bundled_data_dir(), "countries").iloc[:0],
            ),
            "has no features; a countries layer needs at least one",
        ),
        (
            "no roads",
            lambda n: corridor.network_from_roads(
                corridor.read_layer(corridor.bundled_data_dir(), "roads").iloc[:0]
            ),
            "has no features; give at least one road line",
        ),
        ("compare None", lambda n: corridor.compare(n, None, "Tehran", "Beirut"), "got None"),
        ("compare []", lambda n: corridor.compare(n, [], "Tehran", "Beirut"), "at least one"),
        ("sweep None", lambda n: corridor.sweep(n, None, "Tehran", "Beirut"), "got None"),
        ("sweep []", lambda n: corridor.sweep(n, [], "Tehran", "Beirut"), "at least one"),
        ("routes_to_gdf [None]", lambda n: corridor.routes_to_gdf([None]), "NoneType"),
        (
            "write_routes_geojson suffix",
            lambda n: corridor.write_routes_geojson([], "/tmp/routes.txt"),
            "must end in .geojson or .json",
        ),
        (
            "from_gdfs None",
            lambda n: corridor.from_gdfs(None, None),
            "nodes must be a GeoDataFrame",
        ),
        (
            "to_osmnx states",
            lambda n: n.to_osmnx(states="x"),
            "states must be corridor.edge_states",
        ),
        (
            "TravelModel periods None",
            lambda n: corridor.TravelModel(crossing_periods=None),
            "crossing_periods must be",
        ),
        (
            "FreightModel capacity None",
            lambda n: corridor.FreightModel(crossing_capacity=None),
            "crossing_capacity must hold",
        ),
    ]


API_CASES = _api_cases()


@pytest.mark.parametrize(("label", "call", "message"), API_CASES, ids=[c[0] for c in API_CASES])
def test_api_bad_input_raises_a_corridor_error_naming_the_value(net, label, call, message):
    with pytest.raises(CorridorError) as info:
        call(net)
    assert message in str(info.value), str(info.value)


def test_unknown_names_come_with_close_matches(net):
    with pytest.raises(UnknownNameError) as info:
        net.node_id("Damascos")
    assert "Damascus" in info.value.suggestions
    with pytest.raises(UnknownNameError) as info:
        net.road_ids("Baghdad-Mosul highwy")
    assert info.value.suggestions


# --------------------------------------------------------------------------- 4. data files


def _edit(layer: str, i: int, **props):
    def change(d):
        d[layer]["features"][i]["properties"].update(props)

    return change


def _geometry(layer: str, i: int, geometry):
    def change(d):
        d[layer]["features"][i]["geometry"] = geometry

    return change


def _no_features(layer: str):
    def change(d):
        d[layer]["features"] = []

    return change


def _without(layer: str, *fields: str):
    def change(d):
        for f in d[layer]["features"]:
            for field in fields:
                f["properties"].pop(field, None)

    return change


def _swap_roads(d):
    for f in d["roads"]["features"]:
        f["geometry"]["coordinates"] = [c[::-1] for c in f["geometry"]["coordinates"]]


DATA_CASES = [
    ("unknown place kind", _edit("places", 0, kind="village"), "village"),
    ("place without id", _edit("places", 0, id=None), "id"),
    ("duplicate place id", _edit("places", 1, id="a1"), "a1"),
    ("road class", _edit("roads", 0, road_class="autobahn"), "autobahn"),
    ("road surface", _edit("roads", 0, surface="glass"), "glass"),
    ("road end unknown", _edit("roads", 0, u="zz"), "zz"),
    ("crossing country", _edit("crossings", 0, country_a="XXX"), "XXX"),
    ("zone actor", _edit("zones", 0, actor="nobody"), "nobody"),
    ("zone dates", _edit("zones", 0, valid_from="2019-01-01", valid_to="2018-01-01"), "2018-01-01"),
    ("zone date text", _edit("zones", 0, valid_from="soon"), "soon"),
    ("road without geometry", _geometry("roads", 0, None), "roads"),
    ("blank place id", _edit("places", 1, id=" "), "places.geojson, feature 1"),
    ("no places", _no_features("places"), "places.geojson: has no features"),
    ("no crossings", _no_features("crossings"), "crossings.geojson: has no features"),
    ("no roads", _no_features("roads"), "roads.geojson: has no features"),
    ("no countries", _no_features("countries"), "countries.geojson: has no features"),
    ("countries without codes", _without("countries", "iso_a3", "adm0_a3"), "no country code"),
    (
        "road as a point",
        _geometry("roads", 0, {"type": "Point", "coordinates": [0.5, 0.5]}),
        "Point",
    ),
    (
        "place off the globe",
        _geometry("places", 0, {"type": "Point", "coordinates": [500, 0.5]}),
        "500",
    ),
    (
        "zone nan coordinate",
        _geometry(
            "zones",
            0,
            {
                "type": "Polygon",
                "coordinates": [[[1.2, 0], [1.6, 0], [1.6, float("nan")], [1.2, 0]]],
            },
        ),
        "zones",
    ),
]


@pytest.mark.parametrize(("label", "change", "message"), DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_bad_data_folders_are_refused_on_load(tmp_path, label, change, message):
    d = layers()
    change(d)
    folder = tmp_path / "data"
    folder.mkdir()
    for name, doc in d.items():
        (folder / f"{name}.geojson").write_text(json.dumps(doc), encoding="utf-8")
    write(folder, d)
    with pytest.raises(DataError) as info:
        corridor.load(folder)
    assert message in str(info.value), str(info.value)


@pytest.mark.parametrize(
    ("label", "text", "message"),
    [
        ("not utf-8", b"\xff\xfe{}", "roads.geojson"),
        ("empty file", b"", "roads.geojson"),
        ("truncated", b'{"type": "FeatureCollection", "features": [', "roads.geojson"),
        ("deeply nested", b"[" * 100_000 + b"]" * 100_000, "roads.geojson"),
    ],
)
def test_unreadable_layer_files(tmp_path, label, text, message):
    folder = write(tmp_path / "data")
    (folder / "roads.geojson").write_bytes(text)
    with pytest.raises(DataError) as info:
        corridor.load(folder)
    assert message in str(info.value)


def test_layer_file_with_a_bom_is_read(tmp_path, synthetic_dir):
    path = synthetic_dir / "places.geojson"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert corridor.load(synthetic_dir).node_id("Alpha") == "a1"


def _graph_tables():
    nodes, edges = corridor.load().to_gdfs()
    return nodes.copy(), edges.copy()


def _set_edge(column, value):
    def change(nodes, edges):
        edges.iloc[0, edges.columns.get_loc(column)] = value
        return nodes, edges

    return change


def _set_node(column, value):
    def change(nodes, edges):
        nodes.iloc[0, nodes.columns.get_loc(column)] = value
        return nodes, edges

    return change


def _no_edge_geometry(nodes, edges):
    edges.loc[edges.index[0], "geometry"] = None
    return nodes, edges


def _no_crs(nodes, edges):
    return nodes.set_crs(None, allow_override=True), edges


GRAPH_CASES = [
    ("negative length", _set_edge("length_km", -275.0), "-275"),
    ("nan length", _set_edge("length_km", float("nan")), "nan"),
    ("zero length", _set_edge("length_km", 0.0), "got 0"),
    ("no edge geometry", _no_edge_geometry, "line geometry"),
    ("unknown node kind", _set_node("kind", "village"), "'village'"),
    ("missing node kind", _set_node("kind", None), "kind"),
    ("no crs", _no_crs, "no CRS"),
]


@pytest.mark.parametrize(
    ("label", "change", "message"), GRAPH_CASES, ids=[c[0] for c in GRAPH_CASES]
)
def test_from_gdfs_refuses_bad_tables(label, change, message):
    nodes, edges = change(*_graph_tables())
    with pytest.raises(DataError) as info:
        corridor.from_gdfs(nodes, edges)
    assert message in str(info.value)


def test_roads_with_latitude_and_longitude_swapped_are_refused():
    roads = gpd.read_file(corridor.bundled_data_dir() / "roads.geojson")
    roads["geometry"] = shapely.transform(roads.geometry.values, lambda c: c[:, ::-1])
    with pytest.raises(DataError, match=r"look like \(latitude, longitude\)"):
        corridor.network_from_roads(roads)


def test_roads_in_projected_metres_without_crs_are_refused():
    roads = gpd.read_file(corridor.bundled_data_dir() / "roads.geojson").to_crs("EPSG:32638")
    roads = roads.set_crs(None, allow_override=True)
    with pytest.raises(DataError, match="no CRS"):
        corridor.network_from_roads(roads)


# --------------------------------------------------------------------------- 5. saving


SAVE_CASES = [
    ("network to a png name", lambda n, t: corridor.save_network(n, t / "net.png"), "net.png"),
    (
        "network to a missing folder",
        lambda n, t: corridor.save_network(n, t / "no" / "net.gpkg"),
        "does not exist",
    ),
    ("network over the cwd", lambda n, t: corridor.save_network(n, "."), "new folder name"),
    ("scenario to a folder", lambda n, t: corridor.scenario("mid-2018").to_toml(t), "is a folder"),
    (
        "scenario to a missing folder",
        lambda n, t: corridor.scenario("mid-2018").to_json(t / "no" / "s.json"),
        "does not exist",
    ),
    (
        "png to a missing folder",
        lambda n, t: corridor.save_png(
            corridor.viable_routes(n, "mid-2018", "Tehran", "Beirut"), t / "no" / "m.png"
        ),
        "does not exist",
    ),
    (
        "geojson to a missing folder",
        lambda n, t: corridor.write_routes_geojson([], t / "no" / "r.geojson"),
        "does not exist",
    ),
    (
        "gpkg export to a folder name",
        lambda n, t: corridor.export_gpkg(n, "mid-2018", t),
        "must end in .gpkg",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), SAVE_CASES, ids=[c[0] for c in SAVE_CASES])
def test_bad_save_targets(net, tmp_path, label, call, message):
    before = sorted(tmp_path.iterdir())
    with pytest.raises(CorridorError) as info:
        call(net, tmp_path)
    assert message in str(info.value)
    assert sorted(tmp_path.iterdir()) == before  # nothing written, nothing left


def test_a_folder_with_other_files_is_never_replaced(net, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "draft.txt").write_text("mine")
    with pytest.raises(DataError, match="draft.txt"):
        corridor.save_network(net, folder)
    assert (folder / "draft.txt").read_text() == "mine"


def test_concurrent_scenario_writes_never_collide(tmp_path):
    """400 threaded writes of one scenario file: every write succeeds, the file is whole."""
    sc = corridor.scenario("tanf-handover-2018")
    path = tmp_path / "s.toml"
    errors = []

    def write_it():
        try:
            sc.to_toml(path)
        except Exception as exc:  # pragma: no cover - what the test looks for
            errors.append(exc)

    threads = [threading.Thread(target=write_it) for _ in range(400)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert corridor.read_scenario(path) == sc
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_written_files_respect_the_umask(net, tmp_path, umask):
    old = os.umask(umask)
    try:
        png = corridor.save_png(
            corridor.viable_routes(net, "mid-2018", "Tehran", "Beirut"), tmp_path / "m.png"
        )
        toml = tmp_path / "s.toml"
        corridor.scenario("mid-2018").to_toml(toml)
    finally:
        os.umask(old)
    for path in (png, toml):
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask


# --------------------------------------------------------------------------- fault tests: kill a write

KILL_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    import corridor
    import pyogrio

    target, when = sys.argv[1], sys.argv[2]
    net = corridor.load(sys.argv[3]) if len(sys.argv) > 3 else corridor.load()
    real_write = pyogrio.write_dataframe
    calls = []

    def write_then_maybe_die(*args, **kwargs):
        calls.append(1)
        real_write(*args, **kwargs)
        if when == "mid-write" and len(calls) == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    pyogrio.write_dataframe = write_then_maybe_die
    if when == "after-swap":
        import shutil

        def die(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)

        shutil.rmtree = die  # killed right after the new data took the target's place
    corridor.save_network(net, target)
    """
)


def _killed_write(target: Path, when: str, source: Path | None = None) -> int:
    args = [sys.executable, "-c", KILL_WRITER, str(target), when]
    if source is not None:
        args.append(str(source))
    return subprocess.run(args, capture_output=True, text=True, timeout=300).returncode


@pytest.mark.parametrize("kind", ["folder", "net.gpkg"])
@pytest.mark.parametrize("when", ["mid-write", "after-swap"])
@pytest.mark.filterwarnings("ignore:.*control tables.*GeoPackage:UserWarning")
def test_a_killed_write_leaves_the_old_or_the_new_and_no_leftovers(
    tmp_path, synthetic_dir, kind, when
):
    old = corridor.load(synthetic_dir)
    out = tmp_path / "out"
    out.mkdir()
    target = out / kind
    corridor.save_network(old, target)
    code = _killed_write(target, when)  # writes the bundled network over the synthetic one
    if kind.endswith(".gpkg") and when == "after-swap":
        assert code == 0  # a file is swapped in one os.replace: no cleanup step to kill
    else:
        assert code == -signal.SIGKILL
    back = corridor.load(target)
    n = back.graph.number_of_nodes()
    assert n in (old.graph.number_of_nodes(), corridor.load().graph.number_of_nodes())
    if when == "mid-write":
        assert n == old.graph.number_of_nodes()  # the new one was not complete: the old stays
    # what the killed process left is tagged with its pid and goes with the next write
    left = [p.name for p in out.iterdir() if p.name != kind]
    assert all(".corridor-" in name for name in left), left
    corridor.save_network(old, target)  # the next write removes them
    assert sorted(p.name for p in out.iterdir()) == [kind]


def test_stale_temporaries_of_live_processes_are_kept(tmp_path):
    mine = tmp_path / f".x.gpkg.corridor-{os.getpid()}-abc.tmp.gpkg"
    mine.write_text("in progress")
    dead = tmp_path / ".x.gpkg.corridor-999999999-abc.tmp.gpkg"
    dead.write_text("left over")
    assert remove_stale_temporaries(tmp_path) == [dead]
    assert mine.exists() and not dead.exists()


def test_a_folder_with_control_tables_but_no_actors_json_is_refused(tmp_path):
    """Its own crossing_status.csv would be ignored for the bundled one: say so."""
    import shutil

    src = corridor.bundled_data_dir()
    for name in ("places.geojson", "crossings.geojson", "roads.geojson", "crossing_status.csv"):
        shutil.copy(src / name, tmp_path / name)
    with pytest.raises(DataError, match="has crossing_status.csv but no actors.json"):
        corridor.load(tmp_path)


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs a folder no one can write in")
def test_cli_checks_every_output_before_writing_or_printing_any(capsys, tmp_path):
    """--png into a writable folder and --html into /sys: nothing written, nothing printed
    (it wrote the PNG, then failed on the HTML); --json with an unwritable --png prints no
    JSON first."""
    png = tmp_path / "ok.png"
    code, out, err = run(capsys, "map", "--png", png, "--html", "/sys/x.html")
    assert code == 2 and "cannot write in /sys" in err and not png.exists()
    code, out, err = run(capsys, "routes", "Tehran", "Beirut", "--json", "--png", "/sys/x.png")
    assert code == 2 and out == "" and "cannot write in /sys" in err


def test_a_network_may_have_no_zones(tmp_path):
    """An empty zones layer is a network without zones (it was refused as missing 'id')."""
    d = layers()
    d["zones"]["features"] = []
    net = corridor.load(write(tmp_path / "data", d))
    assert net.zone_table is not None and len(net.zone_table) == 0
    route = corridor.viable_routes(net, Scenario("s", "2018-06-01", mover="walker"), "a1", "b1")
    assert route and route[0].km_by_actor == {}


def _control_edit(name: str, edit):
    def change(folder: Path):
        path = folder / name
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")

    return change


def _add_row(row: str):
    return lambda text: text + row + "\n"


CONTROL_CASES = [
    ("no actor", _control_edit("actors.json", lambda _: "[]"), "actors.json: lists no actor"),
    (
        "status of a crossing the network lacks",
        _control_edit(
            "crossing_status.csv",
            _add_row("x-nort,open,2019-01-01,,high,https://example.org/s,typo,"),
        ),
        "crossing_status.csv, row 5: unknown crossing 'x-nort'; did you mean 'x-north'",
    ),
    (
        "a crossing's name where its id belongs",
        _control_edit(
            "crossing_status.csv",
            _add_row("Northgate,open,2019-01-01,,high,https://example.org/s,name,"),
        ),
        "unknown crossing 'Northgate'; did you mean 'x-north'",
    ),
    (
        "a status row without a crossing",
        _control_edit(
            "crossing_status.csv",
            _add_row(",open,2019-01-01,,high,https://example.org/s,blank,"),
        ),
        "crossing_status.csv, row 5: crossing is empty",
    ),
    (
        "overlapping statuses",
        _control_edit(
            "crossing_status.csv",
            _add_row("x-south,closed,2019-01-01,2019-06-01,high,https://example.org/s,twice,"),
        ),
        "crossing_status.csv: rows 4 and 5 for x-south overlap in time",
    ),
    (
        "a status ending before it begins",
        _control_edit(
            "crossing_status.csv",
            lambda t: t.replace(
                "x-north,closed,2017-01-01,2018-01-01", "x-north,closed,2017-01-01,2016-01-01"
            ),
        ),
        "crossing_status.csv, row 2: valid_to 2016-01-01 is not after valid_from 2017-01-01",
    ),
    (
        "a stance ending before it begins",
        _control_edit(
            "stances.csv",
            lambda t: (
                t.replace(
                    "mover,actor,zone_kind,stance,factor,risk,source,quote",
                    "mover,actor,zone_kind,stance,factor,risk,source,quote,valid_from,valid_to",
                )
                .replace("synthetic\n", "synthetic,,\n")
                .replace(
                    "walker,friend,*,passable,1.0,0.0,https://example.org/s,synthetic,,",
                    "walker,friend,*,passable,1.0,0.0,https://example.org/s,synthetic,2018-01-01,2018-01-01",
                )
            ),
        ),
        "stances.csv, row 2: valid_to 2018-01-01 is not after valid_from 2018-01-01",
    ),
]


@pytest.mark.parametrize(
    ("label", "change", "message"), CONTROL_CASES, ids=[c[0] for c in CONTROL_CASES]
)
def test_bad_control_tables_are_refused_on_load(tmp_path, label, change, message):
    """A status row naming no crossing of the network was ignored (the crossing it meant left
    unknown, so closed); overlapping rows were settled by file order."""
    folder = write(tmp_path / "data")
    corridor.load(folder)  # the synthetic folder itself loads
    change(folder)
    with pytest.raises(DataError) as info:
        corridor.load(folder)
    assert message in str(info.value), str(info.value)


def test_status_rows_for_crossings_a_network_lacks_are_left_alone(tmp_path):
    """Tables shared by several networks list crossings one of them lacks: only a row close to
    one of the network's crossings (a misspelt id) is refused, also for tables assigned to a
    network after it was loaded (checked when resolving)."""
    folder = write(tmp_path / "data")
    status = folder / "crossing_status.csv"
    status.write_text(
        status.read_text(encoding="utf-8")
        + "al-tanf-al-waleed,open,2019-01-01,,high,https://example.org/s,elsewhere,\n",
        encoding="utf-8",
    )
    net = corridor.load(folder)
    sc = Scenario("s", "2019-06-01", mover="walker")
    assert corridor.viable_routes(net, sc, "a1", "b1")
    status.write_text(
        status.read_text(encoding="utf-8")
        + "x-sooth,closed,2020-01-01,,high,https://example.org/s,typo,\n",
        encoding="utf-8",
    )
    net.control = corridor.load_control(folder)
    with pytest.raises(DataError, match="unknown crossing 'x-sooth'; did you mean 'x-south'"):
        corridor.viable_routes(net, sc, "a1", "b1")


def test_a_network_without_zones_saves_and_loads_without_zones(tmp_path):
    """Saved without a zones layer, it came back with the bundled zones (or failed on their
    actors): an empty zones layer is written, to a folder and to a GeoPackage."""
    d = layers()
    d["zones"]["features"] = []
    net = corridor.load(write(tmp_path / "data", d))
    for target in (tmp_path / "saved", tmp_path / "saved.gpkg"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # a GeoPackage holds no control tables
            corridor.save_network(net, target)
        assert len(corridor.load(target).zone_table) == 0


def test_a_failed_write_leaves_every_output_of_the_command_as_it_was(capsys, tmp_path, monkeypatch):
    """routes --png --html: the HTML write fails (disk full) after the PNG was drawn; the
    existing PNG is not replaced, no temporary is left, nothing is printed but one error."""
    import corridor.plot.offline as offline

    png = tmp_path / "keep.png"
    png.write_bytes(b"the user's own file")

    def full(path, text, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(offline.Path, "write_text", full)
    code = main(["routes", "Tehran", "Beirut", "--scenario", "mid-2018", "--png", str(png),
                 "--html", str(tmp_path / "r.html")])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "No space left on device" in err
    assert png.read_bytes() == b"the user's own file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.png"]


def test_with_json_a_failed_command_claims_no_file_written(capsys, tmp_path, monkeypatch):
    import corridor.plot.offline as offline

    def full(path, text, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    png, html = tmp_path / "a.png", tmp_path / "b.html"
    args = ["routes", "Tehran", "Beirut", "--scenario", "mid-2018", "--json", "--png", str(png)]
    code = main([*args, "--html", str(html)])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["routes"]
    assert err.splitlines() == [f"map written to {png}", f"interactive map written to {html}"]
    monkeypatch.setattr(offline.Path, "write_text", full)
    png.unlink()
    code = main([*args, "--html", str(html)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "written to" not in err and err.count("\n") == 1
    assert not png.exists()


def test_all_or_nothing_puts_every_write_in_place_only_at_the_end(tmp_path):
    from corridor._files import all_or_nothing, atomic_folder, atomic_write_text

    a, b = tmp_path / "a.txt", tmp_path / "b"
    with all_or_nothing():
        atomic_write_text(a, "new")
        with atomic_folder(b) as folder:
            (folder / "x").write_text("x")
        assert not a.exists() and not b.exists()  # held back
    assert a.read_text() == "new" and (b / "x").read_text() == "x"
    with pytest.raises(RuntimeError), all_or_nothing():
        atomic_write_text(a, "newer")
        with atomic_folder(b) as folder:
            (folder / "y").write_text("y")
        raise RuntimeError("a later step fails")
    assert a.read_text() == "new" and sorted(p.name for p in b.iterdir()) == ["x"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b"]
    # a block inside another joins it: nothing is in place until the outer one ends well
    with pytest.raises(RuntimeError), all_or_nothing():
        with all_or_nothing():
            atomic_write_text(tmp_path / "inner.txt", "inner")
        raise RuntimeError("the outer block fails")
    assert not (tmp_path / "inner.txt").exists()
