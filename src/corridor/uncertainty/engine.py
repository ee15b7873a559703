"""The Monte Carlo engine: many draws of a scenario resolved at once, and their best routes.

A draw flips some items (:mod:`.model`). Resolving it is array work over all the draws of a
chunk at once: masks of draws by zones and crossings become draws by edges through the
network's edge-zone incidence (``Resolution.pair_edge`` / ``pair_zone``), as
:func:`corridor.resolve` does for one scenario, with no Python loop over zones or draws. Only
the edges a flip can change (the *varying* edges) are computed per draw. Draws that give the
same edge costs share one search: the varying part of the cost is hashed, and each distinct
one is compiled (:func:`corridor.costs.compile_costs`) and searched with one scipy Dijkstra.
Figures follow :func:`corridor.viable_routes` exactly (the same sums over the same edges), so a
draw that flips nothing gives the deterministic answer to the last bit.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from .._schema import BLOCKED, OPEN
from ..alternatives import path_from_predecessors
from ..costs import (
    ArcStructure,
    RoutingArrays,
    TravelModel,
    arc_structure,
    compile_costs,
    edge_cost,
    edge_cost_of_draws,
    edge_hours,
    routing_arrays,
)
from ..network import Network
from ..resolution import Resolution, canonical, resolve
from ..routing import viable_routes
from ..whatif import Scenario
from .model import Item, check_states, zone_rows

__all__ = ["Job", "Plan", "ChunkResult", "build_plan", "run_draws"]

_PATH_CACHE = 20_000  # distinct cost patterns remembered per plan (bounded memory)


@dataclass(frozen=True)
class Job:
    """What every chunk of one Monte Carlo run shares (small; travels to the workers)."""

    scenario: Scenario
    origin: str  # node ids
    destination: str
    weight: str
    model: TravelModel
    k: int
    items: tuple[Item, ...]
    max_shared: float = 0.5


@dataclass(eq=False)
class Plan:
    """A job prepared on one network: the base resolution and the arrays of the draws."""

    job: Job
    network: Network
    res: Resolution
    arr: RoutingArrays
    structure: ArcStructure
    oi: int
    di: int
    varying: np.ndarray  # edge indices a flip can change
    # zones: per-zone effects under the scenario (network zones, then drawn ones)
    z_state: np.ndarray
    z_factor: np.ndarray
    z_risk: np.ndarray
    z_delay: np.ndarray
    zone_item: np.ndarray  # (item index, zone index) rows
    stance_item: list  # (item index, zone indices, (state, factor, risk, delay))
    crossing_item: list  # (item index, positions in varying, blocks under the scenario)
    event_item: np.ndarray  # item index per counting event flipped ...
    event_row: np.ndarray  # ... and its event row
    # pairs of the varying edges, sorted by edge: their zone, and where each edge starts
    pair_zone: np.ndarray
    pair_pos: np.ndarray
    pair_start: np.ndarray
    zone_edges_pos: np.ndarray  # positions (in varying) of the edges that have pairs
    fixed_block: np.ndarray  # per varying edge: blocked whatever the draw (road cuts, ...)
    paths: OrderedDict = field(default_factory=OrderedDict)  # cost pattern -> path answer
    base: Any = None  # the scenario's own answer (PathAnswer) ...
    base_cost: np.ndarray | None = None  # ... and its edge costs
    through: Any = None  # per varying edge: lowest km/hours from origin and to destination
    candidates: list = field(default_factory=list)  # (fixed cost, varying positions) per route


def _zone_effects(network: Network, res: Resolution, rows: list) -> tuple[np.ndarray, ...]:
    control = network.control
    check_states(res, rows, control)
    state = np.array([control.effect(r.stance).state for r in rows], dtype=np.int8)
    factor = np.array([r.factor for r in rows], dtype=float)
    risk = np.array([r.risk for r in rows], dtype=float)
    delay = np.array([r.delay_h for r in rows], dtype=float)
    return state, factor, risk, delay


def _fixed_blocks(res: Resolution, drawn_crossings: set[str]) -> np.ndarray:
    """Edges blocked by road cuts and by crossings that are not drawn (whatever the draw)."""
    out = np.zeros(len(res.state), dtype=bool)
    for code, (kind, ident, _) in enumerate(res.reasons):
        if kind == "road" or (kind == "crossing" and ident not in drawn_crossings):
            out[res.reason_edge[res.reason_code == code]] = True
    return out


def build_plan(network: Network, job: Job) -> Plan:
    """Prepare ``job`` on ``network`` (resolution, arrays, the varying edges, the scenario's
    own answer)."""
    plan = _new_plan(network, job)
    plan.base_cost = edge_cost(plan.arr, plan.res, job.weight)
    plan.base = _search_batch(plan, [plan.base_cost], [None])[0]
    _bounds(plan)
    return plan


def _new_plan(network: Network, job: Job) -> Plan:
    res = resolve(network, job.scenario)
    arr = routing_arrays(network, job.model)
    structure = arc_structure(network, arr)
    index = res.index
    rows = zone_rows(network, job.scenario, res)
    z_state, z_factor, z_risk, z_delay = _zone_effects(network, res, rows)
    control = network.control
    kinds: dict[str, list[int]] = {kind: [] for kind in ("crossing", "zone", "stance", "event")}
    for i, item in enumerate(job.items):
        kinds[item.kind].append(i)
    zone_item = np.array([(i, job.items[i].row) for i in kinds["zone"]], dtype=np.int64)
    zone_item = zone_item.reshape(-1, 2)
    stance_raw = []
    row_of_zone = np.array([r.row for r in rows], dtype=np.int64)
    for i in kinds["stance"]:
        item = job.items[i]
        zones = np.flatnonzero(row_of_zone == item.row)
        flipped = control.stance_row(item.flipped)
        effect = (control.effect(item.flipped).state, flipped.factor, flipped.risk, flipped.delay_h)
        stance_raw.append((i, zones, effect))
    variable_zones = np.zeros(len(res.zone_ids), dtype=bool)
    variable_zones[zone_item[:, 1]] = True
    for _, zones, _ in stance_raw:
        variable_zones[zones] = True
    varying_mask = np.zeros(len(index.edges), dtype=bool)
    varying_mask[res.pair_edge[variable_zones[res.pair_zone]]] = True
    crossing_ids = [job.items[i].id for i in kinds["crossing"]]
    for c in crossing_ids:
        varying_mask[index.crossing_edges[c]] = True
    event_rows = np.array([job.items[i].row for i in kinds["event"]], dtype=np.int64)
    if len(event_rows):
        pairs = res.events.pairs
        varying_mask[pairs.edge[np.isin(pairs.event, event_rows)]] = True
    varying = np.flatnonzero(varying_mask)
    pos = np.full(len(index.edges), -1, dtype=np.int64)
    pos[varying] = np.arange(len(varying))
    # every pair of a varying edge (fixed zones too: an edge's state is the max over all)
    keep = varying_mask[res.pair_edge]
    pe, pz = res.pair_edge[keep], res.pair_zone[keep]
    order = np.lexsort((pz, pe))
    pe, pz = pe[order], pz[order]
    first = np.concatenate([[True], pe[1:] != pe[:-1]]) if len(pe) else np.zeros(0, bool)
    crossing_item = [
        (
            i,
            pos[index.crossing_edges[job.items[i].id]],
            job.items[i].flipped == "open",  # the item blocks under the scenario
        )
        for i in kinds["crossing"]
    ]
    return Plan(
        job=job,
        network=network,
        res=res,
        arr=arr,
        structure=structure,
        oi=arr.node_pos[job.origin],
        di=arr.node_pos[job.destination],
        varying=varying,
        z_state=z_state,
        z_factor=z_factor,
        z_risk=z_risk,
        z_delay=z_delay,
        zone_item=zone_item,
        stance_item=stance_raw,
        crossing_item=crossing_item,
        event_item=np.array(kinds["event"], dtype=np.int64),
        event_row=event_rows,
        pair_zone=pz,
        pair_pos=pos[pe],
        pair_start=np.flatnonzero(first),
        zone_edges_pos=pos[pe[first]],
        fixed_block=_fixed_blocks(res, set(crossing_ids))[varying],
    )


def _zone_part(plan: Plan, flips: np.ndarray):
    """Per draw and varying edge: the zone state, factor, risk and delay (as resolve)."""
    d, n_var = len(flips), len(plan.varying)
    on = np.broadcast_to(plan.res.active_zones, (d, len(plan.z_state))).copy()
    if len(plan.zone_item):
        on[:, plan.zone_item[:, 1]] &= ~flips[:, plan.zone_item[:, 0]]
    state = np.broadcast_to(plan.z_state, on.shape).copy()
    factor = np.broadcast_to(plan.z_factor, on.shape).copy()
    risk = np.broadcast_to(plan.z_risk, on.shape).copy()
    delay = np.broadcast_to(plan.z_delay, on.shape).copy()
    for i, zones, (s, f, r, dl) in plan.stance_item:
        hit = flips[:, i][:, None]
        state[:, zones] = np.where(hit, s, state[:, zones])
        factor[:, zones] = np.where(hit, f, factor[:, zones])
        risk[:, zones] = np.where(hit, r, risk[:, zones])
        delay[:, zones] = np.where(hit, dl, delay[:, zones])
    out_state = np.zeros((d, n_var), dtype=np.int8)
    out_factor = np.ones((d, n_var))
    out_risk = np.zeros((d, n_var))
    out_delay = np.zeros((d, n_var))
    if len(plan.pair_zone):
        pz = plan.pair_zone
        ps = state[:, pz]
        live = on[:, pz] & (ps != OPEN)
        ps = np.where(live, ps, 0).astype(np.int8)
        passable = live & (ps != BLOCKED)
        starts, cols = plan.pair_start, plan.zone_edges_pos
        out_state[:, cols] = np.maximum.reduceat(ps, starts, axis=1)
        out_factor[:, cols] = np.maximum.reduceat(
            np.where(passable, factor[:, pz], 1.0), starts, axis=1
        )
        out_risk[:, cols] = np.maximum.reduceat(
            np.where(passable, risk[:, pz], 0.0), starts, axis=1
        )
        out_delay[:, cols] = np.maximum.reduceat(
            np.where(passable, delay[:, pz], 0.0), starts, axis=1
        )
    return out_state, out_factor, out_risk, out_delay


def _event_part(plan: Plan, flips: np.ndarray) -> np.ndarray:
    """Per draw and varying edge: the event risk per km (the resolution's where no event of
    the draw is flipped; recomputed as :mod:`corridor.events` does where one is)."""
    base = np.asarray(plan.res.event_risk)[plan.varying]
    out = np.broadcast_to(base, (len(flips), len(plan.varying))).copy()
    if not len(plan.event_item):
        return out
    ev = plan.res.events
    gone = flips[:, plan.event_item]
    touched = np.flatnonzero(gone.any(axis=1))
    if not len(touched):
        return out
    params = plan.network.control.event_params
    length = plan.res.index.length_km
    n_edges = len(length)
    patterns, inverse = np.unique(gone[touched], axis=0, return_inverse=True)
    for p, pattern in enumerate(patterns):
        weight = np.array(ev.weight, dtype=float)
        weight[plan.event_row[pattern]] = 0.0
        risk = np.bincount(
            ev.pairs.edge, weights=weight[ev.pairs.event] * ev.pairs.exposure_km, minlength=n_edges
        ).astype(float)
        risk = np.minimum(params["cap"], risk / np.maximum(length, 1e-9))
        out[touched[inverse.ravel() == p]] = risk[plan.varying]
    return out


def draw_arrays(plan: Plan, flips: np.ndarray):
    """Edge state, factor, risk, delay and event risk of each draw on the varying edges
    (D x V)."""
    state, factor, zone_risk, delay = _zone_part(plan, flips)
    blocked = np.broadcast_to(plan.fixed_block, state.shape).copy()
    for i, cols, blocks in plan.crossing_item:
        now = flips[:, i] != blocks  # blocked in the draw
        blocked[:, cols] |= now[:, None]
    state = np.where(blocked, np.int8(BLOCKED), state).astype(np.int8)
    event = _event_part(plan, flips)
    risk = np.maximum(zone_risk, event)
    factor[state == BLOCKED] = np.inf
    return state, factor, risk, delay, event


def _rows_key(*arrays: np.ndarray) -> np.ndarray:
    """One opaque row key per draw (the bytes of its rows), for grouping equal draws."""
    parts = [np.ascontiguousarray(a).view(np.uint8).reshape(len(a), -1) for a in arrays]
    parts.append(np.zeros((len(arrays[0]), 1), dtype=np.uint8))  # never zero bytes wide
    rows = np.ascontiguousarray(np.concatenate(parts, axis=1))
    return rows.view(np.dtype((np.void, rows.shape[1]))).ravel()


def _cost_arrays(plan: Plan, state, factor, risk, delay, event) -> tuple[np.ndarray, ...]:
    """What a draw's search and its hours depend on (risk only when it is the weight; where
    events are, for the security halts of the truck model)."""
    if plan.job.weight == "risk":
        return state, factor, delay, risk, event > 0
    return state, factor, delay, event > 0


def _full(plan: Plan, state, factor, risk, delay, event) -> Resolution:
    """The base resolution with one draw's values on the varying edges."""
    res, v = plan.res, plan.varying
    arrays = []
    rows = (("state", state), ("factor", factor), ("risk", risk), ("delay_h", delay))
    for name, row in (*rows, ("event_risk", event)):
        full = np.array(getattr(res, name))
        full[v] = row
        arrays.append(full)
    return replace(
        res,
        state=arrays[0],
        factor=arrays[1],
        risk=arrays[2],
        delay_h=arrays[3],
        event_risk=arrays[4],
    )


@dataclass
class PathAnswer:
    """The best route of one cost pattern: its edges, km, hours and crossings (edges None:
    no route)."""

    edges: np.ndarray | None
    km: float = np.nan
    hours: float = np.nan
    crossings: tuple = ()
    alternatives: tuple = ()  # k > 1: edge arrays of the other routes


def _batch_size(n_nodes: int) -> int:
    """Graphs searched in one Dijkstra call (its output is batch x batch x nodes)."""
    return int(max(1, min(16, (1_000_000 / max(n_nodes, 1)) ** 0.5)))


def _search_batch(plan: Plan, costs: list[np.ndarray], rows: list[Any]) -> list[PathAnswer]:
    """Best routes of several cost patterns: one scipy Dijkstra over their graphs side by
    side (a block-diagonal matrix), so the per-call overhead is paid once per batch.

    ``costs`` are full edge-cost vectors (:func:`corridor.costs.edge_cost`); ``rows`` give
    each pattern's (state, factor, risk, delay) on the varying edges, for its hours."""
    arr, structure = plan.arr, plan.structure
    compiled = [compile_costs(structure, c) for c in costs]
    n, g = structure.n, len(compiled)
    nnz = len(structure.indices)
    offsets = np.arange(g, dtype=np.int64)
    indptr = np.concatenate(
        [(structure.indptr[:-1][None, :] + nnz * offsets[:, None]).ravel(), [g * nnz]]
    )
    indices = (structure.indices[None, :] + n * offsets[:, None]).ravel()
    data = np.concatenate([c.csr.data for c in compiled])
    big = sparse.csr_matrix((data, indices, indptr), shape=(g * n, g * n))
    sources = plan.oi + n * offsets
    targets = plan.di + n * offsets
    dist, pred = csgraph.dijkstra(big, directed=True, indices=sources, return_predecessors=True)
    out = []
    for b in range(g):
        if not np.isfinite(dist[b, targets[b]]):
            out.append(PathAnswer(None))
            continue
        path = path_from_predecessors(pred[b], int(sources[b]), int(targets[b]))
        assert path is not None
        steps = np.asarray(path, dtype=np.int64) - n * b
        edges = compiled[b].edges_along(steps)
        crossings = tuple(arr.nodes[steps[arr.is_crossing[steps]]].tolist())
        out.append(PathAnswer(edges, float(arr.km[edges].sum()), 0.0, crossings))
        out[-1].hours = _route_hours(plan, costs[b], edges, rows[b])
    return out


def _route_hours(plan: Plan, cost: np.ndarray, edges: np.ndarray, row: Any) -> float:
    """Hours along a route under a pattern, as :class:`corridor.Route` adds them."""
    if plan.job.weight == "hours":  # the cost is edge_hours on every passable edge
        return float(cost[edges].sum())
    res = plan.res if row is None else _full(plan, *row)
    return float(edge_hours(plan.arr, res, edges).sum())


@dataclass
class ChunkResult:
    """The answers of one chunk of draws (``start`` is its first draw's number)."""

    start: int
    viable: np.ndarray
    via: np.ndarray  # index into ``vias`` (-1: no route)
    vias: list
    km: np.ndarray
    hours: np.ndarray
    risk: np.ndarray
    n_routes: np.ndarray
    edge_used: np.ndarray  # per edge: draws whose best route uses it
    edge_used_any: np.ndarray  # per edge: draws where one of the k routes uses it
    edge_blocked: np.ndarray  # per edge: draws in which it is blocked
    searches: int  # Dijkstra searches run (distinct cost patterns not seen before)


def _answers(plan: Plan, arrays, cost, cost_key, first, flips, alternatives):
    """The path answer of each cost group (cached per plan; new ones searched in batches)."""
    state, factor, risk, delay, event = arrays
    assert plan.base_cost is not None
    keys = [cost_key[row].tobytes() for row in first.tolist()]
    todo = [g for g, key in enumerate(keys) if key not in plan.paths]
    todo = list(dict.fromkeys(todo))
    batch = _batch_size(plan.structure.n)
    for lo in range(0, len(todo), batch):
        part = todo[lo : lo + batch]
        rows = [int(first[g]) for g in part]
        full = np.broadcast_to(plan.base_cost, (len(rows), len(plan.base_cost))).copy()
        full[:, plan.varying] = cost[rows]
        found = _search_batch(
            plan,
            list(full),
            [(state[r], factor[r], risk[r], delay[r], event[r]) for r in rows],
        )
        for g, row, answer in zip(part, rows, found):
            if alternatives is not None and answer.edges is not None:
                answer.alternatives = tuple(alternatives(plan, flips[row]))
            plan.paths[keys[g]] = answer
    answers = [plan.paths[key] for key in keys]
    while len(plan.paths) > _PATH_CACHE:
        plan.paths.popitem(last=False)
    return answers, len(todo)


def _varying_costs(plan: Plan, state, factor, risk, delay, event) -> np.ndarray:
    """Edge costs of every draw on the varying edges (D x V), by
    :func:`corridor.costs.edge_cost_of_draws`."""
    return edge_cost_of_draws(
        plan.arr,
        plan.res.scenario.date,
        plan.job.weight,
        plan.varying,
        state,
        factor,
        risk,
        delay,
        event,
    )


def _optimistic(plan: Plan) -> np.ndarray:
    """The draw that flips every item that can only lower edge costs (zones gone, blocking
    crossings open, stance rows toward a milder stance, events gone): its costs bound every
    draw's from below, edge by edge."""
    control = plan.network.control
    row = np.zeros((1, len(plan.job.items)), dtype=bool)
    for i, item in enumerate(plan.job.items):
        if item.kind == "stance":
            value, flipped = control.effect(item.value), control.effect(item.flipped)
            row[0, i] = flipped.state < value.state or item.flipped == "passable"
        elif item.kind == "crossing":
            row[0, i] = item.flipped == "open"
        else:
            row[0, i] = True
    return row


def _bounds(plan: Plan) -> None:
    """Per-plan bounds for pruning: the lowest cost of each edge over all draws, distances
    from origin and destination under it, and candidate routes (the scenario's k = 5)."""
    assert plan.base_cost is not None
    v = plan.varying
    low = plan.base_cost.copy()
    for row in (_optimistic(plan), np.ones((1, len(plan.job.items)), dtype=bool)):
        low[v] = np.minimum(low[v], _varying_costs(plan, *draw_arrays(plan, row))[0])
    dist = csgraph.dijkstra(
        compile_costs(plan.structure, low).csr, directed=True, indices=[plan.oi, plan.di]
    )
    u, w = plan.arr.u[v], plan.arr.v[v]
    plan.through = np.minimum(dist[0][u] + dist[1][w], dist[0][w] + dist[1][u])
    job = plan.job
    routes = viable_routes(
        plan.network,
        job.scenario,
        job.origin,
        job.destination,
        k=5,
        weight=job.weight,
        model=job.model,
    )
    cands = [r.edge_index for r in routes]
    best_low = _search_batch(plan, [low], [None])[0]
    if best_low.edges is not None:
        cands.append(best_low.edges)
    pos = np.full(len(low), -1, dtype=np.int64)
    pos[v] = np.arange(len(v))
    plan.candidates = [
        (float(plan.base_cost[e[pos[e] < 0]].sum()), pos[e][pos[e] >= 0]) for e in cands
    ]


def _prune(plan: Plan, arrays, cost: np.ndarray):
    """The draws' arrays and costs with every edge that cannot lie on the draw's best route
    masked as blocked. An edge (u, v) can only when dist(origin, u) + cost(u, v) +
    dist(v, destination), distances under the per-edge lowest costs, is at most the cost of
    some candidate route under the draw; the best route is then unchanged (exact), and draws
    that differ only on masked edges share one search."""
    d = len(cost)
    ub = np.full(d, np.inf)
    for fixed, at in plan.candidates:
        ub = np.minimum(ub, fixed + cost[:, at].sum(axis=1))
    relevant = cost + plan.through <= ub[:, None] * (1 + 1e-9) + 1e-9
    state, factor, risk, delay, event = arrays
    masked = (
        np.where(relevant, state, np.int8(BLOCKED)).astype(np.int8),
        np.where(relevant, factor, np.inf),
        np.where(relevant, risk, 0.0),
        np.where(relevant, delay, 0.0),
        np.where(relevant, event, 0.0),
    )
    return masked, np.where(relevant, cost, np.inf)


def run_draws(plan: Plan, flips: np.ndarray, start: int = 0, alternatives=None) -> ChunkResult:
    """Resolve and route the draws ``flips`` (D x items, bool) of ``plan``.

    ``alternatives(plan, flips_row)`` returns the edge arrays of up to k routes of a draw
    (k > 1); None for k = 1.
    """
    d = len(flips)
    arrays = draw_arrays(plan, flips)
    state, factor, risk, delay, _ = arrays
    masked, cost = _prune(plan, arrays, _varying_costs(plan, *arrays))
    cost_key = _rows_key(*_cost_arrays(plan, *masked))
    n_edges = len(plan.res.state)
    _, first, inverse = np.unique(cost_key, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    answers, searches = _answers(plan, masked, cost, cost_key, first, flips, alternatives)
    counts = np.bincount(inverse, minlength=len(first))
    group_km, group_hours, group_routes = (np.full(len(answers), np.nan) for _ in range(3))
    group_via = np.full(len(answers), -1, dtype=np.int64)
    vias: dict[tuple, int] = {}
    found = [g for g, answer in enumerate(answers) if answer.edges is not None]
    for g in found:
        answer = answers[g]
        group_via[g] = vias.setdefault(answer.crossings, len(vias))
        group_km[g], group_hours[g] = answer.km, answer.hours
        group_routes[g] = 1 + len(answer.alternatives)
    viable = group_via[inverse] >= 0
    via = group_via[inverse]
    km, hours = group_km[inverse], group_hours[inverse]
    n_routes = np.where(viable, group_routes[inverse], 0).astype(np.int64)
    used = np.zeros(n_edges, dtype=np.int64)
    used_any = np.zeros(n_edges, dtype=np.int64)
    risk_out = np.full(d, np.nan)
    if found:
        edge_arrays = [answers[g].edges for g in found]
        lengths = np.array([len(e) for e in edge_arrays])
        edges_flat = np.concatenate(edge_arrays)
        group_of = np.repeat(np.asarray(found), lengths)
        np.add.at(used, edges_flat, counts[group_of])
        any_edges = [
            np.unique(np.concatenate([answers[g].edges, *answers[g].alternatives]))
            if answers[g].alternatives
            else answers[g].edges
            for g in found
        ]
        any_len = np.array([len(e) for e in any_edges])
        np.add.at(used_any, np.concatenate(any_edges), np.repeat(counts[found], any_len))
        # risk exactly as Route.risk sums it (km x risk per km over the route's edges, in
        # order; the draw's own risk on the varying edges, as events vary): the draws whose
        # routes have the same number of edges are summed as the rows of one matrix, which
        # NumPy adds row by row in the same order as a single route
        base_risk = np.asarray(plan.res.risk)
        pos = np.full(n_edges, -1, dtype=np.int64)
        pos[plan.varying] = np.arange(len(plan.varying))
        route_len = np.zeros(len(answers), dtype=np.int64)
        route_len[found] = lengths
        start_of = np.zeros(len(answers), dtype=np.int64)
        start_of[found] = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        members = np.flatnonzero(viable)
        member_len = route_len[inverse[members]]
        for n_steps in np.unique(member_len).tolist():
            who = members[member_len == n_steps]
            idx = start_of[inverse[who]][:, None] + np.arange(n_steps)[None, :]
            e = edges_flat[idx]  # draws x steps: each draw's route edges in order
            r = base_risk[e]
            at = pos[e]
            on = at >= 0
            r[on] = risk[np.broadcast_to(who[:, None], e.shape)[on], at[on]]
            risk_out[who] = (plan.arr.km[e] * r).sum(axis=1)
    blocked = np.zeros(n_edges, dtype=np.int64)
    blocked[np.asarray(plan.res.state) == BLOCKED] = d
    blocked[plan.varying] = (state == BLOCKED).sum(axis=0)
    return ChunkResult(
        start=start,
        viable=viable,
        via=via,
        vias=list(vias),
        km=km,
        hours=hours,
        risk=risk_out,
        n_routes=n_routes,
        edge_used=used,
        edge_used_any=used_any,
        edge_blocked=blocked,
        searches=searches,
    )


def draw_scenario(plan: Plan, flips_row: np.ndarray) -> Scenario:
    """The scenario a draw amounts to (crossing, zone and stance flips; events have no
    scenario field and are left out): used for k > 1 and to check the engine."""
    job, res = plan.job, plan.res
    sc = canonical(plan.network, job.scenario)  # ids, so that a draw's flip replaces a name
    crossings = dict(sc.crossings)
    removed = set(sc.zones_removed)
    zone_stances = dict(sc.zone_stances)
    for i in np.flatnonzero(flips_row).tolist():
        item = job.items[i]
        if item.kind == "crossing":
            crossings[item.id] = item.flipped
        elif item.kind == "zone":
            removed.add(item.id)
        elif item.kind == "stance":
            for _, zones, _ in (s for s in plan.stance_item if s[0] == i):
                for z in zones.tolist():  # the zones in force (a stance on others does nothing)
                    if z < len(plan.res.index.zone_ids) and res.active_zones[z]:
                        zone_stances[str(res.zone_ids[z])] = item.flipped
    return replace(
        sc,
        name=f"{sc.name} (draw)",
        crossings=tuple(sorted(crossings.items())),
        zones_removed=tuple(sorted(removed)),
        zone_stances=tuple(sorted(zone_stances.items())),
    )
