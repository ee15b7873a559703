"""Benchmark: what-if queries on scenarios never seen before, side by side with scipy's Dijkstra.

A what-if is a new scenario every time, so every measurement here uses a fresh one (a built-in
scenario on a new date with a changed stance or a closed crossing): nothing cached per scenario
helps. Per-network work (edge index, routing arrays, the CSR structure) is done once before
timing, as in a notebook session. For each fresh scenario, in one run:

- ``k1``: ``viable_routes(..., k=1)`` (resolve + edge costs + search + the Route);
- ``k1_cached``: the same query again on the same scenario (its resolution and costs cached:
  what re-asking a question costs, shown beside the fresh figure, not instead of it);
- ``k1_new_day``: ``k=1`` on a fresh scenario on a day no other scenario has (what depends on
  the date alone, such as event risk, is not shared either: the worst case);
- ``scipy1``: ``scipy.sparse.csgraph.dijkstra`` from the origin on the same compiled graph;
- ``k3``: ``viable_routes(..., k=3)`` on another fresh scenario;
- ``scipy2``: ``dijkstra`` from origin and destination (what k=3's two searches cost);
- ``naive`` (osm-highways, a few scenarios): copy the NetworkX graph, remove the blocked edges,
  take paths from ``nx.shortest_simple_paths`` until three crossing sequences are found.

Memory: resident set size before and after ``--memory`` fresh scenarios (RSS from /proc).

Run from the repository root::

    python benchmarks/bench_whatif.py                  # bundled and osm-highways (~4 min)
    python benchmarks/bench_whatif.py --grid 500       # adds the ~1,000,000-segment grid (~7 min)

Two versions side by side (this VM's speed drifts within minutes, so runs alternate, each in a
fresh process, and the ratios are compared)::

    git worktree add /tmp/before <commit>
    python benchmarks/bench_whatif.py --against /tmp/before/src --network osm-highways --rounds 3

``--event-risk`` times ``corridor.events.event_risk`` of fresh scenarios with their date's
shared entry against computing it anew, side by side.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# --against runs this file again with another checkout's src first (BENCH_CORRIDOR_SRC)
SRC = Path(os.environ.get("BENCH_CORRIDOR_SRC") or REPO / "src")
sys.path.insert(0, str(SRC))
sys.path.insert(0, str(REPO / "benchmarks"))

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from scipy.sparse import csgraph  # noqa: E402

import corridor  # noqa: E402
from corridor.costs import DEFAULT_MODEL  # noqa: E402
from corridor.resolution import BLOCKED, resolve  # noqa: E402
from corridor.routing import query_state  # noqa: E402

ACTORS = ["sdf", "krg", "turkey", "jordan", "russia", "lebanon-state"]
STANCES = ["contested", "denied", "passable"]


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def fresh(base: str, n: int, offset: int = 0, *, new_days: bool = False):
    """``n`` scenarios never seen before: ``base`` on a new day with a changed stance.

    The 18 stance changes cycle, so each day serves 18 scenarios (what-ifs on one date, as an
    analyst asks them). ``new_days``: every scenario on a day of its own (days 300 on from
    ``base``, apart from the others), so that nothing that depends on the date alone is
    shared either."""
    sc = corridor.scenario(base)
    combos = list(itertools.product(ACTORS, STANCES))
    for i in range(offset, offset + n):
        actor, stance = combos[i % len(combos)]
        step = 300 + i if new_days else (i // len(combos)) % 240
        day = type(sc.date).fromordinal(sc.date.toordinal() + step)
        yield sc.on(day).with_stance(actor, stance)


def ms(values) -> float:
    return statistics.median(values) * 1000


NAIVE_BUDGET_S = 60.0  # the naive way is stopped after this long: its time is then a lower bound


def naive(net, sc, origin, destination):
    res = resolve(net, sc)
    g = net.graph.copy()
    g.remove_edges_from(res.index.edges[i] for i in np.flatnonzero(res.state == BLOCKED))
    simple = nx.Graph()
    for u, v, d in g.edges(data=True):
        if not simple.has_edge(u, v) or simple[u][v]["w"] > d["length_km"]:
            simple.add_edge(u, v, w=d["length_km"])
    found: list = []
    if not nx.has_path(simple, origin, destination):
        return found
    start = time.perf_counter()
    for path in itertools.islice(nx.shortest_simple_paths(simple, origin, destination, "w"), 300):
        if time.perf_counter() - start > NAIVE_BUDGET_S:
            break
        crossings = tuple(n for n in path if net.graph.nodes[n]["kind"] == "crossing")
        if crossings not in found:
            found.append(crossings)
        if len(found) == 3:
            break
    return found


def measure(net, label: str, base: str, n: int, memory: int, naive_n: int) -> dict:
    o, d = net.node_id("tehran"), net.node_id("beirut")
    corridor.viable_routes(net, base, o, d, k=3)  # per-network warm-up
    k1, k1c, k1d, s1, k3, s2, nv = [], [], [], [], [], [], []
    for sc, own_day in zip(fresh(base, n), fresh(base, n, new_days=True)):
        t = time.perf_counter()
        corridor.viable_routes(net, own_day, o, d, k=1)
        k1d.append(time.perf_counter() - t)
        t = time.perf_counter()
        corridor.viable_routes(net, sc, o, d, k=1)
        k1.append(time.perf_counter() - t)
        t = time.perf_counter()
        corridor.viable_routes(net, sc, o, d, k=1)
        k1c.append(time.perf_counter() - t)
        q = query_state(net, sc, "hours", DEFAULT_MODEL)
        oi, di = q.arr.node_pos[o], q.arr.node_pos[d]
        t = time.perf_counter()
        csgraph.dijkstra(q.compiled.csr, directed=True, indices=oi, return_predecessors=True)
        s1.append(time.perf_counter() - t)
    for sc in fresh(base, n, offset=n):
        t = time.perf_counter()
        corridor.viable_routes(net, sc, o, d, k=3)
        k3.append(time.perf_counter() - t)
        q = query_state(net, sc, "hours", DEFAULT_MODEL)
        oi, di = q.arr.node_pos[o], q.arr.node_pos[d]
        t = time.perf_counter()
        csgraph.dijkstra(q.compiled.csr, directed=True, indices=[oi, di], return_predecessors=True)
        s2.append(time.perf_counter() - t)
    for sc in itertools.islice(fresh(base, naive_n, offset=2 * n), naive_n):
        t = time.perf_counter()
        naive(net, sc, o, d)
        nv.append(time.perf_counter() - t)
    before = rss_mb()
    for sc in fresh(base, memory, offset=3 * n):
        corridor.viable_routes(net, sc, o, d, k=1)
    after = rss_mb()
    out = {
        "network": label,
        "edges": net.graph.number_of_edges(),
        "k1_ms": ms(k1),
        "k1_cached_ms": ms(k1c),
        "scipy1_ms": ms(s1),
        "k1/scipy": ms(k1) / ms(s1),
        "k1_new_day_ms": ms(k1d),
        "k1_new_day/scipy": ms(k1d) / ms(s1),
        "k3_ms": ms(k3),
        "scipy2_ms": ms(s2),
        "k3/scipy2": ms(k3) / ms(s2),
        "naive_ms": ms(nv) if nv else float("nan"),
        "naive/k3": ms(nv) / ms(k3) if nv else float("nan"),
        "memory_n": memory,
        "rss_growth_mb": after - before,
        "cache_mb": net.cache.bytes / 2**20,
    }
    return out


BASES = {"bundled": "mid-2018", "osm-highways": "autumn-2019"}
COLUMNS = ("k1_ms", "k1/scipy", "k1_new_day_ms", "k1_new_day/scipy", "k3/scipy2")


def measure_one(network: str, n: int) -> dict:
    """One :func:`measure` (no memory or naive runs) on ``network``, in this process."""
    net = corridor.load() if network == "bundled" else corridor.load(network)
    return {**measure(net, network, BASES[network], n, 0, 0), "corridor": corridor.__file__}


def event_risk_shared(network: str, n: int) -> None:
    """``event_risk`` of fresh scenarios (18 to a date) with the shared entry of their date
    against computed anew (the cache's lookup made to miss), side by side in one process."""
    from corridor.events import event_risk
    from corridor.resolution import canonical, edge_index

    net = corridor.load() if network == "bundled" else corridor.load(network)
    index = edge_index(net)
    scenarios = [canonical(net, sc, index) for sc in fresh(BASES[network], n)]
    event_risk(net, scenarios[0], index.geometry, index.length_km)
    shared, computed = [], []
    lookup = net.cache.lookup
    for sc in scenarios[1:]:
        t = time.perf_counter()
        event_risk(net, sc, index.geometry, index.length_km)
        shared.append(time.perf_counter() - t)
        net.cache.lookup = lambda key: None  # type: ignore[method-assign]
        t = time.perf_counter()
        event_risk(net, sc, index.geometry, index.length_km)
        computed.append(time.perf_counter() - t)
        net.cache.lookup = lookup  # type: ignore[method-assign]
    print(
        f"{network}: event_risk of a fresh scenario {ms(shared):.3f} ms with its date's shared "
        f"entry, {ms(computed):.3f} ms computed (medians of {len(shared)})"
    )


def against(other: Path, network: str, n: int, rounds: int) -> None:
    """Alternate fresh processes of ``other``'s src and this checkout's; print their ratios."""
    runs: dict[str, list[dict]] = {str(other): [], str(REPO / "src"): []}
    for _ in range(rounds):
        for src in runs:
            cmd = [sys.executable, __file__, "--one", network, "--n", str(n)]
            env = {**os.environ, "BENCH_CORRIDOR_SRC": src}
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
            row = json.loads(out.stdout.splitlines()[-1])
            assert row["corridor"].startswith(src), (row["corridor"], src)  # the code asked for
            runs[src].append(row)
    print(f"{network}, {n} fresh scenarios per run, {rounds} alternating rounds")
    for src, rows in runs.items():
        cells = [", ".join(f"{r[c]:.2f}" for r in rows) for c in COLUMNS]
        print(f"{src}: " + " | ".join(f"{c} {v}" for c, v in zip(COLUMNS, cells)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="fresh scenarios per measure (default 100)")
    ap.add_argument("--memory", type=int, default=1000, help="fresh scenarios for the memory run")
    ap.add_argument("--naive", type=int, default=2, help="naive runs on osm-highways (default 2)")
    ap.add_argument("--grid", type=int, default=0, help="also an n x n grid (500: ~1M segments)")
    ap.add_argument("--against", type=Path, help="another checkout's src, run alternately")
    ap.add_argument("--network", choices=list(BASES), default="osm-highways")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds for --against")
    ap.add_argument("--one", choices=list(BASES), help=argparse.SUPPRESS)  # --against's runs
    ap.add_argument("--event-risk", action="store_true", help="event risk shared vs computed")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    if args.event_risk:
        for network in BASES:
            event_risk_shared(network, 180)
        return
    if args.one:
        print(json.dumps(measure_one(args.one, args.n)))
        return
    if args.against:
        against(args.against, args.network, args.n, args.rounds)
        return
    rows = []
    net = corridor.load()
    rows.append(measure(net, "bundled", "mid-2018", args.n, args.memory, 0))
    osm = corridor.load("osm-highways")
    rows.append(measure(osm, "osm-highways", "autumn-2019", args.n, args.memory, args.naive))
    if args.grid:
        from bench_build import grid_file

        with tempfile.TemporaryDirectory() as tmp:
            path = grid_file(Path(tmp), args.grid)
            grid = corridor.network_from_roads(path, name="grid")
        rows.append(measure(grid, f"grid {args.grid}x{args.grid}", "autumn-2019", 5, 20, 0))
    cols = list(rows[0])
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(f"{r[c]:.3f}" if isinstance(r[c], float) else str(r[c]) for c in cols))


if __name__ == "__main__":
    main()
