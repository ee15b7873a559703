"""corridor: geospatial route analysis of contested land corridors.

The first subject is the overland route from Tehran to Beirut through Iraq and Syria.
Roads, crossings and places form a NetworkX graph over Shapely geometries (EPSG:4326,
lengths in km on WGS84); control zones are polygons held by actors over time; scenarios
say who holds what on a date and how the mover regards each actor.

>>> import corridor
>>> net = corridor.load()
>>> net.node_id("Abu Kamal")
'albukamal'
"""

from .errors import CorridorError, DataError, ScenarioError, UnknownNameError
from .io import bundled_data_dir, load, read_layer, save_network
from .names import normalize_name
from .network import Network, build_network, from_gdfs

__version__ = "0.1.0"

__all__ = [
    "CorridorError",
    "DataError",
    "Network",
    "ScenarioError",
    "UnknownNameError",
    "build_network",
    "bundled_data_dir",
    "from_gdfs",
    "load",
    "normalize_name",
    "read_layer",
    "save_network",
]
