"""Places on road-built networks: each place to its nearest node, or to a node of its own on
the nearest road where that road passes closer."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from ..._geometry import greedy_match
from ...distance import deg_radius, geodesic_distance_km
from .noding import SCALE

__all__ = ["PLACE_CUT_KM", "Places", "attach_places"]

PLACE_CUT_KM = 0.5  # a place gets its own node on a road passing this much closer than any node


@dataclass
class Places:
    node_place: np.ndarray  # per road node: the place attached to it, or -1
    cut_edge: np.ndarray  # places put on a road: edge, position, xy, place
    cut_pos: np.ndarray
    cut_xy: np.ndarray
    cut_place: np.ndarray
    km: np.ndarray  # per place: distance to its node (NaN when dropped)


def attach_places(
    places: gpd.GeoDataFrame | None,
    node_xy: np.ndarray,
    used: np.ndarray,
    lines: np.ndarray,
    edge_tree: shapely.STRtree,
    place_km: float,
) -> Places:
    """Each place to its nearest node, or to a new node on the road where that is closer.

    A place gets a node of its own on the nearest road when the road passes more than
    PLACE_CUT_KM closer than the nearest free node (long schematic edges); otherwise it takes
    the nearest node (one place per node, closest place first). Places farther than
    ``place_km`` from every road are dropped.
    """
    n_nodes = len(node_xy)
    node_place = np.full(n_nodes, -1, dtype=np.int64)
    empty = np.zeros(0, np.int64)
    if places is None or not len(places):
        return Places(node_place, empty, np.zeros(0), np.zeros((0, 2)), empty, np.zeros(0))
    n = len(places)
    pxy = shapely.get_coordinates(places.geometry.values)
    pts = shapely.points(pxy)
    # nearest road point
    pi, ei = edge_tree.query_nearest(pts, all_matches=False)
    near = shapely.get_coordinates(shapely.shortest_line(pts[pi], lines[ei])).reshape(-1, 2, 2)
    road_km = np.full(n, np.inf)
    road_xy = np.zeros((n, 2))
    road_edge = np.full(n, -1, dtype=np.int64)
    road_km[pi] = geodesic_distance_km(*pxy[pi].T, *near[:, 1].T)
    road_xy[pi] = np.rint(near[:, 1] * SCALE) / SCALE
    road_edge[pi] = ei
    # nearest nodes, one place per node
    candidates = np.flatnonzero(used)
    tree = shapely.STRtree(shapely.points(node_xy[candidates]))
    qi, ni = tree.query(pts, predicate="dwithin", distance=deg_radius(place_km, pxy[:, 1]))
    ni = candidates[ni]
    d = geodesic_distance_km(*pxy[qi].T, *node_xy[ni].T)
    # a node is a candidate when the road passes no more than PLACE_CUT_KM closer than it
    ok = d <= np.minimum(place_km, road_km[qi] + PLACE_CUT_KM)
    qi, ni, d = qi[ok], ni[ok], d[ok]
    match = greedy_match(qi, ni, d, n, n_nodes)
    node_km = np.full(n, np.nan)
    at = np.flatnonzero(match >= 0)
    node_km[at] = geodesic_distance_km(*pxy[at].T, *node_xy[match[at]].T)
    node_place[match[at]] = at
    # the others get a node of their own on the road (unless it falls on an existing node)
    cut = (match < 0) & (road_km <= place_km)
    cp = np.flatnonzero(cut)
    pos = shapely.line_locate_point(lines[road_edge[cp]], shapely.points(road_xy[cp]))
    km = np.where(cut, road_km, node_km)
    return Places(node_place, road_edge[cp], pos, road_xy[cp], cp, km)
