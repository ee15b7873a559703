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
