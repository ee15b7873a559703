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


# ----------------------------------------------------------------------------- a chain world
# Three countries in a row for freight and interdiction tests: AAA lon 0-1, BBB 1-2, CCC 2-3
# (lat 0-1). Three crossings on the AAA-BBB border (one informal), two on BBB-CCC; a1 in AAA,
# b1 and b2 in BBB, c1 in CCC; every crossing open from 2017 on. Known answers are worked out
# in the tests.

CHAIN_CROSSINGS = [
    ("ab-1", "official", (1.0, 0.2), "AAA", "BBB"),
    ("ab-2", "official", (1.0, 0.5), "AAA", "BBB"),
    ("ab-3", "informal", (1.0, 0.8), "AAA", "BBB"),
    ("bc-1", "official", (2.0, 0.3), "BBB", "CCC"),
    ("bc-2", "official", (2.0, 0.7), "BBB", "CCC"),
]
CHAIN_PLACES = [
    ("a1", "Aleph", "AAA", "city", (0.3, 0.5)),
    ("b1", "Bet", "BBB", "town", (1.5, 0.3)),
    ("b2", "Gimel", "BBB", "town", (1.5, 0.7)),
    ("c1", "Dalet", "CCC", "city", (2.7, 0.5)),
]
CHAIN_ROADS = [
    ("a1", "ab-1"), ("a1", "ab-2"), ("a1", "ab-3"), ("ab-1", "b1"), ("ab-2", "b1"),
    ("ab-2", "b2"), ("ab-3", "b2"), ("b1", "b2"), ("b1", "bc-1"), ("b2", "bc-2"),
    ("b1", "bc-2"), ("bc-1", "c1"), ("bc-2", "c1"),
]  # fmt: skip


def chain_layers(classes: list[str] | None = None) -> dict[str, dict]:
    """The chain world's layers; ``classes`` gives each road's class (default: highway),
    in the order of CHAIN_ROADS; "track" roads are dirt."""
    classes = classes or ["highway"] * len(CHAIN_ROADS)
    xy = {i: p for i, _, _, _, p in CHAIN_PLACES} | {i: p for i, _, p, _, _ in CHAIN_CROSSINGS}
    boxes = [("AAA", 0, 1), ("BBB", 1, 2), ("CCC", 2, 3)]
    return {
        "countries": collection(
            [feature(box(x0, 0, x1, 1), iso_a3=c, adm0_a3=c, name=c) for c, x0, x1 in boxes]
        ),
        "borders": collection(
            [
                feature(line((1, 0), (1, 1)), adm0_a3_l="AAA", adm0_a3_r="BBB"),
                feature(line((2, 0), (2, 1)), adm0_a3_l="BBB", adm0_a3_r="CCC"),
            ]
        ),
        "places": collection(
            [
                feature(point(*p), id=i, name=n, country=c, kind=k, aliases=[])
                for i, n, c, k, p in CHAIN_PLACES
            ]
        ),
        "crossings": collection(
            [
                feature(
                    point(*p), id=i, name=i.upper(), kind=k, country_a=a, country_b=b, aliases=[]
                )
                for i, k, p, a, b in CHAIN_CROSSINGS
            ]  # fmt: skip
        ),
        "roads": collection(
            [
                feature(
                    line(xy[u], xy[v]),
                    id=f"{u}--{v}",
                    u=u,
                    v=v,
                    road=f"{u}-{v} road",
                    road_class=c,
                    surface="dirt" if c == "track" else "paved",
                )
                for (u, v), c in zip(CHAIN_ROADS, classes)
            ]  # fmt: skip
        ),
        "zones": collection(
            [
                feature(
                    box(1.1, 0.0, 1.9, 0.45),  # the south of BBB: b1 and its roads
                    id="z-south",
                    actor="hostile",
                    kind="insurgency",
                    valid_from="2017-01-01",
                    valid_to=None,
                    confidence="high",
                    source="https://example.org/synthetic",
                    quote="synthetic",
                )
            ]
        ),
    }


def write_chain(folder: Path, classes: list[str] | None = None) -> Path:
    """Write the chain world (layers and control: mover "walker", every crossing open)."""
    write(folder, chain_layers(classes))
    rows = [
        f"{i},open,2017-01-01,,high,https://example.org/s,synthetic," for i, *_ in CHAIN_CROSSINGS
    ]
    (folder / "crossing_status.csv").write_text(
        CROSSING_STATUS.splitlines()[0] + "\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return folder
