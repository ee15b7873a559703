"""Interdiction: the exact search against brute force (every set of closures) on small
synthetic networks and on the bundled one; the ranking; critical_crossings' best pair."""

import itertools
import json
import math
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corridor
from corridor import CorridorError, Scenario
from corridor.cli.common import jsonable
from corridor.whatif import as_scenario
from synthetic import CHAIN_ROADS, write_chain

WALK = dict(mover="walker")
NET = corridor.load()
# the present with the transitional government's stance toward the Iran-aligned axis eased from
# denied to contested (smuggling across a porous border): the present has a route again
SMUGGLING = corridor.scenario("present").with_stance("syria-transitional", "contested")


def closed_scenario(scenario, crossings=(), roads=()):
    """``scenario`` with crossings closed and roads cut, as a user would write it."""
    sc = corridor.scenario(scenario) if isinstance(scenario, str) else scenario
    pairs = dict(sc.crossings) | dict.fromkeys(crossings, "closed")
    return replace(
        sc,
        crossings=tuple(sorted(pairs.items())),
        roads_cut=tuple(sorted({*sc.roads_cut, *roads})),
    )


def value_of(network, scenario, o, d, objective, crossings=(), roads=()):
    """The objective with a set closed, by re-resolving the scenario (no shortcut)."""
    sc = closed_scenario(scenario, crossings, roads)
    if objective == "capacity":
        return corridor.capacity(network, sc, o, d).tonnes_per_day
    route = corridor.best_route(network, sc, o, d, weight=objective)
    return math.inf if route is None else route.cost


def brute_force(network, scenario, o, d, objective, budget, crossings=(), roads=()):
    """The best value over every set of at most ``budget`` closures."""
    items = [("c", c) for c in crossings] + [("r", r) for r in roads]
    values = [value_of(network, scenario, o, d, objective)]
    for size in range(1, budget + 1):
        for subset in itertools.combinations(items, size):
            cs = [i for k, i in subset if k == "c"]
            rs = [i for k, i in subset if k == "r"]
            values.append(value_of(network, scenario, o, d, objective, cs, rs))
    return min(values) if objective == "capacity" else max(values)


def check_against_brute_force(network, sc, o, d, objective, budget, candidates):
    result = corridor.interdict(
        network, sc, o, d, budget=budget, objective=objective, candidates=candidates, top=None
    )
    crossings = [c for c, k in network.graph.nodes(data="kind") if k == "crossing"]
    crossings = [c for c in crossings if c not in (network.node_id(o), network.node_id(d))]
    roads = sorted({data["road_id"] for *_, data in network.graph.edges(data=True)})
    want = brute_force(
        network,
        sc,
        o,
        d,
        objective,
        budget,
        crossings if candidates in ("crossings", "both") else (),
        roads if candidates in ("roads", "both") else (),
    )
    assert result.after == pytest.approx(want), (objective, budget, candidates)
    if result.denied:  # the set reported really achieves it
        cs = [x for x in result.denied if x in network.graph]
        rs = [x for x in result.denied if x not in network.graph]
        assert value_of(network, sc, o, d, objective, cs, rs) == pytest.approx(want)
        assert len(result.denied) <= budget
    return result


# ----------------------------------------------------------------------------- synthetic

CLASSES = ["motorway", "highway", "primary", "secondary", "track"]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    classes=st.lists(
        st.sampled_from(CLASSES), min_size=len(CHAIN_ROADS), max_size=len(CHAIN_ROADS)
    ),
    stance=st.sampled_from(["passable", "contested", "denied"]),
    objective=st.sampled_from(["hours", "km", "capacity"]),
    budget=st.integers(1, 3),
)
def test_chain_world_interdiction_equals_brute_force(classes, stance, objective, budget):
    with tempfile.TemporaryDirectory() as tmp:
        net = corridor.load(write_chain(Path(tmp) / "chain", classes))
        sc = Scenario("s", "2018-06-01", stances=(("hostile", stance),), **WALK)
        check_against_brute_force(net, sc, "a1", "c1", objective, budget, "crossings")


@pytest.mark.parametrize("objective", ["hours", "capacity"])
def test_chain_world_roads_and_both_equal_brute_force(tmp_path, objective):
    classes = ["highway", "primary", "track", "highway", "secondary", "primary", "track",
               "secondary", "motorway", "highway", "primary", "highway", "track"]  # fmt: skip
    net = corridor.load(write_chain(tmp_path / "chain", classes))
    sc = Scenario("s", "2018-06-01", **WALK)
    for candidates in ("roads", "both"):
        check_against_brute_force(net, sc, "a1", "c1", objective, 2, candidates)


def test_chain_world_known_answers(tmp_path):
    net = corridor.load(write_chain(tmp_path / "chain"))
    sc = Scenario("s", "2018-06-01", **WALK)
    # capacity: the two BBB-CCC crossings are the minimum cut: closing both leaves nothing
    both = corridor.interdict(net, sc, "a1", "c1", budget=2, objective="capacity")
    assert both.denied == ["bc-1", "bc-2"] and both.after == 0 and both.disconnects
    one = corridor.interdict(net, sc, "a1", "c1", budget=1, objective="capacity")
    assert one.after == 100 * 24 and len(one.denied) == 1 and one.before == 200 * 24
    # hours: with one closure the route can only get longer, never disconnect
    hours = corridor.interdict(net, sc, "a1", "c1", budget=1, objective="hours")
    assert math.isfinite(hours.after) and hours.after > hours.before
    assert hours.evaluations <= 1 + 2  # the root and the two crossings of the best route


# ----------------------------------------------------------------------------- bundled


@pytest.mark.parametrize("scenario", ["mid-2018", "autumn-2019"])
@pytest.mark.parametrize("objective", ["hours", "capacity"])
def test_bundled_budget_2_equals_brute_force(scenario, objective):
    result = check_against_brute_force(
        NET, corridor.scenario(scenario), "Tehran", "Beirut", objective, 2, "crossings"
    )
    assert result.evaluations < 136  # far fewer than the pairs of 17 crossings


def test_bundled_answers_follow_the_seeds():
    """Seed 000: "put al-Qaim and its border crossing in the hands of security-force units
    loyal to Baghdad" ... "deny Iran access to a gateway": in autumn 2019 one closure at
    Albukamal-al-Qaim cuts most of the corridor's capacity."""
    one = corridor.interdict(NET, "autumn-2019", "Tehran", "Beirut", objective="capacity")
    assert one.denied == ["albukamal-al-qaim"] and one.after < 0.25 * one.before
    assert one.ranking["denied"].iloc[0] == one.denied
    two = corridor.interdict(NET, "mid-2018", "Tehran", "Beirut", budget=2, objective="capacity")
    assert two.after == 0 and two.disconnects
    # both disconnecting pairs are in the ranking: the two bypasses and the two Lebanese crossings
    zero = [r for r in two.ranking.itertuples() if r.after == 0]
    assert {tuple(r.denied) for r in zero} == {
        ("albukamal-bypass-north", "albukamal-bypass-south"),
        ("al-qaa-jousieh", "masnaa-jdeidet-yabous"),
    }


def test_a_single_road_can_cut_the_2018_corridor():
    """Seed 001: the Euphrates route "is for the time being the only one that can be used"."""
    r = corridor.interdict(
        NET, "mid-2018", "Tehran", "Beirut", objective="capacity", candidates="roads"
    )
    assert r.after == 0 and len(r.denied) == 1
    assert value_of(NET, "mid-2018", "Tehran", "Beirut", "capacity", roads=r.denied) == 0


def test_ranking_json_and_repr():
    r = corridor.interdict(NET, "mid-2018", "Tehran", "Beirut", budget=2, top=5)
    assert len(r.ranking) <= 5 and list(r.ranking["rank"]) == list(range(1, len(r.ranking) + 1))
    after = r.ranking["after"].tolist()
    assert after == sorted(after, reverse=True)  # hours: the longest first (inf first)
    data = json.loads(json.dumps(jsonable(r.to_dict()), allow_nan=False))
    assert data["denied"] == r.denied and data["objective"] == "hours"
    assert data["after"] is None and data["disconnects"]  # no route left: null, not Infinity
    assert "exact" in r.method and "Interdiction" in repr(r)


def test_bad_input_and_the_evaluation_guard():
    with pytest.raises(CorridorError, match="unknown objective 'tonnes'"):
        corridor.interdict(NET, "mid-2018", "Tehran", "Beirut", objective="tonnes")
    with pytest.raises(CorridorError, match="budget must be a whole number >= 1"):
        corridor.interdict(NET, "mid-2018", "Tehran", "Beirut", budget=0)
    with pytest.raises(CorridorError, match="unknown candidates 'bridges'"):
        corridor.interdict(NET, "mid-2018", "Tehran", "Beirut", candidates="bridges")
    with pytest.raises(CorridorError, match="more than 3 evaluations"):
        corridor.interdict(NET, "mid-2018", "Tehran", "Beirut", budget=3, max_evaluations=3)
    # given candidates: names work, and only those are closed
    given_ = corridor.interdict(
        NET, "mid-2018", "Tehran", "Beirut", candidates=["Albukamal bypass (north)"]
    )
    assert given_.denied in ([], ["albukamal-bypass-north"])


# ----------------------------------------------------------------------------- critical


def old_best_pair(network, scenario, o, d, weight):
    """critical_crossings' best pair as it was computed before interdict (every pair tried)."""
    table = corridor.critical_crossings(network, scenario, o, d, weight=weight)
    base = corridor.best_route(network, scenario, o, d, weight=weight)
    res = corridor.resolve(network, scenario)
    status = {c: s for c, (s, _) in res.crossing_status.items()}
    alone = set(table.loc[table["disconnects"], "crossing"])
    crossings = [n for n, k in network.graph.nodes(data="kind") if k == "crossing"]
    usable = [c for c in crossings if status.get(c, "open") == "open" and c not in alone]
    best, best_key = None, None
    for a, b in itertools.combinations(sorted(usable), 2):
        route = corridor.best_route(network, closed_scenario(scenario, [a, b]), o, d, weight=weight)
        key = (
            route is None,
            bool({a, b} & set(base.crossings)),
            0 if route is None else route.cost - base.cost,
        )
        if best_key is None or key > best_key:
            best_key = key
            best = {
                "crossings": [a, b],
                "effect": "disconnects" if route is None else f"+{key[2]:.1f} {weight}",
            }
    return table.attrs["best_pair"], best


@pytest.mark.parametrize("scenario", ["mid-2018", "autumn-2019", SMUGGLING], ids=str)
def test_critical_best_pair_now_comes_from_interdict_and_agrees(scenario):
    new, old = old_best_pair(NET, as_scenario(scenario), "Tehran", "Beirut", "hours")
    assert new == old


def test_a_crossing_no_road_reaches_is_a_candidate_that_changes_nothing():
    """network_from_roads keeps crossings without a road by default; closing one (or ranking
    it) gave a raw KeyError."""
    net = corridor.load()
    for edge in list(net.graph.edges("albukamal-bypass-north", keys=True)):
        net.graph.remove_edge(*edge)
    base = corridor.best_route(net, "mid-2018", "Tehran", "Beirut")
    found = corridor.interdict(
        net, "mid-2018", "Tehran", "Beirut", candidates=["albukamal-bypass-north"]
    )
    assert found.after == pytest.approx(base.hours)
    table = corridor.critical_crossings(net, "mid-2018", "Tehran", "Beirut").set_index("crossing")
    row = table.loc["albukamal-bypass-north"]  # ranked: denying it changes nothing
    assert not row["on_best_route"] and not row["disconnects"] and row["delta"] == 0


def test_risk_figures_are_the_routes_risk_without_the_search_tiebreak():
    """The risk search adds a tiny km tie-break (corridor.costs.RISK_TIEBREAK); interdict and
    critical_crossings report risk as Route.risk does, so the three agree."""
    sc = corridor.scenario("mid-2018")
    base = corridor.best_route(NET, sc, "Tehran", "Beirut", weight="risk")
    denied = corridor.best_route(
        NET, sc.with_crossing("al-qaa-jousieh", "closed"), "Tehran", "Beirut", weight="risk"
    )
    assert base.cost > base.risk  # the tie-break
    found = corridor.interdict(
        NET, sc, "Tehran", "Beirut", objective="risk", candidates=["al-qaa-jousieh"]
    )
    assert found.before == pytest.approx(base.risk) and found.after == pytest.approx(denied.risk)
    table = corridor.critical_crossings(NET, sc, "Tehran", "Beirut", weight="risk")
    assert table.attrs["base_cost"] == pytest.approx(base.risk)
    row = table.set_index("crossing").loc["al-qaa-jousieh"]
    assert row["cost_if_denied"] == pytest.approx(denied.risk, abs=1e-3)
