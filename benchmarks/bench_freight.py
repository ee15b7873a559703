"""Benchmark: corridor capacity and budget-2 interdiction on scenarios never seen before.

For each fresh scenario (a built-in scenario on a new date with a changed stance, as in
bench_whatif.py: nothing cached per scenario helps), in one run:

- ``capacity``: ``corridor.capacity(net, sc, "Tehran", "Beirut")`` (resolve, flow network,
  maximum flow, minimum cut, flows table);
- ``interdict capacity``: ``corridor.interdict(..., budget=2, objective="capacity")``;
- ``interdict hours``: ``corridor.interdict(..., budget=2, objective="hours")``.

Per-network work (edge index, routing arrays, flow structure) is done once before timing, as
in a notebook session. Targets (issue 14): capacity and a budget-2 interdiction under 1 s on
the bundled network and under 10 s on osm-highways.

Run from the repository root::

    python benchmarks/bench_freight.py            # about half a minute
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_whatif import fresh  # noqa: E402

import corridor  # noqa: E402

TARGET_S = {"bundled": 1.0, "osm-highways": 10.0}


def measure(net, label: str, base: str, n: int) -> dict:
    o, d = net.node_id("tehran"), net.node_id("beirut")
    corridor.interdict(net, base, o, d, budget=2, objective="capacity")  # per-network warm-up
    times: dict[str, list[float]] = {
        "capacity": [],
        "interdict capacity": [],
        "interdict hours": [],
    }
    evaluations = []
    for i, sc in enumerate(fresh(base, 3 * n)):
        t = time.perf_counter()
        if i % 3 == 0:
            corridor.capacity(net, sc, o, d)
            times["capacity"].append(time.perf_counter() - t)
        elif i % 3 == 1:
            r = corridor.interdict(net, sc, o, d, budget=2, objective="capacity")
            times["interdict capacity"].append(time.perf_counter() - t)
            evaluations.append(r.evaluations)
        else:
            corridor.interdict(net, sc, o, d, budget=2, objective="hours")
            times["interdict hours"].append(time.perf_counter() - t)
    out = {"network": label, "edges": net.graph.number_of_edges()}
    for name, values in times.items():
        out[f"{name} median s"] = statistics.median(values)
        out[f"{name} max s"] = max(values)
    out["max flows (median)"] = statistics.median(evaluations)
    out["target s"] = TARGET_S[label]
    out["within target"] = all(max(v) < TARGET_S[label] for v in times.values())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10, help="fresh scenarios per measure (default 10)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rows = [measure(corridor.load(), "bundled", "autumn-2019", args.n)]
    rows.append(measure(corridor.load("osm-highways"), "osm-highways", "autumn-2019", args.n))
    cols = list(rows[0])
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(f"{r[c]:.3f}" if isinstance(r[c], float) else str(r[c]) for c in cols))


if __name__ == "__main__":
    main()
