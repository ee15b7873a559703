import numpy as np
import pytest
import shapely
from pyproj import Geod

from corridor.distance import geodesic_distance_km, geodesic_length_km


def test_lengths_match_pyproj_per_geometry():
    geod = Geod(ellps="WGS84")
    lines = [
        shapely.LineString([(44.36, 33.31), (36.29, 33.51)]),  # Baghdad-Damascus chord
        shapely.LineString([(35.5, 33.9), (35.6, 34.0), (36.0, 34.2)]),
        shapely.MultiLineString([[(40, 34), (41, 34)], [(42, 35), (42, 36)]]),
        shapely.Point(1, 1),
        shapely.LineString(),
    ]
    got = geodesic_length_km(lines)
    want = [geod.geometry_length(g) / 1000 for g in lines[:3]] + [0.0, 0.0]
    np.testing.assert_allclose(got, want, rtol=1e-9)


def test_degree_of_longitude_shrinks_with_latitude():
    at_equator, at_34 = geodesic_distance_km([0, 0], [0, 34], [1, 1], [0, 34])
    assert at_equator == pytest.approx(111.32, abs=0.01)
    assert at_34 == pytest.approx(92.4, abs=0.2)
