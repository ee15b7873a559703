"""Reading and writing: data layers (GeoJSON, GeoPackage) and whole networks.

Every layer is checked once, when it is read: format, CRS (EPSG:4326 only), coordinate
range, geometry type and validity, required fields, field types and allowed values, and
duplicate ids. Errors name the file, the feature and the problem.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from ._schema import EDGE_FIELDS, LAYERS, NODE_FIELDS
from .errors import DataError

__all__ = [
    "bundled_data_dir",
    "bundled_seeds_dir",
    "read_layer",
    "save_network",
    "load",
]

WGS84 = "EPSG:4326"


def _bundled_dir(name: str) -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_bundled" / name, here.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise DataError(
        f"the bundled {name}/ folder was not found next to the corridor package ({here}); "
        "reinstall corridor (pip install .) from a complete checkout"
    )


def bundled_data_dir() -> Path:
    """Folder of the bundled data layers (``data/`` in the repository)."""
    return _bundled_dir("data")


def bundled_seeds_dir() -> Path:
    """Folder of the seed articles that bundled assumptions cite (``seeds/``)."""
    return _bundled_dir("seeds")


# --------------------------------------------------------------------------- values


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return value is pd.NA or value is pd.NaT


def coerce(value: Any, kind: str) -> Any:
    """Convert one attribute value to the schema type (None stays None).

    Raises TypeError or ValueError with a short reason when it cannot.
    """
    if isinstance(value, (list, tuple, np.ndarray)):
        if kind != "list":
            raise TypeError(f"expected a {kind}, got a list")
        return tuple(str(v) for v in value)
    if _missing(value):
        return None
    if kind == "str":
        if not isinstance(value, str):
            raise TypeError(f"expected text, got {type(value).__name__} {value!r}")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
            raise TypeError(f"expected a whole number, got {value!r}")
        if not float(value).is_integer():
            raise TypeError(f"expected a whole number, got {value!r}")
        return int(value)
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
            raise TypeError(f"expected a number, got {value!r}")
        return float(value)
    if kind == "list":
        if isinstance(value, str):  # JSON-encoded list, as written to GeoPackage
            try:
                decoded = json.loads(value)
            except json.JSONDecodeError as exc:
                raise TypeError(f"expected a list, got text {value!r}") from exc
            if not isinstance(decoded, list):
                raise TypeError(f"expected a list, got {value!r}")
            return tuple(str(v) for v in decoded)
        raise TypeError(f"expected a list, got {value!r}")
    if kind == "date":
        if isinstance(value, (dt.date, pd.Timestamp)):
            return pd.Timestamp(value).date().isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError as exc:
            raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from exc
    raise AssertionError(f"unknown schema type {kind}")


def _encode(value: Any, kind: str) -> Any:
    """Value as stored in a file column (lists as JSON text)."""
    if kind == "list":
        return None if value is None else json.dumps(list(value), ensure_ascii=False)
    return value


# --------------------------------------------------------------------------- reading


def _read_geojson(path: Path) -> gpd.GeoDataFrame:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not a GeoJSON file (not UTF-8 text: {exc.reason})") from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{path}: not a GeoJSON file (invalid JSON at line {exc.lineno}: {exc.msg})"
        ) from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        found = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        raise DataError(f"{path}: not a GeoJSON FeatureCollection (found type {found!r})")
    crs = doc.get("crs")
    if crs is not None:
        name = str((crs.get("properties") or {}).get("name", crs))
        if not any(tag in name for tag in ("4326", "CRS84")):
            raise DataError(
                f"{path}: CRS is {name}, not EPSG:4326; reproject it to longitude/latitude "
                "(e.g. GeoDataFrame.to_crs('EPSG:4326')) before loading"
            )
    features = doc.get("features")
    if not isinstance(features, list):
        raise DataError(f"{path}: 'features' must be a list")
    geoms, props = [], []
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise DataError(f"{path}, feature {i}: not a GeoJSON Feature")
        try:
            geom = shapely.from_geojson(json.dumps(feature.get("geometry")))
        except Exception as exc:  # shapely raises GEOSException with terse text
            raise DataError(f"{path}, feature {i}: unreadable geometry ({exc})") from exc
        geoms.append(geom)
        props.append(feature.get("properties") or {})
    frame = pd.DataFrame.from_records(props) if props else pd.DataFrame()
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=WGS84), crs=WGS84)


def _read_any(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    if path.suffix.lower() in (".geojson", ".json"):
        return _read_geojson(path)
    try:
        gdf = pyogrio.read_dataframe(path, layer=layer)
    except Exception as exc:  # pyogrio's DataSourceError and friends
        where = f"{path}" + (f", layer {layer!r}" if layer else "")
        raise DataError(f"{where}: cannot be read ({exc})") from exc
    if gdf.crs is None:
        raise DataError(f"{path}, layer {layer!r}: no CRS; the layer must be in EPSG:4326")
    if gdf.crs.to_epsg() != 4326:
        raise DataError(
            f"{path}, layer {layer!r}: CRS is {gdf.crs.to_string()}, not EPSG:4326; "
            "reproject it to longitude/latitude before loading"
        )
    return gdf


def _feature_label(where: str, gdf: pd.DataFrame, i: int) -> str:
    ident = gdf["id"].iloc[i] if "id" in gdf.columns else None
    return f"{where}, feature {i}" + (f" (id {ident!r})" if isinstance(ident, str) else "")


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
    allowed = {
        "Point": 0,
        "LineString": 1,
        "Polygon": 3,
        "MultiPoint": 4,
        "MultiLineString": 5,
        "MultiPolygon": 6,
    }
    bad = np.flatnonzero(~np.isin(kinds, [allowed[t] for t in types]))
    if len(bad):
        found = shapely.get_type_id(geoms[bad[0]])
        name = {v: k for k, v in allowed.items()}.get(int(found), str(found))
        raise DataError(
            f"{_feature_label(where, gdf, bad[0])}: geometry is a {name}; "
            f"expected {' or '.join(types)}"
        )
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    out = np.flatnonzero((np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90))
    if len(out):
        x, y = coords[out[0]]
        hint = (
            "these look like projected metres; reproject to EPSG:4326"
            if max(abs(x), abs(y)) > 1000
            else "are longitude and latitude swapped?"
        )
        raise DataError(
            f"{_feature_label(where, gdf, owner[out[0]])}: coordinate ({x:g}, {y:g}) is outside "
            f"the longitude/latitude range; {hint}"
        )
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    if len(invalid):
        reason = shapely.is_valid_reason(geoms[invalid[0]])
        raise DataError(f"{_feature_label(where, gdf, invalid[0])}: invalid geometry ({reason})")


def check_fields(
    gdf: gpd.GeoDataFrame, where: str, fields: Mapping[str, tuple[str, bool, tuple | None]]
) -> gpd.GeoDataFrame:
    """Check required fields, types and allowed values; return the layer with coerced values."""
    out = gdf.copy()
    for field, (kind, required, allowed) in fields.items():
        if field not in out.columns:
            if required:
                raise DataError(
                    f"{where}: missing required field {field!r} "
                    f"(fields found: {', '.join(c for c in gdf.columns if c != 'geometry')})"
                )
            out[field] = None
            continue
        values = []
        for i, value in enumerate(out[field].tolist()):
            try:
                value = coerce(value, kind)
            except (TypeError, ValueError) as exc:
                raise DataError(
                    f"{_feature_label(where, gdf, i)}: field {field!r}: {exc}"
                ) from None
            if value is None and required:
                raise DataError(
                    f"{_feature_label(where, gdf, i)}: required field {field!r} is empty"
                )
            if allowed is not None and value is not None and value not in allowed:
                raise DataError(
                    f"{_feature_label(where, gdf, i)}: field {field!r} is {value!r}; "
                    f"allowed values: {', '.join(allowed)}"
                )
            values.append(value)
        out[field] = pd.Series(values, index=out.index, dtype=object)
    if "id" in fields:
        dup = out["id"][out["id"].duplicated()]
        if len(dup):
            raise DataError(f"{where}: duplicate id {dup.iloc[0]!r}; ids must be unique")
    return out


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
    path = Path(source)
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
    where = str(path) + (f" layer {gpkg_layer!r}" if gpkg_layer else "")
    if layer in LAYERS:
        types, fields = LAYERS[layer]
        check_geometries(gdf, where, types)
        gdf = check_fields(gdf, where, fields)
        gdf.attrs["source_path"] = where
    else:
        check_geometries(
            gdf, where, ("Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
        )
    return gdf


def has_layer(source: Path, layer: str) -> bool:
    """Whether a folder or GeoPackage holds ``layer``."""
    if source.is_dir():
        return (source / f"{layer}.geojson").exists()
    if source.suffix.lower() == ".gpkg" and source.exists():
        try:
            return layer in {name for name, _ in pyogrio.list_layers(source)}
        except Exception as exc:
            raise DataError(f"{source}: not a readable GeoPackage ({exc})") from exc
    return False


# --------------------------------------------------------------------------- writing


def _frame_for_file(gdf: gpd.GeoDataFrame, fields: Mapping[str, str]) -> gpd.GeoDataFrame:
    """Columns in types every format stores: lists as JSON text, whole numbers as Int64."""
    out = gdf.copy()
    for field, kind in fields.items():
        if field not in out.columns:
            continue
        if kind == "list":
            out[field] = pd.Series(
                [_encode(v, kind) for v in out[field].tolist()], index=out.index, dtype=object
            )
        elif kind == "int":
            out[field] = pd.array(out[field].tolist(), dtype="Int64")
        elif kind == "float":
            out[field] = out[field].astype(float)
    return out


def write_layers(layers: Mapping[str, gpd.GeoDataFrame], path: str | Path) -> Path:
    """Write GeoDataFrames as layers of a GeoPackage (``*.gpkg``) or as GeoJSON files in a folder.

    The write goes to a temporary file or folder first, which then replaces ``path``,
    so a failed write never leaves a half-written dataset behind.
    """
    import shutil
    import tempfile

    path = Path(path).expanduser()
    gpkg = path.suffix.lower() == ".gpkg"
    resolved = path.resolve()
    if (
        resolved == resolved.parent
        or resolved == Path.cwd().resolve()
        or path.name in ("", ".", "..")
    ):
        raise DataError(
            f"{path}: give a new folder name (or a .gpkg file) to write the network into"
        )
    if path.is_dir() and not gpkg:
        ours = {f"{name}.geojson" for name in layers} | {
            "nodes.geojson",
            "edges.geojson",
            "zones.geojson",
        }
        others = sorted(p.name for p in path.iterdir() if p.name not in ours)
        if others:
            raise DataError(
                f"{path}: the folder holds other files ({', '.join(others[:3])}); corridor only "
                "replaces a folder it wrote itself. Choose a new folder name"
            )
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise DataError(f"{path}: the folder {parent} does not exist")
    tmp_root = Path(tempfile.mkdtemp(prefix=".corridor-", dir=parent))
    try:
        target = tmp_root / (path.name if gpkg else "out")
        if not gpkg:
            target.mkdir()
        try:
            for name, gdf in layers.items():
                if gpkg:
                    pyogrio.write_dataframe(gdf, target, layer=name, driver="GPKG")
                else:
                    pyogrio.write_dataframe(
                        gdf,
                        target / f"{name}.geojson",
                        driver="GeoJSON",
                        layer_options={"RFC7946": "NO", "WRITE_BBOX": "NO"},
                    )
        except Exception as exc:
            raise DataError(
                f"{path}: could not write layer {name!r} ({exc}); nothing was changed"
            ) from exc
        if path.exists() and (path.is_dir() == gpkg):
            raise DataError(f"{path}: exists and is not a {'file' if gpkg else 'folder'}")
        old = tmp_root / "previous"
        if path.exists():
            path.replace(old)  # set aside; removed with tmp_root once the new one is in place
        try:
            target.replace(path)
        except OSError:
            if old.exists():
                old.replace(path)
            raise
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    return path


def save_network(network, path: str | Path) -> Path:
    """Write a network (nodes, edges and its zones) to a GeoPackage or a folder of GeoJSON.

    Parameters
    ----------
    network : corridor.Network
    path : path
        ``something.gpkg`` for a GeoPackage with layers ``nodes``, ``edges``, ``zones``;
        any other path is a folder that will hold ``nodes.geojson``, ``edges.geojson`` and
        ``zones.geojson``. An existing file or folder at ``path`` is replaced.

    Returns
    -------
    pathlib.Path of what was written. :func:`corridor.load` reads it back.
    """
    nodes, edges = network.to_gdfs()
    layers = {
        "nodes": _frame_for_file(nodes.reset_index(), {"node": "str", **NODE_FIELDS}),
        "edges": _frame_for_file(edges.reset_index(), {"u": "str", "v": "str", **EDGE_FIELDS}),
    }
    if network.zones is not None and len(network.zones):
        layers["zones"] = network.zones
    return write_layers(layers, path)


def read_graph_layers(source: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Read the ``nodes`` and ``edges`` layers written by :func:`save_network`."""
    frames = []
    for layer, fields, types in (
        ("nodes", {"node": "str", **NODE_FIELDS}, ("Point",)),
        ("edges", {"u": "str", "v": "str", "key": "int", **EDGE_FIELDS}, ("LineString",)),
    ):
        path = source / f"{layer}.geojson" if source.is_dir() else source
        gdf = _read_any(path, None if source.is_dir() else layer)
        where = f"{path}" + ("" if source.is_dir() else f" layer {layer!r}")
        check_geometries(gdf, where, types)
        spec = {f: (kind, f in ("node", "u", "v", "key"), None) for f, kind in fields.items()}
        frames.append(check_fields(gdf, where, spec))
    nodes, edges = frames
    nodes = nodes.set_index("node")
    edges = edges.set_index(["u", "v", "key"])
    return nodes, edges


def _load_osm_highways():
    from .build import load_osm_highways

    return load_osm_highways()


# Second bundled datasets, loaded by name: corridor.load("osm-highways")
NAMED_DATASETS = {"osm-highways": _load_osm_highways}


def load(source: str | Path | None = None, *, validate: bool = True):
    """Load a corridor network.

    Parameters
    ----------
    source : path, optional
        None (default) loads the bundled, curated Tehran-Beirut corridor network;
        "osm-highways" the bundled OpenStreetMap-derived highway network. A folder of
        GeoJSON files or a GeoPackage holding the layers ``places``, ``crossings`` and
        ``roads`` (optionally ``zones``, ``countries``, ``borders``; the bundled ones are
        used where missing) builds a network from them. A folder or GeoPackage written by
        :func:`corridor.save_network` (layers ``nodes`` and ``edges``) is read back as it was.
    validate : bool
        Check the data once, on load (default). Errors name the file, feature and problem.

    Returns
    -------
    corridor.Network
    """
    if isinstance(source, str) and source in NAMED_DATASETS:
        return NAMED_DATASETS[source]()
    bundled = bundled_data_dir()
    path = bundled if source is None else Path(source)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder")
    if not path.is_dir() and path.suffix.lower() != ".gpkg":
        raise DataError(
            f"{path}: expected a folder of GeoJSON layers or a GeoPackage (.gpkg); "
            "to read one GeoJSON layer use corridor.read_layer"
        )

    def layer_or_bundled(name: str) -> gpd.GeoDataFrame:
        return read_layer(path if has_layer(path, name) else bundled, name)

    zones = (
        layer_or_bundled("zones")
        if has_layer(path, "zones") or has_layer(bundled, "zones")
        else None
    )
    network = _load_network(path, source, bundled, zones, layer_or_bundled, validate)
    if path.is_dir() and (path / "actors.json").exists():
        from .control import load_control

        network.control = load_control(path)
    return network


def _load_network(path, source, bundled, zones, layer_or_bundled, validate):
    from .network import build_network, from_gdfs

    if has_layer(path, "nodes") and has_layer(path, "edges"):
        nodes, edges = read_graph_layers(path)
        return from_gdfs(nodes, edges, zones=zones, name=str(path))
    missing = [n for n in ("places", "crossings", "roads") if not has_layer(path, n)]
    if missing:
        raise DataError(
            f"{path}: no layer {', '.join(repr(m) for m in missing)}; a network source needs "
            "the layers 'places', 'crossings' and 'roads' (or 'nodes' and 'edges')"
        )
    return build_network(
        read_layer(path, "places"),
        read_layer(path, "crossings"),
        read_layer(path, "roads"),
        countries=layer_or_bundled("countries"),
        borders=layer_or_bundled("borders"),
        zones=zones,
        name="bundled corridor network" if source is None else str(path),
        validate=validate,
    )
