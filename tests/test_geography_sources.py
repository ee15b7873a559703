"""Every place and crossing of the bundled network carries the coordinate its source gives
(``source_lon``/``source_lat``) and lies close to it.

* places: within 3 km of their source coordinate;
* crossings: within 3 km of it, or within the distance their note says the point was moved
  to the Natural Earth border line ("Moved X km from the source coordinate ..."), whichever is
  larger (plus 0.05 km for rounding);
* places with a ``geonameid`` found in the shared GeoNames extract
  (``../shared/data/places_geonames.geojson`` beside the repository) lie within 3 km of that
  GeoNames point (skipped when the file is absent).
"""

import json
import re
from pathlib import Path

import pytest
from pyproj import Geod

import corridor

DATA = Path(corridor.bundled_data_dir())
GEONAMES = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "places_geonames.geojson"
)
GEOD = Geod(ellps="WGS84")
PLACE_KM = 3.0
CROSSING_KM = 3.0
MOVED = re.compile(r"Moved (\d+(?:\.\d+)?) km from the source coordinate")


def features(layer):
    return json.loads((DATA / f"{layer}.geojson").read_text(encoding="utf-8"))["features"]


def km(a, b):
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000


def source_point(props):
    lon, lat = props.get("source_lon"), props.get("source_lat")
    assert isinstance(lon, (int, float)) and isinstance(lat, (int, float)), props["id"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90, props["id"]
    return lon, lat


@pytest.mark.parametrize("f", features("places"), ids=lambda f: f["properties"]["id"])
def test_place_lies_within_3_km_of_its_source_coordinate(f):
    p = f["properties"]
    assert p.get("source"), p["id"]
    assert km(f["geometry"]["coordinates"], source_point(p)) <= PLACE_KM, p["id"]


@pytest.mark.parametrize("f", features("crossings"), ids=lambda f: f["properties"]["id"])
def test_crossing_lies_near_its_source_coordinate(f):
    p = f["properties"]
    assert p.get("source"), p["id"]
    moved = MOVED.search(p.get("note") or "")
    allowed = max(CROSSING_KM, float(moved.group(1)) + 0.05 if moved else 0.0)
    assert km(f["geometry"]["coordinates"], source_point(p)) <= allowed, (p["id"], allowed)


def test_required_crossings_exist():
    ids = {f["properties"]["id"] for f in features("crossings")}
    assert {"shalamcheh", "chazabeh", "parviz-khan", "bashmaq", "haji-omran", "arida",
            "dabousieh"} <= ids  # fmt: skip
    haji = next(f for f in features("crossings") if f["properties"]["id"] == "haji-omran")
    assert "Tamarchin" in haji["properties"]["aliases"]


@pytest.mark.skipif(not GEONAMES.exists(), reason="shared GeoNames extract not present")
def test_places_with_a_geonameid_match_geonames():
    gn = {
        f["properties"]["geonameid"]: f["geometry"]["coordinates"]
        for f in json.loads(GEONAMES.read_text(encoding="utf-8"))["features"]
    }
    checked = 0
    for f in features("places"):
        p = f["properties"]
        if p.get("geonameid") in gn:
            assert km(f["geometry"]["coordinates"], gn[p["geonameid"]]) <= PLACE_KM, p["id"]
            checked += 1
    assert checked >= 50
