"""Land, air and sea: mode legs, their data, and the comparison of modes.

- :mod:`corridor.modes.data`: airports, ports, aircraft, vessels, services, airspace and
  chokepoints, read and checked;
- :mod:`corridor.modes.paths`: sea paths (searoute) and great circles, in km and nm;
- :mod:`corridor.modes.compare`: :func:`compare_modes`.
"""

from .compare import Leg, ModeOption, compare_modes
from .data import ModeData, bundled_mode_data, load_mode_data
from .paths import SeaPath, air_path, sea_path

__all__ = [
    "Leg",
    "ModeOption",
    "compare_modes",
    "ModeData",
    "bundled_mode_data",
    "load_mode_data",
    "SeaPath",
    "air_path",
    "sea_path",
]
