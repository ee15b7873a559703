"""Tests of corridor.export: routes as GeoDataFrames and GeoJSON, scenario layers to GeoPackage."""

from __future__ import annotations

import json

import geopandas as gpd
import pyogrio
import pytest

import corridor
from corridor.export import export_gpkg, routes_to_gdf, write_routes_geojson
from corridor.routing import viable_routes


@pytest.fixture(scope="module")
def routes():
    return viable_routes(corridor.load(), "mid-2018", "Tehran", "Beirut", k=3)


def test_geojson_feature_collection_has_every_metric(routes, tmp_path):
    path = write_routes_geojson(routes, tmp_path / "routes.geojson")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == len(routes)
    first = data["features"][0]
    props = first["properties"]
    assert props["rank"] == 1 and props["scenario"] == "mid-2018" and props["mover"]
    assert props["length_km"] == routes[0].length_km
    assert props["hours"] == routes[0].hours
    assert props["km_by_actor"] == routes[0].km_by_actor
    assert props["crossings"] == routes[0].crossings
    assert props["cost_usd_per_t"] == routes[0].cost_usd_per_t > 0  # the table's USD/t
    assert "model" not in props  # the TravelModel object is not a figure
    assert first["geometry"]["type"] == "LineString"
    assert first["geometry"]["coordinates"][0] == pytest.approx(list(routes[0].geometry.coords[0]))
    back = gpd.read_file(path)
    assert back.crs.to_epsg() == 4326 and len(back) == len(routes)


def test_geojson_into_a_missing_folder_is_refused_and_nothing_written(routes, tmp_path):
    with pytest.raises(corridor.CorridorError, match="does not exist"):
        write_routes_geojson(routes, tmp_path / "nope" / "routes.geojson")
    assert not (tmp_path / "nope").exists()


def test_routes_given_as_a_generator_are_all_written(routes, tmp_path):
    assert len(routes_to_gdf(r for r in routes)) == len(routes)
    path = write_routes_geojson((r for r in routes), tmp_path / "g.geojson")
    assert len(json.loads(path.read_text(encoding="utf-8"))["features"]) == len(routes)


def test_flat_frame_writes_to_a_geopackage(routes, tmp_path):
    gdf = routes_to_gdf(routes, flat=True)
    assert json.loads(gdf["km_by_actor"].iloc[0]) == routes[0].km_by_actor
    assert gdf["crossings"].iloc[0] == ";".join(routes[0].crossings)
    gdf.to_file(tmp_path / "r.gpkg", layer="routes")
    assert len(gpd.read_file(tmp_path / "r.gpkg")) == len(routes)


def test_km_by_actor_counts_each_km_once(routes):
    for r in routes:
        assert sum(r.km_by_actor.values()) <= r.length_km + 1e-6
        assert sum(r.km_in_zones.values()) >= sum(r.km_by_actor.values()) - 1e-6
        for actor, km in r.km_by_actor.items():
            assert km <= r.km_in_zones[actor] + 1e-6


def test_export_gpkg_writes_every_layer(tmp_path):
    net = corridor.load()
    path = export_gpkg(
        net, "mid-2018", tmp_path / "mid-2018.gpkg", origin="Tehran", destination="Beirut"
    )
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert layers == {"nodes", "edges", "edge_states", "zones", "scenario_zones", "routes"}
    routes = gpd.read_file(path, layer="routes")
    assert routes["rank"].tolist()[:2] == [1, 2]
    assert routes["via"].iloc[0] == viable_routes(net, "mid-2018", "Tehran", "Beirut")[0].via
    zones = gpd.read_file(path, layer="scenario_zones")
    assert {"held_by", "stance"} <= set(zones.columns)
    assert len(zones) < len(net.zones)  # only those applying in mid-2018
    # the written nodes and edges load back as the same network
    back = corridor.load(path)
    assert back.graph.number_of_edges() == net.graph.number_of_edges()


@pytest.mark.parametrize(
    "box", [(38.0, 33.0, 40.0, 35.0), (10.0, 10.0, 11.0, 11.0)], ids=["over roads", "over none"]
)
def test_export_gpkg_lists_a_drawn_zone_with_the_scenario_zones(tmp_path, box):
    """A drawn zone (over roads or over none) is written with the zones in force, held by its
    actor; the network's own zones are left as they were."""
    import shapely

    net = corridor.load()
    sc = corridor.scenario("mid-2018").with_zone(shapely.box(*box), actor="coalition")
    path = export_gpkg(net, sc, tmp_path / "drawn.gpkg", origin="Tehran", destination="Beirut")
    zones = gpd.read_file(path, layer="scenario_zones")
    plain = gpd.read_file(
        export_gpkg(net, "mid-2018", tmp_path / "plain.gpkg"), layer="scenario_zones"
    )
    assert zones["id"].tolist() == [*plain["id"], "drawn:drawn-1"]
    assert zones.iloc[-1][["held_by", "stance"]].tolist() == ["coalition", "denied"]
    assert zones.geometry.iloc[-1].equals(shapely.box(*box))
    assert "held_by" not in net.zone_table.columns  # the network's own frame untouched


def test_cli_routes_geojson_writes_a_feature_collection(tmp_path, capsys):
    from corridor.cli import main

    out = tmp_path / "routes.geojson"
    code = main(["routes", "Tehran", "Beirut", "--geojson", str(out), "--json"])
    printed = json.loads(capsys.readouterr().out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0 and len(data["features"]) == len(printed["routes"]) == 3
    props = [f["properties"] for f in data["features"]]
    assert [p["via"] for p in props] == [r["via"] for r in printed["routes"]]
    assert {"length_km", "hours", "km_by_actor", "km_in_zones", "events"} <= set(props[0])


@pytest.mark.parametrize("name", ["routes.txt", "missing/routes.geojson", "."])
def test_cli_routes_geojson_bad_target(tmp_path, capsys, name):
    from corridor.cli import main

    target = tmp_path / name if name != "." else tmp_path
    code = main(["routes", "Tehran", "Beirut", "--geojson", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and "--geojson" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_export_without_a_route_says_the_routes_layer_is_empty(tmp_path, capsys):
    from corridor.cli import main

    assert main(["export", "--gpkg", str(tmp_path / "s.gpkg"), "--scenario", "spring-2017"]) == 0
    out = capsys.readouterr().out
    assert "no route from tehran to beirut under 'spring-2017'" in out
    assert main(["export", "--gpkg", str(tmp_path / "m.gpkg"), "--scenario", "mid-2018"]) == 0
    assert "no route" not in capsys.readouterr().out
