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

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

# Public names and the module each lives in. They are imported on first use (PEP 562), so
# that `import corridor` and `corridor --help` stay light: NumPy, pandas, GeoPandas, SciPy and
# NetworkX load only when an analysis needs them.
_EXPORTS = {
    "bundled_data_dir": "_bundled",
    "Capacity": "capacity",
    "capacity": "capacity",
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
    "save_network": "network",
    "edge_states": "resolution",
    "resolve": "resolution",
    "Route": "routing",
    "best_route": "routing",
    "compare": "routing",
    "timeline": "routing",
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
    "export_gpkg": "export",
}

if TYPE_CHECKING:  # static analysis sees the real objects
    from ._bundled import bundled_data_dir
    from .capacity import Capacity, capacity
    from .control import Control, load_control
    from .costs import TravelModel
    from .critical import Explanation, critical_crossings, crossing_cut, explain
    from .datasets import load
    from .errors import CorridorError, DataError, ScenarioError, UnknownNameError
    from .export import export_gpkg
    from .freight import FreightModel, RouteFreight, route_freight
    from .freight_data import load_freight
    from .interdiction import Interdiction, interdict
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
    from .plot import plot_routes, plot_scenario, plot_timeline, save_png
    from .plot.flows import plot_flows
    from .resolution import edge_states, resolve
    from .routing import Route, best_route, compare, timeline, viable_routes
    from .whatif import Scenario, read_scenario, scenario, scenarios


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("corridor")
    except PackageNotFoundError:  # pragma: no cover - a source tree without install
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read from the installed package's metadata, on first use
        value = globals()["__version__"] = _version()
        return value
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'corridor' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


class _Facade(types.ModuleType):
    """The package module, keeping ``corridor.capacity`` the function: importing the submodule
    ``corridor.capacity`` would otherwise bind its name here to the module."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == name:
            return  # the submodule stays reachable as sys.modules["corridor.<name>"]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Facade


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
    "Network",
    "Route",
    "RouteFreight",
    "Scenario",
    "ScenarioError",
    "TravelModel",
    "UnknownNameError",
    "__version__",
    "best_route",
    "build_network",
    "bundled_data_dir",
    "capacity",
    "compare",
    "critical_crossings",
    "crossing_cut",
    "edge_states",
    "explain",
    "export_gpkg",
    "from_gdfs",
    "interdict",
    "load",
    "load_control",
    "load_freight",
    "network_from_roads",
    "normalize_name",
    "plot_flows",
    "plot_routes",
    "plot_scenario",
    "plot_timeline",
    "read_layer",
    "read_scenario",
    "resolve",
    "route_freight",
    "save_network",
    "save_png",
    "scenario",
    "scenarios",
    "timeline",
    "viable_routes",
]
