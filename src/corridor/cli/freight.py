"""Freight commands: ``capacity`` (trucks and tonnes a day, the bottleneck) and ``interdict``
(which crossings or roads a denier would close)."""

from __future__ import annotations

import math

from .common import (
    add_json,
    add_od,
    add_scenario,
    check_png,
    fmt_delta,
    network,
    note_written,
    print_json,
    scenario_arg,
    table,
)


def _head(net, sc, args) -> str:
    o, d = net.place(args.origin)["name"], net.place(args.destination)["name"]
    return f"{o} → {d} under {sc.name!r} ({sc.date.isoformat()}, mover {sc.mover})"


def _name(net, ident: str) -> str:
    return net.graph.nodes[ident]["name"] if ident in net.graph else ident


def _crossing_rows(result) -> list[dict]:
    frame = result.flows
    used = frame[
        (frame["kind"] == "crossing") & ((frame["flow_trucks_per_day"] > 0) | frame["in_cut"])
    ]
    return [
        {
            "crossing": r.id,
            "name": r.name,
            "trucks/day": f"{r.capacity_trucks_per_day:,.0f}",
            "flow trucks/day": f"{r.flow_trucks_per_day:,.0f}",
            "flow t/day": f"{r.flow_t_per_day:,.0f}",
            "cut": "yes" if r.in_cut else "",
            "source": r.source,
        }
        for r in used.itertuples()
    ]


def _png(args, net, result, denied=(), title=None, subtitle=None) -> None:
    png = check_png(args.png)
    if png is None:
        return
    from ..plot import save_png  # drawing (matplotlib) loaded only when a map is asked for
    from ..plot.flows import plot_flows

    save_png(plot_flows(net, result, denied=denied, title=title, subtitle=subtitle), png)
    note_written(args, f"map written to {png}")


def cmd_capacity(args) -> int:
    from ..throughput import capacity

    check_png(args.png)
    net = network(args)
    sc = scenario_arg(args)
    result = capacity(net, sc, args.origin, args.destination, closed=args.close or ())
    if args.json:
        print_json(result.to_dict())
    else:
        closed = [net.crossing_id(c) for c in args.close or ()]
        extra = f", with {', '.join(_name(net, c) for c in closed)} closed" if closed else ""
        print(
            f"{_head(net, result.scenario, args)}{extra}: {result.trucks_per_day:,.0f} trucks/day = "
            f"{result.tonnes_per_day:,.0f} t/day ({result.truck}, {result.payload_t:g} t payload), "
            "one direction."
        )
        if result.bottleneck:
            names = ", ".join(
                f"{_name(net, c)} ({result.crossing_capacity[c]:,.0f} trucks/day)"
                for c in result.bottleneck
            )
            print(f"bottleneck (minimum cut): {names}")
        if result.cut_roads:
            print(f"roads on the cut: {', '.join(result.cut_roads)}")
        rows = _crossing_rows(result)
        if rows:
            print(
                table(
                    rows,
                    [
                        "crossing",
                        "name",
                        "trucks/day",
                        "flow trucks/day",
                        "flow t/day",
                        "cut",
                        "source",
                    ],
                )
            )
        elif result.trucks_per_day > 0:
            print("no border crossing on the way: the roads alone bound the flow.")
        else:
            print("no route: no capacity (see corridor explain).")
        print(f"{len(result.assumptions)} of the figures used are assumptions (--json lists them).")
    _png(args, net, result)
    return 0


def _value(x: float, unit: str) -> str:
    return "no route" if math.isinf(x) else f"{x:,.1f} {unit}"


def cmd_interdict(args) -> int:
    from ..interdiction import interdict
    from ..throughput import capacity

    check_png(args.png)
    net = network(args)
    sc = scenario_arg(args)
    result = interdict(
        net,
        sc,
        args.origin,
        args.destination,
        budget=args.budget,
        objective=args.objective,
        candidates=args.candidates,
        top=args.top,
    )
    if args.json:
        print_json(result.to_dict())
    else:
        goal = (
            "minimise the capacity"
            if args.objective == "capacity"
            else f"maximise the {args.objective}"
        )
        what = "crossings or roads" if args.candidates == "both" else args.candidates
        if args.budget == 1:
            what = what.replace("crossings", "crossing").replace("roads", "road")
        unit = "" if result.unit == args.objective else f" ({result.unit})"
        print(f"{_head(net, sc, args)}: close at most {args.budget} {what} to {goal}{unit}.")
        if result.denied:
            what = " + ".join(_name(net, c) for c in result.denied)
            print(
                f"best: close {what}: {_value(result.before, result.unit)} → "
                f"{_value(result.after, result.unit)}"
                + (" (no route left)" if result.disconnects and math.isfinite(result.after) else "")
            )
        else:
            print(
                f"no closure changes the {args.objective} ({_value(result.before, result.unit)})."
            )
        rows = [
            {
                "#": r.rank,
                "closed": " + ".join(r.denied),
                "after": _value(r.after, result.unit),
                "delta": "" if math.isinf(r.delta) else fmt_delta(r.delta, 1),
                "disconnects": "yes" if r.disconnects else "",
            }
            for r in result.ranking.itertuples()
        ]
        if rows:
            print(table(rows, ["#", "closed", "after", "delta", "disconnects"]))
        print(f"method: {result.method}")
        print(f"{len(result.assumptions)} of the figures used are assumptions (--json lists them).")
    if args.png:
        before = capacity(net, sc, args.origin, args.destination)
        crossings = [c for c in result.denied if c in net.graph]
        o, d = _name(net, result.origin), _name(net, result.destination)
        closed = " + ".join(_name(net, c) for c in result.denied) or "nothing"
        title = f"Corridor interdiction — {sc.name} ({sc.date.day} {sc.date:%B %Y})"
        subtitle = (
            f"{o} → {d}: {before.tonnes_per_day:,.0f} t/day before closures (flows drawn); closing "
            f"{closed} (at most {args.budget}, objective {args.objective}) gives "
            f"{_value(result.after, result.unit)}"
        )
        _png(args, net, before, crossings, title, subtitle)
    return 0


def register(add) -> None:
    p = add(
        "capacity",
        cmd_capacity,
        "Trucks and tonnes a day the corridor can carry, and its bottleneck (maximum flow).",
    )
    add_od(p)
    add_scenario(p)
    p.add_argument(
        "--close",
        action="append",
        metavar="CROSSING",
        help="also treat a crossing as closed (repeat)",
    )
    p.add_argument("--png", metavar="FILE", help="also draw the flows to this PNG")
    add_json(p)
    p = add(
        "interdict",
        cmd_interdict,
        "The crossings (or roads) whose closure hurts the corridor most (exact search).",
    )
    add_od(p)
    add_scenario(p)
    p.add_argument("--budget", type=int, default=1, help="closures at most (default 1)")
    p.add_argument(
        "--objective",
        choices=("hours", "km", "risk", "capacity"),
        default="hours",
        help="what the denier worsens (default hours)",
    )
    p.add_argument(
        "--candidates",
        choices=("crossings", "roads", "both"),
        default="crossings",
        help="what may be closed (default crossings)",
    )
    p.add_argument("--top", type=int, default=10, help="sets in the ranking (default 10)")
    p.add_argument("--png", metavar="FILE", help="also draw the flows and the closures to this PNG")
    add_json(p)
