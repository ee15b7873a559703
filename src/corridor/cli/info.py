"""Commands about the data: ``summary`` and ``scenarios``."""

from __future__ import annotations

from .common import (
    add_json,
    network,
    print_json,
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


def cmd_scenarios(args) -> int:
    from ..whatif import builtin_scenarios  # no pandas: this command starts fast

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
    p = add("scenarios", cmd_scenarios, "List the built-in scenarios.")
    add_json(p)
