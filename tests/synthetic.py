"""A small synthetic world for tests: two countries, a border, two crossings, a few roads.

Country AAA is the box lon 0-1, BBB the box lon 1-2 (lat 0-1). Places a1, a2 lie in AAA,
b1, b2 in BBB. The crossings x-south (lat 0.3) and x-north (lat 0.7) sit on the border.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path


def feature(geometry: dict, **props) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def point(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [x, y]}


def line(*xy: tuple[float, float]) -> dict:
    return {"type": "LineString", "coordinates": [list(p) for p in xy]}


def box(x0, y0, x1, y1) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
    }


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


PLACES = [
    ("a1", "Alpha", "AAA", "city", (0.2, 0.5), ["Al-Pha", "Alfa"]),
    ("a2", "Anah Minor", "AAA", "town", (0.6, 0.3), []),
    ("b1", "Beta", "BBB", "city", (1.8, 0.5), ["Bêta"]),
    ("b2", "Bravo", "BBB", "town", (1.4, 0.7), []),
]
CROSSINGS = [
    ("x-south", "Southgate", "official", (1.0, 0.3)),
    ("x-north", "Northgate", "official", (1.0, 0.7)),
]
ROADS = [
    # id, u, v, coordinates, class, surface
    ("r1", "a1", "a2", [(0.2, 0.5), (0.4, 0.35), (0.6, 0.3)], "highway", "paved"),
    ("r2", "a2", "x-south", [(0.6, 0.3), (1.0, 0.3)], "highway", "paved"),
    ("r3", "x-south", "b1", [(1.0, 0.3), (1.5, 0.4), (1.8, 0.5)], "highway", "paved"),
    ("r4", "a1", "x-north", [(0.2, 0.5), (0.6, 0.7), (1.0, 0.7)], "primary", "paved"),
    ("r5", "x-north", "b2", [(1.0, 0.7), (1.4, 0.7)], "primary", "paved"),
    ("r6", "b2", "b1", [(1.4, 0.7), (1.8, 0.5)], "secondary", "dirt"),
]


def layers() -> dict[str, dict]:
    """The synthetic layers as GeoJSON dicts (fresh copies, safe to mutate)."""
    return copy.deepcopy(
        {
            "countries": collection(
                [
                    feature(box(0, 0, 1, 1), iso_a3="AAA", adm0_a3="AAA", name="Aland"),
                    feature(box(1, 0, 2, 1), iso_a3="BBB", adm0_a3="BBB", name="Bland"),
                ]
            ),
            "borders": collection(
                [feature(line((1, 0), (1, 1)), adm0_a3_l="AAA", adm0_a3_r="BBB")]
            ),
            "places": collection(
                [
                    feature(point(*xy), id=i, name=n, country=c, kind=k, aliases=a)
                    for i, n, c, k, xy, a in PLACES
                ]
            ),
            "crossings": collection(
                [
                    feature(
                        point(*xy),
                        id=i,
                        name=n,
                        kind=k,
                        country_a="AAA",
                        country_b="BBB",
                        post_a=n + " A",
                        post_b=n + " B",
                        aliases=[],
                    )
                    for i, n, k, xy in CROSSINGS
                ]
            ),
            "roads": collection(
                [
                    feature(line(*xy), id=i, u=u, v=v, road="R" + i[1:], road_class=c, surface=s)
                    for i, u, v, xy, c, s in ROADS
                ]
            ),
            "zones": collection(
                [
                    # covers the middle of r3 only: lon 1.2-1.6
                    feature(
                        box(1.2, 0.0, 1.6, 0.6),
                        id="z-mid",
                        actor="hostile",
                        kind="control",
                        valid_from="2017-01-01",
                        valid_to=None,
                        confidence="high",
                        source="https://example.org/synthetic",
                        quote="synthetic",
                    )
                ]
            ),
        }
    )


def write(folder: Path, data: dict[str, dict] | None = None) -> Path:
    """Write the layers (default: the synthetic ones) as GeoJSON files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, doc in (data or layers()).items():
        (folder / f"{name}.geojson").write_text(json.dumps(doc), encoding="utf-8")
    return write_control(folder)


ACTORS = [
    {
        "id": "friend",
        "name": "Friendly Force",
        "aliases": ["FF", "Friends"],
        "source": "https://example.org/s",
        "quote": "synthetic",
    },
    {
        "id": "hostile",
        "name": "Hostile Force",
        "aliases": ["HF"],
        "source": "https://example.org/s",
        "quote": "synthetic",
    },
]
STANCES = """mover,actor,zone_kind,stance,factor,risk,source,quote
walker,friend,*,passable,1.0,0.0,https://example.org/s,synthetic
walker,hostile,*,denied,1.0,0.0,https://example.org/s,synthetic
walker,hostile,insurgency,contested,1.5,1.0,https://example.org/s,synthetic
"""
CROSSING_STATUS = """crossing,status,valid_from,valid_to,confidence,source,quote,note
x-north,closed,2017-01-01,2018-01-01,high,https://example.org/s,synthetic,
x-north,open,2018-01-01,,high,https://example.org/s,synthetic,
x-south,open,2017-01-01,,high,https://example.org/s,synthetic,
"""


def write_control(folder: Path) -> Path:
    """Write synthetic actors, stances (mover "walker") and crossing status into ``folder``."""
    (folder / "actors.json").write_text(json.dumps(ACTORS), encoding="utf-8")
    (folder / "stances.csv").write_text(STANCES, encoding="utf-8")
    (folder / "crossing_status.csv").write_text(CROSSING_STATUS, encoding="utf-8")
    return folder
