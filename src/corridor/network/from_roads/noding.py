"""Noding: line parts on a 1e-7 degree grid, split at every vertex they share with another
line (or, optionally, wherever they cross), as ragged arrays of node-to-node segments."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from ..._geometry import split_lines
from ...distance import GEOD
from ...errors import DataError
from ...layers import out_of_range

__all__ = [
    "GRID",
    "SCALE",
    "Segments",
    "ragged_length_km",
    "subset_ragged",
    "line_parts",
    "grid_vertices",
    "grid_key",
    "cut_at_crossings",
    "node_at_vertices",
]

GRID = 1e-7  # vertices are put on a 1e-7 degree grid (~1 cm); equal grid points are shared
SCALE = 1e7  # 1 / GRID: grid point q is at q / SCALE (the double nearest the decimal value)


def ragged_length_km(xy: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """Geodesic length (km) of each polyline of a ragged coordinate array."""
    n = len(ptr) - 1
    if len(xy) < 2:
        return np.zeros(n)
    owner = np.repeat(np.arange(n), np.diff(ptr))
    same = owner[1:] == owner[:-1]
    a, b = xy[:-1][same], xy[1:][same]
    _, _, d = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    return np.bincount(owner[1:][same], weights=d, minlength=n) / 1000.0


def subset_ragged(xy: np.ndarray, ptr: np.ndarray, keep: np.ndarray):
    lengths = np.diff(ptr)
    owner = np.repeat(np.arange(len(lengths)), lengths)
    new_lengths = lengths[keep]
    return xy[keep[owner]], np.concatenate([[0], np.cumsum(new_lengths)])


def line_parts(
    geoms: np.ndarray,
    excluded: np.ndarray,
    where: str,
    ids: np.ndarray,
    strict: bool,
    skipped: dict,
):
    """Line parts of the usable features: (parts, feature index of each part)."""
    type_id = np.where(excluded, 1, shapely.get_type_id(geoms))
    missing = type_id < 0
    empty = ~missing & ~excluded & shapely.is_empty(geoms)
    line = np.isin(type_id, (1, 2, 5)) & ~excluded
    names = {0: "Point", 3: "Polygon", 4: "MultiPoint", 6: "MultiPolygon", 7: "GeometryCollection"}
    problems = [("missing geometry", missing), ("empty geometry", empty)]
    other = ~missing & ~empty & ~line & ~excluded
    for t in np.unique(type_id[other]):
        problems.append((f"not a line: {names.get(int(t), str(t))}", other & (type_id == t)))
    for reason, mask in problems:
        bad = np.flatnonzero(mask)
        if not len(bad):
            continue
        if strict:
            raise DataError(
                f"{where}, feature {bad[0]} (id {ids[bad[0]]!r}): {reason}; expected a "
                f"LineString or MultiLineString ({len(bad)} such features; pass strict=False "
                "to skip them)"
            )
        skipped[reason] = skipped.get(reason, 0) + len(bad)
    ok = np.flatnonzero(line & ~empty)
    parts, owner = shapely.get_parts(geoms[ok], return_index=True)
    keep = ~shapely.is_empty(parts)
    return parts[keep], ok[owner[keep]]


def grid_vertices(parts: np.ndarray, part_feature: np.ndarray, where, ids, strict, skipped):
    """Grid vertices of the line parts without consecutive repeats, and the parts kept.

    Returns (q, owner, kept parts) where q holds integer grid coordinates.
    """
    coords, owner = shapely.get_coordinates(parts, return_index=True)
    finite = np.isfinite(coords).all(axis=1)
    out = finite & ((np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90))
    if out.any():
        k = np.flatnonzero(out)[0]
        x, y = coords[k]
        f = part_feature[owner[k]]
        raise DataError(f"{where}, feature {f} (id {ids[f]!r}): {out_of_range(x, y)}")
    bad_part = np.zeros(len(parts), dtype=bool)
    bad_part[owner[~finite]] = True
    q = np.zeros(coords.shape, dtype=np.int64)
    q[finite] = np.rint(coords[finite] * SCALE).astype(np.int64)
    repeat = np.concatenate([[False], (owner[1:] == owner[:-1]) & np.all(q[1:] == q[:-1], axis=1)])
    repeat = repeat[: len(q)]
    keep_v = ~repeat & ~bad_part[owner]
    n_distinct = np.bincount(owner[keep_v], minlength=len(parts))
    bad_part |= n_distinct < 2
    if bad_part.any():
        bad_features = np.unique(part_feature[bad_part])
        if strict:
            f = bad_features[0]
            raise DataError(
                f"{where}, feature {f} (id {ids[f]!r}): invalid line (fewer than two distinct "
                f"points, or NaN coordinates) ({len(bad_features)} such features; pass "
                "strict=False to skip them)"
            )
        skipped["invalid line"] = skipped.get("invalid line", 0) + len(bad_features)
    keep_v &= ~bad_part[owner]
    kept = np.flatnonzero(~bad_part)
    renumber = np.cumsum(~bad_part) - 1
    return q[keep_v], renumber[owner[keep_v]], kept


def grid_key(q: np.ndarray) -> np.ndarray:
    """One int64 per grid point (lon and lat on the 1e-7 degree grid)."""
    return ((q[:, 0] + 1_800_000_000) << 31) | (q[:, 1] + 900_000_000)


def cut_at_crossings(parts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split lines where they cross or touch another line (grid-rounded shared points)."""
    tree = shapely.STRtree(parts)
    a, b = tree.query(parts, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    inter = shapely.intersection(parts[a], parts[b])
    xy, which = shapely.get_coordinates(inter, return_index=True)
    xy = np.rint(xy * SCALE) / SCALE
    cut_line = np.concatenate([a[which], b[which]])
    cut_xy = np.concatenate([xy, xy])
    cut_pos = shapely.line_locate_point(parts[cut_line], shapely.points(cut_xy))
    pieces, piece_line, _ = split_lines(parts, cut_line, cut_pos, cut_xy)
    return pieces, piece_line


@dataclass
class Segments:
    """Node-to-node road segments as ragged coordinate arrays."""

    xy: np.ndarray  # (n_vertices, 2) float, on the grid
    ptr: np.ndarray  # (n_segments + 1,) offsets into xy
    u: np.ndarray  # start node index
    v: np.ndarray  # end node index
    attr: np.ndarray  # row of the attribute table
    node_xy: np.ndarray  # (n_nodes, 2)


def node_at_vertices(q: np.ndarray, owner: np.ndarray, line_attr: np.ndarray) -> Segments:
    """Split lines at every vertex shared with another line (or repeated within one)."""
    key = grid_key(q)
    uniq, vid, counts = np.unique(key, return_inverse=True, return_counts=True)
    n_lines = int(owner.max()) + 1 if len(owner) else 0
    line_start = np.concatenate([[True], owner[1:] != owner[:-1]])
    line_end = np.concatenate([owner[1:] != owner[:-1], [True]])
    is_node_v = counts >= 2
    is_node_v[vid[line_start]] = True
    is_node_v[vid[line_end]] = True
    node_flag = is_node_v[vid]
    # compact node numbering, in grid-key order (deterministic)
    node_of_vertex = np.cumsum(is_node_v) - 1
    node_xy = np.empty((int(is_node_v.sum()), 2))
    node_xy[node_of_vertex[vid[node_flag]]] = q[node_flag] / SCALE

    c: np.ndarray = np.cumsum(node_flag)
    first_idx = np.flatnonzero(line_start)
    n_per = np.diff(np.concatenate([first_idx, [len(q)]]))
    base: np.ndarray = (c - node_flag)[first_idx]
    c_in: np.ndarray = c - np.repeat(
        base, n_per
    )  # node vertices up to and including this one, per line
    seg_local = c_in - 1
    seg_local[line_end] -= 1
    segs_per_line = c_in[line_end] - 1
    seg_base = np.concatenate([[0], np.cumsum(segs_per_line)[:-1]])
    seg_global = seg_base[owner] + seg_local
    interior = np.flatnonzero(node_flag & ~line_start & ~line_end)
    all_q = np.concatenate([q, q[interior]])
    all_seg = np.concatenate([seg_global, seg_global[interior] - 1])
    all_pos = np.concatenate([np.arange(len(q)), interior])
    all_vid = np.concatenate([vid, vid[interior]])
    order = np.lexsort((all_pos, all_seg))
    all_q, all_seg, all_vid = all_q[order], all_seg[order], all_vid[order]
    n_seg = int(segs_per_line.sum())
    seg_len = np.bincount(all_seg, minlength=n_seg)
    ptr = np.concatenate([[0], np.cumsum(seg_len)])
    u = node_of_vertex[all_vid[ptr[:-1]]]
    v = node_of_vertex[all_vid[ptr[1:] - 1]]
    attr = np.repeat(line_attr[:n_lines], segs_per_line)
    return Segments(all_q / SCALE, ptr, u, v, attr, node_xy)
