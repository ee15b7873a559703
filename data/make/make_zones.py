#!/usr/bin/env python3
"""Build data/zones.geojson (dated control-assumption polygons) deterministically, and check the
control tables that go with it.

Inputs (read only):
  SRC/countries.geojson   Natural Earth 10m-derived country polygons
  SRC/rivers.geojson      Natural Earth rivers (Euphrates = "Al Furat" in Syria)
  SRC/lakes.geojson       Natural Earth lakes (Lake Assad)
  hand vertices and geodesic buffers written below (every one is explained in its shape_note)
  data/crossings.geojson  (only for the self-check that the al-Qaim security zones cover the
                          Iraqi side of the three Albukamal crossings)
SRC is the shared reference-data folder, given with --src; by default ../shared/data relative to
the repository root (computed from this script's path).

Run:  python data/make/make_zones.py [--src FOLDER]   (from the repository root or anywhere)
Output: data/zones.geojson (EPSG:4326, 5 decimals) and a self-check + summary table on stdout.
The self-check verifies the zones (geometry valid, ids unique, enums and dates well formed,
seed quotes verbatim, other sources http(s) URLs) and the tables next to them: actors.json,
stances.csv (schema, enums, no overlapping rows for one (mover, actor, zone_kind), the "*" rows
of every mover and actor covering the data window with no gap), crossing_status.csv (every
crossing covered from the window start, open-ended, no gap or overlap) and coverage.toml.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import tomllib
from pyproj import CRS, Geod, Transformer
from shapely.geometry import LineString, Point, Polygon, mapping
from shapely.ops import polygonize, unary_union

REPO = Path(__file__).resolve().parents[2]
_parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
_parser.add_argument(
    "--src",
    type=Path,
    default=REPO.parent / "shared" / "data",
    help="folder with countries.geojson, rivers.geojson, lakes.geojson "
    "(default: ../shared/data relative to the repository root)",
)
ARGS = _parser.parse_args()
SHARED = ARGS.src.resolve()
for _name in ("countries.geojson", "rivers.geojson", "lakes.geojson"):
    if not (SHARED / _name).exists():
        sys.exit(f"--src {SHARED}: {_name} not found")
OUT = REPO / "data" / "zones.geojson"
GEOD = Geod(ellps="WGS84")

# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def aeqd(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return fwd, inv


def gbuf(geom, km: float, resolution: int = 32):
    """Buffer a lon/lat geometry by `km` kilometres in an azimuthal-equidistant projection
    centred on the geometry (distances from the centre are exact geodesics; for the <300 km
    extents used here the error elsewhere is well under 1 %)."""
    c = geom.centroid
    fwd, inv = aeqd(c.x, c.y)

    def _f(t):
        return lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1]))

    g = shapely.transform(geom, _f(fwd)).buffer(km * 1000.0, resolution)
    return shapely.transform(g, _f(inv))


def geodesic_circle(lon: float, lat: float, km: float, n: int = 128) -> Polygon:
    """Exact geodesic circle: n points at distance km on azimuths 0..360 (pyproj Geod.fwd)."""
    pts = []
    for i in range(n):
        az = 360.0 * i / n
        x, y, _ = GEOD.fwd(lon, lat, az, km * 1000.0)
        pts.append((x, y))
    return Polygon(pts)


def area_km2(geom) -> float:
    if geom.is_empty:
        return 0.0
    a, _ = GEOD.geometry_area_perimeter(geom)
    return abs(a) / 1e6


def clean(geom, simplify_deg: float = 0.0):
    if simplify_deg:
        geom = geom.simplify(simplify_deg, preserve_topology=True)
    geom = shapely.make_valid(geom)
    geom = shapely.set_precision(geom, 1e-5)
    geom = shapely.make_valid(geom)
    # keep polygonal parts only, drop slivers below ~0.01 km2
    polys = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and area_km2(p) > 0.01]
    if not polys:
        return Polygon()
    if len(polys) == 1:
        return polys[0]
    return shapely.MultiPolygon(polys)


# --------------------------------------------------------------------------------------
# base layers
# --------------------------------------------------------------------------------------
countries = gpd.read_file(SHARED / "countries.geojson").set_index("adm0_a3").geometry
IRQ, SYR, LBN, JOR, IRN, ISR = (countries[k] for k in ("IRQ", "SYR", "LBN", "JOR", "IRN", "ISR"))

rivers = gpd.read_file(SHARED / "rivers.geojson")
lakes = gpd.read_file(SHARED / "lakes.geojson")
euph = unary_union(list(rivers[rivers["name"].isin(["Al Furat", "Euphrates"])].geometry))
assad = lakes[lakes["name"] == "Buhayrat al-Assad"].geometry.iloc[0]

# Split Syria along the Euphrates (plus the Lake Assad shore) into the left/north-east bank
# ("Jazira") and the right/south-west bank ("Shamiyah").
_splitter = unary_union([SYR.boundary, euph.intersection(SYR.buffer(0.05)), assad.boundary])
_faces = [f for f in polygonize(_splitter) if SYR.contains(f.representative_point())]
HASAKAH = Point(40.7477, 36.5024)
JAZIRA = unary_union([f for f in _faces if f.contains(HASAKAH)])
if JAZIRA.is_empty or not JAZIRA.contains(Point(40.8314, 34.6951)):  # Hajin, left bank
    sys.exit("Euphrates split failed: Jazira face not found")
SHAMIYAH = SYR.difference(JAZIRA)
# Between Deir ez-Zor and Albukamal the river was the front line and the main road runs on the
# right (west) bank, but both the NE river line and the road geometry are generalised: the road
# strays across the river line by up to ~2 km. Left-bank zones there therefore start 3 km east of
# the river line (the strip goes to the right-bank holder), so the right-bank road is not counted
# as left-bank territory.
RIVER_MARGIN = gbuf(euph.intersection(shapely.box(40.0, 34.3, 41.2, 35.4)), 3)
JAZIRA_HELD = JAZIRA.difference(RIVER_MARGIN)

# --------------------------------------------------------------------------------------
# key points (lon, lat). Towns from places_geonames / populated_places (shared data).
# --------------------------------------------------------------------------------------
TANF_GARRISON = (38.61778, 33.50583)  # en.wikipedia "Al-Tanf" coordinates (mirrored at wikizero)
TANF_CROSSING = (38.9374, 33.4332)  # en.wikipedia "Al Waleed border crossing" coordinates
ALBUKAMAL = (40.9185, 34.4523)
AL_QAIM = (40.9894, 34.3925)
HUSAYBAH = (40.945, 34.405)  # Iraqi border town at the official crossing (approx.)
UBAYDI = (41.10, 34.37)  # approx., east of al-Qaim on the Euphrates road
RAWAH = (41.919, 34.4823)
ANAH = (41.9819, 34.3686)
TADMUR = (38.284, 34.5624)
MOSUL = (43.1189, 36.335)
TAL_AFAR = (42.4498, 36.376)
RAQQA = (39.00788, 35.95283)  # places.geojson (GeoNames)
# Albukamal crossings as in data/crossings.geojson (official: OSM highway meets the NE border;
# bypasses: schematic positions after seed 001)
CROSS_OFFICIAL = (40.96807, 34.40512)
CROSS_BYPASS_N = (40.93225, 34.38523)
CROSS_BYPASS_S = (40.87831, 34.37324)
# north-west Syria (GeoNames cities5000 points in SRC/places_geonames.geojson), used to place the
# hand vertices of the Idlib and Turkish-held zones (the vertices themselves are drawings)
AFRIN = (36.86954, 36.51194)
AL_BAB = (37.5157, 36.37051)
JARABULUS = (38.01111, 36.8175)
SARAQIB = (36.80591, 35.86447)
JISR_SHUGHUR = (36.31983, 35.81418)
KHAN_SHAYKHUN = (36.65095, 35.44208)
MURAK = (36.6897, 35.37615)

# --------------------------------------------------------------------------------------
# sources (URLs are the stored public pages the quotes were transcribed from)
# --------------------------------------------------------------------------------------
S000 = "seeds/000_5a8722b901af8e55.txt"
S001 = "seeds/001_bbd7bbf6f6324ae4.txt"
S002 = "seeds/002_496288ffdaaeab83.txt"
S003 = "seeds/003_d468e6ed55626bef.txt"
S004 = "seeds/004_33f60d6302abf373.txt"

U_GLOBALSEC = "https://www.globalsecurity.org/military/facility/tanf.htm"
U_MOSUL = (
    "https://www.usatoday.com/story/news/world/2017/07/10/iraqi-forces-have-retaken-mosul-u-s-"
    "backed-coalition-confirms/465022001/"
)
U_TALAFAR = "https://en.wikipedia.org/wiki/Battle_of_Tal_Afar_(2017)"
U_QAIM_AFP = (
    "http://www.dailymail.co.uk/wires/afp/article-5047509/"
    "Iraq-forces-retake-town-Al-Qaim-IS-jihadists-PM.html"
)
U_RAWAH = (
    "https://www.warsintheworld.com/index.php/2017/11/18/"
    "iraq-iraqi-forces-retake-last-town-under-islamic-state-is-control/"
)
U_PALMYRA = (
    "http://archinect.com/news/article/149995140/"
    "palmyra-recaptured-from-isis-first-photos-show-level-of-destruction"
)
U_DEZ_SIEGE = "https://en.muraselon.com/?p=4193"
U_MEES = (
    "https://www.mees.com/2018/3/9/geopolitical-risk/syrias-eastern-oil-fields-the-post-war-end-game/"
    "37e0d410-23b5-11e8-8b9b-efdc1996ff6f"
)
U_BAGHUZ = "http://www.bssnews.net/?p=185133"
U_SDF_2026 = (
    "https://www.perthnow.com.au/news/conflict/"
    "syrian-army-us-backed-kurdish-forces-agree-ceasefire-c-21349052"
)
U_HASAKAH_2026 = (
    "https://img2-cdn.newser.com/story/382146/syrian-troops-sweep-into-kurdish-held-areas.html"
)
U_ETV_2026 = (
    "https://www.etvbharat.com/en/international/"
    "syrian-government-announces-a-ceasefire-with-the-kurdish-led-syrian-democratic-forces-enn26011900467"
)
U_DROPSITE = "https://www.dropsitenews.com/p/euphrates-river-becomes-the-last"
U_RABIA_2017 = (
    "http://www.inform.kz/en/iraqi-forces-take-control-of-border-crossing-with-syria_a3076357"
)
U_SEMALKA = "https://wikisum.wiki/wiki/Semalka_Border_Crossing"
U_AFP_QAIM_2019 = (
    "https://today.thefinancialexpress.com.bd/world/"
    "iraq-syria-reopen-major-border-crossing-1569858552?amp=true"
)
U_KATAEB_MASNAA = "https://en.kataeb.org/articles/israeli-airstrike-severs-key-escape-route-near-lebanon-syria-border"
U_TALAFAR_2017 = "http://iqnews.org/index.php?do=view&type=news&id=8595"
U_ANAH_2017 = "http://china.org.cn/world/Off_the_Wire/2017-09/22/content_41628135.htm"
U_RAQQA_2017 = (
    "https://www.shafaq.com/en/Middle-East/SDF-marks-8-years-since-Raqqa-s-liberation-Terrorism-will-never-return"
)
U_ANBAR_IS = (
    "https://www.aljazeera.com/news/2018/10/31/iraq-looks-to-snuff-out-isil-remnants-in-remote-anbar-province"
)
U_ISRAEL_SYRIA = (
    "https://www.jpost.com/arab-israeli-conflict/israel-struck-over-200-iranian-targets-in-syria-over-past-year-566487"
)
U_ISRAEL_LEBANON = "https://tribune.net.ph/2024/10/04/israel-strikes-syria-road-cuts-off-lebanon"
U_ISRAEL_QAIM = (
    "https://www.aljazeera.com/news/2019/8/25/iraq-paramilitary-israel-behind-drone-attack-near-syria-border"
)
U_ISRAEL_BUFFER = "https://www.shafaq.com/en/World/Israel-strikes-Hamas-weapons-depot-in-southern-Syria"
U_EUPHRATES_SHIELD = "https://www.trtworld.com:443/article/13089167"
U_AFRIN = "https://owiki.org/wiki/Afrin_offensive"
U_PEACE_SPRING = "https://www.wiki3.en-us.nina.az/2019_Turkish_offensive_into_north-eastern_Syria.html"
U_HTS_2017 = "https://sputniknews.com/middleeast/201805311064983950-us-nusra-terrorists-sanctions/"
U_M4_2020 = "https://www.hurriyetdailynews.com/turkey-russia-hold-11th-joint-patrol-in-idlib-154752"

Q_DECONF = (
    "The US established a \u201cdeconfliction zone\u201d in the area that spans about 55 kilometers "
    "around the base."
)

# --------------------------------------------------------------------------------------
# hand-drawn / buffered geometries
# --------------------------------------------------------------------------------------
# Islamic State, eastern Syria, early 2017 (outer envelope). Drawn by hand: from the SDF line north of
# the Euphrates valley (Raqqa to the Khabur south of al-Shaddadi) to the Iraqi border, down the border to
# the desert north of the al-Tanf 55 km zone, west to about 25 km east of Palmyra and north across
# Jabal Bishri back to Raqqa. Clipped to Syria.
IS_EAST_OUTER = Polygon(
    [
        (38.90, 36.02),
        (39.30, 36.06),
        (39.90, 35.96),
        (40.45, 35.85),
        (40.80, 35.70),
        (41.25, 35.55),
        (41.45, 35.50),
        (41.45, 34.30),
        (41.00, 34.15),
        (40.20, 33.92),
        (39.50, 33.97),
        (39.00, 34.07),
        (38.60, 34.25),
        (38.55, 34.45),
        (38.60, 34.95),
        (38.70, 35.40),
        (38.75, 35.75),
        (38.90, 36.02),
    ]
).intersection(SYR)
# Central desert part (Palmyra east - al-Sukhnah - Deir ez-Zor road belt), retaken by the SAA by the
# breaking of the Deir ez-Zor siege (5 Sep 2017).
IS_CENTRAL_HAND = Polygon(
    [
        (38.50, 34.20),
        (39.20, 34.20),
        (39.90, 34.90),
        (40.12, 35.22),
        (39.95, 35.45),
        (39.30, 35.58),
        (38.60, 35.55),
        (38.50, 34.20),
    ]
)
IS_CENTRAL = IS_EAST_OUTER.intersection(IS_CENTRAL_HAND)
IS_VALLEY = IS_EAST_OUTER.difference(IS_CENTRAL_HAND)

IS_PALMYRA = gbuf(Point(TADMUR), 25).intersection(SYR)

# Middle-Euphrates pocket on the left bank (Hajin to Baghuz), held by IS until 23 Mar 2019:
# 12 km buffer of the river between lat 34.42 and 34.80, left (Jazira) bank only.
_seg = euph.intersection(shapely.box(40.6, 34.42, 41.05, 34.80))
IS_HAJIN = gbuf(_seg, 12).intersection(JAZIRA_HELD)

# Islamic State insurgency belt, Syrian desert west of the Euphrates from Albukamal to Palmyra.
# Hand polygon: Palmyra (with a ~15 km margin west of the town) - north along Jabal Bishri to the
# Deir ez-Zor - al-Sukhnah road belt (10-20 km north of the road) - the Euphrates right bank down to
# Albukamal and the Iraqi border - south-west across the Badia north of the al-Tanf zone. It is clipped
# to the right bank (Shamiyah) so that it includes both the Euphrates valley road and the
# Palmyra-al-Sukhnah-Deir ez-Zor road: routes through it are contested, not blocked.
IS_BADIA = Polygon(
    [
        (38.13, 34.35),
        (38.10, 34.78),
        (38.60, 35.22),
        (39.30, 35.58),
        (39.90, 35.52),
        (40.25, 35.42),
        (40.70, 35.25),
        (41.25, 34.60),
        (41.15, 34.25),
        (40.50, 34.00),
        (39.50, 34.05),
        (38.80, 34.15),
        (38.13, 34.35),
    ]
).intersection(SHAMIYAH)

# Iraqi IS pockets 2017
IS_MOSUL = gbuf(Point(MOSUL), 12).intersection(IRQ)
IS_TALAFAR = gbuf(Point(TAL_AFAR), 32).intersection(IRQ).difference(gbuf(Point(MOSUL), 12))
_anbar_seg = euph.intersection(shapely.box(40.85, 34.0, 41.96, 34.7))
IS_QAIM = gbuf(_anbar_seg, 15).intersection(IRQ)
IS_RAWAH = gbuf(Point(RAWAH), 12).intersection(IRQ)

# Coalition at al-Tanf
DECONF = geodesic_circle(*TANF_GARRISON, 55.0).intersection(SYR)
TANF_CTRL = unary_union(
    [
        geodesic_circle(*TANF_GARRISON, 25.0),
        gbuf(LineString([TANF_GARRISON, TANF_CROSSING]), 5),
    ]
).intersection(SYR)

# Iran axis
ALBUKAMAL_PRES_SY = unary_union(
    [
        gbuf(Point(ALBUKAMAL), 20),
        gbuf(
            LineString([ALBUKAMAL, (40.86, 34.25), (40.62, 34.10)]), 8
        ),  # border berm / bypass belt to the south
    ]
).intersection(SYR)
QAIM_PRES_IQ = unary_union(
    [
        gbuf(Point(AL_QAIM), 20),
        gbuf(LineString([ALBUKAMAL, (40.86, 34.25), (40.62, 34.10)]), 8),
    ]
).intersection(IRQ)
KH_SECURITY = unary_union(
    [
        gbuf(LineString([HUSAYBAH, AL_QAIM, UBAYDI]), 10),  # al-Qaim town strip + farmland
        gbuf(
            LineString([UBAYDI, (41.35, 34.36), (41.65, 34.40), RAWAH]), 3
        ),  # Euphrates road east (Rawah)
        gbuf(LineString([AL_QAIM, (40.93, 34.10), (40.95, 33.80)]), 3),  # road south toward Akashat
        gbuf(LineString([AL_QAIM, HUSAYBAH, (40.935, 34.415)]), 3),  # road to the official crossing
    ]
).intersection(IRQ)
PMU_NINEVEH = Polygon(
    [
        (41.20, 36.12),
        (41.75, 36.12),
        (41.95, 35.70),
        (41.65, 35.25),
        (41.05, 35.25),
        (41.20, 36.12),
    ]
).intersection(IRQ)

# Kurdistan Region (approximate boundary of Dohuk, Erbil, Sulaymaniyah and Halabja governorates;
# the hand line runs from the Tigris at the Syrian tripoint, north of Mosul and Tel Kaif, west of
# Erbil (Khazir), south of Erbil and Koya, through Chamchamal to Darbandikhan; north and east edges are
# the Turkish and Iranian borders, obtained by extending the polygon outside Iraq and clipping).
KRG_HAND = Polygon(
    [
        (42.34, 37.12),
        (42.60, 36.95),
        (42.85, 36.85),
        (43.05, 36.70),
        (43.30, 36.55),
        (43.50, 36.30),
        (43.75, 36.05),
        (44.05, 35.90),
        (44.45, 35.72),
        (44.80, 35.50),
        (45.05, 35.30),
        (45.40, 35.05),
        (45.80, 34.85),
        (46.40, 34.85),
        (46.40, 37.60),
        (42.30, 37.60),
        (42.34, 37.12),
    ]
)
KRG = KRG_HAND.intersection(IRQ)
# Peshmerga-held disputed areas of western Nineveh (Sinjar, Rabia, Zumar) until 17-18 Oct 2017.
KRG_NINEVEH_HAND = Polygon(
    [
        (41.30, 36.45),
        (41.60, 36.15),
        (42.10, 36.22),
        (42.55, 36.45),
        (42.85, 36.70),
        (42.70, 36.95),
        (42.34, 37.12),
        (41.80, 36.95),
        (41.30, 36.45),
    ]
)
KRG_NINEVEH = KRG_NINEVEH_HAND.intersection(IRQ).difference(KRG).difference(IS_TALAFAR)

# SDF: Hasakah province after 18 Jan 2026 (approximate governorate outline, hand vertices, clipped)
HASAKAH_HAND = Polygon(
    [
        (39.95, 36.70),
        (40.00, 37.10),
        (42.40, 37.40),
        (42.40, 36.00),
        (41.30, 36.00),
        (40.60, 35.90),
        (40.20, 36.15),
        (39.95, 36.70),
    ]
)
SDF_HASAKAH = HASAKAH_HAND.intersection(JAZIRA_HELD)

# ---- splits of the 2017 IS zones --------------------------------------------------------
# Raqqa: the IS envelope on the left (Jazira) bank within 25 km of Raqqa city, held by IS until the
# SDF declared the city liberated on 20 Oct 2017; the rest of the envelope keeps its 9 Nov 2017 end.
IS_RAQQA = IS_VALLEY.intersection(JAZIRA).intersection(gbuf(Point(RAQQA), 25))
IS_VALLEY_REST = IS_VALLEY.difference(IS_RAQQA)
# Anah: the part of the al-Qaim - Anah Euphrates buffer east of lon 41.93 (Anah, Rayhana), retaken
# on 21 Sep 2017; the western part (al-Qaim, Ubaydi, the stretch below Rawah) on 3 Nov 2017.
_ANAH_BOX = shapely.box(41.93, 33.5, 42.6, 35.0)
IS_ANAH = IS_QAIM.intersection(_ANAH_BOX)
IS_QAIM_WEST = IS_QAIM.difference(_ANAH_BOX)

# ---- Islamic State insurgency, Iraqi western desert ---------------------------------------
# Hand polygon over the Anbar desert west of Haditha/Kubaysa: from the Syrian border north of the
# Euphrates (Jazira desert north of al-Qaim and Rawah) east to ~42.6 E (Haditha, Kubaysa), south
# past Nukhayb to the Saudi border, west along the Saudi and Jordanian borders to al-Waleed and
# up the Syrian border (al-Qaim, Rawah, Rutba, Akashat, Nukhayb inside). Clipped to Iraq.
IS_ANBAR = Polygon(
    [
        (40.80, 35.60),
        (41.60, 35.60),
        (42.20, 34.95),
        (42.60, 34.30),
        (42.65, 33.50),
        (42.45, 32.60),
        (42.40, 31.70),
        (38.70, 31.70),
        (38.70, 33.60),
        (40.80, 35.60),
    ]
).intersection(IRQ)

# ---- al-Qaim border-security belt (Iraqi side of the official crossing and both bypasses) ------
# 5 km geodesic buffer of the border stretch from just north of the official crossing, through
# the two bypass crossings, to the border berms 16 km south of Albukamal (seed 001's bypass roads
# and the militia HQ struck on 18 Jun 2018), clipped to Iraq.
QAIM_BORDER = gbuf(
    LineString([(40.985, 34.425), CROSS_OFFICIAL, CROSS_BYPASS_N, CROSS_BYPASS_S, (40.86, 34.25)]), 5
).intersection(IRQ)

# ---- Israel -----------------------------------------------------------------------------------
ISRAEL_AIR_QAIM = gbuf(LineString([HUSAYBAH, AL_QAIM, UBAYDI]), 30).intersection(IRQ)
# Israeli-held strip in south-west Syria after 8 Dec 2024: 5 km on the Syrian side of the Natural
# Earth Syria-Israel line (NE v4 puts the Golan in Israel, so this line is the 1974 ceasefire line),
# from Mount Hermon to the Yarmouk.
_SYR_ISR = SYR.boundary.intersection(ISR.boundary)
ISRAEL_BUFFER = gbuf(_SYR_ISR, 5).intersection(SYR)

# ---- Turkey and the Syrian National Army -------------------------------------------------------
# Afrin district (hand polygon around Afrin and Jindayris, bounded by the Turkish border; the
# Shahba/Tal Rifaat pocket to the east stays outside), clipped to Syria.
AFRIN_HAND = Polygon(
    [
        (36.40, 36.95),
        (36.40, 36.33),
        (36.62, 36.31),
        (36.80, 36.34),
        (36.95, 36.39),
        (37.00, 36.50),
        (37.00, 36.95),
        (36.40, 36.95),
    ]
).intersection(SYR)
# Euphrates Shield area: Azaz - Marea - al-Bab - Jarablus, west of the Euphrates and north of the
# Tadif front, west of the Sajur line (Manbij held by the SDF), south of the Turkish border.
EUPHRATES_SHIELD = (
    Polygon(
        [
            (37.00, 37.00),
            (37.02, 36.56),
            (37.15, 36.52),
            (37.30, 36.49),
            (37.45, 36.36),
            (37.60, 36.32),
            (37.70, 36.45),
            (37.83, 36.62),
            (37.95, 36.66),
            (38.05, 36.72),
            (38.10, 37.00),
            (37.00, 37.00),
        ]
    )
    .intersection(SHAMIYAH)
    .difference(AFRIN_HAND)
)
# Tal Abyad - Ras al-Ayn ("Peace Spring") area: the border strip between ~38.85 and ~40.2 E, about
# 30 km deep, reaching the M4 near Ain Issa (the offensive "cut the M4 highway").
PEACE_SPRING = Polygon(
    [
        (38.85, 37.00),
        (38.85, 36.45),
        (39.05, 36.38),
        (39.40, 36.45),
        (39.80, 36.52),
        (40.10, 36.58),
        (40.20, 36.70),
        (40.20, 37.00),
        (38.85, 37.00),
    ]
).intersection(JAZIRA)

# ---- HTS-led Idlib ----------------------------------------------------------------------------
# 2017 - 11 Feb 2020: Idlib with the western Aleppo countryside up to Aleppo's outskirts, the M5
# from south of Aleppo (Zirbah/al-Eis) through Saraqib, Maarat al-Numan and Khan Shaykhun to Murak,
# northern Hama (Latamneh, Kafr Zita), the Ghab edge, Jisr al-Shughur and the Latakia mountains
# (Kabani), the M4 from Saraqib to Ain al-Hawr. Afrin (SDF, then Turkey) excluded.
IDLIB_2017 = (
    Polygon(
        [
            (36.20, 36.45),
            (36.62, 36.31),
            (36.95, 36.33),
            (37.05, 36.22),
            (37.10, 36.15),
            (37.08, 36.00),
            (37.20, 35.85),
            (37.05, 35.60),
            (36.90, 35.40),
            (36.75, 35.31),
            (36.55, 35.31),
            (36.40, 35.45),
            (36.25, 35.65),
            (36.10, 35.75),
            (35.95, 35.85),
            (36.00, 36.05),
            (36.20, 36.45),
        ]
    )
    .intersection(SYR)
    .difference(AFRIN_HAND)
    .difference(EUPHRATES_SHIELD)
)
# 11 Feb 2020 - 8 Dec 2024: the pocket left after the 2019-2020 offensive and the 5 Mar 2020
# ceasefire: west of Atarib and Saraqib (M5 lost), with the M4 from Trumba (2 km west of Saraqib)
# through Ariha and Jisr al-Shughur to Ain al-Hawr, and Jabal al-Zawiya just south of it.
IDLIB_2020 = (
    Polygon(
        [
            (36.20, 36.45),
            (36.62, 36.31),
            (36.80, 36.33),
            (36.90, 36.25),
            (36.90, 36.10),
            (36.80, 35.95),
            (36.77, 35.86),
            (36.72, 35.75),
            (36.50, 35.66),
            (36.35, 35.70),
            (36.22, 35.72),
            (36.10, 35.77),
            (35.95, 35.85),
            (36.00, 36.05),
            (36.20, 36.45),
        ]
    )
    .intersection(SYR)
    .difference(AFRIN_HAND)
    .difference(EUPHRATES_SHIELD)
)

# --------------------------------------------------------------------------------------
# feature list
# --------------------------------------------------------------------------------------
F: list[dict] = []


def add(
    id,
    actor,
    kind,
    geom,
    valid_from,
    valid_to,
    confidence,
    source,
    quote,
    shape_note,
    name,
    simplify=0.0,
):
    F.append(
        dict(
            id=id,
            actor=actor,
            kind=kind,
            geometry=clean(geom, simplify),
            valid_from=valid_from,
            valid_to=valid_to,
            confidence=confidence,
            source=source,
            quote=quote,
            shape_note=shape_note,
            name=name,
        )
    )


# ---- coalition -----------------------------------------------------------------------
add(
    "coalition-tanf-deconfliction-55km",
    "coalition",
    "deconfliction",
    DECONF,
    "2016-03-03",
    "2026-02-11",
    "high",
    U_GLOBALSEC,
    Q_DECONF,
    "55 km geodesic circle (128 vertices, pyproj Geod.fwd) around the US garrison at 38.61778,33.50583 "
    "(en.wikipedia 'Al-Tanf' coordinates), clipped to Syria. Start = garrison established 3 Mar 2016 "
    "(en.wikipedia 'Al-Tanf'; crisisgroup: zone 'emerged as part of a U.S.-Russian understanding in 2016'); "
    "end = CENTCOM-confirmed US departure 11 Feb 2026.",
    "al-Tanf 55 km deconfliction zone",
)
add(
    "coalition-tanf-control",
    "coalition",
    "control",
    TANF_CTRL,
    "2016-03-03",
    "2026-02-11",
    "medium",
    S002,
    "The pro-Iranian Popular Mobilization Units (PMU) was preparing to head south towards the Al-Tanf crossing, "
    "which is embedded in an area controlled by US Special Forces together with British allies and the rebel "
    "Syrian Free Army (SFA).",
    "Union of a 25 km geodesic circle around the garrison (38.61778,33.50583; includes Rukban camp) and a "
    "5 km buffer of the M2 from the garrison to the al-Tanf/al-Waleed crossing (38.9374,33.4332), clipped to "
    "Syria (the Iraqi side al-Waleed is left to iraq-state). Dates: New Syrian Army capture March 2016 "
    "(seed 003), US departure 11 Feb 2026.",
    "al-Tanf garrison area (US + Maghawir al-Thawra)",
)

# ---- Islamic State territory 2017 ---------------------------------------------------------
add(
    "is-palmyra-2017",
    "islamic-state",
    "control",
    IS_PALMYRA,
    "2017-01-01",
    "2017-03-02",
    "high",
    U_PALMYRA,
    "Syrian government troops have retaken Palmyra from Islamic State forces, with help from Russian air "
    "support, the Syrian army said in a statement on Thursday.",
    "25 km geodesic buffer around Tadmur/Palmyra (38.284,34.5624, GeoNames). Ends Thursday 2 Mar 2017 "
    "(article dated 3 Mar 2017).",
    "IS-held Palmyra (Dec 2016 - Mar 2017)",
)
add(
    "is-central-desert-2017",
    "islamic-state",
    "control",
    IS_CENTRAL,
    "2017-01-01",
    "2017-09-05",
    "medium",
    U_DEZ_SIEGE,
    "The SAA broke the three-year-long siege on Deir ez-Zor on 5 September",
    "Hand polygon: Palmyra-east desert and the al-Sukhnah - Deir ez-Zor road belt (vertices in make_zones.py "
    "IS_CENTRAL_HAND) intersected with the IS eastern-Syria envelope. Ends when the SAA relief column broke the "
    "Deir ez-Zor siege (5 Sep 2017); the gradual SAA advance (al-Sukhnah Aug 2017) is not modelled.",
    "IS central Syrian desert (to Sep 2017)",
)
add(
    "is-raqqa-2017",
    "islamic-state",
    "control",
    IS_RAQQA,
    "2017-01-01",
    "2017-10-20",
    "high",
    U_RAQQA_2017,
    "Raqqa, seized by ISIS in 2014, was fully recaptured on October 20, 2017, after more than four months of "
    "fighting.",
    "The IS eastern-Syria envelope (IS_EAST_OUTER minus the central desert) on the left bank within 25 km of "
    "Raqqa (39.00788,35.95283, GeoNames). Ends when the SDF declared the city liberated (Friday 20 Oct 2017; "
    "fighting ended on 17 Oct, countervortex.org). Tabqah (May 2017) and the SDF's gradual encirclement are not "
    "modelled.",
    "IS-held Raqqa (to Oct 2017)",
)
add(
    "is-middle-euphrates-2017",
    "islamic-state",
    "control",
    IS_VALLEY_REST,
    "2017-01-01",
    "2017-11-09",
    "medium",
    S001,
    "Iraqi Shiite militias and Lebanese Hezbollah (handled by Iran) played a major role in the takeover of the "
    "city of Albukamal, which symbolized the end of the Islamic State as an entity with a territory and "
    "governance (November 9, 2017).",
    "Hand envelope of IS-held eastern Syria in early 2017 (SDF line north of the valley, Iraqi border, Badia "
    "north of the al-Tanf zone, ~25 km east of Palmyra, Jabal Bishri, Raqqa) minus the central-desert part; "
    "covers both banks from Raqqa via Deir ez-Zor and al-Mayadin to Albukamal, and the south-eastern "
    "desert, minus the Raqqa zone (is-raqqa-2017, to 20 Oct 2017). Simplifications: al-Mayadin fell 14 Oct, "
    "Deir ez-Zor 3 Nov; "
    "the SAA enclave in Deir ez-Zor is inside; IS briefly retook Albukamal 11 Nov 2017.",
    "IS Middle Euphrates / eastern Syria (to Albukamal's fall)",
)
add(
    "is-hajin-baghuz-2017-2019",
    "islamic-state",
    "control",
    IS_HAJIN,
    "2017-11-09",
    "2019-03-23",
    "medium",
    U_BAGHUZ,
    "He said the SDF had taken full control of Baghouz, a small village on the Euphrates where diehard "
    "jihadists made a bloody last stand.",
    "12 km geodesic buffer of the Euphrates (NE 'Al Furat') between lat 34.42 and 34.80, left bank only "
    "(Hajin - al-Susah - Baghuz pocket opposite Albukamal). Ends 23 Mar 2019 (SDF declaration).",
    "IS Hajin-Baghuz pocket (left bank)",
)
add(
    "is-mosul-2017",
    "islamic-state",
    "control",
    IS_MOSUL,
    "2017-01-01",
    "2017-07-10",
    "high",
    U_MOSUL,
    "The last major Iraqi city held by the Islamic State has been taken back by Iraqi government forces, the "
    "U.S.-led coalition confirmed Monday.",
    "12 km geodesic buffer around Mosul (43.1189,36.335, GeoNames); East Mosul (retaken Jan 2017) is inside "
    "for simplicity. Ends Monday 10 Jul 2017.",
    "IS-held Mosul",
)
add(
    "is-tal-afar-2017",
    "islamic-state",
    "control",
    IS_TALAFAR,
    "2017-01-01",
    "2017-08-31",
    "high",
    U_TALAFAR_2017,
    "Iraqi Prime Minister Haider al-Abadi on Thursday (August 31) announced full liberation of Nineveh province "
    "from Islamic State (ISIS) militants.",
    "32 km geodesic circle around Tal Afar (42.4498,36.376) - about the 3,206 km2 of the 'Tal Afar area' - "
    "minus the Mosul buffer, clipped to Iraq. Ends Thursday 31 Aug 2017, when al-Abadi declared victory after "
    "al-Ayadiya fell (also rudaw.net 31 Aug 2017; en.wikipedia 'Battle of Tal Afar (2017)': Victory in the "
    "battle was declared by the Prime Minister al-Abadi).",
    "IS Tal Afar pocket",
)
add(
    "is-anah-2017",
    "islamic-state",
    "control",
    IS_ANAH,
    "2017-01-01",
    "2017-09-21",
    "medium",
    U_ANAH_2017,
    "BAGHDAD, Sept. 21 (Xinhua) -- Iraqi security forces on Thursday liberated the town of Aana and nearby "
    "areas in Iraq's western province of Anbar from Islamic State (IS) militants, the Iraqi military said.",
    "East part (lon > 41.93: Anah, Rayhana) of the 15 km geodesic buffer of the Euphrates from the Syrian border "
    "to Anah, clipped to Iraq. Ends Thursday 21 Sep 2017 (Xinhua; diyaruna.com gives Friday 22 Sep). Rawah on the "
    "north bank stays IS-held to 17 Nov (is-rawah-2017).",
    "IS-held Anah (to Sep 2017)",
)
add(
    "is-qaim-2017",
    "islamic-state",
    "control",
    IS_QAIM_WEST,
    "2017-01-01",
    "2017-11-03",
    "high",
    U_QAIM_AFP,
    "Iraqi forces Friday captured the biggest town under Islamic State group control in Iraq, Prime Minister "
    "Haider al-Abadi said",
    "West part (lon 40.85-41.93: al-Qaim, Ubaydi, the valley below Rawah) of the 15 km geodesic buffer of the "
    "Euphrates (NE 'Euphrates') from the Syrian border to Anah, clipped to Iraq. Ends with the fall of al-Qaim on "
    "Friday 3 Nov 2017. Replaces the former single zone is-qaim-anah-2017 (split at Anah's fall).",
    "IS western Anbar pocket (al-Qaim - Rawah valley)",
)
add(
    "is-rawah-2017",
    "islamic-state",
    "control",
    IS_RAWAH,
    "2017-01-01",
    "2017-11-17",
    "medium",
    U_RAWAH,
    "Government forces wrested back the final piece of the Islamic State\u2019s self-declared caliphate in Iraq, "
    "the country\u2019s military said Friday, reclaiming the small town of Rawah near the border with Syria.",
    "12 km geodesic circle around Rawah (41.919,34.4823, GeoNames), north bank. Ends Friday 17 Nov 2017.",
    "IS Rawah pocket",
)

# ---- Islamic State insurgency ------------------------------------------------------------
add(
    "is-badia-insurgency",
    "islamic-state",
    "insurgency",
    IS_BADIA,
    "2017-11-09",
    None,
    "medium",
    S001,
    "The Shiite forces and the Syrian army are facing ISIS attacks, mainly hit-and-run attacks carried out by "
    "ISIS operatives operating from the desert area west of the Euphrates River (from Albukamal until Palmyra).",
    "Hand polygon (IS_BADIA in make_zones.py) from Palmyra (with a ~15 km margin) north over Jabal Bishri to "
    "10-20 km north of the al-Sukhnah - Deir ez-Zor road, down the Euphrates to Albukamal and the border, and "
    "back across the Badia north of the al-Tanf zone; clipped to the right (west) bank with the NE Euphrates "
    "line. It deliberately covers the Euphrates valley road and the Palmyra - al-Sukhnah - Deir ez-Zor road "
    "(seed 001: the Albukamal route is usable but 'passing through it involves security difficulties'). "
    "Open-ended: the insurgency is reported through 2020 (newlinesinstitute.org), 2024 (alfasselnews.com) and "
    "an ISIS ambush near Palmyra in Dec 2025 (dagens.com).",
    "IS insurgency, Badia west of the Euphrates",
)
add(
    "is-anbar-insurgency",
    "islamic-state",
    "insurgency",
    IS_ANBAR,
    "2017-11-17",
    None,
    "medium",
    U_ANBAR_IS,
    "Here, the Islamic State of Iraq and the Levant group (ISIL, also known as ISIS) sleeper cells use the remote "
    "area\u2019s mountain ranges, valleys and caves to plan and launch their attacks from.",
    "Hand polygon (IS_ANBAR in make_zones.py) over the Anbar desert from the Syrian border north of al-Qaim and "
    "Rawah east to ~42.6 E (Haditha, Kubaysa) and south to the Saudi and Jordanian borders: al-Qaim, Rawah, Rutba, "
    "Akashat and Nukhayb inside; clipped to Iraq. It covers the Euphrates road west of Haditha and the "
    "Baghdad-Damascus highway west of ~42.6 E (routes through it are contested, not blocked). Starts when the last "
    "IS-held town in Iraq fell (Rawah, 17 Nov 2017); seed 003 foresaw an insurgency 'potent in the Syria-Iraq "
    "desert border areas'; Al Jazeera (al-Qaim dateline, 31 Oct 2018); Iraqi operations against cells 'near "
    "Rutba, Rawa, Kubaisa, and Nukhaib' (alshahidwitness.com, 2018). Open-ended: sporadic attacks 'mainly in rural "
    "areas' in 2025 (The National, June 2025).",
    "IS insurgency, Iraqi western desert (Anbar)",
)

# ---- iran axis ---------------------------------------------------------------------------
add(
    "iran-axis-iran",
    "iran-axis",
    "control",
    IRN,
    "2017-01-01",
    None,
    "high",
    S001,
    "This is how the Iranians can transfer weapons and forces from Iran through Iraq and Syria, and from there "
    "to Lebanon.",
    "Iran country polygon from countries.geojson (NE 10m; cut at the data bbox), simplified 0.002 deg.",
    "Iran",
    simplify=0.002,
)
add(
    "iran-axis-albukamal-presence",
    "iran-axis",
    "presence",
    ALBUKAMAL_PRES_SY,
    "2017-11-09",
    "2024-12-08",
    "high",
    S001,
    "In the Iraqi side of the border with Syria (Al-Waleed crossing), there are also Iranian-affiliated Iraqi "
    "Shiite militias, so Iranian-affiliated Iraqi Shiite militias are present on both sides of the border.",
    "20 km geodesic circle around Albukamal (40.9185,34.4523) plus an 8 km buffer of the border-berm belt "
    "south of the town where seed 001 places the dirt bypass roads and the militia HQ struck on 18 Jun 2018; "
    "clipped to Syria. Ends with the fall of the Assad government (8 Dec 2024).",
    "Iran-axis militias around Albukamal (Syrian side)",
)
add(
    "iran-axis-qaim-presence",
    "iran-axis",
    "presence",
    QAIM_PRES_IQ,
    "2017-11-03",
    None,
    "medium",
    S001,
    "In the Iraqi side of the border with Syria (Al-Waleed crossing), there are also Iranian-affiliated Iraqi "
    "Shiite militias, so Iranian-affiliated Iraqi Shiite militias are present on both sides of the border.",
    "20 km geodesic circle around al-Qaim (40.9894,34.3925) plus the same 8 km bypass-belt buffer, clipped to "
    "Iraq. Open-ended: PMF presence at the border is reported in Dec 2024 (turkiyetoday.com: 'Iraqi border "
    "guards, the army, and Popular Mobilization Forces (PMF)') and KH positions in al-Qaim district in "
    "Mar 2026 (shafaq.com).",
    "PMF / Iran-axis militias around al-Qaim (Iraqi side)",
)
add(
    "kh-qaim-security-zone",
    "iran-axis",
    "security",
    KH_SECURITY,
    "2017-11-03",
    None,
    "medium",
    S000,
    "Residents of al-Qaim say the militia has kept them from returning to the town\u2019s 1,500 farms by "
    "declaring the land part of a security zone. It also controls the roads in and out of al-Qaim.",
    "10 km geodesic buffer of the Husaybah - al-Qaim - Ubaydi strip (farmland), plus 3 km buffers of the roads "
    "in and out: the Euphrates road east to Rawah, the road south toward Akashat, and the link to the official "
    "crossing (hand vertices, approximate); clipped to Iraq. From al-Qaim's recapture (3 Nov 2017; seed 000: "
    "KH took part); still reported in 2021 (al-monitor.com 'Kataib Hezbollah controls access points to key "
    "Iraqi border city') and 2026 (shafaq.com).",
    "Kataib Hezbollah security zone, al-Qaim",
)
add(
    "pmf-qaim-border-security",
    "iran-axis",
    "security",
    QAIM_BORDER,
    "2017-11-03",
    None,
    "medium",
    S001,
    "These roads are mainly secured by the Shiite militias and possibly also by an Iraqi army force (on the Iraqi "
    "side of the border).",
    "5 km geodesic buffer of the border stretch from just north of the official Albukamal-al-Qaim crossing through "
    "the two dirt-bypass crossings (coordinates as in data/crossings.geojson) to the border berms 16 km south of "
    "Albukamal, clipped to Iraq: the Iraqi side of all three crossings (the self-check verifies it). From al-Qaim's "
    "recapture (3 Nov 2017); the militia HQ controlling the bypass traffic (seed 001) and PMF border deployments "
    "in Dec 2024 (turkiyetoday.com) support an open end. Transferred to iraq-state in the built-in what-if "
    "qaim-to-baghdad-2019.",
    "PMF border-security belt, al-Qaim crossings (Iraqi side)",
)
add(
    "pmu-nineveh-border-presence",
    "iran-axis",
    "presence",
    PMU_NINEVEH,
    "2017-05-29",
    None,
    "low",
    S002,
    "Since a pro-Iranian force seized control of the northern section of the Syrian-Iraqi border this week",
    "Hand polygon along the Iraqi side of the border west of al-Baaj (Umm Jaris - al-Qayrawan sector south of "
    "Sinjar), clipped to Iraq. Start = the week of the DEBKA report (~29 May 2017). End unknown (open); low "
    "confidence.",
    "PMU on the Nineveh section of the border",
)

# ---- SDF ---------------------------------------------------------------------------------
add(
    "sdf-northeast-2017",
    "sdf",
    "control",
    JAZIRA_HELD.difference(IS_EAST_OUTER),
    "2017-01-01",
    "2017-11-09",
    "medium",
    S003,
    "the Kurdish-dominated Syrian Democratic Forces (SDF) currently assaulting the Islamic States de facto "
    "capital of Raqqa",
    "Left (north-east) bank of the Euphrates in Syria (Syria split along the NE Euphrates line and the Lake "
    "Assad shore) minus the IS eastern-Syria envelope. Turkish-held areas, Manbij and Afrin are not modelled.",
    "SDF north-east Syria (2017)",
    simplify=0.002,
)
add(
    "sdf-raqqa-2017",
    "sdf",
    "control",
    IS_RAQQA.intersection(JAZIRA_HELD),
    "2017-10-20",
    "2017-11-09",
    "high",
    U_RAQQA_2017,
    "Since then, the SDF has maintained control of the city in coordination with the Raqqa Civil Council.",
    "The Raqqa zone (is-raqqa-2017) after its liberation on 20 Oct 2017; from 9 Nov 2017 it is part of "
    "sdf-jazira-2017-2019.",
    "SDF Raqqa (Oct - Nov 2017)",
)
add(
    "sdf-afrin-2017",
    "sdf",
    "control",
    AFRIN_HAND,
    "2017-01-01",
    "2018-03-18",
    "medium",
    U_AFRIN,
    "Operation Olive Branch was an invasion by the Turkish Armed Forces and Syrian National Army in the "
    "Kurdish-majority Afrin District of northwest Syria, against the People's Protection Units of the Syrian "
    "Democratic Forces.",
    "Hand polygon of Afrin district (AFRIN_HAND in make_zones.py: Afrin 36.86954,36.51194 and Jindayris inside; "
    "bounded by the Turkish border), clipped to Syria. YPG/SDF-held until the SNA entered Afrin on 18 Mar 2018 "
    "(the Turkish offensive began on 20 Jan 2018: not modelled). Manbij and the Tal Rifaat/Shahba pocket "
    "(SDF-held west of the Euphrates until Dec 2024) are not modelled.",
    "SDF/YPG Afrin (to Mar 2018)",
)
add(
    "sdf-jazira-2017-2019",
    "sdf",
    "control",
    JAZIRA_HELD.difference(IS_HAJIN),
    "2017-11-09",
    "2019-03-23",
    "medium",
    U_MEES,
    "In the second half of 2017, the US-backed Syrian Democratic Forces (SDF) stormed down the east bank of the "
    "Euphrates taking village after village from the Islamic State (IS) while the Syrian Arab Army (SAA) and "
    "its allies liberated besieged Deir Ez-Zor and the river\u2019s western bank.",
    "Whole left bank of the Euphrates in Syria minus the IS Hajin-Baghuz pocket. The SDF's gradual advance "
    "(Nov 2017 - 2018) and the Turkish-held strip (Oct 2019) are not modelled.",
    "SDF left bank of the Euphrates",
    simplify=0.002,
)
add(
    "sdf-jazira-2019",
    "sdf",
    "control",
    JAZIRA_HELD,
    "2019-03-23",
    "2019-10-17",
    "medium",
    U_BAGHUZ,
    "He said the SDF had taken full control of Baghouz, a small village on the Euphrates where diehard "
    "jihadists made a bloody last stand.",
    "Whole left bank of the Euphrates in Syria after the fall of the Baghuz pocket (23 Mar 2019), until the "
    "Turkish-held Tal Abyad - Ras al-Ayn strip was cut out (17 Oct 2019).",
    "SDF left bank of the Euphrates (2019)",
    simplify=0.002,
)
add(
    "sdf-jazira-2019-2026",
    "sdf",
    "control",
    JAZIRA_HELD.difference(PEACE_SPRING),
    "2019-10-17",
    "2026-01-18",
    "medium",
    U_SDF_2026,
    "The ceasefire will be in parallel with the withdrawal of all SDF affiliated forces to the east of the "
    "Euphrates River, according to a document published by the Syrian Presidency on Sunday.",
    "Left bank of the Euphrates in Syria minus the Turkish-held Tal Abyad - Ras al-Ayn strip (turkey-peace-spring, "
    "from 17 Oct 2019; after that zone ends on 24 Dec 2024 the strip counts in syria-transitional). Ends 18 Jan "
    "2026, when Damascus took Raqqa and Deir ez-Zor provinces under the ceasefire deal.",
    "SDF left bank of the Euphrates",
    simplify=0.002,
)
add(
    "sdf-hasakah-2026",
    "sdf",
    "control",
    SDF_HASAKAH,
    "2026-01-18",
    None,
    "low",
    U_HASAKAH_2026,
    "The SDF is to turn over Raqqa and the eastern province of Deir al Zour, which will leave only the "
    "northeastern province of Hasakah under SDF control, per the Times.",
    "Hand outline of Hasakah governorate (approximate), clipped to the left bank. The deal also integrates "
    "SDF forces and hands border crossings to Damascus; the SDF withdrew from the Yarubiyah crossing in 2026 "
    "(shafaq.com) - not modelled. Low confidence.",
    "SDF Hasakah (after Jan 2026)",
    simplify=0.002,
)

# ---- KRG ---------------------------------------------------------------------------------
add(
    "krg-region",
    "krg",
    "control",
    KRG,
    "2017-01-01",
    None,
    "medium",
    U_SEMALKA,
    "a border crossing established between the Kurdistan Regional Government in Iraq and the Kurdish-led "
    "Autonomous Administration of North and East Syria",
    "Hand line approximating the southern boundary of Dohuk, Erbil, Sulaymaniyah and Halabja governorates "
    "(Tigris at the tripoint - north of Mosul - Khazir - south of Erbil - Chamchamal - Darbandikhan); north and "
    "east edges from the country polygons. Includes Faysh Khabur / Semalka.",
    "Kurdistan Region of Iraq",
    simplify=0.002,
)
add(
    "krg-nineveh-2017",
    "krg",
    "control",
    KRG_NINEVEH,
    "2017-01-01",
    "2017-10-18",
    "medium",
    U_RABIA_2017,
    "Kurdish Peshmerga forces assumed control of the crossing shortly after the Daesh terrorist group overran "
    "large swathes of territory in northern and western Iraq in mid-2014.",
    "Hand polygon over the Peshmerga-held disputed areas of western Nineveh (Sinjar, Rabia, Zumar) minus the "
    "KRG and Tal Afar zones. Ends Wednesday 18 Oct 2017 when federal forces took Rabia. Kirkuk (also lost by "
    "the KRG on 16 Oct 2017) is not modelled.",
    "Peshmerga-held western Nineveh (to Oct 2017)",
)

# ---- Jordan, Lebanon ---------------------------------------------------------------------
add(
    "jordan-state",
    "jordan",
    "control",
    JOR,
    "2017-01-01",
    None,
    "high",
    S002,
    "the Syrian Free Army, the rebel force fighting under US, British and Jordanian officers",
    "Jordan country polygon (countries.geojson), simplified 0.002 deg.",
    "Jordan",
    simplify=0.002,
)
add(
    "lebanon-state",
    "lebanon-state",
    "control",
    LBN,
    "2017-01-01",
    None,
    "medium",
    U_KATAEB_MASNAA,
    "In response, Minister Hamieh, affiliated with Hezbollah, emphasized that the Masnaa crossing falls under "
    "the jurisdiction of the Lebanese state, dismissing claims of its use for military purposes.",
    "Lebanon country polygon (countries.geojson; NE puts Shebaa Farms in Israel), simplified 0.002 deg. "
    "Hezbollah's own areas are not split out (see stances).",
    "Lebanon",
    simplify=0.002,
)

# ---- Turkey and the Syrian National Army ------------------------------------------------
_TR_END_NOTE = (
    " Ends on Tuesday 24 Dec 2024, when Syria's new authorities announced an agreement with the rebel groups on "
    "their dissolution and integration into the regular forces (AFP via turkishminute.com); Turkish troops and "
    "former SNA units remain (syriaintransition.com, Dec 2025) but the area then counts in syria-transitional."
)
add(
    "turkey-euphrates-shield",
    "turkey",
    "control",
    EUPHRATES_SHIELD,
    "2017-01-01",
    "2024-12-24",
    "medium",
    U_EUPHRATES_SHIELD,
    "Operation Euphrates Shield removed Daesh from the border town of Jarablus on the Euphrates River and secured a "
    "roughly 100-kilometre (60-mile) stretch of the border.",
    "Hand polygon (EUPHRATES_SHIELD in make_zones.py): Azaz - Marea - al-Bab (37.5157,36.37051) - Jarablus "
    "(38.01111,36.8175), west of the Euphrates, north of the Tadif front, west of the Sajur (SDF Manbij), clipped to "
    "Syria minus Afrin. Operation 24 Aug 2016 - 29 Mar 2017 (TRT World, 29 Mar 2017: 'Turkish troops are still "
    "stationed in the secured regions'); al-Bab was taken in Feb 2017 but is inside from 1 Jan 2017 "
    "(simplification)." + _TR_END_NOTE,
    "Turkish-held Euphrates Shield area",
    simplify=0.002,
)
add(
    "turkey-afrin",
    "turkey",
    "control",
    AFRIN_HAND,
    "2018-03-18",
    "2024-12-24",
    "medium",
    U_AFRIN,
    "The air war and use of major artillery ended as the Arab and Turkmen militias of the SNA entered the city of "
    "Afrin on 18 March 2018.",
    "Afrin district, the same hand polygon as sdf-afrin-2017 (mirror of en.wikipedia 'Operation Olive Branch')."
    + _TR_END_NOTE,
    "Turkish-held Afrin",
)
add(
    "turkey-peace-spring",
    "turkey",
    "control",
    PEACE_SPRING,
    "2019-10-17",
    "2024-12-24",
    "medium",
    U_PEACE_SPRING,
    "including Ras al-Ayn, Tell Abyad, Manajir, Suluk, Mabrouka and cut the M4 highway",
    "Hand polygon (PEACE_SPRING in make_zones.py) over the border strip between ~38.85 E (west of Tal Abyad) "
    "and ~40.2 E (east of Ras al-Ayn), about 30 km deep, reaching the M4 near Ain Issa, clipped to the left bank "
    "(the source, a mirror of en.wikipedia '2019 Turkish offensive into north-eastern Syria', gives 4,820 km2 and "
    "600 settlements). Main combat 9-17 Oct 2019; starts at the US-Turkish ceasefire of 17 Oct 2019."
    + _TR_END_NOTE,
    "Turkish-held Tal Abyad - Ras al-Ayn strip",
)

# ---- HTS-led Idlib -----------------------------------------------------------------------
add(
    "idlib-opposition-2017-2020",
    "idlib-opposition",
    "control",
    IDLIB_2017,
    "2017-01-01",
    "2020-02-11",
    "medium",
    U_HTS_2017,
    "The group established the Hay\u2019at Tahrir al-Sham in January of 2017 to secure the territories it holds in "
    "Syria, the release said.",
    "Hand polygon (IDLIB_2017 in make_zones.py) around Idlib, the western Aleppo countryside, the M5 from south of "
    "Aleppo through Saraqib (36.80591,35.86447), Maarat al-Numan and Khan Shaykhun (36.65095,35.44208) to Murak "
    "(36.6897,35.37615), northern Hama, Jisr al-Shughur (36.31983,35.81418) and the Latakia mountains; clipped to "
    "Syria minus Afrin and the Euphrates Shield area. Ends on Tuesday 11 Feb 2020, when government forces held "
    "'the entire length of the main Aleppo-Damascus highway' for the first time since 2012 (Reuters via "
    "jpost.com). Simplifications: eastern Idlib (Abu al-Duhur, Jan 2018) and Khan Shaykhun / northern Hama (Aug "
    "2019) are inside until Feb 2020.",
    "HTS-led Idlib with the M5 and M4 (2017 - Feb 2020)",
)
add(
    "idlib-opposition-2020-2024",
    "idlib-opposition",
    "control",
    IDLIB_2020,
    "2020-02-11",
    "2024-12-08",
    "medium",
    U_M4_2020,
    "The deal stipulated the establishment of a security corridor six kilometers to the north and six km to the "
    "south of the M4 highway, a strategic motorway that links Aleppo to Latakia.",
    "Hand polygon (IDLIB_2020 in make_zones.py): the pocket west of Atarib and Saraqib holding the M4 from Trumba "
    "(2 km west of Saraqib) through Ariha and Jisr al-Shughur to Ain al-Hawr, where joint Russian-Turkish patrols "
    "ran from 15 Mar 2020 (the road stayed in the opposition pocket); clipped to Syria minus Afrin and the "
    "Euphrates Shield area. The 11 Feb - 5 Mar 2020 front movements are not modelled, nor the offensive of 27 Nov "
    "2024 (Aleppo 30 Nov, Hama 5 Dec). Ends on 8 Dec 2024, when HTS took Damascus and formed the transitional "
    "government.",
    "HTS-led Idlib with the M4 (Feb 2020 - Dec 2024)",
)

# ---- Israel ----------------------------------------------------------------------------------
add(
    "israel-air-syria",
    "israel",
    "air-interdiction",
    SYR,
    "2017-01-01",
    None,
    "medium",
    U_ISRAEL_SYRIA,
    "The Israeli army has carried out more than 200 air-strikes against Iranian targets in Syria and fired over "
    "800 missiles and mortar shells over the past year and a half, the IDF has revealed.",
    "Syria country polygon (countries.geojson), simplified 0.002 deg: Israel's air campaign against Iranian and "
    "Hezbollah targets and convoys anywhere in Syria (Jerusalem Post, Sept 2018: 'over the past year and a half'; 24 "
    "strikes in 2017 listed by friendsofsyria; fuel convoys struck after crossing at Albukamal in Nov 2022 and Oct "
    "2023). Open-ended: 'Since the fall of Bashar Al-Assad's regime in December 2024, Israel has intensified its "
    "military operations in Syria' (shafaq.com, 8 Feb 2025). A risk, not a blockage (see stances.csv).",
    "Israeli air interdiction over Syria",
    simplify=0.002,
)
add(
    "israel-air-lebanon",
    "israel",
    "air-interdiction",
    LBN,
    "2024-09-23",
    None,
    "medium",
    U_ISRAEL_LEBANON,
    "Israel\u2019s bombing in Lebanon has killed more than 1,000 people since the start of the escalation on 23 "
    "September, according to the Lebanese health ministry, and forced hundreds of thousands to flee their homes in a "
    "country already mired in economic crisis.",
    "Lebanon country polygon, simplified 0.002 deg. From the escalation of 23 Sep 2024 (strikes on the Masnaa "
    "crossing on 4 Oct, on the Qaa, Arida and Abboudieh crossings in Oct-Dec 2024: see crossing_status.csv). "
    "Open-ended: strikes continued after the 27 Nov 2024 ceasefire ('The Israeli army has increased its attacks "
    "against the Bekaa in recent days', L'Orient Today, 8 Aug 2025). Earlier Israeli strikes in Lebanon (Bekaa, "
    "from Feb 2024) are not modelled.",
    "Israeli air interdiction over Lebanon",
    simplify=0.002,
)
add(
    "israel-air-qaim",
    "israel",
    "air-interdiction",
    ISRAEL_AIR_QAIM,
    "2019-08-25",
    None,
    "low",
    U_ISRAEL_QAIM,
    "Iraq\u2018s powerful Hashd al-Shaabi force, or Popular Mobilisation Forces (PMF), has blamed Israel for "
    "carrying out a deadly drone attack on Sunday close to the border with Syria.",
    "30 km geodesic buffer of the Husaybah - al-Qaim - Ubaydi strip, clipped to Iraq (western Iraq's border "
    "district). From the drone strike on PMF Brigade 45 near al-Qaim on Sunday 25 Aug 2019 (after strikes on PMF "
    "depots elsewhere in Iraq from 19 Jul 2019). Low: attribution is the PMF's; later strikes at al-Qaim were "
    "unclaimed ('Iraqi officials have often blamed Israel', antiwar.com, Jan 2020). Open-ended for lack of a "
    "source on an end.",
    "Israeli air interdiction, al-Qaim border district (Iraq)",
)
add(
    "israel-golan-buffer-2024",
    "israel",
    "control",
    ISRAEL_BUFFER,
    "2024-12-08",
    None,
    "low",
    U_ISRAEL_BUFFER,
    "One of the key actions was the invasion of the buffer zone between Syria and the Israeli-occupied Golan "
    "Heights.",
    "5 km geodesic buffer of the Natural Earth Syria-Israel line (the 1974 ceasefire line: NE v4 puts the Golan in "
    "Israel), from Mount Hermon to the Yarmouk, clipped to Syria: an approximation of the UNDOF area of separation "
    "and the Syrian side of Mount Hermon taken by Israel after 8 Dec 2024 (shafaq.com, 8 Feb 2025; Quneitra is "
    "named among the places captured). Shape schematic; low confidence.",
    "Israeli-held strip, south-west Syria (after Dec 2024)",
)

# --------------------------------------------------------------------------------------
# derived state zones: country minus the other control/deconfliction zones active in each slice
# --------------------------------------------------------------------------------------


def active(f, d):
    return f["valid_from"] <= d and (f["valid_to"] is None or d < f["valid_to"])


def derived(
    prefix, actor, country, start, end, breaks, exclude_actors, source_for, name, shape_note
):
    pts = sorted({start, *(b for b in breaks if start < b < (end or "9999-12-31"))})
    slices = []
    for i, a in enumerate(pts):
        b = pts[i + 1] if i + 1 < len(pts) else end
        others = [
            f["geometry"]
            for f in F
            if f["actor"] in exclude_actors
            and f["kind"] in ("control", "deconfliction")
            and active(f, a)
        ]
        g = country.difference(unary_union(others)) if others else country
        g = clean(g, 0.002)
        if slices and area_km2(shapely.symmetric_difference(slices[-1][2], g)) < 1.0:
            slices[-1][1] = b
        else:
            slices.append([a, b, g])
    for a, b, g in slices:
        src, q, conf = source_for(a)
        add(
            f"{prefix}-{a}",
            actor,
            "control",
            g,
            a,
            b,
            conf,
            src,
            q,
            shape_note
            + f" Slice {a} .. {b or 'open'}: country minus the other actors' control/deconfliction "
            "zones active at the slice start.",
            name,
        )


# ---- FSA-held southern Badia (to May 2017) -------------------------------------------------
U_BADIA_2017 = (
    "http://www.islamicinvitationturkey.com/2017/05/09/"
    "syrian-army-makes-fresh-gains-in-battle-with-terrorists-along-damascus-baghdad-highway/"
)
BADIA_2017 = shapely.Polygon(
    [(37.35, 33.78), (38.3, 33.78), (38.75, 33.4), (38.35, 32.95), (37.3, 32.95), (37.1, 33.3)]
).intersection(SYR)
add(
    "badia-rebels-2017",
    "badia-rebels",
    "control",
    BADIA_2017,
    "2017-01-01",
    "2017-05-09",
    "medium",
    U_BADIA_2017,
    "The army soldiers stormed FSA\u2019s defense lines along Damascus-Baghdad highway and took back control "
    "over al-Saba\u2019a al-Bayar region and several more positions.",
    "Hand polygon (BADIA_2017 in make_zones.py), approximate: the desert along the M2 Damascus - Baghdad "
    "highway from east of the al-Sin airbase (about 37.3 E) past Sabaa Biyar (about 37.75 E, 33.45 N) to the "
    "coalition's al-Tanf zone, and south toward Bir Qassab, held by FSA Southern Front groups after their "
    "Dec 2016 - Apr 2017 offensives against IS; clipped to Syria (the coalition's zones overlap it and win "
    "for their own area). Ends on 9 May 2017, when the government retook Sabaa Biyar and the Zaza "
    "checkpoint on the highway (the quote; FNA via islamicinvitationturkey.com). The rebels' remaining "
    "desert posts east of Sweida until June 2017 are not drawn.",
    "FSA-held southern Badia along the M2 (to 9 May 2017)",
)


def all_breaks():
    s = set()
    for f in F:
        s.add(f["valid_from"])
        if f["valid_to"]:
            s.add(f["valid_to"])
    return s


BR = all_breaks()
OTHERS_SY = {
    "islamic-state", "coalition", "sdf", "turkey", "idlib-opposition", "israel", "badia-rebels"
}  # fmt: skip
OTHERS_IQ = {"islamic-state", "krg"}


def src_syria_gov(d):
    if d < "2017-11-09":
        return (
            S003,
            "It is true that Iranian forces and Iranian-backed Shia militias (e.g. Hezbollah and multiple "
            "Iraqi groups) have been participating in the Syrian regimes broader offensive pushing eastwards "
            "towards the borders with Iraq.",
            "medium",
        )
    return (
        U_MEES,
        "while the Syrian Arab Army (SAA) and its allies liberated besieged Deir Ez-Zor and the "
        "river\u2019s western bank",
        "medium",
    )


def src_syria_tr(d):
    if d < "2026-01-18":
        return (
            U_DROPSITE,
            "While the new Damascus-based government has asserted control over most Syrian "
            "territory, the SDF still controls the country\u2019s northeast, as well as Kurdish neighborhoods "
            "of Aleppo, and is seeking greater autonomy inside a future Syrian state.",
            "medium",
        )
    return (
        U_ETV_2026,
        "The Syrian government Sunday announced a ceasefire with the Syrian Democratic Forces, "
        "taking almost full control of the country and dismantling the Kurdish-led forces that controlled "
        "the northeast for over a decade.",
        "medium",
    )


def src_iraq(d):
    if d < "2017-11-17":
        return (
            U_MOSUL,
            "The last major Iraqi city held by the Islamic State has been taken back by Iraqi "
            "government forces, the U.S.-led coalition confirmed Monday.",
            "medium",
        )
    return (
        U_AFP_QAIM_2019,
        "Iraqi security forces had re-taken the border post near the town of Al-Qaim in late "
        "2017 as part of a massive operation backed by an international coalition against the jihadists' "
        'self-proclaimed "caliphate".',
        "medium",
    )


derived(
    "syria-gov",
    "syria-gov",
    SYR,
    "2017-01-01",
    "2024-12-08",
    BR,
    OTHERS_SY,
    src_syria_gov,
    "Syrian government (Assad) areas",
    "Syria (countries.geojson) minus IS, coalition, SDF, Turkish-held and HTS-held (Idlib) zones. Other "
    "opposition areas (Daraa and Eastern Ghouta until 2018, the northern-Homs pocket) have no actor here and are "
    "INCLUDED - an overstatement away from the corridor routes.",
)
derived(
    "syria-transitional",
    "syria-transitional",
    SYR,
    "2024-12-08",
    None,
    BR,
    OTHERS_SY,
    src_syria_tr,
    "Syrian transitional government areas",
    "Syria minus SDF, Israeli-held (from 8 Dec 2024), Turkish-held (until 24 Dec 2024) and (until 11 Feb 2026) "
    "coalition zones. Suwayda is not modelled.",
)
derived(
    "iraq-state",
    "iraq-state",
    IRQ,
    "2017-01-01",
    None,
    BR,
    OTHERS_IQ,
    src_iraq,
    "Iraqi federal state areas",
    "Iraq (countries.geojson) minus KRG and IS zones. PMF areas overlap (iran-axis presence/security). "
    "The IS Hawija pocket (to Oct 2017) and Kirkuk's KRG control (to 16 Oct 2017) are not modelled.",
)

# --------------------------------------------------------------------------------------
# write
# --------------------------------------------------------------------------------------
PROPS = [
    "id",
    "actor",
    "kind",
    "valid_from",
    "valid_to",
    "confidence",
    "source",
    "quote",
    "shape_note",
    "name",
]
features = []
for f in F:
    geom = mapping(f["geometry"])
    features.append({"type": "Feature", "properties": {k: f[k] for k in PROPS}, "geometry": geom})
fc = {
    "type": "FeatureCollection",
    "name": "corridor_control_zones",
    "crs_note": "EPSG:4326 lon/lat (RFC 7946)",
    "features": features,
}
text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
text = re.sub(r"(-?\d+\.\d{5})\d+", r"\1", text)  # guard: never more than 5 decimals
OUT.write_text(text + "\n", encoding="utf-8")

# --------------------------------------------------------------------------------------
# self-check
# --------------------------------------------------------------------------------------
ACTORS = {
    "iran-axis",
    "syria-gov",
    "iraq-state",
    "coalition",
    "sdf",
    "krg",
    "islamic-state",
    "jordan",
    "lebanon-state",
    "russia",
    "syria-transitional",
    "israel",
    "turkey",
    "idlib-opposition",
    "badia-rebels",
}
MOVERS = ("iran-axis", "coalition-convoy")
KINDS = {"control", "presence", "insurgency", "deconfliction", "security", "air-interdiction"}
STANCE_VALUES = ("passable", "contested", "denied")
STATUSES = ("open", "closed", "reconstruction", "unknown")
CONFIDENCES = ("high", "medium", "low")
STANCE_HEADER = [
    "mover", "actor", "zone_kind", "stance", "factor", "risk", "valid_from", "valid_to",
    "confidence", "source", "quote", "note",
]  # fmt: skip
STATUS_HEADER = ["crossing", "status", "valid_from", "valid_to", "confidence", "source", "quote", "note"]
# crossings another data helper adds to the network (ids fixed by the project); their status rows
# are checked even before data/crossings.geojson has them
NEW_CROSSINGS = {"shalamcheh", "chazabeh", "parviz-khan", "bashmaq", "haji-omran", "arida", "dabousieh"}
ALBUKAMAL_CROSSINGS = ("albukamal-al-qaim", "albukamal-bypass-north", "albukamal-bypass-south")
QAIM_SECURITY_ZONES = ("kh-qaim-security-zone", "pmf-qaim-border-security")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
errors: list[str] = []


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


_seed_cache: dict[str, str] = {}


def quote_ok(source: str, quote: str, where: str):
    if source.startswith("seeds/"):
        p = REPO / source
        if not p.exists():
            errors.append(f"{where}: seed file missing {source}")
            return
        if source not in _seed_cache:
            _seed_cache[source] = norm(p.read_text(encoding="utf-8"))
        if norm(quote) not in _seed_cache[source]:
            errors.append(f"{where}: quote not found verbatim in {source}: {quote[:60]!r}")
    elif not URL.match(source):
        errors.append(f"{where}: source is neither a seed path nor a well-formed http(s) URL: {source!r}")
    if not quote.strip():
        errors.append(f"{where}: empty quote")


def is_date(v) -> bool:
    if not isinstance(v, str) or not DATE.match(v):
        return False
    try:
        __import__("datetime").date.fromisoformat(v)
    except ValueError:
        return False
    return True


back = json.loads(OUT.read_text(encoding="utf-8"))
ids = [ft["properties"]["id"] for ft in back["features"]]
if len(ids) != len(set(ids)):
    errors.append("duplicate feature ids")
rows = []
zone_geoms = {}
for ft in back["features"]:
    p = ft["properties"]
    g = shapely.geometry.shape(ft["geometry"])
    zone_geoms[p["id"]] = g
    w = f"zone {p['id']}"
    if g.geom_type not in ("Polygon", "MultiPolygon") or g.is_empty:
        errors.append(f"{w}: not a non-empty (Multi)Polygon")
    if not g.is_valid:
        errors.append(f"{w}: invalid geometry ({shapely.is_valid_reason(g)})")
    if p["actor"] not in ACTORS:
        errors.append(f"{w}: unknown actor {p['actor']}")
    if p["kind"] not in KINDS:
        errors.append(f"{w}: unknown kind {p['kind']}")
    if p["confidence"] not in CONFIDENCES:
        errors.append(f"{w}: bad confidence")
    if not is_date(p["valid_from"]) or (p["valid_to"] is not None and not is_date(p["valid_to"])):
        errors.append(f"{w}: bad dates")
    elif p["valid_to"] is not None and p["valid_to"] <= p["valid_from"]:
        errors.append(f"{w}: valid_to <= valid_from")
    for k in PROPS:
        if k not in p or (k != "valid_to" and not p[k]):
            errors.append(f"{w}: missing property {k}")
    quote_ok(p["source"], p["quote"], w)
    rows.append(
        (p["id"], p["actor"], p["kind"], p["valid_from"], p["valid_to"] or "-", area_km2(g))
    )

data_dir = REPO / "data"

# ---- coverage.toml: the data window --------------------------------------------------------
WINDOW_START = "2017-01-01"
cov_path = data_dir / "coverage.toml"
if cov_path.exists():
    try:
        cov = tomllib.loads(cov_path.read_text(encoding="utf-8"))
        WINDOW_START = str(cov["start"])
        if not is_date(WINDOW_START) or not is_date(str(cov["reviewed"])):
            errors.append("coverage.toml: start and reviewed must be dates YYYY-MM-DD")
        if not str(cov.get("note", "")).strip():
            errors.append("coverage.toml: empty note")
    except (tomllib.TOMLDecodeError, KeyError) as exc:
        errors.append(f"coverage.toml: unreadable ({exc})")
else:
    errors.append("coverage.toml missing")


def check_timeline(label: str, spans: list[tuple[str, str | None, int]], full: bool):
    """spans: (valid_from, valid_to or None, csv line). No overlap; if full, they must start on the
    window start, join without gaps and end open-ended."""
    spans = sorted(spans)
    for (_, a1, la), (b0, _, lb) in zip(spans, spans[1:]):
        if a1 is None or a1 > b0:
            errors.append(f"{label}: rows on lines {la} and {lb} overlap")
        elif full and a1 < b0:
            errors.append(f"{label}: gap {a1} .. {b0} between lines {la} and {lb}")
    if full and spans:
        if spans[0][0] != WINDOW_START:
            errors.append(f"{label}: first row starts {spans[0][0]}, not at the window start {WINDOW_START}")
        if spans[-1][1] is not None:
            errors.append(f"{label}: last row ends {spans[-1][1]}; the last row must be open-ended")


def read_rows(path: Path, header: list[str]) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != header:
            errors.append(f"{path.name}: header {reader.fieldnames} != {header}")
        return list(reader)


def row_dates(r: dict, where: str) -> tuple[str, str | None] | None:
    vf, vt = r["valid_from"], r["valid_to"] or None
    if not is_date(vf) or (vt is not None and not is_date(vt)):
        errors.append(f"{where}: bad dates {vf!r} {vt!r}")
        return None
    if vt is not None and vt <= vf:
        errors.append(f"{where}: valid_to <= valid_from")
        return None
    if vf < WINDOW_START:
        errors.append(f"{where}: valid_from {vf} before the window start {WINDOW_START}")
    return vf, vt


# ---- actors.json ---------------------------------------------------------------------------
actors = json.loads((data_dir / "actors.json").read_text(encoding="utf-8"))
actor_ids = [a["id"] for a in actors]
if len(actor_ids) != len(set(actor_ids)) or set(actor_ids) != ACTORS:
    errors.append(f"actors.json ids {sorted(actor_ids)} != the expected {sorted(ACTORS)}")
alias_owner: dict[str, str] = {}
for a in actors:
    w = f"actors.json {a['id']}"
    for k in ("id", "name", "aliases", "description", "source", "quote"):
        if not a.get(k):
            errors.append(f"{w}: missing {k}")
    quote_ok(a["source"], a["quote"], w)
    for alias in [a["id"], a["name"], *a.get("aliases", [])]:
        key = re.sub(r"[^0-9a-z]+", "", alias.casefold())
        other = alias_owner.setdefault(key, a["id"])
        if other != a["id"]:
            errors.append(f"{w}: name or alias {alias!r} also belongs to {other}")

# ---- stances.csv ---------------------------------------------------------------------------
stance_rows = read_rows(data_dir / "stances.csv", STANCE_HEADER)
by_key: dict[tuple, list] = {}
for i, r in enumerate(stance_rows, start=2):
    w = f"stances.csv line {i}"
    if r["mover"] not in MOVERS:
        errors.append(f"{w}: unknown mover {r['mover']!r}")
    if r["actor"] not in ACTORS:
        errors.append(f"{w}: unknown actor {r['actor']!r}")
    if r["zone_kind"] != "*" and r["zone_kind"] not in KINDS:
        errors.append(f"{w}: zone_kind {r['zone_kind']!r}")
    if r["stance"] not in STANCE_VALUES:
        errors.append(f"{w}: stance {r['stance']!r}")
    if r["confidence"] not in CONFIDENCES:
        errors.append(f"{w}: confidence {r['confidence']!r}")
    try:
        if not float(r["factor"]) >= 1.0 or not float(r["risk"]) >= 0.0:
            errors.append(f"{w}: factor must be >= 1 and risk >= 0")
        if r["stance"] != "contested" and (float(r["factor"]) != 1.0 or float(r["risk"]) != 0.0):
            errors.append(f"{w}: factor/risk other than 1/0 only make sense for contested")
    except ValueError:
        errors.append(f"{w}: factor/risk not numbers")
    quote_ok(r["source"], r["quote"], w)
    d = row_dates(r, w)
    if d:
        by_key.setdefault((r["mover"], r["actor"], r["zone_kind"]), []).append((*d, i))
for key, spans in sorted(by_key.items()):
    check_timeline(f"stances.csv {key}", spans, full=(key[2] == "*"))
for mover in MOVERS:
    for actor in sorted(ACTORS):
        if (mover, actor, "*") not in by_key:
            errors.append(f"stances.csv: no '*' rows for mover {mover} and actor {actor}")

# ---- crossing_status.csv -------------------------------------------------------------------
crossings_path = data_dir / "crossings.geojson"
network_crossings = set()
crossing_points = {}
if crossings_path.exists():
    for ft in json.loads(crossings_path.read_text(encoding="utf-8"))["features"]:
        network_crossings.add(ft["properties"]["id"])
        crossing_points[ft["properties"]["id"]] = tuple(ft["geometry"]["coordinates"])
known_crossings = network_crossings | NEW_CROSSINGS
status_rows = read_rows(data_dir / "crossing_status.csv", STATUS_HEADER)
by_crossing: dict[str, list] = {}
for i, r in enumerate(status_rows, start=2):
    w = f"crossing_status.csv line {i}"
    if r["crossing"] not in known_crossings:
        errors.append(f"{w}: unknown crossing {r['crossing']!r}")
    if r["status"] not in STATUSES:
        errors.append(f"{w}: status {r['status']!r}")
    if r["confidence"] not in CONFIDENCES:
        errors.append(f"{w}: confidence {r['confidence']!r}")
    if r["status"] == "unknown" and not r["note"].strip():
        errors.append(f"{w}: an unknown row needs a note saying what was searched")
    quote_ok(r["source"], r["quote"], w)
    d = row_dates(r, w)
    if d:
        by_crossing.setdefault(r["crossing"], []).append((*d, i))
for c in sorted(known_crossings):
    if c not in by_crossing:
        errors.append(f"crossing_status.csv: no rows for crossing {c}")
for c, spans in sorted(by_crossing.items()):
    check_timeline(f"crossing_status.csv {c}", spans, full=True)

# ---- seed 000's what-if: al-Qaim security zones cover the Iraqi side of all three crossings ----
sec = unary_union([zone_geoms[z] for z in QAIM_SECURITY_ZONES if z in zone_geoms])
for c in ALBUKAMAL_CROSSINGS:
    pt = crossing_points.get(c) or {
        "albukamal-al-qaim": CROSS_OFFICIAL,
        "albukamal-bypass-north": CROSS_BYPASS_N,
        "albukamal-bypass-south": CROSS_BYPASS_S,
    }[c]
    iraqi_side = gbuf(Point(pt), 1.5).intersection(IRQ)
    if iraqi_side.is_empty or not sec.buffer(1e-6).covers(iraqi_side):
        errors.append(f"the al-Qaim security zones do not cover the Iraqi side of crossing {c} at {pt}")

size = OUT.stat().st_size
print(f"{'id':40s} {'actor':18s} {'kind':16s} {'from':10s} {'to':10s} {'area_km2':>10s}")
for r in rows:
    print(f"{r[0]:40s} {r[1]:18s} {r[2]:16s} {r[3]:10s} {r[4]:10s} {r[5]:10.0f}")
print(f"\n{len(rows)} features, {size / 1024:.0f} KB written to {OUT.relative_to(REPO)}")
print(
    f"{len(actors)} actors, {len(stance_rows)} stance rows ({len(by_key)} keys), "
    f"{len(status_rows)} crossing-status rows ({len(by_crossing)} crossings), window from {WINDOW_START}"
)
if size > 500 * 1024:
    errors.append(f"zones.geojson is {size / 1024:.0f} KB (> 500 KB)")
if errors:
    print("\nSELF-CHECK FAILED:")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print(
    "SELF-CHECK OK: geometries valid, ids unique, enums/dates well-formed, seed quotes verbatim, other "
    "sources are http(s) URLs, stance rows do not overlap and the '*' rows cover the window for every mover "
    "and actor, every crossing's status rows cover the window, the al-Qaim security zones cover the Iraqi side "
    "of the three Albukamal crossings"
)
