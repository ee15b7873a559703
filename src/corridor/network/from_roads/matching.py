"""Road classes for roads whose source has none: from a reference road layer that follows the
same course (by default the curated network's roads).

A road takes the ``road_class`` and ``surface`` of the reference road that lies within
``within_km`` of most of its sample points (one every ``step_km`` along it, both ends
included), when those points are at least ``min_share`` of its samples. The curated roads are
themselves drawn through the OpenStreetMap-derived highway graph (Douglas-Peucker 0.003°, about
300 m), so an OSM-derived line on a curated road's course lies within a few hundred metres of it;
roads on no curated course keep the class they had (the default class, "unclassified").
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ...distance import deg_radius, geodesic_distance_km, geodesic_length_km

__all__ = ["MATCH_KM", "MATCH_SHARE", "STEP_KM", "ReferenceClasses", "classes_from_reference"]

MATCH_KM = 2.0  # a sample point this close (geodesic km) to a reference road lies on it
MATCH_SHARE = 0.6  # share of a road's sample points that must lie on one reference road
STEP_KM = 1.0  # sample spacing along each road (km)


@dataclass
class ReferenceClasses:
    """Per road of the layer: the reference road it follows (None when it follows none), and
    that road's class and surface."""

    road: np.ndarray
    road_class: np.ndarray
    surface: np.ndarray

    @property
    def matched(self) -> np.ndarray:
        return pd.notna(pd.Series(self.road, dtype=object)).to_numpy()


def classes_from_reference(
    geoms: np.ndarray,
    reference: gpd.GeoDataFrame,
    within_km: float = MATCH_KM,
    min_share: float = MATCH_SHARE,
    step_km: float = STEP_KM,
) -> ReferenceClasses:
    """The reference road each road follows, with its class and surface.

    Parameters
    ----------
    geoms : array of LineString or MultiLineString
        The roads (EPSG:4326); empty or missing geometries follow nothing.
    reference : GeoDataFrame
        Reference roads with ``id``, ``road_class`` and ``surface`` (EPSG:4326).
    within_km, min_share, step_km : float
        A road follows the reference road within ``within_km`` (geodesic km) of at least
        ``min_share`` of its points sampled every ``step_km`` km.

    Returns
    -------
    ReferenceClasses
        Vectorised over all sample points (one STRtree query), no loop over roads.
    """
    n = len(geoms)
    none = np.full(n, None, dtype=object)
    arr = np.asarray(geoms, dtype=object)
    # lines only (MultiLineStrings are sampled along their first part), with finite
    # coordinates (the builder skips the others); others follow nothing
    coords, owner = shapely.get_coordinates(arr, return_index=True)
    finite = np.ones(n, dtype=bool)
    finite[owner[~np.isfinite(coords).all(axis=1)]] = False
    line = np.isin(shapely.get_type_id(arr), (1, 5)) & ~shapely.is_empty(arr)
    ok = np.flatnonzero(line & finite)
    if not len(ok) or reference is None or not len(reference):
        return ReferenceClasses(none, none.copy(), none.copy())
    lines = np.asarray(geoms, dtype=object)[ok]
    km = np.nan_to_num(geodesic_length_km(lines))
    count = np.maximum(2, np.ceil(km / step_km).astype(np.int64) + 1)
    owner = np.repeat(np.arange(len(lines)), count)
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    frac = (np.arange(len(owner)) - start[owner]) / (count[owner] - 1)
    pts = shapely.line_interpolate_point(lines[owner], frac, normalized=True)
    ref = np.asarray(reference.geometry.values, dtype=object)
    tree = shapely.STRtree(ref)
    xy = shapely.get_coordinates(pts)
    p_i, r_i = tree.query(pts, predicate="dwithin", distance=deg_radius(within_km, xy[:, 1]))
    near = shapely.get_coordinates(shapely.shortest_line(pts[p_i], ref[r_i])).reshape(-1, 2, 2)
    d = geodesic_distance_km(near[:, 0, 0], near[:, 0, 1], near[:, 1, 0], near[:, 1, 1])
    keep = d <= within_km
    p_i, r_i = p_i[keep], r_i[keep]
    # a sample counts once per reference road; a road follows the reference road with the most
    pairs = pd.DataFrame({"line": owner[p_i], "ref": r_i, "p": p_i}).drop_duplicates(["p", "ref"])
    votes = pairs.groupby(["line", "ref"]).size().rename("n").reset_index()
    votes = votes.sort_values(["line", "n", "ref"], ascending=[True, False, True])
    best = votes.drop_duplicates("line")
    best = best[best["n"].to_numpy() >= min_share * count[best["line"].to_numpy()]]
    road, cls, srf = none.copy(), none.copy(), none.copy()
    at = ok[best["line"].to_numpy()]
    rows = best["ref"].to_numpy()
    road[at] = reference["id"].to_numpy(dtype=object)[rows]
    cls[at] = reference["road_class"].to_numpy(dtype=object)[rows]
    srf[at] = reference["surface"].to_numpy(dtype=object)[rows]
    return ReferenceClasses(road, cls, srf)
