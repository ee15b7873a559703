import pytest

from corridor import UnknownNameError, normalize_name
from corridor.names import NameIndex


@pytest.mark.parametrize(
    "a, b",
    [("Al-Qa'im", "al qaim"), ("Dayr az Zawr", "DAYR AZ-ZAWR"), ("Bêta", "beta"), ("Īlām", "Ilam")],
)
def test_normalize_ignores_case_accents_and_punctuation(a, b):
    assert normalize_name(a) == normalize_name(b)


def test_index_prefers_ids_then_names_then_aliases():
    idx = NameIndex([("x", "Alpha", ["Beta"]), ("beta", "Gamma", [])], what="place")
    assert idx.resolve("beta") == "beta"  # an id beats another entry's alias
    assert idx.resolve("ALPHA") == "x"
    assert idx.get("nothing") is None


def test_unknown_name_suggests_close_matches():
    idx = NameIndex(
        [("albukamal", "Albukamal", ["Abu Kamal"]), ("beirut", "Beirut", [])], what="place"
    )
    with pytest.raises(UnknownNameError) as info:
        idx.resolve("Abu Kamaal")
    assert str(info.value) == "no place 'Abu Kamaal'; did you mean 'Albukamal'?"
    assert info.value.suggestions == ["Albukamal"]


def test_unknown_name_without_close_match_lists_known_names():
    idx = NameIndex([("beirut", "Beirut", [])], what="place")
    with pytest.raises(UnknownNameError, match="no place 'Xyzzy'; known places include 'Beirut'"):
        idx.resolve("Xyzzy")


def test_an_alias_shared_by_two_entries_of_the_same_rank_is_ambiguous():
    idx = NameIndex(
        [("n", "Bypass (north)", ["Bypass"]), ("s", "Bypass (south)", ["Bypass"])], what="crossing"
    )
    with pytest.raises(
        UnknownNameError,
        match=r"crossing 'bypass' is ambiguous: it names 'Bypass \(north\)' and 'Bypass \(south\)'",
    ):
        idx.resolve("bypass")
    ranked = NameIndex(
        [("town", "Qaim", ["Husaybah"], 0), ("xing", "Qaim crossing", ["Husaybah"], 1)],
        what="place",
    )
    assert ranked.resolve("Husaybah") == "town"  # the lower rank wins, no ambiguity


def test_bundled_bypass_alias_is_ambiguous():
    import corridor

    with pytest.raises(UnknownNameError, match=r"'Albukamal bypass' is ambiguous"):
        corridor.scenario("mid-2018").with_crossing("Albukamal bypass", "closed")
