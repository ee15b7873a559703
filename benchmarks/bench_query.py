"""Time what-if queries on the bundled network, against the naive NetworkX way.

Run:  python benchmarks/bench_query.py [--repeat 30]

Reports, for fresh (uncached) scenarios:
- edge_states: resolving a scenario into edge states (GeoDataFrame), ms;
- what-if query: a new scenario resolved and answered with the best route plus two
  alternatives (corridor.viable_routes, k=3), ms;
- naive: the same question answered by copying the graph, removing blocked edges and taking
  paths from nx.shortest_simple_paths until three meaningfully different ones are found, ms;
and the ratio naive / corridor.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import networkx as nx

import corridor
from corridor.costs import DEFAULT_MODEL, routing_arrays
from corridor.resolve import BLOCKED, resolve


def fresh_scenarios(n: int):
    """Distinct what-if scenarios (never seen before, so nothing is cached)."""
    base = corridor.scenario("mid-2018")
    stances = itertools.cycle(["passable", "contested", "denied"])
    for i in range(n):
        yield base.on(f"2018-{i % 12 + 1:02d}-{i // 12 % 28 + 1:02d}").with_stance(
            "sdf", next(stances)
        )


def naive(net, sc, origin="tehran", destination="beirut", k=3):
    res = resolve(net, sc)
    arr = routing_arrays(net, DEFAULT_MODEL)
    g = net.graph.copy()
    blocked = [res.index.edges[i] for i in range(len(res.index.edges)) if res.state[i] == BLOCKED]
    g.remove_edges_from(blocked)
    simple = nx.Graph()
    index = {e: i for i, e in enumerate(res.index.edges)}
    for u, v, key in g.edges(keys=True):
        i = index[(u, v, key)] if (u, v, key) in index else index[(v, u, key)]
        w = arr.hours[i] * res.factor[i]
        if not simple.has_edge(u, v) or simple[u][v]["w"] > w:
            simple.add_edge(u, v, w=w, km=arr.km[i])
    found = []
    try:
        for path in itertools.islice(
            nx.shortest_simple_paths(simple, origin, destination, weight="w"), 300
        ):
            crossings = [n for n in path if net.graph.nodes[n]["kind"] == "crossing"]
            edges = set(zip(path, path[1:]))
            km = sum(simple[a][b]["km"] for a, b in edges)
            ok = all(
                crossings != c or sum(simple[a][b]["km"] for a, b in edges & e) <= 0.5 * km
                for c, e in found
            )
            if ok:
                found.append((crossings, edges | {(b, a) for a, b in edges}))
            if len(found) == k:
                break
    except nx.NetworkXNoPath:
        pass
    return found


def timed(fn, items):
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    t = time.perf_counter()
    net = corridor.load()
    load_ms = (time.perf_counter() - t) * 1000
    corridor.viable_routes(
        net, corridor.scenario("mid-2018"), "tehran", "beirut", k=3
    )  # per-network warm-up
    n = args.repeat
    scs = list(fresh_scenarios(3 * n))
    states = timed(lambda sc: corridor.edge_states(net, sc), scs[:n])
    ours = timed(
        lambda sc: corridor.viable_routes(net, sc, "tehran", "beirut", k=3), scs[n : 2 * n]
    )
    slow = timed(lambda sc: naive(net, sc), scs[2 * n :])
    # same answers? compare the best route's crossings on a few scenarios
    agree = sum(
        corridor.viable_routes(net, sc, "tehran", "beirut", k=1)[0].crossings
        == (naive(net, sc, k=1) or [[None]])[0][0]
        for sc in scs[:10]
    )
    med = statistics.median
    print(
        f"bundled network: {net.graph.number_of_nodes()} nodes, {net.graph.number_of_edges()} edges; load {load_ms:.0f} ms"
    )
    print(f"{'measure (fresh scenario each run)':<46} {'median ms':>10} {'p90 ms':>8}")
    for label, xs in (
        ("edge_states (resolve + GeoDataFrame)", states),
        ("what-if query: viable_routes k=3", ours),
        ("naive: copy, remove, shortest_simple_paths", slow),
    ):
        print(f"{label:<46} {med(xs):>10.2f} {sorted(xs)[int(0.9 * len(xs)) - 1]:>8.2f}")
    print(
        f"ratio naive / corridor (median): {med(slow) / med(ours):.1f}x; best crossing agrees on {agree}/10 scenarios"
    )


if __name__ == "__main__":
    main()
