"""Scenarios: construction, what-ifs, serialisation, errors."""

import datetime as dt

import pytest
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
        base.with_stance("Kataib Hezbollah", "contested")  # a member force's name -> its actor
        .with_crossing("Al-Walid", "open")
        .with_zone_transferred("coalition-tanf-control", "Syrian Arab Army")
        .with_zone_removed("coalition-tanf-deconfliction-55km")
        .with_actor_removed("SDF")
        .with_road_cut("palmyra--homs")
    )
    assert base.stances == () and base.crossings == ()
    assert dict(sc.stances) == {"iran-axis": "contested"}
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
    name=st.text(min_size=1, max_size=30),
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
