"""Scenarios: a date, a mover and what-if overrides (:mod:`.model`); scenario files and the
built-in scenarios (:mod:`.builtin`); names in what-ifs resolved to ids (:mod:`.catalog`)."""

from .builtin import (
    as_scenario,
    as_scenarios,
    builtin_scenarios,
    read_scenario,
    scenario,
    scenarios,
)
from .model import DrawnZone, Scenario

__all__ = [
    "DrawnZone",
    "Scenario",
    "as_scenario",
    "as_scenarios",
    "builtin_scenarios",
    "read_scenario",
    "scenario",
    "scenarios",
]
