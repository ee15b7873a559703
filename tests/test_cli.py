"""The corridor command: each command on the bundled data, and each bad input."""

import json

import pyogrio
import pytest
from PIL import Image

import corridor
from corridor.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary(capsys):
    code, out, _ = run(capsys, "summary")
    assert code == 0
    n = len(corridor.load().crossings)
    assert f"border crossings ({n})" in out and "albukamal-al-qaim" in out and "road km" in out


def test_scenarios(capsys):
    code, out, _ = run(capsys, "scenarios")
    assert code == 0 and "mid-2018" in out and "seeds/001_bbd7bbf6f6324ae4.txt" in out


def test_routes_table_and_png(capsys, tmp_path):
    png = tmp_path / "m.png"
    code, out, _ = run(
        capsys, "routes", "Tehran", "Beirut", "--scenario", "mid-2018", "--png", str(png)
    )
    assert code == 0
    assert "Tehran → Beirut under 'mid-2018'" in out and "Albukamal dirt bypass" in out
    assert f"map written to {png}" in out
    w, h = Image.open(png).size
    assert w > 1500 and h > 700


def test_routes_json(capsys):
    code, out, _ = run(
        capsys,
        "routes",
        "tehran",
        "beirut",
        "--scenario",
        "tanf-handover-2018",
        "--json",
        "--k",
        "2",
    )
    data = json.loads(out)
    assert code == 0 and len(data["routes"]) == 2
    assert "al-tanf-al-waleed" in data["routes"][0]["crossings"]


def test_routes_without_route_explains(capsys):
    code, out, _ = run(capsys, "routes", "Tehran", "Beirut", "--scenario", "spring-2017")
    assert code == 0 and "no viable route." in out and "smallest set of blocks" in out


def test_routes_with_a_scenario_file(capsys, tmp_path):
    f = tmp_path / "s.toml"
    f.write_text(
        'name = "mine"\ndate = 2018-07-01\n[stances]\ncoalition = "passable"\n[crossings]\n"al-tanf-al-waleed" = "open"\n'
    )
    code, out, _ = run(capsys, "routes", "Tehran", "Beirut", "--scenario", str(f))
    assert code == 0 and "under 'mine'" in out and "al-Tanf–al-Waleed" in out


def test_compare_and_timeline(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "compare",
        "Tehran",
        "Beirut",
        "--scenario",
        "mid-2018",
        "--scenario",
        "tanf-handover-2018",
    )
    assert code == 0 and "tanf-handover-2018" in out and "Δ hours" in out
    png = tmp_path / "t.png"
    code, out, _ = run(
        capsys,
        "timeline",
        "Tehran",
        "Beirut",
        "--date",
        "2017-04-15",
        "--date",
        "2018-07-01",
        "--png",
        str(png),
    )
    assert code == 0 and "as of 2017-04-15" in out and png.exists()


def test_map_export_explain_critical(capsys, tmp_path):
    png, gpkg = tmp_path / "map.png", tmp_path / "x.gpkg"
    assert (
        run(capsys, "map", "--scenario", "autumn-2019", "--png", str(png))[0] == 0 and png.exists()
    )
    code, out, _ = run(capsys, "export", "--scenario", "mid-2018", "--gpkg", str(gpkg))
    assert code == 0
    assert {name for name, _ in pyogrio.list_layers(gpkg)} == {
        "nodes",
        "edges",
        "zones",
        "scenario_zones",
        "edge_states",
        "routes",
    }
    code, out, _ = run(capsys, "explain", "Tehran", "Beirut", "--scenario", "mid-2018")
    assert code == 0 and "a route exists" in out
    code, out, _ = run(capsys, "critical", "Tehran", "Beirut", "--scenario", "autumn-2019")
    assert code == 0 and "minimum set of crossings" in out and "albukamal-al-qaim" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["routes", "Tehran", "Beirut", "--scenario", "mid-2O18"], "no built-in scenario 'mid-2O18'; did you mean 'mid-2018'"),
        (["routes", "Abu Kamaal", "Beirut"], "no place 'Abu Kamaal'; did you mean 'Albukamal'"),
        (["routes", "Tehran", "Tehran"], "origin and destination are the same place"),
        (["routes", "Tehran", "Beirut", "--k", "0"], "k must be a whole number >= 1"),
        (["routes", "Tehran", "Beirut", "--png", "map.jpg"], "must end in .png"),
        (["routes", "Tehran", "Beirut", "--date", "July 2018"], "'July 2018' is not a date"),
        (["routes", "Tehran"], "the following arguments are required: DESTINATION"),
        (["routes", "Tehran", "Beirut", "--weight", "fuel"], "invalid choice: 'fuel'"),
        (["map", "--scenario", "mid-2018"], "the following arguments are required: --png"),
        (["export", "--scenario", "mid-2018", "--gpkg", "x.shp"], "must end in .gpkg"),
        (["routes", "Tehran", "Beirut", "--scenario", "nofile.toml"], "no such scenario file"),
        (["--data", "/nonexistent", "summary"], "no such file or folder"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_line(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_help_everywhere(capsys):
    for cmd in (
        "summary",
        "scenarios",
        "routes",
        "compare",
        "timeline",
        "map",
        "export",
        "explain",
        "critical",
    ):
        code, out, _ = run(capsys, cmd, "--help")
        assert code == 0 and "usage: corridor" in out


def test_installed_console_script_runs():
    import shutil
    import subprocess
    import sys

    exe = shutil.which("corridor")
    cmd = [exe] if exe else [sys.executable, "-m", "corridor.cli"]
    done = subprocess.run(
        [*cmd, "routes", "Nowhere", "Beirut"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.startswith("corridor routes: error: no place 'Nowhere'")


def test_json_has_null_not_nan_when_a_scenario_has_no_route(capsys):
    code, out, _ = run(
        capsys,
        "compare",
        "Tehran",
        "Beirut",
        "--scenario",
        "mid-2018",
        "--scenario",
        "spring-2017",
        "--json",
    )
    assert code == 0 and "NaN" not in out
    rows = json.loads(out)
    assert rows[1]["viable"] is False and rows[1]["km"] is None


def test_scenario_with_date_applies_its_overrides_on_that_date(capsys):
    code, out, _ = run(
        capsys,
        "routes",
        "Tehran",
        "Beirut",
        "--scenario",
        "tanf-handover-2018",
        "--date",
        "2019-10-15",
    )
    assert code == 0 and "under 'tanf-handover-2018 @ 2019-10-15' (2019-10-15" in out


def test_failed_png_run_creates_no_folders(capsys, tmp_path):
    code, _, err = run(
        capsys, "routes", "Tehran", "Beirut", "--png", str(tmp_path / "new" / "sub" / "m.png")
    )
    assert code == 2 and "does not exist" in err
    assert not (tmp_path / "new").exists()


def test_unreadable_scenario_file_is_one_line(capsys, tmp_path):
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00name")
    (tmp_path / "dir.toml").mkdir()
    for name in ("bin.toml", "dir.toml"):
        code, _, err = run(capsys, "routes", "Tehran", "Beirut", "--scenario", str(tmp_path / name))
        assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_critical_without_a_route_says_so(capsys):
    code, out, _ = run(capsys, "critical", "Tehran", "Beirut", "--scenario", "spring-2017")
    assert code == 0 and "nothing to cut" in out
