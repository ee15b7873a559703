"""The freight commands: corridor capacity and corridor interdict (text, JSON, PNG, bad input)."""

import json

import pytest
from PIL import Image

from corridor.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_capacity_text_names_the_bottleneck(capsys):
    code, out, _ = run(capsys, "capacity", "Tehran", "Beirut", "--scenario", "mid-2018")
    assert code == 0
    assert "20 trucks/day = 480 t/day (truck-5axle, 24 t payload)" in out
    assert "bottleneck (minimum cut): Albukamal dirt bypass (north)" in out
    assert "ASSUMPTION" in out and "assumptions (--json lists them)" in out


def test_capacity_within_one_country_is_not_called_no_route(capsys):
    """Tehran to Hamadan crosses no border: the road bounds the flow, and the text says so
    instead of "no route" under a positive figure."""
    assert main(["capacity", "Tehran", "Hamadan"]) == 0
    out = capsys.readouterr().out
    assert "20,000 trucks/day" in out and "no border crossing on the way" in out
    assert "no route" not in out


def test_capacity_json_and_png(capsys, tmp_path):
    png = tmp_path / "flows.png"
    code, out, err = run(
        capsys,
        "capacity",
        "Tehran",
        "Beirut",
        "--scenario",
        "autumn-2019",
        "--json",
        "--png",
        str(png),
    )
    data = json.loads(out)
    assert code == 0 and data["tonnes_per_day"] > 480 and "albukamal-al-qaim" in data["bottleneck"]
    assert data["assumptions"] and any(r["id"] == "albukamal-al-qaim" for r in data["flows"])
    assert f"map written to {png}" in err
    w, h = Image.open(png).size
    assert w > 1500 and h > 1000


def test_capacity_with_a_closed_crossing(capsys):
    code, out, _ = run(
        capsys, "capacity", "Tehran", "Beirut", "--scenario", "mid-2018",
        "--close", "albukamal-bypass-north", "--close", "albukamal-bypass-south",
    )  # fmt: skip
    assert code == 0 and "0 trucks/day = 0 t/day" in out and "no route" in out
    # what was closed is said, in the text and in the JSON
    assert "with Albukamal dirt bypass (north), Albukamal dirt bypass (south) closed" in out
    code, out, _ = run(
        capsys, "capacity", "Tehran", "Beirut", "--scenario", "mid-2018",
        "--close", "albukamal-bypass-north", "--json",
    )  # fmt: skip
    assert json.loads(out)["crossings_set"] == {"albukamal-bypass-north": "closed"}


def test_interdict_budget_2_capacity(capsys, tmp_path):
    png = tmp_path / "interdict.png"
    code, out, _ = run(
        capsys, "interdict", "Tehran", "Beirut", "--scenario", "autumn-2019", "--budget", "2",
        "--objective", "capacity", "--png", str(png),
    )  # fmt: skip
    assert code == 0
    assert "close at most 2 crossings to minimise the capacity (t/day)" in out
    assert "best: close Albukamal–al-Qaim + Albukamal dirt bypass" in out
    assert "method: exact" in out and png.exists()


def test_interdict_json_hours(capsys):
    code, out, _ = run(
        capsys, "interdict", "Tehran", "Beirut", "--scenario", "mid-2018", "--budget", "2", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["objective"] == "hours" and data["disconnects"]
    assert data["after"] is None and len(data["denied"]) == 2 and data["ranking"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["capacity", "Tehran", "Beirutt"], "did you mean 'Beirut'"),
        (["capacity", "Tehran", "Beirut", "--close", "nowhere"], "no crossing 'nowhere'"),
        (["interdict", "Tehran", "Beirut", "--budget", "0"], "budget must be a whole number"),
        (["interdict", "Tehran", "Beirut", "--png", "x.jpg"], "must end in .png"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_help(capsys):
    for command in ("capacity", "interdict"):
        code, out, _ = run(capsys, command, "--help")
        assert code == 0 and "--json" in out and "--png" in out
