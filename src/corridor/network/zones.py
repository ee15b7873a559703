"""Control zones on a road network: where roads cross zone boundaries, and which zones hold
each edge. The one implementation both network builders use (curated and from roads).

Edges are cut where they cross a zone boundary, so each edge lies wholly inside or outside
every zone; an edge's zones are the zones holding its midpoint. Coordinates are EPSG:4326.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from .._geometry import near_sorted, points_in_polygons, segments_of

__all__ = [
    "ZONE_CUT_MERGE_DEG",
    "GRID_SCALE",
    "zone_boundary_cuts",
    "zone_memberships",
    "midpoints",
]

ZONE_CUT_MERGE_DEG = 5e-4  # zone-boundary cuts this close (~50 m) to another cut are merged
GRID_SCALE = 1e7  # derived coordinates are put on a 1e-7 degree grid (~1 cm)


def midpoints(lines: np.ndarray) -> np.ndarray:
    """(n, 2) coordinates of the point halfway along each line."""
    return shapely.get_coordinates(shapely.line_interpolate_point(lines, 0.5, normalized=True))


def zone_boundary_cuts(
    lines: np.ndarray,
    zones: gpd.GeoDataFrame | None,
    other_line: np.ndarray,
    other_pos: np.ndarray,
    *,
    tree: shapely.STRtree | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(line, position, xy) where lines cross a zone boundary.

    Cuts closer than :data:`ZONE_CUT_MERGE_DEG` to a line end, to another cut of the same
    line (``other_line``, ``other_pos``: nodes already cutting the lines) or to each other are
    dropped. Positions are planar distances along the line (``shapely.line_locate_point``
    units); ``xy`` is rounded to the 1e-7 degree grid.
    """
    empty = np.zeros(0, np.int64), np.zeros(0), np.zeros((0, 2))
    if zones is None or not len(zones) or not len(lines):
        return empty
    tree = tree if tree is not None else shapely.STRtree(lines)
    segs, _ = segments_of(np.asarray(zones.geometry.values, dtype=object))
    z_i, e_i = tree.query(segs, predicate="intersects")
    inter = shapely.intersection(lines[e_i], segs[z_i])
    xy, k = shapely.get_coordinates(inter, return_index=True)
    edge = e_i[k]
    xy = np.rint(xy * GRID_SCALE) / GRID_SCALE
    pos = shapely.line_locate_point(lines[edge], shapely.points(xy))
    length = shapely.length(lines)
    keep = (pos >= ZONE_CUT_MERGE_DEG) & (pos <= length[edge] - ZONE_CUT_MERGE_DEG)
    edge, pos, xy = edge[keep], pos[keep], xy[keep]
    span = float(length.max(initial=0.0)) * 2.0 + 1.0
    other = np.sort(np.asarray(other_line) * span + np.asarray(other_pos))
    near = near_sorted(other, edge * span + pos, ZONE_CUT_MERGE_DEG)
    edge, pos, xy = edge[~near], pos[~near], xy[~near]
    order = np.lexsort((pos, edge))
    edge, pos, xy = edge[order], pos[order], xy[order]
    close = np.concatenate([[False], (edge[1:] == edge[:-1]) & (np.diff(pos) < ZONE_CUT_MERGE_DEG)])
    close = close[: len(edge)]
    return edge[~close], pos[~close], xy[~close]


def zone_memberships(xy: np.ndarray, zones: gpd.GeoDataFrame | None) -> np.ndarray:
    """The sorted tuple of ids of the zones holding each point (an object array of tuples)."""
    out = np.empty(len(xy), dtype=object)
    out[:] = [()] * len(xy)
    if zones is None or not len(zones) or not len(xy):
        return out
    p_i, z_i = points_in_polygons(xy, np.asarray(zones.geometry.values, dtype=object))
    zone_ids = zones["id"].to_numpy(dtype=object)
    order = np.argsort(zone_ids.astype(str), kind="stable")  # bit position -> sorted ids
    position = np.empty(len(zone_ids), dtype=np.int64)
    position[order] = np.arange(len(zone_ids))
    words = (len(zone_ids) + 62) // 63
    mask = np.zeros((len(xy), words), dtype=np.int64)
    bit = position[z_i]
    np.bitwise_or.at(mask, (p_i, bit // 63), np.left_shift(1, bit % 63))
    uniq, inverse = np.unique(mask, axis=0, return_inverse=True)
    bits = np.arange(63)
    sets = [
        tuple(
            zone_ids[order[w * 63 + b]]
            for w in range(words)
            for b in bits[(row[w] >> bits) & 1 == 1]
        )
        for row in uniq
    ]
    out[:] = [sets[i] for i in inverse.ravel()]
    return out
