"""Networks to and from GeoDataFrames and files (GeoPackage or a folder of GeoJSON)."""

from __future__ import annotations

import difflib
import logging
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .._bundled import bundled_data_dir
from .._checks import check_path
from .._schema import (
    EDGE_FIELDS,
    LAYERS,
    NODE_FIELDS,
    NODE_KINDS,
    ROAD_CLASSES,
    SURFACES,
    WGS84,
    FieldSpec,
    coerce,
)
from ..control import CONTROL_FILES, OPTIONAL_CONTROL_FILES
from ..distance import KM_DECIMALS, geodesic_length_km
from ..errors import CorridorError, DataError, user_stacklevel
from ..layers import (
    check_fields,
    check_layer,
    frame_for_file,
    read_frame,
    read_layer,
    to_wgs84,
    write_layers,
)
from ._graph import CorridorGraph
from .model import Network
from .zones import midpoints, zone_memberships

__all__ = ["from_gdfs", "save_network", "read_graph_layers"]

log = logging.getLogger(__name__)

_CONTROL_NAMES = CONTROL_FILES + OPTIONAL_CONTROL_FILES  # saved beside a network's layers


def _coerce_field(table: str, row, field: str, value, kind: str):
    try:
        return coerce(value, kind)
    except (TypeError, ValueError) as exc:
        raise DataError(f"{table} {row!r}: field {field!r}: {exc}") from None


def _edge_table(edges: gpd.GeoDataFrame, zones: gpd.GeoDataFrame | None) -> pd.DataFrame:
    if not {"u", "v"} <= set(edges.index.names) | set(edges.columns):
        raise DataError("edges: needs u and v (as index levels or columns)")
    e = edges.reset_index() if "u" in edges.index.names else edges.copy()
    if "key" not in e.columns:  # parallel edges, in either direction, get keys 0, 1, ...
        pair = [tuple(sorted((str(a), str(b)))) for a, b in zip(e["u"], e["v"])]
        e["key"] = pd.Series(pair, index=e.index).groupby(pair).cumcount()
    made = [f"{u}--{v}" + (f"/{k}" if k else "") for u, v, k in zip(e["u"], e["v"], e["key"])]
    if "id" not in e.columns:  # an edge is cut and reported by its id: make one
        e["id"] = made
    else:
        e["id"] = e["id"].astype(object).where(e["id"].notna(), pd.Series(made, index=e.index))
    if "length_km" not in e.columns:
        e["length_km"] = np.round(geodesic_length_km(e.geometry.values), KM_DECIMALS)
    if "zones" not in e.columns and zones is not None and len(zones):
        e["zones"] = zone_memberships(midpoints(e.geometry.values), zones)
    return e


def _first_bad(mask: np.ndarray, labels) -> Any:
    return list(labels)[int(np.flatnonzero(mask)[0])]


def _check_nodes(nodes: gpd.GeoDataFrame) -> None:
    """Every node has a known kind and a point."""
    if "kind" not in nodes.columns or nodes["kind"].isna().any():
        raise DataError(f"nodes: every node needs a 'kind' ({', '.join(NODE_KINDS)})")
    bad = ~nodes["kind"].isin(NODE_KINDS).to_numpy()
    if bad.any():
        node = _first_bad(bad, nodes.index)
        raise DataError(
            f"nodes {node!r}: unknown kind {nodes['kind'][node]!r}; use one of "
            f"{', '.join(NODE_KINDS)}"
        )
    geoms = nodes.geometry.values
    bad = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    bad |= shapely.get_type_id(geoms) != 0
    if bad.any():
        raise DataError(f"nodes {_first_bad(bad, nodes.index)!r}: needs a point geometry")


def _check_edges(e: pd.DataFrame) -> None:
    """Every edge has a line of at least two points and a finite, positive length in km."""
    labels = list(zip(e["u"], e["v"], e["key"]))
    geoms = np.asarray(e.geometry.values, dtype=object)
    bad = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    bad |= shapely.get_type_id(geoms) != 1
    bad |= shapely.get_num_coordinates(geoms) < 2
    if bad.any():
        raise DataError(
            f"edges {_first_bad(bad, labels)!r}: needs a line geometry (LineString of at least "
            "two points)"
        )
    km = pd.to_numeric(e["length_km"], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(km) | (km <= 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"edges {labels[i]!r}: length_km must be a positive number of km, got "
            f"{km[i]:g} (leave the column out to have it computed, geodesic "
            "on WGS84)"
        )
    ids = e["id"].astype(object)
    dup = ids.notna() & ids.duplicated(keep=False)
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataError(
            f"edges {labels[i]!r}: id {ids.iloc[i]!r} is the id of another edge too; give each "
            "edge its own id (a road cut by id would cut only one of them)"
        )
    for field, allowed in (("surface", SURFACES), ("road_class", ROAD_CLASSES)):
        if field not in e.columns:
            continue
        values = e[field].astype(object)
        wrong = values.notna() & ~values.isin(allowed)
        if wrong.any():
            i = int(np.flatnonzero(wrong.to_numpy())[0])
            close = difflib.get_close_matches(str(values.iloc[i]), allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise DataError(
                f"edges {labels[i]!r}: {field} {values.iloc[i]!r} is not one the cost model "
                f"knows; {hint}use one of {', '.join(allowed)} (or leave it empty)"
            )


def _zones_for(e: pd.DataFrame, zones: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    """The zones the edges name: those given, else the bundled ones when they hold them all."""
    named = (
        {
            z
            for i, value in enumerate(e["zones"])
            for z in _coerce_field("edges", i, "zones", value, "list") or ()
        }
        if "zones" in e.columns
        else set()
    )
    if not named:
        return zones
    given = zones is not None
    if zones is None:
        zones = read_layer(bundled_data_dir(), "zones")
    missing = sorted(named - set(zones["id"]))
    if missing:
        where = "the zones given" if given else "the bundled zones (data/zones.geojson)"
        raise DataError(
            f"edges: zone(s) {', '.join(map(repr, missing[:5]))} named by the edges are not in "
            f"{where}; pass zones= (the layer the network was built with)"
        )
    if not given:
        log.info("edges name bundled zones: using data/zones.geojson")
    return zones


def from_gdfs(
    nodes: gpd.GeoDataFrame,
    edges: gpd.GeoDataFrame,
    *,
    zones: gpd.GeoDataFrame | None = None,
    name: str = "",
) -> Network:
    """Build a network from (nodes, edges) GeoDataFrames as made by :meth:`Network.to_gdfs`.

    ``nodes`` is indexed by node id; ``edges`` by (u, v, key) or has u, v (and key) columns.
    Layers in another CRS than EPSG:4326 are reprojected. Missing attribute columns become
    None; a missing edge ``id`` is made from its ends ("u--v", "u--v/1" for a parallel
    edge), a missing ``length_km`` is computed (geodesic, WGS84) and missing ``zones`` are
    found from ``zones``. When ``zones`` is not given: the zones :meth:`Network.to_gdfs` put
    in ``edges.attrs["zones"]`` (so ``from_gdfs(*net.to_gdfs())`` rebuilds the network as it
    was), else the bundled zones if they hold every zone the edges name; otherwise the
    missing zones are named in the error.
    """
    for what, frame in (("nodes", nodes), ("edges", edges), ("zones", zones)):
        if not isinstance(frame, gpd.GeoDataFrame) and not (what == "zones" and frame is None):
            raise DataError(
                f"from_gdfs: {what} must be a GeoDataFrame (as Network.to_gdfs gives), got "
                f"{type(frame).__name__}"
            )
    if zones is None and isinstance(edges.attrs.get("zones"), gpd.GeoDataFrame):
        zones = edges.attrs["zones"]  # as Network.to_gdfs left them
    nodes = to_wgs84(nodes, "nodes")
    edges = to_wgs84(edges, "edges")
    if zones is not None:
        zones = check_layer(zones, "zones", zones.attrs.get("source_path", "zones"))
    if nodes.index.has_duplicates:
        raise DataError(f"nodes: duplicate node id {nodes.index[nodes.index.duplicated()][0]!r}")
    _check_nodes(nodes)
    e = _edge_table(edges, zones)
    _check_edges(e)
    zones = _zones_for(e, zones)
    graph = CorridorGraph(crs=WGS84, name=name)
    node_cols = {
        f: (nodes[f].tolist() if f in nodes.columns else [None] * len(nodes)) for f in NODE_FIELDS
    }
    geoms = nodes.geometry.tolist()
    for i, node in enumerate(nodes.index):
        attrs = {
            f: _coerce_field("nodes", node, f, node_cols[f][i], kind)
            for f, kind in NODE_FIELDS.items()
        }
        graph.add_node(node, **attrs, geometry=geoms[i])
    unknown = (set(e["u"]) | set(e["v"])) - set(graph.nodes)
    if unknown:
        raise DataError(
            f"edges: end nodes not in nodes: {', '.join(sorted(map(str, unknown))[:5])}"
        )
    edge_cols = {f: (e[f].tolist() if f in e.columns else [None] * len(e)) for f in EDGE_FIELDS}
    egeoms = e.geometry.tolist()
    for i, (u, v, k) in enumerate(zip(e["u"], e["v"], e["key"])):
        attrs = {
            f: _coerce_field("edges", (u, v, k), f, edge_cols[f][i], kind)
            for f, kind in EDGE_FIELDS.items()
        }
        if attrs["zones"] is None:
            attrs["zones"] = ()
        graph.add_edge(u, v, key=int(k), **attrs, geometry=egeoms[i])
    return Network(graph, zones=zones, name=name)


def save_network(network: Network, path: str | Path) -> Path:
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
    if not isinstance(network, Network):
        raise CorridorError(f"give a corridor.Network to save, got {network!r:.60}")
    check_path(path, "the output path")  # before the frames are built
    nodes, edges = network.to_gdfs()
    assert nodes is not None and edges is not None
    layers = {
        "nodes": frame_for_file(nodes.reset_index(), {"node": "str", **NODE_FIELDS}),
        "edges": frame_for_file(edges.reset_index(), {"u": "str", "v": "str", **EDGE_FIELDS}),
    }
    # a network without zones gets an empty zones layer: loaded back, it has none (with no
    # zones layer at all, loading would fall back to the bundled zones)
    zones = network.zone_table
    layers["zones"] = zones if zones is not None else _no_zones()
    files = _control_files(network)
    if files and str(path).lower().endswith(".gpkg"):
        warnings.warn(
            f"{path}: this network's control tables (from {network.control.source}) are not "
            "saved in a GeoPackage; loading it back uses the bundled ones. Save to a folder to "
            "keep them",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
        files = {}
    return write_layers(layers, path, files=files, replaces=_CONTROL_NAMES)


def _no_zones() -> gpd.GeoDataFrame:
    """An empty zones layer with the schema's fields (EPSG:4326)."""
    fields = {f: pd.Series([], dtype=object) for f in LAYERS["zones"][1]}
    return gpd.GeoDataFrame(fields, geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)


def _control_files(network: Network) -> dict[str, Path]:
    """The files of the network's control tables when they come from a folder other than the
    bundled data (name -> path), so that a saved network loads back with them."""
    source = Path(network.control.source) if network.control.source else None
    if source is None or not source.is_dir():
        return {}
    if source.resolve() == bundled_data_dir().resolve():
        return {}
    return {name: source / name for name in _CONTROL_NAMES if (source / name).is_file()}


def read_graph_layers(source: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Read the ``nodes`` and ``edges`` layers written by :func:`save_network`."""
    frames = []
    for layer, fields, types in (
        ("nodes", {"node": "str", **NODE_FIELDS}, ("Point",)),
        ("edges", {"u": "str", "v": "str", "key": "int", **EDGE_FIELDS}, ("LineString",)),
    ):
        path = source / f"{layer}.geojson" if source.is_dir() else source
        where = f"{path}" + ("" if source.is_dir() else f" layer {layer!r}")
        gdf = read_frame(path, None if source.is_dir() else layer, where, types)
        spec: FieldSpec = {
            f: (kind, f in ("node", "u", "v", "key"), None) for f, kind in fields.items()
        }
        frames.append(check_fields(gdf, where, spec))
    nodes, edges = frames
    return nodes.set_index("node"), edges.set_index(["u", "v", "key"])
