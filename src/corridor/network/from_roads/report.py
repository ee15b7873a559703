"""What :func:`corridor.network_from_roads` did: the build report and its warnings."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["BuildWarning", "BuildReport", "timer"]


class BuildWarning(UserWarning):
    """Something in the road data was skipped, dropped or guessed while building a network."""


@dataclass
class BuildReport:
    """What :func:`network_from_roads` did, with counts, for checking a build.

    Stored on the result as ``network.graph.graph["build_report"]``.

    Attributes
    ----------
    source : str
        The road file or "roads GeoDataFrame".
    crs : str
        The CRS of the input roads (reprojected to EPSG:4326 when different).
    features : int
        Road features read.
    skipped : dict
        Features skipped, by reason ("missing geometry", "empty geometry", "not a line: Point",
        "invalid line", "excluded by road class").
    lines : int
        Line parts used (multi-lines are split into their parts).
    segments : int
        Node-to-node segments after noding.
    snapped : pandas.DataFrame
        The connectors added by snapping: lon/lat of both ends and ``km``.
    components : int
        Connected components after snapping.
    largest_share_nodes, largest_share_km : float
        Share (0-1) of nodes and of road km in the largest component.
    dropped : dict
        What was dropped with the smaller components (``retain_all=False``): components,
        nodes, segments, km.
    places : pandas.DataFrame
        One row per place: ``id``, ``node`` (None when dropped), ``km`` to its node.
    crossings : pandas.DataFrame
        One row per crossing node: ``id``, ``known`` (bool), ``countries``, ``km`` from the
        known crossing's coordinate (NaN for generated), ``intersections`` (road-border
        intersections it stands for).
    known_without_road : list of str
        Known crossings no road of the dataset crosses the border near; kept as isolated
        crossing nodes so that scenarios naming them still resolve.
    road_class : str
        Where road classes came from.
    unclassified_km : float
        Road km of class "unclassified" (no class in the source, no reference road): travel
        times on them assume one speed (the TravelModel's speed for "unclassified", an
        ASSUMPTION row of data/freight_defaults.csv).
    informal : pandas.DataFrame
        One row per known informal crossing: ``crossing``, ``track`` (the curated track ids),
        ``added`` and ``start_km``/``end_km`` (how far each end was moved onto a road vertex).
    nodes, edges : int
        Size of the final graph.
    timings : dict
        Seconds spent per step.
    """

    source: str = ""
    crs: str = ""
    features: int = 0
    skipped: dict = field(default_factory=dict)
    lines: int = 0
    segments: int = 0
    snapped: pd.DataFrame = field(default_factory=pd.DataFrame)
    components: int = 0
    largest_share_nodes: float = 1.0
    largest_share_km: float = 1.0
    dropped: dict = field(default_factory=dict)
    places: pd.DataFrame = field(default_factory=pd.DataFrame)
    crossings: pd.DataFrame = field(default_factory=pd.DataFrame)
    known_without_road: list = field(default_factory=list)
    road_class: str = ""
    unclassified_km: float = 0.0
    informal: pd.DataFrame = field(default_factory=pd.DataFrame)
    nodes: int = 0
    edges: int = 0
    timings: dict = field(default_factory=dict)

    def summary(self) -> str:
        """A few lines for humans."""
        skipped = ", ".join(f"{v} {k}" for k, v in self.skipped.items()) or "none"
        placed = int(self.places["node"].notna().sum()) if len(self.places) else 0
        known = int(self.crossings["known"].sum()) if len(self.crossings) else 0
        lines = [
            f"{self.source} ({self.crs}): {self.features} features, skipped: {skipped}",
            f"{self.lines} lines -> {self.segments} segments; {len(self.snapped)} snapped gaps",
            f"{self.components} components; largest {self.largest_share_nodes:.1%} of nodes, "
            f"{self.largest_share_km:.1%} of km",
            f"places attached {placed}/{len(self.places)}; crossings {len(self.crossings)} "
            f"({known} known); known without a road: {', '.join(self.known_without_road) or '-'}",
            f"graph: {self.nodes} nodes, {self.edges} edges; road class from {self.road_class}",
        ]
        if len(self.informal):
            added = self.informal.loc[self.informal["added"].astype(bool), "crossing"]
            lines.append(f"informal crossing tracks added: {', '.join(added) or '-'}")
        if self.unclassified_km:
            lines.append(
                f"{self.unclassified_km:,.0f} road km are 'unclassified' (no class in the source "
                "and no reference road): hours on them assume one speed (the TravelModel's speed "
                "for 'unclassified', an ASSUMPTION of data/freight_defaults.csv)"
            )
        return "\n".join(lines)


def timer(timings: dict, step: str, start: float) -> float:
    now = time.perf_counter()
    timings[step] = timings.get(step, 0.0) + now - start
    return now
