"""Benchmark: the analyses on scenarios never seen before (explain, critical crossings, the
crossing cut, interdiction, capacity, comparison), beside NetworkX's minimum cut.

Each analysis runs on fresh scenarios of its own (a built-in scenario on a new day with a
changed stance, as in ``bench_whatif.py``), Tehran to Beirut, so no per-scenario cache helps;
per-network work is done by a warm-up first, and the analyses take turns. "explain (no route)"
asks why on such a scenario with no route left (``cut_off``). ``crossing_cut`` is timed side
by side with the NetworkX minimum cut the tests compare it against
(``tests/critical_reference.py``, the way it was computed before).

Run from the repository root::

    python benchmarks/bench_analyses.py            # bundled and osm-highways (~30 s)
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
sys.path.insert(0, str(REPO / "tests"))

from bench_whatif import fresh  # noqa: E402

import corridor  # noqa: E402
from critical_reference import reference_cut  # noqa: E402

PAIR = ("tehran", "beirut")


def cut_off(net, sc):
    """``sc`` with no route left: three actors denied and three crossings closed (four blocks
    to lift on osm-highways, three on the bundled network)."""
    for actor in ("iraq-state", "syria-gov", "lebanon-state"):
        sc = sc.with_stance(actor, "denied")
    for crossing in ("Masnaa", "al-Qaa", "Albukamal"):
        sc = sc.with_crossing(crossing, "closed", network=net)
    return sc


ANALYSES = {
    "explain": lambda net, sc: corridor.explain(net, sc, *PAIR),
    "explain (no route)": lambda net, sc: corridor.explain(net, cut_off(net, sc), *PAIR),
    "critical_crossings": lambda net, sc: corridor.critical_crossings(net, sc, *PAIR),
    "crossing_cut": lambda net, sc: corridor.crossing_cut(net, sc, *PAIR),
    "networkx minimum cut": lambda net, sc: reference_cut(net, sc, *PAIR),
    "interdict (budget 2)": lambda net, sc: corridor.interdict(net, sc, *PAIR, budget=2),
    "capacity": lambda net, sc: corridor.capacity(net, sc, *PAIR),
    "compare (2 scenarios)": lambda net, sc: corridor.compare(
        net, ["autumn-2019", sc], *PAIR, progress=False
    ),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10, help="fresh scenarios per analysis (default 10)")
    ap.add_argument(
        "--networkx-n", type=int, default=3, help="of them, for the NetworkX cut on osm-highways"
    )
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    print("network | analysis | fresh scenarios | median ms | max ms")
    for name in (None, "osm-highways"):
        net = corridor.load(name) if name else corridor.load()
        label = name or "bundled"
        for key, fn in ANALYSES.items():  # per-network work (edge index, arrays, flow graph)
            if key != "networkx minimum cut":
                fn(net, corridor.scenario("autumn-2019"))
        times: dict[str, list[float]] = {k: [] for k in ANALYSES}
        slow = name is not None
        # round-robin over the analyses, each with scenarios of its own (none seen before)
        streams = [
            list(fresh("autumn-2019", args.n, offset=500 + 300 * j)) for j in range(len(ANALYSES))
        ]
        for i in range(args.n):
            for (key, fn), scs in zip(ANALYSES.items(), streams):
                if key == "networkx minimum cut" and slow and i >= args.networkx_n:
                    continue
                t = time.perf_counter()
                fn(net, scs[i])
                times[key].append(time.perf_counter() - t)
        for key, xs in times.items():
            if not xs:
                continue
            print(
                f"{label} | {key} | {len(xs)} | {statistics.median(xs) * 1e3:.1f} | "
                f"{max(xs) * 1e3:.1f}",
                flush=True,
            )
        cut, nx_cut = statistics.median(times["crossing_cut"]), times["networkx minimum cut"]
        if nx_cut:
            print(f"{label} | networkx / crossing_cut | | {statistics.median(nx_cut) / cut:.0f}x |")


if __name__ == "__main__":
    main()
