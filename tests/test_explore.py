"""Interactive maps: the folium map object, self-contained HTML, the CLI's --html, and a real
browser: headless Chromium with name resolution switched off opens the file, and the test
checks that the page loaded and the route layer is drawn (DOM and screenshot pixels).

Chromium comes from Debian's package (``.ci/run`` installs it); without it the browser tests
skip on a developer's machine and fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

import corridor
from corridor.cli import main

IN_CI = os.environ.get("CI", "").lower() == "true"

if IN_CI:
    import folium  # noqa: F401  (CI installs the interactive extra: missing is a failure)
else:
    folium = pytest.importorskip("folium")

from corridor.plot.base import ROUTE_COLORS  # noqa: E402
from corridor.plot.offline import OfflineMap, remote_resources  # noqa: E402


@pytest.fixture(scope="module")
def net():
    return corridor.load()


@pytest.fixture(scope="module")
def mid2018(net):
    sc = corridor.scenario("mid-2018")
    return sc, corridor.viable_routes(net, sc, "Tehran", "Beirut", k=3)


@pytest.fixture(scope="module")
def explore_html(net, mid2018, tmp_path_factory) -> Path:
    sc, routes = mid2018
    return corridor.save_html(
        corridor.explore(net, sc, routes), tmp_path_factory.mktemp("html") / "mid-2018.html"
    )


@pytest.fixture(scope="module")
def timeline_html(net, tmp_path_factory) -> Path:
    m = corridor.explore_timeline(
        net, ["spring-2017", "late-2017", "mid-2018", "present"], "Tehran", "Beirut"
    )
    return corridor.save_html(m, tmp_path_factory.mktemp("html") / "timeline.html")


def test_explore_returns_a_folium_map_that_shows_in_jupyter(net, mid2018):
    sc, routes = mid2018
    m = corridor.explore(net, sc, routes)
    assert isinstance(m, folium.Map) and isinstance(m, OfflineMap)
    shown = m._repr_html_()
    assert shown.startswith("<div") and "<iframe srcdoc=" in shown
    assert "leaflet" in shown.lower() and "cdn.jsdelivr" not in shown


def test_html_is_self_contained(explore_html, timeline_html):
    for path in (explore_html, timeline_html):
        text = path.read_text(encoding="utf-8")
        assert remote_resources(text) == []
        assert not re.search(r"<script[^>]+src=", text)
        assert not re.search(r"<link[^>]+href=", text)
        assert "Leaflet 1.9.4" in text  # inlined


def test_html_has_zones_crossings_events_and_route_metrics(explore_html, mid2018):
    _, routes = mid2018
    text = explore_html.read_text(encoding="utf-8")
    for r in routes:
        assert f"{r.length_km:,.0f} km" in text and f"{r.hours:.1f} h" in text
    assert "corridor-route-1" in text and "corridor-route-3" in text
    assert "status unknown" in text and "rebuilding" in text  # al-Tanf, Albukamal-al-Qaim
    assert "Islamic State: insurgency (no front line)" in text
    assert "territory held" in text
    assert "weight on this date" in text  # events that count


def test_timeline_map_has_a_slider_over_the_dates(timeline_html):
    text = timeline_html.read_text(encoding="utf-8")
    assert "corridor-slider" in text and "range" in text
    for name in ("spring-2017 (2017-04-15)", "mid-2018 (2018-07-01)", "present ("):
        assert name in text
    assert "no viable route" in text


def test_online_tiles_only_when_asked(net, tmp_path):
    m = corridor.explore(net, "autumn-2019", tiles="OpenStreetMap")
    path = corridor.save_html(m, tmp_path / "online.html")
    assert "tile.openstreetmap.org" in path.read_text(encoding="utf-8")
    offline = corridor.explore(net, "autumn-2019")
    assert "tile.openstreetmap" not in offline.get_root().render()


def test_save_html_checks_its_path_and_refuses_remote_pages(net, tmp_path):
    m = corridor.explore(net, "autumn-2019")
    with pytest.raises(corridor.CorridorError, match=r"must end in \.html"):
        corridor.save_html(m, tmp_path / "m.png")
    with pytest.raises(corridor.CorridorError, match="does not exist"):
        corridor.save_html(m, tmp_path / "nowhere" / "m.html")
    plain = folium.Map(tiles=None)  # folium's own page links its CDN
    with pytest.raises(corridor.CorridorError, match="from the network"):
        corridor.save_html(plain, tmp_path / "plain.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_routes_from_another_scenario_are_refused(net):
    routes = corridor.viable_routes(net, "autumn-2019", "Tehran", "Beirut", k=1)
    with pytest.raises(corridor.CorridorError, match="another scenario"):
        corridor.explore(net, "mid-2018", routes)
    with pytest.raises(
        corridor.CorridorError, match="start must be a whole number from 0 to 0, got 9"
    ):
        corridor.explore_timeline(net, ["mid-2018"], "Tehran", "Beirut", start=9)


def test_route_gdf_explore_works(mid2018):
    _, routes = mid2018
    m = routes[0].to_gdf().explore(tiles=None)
    assert isinstance(m, folium.Map)


@pytest.mark.parametrize(
    "argv",
    [
        ["routes", "Tehran", "Beirut", "--scenario", "mid-2018"],
        ["map", "--scenario", "present"],
        [
            "compare",
            "Tehran",
            "Beirut",
            "--scenario",
            "mid-2018",
            "--scenario",
            "tanf-handover-2018",
        ],
        ["timeline", "Tehran", "Beirut", "--date", "2018-07-01", "--date", "2026-06-01"],
    ],
)
def test_cli_html(argv, tmp_path, capsys):
    out = tmp_path / "map.html"
    assert main([*argv, "--html", str(out)]) == 0
    assert "interactive map written to" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert remote_resources(text) == [] and "data-corridor-ready" in text
    if argv[0] in ("compare", "timeline"):
        assert "corridor-slider" in text
    # every map credits its data (the OpenStreetMap-derived roads are ODbL)
    for credit in ("Natural Earth", "OpenStreetMap contributors (ODbL)", "GeoNames (CC BY 4.0)"):
        assert credit in text, credit


def test_cli_html_bad_path(tmp_path, capsys):
    assert main(["map", "--html", str(tmp_path / "m.txt")]) == 2
    assert "must end in .html" in capsys.readouterr().err
    assert main(["map", "--scenario", "present"]) == 2
    assert "--png FILE or --html FILE" in capsys.readouterr().err


# ----------------------------------------------------------------------------- real browser


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    message = "headless Chromium not found (apt-get install chromium)"
    if IN_CI:
        pytest.fail(message + ": .ci/run installs it")
    pytest.skip(message)


def run_chromium(url: str, *extra: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--host-resolver-rules=MAP * ~NOTFOUND",  # no name resolves: offline
                "--window-size=1400,900",
                "--hide-scrollbars",
                "--virtual-time-budget=8000",
                *extra,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )


def color_pixels(png: Path, color: str, tol: int = 40) -> int:
    img = np.asarray(Image.open(png).convert("RGB")).astype(int)
    target = np.array([int(255 * c) for c in to_rgb(color)])
    return int((np.abs(img - target).sum(axis=2) < tol).sum())


def test_browser_draws_the_route_offline(explore_html, tmp_path):
    url = explore_html.resolve().as_uri()
    dom = run_chromium(url, "--dump-dom").stdout
    assert 'data-corridor-ready="1"' in dom  # every script ran, through the last control
    paths = re.findall(r'<path[^>]*class="[^"]*corridor-route-1[^"]*"[^>]*>', dom)
    paths += re.findall(r'<path[^>]*d="[^"]+"[^>]*class="[^"]*corridor-route-1', dom)
    assert paths, "no SVG path for route 1"
    assert any(re.search(r'd="M[^"]{200,}"', p) for p in paths)  # a real line, not empty
    shot = tmp_path / "shot.png"
    run_chromium(url, f"--screenshot={shot}")
    assert shot.exists() and Image.open(shot).size == (1400, 900)
    assert color_pixels(shot, ROUTE_COLORS[0]) > 1500  # the best route is on screen
    assert color_pixels(shot, "#f6f3ec", tol=12) > 50_000  # the Natural Earth basemap too


def test_browser_timeline_slider_switches_dates(timeline_html, tmp_path):
    url = timeline_html.resolve().as_uri()
    first = tmp_path / "spring-2017.png"
    later = tmp_path / "mid-2018.png"
    run_chromium(url, f"--screenshot={first}")
    run_chromium(url + "#step=2", f"--screenshot={later}")
    assert color_pixels(first, ROUTE_COLORS[0]) < 200  # spring 2017: no route
    assert color_pixels(later, ROUTE_COLORS[0]) > 1500  # mid-2018: the route
    dom = run_chromium(url + "#step=2", "--dump-dom").stdout
    assert 'data-step="2"' in dom and "mid-2018 (2018-07-01)" in dom


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"height": "abc"}, "height must be pixels"),
        ({"height": -5}, "height must be pixels"),
        ({"tiles": "nonexistent-tiles"}, "not a tile set folium knows"),
        ({"tiles": ""}, "tiles must be None"),
    ],
)
def test_explore_refuses_bad_map_options(net, options, message):
    with pytest.raises(corridor.CorridorError, match=message):
        corridor.explore(net, "mid-2018", **options)


def test_explore_takes_one_route_and_refuses_what_is_not_one(net):
    route = corridor.best_route(net, "mid-2018", "Tehran", "Beirut")
    assert isinstance(corridor.explore(net, "mid-2018", route), folium.Map)
    with pytest.raises(corridor.CorridorError, match="routes must be Route objects"):
        corridor.explore(net, "mid-2018", [None])


@pytest.mark.parametrize("height", [500.0, "50vw", "600 px", "100%", 400])
def test_explore_takes_the_heights_folium_reads(net, height):
    assert isinstance(corridor.explore(net, "mid-2018", height=height), folium.Map)


def test_explore_takes_a_tile_provider_object(net):
    xyz = pytest.importorskip("xyzservices")
    m = corridor.explore(net, "mid-2018", tiles=xyz.providers.OpenStreetMap.Mapnik)
    assert m.online_tiles
