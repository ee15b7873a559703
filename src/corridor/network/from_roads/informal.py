"""Informal crossings on road-built networks: the curated dirt tracks through the informal
border crossings (the Albukamal bypasses), added to any road layer.

A road dataset built from OpenStreetMap-like highway data has no dirt track across the border
embankments, so its informal crossings would be isolated nodes and every scenario that needs
them would have no route. :func:`informal_tracks` takes, for each informal crossing of the known
crossings (``kind`` "informal"), the curated track segments that end at it (``road_class``
"track" in a curated ``roads`` layer, ``u`` or ``v`` the crossing's id), joins them into one line
through the crossing, and moves each end of that line onto the nearest vertex of the road layer
(the "nearest node": after noding at shared vertices that vertex is a node), so that the track
is joined to the road-built network at both ends and the crossing lies inside it, where the
crossing detection finds and matches it like any other road-border intersection.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ...distance import geodesic_distance_km

__all__ = ["INFORMAL_JOIN_KM", "InformalTracks", "informal_tracks"]

INFORMAL_JOIN_KM = 25.0  # a track end farther than this from every road vertex: track left out
_TABLE_COLUMNS = ["crossing", "track", "added", "start_km", "end_km"]


@dataclass
class InformalTracks:
    """The tracks to add (one line per informal crossing) and what was done with each."""

    geoms: np.ndarray  # LineStrings, ends on road vertices
    ids: np.ndarray
    names: np.ndarray
    surfaces: np.ndarray  # "dirt" or "paved", from the curated track
    sources: np.ndarray
    table: pd.DataFrame  # crossing, track, added, start_km, end_km (km each end was moved)


def _empty(table: pd.DataFrame | None = None) -> InformalTracks:
    none = np.zeros(0, dtype=object)
    return InformalTracks(
        none,
        none,
        none,
        none,
        none,
        table if table is not None else pd.DataFrame(columns=_TABLE_COLUMNS),
    )


def _chain(crossing: str, segs: gpd.GeoDataFrame) -> tuple[list, list[str]] | None:
    """The coordinates of the curated track through ``crossing`` (its segments joined so that
    the crossing is an interior vertex) and the segment ids; None unless exactly two segments
    meet there."""
    if len(segs) != 2:
        return None
    parts = []
    for i, row in enumerate(segs.itertuples()):
        xy = list(row.geometry.coords)
        # the first segment runs to the crossing, the second away from it
        towards = row.v == crossing
        parts.append(xy if towards == (i == 0) else xy[::-1])
    return parts[0] + parts[1][1:], [str(i) for i in segs["id"]]


def informal_tracks(
    road_geoms: np.ndarray,
    known: gpd.GeoDataFrame | None,
    curated: gpd.GeoDataFrame | None,
    join_km: float = INFORMAL_JOIN_KM,
) -> InformalTracks:
    """The curated tracks of the informal crossings, joined to the road layer at their ends.

    Parameters
    ----------
    road_geoms : array of LineString or MultiLineString
        The road layer's geometries (EPSG:4326).
    known : GeoDataFrame or None
        Known crossings (the ``crossings`` schema); those of ``kind`` "informal" get tracks.
    curated : GeoDataFrame or None
        A curated ``roads`` layer (``id``, ``u``, ``v``, ``road``, ``road_class``, ``surface``,
        ``source``) holding the tracks through the informal crossings.
    join_km : float
        Largest distance (geodesic km) from a track end to the nearest road vertex; a track
        whose end is farther is left out (it would hang in the air).

    Returns
    -------
    InformalTracks
        One line per informal crossing whose track was found, its ends moved onto the nearest
        road vertices; ``table`` says for every informal crossing whether its track was added
        and how far (km) each end was moved.
    """
    if known is None or curated is None or not len(known) or "kind" not in known.columns:
        return _empty()
    informal = known[(known["kind"] == "informal").to_numpy()]
    need = {"id", "u", "v", "road_class"}
    if not len(informal) or not need <= set(curated.columns):
        return _empty()
    tracks = curated[(curated["road_class"] == "track").to_numpy()]
    coords = shapely.get_coordinates(np.asarray(road_geoms, dtype=object))
    if not len(coords):
        return _empty()
    vertices = shapely.points(coords)
    tree = shapely.STRtree(vertices)
    rows: list[dict] = []
    out: list[tuple] = []
    for crossing in informal["id"]:  # a handful of crossings, not a loop over the road layer
        segs = tracks[((tracks["u"] == crossing) | (tracks["v"] == crossing)).to_numpy()]
        found = _chain(crossing, segs)
        if found is None:
            rows.append(dict(crossing=crossing, track=None, added=False))
            continue
        xy, seg_ids = found
        ends = np.array([xy[0], xy[-1]], dtype=float)
        near = tree.query_nearest(shapely.points(ends), all_matches=False)[1]
        km = geodesic_distance_km(ends[:, 0], ends[:, 1], coords[near, 0], coords[near, 1])
        track_id = "+".join(seg_ids)
        row = dict(crossing=crossing, track=track_id, start_km=km[0], end_km=km[1])
        if (km > join_km).any():
            rows.append(dict(row, added=False))
            continue
        xy = [tuple(coords[near[0]]), *xy[1:-1], tuple(coords[near[1]])]
        first = segs.iloc[0]
        source = (
            f"{first.get('source') or 'curated track'}; curated track(s) {', '.join(seg_ids)} "
            f"through the informal crossing {crossing}, joined to the road layer at its ends "
            f"(nearest road vertex, {km[0]:.2f} and {km[1]:.2f} km) by network_from_roads"
        )
        surface = first.get("surface") if first.get("surface") in ("paved", "dirt") else "dirt"
        out.append(
            (shapely.LineString(xy), f"informal-{crossing}", first.get("road"), surface, source)
        )
        rows.append(dict(row, added=True))
    table = pd.DataFrame(rows, columns=_TABLE_COLUMNS)
    if not out:
        return _empty(table)
    geoms, ids, names, surfaces, sources = (np.array(c, dtype=object) for c in zip(*out))
    return InformalTracks(geoms, ids, names, surfaces, sources, table)
