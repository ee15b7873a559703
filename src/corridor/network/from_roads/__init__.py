"""Networks from any road dataset: :func:`network_from_roads` (see :mod:`.pipeline`)."""

from .classes import CLASS_ALIASES, SURFACE_ALIASES
from .pipeline import network_from_roads
from .report import BuildReport, BuildWarning

__all__ = [
    "BuildReport",
    "BuildWarning",
    "CLASS_ALIASES",
    "SURFACE_ALIASES",
    "network_from_roads",
]
