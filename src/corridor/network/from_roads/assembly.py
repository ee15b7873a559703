"""Assembly of a road-built network: roads split at crossings, zone boundaries and places;
edge and node attributes; the NetworkX graph.

Node table layout (indices): road nodes | crossings | zone-boundary nodes | places put on a
road | dead ends where an unmatched crossing was dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..._geometry import locate, rank_within, split_lines
from ..._schema import LAYERS, NODE_FIELDS, ROAD_CLASSES, SURFACES, WGS84
from ...distance import KM_DECIMALS, geodesic_length_km
from ...errors import DataError
from .._graph import CorridorGraph
from ..zones import midpoints, zone_memberships
from .classes import RoadAttributes
from .crossings import CROSSING_FIELDS, Crossings
from .places import Places

__all__ = ["Pieces", "split_at_cuts", "edge_attributes", "node_attributes", "make_graph"]


def fresh_ids(prefix: str, n: int, taken: set) -> list[str]:
    """``n`` ids ``<prefix>1``, ``<prefix>2``, ... skipping those already taken."""
    out: list[str] = []
    i = 0
    while len(out) < n:
        batch = [f"{prefix}{k}" for k in range(i + 1, i + 1 + n - len(out))]
        out += [x for x in batch if x not in taken]
        i += len(batch)
    return out


def fill_attributes(
    attrs: dict, at: np.ndarray, frame: pd.DataFrame, fields: Mapping[str, str]
) -> None:
    """Copy ``frame[column]`` into node attribute ``field`` at rows ``at``."""
    for f, column in fields.items():
        if column in frame.columns:
            attrs[f][at] = frame[column].to_numpy(dtype=object)


def node_value(value: Any, kind: str) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if kind == "list":
        return (
            tuple(str(v) for v in value) if isinstance(value, (list, tuple, np.ndarray)) else None
        )
    if kind == "int":
        return int(value)
    return value


@dataclass
class Pieces:
    """The final edges: road lines cut at every crossing, zone-boundary and place cut."""

    pieces: np.ndarray  # LineStrings
    line: np.ndarray  # the edge line each piece comes from
    u: np.ndarray  # node index at each end
    v: np.ndarray
    xy: np.ndarray  # (n_total, 2) coordinates of every node index
    o_cross: int  # first index of the crossings, zone-boundary nodes and places on roads
    o_bound: int
    o_pcut: int
    n_all: int  # first index of the dead ends (when unmatched crossings are dropped)
    generated: np.ndarray  # per crossing: True when it matches no known crossing
    dropped: np.ndarray  # node indices of the unmatched crossings dropped (empty if kept)


def split_at_cuts(
    lines: np.ndarray,
    eu: np.ndarray,
    ev: np.ndarray,
    node_xy: np.ndarray,
    cross: Crossings,
    zone_cuts: tuple[np.ndarray, np.ndarray, np.ndarray],
    plc: Places,
    unmatched: str,
) -> Pieces:
    """Cut the edge lines at crossings, zone boundaries and places; with ``unmatched="drop"``
    the two sides of an unmatched crossing get a dead end each."""
    z_edge, z_pos, z_xy = zone_cuts
    n_nodes = len(node_xy)
    n_cross, n_bound, n_pcut = len(cross.nodes), len(z_edge), len(plc.cut_place)
    o_cross, o_bound, o_pcut = n_nodes, n_nodes + n_cross, n_nodes + n_cross + n_bound
    n_all = o_pcut + n_pcut
    cut_line = np.concatenate([cross.cut_edge, z_edge, plc.cut_edge]).astype(np.int64)
    cut_pos = np.concatenate([cross.cut_pos, z_pos, plc.cut_pos])
    cut_xy = np.concatenate([cross.cut_xy, z_xy, plc.cut_xy]).reshape(-1, 2)
    cut_node = np.concatenate(
        [o_cross + cross.cut_node, o_bound + np.arange(n_bound), o_pcut + np.arange(n_pcut)]
    )
    pieces, piece_line, piece_cut = split_lines(lines, cut_line, cut_pos, cut_xy)
    padded = np.concatenate([cut_node, [-1]])  # piece_cut -1 (a line end) picks the pad
    pu = np.where(piece_cut[:, 0] >= 0, padded[piece_cut[:, 0]], eu[piece_line])
    pv = np.where(piece_cut[:, 1] >= 0, padded[piece_cut[:, 1]], ev[piece_line])
    all_xy = np.concatenate(
        [node_xy, cross.nodes[["x", "y"]].to_numpy(dtype=float).reshape(-1, 2), z_xy, plc.cut_xy]
    )
    generated = cross.nodes["known"].to_numpy(dtype=np.int64) < 0
    gen = np.zeros(0, dtype=np.int64)
    if unmatched == "drop" and generated.any():
        gen = o_cross + np.flatnonzero(generated)
        side_end = np.full(n_all, -1, dtype=np.int64)
        side_start = np.full(n_all, -1, dtype=np.int64)
        side_end[gen] = n_all + np.arange(len(gen))
        side_start[gen] = n_all + len(gen) + np.arange(len(gen))
        pv = np.where(side_end[pv] >= 0, side_end[pv], pv)
        pu = np.where(side_start[pu] >= 0, side_start[pu], pu)
        all_xy = np.concatenate([all_xy, all_xy[gen], all_xy[gen]])
    return Pieces(
        pieces, piece_line, pu, pv, all_xy, o_cross, o_bound, o_pcut, n_all, generated, gen
    )


def edge_attributes(
    p: Pieces,
    e_attr: np.ndarray,
    attrs: RoadAttributes,
    codes: np.ndarray,
    country_polys: np.ndarray,
    zones: gpd.GeoDataFrame | None,
) -> dict[str, Any]:
    """Per piece: country, zones, geodesic length (km), road attributes and a unique id."""
    mid = midpoints(p.pieces)
    row = e_attr[p.line]
    edge_road = attrs.ids[row]
    codes_road, _ = pd.factorize(pd.Series(edge_road, dtype=object))
    rank, repeated = rank_within(codes_road)
    edge_id = edge_road.copy()
    edge_id[repeated] = [f"{r}/{k}" for r, k in zip(edge_road[repeated], rank[repeated])]
    if pd.Series(edge_id).duplicated().any():
        edge_id = np.array([f"e{i + 1}" for i in range(len(edge_id))], dtype=object)
    return {
        "id": edge_id,
        "road_id": edge_road,
        "road": attrs.names[row],
        "road_class": np.asarray(ROAD_CLASSES, dtype=object)[attrs.cls[row]],
        "surface": np.asarray(SURFACES, dtype=object)[attrs.srf[row]],
        "country": codes[locate(mid, country_polys)],
        "length_km": np.round(geodesic_length_km(p.pieces), KM_DECIMALS),
        "zones": zone_memberships(mid, zones),
        "source": attrs.sources[row],
    }


def _place_and_crossing_attributes(
    na: dict[str, np.ndarray],
    ident: np.ndarray,
    p: Pieces,
    cross: Crossings,
    plc: Places,
    places: gpd.GeoDataFrame | None,
    known: gpd.GeoDataFrame | None,
    default_source: str,
) -> None:
    """Fill ids and attributes of the place and crossing nodes (in place)."""
    place_fields = {f: f for f in NODE_FIELDS if f in LAYERS["places"][1]}
    if places is not None and len(places):
        at_node = np.flatnonzero(plc.node_place >= 0)
        n_pcut = len(plc.cut_place)
        for at, rows in (
            (at_node, plc.node_place[at_node]),
            (p.o_pcut + np.arange(n_pcut), plc.cut_place),
        ):
            frame = places.iloc[rows]
            ident[at] = frame["id"].to_numpy(dtype=object)
            fill_attributes(na, at, frame, place_fields)
            na["note"][at] = [
                f"attached to the road {k:.2f} km from the place's coordinate" for k in plc.km[rows]
            ]
    if not len(cross.nodes):
        return
    cn, generated = cross.nodes, p.generated
    at = p.o_cross + np.arange(len(cn))
    ident[at] = cn["id"].to_numpy(dtype=object)
    fill_attributes(na, at, cn, {"country_a": "country_a", "country_b": "country_b"})
    na["country"][at] = (cn["country_a"] + "|" + cn["country_b"]).to_numpy(dtype=object)
    na["crossing_kind"][at] = "official"
    g_at = at[generated]
    na["name"][g_at] = [
        f"{r.country_a}–{r.country_b} road crossing {r.id.rsplit('-', 1)[-1]}"
        for r in cn[generated].itertuples()
    ]
    na["source"][g_at] = default_source
    na["note"][g_at] = (
        "generated by network_from_roads: a road crosses the border here and no known "
        "crossing lies within the matching distance; no status record, so open unless a "
        "scenario closes it"
    )
    k_at = at[~generated]
    if len(k_at) and known is not None:
        kr = known.iloc[cn["known"].to_numpy(dtype=np.int64)[~generated]]
        fill_attributes(na, k_at, kr, CROSSING_FIELDS)
        na["note"][k_at] = [
            (f"{n} " if isinstance(n, str) else "")
            + f"[network_from_roads: where the road meets the border, {k:.2f} km from the "
            "known coordinate]"
            for n, k in zip(kr["note"], cn["km"].to_numpy()[~generated])
        ]


def node_attributes(
    p: Pieces,
    cross: Crossings,
    plc: Places,
    places: gpd.GeoDataFrame | None,
    known: gpd.GeoDataFrame | None,
    edge_country: np.ndarray,
    codes: np.ndarray,
    country_polys: np.ndarray,
    default_source: str,
    where: str,
) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray, list[str]]:
    """Ids and attributes of the nodes the edges use.

    Returns (ids, attributes by field, indices of the nodes used, ids of the known crossings
    that no road reaches)."""
    n_total = len(p.xy)
    used = np.zeros(n_total, dtype=bool)
    used[p.u] = used[p.v] = True
    # a place put on a road where another node already is (split_lines drops that cut) has
    # no node of its own: it is dropped
    plc.km[plc.cut_place[~used[p.o_pcut + np.arange(len(plc.cut_place))]]] = np.nan
    kind = np.full(n_total, "junction", dtype=object)
    kind[p.o_cross : p.o_bound] = "crossing"
    kind[p.o_bound : p.o_pcut] = "boundary"
    na: dict[str, np.ndarray] = {f: np.full(n_total, None, dtype=object) for f in NODE_FIELDS}
    na["kind"] = kind
    ident = np.full(n_total, None, dtype=object)
    _place_and_crossing_attributes(na, ident, p, cross, plc, places, known, default_source)
    if len(p.dropped):
        gen = p.dropped
        base = np.concatenate([ident[gen], ident[gen]])
        side = ["a"] * len(gen) + ["b"] * len(gen)
        ident[p.n_all :] = [f"cut-{str(b)[len('xing-') :]}-{s_}" for b, s_ in zip(base, side)]
        kind[p.n_all :] = "junction"
        na["note"][p.n_all :] = (
            "dead end: the road is cut at the border (unmatched crossing dropped)"
        )
        ends = np.concatenate([p.v, p.u])  # a dead end takes the country of its piece
        dead = ends >= p.n_all
        na["country"][ends[dead]] = np.concatenate([edge_country, edge_country])[dead]
    need = np.flatnonzero(used & pd.isna(pd.Series(na["country"], dtype=object)).to_numpy())
    na["country"][need] = codes[locate(p.xy[need], country_polys)]
    nameless = pd.isna(pd.Series(ident, dtype=object)).to_numpy()
    without_road = [] if known is None else known.iloc[cross.unmatched_known]["id"].tolist()
    taken = set(ident[used & ~nameless].tolist()) | set(without_road)
    junction = np.flatnonzero(used & nameless & (kind == "junction"))
    ident[junction] = fresh_ids("j", len(junction), taken)
    boundary = np.flatnonzero(used & (kind == "boundary"))
    ident[boundary] = fresh_ids("b", len(boundary), taken)
    node_list = np.flatnonzero(used)
    all_ids = pd.Series(np.concatenate([ident[node_list], without_road]), dtype=object)
    if all_ids.duplicated().any():
        raise DataError(
            f"{where}: node id {all_ids[all_ids.duplicated()].iloc[0]!r} is used twice (a place "
            "or crossing id equal to another place's or crossing's); rename one"
        )
    return ident, na, node_list, without_road


def _isolated_crossings(graph: CorridorGraph, extra: gpd.GeoDataFrame, crossing_km: float) -> None:
    """Add known crossings that no road reaches as nodes without edges."""
    ex = {f: np.full(len(extra), None, dtype=object) for f in NODE_FIELDS}
    fill_attributes(
        ex,
        np.arange(len(extra)),
        extra,
        {**CROSSING_FIELDS, "country_a": "country_a", "country_b": "country_b"},
    )
    ex["kind"][:] = "crossing"
    ex["country"] = (extra["country_a"] + "|" + extra["country_b"]).to_numpy(dtype=object)
    ex["note"][:] = (
        f"isolated: no road of this network crosses the border within {crossing_km:g} km "
        "(network_from_roads)"
    )
    graph.add_nodes_from(
        (
            i,
            {f: node_value(ex[f][j], kind) for f, kind in NODE_FIELDS.items()}
            | {"geometry": extra.geometry.iloc[j]},
        )
        for j, i in enumerate(extra["id"])
    )


def make_graph(
    p: Pieces,
    ident: np.ndarray,
    na: Mapping[str, np.ndarray],
    node_list: np.ndarray,
    edges: Mapping[str, Any],
    extra: gpd.GeoDataFrame | None,
    crossing_km: float,
    name: str,
) -> CorridorGraph:
    """The MultiGraph: used nodes, isolated known crossings, and one edge per piece."""
    graph = CorridorGraph(crs=WGS84, name=name)
    fields = list(NODE_FIELDS)
    cols = [
        [node_value(v, NODE_FIELDS[f]) for v in na[f][node_list]]
        if NODE_FIELDS[f] in ("list", "int")
        else na[f][node_list]
        for f in fields
    ]
    graph.add_nodes_from(
        (n, {**dict(zip(fields, vals)), "geometry": g})
        for n, g, *vals in zip(ident[node_list], shapely.points(p.xy[node_list]), *cols)
    )
    if extra is not None and len(extra):
        _isolated_crossings(graph, extra, crossing_km)
    n_total = len(p.xy)
    lo, hi = np.minimum(p.u, p.v), np.maximum(p.u, p.v)
    keys, _ = rank_within(lo * n_total + hi)
    names = ("id", "road_id", "road", "road_class", "surface", "country", "length_km", "zones")
    columns = [edges[f].tolist() if f != "zones" else edges[f] for f in names]
    graph.add_edges_from(
        (u, v, k, {**dict(zip(names, vals)), "source": src, "geometry": g})
        for u, v, k, src, g, *vals in zip(
            ident[p.u].tolist(),
            ident[p.v].tolist(),
            keys.tolist(),
            edges["source"].tolist(),
            p.pieces,
            *columns,
        )
    )
    return graph
