"""The ways corridor.critical computed the crossing cut and the smallest lift before
1 December 2026 (NetworkX's minimum cut; every set of reasons tried on the whole graph): the
references tests/test_critical.py and benchmarks/bench_analyses.py compare against. Plain
functions, no test framework."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np

from corridor.costs import routing_arrays
from corridor.resolution import BLOCKED, resolve


def reference_cut(network, scenario, origin, destination) -> list[str]:
    """The crossing cut by NetworkX: every node split into in and out, a crossing's arc (the
    ends' excepted) of capacity 1, everything else unbounded; the crossings between the two
    sides of ``nx.minimum_cut``, or none when no route exists or no crossings can cut it."""
    o, d = network.node_id(origin), network.node_id(destination)
    res = resolve(network, scenario)
    arr = routing_arrays(network)
    flow = nx.DiGraph()
    for i, node in enumerate(arr.nodes):
        if arr.kind[node] == "crossing" and node not in (o, d):
            flow.add_edge((i, "in"), (i, "out"), capacity=1)
        else:
            flow.add_edge((i, "in"), (i, "out"))
    for e, state in enumerate(res.state):
        if state != BLOCKED:
            a, b = int(arr.u[e]), int(arr.v[e])
            flow.add_edge((a, "out"), (b, "in"))
            flow.add_edge((b, "out"), (a, "in"))
    source, target = (arr.node_pos[o], "out"), (arr.node_pos[d], "in")
    if not nx.has_path(flow, source, target):
        return []
    try:
        _, (reach, _) = nx.minimum_cut(flow, source, target)
    except nx.NetworkXUnbounded:
        return []
    return sorted(
        arr.nodes[i]
        for i in range(len(arr.nodes))
        if (i, "in") in reach and (i, "out") not in reach
    )


def reference_lift(network, scenario, origin, destination, max_lift):
    """The smallest lift by trying every set of blocking reasons in turn (smallest first, in
    code order) on the whole graph, as explain did before; None when no set does it."""
    res = resolve(network, scenario)
    arr = routing_arrays(network)
    oi = arr.node_pos[network.node_id(origin)]
    di = arr.node_pos[network.node_id(destination)]
    blocked = res.reason_effect == BLOCKED
    r_edge, r_code = res.reason_edge[blocked], res.reason_code[blocked]
    need = np.bincount(r_edge, minlength=len(res.state))
    graph = nx.MultiGraph()
    graph.add_nodes_from(range(len(arr.nodes)))
    for size in range(1, max_lift + 1):
        for subset in itertools.combinations(sorted(set(r_code.tolist())), size):
            got = np.bincount(r_edge[np.isin(r_code, subset)], minlength=len(res.state))
            allowed = (res.state != BLOCKED) | ((need > 0) & (got == need))
            g = graph.copy()
            g.add_edges_from(zip(arr.u[allowed].tolist(), arr.v[allowed].tolist()))
            if nx.has_path(g, oi, di):
                return [res.reasons[c] for c in subset]
    return None
