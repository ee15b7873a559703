"""Topology of the noded roads: snapping dead ends, keeping the largest component, and
merging chains of degree-2 nodes into single edges (as OSMnx simplifies)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import shapely
from scipy import sparse
from scipy.sparse import csgraph

from ..._geometry import ragged_index
from ...distance import deg_radius, geodesic_distance_km
from .classes import RoadAttributes
from .crossings import Borders
from .noding import Segments, ragged_length_km, subset_ragged
from .report import BuildReport, BuildWarning

__all__ = ["snap", "keep_components", "simplify_chains"]


def _snap_pairs(
    seg: Segments, snap_km: float, border: Borders | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of dead ends within ``snap_km`` of each other: each end to its nearest other end
    that a straight connector reaches without crossing (or touching) a border."""
    n = len(seg.node_xy)
    empty = np.zeros(0, dtype=np.int64)
    if snap_km <= 0 or n == 0:
        return empty, empty, np.zeros(0)
    deg = np.bincount(seg.u, minlength=n) + np.bincount(seg.v, minlength=n)
    dangles = np.flatnonzero(deg == 1)
    if len(dangles) < 2:
        return empty, empty, np.zeros(0)
    ends = np.concatenate([seg.u, seg.v])
    others = np.concatenate([seg.v, seg.u])
    other_end = np.full(n, -1, dtype=np.int64)
    one = deg[ends] == 1
    other_end[ends[one]] = others[one]
    pts = shapely.points(seg.node_xy[dangles])
    tree = shapely.STRtree(pts)
    radius = deg_radius(snap_km, seg.node_xy[dangles, 1])
    a, b = tree.query(pts, predicate="dwithin", distance=radius)
    a, b = dangles[a], dangles[b]
    keep = (a != b) & (other_end[a] != b)
    a, b = a[keep], b[keep]
    d = geodesic_distance_km(*seg.node_xy[a].T, *seg.node_xy[b].T)
    keep = d <= snap_km
    a, b, d = a[keep], b[keep], d[keep]
    if border is not None and len(a):
        conn = shapely.linestrings(np.stack([seg.node_xy[a], seg.node_xy[b]], axis=1))
        hit, _ = border.tree.query(conn, predicate="intersects")
        keep = np.ones(len(a), dtype=bool)
        keep[hit] = False
        a, b, d = a[keep], b[keep], d[keep]
    order = np.lexsort((b, d, a))
    a, b, d = a[order], b[order], d[order]
    first = np.concatenate([[True], a[1:] != a[:-1]]) if len(a) else np.zeros(0, bool)
    a, b, d = a[first], b[first], d[first]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    pair = lo * n + hi
    _, idx = np.unique(pair, return_index=True)
    return lo[idx], hi[idx], d[idx]


# --------------------------------------------------------------------------- simplification


def simplify_chains(seg: Segments, protected: np.ndarray, key: np.ndarray):
    """Merge chains of degree-2 nodes into single edges keeping their geometry.

    A node is merged away when it has degree 2, is not protected, joins two different
    segments, and both segments have the same ``key``. Returns the edges as
    (xy, ptr, u, v, head segment).
    """
    n, s = len(seg.node_xy), len(seg.u)
    deg = np.bincount(seg.u, minlength=n) + np.bincount(seg.v, minlength=n)
    ends = np.concatenate([seg.u, seg.v])
    end_seg = np.concatenate([np.arange(s), np.arange(s)])
    end_side = np.concatenate([np.zeros(s, np.int64), np.ones(s, np.int64)])
    order = np.argsort(ends, kind="stable")
    ptr = np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=n))])

    def links(protected):
        cand = np.flatnonzero((deg == 2) & ~protected)
        i1, i2 = order[ptr[cand]], order[ptr[cand] + 1]
        s1, s2 = end_seg[i1], end_seg[i2]
        ok = (s1 != s2) & (key[s1] == key[s2])
        return cand[ok], s1[ok], end_side[i1][ok], s2[ok], end_side[i2][ok]

    node, s1, side1, s2, side2 = links(protected)
    # a chain closed on itself (all its nodes mergeable) keeps its lowest node
    if len(node):
        g = sparse.coo_matrix((np.ones(len(node)), (s1, s2)), shape=(s, s))
        _, comp = csgraph.connected_components(g, directed=False)
        n_links = np.bincount(comp[s1], minlength=comp.max() + 1)
        n_segs = np.bincount(comp, minlength=comp.max() + 1)
        cyc = n_links == n_segs
        if cyc.any():
            in_cycle = cyc[comp[s1]]
            lowest = pd.Series(node[in_cycle]).groupby(comp[s1][in_cycle]).min().to_numpy()
            protected = protected.copy()
            protected[lowest] = True
            node, s1, side1, s2, side2 = links(protected)
    # directed copies: 2*s + d, d=0 along the segment, d=1 against it; exit side = 1 - d
    succ = np.full(2 * s, -1, dtype=np.int64)
    succ[2 * s1 + (1 - side1)] = 2 * s2 + side2
    succ[2 * s2 + (1 - side2)] = 2 * s1 + side1
    has_pred = np.zeros(2 * s, dtype=bool)
    has_pred[succ[succ >= 0]] = True
    # pointer jumping: steps to the end of the chain and the last copy
    dist = (succ >= 0).astype(np.int64)
    nxt = succ.copy()
    last = np.where(succ >= 0, succ, np.arange(2 * s))
    while (nxt >= 0).any():
        live = nxt >= 0
        j = nxt[live]
        dist[live] += dist[j]
        last[live] = last[j]
        nxt[live] = nxt[j]
    # one head per chain: of its two heads, the one on the lower segment (forward if alone)
    heads = np.flatnonzero(~has_pred)
    head_last = last[heads]
    chain_pair = np.minimum(heads, head_last ^ 1)  # both directions share this id
    order_h = np.lexsort((heads, chain_pair))
    heads, chain_pair = heads[order_h], chain_pair[order_h]
    pick = np.concatenate([[True], chain_pair[1:] != chain_pair[:-1]])[: len(heads)]
    chosen = heads[pick]
    chain_of_last = np.full(2 * s, -1, dtype=np.int64)
    chain_of_last[last[chosen]] = np.arange(len(chosen))
    copies = np.flatnonzero(chain_of_last[last] >= 0)
    chain = chain_of_last[last[copies]]
    rank = dist[chosen][chain] - dist[copies]
    o = np.lexsort((rank, chain))
    copies, chain, rank = copies[o], chain[o], rank[o]
    cs, cd = copies // 2, copies % 2
    # coordinates: each copy's segment in its direction, dropping the shared first vertex
    seg_len = np.diff(seg.ptr)
    take = seg_len[cs] - (rank > 0)
    owner, off = ragged_index(take)
    skip = (rank > 0)[owner]
    fwd = seg.ptr[cs][owner] + off + skip
    bwd = seg.ptr[cs + 1][owner] - 1 - off - skip
    idx = np.where(cd[owner] == 0, fwd, bwd)
    xy = seg.xy[idx]
    edge_len = np.bincount(chain[owner], minlength=len(chosen))
    eptr = np.concatenate([[0], np.cumsum(edge_len)])
    head_seg, head_dir = chosen // 2, chosen % 2
    u = np.where(head_dir == 0, seg.u[head_seg], seg.v[head_seg])
    tail = last[chosen]
    tail_seg, tail_dir = tail // 2, tail % 2
    v = np.where(tail_dir == 0, seg.v[tail_seg], seg.u[tail_seg])
    return xy, eptr, u, v, head_seg


def snap(seg: Segments, attrs: RoadAttributes, snap_km: float, border: Borders | None):
    """Join dead ends within ``snap_km`` of another dead end by a straight connector.

    A connector that would cross (or touch) a border is not added: snapping never makes a
    border crossing. Returns the segments with the connectors and a table of them.
    """
    a, b, gap = _snap_pairs(seg, snap_km, border)
    table = pd.DataFrame(
        {
            "id": [f"snap-{i + 1}" for i in range(len(a))],
            "lon_a": seg.node_xy[a, 0],
            "lat_a": seg.node_xy[a, 1],
            "lon_b": seg.node_xy[b, 0],
            "lat_b": seg.node_xy[b, 1],
            "km": gap,
        }
    )
    if not len(a):
        return seg, table
    n_nodes, s = len(seg.node_xy), len(seg.u)
    seg_at = np.full(n_nodes, -1, dtype=np.int64)
    seg_at[np.concatenate([seg.u, seg.v])] = np.concatenate([np.arange(s), np.arange(s)])
    fa, fb = seg.attr[seg_at[a]], seg.attr[seg_at[b]]
    first_row = len(attrs.ids)
    attrs.extend(
        table["id"].to_numpy(dtype=object),
        np.full(len(a), None, dtype=object),
        np.maximum(attrs.cls[fa], attrs.cls[fb]),  # the slower class
        np.maximum(attrs.srf[fa], attrs.srf[fb]),  # dirt if either is
        [f"snap: a {g:.3f} km gap closed by network_from_roads (snap_km={snap_km:g})" for g in gap],
    )
    xy = np.stack([seg.node_xy[a], seg.node_xy[b]], axis=1).reshape(-1, 2)
    seg = Segments(
        np.concatenate([seg.xy, xy]),
        np.concatenate([seg.ptr, seg.ptr[-1] + 2 * np.arange(1, len(a) + 1)]),
        np.concatenate([seg.u, a]),
        np.concatenate([seg.v, b]),
        np.concatenate([seg.attr, first_row + np.arange(len(a))]),
        seg.node_xy,
    )
    return seg, table


def keep_components(seg: Segments, retain_all: bool, where: str, report: BuildReport):
    """Count connected components; keep the largest unless ``retain_all``. Warns when several.

    Returns the segments and the indices of the nodes kept.
    """
    n_nodes = len(seg.node_xy)
    seg_km = ragged_length_km(seg.xy, seg.ptr)
    adj = sparse.coo_matrix((np.ones(len(seg.u)), (seg.u, seg.v)), shape=(n_nodes, n_nodes))
    n_comp, label = csgraph.connected_components(adj, directed=False)
    comp_nodes = np.bincount(label, minlength=n_comp)
    comp_km = np.bincount(label[seg.u], weights=seg_km, minlength=n_comp)
    big = int(np.argmax(comp_nodes))
    report.components = int(n_comp)
    report.largest_share_nodes = float(comp_nodes[big] / n_nodes)
    report.largest_share_km = float(comp_km[big] / max(comp_km.sum(), 1e-12))
    if n_comp == 1:
        return seg, np.arange(n_nodes)
    message = (
        f"{where}: the road network has {n_comp} connected components; the largest holds "
        f"{report.largest_share_nodes:.1%} of the nodes and {report.largest_share_km:.1%} of "
        "the road km"
    )
    if not retain_all:
        keep_seg = label[seg.u] == big
        report.dropped = {
            "components": int(n_comp - 1),
            "nodes": int(n_nodes - comp_nodes[big]),
            "segments": int((~keep_seg).sum()),
            "km": round(float(comp_km.sum() - comp_km[big]), 3),
        }
        message += (
            f"; dropped the {n_comp - 1} others ({report.dropped['segments']} segments, "
            f"{report.dropped['km']:,.0f} km; pass retain_all=True to keep them)"
        )
        keep_node = label == big
        renum = np.cumsum(keep_node) - 1
        xy, ptr = subset_ragged(seg.xy, seg.ptr, keep_seg)
        seg = Segments(
            xy,
            ptr,
            renum[seg.u[keep_seg]],
            renum[seg.v[keep_seg]],
            seg.attr[keep_seg],
            seg.node_xy[keep_node],
        )
        warnings.warn(message, BuildWarning, stacklevel=3)
        return seg, np.flatnonzero(keep_node)
    warnings.warn(message, BuildWarning, stacklevel=3)
    return seg, np.arange(n_nodes)
