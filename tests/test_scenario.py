"""Scenarios: construction, what-ifs, serialisation, errors."""

import datetime as dt

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor import Scenario, ScenarioError, UnknownNameError

ACTORS = ["iran-axis", "syria-gov", "iraq-state", "coalition", "sdf", "krg", "islamic-state"]
CROSSINGS = [
    "albukamal-al-qaim",
    "al-tanf-al-waleed",
    "al-yarubiyah-rabia",
    "albukamal-bypass-north",
]
ZONES = [
    "coalition-tanf-deconfliction-55km",
    "coalition-tanf-control",
    "kh-qaim-security-zone",
    "is-badia-insurgency",
]


def test_builtins_listed_with_dates_and_sources():
    table = corridor.scenarios()
    assert list(table.columns) == ["name", "date", "mover", "description", "sources"]
    assert {"spring-2017", "mid-2017", "late-2017", "mid-2018", "autumn-2019", "tanf-handover-2018",
            "qaim-to-baghdad-2019", "present"} <= set(table["name"])  # fmt: skip
    assert (table["sources"].str.len() > 0).all()
    assert corridor.scenario("mid-2018").date == dt.date(2018, 7, 1)


def test_at_builds_a_snapshot_for_any_date():
    sc = Scenario.at("2018-07-01")
    assert sc.date == dt.date(2018, 7, 1) and sc.mover == "iran-axis" and sc.stances == ()
    assert Scenario.at(dt.date(2019, 1, 2)).name == "as of 2019-01-02"


def test_what_ifs_return_new_scenarios_and_resolve_names():
    base = corridor.scenario("mid-2018")
    sc = (
        base.with_stance("Peshmerga", "contested")  # a member force's name -> its actor
        .with_crossing("Al-Walid", "open")
        .with_zone_transferred("coalition-tanf-control", "Syrian Arab Army")
        .with_zone_removed("coalition-tanf-deconfliction-55km")
        .with_actor_removed("SDF")
        .with_road_cut("palmyra--homs")
    )
    assert base.stances == () and base.crossings == ()
    assert dict(sc.stances) == {"krg": "contested"}
    assert dict(sc.crossings) == {"al-tanf-al-waleed": "open"}
    assert dict(sc.zones_transferred) == {"coalition-tanf-control": "syria-gov"}
    assert sc.zones_removed == ("coalition-tanf-deconfliction-55km",)
    assert sc.actors_removed == ("sdf",)
    assert sc.roads_cut == ("palmyra--homs",)
    assert sc.date == base.date and sc != base
    with pytest.raises(AttributeError):
        sc.date = dt.date(2020, 1, 1)  # immutable
    assert hash(sc) == hash(Scenario.from_toml(sc.to_toml()))


def test_unknown_crossing_in_a_what_if_suggests_close_names():
    with pytest.raises(
        UnknownNameError, match=r"no crossing 'Albukamel'; did you mean 'Albukamal–al-Qaim'"
    ):
        corridor.scenario("mid-2018").with_crossing("Albukamel", "open")


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda s: s.with_stance("Hezbolah Battalions", "denied"), r"no actor 'Hezbolah Battalions'; did you mean"),
        (lambda s: s.with_stance("coalition", "friendly"), r"unknown stance 'friendly'; allowed: passable, contested, denied"),
        (lambda s: s.with_crossing("al-Tanf", "ajar"), r"unknown crossing status 'ajar'; allowed: open, closed, reconstruction"),
        (lambda s: s.with_zone_removed("tanf-zone"), r"no zone 'tanf-zone'"),
        (lambda s: s.on("2018-13-01"), r"'2018-13-01' is not a date; write it as YYYY-MM-DD"),
        (lambda s: Scenario.at("last July"), r"'last July' is not a date"),
    ],
)  # fmt: skip
def test_bad_what_if_input(call, message):
    with pytest.raises(corridor.CorridorError, match=message):
        call(corridor.scenario("mid-2018"))


@pytest.mark.parametrize(
    "text, message",
    [
        ('name = "x"\ndate = 2018-07-01\nmover = "iran-axis"\nfoo = 1\n', r"unknown key\(s\) 'foo'; allowed: name, date, mover"),
        ('name = "x"\ndate = "July"\n', r"'July' is not a date"),
        ('name = "x"\ndate = 2018-07-01\nsources = "seed"\n', r"'sources' must be list, got 'seed'"),
        ('name = "x"\ndate = 2018-07-01\n[stances]\ncoalition = "gone"\n', r"stances.coalition is 'gone'; allowed: passable, contested, denied"),
        ('name = "x"\ndate = 2018-07-01\n[zones]\ndropped = ["a"]\n', r"unknown key\(s\) 'dropped' in \[zones\]; allowed: removed, transferred"),
        ('name = "x"\n', r"missing key 'date'"),
        ('name = "x"\ndate = 2018-07-01\n[roads]\ncut = "r1"\n', r"roads.cut must be a list, got 'r1'"),
        ("name = [", r"invalid TOML"),
    ],
)  # fmt: skip
def test_bad_scenario_files(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=message):
        corridor.read_scenario(path)


def test_json_errors_name_the_file(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"name": "x", "date": "2018-07-01", "mover": 3}')
    with pytest.raises(ScenarioError, match=r"s\.json: 'mover' must be text, got 3"):
        corridor.read_scenario(path)


def test_unknown_builtin_lists_the_known_ones():
    with pytest.raises(
        UnknownNameError,
        match=r"no built-in scenario 'mid-2O18'; did you mean 'mid-2018'.*known: spring-2017",
    ):
        corridor.scenario("mid-2O18")


def test_files_round_trip(tmp_path):
    sc = corridor.scenario("tanf-handover-2018").with_stance("sdf", "contested")
    sc.to_toml(tmp_path / "a.toml")
    sc.to_json(tmp_path / "a.json")
    assert corridor.scenario(tmp_path / "a.toml") == sc
    assert corridor.read_scenario(tmp_path / "a.json") == sc


scenarios_strategy = st.builds(
    Scenario,
    name=st.text(min_size=1, max_size=30).filter(str.strip),
    date=st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2030, 12, 31)),
    mover=st.sampled_from(["iran-axis", "coalition-convoy"]),
    description=st.text(max_size=80),
    sources=st.lists(st.sampled_from(["seeds/001_bbd7bbf6f6324ae4.txt", "https://example.org/a"]), max_size=2).map(tuple),
    stances=st.dictionaries(st.sampled_from(ACTORS), st.sampled_from(["passable", "contested", "denied"])).map(lambda d: tuple(d.items())),
    crossings=st.dictionaries(st.sampled_from(CROSSINGS), st.sampled_from(["open", "closed", "reconstruction"])).map(lambda d: tuple(d.items())),
    zones_removed=st.lists(st.sampled_from(ZONES), max_size=3).map(tuple),
    zones_transferred=st.dictionaries(st.sampled_from(ZONES), st.sampled_from(ACTORS)).map(lambda d: tuple(d.items())),
    actors_removed=st.lists(st.sampled_from(ACTORS), max_size=2).map(tuple),
    roads_cut=st.lists(st.sampled_from(["palmyra--homs", "hit--haditha"]), max_size=2).map(tuple),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(scenarios_strategy)
def test_toml_and_json_round_trips_are_exact(sc):
    assert Scenario.from_toml(sc.to_toml()) == sc
    assert Scenario.from_json(sc.to_json()) == sc
    assert Scenario.from_toml(sc.to_toml()).to_dict() == sc.to_dict()


def test_what_ifs_check_names_against_a_given_network(synthetic_dir):
    net = corridor.load(synthetic_dir)
    sc = Scenario("s", "2018-06-01", mover="walker")
    closed = sc.with_crossing("Northgate", "closed", network=net).with_stance(
        "HF", "contested", network=net
    )
    assert dict(closed.crossings) == {"x-north": "closed"} and dict(closed.stances) == {
        "hostile": "contested"
    }
    assert sc.with_zone_transferred("z-mid", "Friends", network=net).zones_transferred == (
        ("z-mid", "friend"),
    )
    with pytest.raises(UnknownNameError, match=r"no crossing 'Northgat'; did you mean 'Northgate'"):
        sc.with_crossing("Northgat", "open", network=net)
    with pytest.raises(
        ScenarioError, match=r"'Alpha' names Alpha \(a city\), not a border crossing"
    ):
        sc.with_crossing("Alpha", "open", network=net)


# ------------------------------------------------------------------ what-ifs drawn as geometry


def test_a_drawn_zone_blocks_the_roads_it_covers_in_any_crs(synthetic_dir):
    import geopandas as gpd
    from shapely.geometry import box

    net = corridor.load(synthetic_dir)
    base = Scenario("s", "2018-06-01", mover="walker", stances=(("hostile", "passable"),))
    assert corridor.best_route(net, base, "a1", "b1").crossings == ["x-south"]
    # a hostile zone over the southern road, drawn in Web Mercator
    drawn = gpd.GeoSeries([box(0.5, 0.2, 0.9, 0.4)], crs="EPSG:4326").to_crs("EPSG:3857")
    sc = base.with_zone(drawn, actor="Friends", kind="control", network=net).with_stance(
        "friend", "denied", network=net
    )
    assert sc.zones_added[0].actor == "friend"
    route = corridor.best_route(net, sc, "a1", "b1")
    assert route.crossings == ["x-north"]
    states = corridor.edge_states(net, sc)
    assert states["zones"].map(lambda z: "drawn:drawn-1" in z).any()
    # it survives a TOML round trip
    again = Scenario.from_toml(sc.to_toml())
    assert again == sc and corridor.best_route(net, again, "a1", "b1").crossings == ["x-north"]


def test_a_drawn_zone_must_be_a_polygon_in_lon_lat():
    from shapely.geometry import LineString, box

    base = corridor.scenario("mid-2018")
    with pytest.raises(ScenarioError, match="must be a polygon"):
        base.with_zone(LineString([(40, 34), (41, 35)]), actor="coalition")
    with pytest.raises(ScenarioError, match="not longitude/latitude"):
        base.with_zone(box(4e6, 3e6, 4.1e6, 3.1e6), actor="coalition")
    with pytest.raises(UnknownNameError, match="no actor 'martians'"):
        base.with_zone(box(40, 34, 41, 35), actor="martians")


def test_one_zone_can_be_denied_alone():
    net = corridor.load()
    mid = corridor.scenario("mid-2018")
    assert corridor.best_route(net, mid, "Tehran", "Beirut") is not None
    # deny the Iran-aligned presence at Albukamal: the bypasses and the town are cut
    sc = mid.with_zone_stance("iran-axis-albukamal-presence", "denied", network=net)
    route = corridor.best_route(net, sc, "Tehran", "Beirut")
    assert route is None or not any("albukamal" in c for c in route.crossings)


def test_a_road_is_cut_by_the_name_the_user_sees():
    net = corridor.load()
    sc = corridor.scenario("mid-2018")
    by_name = sc.with_road_cut("Euphrates road (Route 12)", network=net)
    by_part = sc.with_road_cut("Route 12", network=net)
    assert by_name.roads_cut == by_part.roads_cut and len(by_name.roads_cut) >= 2
    _, edges = net.to_gdfs(nodes=False)
    assert set(by_name.roads_cut) == set(
        edges.loc[edges["road"] == "Euphrates road (Route 12)", "road_id"]
    )
    states = corridor.edge_states(net, by_part)
    cut = states[states["road"] == "Euphrates road (Route 12)"]
    assert (cut["state"] == "blocked").all()
    # unchecked names are resolved when the scenario is resolved
    assert corridor.edge_states(net, sc.with_road_cut("Route 12"))["state"].equals(states["state"])
    with pytest.raises(UnknownNameError, match=r"no road 'Euphrates raod'; did you mean"):
        sc.with_road_cut("Euphrates raod", network=net)
    with pytest.raises(UnknownNameError, match="ambiguous"):
        sc.with_road_cut("road", network=net)


def test_a_stance_on_the_movers_own_side_is_refused():
    with pytest.raises(ScenarioError, match="'iran-axis' is the mover's own side"):
        corridor.scenario("mid-2018").with_stance("Kataib Hezbollah", "denied")
    sneaky = Scenario("s", "2018-07-01", stances=(("iran-axis", "denied"),))
    with pytest.raises(ScenarioError, match="own side"):
        corridor.resolve(corridor.load(), sneaky)
    convoy = Scenario("s", "2018-07-01", mover="coalition-convoy")
    with pytest.raises(ScenarioError, match="own side"):
        convoy.with_stance("coalition", "contested")


def test_a_default_drawn_zone_name_is_the_first_one_free():
    """A default name was drawn-<count + 1>, refused when the user had named a zone so."""
    square = shapely.box(38, 33, 39, 34)
    sc = corridor.scenario("mid-2018").with_zone(square, actor="sdf", name="drawn-2")
    sc = sc.with_zone(square, actor="sdf").with_zone(square, actor="sdf")
    assert [z.name for z in sc.zones_added] == ["drawn-2", "drawn-1", "drawn-3"]
