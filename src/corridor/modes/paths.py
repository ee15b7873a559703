"""Where ships and aircraft go: sea paths over searoute's maritime network, great circles.

Sea paths come from `searoute <https://pypi.org/project/searoute/>`_ (Apache-2.0), which
bundles a maritime network (Eurostat MARNET) and reports the passages a path takes; nothing is
downloaded. Lengths are geodesic (pyproj, WGS84) in km and nautical miles (1 nm = 1.852 km).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod

from .._bundled import bundled_data_dir
from .._checks import check_point
from .._schema import CHOKEPOINT_PASSAGES
from ..distance import geodesic_length_km
from ..errors import CorridorError

__all__ = ["SeaPath", "AirPath", "sea_path", "air_path", "countries_crossed", "NM_KM"]

NM_KM = 1.852
_GEOD = Geod(ellps="WGS84")
# ASSUMPTION: how far an end of a sea path may lie from the maritime network's nearest node.
# The bundled ports lie within 40 km of one (Baniyas 38.5 km, the others under 20 km);
# Damascus is 86 km away and Tehran 224 km (from the Caspian): no port.
MAX_SEA_ACCESS_KM = 75.0
_PASSAGE_IDS = {v: k for k, v in CHOKEPOINT_PASSAGES.items()}


@dataclass(frozen=True)
class SeaPath:
    """A sea path (EPSG:4326 LineString): ``km`` and ``nm`` geodesic, the chokepoints it
    passes in order (ids of ``data/chokepoints.csv``), and the ones it was told to avoid."""

    geometry: shapely.LineString
    km: float
    nm: float
    chokepoints: tuple[str, ...]
    avoided: tuple[str, ...]


@dataclass(frozen=True)
class AirPath:
    """A great-circle flight path (EPSG:4326 LineString), ``km`` geodesic."""

    geometry: shapely.LineString
    km: float


def _check_access(end: tuple[float, float], node, name: str) -> None:
    """Refuse an end of a sea path that lies far from the maritime network (inland)."""
    _, _, metres = _GEOD.inv(end[0], end[1], float(node[0]), float(node[1]))
    if metres / 1000.0 > MAX_SEA_ACCESS_KM:
        raise CorridorError(
            f"the {name} ({end[0]:g}, {end[1]:g}) is {metres / 1000.0:,.0f} km from the nearest "
            f"sea lane (at most {MAX_SEA_ACCESS_KM:g} km): give a port's (lon, lat), e.g. from "
            "corridor.load_mode_data().ports"
        )


@lru_cache(maxsize=256)
def _searoute(
    origin: tuple[float, float], destination: tuple[float, float], avoid: tuple[str, ...]
):
    import searoute

    restrictions = ["northwest", *(CHOKEPOINT_PASSAGES[c] for c in avoid)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "no path found": handled below
        feature = searoute.searoute(
            list(origin),
            list(destination),
            units="naut",
            restrictions=restrictions,
            return_passages=True,
        )
    coords = feature["geometry"]["coordinates"]
    snapped = (tuple(coords[0]), tuple(coords[-1])) if coords else None  # the network's ends
    if not feature["properties"].get("length") or len(coords) < 2:
        if avoid:  # closed by the chokepoints avoided, unless no path exists without them
            found = _searoute(origin, destination, ())
            return None if found is None or found[1] else found
        # both ends snap to one node of the maritime network (ports a few tens of km apart):
        # a direct hop, passing no chokepoint
        return np.array([origin, destination], dtype=float), (), snapped
    line = shapely.LineString([origin, *coords, destination])
    where = passage_points()
    passed = [p for p in feature["properties"]["traversed_passages"] if p in _PASSAGE_IDS]
    passed.sort(key=lambda p: line.project(where[p]) if p in where else np.inf)
    return shapely.get_coordinates(line), tuple(_PASSAGE_IDS[p] for p in passed), snapped


@lru_cache(maxsize=1)
def passage_points() -> dict[str, shapely.Point]:
    """Where each passage of searoute's maritime network lies (the mean of its edges' first
    nodes), to put the chokepoints a path passes in travel order."""
    import searoute

    nodes: dict[str, list] = {}
    for u, _, d in searoute.setup_M().edges(data=True):
        if d.get("passage"):
            nodes.setdefault(d["passage"], []).append(u)
    return {
        p: shapely.Point(np.mean(np.asarray(xy, dtype=float), axis=0)) for p, xy in nodes.items()
    }


def sea_path(
    origin: tuple[float, float], destination: tuple[float, float], *, avoid: tuple[str, ...] = ()
) -> SeaPath | None:
    """The shortest sea path between two points (lon, lat in degrees, EPSG:4326, each within
    ``MAX_SEA_ACCESS_KM`` of the maritime network: a port) avoiding the named chokepoints
    (a list or tuple of ids), or None when every way is closed."""
    origin, destination = check_point(origin, "origin"), check_point(destination, "destination")
    if isinstance(avoid, str):
        raise CorridorError(f"avoid must be a list of chokepoint ids, e.g. [{avoid!r}], not a text")
    unknown = [c for c in avoid if c not in CHOKEPOINT_PASSAGES]
    if unknown:
        raise CorridorError(
            f"unknown chokepoint(s) {', '.join(map(str, unknown))}; "
            f"known: {', '.join(CHOKEPOINT_PASSAGES)}"
        )
    avoid = tuple(sorted(set(avoid)))
    found = _searoute(origin, destination, avoid)
    if found is None:
        return None
    coords, passed, snapped = found
    if snapped is not None:
        _check_access(origin, snapped[0], "origin")
        _check_access(destination, snapped[1], "destination")
    line = shapely.LineString(coords)
    km = float(geodesic_length_km(np.array([line]))[0])
    return SeaPath(line, km, km / NM_KM, passed, avoid)


def air_path(origin: tuple[float, float], destination: tuple[float, float]) -> AirPath:
    """The great circle between two points (lon, lat in degrees, EPSG:4326), 64 points."""
    (x1, y1), (x2, y2) = check_point(origin, "origin"), check_point(destination, "destination")
    mid = _GEOD.npts(x1, y1, x2, y2, 62)
    line = shapely.LineString([(x1, y1), *mid, (x2, y2)])
    _, _, metres = _GEOD.inv(x1, y1, x2, y2)
    return AirPath(line, float(metres) / 1000.0)


@lru_cache(maxsize=1)
def _countries() -> gpd.GeoDataFrame:
    from ..layers import read_layer

    return read_layer(bundled_data_dir(), "countries")


def countries_crossed(line: shapely.LineString) -> list[str]:
    """ISO3 codes of the bundled countries a line crosses, in order along it."""
    countries = _countries()
    hit = countries.sindex.query(line, predicate="intersects")
    order = []
    for i in hit:
        part = line.intersection(countries.geometry.iloc[i])
        if part.is_empty or part.length == 0:
            continue
        first = shapely.get_coordinates(part)[0]
        order.append((line.project(shapely.Point(first)), str(countries["iso_a3"].iloc[i])))
    return [code for _, code in sorted(order)]
