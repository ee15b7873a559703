"""The event layer and the event risk model (corridor.events)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor import Scenario
from corridor.events import circle, circles
from corridor.resolution import resolve


@pytest.fixture(scope="module")
def net():
    return corridor.load()


@pytest.fixture(scope="module")
def events(net):
    return net.control.events


def test_the_layer_has_at_least_25_sourced_events_from_2017_to_today(events):
    assert len(events) >= 25
    assert (
        events["date"].min() >= "2017-01-01" and events["date"].max() <= dt.date.today().isoformat()
    )
    assert events["quote"].str.len().min() > 10
    assert events["source"].str.match(r"^(https?://|seeds/)").all()
    for needle in ("albukamal", "al-qaim", "masnaa", "qaa"):
        assert events["id"].str.contains(needle).any(), needle


def test_seed001_the_18_june_2018_airstrike_is_in_the_layer(events):
    """seed 001: "On June 18, 2018, an airstrike was carried out against a headquarters of the
    Iraqi Shiite militias south of Albukamal, near the Syrian-Iraqi border." """
    row = events[events["date"] == "2018-06-18"]
    assert len(row) >= 1 and (row["kind"] == "airstrike").any()
    assert (row["source"] == "seeds/001_bbd7bbf6f6324ae4.txt").any()


def test_an_event_raises_risk_near_it_and_not_far_away(net):
    res = resolve(net, "mid-2018")
    pairs = res.events.pairs
    ids = list(res.events.ids)
    strike = ids.index("2018-06-18-albukamal-pmf-hq-strike")
    near = np.unique(pairs.edge[pairs.event == strike])
    assert len(near) and (res.event_risk[near] > 0).all()
    # far from every counting event (Tehran's roads), no event risk
    tehran = [i for i, (u, v, _) in enumerate(res.index.edges) if "tehran" in (u, v)]
    assert (res.event_risk[tehran] == 0).all()


def test_events_decay_with_time_and_stop_after_the_window(net):
    weight = {}
    for day in ("2018-06-18", "2018-12-18", "2020-06-19"):
        res = resolve(net, Scenario.at(day))
        weight[day] = res.events.weights.get("2018-06-18-albukamal-pmf-hq-strike", 0.0)
    assert weight["2018-06-18"] > weight["2018-12-18"] > 0
    half_life = net.control.event_params["half_life_days"]
    assert weight["2018-12-18"] == pytest.approx(weight["2018-06-18"] * 0.5 ** (183 / half_life))
    assert weight["2020-06-19"] == 0.0  # more than 730 days later
    before = resolve(net, Scenario.at("2018-06-17")).events.weights
    assert "2018-06-18-albukamal-pmf-hq-strike" not in before  # not before it happened


def test_an_event_counts_only_against_movers_its_actor_is_hostile_to(net):
    strike = "2019-12-29-al-qaim-kataib-hezbollah-hq-strike"  # by the US-led coalition
    axis = resolve(net, Scenario.at("2019-12-30")).events.weights
    convoy = resolve(net, Scenario.at("2019-12-30", mover="coalition-convoy")).events.weights
    assert strike in axis and strike not in convoy
    ambush = "2020-01-06-sabikhan-army-buses-ambush"  # Islamic State: hostile to both
    both = [
        resolve(net, Scenario.at("2020-01-07", mover=m)).events.weights
        for m in ("iran-axis", "coalition-convoy")
    ]
    assert all(ambush in w for w in both)


def test_the_scenario_stance_toward_an_actor_decides_whether_its_events_count(net):
    strike = "2019-12-29-al-qaim-kataib-hezbollah-hq-strike"  # by the US-led coalition
    actor = dict(zip(net.control.events["id"], net.control.events["actor"]))
    sc = Scenario.at("2019-12-30")
    base = resolve(net, sc)
    calm = resolve(net, sc.with_stance("coalition", "passable"))
    assert strike in base.events.weights and strike not in calm.events.weights
    others = {e: w for e, w in base.events.weights.items() if actor[e] != "coalition"}
    assert dict(calm.events.weights) == others and others
    assert (
        calm.event_risk <= base.event_risk
    ).all() and calm.event_risk.sum() < base.event_risk.sum()
    # a stance toward one zone is not a stance toward its actor: the events stay
    zone = next(z for z, a in zip(base.zone_ids, base.zone_actor) if a == "coalition")
    assert strike in resolve(net, sc.with_zone_stance(zone, "passable")).events.weights
    # and the other way: an actor the data call passable, made hostile
    convoy = Scenario.at("2024-06-11", mover="coalition-convoy")
    israeli = "2024-06-10-qusayr-truck-convoy-strike"
    assert actor[israeli] == "israel"
    assert israeli not in resolve(net, convoy).events.weights
    assert israeli in resolve(net, convoy.with_stance("israel", "denied")).events.weights
    assert israeli in resolve(net, convoy.with_stance("Israel", "contested")).events.weights


def test_route_metrics_report_event_exposure(net):
    route = corridor.best_route(net, "mid-2018", "Tehran", "Beirut")
    assert route.event_exposure > 0 and "2018-06-18-albukamal-pmf-hq-strike" in route.events
    assert route.risk >= route.event_exposure
    off = corridor.best_route(
        net, corridor.scenario("mid-2018").with_events(window_days=0), "Tehran", "Beirut"
    )
    assert off.event_exposure == 0 and off.events == []


def test_risk_weight_means_more_than_contested_km(net):
    """With events, weight="risk" follows exposure to strikes, not only contested zones."""
    sc = corridor.scenario("autumn-2019")
    with_events = resolve(net, sc)
    without = resolve(net, sc.with_events(window_days=0))
    assert (with_events.risk > without.risk).any()


def test_geodesic_circle_has_the_radius_asked(net):
    from corridor.distance import geodesic_distance_km

    ring = np.asarray(circle(40.9, 34.4, 10.0).exterior.coords)
    d = geodesic_distance_km(40.9, 34.4, ring[:, 0], ring[:, 1])
    assert np.allclose(d, 10.0, rtol=1e-6)


@settings(max_examples=20, deadline=None)
@given(
    day=st.dates(dt.date(2017, 1, 1), dt.date(2026, 11, 30)),
    radius=st.floats(0.5, 30.0),
    window=st.floats(0.0, 1500.0),
)
def test_events_never_lower_risk(net, day, radius, window):
    base = Scenario.at(day).with_events(window_days=0)
    with_events = base.with_events(radius_km=radius, window_days=window)
    lo, hi = resolve(net, base), resolve(net, with_events)
    assert (hi.risk >= lo.risk - 1e-12).all()
    assert (hi.state == lo.state).all()  # events raise risk; they do not block


def test_event_pairs_are_the_exposure_of_every_edge_to_every_event(net):
    """The pairs, found for all events at once through the edge tree, are those of the
    definition applied to each event and every edge (km within r plus half the km between r
    and 2 r, where that is above zero), in the order a query of the tree with that event
    alone gives (risk sums follow the pair order)."""
    import shapely

    from corridor.distance import deg_radius, geodesic_length_km
    from corridor.events import edge_tree, event_pairs
    from corridor.incidence import edge_index

    geoms = edge_index(net).geometry
    radius = 5.0
    pairs = event_pairs(net, geoms, radius)
    tree = edge_tree(net, geoms)
    events = net.control.events
    pads = net.control.event_params.get("pad_km", {})
    xy = shapely.get_coordinates(events.geometry.values)
    for j, (x, y) in enumerate(xy):
        r = radius + float(pads.get(events["location_precision"].iloc[j], 0.0))
        inner = geodesic_length_km(shapely.intersection(geoms, circle(x, y, r)))
        outer = geodesic_length_km(shapely.intersection(geoms, circle(x, y, 2 * r)))
        km = inner + 0.5 * (outer - inner)
        alone = tree.query(shapely.Point(x, y), predicate="dwithin", distance=deg_radius(2 * r, y))
        want = alone[km[alone] > 1e-9]
        assert set(want.tolist()) == set(np.flatnonzero(km > 1e-9).tolist())  # none missed
        mine = pairs.event == j
        assert pairs.edge[mine].tolist() == want.tolist()
        assert np.array_equal(pairs.exposure_km[mine], km[want])
    assert (np.diff(pairs.event) >= 0).all()  # grouped by event, as EventPairs.event_ptr needs
    assert len(pairs.edge) > 100


def test_circles_are_the_geodesic_circles_one_at_a_time():
    """circles() gives, for each point, the ring Geod.fwd draws at 64 azimuths."""
    import shapely

    from corridor.distance import GEOD

    lon, lat, r = np.array([40.9, 36.3, 44.4]), np.array([34.4, 33.5, 33.3]), np.array([1, 10, 60])
    many = circles(lon, lat, r)
    azimuths = np.linspace(0.0, 360.0, 65)[:-1]
    for i in range(3):
        lons, lats, _ = GEOD.fwd(
            np.full(64, lon[i]), np.full(64, lat[i]), azimuths, np.full(64, r[i] * 1000.0)
        )
        ring = shapely.Polygon(np.c_[lons, lats])
        assert shapely.equals_identical(many[i], ring)
        assert shapely.equals_identical(circle(lon[i], lat[i], r[i]), ring)


def test_no_event_layer_no_hostile_events(synthetic_dir):
    from corridor.events import hostile_events

    synth = corridor.load(synthetic_dir)
    assert synth.control.events is None or not len(synth.control.events)
    assert hostile_events(synth, Scenario("s", "2018-06-01", mover="walker")).shape == (0,)
    assert not resolve(synth, Scenario("s", "2018-06-01", mover="walker")).event_risk.any()


def test_event_risk_is_shared_only_by_scenarios_alike_in_what_it_depends_on():
    """Event risk is cached by date, event parameters and which actors' events count: what-ifs
    on one date that leave those alone share it; a stance toward an event's actor, another
    date or radius gets its own, equal to what a fresh network computes."""
    net = corridor.load()
    sc = Scenario.at("2019-12-30")
    base = resolve(net, sc)
    same = resolve(net, sc.with_stance("sdf", "denied").with_crossing("al-tanf", "open"))
    assert same.events is base.events  # the same date and counting events: shared
    calm = resolve(net, sc.with_stance("coalition", "passable"))
    later = resolve(net, sc.on("2019-12-31"))
    wide = resolve(net, sc.with_events(radius_km=20))
    for res in (calm, later, wide):
        assert res.events is not base.events
        assert not np.array_equal(res.event_risk, base.event_risk)
    for res in (base, same, calm, later, wide):  # none stale: as computed on a fresh network
        alone = resolve(corridor.load(), res.scenario)
        np.testing.assert_array_equal(res.event_risk, alone.event_risk)
        assert dict(res.events.weights) == dict(alone.events.weights)
    assert not base.event_risk.flags.writeable
