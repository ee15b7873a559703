"""Input layers of :func:`corridor.network_from_roads`: the roads and the side layers
(places, crossings, borders, countries, zones), read and checked with one CRS policy
(:func:`corridor.layers.to_wgs84`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeAlias

import geopandas as gpd

from ..._bundled import bundled_data_dir
from ...errors import DataError
from ...layers import check_layer, read_layer

__all__ = ["Layer", "read_roads", "side_layer"]

Layer: TypeAlias = gpd.GeoDataFrame | str | Path
_SIDE_TYPES = ("LineString", "MultiLineString", "Polygon", "MultiPolygon")  # borders, countries


def read_roads(roads: Layer, layer: str | None) -> tuple[gpd.GeoDataFrame, str]:
    """The road layer as a GeoDataFrame, and where it came from (for messages)."""
    import pyogrio  # loaded only when a file other than GeoJSON is read or written

    if isinstance(roads, gpd.GeoDataFrame):
        return roads, roads.attrs.get("source_path", "roads GeoDataFrame")
    if isinstance(roads, (str, Path)):
        path = Path(roads)
        if not path.exists():
            raise DataError(f"{path}: file not found (roads)")
        where = str(path) + (f" layer {layer!r}" if layer else "")
        try:
            gdf = pyogrio.read_dataframe(path, layer=layer)
        except Exception as exc:  # pyogrio's DataSourceError and friends
            raise DataError(f"{where}: cannot be read as a road layer ({exc})") from exc
        if not isinstance(gdf, gpd.GeoDataFrame):
            raise DataError(f"{where}: has no geometry column; expected road lines")
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
    where = value.attrs.get("source_path", f"{name} GeoDataFrame")
    return check_layer(value, name, where, types=_SIDE_TYPES)
