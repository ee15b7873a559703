"""Geodesic measures on the WGS84 ellipsoid (pyproj), vectorised over Shapely arrays.

All inputs are in EPSG:4326 (longitude, latitude in degrees); all outputs in kilometres.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Geod

__all__ = [
    "GEOD",
    "KM_DECIMALS",
    "KM_PER_DEG",
    "geodesic_length_km",
    "geodesic_distance_km",
    "point_line_distance_km",
    "deg_radius",
]

GEOD = Geod(ellps="WGS84")
KM_DECIMALS = 6  # network lengths (length_km) are rounded to the millimetre
KM_PER_DEG = 111.0  # a little under the true value, so degree search radii are generous


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
    a, b, c, d = np.broadcast_arrays(lon1, lat1, lon2, lat2)
    _, _, dist_m = GEOD.inv(a, b, c, d)
    return np.asarray(dist_m) / 1000.0


def point_line_distance_km(points, lines) -> np.ndarray:
    """Geodesic distance (km) from each point to the nearest point of the paired line.

    The nearest point is found in lon/lat and measured on WGS84: exact enough for the
    short distances (a few km) the checks that use it care about.
    """
    nearest = shapely.shortest_line(np.asarray(points), np.asarray(lines))
    ends = shapely.get_coordinates(nearest).reshape(-1, 2, 2)
    if len(ends) == 0:
        return np.zeros(0)
    return geodesic_distance_km(ends[:, 0, 0], ends[:, 0, 1], ends[:, 1, 0], ends[:, 1, 1])


def deg_radius(km: float | np.ndarray, lat: float | np.ndarray) -> np.ndarray:
    """A radius in degrees that covers ``km`` (a number or an array, broadcast with ``lat``)
    around points at latitude ``lat`` (any bearing)."""
    cos = np.cos(np.radians(np.minimum(np.abs(lat) + km / KM_PER_DEG, 89.0)))
    return km / (KM_PER_DEG * cos)
