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

import logging
from importlib import import_module
from typing import TYPE_CHECKING, Any

# The library logs what it does (loading, building, caching, reprojecting) to the "corridor"
# logger and prints nothing itself: logging.basicConfig(level=logging.INFO) shows it.
logging.getLogger(__name__).addHandler(logging.NullHandler())

# Public names and the module each lives in. They are imported on first use (PEP 562), so
# that `import corridor` and `corridor --help` stay light: NumPy, pandas, GeoPandas, SciPy and
# NetworkX load only when an analysis needs them.
_EXPORTS = {
    "bundled_data_dir": "_bundled",
    "Capacity": "throughput",
    "capacity": "throughput",
    "Control": "control",
    "load_control": "control",
    "TravelModel": "costs",
    "Explanation": "critical",
    "critical_crossings": "critical",
    "crossing_cut": "critical",
    "explain": "critical",
    "load": "datasets",
    "CorridorError": "errors",
    "DataError": "errors",
    "ScenarioError": "errors",
    "ScenarioWarning": "errors",
    "UnknownNameError": "errors",
    "FreightModel": "freight",
    "RouteFreight": "freight",
    "route_freight": "freight",
    "load_freight": "freight_data",
    "Interdiction": "interdiction",
    "interdict": "interdiction",
    "read_layer": "layers",
    "normalize_name": "names",
    "BuildReport": "network",
    "BuildWarning": "network",
    "Network": "network",
    "build_network": "network",
    "from_gdfs": "network",
    "network_from_roads": "network",
    "network_from_osmnx": "network",
    "save_network": "network",
    "edge_states": "resolution",
    "resolve": "resolution",
    "Route": "routing",
    "best_route": "routing",
    "compare": "comparison",
    "date_steps": "comparison",
    "timeline": "comparison",
    "viable_routes": "routing",
    "Scenario": "whatif",
    "read_scenario": "whatif",
    "scenario": "whatif",
    "scenarios": "whatif",
    "plot_routes": "plot",
    "plot_scenario": "plot",
    "plot_timeline": "plot",
    "plot_flows": "plot.flows",
    "save_png": "plot",
    "plot_compare": "plot",
    "explore": "plot.interactive",
    "explore_timeline": "plot.interactive",
    "save_html": "plot.interactive",
    "export_gpkg": "export",
    "routes_to_gdf": "export",
    "write_routes_geojson": "export",
    "MonteCarloResult": "uncertainty",
    "Uncertainty": "uncertainty",
    "monte_carlo": "uncertainty",
    "sweep": "uncertainty",
    "plot_monte_carlo": "plot",
    "ModeOption": "modes",
    "compare_modes": "modes",
    "sea_path": "modes",
    "load_mode_data": "modes",
    "plot_modes": "plot.modes",
}

if TYPE_CHECKING:  # static analysis sees the real objects
    from ._bundled import bundled_data_dir
    from .comparison import compare, date_steps, timeline
    from .control import Control, load_control
    from .costs import TravelModel
    from .critical import Explanation, critical_crossings, crossing_cut, explain
    from .datasets import load
    from .errors import (
        CorridorError,
        DataError,
        ScenarioError,
        ScenarioWarning,
        UnknownNameError,
    )
    from .export import export_gpkg, routes_to_gdf, write_routes_geojson
    from .freight import FreightModel, RouteFreight, route_freight
    from .freight_data import load_freight
    from .interdiction import Interdiction, interdict
    from .layers import read_layer
    from .modes import ModeOption, compare_modes, load_mode_data, sea_path
    from .names import normalize_name
    from .network import (
        BuildReport,
        BuildWarning,
        Network,
        build_network,
        from_gdfs,
        network_from_osmnx,
        network_from_roads,
        save_network,
    )
    from .plot import (
        plot_compare,
        plot_monte_carlo,
        plot_routes,
        plot_scenario,
        plot_timeline,
        save_png,
    )
    from .plot.flows import plot_flows
    from .plot.interactive import explore, explore_timeline, save_html
    from .plot.modes import plot_modes
    from .resolution import edge_states, resolve
    from .routing import Route, best_route, viable_routes
    from .throughput import Capacity, capacity
    from .uncertainty import MonteCarloResult, Uncertainty, monte_carlo, sweep
    from .whatif import Scenario, read_scenario, scenario, scenarios


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read from the installed package's metadata, on first use
        from ._bundled import package_version

        value = globals()["__version__"] = package_version()
        return value
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'corridor' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "BuildReport",
    "BuildWarning",
    "Capacity",
    "Control",
    "CorridorError",
    "DataError",
    "Explanation",
    "FreightModel",
    "Interdiction",
    "ModeOption",
    "MonteCarloResult",
    "Network",
    "Route",
    "RouteFreight",
    "Scenario",
    "ScenarioError",
    "ScenarioWarning",
    "TravelModel",
    "Uncertainty",
    "UnknownNameError",
    "__version__",
    "best_route",
    "build_network",
    "bundled_data_dir",
    "capacity",
    "compare",
    "compare_modes",
    "critical_crossings",
    "crossing_cut",
    "date_steps",
    "edge_states",
    "explain",
    "explore",
    "explore_timeline",
    "export_gpkg",
    "from_gdfs",
    "interdict",
    "load",
    "load_control",
    "load_freight",
    "load_mode_data",
    "monte_carlo",
    "network_from_osmnx",
    "network_from_roads",
    "normalize_name",
    "plot_compare",
    "plot_monte_carlo",
    "plot_flows",
    "plot_modes",
    "plot_routes",
    "plot_scenario",
    "plot_timeline",
    "read_layer",
    "read_scenario",
    "resolve",
    "route_freight",
    "sea_path",
    "routes_to_gdf",
    "save_html",
    "save_network",
    "save_png",
    "scenario",
    "scenarios",
    "sweep",
    "timeline",
    "viable_routes",
    "write_routes_geojson",
]
