#!/usr/bin/env python3
"""Build data/events.geojson (dated, sourced strikes, attacks and seizures) deterministically.

Input:  data/make/events.csv (one row per event; this file is the source of truth)
        --src (default ../shared/data next to the repository): places_geonames.geojson, for the
        town-centre coordinates of rows whose location is "gn:<geonameid>"
        data/places.geojson and data/crossings.geojson of this repository, for "place:<id>" and
        "crossing:<id>" locations
        seeds/ of this repository, to check seed quotes (identical to /work/main/seeds)
Output: data/events.geojson (RFC 7946 FeatureCollection of Points, EPSG:4326, 5 decimals) and a
        self-check plus summary on stdout. Exit status 1 if any check fails.

Run:    /work/main/.venv/bin/python data/make/make_events.py [--src DIR]

Location column of events.csv:
  lonlat:LON,LAT    a published coordinate; coord_source says where it comes from
  gn:ID             GeoNames town centre (CC BY 4.0, geonames.org) from --src
  place:ID          a node of data/places.geojson (its own per-feature source)
  crossing:ID       a crossing of data/crossings.geojson (its own per-feature source)
Optional offset: offset_km with offset_bearing (degrees from north) or offset_toward (another
location); the point is moved that far along the WGS84 geodesic (pyproj.Geod). Used where a
source gives "N km from X" or "N nm WNW of X".
The coordinate's source is appended to each feature's note ("Coordinate: ...").
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path

from pyproj import Geod

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CSV_PATH = HERE / "events.csv"
OUT = REPO / "data" / "events.geojson"
GEOD = Geod(ellps="WGS84")

KINDS = {
    "airstrike", "drone-strike", "missile-strike", "ground-attack", "ambush", "ied", "seizure",
    "ship-seizure", "ship-strike", "airport-strike", "crossing-strike",
}
DOMAINS = {"land", "air", "sea"}
ACTORS = {
    "iran-axis", "syria-gov", "syria-transitional", "iraq-state", "coalition", "sdf", "krg",
    "islamic-state", "jordan", "lebanon-state", "russia", "israel", "turkey", "idlib-opposition",
    "houthis", "unknown",
}
PRECISIONS = {"exact", "town", "approximate"}
CONFIDENCES = {"high", "medium", "low"}
FIRST, LAST = "2017-01-01", "2026-12-01"
PROPS = [
    "id", "date", "kind", "domain", "actor", "attributed", "target", "place",
    "location_precision", "confidence", "source", "quote", "note",
]
ID_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(-[a-z0-9]+)+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_RE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
# Where points may lie. Land and air events: the project region. Sea events may also lie in the
# Mediterranean west to Gibraltar (the Grace 1 seizure) or the Red Sea; both boxes are generous.
REGION = (20.0, 10.0, 60.0, 45.0)  # lon_min, lat_min, lon_max, lat_max
SEA_EXTRA = [(-6.0, 30.0, 37.0, 46.0), (32.0, 12.0, 44.0, 30.0)]  # Mediterranean, Red Sea


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def in_box(lon: float, lat: float, box) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def load_points(path: Path, key: str) -> dict:
    fc = json.loads(path.read_text(encoding="utf-8"))
    return {
        str(f["properties"][key]): (tuple(f["geometry"]["coordinates"][:2]), f["properties"])
        for f in fc["features"]
    }


class Resolver:
    def __init__(self, src: Path):
        self.src = src
        self._gn = None
        self.places = load_points(REPO / "data" / "places.geojson", "id")
        self.crossings = load_points(REPO / "data" / "crossings.geojson", "id")

    @property
    def gn(self) -> dict:
        if self._gn is None:
            self._gn = load_points(self.src / "places_geonames.geojson", "geonameid")
        return self._gn

    def point(self, spec: str) -> tuple[tuple[float, float], str]:
        kind, _, val = spec.partition(":")
        if kind == "lonlat":
            lon, lat = (float(v) for v in val.split(","))
            return (lon, lat), ""
        if kind == "gn":
            (lon, lat), p = self.gn[val]
            return (lon, lat), f"GeoNames {val} ({p['name']}), town centre (CC BY 4.0, geonames.org)"
        if kind == "place":
            (lon, lat), p = self.places[val]
            return (lon, lat), f"data/places.geojson '{val}': {p['source']}"
        if kind == "crossing":
            (lon, lat), p = self.crossings[val]
            return (lon, lat), f"data/crossings.geojson '{val}': {p['source']}"
        raise KeyError(f"unknown location kind {spec!r}")


def resolve(row: dict, res: Resolver) -> tuple[tuple[float, float], str]:
    (lon, lat), auto = res.point(row["location"])
    where = row["coord_source"] or auto
    if row["offset_km"]:
        km = float(row["offset_km"])
        if row["offset_toward"]:
            (tlon, tlat), tsrc = res.point(row["offset_toward"])
            az, _, _ = GEOD.inv(lon, lat, tlon, tlat)
            how = f"towards {row['offset_toward']} ({tsrc})"
        else:
            az = float(row["offset_bearing"])
            how = f"on azimuth {az:g}°"
        lon, lat, _ = GEOD.fwd(lon, lat, az, km * 1000.0)
        where = f"{where}; moved {km:g} km {how} (see note)"
    return (round(lon, 5), round(lat, 5)), where


def build(src: Path) -> tuple[dict, list[str]]:
    errors: list[str] = []
    res = Resolver(src)
    with open(CSV_PATH, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    feats = []
    for i, r in enumerate(rows, start=2):
        w = f"events.csv row {i} ({r.get('id', '?')})"
        try:
            (lon, lat), where = resolve(r, res)
        except (KeyError, ValueError) as exc:
            errors.append(f"{w}: cannot resolve location: {exc}")
            continue
        props = {k: r[k].strip() for k in PROPS if k != "note"}
        note = r["note"].strip()
        props["note"] = (note + " " if note else "") + f"Coordinate: {where}."
        feats.append({
            "type": "Feature",
            "properties": {k: props[k] for k in PROPS},
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        })
    feats.sort(key=lambda f: (f["properties"]["date"], f["properties"]["id"]))
    return {"type": "FeatureCollection", "features": feats}, errors


def check(fc: dict, seeds_dir: Path, errors: list[str]) -> None:
    seed_text: dict[str, str] = {}
    ids = [f["properties"]["id"] for f in fc["features"]]
    for d in sorted({x for x in ids if ids.count(x) > 1}):
        errors.append(f"duplicate id {d}")
    for f in fc["features"]:
        p = f["properties"]
        w = f"event {p['id']}"
        for k in PROPS:
            if k == "attributed":
                continue
            if not p.get(k):
                errors.append(f"{w}: empty {k}")
        if not ID_RE.match(p["id"]):
            errors.append(f"{w}: id is not lower-case-with-dashes starting with a date")
        if not DATE_RE.match(p["date"]):
            errors.append(f"{w}: bad date {p['date']!r}")
        else:
            try:
                dt.date.fromisoformat(p["date"])
            except ValueError:
                errors.append(f"{w}: impossible date {p['date']}")
            if not FIRST <= p["date"] <= LAST:
                errors.append(f"{w}: date {p['date']} outside {FIRST}..{LAST}")
            if not p["id"].startswith(p["date"]):
                errors.append(f"{w}: id does not start with its date")
        for key, allowed in (("kind", KINDS), ("domain", DOMAINS), ("actor", ACTORS),
                             ("location_precision", PRECISIONS), ("confidence", CONFIDENCES)):
            if p[key] not in allowed:
                errors.append(f"{w}: {key} {p[key]!r} not one of {sorted(allowed)}")
        if p["kind"].startswith("ship-") and p["domain"] != "sea":
            errors.append(f"{w}: {p['kind']} must have domain sea")
        if p["kind"] == "airport-strike" and p["domain"] != "air":
            errors.append(f"{w}: airport-strike must have domain air")
        if p["actor"] == "unknown" and not p["attributed"]:
            errors.append(f"{w}: actor unknown but no attribution text")
        lon, lat = f["geometry"]["coordinates"]
        if not (in_box(lon, lat, REGION)
                or (p["domain"] == "sea" and any(in_box(lon, lat, b) for b in SEA_EXTRA))):
            errors.append(f"{w}: coordinate {lon},{lat} outside the region")
        if round(lon, 5) != lon or round(lat, 5) != lat:
            errors.append(f"{w}: coordinate not rounded to 5 decimals")
        src, quote = p["source"], p["quote"]
        if src.startswith("seeds/"):
            path = seeds_dir / src.split("/", 1)[1]
            if not path.exists():
                errors.append(f"{w}: seed file missing {src}")
                continue
            if src not in seed_text:
                seed_text[src] = norm(path.read_text(encoding="utf-8"))
            if norm(quote) not in seed_text[src]:
                errors.append(f"{w}: quote not found verbatim in {src}")
        elif not URL_RE.match(src):
            errors.append(f"{w}: source is neither a seed path nor an http(s) URL: {src!r}")


def road_distances(fc: dict) -> dict[str, float]:
    """Geodesic km from each event to the nearest segment of data/roads.geojson (diagnostic)."""
    import shapely
    from shapely.geometry import Point, shape
    from shapely.ops import nearest_points

    roads = json.loads((REPO / "data" / "roads.geojson").read_text(encoding="utf-8"))
    lines = [shape(f["geometry"]) for f in roads["features"]]
    tree = shapely.STRtree(lines)
    out = {}
    for f in fc["features"]:
        pt = Point(f["geometry"]["coordinates"])
        # candidates: segments within 1 degree (all segments if none), measured geodesically
        idx = tree.query(pt.buffer(1.0))
        cands = sorted(int(j) for j in idx) if len(idx) else list(range(len(lines)))
        best = float("inf")
        for j in cands:
            q = nearest_points(lines[j], pt)[0]
            _, _, d = GEOD.inv(pt.x, pt.y, q.x, q.y)
            best = min(best, d / 1000.0)
        out[f["properties"]["id"]] = best
    return out


def summary(fc: dict) -> None:
    feats = fc["features"]
    print(f"events: {len(feats)}  ({feats[0]['properties']['date']} .. {feats[-1]['properties']['date']})")
    for key in ("domain", "kind", "actor", "location_precision", "confidence"):
        c = collections.Counter(f["properties"][key] for f in feats)
        print(f"  by {key}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    years = collections.Counter(f["properties"]["date"][:4] for f in feats)
    print("  by year: " + ", ".join(f"{k} {v}" for k, v in sorted(years.items())))
    dist = road_distances(fc)
    land = [f for f in feats if f["properties"]["domain"] == "land"]
    for km in (5, 10, 25, 50):
        n = sum(1 for f in land if dist[f["properties"]["id"]] <= km)
        print(f"  land events within {km:>2} km of a network road: {n} of {len(land)}")
    print("\n date        kind             actor               prec.        conf.   road km  id")
    for f in feats:
        p = f["properties"]
        print(f" {p['date']}  {p['kind']:<15}  {p['actor']:<18}  {p['location_precision']:<11}  "
              f"{p['confidence']:<6}  {dist[p['id']]:7.1f}  {p['id']}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=REPO.parent / "shared" / "data",
                    help="shared reference data (default: ../shared/data next to the repository)")
    ap.add_argument("--seeds", type=Path, default=REPO / "seeds", help="seed articles directory")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    fc, errors = build(args.src)
    check(fc, args.seeds, errors)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n"
    args.out.write_text(text, encoding="utf-8")
    # read back and compare (what is on disk is what was checked)
    if json.loads(args.out.read_text(encoding="utf-8")) != fc:
        errors.append("written file differs from the built collection")
    print(f"wrote {args.out} ({len(text.encode('utf-8')):,} bytes)")
    summary(fc)
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nself-check: no problems (ids, enums, dates, region, seed quotes, source URLs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
