"""Input layers of :func:`corridor.network_from_roads`: the roads and the side layers
(places, crossings, borders, countries, zones), read and checked with one CRS policy
(:func:`corridor.layers.to_wgs84`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, TypeAlias

import geopandas as gpd

from ..._bundled import bundled_data_dir
from ...errors import DataError
from ...layers import check_layer, read_layer

__all__ = ["Layer", "is_osm_file", "read_roads", "side_layer"]

Layer: TypeAlias = gpd.GeoDataFrame | str | Path
_SIDE_TYPES = ("LineString", "MultiLineString", "Polygon", "MultiPolygon")  # borders, countries


_OSM_SUFFIXES = (".osm.pbf", ".pbf", ".osm")
_TAG = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')


def is_osm_file(path: Path) -> bool:
    """Whether ``path`` is an OpenStreetMap extract (``.osm.pbf``, ``.pbf`` or ``.osm``)."""
    return path.name.lower().endswith(_OSM_SUFFIXES)


def _osm_roads(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The ways of an OpenStreetMap extract (GDAL's OSM driver, layer "lines") that carry a
    ``highway`` tag, with ``surface`` and ``ref`` taken out of ``other_tags`` and ``name``
    falling back to ``ref``."""
    roads = gdf[gdf["highway"].notna()].copy() if "highway" in gdf.columns else gdf.iloc[:0]
    tags = roads["other_tags"] if "other_tags" in roads.columns else None
    if tags is not None:
        parsed = [dict(_TAG.findall(t)) if isinstance(t, str) else {} for t in tags]
        for key in ("surface", "ref"):
            roads[key] = [p.get(key) for p in parsed]
        roads = roads.drop(columns="other_tags")
        if "name" in roads.columns:  # unnamed ways go by their number (ref=*), e.g. "10"
            roads["name"] = roads["name"].where(roads["name"].notna(), roads["ref"])
    if "osm_id" in roads.columns:
        roads = roads.rename(columns={"osm_id": "id"})
        roads["id"] = "osm:" + roads["id"].astype(str)
    return roads


def read_roads(roads: Layer, layer: str | None) -> tuple[gpd.GeoDataFrame, str]:
    """The road layer as a GeoDataFrame, and where it came from (for messages).

    An OpenStreetMap extract (``.osm.pbf``) is read with GDAL's OSM driver: its ``lines``
    layer, the ways with a ``highway`` tag, their ``name``, ``ref`` and ``surface``."""
    if isinstance(roads, gpd.GeoDataFrame):
        return roads, roads.attrs.get("source_path", "roads GeoDataFrame")
    if isinstance(roads, (str, Path)):
        import pyogrio  # loaded only when a road file is read (any format GDAL reads)

        path = Path(roads)
        if not path.exists():
            raise DataError(f"{path}: file not found (roads)")
        osm = is_osm_file(path)
        layer = layer or ("lines" if osm else None)
        where = str(path) + (f" layer {layer!r}" if layer else "")
        try:
            gdf = pyogrio.read_dataframe(path, layer=layer)
        except Exception as exc:  # pyogrio's DataSourceError and friends
            raise DataError(f"{where}: cannot be read as a road layer ({exc})") from exc
        if not isinstance(gdf, gpd.GeoDataFrame):
            raise DataError(f"{where}: has no geometry column; expected road lines")
        if osm:
            gdf = _osm_roads(gdf)
            if not len(gdf):
                raise DataError(f"{where}: no way with a highway tag in this OpenStreetMap extract")
        return gdf, where
    raise DataError(
        f"roads must be a GeoDataFrame or the path of a file pyogrio can read, "
        f"got {type(roads).__name__}"
    )


def side_layer(value: Layer | None | Literal[False], name: str) -> gpd.GeoDataFrame | None:
    """A side layer: None means the bundled one, False none, else a GeoDataFrame or a path."""
    if value is False:
        return None
    if value is None:
        return read_layer(bundled_data_dir(), name)
    if isinstance(value, (str, Path)):
        return read_layer(value, name)
    if not isinstance(value, gpd.GeoDataFrame):
        raise DataError(
            f"{name} must be a GeoDataFrame, a path, None (the bundled layer) or False (none), "
            f"got {type(value).__name__}"
        )
    if not len(value) and name != "countries":  # no places, zones, tracks...: as False
        return None
    where = value.attrs.get("source_path", f"{name} GeoDataFrame")
    return check_layer(value, name, where, types=_SIDE_TYPES)
