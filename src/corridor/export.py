"""Export a scenario's network, zones, edge states and routes to a GeoPackage (for QGIS)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from ._schema import EDGE_FIELDS, NODE_FIELDS
from .layers import frame_for_file, write_layers
from .network import Network
from .resolution import edge_states, resolve
from .routing import viable_routes
from .whatif import Scenario, as_scenario

__all__ = ["export_gpkg"]


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
    """Write layers ``nodes``, ``edges``, ``zones`` (those applying under the scenario, with the
    actor holding them and the mover's stance), ``edge_states`` and ``routes`` (up to ``k``
    routes from ``origin`` to ``destination``, when both are given) to a GeoPackage.

    The file is written to a temporary name first and replaces ``path`` only when complete.
    All layers are EPSG:4326.
    """
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
        zones["applies"] = res.active_zones
        zones["held_by"] = res.zone_actor
        zones["stance"] = res.zone_stance
        layers["zones"] = zones[zones["applies"]].drop(columns="applies")
    routes = (
        viable_routes(network, scenario, origin, destination, k=k, weight=weight)
        if origin is not None and destination is not None
        else []
    )
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
