"""Tests of corridor.network.from_roads: networks from any road dataset.

Small synthetic line sets with known noding, snapping, simplification, crossing and zone
results, bad input, and the bundled OpenStreetMap-derived network end to end (compared with
the curated network).

The synthetic world: country AAA is the box lon 0-1, BBB the box lon 1-2 (lat 0-1), the
border is the line lon = 1; 0.01 degree is about 1.11 km.
"""

from __future__ import annotations

import warnings

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, Polygon, box

import corridor
from corridor._schema import EDGE_FIELDS, NODE_FIELDS
from corridor.datasets import load_osm_highways
from corridor.errors import DataError
from corridor.network import BuildWarning, network_from_roads
from corridor.routing import best_route
from corridor.whatif import Scenario

WGS84 = "EPSG:4326"


# --------------------------------------------------------------------------- the synthetic world


def countries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"iso_a3": ["AAA", "BBB"], "adm0_a3": ["AAA", "BBB"], "name": ["Aland", "Bland"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs=WGS84,
    )


def borders() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"adm0_a3_l": ["AAA"], "adm0_a3_r": ["BBB"]},
        geometry=[LineString([(1, 0), (1, 1)])],
        crs=WGS84,
    )


def crossings(*rows) -> gpd.GeoDataFrame:
    """Known crossings: (id, name, lon, lat[, aliases])."""
    rows = rows or (("x-south", "Southgate", 1.0, 0.3),)
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "kind": "official",
            "country_a": "AAA",
            "country_b": "BBB",
            "post_a": None,
            "post_b": None,
            "aliases": [list(r[4]) if len(r) > 4 else [] for r in rows],
            "source": "synthetic",
            "note": None,
        },
        geometry=[Point(r[2], r[3]) for r in rows],
        crs=WGS84,
    )


def places(*rows) -> gpd.GeoDataFrame:
    """Places: (id, lon, lat[, country])."""
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "name": [r[0].title() for r in rows],
            "country": [r[3] if len(r) > 3 else "AAA" for r in rows],
            "kind": "town",
            "aliases": [[] for _ in rows],
            "population": None,
            "geonameid": None,
            "source": "synthetic",
        },
        geometry=[Point(r[1], r[2]) for r in rows],
        crs=WGS84,
    )


def zones(actor: str = "hostile") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["z-mid"],
            "actor": [actor],
            "kind": ["control"],
            "valid_from": ["2017-01-01"],
            "valid_to": [None],
            "confidence": ["high"],
            "source": ["https://example.org/synthetic"],
            "quote": ["synthetic"],
        },
        geometry=[box(1.2, 0.0, 1.6, 0.6)],
        crs=WGS84,
    )


def roads(*lines, **columns) -> gpd.GeoDataFrame:
    """A road layer from coordinate lists (or geometries), ids r1, r2, ..."""
    geoms = [g if not isinstance(g, (list, tuple)) else LineString(g) for g in lines]
    data = {"id": [f"r{i + 1}" for i in range(len(geoms))], **columns}
    return gpd.GeoDataFrame(data, geometry=geoms, crs=WGS84)


def build(source, **kw):
    """network_from_roads on the synthetic world (no places, crossings or zones unless given)."""
    opts = {
        "places": False,
        "crossings": False,
        "borders": borders(),
        "countries": countries(),
        "zones": False,
        "snap_km": 0.0,
    }
    opts.update(kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BuildWarning)
        return network_from_roads(source, **opts)


def report(net):
    return net.graph.graph["build_report"]


def node_at(net, x, y) -> str:
    """The node at (x, y)."""
    hits = [n for n, g in net.graph.nodes(data="geometry") if g.equals_exact(Point(x, y), 1e-7)]
    assert len(hits) == 1, hits
    return hits[0]


# --------------------------------------------------------------------------- noding


def test_two_lines_crossing_at_a_shared_vertex_make_four_edges():
    net = build(roads([(0.2, 0.5), (0.5, 0.5), (0.8, 0.5)], [(0.5, 0.2), (0.5, 0.5), (0.5, 0.8)]))
    g = net.graph
    assert (g.number_of_nodes(), g.number_of_edges()) == (5, 4)
    centre = node_at(net, 0.5, 0.5)
    assert g.degree(centre) == 4
    assert g.nodes[centre]["kind"] == "junction"
    assert sorted(d["id"] for *_, d in g.edges(data=True)) == ["r1/0", "r1/1", "r2/0", "r2/1"]
    assert all(d["road_id"] in ("r1", "r2") for *_, d in g.edges(data=True))
    assert report(net).segments == 4


def test_lines_crossing_without_a_shared_vertex_are_not_joined_unless_asked():
    layer = roads([(0.2, 0.5), (0.8, 0.5)], [(0.5, 0.2), (0.5, 0.8)])
    apart = build(layer, retain_all=True)
    assert (apart.graph.number_of_nodes(), apart.graph.number_of_edges()) == (4, 2)
    assert report(apart).components == 2
    assert report(apart).largest_share_nodes == 0.5
    noded = build(layer, noding="intersections")
    assert (noded.graph.number_of_nodes(), noded.graph.number_of_edges()) == (5, 4)
    assert noded.graph.degree(node_at(noded, 0.5, 0.5)) == 4


def test_vertices_are_shared_on_a_1e7_degree_grid():
    # ends 1e-9 degrees apart are the same node
    net = build(roads([(0.2, 0.5), (0.5, 0.5)], [(0.5 + 1e-9, 0.5), (0.8, 0.5)]), simplify=False)
    assert net.graph.number_of_nodes() == 3
    assert report(net).components == 1


# --------------------------------------------------------------------------- snapping


GAP = [(0.1, 0.5), (0.4, 0.5)], [(0.41, 0.5), (0.7, 0.5)]  # ends 0.01 deg (1.11 km) apart


def test_a_gap_under_snap_km_is_closed_by_a_connector():
    net = build(roads(*GAP), snap_km=1.5)
    rep = report(net)
    assert rep.components == 1 and len(rep.snapped) == 1
    assert rep.snapped["km"].iloc[0] == pytest.approx(1.11, abs=0.01)
    (snap,) = [d for *_, d in net.graph.edges(data=True) if d["id"] == "snap-1"]
    assert snap["source"].startswith("snap: a 1.11")
    assert snap["length_km"] == pytest.approx(rep.snapped["km"].iloc[0], abs=1e-6)
    assert list(snap["geometry"].coords) in ([(0.4, 0.5), (0.41, 0.5)], [(0.41, 0.5), (0.4, 0.5)])
    # the connector stays its own edge: the roads on either side are not merged into it
    assert net.graph.number_of_edges() == 3
    assert nx.is_connected(net.graph)


def test_a_gap_over_snap_km_stays_open_and_the_network_is_reported_disconnected():
    with pytest.warns(BuildWarning, match=r"2 connected components; the largest holds 50\.0%"):
        net = network_from_roads(
            roads(*GAP),
            snap_km=1.0,
            places=False,
            crossings=False,
            zones=False,
            borders=borders(),
            countries=countries(),
        )
    rep = report(net)
    assert rep.components == 2 and len(rep.snapped) == 0
    assert rep.dropped == {
        "components": 1,
        "nodes": 2,
        "segments": 1,
        "km": pytest.approx(32.2, 0.05),
    }
    assert net.graph.number_of_edges() == 1  # the largest (longer) road only
    kept = build(roads(*GAP), snap_km=1.0, retain_all=True)
    assert kept.graph.number_of_edges() == 2
    assert nx.number_connected_components(kept.graph) == 2


def test_snapping_joins_dead_ends_only_and_never_across_a_border():
    # the end of r1 is 1.1 km from the middle of r2, which is not a dead end: no snap
    near_middle = build(roads([(0.1, 0.5), (0.4, 0.5)], [(0.41, 0.3), (0.41, 0.7)]), snap_km=1.5)
    assert len(report(near_middle).snapped) == 0
    across = build(roads([(0.5, 0.5), (0.995, 0.5)], [(1.005, 0.5), (1.5, 0.5)]), snap_km=1.5)
    assert len(report(across).snapped) == 0
    assert report(across).components == 2


# --------------------------------------------------------------------------- simplification


CHAIN = [(0.1, 0.5), (0.2, 0.5), (0.3, 0.6), (0.4, 0.5), (0.5, 0.5)]


def test_a_chain_of_degree_two_nodes_becomes_one_edge_keeping_its_geometry():
    # four features, two of them drawn backwards
    layer = roads(CHAIN[0:2], CHAIN[2:0:-1], CHAIN[2:4], CHAIN[4:2:-1])
    net = build(layer)
    assert (net.graph.number_of_nodes(), net.graph.number_of_edges()) == (2, 1)
    (_, _, d) = next(iter(net.graph.edges(data=True)))
    coords = list(d["geometry"].coords)
    assert coords in (CHAIN, CHAIN[::-1])
    assert d["length_km"] == pytest.approx(
        corridor.distance.geodesic_length_km([LineString(CHAIN)])[0], abs=1e-6
    )
    assert build(layer, simplify=False).graph.number_of_edges() == 4


def test_simplification_stops_where_the_road_class_changes():
    layer = roads(CHAIN[0:2], CHAIN[1:3], CHAIN[2:4], CHAIN[3:5], road_class=list("ppts"))
    net = build(
        layer,
        road_class={"p": "primary", "t": "track", "s": "secondary"},
        class_column="road_class",
    )
    classes = sorted(d["road_class"] for *_, d in net.graph.edges(data=True))
    assert classes == ["primary", "secondary", "track"]
    assert net.graph.number_of_nodes() == 4


def test_a_closed_ring_keeps_one_node():
    ring = [(0.2, 0.2), (0.4, 0.2), (0.4, 0.4), (0.2, 0.4), (0.2, 0.2)]
    net = build(roads(ring[0:3], ring[2:5]))
    assert (net.graph.number_of_nodes(), net.graph.number_of_edges()) == (1, 1)
    (u, v, d) = next(iter(net.graph.edges(data=True)))
    assert u == v and len(d["geometry"].coords) == 5


# --------------------------------------------------------------------------- border crossings


def test_a_road_over_the_border_gets_the_known_crossing():
    net = build(roads([(0.5, 0.3), (1.5, 0.3)]), crossings=crossings())
    g = net.graph
    assert g.nodes["x-south"]["kind"] == "crossing"
    assert g.nodes["x-south"]["country"] == "AAA|BBB"
    assert g.nodes["x-south"]["crossing_kind"] == "official"
    assert g.nodes["x-south"]["geometry"].equals_exact(Point(1.0, 0.3), 1e-9)
    assert sorted(d["country"] for *_, d in g.edges("x-south", data=True)) == ["AAA", "BBB"]
    row = report(net).crossings.set_index("id").loc["x-south"]
    assert row["known"] and row["km"] == pytest.approx(0.0, abs=1e-6)


def test_intersections_match_by_distance_then_name_and_the_rest_get_generated_ids():
    known = crossings(("x-north", "Northgate", 1.0, 0.72), ("x-south", "Southgate", 1.0, 0.3))
    layer = roads([(0.5, 0.8), (1.5, 0.8)], [(0.5, 0.1), (1.5, 0.1)])
    net = build(layer, crossings=known, retain_all=True)
    rep = report(net).crossings.set_index("id")
    assert rep.loc["x-north", "km"] == pytest.approx(8.85, abs=0.01)  # matched 8.85 km away
    assert "x-south" not in rep.index  # 22 km from the road at lat 0.1: not within 10 km
    assert rep.loc["xing-AAA-BBB-1", "known"] == False  # noqa: E712
    gen = net.graph.nodes["xing-AAA-BBB-1"]
    assert gen["kind"] == "crossing" and gen["crossing_kind"] == "official"
    assert "no known crossing" in gen["note"]
    assert report(net).known_without_road == ["x-south"]
    assert net.graph.degree("x-south") == 0  # kept, isolated, so scenarios can name it

    # two known crossings 11.1 and 10.6 km from one intersection: the nearer wins, unless the
    # road's name matches the other (a name counts NAME_BONUS_KM = 1 km closer)
    pair = crossings(("k-north", "Northgate", 1.0, 0.4), ("k-south", "Southgate", 1.0, 0.205))
    road = [(0.5, 0.3), (1.5, 0.3)]
    unnamed = build(roads(road), crossings=pair, crossing_km=15)
    named = build(roads(road, name=["Northgate Road"]), crossings=pair, crossing_km=15)
    assert unnamed.graph.degree("k-south") == 2 and unnamed.graph.degree("k-north") == 0
    assert named.graph.degree("k-north") == 2 and named.graph.degree("k-south") == 0
    (edge,) = list(named.graph.edges("k-north", data=True))[:1]
    assert edge[2]["road"] == "Northgate Road"


def test_nearby_intersections_join_their_known_crossing():
    # a dual carriageway crosses 0.5 km apart; both carriageways end at the one crossing node
    net = build(
        roads([(0.5, 0.3), (1.5, 0.3)], [(0.5, 0.3045), (1.5, 0.3045)]),
        crossings=crossings(),
        retain_all=True,
    )
    assert net.graph.degree("x-south") == 4
    assert report(net).crossings.set_index("id").loc["x-south", "intersections"] == 2
    assert not any(n.startswith("xing-") for n in net.graph)


def test_a_road_that_stops_at_the_border_does_not_cross_it():
    net = build(
        roads([(0.5, 0.5), (1.0, 0.5)], [(1.0, 0.5005), (1.5, 0.5005)]),
        snap_km=0.5,
        retain_all=True,
    )
    assert not [n for n, k in net.graph.nodes(data="kind") if k == "crossing"]


def test_unmatched_crossings_can_be_dropped():
    net = build(roads([(0.5, 0.8), (1.5, 0.8)]), unmatched_crossings="drop", crossings=False)
    g = net.graph
    assert not [n for n, k in g.nodes(data="kind") if k == "crossing"]
    assert {"cut-AAA-BBB-1-a", "cut-AAA-BBB-1-b"} <= set(g)
    assert g.degree("cut-AAA-BBB-1-a") == 1 and g.degree("cut-AAA-BBB-1-b") == 1
    assert nx.number_connected_components(g) == 2
    assert g.nodes["cut-AAA-BBB-1-a"]["country"] == "AAA"
    assert g.nodes["cut-AAA-BBB-1-b"]["country"] == "BBB"


# --------------------------------------------------------------------------- zones and places


def test_edges_are_split_at_zone_boundaries():
    net = build(roads([(1.1, 0.3), (1.7, 0.3)]), zones=zones())
    edges = sorted(net.graph.edges(data=True), key=lambda e: e[2]["geometry"].bounds[0])
    assert [d["zones"] for *_, d in edges] == [(), ("z-mid",), ()]
    assert [d["id"] for *_, d in edges] == ["r1/0", "r1/1", "r1/2"]
    kinds = sorted(k for _, k in net.graph.nodes(data="kind"))
    assert kinds == ["boundary", "boundary", "junction", "junction"]
    assert {n for n, k in net.graph.nodes(data="kind") if k == "boundary"} == {"b1", "b2"}
    # generated ids skip the ids of places
    named = build(roads([(1.1, 0.3), (1.7, 0.3)]), zones=zones(), places=places(("b1", 1.1, 0.3)))
    assert named.graph.nodes["b1"]["kind"] == "town"
    assert {n for n, k in named.graph.nodes(data="kind") if k == "boundary"} == {"b2", "b3"}
    assert net.zones is not None and list(net.zones["id"]) == ["z-mid"]


def test_places_take_the_nearest_node_or_a_node_of_their_own_on_the_road():
    layer = roads([(0.1, 0.5), (0.3, 0.5)], [(0.3, 0.5), (0.9, 0.5)], [(0.3, 0.5), (0.3, 0.9)])
    pl = places(("near-node", 0.31, 0.51), ("mid-road", 0.6, 0.505), ("far", 0.6, 0.05))
    with pytest.warns(BuildWarning, match=r"1 of 3 places were dropped \(more than 25 km .*: far"):
        net = network_from_roads(
            layer, places=pl, crossings=False, zones=False, borders=borders(), countries=countries()
        )
    g = net.graph
    assert g.nodes["near-node"]["geometry"].equals_exact(Point(0.3, 0.5), 1e-9)
    assert g.degree("near-node") == 3 and g.nodes["near-node"]["kind"] == "town"
    assert g.nodes["mid-road"]["geometry"].equals_exact(Point(0.6, 0.5), 1e-9)
    assert g.degree("mid-road") == 2
    assert "far" not in g
    rep = report(net).places.set_index("id")
    assert rep.loc["mid-road", "km"] == pytest.approx(0.555, abs=0.01)
    assert rep.loc["near-node", "km"] == pytest.approx(1.56, abs=0.02)
    assert pd.isna(rep.loc["far", "node"])
    assert net.node_id("Mid-Road") == "mid-road"
    # two places on one spot: the nearer takes the node, the other is dropped
    twins = places(("one", 0.3, 0.5), ("two", 0.3, 0.5))
    with pytest.warns(BuildWarning, match=r"1 of 2 places were dropped .*: two"):
        net = network_from_roads(
            layer,
            places=twins,
            crossings=False,
            zones=False,
            borders=borders(),
            countries=countries(),
        )
    assert "one" in net.graph and "two" not in net.graph


# --------------------------------------------------------------------------- schema


def test_nodes_and_edges_have_the_network_schema_and_resolve_and_route():
    layer = roads([(0.3, 0.3), (1.7, 0.3)], [(0.3, 0.3), (0.3, 0.7)])
    net = build(
        layer,
        crossings=crossings(),
        zones=zones("lebanon-state"),  # an actor the bundled control data know (passable)
        places=places(("a1", 0.3, 0.7), ("b1", 1.7, 0.3, "BBB")),
    )
    for _, d in net.graph.nodes(data=True):
        assert set(d) == {*NODE_FIELDS, "geometry"}
        assert d["kind"] in ("city", "town", "junction", "crossing", "boundary")
    for *_, d in net.graph.edges(data=True):
        assert set(d) == {*EDGE_FIELDS, "geometry"}
        assert isinstance(d["zones"], tuple) and isinstance(d["length_km"], float)
        assert d["road_class"] == "unclassified" and d["surface"] == "paved"
    nodes, edges = net.to_gdfs()
    again = corridor.from_gdfs(nodes, edges, zones=net.zones)
    assert again.graph.number_of_edges() == net.graph.number_of_edges()
    states = corridor.edge_states(net, Scenario.at("2018-07-01"))
    assert len(states) == net.graph.number_of_edges()
    # the synthetic crossings have no status record: unknown, which is not open by default
    assert best_route(net, Scenario.at("2018-07-01"), "a1", "b1", weight="km") is None
    sc = Scenario.at("2018-07-01").with_unknown_crossings("open")
    route = best_route(net, sc, "a1", "b1", weight="km")
    assert route is not None and route.crossings == ["x-south"]
    assert route.countries == ["AAA", "BBB"]


def test_zones_held_by_an_actor_the_control_data_do_not_know_are_refused():
    net = build(roads([(0.3, 0.3), (1.7, 0.3)]), zones=zones("hostile"))
    with pytest.raises(corridor.DataError, match="'hostile', an actor the control data do not"):
        corridor.edge_states(net, Scenario.at("2018-07-01"))


def test_road_classes_and_surfaces_come_from_the_source_or_a_mapping():
    layer = roads(
        [(0.1, 0.1), (0.2, 0.1)],
        [(0.1, 0.2), (0.2, 0.2)],
        [(0.1, 0.3), (0.2, 0.3)],
        [(0.1, 0.4), (0.2, 0.4)],
        highway=["trunk", "motorway_link", "footway", "mystery"],
        surface=["asphalt", None, None, "gravel"],
    )
    net = build(layer, retain_all=True)
    got = {d["road_id"]: (d["road_class"], d["surface"]) for *_, d in net.graph.edges(data=True)}
    assert got == {
        "r1": ("highway", "paved"),
        "r2": ("motorway", "paved"),
        "r4": ("unclassified", "dirt"),  # unknown class: the default
    }
    assert report(net).skipped == {"excluded by road class": 1}
    assert report(net).road_class == "column 'highway'"
    mapped = build(layer, retain_all=True, road_class={"mystery": "track", "footway": "secondary"})
    got = {d["road_id"]: d["road_class"] for *_, d in mapped.graph.edges(data=True)}
    assert got == {"r1": "highway", "r2": "motorway", "r3": "secondary", "r4": "track"}
    func = build(layer, retain_all=True, road_class=lambda gdf: ["track"] * len(gdf))
    assert {d["road_class"] for *_, d in func.graph.edges(data=True)} == {"track"}
    assert {
        d["surface"]
        for *_, d in build(layer, retain_all=True, surface="dirt").graph.edges(data=True)
    } == {"dirt"}


# --------------------------------------------------------------------------- bad input


def test_non_line_geometries_are_skipped_and_counted_or_refused_when_strict():
    layer = gpd.GeoDataFrame(
        {"id": ["r1", "p1", "a1", "e1", "n1", "bad"]},
        geometry=[
            LineString([(0.1, 0.5), (0.5, 0.5)]),
            Point(0.2, 0.2),
            Polygon([(0, 0), (0.1, 0), (0.1, 0.1)]),
            LineString(),
            None,
            LineString([(0.3, 0.3), (0.3, 0.3)]),
        ],
        crs=WGS84,
    )
    with pytest.warns(BuildWarning) as caught:
        net = network_from_roads(
            layer,
            places=False,
            crossings=False,
            zones=False,
            borders=borders(),
            countries=countries(),
        )
    message = str(caught[0].message)
    assert "skipped 5 of 6 features" in message
    for part in (
        "1 not a line: Point",
        "1 not a line: Polygon",
        "1 empty geometry",
        "1 missing geometry",
        "1 invalid line",
    ):
        assert part in message
    assert report(net).skipped == {
        "missing geometry": 1,
        "empty geometry": 1,
        "not a line: Point": 1,
        "not a line: Polygon": 1,
        "invalid line": 1,
    }
    assert net.graph.number_of_edges() == 1
    with pytest.raises(
        DataError, match=r"feature 4 \(id 'n1'\): missing geometry; expected a LineString"
    ):
        build(layer, strict=True)
    with pytest.raises(DataError, match=r"feature 1 \(id 'p1'\): not a line: Point"):
        build(layer.iloc[[0, 1, 2]], strict=True)
    with pytest.raises(
        DataError, match=r"feature 1 \(id 'bad'\): invalid line \(fewer than two distinct"
    ):
        build(layer.iloc[[0, 5]], strict=True)


def test_a_projected_crs_is_reprojected_and_a_missing_one_refused():
    layer = roads([(0.2, 0.5), (0.5, 0.5), (0.8, 0.5)], [(0.5, 0.2), (0.5, 0.5)])
    plain = build(layer)
    projected = build(layer.to_crs("EPSG:32631"))
    assert report(projected).crs == "EPSG:32631"
    assert projected.graph.number_of_edges() == plain.graph.number_of_edges() == 3
    km = sorted(d["length_km"] for *_, d in plain.graph.edges(data=True))
    km_p = sorted(d["length_km"] for *_, d in projected.graph.edges(data=True))
    assert km_p == pytest.approx(km, abs=1e-3)
    with pytest.raises(
        DataError, match=r"roads GeoDataFrame: no CRS; set the one the coordinates are in"
    ):
        build(layer.set_crs(None, allow_override=True))
    metres = layer.to_crs("EPSG:32631").set_crs(WGS84, allow_override=True)
    with pytest.raises(
        DataError, match=r"outside the longitude/latitude range; these look like projected metres"
    ):
        build(metres)
    # another side layer in a projected CRS is reprojected too
    with_places = build(layer, places=places(("mid", 0.5, 0.5)).to_crs("EPSG:32631"))
    assert "mid" in with_places.graph


def test_bad_files_and_options_raise_data_errors(tmp_path):
    with pytest.raises(DataError, match=r"nowhere\.gpkg: file not found \(roads\)"):
        build(tmp_path / "nowhere.gpkg")
    junk = tmp_path / "junk.gpkg"
    junk.write_text("not a geopackage")
    with pytest.raises(DataError, match=r"junk\.gpkg: cannot be read as a road layer"):
        build(junk)
    with pytest.raises(DataError, match=r"roads must be a GeoDataFrame or the path"):
        build(42)
    only_points = gpd.GeoDataFrame({"id": ["p"]}, geometry=[Point(0.5, 0.5)], crs=WGS84)
    with pytest.raises(
        DataError, match=r"no usable road line \(1 features; skipped: 1 not a line: Point\)"
    ):
        build(only_points)
    layer = roads([(0.2, 0.5), (0.8, 0.5)], kind=["x"])
    with pytest.raises(DataError, match=r"no column 'klass' for road_class"):
        build(layer, road_class="klass")
    with pytest.raises(DataError, match=r"the road_class mapping gives .fast. for .x."):
        build(layer, road_class={"x": "fast"}, class_column="kind")
    with pytest.raises(DataError, match=r"borders GeoDataFrame: a borders layer needs the codes"):
        build(layer, borders=borders().drop(columns=["adm0_a3_l"]))
    with pytest.raises(DataError, match=r"snap_km must be a finite distance in km >= 0"):
        build(layer, snap_km=-1)
    with pytest.raises(DataError, match=r"noding must be 'vertices' or 'intersections'"):
        build(layer, noding="all")
    with pytest.raises(DataError, match=r"node id 'x-south' is used twice"):
        build(
            roads([(0.5, 0.3), (1.5, 0.3)]),
            crossings=crossings(),
            places=places(("x-south", 0.5, 0.3)),
        )


def test_reads_any_format_pyogrio_reads(tmp_path):
    layer = roads([(0.2, 0.5), (0.5, 0.5), (0.8, 0.5)], [(0.5, 0.2), (0.5, 0.5)], name=["A", "B"])
    path = tmp_path / "roads.gpkg"
    layer.to_file(path, layer="lines", engine="pyogrio")
    net = build(path, layer="lines")
    assert net.graph.number_of_edges() == 3
    assert {d["road"] for *_, d in net.graph.edges(data=True)} == {"A", "B"}
    assert {d["source"] for *_, d in net.graph.edges(data=True)} == {"roads.gpkg"}
    assert net.name == "roads"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),
            st.integers(0, 5),
            st.sampled_from([(1, 0), (0, 1), (1, 1), (1, -1)]),
            st.booleans(),
        ),
        min_size=1,
        max_size=25,
        unique_by=lambda s: s[:3],
    )
)
def test_building_keeps_every_road_km_and_every_distance(steps):
    """Random roads on a lattice (vertices shared where they meet, some drawn backwards):
    noding, simplification and splitting at borders and zones keep the total length, every
    edge runs from its u node to its v node, and network distances between junctions and
    dead ends are the same with and without simplification."""
    lines = []
    for x, y, (dx, dy), backwards in steps:
        a = (0.6 + 0.1 * x, 0.1 + 0.1 * y)
        b = (0.6 + 0.1 * (x + dx), 0.1 + 0.1 * (y + dy))
        lines.append([b, a] if backwards else [a, b])
    layer = roads(*lines)
    kw = {"retain_all": True, "zones": zones(), "crossings": crossings()}
    net = build(layer, **kw)
    flat = build(layer, simplify=False, **kw)
    want = corridor.distance.geodesic_length_km(layer.geometry.values).sum()
    for n in (net, flat):
        assert sum(d["length_km"] for *_, d in n.graph.edges(data=True)) == pytest.approx(want)
    g = net.graph
    for u, v, d in g.edges(data=True):
        ends = {shapely.get_point(d["geometry"], 0).wkb, shapely.get_point(d["geometry"], -1).wkb}
        assert ends == {g.nodes[u]["geometry"].wkb, g.nodes[v]["geometry"].wkb}
    isolated = [n for n in g if g.degree(n) == 0 and g.nodes[n]["kind"] == "crossing"]
    assert report(net).components == nx.number_connected_components(g) - len(isolated)

    def by_xy(n):
        return {
            (round(d["geometry"].x, 7), round(d["geometry"].y, 7)): node
            for node, d in n.graph.nodes(data=True)
            if n.graph.degree(node) not in (0, 2)
        }

    key_net, key_flat = by_xy(net), by_xy(flat)
    assert set(key_net) <= set(key_flat)
    points = sorted(key_net)[:4]
    for p in points:
        d1 = nx.single_source_dijkstra_path_length(net.graph, key_net[p], weight="length_km")
        d2 = nx.single_source_dijkstra_path_length(flat.graph, key_flat[p], weight="length_km")
        for q in points:
            assert (key_net[q] in d1) == (key_flat[q] in d2)
            if key_net[q] in d1:
                assert d1[key_net[q]] == pytest.approx(d2[key_flat[q]], abs=1e-5)


# --------------------------------------------------------------------------- osm-highways


@pytest.fixture(scope="module")
def osm():
    return corridor.load("osm-highways")


@pytest.fixture(scope="module")
def curated():
    return corridor.load()


def builtin_scenarios():
    from corridor.whatif import scenario, scenarios

    try:
        names = scenarios()["name"].tolist()
    except FileNotFoundError:  # no data/scenarios.toml yet
        return [Scenario.at("2018-07-01")]
    return [scenario(n) for n in names]


def test_osm_highways_loads_with_its_report(osm):
    rep = report(osm)
    assert osm.name == "osm-highways"
    assert rep.features == 15177 and not rep.skipped
    assert rep.largest_share_km > 0.98
    assert rep.road_class.startswith("the reference roads for ")
    assert rep.road_class.endswith("the default 'unclassified' (no class column)")
    classes = {d["road_class"] for *_, d in osm.graph.edges(data=True)}
    assert {"motorway", "highway", "primary", "unclassified", "track"} <= classes
    assert rep.unclassified_km > 0 and "hours on them assume one speed" in rep.summary()
    known = set(rep.crossings.loc[rep.crossings["known"], "id"])
    assert known >= {
        "albukamal-al-qaim",
        "al-tanf-al-waleed",
        "al-yarubiyah-rabia",
        "semalka-faysh-khabur",
        "masnaa-jdeidet-yabous",
        "al-qaa-jousieh",
        "khosravi-mundhiriya",
        "mehran-zurbatiyah",
    }
    # the layer has no road to the Albukamal dirt bypasses: their curated tracks are added
    assert set(rep.informal.loc[rep.informal["added"], "crossing"]) == {
        "albukamal-bypass-north",
        "albukamal-bypass-south",
    }
    assert (rep.informal[["start_km", "end_km"]] < 5).all(axis=None)
    for c in ("albukamal-bypass-north", "albukamal-bypass-south"):
        assert osm.graph.degree(c) == 2 and osm.graph.nodes[c]["crossing_kind"] == "informal"
        assert {d["road_class"] for *_, d in osm.graph.edges(c, data=True)} == {"track"}
        assert {d["surface"] for *_, d in osm.graph.edges(c, data=True)} == {"dirt"}
    assert all(osm.graph.degree(c) == 0 for c in rep.known_without_road)
    assert {"tehran", "baghdad", "damascus", "beirut", "al-tanf"} <= set(osm.graph)
    # the documented al-Tanf gap (38.614 E 33.512 N - 38.627 E 33.505 N, 1.4 km) is closed
    s = rep.snapped
    tanf = s[
        (s[["lon_a", "lon_b"]].min(axis=1).round(3) == 38.614)
        & (s[["lon_a", "lon_b"]].max(axis=1).round(3) == 38.627)
    ]
    assert len(tanf) == 1 and tanf["km"].iloc[0] == pytest.approx(1.43, abs=0.02)
    print(rep.summary())


def test_osm_highways_resolves_every_builtin_scenario_and_answers_tehran_beirut(osm):
    answered = []
    for sc in builtin_scenarios():
        res = corridor.resolve(osm, sc)
        assert len(res.state) == osm.graph.number_of_edges()
        routes = corridor.viable_routes(osm, sc, "Tehran", "Beirut", k=2)
        for r in routes:
            assert r.nodes[0] == "tehran" and r.nodes[-1] == "beirut"
            assert r.countries[0] == "IRN" and r.countries[-1] == "LBN"
            assert r.length_km > 1000
        if routes:
            answered.append(sc.name)
    assert answered  # e.g. autumn-2019 and tanf-handover-2018


def test_osm_highways_route_through_al_tanf_needs_the_snapped_gap(osm):
    passable = (
        Scenario.at("2018-07-01")
        .with_stance("coalition", "passable")
        .with_crossing("al-tanf-al-waleed", "open")
    )
    route = best_route(osm, passable, "Tehran", "Beirut")
    assert route is not None
    assert "al-tanf-al-waleed" in route.crossings and "al-tanf" in route.nodes
    assert route.countries == ["IRN", "IRQ", "SYR", "LBN"]
    path = corridor.bundled_data_dir() / "osm-highways" / "roads.geojson"
    unsnapped = build(
        path,
        snap_km=0,
        road_class="highway",
        places=None,
        crossings=None,
        borders=None,
        countries=None,
        zones=None,
    )
    other = best_route(unsnapped, passable, "Tehran", "Beirut")
    assert other is None or "al-tanf-al-waleed" not in other.crossings


def _irq_syr(route) -> str | None:
    found = [c for c in route.crossings if c in IRQ_SYR]
    return found[0] if found else None


IRQ_SYR = {
    "albukamal-al-qaim",
    "albukamal-bypass-north",
    "albukamal-bypass-south",
    "al-tanf-al-waleed",
    "al-yarubiyah-rabia",
    "semalka-faysh-khabur",
}


def test_osm_highways_and_the_curated_network_agree_on_the_border_crossing(osm, curated):
    """Both networks under the built-in scenarios: best route crossings and lengths.

    What is true with the bundled data: where both networks have a route they cross from
    Iraq into Syria at the same place (the Albukamal dirt bypass in late 2017 and mid-2018, on
    the curated tracks both networks carry; Albukamal-al-Qaim in autumn 2019; al-Tanf after a
    handover); the OSM-derived route is shorter (its desert chords are straight, the curated
    Euphrates road follows the river).
    """
    rows = []
    for sc in builtin_scenarios():
        a = best_route(curated, sc, "Tehran", "Beirut")
        b = best_route(osm, sc, "Tehran", "Beirut")
        rows.append(
            {
                "scenario": sc.name,
                "curated": a.via if a else "-",
                "osm": b.via if b else "-",
                "curated_km": round(a.length_km) if a else np.nan,
                "osm_km": round(b.length_km) if b else np.nan,
                "delta_km": round(b.length_km - a.length_km) if a and b else np.nan,
                "same_iraq_syria_crossing": (_irq_syr(a) == _irq_syr(b)) if a and b else None,
            }
        )
        if a and b:
            assert _irq_syr(a) == _irq_syr(b), (sc.name, a.via, b.via)
            assert abs(b.length_km - a.length_km) < 0.2 * a.length_km
            assert a.crossings[0] == b.crossings[0]  # the same Iran-Iraq crossing
        elif a and not b:
            assert _irq_syr(a) in ("albukamal-bypass-north", "albukamal-bypass-south"), sc.name
        elif b and not a:
            pytest.fail(f"{sc.name}: only the OSM-derived network has a route ({b.via})")
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print("\n" + table.to_string(index=False))
    assert table["same_iraq_syria_crossing"].eq(True).sum() >= 2


def test_load_osm_highways_is_the_named_dataset():
    net = load_osm_highways()
    assert net.name == "osm-highways"
    assert report(net).edges == net.graph.number_of_edges()


# Every built-in scenario on both networks: the Syria-Iraq crossing of the best Tehran-Beirut
# route (None: no route on either network), with why, per scenario.
SAME_CROSSING = [
    ("spring-2017", None, "IS holds the Euphrates valley, rebels al-Tanf: no route on either"),
    ("mid-2017", None, "no Syria-Iraq crossing open to the axis yet: no route on either"),
    ("late-2017", "albukamal-bypass-north", "official crossing rebuilt: the dirt bypass"),
    ("mid-2018", "albukamal-bypass-north", "seed 001: the dirt bypass, on both networks"),
    ("autumn-2019", "albukamal-al-qaim", "the official crossing reopened on 30 Sep 2019"),
    ("tanf-handover-2018", "al-tanf-al-waleed", "what-if: the Americans leave al-Tanf"),
    ("qaim-to-baghdad-2019", None, "al-Qaim held by Baghdad-loyal units: no route on either"),
    ("present", None, "the transitional government denies the axis: no route on either"),
]


def test_the_same_crossing_table_covers_every_builtin_scenario():
    from corridor.whatif import scenarios

    assert sorted(r[0] for r in SAME_CROSSING) == sorted(scenarios()["name"])


@pytest.mark.parametrize("name, crossing, why", SAME_CROSSING, ids=[r[0] for r in SAME_CROSSING])
def test_every_builtin_scenario_chooses_the_same_iraq_syria_crossing_on_both_networks(
    osm, curated, name, crossing, why
):
    from corridor.whatif import scenario

    sc = scenario(name)
    a = best_route(curated, sc, "Tehran", "Beirut")
    b = best_route(osm, sc, "Tehran", "Beirut")
    if crossing is None:
        assert a is None and b is None, (why, a and a.via, b and b.via)
        return
    assert a is not None and b is not None, why
    assert _irq_syr(a) == _irq_syr(b) == crossing, (why, a.via, b.via)


# --------------------------------------------------------------------------- informal tracks


def _informal_world():
    """An official crossing at lat 0.3 on a road, an informal one at lat 0.6 with a curated
    dirt track a1 -> x-bypass -> b1 whose ends lie 0.005 degree (about 0.55 km) off the road
    layer's vertices."""
    layer = roads([(0.5, 0.3), (1.5, 0.3)], [(0.5, 0.3), (0.5, 0.7)], [(1.5, 0.3), (1.5, 0.7)])
    known = crossings(("x-south", "Southgate", 1.0, 0.3), ("x-bypass", "Bypass", 1.0, 0.6))
    known.loc[known["id"] == "x-bypass", "kind"] = "informal"
    curated = gpd.GeoDataFrame(
        {
            "id": ["a1--x-bypass", "x-bypass--b1"],
            "u": ["a1", "x-bypass"],
            "v": ["x-bypass", "b1"],
            "road": ["Bypass track", "Bypass track"],
            "road_class": ["track", "track"],
            "surface": ["dirt", "dirt"],
            "source": ["synthetic track", "synthetic track"],
        },
        geometry=[LineString([(0.505, 0.7), (1.0, 0.6)]), LineString([(1.0, 0.6), (1.495, 0.7)])],
        crs=WGS84,
    )
    return layer, known, curated


def test_informal_crossing_tracks_are_added_and_joined_at_the_nearest_vertex():
    layer, known, curated = _informal_world()
    net = build(layer, crossings=known, informal=curated, class_reference=False)
    assert net.graph.degree("x-bypass") == 2
    assert net.graph.nodes["x-bypass"]["crossing_kind"] == "informal"
    ends = {u for u, v in net.graph.edges("x-bypass")} | {v for u, v in net.graph.edges("x-bypass")}
    ends.discard("x-bypass")
    assert {tuple(net.graph.nodes[e]["geometry"].coords[0]) for e in ends} == {
        (0.5, 0.7),
        (1.5, 0.7),
    }
    edges = [d for *_, d in net.graph.edges("x-bypass", data=True)]
    assert {(d["road_class"], d["surface"]) for d in edges} == {("track", "dirt")}
    assert all("nearest road vertex" in d["source"] for d in edges)
    table = report(net).informal
    assert table["added"].tolist() == [True]
    assert table["start_km"].iloc[0] == pytest.approx(0.556, abs=0.01)
    # without the road through the official crossing, the bypass is the way across
    alone = build(roads(*layer.geometry.iloc[1:]), crossings=known, informal=curated)
    sc = Scenario.at("2018-07-01").with_unknown_crossings("open")
    route = best_route(alone, sc, node_at(alone, 0.5, 0.3), node_at(alone, 1.5, 0.3), weight="km")
    assert route is not None and route.crossings == ["x-bypass"]


def test_informal_tracks_are_left_out_when_off_the_road_layer_or_not_asked_for():
    layer, known, curated = _informal_world()
    far = curated.copy()
    far["geometry"] = [LineString([(0.1, 0.95), (1.0, 0.6)]), LineString([(1.0, 0.6), (1.9, 0.95)])]
    short = roads([(0.5, 0.3), (1.5, 0.3)])  # nearest vertex 0.4 degree (about 48 km) away
    net = build(short, crossings=known, informal=far, class_reference=False)
    assert report(net).informal["added"].tolist() == [False]
    assert net.graph.degree("x-bypass") == 0  # isolated, as before
    none = build(layer, crossings=known, informal=False, class_reference=False)
    assert none.graph.degree("x-bypass") == 0 and not len(report(none).informal)


# --------------------------------------------------------------------------- reference classes


def test_roads_without_a_class_take_the_class_of_the_reference_road_they_follow():
    from corridor.network.from_roads.matching import classes_from_reference

    layer = roads(
        [(0.1, 0.1), (0.9, 0.1)],  # on the reference motorway (0.005 degree, 0.55 km, off)
        [(0.1, 0.5), (0.9, 0.5)],  # far from every reference road
        [(0.1, 0.8), (0.5, 0.8), (0.5, 0.95)],  # half on the reference track: under 60 %
    )
    ref = gpd.GeoDataFrame(
        {"id": ["m1", "t1"], "road_class": ["motorway", "track"], "surface": ["paved", "dirt"]},
        geometry=[LineString([(0.0, 0.105), (1.0, 0.105)]), LineString([(0.1, 0.8), (0.3, 0.8)])],
        crs=WGS84,
    )
    found = classes_from_reference(layer.geometry.values, ref)
    assert found.road.tolist() == ["m1", None, None]
    net = build(layer, class_reference=ref, retain_all=True)
    got = {d["road_id"]: (d["road_class"], d["surface"]) for *_, d in net.graph.edges(data=True)}
    assert got["r1"] == ("motorway", "paved")
    assert got["r2"] == ("unclassified", "paved")
    assert report(net).road_class.startswith("the reference roads for 1 of 3 features")
    assert report(net).unclassified_km > 0
    # a class column wins over the reference
    own = build(layer.assign(highway="secondary"), class_reference=ref, retain_all=True)
    assert {d["road_class"] for *_, d in own.graph.edges(data=True)} == {"secondary"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(0.0, 1.5), st.floats(2.5, 20.0))
def test_a_road_follows_a_reference_road_only_within_the_matching_distance(off_km, far_km):
    from corridor.network.from_roads.matching import classes_from_reference

    deg = 1 / 111.2  # about one km of latitude
    ref = gpd.GeoDataFrame(
        {"id": ["p"], "road_class": ["primary"], "surface": ["paved"]},
        geometry=[LineString([(0.0, 0.5), (1.0, 0.5)])],
        crs=WGS84,
    )
    near = LineString([(0.1, 0.5 + off_km * deg), (0.9, 0.5 + off_km * deg)])
    far = LineString([(0.1, 0.5 + far_km * deg), (0.9, 0.5 + far_km * deg)])
    found = classes_from_reference(np.array([near, far], dtype=object), ref)
    assert found.road.tolist() == ["p", None]


def test_a_road_with_a_nan_vertex_is_skipped_and_reported():
    """A NaN vertex crashed the check of the axis order (scipy: "data must be finite") and
    warned from Shapely in the class matching; the feature is now skipped and reported, as
    other invalid lines are. Bundled side layers (places, crossings, reference roads)."""
    nan = float("nan")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # Shapely, building the test's line
        bad = LineString([(44.0, 33.0), (nan, 33.1), (44.2, 33.2)])
    layer = roads(bad, [(44.3, 33.3), (44.6, 33.5)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        net = network_from_roads(layer)
    assert report(net).skipped == {"invalid line": 1}
    assert {d["road_id"] for *_, d in net.graph.edges(data=True)} == {"r2"}  # split at Baghdad
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
