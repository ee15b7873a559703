"""Vectorised geometry and array operations used when building networks.

No Python loops over geometries: everything works on coordinate arrays (Shapely 2, STRtree,
NumPy). Coordinates are EPSG:4326 (lon, lat) degrees unless a docstring says otherwise.
"""

from __future__ import annotations

import numpy as np
import shapely

__all__ = [
    "read_only",
    "split_lines",
    "replace_endpoints",
    "near_sorted",
    "ragged_index",
    "segments_of",
    "points_in_polygons",
    "locate",
    "greedy_match",
    "rank_within",
]


def replace_endpoints(lines: np.ndarray, start_xy: np.ndarray, end_xy: np.ndarray) -> np.ndarray:
    """Return copies of ``lines`` whose first and last vertices are set to the given points."""
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    first = np.searchsorted(owner, np.arange(len(lines)), side="left")
    last = np.searchsorted(owner, np.arange(len(lines)), side="right") - 1
    coords = coords.copy()
    coords[first] = start_xy
    coords[last] = end_xy
    return shapely.linestrings(coords, indices=owner)


def split_lines(
    lines: np.ndarray,
    cut_line: np.ndarray,
    cut_pos: np.ndarray,
    cut_xy: np.ndarray | None = None,
    *,
    eps: float = 1e-9,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split lines at positions along them.

    Parameters
    ----------
    lines : array of LineString
    cut_line : int array, for each cut the index of the line it cuts
    cut_pos : float array, for each cut its planar distance from the line's start
        (``shapely.line_locate_point`` units, degrees for EPSG:4326)
    cut_xy : (n, 2) float array, optional
        The coordinate to put at each cut (default: the point on the line). Passing a
        node's own coordinate makes the pieces meet that node exactly.
    eps : float
        Cuts closer than this to a line end, or to another cut on the same line, are dropped.

    Returns
    -------
    pieces : array of LineString, in line order and then along each line
    piece_line : int array, the line each piece comes from
    piece_cut : int array of shape (n_pieces, 2): the index (into the given cuts) of the cut
        at each piece's start and end, or -1 where the piece starts or ends at the line's end
    """
    lines = np.asarray(lines, dtype=object)
    n = len(lines)
    cut_line = np.asarray(cut_line, dtype=np.int64)
    cut_pos = np.asarray(cut_pos, dtype=float)
    lengths = shapely.length(lines)
    if cut_xy is None:
        cut_xy = shapely.get_coordinates(shapely.line_interpolate_point(lines[cut_line], cut_pos))
    cut_xy = np.asarray(cut_xy, dtype=float).reshape(-1, 2)
    cut_id = np.arange(len(cut_line))

    # keep interior cuts, one per position
    keep = (cut_pos > eps) & (cut_pos < lengths[cut_line] - eps)
    cut_line, cut_pos, cut_xy, cut_id = cut_line[keep], cut_pos[keep], cut_xy[keep], cut_id[keep]
    order = np.lexsort((cut_id, cut_pos, cut_line))
    cut_line, cut_pos, cut_xy, cut_id = (a[order] for a in (cut_line, cut_pos, cut_xy, cut_id))
    if len(cut_line):
        dup = np.concatenate([[False], (cut_line[1:] == cut_line[:-1]) & (np.diff(cut_pos) <= eps)])
        cut_line, cut_pos, cut_xy, cut_id = (a[~dup] for a in (cut_line, cut_pos, cut_xy, cut_id))

    cuts_per_line = np.bincount(cut_line, minlength=n)
    cuts_before_line = np.concatenate([[0], np.cumsum(cuts_per_line)[:-1]])
    piece_base = np.arange(n) + cuts_before_line  # first piece id of each line
    n_pieces = n + len(cut_line)
    rank = np.arange(len(cut_line)) - cuts_before_line[cut_line]  # rank of a cut on its line

    coords, owner = shapely.get_coordinates(lines, return_index=True)
    step = np.hypot(*np.diff(coords, axis=0).T)
    step[owner[1:] != owner[:-1]] = 0.0
    cum = np.concatenate([[0.0], np.cumsum(step)])
    first_vertex = np.searchsorted(owner, np.arange(n))
    m = cum - cum[first_vertex[owner]]  # distance of each vertex along its line

    # which piece each vertex falls in: count the line's cuts strictly before it
    span = float(lengths.max(initial=0.0)) * 2.0 + 1.0
    cut_key = cut_line * span + cut_pos
    vertex_key = owner * span + m
    before = np.searchsorted(cut_key, vertex_key, side="left") - cuts_before_line[owner]
    vertex_piece = piece_base[owner] + before

    cut_piece_end = piece_base[cut_line] + rank
    event_piece = np.concatenate([vertex_piece, cut_piece_end, cut_piece_end + 1])
    event_m = np.concatenate([m, cut_pos, cut_pos])
    # at equal distance: a piece's starting cut first, its ending cut last
    event_tie = np.concatenate(
        [np.ones(len(m)), np.full(len(cut_pos), 2.0), np.zeros(len(cut_pos))]
    )
    event_xy = np.concatenate([coords, cut_xy, cut_xy])
    order = np.lexsort((event_tie, event_m, event_piece))
    event_piece, event_xy = event_piece[order], event_xy[order]
    repeat = np.concatenate(
        [
            [False],
            (event_piece[1:] == event_piece[:-1]) & np.all(event_xy[1:] == event_xy[:-1], axis=1),
        ]
    )
    event_piece, event_xy = event_piece[~repeat], event_xy[~repeat]
    pieces = shapely.linestrings(event_xy, indices=event_piece)

    piece_line = np.repeat(np.arange(n), cuts_per_line + 1)
    piece_cut = np.full((n_pieces, 2), -1, dtype=np.int64)
    piece_cut[cut_piece_end, 1] = cut_id
    piece_cut[cut_piece_end + 1, 0] = cut_id
    return pieces, piece_line, piece_cut


def near_sorted(sorted_keys: np.ndarray, keys: np.ndarray, tol: float) -> np.ndarray:
    """Whether each key lies within ``tol`` of one of the sorted keys."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    j = np.searchsorted(sorted_keys, keys)
    lo = sorted_keys[np.clip(j - 1, 0, len(sorted_keys) - 1)]
    hi = sorted_keys[np.clip(j, 0, len(sorted_keys) - 1)]
    return np.minimum(np.abs(keys - lo), np.abs(hi - keys)) < tol


def read_only(array: np.ndarray) -> np.ndarray:
    """``array`` itself, made read-only (for arrays that caches hand out)."""
    array.setflags(write=False)
    return array


def ragged_index(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(owner, offset within owner) for a ragged array with the given part lengths."""
    lengths = np.asarray(lengths, dtype=np.int64)
    owner = np.repeat(np.arange(len(lengths)), lengths)
    starts = np.cumsum(lengths) - lengths
    return owner, np.arange(len(owner)) - starts[owner]


def segments_of(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two-point segments of (multi)lines or polygon boundaries, with the owner index."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    rings = shapely.get_type_id(parts) == 3
    if rings.any():
        bounds = shapely.boundary(parts[rings])
        bparts, bowner = shapely.get_parts(bounds, return_index=True)
        parts = np.concatenate([parts[~rings], bparts])
        owner = np.concatenate([owner[~rings], owner[rings][bowner]])
    xy, part = shapely.get_coordinates(parts, return_index=True)
    same = part[1:] == part[:-1]
    a, b = xy[:-1][same], xy[1:][same]
    keep = np.any(a != b, axis=1)
    segs = shapely.linestrings(np.stack([a[keep], b[keep]], axis=1))
    return segs, owner[part[:-1][same][keep]]


def points_in_polygons(
    xy: np.ndarray, polygons: np.ndarray, *, cells: int = 256
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (point, polygon) with the point inside the polygon (interior or boundary).

    A grid over the points sorts cells into inside / outside / on the boundary of each
    polygon; only points in boundary cells are tested exactly (prepared polygons).
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(xy) == 0 or len(polygons) == 0:
        return empty, empty
    x0, y0 = xy.min(axis=0)
    x1, y1 = xy.max(axis=0)
    size = max(x1 - x0, y1 - y0, 1e-9) / cells * (1 + 1e-9)
    nx_, ny_ = int((x1 - x0) / size) + 1, int((y1 - y0) / size) + 1
    ci = np.minimum(((xy[:, 0] - x0) / size).astype(np.int64), nx_ - 1)
    cj = np.minimum(((xy[:, 1] - y0) / size).astype(np.int64), ny_ - 1)
    cell = ci * ny_ + cj
    used, point_cell = np.unique(cell, return_inverse=True)
    ux, uy = used // ny_, used % ny_
    boxes = shapely.box(x0 + ux * size, y0 + uy * size, x0 + (ux + 1) * size, y0 + (uy + 1) * size)
    tree = shapely.STRtree(boxes)
    polygons = np.asarray(polygons, dtype=object)
    shapely.prepare(polygons)
    p_in, c_in = tree.query(polygons, predicate="contains_properly")
    p_any, c_any = tree.query(polygons, predicate="intersects")
    inside = np.zeros(len(p_any), dtype=bool)
    if len(p_in):
        inside = np.isin(p_any * len(used) + c_any, p_in * len(used) + c_in)
    # points of each cell, grouped
    order = np.argsort(point_cell, kind="stable")
    counts = np.bincount(point_cell, minlength=len(used))
    starts = np.cumsum(counts) - counts

    def expand(poly, cell_idx):
        owner, off = ragged_index(counts[cell_idx])
        return order[starts[cell_idx][owner] + off], poly[owner]

    pt_a, poly_a = expand(p_any[inside], c_any[inside])
    pt_b, poly_b = expand(p_any[~inside], c_any[~inside])
    hit = shapely.intersects_xy(polygons[poly_b], xy[pt_b, 0], xy[pt_b, 1])
    return np.concatenate([pt_a, pt_b[hit]]), np.concatenate([poly_a, poly_b[hit]])


def locate(xy: np.ndarray, polygons: np.ndarray) -> np.ndarray:
    """Index of the first polygon holding each point, else of the nearest polygon."""
    out = np.full(len(xy), -1, dtype=np.int64)
    pt, poly = points_in_polygons(xy, polygons)
    order = np.lexsort((poly, pt))
    first = np.concatenate([[True], pt[order][1:] != pt[order][:-1]])[: len(pt)]
    out[pt[order][first]] = poly[order][first]
    lost = np.flatnonzero(out < 0)
    if len(lost):
        tree = shapely.STRtree(polygons)
        q, t = tree.query_nearest(shapely.points(xy[lost]), all_matches=False)
        out[lost[q]] = t
    return out


def greedy_match(a: np.ndarray, b: np.ndarray, score: np.ndarray, n_a: int, n_b: int) -> np.ndarray:
    """One-to-one matching of candidate pairs (a, b), best (lowest) score first.

    Returns ``match`` of length ``n_a``: the b matched to each a, or -1.
    """
    match = np.full(n_a, -1, dtype=np.int64)
    taken = np.zeros(n_b, dtype=bool)
    order = np.argsort(score, kind="stable")
    a, b = a[order], b[order]
    while len(a):
        live = (match[a] < 0) & ~taken[b]
        a, b = a[live], b[live]
        if not len(a):
            break
        # each a proposes its best free b; each b accepts its best proposal
        _, first_a = np.unique(a, return_index=True)
        first_a.sort()
        pa, pb = a[first_a], b[first_a]
        _, first_b = np.unique(pb, return_index=True)
        match[pa[first_b]] = pb[first_b]
        taken[pb[first_b]] = True
    return match


def rank_within(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For integer group codes: the rank of each item in its group (in order) and whether
    its group has more than one item."""
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    start = np.concatenate([[True], sorted_codes[1:] != sorted_codes[:-1]])[: len(codes)]
    group_start = np.maximum.accumulate(np.where(start, np.arange(len(codes)), 0))
    rank = np.empty(len(codes), dtype=np.int64)
    rank[order] = np.arange(len(codes)) - group_start
    size = np.bincount(np.cumsum(start) - 1)
    several = np.empty(len(codes), dtype=bool)
    several[order] = size[np.cumsum(start) - 1] > 1
    return rank, several
