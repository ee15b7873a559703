"""The heavy-truck travel model: speeds, dwell by crossing and period, security halts, daily
driving and rest; hours as driving + border, computed per scenario without rebuilding arrays."""

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor import CorridorError, Scenario, TravelModel
from corridor.costs import DEFAULT_MODEL, edge_parts, routing_arrays
from corridor.freight_data import CrossingFigures, Provenance, bundled_freight
from corridor.resolution import resolve
from synthetic import write_chain

WALK = dict(mover="walker")
_NET = corridor.load()


@pytest.fixture
def net():
    return _NET


@pytest.fixture
def synth(synthetic_dir):
    return corridor.load(synthetic_dir)


@pytest.fixture
def chain(tmp_path):
    return corridor.load(write_chain(tmp_path / "chain"))


def test_the_default_model_is_the_truck_model_of_the_data():
    data = bundled_freight()
    model = TravelModel()
    assert model == DEFAULT_MODEL
    for cls, kmh in model.speed_kmh:
        assert kmh == data.number("speed_kmh", cls)
    assert model.dirt_speed_kmh == data.number("dirt_speed_kmh", "dirt")
    assert dict(model.crossing_delay_h) == {
        k: data.number("dwell_h", k) for k in ("official", "informal")
    }
    assert model.driving_h_per_day == 9 and model.rest_h_per_day == 11  # EU rules (sourced)
    # the old car-like speeds are gone: a loaded truck on a motorway is slower than 90 km/h
    assert model.speed("motorway", "paved") < 90 and model.speed("track", "dirt") <= 20
    assert any("ASSUMPTION" in a for a in model.assumptions())


def test_overrides_merge_over_the_data_and_bad_values_are_refused():
    model = TravelModel(speed_kmh={"motorway": 90})
    assert model.speed("motorway", "paved") == 90
    assert model.speed("primary", "paved") == DEFAULT_MODEL.speed("primary", "paved")
    assert "speed_kmh[motorway] = 90: given" in model.assumptions()
    assert hash(model) != hash(DEFAULT_MODEL) and model != DEFAULT_MODEL
    with pytest.raises(CorridorError, match="speeds must be positive"):
        TravelModel(speed_kmh={"motorway": 0})
    with pytest.raises(CorridorError, match="driving_h_per_day must be a positive"):
        TravelModel(driving_h_per_day=0)
    with pytest.raises(CorridorError, match="crossing_periods must be"):
        TravelModel(crossing_periods=("albukamal",))
    with pytest.raises(CorridorError, match="no speed for road class 'footpath'"):
        DEFAULT_MODEL.speed("footpath", "paved")


@pytest.mark.parametrize(
    "driving, rest", [(0, 0), (5, 0), (9, 0), (9.5, 11), (18, 11), (27, 22), (27.01, 33)]
)
def test_daily_driving_limit_and_rest(driving, rest):
    assert DEFAULT_MODEL.rest_h(driving) == rest


def test_dwell_by_crossing_and_period_where_sourced_by_kind_otherwise():
    m = DEFAULT_MODEL
    official, informal = dict(m.crossing_delay_h)["official"], dict(m.crossing_delay_h)["informal"]
    # Mehran, Feb 2020: the sourced closure episode (crossing_capacity.csv, 216 h)
    assert m.dwell("mehran-zurbatiyah", "official", dt.date(2020, 2, 20))[0] == 216
    assert m.dwell("mehran-zurbatiyah", "official", dt.date(2020, 3, 1))[0] == official
    # Albukamal 2020: cargo cross-loaded truck to truck (transshipment=true)
    hours, why = m.dwell("albukamal-al-qaim", "official", dt.date(2020, 6, 1))
    assert hours == official + m.transshipment_h and "transshipment" in why[-1]
    assert m.dwell("albukamal-al-qaim", "official", dt.date(2019, 10, 15))[0] == official
    assert m.dwell("albukamal-bypass-north", "informal", dt.date(2018, 7, 1))[0] == informal


def _row(crossing, start, end, dwell):
    prov = Provenance("test.csv", 2, "low", (), (), "ASSUMPTION: test")
    return CrossingFigures(crossing, start, end, None, dwell, None, prov)


def test_dated_dwell_is_added_per_scenario_without_rebuilding_arrays(synth):
    model = TravelModel(
        crossing_periods=(_row("x-north", dt.date(2018, 1, 1), dt.date(2018, 7, 1), 10.0),)
    )
    june = corridor.best_route(synth, Scenario("s", "2018-06-01", **WALK), "a1", "b1", model=model)
    arrays = routing_arrays(synth, model)
    august = corridor.best_route(
        synth, Scenario("s", "2018-08-01", **WALK), "a1", "b1", model=model
    )
    assert routing_arrays(synth, model) is arrays  # one set of arrays for both dates
    assert june.crossings == august.crossings == ["x-north"]
    assert june.border_h == pytest.approx(10.0)
    assert august.border_h == pytest.approx(dict(model.crossing_delay_h)["official"])
    assert june.driving_h == pytest.approx(august.driving_h)


def test_hours_are_driving_plus_border_and_rest_comes_on_top(synth):
    sc = Scenario("s", "2018-06-01", stances=(("hostile", "contested"),), **WALK)
    route = corridor.best_route(synth, sc, "a1", "b1")
    assert route.crossings == ["x-south"] and route.contested_km > 0
    m = DEFAULT_MODEL
    driving = 0.0
    for e in route.edges:
        d = synth.graph.edges[e]
        km, contested = d["length_km"], bool(d["zones"])
        driving += km / m.speed(d["road_class"], d["surface"]) * (1.5 if contested else 1.0)
        driving += m.security_halt_h_per_100km / 100 * km * contested
    assert route.driving_h == pytest.approx(driving)
    assert route.border_h == pytest.approx(dict(m.crossing_delay_h)["official"])
    assert route.hours == pytest.approx(route.driving_h + route.border_h)
    assert route.rest_h == m.rest_h(route.driving_h)
    assert route.transit_days == pytest.approx((route.hours + route.rest_h) / 24)
    summary = route.summary()
    for key in ("driving_h", "border_h", "rest_h", "transit_days", "cost_usd_per_t"):
        assert key in summary


def test_a_long_route_takes_days_on_the_bundled_network(net):
    """Seed 001's Euphrates route in July 2018: about 2,000 km, more than a day of driving."""
    route = corridor.best_route(net, "mid-2018", "Tehran", "Beirut")
    assert route.driving_h > 2 * DEFAULT_MODEL.driving_h_per_day
    assert route.rest_h >= 2 * DEFAULT_MODEL.rest_h_per_day
    assert 3 <= route.transit_days <= 6


def test_the_osm_network_unclassified_roads_take_the_data_speed():
    osm = corridor.load("osm-highways")
    arr = routing_arrays(osm)
    classes = np.array([d["road_class"] for *_, d in osm.graph.edges(keys=True, data=True)])
    unclassified = (classes == "unclassified") & (arr.km > 0)
    speed = arr.km[unclassified] / arr.drive_h[unclassified]
    assert np.allclose(speed, bundled_freight().number("speed_kmh", "unclassified"))


@settings(max_examples=25, deadline=None)
@given(day=st.integers(0, 3500))
def test_edge_parts_match_the_route_totals(day):
    net = _NET
    date = dt.date(2017, 1, 1) + dt.timedelta(days=day)
    if date > dt.date.today():
        return
    sc = Scenario.at(date)
    route = corridor.best_route(net, sc, "Tehran", "Baghdad")
    if route is None:
        return
    res = resolve(net, sc)
    driving, border = edge_parts(routing_arrays(net), res, route.edge_index)
    assert driving.sum() == pytest.approx(route.driving_h)
    assert border.sum() == pytest.approx(route.border_h)
    assert math.isfinite(route.hours) and route.hours == pytest.approx(route.cost)


def test_chain_world_hours_prefer_the_faster_crossing(chain):
    sc = Scenario("s", "2018-06-01", **WALK)
    # an informal crossing's dwell cut to 2 h (the data: 4 h, as an official one's)
    quick = corridor.TravelModel(crossing_delay_h={"informal": 2.0})
    routes = corridor.viable_routes(chain, sc, "a1", "c1", k=3, model=quick)
    assert routes[0].hours == min(r.hours for r in routes)
    # the informal crossing ab-3 has the shorter dwell now (2 h against 4 h)
    assert "ab-3" in routes[0].crossings and routes[0].border_h == pytest.approx(6.0)
