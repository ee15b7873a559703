"""The graph model: building, splitting, conversion round trips, lookup; the bundled network."""

import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import shapely
import tomllib
from pyproj import Geod, Transformer

import corridor
from corridor import UnknownNameError

REPO = Path(__file__).resolve().parents[1]


def _assert_same_attrs(d1: dict, d2: dict, where) -> None:
    assert set(d1) == set(d2), where
    for k, v in d1.items():
        if k == "geometry":
            assert v.equals_exact(d2[k], tolerance=0), (where, k)
        else:
            assert v == d2[k] and type(v) is type(d2[k]), (where, k, v, d2[k])


def assert_same_graph(g1: nx.MultiGraph, g2: nx.MultiGraph) -> None:
    assert set(g1.nodes) == set(g2.nodes)
    for n, d in g1.nodes(data=True):
        _assert_same_attrs(d, g2.nodes[n], n)
    e1 = {(frozenset((u, v)), k): d for u, v, k, d in g1.edges(keys=True, data=True)}
    e2 = {(frozenset((u, v)), k): d for u, v, k, d in g2.edges(keys=True, data=True)}
    assert e1.keys() == e2.keys()
    for key, d in e1.items():
        _assert_same_attrs(d, e2[key], key)


# ----------------------------------------------------------------- synthetic


def test_roads_are_split_at_zone_boundaries_exactly(synthetic_dir):
    net = corridor.load(synthetic_dir)
    pieces = {d["id"]: d for *_, d in net.graph.edges(data=True) if d["road_id"] == "r3"}
    assert sorted(pieces) == ["r3/0", "r3/1", "r3/2"]
    inside = pieces["r3/1"]
    assert inside["zones"] == ("z-mid",)
    assert pieces["r3/0"]["zones"] == () and pieces["r3/2"]["zones"] == ()
    x0, _, x1, _ = inside["geometry"].bounds
    assert (x0, x1) == pytest.approx((1.2, 1.6))  # the zone spans lon 1.2-1.6
    total = sum(p["length_km"] for p in pieces.values())
    whole = Geod(ellps="WGS84").geometry_length(
        shapely.LineString([(1, 0.3), (1.5, 0.4), (1.8, 0.5)])
    )
    assert total == pytest.approx(whole / 1000, rel=1e-6)


def test_road_through_a_crossing_is_split_there(tmp_path):
    from synthetic import layers, line, write

    data = layers()
    roads = data["roads"]["features"]
    # one road a2 -> b1 straight through x-south replaces r2 and r3
    roads[1]["geometry"] = line((0.6, 0.3), (1.0, 0.3), (1.5, 0.4), (1.8, 0.5))
    roads[1]["properties"].update(id="r23", v="b1")
    del roads[2]
    net = corridor.load(write(tmp_path / "s", data))
    edges = [d for *_, d in net.graph.edges(data=True) if d["road_id"] == "r23"]
    assert {d["country"] for d in edges} == {"AAA", "BBB"}
    assert net.graph.has_edge("a2", "x-south")
    assert all(
        "x-south" in (u, v) or d["country"] == "BBB"
        for u, v, d in net.graph.edges(data=True)
        if d["road_id"] == "r23"
    )


def test_every_edge_lies_in_one_country(synthetic_dir):
    net = corridor.load(synthetic_dir)
    for u, v, d in net.graph.edges(data=True):
        for node in (u, v):
            c = net.graph.nodes[node]["country"]
            assert c is None or d["country"] in c.split("|")


def test_node_and_edge_attributes(synthetic_dir):
    net = corridor.load(synthetic_dir)
    a1 = net.graph.nodes["a1"]
    assert (
        isinstance(a1["geometry"], shapely.Point)
        and a1["kind"] == "city"
        and a1["country"] == "AAA"
    )
    x = net.graph.nodes["x-south"]
    assert x["kind"] == "crossing" and x["country"] == "AAA|BBB" and x["post_a"] == "Southgate A"
    for *_, d in net.graph.edges(data=True):
        assert isinstance(d["geometry"], shapely.LineString)
        assert {"length_km", "road", "road_class", "surface", "country"} <= set(d)


def test_gdfs_round_trip_is_exact(synthetic_dir):
    net = corridor.load(synthetic_dir)
    nodes, edges = net.to_gdfs()
    assert nodes.crs.to_epsg() == 4326 and edges.crs.to_epsg() == 4326
    assert edges.index.names == ["u", "v", "key"]
    assert_same_graph(net.graph, corridor.from_gdfs(nodes, edges).graph)


@pytest.mark.parametrize("name", ["net.gpkg", "net_geojson"])
def test_file_round_trip_is_exact(synthetic_dir, tmp_path, name):
    net = corridor.load(synthetic_dir)
    path = corridor.save_network(net, tmp_path / name)
    assert_same_graph(net.graph, corridor.load(path).graph)


def test_edges_are_reported_along_their_geometry(synthetic_dir):
    net = corridor.load(synthetic_dir)
    nodes, edges = net.to_gdfs()
    for (u, _, _), geom in edges.geometry.items():
        assert shapely.get_point(geom, 0).equals(nodes.geometry[u])


def test_lookup_by_id_name_alias_is_case_and_accent_insensitive(synthetic_dir):
    net = corridor.load(synthetic_dir)
    assert net.node_id("b1") == "b1"
    assert net.node_id("BETA") == "b1"
    assert net.node_id("beta") == net.node_id("Bêta") == "b1"
    assert net.node_id("al pha") == "a1"
    assert net.place("Southgate")["id"] == "x-south"


# ----------------------------------------------------------------- bundled network


@pytest.fixture(scope="module")
def bundled():
    return corridor.load()


def test_bundled_network_has_the_required_places_and_crossings(bundled):
    required_places = [
        "tehran", "kermanshah", "qasr-e-shirin", "ilam", "mehran", "khanaqin", "baqubah", "baghdad",
        "fallujah", "ramadi", "hit", "haditha", "anah", "rawa", "al-qaim", "rutba", "albukamal",
        "al-mayadin", "deir-ez-zor", "al-sukhnah", "palmyra", "homs", "al-qusayr", "damascus", "beirut",
        "mosul", "rabia", "al-hasakah", "qamishli", "aleppo", "raqqa",
    ]  # fmt: skip
    for place in required_places:
        assert place in bundled.graph and bundled.graph.nodes[place]["kind"] in ("city", "town")
    crossings = {n for n, k in bundled.graph.nodes(data="kind") if k == "crossing"}
    assert {
        "albukamal-al-qaim", "al-tanf-al-waleed", "al-yarubiyah-rabia", "semalka-faysh-khabur",
        "masnaa-jdeidet-yabous", "al-qaa-jousieh", "khosravi-mundhiriya", "mehran-zurbatiyah",
        "albukamal-bypass-north", "albukamal-bypass-south",
    } <= crossings  # fmt: skip
    informal = {n for n in crossings if bundled.graph.nodes[n]["crossing_kind"] == "informal"}
    assert informal == {"albukamal-bypass-north", "albukamal-bypass-south"}


@pytest.mark.parametrize(
    "alias, node",
    [
        ("Abu Kamal", "albukamal"), ("Al-Bukamal", "albukamal"), ("al-Qaim", "al-qaim"),
        ("Al Qa'im", "al-qaim"), ("Husaybah", "husaybah"), ("Tanf", "al-tanf"),
        ("Al Waleed", "al-tanf-al-waleed"), ("Al-Walid", "al-tanf-al-waleed"), ("deir al-zour", "deir-ez-zor"),
    ],
)  # fmt: skip
def test_bundled_aliases(bundled, alias, node):
    assert bundled.node_id(alias) == node


def test_places_win_over_crossings_for_shared_names(bundled):
    # "al-Qaim" and "Tanf" name both a town and a crossing: lookup prefers the town
    assert bundled.node_id("al-Qaim") == "al-qaim"
    assert bundled.node_id("Albukamal–al-Qaim") == "albukamal-al-qaim"


def test_unknown_place_suggests_albukamal(bundled):
    with pytest.raises(UnknownNameError, match=r"^no place 'Abu Kamaal'; did you mean 'Albukamal'"):
        bundled.node_id("Abu Kamaal")


LISTED_ROADS = [
    ["tehran", "kermanshah", "qasr-e-shirin", "khosravi-mundhiriya", "khanaqin", "baghdad"],
    ["ilam", "mehran", "mehran-zurbatiyah"],
    ["baghdad", "fallujah", "ramadi", "rutba", "al-tanf-al-waleed", "damascus"],
    ["ramadi", "hit", "haditha", "anah", "rawa", "al-qaim", "albukamal-al-qaim", "albukamal"],
    ["albukamal", "al-mayadin", "deir-ez-zor"],
    ["deir-ez-zor", "al-sukhnah", "palmyra", "damascus"],
    ["palmyra", "homs"],
    ["homs", "damascus"],
    ["homs", "al-qusayr", "al-qaa-jousieh", "beirut"],
    ["damascus", "masnaa-jdeidet-yabous", "beirut"],
    ["baghdad", "mosul", "rabia", "al-yarubiyah-rabia"],
    ["al-qaim", "albukamal-bypass-north", "albukamal"],
    ["al-qaim", "albukamal-bypass-south", "albukamal"],
]


@pytest.mark.parametrize("towns", LISTED_ROADS, ids=lambda t: f"{t[0]}..{t[-1]}")
def test_listed_roads_connect_their_towns_directly(bundled, towns):
    """Consecutive towns of each listed road are joined by a road no longer than twice their
    geodesic distance (a direct road, not a detour through elsewhere; the Euphrates road bends
    around Lake Qadisiyah between Haditha and Anah, a ratio of 1.8)."""
    g = nx.Graph()
    for u, v, d in bundled.graph.edges(data=True):
        if not g.has_edge(u, v) or g[u][v]["km"] > d["length_km"]:
            g.add_edge(u, v, km=d["length_km"])
    for a, b in zip(towns, towns[1:]):
        pa, pb = bundled.graph.nodes[a]["geometry"], bundled.graph.nodes[b]["geometry"]
        direct = Geod(ellps="WGS84").inv(pa.x, pa.y, pb.x, pb.y)[2] / 1000
        by_road = nx.shortest_path_length(g, a, b, weight="km")
        assert by_road <= 2.0 * direct + 5, (a, b, by_road, direct)


def test_length_km_matches_pyproj_geodesic_length(bundled):
    geod = Geod(ellps="WGS84")
    for *_, d in bundled.graph.edges(data=True):
        want = geod.geometry_length(d["geometry"]) / 1000
        assert d["length_km"] == pytest.approx(want, rel=1e-3, abs=1e-6)


def test_crossings_lie_within_2km_of_their_border(bundled):
    from corridor.distance import point_line_distance_km

    borders = corridor.read_layer(corridor.bundled_data_dir(), "borders")
    for n, d in bundled.graph.nodes(data=True):
        if d["kind"] != "crossing":
            continue
        pair = {d["country_a"], d["country_b"]}
        sel = borders[[{a, b} == pair for a, b in zip(borders["adm0_a3_l"], borders["adm0_a3_r"])]]
        line = shapely.union_all(sel.geometry.values)
        assert point_line_distance_km(np.array([d["geometry"]]), np.array([line]))[0] <= 2.0, n


def _aeqd():
    t = Transformer.from_crs(
        4326, "+proj=aeqd +lat_0=34 +lon_0=42 +units=km +datum=WGS84", always_xy=True
    )
    return lambda g: shapely.transform(g, lambda xy: np.c_[t.transform(xy[:, 0], xy[:, 1])])


def test_road_vertices_stay_near_the_towns_they_serve(bundled):
    """Every vertex of every road lies within 25 km of the line through the towns (and sourced
    via points) its chain serves, per data/make/network_waypoints.toml."""
    table = tomllib.loads((REPO / "data/make/network_waypoints.toml").read_text(encoding="utf-8"))
    nodes, _ = bundled.to_gdfs(edges=False)
    proj = _aeqd()
    roads = corridor.read_layer(corridor.bundled_data_dir(), "roads")
    checked = 0
    for chain in table["road"]:
        pts = [
            nodes.geometry[n].coords[0] if isinstance(n, str) else tuple(n) for n in chain["nodes"]
        ]
        served = proj(shapely.LineString(pts))
        ids = {n for n in chain["nodes"] if isinstance(n, str)}
        for row in roads[roads["u"].isin(ids) & roads["v"].isin(ids)].itertuples():
            vertices = shapely.points(shapely.get_coordinates(proj(row.geometry)))
            assert shapely.distance(served, vertices).max() <= 25.0, row.id
            checked += 1
    assert checked == len(roads)


SHARED = REPO.parent / "shared" / "data"


@pytest.mark.skipif(
    not (SHARED / "roads.geojson").exists(), reason="needs ../shared/data (reference roads)"
)
def test_no_segment_strays_more_than_15km_from_the_real_road(bundled):
    """Each straight segment of each edge, sampled every 2 km, stays within 15 km of the
    OpenStreetMap-derived highway layer or (for the Euphrates road and the dirt tracks, absent
    from that layer) of the Euphrates."""
    import geopandas as gpd

    proj = _aeqd()
    ref_roads = proj(shapely.union_all(gpd.read_file(SHARED / "roads.geojson").geometry.values))
    rivers = corridor.read_layer(corridor.bundled_data_dir(), "rivers")
    euphrates = proj(
        shapely.union_all(rivers[rivers["name"].isin(["Euphrates", "Al Furat"])].geometry.values)
    )
    reference = shapely.union_all([ref_roads, euphrates])
    shapely.prepare(reference)
    for *_, d in bundled.graph.edges(data=True):
        line = proj(d["geometry"])
        samples = shapely.line_interpolate_point(line, np.arange(0, line.length + 2, 2.0))
        assert shapely.distance(reference, samples).max() <= 15.0, d["id"]


def test_bundled_round_trips(bundled, tmp_path):
    nodes, edges = bundled.to_gdfs()
    assert_same_graph(bundled.graph, corridor.from_gdfs(nodes, edges).graph)
    for name in ("bundled.gpkg", "bundled_geojson"):
        path = corridor.save_network(bundled, tmp_path / name)
        assert_same_graph(bundled.graph, corridor.load(path).graph)


def test_summary_counts(bundled):
    s = bundled.summary()
    assert s["nodes"] == bundled.graph.number_of_nodes()
    assert sum(s["nodes_by_kind"].values()) == s["nodes"]
    assert s["road_km"] == pytest.approx(
        sum(d["length_km"] for *_, d in bundled.graph.edges(data=True)), abs=0.1
    )
    assert len(s["crossings"]) == 17
    assert "module" in repr(sys.modules["corridor"])  # imported as a package


def test_the_library_logs_loading_building_and_caching(caplog):
    """What the library does goes to the "corridor" logger (silent unless configured)."""
    import logging

    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("corridor").handlers)
    with caplog.at_level(logging.DEBUG, logger="corridor"):
        net = corridor.load()
        corridor.best_route(net, "mid-2018", "Tehran", "Beirut")
    text = caplog.text
    assert "built network 'bundled corridor network'" in text
    assert "loaded network 'bundled corridor network'" in text
    assert "resolving scenario 'mid-2018'" in text
    assert "building network index" in text


@pytest.mark.parametrize(
    "name, road",
    [("M1", "homs--tartus"), ("M2", "al-tanf--damascus"), ("M4", "saraqib--latakia"),
     ("M5", "hama--homs"), ("m5", "hama--homs")],
)  # fmt: skip
def test_a_motorway_is_found_by_its_number(bundled, name, road):
    """ "M1" is a whole word of "M1 (Homs–Tartus)", not the "...qaim/1" of an edge id."""
    assert road in bundled.road_ids(name)
    cut = corridor.Scenario.at("2018-07-01").with_road_cut(name)
    assert corridor.resolve(bundled, cut).scenario.roads_cut == (name,)


def test_part_of_a_word_still_finds_a_road_when_no_whole_word_does(bundled):
    assert bundled.road_ids("Kalak") == bundled.road_ids("Kalakh") == ("homs--dabousieh",)


def _edited(change):
    net = corridor.load()
    edge = next(iter(net.graph.edges(keys=True)))
    data = {**net.graph.edges[edge], "id": "hand-made"}
    change(data)
    net.graph.add_edge("tehran", "beirut", **data)
    return net


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(length_km=-50.0), "length_km -50.0 (a distance in km, at least 0)"),
        (lambda d: d.update(length_km=float("nan")), "length_km nan"),
        (lambda d: d.update(geometry=shapely.Point(51, 35)), "not a LineString"),
        (lambda d: d.pop("surface"), "has no surface"),
        (lambda d: d.pop("country"), "has no country"),
    ],
)
def test_an_edge_edited_in_place_is_checked_before_it_is_used(change, message):
    """A negative length gave a 'shortest' route 273 km shorter than any real one; a missing
    attribute a raw KeyError. The graph is checked once per state, on the first query."""
    net = _edited(change)
    with pytest.raises(corridor.DataError, match=r"edge 'hand-made' \(tehran - beirut\) has"):
        corridor.best_route(net, "mid-2018", "Tehran", "Beirut")
    with pytest.raises(corridor.DataError) as info:
        corridor.best_route(net, "mid-2018", "Tehran", "Beirut")
    assert message in str(info.value)
    assert "unusable graph" in repr(net)


def test_network_arguments_and_control_are_checked():
    net = corridor.load()
    with pytest.raises(corridor.DataError, match="zones must be a GeoDataFrame"):
        corridor.Network(net.graph, zones="x")
    with pytest.raises(corridor.CorridorError, match="cache_bytes must be a whole number"):
        corridor.Network(net.graph, cache_bytes="x")
    with pytest.raises(corridor.CorridorError, match="network.control takes a corridor.Control"):
        net.control = "x"
