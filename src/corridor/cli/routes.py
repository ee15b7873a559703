"""Route commands: ``routes``, ``compare``, ``timeline``, ``explain`` and ``critical``."""

from __future__ import annotations

from ..errors import CorridorError
from .common import (
    WEIGHT_UNITS,
    add_json,
    add_mover,
    add_od,
    add_scenario,
    add_weight,
    check_output,
    check_png,
    fmt_delta,
    fmt_hours,
    fmt_km,
    fmt_weight,
    named_scenario,
    network,
    note_written,
    print_json,
    scenario_arg,
    table,
    with_mover,
)
from .maps import add_html, check_html


def _route_rows(routes) -> list[dict]:
    return [
        {
            "#": i + 1,
            "via": r.via,
            "km": fmt_km(r.length_km),
            "hours": fmt_hours(r.hours),
            "driving h": fmt_hours(r.driving_h),
            "border h": fmt_hours(r.border_h),
            "rest h": fmt_hours(r.rest_h),
            "days": fmt_hours(r.transit_days),
            "USD/t": fmt_km(r.cost_usd_per_t) or "n/a",
            "contested km": fmt_km(r.contested_km),
            "risk": fmt_km(r.risk),
            "countries": "-".join(r.countries),
        }
        for i, r in enumerate(routes)
    ]


def _freight_assumptions(routes) -> list[str]:
    """The freight figures behind the routes' hours, days and cost that are assumptions."""
    from ..freight import route_freight

    return list(dict.fromkeys(a for r in routes for a in route_freight(r).assumptions))


def cmd_routes(args) -> int:
    from ..critical import explain
    from ..routing import viable_routes

    png = check_png(args.png)
    html = check_html(args.html)
    geojson = check_output(args.geojson, "--geojson", (".geojson", ".json"))
    net = network(args)
    sc = scenario_arg(args)
    routes = viable_routes(
        net,
        sc,
        args.origin,
        args.destination,
        k=args.k,
        weight=args.weight,
        reentry=args.reentry,
    )
    if args.json:
        print_json(
            {
                "scenario": sc.to_dict(),
                "origin": net.node_id(args.origin),
                "destination": net.node_id(args.destination),
                "weight": args.weight,
                "routes": [
                    {
                        **r.summary(),
                        "crossings": r.crossings,
                        "km_by_actor": r.km_by_actor,
                        "km_in_zones": r.km_in_zones,
                        "events": r.events,
                        "edges": r.edge_ids,
                    }
                    for r in routes
                ],
                "explanation": None
                if routes
                else explain(net, sc, args.origin, args.destination).text,
                "freight_assumptions": _freight_assumptions(routes),
            }
        )
    else:
        o, d = net.place(args.origin)["name"], net.place(args.destination)["name"]
        print(
            f"{o} → {d} under {sc.name!r} ({sc.date.isoformat()}, mover {sc.mover}), by {args.weight}:"
        )
        if routes:
            print(
                table(
                    _route_rows(routes),
                    [
                        "#",
                        "via",
                        "km",
                        "hours",
                        "driving h",
                        "border h",
                        "rest h",
                        "days",
                        "USD/t",
                        "contested km",
                        "risk",
                        "countries",
                    ],
                )
            )
            print(
                f"hours = driving + border (rest excluded); days include rest; USD/t per tonne. "
                f"They rest on {len(_freight_assumptions(routes))} assumptions (--json lists "
                "them; data/freight_defaults.csv)."
            )
        else:
            print("no viable route.")
            print(explain(net, sc, args.origin, args.destination).text)
    if png:
        from ..plot import plot_routes, save_png

        fig = plot_routes(net, sc, routes, origin=args.origin, destination=args.destination)
        save_png(fig, png)
        note_written(args, f"map written to {png}")
    if geojson:
        from ..export import write_routes_geojson

        write_routes_geojson(routes, geojson)
        note_written(args, f"{len(routes)} routes written to {geojson}")
    if html:
        from ..plot.interactive import explore, save_html

        m = explore(net, sc, routes, origin=args.origin, destination=args.destination)
        save_html(m, html)
        note_written(args, f"interactive map written to {html}")
    return 0


def _compare_output(args, net, frame, scenarios, kind: str = "timeline") -> int:
    png = check_png(args.png)
    html = check_html(args.html)
    if args.json:
        print_json(frame.to_dict(orient="records"))
    else:
        rows = [
            {
                "scenario": r["scenario"],
                "date": str(r["date"]),
                "viable": "yes" if r["viable"] else "no",
                "via": r["crossings"] if isinstance(r["crossings"], str) else "",
                "km": fmt_km(r["km"]),
                "hours": fmt_hours(r["hours"]),
                "Δ km": fmt_delta(r["delta_km"], 0),
                "Δ hours": fmt_delta(r["delta_hours"], 1),
            }
            for r in frame.to_dict(orient="records")
        ]
        print(table(rows, ["scenario", "date", "viable", "via", "km", "hours", "Δ km", "Δ hours"]))
        base = frame.attrs.get("baseline")
        print(
            f"Δ against {base!r}"
            + (" (the first with a route)" if args.baseline == "first-viable" else "")
            if base is not None
            else "Δ: the baseline has no route (no changes to show)"
        )
    if png:
        from ..plot import plot_compare, plot_timeline, save_png

        plot = plot_compare if kind == "compare" else plot_timeline
        save_png(plot(net, scenarios, args.origin, args.destination, weight=args.weight), png)
        note_written(args, f"map written to {png}")
    if html:
        from ..plot.interactive import explore_timeline, save_html

        m = explore_timeline(
            net,
            scenarios,
            args.origin,
            args.destination,
            weight=args.weight,
            compare=kind == "compare",
        )
        save_html(m, html)
        note_written(args, f"interactive map written to {html}")
    return 0


def cmd_compare(args) -> int:
    from ..comparison import compare

    if not args.scenario:
        raise CorridorError("give at least one --scenario NAME (see corridor scenarios)")
    net = network(args)
    scs = [with_mover(args, named_scenario(s)) for s in args.scenario]
    frame = compare(
        net, scs, args.origin, args.destination, weight=args.weight, baseline=_baseline(args)
    )
    return _compare_output(args, net, frame, scs, "compare")


def _baseline(args):
    """--baseline: a row number, 'first', 'first-viable' or a scenario name."""
    text = args.baseline
    return int(text) if text.isdigit() else text


def _timeline_dates(args) -> list:
    from ..comparison import date_steps

    if args.start is None:
        if args.end is not None or args.every is not None:
            raise CorridorError("--to and --every need --from DATE (the first date)")
        return list(args.date or [])
    if args.date:
        raise CorridorError("give either --date (repeat) or --from/--to/--every, not both")
    return date_steps(args.start, args.end or "today", args.every or "3m")


def cmd_timeline(args) -> int:
    from ..comparison import compare
    from ..whatif import Scenario, scenarios

    dates = _timeline_dates(args)
    net = network(args)
    if dates:
        scs = [with_mover(args, Scenario.at(d)) for d in dates]
    else:
        table = scenarios()
        scs = [named_scenario(n) for n in table.sort_values("date")["name"] if "+" not in n]
        scs = [
            s
            for s in scs
            if s.name in set(table[~table["description"].str.startswith("What-if")]["name"])
        ]
        scs = [with_mover(args, s) for s in scs]
    frame = compare(
        net, scs, args.origin, args.destination, weight=args.weight, baseline=_baseline(args)
    )
    return _compare_output(args, net, frame, scs)


def cmd_explain(args) -> int:
    from ..critical import explain

    net = network(args)
    sc = scenario_arg(args)
    result = explain(net, sc, args.origin, args.destination)
    if args.json:
        print_json(result.to_dict())
    else:
        print(result.text)
    return 0


def cmd_critical(args) -> int:
    from ..critical import critical_crossings

    net = network(args)
    sc = scenario_arg(args)
    frame = critical_crossings(net, sc, args.origin, args.destination, weight=args.weight)
    if args.json:
        print_json(
            {
                "scenario": sc.to_dict(),
                "ranking": frame.to_dict(orient="records"),
                **{k: v for k, v in frame.attrs.items()},
            }
        )
        return 0
    unit = WEIGHT_UNITS[args.weight]
    rows = [
        {
            "crossing": r["crossing"],
            "name": r["name"],
            "on best route": "yes" if r["on_best_route"] else "",
            f"if denied ({unit})": fmt_weight(r["cost_if_denied"], args.weight),
            f"Δ ({unit})": fmt_delta(r["delta"], 1 if args.weight == "hours" else 0),
            "disconnects": "yes" if r["disconnects"] else "",
        }
        for r in frame.to_dict(orient="records")
    ]
    print(table(rows, list(rows[0]) if rows else ["crossing"]))
    cut = frame.attrs.get("min_cut")
    if frame.attrs.get("base_cost") != frame.attrs.get("base_cost"):  # NaN: no route to begin with
        print("no viable route under this scenario: nothing to cut (see corridor explain)")
        return 0
    print(
        "minimum set of crossings whose denial cuts the corridor: "
        + (", ".join(cut) if cut else "none (no crossing set cuts it)")
    )
    pair = frame.attrs.get("best_pair")
    if pair:
        print(
            f"best pair to deny: {pair['crossings'][0]} + {pair['crossings'][1]} ({pair['effect']})"
        )
    return 0


def add_baseline(p) -> None:
    p.add_argument(
        "--baseline",
        default="first-viable",
        metavar="NAME|N",
        help="what the changes are against: 'first-viable' (default: the first row with a "
        "route), 'first', a row number or a scenario name",
    )


def register(add) -> None:
    p = add("routes", cmd_routes, "Viable routes between two places under a scenario.")
    add_od(p)
    add_scenario(p)
    p.add_argument("--k", type=int, default=3, help="how many routes at most (default 3)")
    add_weight(p)
    p.add_argument(
        "--reentry",
        action="store_true",
        help="allow routes that leave a country and come back into it",
    )
    p.add_argument("--png", metavar="FILE", help="also draw a route map to this PNG")
    p.add_argument(
        "--geojson",
        metavar="FILE",
        help="also write the routes, every figure as properties, as GeoJSON (EPSG:4326)",
    )
    add_html(p, "also write an interactive map (self-contained HTML, works offline)")
    add_json(p)
    p = add("compare", cmd_compare, "Compare the best route across scenarios.")
    add_od(p)
    add_scenario(p, many=True)
    add_weight(p)
    p.add_argument("--png", metavar="FILE", help="small-multiple maps to this PNG")
    add_html(p, "an interactive map with a slider over the scenarios (self-contained HTML)")
    add_baseline(p)
    add_json(p)
    p = add(
        "timeline",
        cmd_timeline,
        "The best route over dated snapshots (default: the built-in dated scenarios).",
    )
    add_od(p)
    p.add_argument("--date", action="append", metavar="YYYY-MM-DD", help="a date (repeat)")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first of regular dates")
    p.add_argument(
        "--to", dest="end", metavar="YYYY-MM-DD", help="last of regular dates (default today)"
    )
    p.add_argument(
        "--every",
        metavar="STEP",
        help="step between regular dates: a count and d, w, m or y (default 3m)",
    )
    add_mover(p)
    add_weight(p)
    p.add_argument("--png", metavar="FILE", help="small-multiple maps to this PNG")
    add_html(p, "an interactive map with a time slider over the dates (self-contained HTML)")
    add_baseline(p)
    add_json(p)
    p = add("explain", cmd_explain, "Why there is no route, or what it would take to cut it.")
    add_od(p)
    add_scenario(p)
    add_json(p)
    p = add("critical", cmd_critical, "Rank crossings by how much their loss hurts the best route.")
    add_od(p)
    add_scenario(p)
    add_weight(p)
    add_json(p)
