"""Tests of corridor.comparison: compare against a baseline, timeline, date_steps."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

import corridor
from corridor.cli import main
from corridor.comparison import compare, date_steps, timeline


@pytest.fixture(scope="module")
def net():
    return corridor.load()


def test_timeline_deltas_are_against_the_first_row_with_a_route(net):
    """Spring 2017 has no route (seed 001: the corridor was not open yet): the changes are
    taken against the first date that has one, and the frame says which."""
    frame = timeline(net, ["2017-04-01", "2018-07-01", "2019-10-01"], "Tehran", "Beirut")
    assert not frame["viable"].iloc[0] and frame["viable"].iloc[1]
    assert frame.attrs["baseline"] == frame["scenario"].iloc[1]
    assert (frame["baseline"] == frame["scenario"].iloc[1]).all()
    assert frame["delta_km"].iloc[1] == 0 and frame["delta_hours"].iloc[1] == 0
    assert np.isnan(frame["delta_km"].iloc[0])
    third = frame.iloc[2]
    if third["viable"]:
        assert third["delta_km"] == pytest.approx(third["km"] - frame["km"].iloc[1], abs=0.11)


def test_changes_are_the_unrounded_differences_rounded(net):
    """al-Tanf handed over: 41.424 h against 49.472 h, a change of -8.048 h, shown as -8.0 (the
    rounded hours, 41.4 and 49.5, would give -8.1), as plot_compare's titles give it."""
    frame = compare(net, ["mid-2018", "tanf-handover-2018"], "Tehran", "Beirut")
    before, after = (corridor.best_route(net, s, "Tehran", "Beirut") for s in frame["scenario"])
    assert frame["delta_hours"].iloc[1] == round(after.hours - before.hours, 1)
    assert frame["delta_km"].iloc[1] == round(after.length_km - before.length_km, 1)
    from corridor.plot.panels import delta_text

    assert delta_text(after, before).endswith(f"{abs(frame['delta_hours'].iloc[1]):.1f} h")


def test_baseline_can_be_named(net):
    frame = compare(
        net, ["mid-2018", "tanf-handover-2018"], "Tehran", "Beirut", baseline="tanf-handover-2018"
    )
    assert frame["delta_km"].iloc[1] == 0 and frame["delta_km"].iloc[0] > 150
    first = compare(net, ["spring-2017", "mid-2018"], "Tehran", "Beirut", baseline="first")
    assert first.attrs["baseline"] is None and first["delta_km"].isna().all()
    by_row = compare(net, ["mid-2018", "tanf-handover-2018"], "Tehran", "Beirut", baseline=1)
    assert by_row.attrs["baseline"] == "tanf-handover-2018"


@pytest.mark.parametrize("baseline", ["nope", 7, -1])
def test_bad_baseline_is_refused(net, baseline):
    with pytest.raises(corridor.CorridorError, match="baseline"):
        compare(net, ["mid-2018", "tanf-handover-2018"], "Tehran", "Beirut", baseline=baseline)


def test_one_date_or_scenario_is_not_split_into_characters(net):
    one = timeline(net, "2018-07-01", "Tehran", "Beirut")
    assert one["scenario"].tolist() == ["as of 2018-07-01"] and one["viable"].all()
    assert corridor.sweep(net, "mid-2018", "Tehran", "Beirut")["scenario"].tolist() == ["mid-2018"]


def test_scenario_files_are_not_taken_for_dates_whatever_their_names(tmp_path):
    from corridor.plot.panels import scenario_list

    path = corridor.scenario("tanf-handover-2018").to_toml(tmp_path / "2019_whatif.toml")
    assert path  # the TOML text
    for given in (tmp_path / "2019_whatif.toml", str(tmp_path / "2019_whatif.toml")):
        assert [s.name for s in scenario_list(given)] == ["tanf-handover-2018"]
    mixed = scenario_list([tmp_path / "2019_whatif.toml", "2018-07-01", dt.date(2019, 1, 1)])
    assert [s.name for s in mixed] == ["tanf-handover-2018", "as of 2018-07-01", "as of 2019-01-01"]


def test_date_steps_past_the_calendar_stop_at_the_start():
    """A step that leaves the calendar (year 9999) is past any end date: only the start."""
    assert date_steps("2018-01-01", "2019-01-01", "99999999y") == [dt.date(2018, 1, 1)]
    assert date_steps("2018-01-01", "2019-01-01", "99999999999d") == [dt.date(2018, 1, 1)]


def test_date_steps():
    assert date_steps("2018-01-31", "2018-05-01", "1m") == [
        dt.date(2018, 1, 31),
        dt.date(2018, 2, 28),
        dt.date(2018, 3, 31),
        dt.date(2018, 4, 30),
    ]
    assert date_steps("2017-01-01", "2019-01-01", "1y")[-1] == dt.date(2019, 1, 1)
    assert len(date_steps("2018-01-01", "2018-01-29", "1w")) == 5
    assert date_steps("2018-01-01", "2018-01-01", "3m") == [dt.date(2018, 1, 1)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2019-01-01", "2018-01-01", "1m"), "before start date"),
        (("2018-01-01", "2019-01-01", "3x"), "a unit d, w, m or y"),
        (("2018-01-01", "2019-01-01", "0m"), "a unit d, w, m or y"),
        (("2018-13-01", "2019-01-01", "1m"), "not a date"),
        (("2017-01-01", "2026-01-01", "1d"), None),
    ],
)
def test_date_steps_refuses_bad_input(args, message):
    if message is None:
        assert len(date_steps(*args)) == 3288
        return
    with pytest.raises(corridor.ScenarioError, match=message):
        date_steps(*args)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_timeline_from_to_every(capsys):
    code, out, _ = run(
        capsys,
        "timeline",
        "Tehran",
        "Beirut",
        "--from",
        "2017-01-01",
        "--to",
        "2019-01-01",
        "--every",
        "6m",
        "--json",
    )
    rows = json.loads(out)
    assert code == 0 and [r["date"] for r in rows] == [
        "2017-01-01",
        "2017-07-01",
        "2018-01-01",
        "2018-07-01",
        "2019-01-01",
    ]
    first_viable = next(r for r in rows if r["viable"])
    assert all(r["baseline"] == first_viable["scenario"] for r in rows)
    assert first_viable["delta_km"] == 0
    assert all(r["delta_km"] is not None for r in rows if r["viable"])


def test_cli_tables_share_one_number_format(capsys):
    """km with thousands separators and no decimals, hours with one decimal, everywhere."""
    _, routes, _ = run(capsys, "routes", "Tehran", "Beirut")
    _, comp, _ = run(capsys, "compare", "Tehran", "Beirut", "--scenario", "mid-2018")
    _, line, _ = run(capsys, "timeline", "Tehran", "Beirut", "--date", "2018-07-01")
    best = corridor.best_route(corridor.load(), "mid-2018", "Tehran", "Beirut")
    km, hours = f"{best.length_km:,.0f}", f"{best.hours:.1f}"
    for out in (routes, comp, line):
        assert km in out and hours in out, out
        assert f"{best.length_km:.1f}" not in out  # no km with decimals
    assert "Δ km" in comp and "Δ hours" in comp
    _, crit, _ = run(capsys, "critical", "Tehran", "Beirut")
    assert "if denied (h)" in crit and "Δ (h)" in crit


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--every", "3m"], "need --from"),
        (["--from", "2018-01-01", "--date", "2018-02-01"], "not both"),
        (["--from", "2018-01-01", "--every", "soon"], "a unit d, w, m or y"),
        (["--from", "2019-01-01", "--to", "2018-01-01"], "before start date"),
        (["--date", "2018-07-01", "--baseline", "nope"], "baseline 'nope'"),
    ],
)
def test_cli_timeline_bad_options(capsys, args, message):
    code, out, err = run(capsys, "timeline", "Tehran", "Beirut", *args)
    assert code == 2 and message in err and err.count("\n") == 1
