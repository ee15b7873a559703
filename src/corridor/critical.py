"""Why there is no route, what it would take to cut one, and which crossings matter most."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import csgraph

from ._checks import check_flag
from .costs import routing_arrays
from .errors import CorridorError
from .interdiction import interdict
from .network import Network
from .resolution import BLOCKED, resolve
from .routing import best_route, check_query
from .throughput import flow_structure, residual_reach
from .whatif import Scenario, as_scenario

ScenarioLike = Scenario | str | Path

__all__ = ["Explanation", "explain", "critical_crossings", "crossing_cut"]


@dataclass
class Explanation:
    """The answer of :func:`explain`.

    Attributes
    ----------
    route_exists : bool
    lift : list of (kind, id, text)
        When there is no route: the smallest set of blocking reasons (zones, closed
        crossings, cut roads) whose lifting restores one. Empty when a route exists.
    crossing_cut : list of str
        When there is a route: the fewest border crossings whose closure cuts every route
        (empty if no set of crossings can).
    cutting_actors : list of str
        When there is a route: actors whose turning hostile (denied) alone would cut it.
    unknown_crossings : list of str
        Crossings whose status is unknown on the date (treated as the scenario's
        ``unknown_crossings`` policy says: closed by default).
    text : str
        The explanation in words.
    """

    route_exists: bool
    scenario: Scenario
    origin: str
    destination: str
    lift: list = field(default_factory=list)
    crossing_cut: list = field(default_factory=list)
    cutting_actors: list = field(default_factory=list)
    unknown_crossings: list = field(default_factory=list)
    text: str = ""

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario.name,
            "origin": self.origin,
            "destination": self.destination,
            "route_exists": self.route_exists,
            "lift": [{"kind": k, "id": i, "reason": t} for k, i, t in self.lift],
            "crossing_cut": self.crossing_cut,
            "cutting_actors": self.cutting_actors,
            "unknown_crossings": self.unknown_crossings,
            "text": self.text,
        }

    def __str__(self) -> str:
        return self.text


def _components(u: np.ndarray, v: np.ndarray, n: int) -> np.ndarray:
    """Component label of each of ``n`` nodes of the undirected graph with edges ``u``-``v``."""
    graph = sparse.csr_matrix((np.ones(len(u)), (u, v)), shape=(n, n))
    return csgraph.connected_components(graph, directed=False)[1]


def _connected(arr, allowed: np.ndarray, o: int, d: int) -> bool:
    e = np.flatnonzero(allowed)
    labels = _components(arr.u[e], arr.v[e], len(arr.nodes))
    return labels[o] == labels[d]


def explain(
    network: Network,
    scenario: ScenarioLike,
    origin: str,
    destination: str,
    *,
    max_lift: int = 4,
) -> Explanation:
    """Explain a route query under ``scenario``.

    When no route exists, find the smallest set of blocking reasons (a control zone, a
    closed crossing, a cut road) whose lifting restores a route. The search is exact: sets
    of 1, 2, ... ``max_lift`` reasons are tried in turn on the graph of blocked edges grouped
    by reason (a connectivity check each). When a route exists, report the minimum set of
    crossings whose closure cuts every route (a minimum node cut restricted to crossings)
    and the actors whose turning hostile would alone cut it.
    """
    o, d = check_query(network, origin, destination, 1, "km")
    if isinstance(max_lift, bool) or not isinstance(max_lift, (int, np.integer)) or max_lift < 1:
        raise CorridorError(f"max_lift must be a whole number >= 1, got {max_lift!r}")
    scenario = as_scenario(scenario)
    res = resolve(network, scenario)
    arr = routing_arrays(network)
    oi, di = arr.node_pos[o], arr.node_pos[d]
    names = network.graph.nodes[o]["name"], network.graph.nodes[d]["name"]
    open_edges = res.state != BLOCKED
    head = f"{names[0]} → {names[1]} under {scenario.name!r} ({scenario.date.isoformat()}, mover {scenario.mover})"
    unknown = list(res.unknown_crossings)
    note = _unknown_note(network, scenario, unknown)
    if _connected(arr, open_edges, oi, di):
        cut = crossing_cut(network, scenario, o, d)
        actors = _cutting_actors(network, scenario, arr, oi, di)
        lines = [f"{head}: a route exists."]
        if cut:
            lines.append(
                "Closing these crossings would cut every route: "
                + ", ".join(f"{network.graph.nodes[c]['name']} ({c})" for c in cut)
                + "."
            )
        else:
            lines.append("No set of border crossings cuts every route.")
        if actors:
            lines.append(
                "Any one of these actors turning hostile (denied) would cut it: "
                + ", ".join(actors)
                + "."
            )
        return Explanation(
            True,
            scenario,
            o,
            d,
            crossing_cut=cut,
            cutting_actors=actors,
            unknown_crossings=unknown,
            text="\n".join(lines + note),
        )

    if not _connected(arr, np.ones(len(open_edges), dtype=bool), oi, di):
        text = (
            f"{head}: no route. No road of network {network.name!r} joins them, whatever "
            "is open or closed: lifting blocks cannot help (add the missing roads)"
        )
        return Explanation(
            False, scenario, o, d, unknown_crossings=unknown, text="\n".join([text, *note])
        )
    found, n_codes = _smallest_lift(arr, res, open_edges, oi, di, max_lift)
    if found is None:
        text = (
            f"{head}: no route. No set of up to {max_lift} blocking reasons restores one; "
            f"{n_codes} reasons block roads here."
        )
        return Explanation(
            False, scenario, o, d, unknown_crossings=unknown, text="\n".join([text, *note])
        )
    lift = [res.reasons[c] for c in found]
    lines = [f"{head}: no route."]
    lines.append(
        "The smallest set of blocks whose lifting restores a route"
        + (" is:" if len(lift) > 1 else " is one block:")
    )
    lines += [f"  - {t}" for _, _, t in lift]
    return Explanation(
        False, scenario, o, d, lift=lift, unknown_crossings=unknown, text="\n".join(lines + note)
    )


def _smallest_lift(
    arr, res, open_edges: np.ndarray, oi: int, di: int, max_lift: int
) -> tuple[list[int] | None, int]:
    """(the first set of reason codes, smallest first and then in code order, whose lifting
    joins ``oi`` to ``di``, or None; how many reasons block edges). For ends the open edges do
    not join (:func:`explain` asks only then).

    Exact, as trying every set in turn on the whole graph, but on a reduced graph. A blocked
    edge opens when all its blocking reasons are lifted, so blocked edges are grouped by that
    set of reasons, and each group joins components of the open edges ("parts"). Only the parts
    two groups touch (and the ends' parts) can pass a route from one group to another, so each
    group keeps, per component of its own, edges between those. A set of reasons is tried only
    when each of its reasons is needed by a group it opens (otherwise a smaller set opened as
    much, and was tried first)."""
    blocked = res.reason_effect == BLOCKED
    r_edge, r_code = res.reason_edge[blocked], res.reason_code[blocked]
    codes = sorted(set(r_code.tolist()))
    e = np.flatnonzero(open_edges)
    part = _components(arr.u[e], arr.v[e], len(arr.nodes))
    need: dict[int, set[int]] = {}
    for edge, code in zip(r_edge.tolist(), r_code.tolist()):
        need.setdefault(edge, set()).add(code)
    joins: dict[frozenset, list[tuple[int, int]]] = {}  # reasons to lift -> parts it joins
    for edge, codes_of_edge in need.items():
        a, b = int(part[arr.u[edge]]), int(part[arr.v[edge]])
        if a != b and len(codes_of_edge) <= max_lift:
            joins.setdefault(frozenset(codes_of_edge), []).append((a, b))
    source, target = int(part[oi]), int(part[di])
    touched: dict[int, int] = {}
    for pairs in joins.values():
        for p in {x for ab in pairs for x in ab}:
            touched[p] = touched.get(p, 0) + 1
    shared = {p for p, k in touched.items() if k > 1} | {source, target}
    groups: list[tuple[frozenset, list[tuple[int, int]]]] = []
    for reasons, pairs in joins.items():
        ids, local = np.unique(np.array(pairs).T, return_inverse=True)
        local = local.reshape(2, -1)
        comp = _components(local[0], local[1], len(ids))
        first: dict[int, int] = {}
        star: list[tuple[int, int]] = []
        for p, c in zip(ids.tolist(), comp.tolist()):
            if p in shared:
                if c in first:
                    star.append((first[c], p))
                else:
                    first[c] = p
        groups.append((reasons, star))
    useful = sorted(set().union(*joins)) if joins else []
    for size in range(1, max_lift + 1):
        for subset in itertools.combinations(useful, size):
            lifted = set(subset)
            opened = [(r, star) for r, star in groups if r <= lifted]
            if set().union(*(r for r, _ in opened)) != lifted:
                continue  # a reason no opened group needs: the smaller set was tried
            if _joined((star for _, star in opened), source, target):
                return list(subset), len(codes)
    return None, len(codes)


def _joined(edge_lists, a: int, b: int) -> bool:
    """Whether the union of ``edge_lists`` (pairs of ids) joins ``a`` to ``b`` (union-find)."""
    root: dict[int, int] = {}

    def find(x: int) -> int:
        while root.get(x, x) != x:
            root[x] = root.get(root[x], root[x])
            x = root[x]
        return x

    for edges in edge_lists:
        for x, y in edges:
            rx, ry = find(x), find(y)
            if rx != ry:
                root[rx] = ry
    return find(a) == find(b)


def _unknown_note(network: Network, scenario: Scenario, unknown: list[str]) -> list[str]:
    if not unknown:
        return []
    names = ", ".join(network.graph.nodes[c]["name"] for c in unknown)
    how = (
        "treated as closed (Scenario.with_unknown_crossings('open') assumes them open)"
        if scenario.unknown_crossings == "closed"
        else "assumed open by this scenario"
    )
    return [f"Status unknown on {scenario.date.isoformat()}: {names}; {how}."]


def _cutting_actors(network, scenario: Scenario, arr, oi: int, di: int) -> list[str]:
    res = resolve(network, scenario)
    own = network.control.own_actor(scenario.mover)
    actors = sorted(
        {a for a, act in zip(res.zone_actor, res.active_zones) if act} - {scenario.mover, own}
    )
    out = []
    for actor in actors:
        if dict(scenario.stances).get(actor) == "denied":
            continue
        variant = replace(
            scenario, stances=tuple(sorted((dict(scenario.stances) | {actor: "denied"}).items()))
        )
        if not _connected(arr, resolve(network, variant).state != BLOCKED, oi, di):
            out.append(actor)
    return out


def crossing_cut(
    network: Network, scenario: ScenarioLike, origin: str, destination: str
) -> list[str]:
    """The fewest border crossings whose closure leaves no route (a minimum node cut over
    crossings in the graph of passable edges); empty when no set of crossings does it.

    A unit-capacity maximum flow (``scipy.sparse.csgraph.maximum_flow``) on the network's
    flow graph (:func:`corridor.throughput.flow_structure`): each crossing an in -> out arc of
    capacity 1, roads and the end nodes unbounded. Of several minimum cuts, the one nearest
    the destination: the crossings whose out-node still reaches the destination in the
    residual graph and whose in-node does not.
    """
    o, d = check_query(network, origin, destination, 1, "km")
    res = resolve(network, scenario)
    st = flow_structure(network)
    arr = routing_arrays(network)
    source, sink = int(arr.node_pos[o]), int(arr.node_pos[d])
    # more than any cut made of crossings alone: a cut worth this much runs through a road
    unbounded = len(st.crossing_nodes) + 1
    cap = np.full(len(st.item_edge), unbounded, dtype=np.int64)
    is_edge = st.item_edge >= 0
    cap[is_edge & (res.state[np.maximum(st.item_edge, 0)] == BLOCKED)] = 0
    ends = np.isin(st.item_crossing, [source, sink])
    cap[(st.item_crossing >= 0) & ~ends] = 1
    matrix = st.capacity_matrix(cap, unbounded)
    flow = csgraph.maximum_flow(matrix, source, sink, method="dinic")
    if flow.flow_value == 0 or flow.flow_value >= unbounded:
        return []  # no route, or none that crossings alone can cut
    # the sink side: every flow-graph node from which the destination is still reachable
    sink_side = residual_reach(matrix, flow.flow, sink, backward=True)
    out_node = st.n_nodes + np.arange(len(st.crossing_nodes))
    cut = st.crossing_nodes[~sink_side[st.crossing_nodes] & sink_side[out_node]]
    return sorted(arr.nodes[i] for i in cut.tolist())


def _deny(scenario: Scenario, items: list[str], kind: str) -> Scenario:
    """``scenario`` with crossings closed (kind "crossing") or roads cut (kind "road")."""
    if kind == "crossing":
        pairs = dict(scenario.crossings) | dict.fromkeys(items, "closed")
        return replace(scenario, crossings=tuple(sorted(pairs.items())))
    return replace(scenario, roads_cut=tuple(sorted({*scenario.roads_cut, *items})))


_RANKING_COLUMNS = [
    "crossing",
    "name",
    "kind",
    "countries",
    "status",
    "on_best_route",
    "cost_if_denied",
    "delta",
    "disconnects",
]


def _figure(route, weight: str) -> float:
    """The route's hours, km or risk, as it reports them (``Route.cost`` under "risk" also
    holds the small km tie-break the search adds)."""
    return {"hours": route.hours, "km": route.length_km, "risk": route.risk}[weight]


def _ranking(network, scenario, o, d, weight, base, status, items) -> pd.DataFrame:
    """One row per crossing or road: the best route's figure when it alone is denied."""
    base_cost = _figure(base, weight) if base else np.nan
    used = set(base.crossings) if base else set()
    used_roads = {network.graph.edges[e]["road_id"] for e in base.edges} if base else set()
    road_names: dict[str, str] = {}
    if any(kind == "road" for _, kind in items):  # a walk over every edge: only when needed
        for *_, dd in network.graph.edges(data=True):
            road_names.setdefault(dd["road_id"], dd.get("road"))
    rows = []
    for item, kind in items:
        route = best_route(network, _deny(scenario, [item], kind), o, d, weight=weight)
        cost = _figure(route, weight) if route else np.nan
        node = network.graph.nodes[item] if kind == "crossing" else None
        rows.append(
            {
                "crossing": item,
                "name": node["name"] if node else road_names.get(item),
                "kind": kind,
                "countries": node["country"] if node else None,
                "status": status.get(item, "open") if kind == "crossing" else None,
                "on_best_route": item in (used if kind == "crossing" else used_roads),
                "cost_if_denied": round(cost, 3) if route else np.nan,
                "delta": round(cost - base_cost, 3) if route and base else np.nan,
                "disconnects": base is not None and route is None,
            }
        )
    frame = pd.DataFrame(rows, columns=_RANKING_COLUMNS)
    frame["_order"] = np.where(frame["disconnects"], np.inf, frame["delta"].fillna(-np.inf))
    frame = frame.sort_values(["_order", "crossing"], ascending=[False, True])
    return frame.drop(columns="_order").reset_index(drop=True)


def _pairs(network, scenario, o, d, weight, usable):
    """The pair of crossings whose joint denial hurts most and every pair that disconnects,
    from the exact budget-2 interdiction (:func:`corridor.interdict`) over ``usable``."""
    found = interdict(
        network, scenario, o, d, budget=2, objective=weight, candidates=usable, top=None
    )
    pairs = {k: v for k, v in found.visited.items() if len(k) == 2}
    disconnecting = sorted(list(k) for k, v in pairs.items() if np.isinf(v))
    ranked, explored = sorted(usable), list(pairs)
    for key, value in found.visited.items():
        # a closure with no usable crossing left on its best route: any second one adds nothing
        if len(key) == 1 and not any(key[0] in k for k in explored) and len(ranked) > 1:
            other = next(c for c in ranked if c != key[0])
            pair = tuple(sorted((key[0], other)))
            pairs[pair] = max(pairs.get(pair, value), value)
    if not pairs:  # no usable crossing on the best route: no pair changes anything
        if len(ranked) < 2:
            return None, disconnecting
        pairs = {tuple(ranked[:2]): found.before}
    best = min(pairs, key=lambda k: (-pairs[k], k))  # the worst pair (ties: by crossing ids)
    after = pairs[best]
    effect = "disconnects" if np.isinf(after) else f"+{after - found.before:.1f} {weight}"
    return {"crossings": list(best), "effect": effect}, disconnecting


def critical_crossings(
    network: Network,
    scenario: ScenarioLike,
    origin: str,
    destination: str,
    *,
    weight: str = "hours",
    roads: bool = False,
) -> pd.DataFrame:
    """Rank crossings (and, with ``roads=True``, the roads of the best route) by how much the
    best route worsens when each is denied.

    Returns
    -------
    pandas.DataFrame
        Columns: crossing (id), name, kind ("crossing" or "road"), countries, status (under
        the scenario), on_best_route, cost_if_denied (in ``weight`` units; NaN when no route
        is left), delta, disconnects. Sorted with the crossings whose loss disconnects first,
        then by delta. ``frame.attrs`` holds ``base_cost``, ``weight``, ``min_cut`` (the
        fewest crossings whose denial disconnects origin from destination) and ``best_pair``
        (the pair whose joint denial hurts most: ``{"crossings": [a, b], "effect": ...}``;
        crossings that cut the corridor alone are left out) and ``disconnecting_pairs`` (every
        such pair whose joint denial leaves no route).

    Notes
    -----
    ``best_pair`` and ``disconnecting_pairs`` come from :func:`corridor.interdict` with
    ``budget=2`` and ``objective=weight`` over the open crossings that do not cut the corridor
    alone (exact; ties broken by crossing id). :func:`corridor.interdict` supersedes them: any
    budget, roads as well as crossings, and the capacity objective.
    """
    roads = check_flag(roads, "roads")
    o, d = check_query(network, origin, destination, 1, weight)
    scenario = as_scenario(scenario)
    base = best_route(network, scenario, o, d, weight=weight)
    res = resolve(network, scenario)
    status = {c: s for c, (s, _) in res.crossing_status.items()}
    crossings = [n for n, k in network.graph.nodes(data="kind") if k == "crossing"]
    items = [(c, "crossing") for c in crossings]
    if roads and base is not None:
        items += [
            (r, "road")
            for r in dict.fromkeys(network.graph.edges[e]["road_id"] for e in base.edges)
        ]
    frame = _ranking(network, scenario, o, d, weight, base, status, items)
    best_pair, disconnecting = None, []
    if base is not None:
        alone = set(frame.loc[frame["disconnects"], "crossing"])  # already cut it by themselves
        usable = [
            c
            for c in crossings
            if status.get(c, "open") == "open"
            and dict(scenario.crossings).get(c) != "closed"
            and c not in alone
        ]
        best_pair, disconnecting = _pairs(network, scenario, o, d, weight, usable)
    frame.attrs.update(
        base_cost=_figure(base, weight) if base else np.nan,
        weight=weight,
        min_cut=crossing_cut(network, scenario, o, d) if base else [],
        best_pair=best_pair,
        disconnecting_pairs=disconnecting,
    )
    return frame
