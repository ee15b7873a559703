"""Derive data/osm-highways/roads.geojson from the shared OSM-derived highway layer.

Input: ``<src>/roads.geojson`` (scgraph_data 2.0.0 ``world_highways``, OpenStreetMap derived,
ODbL 1.0; see that folder's PROVENANCE.md; ``--src`` defaults to ``../shared/data`` beside the
repository) and the bundled ``data/countries.geojson``.
Output: the roads clipped to Iran west of 52.5°E, Iraq, Syria and Lebanon (the curated network's
countries), coordinates rounded to 1e-5 degrees, properties ``id`` and ``graph_km``, written as
compact GeoJSON (RFC 7946). Deterministic: two runs give identical bytes.

Run from the repository root::

    python data/osm-highways/make_osm_highways.py [--src ../shared/data]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_SRC = REPO.parent / "shared" / "data"
COUNTRIES = ("IRN", "IRQ", "SYR", "LBN")
LON_MAX = 52.5


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--src",
        default=str(DEFAULT_SRC),
        help="folder with the shared reference layers (default: ../shared/data beside the repository)",
    )
    args = ap.parse_args()
    roads = gpd.read_file(Path(args.src) / "roads.geojson")
    countries = gpd.read_file(REPO / "data" / "countries.geojson").set_index("adm0_a3")
    area = shapely.intersection(
        shapely.union_all(countries.loc[list(COUNTRIES)].geometry.values),
        shapely.box(-180, -90, LON_MAX, 90),
    )
    shapely.prepare(area)
    geoms = roads.geometry.values
    inside = shapely.contains(area, geoms)
    clipped = np.where(inside, geoms, shapely.intersection(geoms, area))
    clipped = shapely.set_precision(clipped, 1e-5)
    keep = ~shapely.is_empty(clipped)
    out = roads.loc[keep, ["id", "graph_km"]].copy()
    out["graph_km"] = np.where(inside[keep], out["graph_km"], np.nan)  # clipped: no longer valid
    out = gpd.GeoDataFrame(out, geometry=clipped[keep], crs="EPSG:4326")
    parts = out.explode(index_parts=True)
    parts = parts[parts.geom_type == "LineString"]
    part_no = parts.index.get_level_values(1)
    several = parts.index.get_level_values(0).duplicated(keep=False)
    parts["id"] = np.where(several, parts["id"] + "#p" + (part_no + 1).astype(str), parts["id"])
    parts = parts.reset_index(drop=True)
    features = [
        {
            "type": "Feature",
            "properties": {
                "id": i,
                "graph_km": None if not np.isfinite(g) else round(float(g), 3),
            },
            "geometry": {
                "type": "LineString",
                "coordinates": [
                    [round(x, 5), round(y, 5)] for x, y in shapely.get_coordinates(geom)
                ],
            },
        }
        for i, g, geom in zip(parts["id"], parts["graph_km"].astype(float), parts.geometry)
    ]
    doc = {
        "type": "FeatureCollection",
        "name": "osm-highways",
        "attribution": "© OpenStreetMap contributors (ODbL 1.0), via scgraph_data 2.0.0 world_highways",
        "features": features,
    }
    target = HERE / "roads.geojson"
    target.write_text(json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n", "utf-8")
    print(f"{target}: {len(features)} lines from {len(roads)} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
