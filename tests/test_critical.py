"""corridor.critical: the crossing cut (a unit-capacity maximum flow on the flow graph) against
NetworkX's minimum cut, its choice among several minimum cuts, and its edge cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import corridor
from corridor import Scenario
from critical_reference import reference_cut, reference_lift
from synthetic import write_chain

CHAIN = dict(mover="walker")
SCENARIOS = ["spring-2017", "mid-2017", "late-2017", "mid-2018", "autumn-2019"]
ACTORS = ["sdf", "krg", "turkey", "jordan", "russia", "lebanon-state", "coalition"]
STANCES = ["contested", "denied", "passable"]
PAIRS = [
    ("tehran", "beirut"),
    ("tehran", "damascus"),
    ("baghdad", "beirut"),
    ("tehran", "baghdad"),
    ("albukamal", "beirut"),
    ("albukamal-al-qaim", "beirut"),  # an end that is a crossing
]


def connected(network, scenario, origin, destination) -> bool:
    return corridor.best_route(network, scenario, origin, destination, reentry=True) is not None


@pytest.fixture
def chain(tmp_path):
    return corridor.load(write_chain(tmp_path / "chain"))


def closed(*crossings: str) -> Scenario:
    return Scenario("s", "2018-06-01", crossings=tuple((c, "closed") for c in crossings), **CHAIN)


def test_the_cut_is_the_narrower_border(chain):
    # three crossings from AAA into BBB, two from BBB into CCC
    assert corridor.crossing_cut(chain, closed(), "a1", "c1") == ["bc-1", "bc-2"]
    assert corridor.crossing_cut(chain, closed(), "a1", "b1") == ["ab-1", "ab-2", "ab-3"]
    assert corridor.crossing_cut(chain, closed("bc-1"), "a1", "c1") == ["bc-2"]


def test_of_minimum_cuts_in_series_the_one_nearest_the_destination(chain):
    # only ab-2 into BBB and only bc-2 out of it: either alone cuts every route
    sc = closed("ab-1", "ab-3", "bc-1")
    assert corridor.crossing_cut(chain, sc, "a1", "c1") == ["bc-2"]
    assert corridor.crossing_cut(chain, sc, "c1", "a1") == ["ab-2"]
    assert reference_cut(chain, sc, "a1", "c1") == ["bc-2"]
    assert reference_cut(chain, sc, "c1", "a1") == ["ab-2"]


def test_no_cut_without_a_route_or_without_a_crossing_between_the_ends(chain):
    assert corridor.crossing_cut(chain, closed("bc-1", "bc-2"), "a1", "c1") == []
    assert corridor.crossing_cut(chain, closed(), "b1", "b2") == []  # the b1-b2 road
    # an end that is a crossing is not cut: ab-2 to c1 still needs bc-1 or bc-2
    assert corridor.crossing_cut(chain, closed(), "ab-2", "c1") == ["bc-1", "bc-2"]
    assert corridor.crossing_cut(chain, closed(), "bc-1", "c1") == []


def test_the_cut_is_minimal_and_cuts(chain):
    sc = closed("ab-3")
    cut = corridor.crossing_cut(chain, sc, "a1", "c1")
    assert cut == ["bc-1", "bc-2"]
    assert not connected(chain, closed("ab-3", *cut), "a1", "c1")
    for c in cut:  # every crossing of it is needed
        assert connected(chain, closed("ab-3", *(x for x in cut if x != c)), "a1", "c1")


@pytest.fixture(scope="module")
def bundled():
    return corridor.load()


@settings(max_examples=60, deadline=None)
@given(
    base=st.sampled_from(SCENARIOS),
    days=st.integers(0, 300),
    changes=st.lists(st.tuples(st.sampled_from(ACTORS), st.sampled_from(STANCES)), max_size=3),
    pair=st.sampled_from(PAIRS),
)
def test_crossing_cut_equals_networkx_minimum_cut_on_what_ifs(bundled, base, days, changes, pair):
    sc = corridor.scenario(base)
    sc = sc.on(sc.date + dt.timedelta(days=days))
    for actor, stance in changes:
        sc = sc.with_stance(actor, stance)
    cut = corridor.crossing_cut(bundled, sc, *pair)
    assert cut == reference_cut(bundled, sc, *pair)
    if cut:
        denied = sc
        for c in cut:
            denied = denied.with_crossing(c, "closed")
        assert not connected(bundled, denied, *pair)


def test_crossing_cut_equals_networkx_minimum_cut_on_osm_highways():
    osm = corridor.load("osm-highways")
    for name, pair in (
        ("autumn-2019", ("tehran", "beirut")),
        ("late-2017", ("tehran", "damascus")),
    ):
        sc = corridor.scenario(name).with_stance("sdf", "denied")
        cut = corridor.crossing_cut(osm, sc, *pair)
        assert cut and cut == reference_cut(osm, sc, *pair)


def test_crossing_cut_refuses_the_same_place_twice(chain):
    with pytest.raises(corridor.CorridorError, match="same place"):
        corridor.crossing_cut(chain, closed(), "a1", "Aleph")


DENIABLE = ["iraq-state", "syria-gov", "lebanon-state", "sdf", "krg", "jordan", "turkey"]
CLOSABLE = ["albukamal", "al-tanf", "masnaa", "al-qaa", "rabia", "mundhiriya", "mehran"]


@settings(max_examples=25, deadline=None)
@given(
    base=st.sampled_from(SCENARIOS),
    denied=st.lists(st.sampled_from(DENIABLE), min_size=1, max_size=4, unique=True),
    closed_crossings=st.lists(st.sampled_from(CLOSABLE), max_size=3, unique=True),
    pair=st.sampled_from(PAIRS[:3]),
    max_lift=st.integers(1, 3),
)
def test_explain_finds_the_smallest_lift_of_the_exhaustive_search(
    bundled, base, denied, closed_crossings, pair, max_lift
):
    sc = corridor.scenario(base)
    for actor in denied:
        sc = sc.with_stance(actor, "denied")
    for crossing in closed_crossings:
        sc = sc.with_crossing(crossing, "closed", network=bundled)
    why = corridor.explain(bundled, sc, *pair, max_lift=max_lift)
    assume(not why.route_exists)
    want = reference_lift(bundled, sc, *pair, max_lift)
    assert (why.lift or None) == want
    if want is not None:  # lifting it restores a route
        lifted = sc
        for kind, ident, _ in want:
            if kind == "zone":
                lifted = replace(lifted, zones_removed=(*lifted.zones_removed, ident))
            elif kind == "crossing":
                lifted = lifted.with_crossing(ident, "open")
            else:
                lifted = replace(lifted, roads_cut=tuple(r for r in lifted.roads_cut if r != ident))
        assert connected(bundled, lifted, *pair)


def test_explain_with_four_blocks_to_lift_on_osm_highways():
    osm = corridor.load("osm-highways")
    sc = corridor.scenario("autumn-2019")
    for actor in ("iraq-state", "syria-gov", "lebanon-state"):
        sc = sc.with_stance(actor, "denied")
    for crossing in ("masnaa-jdeidet-yabous", "al-qaa-jousieh", "albukamal-al-qaim"):
        sc = sc.with_crossing(crossing, "closed")
    why = corridor.explain(osm, sc, "tehran", "beirut")
    assert [ident for _, ident, _ in why.lift] == [
        "lebanon-state",
        "syria-gov-2019-03-23",
        "iraq-state-2017-11-17",
        "masnaa-jdeidet-yabous",
    ]
    assert corridor.explain(osm, sc, "tehran", "beirut", max_lift=3).lift == []


@pytest.mark.parametrize("max_lift", [0, -1, "2", 2.5, True, None])
def test_explain_refuses_a_max_lift_that_is_not_a_whole_number_from_1(chain, max_lift):
    with pytest.raises(corridor.CorridorError, match="max_lift must be a whole number >= 1"):
        corridor.explain(chain, closed("bc-1", "bc-2"), "a1", "c1", max_lift=max_lift)


def test_explain_says_when_no_road_joins_the_places_at_all():
    import shapely

    net = corridor.load()
    net.graph.add_node("newtown", geometry=shapely.Point(45, 33), kind="town", country="IRQ",
                       name="Newtown", aliases=())  # fmt: skip
    why = corridor.explain(net, "mid-2018", "Tehran", "Newtown")
    assert not why.route_exists and why.lift == []
    assert "No road of network 'bundled corridor network' joins them" in why.text
