"""Checks of a network's source layers that need more than one layer (run once, on build).

Single-layer checks (format, CRS, geometry, fields, ids) live in :mod:`corridor.layers`.
"""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely

from .distance import point_line_distance_km
from .errors import DataError

__all__ = [
    "check_country_codes",
    "check_places_in_countries",
    "check_crossings_on_borders",
    "check_connected",
    "check_edge_countries",
    "check_lonlat_order",
    "country_codes",
]

PLACE_TOLERANCE_KM = 5.0  # a place may sit this far outside its (generalised) country polygon
CROSSING_TOLERANCE_KM = 2.0  # a crossing must lie this close to the border between its countries


def _where(gdf: gpd.GeoDataFrame, default: str) -> str:
    return gdf.attrs.get("source_path", default)


def country_codes(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Countries indexed by ISO3 code (``iso_a3``, falling back to ``adm0_a3``)."""
    if not {"iso_a3", "adm0_a3"} & set(countries.columns):
        fields = ", ".join(c for c in countries.columns if c != countries.geometry.name)
        raise DataError(
            f"{_where(countries, 'countries')}: no country code field; give each country its "
            f"ISO 3166 alpha-3 code in 'iso_a3' or 'adm0_a3' (fields found: {fields or 'none'})"
        )
    code = countries["iso_a3"] if "iso_a3" in countries.columns else countries["adm0_a3"]
    if "adm0_a3" in countries.columns:
        code = code.where(code.notna() & (code != "-99"), countries["adm0_a3"])
    out = countries.assign(code=code.astype(str)).dissolve(by="code")
    return out


def check_country_codes(layer: gpd.GeoDataFrame, fields: list[str], known: set[str]) -> None:
    where = _where(layer, "layer")
    for field in fields:
        for i, value in enumerate(layer[field].tolist()):
            if value not in known:
                ident = layer["id"].iloc[i]
                raise DataError(
                    f"{where}, feature {i} (id {ident!r}): unknown country code {value!r} in "
                    f"field {field!r}; use an ISO 3166 alpha-3 code such as "
                    f"{', '.join(sorted(known)[:8])}"
                )


def check_places_in_countries(places: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> None:
    """Each place lies in (or within 5 km of) its country; detects swapped axes."""
    where = _where(places, "places")
    polys = countries.geometry.reindex(places["country"]).values
    dist = point_line_distance_km(places.geometry.values, shapely.boundary(polys))
    inside = shapely.contains(polys, places.geometry.values)
    bad = np.flatnonzero(~inside & (dist > PLACE_TOLERANCE_KM))
    if len(bad):
        i = bad[0]
        p = places.geometry.iloc[i]
        swapped = shapely.Point(p.y, p.x)
        hint = (
            "; longitude and latitude look swapped"
            if shapely.contains(polys[i], swapped)
            else "; check the coordinate (longitude first) and the country code"
        )
        raise DataError(
            f"{where}, feature {i} (id {places['id'].iloc[i]!r}): point ({p.x:g}, {p.y:g}) is "
            f"{dist[i]:.0f} km outside its country {places['country'].iloc[i]}{hint}"
        )


def check_crossings_on_borders(
    crossings: gpd.GeoDataFrame, borders: gpd.GeoDataFrame, countries: gpd.GeoDataFrame
) -> None:
    """Each crossing lies within 2 km of the border line between its two countries."""
    where = _where(crossings, "crossings")
    pair_lines: dict[frozenset, shapely.Geometry] = {}
    if {"adm0_a3_l", "adm0_a3_r"} <= set(borders.columns):
        for (left, right), group in borders.groupby(["adm0_a3_l", "adm0_a3_r"]):
            key = frozenset((left, right))
            pair_lines[key] = shapely.union_all([pair_lines.get(key), *group.geometry.values])
    for i, row in enumerate(crossings.itertuples()):
        key = frozenset((row.country_a, row.country_b))
        line = pair_lines.get(key)
        if line is None:
            # fall back to the shared boundary of the two country polygons
            a, b = countries.geometry.get(row.country_a), countries.geometry.get(row.country_b)
            if a is not None and b is not None:
                line = shapely.intersection(a.boundary, b.boundary)
        if line is None or line.is_empty:
            raise DataError(
                f"{where}, feature {i} (id {row.id!r}): no border between "
                f"{row.country_a} and {row.country_b} in the borders layer"
            )
        dist = point_line_distance_km(np.array([row.geometry]), np.array([line]))[0]
        if dist > CROSSING_TOLERANCE_KM:
            raise DataError(
                f"{where}, feature {i} (id {row.id!r}): crossing is {dist:.1f} km from the "
                f"{row.country_a}-{row.country_b} border; a crossing must lie within "
                f"{CROSSING_TOLERANCE_KM:g} km of it (check the coordinate or the countries)"
            )


def check_connected(graph: nx.MultiGraph, where: str) -> None:
    """The road graph must be one connected component; list the others if not."""
    if graph.number_of_nodes() == 0:
        raise DataError(f"{where}: the network has no nodes")
    components = sorted(nx.connected_components(graph), key=len, reverse=True)
    if len(components) > 1:
        described = []
        for comp in components[1:6]:
            names = sorted(graph.nodes[n].get("name") or n for n in comp)
            described.append("{" + ", ".join(names[:5]) + (", ..." if len(names) > 5 else "") + "}")
        raise DataError(
            f"{where}: the road network is not connected: {len(components)} components; "
            f"the largest has {len(components[0])} nodes, the others: {'; '.join(described)}. "
            "Add the missing road segments or remove the isolated places"
        )


def check_edge_countries(graph: nx.MultiGraph, where: str) -> None:
    """An edge between two place/crossing nodes must not join two countries."""
    for u, v, d in graph.edges(data=True):
        cu, cv = graph.nodes[u]["country"], graph.nodes[v]["country"]
        if cu is None or cv is None:
            continue
        if not set(cu.split("|")) & set(cv.split("|")):
            raise DataError(
                f"{where}: road {d['road_id']!r} runs from {u!r} ({cu}) to {v!r} ({cv}) without "
                "a border crossing; end it at a crossing node on the border"
            )


def _unit_vectors(lonlat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    return np.c_[np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]


def check_lonlat_order(geoms, anchors, where: str, km: float = 25.0, sample: int = 20000) -> None:
    """Refuse a layer whose coordinates are (latitude, longitude): when almost none of the
    ``anchors`` (points known to be right: the places, or the crossings) lie within ``km`` of
    the layer but most do with the layer's x and y swapped.

    ``geoms`` and ``anchors`` are geometries in EPSG:4326; distances are great-circle
    (chords on the unit sphere, radius 6,371 km). Up to ``sample`` of the layer's points
    are used.
    """
    from scipy.spatial import cKDTree

    coords = shapely.get_coordinates(np.asarray(geoms, dtype=object))
    coords = coords[np.isfinite(coords).all(axis=1)]  # NaN vertices: skipped by the builder
    known = shapely.get_coordinates(np.asarray(anchors, dtype=object))
    if not len(coords) or len(known) < 3:
        return
    coords = coords[:: max(1, len(coords) // sample)]
    chord = 2.0 * np.sin(km / 6371.0 / 2.0)
    target = _unit_vectors(known)

    def share_near(xy: np.ndarray) -> float:
        dist, _ = cKDTree(_unit_vectors(xy)).query(target, distance_upper_bound=chord)
        return float(np.isfinite(dist).mean())

    if share_near(coords) < 0.1 and share_near(coords[:, ::-1]) > 0.5:
        x, y = coords[0]
        raise DataError(
            f"{where}: the coordinates look like (latitude, longitude): e.g. ({x:.4f}, {y:.4f}); "
            f"almost no place lies within {km:g} km of them, most do with x and y swapped. Give "
            "them as (longitude, latitude), e.g. gdf.geometry = shapely.transform(gdf.geometry, "
            "lambda c: c[:, ::-1])"
        )
