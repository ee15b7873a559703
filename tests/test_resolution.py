"""Resolving scenarios: edge states with reasons, on synthetic data and against the seeds' claims."""

import datetime as dt
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor import Scenario
from corridor.resolution import BLOCKED, resolve

# ------------------------------------------------------------------ synthetic


@pytest.fixture
def synth(synthetic_dir):
    return corridor.load(synthetic_dir)


def states(net, sc):
    es = corridor.edge_states(net, sc)
    return dict(zip(es["id"], es["state"])), dict(zip(es["id"], es["reasons"]))


def test_a_zone_affects_exactly_the_part_of_the_road_it_covers(synth):
    state, reason = states(synth, Scenario("s", "2018-06-01", mover="walker"))
    assert state["r3/1"] == "blocked" and state["r3/0"] == "open" and state["r3/2"] == "open"
    assert reason["r3/1"] == "control zone 'z-mid' held by hostile: denied for walker"


def test_crossing_status_over_time_and_overrides(synth):
    closed, reason = states(synth, Scenario("s", "2017-06-01", mover="walker"))
    assert closed["r4"] == closed["r5"] == "blocked"
    assert reason["r4"] == "crossing 'x-north' closed"
    opened, _ = states(synth, Scenario("s", "2018-06-01", mover="walker"))
    assert opened["r4"] == opened["r5"] == "open"
    forced, _ = states(
        synth, Scenario("s", "2017-06-01", mover="walker", crossings=(("x-north", "open"),))
    )
    assert forced["r4"] == "open"


def test_stance_override_penalises_instead_of_blocking(synth):
    es = corridor.edge_states(
        synth, Scenario("s", "2018-06-01", mover="walker", stances=(("hostile", "contested"),))
    )
    row = es[es["id"] == "r3/1"].iloc[0]
    assert row["state"] == "penalised" and row["factor"] == 1.5 and row["risk"] == 1.0


def test_zone_removed_transferred_and_actor_gone(synth):
    base = Scenario("s", "2018-06-01", mover="walker")
    for variant in (
        Scenario("s", "2018-06-01", mover="walker", zones_removed=("z-mid",)),
        Scenario("s", "2018-06-01", mover="walker", zones_transferred=(("z-mid", "friend"),)),
        Scenario("s", "2018-06-01", mover="walker", actors_removed=("hostile",)),
    ):
        assert states(synth, base)[0]["r3/1"] == "blocked"
        assert states(synth, variant)[0]["r3/1"] == "open"


def test_a_drawn_zone_over_no_road_changes_nothing(synth):
    """A zone drawn where the network has no road (it raised an IndexError) leaves every
    edge as it was, and is listed as in force."""
    import shapely

    base = Scenario("s", "2018-06-01", mover="walker")
    far = base.with_zone(shapely.box(10, -40, 11, -39), actor="hostile", network=synth)
    assert states(synth, far)[0] == states(synth, base)[0]
    res = resolve(synth, far)
    assert res.zone_ids[-1] == "drawn:drawn-1" and res.active_zones[-1]
    assert np.array_equal(res.state, resolve(synth, base).state)


def test_a_what_if_on_a_zone_not_in_force_warns_that_it_changes_nothing(net):
    """The coalition's 55 km deconfliction zone at al-Tanf ended on 11 February 2026: removing
    it from the present changes nothing, and the scenario says so (ScenarioWarning)."""
    sc = corridor.scenario("present").with_zone_removed("coalition-tanf-deconfliction-55km")
    with pytest.warns(corridor.ScenarioWarning, match="not in force on .* changes nothing"):
        res = resolve(net, sc)
    assert np.array_equal(res.state, resolve(net, "present").state)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", corridor.ScenarioWarning)
        resolve(
            net,
            corridor.scenario("mid-2018").with_zone_removed("coalition-tanf-deconfliction-55km"),
        )  # in force in 2018: no warning


def test_road_cut_by_road_id_or_edge_id(synth):
    by_road, _ = states(synth, Scenario("s", "2018-06-01", mover="walker", roads_cut=("r3",)))
    assert {by_road[e] for e in ("r3/0", "r3/1", "r3/2")} == {"blocked"}
    by_edge, _ = states(synth, Scenario("s", "2018-06-01", mover="walker", roads_cut=("r3/0",)))
    assert by_edge["r3/0"] == "blocked" and by_edge["r3/2"] == "open"


@pytest.mark.parametrize(
    "scenario, message",
    [
        (Scenario("s", "2018-06-01", mover="nobody"), r"unknown mover 'nobody'; movers with a stance table: walker"),
        (Scenario("s", "2018-06-01", mover="walker", stances=(("hostiles", "passable"),)), r"no actor 'hostiles'; did you mean 'Hostile Force'"),
        (Scenario("s", "2018-06-01", mover="walker", crossings=(("x-sooth", "open"),)), r"no crossing 'x-sooth'; did you mean 'Southgate'"),
        (Scenario("s", "2018-06-01", mover="walker", crossings=(("a1", "open"),)), r"'a1' names Alpha \(a city\), not a border crossing; crossings include 'Southgate'"),
        (Scenario("s", "2018-06-01", mover="walker", zones_removed=("z-mad",)), r"no zone 'z-mad'; did you mean"),
        (Scenario("s", "2018-06-01", mover="walker", roads_cut=("r33",)), r"no road 'r33'; did you mean 'r3'"),
    ],
)  # fmt: skip
def test_scenario_names_checked_against_the_network(synth, scenario, message):
    with pytest.raises(corridor.CorridorError, match=message):
        corridor.edge_states(synth, scenario)


def test_overrides_given_by_name_or_alias_take_effect(synth):
    by_id = Scenario(
        "s",
        "2017-06-01",
        mover="walker",
        stances=(("hostile", "contested"),),
        crossings=(("x-north", "open"),),
    )
    by_name = Scenario(
        "s",
        "2017-06-01",
        mover="walker",
        stances=(("HF", "contested"),),
        crossings=(("Northgate", "open"),),
    )
    assert states(synth, by_name)[0] == states(synth, by_id)[0]
    assert (
        states(synth, by_name)[0]["r3/1"] == "penalised"
        and states(synth, by_name)[0]["r4"] == "open"
    )
    moved = Scenario(
        "s", "2018-06-01", mover="walker", zones_transferred=(("z-mid", "Friendly Force"),)
    )
    assert states(synth, moved)[0]["r3/1"] == "open"
    gone = Scenario("s", "2018-06-01", mover="walker", actors_removed=("Hostile Force",))
    assert states(synth, gone)[0]["r3/1"] == "open"


def test_validity_is_inclusive_from_exclusive_to(synth):
    assert states(synth, Scenario("s", "2017-12-31", mover="walker"))[0]["r4"] == "blocked"
    assert states(synth, Scenario("s", "2018-01-01", mover="walker"))[0]["r4"] == "open"


def test_dates_outside_the_data_window_are_refused(synth, net):
    """Before the data begin everything would look open; after today nothing is known."""
    window = r"outside the data window, 2017-01-01 to today \(\d{4}-\d\d-\d\d\)"
    with pytest.raises(corridor.ScenarioError, match=r"2016-06-01 is " + window):
        corridor.edge_states(synth, Scenario("s", "2016-06-01", mover="walker"))
    future = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(corridor.ScenarioError, match=future.isoformat() + " is " + window):
        corridor.edge_states(net, Scenario.at(future))
    # the bundled data say when they were last reviewed (data/coverage.toml)
    with pytest.raises(corridor.ScenarioError, match=r"last reviewed on 20\d\d-"):
        corridor.edge_states(net, Scenario.at("2016-06-01"))


# ------------------------------------------------------------------ bundled: the seeds' claims


@pytest.fixture(scope="module")
def net():
    return corridor.load()


def edges_at(net, sc, node):
    es = corridor.edge_states(net, sc)
    at = [i for i, (u, v, _) in enumerate(es.index) if node in (u, v)]
    return es.iloc[at]


def test_seed001_tanf_controlled_by_the_us(net):
    """seed 001: "For the time being, Iran cannot make logistical use of this route because the
    Tanf area is controlled by the US and US-affiliated rebel organizations." """
    es = corridor.edge_states(net, corridor.scenario("mid-2018"))
    m2 = es[es["road_id"].str.startswith("al-tanf")]
    in_zone = m2["reasons"].str.contains("held by coalition: denied for iran-axis")
    assert (m2[in_zone]["state"] == "blocked").all() and m2[in_zone]["length_km"].sum() > 50
    # exactly the covered part: the M2 beyond the zone, towards Damascus, is not blocked (it may
    # be penalised by other zones, e.g. Israeli air interdiction over Syria)
    assert (m2[~in_zone]["state"] != "blocked").all() and (~in_zone).any()
    assert not m2[~in_zone]["reasons"].str.contains("coalition").any()


def test_seed001_albukamal_crossing_still_under_construction_bypasses_usable(net):
    """seed 001: "Satellite photos clearly show that the crossing hasn’t opened yet and that it’s
    still under construction." and "The long period during which the Albukamal crossing and the
    main road passing through it were closed made the Iranians use dirt bypass roads." """
    res = resolve(net, corridor.scenario("mid-2018"))
    assert res.crossing_status["albukamal-al-qaim"][0] == "reconstruction"
    assert res.crossing_status["albukamal-bypass-north"][0] == "open"
    official = edges_at(net, corridor.scenario("mid-2018"), "albukamal-al-qaim")
    assert (official["state"] == "blocked").all()
    assert official["reasons"].str.contains("closed for reconstruction").all()
    bypass = edges_at(net, corridor.scenario("mid-2018"), "albukamal-bypass-north")
    assert (bypass["state"] != "blocked").all()


def test_seed001_isis_guerrilla_west_of_the_euphrates(net):
    """seed 001: "ISIS operatives operating from the desert area west of the Euphrates River (from
    Albukamal until Palmyra)" and "Indeed, passing through it involves security difficulties
    (ISIS’s guerrilla activity)." """
    es = corridor.edge_states(net, corridor.scenario("mid-2018"))
    desert = es[
        es["road_id"].isin(
            ["deir-ez-zor--al-sukhnah", "al-sukhnah--palmyra", "al-mayadin--deir-ez-zor"]
        )
    ]
    assert len(desert) and (desert["state"] == "penalised").all()
    assert (
        desert["reasons"]
        .str.contains("insurgency zone 'is-badia-insurgency' held by islamic-state: contested")
        .all()
    )


def test_seed001_albukamal_taken_from_is_in_november_2017(net):
    """seed 001: "Iraqi Shiite militias and Lebanese Hezbollah (handled by Iran) played a major role
    in the takeover of the city of Albukamal, which symbolized the end of the Islamic State as an
    entity with a territory and governance (November 9, 2017)." """
    before = edges_at(net, corridor.scenario("spring-2017"), "albukamal")
    assert before["reasons"].str.contains("held by islamic-state: denied").all()
    after = edges_at(net, corridor.scenario("late-2017"), "albukamal")
    assert not after["reasons"].str.contains("islamic-state: denied").any()


def test_seed000_kataib_hizballah_controls_roads_in_and_out_of_al_qaim(net):
    """seed 000: "It also controls the roads in and out of al-Qaim." """
    es = edges_at(net, corridor.scenario("autumn-2019"), "al-qaim")
    assert len(es) >= 2  # the Euphrates road in from Ramadi and the road out to the border
    assert es["zones"].map(lambda z: "kh-qaim-security-zone" in z).all()


def test_seed000_official_crossing_open_in_autumn_2019(net):
    """seed 000: "Iraq now plans to open the official border crossing at the adjacent Iraqi city of
    al-Qaim" — it reopened on 30 September 2019 (AFP, in data/crossing_status.csv)."""
    assert (
        resolve(net, corridor.scenario("autumn-2019")).crossing_status["albukamal-al-qaim"][0]
        == "open"
    )
    assert (
        resolve(net, corridor.scenario("late-2017")).crossing_status["albukamal-al-qaim"][0]
        == "reconstruction"
    )


def test_seed002_tanf_embedded_in_us_controlled_area(net):
    """seed 002: "the Al-Tanf crossing, which is embedded in an area controlled by US Special Forces
    together with British allies and the rebel Syrian Free Army (SFA)." """
    es = edges_at(net, corridor.scenario("mid-2017"), "al-tanf-al-waleed")
    syrian_side = es[es["country"] == "SYR"]
    assert (
        len(syrian_side) and syrian_side["zones"].map(lambda z: "coalition-tanf-control" in z).all()
    )


def test_seed003_new_syrian_army_holds_tanf_in_2017(net):
    """seed 003: "These forces initially came under the moniker of the New Syrian Army, which
    captured the Tanf border crossing with Iraq in the Syrian desert from the Islamic State in
    March 2016." """
    control = net.control
    assert control.actor_id("New Syrian Army") == "coalition"
    assert control.actor_id("Revolutionary Commandoes Army") == "coalition"
    es = edges_at(net, corridor.scenario("spring-2017"), "al-tanf")
    assert es["reasons"].str.contains("held by coalition").all()


@pytest.mark.parametrize(
    "name, actor",
    [("Hezbollah Battalions", "iran-axis"), ("Nujaba Movement", "iran-axis"), ("Fatemiyoun Brigade", "iran-axis"),
     ("Zeynabiyoun Brigade", "iran-axis"), ("Qods Force", "iran-axis"), ("Asa’ib Ahl al-Haqq", "iran-axis"),
     ("Syrian Free Army", "coalition"), ("Maghawir al-Thawra", "coalition"), ("Daesh", "islamic-state"),
     ("Syrian Democratic Forces", "sdf"), ("Peshmerga", "krg")],
)  # fmt: skip
def test_actor_aliases_cover_the_seeds_names(net, name, actor):
    assert net.control.actor_id(name) == actor


# ------------------------------------------------------------------ properties

ACTORS = [
    "syria-gov",
    "iraq-state",
    "coalition",
    "sdf",
    "krg",
    "islamic-state",
    "lebanon-state",
    "russia",
]
CROSSINGS = [
    "albukamal-al-qaim",
    "al-tanf-al-waleed",
    "albukamal-bypass-north",
    "masnaa-jdeidet-yabous",
    "khosravi-mundhiriya",
]
DATES = [f"{y}-{m:02d}-01" for y in range(2017, 2027) for m in (1, 7)]


@settings(max_examples=40, deadline=None)
@given(
    date=st.sampled_from(DATES),
    actors=st.lists(st.sampled_from(ACTORS), unique=True),
    extra_actors=st.lists(st.sampled_from(ACTORS), unique=True),
    crossings=st.lists(st.sampled_from(CROSSINGS), unique=True),
    extra_crossings=st.lists(st.sampled_from(CROSSINGS), unique=True),
)
def test_denying_more_never_opens_an_edge(
    net, date, actors, extra_actors, crossings, extra_crossings
):
    def scenario(a, c):
        return Scenario(
            "s",
            date,
            stances=tuple((x, "denied") for x in a),
            crossings=tuple((x, "closed") for x in c),
        )

    small = resolve(net, scenario(actors, crossings))
    big = resolve(
        net, scenario(set(actors) | set(extra_actors), set(crossings) | set(extra_crossings))
    )
    assert not np.any((small.state == BLOCKED) & (big.state != BLOCKED))


@settings(max_examples=15, deadline=None)
@given(
    date=st.sampled_from(DATES),
    actor=st.sampled_from(ACTORS),
    stance=st.sampled_from(["passable", "contested", "denied"]),
)
def test_resolving_is_deterministic(net, date, actor, stance):
    sc = Scenario("s", date, stances=((actor, stance),))
    first = corridor.edge_states(net, sc)
    net.clear_cache()
    again = corridor.edge_states(net, sc)
    assert first.drop(columns="geometry").equals(again.drop(columns="geometry"))


def test_edge_states_is_fast_once_the_network_is_loaded(net):
    corridor.edge_states(net, corridor.scenario("mid-2018"))  # warm per-network arrays
    times = []
    for i in range(20):
        sc = (
            corridor.scenario("mid-2018")
            .with_stance("sdf", ["contested", "denied"][i % 2])
            .on(f"2018-{i % 12 + 1:02d}-01")
        )
        t = time.perf_counter()
        corridor.edge_states(net, sc)
        times.append(time.perf_counter() - t)
    assert np.median(times) < 0.05, times


def test_zones_at_lists_the_zones_holding_a_point_most_restrictive_first():
    from corridor.resolution import zones_at

    net = corridor.load()
    sc = Scenario.at("2024-06-11")
    damascus_airport = (36.51556, 33.41139)  # data/airports.geojson, DAM
    rows = zones_at(net, sc, *damascus_airport)
    assert [r[0] for r in rows] == ["israel-air-syria", "syria-gov-2020-02-11"]
    assert rows[0][1:] == ("israel", "air-interdiction", "contested", 1)
    assert [r[4] for r in rows] == sorted((r[4] for r in rows), reverse=True)
    # a scenario stance toward the holder changes what the point's zone does to the mover
    calm = zones_at(net, sc.with_stance("israel", "passable"), *damascus_airport)
    assert ("israel-air-syria", "israel", "air-interdiction", "passable", 0) in calm
    assert all(r[4] == 0 for r in calm)
    assert zones_at(net, sc, 20.0, 10.0) == []  # the Sahara: no zone of the data


@pytest.mark.parametrize("lon, lat", [("x", 33), (36.5, None), (200, 33), (36.5, -91), (True, 33)])
def test_zones_at_refuses_a_point_that_is_not_lon_lat(lon, lat):
    from corridor.resolution import zones_at

    with pytest.raises(corridor.ScenarioError, match="must be a number of degrees"):
        zones_at(corridor.load(), "mid-2018", lon, lat)


@pytest.mark.parametrize(
    "restate",
    [
        lambda sc: sc.with_zone_stance("israel-air-syria", "contested"),  # data: factor 1, risk 0.5
        lambda sc: sc.with_stance("syria-gov", "passable"),
    ],
)
def test_restating_the_datas_stance_keeps_the_datas_effects(net, restate):
    """A stance the data already give a zone keeps that zone's own factor, risk and delay
    (stance_effects.csv's defaults are for zones whose stance changes): the same answer."""
    sc = corridor.scenario("mid-2018")
    base, what_if = resolve(net, sc), resolve(net, restate(sc))
    assert np.array_equal(np.asarray(base.zone_stance), np.asarray(what_if.zone_stance))
    for field in ("state", "factor", "risk", "delay_h"):
        assert np.array_equal(getattr(base, field), getattr(what_if, field)), field
    assert corridor.best_route(net, restate(sc), "Tehran", "Beirut").risk == pytest.approx(
        corridor.best_route(net, sc, "Tehran", "Beirut").risk
    )


def test_a_stance_override_reads_the_datas_stance_toward_the_zones_holder_now(net):
    """A transferred zone compares the override with the data's stance toward its new
    holder, a drawn zone with the data's stance toward its actor: a real change gets the
    stance's defaults, a restatement keeps the data's figures."""
    import shapely

    from corridor import resolution as R
    from corridor.incidence import edge_index

    index = edge_index(net)

    def effects(sc, zone):
        zones = R._zones(net, sc, index)
        stance, _, factor, risk, _ = R._zone_effects(net, sc, zones, index)
        i = list(zones.ids).index(zone)
        return str(zones.actor[i]), str(stance[i]), float(factor[i]), float(risk[i])

    base = corridor.scenario("mid-2018")
    zone = "israel-air-syria"
    assert effects(base, zone) == ("israel", "contested", 1.0, 0.5)  # the data's row
    moved = base.with_zone_transferred(zone, "islamic-state")
    assert effects(moved, zone)[:2] == ("islamic-state", "denied")
    contested = corridor.load_control().stance_row("contested")
    for what_if in (moved.with_stance("islamic-state", "contested"),
                    moved.with_zone_stance(zone, "contested")):  # fmt: skip
        assert effects(what_if, zone) == ("islamic-state", "contested", contested.factor,
                                          contested.risk)  # fmt: skip
    drawn = base.with_zone(shapely.box(36.0, 33.0, 37.0, 34.0), actor="israel",
                           kind="air-interdiction", name="mine")  # fmt: skip
    assert effects(drawn, "drawn:mine") == ("israel", "contested", 1.0, 0.5)
    assert effects(drawn.with_stance("israel", "contested"), "drawn:mine") == (
        "israel", "contested", 1.0, 0.5)  # fmt: skip
