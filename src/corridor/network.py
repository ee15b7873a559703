"""The network model: roads, crossings and places as a NetworkX MultiGraph over Shapely geometries.

Nodes are places (city, town, junction), border crossings, and the points where a road
enters or leaves a control zone (kind "boundary"). Edges are road segments, each in one
country and each either wholly inside or wholly outside every control zone. All geometry is
EPSG:4326 (lon, lat); lengths are geodesic on WGS84, in km.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

from . import validate as checks
from ._lines import replace_endpoints, split_lines
from ._schema import EDGE_FIELDS, NODE_FIELDS
from .distance import geodesic_distance_km, geodesic_length_km
from .errors import DataError
from .io import coerce
from .names import NameIndex

__all__ = ["Network", "build_network", "from_gdfs"]

WGS84 = "EPSG:4326"
ENDPOINT_TOLERANCE_KM = 0.05  # a road end must meet its node this closely
ON_ROAD_KM = 0.2  # a node this close to a road's interior splits the road
ZONE_CUT_MERGE_DEG = 5e-4  # zone-boundary cuts this close (~50 m) to another cut are merged
KM_DECIMALS = 6  # length_km is rounded to the millimetre
COORD_GRID = 1e-7  # derived coordinates (zone-boundary nodes) are rounded to ~1 cm


class Network:
    """A corridor road network.

    Attributes
    ----------
    graph : networkx.MultiGraph
        Nodes keyed by id with attributes ``geometry`` (Point), ``kind``, ``country``,
        ``name``, ``aliases`` and the fields of :data:`corridor._schema.NODE_FIELDS`; edges
        with ``geometry`` (LineString), ``length_km`` (geodesic, WGS84), ``road``,
        ``road_class``, ``surface``, ``country``, ``id`` and ``zones`` (ids of the control
        zones that cover the edge). A crossing node's ``country`` is ``"SYR|IRQ"``.
    zones : geopandas.GeoDataFrame or None
        The control zones the edges were split on (all dates).
    name : str
        Where the network came from.

    Build one with :func:`corridor.load`, :func:`build_network` or :func:`from_gdfs`.
    """

    def __init__(
        self, graph: nx.MultiGraph, *, zones: gpd.GeoDataFrame | None = None, name: str = ""
    ):
        self.graph = graph
        self.zones = zones
        self.name = name
        self._control = None
        self._names: NameIndex | None = None
        self._cache: dict[str, Any] = {}  # per-network precomputation (routing arrays, ...)

    @property
    def control(self):
        """The control tables (actors, stances, crossing status) used with this network.

        Defaults to the bundled ones; assign a :class:`corridor.control.Control` to change them.
        """
        if self._control is None:
            from .control import load_control

            self._control = load_control()
        return self._control

    @control.setter
    def control(self, value) -> None:
        self._control = value
        self._cache.clear()

    # ----------------------------------------------------------------- lookup
    @property
    def names(self) -> NameIndex:
        """Index of node ids by id, name and alias (places before crossings)."""
        if self._names is None:
            order = {"city": 0, "town": 0, "junction": 0, "crossing": 1, "boundary": 2}
            nodes = sorted(self.graph.nodes(data=True), key=lambda nd: order[nd[1]["kind"]])
            self._names = NameIndex(
                (
                    (n, d.get("name") or n, d.get("aliases") or (), order[d["kind"]])
                    for n, d in nodes
                    if d["kind"] != "boundary"
                ),
                what="place",
            )
        return self._names

    def node_id(self, name: str) -> str:
        """The node id of a place or crossing given by id, name or alias.

        Matching ignores case, accents and punctuation. Raises
        :class:`corridor.UnknownNameError` with close matches for an unknown name.
        """
        if not isinstance(name, str):
            from .errors import CorridorError

            raise CorridorError(f"a place is given by its id, name or alias as text, got {name!r}")
        return self.names.resolve(name)

    def crossing_id(self, name: str) -> str:
        """The node id of a border crossing given by id, name or alias.

        Raises :class:`corridor.UnknownNameError` with close crossing names, or
        :class:`corridor.ScenarioError` when the name is a place that is not a crossing.
        """
        index = self._cache.get("crossing_names")
        if index is None:
            index = NameIndex(
                (
                    (n, d.get("name") or n, d.get("aliases") or ())
                    for n, d in self.graph.nodes(data=True)
                    if d["kind"] == "crossing"
                ),
                what="crossing",
            )
            self._cache["crossing_names"] = index
        ident = index.get(name) if isinstance(name, str) else None
        if ident is not None:
            return ident
        other = self.names.get(name) if isinstance(name, str) else None
        if other is not None:
            from .errors import ScenarioError

            d = self.graph.nodes[other]
            raise ScenarioError(
                f"{name!r} names {d.get('name') or other} (a {d['kind']}), not a border crossing; "
                f"crossings include {', '.join(repr(index.display(i)) for i in index.ids[:4])}"
            )
        return index.resolve(name)

    def place(self, name: str) -> dict[str, Any]:
        """Attributes of a place or crossing (by id, name or alias), with its ``id``."""
        node = self.node_id(name)
        return {"id": node, **self.graph.nodes[node]}

    @property
    def crossings(self) -> gpd.GeoDataFrame:
        """The border crossings as a GeoDataFrame indexed by id."""
        nodes, _ = self.to_gdfs(edges=False)
        return nodes[nodes["kind"] == "crossing"]

    # ----------------------------------------------------------------- conversion
    def to_gdfs(self, *, nodes: bool = True, edges: bool = True):
        """Return (nodes, edges) GeoDataFrames in EPSG:4326.

        ``nodes`` is indexed by node id, ``edges`` by (u, v, key). Either may be None when
        not asked for. :func:`corridor.from_gdfs` turns them back into an equal network.
        """
        node_gdf = edge_gdf = None
        if nodes:
            ids = list(self.graph.nodes)
            data = [self.graph.nodes[n] for n in ids]
            cols = {f: pd.Series([d.get(f) for d in data], dtype=object) for f in NODE_FIELDS}
            node_gdf = gpd.GeoDataFrame(cols, geometry=[d["geometry"] for d in data], crs=WGS84)
            node_gdf.index = pd.Index(ids, dtype=object, name="node")
        if edges:
            rows = list(self.graph.edges(keys=True, data=True))
            # report each edge from the start of its geometry to its end
            starts = shapely.get_coordinates(
                shapely.get_point([d["geometry"] for *_, d in rows], 0)
            )
            u_xy = shapely.get_coordinates([self.graph.nodes[u]["geometry"] for u, *_ in rows])
            v_xy = shapely.get_coordinates([self.graph.nodes[v]["geometry"] for _, v, *_ in rows])
            flip = np.hypot(*(starts - v_xy).T) < np.hypot(*(starts - u_xy).T)
            rows = [(v, u, k, d) if f else (u, v, k, d) for (u, v, k, d), f in zip(rows, flip)]
            cols = {
                f: pd.Series(
                    [d.get(f) for *_, d in rows], dtype=float if kind == "float" else object
                )
                for f, kind in EDGE_FIELDS.items()
            }
            edge_gdf = gpd.GeoDataFrame(cols, geometry=[d["geometry"] for *_, d in rows], crs=WGS84)
            edge_gdf.index = pd.MultiIndex.from_tuples(
                [(u, v, k) for u, v, k, _ in rows], names=["u", "v", "key"]
            )
        return node_gdf, edge_gdf

    def save(self, path) -> Any:
        """Write to a GeoPackage (``*.gpkg``) or a folder of GeoJSON; see :func:`corridor.save_network`."""
        from .io import save_network

        return save_network(self, path)

    # ----------------------------------------------------------------- summary
    def summary(self) -> dict[str, Any]:
        """Counts of nodes by kind, edges, total road km by class, and the crossings."""
        kinds = Counter(str(d["kind"]) for _, d in self.graph.nodes(data=True))
        km_by_class: Counter = Counter()
        for *_, d in self.graph.edges(data=True):
            km_by_class[str(d["road_class"])] += d["length_km"] or 0.0
        crossings = [
            (n, d["name"], d["country_a"], d["country_b"], d["crossing_kind"])
            for n, d in self.graph.nodes(data=True)
            if d["kind"] == "crossing"
        ]
        return {
            "name": self.name,
            "nodes": self.graph.number_of_nodes(),
            "edges": self.graph.number_of_edges(),
            "nodes_by_kind": dict(sorted(kinds.items())),
            "road_km": round(sum(km_by_class.values()), 1),
            "road_km_by_class": {k: round(v, 1) for k, v in sorted(km_by_class.items())},
            "countries": sorted({str(d["country"]) for *_, d in self.graph.edges(data=True)}),
            "crossings": crossings,
            "zones": 0 if self.zones is None else len(self.zones),
        }

    def __repr__(self) -> str:
        s = self.summary()
        return (
            f"<corridor.Network {s['name']!r}: {s['nodes']} nodes, {s['edges']} edges, "
            f"{s['road_km']:,.0f} road km, {len(s['crossings'])} crossings>"
        )


# --------------------------------------------------------------------------- building


def _node_table(places: gpd.GeoDataFrame, crossings: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One table of place and crossing nodes with the network's node fields."""
    p = places.copy()
    p["crossing_kind"] = p["country_a"] = p["country_b"] = p["post_a"] = p["post_b"] = None
    p["note"] = None
    c = crossings.copy()
    c["crossing_kind"] = c["kind"]
    c["kind"] = "crossing"
    c["country"] = c["country_a"] + "|" + c["country_b"]
    c["population"] = c["geonameid"] = None
    table = pd.concat([p, c], ignore_index=True)
    dup = table["id"][table["id"].duplicated()]
    if len(dup):
        raise DataError(
            f"duplicate id {dup.iloc[0]!r}: place and crossing ids must be unique together"
        )
    table = gpd.GeoDataFrame(table, geometry="geometry", crs=WGS84)
    for field, kind in NODE_FIELDS.items():
        table[field] = pd.Series(
            [None if v is None else coerce(v, kind) for v in table[field].tolist()], dtype=object
        )
    return table.set_index("id")[[*NODE_FIELDS, "geometry"]]


def _match_endpoints(roads: gpd.GeoDataFrame, nodes: gpd.GeoDataFrame, where: str):
    """Node index at the start and end of each road; checks u/v fields where given."""
    tree = shapely.STRtree(nodes.geometry.values)
    node_xy = shapely.get_coordinates(nodes.geometry.values)
    lines = roads.geometry.values
    ends = {}
    for side, which, field in (("start", 0, "u"), ("end", -1, "v")):
        pts = shapely.get_point(lines, which)
        nearest = tree.query_nearest(pts, all_matches=False)[1]
        xy = shapely.get_coordinates(pts)
        dist = geodesic_distance_km(xy[:, 0], xy[:, 1], node_xy[nearest, 0], node_xy[nearest, 1])
        bad = np.flatnonzero(dist > ENDPOINT_TOLERANCE_KM)
        if len(bad):
            i = bad[0]
            raise DataError(
                f"{where}, feature {i} (id {roads['id'].iloc[i]!r}): its {side} "
                f"({xy[i, 0]:.5f}, {xy[i, 1]:.5f}) does not meet any place or crossing; the "
                f"nearest, {nodes.index[nearest[i]]!r}, is {dist[i]:.2f} km away. Road ends must "
                "coincide with a node"
            )
        declared = roads[field].tolist()
        for i, name in enumerate(declared):
            if name is not None and name != nodes.index[nearest[i]]:
                raise DataError(
                    f"{where}, feature {i} (id {roads['id'].iloc[i]!r}): field {field!r} says "
                    f"{name!r} but its {side} meets {nodes.index[nearest[i]]!r}"
                )
        ends[side] = nearest
    return ends["start"], ends["end"]


def _interior_node_cuts(lines, start, end, nodes: gpd.GeoDataFrame):
    """(line, position, node) for every node that lies on a road's interior."""
    node_pts = nodes.geometry.values
    tree = shapely.STRtree(node_pts)
    line_i, node_i = tree.query(lines, predicate="dwithin", distance=ON_ROAD_KM / 90.0)
    interior = (node_i != start[line_i]) & (node_i != end[line_i])
    line_i, node_i = line_i[interior], node_i[interior]
    close = checks.point_line_distance_km(node_pts[node_i], lines[line_i]) <= ON_ROAD_KM
    line_i, node_i = line_i[close], node_i[close]
    pos = shapely.line_locate_point(lines[line_i], node_pts[node_i])
    return line_i, pos, node_i


def _near_sorted(
    sorted_keys: np.ndarray, keys: np.ndarray, tol: float = ZONE_CUT_MERGE_DEG
) -> np.ndarray:
    """Whether each key lies within ``tol`` of one of the sorted keys."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    j = np.searchsorted(sorted_keys, keys)
    lo = sorted_keys[np.clip(j - 1, 0, len(sorted_keys) - 1)]
    hi = sorted_keys[np.clip(j, 0, len(sorted_keys) - 1)]
    return np.minimum(np.abs(keys - lo), np.abs(hi - keys)) < tol


def _zone_boundary_cuts(lines, zones: gpd.GeoDataFrame):
    """(line, position, xy) where roads cross a zone boundary."""
    boundaries = shapely.boundary(zones.geometry.values)
    tree = shapely.STRtree(boundaries)
    line_i, zone_i = tree.query(lines, predicate="intersects")
    crossing = shapely.intersection(lines[line_i], boundaries[zone_i])
    xy, owner = shapely.get_coordinates(crossing, return_index=True)
    line_i = line_i[owner]
    xy = np.round(xy / COORD_GRID) / round(1 / COORD_GRID)
    pos = shapely.line_locate_point(lines[line_i], shapely.points(xy))
    return line_i, pos, xy


def build_network(
    places: gpd.GeoDataFrame,
    crossings: gpd.GeoDataFrame,
    roads: gpd.GeoDataFrame,
    *,
    countries: gpd.GeoDataFrame,
    borders: gpd.GeoDataFrame | None = None,
    zones: gpd.GeoDataFrame | None = None,
    name: str = "",
    validate: bool = True,
) -> Network:
    """Build a network from place, crossing and road layers (as read by :func:`corridor.read_layer`).

    Road ends must meet a place or crossing. Roads are split where a node lies on them
    (so a road through a border crossing becomes one edge per country) and where they cross
    a control-zone boundary (so each edge is wholly inside or outside each zone). Validation
    runs once, here: country codes, places inside their countries, crossings on the border
    between their two countries, road ends meeting nodes, and connectivity.

    Returns
    -------
    Network
    """
    where = roads.attrs.get("source_path", "roads")
    by_code = checks.country_codes(countries)
    if validate:
        known = set(by_code.index)
        checks.check_country_codes(places, ["country"], known)
        checks.check_country_codes(crossings, ["country_a", "country_b"], known)
        checks.check_places_in_countries(places, by_code)
        if borders is not None:
            checks.check_crossings_on_borders(crossings, borders, by_code)
    nodes = _node_table(places, crossings)
    node_ids = nodes.index.to_numpy()
    node_xy = shapely.get_coordinates(nodes.geometry.values)

    lines = roads.geometry.values
    start, end = _match_endpoints(roads, nodes, where)
    lines = replace_endpoints(lines, node_xy[start], node_xy[end])

    # cuts at nodes on the road, then at zone boundaries (away from other cuts)
    n_line, n_pos, n_node = _interior_node_cuts(lines, start, end, nodes)
    cut_line, cut_pos, cut_xy = [n_line], [n_pos], [node_xy[n_node]]
    cut_node = [node_ids[n_node].astype(object)]
    if zones is not None and len(zones):
        z_line, z_pos, z_xy = _zone_boundary_cuts(lines, zones)
        lengths = shapely.length(lines)
        ends_near = (z_pos < ZONE_CUT_MERGE_DEG) | (z_pos > lengths[z_line] - ZONE_CUT_MERGE_DEG)
        span = float(lengths.max(initial=0.0)) * 2.0 + 1.0
        near_node = _near_sorted(np.sort(n_line * span + n_pos), z_line * span + z_pos)
        keep = ~ends_near & ~near_node
        z_line, z_pos, z_xy = z_line[keep], z_pos[keep], z_xy[keep]
        # one boundary node per ~50 m stretch of road
        order = np.lexsort((z_pos, z_line))
        z_line, z_pos, z_xy = z_line[order], z_pos[order], z_xy[order]
        close = np.concatenate(
            [[False], (np.diff(z_line) == 0) & (np.diff(z_pos) < ZONE_CUT_MERGE_DEG)]
        )
        z_line, z_pos, z_xy = z_line[~close], z_pos[~close], z_xy[~close]
        cut_line.append(z_line)
        cut_pos.append(z_pos)
        cut_xy.append(z_xy)
        cut_node.append(np.full(len(z_line), None, dtype=object))
    cut_line = np.concatenate(cut_line).astype(np.int64)
    cut_pos = np.concatenate(cut_pos)
    cut_xy = np.concatenate(cut_xy).reshape(-1, 2)
    cut_node = np.concatenate(cut_node)

    pieces, piece_line, piece_cut = split_lines(lines, cut_line, cut_pos, cut_xy)

    # name the zone-boundary nodes after their road and order along it
    road_ids = roads["id"].to_numpy()
    boundary = np.flatnonzero(pd.isna(pd.Series(cut_node, dtype=object)).to_numpy())
    new_nodes: dict[str, dict[str, Any]] = {}
    if len(boundary):
        b_line = cut_line[boundary]
        order = np.lexsort((cut_pos[boundary], b_line))
        rank = np.zeros(len(boundary), dtype=int)
        b_sorted = b_line[order]
        starts = np.concatenate([[True], b_sorted[1:] != b_sorted[:-1]])
        group_start = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))
        rank[order] = np.arange(len(order)) - group_start + 1
        for k, r in zip(boundary, rank):
            ident = f"{road_ids[cut_line[k]]}@{r}"
            cut_node[k] = ident
            new_nodes[ident] = {"xy": cut_xy[k]}

    piece_u = np.where(
        piece_cut[:, 0] >= 0, cut_node[np.maximum(piece_cut[:, 0], 0)], node_ids[start[piece_line]]
    )
    piece_v = np.where(
        piece_cut[:, 1] >= 0, cut_node[np.maximum(piece_cut[:, 1], 0)], node_ids[end[piece_line]]
    )

    # attributes of each piece
    by_code_geoms = by_code.geometry.values
    mid = shapely.line_interpolate_point(pieces, 0.5, normalized=True)
    ctree = shapely.STRtree(by_code_geoms)
    mid_i, c_i = ctree.query(mid, predicate="within")
    country = np.full(len(pieces), None, dtype=object)
    country[mid_i] = by_code.index.to_numpy()[c_i]
    lost = np.flatnonzero(pd.isna(pd.Series(country, dtype=object)).to_numpy())
    if len(lost):
        country[lost] = by_code.index.to_numpy()[
            ctree.query_nearest(mid[lost], all_matches=False)[1]
        ]
    zone_sets: list[list[str]] = [[] for _ in range(len(pieces))]
    if zones is not None and len(zones):
        p_i, z_i = shapely.STRtree(zones.geometry.values).query(mid, predicate="within")
        zone_ids = zones["id"].to_numpy()
        for p, z in zip(p_i, z_i):
            zone_sets[p].append(zone_ids[z])
    lengths_km = np.round(geodesic_length_km(pieces), KM_DECIMALS)
    pieces_per_road = np.bincount(piece_line, minlength=len(roads))
    index_in_road = np.arange(len(pieces)) - np.repeat(
        np.cumsum(pieces_per_road) - pieces_per_road, pieces_per_road
    )

    graph = nx.MultiGraph(crs=WGS84, name=name)
    for node, row in nodes.iterrows():
        graph.add_node(node, **{f: row[f] for f in NODE_FIELDS}, geometry=row.geometry)
    if new_nodes:
        pts = shapely.points(np.array([v["xy"] for v in new_nodes.values()]))
        p_i, c_i = ctree.query(pts, predicate="within")
        where_country = np.full(len(pts), None, dtype=object)
        where_country[p_i] = by_code.index.to_numpy()[c_i]
        for (ident, _), pt, ctry in zip(new_nodes.items(), pts, where_country):
            attrs = dict.fromkeys(NODE_FIELDS)
            attrs.update(name=None, kind="boundary", country=ctry)
            graph.add_node(ident, **attrs, geometry=pt)
    road_attr = {
        f: roads[f].to_numpy(dtype=object)[piece_line]
        for f in ("id", "road", "road_class", "surface", "source")
    }
    split = pieces_per_road[piece_line] > 1
    edge_ids = np.where(
        split,
        [f"{r}/{i}" for r, i in zip(road_attr["id"], index_in_road)],
        road_attr["id"],
    )
    graph.add_edges_from(
        (
            piece_u[p],
            piece_v[p],
            {
                "id": edge_ids[p],
                "road_id": road_attr["id"][p],
                "road": road_attr["road"][p],
                "road_class": road_attr["road_class"][p],
                "surface": road_attr["surface"][p],
                "country": country[p],
                "length_km": float(lengths_km[p]),
                "zones": tuple(sorted(zone_sets[p])),
                "source": road_attr["source"][p],
                "geometry": pieces[p],
            },
        )
        for p in range(len(pieces))
    )
    if validate:
        checks.check_connected(graph, where)
        _check_edge_countries(graph, where)
    return Network(graph, zones=zones, name=name)


def _check_edge_countries(graph: nx.MultiGraph, where: str) -> None:
    """An edge between two place/crossing nodes must not join two countries."""
    for u, v, d in graph.edges(data=True):
        cu, cv = graph.nodes[u]["country"], graph.nodes[v]["country"]
        if cu is None or cv is None:
            continue
        if not set(cu.split("|")) & set(cv.split("|")):
            raise DataError(
                f"{where}: road {d['road_id']!r} runs from {u!r} ({cu}) to {v!r} ({cv}) without "
                "a border crossing; end it at a crossing node on the border"
            )


# --------------------------------------------------------------------------- interop


def _coerce_field(table: str, row, field: str, value, kind: str):
    try:
        return coerce(value, kind)
    except (TypeError, ValueError) as exc:
        raise DataError(f"{table} {row!r}: field {field!r}: {exc}") from None


def from_gdfs(
    nodes: gpd.GeoDataFrame,
    edges: gpd.GeoDataFrame,
    *,
    zones: gpd.GeoDataFrame | None = None,
    name: str = "",
) -> Network:
    """Build a network from (nodes, edges) GeoDataFrames as made by :meth:`Network.to_gdfs`.

    ``nodes`` is indexed by node id; ``edges`` by (u, v, key) or has u, v (and key) columns.
    Both must be in EPSG:4326. Missing attribute columns become None.
    """
    for label, gdf in (("nodes", nodes), ("edges", edges)):
        if gdf.crs is None or gdf.crs.to_epsg() != 4326:
            raise DataError(f"{label}: CRS must be EPSG:4326, got {gdf.crs}")
    if not {"u", "v"} <= set(edges.index.names) | set(edges.columns):
        raise DataError("edges: needs u and v (as index levels or columns)")
    e = edges.reset_index() if "u" in edges.index.names else edges.copy()
    if "key" not in e.columns:  # parallel edges, in either direction, get keys 0, 1, ...
        pair = [tuple(sorted((str(a), str(b)))) for a, b in zip(e["u"], e["v"])]
        e["key"] = pd.Series(pair, index=e.index).groupby(pair).cumcount()
    if nodes.index.has_duplicates:
        raise DataError(f"nodes: duplicate node id {nodes.index[nodes.index.duplicated()][0]!r}")
    if "kind" not in nodes.columns or nodes["kind"].isna().any():
        raise DataError(
            "nodes: every node needs a 'kind' (city, town, junction, crossing, boundary)"
        )
    if "length_km" not in e.columns:
        e["length_km"] = np.round(geodesic_length_km(e.geometry.values), KM_DECIMALS)
    if "zones" not in e.columns and zones is not None and len(zones):
        mid = shapely.line_interpolate_point(e.geometry.values, 0.5, normalized=True)
        p_i, z_i = shapely.STRtree(zones.geometry.values).query(mid, predicate="within")
        members: list[list[str]] = [[] for _ in range(len(e))]
        for p, z in zip(p_i, z_i):
            members[p].append(zones["id"].iloc[z])
        e["zones"] = [tuple(sorted(m)) for m in members]
    graph = nx.MultiGraph(crs=WGS84, name=name)
    node_cols = {
        f: (nodes[f].tolist() if f in nodes.columns else [None] * len(nodes)) for f in NODE_FIELDS
    }
    geoms = nodes.geometry.tolist()
    for i, node in enumerate(nodes.index):
        attrs = {
            f: _coerce_field("nodes", node, f, node_cols[f][i], kind)
            for f, kind in NODE_FIELDS.items()
        }
        graph.add_node(node, **attrs, geometry=geoms[i])
    unknown = (set(e["u"]) | set(e["v"])) - set(graph.nodes)
    if unknown:
        raise DataError(
            f"edges: end nodes not in nodes: {', '.join(sorted(map(str, unknown))[:5])}"
        )
    edge_cols = {f: (e[f].tolist() if f in e.columns else [None] * len(e)) for f in EDGE_FIELDS}
    egeoms = e.geometry.tolist()
    for i, (u, v, k) in enumerate(zip(e["u"], e["v"], e["key"])):
        attrs = {
            f: _coerce_field("edges", (u, v, k), f, edge_cols[f][i], kind)
            for f, kind in EDGE_FIELDS.items()
        }
        if attrs["zones"] is None:
            attrs["zones"] = ()
        graph.add_edge(u, v, key=int(k), **attrs, geometry=egeoms[i])
    return Network(graph, zones=zones, name=name)
