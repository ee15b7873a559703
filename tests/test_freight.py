"""Transit time and cost per tonne of a route; the freight model and its assumptions."""

import datetime as dt
import json
import math

import pytest

import corridor
from corridor import CorridorError, FreightModel, Scenario
from corridor.cli.common import jsonable
from corridor.freight import DEFAULT_FREIGHT
from corridor.freight_data import FuelPrice, Provenance, bundled_freight

WALK = dict(mover="walker")
PROV = Provenance("test.csv", 2, "low", (), (), "ASSUMPTION: test")


@pytest.fixture
def synth(synthetic_dir):
    return corridor.load(synthetic_dir)


def _price(country, usd):
    return FuelPrice(country, dt.date(2017, 1, 1), None, usd, PROV)


def test_payloads_from_the_data():
    """Issue 14: 5-6 axle trucks carry about 24-27 t (Logistics Cluster)."""
    data = bundled_freight()
    assert DEFAULT_FREIGHT.truck == data.default("default_truck", "truck").value == "truck-5axle"
    assert DEFAULT_FREIGHT.payload() == 24
    assert FreightModel(truck="truck-6axle").payload() == 27
    with pytest.raises(CorridorError, match="no payload for truck 'truck-9axle'"):
        FreightModel(truck="truck-9axle")
    with pytest.raises(CorridorError, match="driver_usd_per_h must be a non-negative finite"):
        FreightModel(driver_usd_per_h=-1)


def test_cost_per_tonne_adds_fuel_time_fees_and_risk(synth):
    model = FreightModel(
        fuel_prices=(_price("AAA", 1.0), _price("BBB", 2.0)),
        driver_usd_per_h=10,
        truck_usd_per_h=20,
        border_fee_usd_per_truck={"official": 50},
        risk_premium_usd_per_t_km=0.1,
    )
    sc = Scenario("s", "2018-06-01", stances=(("hostile", "contested"),), **WALK)
    route = corridor.best_route(synth, sc, "a1", "b1")
    f = corridor.route_freight(route, model)
    km = {c: 0.0 for c in ("AAA", "BBB")}
    for e in route.edges:
        km[synth.graph.edges[e]["country"]] += synth.graph.edges[e]["length_km"]
    fuel = model.fuel_l_per_km * (km["AAA"] * 1.0 + km["BBB"] * 2.0)
    duty, elapsed = (
        route.driving_h + route.border_h,
        route.driving_h + route.border_h + route.rest_h,
    )
    per_truck = fuel + 10 * duty + 20 * elapsed + 50
    assert f.fuel_usd == pytest.approx(fuel)
    assert f.cost_usd_per_truck == pytest.approx(per_truck)
    assert f.exposed_km == pytest.approx(route.contested_km) and f.exposed_km > 0
    assert f.cost_usd_per_t == pytest.approx(per_truck / 24 + 0.1 * route.contested_km)
    assert f.km_by_country == pytest.approx(km)
    assert f.transit_days == pytest.approx(route.transit_days)


def test_a_country_without_a_fuel_price_makes_the_cost_unknown(synth):
    route = corridor.best_route(synth, Scenario("s", "2018-06-01", **WALK), "a1", "b1")
    assert math.isnan(route.cost_usd_per_t)  # AAA and BBB are not in fuel_prices.csv
    assert json.loads(json.dumps(jsonable(route.summary())))["cost_usd_per_t"] is None
    f = corridor.route_freight(route)
    assert any("no row in fuel_prices.csv (cost unknown)" in a for a in f.assumptions)


def test_bundled_route_cost_and_its_assumptions(net_bundled):
    route = corridor.best_route(net_bundled, "mid-2018", "Tehran", "Beirut")
    f = corridor.route_freight(route)
    assert route.cost_usd_per_t == pytest.approx(f.cost_usd_per_t)
    assert 20 < f.cost_usd_per_t < 500 and f.fuel_usd > 0 and f.border_fee_usd > 0
    assert set(f.km_by_country) == {"IRN", "IRQ", "SYR", "LBN"}
    # no fuel price covers July 2018: the nearest period is used, and said so
    assert any("no period covers 2018-07-01" in a for a in f.assumptions)
    assert any("(ASSUMPTION)" in a for a in f.assumptions)
    assert any(s.startswith("https://") for s in f.sources)
    assert f.to_dict()["cost_usd_per_t"] == round(f.cost_usd_per_t, 2)


def test_a_dearer_model_costs_more_and_a_heavier_truck_less_per_tonne(net_bundled):
    route = corridor.best_route(net_bundled, "tanf-handover-2018", "Tehran", "Beirut")
    base = corridor.route_freight(route).cost_usd_per_t
    assert corridor.route_freight(route, FreightModel(truck_usd_per_h=30)).cost_usd_per_t > base
    assert corridor.route_freight(route, FreightModel(truck="truck-6axle")).cost_usd_per_t < base
    slow = FreightModel(travel=corridor.TravelModel(speed_kmh={"highway": 40, "motorway": 50}))
    assert corridor.route_freight(route, slow).transit_h > corridor.route_freight(route).transit_h


def test_route_freight_refuses_other_things():
    with pytest.raises(CorridorError, match="takes a corridor.Route"):
        corridor.route_freight("Tehran")
    with pytest.raises(CorridorError, match="must be a corridor.FreightModel"):
        corridor.capacity(corridor.load(), "mid-2018", "Tehran", "Beirut", model="cheap")


@pytest.fixture(scope="module")
def net_bundled():
    return corridor.load()
