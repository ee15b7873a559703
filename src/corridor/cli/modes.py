"""``corridor modes``: land, air, sea and the best multimodal journey side by side."""

from __future__ import annotations

import math

from .common import (
    add_json,
    add_od,
    add_scenario,
    check_png,
    network,
    note_written,
    print_json,
    scenario_arg,
    table,
)


def _num(value: float, fmt: str, unknown: str = "unknown") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return unknown
    return format(value, fmt)


def cmd_modes(args) -> int:
    from ..modes import compare_modes

    png = check_png(args.png)
    net = network(args)
    sc = scenario_arg(args)
    frame = compare_modes(sc, args.origin, args.destination, network=net, cargo_t=args.cargo)
    if args.json:
        records = frame.drop(columns=[]).to_dict(orient="records")
        print_json({k: v for k, v in frame.attrs.items() if k != "options"} | {"modes": records})
    else:
        a = frame.attrs
        print(
            f"{a['origin']} → {a['destination']} under {sc.name!r} ({a['date']}, mover {a['mover']})"
        )
        rows = []
        for r in frame.itertuples():
            rows.append(
                {
                    "mode": r.mode,
                    "route": r.route if r.available else f"not available: {r.why_not}",
                    "km": _num(r.km, ",.0f", ""),
                    "nm": _num(r.nm, ",.0f", ""),
                    "days": _num(r.transit_days, ",.1f", ""),
                    "t/week": _num(r.tonnes_per_week, ",.0f") if r.available else "",
                    "USD/t": _num(r.cost_usd_per_t, ",.0f") if r.available else "",
                }
            )
            if args.cargo:
                rows[-1]["days to deliver"] = _num(r.days_to_deliver, ",.1f", "")
                rows[-1]["total USD"] = _num(r.total_usd, ",.0f", "")
        columns = ["mode", "route", "km", "nm", "days", "t/week", "USD/t"]
        if args.cargo:
            columns += ["days to deliver", "total USD"]
        print(table(rows, columns))
        for r in frame.itertuples():
            if r.available and r.exposure:
                print(f"{r.mode} exposure: " + "; ".join(r.exposure))
        n = sum(len(x) for x in frame["assumptions"])
        print(f"{n} of the figures used are assumptions or unknowns (--json lists them).")
    if png is not None:
        from ..plot import save_png
        from ..plot.modes import plot_modes

        save_png(plot_modes(frame, network=net), png)
        note_written(args, f"map written to {png}")
    return 0


def register(add) -> None:
    p = add(
        "modes",
        cmd_modes,
        "Land, air and sea side by side: distance, days, tonnes a week, USD a tonne, exposure.",
    )
    add_od(p)
    add_scenario(p)
    p.add_argument(
        "--cargo", type=float, metavar="TONNES", help="tonnes to move: adds days to deliver"
    )
    p.add_argument("--png", metavar="FILE", help="also draw the modes' paths to this PNG")
    add_json(p)
