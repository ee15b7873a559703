"""Benchmark: Monte Carlo draws (corridor.monte_carlo) on the bundled networks.

Measured, each from a fresh plan (the per-network arrays built once before timing, as in a
notebook session; the draws' plan and searches are not cached between runs):

- ``bundled``: 10,000 draws of mid-2018 on the curated network, one core (target <= 2 s);
- ``osm-highways``: 1,000 draws of mid-2018 on the OSM-derived network (target <= 30 s);
- ``osm-highways x2``: the same on a 2-worker process pool (corridor.uncertainty.process_pool,
  the network installed once per worker), and the speed-up over one core (target >= 1.7);
- memory: peak RSS growth over a 50,000-draw run on the bundled network (bounded: chunks).

Run from the repository root::

    python benchmarks/bench_uncertainty.py            # about a minute
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import corridor  # noqa: E402
from corridor.uncertainty import monte_carlo, process_pool  # noqa: E402
from corridor.uncertainty.api import _PLANS  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(net, n: int, seed: int, executor=None) -> tuple[float, object]:
    _PLANS.clear()  # a fresh plan: no searches remembered from an earlier run
    t = time.perf_counter()
    result = monte_carlo(
        net, "mid-2018", "Tehran", "Beirut", n=n, seed=seed, executor=executor, progress=False
    )
    return time.perf_counter() - t, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="draws on the bundled network")
    ap.add_argument("--osm", type=int, default=1_000, help="draws on osm-highways")
    ap.add_argument("--memory", type=int, default=50_000, help="draws for the memory run")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rows = []
    net = corridor.load()
    corridor.viable_routes(net, "mid-2018", "Tehran", "Beirut")  # per-network warm-up
    s, r = timed(net, args.n, 1)
    rows.append(("bundled, 1 core", args.n, s, r))
    osm = corridor.load("osm-highways")
    corridor.viable_routes(osm, "mid-2018", "Tehran", "Beirut")
    s1, r1 = timed(osm, args.osm, 1)
    rows.append(("osm-highways, 1 core", args.osm, s1, r1))
    with process_pool(osm, 2) as pool:
        monte_carlo(osm, "mid-2018", "Tehran", "Beirut", n=20, seed=0, executor=pool)  # start
        s2, r2 = timed(osm, args.osm, 1, pool)
    rows.append(("osm-highways, 2 workers", args.osm, s2, r2))
    assert r2.draws.equals(r1.draws), "the pool gave another answer than one core"
    print(f"{'run':26} {'draws':>7} {'s':>7} {'draws/s':>9} {'searches':>9} {'p_viable':>9}")
    for label, n, sec, res in rows:
        print(
            f"{label:26} {n:>7,} {sec:>7.2f} {n / sec:>9,.0f} {res.searches:>9,} "
            f"{res.p_viable:>9.3f}"
        )
    print(f"speed-up of 2 workers over 1 core on osm-highways: {s1 / s2:.2f}x")
    before = peak_mb()
    _PLANS.clear()
    monte_carlo(net, "mid-2018", "Tehran", "Beirut", n=args.memory, seed=2, progress=False)
    print(
        f"peak RSS {before:,.0f} MB before and {peak_mb():,.0f} MB after {args.memory:,} draws "
        "on the bundled network"
    )


if __name__ == "__main__":
    main()
