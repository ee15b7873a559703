"""Benchmark: what-if queries on scenarios never seen before, side by side with scipy's Dijkstra.

A what-if is a new scenario every time, so every measurement here uses a fresh one (a built-in
scenario on a new date with a changed stance or a closed crossing): nothing cached per scenario
helps. Per-network work (edge index, routing arrays, the CSR structure) is done once before
timing, as in a notebook session. For each fresh scenario, in one run:

- ``k1``: ``viable_routes(..., k=1)`` (resolve + edge costs + search + the Route);
- ``k1_cached``: the same query again on the same scenario (its resolution and costs cached:
  what re-asking a question costs, shown beside the fresh figure, not instead of it);
- ``scipy1``: ``scipy.sparse.csgraph.dijkstra`` from the origin on the same compiled graph;
- ``k3``: ``viable_routes(..., k=3)`` on another fresh scenario;
- ``scipy2``: ``dijkstra`` from origin and destination (what k=3's two searches cost);
- ``naive`` (osm-highways, a few scenarios): copy the NetworkX graph, remove the blocked edges,
  take paths from ``nx.shortest_simple_paths`` until three crossing sequences are found.

Memory: resident set size before and after ``--memory`` fresh scenarios (RSS from /proc).

Run from the repository root::

    python benchmarks/bench_whatif.py                  # bundled and osm-highways (~4 min)
    python benchmarks/bench_whatif.py --grid 500       # adds the ~1,000,000-segment grid (~7 min)
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
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


def fresh(base: str, n: int, offset: int = 0):
    """``n`` scenarios never seen before: ``base`` on a new day with a changed stance."""
    sc = corridor.scenario(base)
    combos = list(itertools.product(ACTORS, STANCES))
    for i in range(offset, offset + n):
        actor, stance = combos[i % len(combos)]
        day = type(sc.date).fromordinal(sc.date.toordinal() + (i // len(combos)) % 240)
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
    k1, k1c, s1, k3, s2, nv = [], [], [], [], [], []
    for sc in fresh(base, n):
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="fresh scenarios per measure (default 100)")
    ap.add_argument("--memory", type=int, default=1000, help="fresh scenarios for the memory run")
    ap.add_argument("--naive", type=int, default=2, help="naive runs on osm-highways (default 2)")
    ap.add_argument("--grid", type=int, default=0, help="also an n x n grid (500: ~1M segments)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
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
