"""Geodesic measures on the WGS84 ellipsoid (pyproj), vectorised over Shapely arrays.

All inputs are in EPSG:4326 (longitude, latitude in degrees); all outputs in kilometres.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Geod

__all__ = ["GEOD", "geodesic_length_km", "geodesic_distance_km"]

GEOD = Geod(ellps="WGS84")


def geodesic_length_km(geometries) -> np.ndarray:
    """Geodesic length of each (multi)line on WGS84, in km.

    Parameters
    ----------
    geometries : array-like of shapely geometries (EPSG:4326)

    Returns
    -------
    numpy.ndarray of float, one length per geometry (0 for points and empty geometries).
    """
    geoms = np.asarray(geometries, dtype=object)
    flat = geoms.ravel()
    # explode multi-part lines so that consecutive vertices only pair within one part
    parts, owner = shapely.get_parts(flat, return_index=True)
    coords, part_of = shapely.get_coordinates(parts, return_index=True)
    out = np.zeros(len(flat))
    if len(coords) < 2:
        return out.reshape(geoms.shape)
    same_part = part_of[1:] == part_of[:-1]
    a, b = coords[:-1][same_part], coords[1:][same_part]
    _, _, dist_m = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    per_part = np.bincount(part_of[1:][same_part], weights=dist_m, minlength=len(parts))
    out = np.bincount(owner, weights=per_part, minlength=len(flat)) / 1000.0
    return out.reshape(geoms.shape)


def geodesic_distance_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Geodesic distance between points, in km (arrays broadcast)."""
    _, _, dist_m = GEOD.inv(*np.broadcast_arrays(lon1, lat1, lon2, lat2))
    return np.asarray(dist_m) / 1000.0
