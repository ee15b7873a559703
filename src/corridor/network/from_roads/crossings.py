"""Border crossings on road-built networks: where roads cross a border between two countries,
matched to known crossings (by distance, the road's name as tie-break) or given generated ids."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..._geometry import greedy_match, segments_of
from ...distance import deg_radius, geodesic_distance_km
from ...errors import DataError
from ...names import normalize_name
from .classes import as_text

__all__ = ["CROSSING_FIELDS", "Borders", "Crossings", "border_segments", "detect_crossings"]

CROSSING_MERGE_KM = 2.0  # other road-border intersections this close to a matched crossing join it
NAME_BONUS_KM = 1.0  # a road whose name matches a crossing counts this much closer to it
END_DEG = 5e-4  # border intersections this close (~50 m) to a dead end are not crossings
SAME_CUT_DEG = 1e-6  # intersections closer than this along one edge are the same point
CROSSING_FIELDS = {
    "name": "name",
    "aliases": "aliases",
    "crossing_kind": "kind",
    "post_a": "post_a",
    "post_b": "post_b",
    "source": "source",
}


@dataclass
class Borders:
    segments: np.ndarray  # two-point LineStrings
    pair: np.ndarray  # "AAA|BBB" (sorted codes) per segment
    tree: shapely.STRtree


def border_segments(borders: gpd.GeoDataFrame | None) -> Borders | None:
    """Border lines between two different countries, as an STRtree of two-point segments."""
    if borders is None or not len(borders):
        return None
    where = borders.attrs.get("source_path", "borders")
    for left, right in (("adm0_a3_l", "adm0_a3_r"), ("country_a", "country_b")):
        if {left, right} <= set(borders.columns):
            break
    else:
        raise DataError(
            f"{where}: a borders layer needs the codes of the countries on each side, in "
            "columns adm0_a3_l and adm0_a3_r (as Natural Earth boundary lines) or country_a "
            "and country_b"
        )
    a = as_text(borders[left].to_numpy(dtype=object))
    b = as_text(borders[right].to_numpy(dtype=object))
    ok = np.array([x is not None and y is not None and x != y for x, y in zip(a, b)], dtype=bool)
    if not ok.any():
        return None
    pair = np.array(["|".join(sorted((x, y))) for x, y in zip(a[ok], b[ok])], dtype=object)
    segs, owner = segments_of(np.asarray(borders.geometry.values, dtype=object)[ok])
    return Borders(segs, pair[owner], shapely.STRtree(segs))


def _name_keys(*names) -> set[str]:
    out: set[str] = set()
    for name in names:
        if isinstance(name, str):
            key = normalize_name(name)
            if len(key) >= 4:
                out.add(key)
        elif isinstance(name, (list, tuple, np.ndarray)):
            out |= _name_keys(*name)
    return out


@dataclass
class Crossings:
    cut_edge: np.ndarray
    cut_pos: np.ndarray
    cut_xy: np.ndarray
    cut_node: np.ndarray  # row of ``nodes`` for each cut
    nodes: pd.DataFrame  # id, country_a, country_b, known (row or -1), x, y, km, n
    unmatched_known: np.ndarray  # rows of the known crossings with no road


def _border_intersections(lines, edge_tree, clipped_end, border: Borders):
    """(edge, position, xy, country pair) of every road-border crossing, in edge order."""
    b_i, e_i = edge_tree.query(border.segments, predicate="intersects")
    inter = shapely.intersection(lines[e_i], border.segments[b_i])
    xy, k = shapely.get_coordinates(inter, return_index=True)
    edge, pair_of = e_i[k], border.pair[b_i[k]]
    pos = shapely.line_locate_point(lines[edge], shapely.points(xy))
    length = shapely.length(lines)[edge]
    # a road that stops at the border (a dataset clipped there) does not cross it
    clipped = ((pos < END_DEG) & clipped_end[edge, 0]) | (
        (pos > length - END_DEG) & clipped_end[edge, 1]
    )
    at_end = (pos <= 1e-9) | (pos >= length - 1e-9)
    keep = ~clipped & ~at_end
    edge, pos, xy, pair_of = edge[keep], pos[keep], xy[keep], pair_of[keep]
    order = np.lexsort((pos, edge))
    edge, pos, xy, pair_of = edge[order], pos[order], xy[order], pair_of[order]
    same = np.concatenate([[False], (edge[1:] == edge[:-1]) & (np.diff(pos) < SAME_CUT_DEG)])
    same = same[: len(edge)]
    return edge[~same], pos[~same], xy[~same], pair_of[~same]


def _match_known(xy, pair_of, edge, edge_names, known: gpd.GeoDataFrame, crossing_km: float):
    """One-to-one matching of known crossings to intersections: the b matched to each known
    crossing (or -1), by distance with the road's name as a tie-break."""
    kxy = shapely.get_coordinates(known.geometry.values)
    kpair = np.array(
        ["|".join(sorted((a, b))) for a, b in zip(known["country_a"], known["country_b"])],
        dtype=object,
    )
    tree = shapely.STRtree(shapely.points(xy))
    ki, ci = tree.query(
        shapely.points(kxy), predicate="dwithin", distance=deg_radius(crossing_km, kxy[:, 1])
    )
    d = geodesic_distance_km(*kxy[ki].T, *xy[ci].T)
    ok = (d <= crossing_km) & (kpair[ki] == pair_of[ci])
    ki, ci, d = ki[ok], ci[ok], d[ok]
    # the road's name is the tie-break: a match counts NAME_BONUS_KM closer
    keys = [_name_keys(r.name, r.aliases, r.post_a, r.post_b, r.id) for r in known.itertuples()]
    road_key = {
        c: normalize_name(edge_names[edge[c]])
        for c in np.unique(ci)
        if isinstance(edge_names[edge[c]], str)
    }
    bonus = np.array(
        [
            NAME_BONUS_KM if c in road_key and any(key in road_key[c] for key in keys[k]) else 0.0
            for k, c in zip(ki, ci)
        ]
    )
    return greedy_match(ki, ci, d - bonus, len(known), len(xy)), kxy


def _join_near_matched(node_of_cut: np.ndarray, xy: np.ndarray, pair_of: np.ndarray) -> None:
    """Intersections close to a matched one (a dual carriageway, a second road to the same
    post) are the same crossing (in place)."""
    anchors, free = np.flatnonzero(node_of_cut >= 0), np.flatnonzero(node_of_cut < 0)
    if not len(anchors) or not len(free):
        return
    t = shapely.STRtree(shapely.points(xy[free]))
    ai, fi = t.query(
        shapely.points(xy[anchors]),
        predicate="dwithin",
        distance=deg_radius(CROSSING_MERGE_KM, xy[anchors, 1]),
    )
    a, f = anchors[ai], free[fi]
    dd = geodesic_distance_km(*xy[a].T, *xy[f].T)
    ok = (dd <= CROSSING_MERGE_KM) & (pair_of[a] == pair_of[f])
    a, f, dd = a[ok], f[ok], dd[ok]
    o = np.lexsort((dd, f))
    a, f = a[o], f[o]
    first = np.concatenate([[True], f[1:] != f[:-1]]) if len(f) else np.zeros(0, bool)
    node_of_cut[f[first]] = node_of_cut[a[first]]


def _generated(node_of_cut: np.ndarray, xy, pair_of, rows: list[dict]) -> None:
    """Unmatched intersections get ids ``xing-<A>-<B>-<n>``, numbered per pair of countries
    from west to east (in place)."""
    rest = np.flatnonzero(node_of_cut < 0)
    rest = rest[np.lexsort((xy[rest, 1], xy[rest, 0], pair_of[rest].astype(str)))]
    counter: dict[str, int] = {}
    for c in rest:
        a, b = pair_of[c].split("|")
        counter[pair_of[c]] = counter.get(pair_of[c], 0) + 1
        node_of_cut[c] = len(rows)
        rows.append(
            {
                "id": f"xing-{a}-{b}-{counter[pair_of[c]]}",
                "country_a": a,
                "country_b": b,
                "known": -1,
                "x": xy[c, 0],
                "y": xy[c, 1],
                "km": np.nan,
            }
        )


def detect_crossings(
    lines: np.ndarray,
    edge_tree: shapely.STRtree,
    clipped_end: np.ndarray,
    edge_names: np.ndarray,
    border: Borders | None,
    known: gpd.GeoDataFrame | None,
    crossing_km: float,
) -> Crossings:
    """Road-border intersections, matched to known crossings or given generated ids."""
    n_known = 0 if known is None else len(known)
    columns = ["id", "country_a", "country_b", "known", "x", "y", "km", "n"]
    none = Crossings(
        np.zeros(0, np.int64),
        np.zeros(0),
        np.zeros((0, 2)),
        np.zeros(0, np.int64),
        pd.DataFrame(columns=columns),
        np.arange(n_known),
    )
    if border is None or not len(lines):
        return none
    edge, pos, xy, pair_of = _border_intersections(lines, edge_tree, clipped_end, border)
    if len(edge) == 0:
        return none
    node_of_cut = np.full(len(edge), -1, dtype=np.int64)
    rows: list[dict] = []
    matched = np.full(n_known, -1, dtype=np.int64)
    if known is not None and n_known:
        matched, kxy = _match_known(xy, pair_of, edge, edge_names, known, crossing_km)
        for k in np.flatnonzero(matched >= 0):
            c = matched[k]
            node_of_cut[c] = len(rows)
            rows.append(
                {
                    "id": known["id"].iloc[k],
                    "country_a": known["country_a"].iloc[k],
                    "country_b": known["country_b"].iloc[k],
                    "known": k,
                    "x": xy[c, 0],
                    "y": xy[c, 1],
                    "km": float(geodesic_distance_km(kxy[k, 0], kxy[k, 1], xy[c, 0], xy[c, 1])),
                }
            )
        _join_near_matched(node_of_cut, xy, pair_of)
    _generated(node_of_cut, xy, pair_of, rows)
    nodes = pd.DataFrame(rows, columns=columns[:-1])
    nodes["n"] = np.bincount(node_of_cut, minlength=len(nodes))
    cut_xy = nodes[["x", "y"]].to_numpy(dtype=float)[node_of_cut]
    return Crossings(edge, pos, cut_xy, node_of_cut, nodes, np.flatnonzero(matched < 0))
