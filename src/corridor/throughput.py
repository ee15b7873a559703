"""Corridor capacity: how many trucks and tonnes a day can move from an origin to a destination
under a scenario, and where the bottleneck is.

The passable graph of the scenario (every edge not blocked) becomes a flow network: each road
edge carries at most the trucks a day of its class in each direction
(``trucks_per_day`` by road class in ``data/freight_defaults.csv``), each border crossing at
most its trucks a day on the scenario's date (``data/crossing_capacity.csv`` where a row covers
the date, else the default of its kind; crossings are split into an in- and an out-node joined
by an arc of that capacity). The maximum flow (``scipy.sparse.csgraph.maximum_flow``, Dinic's
algorithm, whole trucks a day) is the corridor's capacity; tonnes are trucks times the payload
of the freight model's truck. The bottleneck is the set of crossings on a minimum cut (the
source side of the residual graph of the maximum flow): closing them all leaves no capacity,
unless the cut also runs through roads (``Capacity.cut_roads``, then listed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import csgraph

from .costs import routing_arrays
from .errors import CorridorError
from .freight import FreightModel, check_freight
from .freight_data import bundled_freight
from .network import Network
from .resolution import BLOCKED, Resolution, edge_index, resolve
from .routing import check_query
from .whatif import Scenario, as_scenario

__all__ = [
    "Capacity",
    "FlowStructure",
    "FlowProblem",
    "FlowSolution",
    "flow_structure",
    "flow_problem",
    "residual_reach",
    "capacity",
]

ScenarioLike = Scenario | str | Path
UNBOUNDED = 2**29  # trucks a day standing for "no limit" (the origin and destination nodes)
_FLOW_COLUMNS = [
    "kind",
    "id",
    "name",
    "road_id",
    "road_class",
    "country",
    "from",
    "to",
    "capacity_trucks_per_day",
    "flow_trucks_per_day",
    "flow_t_per_day",
    "utilisation",
    "in_cut",
    "source",
]


_SCALAR_FIELDS = ("n_nodes", "size", "n_edge_items")


def _frozen(*arrays: np.ndarray) -> None:
    for a in arrays:
        a.setflags(write=False)


@dataclass(frozen=True, eq=False)
class FlowStructure:
    """The network as a flow graph (built once per network; arrays read-only).

    Node ``i`` of the network is node ``i`` of the flow graph (a crossing's in-node); crossing
    ``k`` adds its out-node ``n + k``. *Items* are the arcs before parallel ones are merged:
    two per edge (``u -> v`` and ``v -> u``, from the out-node of a crossing end), then one per
    crossing (in -> out). ``item_pair`` maps items to the merged (source, target) pairs, which
    ``indptr``/``indices`` lay out as a CSR matrix.
    """

    n_nodes: int  # network nodes
    size: int  # flow-graph nodes
    item_edge: np.ndarray  # per item: the edge (-1 for crossing arcs)
    item_forward: np.ndarray  # per edge item: whether it runs u -> v
    item_crossing: np.ndarray  # per item: the crossing's node index (-1 for edge arcs)
    item_pair: np.ndarray
    pair_src: np.ndarray
    pair_dst: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    crossing_nodes: np.ndarray  # node index of each crossing (its in-node)
    crossing_item: np.ndarray  # item of each crossing's in -> out arc
    edge_item: (
        np.ndarray
    )  # per edge: its u -> v item (-1 for a self-loop); v -> u is + n_edge_items
    n_edge_items: int
    edge_class: np.ndarray  # per edge: its road class

    def capacity_matrix(self, item_capacity: np.ndarray, limit: int) -> sparse.csr_matrix:
        """The flow graph as a CSR matrix of whole capacities (``data`` in pair order): the
        items' capacities summed over each pair of parallel arcs, at most ``limit``."""
        pair_cap = np.bincount(self.item_pair, weights=item_capacity, minlength=len(self.pair_src))
        return sparse.csr_matrix(
            (np.minimum(pair_cap, limit).astype(np.int32), self.indices.copy(), self.indptr.copy()),
            shape=(self.size, self.size),
        )

    def items_of_edges(self, edges: np.ndarray) -> np.ndarray:
        """The items (both directions) of the edges ``edges`` (indices)."""
        fwd = self.edge_item[edges]
        fwd = fwd[fwd >= 0]
        return np.concatenate([fwd, fwd + self.n_edge_items])


def _build_structure(network: Network) -> FlowStructure:
    arr = routing_arrays(network)
    n = len(arr.nodes)
    crossings = np.flatnonzero(arr.is_crossing)
    out_of = np.arange(n)
    out_of[crossings] = n + np.arange(len(crossings))
    edges = np.flatnonzero(arr.u != arr.v)  # a self-loop carries nothing through
    u, v = arr.u[edges], arr.v[edges]
    src = np.concatenate([out_of[u], out_of[v], crossings])
    dst = np.concatenate([v, u, out_of[crossings]])
    m = len(edges)
    item_edge = np.concatenate([edges, edges, np.full(len(crossings), -1)])
    item_forward = np.concatenate(
        [np.ones(m, bool), np.zeros(m, bool), np.zeros(len(crossings), bool)]
    )
    item_crossing = np.concatenate([np.full(2 * m, -1), crossings])
    size = n + len(crossings)
    key = src * size + dst
    pairs, item_pair = np.unique(key, return_inverse=True)
    pair_src, pair_dst = pairs // size, pairs % size
    indptr = np.searchsorted(pair_src, np.arange(size + 1)).astype(np.int32)
    crossing_item = 2 * m + np.arange(len(crossings))
    edge_item = np.full(len(arr.u), -1)
    edge_item[edges] = np.arange(m)
    out = FlowStructure(
        n,
        size,
        item_edge,
        item_forward,
        item_crossing,
        item_pair.astype(np.int64),
        pair_src,
        pair_dst,
        indptr,
        pair_dst.astype(np.int32),
        crossings,
        crossing_item,
        edge_item,
        m,
        np.array(
            [network.graph.edges[e]["road_class"] for e in edge_index(network).edges], dtype=object
        ),
    )
    _frozen(*(getattr(out, k) for k in out.__dataclass_fields__ if k not in _SCALAR_FIELDS))
    return out


def flow_structure(network: Network) -> FlowStructure:
    """The network's :class:`FlowStructure` (built once per network state)."""
    return network.cache.get_or_build("flow_structure", lambda: _build_structure(network))


@dataclass(frozen=True, eq=False)
class FlowSolution:
    """A maximum flow: its value (trucks a day), the flow on each item and, when asked for, the
    flow-graph nodes on the source side of a minimum cut."""

    value: int
    item_flow: np.ndarray  # trucks a day on each item (>= 0)
    reach: np.ndarray | None  # bool per flow-graph node, or None


@dataclass(frozen=True, eq=False)
class FlowProblem:
    """The flow network of one scenario and freight model between two nodes (immutable).

    ``capacity`` is trucks a day per item of the :class:`FlowStructure` (0 on blocked edges);
    ``crossing_capacity`` and ``crossing_source`` give each crossing's figure and its source.
    """

    network: Network
    structure: FlowStructure
    res: Resolution
    model: FreightModel
    capacity: np.ndarray
    source: int
    sink: int
    crossing_capacity: Mapping[str, float]
    crossing_source: Mapping[str, str]

    def solve(self, denied: np.ndarray | None = None, *, cut: bool = False) -> FlowSolution:
        """The maximum flow with the items ``denied`` (indices) at zero capacity; with ``cut``,
        the source side of the minimum cut too."""
        st = self.structure
        cap = self.capacity
        if denied is not None and len(denied):
            cap = cap.copy()
            cap[denied] = 0
        matrix = st.capacity_matrix(cap, UNBOUNDED)
        pair_cap = matrix.data
        result = csgraph.maximum_flow(matrix, self.source, self.sink, method="dinic")
        flow = result.flow.tocsr()
        flow.sort_indices()
        # the flow on each pair, read from the (antisymmetric) flow matrix at the pair's cell
        pair_flow = np.asarray(flow[st.pair_src, st.pair_dst]).ravel().clip(min=0)
        share = np.divide(cap, pair_cap[st.item_pair], out=np.zeros(len(cap)), where=cap > 0)
        item_flow = pair_flow[st.item_pair] * share
        reach = residual_reach(matrix, flow, self.source) if cut else None
        return FlowSolution(int(result.flow_value), item_flow, reach)


def residual_reach(
    matrix: sparse.csr_matrix, flow: Any, start: int, *, backward: bool = False
) -> np.ndarray:
    """Per flow-graph node: whether it is reached from ``start`` along arcs with capacity
    left by ``flow`` (the flow matrix of ``scipy.sparse.csgraph.maximum_flow``); ``backward``:
    whether ``start`` is reached from it."""
    residual = (matrix - flow).tocsr()
    residual.data = (residual.data > 0).astype(np.int8)
    residual.eliminate_zeros()
    if backward:
        residual = residual.T.tocsr()
    seen = csgraph.breadth_first_order(residual, start, directed=True, return_predecessors=False)
    reach = np.zeros(matrix.shape[0], dtype=bool)
    reach[seen] = True
    return reach


def flow_problem(
    network: Network, scenario: Scenario, origin: str, destination: str, model: FreightModel
) -> FlowProblem:
    """The :class:`FlowProblem` of a query (node ids ``origin``, ``destination``)."""
    st = flow_structure(network)
    arr = routing_arrays(network)
    res = resolve(network, scenario)
    classes = st.edge_class
    by_class = {c: model.road_trucks(c) for c in set(classes.tolist())}
    edge_cap = np.array([by_class[c] for c in classes.tolist()], dtype=float)
    edge_cap[res.state == BLOCKED] = 0.0
    cap = np.zeros(len(st.item_edge))
    is_edge = st.item_edge >= 0
    cap[is_edge] = edge_cap[st.item_edge[is_edge]]
    figures, sources = {}, {}
    date = res.scenario.date
    for i, item in zip(st.crossing_nodes.tolist(), st.crossing_item.tolist()):
        node = arr.nodes[i]
        trucks, label = model.crossing_trucks(node, arr.crossing_kind[i], date)
        figures[node], sources[node] = trucks, label
        cap[item] = UNBOUNDED if node in (origin, destination) else trucks
    cap = np.rint(cap)
    _frozen(cap)
    return FlowProblem(
        network,
        st,
        res,
        model,
        cap,
        arr.node_pos[origin],
        arr.node_pos[destination],
        MappingProxyType(figures),
        MappingProxyType(sources),
    )


# --------------------------------------------------------------------------- results


@dataclass(eq=False)
class Capacity:
    """The answer of :func:`capacity`.

    Attributes
    ----------
    trucks_per_day, tonnes_per_day : float
        The corridor's capacity from origin to destination (one direction), trucks and tonnes
        a day; tonnes = trucks x ``payload_t`` (the payload of ``truck``).
    bottleneck : list of str
        Crossing ids of the minimum cut (capacity > 0), by capacity, largest first.
    cut_roads : list of str
        Road ids on the minimum cut (empty when crossings alone make it).
    flows : pandas.DataFrame
        One row per crossing of the network and per edge carrying flow: kind ("crossing" or
        "road"), id, name, road_id, road_class, country, from and to (the direction of the
        flow), capacity_trucks_per_day, flow_trucks_per_day, flow_t_per_day, utilisation
        (flow / capacity), in_cut, source (where the capacity figure comes from).
    edge_flow : numpy.ndarray
        Trucks a day on each edge (edge index order), positive from u to v.
    crossing_capacity : dict
        Trucks a day through each crossing on the date (before closures).
    assumptions, sources : list of str
        The figures used that are labelled ASSUMPTION (or given), and their sources.
    """

    scenario: Scenario
    origin: str
    destination: str
    trucks_per_day: float
    tonnes_per_day: float
    truck: str
    payload_t: float
    bottleneck: list
    cut_roads: list
    flows: pd.DataFrame
    edge_flow: np.ndarray = field(repr=False)
    crossing_capacity: dict = field(repr=False)
    assumptions: list = field(default_factory=list, repr=False)
    sources: list = field(default_factory=list, repr=False)
    network: Any = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain values (the flows as records)."""
        return {
            "scenario": self.scenario.name,
            "date": self.scenario.date.isoformat(),
            # the crossings the scenario sets, those closed by the call included
            "crossings_set": dict(self.scenario.crossings),
            "origin": self.origin,
            "destination": self.destination,
            "trucks_per_day": self.trucks_per_day,
            "tonnes_per_day": self.tonnes_per_day,
            "truck": self.truck,
            "payload_t": self.payload_t,
            "bottleneck": self.bottleneck,
            "cut_roads": self.cut_roads,
            "flows": self.flows.to_dict(orient="records"),
            "assumptions": self.assumptions,
            "sources": self.sources,
        }

    def __repr__(self) -> str:
        neck = ", ".join(self.bottleneck) or "none"
        return (
            f"<Capacity {self.origin} → {self.destination} [{self.scenario.name}]: "
            f"{self.trucks_per_day:,.0f} trucks/day = {self.tonnes_per_day:,.0f} t/day; "
            f"bottleneck {neck}>"
        )


def _flows_frame(problem: FlowProblem, sol: FlowSolution, payload: float) -> pd.DataFrame:
    st, net = problem.structure, problem.network
    arr = routing_arrays(net)
    graph = net.graph
    reach = sol.reach if sol.reach is not None else np.zeros(st.size, bool)
    src, dst = st.pair_src[st.item_pair], st.pair_dst[st.item_pair]
    item_cut = reach[src] & ~reach[dst] & (problem.capacity > 0)
    rows = []
    for i, item in zip(st.crossing_nodes.tolist(), st.crossing_item.tolist()):
        node = arr.nodes[i]
        d = graph.nodes[node]
        cap = problem.crossing_capacity[node]
        f = float(sol.item_flow[item])
        rows.append(
            ["crossing", node, d["name"], None, None, d["country"], None, None, cap, f,
             f * payload, f / cap if cap else np.nan, bool(item_cut[item]),
             problem.crossing_source[node]]
        )  # fmt: skip
    edge_flow = _edge_flow(st, sol, len(arr.u))
    cut_edges = set(st.item_edge[item_cut & (st.item_edge >= 0)].tolist())
    index = problem.res.index
    for e in np.flatnonzero(np.abs(edge_flow) > 1e-9).tolist():
        a, b, _ = index.edges[e]
        d = graph.edges[index.edges[e]]
        f = abs(float(edge_flow[e]))
        cap = problem.model.road_trucks(d["road_class"])
        ends = (a, b) if edge_flow[e] > 0 else (b, a)
        rows.append(
            ["road", d["id"], d.get("road"), index.road_ids[e], d["road_class"], d["country"],
             *ends, cap, f, f * payload, f / cap, e in cut_edges,
             problem.model.label("trucks_per_day", d["road_class"], cap)]
        )  # fmt: skip
    frame = pd.DataFrame(rows, columns=_FLOW_COLUMNS)
    order = np.lexsort((frame["id"].to_numpy(), -frame["flow_trucks_per_day"].to_numpy(),
                        frame["kind"].to_numpy() != "crossing"))  # fmt: skip
    return frame.iloc[order].reset_index(drop=True)


def _edge_flow(st: FlowStructure, sol: FlowSolution, n_edges: int) -> np.ndarray:
    """Trucks a day along each edge, positive from u to v."""
    is_edge = st.item_edge >= 0
    signed = np.where(st.item_forward, sol.item_flow, -sol.item_flow)[is_edge]
    out = np.bincount(st.item_edge[is_edge], weights=signed, minlength=n_edges)
    out[np.abs(out) < 1e-9] = 0.0
    _frozen(out)
    return out


def _cut(problem: FlowProblem, sol: FlowSolution) -> tuple[list[str], list[str]]:
    """(crossings, roads) on the minimum cut with positive capacity."""
    st = problem.structure
    assert sol.reach is not None
    reach = sol.reach
    src, dst = st.pair_src[st.item_pair], st.pair_dst[st.item_pair]
    cut = reach[src] & ~reach[dst] & (problem.capacity > 0)
    arr = routing_arrays(problem.network)
    crossings = [arr.nodes[n] for n in st.item_crossing[cut & (st.item_crossing >= 0)].tolist()]
    crossings.sort(key=lambda c: (-problem.crossing_capacity[c], c))
    edges = st.item_edge[cut & (st.item_edge >= 0)]
    roads = sorted(set(problem.res.index.road_ids[edges].tolist()))
    return crossings, roads


def _assumptions(problem: FlowProblem, frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(assumptions, sources) of the figures a capacity uses: the crossings and road classes
    carrying flow or on the cut, and the payload."""
    model = problem.model
    used = frame[(frame["flow_trucks_per_day"] > 0) | frame["in_cut"]]
    crossings = used[used["kind"] == "crossing"]
    notes = [
        f"trucks_per_day at {i} = {c:g}: {s}"
        for i, c, s in zip(
            crossings["id"], crossings["capacity_trucks_per_day"], crossings["source"]
        )
    ]
    classes = sorted(set(used.loc[used["kind"] == "road", "road_class"]))
    notes += [model.label("trucks_per_day", c, model.road_trucks(c)) for c in classes]
    notes.append(model.label("payload_t", model.truck, model.payload()))
    assumptions = [n for n in notes if "ASSUMPTION" in n or n.endswith("given")]
    date = problem.res.scenario.date
    sources: list[str] = []
    for r in model.crossing_capacity:
        if r.crossing in set(crossings["id"]) and r.covers(date):
            sources += r.provenance.sources
    defaults = bundled_freight().defaults
    for key in [("payload_t", model.truck)] + [("trucks_per_day", c) for c in classes]:
        if key in defaults:
            sources += defaults[key].provenance.sources
    return list(dict.fromkeys(assumptions)), list(dict.fromkeys(sources))


def capacity(
    network: Network,
    scenario: ScenarioLike,
    origin: str,
    destination: str,
    *,
    model: FreightModel | None = None,
    closed: Iterable[str] = (),
) -> Capacity:
    """How many trucks and tonnes a day can move from ``origin`` to ``destination``.

    Parameters
    ----------
    network : Network
    scenario : Scenario, or a built-in scenario name or scenario file
    origin, destination : str
        Place ids, names or aliases.
    model : FreightModel, optional
        Crossing and road capacities (trucks a day, one direction) and the truck's payload
        (tonnes); default: the bundled freight data.
    closed : iterable of str
        Crossings to treat as closed on top of the scenario (ids, names or aliases).

    Returns
    -------
    Capacity
        Trucks and tonnes a day, the bottleneck (crossings of a minimum cut), the flows.

    Notes
    -----
    Maximum flow on the scenario's passable graph with ``scipy.sparse.csgraph.maximum_flow``
    (Dinic's algorithm, integer trucks a day), one max flow and one breadth-first search of the
    residual graph: milliseconds on the bundled networks. See the module docstring.
    """
    o, d = check_query(network, origin, destination, 1, "km")
    sc = as_scenario(scenario)
    shut = _check_closed(network, closed)
    if shut:
        pairs = dict(sc.crossings) | dict.fromkeys(shut, "closed")
        sc = replace(sc, crossings=tuple(sorted(pairs.items())))
    model = check_freight(model)
    problem = flow_problem(network, sc, o, d, model)
    sol = problem.solve(cut=True)
    payload = model.payload()
    frame = _flows_frame(problem, sol, payload)
    crossings, roads = _cut(problem, sol) if sol.value else ([], [])
    assumptions, sources = _assumptions(problem, frame)
    return Capacity(
        scenario=sc,
        origin=o,
        destination=d,
        trucks_per_day=float(sol.value),
        tonnes_per_day=float(sol.value) * payload,
        truck=model.truck,
        payload_t=payload,
        bottleneck=crossings,
        cut_roads=roads,
        flows=frame,
        edge_flow=_edge_flow(problem.structure, sol, len(problem.res.index.edges)),
        crossing_capacity=dict(problem.crossing_capacity),
        assumptions=assumptions,
        sources=sources,
        network=network,
    )


def _check_closed(network: Network, closed: Any) -> list[str]:
    if isinstance(closed, str):
        closed = [closed]
    try:
        return [network.crossing_id(c) for c in closed]
    except TypeError:
        raise CorridorError(f"closed must be crossing ids or names, got {closed!r}") from None
