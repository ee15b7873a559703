"""Export a scenario's network, zones, edge states and routes to a GeoPackage (for QGIS)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from ._schema import EDGE_FIELDS, NODE_FIELDS
from .io import _frame_for_file, write_layers
from .resolve import edge_states
from .routing import viable_routes
from .scenario import Scenario

__all__ = ["export_gpkg"]


def export_gpkg(
    network,
    scenario: Scenario,
    path: str | Path,
    *,
    origin: str = "tehran",
    destination: str = "beirut",
    k: int = 3,
    weight: str = "hours",
) -> Path:
    """Write layers ``nodes``, ``edges``, ``zones`` (those applying under the scenario, with the
    actor holding them and the mover's stance), ``edge_states`` and ``routes`` to a GeoPackage.

    The file is written to a temporary name first and replaces ``path`` only when complete.
    All layers are EPSG:4326.
    """
    from .resolve import resolve

    nodes, edges = network.to_gdfs()
    res = resolve(network, scenario)
    states = edge_states(network, scenario).reset_index()
    states["zones"] = [";".join(z) for z in states["zones"]]
    layers = {
        "nodes": _frame_for_file(nodes.reset_index(), {"node": "str", **NODE_FIELDS}),
        "edges": _frame_for_file(edges.reset_index(), {"u": "str", "v": "str", **EDGE_FIELDS}),
        "edge_states": states,
    }
    if network.zones is not None and len(network.zones):
        zones = network.zones.copy()
        zones["applies"] = res.active_zones
        zones["held_by"] = res.zone_actor
        zones["stance"] = res.zone_stance
        layers["zones"] = zones[zones["applies"]].drop(columns="applies")
    routes = viable_routes(network, scenario, origin, destination, k=k, weight=weight)
    rows = [
        {
            "rank": i + 1,
            "scenario": scenario.name,
            "date": scenario.date.isoformat(),
            **r.summary(),
            "crossings": ";".join(r.crossings),
            "geometry": r.geometry,
        }
        for i, r in enumerate(routes)
    ]
    columns = [
        "rank",
        "scenario",
        "date",
        "origin",
        "destination",
        "via",
        "km",
        "hours",
        "contested_km",
        "risk",
        "countries",
        "crossings",
        "geometry",
    ]
    layers["routes"] = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=columns), geometry="geometry", crs="EPSG:4326"
    )
    return write_layers(layers, path)
