"""Land, air and sea: sea paths and chokepoints, air paths, control of airports and ports,
the seed comparison, and the air and sea tables (corridor.modes)."""

from __future__ import annotations

import json
import shutil

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor import DataError, Scenario, ScenarioError, UnknownNameError, compare_modes
from corridor.modes import bundled_mode_data, load_mode_data, sea_path
from corridor.modes.paths import NM_KM, air_path, countries_crossed

DATA = bundled_mode_data()
BANDAR_ABBAS = DATA.port("Bandar Abbas")
LATAKIA = DATA.port("Latakia")


def xy(t):
    return (t.lon, t.lat)


@pytest.fixture(scope="module")
def net():
    return corridor.load()


@pytest.fixture(scope="module")
def autumn_2019(net):
    return compare_modes("autumn-2019", "Tehran", "Damascus", network=net)


# --------------------------------------------------------------------------- sea paths


def test_sea_path_from_bandar_abbas_passes_hormuz_bab_el_mandeb_and_suez_in_order():
    path = sea_path(xy(BANDAR_ABBAS), xy(LATAKIA))
    assert path.chokepoints == ("hormuz", "bab-el-mandeb", "suez")
    # FDD (2019, data/freight_defaults.csv sea_distance_nm): about 3,500 nm via Suez
    assert 3000 < path.nm < 3800
    assert path.km == pytest.approx(path.nm * NM_KM)


def test_denying_suez_sends_ships_round_africa():
    path = sea_path(xy(BANDAR_ABBAS), xy(LATAKIA), avoid=("suez",))
    assert "suez" not in path.chokepoints and "bab-el-mandeb" not in path.chokepoints
    assert path.chokepoints == ("hormuz", "cape-of-good-hope", "gibraltar")
    # round Africa is about 12,000 nm (syrializm.net, businessinsider.in; freight_defaults.csv)
    assert 10_500 < path.nm < 13_500


def test_the_cape_route_via_a_scenario_is_the_sea_row(net):
    sc = Scenario.at("2019-10-15").with_chokepoint("suez", "denied")
    frame = compare_modes(sc, "Tehran", "Beirut", network=net)
    sea = frame.loc["sea"]
    assert sea.available
    assert "cape-of-good-hope" in sea.chokepoints and "suez" not in sea.chokepoints
    base = compare_modes("autumn-2019", "Tehran", "Beirut", network=net).loc["sea"]
    assert sea.nm > 3 * base.nm * 0.9  # "triples the length of the voyage" (FDD 2019)
    assert sea.transit_days > base.transit_days


@pytest.mark.parametrize(
    ("origin", "avoid", "message"),
    [
        ((51.4, 35.7), (), "224 km from the nearest sea lane"),  # Tehran: no port
        ((200.0, 0.0), (), "lon must be a number of degrees"),
        ((float("nan"), 27.0), (), "lon must be a number of degrees"),
        ((56.2,), (), r"a \(lon, lat\) pair"),
        ("56.2, 27.1", (), r"a \(lon, lat\) pair"),
        (None, (), r"a \(lon, lat\) pair"),
        ((56.2, 27.1), "suez", "a list of chokepoint ids"),
    ],
)
def test_sea_path_refuses_what_is_not_a_port_or_a_chokepoint_list(origin, avoid, message):
    with pytest.raises(corridor.CorridorError, match=message):
        sea_path(origin, xy(LATAKIA), avoid=avoid)


def test_hormuz_denied_leaves_no_sea_path_and_says_so(net):
    assert sea_path(xy(BANDAR_ABBAS), xy(LATAKIA), avoid=("hormuz",)) is None
    sc = Scenario.at("2019-10-15").with_chokepoint("hormuz", "denied")
    frame = compare_modes(sc, "Tehran", "Beirut", network=net)
    assert not frame.loc["sea", "available"]
    assert "hormuz" in frame.loc["sea", "why_not"]


@settings(max_examples=12, deadline=None)
@given(st.sets(st.sampled_from(["suez", "bab-el-mandeb", "gibraltar", "bosporus"])))
def test_denying_more_chokepoints_never_shortens_a_voyage(denied):
    base = sea_path(xy(BANDAR_ABBAS), xy(LATAKIA))
    more = sea_path(xy(BANDAR_ABBAS), xy(LATAKIA), avoid=tuple(denied))
    assert more is None or more.km >= base.km - 1e-6
    if more is not None:
        assert not set(more.chokepoints) & denied


def test_an_unknown_chokepoint_is_refused_with_the_known_ones():
    with pytest.raises(corridor.CorridorError, match="known: hormuz"):
        sea_path(xy(BANDAR_ABBAS), xy(LATAKIA), avoid=("panama-canal",))
    with pytest.raises(ScenarioError, match="did you mean 'suez'"):
        Scenario.at("2019-10-15").with_chokepoint("sues", "denied")


# --------------------------------------------------------------------------- air paths


def test_the_air_path_is_a_geodesic_over_iraq_and_syria():
    tehran, damascus = DATA.airport("THR"), DATA.airport("Damascus")
    path = air_path(xy(tehran), xy(damascus))
    assert 1300 < path.km < 1450  # Tehran-Damascus great circle, about 1,390 km
    assert countries_crossed(path.geometry) == ["IRN", "IRQ", "SYR"]


def test_misspelt_airport_and_port_names_get_close_matches():
    with pytest.raises(UnknownNameError, match="Damascus"):
        DATA.airport("Damascas airport")
    with pytest.raises(UnknownNameError, match="Bandar Abbas"):
        DATA.port("Bandar Abas")
    assert DATA.airport("OSDI").id == "DAM"  # ICAO code
    assert DATA.port("IRBND").id == "bandar-abbas-shahid-rajaee"  # UN/LOCODE


# --------------------------------------------------------------------------- comparison


def test_seed_000_in_autumn_2019_land_carries_more_and_costs_less_than_the_air_bridge(autumn_2019):
    """Seed 000: the air bridge 'relies on a very limited supply of commercial aircraft, each
    with a limited carrying capacity'. Follows from the sourced tables: flights a week
    (air_services.csv) x payload (aircraft.csv) against the corridor's maximum flow."""
    land, air = autumn_2019.loc["land"], autumn_2019.loc["air"]
    assert land.available and air.available
    assert land.tonnes_per_week > 10 * air.tonnes_per_week
    assert land.cost_usd_per_t < air.cost_usd_per_t / 5
    assert air.transit_days < land.transit_days  # the air bridge is quicker per shipment


def test_seed_000_sea_carries_more_than_trucks_or_planes_and_is_exposed(autumn_2019):
    """Seed 000: 'Sea vessels can accommodate more goods than trucks or planes, but the U.S.
    has interdicted weapons shipments'. Damascus has no port: the sea journey is a ship to a
    Syrian port, then road (the multimodal row)."""
    sea = autumn_2019.loc["multimodal"]
    assert sea.available and sea.route.startswith("sea ")
    assert sea.tonnes_per_week > autumn_2019.loc["air", "tonnes_per_week"]
    assert sea.transit_days > autumn_2019.loc["land", "transit_days"]
    # its cost leaves out the road from Tehran to Kharg (off the network), and says so
    assert any("Tehran to Kharg Island is not counted" in a for a in sea.assumptions)
    assert any("ship-strike" in e for e in sea.exposure)  # the Sabiti, 2019-10-11
    assert {"hormuz", "bab-el-mandeb", "suez"} <= set(sea.chokepoints)


def test_the_air_row_uses_the_sourced_figures(autumn_2019):
    row = autumn_2019.loc["air"]
    service = DATA.services("air", "THR", "DAM", corridor.scenario("autumn-2019").date)
    craft = DATA.aircraft[service[0].craft]
    assert row.tonnes_per_week == pytest.approx(sum(s.per_week for s in service) * craft.payload_t)
    block = DATA.freight.number("air_block_h", "THR-DAM")
    handling = DATA.freight.number("air_handling_usd_per_t", "air")
    assert row.cost_usd_per_t == pytest.approx(
        block * craft.usd_per_h / craft.payload_t + 2 * handling
    )
    assert any("air_services.csv" in s or "jpost" in s for s in row.sources)


def test_syrian_airspace_after_december_2024_stops_the_air_bridge_by_name(net):
    frame = compare_modes("present", "Tehran", "Damascus", network=net)
    air = frame.loc["air"]
    assert not air.available
    assert "SYR airspace denied" in air.why_not and "airspace.csv" in air.why_not


def test_an_airport_held_by_a_hostile_actor_is_named(net):
    dam = DATA.airport("DAM")
    square = shapely.box(dam.lon - 0.2, dam.lat - 0.2, dam.lon + 0.2, dam.lat + 0.2)
    sc = Scenario.at("2019-10-15").with_zone(square, actor="coalition", name="airport-seized")
    sc = sc.with_stance("coalition", "denied")
    air = compare_modes(sc, "Tehran", "Damascus", network=net).loc["air"]
    assert not air.available
    assert "coalition" in air.why_not and "Damascus" in air.why_not


def test_air_exposure_counts_strikes_by_actors_the_mover_regards_as_hostile(net):
    strike = "2023-10-12-damascus-airport-runway-strike"  # Israeli, on Damascus airport

    def air(sc):
        return compare_modes(sc, "Tehran", "Damascus", network=net).loc["air", "exposure"]

    sc = Scenario.at("2024-06-11")
    assert any(strike in e for e in air(sc))  # iran-axis: Israel is hostile
    assert not any(strike in e for e in air(sc.with_stance("israel", "passable")))
    assert any(strike in e for e in air(sc.with_stance("Israel", "contested")))  # by name


def test_an_airspace_override_blocks_and_reopens(net):
    closed = Scenario.at("2019-10-15").with_airspace("irq", "denied")
    assert closed.airspace == (("IRQ", "denied"),)
    frame = compare_modes(closed, "Tehran", "Damascus", network=net)
    assert (
        not frame.loc["air", "available"] and "IRQ airspace denied" in frame.loc["air", "why_not"]
    )
    # the airport is held by the transitional government, denied for the Iran-aligned axis
    # (stances.csv): opening the airspace alone is not enough
    opened = Scenario.at("2025-06-01").with_airspace("SYR", "open")
    air = compare_modes(opened, "Tehran", "Damascus", network=net).loc["air"]
    assert not air["available"] and "Damascus International Airport" in air["why_not"]
    reopened = opened.with_stance("syria-transitional", "contested")
    assert compare_modes(reopened, "Tehran", "Damascus", network=net).loc["air", "available"]


def test_cargo_gives_days_to_deliver_and_total_cost(net):
    small = compare_modes("autumn-2019", "Tehran", "Damascus", network=net, cargo_t=300)
    big = compare_modes("autumn-2019", "Tehran", "Damascus", network=net, cargo_t=5000)
    # 300 t fit in one week of flights (400 t): one transit; 5,000 t need 13 weeks of them
    assert small.loc["air", "days_to_deliver"] == pytest.approx(small.loc["air", "transit_days"])
    assert big.loc["air", "days_to_deliver"] > 12 * 7
    assert big.loc["land", "days_to_deliver"] < big.loc["air", "days_to_deliver"]
    assert big.loc["air", "total_usd"] == pytest.approx(5000 * big.loc["air", "cost_usd_per_t"])


def test_an_aircraft_or_vessel_asked_for_sets_cost_and_tonnes(net, autumn_2019):
    il76 = compare_modes(
        "autumn-2019", "Tehran", "Damascus", network=net, aircraft="ilyushin-il-76"
    )
    base = autumn_2019.loc["air"]
    assert il76.loc["air", "craft"] == "ilyushin-il-76"
    assert il76.loc["air", "tonnes_per_week"] == pytest.approx(base.tonnes_per_week * 40 / 111)
    assert il76.loc["air", "cost_usd_per_t"] != pytest.approx(base.cost_usd_per_t)
    feeder = compare_modes(
        "autumn-2019", "Tehran", "Damascus", network=net, vessel="container-feeder"
    )
    row = feeder.loc["multimodal"]
    assert row.craft == "container-feeder"
    assert row.tonnes_per_week < autumn_2019.loc["multimodal", "tonnes_per_week"] / 10


def test_the_way_to_a_port_on_the_network_is_driven_and_counted(net):
    frame = compare_modes("autumn-2019", "Damascus", "Beirut", network=net)
    sea = frame.loc["sea"]
    assert sea.route.startswith("road Damascus → ")  # to a Syrian port, then the ship
    road = next(leg for leg in frame.attrs["options"][2].legs if leg.mode == "road")
    assert road.hours > 0 and road.usd_per_t > 0
    assert sea.transit_days * 24 > road.hours


def test_km_leaves_out_local_transfers(net):
    sea = compare_modes("autumn-2019", "Tehran", "Beirut", network=net).loc["sea"]
    assert sea.km == pytest.approx(
        sea.nm * NM_KM
    )  # the voyage only: Tehran-Bandar Abbas not counted


def test_no_flight_or_voyage_from_a_terminal_to_itself(net):
    frame = compare_modes("autumn-2019", "Beirut", "Zahle", network=net)
    assert not frame.loc["air", "available"] and not frame.loc["multimodal", "available"]
    assert "BEY → BEY" not in " ".join(frame["route"])


def test_a_terminal_serves_places_of_its_own_country_and_only_nearby(net):
    """An untimed transfer from Damietta (Egypt) to Beirut was taken as 'local' with a wide
    access_km: a transfer no longer crosses a border, and access_km is bounded."""
    frame = compare_modes("autumn-2019", "Tehran", "Damascus", network=net, access_km=150)
    legs = frame.attrs["options"][3].legs
    assert "Damietta" not in frame.loc["multimodal", "route"]
    assert all(leg.km <= 150 for leg in legs if leg.note.startswith("local transfer"))
    with pytest.raises(corridor.CorridorError, match="access_km must be .* at most 150 km"):
        compare_modes("autumn-2019", "Tehran", "Damascus", network=net, access_km=600)
    # the place a terminal serves is in the terminal's own country
    import dataclasses

    from corridor.modes.data import load_mode_data
    from corridor.modes.legs import Context, nearest_place

    data = load_mode_data()
    ctx = Context(
        net, corridor.scenario("autumn-2019"), data, "tehran", "beirut", 150.0, None, None
    )
    bey = data.airports["BEY"]
    assert nearest_place(ctx, bey)[0] == "beirut"
    in_syria = dataclasses.replace(bey, country="SYR")  # the same point, said to be Syrian
    place = nearest_place(ctx, in_syria)
    assert place is not None and net.graph.nodes[place[0]]["country"] == "SYR"


def test_places_sharing_their_only_terminal_are_told_so_not_that_there_is_none(net):
    """Tartus is a port and Latakia has an airport: the reason is that the two ends share
    them, not that there is no port or airport near the destination."""
    frame = compare_modes("autumn-2019", "Baniyas", "Tartus", network=net)
    for mode, kind in (("air", "airport"), ("sea", "port")):
        why = frame.loc[mode, "why_not"]
        assert not frame.loc[mode, "available"] and "no leg between them" in why, why
        assert f"Tartus and Baniyas share the only {kind}" in why and "no port within" not in why


def test_a_land_row_without_a_route_names_the_actor_that_stops_it(net):
    land = compare_modes("autumn-2019", "Tehran", "Aleppo", network=net).loc["land"]
    assert not land.available
    assert "held by sdf" in land.why_not and "sdf-jazira-2019" in land.why_not


def test_ports_that_share_a_node_of_the_maritime_network_get_a_direct_hop():
    tartus, baniyas = DATA.port("Tartus"), DATA.port("Baniyas")
    hop = sea_path(xy(tartus), xy(baniyas))
    assert hop is not None and hop.chokepoints == () and 20 < hop.km < 60
    assert sea_path(xy(tartus), xy(baniyas), avoid=("suez",)).km == pytest.approx(hop.km)


def test_compare_modes_checks_its_arguments(net):
    with pytest.raises(UnknownNameError, match="Damascus"):
        compare_modes("autumn-2019", "Tehran", "Damascuss", network=net)
    with pytest.raises(corridor.CorridorError, match="cargo_t"):
        compare_modes("autumn-2019", "Tehran", "Damascus", network=net, cargo_t=-1)
    with pytest.raises(corridor.CorridorError, match="aircraft.csv has"):
        compare_modes("autumn-2019", "Tehran", "Damascus", network=net, aircraft="concorde")


def test_scenario_passages_round_trip_through_toml():
    sc = (
        Scenario.at("2019-10-15")
        .with_chokepoint("suez", "denied")
        .with_airspace("SYR", "contested")
    )
    back = Scenario.from_toml(sc.to_toml())
    assert back.chokepoints == (("suez", "denied"),) and back.airspace == (("SYR", "contested"),)
    with pytest.raises(ScenarioError, match="ISO3"):
        Scenario(name="x", date="2019-10-15", airspace={"Syria": "denied"})
    with pytest.raises(ScenarioError, match="did you mean .*'IRQ'"):
        Scenario.at("2019-10-15").with_airspace("IRK", "denied")


# --------------------------------------------------------------------------- the tables


def test_every_bundled_service_names_known_terminals_and_craft():
    for s in DATA.air_services:
        assert s.origin in DATA.airports and s.craft in DATA.aircraft
    for s in DATA.sea_services:
        assert s.origin in DATA.ports and s.craft in DATA.vessels
    assert DATA.sea_services, "sea_services.csv is bundled"


@pytest.mark.parametrize(
    "file, edit, message",
    [
        (
            "sea_services.csv",
            lambda t: t.replace("kharg,baniyas", "kharg,atlantis", 1),
            "row 2, column destination",
        ),
        (
            "air_services.csv",
            lambda t: t.replace("boeing-747-200f", "zeppelin", 1),
            "column aircraft",
        ),
        ("chokepoints.csv", lambda t: t.replace("hormuz,", "hormoz,", 1), "known chokepoints"),
        ("airspace.csv", lambda t: t.replace(",open,", ",ajar,", 1), "column status"),
        ("vessels.csv", lambda t: t.replace(",300000,", ",-3,", 1), "column cargo_t"),
    ],
)
def test_a_broken_table_names_file_row_and_column(tmp_path, file, edit, message):
    src = corridor.bundled_data_dir() / file
    (tmp_path / file).write_text(edit(src.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_mode_data(tmp_path)


def test_a_folder_without_the_tables_reads_the_bundled_ones(tmp_path):
    shutil.copy(corridor.bundled_data_dir() / "airports.geojson", tmp_path)
    data = load_mode_data(tmp_path)
    assert set(data.airports) == set(DATA.airports)
    geo = json.loads((tmp_path / "airports.geojson").read_text())
    geo["features"][0]["geometry"]["coordinates"] = [200, 35]
    (tmp_path / "airports.geojson").write_text(json.dumps(geo))
    with pytest.raises(DataError, match="not a longitude"):
        load_mode_data(tmp_path)


def test_the_comparison_holds_on_the_osm_derived_network():
    osm = corridor.load("osm-highways")
    frame = compare_modes("autumn-2019", "Tehran", "Damascus", network=osm)
    land, air, sea = frame.loc["land"], frame.loc["air"], frame.loc["multimodal"]
    assert land.tonnes_per_week > air.tonnes_per_week and land.cost_usd_per_t < air.cost_usd_per_t
    assert sea.route.startswith(
        "sea Kharg Island → Baniyas, road Baniyas → "
    )  # a town, not a junction id
