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
>>> routes = corridor.viable_routes(net, "mid-2018", "Tehran", "Beirut")
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from ._bundled import bundled_data_dir
from .control import Control, load_control
from .costs import TravelModel
from .critical import Explanation, critical_crossings, crossing_cut, explain
from .datasets import load
from .errors import CorridorError, DataError, ScenarioError, UnknownNameError
from .layers import read_layer
from .names import normalize_name
from .network import (
    BuildReport,
    BuildWarning,
    Network,
    build_network,
    from_gdfs,
    network_from_roads,
    save_network,
)
from .resolve import edge_states, resolve
from .routing import Route, best_route, compare, timeline, viable_routes
from .scenario import Scenario, read_scenario, scenario, scenarios

try:
    __version__ = version("corridor")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

_LAZY = {  # drawing (matplotlib, folium) and export (pyogrio writers) load on first use
    "plot_routes": "plot",
    "plot_scenario": "plot",
    "plot_timeline": "plot",
    "save_png": "plot",
    "plot_compare": "plot",
    "explore": "plot.interactive",
    "explore_timeline": "plot.interactive",
    "save_html": "plot.interactive",
    "export_gpkg": "export",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'corridor' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "BuildReport",
    "BuildWarning",
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
    "__version__",
    "best_route",
    "build_network",
    "bundled_data_dir",
    "compare",
    "critical_crossings",
    "crossing_cut",
    "edge_states",
    "explain",
    "explore",
    "explore_timeline",
    "export_gpkg",
    "from_gdfs",
    "load",
    "load_control",
    "network_from_roads",
    "normalize_name",
    "plot_compare",
    "plot_routes",
    "plot_scenario",
    "plot_timeline",
    "read_layer",
    "read_scenario",
    "resolve",
    "save_html",
    "save_network",
    "save_png",
    "scenario",
    "scenarios",
    "timeline",
    "viable_routes",
]
