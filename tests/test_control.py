"""Control data v2 (corridor.control): dated stances, explicit unknown crossing status, the data
window, the actors the seeds name, and the rule table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import shapely

import corridor
from corridor import DataError, Scenario
from corridor.resolution import BLOCKED, resolve


@pytest.fixture(scope="module")
def net():
    return corridor.load()


@pytest.fixture(scope="module")
def control(net):
    return net.control


def covers(rows: pd.DataFrame, start: str) -> bool:
    """Rows (valid_from, valid_to) tile [start, open end) with no gap or overlap."""
    rows = rows.sort_values("valid_from")
    ends = [start, *rows["valid_to"].tolist()]
    return (
        rows["valid_from"].iloc[0] <= start
        and all(a == b for a, b in zip(rows["valid_from"].iloc[1:], ends[1:-1]))
        and rows["valid_to"].iloc[-1] is None
    )


def test_every_crossing_has_a_status_for_every_day_of_the_window(net, control):
    start = control.window[0].isoformat()
    status = control.crossing_status
    for crossing in net.crossings.index:
        rows = status[status["crossing"] == crossing]
        assert len(rows) and covers(rows, start), crossing


def test_every_mover_has_a_dated_stance_toward_every_actor_for_the_whole_window(control):
    start = control.window[0].isoformat()
    stances = control.stances
    for mover in control.mover_ids:
        for actor in control.actors["id"]:
            rows = stances[
                (stances["mover"] == mover)
                & (stances["actor"] == actor)
                & (stances["zone_kind"] == "*")
            ]
            assert len(rows) and covers(rows, start), (mover, actor)
    assert stances["quote"].str.len().min() > 10


def test_stances_are_dated_lebanon_changes_after_2024(control):
    early = control.stance("iran-axis", "lebanon-state", "control", dt.date(2019, 1, 1))
    late = control.stance("iran-axis", "lebanon-state", "control", dt.date(2025, 6, 1))
    assert early.stance == "passable" and late.stance == "contested"


def test_overlapping_stance_rows_are_refused(control):
    rows = pd.concat([control.stances, control.stances.iloc[[0]]], ignore_index=True)
    with pytest.raises(DataError, match=r"stances\.csv: rows \d+ and \d+ for iran-axis/.* overlap"):
        corridor.Control(
            actors=control.actors, stances=rows, crossing_status=control.crossing_status
        )


def test_overlap_names_the_rows_of_the_file(control):
    """The rows named are those of stances.csv (header = row 1), the later-starting one second,
    also when the two differ in their dates only."""
    later = control.stances.iloc[[0]].assign(valid_from="2018-01-01", valid_to=None)
    rows = pd.concat([later, control.stances], ignore_index=True)
    first = rows.iloc[1]
    assert (first["mover"], first["actor"], first["zone_kind"]) == tuple(later.iloc[0][:3])
    with pytest.raises(DataError, match=r"rows 3 and 2 for .* overlap in time \(2018-01-01 <"):
        corridor.Control(
            actors=control.actors, stances=rows, crossing_status=control.crossing_status
        )


def test_a_stance_row_without_a_mover_is_refused(control):
    rows = control.stances.copy()
    rows.loc[4, "mover"] = None
    with pytest.raises(DataError, match=r"stances\.csv, row 6: mover is empty"):
        corridor.Control(
            actors=control.actors, stances=rows, crossing_status=control.crossing_status
        )


def test_unknown_is_not_open(net):
    """After the US left al-Tanf (11 Feb 2026) Iraqi sources still described al-Waleed as closed
    in mid-February; from 17 February the data know nothing until it reopened (20 April)."""
    for day, status in (
        ("2026-02-15", "closed"),
        ("2026-03-01", "unknown"),
        ("2026-05-01", "open"),
    ):
        res = resolve(net, Scenario.at(day))
        assert res.crossing_status["al-tanf-al-waleed"][0] == status, day
    res = resolve(net, Scenario.at("2026-03-01"))
    assert "al-tanf-al-waleed" in res.unknown_crossings
    edges = res.index.crossing_edges["al-tanf-al-waleed"]
    assert (res.state[edges] == BLOCKED).all()
    assumed = resolve(net, Scenario.at("2026-03-01").with_unknown_crossings("open"))
    assert not (assumed.state[edges] == BLOCKED).all()
    why = corridor.explain(net, Scenario.at("2026-03-01"), "Tehran", "Beirut")
    assert "al-tanf-al-waleed" in why.unknown_crossings and "Status unknown" in why.text


def test_al_tanf_reopened_to_civilians_in_2017_but_stays_denied_to_the_axis(net):
    res = resolve(net, Scenario.at("2017-04-01"))
    assert res.crossing_status["al-tanf-al-waleed"][0] == "open"
    states = corridor.edge_states(net, Scenario.at("2017-04-01"))
    at = [i for i, (u, v, _) in enumerate(states.index) if "al-tanf-al-waleed" in (u, v)]
    syrian_side = states.iloc[at][states.iloc[at]["country"] == "SYR"]
    assert len(syrian_side) and (syrian_side["state"] == "blocked").all()
    assert syrian_side["reasons"].str.contains("held by coalition").all()


@pytest.mark.parametrize(
    "zone, ends",
    [
        ("is-tal-afar-2017", "2017-08-31"),
        ("is-anah-2017", "2017-09-21"),
        ("is-raqqa-2017", "2017-10-20"),
    ],
)
def test_dated_facts_tal_afar_anah_raqqa(net, zone, ends):
    z = net.zones.set_index("id")
    assert z.loc[zone, "valid_to"] == ends


def test_dated_facts_mehran_spring_2020_and_semalka_winter_2021(net):
    assert (
        resolve(net, Scenario.at("2020-04-15")).crossing_status["mehran-zurbatiyah"][0] == "closed"
    )
    assert (
        resolve(net, Scenario.at("2022-01-01")).crossing_status["semalka-faysh-khabur"][0]
        == "closed"
    )
    assert (
        resolve(net, Scenario.at("2022-02-01")).crossing_status["semalka-faysh-khabur"][0] == "open"
    )


def test_seed003_is_insurgency_in_the_iraqi_desert_border_areas_too(net):
    """seed 003: "an Islamic State insurgency that will remain potent in the Syria-Iraq desert border
    areas even after the organization loses its formal territorial holdings." """
    z = net.zones.set_index("id").loc["is-anbar-insurgency"]
    assert z["kind"] == "insurgency" and z["actor"] == "islamic-state"
    assert "2017-11-01" <= z["valid_from"] <= "2018-01-01"
    for town in ("al-qaim", "rawah", "ar-rutbah"):
        ident = net.node_id(town)
        assert shapely.contains(z.geometry, net.graph.nodes[ident]["geometry"]), town


def test_the_actors_routes_touch_are_there(control):
    for actor in ("israel", "turkey", "idlib-opposition", "iraq-state", "iran-axis"):
        assert actor in set(control.actors["id"])
    assert control.actor_id("Popular Mobilization Forces") == "iran-axis"
    assert control.actor_id("Iraqi army") == "iraq-state"
    assert control.actor_id("Syrian National Army") == "turkey"


def test_israel_interdicts_from_the_air_as_risk_not_blockage(control):
    row = control.stance("iran-axis", "israel", "air-interdiction", dt.date(2018, 7, 1))
    assert row.stance == "contested" and row.factor == 1.0 and row.risk > 0


def test_the_rule_table_says_what_each_stance_does(control):
    from corridor._schema import BLOCKED, OPEN, PENALISED

    effects = control.effects
    assert [effects[s].state for s in ("passable", "contested", "denied")] == [
        OPEN,
        PENALISED,
        BLOCKED,
    ]
    assert effects["contested"].factor >= 1.0 and effects["contested"].risk > 0


def test_present_means_today():
    assert corridor.scenario("present").date == dt.date.today()
    assert Scenario.at("today").date == dt.date.today()


def test_the_data_window_is_known(control):
    start, reviewed = control.window
    assert start == dt.date(2017, 1, 1) and reviewed is not None and reviewed <= dt.date.today()
