#!/usr/bin/env python3
"""Build data/zones.geojson (dated control-assumption polygons) deterministically.

Inputs (read only):
  /work/shared/data/countries.geojson   Natural Earth 10m-derived country polygons
  /work/shared/data/rivers.geojson      Natural Earth rivers (Euphrates = "Al Furat" in Syria)
  /work/shared/data/lakes.geojson       Natural Earth lakes (Lake Assad)
  hand vertices and geodesic buffers written below (every one is explained in its shape_note)

Run:  /work/venv/bin/python data/make/make_zones.py   (from the repository root or anywhere)
Output: data/zones.geojson (EPSG:4326, 5 decimals) and a self-check + summary table on stdout.
The self-check also verifies the seed quotes cited in actors.json, stances.csv and
crossing_status.csv, when those files exist.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import LineString, Point, Polygon, mapping
from shapely.ops import polygonize, unary_union
import numpy as np

REPO = Path(__file__).resolve().parents[2]
SHARED = Path("/work/shared/data")
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
IRQ, SYR, LBN, JOR, IRN = (countries[k] for k in ("IRQ", "SYR", "LBN", "JOR", "IRN"))

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
    "is-middle-euphrates-2017",
    "islamic-state",
    "control",
    IS_VALLEY,
    "2017-01-01",
    "2017-11-09",
    "medium",
    S001,
    "Iraqi Shiite militias and Lebanese Hezbollah (handled by Iran) played a major role in the takeover of the "
    "city of Albukamal, which symbolized the end of the Islamic State as an entity with a territory and "
    "governance (November 9, 2017).",
    "Hand envelope of IS-held eastern Syria in early 2017 (SDF line north of the valley, Iraqi border, Badia "
    "north of the al-Tanf zone, ~25 km east of Palmyra, Jabal Bishri, Raqqa) minus the central-desert part; "
    "covers Raqqa, both banks from Raqqa via Deir ez-Zor and al-Mayadin to Albukamal, and the south-eastern "
    "desert. Simplifications: Raqqa fell to the SDF 17-20 Oct 2017, al-Mayadin 14 Oct, Deir ez-Zor 3 Nov; "
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
    "2017-09-02",
    "medium",
    U_TALAFAR,
    "Victory in the battle was declared by the Prime Minister al-Abadi following the capture of the last IS-held "
    "area in Tal Afar district.",
    "32 km geodesic circle around Tal Afar (42.4498,36.376) - about the 3,206 km2 of the 'Tal Afar area' - "
    "minus the Mosul buffer, clipped to Iraq. Ends 2 Sep 2017 (infobox: Mahalabiyah and Ayadhiyah captured "
    "by 2 September).",
    "IS Tal Afar pocket",
)
add(
    "is-qaim-anah-2017",
    "islamic-state",
    "control",
    IS_QAIM,
    "2017-01-01",
    "2017-11-03",
    "high",
    U_QAIM_AFP,
    "Iraqi forces Friday captured the biggest town under Islamic State group control in Iraq, Prime Minister "
    "Haider al-Abadi said",
    "15 km geodesic buffer of the Euphrates (NE 'Euphrates') from the Syrian border to Anah (lon 40.85-41.96), "
    "clipped to Iraq. Ends with the fall of al-Qaim on Friday 3 Nov 2017; Anah itself was retaken in Sep 2017 "
    "(not modelled).",
    "IS western Anbar pocket (al-Qaim - Anah)",
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
    "sdf-jazira-2019-2026",
    "sdf",
    "control",
    JAZIRA_HELD,
    "2019-03-23",
    "2026-01-18",
    "medium",
    U_SDF_2026,
    "The ceasefire will be in parallel with the withdrawal of all SDF affiliated forces to the east of the "
    "Euphrates River, according to a document published by the Syrian Presidency on Sunday.",
    "Whole left bank of the Euphrates in Syria. Ends 18 Jan 2026, when Damascus took Raqqa and Deir ez-Zor "
    "provinces under the ceasefire deal. Turkish-held Ras al-Ayn - Tal Abyad strip (from Oct 2019) is inside.",
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


def all_breaks():
    s = set()
    for f in F:
        s.add(f["valid_from"])
        if f["valid_to"]:
            s.add(f["valid_to"])
    return s


BR = all_breaks()
OTHERS_SY = {"islamic-state", "coalition", "sdf"}
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
    "Syria (countries.geojson) minus IS, coalition and SDF zones. Opposition/Turkish-held areas (Idlib, "
    "northern Aleppo; Daraa and Eastern Ghouta until 2018) have no actor here and are INCLUDED - an "
    "overstatement away from the corridor routes.",
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
    "Syria minus SDF and (until 11 Feb 2026) coalition zones. Israeli-held areas of south-west Syria "
    "(since Dec 2024) and Suwayda are not modelled.",
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
}
KINDS = {"control", "presence", "insurgency", "deconfliction", "security"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
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
    elif not re.match(r"^https?://", source):
        errors.append(f"{where}: source is neither a seed path nor an http(s) URL: {source!r}")
    if not quote.strip():
        errors.append(f"{where}: empty quote")


back = json.loads(OUT.read_text(encoding="utf-8"))
ids = [ft["properties"]["id"] for ft in back["features"]]
if len(ids) != len(set(ids)):
    errors.append("duplicate feature ids")
rows = []
for ft in back["features"]:
    p = ft["properties"]
    g = shapely.geometry.shape(ft["geometry"])
    w = f"zone {p['id']}"
    if g.geom_type not in ("Polygon", "MultiPolygon") or g.is_empty:
        errors.append(f"{w}: not a non-empty (Multi)Polygon")
    if not g.is_valid:
        errors.append(f"{w}: invalid geometry ({shapely.is_valid_reason(g)})")
    if p["actor"] not in ACTORS:
        errors.append(f"{w}: unknown actor {p['actor']}")
    if p["kind"] not in KINDS:
        errors.append(f"{w}: unknown kind {p['kind']}")
    if p["confidence"] not in ("high", "medium", "low"):
        errors.append(f"{w}: bad confidence")
    if not DATE.match(p["valid_from"]) or (
        p["valid_to"] is not None and not DATE.match(p["valid_to"])
    ):
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

# quotes in the sibling CSV/JSON files (seed quotes verified; URLs checked for form)
data_dir = REPO / "data"
if (data_dir / "actors.json").exists():
    for a in json.loads((data_dir / "actors.json").read_text(encoding="utf-8")):
        quote_ok(a["source"], a["quote"], f"actors.json {a['id']}")
for fname in ("stances.csv", "crossing_status.csv"):
    p = data_dir / fname
    if p.exists():
        with p.open(encoding="utf-8", newline="") as fh:
            for i, r in enumerate(csv.DictReader(fh), start=2):
                quote_ok(r["source"], r["quote"], f"{fname} line {i}")

size = OUT.stat().st_size
print(f"{'id':40s} {'actor':18s} {'kind':13s} {'from':10s} {'to':10s} {'area_km2':>10s}")
for r in rows:
    print(f"{r[0]:40s} {r[1]:18s} {r[2]:13s} {r[3]:10s} {r[4]:10s} {r[5]:10.0f}")
print(f"\n{len(rows)} features, {size / 1024:.0f} KB written to {OUT.relative_to(REPO)}")
if size > 500 * 1024:
    errors.append(f"zones.geojson is {size / 1024:.0f} KB (> 500 KB)")
if errors:
    print("\nSELF-CHECK FAILED:")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print(
    "SELF-CHECK OK: geometries valid, ids unique, enums/dates well-formed, seed quotes verbatim, "
    "other sources are http(s) URLs"
)
