"""Data layers: reading (GeoJSON, GeoPackage, anything pyogrio reads), checking and writing.

Every layer is checked once: when it is read (:func:`read_layer`), or, for the layers
:func:`corridor.load` reads unchecked (:func:`read_raw_layer`), by the network builder they go
to. The checks: format, CRS, coordinate range, geometry type and validity, required fields,
field types and allowed values, and duplicate ids. Errors name the file, the feature and the
problem.

CRS policy (one for every entry point): layers are used in EPSG:4326 (longitude, latitude).
A layer in another CRS is reprojected, with a note in the ``corridor`` log; a layer whose
CRS is unknown is refused (GeoJSON without a ``crs`` member is EPSG:4326 by RFC 7946).
"""

from __future__ import annotations

import copy
import json
import logging
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._checks import check_path
from ._files import atomic_folder, atomic_target
from ._schema import LAYERS, WGS84, FieldSpec, coerce, encode
from .errors import DataError

__all__ = [
    "read_layer",
    "read_raw_layer",
    "has_layer",
    "check_geometries",
    "check_fields",
    "check_layer",
    "to_wgs84",
    "frame_for_file",
    "write_layers",
]

log = logging.getLogger(__name__)

_TYPE_IDS = {
    "Point": 0,
    "LineString": 1,
    "Polygon": 3,
    "MultiPoint": 4,
    "MultiLineString": 5,
    "MultiPolygon": 6,
}
# layers that cannot be empty (a network with no zones, or a map with no events, is fine)
_NEED_FEATURES = ("places", "crossings", "roads", "countries")
_ANY_TYPES = ("Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


# --------------------------------------------------------------------------- CRS


def to_wgs84(gdf: gpd.GeoDataFrame, where: str) -> gpd.GeoDataFrame:
    """The layer in EPSG:4326: a missing CRS is refused, any other CRS reprojected (logged)."""
    if gdf.crs is None:
        raise DataError(
            f"{where}: no CRS; set the one the coordinates are in first, e.g. "
            "gdf.set_crs('EPSG:4326') for longitude/latitude or gdf.set_crs('EPSG:32638') for "
            "UTM 38N metres"
        )
    if gdf.crs.to_epsg() == 4326:
        return gdf
    label = gdf.crs.to_string()
    try:
        out = gdf.to_crs(WGS84)
    except Exception as exc:  # pyproj errors
        raise DataError(f"{where}: cannot reproject from {label} to EPSG:4326 ({exc})") from exc
    log.info("%s: reprojected from %s to EPSG:4326", where, label)
    out.attrs["reprojected_from"] = label
    return out


# --------------------------------------------------------------------------- reading


def _read_geojson(path: Path) -> gpd.GeoDataFrame:
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is accepted
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not a GeoJSON file (not UTF-8 text: {exc.reason})") from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{path}: not a GeoJSON file (invalid JSON at line {exc.lineno}: {exc.msg})"
        ) from exc
    except RecursionError:
        raise DataError(f"{path}: not a GeoJSON file (nested too deeply)") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        raise DataError(f"{path}: not a GeoJSON FeatureCollection (found type {found!r})")
    crs = _geojson_crs(doc.get("crs"), path)
    features = doc.get("features")
    if not isinstance(features, list):
        raise DataError(f"{path}: 'features' must be a list")
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise DataError(f"{path}, feature {i}: not a GeoJSON Feature")
    geoms = _feature_geometries(text, features, path)
    props = [feature.get("properties") or {} for feature in features]
    frame = pd.DataFrame.from_records(props) if props else pd.DataFrame()
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=crs), crs=crs)


def _feature_geometries(text: str, features: list[dict], path: Path) -> list:
    """The features' geometries: GEOS reads the whole document at once when every feature has
    one (a collection of them, in feature order); otherwise, or if that fails, each feature's
    own, so that an error names the feature."""
    if all(isinstance(f.get("geometry"), dict) for f in features):
        try:
            parts = shapely.get_parts(shapely.from_geojson(text))
        except Exception:  # read feature by feature below, for an error that names one
            parts = None
        if parts is not None and len(parts) == len(features):
            return list(parts)
    geoms = []
    for i, feature in enumerate(features):
        try:
            geoms.append(shapely.from_geojson(json.dumps(feature.get("geometry"))))
        except Exception as exc:  # shapely raises GEOSException with terse text
            raise DataError(f"{path}, feature {i}: unreadable geometry ({exc})") from exc
    return geoms


def _geojson_crs(member, path: Path) -> str:
    """The CRS of a GeoJSON document: EPSG:4326 unless a legacy ``crs`` member names another."""
    if member is None:
        return WGS84
    name = str((member.get("properties") or {}).get("name", member))
    if any(tag in name for tag in ("4326", "CRS84")):
        return WGS84
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return CRS.from_user_input(name).to_string()
    except CRSError as exc:
        raise DataError(f"{path}: unknown CRS {name!r} in the 'crs' member ({exc})") from exc


def _read_any(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    if path.suffix.lower() in (".geojson", ".json"):
        return _read_geojson(path)
    import pyogrio  # loaded only when a file other than GeoJSON is read or written

    try:
        gdf = pyogrio.read_dataframe(path, layer=layer)
    except Exception as exc:  # pyogrio's DataSourceError and friends
        where = f"{path}" + (f", layer {layer!r}" if layer else "")
        raise DataError(f"{where}: cannot be read ({exc})") from exc
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise DataError(f"{path}, layer {layer!r}: has no geometry column")
    return gdf


def _feature_label(where: str, gdf: pd.DataFrame, i: int) -> str:
    ident = gdf["id"].iloc[i] if "id" in gdf.columns else None
    return f"{where}, feature {i}" + (f" (id {ident!r})" if isinstance(ident, str) else "")


def check_coordinates(geoms, where: str, gdf: pd.DataFrame) -> None:
    """Raise DataError naming the first feature of ``gdf`` (whose geometries are ``geoms``)
    with a NaN or infinite coordinate, or one outside the longitude/latitude range."""
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    bad = np.flatnonzero(~np.isfinite(coords).all(axis=1))
    if len(bad):
        x, y = coords[bad[0]]
        raise DataError(
            f"{_feature_label(where, gdf, owner[bad[0]])}: coordinate ({x:g}, {y:g}) is not a "
            "finite number; fix or drop the feature"
        )
    out = np.flatnonzero((np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90))
    if len(out):
        x, y = coords[out[0]]
        raise DataError(f"{_feature_label(where, gdf, owner[out[0]])}: {out_of_range(x, y)}")


def out_of_range(x: float, y: float) -> str:
    """What to say of a coordinate outside the longitude/latitude range, with the likely
    cause: projected metres (a missing or wrong CRS), or the two axes swapped."""
    hint = (
        "these look like projected metres: set the CRS they are in (it is then reprojected), "
        "or reproject to EPSG:4326"
        if max(abs(x), abs(y)) > 1000
        else "are longitude and latitude swapped?"
    )
    return f"coordinate ({x:g}, {y:g}) is outside the longitude/latitude range; {hint}"


def check_geometries(gdf: gpd.GeoDataFrame, where: str, types: tuple[str, ...]) -> None:
    """Raise DataError for a missing, empty, invalid or wrongly typed geometry, or
    coordinates outside the longitude/latitude range."""
    geoms = gdf.geometry.values
    missing = np.flatnonzero(shapely.is_missing(geoms))
    if len(missing):
        raise DataError(f"{_feature_label(where, gdf, missing[0])}: no geometry")
    empty = np.flatnonzero(shapely.is_empty(geoms))
    if len(empty):
        raise DataError(f"{_feature_label(where, gdf, empty[0])}: empty geometry")
    kinds = shapely.get_type_id(geoms)
    bad = np.flatnonzero(~np.isin(kinds, [_TYPE_IDS[t] for t in types]))
    if len(bad):
        found = int(shapely.get_type_id(geoms[bad[0]]))
        name = {v: k for k, v in _TYPE_IDS.items()}.get(found, str(found))
        raise DataError(
            f"{_feature_label(where, gdf, bad[0])}: geometry is a {name}; "
            f"expected {' or '.join(types)}"
        )
    check_coordinates(geoms, where, gdf)
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    if len(invalid):
        reason = shapely.is_valid_reason(geoms[invalid[0]])
        raise DataError(f"{_feature_label(where, gdf, invalid[0])}: invalid geometry ({reason})")


def check_fields(gdf: gpd.GeoDataFrame, where: str, fields: FieldSpec) -> gpd.GeoDataFrame:
    """Check required fields, types and allowed values; return the layer with coerced values."""
    coerced: dict[str, pd.Series] = {}
    for field, (kind, required, allowed) in fields.items():
        if field not in gdf.columns:
            if required:
                raise DataError(
                    f"{where}: missing required field {field!r} "
                    f"(fields found: {', '.join(c for c in gdf.columns if c != 'geometry')})"
                )
            coerced[field] = pd.Series([None] * len(gdf), index=gdf.index, dtype=object)
            continue
        values = []
        for i, value in enumerate(gdf[field].tolist()):
            try:
                value = coerce(value, kind)
            except (TypeError, ValueError) as exc:
                raise DataError(
                    f"{_feature_label(where, gdf, i)}: field {field!r}: {exc}"
                ) from None
            if required and (value is None or (isinstance(value, str) and not value.strip())):
                raise DataError(
                    f"{_feature_label(where, gdf, i)}: required field {field!r} is empty"
                )
            if allowed is not None and value is not None and value not in allowed:
                raise DataError(
                    f"{_feature_label(where, gdf, i)}: field {field!r} is {value!r}; "
                    f"allowed values: {', '.join(allowed)}"
                )
            values.append(value)
        coerced[field] = pd.Series(values, index=gdf.index, dtype=object)
    # one new frame (the layer's columns in their order, coerced, then the missing fields)
    columns = {c: coerced.get(c, gdf[c]) for c in gdf.columns} | coerced
    out = gpd.GeoDataFrame(columns, index=gdf.index, geometry=gdf.geometry.name, crs=gdf.crs)
    out.attrs = copy.deepcopy(gdf.attrs)  # as DataFrame.copy does
    out.columns.name = gdf.columns.name
    if "id" in fields:
        dup = out["id"][out["id"].duplicated()]
        if len(dup):
            raise DataError(f"{where}: duplicate id {dup.iloc[0]!r}; ids must be unique")
    if {"valid_from", "valid_to"} <= set(fields):  # ISO text compares as dates
        for i, (start, end) in enumerate(zip(out["valid_from"], out["valid_to"])):
            if start is not None and end is not None and end <= start:
                raise DataError(
                    f"{_feature_label(where, gdf, i)}: valid_to {end} is not after valid_from "
                    f"{start} (valid_to is the first day it no longer holds)"
                )
    return out


def check_layer(
    gdf: gpd.GeoDataFrame, layer: str, where: str, *, types: tuple[str, ...] | None = None
) -> gpd.GeoDataFrame:
    """A layer given as a GeoDataFrame, checked like a file: CRS (reprojected to EPSG:4326),
    geometries and (for the schema layers) fields. Returns the checked copy.

    ``types`` are the geometry types allowed in a layer outside the schema (default any)."""
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise DataError(f"{where}: expected a GeoDataFrame, got {type(gdf).__name__}")
    gdf = to_wgs84(gdf, where)
    if not len(gdf) and layer in _NEED_FEATURES:
        raise DataError(f"{where}: has no features; a {layer} layer needs at least one")
    if layer in LAYERS:
        types, fields = LAYERS[layer]
        if not len(gdf):  # no zones or events: the layer's fields, no rows
            fields = {f: (kind, False, allowed) for f, (kind, _, allowed) in fields.items()}
        check_geometries(gdf, where, types)
        gdf = check_fields(gdf, where, fields)
    else:
        check_geometries(gdf, where, types or _ANY_TYPES)
    gdf.attrs["source_path"] = where
    return gdf


def read_layer(source: str | Path, layer: str) -> gpd.GeoDataFrame:
    """Read and check one data layer.

    Parameters
    ----------
    source : path
        A folder holding ``<layer>.geojson``, a GeoPackage holding a layer named ``layer``,
        or the layer's own file.
    layer : str
        One of "places", "crossings", "roads", "zones", or a reference layer
        ("countries", "borders", "coastline", "rivers").

    Returns
    -------
    geopandas.GeoDataFrame in EPSG:4326 with the schema's fields, values coerced.
    """
    gdf = read_raw_layer(source, layer)
    return check_layer(gdf, layer, gdf.attrs["source_path"])


def read_raw_layer(source: str | Path, layer: str) -> gpd.GeoDataFrame:
    """One layer as its file holds it, not checked, with ``attrs["source_path"]`` naming the
    file (and layer): for builders that check their layers themselves, once, with
    :func:`check_layer` (as :func:`corridor.network.build_network` does)."""
    path = check_path(source, "the layer source")
    if path.is_dir():
        path = path / f"{layer}.geojson"
        gpkg_layer = None
    elif path.suffix.lower() == ".gpkg":
        gpkg_layer = layer
    else:
        gpkg_layer = None
    if not path.exists():
        raise DataError(f"{path}: file not found (layer {layer!r})")
    gdf = _read_any(path, gpkg_layer)
    gdf.attrs["source_path"] = str(path) + (f" layer {gpkg_layer!r}" if gpkg_layer else "")
    return gdf


def has_layer(source: Path, layer: str) -> bool:
    """Whether a folder or GeoPackage holds ``layer``."""
    if source.is_dir():
        return (source / f"{layer}.geojson").exists()
    if source.suffix.lower() == ".gpkg" and source.exists():
        import pyogrio  # loaded only when a file other than GeoJSON is read or written

        try:
            return layer in {name for name, _ in pyogrio.list_layers(source)}
        except Exception as exc:
            raise DataError(f"{source}: not a readable GeoPackage ({exc})") from exc
    return False


def read_frame(
    path: Path, layer: str | None, where: str, types: tuple[str, ...]
) -> gpd.GeoDataFrame:
    """A layer as written by corridor itself (no schema), checked for CRS and geometry."""
    gdf = to_wgs84(_read_any(path, layer), where)
    check_geometries(gdf, where, types)
    return gdf


# --------------------------------------------------------------------------- writing


def frame_for_file(gdf: gpd.GeoDataFrame, fields: Mapping[str, str]) -> gpd.GeoDataFrame:
    """Columns in types every format stores: lists as JSON text, whole numbers as Int64."""
    out = gdf.copy()
    for field, kind in fields.items():
        if field not in out.columns:
            continue
        if kind == "list":
            out[field] = pd.Series(
                [encode(v, kind) for v in out[field].tolist()], index=out.index, dtype=object
            )
        elif kind == "int":
            out[field] = pd.array(out[field].tolist(), dtype="Int64")
        elif kind == "float":
            out[field] = out[field].astype(float)
    return out


_FILE_SUFFIXES = {
    ".png", ".jpg", ".pdf", ".svg", ".html", ".htm", ".json", ".geojson", ".csv", ".txt",
    ".toml", ".shp", ".fgb", ".zip", ".parquet", ".xlsx", ".sqlite", ".db",
}  # fmt: skip


def _check_target(
    path: Path, layers: Mapping[str, gpd.GeoDataFrame], gpkg: bool, replaces: Iterable[str] = ()
) -> Path:
    resolved = path.resolve()
    if (
        resolved == resolved.parent
        or resolved == Path.cwd().resolve()
        or path.name in ("", ".", "..")
    ):
        raise DataError(
            f"{path}: give a new folder name (or a .gpkg file) to write the network into"
        )
    if not gpkg and path.suffix.lower() in _FILE_SUFFIXES and not path.is_dir():
        raise DataError(
            f"{path}: layers are written to a GeoPackage (a name ending in .gpkg) or a folder "
            f"(a name without a file suffix), not a {path.suffix} file"
        )
    if path.is_dir() and not gpkg:
        ours = {f"{name}.geojson" for name in layers} | {
            "nodes.geojson",
            "edges.geojson",
            "zones.geojson",
        }
        if (path / "nodes.geojson").exists():  # a saved network: the files saved beside it too
            ours |= set(replaces)
        others = sorted(p.name for p in path.iterdir() if p.name not in ours)
        if others:
            raise DataError(
                f"{path}: the folder holds other files ({', '.join(others[:3])}); corridor only "
                "replaces a folder it wrote itself. Choose a new folder name"
            )
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise DataError(f"{path}: the folder {parent} does not exist")
    return parent


def write_layers(
    layers: Mapping[str, gpd.GeoDataFrame],
    path: str | Path,
    *,
    files: Mapping[str, Path] | None = None,
    replaces: Iterable[str] = (),
) -> Path:
    """Write GeoDataFrames as layers of a GeoPackage (``*.gpkg``) or as GeoJSON files in a folder
    (with ``files``, name -> source path, copied beside them: a folder only). An existing
    folder is replaced only when it holds nothing but such layers (and, in a saved network's
    folder, the files named in ``replaces``).

    The write goes to a temporary file or folder first, which then replaces ``path``,
    so a failed write never leaves a half-written dataset behind.
    """
    import pyogrio  # loaded only when a file other than GeoJSON is read or written

    path = check_path(path, "the output path").expanduser()
    gpkg = path.suffix.lower() == ".gpkg"
    _check_target(path, layers, gpkg, [*replaces, *(files or {})])
    if path.exists() and (path.is_dir() == gpkg):
        raise DataError(f"{path}: exists and is not a {'file' if gpkg else 'folder'}")
    name = ""
    try:
        with atomic_target(path) if gpkg else atomic_folder(path) as target:
            if gpkg:
                target.unlink()  # GDAL creates the GeoPackage itself
            for name, gdf in layers.items():
                if gpkg:  # an empty layer has no geometry type to infer
                    kind = {} if len(gdf) else {"geometry_type": "Unknown"}
                    pyogrio.write_dataframe(gdf, target, layer=name, driver="GPKG", **kind)
                else:
                    pyogrio.write_dataframe(
                        gdf,
                        target / f"{name}.geojson",
                        driver="GeoJSON",
                        layer_options={"RFC7946": "NO", "WRITE_BBOX": "NO"},
                    )
            for name, source in (files or {}).items():
                if gpkg:
                    raise DataError(f"{path}: a GeoPackage cannot hold {name}; write a folder")
                shutil.copyfile(source, target / name)
    except DataError:
        raise
    except Exception as exc:
        what = f"layer {name!r}" if name else "the dataset"
        raise DataError(f"{path}: could not write {what} ({exc}); nothing was changed") from exc
    return path
