"""Loading networks: the bundled ones by name, or a network from files.

``corridor.load()`` is the bundled, curated Tehran-Beirut corridor network;
``corridor.load("osm-highways")`` the bundled OpenStreetMap-derived highway network
(:data:`NAMED_DATASETS` is the registry). A folder or GeoPackage of layers builds a network.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd

from ._bundled import bundled_data_dir, source_path
from ._checks import check_flag
from .control import CONTROL_FILES, load_control
from .errors import DataError
from .layers import has_layer, read_raw_layer
from .network import BuildWarning, Network, build_network, from_gdfs, network_from_roads
from .network.persist import read_graph_layers

log = logging.getLogger(__name__)

__all__ = ["load", "load_osm_highways", "NAMED_DATASETS", "OSM_HIGHWAYS_SOURCE"]

OSM_HIGHWAYS_SOURCE = (
    "OpenStreetMap-derived highway graph (scgraph_data 2.0.0 world_highways), "
    "© OpenStreetMap contributors, ODbL 1.0"
)


def load_osm_highways() -> Network:
    """The bundled OpenStreetMap-derived highway network: ``corridor.load("osm-highways")``.

    Built on each call (1.2-1.8 s on a 2-CPU VM) from ``data/osm-highways/roads.geojson``: 15,177
    lines over Iran west of 52.5°E, Iraq, Syria and Lebanon, derived from scgraph_data 2.0.0
    ``world_highways`` (© OpenStreetMap contributors, ODbL 1.0; see the folder's README), with
    :func:`corridor.network_from_roads` and its defaults: the bundled places, crossings,
    borders, countries and zones; dead ends within 1.5 km joined (this closes the 1.4 km
    al-Tanf gap); the largest component. The source has no road classes or surfaces: a road
    that follows a curated road (``data/roads.geojson``; at least 60 % of its length within
    2 km of one) takes that road's class and surface; the others are "unclassified" and
    "paved", and travel times on them assume one speed (the :class:`corridor.TravelModel`'s
    speed for "unclassified", an ASSUMPTION row of ``data/freight_defaults.csv``; see the
    report's ``unclassified_km``). The curated informal crossings (the Albukamal dirt bypasses) are
    added with their curated dirt tracks, joined to the nearest road vertex at each end (the
    report's ``informal`` table), so every built-in scenario can be run on both networks.
    The build report is ``network.graph.graph["build_report"]``; the build warnings are not
    shown.
    """
    path = bundled_data_dir() / "osm-highways" / "roads.geojson"
    if not path.exists():
        raise DataError(
            f"{path}: the bundled osm-highways layer is missing; reinstall corridor from a "
            "complete checkout"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BuildWarning)
        return network_from_roads(path, source=OSM_HIGHWAYS_SOURCE, name="osm-highways")


# Bundled networks loaded by name: corridor.load("osm-highways")
NAMED_DATASETS: dict[str, Callable[[], Network]] = {"osm-highways": load_osm_highways}


def load(source: str | Path | None = None, *, validate: bool = True) -> Network:
    """Load a corridor network.

    Parameters
    ----------
    source : path or name, optional
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
    validate = check_flag(validate, "validate")
    start = time.perf_counter()
    if isinstance(source, str) and source in NAMED_DATASETS:
        network = NAMED_DATASETS[source]()
        _log_loaded(network, start)
        return network
    bundled = bundled_data_dir()
    path = bundled if source is None else source_path(source)
    if not path.is_dir() and path.suffix.lower() != ".gpkg":
        raise DataError(
            f"{path}: expected a folder of GeoJSON layers or a GeoPackage (.gpkg); "
            "to read one GeoJSON layer use corridor.read_layer"
        )

    def layer_or_bundled(name: str) -> gpd.GeoDataFrame:  # checked once, by the builder
        return read_raw_layer(path if has_layer(path, name) else bundled, name)

    zones = (
        layer_or_bundled("zones")
        if has_layer(path, "zones") or has_layer(bundled, "zones")
        else None
    )
    network = _load_network(path, source, bundled, zones, layer_or_bundled, validate)
    own = [n for n in CONTROL_FILES[1:] if path.is_dir() and (path / n).exists()]
    if own and not (path / "actors.json").exists():  # they would be ignored for the bundled ones
        raise DataError(
            f"{path}: has {', '.join(own)} but no actors.json; the control tables are read "
            "together (actors.json, stances.csv, crossing_status.csv): add actors.json "
            "(a copy of the bundled one will do) or remove them to use the bundled tables"
        )
    if path.is_dir() and (path / "actors.json").exists():
        network.control = load_control(path)
        if validate:  # the folder's zones and its actors, its crossings and their statuses
            if network.zone_table is not None:
                z = network.zone_table
                network.control.check_zone_actors(zip(z["id"], z["actor"]))
            network.check_control()  # its crossing statuses (resolving checks tables set later)
    _log_loaded(network, start)
    return network


def _log_loaded(network: Network, start: float) -> None:
    if not log.isEnabledFor(logging.INFO):  # counting a MultiGraph's edges walks all of them
        return
    log.info(
        "loaded network %r: %d nodes, %d edges in %.2f s",
        network.name,
        network.graph.number_of_nodes(),
        network.graph.number_of_edges(),
        time.perf_counter() - start,
    )


def _load_network(path, source, bundled, zones, layer_or_bundled, validate) -> Network:
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
        read_raw_layer(path, "places"),
        read_raw_layer(path, "crossings"),
        read_raw_layer(path, "roads"),
        countries=layer_or_bundled("countries"),
        borders=layer_or_bundled("borders"),
        zones=zones,
        name="bundled corridor network" if source is None else str(path),
        validate=validate,
    )
