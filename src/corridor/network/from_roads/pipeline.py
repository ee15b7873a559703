"""Bring your own roads: :func:`network_from_roads` turns any road layer into a network.

The stages, all vectorised over arrays of coordinates (Shapely 2, STRtree, NumPy, SciPy; no
Python loop over road geometries), each in its own module:

1. read and clean (:mod:`.inputs`, :mod:`.classes`, :mod:`.noding`): non-line, empty and
   invalid features are skipped and counted (or refused with ``strict=True``); a projected
   CRS is reprojected to EPSG:4326, a missing CRS refused;
2. node (:mod:`.noding`): lines are split at every vertex they share with another line
   (optionally also where they cross, ``noding="intersections"``);
3. snap (:mod:`.topology`): dead ends within ``snap_km`` of another dead end are joined by a
   straight connector edge (``source`` "snap: ...", id ``snap-<n>``), unless it would cross
   a border;
4. components (:mod:`.topology`): the largest connected component is kept
   (``retain_all=False``); the count of components and the largest one's share are reported;
5. simplify (:mod:`.topology`): chains of degree-2 nodes whose roads agree in class, surface,
   name and source are merged into single edges keeping their full geometry (as OSMnx does);
6. border crossings (:mod:`.crossings`): where an edge crosses a border line between two
   countries it is cut at a crossing node, matched to a known crossing within ``crossing_km``
   (by distance, with the road's name as a tie-break) or given a generated id
   ``xing-<A>-<B>-<n>``;
7. places (:mod:`.places`): each place takes its nearest node, or a node of its own on the
   nearest road where that road passes more than 0.5 km closer (long schematic edges);
   farther than ``place_km`` from every road it is dropped;
8. zones and assembly (:mod:`corridor.network.zones`, :mod:`.assembly`): edges are cut
   where they cross a control-zone boundary (``boundary`` nodes), so each edge lies wholly
   inside or outside every zone; edges get their country and zones.

All geometry is EPSG:4326 (lon, lat); lengths are geodesic on WGS84, in km. Node ids: places
and matched crossings keep their ids; generated junctions are ``j<n>``, zone-boundary nodes
``b<n>``, unmatched crossings ``xing-<A>-<B>-<n>``.
"""

from __future__ import annotations

import logging
import numbers
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..._checks import check_flag
from ..._progress import ProgressBar, StepTimings
from ..._schema import ROAD_CLASSES, SURFACES
from ...errors import DataError
from ...layers import to_wgs84
from ...validate import check_lonlat_order, country_codes
from ..model import Network
from ..zones import zone_boundary_cuts
from .assembly import edge_attributes, make_graph, node_attributes, split_at_cuts
from .classes import RoadAttributes, feature_attributes
from .crossings import Borders, border_segments, detect_crossings
from .informal import informal_tracks
from .inputs import Layer, read_roads, side_layer
from .matching import MATCH_KM, MATCH_SHARE, classes_from_reference
from .noding import Segments, cut_at_crossings, grid_vertices, line_parts, node_at_vertices
from .places import Places, attach_places
from .report import BuildReport, BuildWarning, timer
from .topology import keep_components, simplify_chains, snap

__all__ = ["network_from_roads", "DEFAULT_SNAP_KM", "DEFAULT_PLACE_KM", "DEFAULT_CROSSING_KM"]

log = logging.getLogger(__name__)

DEFAULT_SNAP_KM = 1.5  # closes the 1.4 km al-Tanf gap of the OSM-derived highway layer
DEFAULT_PLACE_KM = 25.0
DEFAULT_CROSSING_KM = 10.0
BUILD_STEPS = 13  # timed steps of a build (the progress bar's length)


@dataclass
class _Inputs:
    """The checked input layers of one build."""

    roads: gpd.GeoDataFrame
    where: str
    codes: np.ndarray  # ISO3 code per country polygon
    country_polys: np.ndarray
    places: gpd.GeoDataFrame | None
    known: gpd.GeoDataFrame | None
    border: Borders | None
    zones: gpd.GeoDataFrame | None
    informal: gpd.GeoDataFrame | None  # curated roads holding the informal crossings' tracks
    reference: gpd.GeoDataFrame | None  # curated roads lending their class and surface


def _check_options(noding: str, unmatched: str, distances: Mapping[str, object]) -> None:
    if noding not in ("vertices", "intersections"):
        raise DataError(f"noding must be 'vertices' or 'intersections', got {noding!r}")
    if unmatched not in ("keep", "drop"):
        raise DataError(f"unmatched_crossings must be 'keep' or 'drop', got {unmatched!r}")
    for label, value in distances.items():
        if (
            isinstance(value, bool)
            or not isinstance(value, numbers.Real)
            or not 0 <= float(value) < float("inf")
        ):
            raise DataError(f"{label} must be a finite distance in km >= 0, got {value!r}")


def _check_roads_in_countries(roads: gpd.GeoDataFrame, where: str, by_code) -> None:
    """Refuse roads none of which meets a country polygon (roads from another region, or
    projected coordinates given a wrong CRS): every node and edge needs a country."""
    x0, y0, x1, y1 = shapely.total_bounds(roads.geometry.values)  # NaN coordinates ignored
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        return  # the vertices out of range are refused, by feature, when the lines are noded
    polys = np.asarray(by_code.geometry.values, dtype=object)
    lines = np.asarray(roads.geometry.values, dtype=object)
    road, country = shapely.STRtree(polys).query(lines)  # bounding boxes only: fast
    for start in range(0, len(road), 256):  # then exact tests, until the first road that meets
        at = slice(start, start + 256)
        with np.errstate(invalid="ignore"):  # a NaN vertex: that feature is skipped later
            if shapely.intersects(lines[road[at]], polys[country[at]]).any():
                return
    c0, d0, c1, d1 = shapely.total_bounds(by_code.geometry.values)
    raise DataError(
        f"{where}: no road lies in the countries layer (roads span lon {x0:.2f} to {x1:.2f}, "
        f"lat {y0:.2f} to {y1:.2f}; the countries lon {c0:.2f} to {c1:.2f}, lat {d0:.2f} to "
        f"{d1:.2f}); give roads in the region, or countries= covering them"
    )


def _read_inputs(roads, layer, side: tuple, report) -> _Inputs:
    countries, places, crossings, borders, zones, informal, reference = side
    gdf, where = read_roads(roads, layer)
    report.source, report.features = where, len(gdf)
    if gdf.crs is not None:
        report.crs = gdf.crs.to_string()
    gdf = to_wgs84(gdf, where)
    if not len(gdf):
        raise DataError(f"{where}: has no features; give at least one road line")
    countries_gdf = side_layer(countries, "countries")
    if countries_gdf is None:
        raise DataError("countries cannot be False: every node and edge needs a country")
    by_code = country_codes(countries_gdf)
    _check_roads_in_countries(gdf, where, by_code)
    places_gdf, known = side_layer(places, "places"), side_layer(crossings, "crossings")
    anchors = places_gdf if places_gdf is not None and len(places_gdf) >= 3 else known
    if anchors is not None:
        check_lonlat_order(gdf.geometry.values, anchors.geometry.values, where)
    return _Inputs(
        roads=gdf,
        where=where,
        codes=by_code.index.to_numpy(dtype=object),
        country_polys=np.asarray(by_code.geometry.values, dtype=object),
        places=places_gdf,
        known=known,
        border=border_segments(side_layer(borders, "borders")),
        zones=side_layer(zones, "zones"),
        informal=side_layer(informal, "roads"),
        reference=side_layer(reference, "roads"),
    )


def _classes_from_reference(inp: _Inputs, attrs, surface_given: bool, report) -> None:
    """Roads without a class in the source take the class (and, unless the source gives
    surfaces, the surface) of the reference road they follow (in place)."""
    if inp.reference is None:
        return
    found = classes_from_reference(np.asarray(inp.roads.geometry.values), inp.reference)
    at = np.flatnonzero(found.matched)
    if not len(at):
        return
    attrs.cls[at] = pd.Categorical(found.road_class[at], categories=ROAD_CLASSES).codes
    if not surface_given:
        attrs.srf[at] = pd.Categorical(found.surface[at], categories=SURFACES).codes
    report.road_class = (
        f"the reference roads for {len(at)} of {len(found.road)} features (those that follow "
        f"one for >= {MATCH_SHARE:.0%} of their length within {MATCH_KM:g} km); "
        + report.road_class
    )


def _attributes(inp: _Inputs, report, options: tuple, default_source: str):
    """Road attributes of the features (classes from the source, else from the reference
    roads), then the informal crossings' tracks appended; returns (attributes, excluded)."""
    id_column, name_column, road_class, class_column, default_class, surface = options
    attrs, excluded, report.road_class = feature_attributes(
        inp.roads,
        inp.where,
        id_column,
        name_column,
        road_class,
        class_column,
        default_class,
        surface,
        default_source,
    )
    if report.road_class.startswith("the default"):
        surface_given = surface is not None or "surface" in inp.roads.columns
        _classes_from_reference(inp, attrs, surface_given, report)
    return attrs, _add_informal_tracks(inp, attrs, excluded, report)


def _add_informal_tracks(inp: _Inputs, attrs, excluded: np.ndarray, report) -> np.ndarray:
    """Append the curated tracks of the informal crossings to the roads (in place); returns
    the extended exclusion mask."""
    tracks = informal_tracks(np.asarray(inp.roads.geometry.values), inp.known, inp.informal)
    report.informal = tracks.table
    if not len(tracks.geoms):
        return excluded
    k = len(tracks.geoms)
    attrs.extend(
        tracks.ids,
        tracks.names,
        np.full(k, ROAD_CLASSES.index("track"), dtype=np.int64),
        pd.Categorical(tracks.surfaces, categories=SURFACES).codes.astype(np.int64),
        tracks.sources,
    )
    inp.roads = gpd.GeoDataFrame(
        geometry=np.concatenate([np.asarray(inp.roads.geometry.values), tracks.geoms]),
        crs=inp.roads.crs,
    )
    return np.concatenate([excluded, np.zeros(k, dtype=bool)])


def _clean_lines(inp, attrs, excluded, noding, strict, report):
    """Grid vertices of the usable line parts: (q, owner, feature of each part)."""
    skipped: dict[str, int] = {}
    if excluded.any():
        skipped["excluded by road class"] = int(excluded.sum())
    geoms = np.asarray(inp.roads.geometry.values, dtype=object)
    parts, part_feature = line_parts(geoms, excluded, inp.where, attrs.ids, strict, skipped)
    if noding == "intersections" and len(parts):
        parts, piece_part = cut_at_crossings(parts)
        part_feature = part_feature[piece_part]
    q, owner, kept = grid_vertices(parts, part_feature, inp.where, attrs.ids, strict, skipped)
    report.skipped = skipped
    report.lines = len(kept)
    if len(kept) == 0:
        raise DataError(
            f"{inp.where}: no usable road line ({len(inp.roads)} features; skipped: "
            f"{', '.join(f'{v} {k}' for k, v in skipped.items()) or 'none'})"
        )
    if skipped:
        warnings.warn(
            f"{inp.where}: skipped {sum(skipped.values())} of {len(inp.roads)} features ("
            + ", ".join(f"{v} {k}" for k, v in skipped.items())
            + "; pass strict=True to refuse them)",
            BuildWarning,
            stacklevel=4,
        )
    return q, owner, part_feature[kept]


def _topology(q, owner, line_feature, attrs, inp, snap_km, retain_all, report, timings, t):
    """Noded, snapped segments of the largest component (or all), and which nodes were dead
    ends before snapping (roads that stop, e.g. where a dataset was clipped)."""
    seg = node_at_vertices(q, owner, line_feature)
    report.segments = len(seg.u)
    t = timer(timings, "node", t)
    n0 = len(seg.node_xy)
    dead0 = (np.bincount(seg.u, minlength=n0) + np.bincount(seg.v, minlength=n0)) == 1
    seg, report.snapped = snap(seg, attrs, snap_km, inp.border)
    t = timer(timings, "snap", t)
    seg, kept_nodes = keep_components(seg, retain_all, inp.where, report)
    timer(timings, "components", t)
    return seg, dead0[kept_nodes]


def _edge_lines(seg: Segments, attrs: RoadAttributes, simplify: bool):
    """Edge lines (merged chains when ``simplify``), their end nodes and attribute rows."""
    if simplify:
        n = len(seg.node_xy)
        exy, eptr, eu, ev, head = simplify_chains(
            seg, np.zeros(n, bool), attrs.merge_key()[seg.attr]
        )
    else:
        exy, eptr, eu, ev, head = seg.xy, seg.ptr, seg.u, seg.v, np.arange(len(seg.u))
    lines = shapely.linestrings(exy, indices=np.repeat(np.arange(len(eu)), np.diff(eptr)))
    return lines, eu, ev, seg.attr[head]


def _cuts(
    lines, edge_tree, eu, ev, clipped_node, node_xy, names, inp, crossing_km, place_km, timings
):
    """Where the edges are cut: border crossings, places put on roads, zone boundaries."""
    t = time.perf_counter()
    clipped_end = np.stack([clipped_node[eu], clipped_node[ev]], axis=1)
    cross = detect_crossings(
        lines, edge_tree, clipped_end, names, inp.border, inp.known, crossing_km
    )
    t = timer(timings, "crossings", t)
    on_road = np.zeros(len(node_xy), dtype=bool)
    on_road[eu] = on_road[ev] = True
    plc = attach_places(inp.places, node_xy, on_road, lines, edge_tree, place_km)
    t = timer(timings, "places", t)
    z_cuts = zone_boundary_cuts(
        lines,
        inp.zones,
        np.concatenate([cross.cut_edge, plc.cut_edge]),
        np.concatenate([cross.cut_pos, plc.cut_pos]),
        tree=edge_tree,
    )
    timer(timings, "zones", t)
    return cross, plc, z_cuts


def _finish_report(report, graph, inp, plc, cross, pieces, place_km, timings) -> None:
    _report_places(report, inp.places, plc, inp.where, place_km)
    report.unclassified_km = round(
        sum(
            d["length_km"] for *_, d in graph.edges(data=True) if d["road_class"] == "unclassified"
        ),
        3,
    )
    _report_crossings(report, cross, len(pieces.dropped) > 0)
    report.nodes = graph.number_of_nodes()
    report.edges = len(pieces.pieces)
    report.timings = timings
    graph.graph["build_report"] = report
    if log.isEnabledFor(logging.INFO):  # counting a MultiGraph's edges walks all of them
        log.info(
            "built network %r from %s: %d nodes, %d edges in %.2f s",
            graph.graph.get("name"),
            inp.where,
            report.nodes,
            graph.number_of_edges(),
            sum(timings.values()),
        )


def _report_places(report: BuildReport, places, plc: Places, where: str, place_km: float) -> None:
    if places is None or not len(places):
        return
    ids = places["id"].to_numpy(dtype=object)
    ok = ~np.isnan(plc.km)
    placed = np.full(len(places), None, dtype=object)
    placed[ok] = ids[ok]
    report.places = pd.DataFrame({"id": ids, "node": placed, "km": plc.km})
    lost = ids[~ok]
    if len(lost):
        warnings.warn(
            f"{where}: {len(lost)} of {len(places)} places were dropped (more than "
            f"{place_km:g} km from every road, or on another place's node): "
            f"{', '.join(map(str, lost[:8]))}" + (", ..." if len(lost) > 8 else ""),
            BuildWarning,
            stacklevel=3,
        )


def _report_crossings(report: BuildReport, cross, dropped: bool) -> None:
    cn = cross.nodes
    report.crossings = pd.DataFrame(
        {
            "id": cn["id"].to_numpy(dtype=object),
            "known": cn["known"].to_numpy(dtype=np.int64) >= 0,
            "countries": (cn["country_a"] + "|" + cn["country_b"]).to_numpy(dtype=object),
            "km": cn["km"].to_numpy(dtype=float),
            "intersections": cn["n"].to_numpy(dtype=np.int64),
        }
    )
    if dropped:
        report.crossings = report.crossings[report.crossings["known"]].reset_index(drop=True)


def network_from_roads(
    roads: Layer,
    *,
    places: Layer | None | Literal[False] = None,
    crossings: Layer | None | Literal[False] = None,
    borders: Layer | None | Literal[False] = None,
    countries: Layer | None = None,
    zones: Layer | None | Literal[False] = None,
    snap_km: float = DEFAULT_SNAP_KM,
    simplify: bool = True,
    road_class: str | Mapping[str, str | None] | Callable | None = None,
    class_column: str | None = None,
    default_class: str = "unclassified",
    surface: str | Mapping[str, str] | None = None,
    id_column: str | None = None,
    name_column: str | None = None,
    source: str | None = None,
    noding: Literal["vertices", "intersections"] = "vertices",
    unmatched_crossings: Literal["keep", "drop"] = "keep",
    retain_all: bool = False,
    place_km: float = DEFAULT_PLACE_KM,
    crossing_km: float = DEFAULT_CROSSING_KM,
    strict: bool = False,
    layer: str | None = None,
    name: str | None = None,
    progress: bool = True,
    informal: Layer | None | Literal[False] = None,
    class_reference: Layer | None | Literal[False] = None,
) -> Network:
    """Build a corridor network from a road dataset.

    Parameters
    ----------
    roads : GeoDataFrame or path
        Road lines (LineString or MultiLineString), or a file any format pyogrio reads
        (GeoPackage, GeoJSON, Shapefile, FlatGeobuf, ...; pick a layer with ``layer``). Any
        CRS is reprojected to EPSG:4326; a missing CRS is refused. An OpenStreetMap extract
        (``.osm.pbf``, ``.osm``) is read with GDAL's OSM driver: the ways tagged ``highway``,
        their class from ``highway``, name from ``name`` (else ``ref``), surface from
        ``surface`` and id ``osm:<way id>``.
    places : GeoDataFrame, path, None or False
        Places (the ``places`` layer schema, see :func:`corridor.read_layer`), each attached
        to its nearest node, or to a new node on the nearest road where the road passes more
        than 0.5 km closer than any node. None (default): the bundled places; False: none.
    crossings : GeoDataFrame, path, None or False
        Known border crossings (the ``crossings`` schema), matched to road-border
        intersections. None (default): the bundled crossings; False: none.
    borders : GeoDataFrame, path, None or False
        Border lines with the codes of the countries on each side (``adm0_a3_l``,
        ``adm0_a3_r`` as in Natural Earth, or ``country_a``, ``country_b``). None: the bundled
        Natural Earth borders; False: no crossing detection.
    countries : GeoDataFrame or path, optional
        Country polygons with ISO3 codes (``iso_a3``/``adm0_a3``); default the bundled ones.
        Every node and edge gets the code of the country it lies in (or the nearest).
    zones : GeoDataFrame, path, None or False
        Control zones to split edges on (the ``zones`` schema); default the bundled zones;
        False for none.
    snap_km : float
        Dead ends this close (geodesic km) to another dead end are joined by a straight
        connector edge (``source`` "snap: ..."), unless it would cross a border. Default
        1.5 km; 0 turns snapping off.
    simplify : bool
        Merge chains of degree-2 nodes into single edges keeping their geometry (default
        True). Only roads of equal class, surface, name and source are merged.
    road_class : str, mapping, callable or None
        Where ``road_class`` (motorway, highway, primary, secondary, unclassified, track)
        comes from.
        None finds a class column (``road_class``, ``highway``, ``fclass``, ``class``,
        ``type``) whose values :data:`CLASS_ALIASES` knows (OpenStreetMap ``highway=*``,
        Natural Earth ``type``). A string is a column name, or one class for every road. A
        mapping {source value: class or None} applies to ``class_column`` (or the column
        found) before the aliases; None leaves a road out. A function of the GeoDataFrame
        returns one class (or None) per road. Unknown values get ``default_class``. When no
        class column is found (and ``road_class`` is None), each road takes the class of the
        ``class_reference`` road it follows, if any.
    class_column : str, optional
        The column a ``road_class`` mapping applies to.
    default_class : str
        Class of roads whose class is unknown (default "unclassified": travel times on them
        assume one speed, the :class:`corridor.TravelModel`'s for "unclassified", an
        ASSUMPTION row of ``data/freight_defaults.csv``).
    surface : str, mapping or None
        A surface column (default ``surface`` when present, mapped with
        :data:`SURFACE_ALIASES`), "paved" or "dirt" for every road, or a mapping applied to
        the ``surface`` column. Where unknown: "dirt" for tracks, else "paved".
    id_column, name_column : str, optional
        Columns of the road id (default ``id``, ``osm_id`` or ``fid``, else ``r<row>``) and of
        the road name (default ``road``, ``name`` or ``ref``).
    source : str, optional
        The edges' ``source`` where the roads have no ``source`` column (default: the file
        name).
    noding : {"vertices", "intersections"}
        Node lines at shared vertices only (default; the OpenStreetMap convention: lines that
        cross without a shared vertex are bridges or tunnels), or also where they cross.
    unmatched_crossings : {"keep", "drop"}
        "keep": a road-border intersection that matches no known crossing becomes a crossing
        node ``xing-<A>-<B>-<n>`` (kind "official", no status record, so open unless a
        scenario closes it). "drop": the road is cut there instead (two dead ends).
    retain_all : bool
        Keep every connected component (default False: only the largest, as OSMnx does).
    place_km : float
        Places farther than this (km) from every road are dropped, with a warning.
    crossing_km : float
        Largest distance (km) between a known crossing and the road-border intersection
        matched to it.
    strict : bool
        Raise :class:`corridor.DataError` on the first non-line, empty or invalid feature
        instead of skipping and counting them.
    layer : str, optional
        The layer of a multi-layer file.
    name : str, optional
        The network's name (default: the file name without suffix).
    progress : bool
        A progress bar through the build's steps, on a terminal only (default True).
    informal : GeoDataFrame, path, None or False
        A curated ``roads`` layer holding the dirt tracks through the known informal
        crossings (``crossings`` of kind "informal"): each informal crossing's track (the
        ``road_class`` "track" segments ending at it, joined through it) is added to the roads
        with its ends moved onto the nearest road vertex, so that it joins the network there
        and the crossing is detected on it (see :mod:`.informal`; the report's ``informal``
        table). None (default): the bundled curated roads (the Albukamal bypasses); False:
        none. Tracks whose ends lie more than 25 km from every road are left out.
    class_reference : GeoDataFrame, path, None or False
        Reference roads (``id``, ``road_class``, ``surface``) lending their class, and their
        surface unless the source gives surfaces, to roads without a class that follow them
        (at least 60 % of a road's points, sampled every km, within 2 km of one reference
        road; see :mod:`.matching`). None (default): the bundled curated roads; False: none.

    Returns
    -------
    Network
        With the node and edge attributes of :func:`corridor.build_network`'s networks, and
        ``network.zones`` the zones used. The :class:`BuildReport` is
        ``network.graph.graph["build_report"]``. :class:`BuildWarning` warnings say what was
        skipped, dropped or disconnected.

    Raises
    ------
    corridor.DataError
        Unreadable file, missing CRS, coordinates outside the longitude/latitude range, an
        unknown class, surface or column, a non-line feature with ``strict=True``, bad side
        layers, or no usable road.

    Notes
    -----
    Known crossings that no road reaches are added as isolated crossing nodes (no edges), so
    that scenarios naming them still resolve; routes cannot use them. The build never loops
    over road geometries in Python: it works on coordinate arrays (Shapely 2, STRtree, NumPy,
    SciPy); only the final NetworkX graph is filled edge by edge.
    """
    for flag, value in (("simplify", simplify), ("retain_all", retain_all), ("strict", strict)):
        check_flag(value, flag)
    bar = ProgressBar(BUILD_STEPS, "network_from_roads", progress, unit="step")
    timings: dict[str, float] = StepTimings(bar)  # each new step advances the bar
    t = time.perf_counter()
    _check_options(
        noding,
        unmatched_crossings,
        {"snap_km": snap_km, "place_km": place_km, "crossing_km": crossing_km},
    )
    report = BuildReport()
    side = (countries, places, crossings, borders, zones, informal, class_reference)
    inp = _read_inputs(roads, layer, side, report)
    name = name or (Path(roads).stem if isinstance(roads, (str, Path)) else "roads")
    t = timer(timings, "read and side layers", t)

    default_source = source or (Path(roads).name if isinstance(roads, (str, Path)) else inp.where)
    attrs, excluded = _attributes(
        inp,
        report,
        (id_column, name_column, road_class, class_column, default_class, surface),
        default_source,
    )
    q, owner, line_feature = _clean_lines(inp, attrs, excluded, noding, strict, report)
    t = timer(timings, "clean", t)
    seg, clipped_node = _topology(
        q, owner, line_feature, attrs, inp, snap_km, retain_all, report, timings, t
    )
    t = time.perf_counter()
    lines, eu, ev, e_attr = _edge_lines(seg, attrs, simplify)
    edge_tree = shapely.STRtree(lines)
    t = timer(timings, "simplify", t)

    cross, plc, z_cuts = _cuts(
        lines,
        edge_tree,
        eu,
        ev,
        clipped_node,
        seg.node_xy,
        attrs.names[e_attr],
        inp,
        crossing_km,
        place_km,
        timings,
    )
    t = time.perf_counter()
    pieces = split_at_cuts(lines, eu, ev, seg.node_xy, cross, z_cuts, plc, unmatched_crossings)
    t = timer(timings, "split", t)
    edges = edge_attributes(pieces, e_attr, attrs, inp.codes, inp.country_polys, inp.zones)
    t = timer(timings, "edge attributes", t)
    ident, na, node_list, report.known_without_road = node_attributes(
        pieces,
        cross,
        plc,
        inp.places,
        inp.known,
        edges["country"],
        inp.codes,
        inp.country_polys,
        default_source,
        inp.where,
    )
    t = timer(timings, "node attributes", t)
    extra = inp.known.iloc[cross.unmatched_known] if inp.known is not None else None
    graph = make_graph(pieces, ident, na, node_list, edges, extra, crossing_km, name)
    timer(timings, "graph", t)

    _finish_report(report, graph, inp, plc, cross, pieces, place_km, dict(timings))
    bar.close()
    return Network(graph, zones=inp.zones, name=name)
