"""Names in what-if arguments resolved to ids: actors, crossings and zones, checked against
the bundled data or against a given network (its control data, crossings and zones)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .._bundled import bundled_data_dir
from ..names import NameIndex

if TYPE_CHECKING:
    from ..control import Control

__all__ = ["bundled_control", "catalog_resolve"]


@lru_cache(maxsize=1)
def bundled_control() -> Control:
    """The bundled control tables (read once; pandas loads only now)."""
    from ..control import load_control

    return load_control()


@lru_cache(maxsize=1)
def _catalog() -> dict[str, NameIndex]:
    """Name indexes of the bundled crossings and zones (for what-if arguments)."""
    from ..layers import read_layer  # geopandas: only when a what-if names something

    crossings = read_layer(bundled_data_dir(), "crossings")
    zones = read_layer(bundled_data_dir(), "zones")
    return {
        "crossing": NameIndex(
            ((r.id, r.name, r.aliases or ()) for r in crossings.itertuples()), what="crossing"
        ),
        "zone": NameIndex(((r.id, r.name or r.id, ()) for r in zones.itertuples()), what="zone"),
    }


def catalog_resolve(kind: str, name: str, network: Any = None) -> str:
    """Id of an actor, crossing or zone: checked against ``network`` when given (its control
    data, crossings and zones), else against the bundled data."""
    if kind == "actor":
        control = network.control if network is not None else bundled_control()
        return control.actor_id(name)
    if network is None:
        return _catalog()[kind].resolve(name)
    if kind == "crossing":
        return network.crossing_id(name)
    zones = network.zone_table
    names = () if zones is None else zip(zones["id"], zones["name"].fillna(zones["id"]))
    return NameIndex(((z, n, ()) for z, n in names), what="zone").resolve(name)
