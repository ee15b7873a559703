"""Routes and a scenario's layers out to GeoPandas and files: :func:`routes_to_gdf`,
:func:`write_routes_geojson` (a FeatureCollection for web maps) and :func:`export_gpkg` (every
layer, for QGIS)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from ._checks import check_flag, check_path
from ._files import atomic_write_json
from ._schema import EDGE_FIELDS, NODE_FIELDS
from .errors import CorridorError
from .layers import frame_for_file, write_layers
from .network import Network
from .resolution import edge_states, resolve
from .routing import Route, viable_routes
from .whatif import Scenario, as_scenario

__all__ = ["export_gpkg", "export_layers", "routes_to_gdf", "write_routes_geojson"]

# Route fields that are not one route's figures (the scenario is given as name/date/mover)
_NOT_METRICS = {
    "nodes",
    "edges",
    "edge_ids",
    "geometry",
    "scenario",
    "network",
    "edge_index",
    "node_index",
    "arrays",
    "model",  # the TravelModel object; its figures are the route's assumptions
}


def _route_record(rank: int, route: Route) -> dict[str, Any]:
    """Every figure of ``route`` (unrounded; km, hours, USD as the Route has them)."""
    sc = route.scenario
    record: dict[str, Any] = {
        "rank": rank,
        "scenario": sc.name,
        "date": sc.date.isoformat(),
        "mover": sc.mover,
        "origin": route.origin_name,
        "destination": route.destination_name,
        "via": route.via,
    }
    for f in dataclasses.fields(route):
        if f.name not in _NOT_METRICS and f.name not in ("origin_name", "destination_name"):
            value = getattr(route, f.name)
            record[f.name] = dict(value) if isinstance(value, dict) else value
    record["cost_usd_per_t"] = route.cost_usd_per_t  # a property (the default FreightModel)
    return record


def _check_routes(routes) -> list[Route]:
    """``routes`` as a list of Route (a generator is read once), else a CorridorError."""
    want = "give a list of Route (from corridor.viable_routes)"
    if isinstance(routes, Route):
        raise CorridorError(f"{want}, got one Route (pass [route])")
    if isinstance(routes, (str, bytes)) or not hasattr(routes, "__iter__"):
        raise CorridorError(f"{want}, got {routes!r:.60}")
    routes = list(routes)
    for bad in (r for r in routes if not isinstance(r, Route)):  # None included
        raise CorridorError(f"{want}, got {type(bad).__name__} {repr(bad)[:40]}")
    return routes


def routes_to_gdf(routes: Sequence[Route], *, flat: bool = False) -> gpd.GeoDataFrame:
    """The routes as a GeoDataFrame, one row per route in order (``rank`` 1 first), EPSG:4326.

    Columns: ``rank``, ``scenario``, ``date``, ``mover``, ``origin``, ``destination``, ``via``
    and the fields of :class:`corridor.Route`: ``length_km``, ``hours``, ``crossings``,
    ``crossing_names``, ``countries``, ``km_by_actor``, ``km_in_zones``, ``km_by_stance``,
    ``contested_km``, ``risk``, ``weight``, ``cost``, ``event_exposure``, ``events``,
    ``driving_h``, ``border_h``, ``rest_h``, ``transit_days`` and ``cost_usd_per_t`` (USD a
    tonne, the default :class:`corridor.FreightModel`). Dicts and lists stay Python objects;
    ``flat=True`` turns them into JSON text (lists of names ";"-joined) so that
    ``GeoDataFrame.to_file`` can write them.
    """
    flat = check_flag(flat, "flat")
    routes = _check_routes(routes)
    rows = [_route_record(i + 1, r) for i, r in enumerate(routes)]
    if flat:
        for row in rows:
            for key, value in row.items():
                if isinstance(value, dict):
                    row[key] = json.dumps(value, sort_keys=True)
                elif isinstance(value, list):
                    row[key] = ";".join(map(str, value))
    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else ["rank"])
    return gpd.GeoDataFrame(frame, geometry=[r.geometry for r in routes], crs="EPSG:4326")


def write_routes_geojson(routes: Sequence[Route], path: str | Path) -> Path:
    """Write the routes as a GeoJSON FeatureCollection (EPSG:4326 lon/lat), the columns of
    :func:`routes_to_gdf` as properties (dicts and lists as JSON objects and arrays). The
    file replaces ``path`` only when complete."""
    routes = _check_routes(routes)
    path = check_path(path, "the GeoJSON file")
    if not path.parent.is_dir():
        raise CorridorError(f"{path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise CorridorError(f"{path}: is a folder; give a file name")
    if path.suffix.lower() not in (".geojson", ".json"):
        raise CorridorError(f"{path}: the file name must end in .geojson or .json")
    features = [
        {
            "type": "Feature",
            "properties": _route_record(i + 1, r),
            "geometry": json.loads(shapely.to_geojson(r.geometry)),
        }
        for i, r in enumerate(routes)
    ]
    atomic_write_json(path, {"type": "FeatureCollection", "features": features})
    return path


def _scenario_zones(zones: gpd.GeoDataFrame | None, res) -> gpd.GeoDataFrame:
    """The zones applying under a resolution: the network's, then the scenario's drawn ones
    (id "drawn:<name>"), with the actor holding each and the mover's stance toward it."""
    n_base = 0 if zones is None else len(zones)
    drawn = res.scenario.zones_added
    parts = [] if zones is None else [zones]
    if drawn:
        parts.append(
            gpd.GeoDataFrame(
                {
                    "id": [f"drawn:{z.name}" for z in drawn],
                    "actor": [z.actor for z in drawn],
                    "kind": [z.kind for z in drawn],
                    "shape_note": "drawn for the scenario",
                },
                geometry=[z.geometry for z in drawn],
                crs="EPSG:4326",
            )
        )
    if not parts:
        return gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:4326")
    table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].copy()
    count = n_base + len(drawn)
    table["held_by"] = res.zone_actor[:count]
    table["stance"] = res.zone_stance[:count]
    return table[res.active_zones[:count]].reset_index(drop=True)


def export_gpkg(
    network: Network,
    scenario: Scenario | str | Path,
    path: str | Path,
    *,
    origin: str | None = None,
    destination: str | None = None,
    k: int = 3,
    weight: str = "hours",
) -> Path:
    """Write layers ``nodes``, ``edges``, ``zones`` (the network's, every date),
    ``scenario_zones`` (those applying under the scenario, with the actor holding them and
    the mover's stance), ``edge_states`` and ``routes`` (up to ``k`` routes from ``origin``
    to ``destination``, when both are given; see :func:`routes_to_gdf`) to a GeoPackage.

    ``corridor.load(path)`` reads the network back. The file is written to a temporary name
    first and replaces ``path`` only when complete. All layers are EPSG:4326.
    """
    if check_path(path, "the GeoPackage").suffix.lower() != ".gpkg":
        raise CorridorError(f"{path}: the file name must end in .gpkg (a GeoPackage)")
    layers = export_layers(
        network, scenario, origin=origin, destination=destination, k=k, weight=weight
    )
    return write_layers(layers, path)


def export_layers(
    network: Network,
    scenario: Scenario | str | Path,
    *,
    origin: str | None = None,
    destination: str | None = None,
    k: int = 3,
    weight: str = "hours",
) -> dict[str, gpd.GeoDataFrame]:
    """The layers :func:`export_gpkg` writes, by name, as GeoDataFrames (EPSG:4326)."""
    if (origin is None) != (destination is None):
        raise CorridorError(
            "give both origin and destination for the routes layer, or neither (no routes)"
        )
    scenario = as_scenario(scenario)
    nodes, edges = network.to_gdfs()
    assert nodes is not None and edges is not None
    res = resolve(network, scenario)
    states = edge_states(network, scenario).reset_index()
    states["zones"] = [";".join(z) for z in states["zones"]]
    layers = {
        "nodes": frame_for_file(nodes.reset_index(), {"node": "str", **NODE_FIELDS}),
        "edges": frame_for_file(edges.reset_index(), {"u": "str", "v": "str", **EDGE_FIELDS}),
        "edge_states": states,
    }
    zones = network.zones
    if zones is not None and len(zones):
        layers["zones"] = zones.copy()  # the network's own, so the file loads back
    in_force = _scenario_zones(zones, res)
    if len(in_force):
        layers["scenario_zones"] = in_force
    routes = (
        viable_routes(network, scenario, origin, destination, k=k, weight=weight)
        if origin is not None and destination is not None
        else []
    )
    layers["routes"] = routes_to_gdf(routes, flat=True)
    return layers
