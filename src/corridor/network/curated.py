"""The curated builder: a network from place, crossing and road layers whose roads run node
to node (the bundled corridor network is built this way).

Road ends must meet a place or crossing. Roads are split where a node lies on them (so a road
through a border crossing becomes one edge per country) and where they cross a control-zone
boundary (so each edge is wholly inside or outside each zone). All geometry is EPSG:4326.
"""

from __future__ import annotations

import logging
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .._checks import check_flag
from .._geometry import locate, replace_endpoints, split_lines
from .._schema import NODE_FIELDS, WGS84, coerce
from ..distance import KM_DECIMALS, geodesic_distance_km, geodesic_length_km, point_line_distance_km
from ..errors import DataError
from ..layers import check_layer
from ..validate import (
    check_connected,
    check_country_codes,
    check_crossings_on_borders,
    check_edge_countries,
    check_places_in_countries,
    country_codes,
)
from ._graph import CorridorGraph
from .model import Network
from .zones import midpoints, zone_boundary_cuts, zone_memberships

log = logging.getLogger(__name__)

__all__ = ["build_network", "ENDPOINT_TOLERANCE_KM", "ON_ROAD_KM"]

ENDPOINT_TOLERANCE_KM = 0.05  # a road end must meet its node this closely
ON_ROAD_KM = 0.2  # a node this close to a road's interior splits the road


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
        for i, name in enumerate(roads[field].tolist()):
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
    close = point_line_distance_km(node_pts[node_i], lines[line_i]) <= ON_ROAD_KM
    line_i, node_i = line_i[close], node_i[close]
    pos = shapely.line_locate_point(lines[line_i], node_pts[node_i])
    return line_i, pos, node_i


def _cuts(lines, start, end, nodes: gpd.GeoDataFrame, zones):
    """All cuts of the roads: at nodes on them, then at zone boundaries away from those.

    Returns (line, position, xy, node id or None for a zone-boundary cut)."""
    node_ids = nodes.index.to_numpy()
    node_xy = shapely.get_coordinates(nodes.geometry.values)
    n_line, n_pos, n_node = _interior_node_cuts(lines, start, end, nodes)
    z_line, z_pos, z_xy = zone_boundary_cuts(lines, zones, n_line, n_pos)
    cut_line = np.concatenate([n_line, z_line]).astype(np.int64)
    cut_pos = np.concatenate([n_pos, z_pos])
    cut_xy = np.concatenate([node_xy[n_node], z_xy]).reshape(-1, 2)
    cut_node = np.concatenate(
        [node_ids[n_node].astype(object), np.full(len(z_line), None, dtype=object)]
    )
    return cut_line, cut_pos, cut_xy, cut_node


def _name_boundary_nodes(cut_node, cut_line, cut_pos, cut_xy, road_ids) -> dict[str, Any]:
    """Name the zone-boundary cuts ``<road id>@<rank along the road>`` (in place); returns
    {node id: xy} of the new nodes."""
    boundary = np.flatnonzero(pd.isna(pd.Series(cut_node, dtype=object)).to_numpy())
    new_nodes: dict[str, Any] = {}
    if not len(boundary):
        return new_nodes
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
        new_nodes[ident] = cut_xy[k]
    return new_nodes


def _graph(nodes, new_nodes, by_code, roads, pieces, piece_line, piece_u, piece_v, zones, name):
    """The MultiGraph of the nodes and road pieces, with edge countries, zones and lengths."""
    codes = by_code.index.to_numpy(dtype=object)
    polys = np.asarray(by_code.geometry.values, dtype=object)
    mid = midpoints(pieces)
    country = codes[locate(mid, polys)]
    zone_sets = zone_memberships(mid, zones)
    lengths_km = np.round(geodesic_length_km(pieces), KM_DECIMALS)
    pieces_per_road = np.bincount(piece_line, minlength=len(roads))
    index_in_road = np.arange(len(pieces)) - np.repeat(
        np.cumsum(pieces_per_road) - pieces_per_road, pieces_per_road
    )
    graph = CorridorGraph(crs=WGS84, name=name)
    for node, row in nodes.iterrows():
        graph.add_node(node, **{f: row[f] for f in NODE_FIELDS}, geometry=row.geometry)
    if new_nodes:
        xy = np.array(list(new_nodes.values()))
        where_country = codes[locate(xy, polys)]
        for ident, pt, ctry in zip(new_nodes, shapely.points(xy), where_country):
            attrs = dict.fromkeys(NODE_FIELDS)
            attrs.update(name=None, kind="boundary", country=ctry)
            graph.add_node(ident, **attrs, geometry=pt)
    attr = {
        f: roads[f].to_numpy(dtype=object)[piece_line]
        for f in ("id", "road", "road_class", "surface", "source")
    }
    split = pieces_per_road[piece_line] > 1
    edge_ids = np.where(split, [f"{r}/{i}" for r, i in zip(attr["id"], index_in_road)], attr["id"])
    graph.add_edges_from(
        (
            piece_u[p],
            piece_v[p],
            {
                "id": edge_ids[p],
                "road_id": attr["id"][p],
                "road": attr["road"][p],
                "road_class": attr["road_class"][p],
                "surface": attr["surface"][p],
                "country": country[p],
                "length_km": float(lengths_km[p]),
                "zones": zone_sets[p],
                "source": attr["source"][p],
                "geometry": pieces[p],
            },
        )
        for p in range(len(pieces))
    )
    return graph


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
    # layers as GeoPandas reads them (any CRS, datetime columns) are checked and coerced here
    validate = check_flag(validate, "validate")
    places = check_layer(places, "places", places.attrs.get("source_path", "places"))
    crossings = check_layer(crossings, "crossings", crossings.attrs.get("source_path", "crossings"))
    roads = check_layer(roads, "roads", roads.attrs.get("source_path", "roads"))
    countries = check_layer(countries, "countries", countries.attrs.get("source_path", "countries"))
    if borders is not None:
        borders = check_layer(borders, "borders", borders.attrs.get("source_path", "borders"))
    if zones is not None:
        zones = check_layer(zones, "zones", zones.attrs.get("source_path", "zones"))
    where = roads.attrs.get("source_path", "roads")
    by_code = country_codes(countries)
    if validate:
        known = set(by_code.index)
        check_country_codes(places, ["country"], known)
        check_country_codes(crossings, ["country_a", "country_b"], known)
        check_places_in_countries(places, by_code)
        if borders is not None:
            check_crossings_on_borders(crossings, borders, by_code)
    nodes = _node_table(places, crossings)
    node_ids = nodes.index.to_numpy()
    node_xy = shapely.get_coordinates(nodes.geometry.values)
    start, end = _match_endpoints(roads, nodes, where)
    lines = replace_endpoints(roads.geometry.values, node_xy[start], node_xy[end])
    cut_line, cut_pos, cut_xy, cut_node = _cuts(lines, start, end, nodes, zones)
    pieces, piece_line, piece_cut = split_lines(lines, cut_line, cut_pos, cut_xy)
    new_nodes = _name_boundary_nodes(
        cut_node, cut_line, cut_pos, cut_xy, roads["id"].to_numpy(dtype=object)
    )
    at_cut = np.concatenate([cut_node, [None]])[piece_cut]  # -1 (a road end) picks the pad
    piece_u = np.where(piece_cut[:, 0] >= 0, at_cut[:, 0], node_ids[start[piece_line]])
    piece_v = np.where(piece_cut[:, 1] >= 0, at_cut[:, 1], node_ids[end[piece_line]])
    graph = _graph(
        nodes, new_nodes, by_code, roads, pieces, piece_line, piece_u, piece_v, zones, name
    )
    if validate:
        check_connected(graph, where)
        check_edge_countries(graph, where)
    if log.isEnabledFor(logging.INFO):  # counting a MultiGraph's edges walks all of them
        log.info(
            "built network %r: %d nodes, %d edges",
            name,
            graph.number_of_nodes(),
            graph.number_of_edges(),
        )
    return Network(graph, zones=zones, name=name)
