"""The per-network edge index: edge arrays and the edge-zone incidence that every scenario
resolution reuses (built once per network state, cached, read-only).

The zones an edge lies in were assigned when the network was built (edges are split at zone
boundaries, so a zone covers an edge wholly or not at all).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import geopandas as gpd
import numpy as np

from ._geometry import read_only
from .errors import ScenarioError
from .names import NameIndex
from .network import Network

__all__ = ["EdgeIndex", "edge_index"]


@dataclass(frozen=True, eq=False)
class EdgeIndex:
    """Per-network arrays that every scenario resolution reuses (built once, cached, read-only).

    Edges are numbered in graph order (``edges[i]`` is the (u, v, key) of edge ``i``).
    """

    edges: tuple  # (u, v, key) in a fixed order
    geometry: np.ndarray  # LineString per edge (EPSG:4326)
    edge_ids: np.ndarray
    road_ids: np.ndarray
    length_km: np.ndarray
    pair_edge: np.ndarray  # edge-zone incidence: edge index (ascending) ...
    pair_zone: np.ndarray  # ... and zone index
    pair_ptr: np.ndarray  # edge i's pairs are pair_ptr[i]:pair_ptr[i + 1]
    zone_pairs: np.ndarray  # the pairs grouped by zone: zone j's are ...
    zone_ptr: np.ndarray  # ... zone_pairs[zone_ptr[j]:zone_ptr[j + 1]]
    zone_ids: np.ndarray
    zone_actor: np.ndarray
    zone_kind: np.ndarray
    zone_from: np.ndarray
    zone_to: np.ndarray
    zone_names: np.ndarray
    zone_start: np.ndarray  # proleptic ordinal of valid_from (int)
    zone_end: np.ndarray  # ordinal of valid_to, or a far future
    zone_index: NameIndex
    crossing_edges: Mapping[str, np.ndarray]  # crossing id -> edge indices incident to it
    edge_by_id: Mapping[str, int]
    edges_by_road: Mapping[str, np.ndarray]


def _zone_columns(zones: gpd.GeoDataFrame | None) -> dict[str, np.ndarray]:
    cols = ("id", "actor", "kind", "valid_from", "valid_to")
    if zones is None or not len(zones):
        return {c: np.array([], dtype=object) for c in (*cols, "name")}
    out = {c: zones[c].to_numpy(dtype=object) for c in cols}
    out["name"] = (
        zones["name"].fillna(zones["id"]).to_numpy(dtype=object) if "name" in zones else out["id"]
    )
    return out


def _ordinals(dates: np.ndarray, missing: int) -> np.ndarray:
    return np.array(
        [dt.date.fromisoformat(d).toordinal() if d else missing for d in dates], dtype=np.int64
    )


def _build_edge_index(network: Network) -> EdgeIndex:
    network.check_graph()  # once per state of the graph, as this index
    graph = network.graph
    edges = tuple(graph.edges(keys=True))
    data = [graph.edges[e] for e in edges]
    z = _zone_columns(network.zone_table)
    zone_pos = {zid: i for i, zid in enumerate(z["id"])}
    pair_edge, pair_zone = [], []
    for i, d in enumerate(data):
        for zid in d.get("zones") or ():
            if zid not in zone_pos:
                raise ScenarioError(
                    f"network {network.name!r}: edge {d['id']!r} refers to zone {zid!r}, which "
                    "the network's zones layer does not have; rebuild the network with its zones"
                )
            pair_edge.append(i)
            pair_zone.append(zone_pos[zid])
    crossing_edges: dict[str, list[int]] = {}
    node_kind = dict(graph.nodes(data="kind"))
    for i, (u, v, _) in enumerate(edges):
        for node in {u, v}:
            if node_kind[node] == "crossing":
                crossing_edges.setdefault(node, []).append(i)
    edge_ids = np.array([d["id"] for d in data], dtype=object)
    road_ids = np.array([d.get("road_id") or d["id"] for d in data], dtype=object)
    by_road: dict[str, list[int]] = {}
    for i, r in enumerate(road_ids):
        by_road.setdefault(r, []).append(i)

    pair_edge_arr = np.array(pair_edge, dtype=np.int64)
    pair_zone_arr = np.array(pair_zone, dtype=np.int64)
    by_zone = np.argsort(pair_zone_arr, kind="stable")

    def index_arrays(groups: dict[str, list[int]]) -> Mapping[str, np.ndarray]:
        return MappingProxyType(
            {k: read_only(np.array(v, dtype=np.int64)) for k, v in groups.items()}
        )

    return EdgeIndex(
        edges=edges,
        geometry=read_only(np.array([d["geometry"] for d in data], dtype=object)),
        edge_ids=read_only(edge_ids),
        road_ids=read_only(road_ids),
        length_km=read_only(np.array([d["length_km"] for d in data], dtype=float)),
        pair_edge=read_only(pair_edge_arr),
        pair_zone=read_only(pair_zone_arr),
        pair_ptr=read_only(np.searchsorted(pair_edge_arr, np.arange(len(edges) + 1))),
        zone_pairs=read_only(by_zone),
        zone_ptr=read_only(np.searchsorted(pair_zone_arr[by_zone], np.arange(len(z["id"]) + 1))),
        zone_ids=read_only(z["id"]),
        zone_actor=read_only(z["actor"]),
        zone_kind=read_only(z["kind"]),
        zone_from=read_only(z["valid_from"]),
        zone_to=read_only(z["valid_to"]),
        zone_names=read_only(z["name"]),
        zone_start=read_only(_ordinals(z["valid_from"], 0)),
        zone_end=read_only(_ordinals(z["valid_to"], dt.date.max.toordinal())),
        zone_index=NameIndex(((i, n, ()) for i, n in zip(z["id"], z["name"])), what="zone"),
        crossing_edges=index_arrays(crossing_edges),
        edge_by_id=MappingProxyType({e: i for i, e in enumerate(edge_ids)}),
        edges_by_road=index_arrays(by_road),
    )


def edge_index(network: Network) -> EdgeIndex:
    """The network's :class:`EdgeIndex` (built once per network state)."""
    return network.cache.get_or_build("edge_index", lambda: _build_edge_index(network))
