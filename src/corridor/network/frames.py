"""A network graph as GeoDataFrames of nodes and edges (EPSG:4326)."""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

from .._schema import EDGE_FIELDS, NODE_FIELDS, WGS84

__all__ = ["graph_to_gdfs"]


def _node_frame(graph: nx.MultiGraph) -> gpd.GeoDataFrame:
    ids = list(graph.nodes)
    data = [graph.nodes[n] for n in ids]
    cols = {f: pd.Series([d.get(f) for d in data], dtype=object) for f in NODE_FIELDS}
    frame = gpd.GeoDataFrame(cols, geometry=[d["geometry"] for d in data], crs=WGS84)
    frame.index = pd.Index(ids, dtype=object, name="node")
    return frame


def _edge_frame(graph: nx.MultiGraph) -> gpd.GeoDataFrame:
    rows = list(graph.edges(keys=True, data=True))
    # report each edge from the start of its geometry to its end
    starts = shapely.get_coordinates(shapely.get_point([d["geometry"] for *_, d in rows], 0))
    u_xy = shapely.get_coordinates([graph.nodes[u]["geometry"] for u, *_ in rows])
    v_xy = shapely.get_coordinates([graph.nodes[v]["geometry"] for _, v, *_ in rows])
    flip = np.hypot(*(starts - v_xy).T) < np.hypot(*(starts - u_xy).T)
    rows = [(v, u, k, d) if f else (u, v, k, d) for (u, v, k, d), f in zip(rows, flip)]
    cols = {
        f: pd.Series([d.get(f) for *_, d in rows], dtype=float if kind == "float" else object)
        for f, kind in EDGE_FIELDS.items()
    }
    frame = gpd.GeoDataFrame(cols, geometry=[d["geometry"] for *_, d in rows], crs=WGS84)
    frame.index = pd.MultiIndex.from_tuples(
        [(u, v, k) for u, v, k, _ in rows], names=["u", "v", "key"]
    )
    return frame


def graph_to_gdfs(
    graph: nx.MultiGraph, *, nodes: bool = True, edges: bool = True
) -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None]:
    """(nodes, edges) GeoDataFrames in EPSG:4326; either is None when not asked for.

    ``nodes`` is indexed by node id, ``edges`` by (u, v, key), each edge oriented from the
    start of its geometry to its end.
    """
    return (_node_frame(graph) if nodes else None, _edge_frame(graph) if edges else None)
