"""Uncertainty commands: ``montecarlo`` (how likely the route stays open)."""

from __future__ import annotations

from ..errors import CorridorError
from .common import (
    add_json,
    add_od,
    add_scenario,
    add_weight,
    check_png,
    network,
    note_written,
    print_json,
    scenario_arg,
    table,
)


def _positive(value: str | int, option: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise CorridorError(f"{option} expects a whole number >= 1, got {value!r}")
    return number


def cmd_montecarlo(args) -> int:
    from ..uncertainty import monte_carlo

    png = check_png(args.png)
    n, workers = _positive(args.n, "--n"), _positive(args.workers, "--workers")
    top = _positive(args.top, "--top")
    net = network(args)
    sc = scenario_arg(args)
    result = monte_carlo(
        net,
        sc,
        args.origin,
        args.destination,
        n=n,
        uncertain=args.uncertain or "confidence",
        seed=args.seed,
        weight=args.weight,
        executor=workers if workers > 1 else None,
        progress=not args.json,
    )
    if args.json:
        print_json(result.summary())
    else:
        lo, hi = result.interval
        det = result.deterministic
        print(
            f"{result.origin_name} → {result.destination_name} under {sc.name!r} "
            f"({sc.date.isoformat()}, mover {sc.mover}): {n:,} draws of "
            f"{len(result.items)} uncertain items, seed {result.seed}"
        )
        print(
            f"a route in {result.p_viable:.1%} of draws ({result.level:.0%} interval "
            f"{lo:.1%}–{hi:.1%}); the scenario itself: "
            + (f"via {det['via']}, {det['hours']:.1f} h" if det["viable"] else "no route")
        )
        rows = [
            {
                "via": r.via,
                "share": f"{r.share:.1%}",
                "interval": f"{r.low:.1%}–{r.high:.1%}",
                "km": "" if r.km != r.km else f"{r.km:,.0f}",
                "hours": "" if r.hours != r.hours else f"{r.hours:.1f}",
            }
            for r in result.best_crossings().head(top).itertuples()
        ]
        print(table(rows, ["via", "share", "interval", "km", "hours"]))
        q = result.quantiles((0.05, 0.5, 0.95))
        if q["hours"].notna().all():
            print(
                "hours (5 / 50 / 95 %): "
                + " / ".join(f"{v:.1f}" for v in q["hours"])
                + "; km: "
                + " / ".join(f"{v:,.0f}" for v in q["km"])
            )
    if png:
        from ..plot import save_png

        save_png(result.plot(), png)
        note_written(args, f"figure written to {png}")
    return 0


def register(add) -> None:
    p = add(
        "montecarlo",
        cmd_montecarlo,
        "How likely a route stays open when the data's uncertain items flip (Monte Carlo).",
    )
    add_od(p)
    add_scenario(p)
    p.add_argument("--n", default="10000", metavar="N", help="draws (default 10000)")
    p.add_argument(
        "--uncertain",
        metavar="FILE.toml",
        help="probabilities by confidence and per item (default data/uncertainty.toml)",
    )
    p.add_argument("--seed", type=int, default=None, help="seed of the draws (default: fresh)")
    p.add_argument("--workers", default="1", metavar="N", help="worker processes (default 1)")
    p.add_argument("--top", type=int, default=8, help="crossing sequences to list (default 8)")
    add_weight(p)
    p.add_argument("--png", metavar="FILE", help="also draw the histogram and usage map")
    add_json(p)
