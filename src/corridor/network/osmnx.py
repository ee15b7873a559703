"""Networks from graphs OSMnx downloaded (or made by :meth:`Network.to_osmnx`).

OSMnx graphs are NetworkX MultiDiGraphs with nodes at ``x``, ``y`` and edges with OSM tags
(``highway``, ``name``, ``surface``, ``osmid``) and, for curved roads, a ``geometry``. A graph
that :meth:`Network.to_osmnx` made is read back exactly (its corridor attributes are kept);
any other is turned into road lines (one per road, both directions merged) and built with
:func:`corridor.network_from_roads`, which attaches places, crossings and zones.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import networkx as nx
import pandas as pd
import shapely

from .._schema import EDGE_FIELDS, NODE_FIELDS, NODE_KINDS
from ..errors import DataError
from .from_roads import network_from_roads
from .model import Network
from .persist import from_gdfs

__all__ = ["network_from_osmnx"]


def _tag(value: Any) -> Any:
    """OSMnx keeps a list when merged ways disagree; take the first."""
    return value[0] if isinstance(value, list) and value else value


def _from_corridor_graph(graph: nx.MultiDiGraph, zones, name: str) -> Network:
    """Read back a graph :meth:`Network.to_osmnx` made (one direction of each road)."""
    ident = {n: d["corridor_id"] for n, d in graph.nodes(data=True)}
    nodes = pd.DataFrame.from_dict(dict(graph.nodes(data=True)), orient="index")
    nodes = gpd.GeoDataFrame(
        nodes[list(NODE_FIELDS)], geometry=list(nodes["geometry"]), crs="EPSG:4326"
    )
    nodes.index = pd.Index([ident[n] for n in nodes.index], dtype=object, name="node")
    rows = [
        {
            "u": ident[u],
            "v": ident[v],
            "key": k,
            **{f: d.get(f) for f in EDGE_FIELDS},
            "geometry": d["geometry"],
        }
        for u, v, k, d in graph.edges(keys=True, data=True)
        if not d.get("reversed", False)
    ]
    edges = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return from_gdfs(nodes, edges, zones=zones, name=name)


def _road_lines(graph: nx.MultiDiGraph) -> gpd.GeoDataFrame:
    """One line per road: an edge's geometry (or the straight segment between its nodes),
    the reverse direction of a two-way road left out."""
    seen: set = set()
    rows = []
    for u, v, k, d in graph.edges(keys=True, data=True):
        osmid = _tag(d.get("osmid", k))  # a two-way road's directions share osmid (or key)
        pair = (min(str(u), str(v)), max(str(u), str(v)), str(osmid))
        if pair in seen:
            continue
        seen.add(pair)
        geom = d.get("geometry")
        if geom is None:
            a, b = graph.nodes[u], graph.nodes[v]
            geom = shapely.LineString([(a["x"], a["y"]), (b["x"], b["y"])])
        rows.append(
            {
                "id": f"osm:{osmid}" if "osmid" in d else f"{u}-{v}-{k}",
                "highway": _tag(d.get("highway")),
                "name": _tag(d.get("name")),
                "surface": _tag(d.get("surface")),
                "geometry": geom,
            }
        )
    if not rows:
        raise DataError("the graph has no edges")
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=graph.graph.get("crs", "EPSG:4326"))


def network_from_osmnx(
    graph: nx.MultiDiGraph,
    *,
    places: Any = None,
    crossings: Any = None,
    borders: Any = None,
    countries: Any = None,
    zones: Any = None,
    name: str | None = None,
    **options: Any,
) -> Network:
    """Build a corridor network from an OSMnx graph.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As ``osmnx.graph_from_*`` returns it (nodes with ``x``/``y``, edges with ``highway``,
        ``name``, ``surface``, optional ``geometry``; any CRS in ``graph.graph["crs"]``, lon/lat
        by default), or as :meth:`corridor.Network.to_osmnx` makes it (read back exactly).
    places, crossings, borders, countries, zones
        As :func:`corridor.network_from_roads` (None: the bundled layers; False: none). For a
        graph made by ``to_osmnx``, only ``zones`` is used (default: the bundled zones).
    name : str, optional
    **options
        Any other keyword of :func:`corridor.network_from_roads` (``snap_km``,
        ``informal=False``, ``retain_all=True``, ``road_class=...``), for a graph not made by
        ``to_osmnx``.

    Returns
    -------
    Network
    """
    if not isinstance(graph, nx.MultiDiGraph):
        raise DataError(
            f"network_from_osmnx takes an OSMnx graph (a networkx.MultiDiGraph), got "
            f"{type(graph).__name__}"
        )
    label = name or str(graph.graph.get("name") or "osmnx graph")
    if graph.graph.get("corridor_network") and all(
        d.get("kind") in NODE_KINDS and "corridor_id" in d for _, d in graph.nodes(data=True)
    ):
        if zones is None:
            from .._bundled import bundled_data_dir
            from ..layers import read_layer

            zones = read_layer(bundled_data_dir(), "zones")
        return _from_corridor_graph(graph, None if zones is False else zones, label)
    missing = [n for n, d in graph.nodes(data=True) if "x" not in d or "y" not in d]
    if missing:
        raise DataError(f"graph node {missing[0]!r} has no x/y coordinate (OSMnx graphs have both)")
    lines = _road_lines(graph)
    return network_from_roads(
        lines,
        places=places,
        crossings=crossings,
        borders=borders,
        countries=countries,
        zones=zones,
        name=label,
        **{"class_column": "highway", **options},
    )
