"""Report-ready maps of scenarios, routes and timelines (matplotlib; PNG output).

- :mod:`.base`: projection (Lambert conformal conic), reference layers, base map, symbols;
- :mod:`.layers`: zones, roads, routes, crossings, labels, inset;
- :mod:`.maps`: :func:`plot_routes`, :func:`plot_scenario`, :func:`plot_timeline`, :func:`save_png`;
- :mod:`.uncertainty`: :func:`plot_monte_carlo` (what ``MonteCarloResult.plot()`` draws).
"""

from .base import MAP_CRS
from .maps import plot_routes, plot_scenario, plot_timeline, save_png
from .uncertainty import plot_monte_carlo

__all__ = [
    "MAP_CRS",
    "plot_monte_carlo",
    "plot_routes",
    "plot_scenario",
    "plot_timeline",
    "save_png",
]
