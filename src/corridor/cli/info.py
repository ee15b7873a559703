"""Commands about the data: ``summary``, ``places`` and ``scenarios``."""

from __future__ import annotations

from ..errors import CorridorError
from .common import (
    add_json,
    network,
    print_json,
    table,
)


def cmd_summary(args) -> int:
    net = network(args)
    s = net.summary()
    if args.json:
        print_json(s)
        return 0
    print(f"{s['name']}: {s['nodes']} nodes, {s['edges']} road edges, {s['road_km']:,.1f} road km")
    print("nodes by kind: " + ", ".join(f"{k} {v}" for k, v in s["nodes_by_kind"].items()))
    print(
        "road km by class: " + ", ".join(f"{k} {v:,.1f}" for k, v in s["road_km_by_class"].items())
    )
    print(f"countries: {', '.join(s['countries'])}; control zones: {s['zones']}")
    print(f"border crossings ({len(s['crossings'])}):")
    for ident, name, a, b, kind in s["crossings"]:
        print(f"  {ident:<26} {name:<34} {a}-{b}  {kind}")
    return 0


PLACE_KINDS = ("city", "town", "junction", "crossing")


def _country_names() -> dict[str, str]:
    """ISO3 code -> country name, from the bundled countries layer (Natural Earth)."""
    import json

    from .._bundled import bundled_data_dir

    text = (bundled_data_dir() / "countries.geojson").read_text(encoding="utf-8")
    return {
        f["properties"]["iso_a3"]: f["properties"]["name"] for f in json.loads(text)["features"]
    }


def _country_filter(places, country: str):
    """Rows of ``places`` in ``country`` (ISO3 code or country name, any case)."""
    from ..errors import UnknownNameError
    from ..names import NameIndex, normalize_name

    codes = sorted({c for value in places["country"] for c in str(value).split("|")})
    wanted = country.strip().upper()
    if wanted not in codes:
        names = _country_names()
        known = {normalize_name(n): c for c, n in names.items() if c in codes}
        wanted = known.get(normalize_name(country), "")
        if not wanted:
            index = NameIndex(((c, names.get(c, c), (c,)) for c in codes), what="country")
            close = index.suggest(country)
            hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
            raise UnknownNameError(
                f"no country {country!r} in the network; {hint}countries: {', '.join(codes)}",
                name=country,
                suggestions=close,
            )
    return places[[wanted in str(v).split("|") for v in places["country"]]]


def cmd_places(args) -> int:
    net = network(args)
    places = net.places
    if args.country is not None:
        if not args.country.strip():
            raise CorridorError("--country is empty: give an ISO3 code or a name, e.g. IRQ")
        places = _country_filter(places, args.country)
    if args.kind:
        places = places[places["kind"].isin(args.kind)]
    rows = [
        {
            "id": ident,
            "name": row["name"],
            "kind": row["kind"],
            "country": row["country"],
            "aliases": list(row["aliases"] or ()),
            "lon": round(row.geometry.x, 5),
            "lat": round(row.geometry.y, 5),
        }
        for ident, row in places.iterrows()
    ]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:  # the table shows the first aliases (--json has them all)
        shown = ", ".join(row["aliases"][:3])
        row["aliases"] = shown + (", ..." if len(row["aliases"]) > 3 else "")
    print(table(rows, ["id", "name", "kind", "country", "aliases"]))
    print(f"{len(rows)} places (a route's ORIGIN and DESTINATION take an id, name or alias)")
    return 0


def cmd_scenarios(args) -> int:
    from .._bundled import BUNDLED_NETWORKS, source_path
    from ..whatif import builtin_scenarios  # no pandas: this command starts fast

    if args.data is not None and args.data not in BUNDLED_NETWORKS:
        source_path(args.data)  # the built-in scenarios are the same on every network
    rows = [
        {
            "name": sc.name,
            "date": sc.date.isoformat(),
            "mover": sc.mover,
            "description": sc.description,
            "sources": "; ".join(sc.sources),
        }
        for sc in builtin_scenarios().values()
    ]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        print(f"{row['name']:<28} {row['date']}  {row['description']}")
        print(f"{'':<28} sources: {row['sources']}")
    return 0


def register(add) -> None:
    p = add("summary", cmd_summary, "Summarise the network: counts by kind, road km, crossings.")
    add_json(p)
    p = add("places", cmd_places, "List the places and crossings routes can start and end at.")
    p.add_argument("--country", metavar="ISO3|NAME", help="only those in a country, e.g. IRQ")
    p.add_argument(
        "--kind",
        action="append",
        choices=PLACE_KINDS,
        help="only places of this kind (repeat for several)",
    )
    add_json(p)
    p = add("scenarios", cmd_scenarios, "List the built-in scenarios.")
    add_json(p)
