"""The command line's data commands and shared options: --version, places, --mover."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import corridor
from corridor.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_prints_the_installed_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"corridor {corridor.__version__}"
    assert corridor.__version__[0].isdigit()


@pytest.mark.parametrize("module", ["corridor.cli", "corridor"])
def test_version_from_a_shell(module):
    done = subprocess.run(
        [sys.executable, "-m", module, "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.strip() == f"corridor {corridor.__version__}"


def test_python_dash_m_corridor_exits_2_with_one_line_on_bad_input():
    done = subprocess.run(
        [sys.executable, "-m", "corridor", "routes", "Tehrn", "Beirut"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "Tehran" in done.stderr


def test_places_lists_every_place_and_crossing(capsys):
    code, out, _ = run(capsys, "places", "--json")
    rows = json.loads(out)
    net = corridor.load()
    assert code == 0 and len(rows) == len(net.places)
    assert {r["kind"] for r in rows} == {"city", "town", "junction", "crossing"}
    ids = {r["id"] for r in rows}
    assert {"tehran", "beirut", "albukamal-al-qaim"} <= ids
    assert not any(net.graph.nodes[i]["kind"] == "boundary" for i in ids)


def test_places_filters_by_country_and_kind(capsys):
    code, out, _ = run(capsys, "places", "--country", "Iraq", "--kind", "crossing", "--json")
    rows = json.loads(out)
    assert code == 0 and rows
    assert all(r["kind"] == "crossing" and "IRQ" in r["country"].split("|") for r in rows)
    # every Iran-Iraq and Syria-Iraq crossing of the network, nothing else
    want = {
        ident
        for ident, d in corridor.load().crossings.iterrows()
        if "IRQ" in d["country"].split("|")
    }
    assert {r["id"] for r in rows} == want
    code, out, _ = run(capsys, "places", "--country", "lbn", "--kind", "city", "--kind", "town")
    assert code == 0 and "beirut" in out and "crossing" not in out.split("\n", 2)[2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["places", "--country", "Irak"], "did you mean 'Iraq'"),
        (["places", "--country", "XYZ"], "countries: IRN, IRQ, LBN, SYR"),
        (["places", "--kind", "village"], "invalid choice: 'village'"),
        (["routes", "Baghdad", "Beirut", "--mover", "iran"], "did you mean 'iran-axis'"),
        (["routes", "Qqqqq", "Beirut"], "corridor places"),
    ],
)
def test_bad_options_are_one_line_errors(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_mover_changes_the_answer(capsys):
    """A coalition convoy is denied the government-held desert the Iran-aligned axis crosses."""
    code, out, _ = run(capsys, "routes", "Baghdad", "Damascus", "--json")
    axis = json.loads(out)
    code2, out2, _ = run(
        capsys, "routes", "Baghdad", "Damascus", "--mover", "coalition-convoy", "--json"
    )
    convoy = json.loads(out2)
    assert code == code2 == 0
    assert axis["scenario"]["mover"] == "iran-axis" and axis["routes"]
    assert convoy["scenario"]["mover"] == "coalition-convoy" and not convoy["routes"]
    assert "coalition-convoy" in convoy["explanation"]


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "Baghdad", "Damascus"],
        ["critical", "Baghdad", "Damascus"],
        ["compare", "Baghdad", "Damascus", "--scenario", "mid-2018"],
        ["timeline", "Baghdad", "Damascus", "--date", "2018-07-01"],
    ],
)
def test_every_analysis_command_takes_mover(capsys, args):
    code, out, _ = run(capsys, *args, "--mover", "coalition-convoy", "--json")
    assert code == 0
    text = json.dumps(json.loads(out))
    assert "coalition-convoy" in text or "viable" in text
