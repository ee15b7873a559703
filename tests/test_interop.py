"""Networks in and out of the tools analysts already use: GeoPandas layers (``read_file``,
any CRS, ``to_gdfs``/``from_gdfs``), OpenStreetMap PBF extracts and OSMnx graphs.

The PBF test writes a small extract with ``osmium``; the OSMnx tests need ``osmnx`` (both in
the ``[osm]`` extra, which CI installs). Without them these tests fail on CI and skip
elsewhere.
"""

from __future__ import annotations

import logging
import os

import geopandas as gpd
import pytest
from shapely.geometry import LineString

import corridor
from corridor.network import network_from_roads
from corridor.routing import viable_routes

BUILT_INS = ["spring-2017", "late-2017", "mid-2018", "tanf-handover-2018", "present"]


def _need(module: str):
    """Import an optional dependency; on CI a missing one is a failure, not a skip."""
    if os.environ.get("CI"):
        return __import__(module)
    return pytest.importorskip(module)


@pytest.fixture(scope="module")
def net():
    return corridor.load()


def _answers(network, scenarios=BUILT_INS, pairs=(("Tehran", "Beirut"), ("Baghdad", "Damascus"))):
    """Every route's crossings, km and hours, for comparing two networks' answers."""
    return {
        (s, o, d): [
            (r.crossings, round(r.length_km, 1), round(r.hours, 2))
            for r in viable_routes(network, s, o, d, k=3)
        ]
        for s in scenarios
        for o, d in pairs
    }


# --------------------------------------------------------------------------- GeoPandas


def test_read_file_layers_build_the_bundled_network(net):
    """The bundled layers as geopandas.read_file reads them (datetime columns, pandas
    dtypes) build the same network and the same routes."""
    data = corridor.bundled_data_dir()
    layers = {n: gpd.read_file(data / f"{n}.geojson") for n in ("places", "crossings", "roads")}
    zones = gpd.read_file(data / "zones.geojson")
    assert any(str(t).startswith("datetime64") for t in zones.dtypes), "fixture lost its point"
    rebuilt = corridor.build_network(
        layers["places"],
        layers["crossings"],
        layers["roads"],
        countries=gpd.read_file(data / "countries.geojson"),
        borders=gpd.read_file(data / "borders.geojson"),
        zones=zones,
    )
    assert rebuilt.graph.number_of_edges() == net.graph.number_of_edges()
    assert _answers(rebuilt) == _answers(net)


def test_projected_layers_are_reprojected_with_a_log_note(net, caplog):
    data = corridor.bundled_data_dir()
    roads = gpd.read_file(data / "roads.geojson").to_crs("EPSG:32638")
    with caplog.at_level(logging.INFO, logger="corridor"):
        rebuilt = corridor.build_network(
            gpd.read_file(data / "places.geojson"),
            gpd.read_file(data / "crossings.geojson").to_crs("EPSG:3857"),
            roads,
            countries=gpd.read_file(data / "countries.geojson"),
            borders=gpd.read_file(data / "borders.geojson"),
            zones=gpd.read_file(data / "zones.geojson").to_crs("EPSG:32637"),
        )
    assert "reprojected from EPSG:32638 to EPSG:4326" in caplog.text
    assert "reprojected from EPSG:32637 to EPSG:4326" in caplog.text
    got = _answers(rebuilt, scenarios=["mid-2018"])
    want = _answers(net, scenarios=["mid-2018"])
    for key in want:  # reprojection moves coordinates by micrometres: km agree to 0.1
        assert [r[0] for r in got[key]] == [r[0] for r in want[key]]
        for a, b in zip(got[key], want[key]):
            assert a[1] == pytest.approx(b[1], abs=0.15)


def test_from_gdfs_of_to_gdfs_answers_like_the_original(net):
    """to_gdfs promises an equal network: the zones travel in edges.attrs; without them
    (edges written to a file and read back) from_gdfs finds the bundled zones by itself."""
    nodes, edges = net.to_gdfs()
    assert _answers(corridor.from_gdfs(nodes, edges)) == _answers(net)
    edges.attrs.clear()
    assert _answers(corridor.from_gdfs(nodes, edges)) == _answers(net)


def test_from_gdfs_accepts_a_projected_crs(net):
    nodes, edges = net.to_gdfs()
    rebuilt = corridor.from_gdfs(nodes.to_crs("EPSG:32638"), edges.to_crs("EPSG:32638"))
    a = corridor.best_route(rebuilt, "mid-2018", "Tehran", "Beirut")
    b = corridor.best_route(net, "mid-2018", "Tehran", "Beirut")
    assert a is not None and b is not None
    assert a.crossings == b.crossings
    assert a.length_km == pytest.approx(b.length_km, abs=0.1)


def test_from_gdfs_names_zones_it_cannot_find(net):
    nodes, edges = net.to_gdfs()
    edges = edges.copy()
    edges.loc[edges.index[0], "zones"] = "no-such-zone"
    with pytest.raises(corridor.DataError, match="no-such-zone"):
        corridor.from_gdfs(nodes, edges)


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("id", "same", "is the id of another edge too"),
        ("surface", "lava", "surface 'lava' is not one the cost model knows"),
        ("road_class", "motorwy", "did you mean 'motorway'?"),
    ],
)
def test_from_gdfs_refuses_shared_edge_ids_and_unknown_classes(net, column, value, message):
    """Two edges of one id: a road cut by that id cut only one; surface 'lava' was read as
    paved."""
    nodes, edges = net.to_gdfs()
    edges = edges.copy()
    edges[column] = value
    with pytest.raises(corridor.DataError, match=message):
        corridor.from_gdfs(nodes, edges)


def test_from_gdfs_makes_the_edge_ids_it_is_not_given(net):
    nodes, edges = net.to_gdfs()
    rebuilt = corridor.from_gdfs(nodes, edges.drop(columns="id"))
    ids = [d["id"] for *_, d in rebuilt.graph.edges(data=True)]
    assert len(set(ids)) == len(ids) and "tehran--hamadan" in ids
    assert corridor.best_route(rebuilt, "mid-2018", "Tehran", "Beirut") is not None


def test_routes_to_gdf_has_one_row_per_route_with_metrics(net):
    routes = viable_routes(net, "mid-2018", "Tehran", "Beirut", k=3)
    gdf = corridor.routes_to_gdf(routes)
    assert isinstance(gdf, gpd.GeoDataFrame) and gdf.crs.to_epsg() == 4326
    assert len(gdf) == len(routes) >= 2
    assert list(gdf["rank"]) == list(range(1, len(routes) + 1))
    assert gdf["length_km"].tolist() == [r.length_km for r in routes]
    assert {"hours", "via", "risk", "km_by_actor", "km_in_zones", "scenario"} <= set(gdf.columns)
    assert gdf.geometry.iloc[0].equals(routes[0].geometry)
    assert len(corridor.routes_to_gdf([])) == 0


# --------------------------------------------------------------------------- OpenStreetMap PBF


def _write_pbf(path, ways):
    """A tiny .osm.pbf: ``ways`` is [(way id, [(lon, lat), ...], tags)]; nodes numbered."""
    osmium = _need("osmium")
    from osmium.osm.mutable import Node, Way

    writer = osmium.SimpleWriter(str(path))
    ids: dict = {}
    try:
        for _, coords, _ in ways:
            for c in coords:
                if c not in ids:
                    ids[c] = len(ids) + 1
                    writer.add_node(Node(id=ids[c], location=c, tags={}))
        writer.add_node(Node(id=9999, location=(44.0, 33.0), tags={"amenity": "cafe"}))
        for way_id, coords, tags in ways:
            writer.add_way(Way(id=way_id, nodes=[ids[c] for c in coords], tags=tags))
        writer.add_way(Way(id=77, nodes=[ids[ways[0][1][0]], 9999], tags={"building": "yes"}))
    finally:
        writer.close()
    return path


def test_pbf_extract_builds_with_classes_names_and_surfaces(tmp_path):
    """Two highways from Baghdad west and a dirt track: classes from highway=*, names from
    name (or ref), surfaces from surface=*, ids osm:<way>; non-highway ways left out."""
    pbf = _write_pbf(
        tmp_path / "extract.osm.pbf",
        [
            (
                101,
                [(44.36, 33.31), (43.8, 33.4), (43.3, 33.42)],
                {"highway": "trunk", "name": "Route 10"},
            ),
            (102, [(43.3, 33.42), (42.4, 33.6)], {"highway": "primary", "ref": "10"}),
            (103, [(42.4, 33.6), (42.2, 33.9)], {"highway": "track", "surface": "gravel"}),
        ],
    )
    net = network_from_roads(pbf, places=False, crossings=False, zones=False)
    edges = net.to_gdfs(nodes=False)[1]
    by_id = edges.groupby("road_id").first()
    assert set(by_id.index) == {"osm:101", "osm:102", "osm:103"}
    assert by_id.loc["osm:101", "road_class"] == "highway"  # trunk
    assert by_id.loc["osm:102", "road_class"] == "primary"
    assert by_id.loc["osm:103", "road_class"] == "track"
    assert by_id.loc["osm:101", "road"] == "Route 10"
    assert by_id.loc["osm:102", "road"] == "10"
    assert by_id.loc["osm:103", "surface"] == "dirt"
    assert by_id.loc["osm:101", "surface"] == "paved"
    total = LineString([(44.36, 33.31), (43.8, 33.4), (43.3, 33.42), (42.4, 33.6), (42.2, 33.9)])
    assert edges["length_km"].sum() == pytest.approx(
        corridor.distance.geodesic_length_km(total), rel=1e-6
    )


def test_pbf_without_highways_is_refused_clearly(tmp_path):
    pbf = _write_pbf(
        tmp_path / "empty.osm.pbf", [(5, [(44.0, 33.0), (44.1, 33.1)], {"waterway": "river"})]
    )
    with pytest.raises(corridor.DataError, match="no way with a highway tag"):
        network_from_roads(pbf, places=False, crossings=False, zones=False)


# --------------------------------------------------------------------------- OSMnx


def test_to_osmnx_is_a_graph_osmnx_accepts(net):
    ox = _need("osmnx")
    G = net.to_osmnx()
    assert G.is_directed() and G.is_multigraph() and G.graph["crs"] == "EPSG:4326"
    assert G.number_of_edges() == 2 * net.graph.number_of_edges()
    nodes, edges = ox.graph_to_gdfs(G)
    assert {"x", "y", "corridor_id"} <= set(nodes.columns)
    tehran = nodes.index[nodes["corridor_id"] == net.node_id("Tehran")][0]
    beirut = nodes.index[nodes["corridor_id"] == net.node_id("Beirut")][0]
    path = ox.routing.shortest_path(G, tehran, beirut, weight="length")
    assert path[0] == tehran and path[-1] == beirut
    # OSMnx's shortest length equals corridor's shortest-km route on an open network
    km = sum(min(d["length"] for d in G[a][b].values()) for a, b in zip(path, path[1:])) / 1000
    import networkx as nx

    want = nx.shortest_path_length(
        net.graph, net.node_id("Tehran"), net.node_id("Beirut"), weight="length_km"
    )
    assert km == pytest.approx(want, rel=1e-9)
    # every directed edge's geometry starts at its u node
    for u, _, d in list(G.edges(data=True))[:50]:
        x0, y0 = d["geometry"].coords[0]
        assert (x0, y0) == pytest.approx((G.nodes[u]["x"], G.nodes[u]["y"]), abs=1e-6)
    import matplotlib.pyplot as plt

    fig, ax = ox.plot_graph(G, show=False, close=False, node_size=2)
    assert len(ax.collections) >= 1
    plt.close(fig)


def test_to_osmnx_carries_a_scenarios_edge_states(net):
    _need("osmnx")
    states = corridor.edge_states(net, "mid-2018")
    G = net.to_osmnx(states=states)
    blocked = {
        (d["corridor_u"], d["corridor_v"])
        for _, _, d in G.edges(data=True)
        if d["state"] == "blocked"
    }
    assert blocked, "mid-2018 blocks roads"
    for (u, v, _k), row in states.iterrows():
        if row["state"] == "blocked":
            assert (u, v) in blocked and (v, u) in blocked


@pytest.mark.parametrize("name", [None, "osm-highways"])
def test_osmnx_round_trip_gives_the_same_routes(name):
    _need("osmnx")
    network = corridor.load(name)
    back = corridor.network_from_osmnx(network.to_osmnx())
    assert back.graph.number_of_edges() == network.graph.number_of_edges()
    assert _answers(back) == _answers(network)


def test_network_from_a_downloaded_osmnx_graph(tmp_path):
    """A graph as OSMnx downloads one (osmid, highway, name, length, no corridor attributes)
    becomes a corridor network with the bundled crossing and places attached."""
    ox = _need("osmnx")
    import networkx as nx

    G = nx.MultiDiGraph(crs="EPSG:4326")
    pts = {1: (40.93, 34.45), 2: (40.98, 34.40), 3: (41.03, 34.38), 4: (41.2, 34.35)}
    for n, (x, y) in pts.items():
        G.add_node(n, x=x, y=y)
    for (u, v), osmid in {(1, 2): 11, (2, 3): 12, (3, 4): 13}.items():
        for a, b in ((u, v), (v, u)):
            G.add_edge(
                a, b, osmid=osmid, highway="trunk", name="Highway 12", oneway=False, length=1.0
            )
    G = ox.distance.add_edge_lengths(G)
    net = corridor.network_from_osmnx(G, places=False, zones=False, informal=False)
    # one road split at the Syria-Iraq border, where the known Albukamal crossing is matched
    # (the bundled crossings no road reaches are kept as isolated nodes)
    assert net.graph.number_of_edges() == 2
    on_road = [
        n for n, d in net.graph.nodes(data=True) if d["kind"] == "crossing" and net.graph.degree(n)
    ]
    assert on_road == ["albukamal-al-qaim"]
    assert sum(d["length_km"] for *_, d in net.graph.edges(data=True)) == pytest.approx(
        sum(d["length"] for *_, d in G.edges(data=True)) / 2000, rel=0.01
    )
    assert {d["road_class"] for *_, d in net.graph.edges(data=True)} == {"highway"}


def test_network_from_osmnx_refuses_a_graph_without_coordinates():
    _need("osmnx")
    import networkx as nx

    G = nx.MultiDiGraph(crs="EPSG:4326")
    G.add_edge(1, 2)
    with pytest.raises(corridor.DataError, match="x"):
        corridor.network_from_osmnx(G)


def _own_control_folder(tmp_path):
    """The bundled layers and control tables without the two Albukamal bypasses' status rows
    (of unknown status, so closed): no mid-2018 route."""
    import shutil

    folder = tmp_path / "own"
    folder.mkdir()
    src = corridor.bundled_data_dir()
    for name in ("places.geojson", "crossings.geojson", "roads.geojson", "zones.geojson"):
        shutil.copy(src / name, folder / name)
    for name in ("actors.json", "stances.csv"):
        shutil.copy(src / name, folder / name)
    lines = (src / "crossing_status.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("albukamal-bypass-")]
    assert len(kept) < len(lines)
    (folder / "crossing_status.csv").write_text("".join(kept), encoding="utf-8")
    return folder


def test_a_saved_network_keeps_its_own_control_tables(tmp_path):
    """save_network copies the control tables the network was loaded with into the folder it
    writes; loading it back gives the same answer (it fell back to the bundled tables)."""
    own = corridor.load(_own_control_folder(tmp_path))
    assert corridor.viable_routes(own, "mid-2018", "Tehran", "Beirut") == []
    back = corridor.load(corridor.save_network(own, tmp_path / "saved"))
    assert (tmp_path / "saved" / "crossing_status.csv").exists()
    assert corridor.viable_routes(back, "mid-2018", "Tehran", "Beirut") == []
    with pytest.warns(UserWarning, match="control tables .* are not saved in a GeoPackage"):
        corridor.save_network(own, tmp_path / "saved.gpkg")
