"""Self-check of the freight, air and sea figures (see FREIGHT_NOTES.md).

Run from anywhere:  python data/make/check_freight.py
Deterministic, no network. Exits 1 and lists every problem if a check fails.

Checks: the header of every file; enums; ISO dates (valid_from inclusive, valid_to exclusive, empty =
still valid) inside the data window and not overlapping per key; numbers; that every `source` is a
seed path (seeds/NNN_*.txt) or a well-formed http(s) URL and every seed quote is found verbatim
(whitespace-normalised) in its seed; that a row with no source says "ASSUMPTION:" and has confidence
low; that a note starting with "ASSUMPTION:" has confidence low; cross-file references (airport ids,
aircraft types, port ids, vessel types, the default truck); GeoJSON structure and coordinates.

A row may cite several sources: `source` and `quote` then hold the same number of parts separated by
" | " (space, pipe, space), in the same order.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1]
REPO = DATA.parent
SEP = " | "
WINDOW_START = dt.date(2017, 1, 1)
TODAY = dt.date(2026, 12, 1)
CONFIDENCE = {"high", "medium", "low"}
URL_RE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
SEED_RE = re.compile(r"^seeds/\d{3}_[0-9a-f]+\.txt$")

CROSSINGS = {
    "albukamal-al-qaim", "albukamal-bypass-north", "albukamal-bypass-south", "al-tanf-al-waleed",
    "al-yarubiyah-rabia", "semalka-faysh-khabur", "masnaa-jdeidet-yabous", "al-qaa-jousieh",
    "khosravi-mundhiriya", "mehran-zurbatiyah", "shalamcheh", "chazabeh", "parviz-khan", "bashmaq",
    "haji-omran", "arida", "dabousieh",
}
ROAD_CLASSES = {"motorway", "highway", "primary", "secondary", "track"}
TRUCKS = {"truck-5axle", "truck-6axle", "truck-3axle"}
FUEL_COUNTRIES = {"IRN", "IRQ", "SYR", "LBN"}
AIRSPACE_COUNTRIES = {"IRN", "IRQ", "SYR", "TUR", "JOR", "LBN", "SAU"}
AIRSPACE_STATUS = {"open", "denied", "contested", "unknown"}
CHOKEPOINTS = {"hormuz", "bab-el-mandeb", "suez", "gibraltar"}
MOVERS = {"iran-axis"}
ISO3 = {"IRN", "IRQ", "SYR", "LBN", "JOR", "TUR", "SAU", "EGY", "ARE", "CYP", "ISR", "KWT"}

COLUMNS = {
    "crossing_capacity.csv": ["crossing", "valid_from", "valid_to", "trucks_per_day", "dwell_h",
                              "transshipment", "confidence", "source", "quote", "note"],
    "freight_defaults.csv": ["key", "value", "unit", "applies_to", "confidence", "source", "quote", "note"],
    "fuel_prices.csv": ["country", "valid_from", "valid_to", "usd_per_litre", "confidence", "source",
                        "quote", "note"],
    "aircraft.csv": ["type", "payload_t", "cruise_kmh", "range_km", "usd_per_block_h", "confidence",
                     "source", "quote", "note"],
    "air_services.csv": ["origin", "destination", "operator", "aircraft", "flights_per_week", "valid_from",
                         "valid_to", "confidence", "source", "quote", "note"],
    "airspace.csv": ["country", "mover", "status", "valid_from", "valid_to", "confidence", "source",
                     "quote", "note"],
    "chokepoints.csv": ["chokepoint", "mover", "status", "valid_from", "valid_to", "confidence", "source",
                        "quote", "note"],
    "vessels.csv": ["type", "cargo_t", "speed_knots", "usd_per_day", "confidence", "source", "quote", "note"],
    "sea_services.csv": ["origin", "destination", "vessel", "calls_per_week", "valid_from", "valid_to",
                         "confidence", "source", "quote", "note"],
}

# keys freight_defaults.csv must hold, with the applies_to values each needs (None: any one row)
REQUIRED_DEFAULTS = {
    "speed_kmh": ROAD_CLASSES,
    "dirt_speed_kmh": {"dirt"},
    "driving_h_per_day": None,
    "rest_h_per_day": None,
    "payload_t": TRUCKS,
    "default_truck": None,
    "dwell_h": {"official", "informal"},
    "trucks_per_day": {"official", "informal"} | ROAD_CLASSES,
    "transshipment_h": None,
    "security_halt_h_per_100km": None,
    "fuel_l_per_km": None,
    "driver_usd_per_h": None,
    "truck_usd_per_h": None,
    "border_fee_usd_per_truck": {"official", "informal"},
    "risk_premium_usd_per_t_km": None,
    "air_handling_usd_per_t": None,
    "port_handling_usd_per_t": None,
    "port_dwell_h": None,
    "sea_transit_speed_knots": None,
}
# keys whose value may be zero (a fee that is not charged); all other numbers must be > 0
ZERO_OK_KEYS = {"border_fee_usd_per_truck"}

errors: list[str] = []


def err(where: str, msg: str) -> None:
    errors.append(f"{where}: {msg}")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_seed_cache: dict[str, str] = {}


def seed_text(path: str) -> str | None:
    if path not in _seed_cache:
        p = REPO / path
        _seed_cache[path] = norm(p.read_text(encoding="utf-8")) if p.exists() else None
    return _seed_cache[path]


def check_provenance(where: str, row: dict) -> None:
    conf, note = row.get("confidence", ""), row.get("note", "") or ""
    if conf not in CONFIDENCE:
        err(where, f"confidence {conf!r} not in {sorted(CONFIDENCE)}")
    assumption = note.startswith("ASSUMPTION:")
    if assumption and conf != "low":
        err(where, "a note starting with ASSUMPTION: needs confidence low")
    source, quote = (row.get("source") or "").strip(), (row.get("quote") or "").strip()
    if not source and not quote:
        if not assumption:
            err(where, "no source: the note must start with 'ASSUMPTION:'")
        return
    sources, quotes = source.split(SEP), quote.split(SEP)
    if len(sources) != len(quotes):
        err(where, f"{len(sources)} sources but {len(quotes)} quotes (parts separated by {SEP!r})")
        return
    for s, q in zip(sources, quotes):
        s, q = s.strip(), q.strip()
        if not q:
            err(where, f"empty quote for {s}")
        if s.startswith("seeds/"):
            if not SEED_RE.match(s):
                err(where, f"seed path {s!r} malformed")
                continue
            text = seed_text(s)
            if text is None:
                err(where, f"no seed file {s}")
            elif norm(q) not in text:
                err(where, f"quote not found verbatim in {s}: {q[:60]!r}")
        elif not URL_RE.match(s):
            err(where, f"source {s!r} is not a URL or a seed path")


def parse_date(where: str, value: str, field: str, allow_empty: bool) -> dt.date | None:
    if value == "":
        if not allow_empty:
            err(where, f"{field} is empty")
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        err(where, f"{field} {value!r} is not YYYY-MM-DD")
        return None
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        err(where, f"{field} {value!r} is not a calendar date")
        return None
    if not WINDOW_START <= d <= TODAY:
        err(where, f"{field} {value} outside the data window {WINDOW_START}..{TODAY}")
    return d


def check_period(where: str, row: dict):
    a = parse_date(where, row["valid_from"], "valid_from", allow_empty=False)
    b = parse_date(where, row["valid_to"], "valid_to", allow_empty=True)
    if a and b and not b > a:
        err(where, f"valid_to {b} not after valid_from {a}")
    return a, b


def check_no_overlap(name: str, periods: dict) -> None:
    for key, spans in periods.items():
        spans = sorted((a, b or dt.date.max) for a, b in spans if a)
        for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
            if a2 < b1:
                err(name, f"{key}: periods {a1}..{b1} and {a2}..{b2} overlap")


def check_contiguous(name: str, key, spans) -> None:
    """Periods cover 2017-01-01 to open-ended without gaps."""
    spans = sorted((a, b) for a, b in spans if a)
    if not spans:
        err(name, f"{key}: no rows")
        return
    if spans[0][0] != WINDOW_START:
        err(name, f"{key}: first period starts {spans[0][0]}, not {WINDOW_START}")
    for (_, b1), (a2, _) in zip(spans, spans[1:]):
        if b1 != a2:
            err(name, f"{key}: gap or overlap between {b1} and {a2}")
    if spans[-1][1] is not None:
        err(name, f"{key}: last period ends {spans[-1][1]}; should be open-ended")


def number(where: str, value: str, field: str, allow_empty=False, allow_zero=False) -> float | None:
    if value == "":
        if not allow_empty:
            err(where, f"{field} is empty")
        return None
    try:
        x = float(value)
    except ValueError:
        err(where, f"{field} {value!r} is not a number")
        return None
    if not math.isfinite(x) or x < 0 or (x == 0 and not allow_zero):
        err(where, f"{field} {value!r} must be {'>= 0' if allow_zero else '> 0'}")
    return x


def read_csv(name: str) -> list[dict]:
    path = DATA / name
    if not path.exists():
        err(name, "missing")
        return []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS[name]:
            err(name, f"header {reader.fieldnames} != {COLUMNS[name]}")
            return []
        rows = list(reader)
    for i, r in enumerate(rows):
        if None in r or any(v is None for v in r.values()):
            err(f"{name} row {i + 2}", "wrong number of fields")
    return rows


def check_crossings() -> int:
    name = "crossing_capacity.csv"
    rows = read_csv(name)
    periods: dict = {}
    for i, r in enumerate(rows):
        where = f"{name} row {i + 2}"
        if r["crossing"] not in CROSSINGS:
            err(where, f"unknown crossing id {r['crossing']!r}")
        periods.setdefault(r["crossing"], []).append(check_period(where, r))
        number(where, r["trucks_per_day"], "trucks_per_day", allow_empty=True, allow_zero=True)
        number(where, r["dwell_h"], "dwell_h", allow_empty=True)
        if r["transshipment"] not in {"true", "false", ""}:
            err(where, f"transshipment {r['transshipment']!r} not true/false/empty")
        if not (r["trucks_per_day"] or r["dwell_h"] or r["transshipment"]):
            err(where, "row carries no figure (trucks_per_day, dwell_h and transshipment all empty)")
        check_provenance(where, r)
    check_no_overlap(name, periods)
    return len(rows)


def check_defaults() -> int:
    name = "freight_defaults.csv"
    rows = read_csv(name)
    seen: dict = {}
    for i, r in enumerate(rows):
        where = f"{name} row {i + 2}"
        k = (r["key"], r["applies_to"])
        if k in seen:
            err(where, f"duplicate key/applies_to {k} (also row {seen[k]})")
        seen[k] = i + 2
        if not r["unit"]:
            err(where, "empty unit")
        if r["key"] == "default_truck":
            if r["value"] not in TRUCKS:
                err(where, f"default_truck {r['value']!r} not in {sorted(TRUCKS)}")
        else:
            number(where, r["value"], "value", allow_zero=r["key"] in ZERO_OK_KEYS)
        check_provenance(where, r)
    for key, needed in REQUIRED_DEFAULTS.items():
        have = {a for (k, a) in seen if k == key}
        if not have:
            err(name, f"missing key {key}")
        elif needed and not needed <= have:
            err(name, f"key {key} lacks applies_to {sorted(needed - have)}")
    default = [r["value"] for r in rows if r["key"] == "default_truck"]
    if default and ("payload_t", default[0]) not in seen:
        err(name, f"default_truck {default[0]} has no payload_t row")
    return len(rows)


def check_fuel() -> int:
    name = "fuel_prices.csv"
    rows = read_csv(name)
    periods: dict = {}
    for i, r in enumerate(rows):
        where = f"{name} row {i + 2}"
        if r["country"] not in FUEL_COUNTRIES:
            err(where, f"country {r['country']!r} not in {sorted(FUEL_COUNTRIES)}")
        periods.setdefault(r["country"], []).append(check_period(where, r))
        number(where, r["usd_per_litre"], "usd_per_litre")
        check_provenance(where, r)
    check_no_overlap(name, periods)
    for c in sorted(FUEL_COUNTRIES - set(periods)):
        err(name, f"no row for {c}")
    return len(rows)


def check_typed_table(name: str, key: str, numeric: list[str]) -> tuple[int, set]:
    rows = read_csv(name)
    seen = set()
    for i, r in enumerate(rows):
        where = f"{name} row {i + 2}"
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r[key]):
            err(where, f"{key} {r[key]!r} is not a lower-case-hyphen id")
        if r[key] in seen:
            err(where, f"duplicate {key} {r[key]!r}")
        seen.add(r[key])
        for f in numeric:
            number(where, r[f], f)
        check_provenance(where, r)
    return len(rows), seen


def check_air_services(airports: set, aircraft: set) -> int:
    name = "air_services.csv"
    rows = read_csv(name)
    periods: dict = {}
    for i, r in enumerate(rows):
        where = f"{name} row {i + 2}"
        for f in ("origin", "destination"):
            if r[f] not in airports:
                err(where, f"{f} {r[f]!r} is not an airport id of airports.geojson")
        if r["aircraft"] not in aircraft:
            err(where, f"aircraft {r['aircraft']!r} is not a type of aircraft.csv")
        if not r["operator"]:
            err(where, "empty operator")
        # 0 = the source says the flights stopped (e.g. after Dec 2024)
        number(where, r["flights_per_week"], "flights_per_week", allow_zero=True)
        periods.setdefault((r["origin"], r["destination"]), []).append(check_period(where, r))
        check_provenance(where, r)
    check_no_overlap(name, periods)
    return len(rows)


def check_sea_services(ports: set, vessels: set) -> int:
    name = "sea_services.csv"
    rows = read_csv(name)
    periods: dict = {}
    for i, r in enumerate(rows):
        where = f"{name} row {i + 2}"
        for f in ("origin", "destination"):
            if r[f] not in ports:
                err(where, f"{f} {r[f]!r} is not a port id of ports.geojson")
        if r["vessel"] not in vessels:
            err(where, f"vessel {r['vessel']!r} is not a type of vessels.csv")
        # 0 = the source says deliveries stopped
        number(where, r["calls_per_week"], "calls_per_week", allow_zero=True)
        periods.setdefault((r["origin"], r["destination"]), []).append(check_period(where, r))
        check_provenance(where, r)
    check_no_overlap(name, periods)
    return len(rows)


def check_status_table(name: str, key: str, allowed: set, must_cover: set) -> int:
    rows = read_csv(name)
    periods: dict = {}
    for i, r in enumerate(rows):
        where = f"{name} row {i + 2}"
        if r[key] not in allowed:
            err(where, f"{key} {r[key]!r} not in {sorted(allowed)}")
        if r["mover"] not in MOVERS:
            err(where, f"mover {r['mover']!r} not in {sorted(MOVERS)}")
        if r["status"] not in AIRSPACE_STATUS:
            err(where, f"status {r['status']!r} not in {sorted(AIRSPACE_STATUS)}")
        periods.setdefault((r[key], r["mover"]), []).append(check_period(where, r))
        check_provenance(where, r)
    check_no_overlap(name, periods)
    for k in sorted(must_cover):
        check_contiguous(name, k, periods.get((k, "iran-axis"), []))
    return len(rows)


def check_geojson(name: str, required: list[str], extra) -> tuple[int, set]:
    path = DATA / name
    if not path.exists():
        err(name, "missing")
        return 0, set()
    fc = json.loads(path.read_text(encoding="utf-8"))
    if fc.get("type") != "FeatureCollection" or not isinstance(fc.get("features"), list):
        err(name, "not a FeatureCollection")
        return 0, set()
    ids = set()
    for i, f in enumerate(fc["features"]):
        p = f.get("properties") or {}
        where = f"{name} feature {p.get('id', i)}"
        g = f.get("geometry") or {}
        if f.get("type") != "Feature" or g.get("type") != "Point":
            err(where, "not a Point Feature")
            continue
        lon, lat = g.get("coordinates", [None, None])[:2]
        if not (isinstance(lon, (int, float)) and isinstance(lat, (int, float))
                and -180 <= lon <= 180 and -90 <= lat <= 90):
            err(where, f"bad coordinates {g.get('coordinates')}")
            continue
        if round(lon, 5) != lon or round(lat, 5) != lat:
            err(where, "coordinates have more than 5 decimals")
        for k in required:
            if k not in p:
                err(where, f"missing property {k}")
        if p.get("id") in ids:
            err(where, "duplicate id")
        ids.add(p.get("id"))
        if p.get("country") not in ISO3:
            err(where, f"country {p.get('country')!r} is not a known ISO3 code")
        if not isinstance(p.get("aliases"), list):
            err(where, "aliases is not a list")
        try:
            slon, slat = float(p["source_lon"]), float(p["source_lat"])
            if abs(slon - lon) > 6e-6 or abs(slat - lat) > 6e-6:
                err(where, f"geometry {lon},{lat} is not the source point {slon},{slat} rounded")
        except (KeyError, TypeError, ValueError):
            err(where, "source_lon/source_lat missing or not numbers")
        src, quote = p.get("source") or "", p.get("quote") or ""
        if not URL_RE.match(src):
            err(where, f"source {src!r} is not a URL")
        if not quote.strip():
            err(where, "empty quote (the coordinate as the source gives it)")
        extra(where, p)
    return len(fc["features"]), ids


def airport_extra(where, p):
    if p.get("iata") is not None and not re.fullmatch(r"[A-Z]{3}", str(p["iata"])):
        err(where, f"iata {p['iata']!r} is not 3 capitals")
    if p.get("icao") is not None and not re.fullmatch(r"[A-Z]{4}", str(p["icao"])):
        err(where, f"icao {p['icao']!r} is not 4 capitals")


def port_extra(where, p):
    if p.get("unlocode") is not None and not re.fullmatch(r"[A-Z]{2}[A-Z2-9]{3}", str(p["unlocode"])):
        err(where, f"unlocode {p['unlocode']!r} malformed")


def main() -> int:
    counts = {}
    counts["crossing_capacity.csv"] = check_crossings()
    counts["freight_defaults.csv"] = check_defaults()
    counts["fuel_prices.csv"] = check_fuel()
    counts["aircraft.csv"], aircraft = check_typed_table(
        "aircraft.csv", "type", ["payload_t", "cruise_kmh", "range_km", "usd_per_block_h"])
    counts["vessels.csv"], vessels = check_typed_table(
        "vessels.csv", "type", ["cargo_t", "speed_knots", "usd_per_day"])
    ap_fields = ["id", "name", "iata", "icao", "country", "aliases", "source", "note", "source_lon", "source_lat"]
    counts["airports.geojson"], airports = check_geojson("airports.geojson", ap_fields, airport_extra)
    po_fields = ["id", "name", "country", "unlocode", "aliases", "source", "note", "source_lon", "source_lat"]
    counts["ports.geojson"], ports = check_geojson("ports.geojson", po_fields, port_extra)
    counts["air_services.csv"] = check_air_services(airports, aircraft)
    counts["sea_services.csv"] = check_sea_services(ports, vessels)
    counts["airspace.csv"] = check_status_table("airspace.csv", "country", AIRSPACE_COUNTRIES, {"IRQ", "SYR"})
    counts["chokepoints.csv"] = check_status_table("chokepoints.csv", "chokepoint", CHOKEPOINTS, CHOKEPOINTS)

    width = max(map(len, counts))
    for k, n in counts.items():
        print(f"{k:<{width}}  {n:>3} rows/features")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nall freight checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
