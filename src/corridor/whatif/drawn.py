"""Control zones drawn by hand for a what-if (:class:`DrawnZone`), from Shapely or GeoPandas
geometries or a scenario file's ``[[zones.added]]`` tables; EPSG:4326, as WKT."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .._checks import check_choice
from .._schema import ZONE_KINDS
from ..errors import ScenarioError

__all__ = ["DrawnZone", "drawn_zone", "zone_wkt"]


@dataclass(frozen=True)
class DrawnZone:
    """A control zone drawn by hand for a what-if (EPSG:4326 geometry as WKT).

    It affects every edge it intersects, wholly (edges were not split on its boundary).
    """

    name: str
    actor: str
    kind: str
    wkt: str

    def __post_init__(self) -> None:
        import shapely

        if not all(isinstance(v, str) and v for v in (self.name, self.actor, self.wkt)):
            raise ScenarioError(f"DrawnZone: name, actor and wkt must be non-empty text: {self}")
        check_choice("zone kind", self.kind, ZONE_KINDS, error=ScenarioError)
        try:
            geom = shapely.from_wkt(self.wkt)
        except shapely.errors.GEOSException as exc:
            raise ScenarioError(f"DrawnZone {self.name!r}: wkt is not WKT ({exc})") from None
        if shapely.get_type_id(geom) not in (3, 6) or not geom.area > 0:
            raise ScenarioError(f"DrawnZone {self.name!r}: wkt must be a polygon with an area")

    @property
    def geometry(self) -> Any:
        """The zone as a Shapely (multi)polygon."""
        import shapely

        return shapely.from_wkt(self.wkt)


def zone_wkt(geometry: Any, what: str) -> str:
    """One (multi)polygon in EPSG:4326, as WKT to 6 decimals (about 0.1 m), from a Shapely
    geometry (taken as lon/lat), a GeoSeries or a GeoDataFrame (any CRS; all rows merged)."""
    import shapely

    if hasattr(geometry, "geometry") and hasattr(geometry, "crs"):  # GeoSeries / GeoDataFrame
        series = geometry.geometry
        if series.crs is not None and series.crs.to_epsg() != 4326:
            series = series.to_crs("EPSG:4326")
        geom = shapely.union_all(series.values)
    elif isinstance(geometry, shapely.Geometry):
        geom = geometry
    else:
        raise ScenarioError(
            f"{what}: expected a Shapely polygon, a GeoSeries or a GeoDataFrame, got "
            f"{type(geometry).__name__}"
        )
    if geom is None or geom.is_empty:
        raise ScenarioError(f"{what}: the geometry is empty")
    if not all(map(math.isfinite, shapely.get_coordinates(geom).ravel().tolist())):
        raise ScenarioError(f"{what}: the geometry has NaN or infinite coordinates")
    geom = shapely.make_valid(geom)
    polys = [g for g in shapely.get_parts(geom) if shapely.get_type_id(g) in (3, 6)]
    if not polys:
        raise ScenarioError(f"{what}: the geometry must be a polygon, got {geom.geom_type}")
    geom = shapely.union_all(polys)
    x0, y0, x1, y1 = geom.bounds
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise ScenarioError(
            f"{what}: coordinates {geom.bounds} are not longitude/latitude; pass a GeoSeries "
            "with its CRS (it is reprojected) or a Shapely geometry in EPSG:4326"
        )
    wkt = shapely.to_wkt(geom, rounding_precision=6)
    if not shapely.from_wkt(wkt).area > 0:  # what the scenario file will hold, read back
        raise ScenarioError(f"{what}: the zone is too small (no area at 6 decimals of a degree)")
    return wkt


def drawn_zone(z: Any, i: int, where: str) -> DrawnZone:
    """A drawn zone from a scenario file's ``[[zones.added]]`` table."""
    import shapely

    label = f"{where}: zones.added[{i}]"
    if not isinstance(z, dict) or set(z) - {"name", "actor", "kind", "geometry"}:
        raise ScenarioError(f"{label} must be a table of name, actor, kind, geometry")
    for key in ("actor", "geometry"):
        if not isinstance(z.get(key), str):
            raise ScenarioError(f"{label}: {key} must be text, got {z.get(key)!r}")
    if not isinstance(z.get("name", ""), str):
        raise ScenarioError(f"{label}: name must be text, got {z['name']!r}")
    kind = z.get("kind", "control")
    check_choice(f"zone kind in {label}", kind, ZONE_KINDS, error=ScenarioError)
    try:
        geom = shapely.from_wkt(z["geometry"])
    except shapely.errors.GEOSException as exc:
        raise ScenarioError(f"{label}: geometry is not WKT ({exc})") from None
    wkt = zone_wkt(geom, label)
    return DrawnZone(str(z.get("name") or f"drawn-{i + 1}"), z["actor"], kind, wkt)
