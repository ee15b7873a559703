"""The ``corridor`` command line: route analysis, maps and exports on the bundled data.

Bad input exits with status 2 and one line on stderr; ``--help`` works everywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import CorridorError

DEFAULT_SCENARIO = "mid-2018"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, status 2
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _network(args):
    from .datasets import load

    return load(args.data)


def _scenario(name: str):
    from .scenario import scenario

    return scenario(name)


def _scenario_arg(args):
    from .scenario import Scenario

    date = getattr(args, "date", None)
    if date and not args.scenario:
        return Scenario.at(date)
    sc = _scenario(args.scenario or DEFAULT_SCENARIO)
    return sc.on(date) if date else sc  # --scenario with --date: its overrides on that date


def _jsonable(value):
    """Plain JSON values: NaN becomes null (RFC 8259 has no NaN), dates and the rest text."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    return str(value)


def _print_json(data) -> None:
    json.dump(_jsonable(data), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


def _table(rows: list[dict], columns: list[str]) -> str:
    widths = {
        c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) if rows else len(c) for c in columns
    }
    head = "  ".join(c.ljust(widths[c]) for c in columns)
    lines = [head, "  ".join("-" * widths[c] for c in columns)]
    for r in rows:
        lines.append("  ".join(str(r.get(c, "")).ljust(widths[c]) for c in columns))
    return "\n".join(lines)


def _check_png(path: str | None) -> Path | None:
    if path is None:
        return None
    p = Path(path)
    if p.suffix.lower() != ".png":
        raise CorridorError(f"--png {path}: the file name must end in .png")
    if not p.parent.exists():
        raise CorridorError(f"--png {path}: the folder {p.parent} does not exist")
    return p


# ------------------------------------------------------------------ commands


def cmd_summary(args) -> int:
    net = _network(args)
    s = net.summary()
    if args.json:
        _print_json(s)
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


def cmd_scenarios(args) -> int:
    from .scenario import scenarios

    frame = scenarios()
    if args.json:
        _print_json(frame.to_dict(orient="records"))
        return 0
    for row in frame.itertuples():
        print(f"{row.name:<28} {row.date}  {row.description}")
        print(f"{'':<28} sources: {row.sources}")
    return 0


def _route_rows(routes) -> list[dict]:
    return [
        {
            "#": i + 1,
            "via": r.via,
            "km": f"{r.length_km:,.0f}",
            "hours": f"{r.hours:.1f}",
            "contested km": f"{r.contested_km:,.0f}",
            "risk": f"{r.risk:,.0f}",
            "countries": "-".join(r.countries),
        }
        for i, r in enumerate(routes)
    ]


def cmd_routes(args) -> int:
    from .critical import explain
    from .routing import viable_routes

    png = _check_png(args.png)
    net = _network(args)
    sc = _scenario_arg(args)
    routes = viable_routes(net, sc, args.origin, args.destination, k=args.k, weight=args.weight)
    if args.json:
        _print_json(
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
            }
        )
    else:
        o, d = net.place(args.origin)["name"], net.place(args.destination)["name"]
        print(
            f"{o} → {d} under {sc.name!r} ({sc.date.isoformat()}, mover {sc.mover}), by {args.weight}:"
        )
        if routes:
            print(
                _table(
                    _route_rows(routes),
                    ["#", "via", "km", "hours", "contested km", "risk", "countries"],
                )
            )
        else:
            print("no viable route.")
            print(explain(net, sc, args.origin, args.destination).text)
    if png:
        from .plot import plot_routes, save_png

        fig = plot_routes(net, sc, routes, origin=args.origin, destination=args.destination)
        save_png(fig, png)
        print(f"map written to {png}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _compare_output(args, net, frame, scenarios) -> int:
    png = _check_png(args.png)
    if args.json:
        _print_json(frame.to_dict(orient="records"))
    else:
        rows = (
            frame.assign(date=frame["date"].astype(str))
            .astype(object)
            .fillna("")
            .to_dict(orient="records")
        )
        print(
            _table(
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
        from .plot import plot_timeline, save_png

        save_png(plot_timeline(net, scenarios, args.origin, args.destination), png)
        print(f"map written to {png}", file=sys.stderr if args.json else sys.stdout)
    return 0


def cmd_compare(args) -> int:
    from .routing import compare

    if not args.scenario:
        raise CorridorError("give at least one --scenario NAME (see corridor scenarios)")
    net = _network(args)
    scs = [_scenario(s) for s in args.scenario]
    return _compare_output(
        args, net, compare(net, scs, args.origin, args.destination, weight=args.weight), scs
    )


def cmd_timeline(args) -> int:
    from .routing import compare
    from .scenario import Scenario, scenarios

    net = _network(args)
    if args.date:
        scs = [Scenario.at(d) for d in args.date]
    else:
        table = scenarios()
        scs = [_scenario(n) for n in table.sort_values("date")["name"] if "+" not in n]
        scs = [
            s
            for s in scs
            if s.name in set(table[~table["description"].str.startswith("What-if")]["name"])
        ]
    return _compare_output(
        args, net, compare(net, scs, args.origin, args.destination, weight=args.weight), scs
    )


def cmd_map(args) -> int:
    from .plot import plot_scenario, save_png

    png = _check_png(args.png)
    assert png is not None  # --png is required
    net = _network(args)
    sc = _scenario_arg(args)
    save_png(plot_scenario(net, sc), png)
    print(f"map written to {png}")
    return 0


def cmd_export(args) -> int:
    from .export import export_gpkg

    if Path(args.gpkg).suffix.lower() != ".gpkg":
        raise CorridorError(f"--gpkg {args.gpkg}: the file name must end in .gpkg")
    net = _network(args)
    sc = _scenario_arg(args)
    path = export_gpkg(
        net, sc, args.gpkg, origin=args.origin, destination=args.destination, k=args.k
    )
    import pyogrio

    print(f"wrote {path} (layers: {', '.join(name for name, _ in pyogrio.list_layers(path))})")
    return 0


def cmd_explain(args) -> int:
    from .critical import explain

    net = _network(args)
    sc = _scenario_arg(args)
    result = explain(net, sc, args.origin, args.destination)
    if args.json:
        _print_json(result.to_dict())
    else:
        print(result.text)
    return 0


def cmd_critical(args) -> int:
    from .critical import critical_crossings

    net = _network(args)
    sc = _scenario_arg(args)
    frame = critical_crossings(net, sc, args.origin, args.destination, weight=args.weight)
    if args.json:
        _print_json(
            {"ranking": frame.to_dict(orient="records"), **{k: v for k, v in frame.attrs.items()}}
        )
        return 0
    rows = frame.astype(object).fillna("").to_dict(orient="records")
    print(
        _table(
            rows, ["crossing", "name", "on_best_route", "cost_if_denied", "delta", "disconnects"]
        )
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


# ------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="corridor",
        description="Route analysis of the Tehran-Beirut land corridor on bundled, sourced data.",
    )
    parser.add_argument(
        "--data", metavar="PATH", help="network folder or GeoPackage (default: bundled data)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        p.add_argument(
            "--data", metavar="PATH", default=argparse.SUPPRESS, help="network folder or GeoPackage"
        )
        return p

    def od(p):
        p.add_argument("origin", metavar="ORIGIN", help="place id, name or alias, e.g. Tehran")
        p.add_argument(
            "destination", metavar="DESTINATION", help="place id, name or alias, e.g. Beirut"
        )

    def scenario_opt(p, many=False):
        if many:
            p.add_argument(
                "--scenario",
                action="append",
                metavar="NAME|FILE",
                help="built-in name or .toml/.json file (repeat)",
            )
        else:
            p.add_argument(
                "--scenario",
                metavar="NAME|FILE",
                help=f"built-in name or .toml/.json file (default {DEFAULT_SCENARIO})",
            )
            p.add_argument(
                "--date", metavar="YYYY-MM-DD", help="a dated snapshot instead of a named scenario"
            )

    def weight(p):
        p.add_argument(
            "--weight",
            choices=("hours", "km", "risk"),
            default="hours",
            help="what to minimise (default hours)",
        )

    p = add("summary", cmd_summary, "Summarise the network: counts by kind, road km, crossings.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add("scenarios", cmd_scenarios, "List the built-in scenarios.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add("routes", cmd_routes, "Viable routes between two places under a scenario.")
    od(p)
    scenario_opt(p)
    p.add_argument("--k", type=int, default=3, help="how many routes at most (default 3)")
    weight(p)
    p.add_argument("--png", metavar="FILE", help="also draw a route map to this PNG")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add("compare", cmd_compare, "Compare the best route across scenarios.")
    od(p)
    scenario_opt(p, many=True)
    weight(p)
    p.add_argument("--png", metavar="FILE", help="small-multiple maps to this PNG")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add(
        "timeline",
        cmd_timeline,
        "The best route over dated snapshots (default: the built-in dated scenarios).",
    )
    od(p)
    p.add_argument("--date", action="append", metavar="YYYY-MM-DD", help="a date (repeat)")
    weight(p)
    p.add_argument("--png", metavar="FILE", help="small-multiple maps to this PNG")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add("map", cmd_map, "Draw a scenario map (zones, roads, crossings) to PNG.")
    scenario_opt(p)
    p.add_argument("--png", metavar="FILE", required=True, help="output PNG")
    p = add(
        "export",
        cmd_export,
        "Export network, zones, edge states and routes to a GeoPackage for QGIS.",
    )
    scenario_opt(p)
    p.add_argument("--gpkg", metavar="FILE", required=True, help="output .gpkg")
    p.add_argument("--origin", default="tehran", help="route origin (default tehran)")
    p.add_argument("--destination", default="beirut", help="route destination (default beirut)")
    p.add_argument("--k", type=int, default=3, help="routes to export (default 3)")
    p = add("explain", cmd_explain, "Why there is no route, or what it would take to cut it.")
    od(p)
    scenario_opt(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add("critical", cmd_critical, "Rank crossings by how much their loss hurts the best route.")
    od(p)
    scenario_opt(p)
    weight(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return 2
    if not hasattr(args, "data"):
        args.data = None
    try:
        return args.func(args)
    except CorridorError as exc:
        print(f"corridor {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
