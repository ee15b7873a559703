"""Field schemas of the data layers and of the network's node and edge tables.

One place states which fields each layer has, their types and allowed values, so that
reading, validation and writing agree.
"""

from __future__ import annotations

ROAD_CLASSES = ("motorway", "highway", "primary", "secondary", "track")
SURFACES = ("paved", "dirt")
PLACE_KINDS = ("city", "town", "junction")
CROSSING_KINDS = ("official", "informal")
NODE_KINDS = (*PLACE_KINDS, "crossing", "boundary")
ZONE_KINDS = ("control", "presence", "insurgency", "deconfliction", "security")
CONFIDENCES = ("high", "medium", "low")

# layer -> (geometry types, {field: (type, required, allowed values or None)})
LAYERS: dict[str, tuple[tuple[str, ...], dict[str, tuple[str, bool, tuple[str, ...] | None]]]] = {
    "places": (
        ("Point",),
        {
            "id": ("str", True, None),
            "name": ("str", True, None),
            "country": ("str", True, None),
            "kind": ("str", True, PLACE_KINDS),
            "aliases": ("list", False, None),
            "population": ("int", False, None),
            "geonameid": ("int", False, None),
            "source": ("str", False, None),
        },
    ),
    "crossings": (
        ("Point",),
        {
            "id": ("str", True, None),
            "name": ("str", True, None),
            "kind": ("str", True, CROSSING_KINDS),
            "country_a": ("str", True, None),
            "country_b": ("str", True, None),
            "post_a": ("str", False, None),
            "post_b": ("str", False, None),
            "aliases": ("list", False, None),
            "source": ("str", False, None),
            "note": ("str", False, None),
        },
    ),
    "roads": (
        ("LineString",),
        {
            "id": ("str", True, None),
            "road_class": ("str", True, ROAD_CLASSES),
            "surface": ("str", True, SURFACES),
            "road": ("str", False, None),
            "u": ("str", False, None),
            "v": ("str", False, None),
            "source": ("str", False, None),
        },
    ),
    "zones": (
        ("Polygon", "MultiPolygon"),
        {
            "id": ("str", True, None),
            "actor": ("str", True, None),
            "kind": ("str", True, ZONE_KINDS),
            "valid_from": ("date", True, None),
            "valid_to": ("date", False, None),
            "confidence": ("str", True, CONFIDENCES),
            "source": ("str", True, None),
            "quote": ("str", True, None),
            "name": ("str", False, None),
            "shape_note": ("str", False, None),
        },
    ),
}

# Node and edge attributes of the network graph (besides geometry), with their types.
NODE_FIELDS: dict[str, str] = {
    "name": "str",
    "kind": "str",
    "country": "str",
    "aliases": "list",
    "population": "int",
    "geonameid": "int",
    "crossing_kind": "str",
    "country_a": "str",
    "country_b": "str",
    "post_a": "str",
    "post_b": "str",
    "source": "str",
    "note": "str",
}
EDGE_FIELDS: dict[str, str] = {
    "id": "str",
    "road_id": "str",
    "road": "str",
    "road_class": "str",
    "surface": "str",
    "country": "str",
    "length_km": "float",
    "zones": "list",
    "source": "str",
}
