"""Report-ready maps of scenarios, routes and timelines (matplotlib; PNG output), and
interactive maps (Leaflet, self-contained HTML).

- :mod:`.base`: projection (Lambert conformal conic), reference layers, styles, primitives;
- :mod:`.layers`: zones by kind, roads, routes with their contested and exposed stretches;
- :mod:`.points`, :mod:`.labels`: crossings, places, labels with leader lines;
- :mod:`.inset`, :mod:`.legend`: the inset and the legends;
- :mod:`.maps`: :func:`plot_routes`, :func:`plot_scenario`, :func:`save_png`;
- :mod:`.panels`: :func:`plot_compare`, :func:`plot_timeline`;
- :mod:`.uncertainty`: :func:`plot_monte_carlo` (what ``MonteCarloResult.plot()`` draws);
- :mod:`.interactive`: :func:`explore`, :func:`explore_timeline`, :func:`save_html`
  (imported on first use: it needs folium, the ``interactive`` extra).
"""

from .base import MAP_CRS
from .maps import plot_routes, plot_scenario, save_png
from .panels import plot_compare, plot_timeline
from .uncertainty import plot_monte_carlo

__all__ = [
    "MAP_CRS",
    "plot_compare",
    "plot_monte_carlo",
    "plot_routes",
    "plot_scenario",
    "plot_timeline",
    "save_png",
]
