"""Route commands: ``routes``, ``compare``, ``timeline``, ``explain`` and ``critical``."""

from __future__ import annotations

import sys

from ..errors import CorridorError
from .common import (
    add_json,
    add_od,
    add_scenario,
    add_weight,
    check_png,
    named_scenario,
    network,
    print_json,
    scenario_arg,
    table,
)


def _route_rows(routes) -> list[dict]:
    return [
        {
            "#": i + 1,
            "via": r.via,
            "km": f"{r.length_km:,.0f}",
            "hours": f"{r.hours:.1f}",
            "driving h": f"{r.driving_h:.1f}",
            "border h": f"{r.border_h:.1f}",
            "rest h": f"{r.rest_h:.1f}",
            "days": f"{r.transit_days:.1f}",
            "USD/t": f"{r.cost_usd_per_t:,.0f}" if r.cost_usd_per_t == r.cost_usd_per_t else "n/a",
            "contested km": f"{r.contested_km:,.0f}",
            "risk": f"{r.risk:,.0f}",
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
    net = network(args)
    sc = scenario_arg(args)
    routes = viable_routes(net, sc, args.origin, args.destination, k=args.k, weight=args.weight)
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
        print(f"map written to {png}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _compare_output(args, net, frame, scenarios) -> int:
    png = check_png(args.png)
    if args.json:
        print_json(frame.to_dict(orient="records"))
    else:
        rows = (
            frame.assign(date=frame["date"].astype(str))
            .astype(object)
            .fillna("")
            .to_dict(orient="records")
        )
        print(
            table(
                rows,
                [
                    "scenario",
                    "date",
                    "viable",
                    "crossings",
                    "km",
                    "hours",
                    "delta_km",
                    "delta_hours",
                ],
            )
        )
    if png:
        from ..plot import plot_timeline, save_png

        save_png(plot_timeline(net, scenarios, args.origin, args.destination), png)
        print(f"map written to {png}", file=sys.stderr if args.json else sys.stdout)
    return 0


def cmd_compare(args) -> int:
    from ..routing import compare

    if not args.scenario:
        raise CorridorError("give at least one --scenario NAME (see corridor scenarios)")
    net = network(args)
    scs = [named_scenario(s) for s in args.scenario]
    return _compare_output(
        args, net, compare(net, scs, args.origin, args.destination, weight=args.weight), scs
    )


def cmd_timeline(args) -> int:
    from ..routing import compare
    from ..whatif import Scenario, scenarios

    net = network(args)
    if args.date:
        scs = [Scenario.at(d) for d in args.date]
    else:
        table = scenarios()
        scs = [named_scenario(n) for n in table.sort_values("date")["name"] if "+" not in n]
        scs = [
            s
            for s in scs
            if s.name in set(table[~table["description"].str.startswith("What-if")]["name"])
        ]
    return _compare_output(
        args, net, compare(net, scs, args.origin, args.destination, weight=args.weight), scs
    )


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
            {"ranking": frame.to_dict(orient="records"), **{k: v for k, v in frame.attrs.items()}}
        )
        return 0
    rows = frame.astype(object).fillna("").to_dict(orient="records")
    print(
        table(rows, ["crossing", "name", "on_best_route", "cost_if_denied", "delta", "disconnects"])
    )
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


def register(add) -> None:
    p = add("routes", cmd_routes, "Viable routes between two places under a scenario.")
    add_od(p)
    add_scenario(p)
    p.add_argument("--k", type=int, default=3, help="how many routes at most (default 3)")
    add_weight(p)
    p.add_argument("--png", metavar="FILE", help="also draw a route map to this PNG")
    add_json(p)
    p = add("compare", cmd_compare, "Compare the best route across scenarios.")
    add_od(p)
    add_scenario(p, many=True)
    add_weight(p)
    p.add_argument("--png", metavar="FILE", help="small-multiple maps to this PNG")
    add_json(p)
    p = add(
        "timeline",
        cmd_timeline,
        "The best route over dated snapshots (default: the built-in dated scenarios).",
    )
    add_od(p)
    p.add_argument("--date", action="append", metavar="YYYY-MM-DD", help="a date (repeat)")
    add_weight(p)
    p.add_argument("--png", metavar="FILE", help="small-multiple maps to this PNG")
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
