"""Label placement: labels next to their markers, or joined to them by a leader line.

Each label tries positions on rings around its marker (eight directions per ring, nearest
ring first). On the first two rings the label sits next to the marker (a gap of at most
:data:`NEAR_GAP_PT` points); further out a thin leader line joins it to its marker. A
position is refused when it overlaps a placed label or a marker, or leaves the axes; among the
free positions the first that crosses no route is taken, else the one crossing the fewest.
Labels that fit nowhere are dropped (lowest priority is placed last). All distances are in
display units (points), measured with a renderer at the figure's dpi.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg

from .base import HALO

__all__ = ["NEAR_GAP_PT", "MAX_MARKER_PT", "RINGS_PT", "Placement", "Labeller", "label_gap_pt"]

NEAR_GAP_PT = 6.0  # a label at most this far (points) from its marker needs no leader line
MAX_MARKER_PT = 6.0  # the largest marker radius (origin and destination stars), points
RINGS_PT = (1.5, 5.0, 12.0, 22.0, 34.0)  # gaps between marker and label tried, points
# unit directions: E, W, NE, SE, NW, SW, N, S
_DIRS = [(1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1)]


@dataclass
class Placement:
    """A placed label: its text artist, marker position and box (display units), leader."""

    text: object
    anchor: tuple[float, float]
    box: tuple[float, float, float, float]
    leader: bool


def label_gap_pt(box, anchor, dpi: float) -> float:
    """Distance in points from ``anchor`` (display px) to the nearest point of ``box``."""
    x0, y0, x1, y1 = box
    x, y = anchor
    dx = max(x0 - x, 0.0, x - x1)
    dy = max(y0 - y, 0.0, y - y1)
    return float(np.hypot(dx, dy)) * 72.0 / dpi


class Labeller:
    """Greedy label placement on one axes (see the module docstring); ``max_ring`` (points)
    limits how far from its marker a label may go."""

    halo = HALO

    def __init__(self, ax, *, max_ring: float | None = None) -> None:
        self.ax = ax
        self.rings = tuple(r for r in RINGS_PT if max_ring is None or r <= max_ring)
        self.fig = ax.figure
        ax.apply_aspect()
        w, h = self.fig.bbox.size
        self.renderer = RendererAgg(max(int(w), 1), max(int(h), 1), self.fig.dpi)
        self.px = self.fig.dpi / 72.0
        self.taken: list[tuple[float, float, float, float]] = []
        self.soft = np.zeros((0, 2))
        self.frame = ax.get_window_extent(self.renderer)
        self.placed: list[Placement] = []

    def block_points(self, xy: np.ndarray, radius_pt: float = 3.0) -> None:
        """Markers at ``xy`` (data units) that no label may cover."""
        if not len(xy):
            return
        r = radius_pt * self.px
        for x, y in self.ax.transData.transform(np.asarray(xy, float).reshape(-1, 2)):
            self.taken.append((x - r, y - r, x + r, y + r))

    def avoid_lines(self, geoms, step_pt: float = 3.0) -> None:
        """Lines (data units) that labels should not cross where they can help it."""
        import shapely

        pts = []
        for g in geoms:
            for part in shapely.get_parts(g):
                disp = self.ax.transData.transform(np.asarray(part.coords)[:, :2])
                if len(disp) < 2:
                    continue
                seg = np.diff(disp, axis=0)
                n = np.maximum((np.hypot(seg[:, 0], seg[:, 1]) / (step_pt * self.px)), 1)
                for (a, d), k in zip(zip(disp[:-1], seg), n.astype(int)):
                    t = np.linspace(0, 1, k + 1)[:-1, None]
                    pts.append(a + t * d)
        if pts:
            self.soft = np.vstack([self.soft, *pts])

    def free(self, box) -> bool:
        x0, y0, x1, y1 = box
        f = self.frame
        if x0 < f.x0 + 2 or x1 > f.x1 - 2 or y0 < f.y0 + 2 or y1 > f.y1 - 2:
            return False
        return all(x1 <= a or x0 >= c or y1 <= b or y0 >= d for a, b, c, d in self.taken)

    def soft_hits(self, box) -> int:
        if not len(self.soft):
            return 0
        x0, y0, x1, y1 = box
        s = self.soft
        return int(((s[:, 0] > x0) & (s[:, 0] < x1) & (s[:, 1] > y0) & (s[:, 1] < y1)).sum())

    def place(
        self, x: float, y: float, text: str, *, marker_pt: float = 3.0, leader: bool = True, **kw
    ) -> Placement | None:
        """Place ``text`` for the marker at (x, y) (data units, radius ``marker_pt`` points).

        Returns the placement, or None when no position is free (the label is dropped).
        With ``leader=False`` only the rings next to the marker are tried.
        """
        best = None
        rings = self.rings if leader else tuple(r for r in self.rings if r <= NEAR_GAP_PT)
        anchor = tuple(self.ax.transData.transform((x, y)))
        for ring in rings:
            for ux, uy in _DIRS:
                cand = self._candidate(x, y, text, ux, uy, marker_pt + ring, ring, kw)
                if cand is None:
                    continue
                t, box, hits, redo = cand
                if hits == 0:
                    if best is not None:
                        best[0].remove()
                    return self._commit(t, anchor, box, ring, marker_pt, redo)
                if best is None or hits < best[2]:
                    if best is not None:
                        best[0].remove()
                    best = (t, box, hits, ring, redo)
                else:
                    t.remove()
            if best is not None:
                break  # a nearer position crossing a line beats a further one
        if best is None:
            return None
        return self._commit(best[0], anchor, best[1], best[3], marker_pt, best[4])

    def _candidate(self, x, y, text, ux, uy, dist, ring, kw):
        norm = np.hypot(ux, uy)
        dx, dy = ux / norm * dist, uy / norm * dist
        ha = "left" if ux > 0 else "right" if ux < 0 else "center"
        va = "bottom" if uy > 0 else "top" if uy < 0 else "center_baseline"
        args = dict(xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, **kw)
        t = self.ax.annotate(text, (x, y), path_effects=HALO, annotation_clip=True, **args)
        bb = t.get_window_extent(self.renderer)
        pad = self.px * 0.8
        box = (bb.x0 - pad, bb.y0 - pad, bb.x1 + pad, bb.y1 + pad)
        if not self.free(box):
            t.remove()
            return None
        relpos = ((1 - np.sign(ux)) / 2, (1 - np.sign(uy)) / 2)  # the corner facing the marker
        return t, box, self.soft_hits(box), (text, (x, y), args, relpos)

    def _commit(self, t, anchor, box, ring, marker_pt, redo) -> Placement:
        far = ring > NEAR_GAP_PT
        if far:
            text, xy, args, relpos = redo
            t.remove()
            t = self.ax.annotate(
                text,
                xy,
                path_effects=HALO,
                annotation_clip=True,
                arrowprops=dict(
                    arrowstyle="-",
                    color="#333333",
                    linewidth=0.6,
                    shrinkA=0.5,
                    shrinkB=marker_pt + 0.5,
                    relpos=relpos,
                ),
                **args,
            )
        self.taken.append(box)
        p = Placement(t, anchor, box, far)
        self.placed.append(p)
        return p
