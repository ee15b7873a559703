"""Vectorised line operations used when building networks (no Python loops over geometries)."""

from __future__ import annotations

import numpy as np
import shapely

__all__ = ["split_lines", "replace_endpoints"]


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
