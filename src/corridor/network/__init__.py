"""The network model and its builders.

- :mod:`.model`: :class:`Network` (a NetworkX MultiGraph over Shapely geometries) and its cache;
- :mod:`.zones`: the one implementation of zone cuts and zone membership;
- :mod:`.curated`: :func:`build_network`, from place, crossing and road layers;
- :mod:`.persist`: :func:`from_gdfs`, :func:`save_network`;
- :mod:`.from_roads`: :func:`network_from_roads`, from any road dataset;
- :mod:`.osmnx`: :func:`network_from_osmnx`, from a graph OSMnx downloaded.
"""

from ._graph import CorridorGraph
from .curated import build_network
from .from_roads import BuildReport, BuildWarning, network_from_roads
from .model import Network, NetworkCache
from .osmnx import network_from_osmnx
from .persist import from_gdfs, read_graph_layers, save_network

__all__ = [
    "BuildReport",
    "BuildWarning",
    "CorridorGraph",
    "Network",
    "NetworkCache",
    "build_network",
    "from_gdfs",
    "network_from_osmnx",
    "network_from_roads",
    "read_graph_layers",
    "save_network",
]
