"""Reading layers and networks: every malformed input raises a corridor error that names
the file, the feature and the problem."""

import json
import re

import pytest

import corridor
from corridor import DataError
from synthetic import feature, layers, line, point, write


def _set(data, layer, i, **props):
    data[layer]["features"][i]["properties"].update(props)


def _geom(data, layer, i, geometry):
    data[layer]["features"][i]["geometry"] = geometry


def not_json(d, folder):
    (folder / "roads.geojson").write_text("id,road\n1,M2\n")


def not_collection(d, folder):
    (folder / "places.geojson").write_text(json.dumps({"type": "Feature", "geometry": None}))


def wrong_crs(d, folder):
    doc = d["places"]
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::9999999"}}
    write(folder, d)


def projected_metres(d, folder):
    _geom(d, "places", 0, point(4_200_000.0, 3_900_000.0))
    write(folder, d)


def swapped_axes(d, folder):
    _geom(d, "places", 2, point(0.5, 1.8))  # b1 is at lon 1.8, lat 0.5
    write(folder, d)


def invalid_geometry(d, folder):
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[1.2, 0], [1.6, 0.6], [1.6, 0], [1.2, 0.6], [1.2, 0]]],
    }
    _geom(d, "zones", 0, bowtie)
    write(folder, d)


def empty_geometry(d, folder):
    _geom(d, "roads", 1, {"type": "LineString", "coordinates": []})
    write(folder, d)


def null_geometry(d, folder):
    _geom(d, "roads", 1, None)
    write(folder, d)


def unreadable_geometry(d, folder):
    _geom(d, "places", 1, {"type": "Point", "coordinates": "east of the river"})
    write(folder, d)


def duplicate_id(d, folder):
    _set(d, "roads", 1, id="r1")
    write(folder, d)


def duplicate_across_layers(d, folder):
    _set(d, "crossings", 0, id="a1")
    write(folder, d)


def end_not_at_node(d, folder):
    _geom(d, "roads", 1, line((0.6, 0.3), (0.9, 0.3)))  # stops 11 km short of x-south
    write(folder, d)


def crossing_off_border(d, folder):
    _geom(d, "crossings", 0, point(0.95, 0.3))  # 5.5 km west of the border
    _geom(d, "roads", 1, line((0.6, 0.3), (0.95, 0.3)))
    _geom(d, "roads", 2, line((0.95, 0.3), (1.5, 0.4), (1.8, 0.5)))
    write(folder, d)


def unknown_country(d, folder):
    _set(d, "places", 1, country="XXX")
    write(folder, d)


def missing_field(d, folder):
    for f in d["roads"]["features"]:
        del f["properties"]["road_class"]
    write(folder, d)


def bad_value(d, folder):
    _set(d, "roads", 0, surface="gravel")
    write(folder, d)


def wrong_type(d, folder):
    _geom(d, "places", 0, line((0.2, 0.5), (0.3, 0.5)))
    write(folder, d)


def bad_field_type(d, folder):
    _set(d, "places", 0, population="many")
    write(folder, d)


def disconnected(d, folder):
    d["places"]["features"].append(
        feature(point(0.5, 0.9), id="a9", name="Island", country="AAA", kind="town", aliases=[])
    )
    d["places"]["features"].append(
        feature(point(0.3, 0.9), id="a8", name="Islet", country="AAA", kind="town", aliases=[])
    )
    d["roads"]["features"].append(
        feature(line((0.5, 0.9), (0.3, 0.9)), id="r9", road_class="track", surface="dirt")
    )
    write(folder, d)


def border_without_crossing(d, folder):
    d["roads"]["features"].append(
        feature(line((0.6, 0.3), (1.4, 0.7)), id="r9", road_class="track", surface="dirt")
    )
    write(folder, d)


def wrong_u(d, folder):
    _set(d, "roads", 0, u="b1")
    write(folder, d)


CASES = [
    (not_json, r"roads\.geojson: not a GeoJSON file \(invalid JSON"),
    (not_collection, r"places\.geojson: not a GeoJSON FeatureCollection"),
    (
        wrong_crs,
        r"places\.geojson: unknown CRS 'urn:ogc:def:crs:EPSG::9999999' in the 'crs' member",
    ),
    (
        projected_metres,
        r"places\.geojson, feature 0 \(id 'a1'\): coordinate .* outside the longitude/latitude range; these look like projected metres",
    ),
    (
        swapped_axes,
        r"places\.geojson, feature 2 \(id 'b1'\): point \(0\.5, 1\.8\) is \d+ km outside its country BBB; longitude and latitude look swapped",
    ),
    (
        invalid_geometry,
        r"zones\.geojson, feature 0 \(id 'z-mid'\): invalid geometry \(Self-intersection",
    ),
    (empty_geometry, r"roads\.geojson, feature 1 \(id 'r2'\): empty geometry"),
    (null_geometry, r"roads\.geojson, feature 1: unreadable geometry"),
    (unreadable_geometry, r"places\.geojson, feature 1: unreadable geometry \(.*array"),
    (duplicate_id, r"roads\.geojson: duplicate id 'r1'; ids must be unique"),
    (duplicate_across_layers, r"duplicate id 'a1': place and crossing ids must be unique together"),
    (
        end_not_at_node,
        r"roads\.geojson, feature 1 \(id 'r2'\): its end \(0\.90000, 0\.30000\) does not meet any place or crossing; the nearest, 'x-south', is 11\.\d+ km away",
    ),
    (
        crossing_off_border,
        r"crossings\.geojson, feature 0 \(id 'x-south'\): crossing is 5\.\d km from the AAA-BBB border; a crossing must lie within 2 km",
    ),
    (
        unknown_country,
        r"places\.geojson, feature 1 \(id 'a2'\): unknown country code 'XXX' in field 'country'",
    ),
    (missing_field, r"roads\.geojson: missing required field 'road_class'"),
    (
        bad_value,
        r"roads\.geojson, feature 0 \(id 'r1'\): field 'surface' is 'gravel'; allowed values: paved, dirt",
    ),
    (
        wrong_type,
        r"places\.geojson, feature 0 \(id 'a1'\): geometry is a LineString; expected Point",
    ),
    (
        bad_field_type,
        r"places\.geojson, feature 0 \(id 'a1'\): field 'population': expected a whole number",
    ),
    (
        disconnected,
        r"the road network is not connected: 2 components; the largest has \d+ nodes, the others: \{Island, Islet\}",
    ),
    (
        border_without_crossing,
        r"road 'r9' runs from 'a2' \(AAA\) to '\S+' \(BBB\) without a border crossing; end it at a crossing node",
    ),
    (
        wrong_u,
        r"roads\.geojson, feature 0 \(id 'r1'\): field 'u' says 'b1' but its start meets 'a1'",
    ),
]


@pytest.mark.parametrize("corrupt, message", CASES, ids=[c[0].__name__ for c in CASES])
def test_malformed_input_raises_clear_error(tmp_path, corrupt, message):
    folder = write(tmp_path / "bad")
    corrupt(layers(), folder)
    with pytest.raises(DataError) as info:
        corridor.load(folder)
    assert re.search(message, str(info.value)), str(info.value)


@pytest.mark.parametrize("name", ["roads", "zones", "countries", "events"])
def test_geojson_read_at_once_equals_feature_by_feature(name, monkeypatch):
    """GEOS reads a whole document in one pass (one from_geojson call); the geometries are
    those of each feature's own geometry member, in feature order."""
    import shapely

    from corridor._bundled import bundled_data_dir
    from corridor.layers import read_layer

    path = bundled_data_dir() / f"{name}.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    one_by_one = [shapely.from_geojson(json.dumps(f["geometry"])) for f in features]
    calls = []
    parse = shapely.from_geojson
    monkeypatch.setattr(shapely, "from_geojson", lambda *a, **k: calls.append(1) or parse(*a, **k))
    read = read_layer(path, name).geometry.values
    assert len(calls) == 1
    assert len(read) == len(one_by_one)
    assert all(shapely.equals_identical(a, b) for a, b in zip(read, one_by_one))


def test_load_missing_layer_names_what_is_needed(tmp_path):
    folder = write(tmp_path / "x")
    (folder / "roads.geojson").unlink()
    with pytest.raises(
        DataError,
        match=r"no layer 'roads'; a network source needs the layers 'places', 'crossings' and 'roads'",
    ):
        corridor.load(folder)


def test_load_nonexistent_path(tmp_path):
    with pytest.raises(DataError, match="no such file or folder"):
        corridor.load(tmp_path / "nowhere")


def _read_for_gpkg(path):
    """A layer as a GeoPackage stores it: list fields as JSON text."""
    import geopandas as gpd

    gdf = gpd.read_file(path)
    if "aliases" in gdf.columns:
        gdf["aliases"] = [json.dumps(list(a)) for a in gdf["aliases"]]
    return gdf


def test_gpkg_layer_in_another_crs_is_reprojected(tmp_path, caplog):
    """One CRS policy everywhere: a layer in a projected CRS is reprojected (and logged)."""
    folder = write(tmp_path / "x")
    gpkg = tmp_path / "net.gpkg"
    for name in ("places", "crossings", "roads", "zones", "countries", "borders"):
        gdf = _read_for_gpkg(folder / f"{name}.geojson")
        if name == "roads":
            gdf = gdf.to_crs("EPSG:3857")
        gdf.to_file(gpkg, layer=name, driver="GPKG")
    with caplog.at_level("INFO", logger="corridor"):
        projected = corridor.load(gpkg)
    assert "layer 'roads': reprojected from EPSG:3857 to EPSG:4326" in caplog.text
    plain = corridor.load(folder)
    _, e1 = projected.to_gdfs(nodes=False)
    _, e2 = plain.to_gdfs(nodes=False)
    assert sorted(e1["id"]) == sorted(e2["id"])
    km = dict(zip(e2["id"], e2["length_km"]))
    assert all(abs(k - km[i]) < 1e-6 for i, k in zip(e1["id"], e1["length_km"]))


def test_gpkg_layer_without_crs_is_refused(tmp_path):
    folder = write(tmp_path / "x")
    gpkg = tmp_path / "net.gpkg"
    for name in ("places", "crossings", "roads"):
        gdf = _read_for_gpkg(folder / f"{name}.geojson")
        if name == "roads":
            gdf = gdf.set_crs(None, allow_override=True)
        gdf.to_file(gpkg, layer=name, driver="GPKG")
    with pytest.raises(DataError, match=r"layer 'roads': no CRS; set the one the coordinates"):
        corridor.load(gpkg)


def test_load_from_geopackage_of_layers(tmp_path):
    folder = write(tmp_path / "x")
    gpkg = tmp_path / "net.gpkg"
    for name in ("places", "crossings", "roads", "zones", "countries", "borders"):
        _read_for_gpkg(folder / f"{name}.geojson").to_file(gpkg, layer=name, driver="GPKG")
    from_folder, from_gpkg = corridor.load(folder), corridor.load(gpkg)
    assert sorted(from_folder.graph.nodes) == sorted(from_gpkg.graph.nodes)
    assert from_folder.graph.number_of_edges() == from_gpkg.graph.number_of_edges()


@pytest.mark.filterwarnings("ignore:.*control tables.*GeoPackage:UserWarning")
def test_failed_save_leaves_existing_output_untouched(tmp_path, synthetic_dir, monkeypatch):
    import pyogrio

    net = corridor.load(synthetic_dir)
    out = tmp_path / "saved.gpkg"
    corridor.save_network(net, out)
    before = out.read_bytes()
    real_write = pyogrio.write_dataframe
    calls = []

    def fail_on_second_layer(*args, **kwargs):
        calls.append(kwargs.get("layer"))
        if len(calls) == 2:
            raise OSError("disk full")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(pyogrio, "write_dataframe", fail_on_second_layer)
    with pytest.raises(
        DataError,
        match=r"saved\.gpkg: could not write layer 'edges' \(disk full\); nothing was changed",
    ):
        corridor.save_network(net, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["saved.gpkg", "synthetic"]


def test_saving_never_replaces_a_folder_it_did_not_write(tmp_path, synthetic_dir, monkeypatch):
    net = corridor.load(synthetic_dir)
    precious = tmp_path / "docs"
    precious.mkdir()
    (precious / "report.txt").write_text("keep me")
    with pytest.raises(DataError, match=r"docs: the folder holds other files \(report\.txt\)"):
        corridor.save_network(net, precious)
    assert (precious / "report.txt").read_text() == "keep me"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError, match="give a new folder name"):
        corridor.save_network(net, ".")
    assert (precious / "report.txt").exists()
    out = corridor.save_network(net, tmp_path / "net")  # a folder it wrote may be replaced
    control = sorted(  # the synthetic world's own control tables are saved beside the layers
        n
        for n in ("actors.json", "stances.csv", "crossing_status.csv", "movers.csv")
        if (synthetic_dir / n).exists()
    )
    assert control  # the fixture has its own
    assert corridor.save_network(net, out) == out
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["edges.geojson", "nodes.geojson", "zones.geojson", *control]
    )


def test_load_checks_each_layer_once(tmp_path, monkeypatch):
    """Validation runs once per layer on load: the builder checks the layers it is given,
    so load reads them unchecked."""
    import corridor.layers
    import corridor.network.curated

    folder = write(tmp_path / "x")
    checked: list[str] = []
    check = corridor.layers.check_layer

    def counting(gdf, layer, where, **kw):
        checked.append(layer)
        return check(gdf, layer, where, **kw)

    monkeypatch.setattr(corridor.layers, "check_layer", counting)
    monkeypatch.setattr(corridor.network.curated, "check_layer", counting)
    corridor.load(folder)
    assert sorted(checked) == sorted(set(checked))
    assert {"places", "crossings", "roads", "zones", "countries"} <= set(checked)


def test_saving_never_replaces_a_folder_of_control_tables(tmp_path, synthetic_dir):
    """A folder of hand-edited control tables (no saved network in it) is not replaced, though
    a saved network's folder may hold such files."""
    import shutil

    net = corridor.load(synthetic_dir)
    tables = tmp_path / "tables"
    tables.mkdir()
    shutil.copy(synthetic_dir / "actors.json", tables / "actors.json")
    with pytest.raises(DataError, match=r"holds other files \(actors\.json\)"):
        corridor.save_network(net, tables)
    assert (tables / "actors.json").read_bytes() == (synthetic_dir / "actors.json").read_bytes()
