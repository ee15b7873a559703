"""Alternatives to a best route: via-node paths (the best path to a node plus the best path
from it) profiled on the two shortest-path trees with array passes, the test of a meaningfully
different route, and the country excursions that k-shortest routes leave out.

A query state ``q`` here is a :class:`corridor.routing.QueryState` (its ``arr``, routing arrays
in edge order, and ``compiled``, the scenario's compiled graph)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

import numpy as np

from .costs import RoutingArrays

__all__ = [
    "Alternatives",
    "Footprint",
    "differs",
    "edge_mask",
    "excursion",
    "path_from_predecessors",
    "tree_profile",
    "via_candidates",
]


def path_from_predecessors(pred: np.ndarray, source: int, target: int) -> list[int] | None:
    """Node indices from ``source`` to ``target`` along a predecessor array, or None."""
    if source == target:
        return [source]
    if pred[target] < 0:
        return None
    item = pred.item  # a Python int per step: three times faster than int(pred[i])
    out = [target]
    node = target
    while node != source:
        node = item(node)
        out.append(node)
    out.reverse()
    return out


def differs(
    crossings: list,
    edges_idx: np.ndarray,
    km: float,
    other_crossings: list,
    used: np.ndarray,
    arr,
    max_shared: float,
) -> bool:
    """A candidate differs from a better route (whose edges ``used`` marks): other
    crossings, or at most ``max_shared`` of its length shared with it."""
    if crossings != other_crossings:
        return True
    shared = np.unique(edges_idx[used[edges_idx]])
    return float(arr.km[shared].sum()) <= max_shared * km


def edge_mask(n: int, edges: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[edges] = True
    return mask


def tree_profile(q: Any, parent: np.ndarray, on_best: np.ndarray):
    """For every node of a shortest-path tree (``parent``: predecessors; negative at the root
    and at unreached nodes): km along its tree path to the root, the deepest node of that
    path on the best route (its branch point, -1 if none) and the crossings on the path; by
    pointer jumping (log-depth array passes, no per-node Python loop)."""
    n = len(parent)
    nodes = np.arange(n)
    p = parent.astype(np.int64)
    has = p >= 0
    child = nodes[has]
    km = np.zeros(n)
    if len(child):
        pairs = np.searchsorted(q.compiled.structure.pair_key, p[child] * n + child)
        km[child] = q.arr.km[q.compiled.pair_edge[pairs]]
    cross = np.where(has, q.arr.is_crossing, False).astype(np.int64)
    branch = np.where(on_best, nodes, -1)
    anc = np.where(has, p, nodes)
    while (anc != anc[anc]).any():
        km = km + km[anc]
        cross = cross + cross[anc]
        branch = np.where(branch >= 0, branch, branch[anc])
        anc = anc[anc]
    branch = np.where(branch >= 0, branch, branch[anc])
    return km, branch, cross


@dataclass(frozen=True, eq=False)
class Footprint:
    """An accepted route as the detour test sees it: its edges (mask), its crossing nodes in
    order, and the km of the best route's first i edges that it shares."""

    used: np.ndarray
    crossings: list[int]
    shared_before: list[float]


class Alternatives:
    """The two shortest-path trees of a k > 1 query, profiled once with array passes: for each
    node the km, branch point and crossings of its tree paths. They prune via nodes that surely
    fail the difference test and shorten each path walk to the detour off the best route."""

    def __init__(self, q: Any, pred: np.ndarray, best: list[int]):
        self.pred = pred
        self.best = best
        n = pred.shape[1]
        on_best = np.zeros(n, dtype=bool)
        on_best[best] = True
        self.pos = np.full(n, -1, dtype=np.int64)
        self.pos[best] = np.arange(len(best))
        self.best_cross = np.cumsum(q.arr.is_crossing[best])
        self.k0, self.b0, self.c0 = tree_profile(q, pred[0], on_best)
        self.k1, self.b1, self.c1 = tree_profile(q, pred[1], on_best)
        # the tree from the destination follows the best route from position i on
        follows = np.append(pred[1][best[:-1]] == np.asarray(best[1:]), True)
        self.suffix = np.flip(np.logical_and.accumulate(np.flip(follows)))
        # the best route's edges, km prefix sums and crossings (for detour-only tests)
        self.q = q
        self.best_edges = q.compiled.edges_along(best)
        self.best_km = q.arr.km[self.best_edges]
        self.km_before = np.concatenate([[0.0], np.cumsum(self.best_km)]).tolist()
        at = np.flatnonzero(q.arr.is_crossing[best])
        self.cross_at = at.tolist()  # positions on the best route
        self.cross_nodes = np.asarray(best)[at].tolist()

    def _branches(self, c: np.ndarray):
        ok = (self.b0[c] >= 0) & (self.b1[c] >= 0)
        lo, hi = np.where(ok, self.b0[c], self.best[0]), np.where(ok, self.b1[c], self.best[0])
        ok &= (self.pos[lo] < self.pos[hi]) & self.suffix[self.pos[hi]]
        return ok, lo, hi

    def sharing_too_much(self, c: np.ndarray, max_shared: float) -> np.ndarray:
        """Candidates with the best route's crossings (none on the detour, none on the stretch
        it replaces) and more than ``max_shared`` of their km on the best route."""
        ok, lo, hi = self._branches(c)
        same = (
            ok
            & (self.c0[c] == self.c0[lo])
            & (self.c1[c] == self.c1[hi])
            & (self.best_cross[np.maximum(self.pos[hi] - 1, 0)] == self.best_cross[self.pos[lo]])
        )
        shared = self.k0[lo] + self.k1[hi]
        total = self.k0[c] + self.k1[c]
        return same & (shared > max_shared * total * (1 + 1e-9) + 1e-6)

    def branches(self, c: np.ndarray) -> tuple[list, list, list]:
        """For each via node of ``c``: whether its path leaves the best route once and
        rejoins it (then only the detour between ``lo`` and ``hi`` needs walking), lo, hi."""
        ok, lo, hi = self._branches(c)
        return ok.tolist(), lo.tolist(), hi.tolist()

    def footprint(self, edges_idx: np.ndarray, crossings: list[int]) -> Footprint:
        """What the detour test needs of an accepted route (its edges and crossing nodes)."""
        used = edge_mask(len(self.q.arr.km), edges_idx)
        shared = self.best_km * used[self.best_edges]
        return Footprint(used, crossings, np.concatenate([[0.0], np.cumsum(shared)]).tolist())

    def surely_rejected(
        self, c: int, lo: int, hi: int, accepted: list[Footprint], max_shared: float
    ) -> bool:
        """Whether the via path through ``c`` (leaving the best route at ``lo``, rejoining it
        at ``hi``) surely fails :func:`differs` against an accepted route: the same crossings
        and clearly more than ``max_shared`` of its km shared. Only the detour is walked;
        borderline shares are left to the exact test."""
        up, down = [c], [c]
        step0, step1 = self.pred[0].item, self.pred[1].item
        while up[-1] != lo:
            up.append(step0(up[-1]))
        while down[-1] != hi:
            down.append(step1(down[-1]))
        steps = np.array(up[::-1] + down[1:], dtype=np.int64)
        pl, ph = int(self.pos[lo]), int(self.pos[hi])
        arr = self.q.arr
        crossings = (
            self.cross_nodes[: bisect.bisect_left(self.cross_at, pl)]
            + steps[arr.is_crossing[steps]].tolist()
            + self.cross_nodes[bisect.bisect_right(self.cross_at, ph) :]
        )
        edges = self.q.compiled.edges_along(steps)
        detour_km = arr.km[edges]
        before = self.km_before
        km = before[pl] + (before[-1] - before[ph]) + float(detour_km.sum())
        for route in accepted:
            if crossings != route.crossings:
                continue
            pre = route.shared_before
            shared = pre[pl] + (pre[-1] - pre[ph]) + float(detour_km[route.used[edges]].sum())
            if shared > max_shared * km * (1 + 1e-9) + 1e-6:
                return True
        return False

    def path(self, c: int) -> list[int]:
        """The via path through ``c``: the best route to the branch point, the detour, the
        best route from the rejoin point (walking only the detour where that is exact)."""
        ok, lo, hi = self._branches(np.array([c]))
        if not ok[0]:
            head = path_from_predecessors(self.pred[0], self.best[0], c)
            tail = path_from_predecessors(self.pred[1], self.best[-1], c)
            assert head is not None and tail is not None
            return head + tail[::-1][1:]
        lo_, hi_ = int(lo[0]), int(hi[0])
        up = [c]
        while up[-1] != lo_:
            up.append(int(self.pred[0][up[-1]]))
        down = [c]
        while down[-1] != hi_:
            down.append(int(self.pred[1][down[-1]]))
        pl, ph = int(self.pos[lo_]), int(self.pos[hi_])
        return self.best[:pl] + up[::-1] + down[1:] + self.best[ph + 1 :]


def via_candidates(dist: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """Via nodes worth a path walk, best via cost first (a stable order).

    A via node's path is the best path to it plus the best path from it. Nodes on one
    plateau (joined by edges that lie on both shortest-path trees) share the same via path
    and the same via cost, so only one (the plateau's node nearest the origin) is kept; a
    node reached from the same neighbour in both trees (a U-turn) gives no simple path and
    is dropped. Both are array tests (pointer jumping), before any path is walked."""
    via = dist[0] + dist[1]
    n = len(via)
    nodes = np.arange(n)
    p0, p1 = pred[0].astype(np.int64), pred[1].astype(np.int64)
    up = nodes.copy()  # a node's plateau parent: its tree parent when that edge is on both trees
    child = nodes[p0 >= 0]
    on_both = child[p1[p0[child]] == child]
    up[on_both] = p0[on_both]
    while (up != up[up]).any():
        up = up[up]
    keep = (up == nodes) & np.isfinite(via) & ~((p0 >= 0) & (p0 == p1))
    cands = nodes[keep]
    return cands[np.argsort(via[cands], kind="stable")]


def excursion(arr: RoutingArrays, edges_idx: np.ndarray) -> set | None:
    """The countries a path passes through between leaving a country and coming back into
    it, the first and last countries of the path left out; an empty set when the path
    re-enters no country (None when it does but only through its end countries)."""
    c = arr.country[edges_idx]
    if not len(c):
        return set()
    runs = c[np.r_[True, c[1:] != c[:-1]]].tolist()
    if len(runs) == len(set(runs)):
        return set()
    inside: set = set()
    for country in set(runs):
        at = [i for i, r in enumerate(runs) if r == country]
        inside.update(runs[at[0] + 1 : at[-1]])
    inside -= {runs[0], runs[-1]}
    return inside or None
