"""corridor: geospatial route analysis of contested land corridors.

The first subject is the overland route from Tehran to Beirut through Iraq and Syria.
Roads, crossings and places form a NetworkX graph over Shapely geometries (EPSG:4326,
lengths in km on WGS84); control zones are polygons held by actors over time; scenarios
say who holds what on a date and how the mover regards each actor; the analysis layer
finds viable routes, compares scenarios, explains blockages and ranks crossings.

>>> import corridor
>>> net = corridor.load()
>>> net.node_id("Abu Kamal")
'albukamal'
>>> routes = corridor.viable_routes(net, corridor.scenario("mid-2018"), "Tehran", "Beirut")
"""

from .control import Control, load_control
from .critical import Explanation, critical_crossings, crossing_cut, explain
from .errors import CorridorError, DataError, ScenarioError, UnknownNameError
from .io import bundled_data_dir, load, read_layer, save_network
from .names import normalize_name
from .network import Network, build_network, from_gdfs
from .resolve import edge_states, resolve
from .routing import Route, TravelModel, best_route, compare, timeline, viable_routes
from .scenario import Scenario, read_scenario, scenario, scenarios


def network_from_roads(*args, **kwargs):
    """Build a network from any road dataset; see :func:`corridor.build.network_from_roads`."""
    from .build import network_from_roads as build

    return build(*args, **kwargs)


_LAZY = {  # drawing and export import matplotlib; load them on first use
    "plot_routes": "plot",
    "plot_scenario": "plot",
    "plot_timeline": "plot",
    "save_png": "plot",
    "export_gpkg": "export",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'corridor' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "Control",
    "CorridorError",
    "DataError",
    "Explanation",
    "Network",
    "Route",
    "Scenario",
    "ScenarioError",
    "TravelModel",
    "UnknownNameError",
    "best_route",
    "build_network",
    "bundled_data_dir",
    "compare",
    "critical_crossings",
    "crossing_cut",
    "edge_states",
    "explain",
    "export_gpkg",
    "from_gdfs",
    "load",
    "load_control",
    "network_from_roads",
    "normalize_name",
    "plot_routes",
    "plot_scenario",
    "plot_timeline",
    "read_layer",
    "read_scenario",
    "resolve",
    "save_network",
    "save_png",
    "scenario",
    "scenarios",
    "timeline",
    "viable_routes",
]
