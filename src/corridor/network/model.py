"""The network model: roads, crossings and places as a NetworkX MultiGraph over Shapely
geometries, with a per-network cache that cannot go stale.

Nodes are places (city, town, junction), border crossings, and the points where a road
enters or leaves a control zone (kind "boundary"). Edges are road segments, each in one
country and each either wholly inside or wholly outside every control zone. All geometry is
EPSG:4326 (lon, lat); lengths are geodesic on WGS84, in km.
"""

from __future__ import annotations

import logging
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

import geopandas as gpd
import networkx as nx
import numpy as np

from ..errors import CorridorError, DataError, ScenarioError, UnknownNameError
from ..names import NameIndex, has_words, name_words, normalize_name
from ._graph import as_corridor_graph, generation
from .frames import graph_to_gdfs

if TYPE_CHECKING:
    from ..control import Control

__all__ = ["Network", "NetworkCache", "nbytes_of"]

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_CACHE_BYTES = 64 * 2**20  # per network, for answers that depend on a scenario
_EDGE_NEEDS = ("geometry", "length_km", "id", "road_class", "surface", "country")  # as keys
_EDGE_VALUES = ("geometry", "length_km", "id")  # and not None


def nbytes_of(value: Any) -> int:
    """The size in bytes of a cached value: its ``nbytes`` (NumPy arrays, and the results
    that report theirs), else a nominal 1 kB."""
    size = getattr(value, "nbytes", None)
    if isinstance(size, (int, np.integer)):
        extra = 100 * value.size if isinstance(value, np.ndarray) and value.dtype == object else 0
        return int(size) + extra
    return 1024


class NetworkCache:
    """Per-network precomputation, valid for one state of the graph.

    Two stores: ``static`` for what depends on the network only (edge index, routing
    arrays, name indexes), and a byte-bounded LRU for what depends on a scenario
    (resolutions, compiled costs), evicting the least recently used entries beyond
    ``max_bytes``. Everything cached must be immutable (read-only arrays, tuples, mappings).
    """

    def __init__(self, owner: Network, max_bytes: int = DEFAULT_CACHE_BYTES):
        self.generation = generation()
        # the network it answers for: two networks on one graph (a copy of a network, or
        # Network(other.graph, ...)) may differ in control tables and zones
        self.owner = weakref.ref(owner)
        self.max_bytes = int(max_bytes)
        self.static: dict[Hashable, Any] = {}
        self._lru: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self.bytes = 0

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        """The static entry ``key``, built (once) by ``build()`` when missing."""
        try:
            return self.static[key]
        except KeyError:
            log.debug("building network index %.60r", key)
            value = self.static[key] = build()
            return value

    def lookup(self, key: Hashable) -> Any:
        """A scenario entry, or None (and marks it recently used)."""
        hit = self._lru.get(key)
        if hit is None:
            return None
        self._lru.move_to_end(key)
        return hit[0]

    def store(self, key: Hashable, value: Any) -> Any:
        """Keep a scenario entry; evict the least recently used beyond ``max_bytes``."""
        size = nbytes_of(value)
        old = self._lru.pop(key, None)
        if old is not None:
            self.bytes -= old[1]
        self._lru[key] = (value, size)
        self.bytes += size
        while self.bytes > self.max_bytes and len(self._lru) > 1:
            evicted, (_, freed) = self._lru.popitem(last=False)
            self.bytes -= freed
            log.debug("cache full (%d bytes): evicted %.60r", self.max_bytes, evicted)
        return value

    def __len__(self) -> int:
        return len(self._lru)


def _dead_corridor_cache(key: Hashable, cache: Any) -> bool:
    return (
        isinstance(key, tuple)
        and key[:1] == ("corridor",)
        and isinstance(cache, NetworkCache)
        and cache.owner() is None
    )


class Network:
    """A corridor road network.

    Parameters
    ----------
    graph : networkx.MultiGraph
        Undirected; converted to a :class:`corridor.network.CorridorGraph` (a copy) unless
        it is one.
    zones : geopandas.GeoDataFrame, optional
        The control zones the edges were split on (all dates), EPSG:4326.
    name : str
    cache_bytes : int
        Memory bound of the scenario-dependent cache, bytes (default 64 MiB).

    Attributes
    ----------
    graph : CorridorGraph
        Nodes keyed by id with attributes ``geometry`` (Point), ``kind``, ``country``,
        ``name``, ``aliases`` and the fields of :data:`corridor._schema.NODE_FIELDS`; edges
        with ``geometry`` (LineString), ``length_km`` (geodesic, WGS84), ``road``,
        ``road_class``, ``surface``, ``country``, ``id`` and ``zones`` (ids of the control
        zones that cover the edge). A crossing node's ``country`` is ``"SYR|IRQ"``.
    name : str
        Where the network came from.

    Notes
    -----
    Answers are cached per network (two networks on one graph keep caches of their own). The
    cache lives in ``graph.__networkx_cache__``, which
    NetworkX clears on every structural change, and is dropped as well when any node, edge
    or graph attribute is written; :meth:`clear_cache` drops it by hand.

    Build one with :func:`corridor.load`, :func:`corridor.build_network`,
    :func:`corridor.from_gdfs` or :func:`corridor.network_from_roads`.
    """

    def __init__(
        self,
        graph: nx.MultiGraph,
        *,
        zones: gpd.GeoDataFrame | None = None,
        name: str = "",
        cache_bytes: int = DEFAULT_CACHE_BYTES,
    ):
        self.graph = as_corridor_graph(graph)
        if zones is not None and not isinstance(zones, gpd.GeoDataFrame):
            raise DataError(f"zones must be a GeoDataFrame or None, got {type(zones).__name__}")
        if isinstance(cache_bytes, bool) or not isinstance(cache_bytes, (int, np.integer)):
            raise CorridorError(f"cache_bytes must be a whole number of bytes, got {cache_bytes!r}")
        self._zones = zones
        self.name = name
        self._control: Control | None = None
        self.cache_bytes = int(cache_bytes)

    # ----------------------------------------------------------------- cache
    @property
    def cache(self) -> NetworkCache:
        """The per-network cache (rebuilt empty when the graph changed since it was made)."""
        store = self.graph.__networkx_cache__
        key = ("corridor", id(self))
        cache = store.get(key)
        if cache is None or cache.generation != generation() or cache.owner() is not self:
            if cache is not None:
                log.debug("network %r changed: cache dropped", self.name)
            for other in [k for k, c in store.items() if _dead_corridor_cache(k, c)]:
                del store[other]  # networks gone that shared this graph
            cache = store[key] = NetworkCache(self, self.cache_bytes)
        return cache

    def clear_cache(self) -> None:
        """Drop every cached answer and precomputation of this network."""
        self.graph.__networkx_cache__.pop(("corridor", id(self)), None)

    # ----------------------------------------------------------------- data
    @property
    def zones(self) -> gpd.GeoDataFrame | None:
        """The control zones the edges were split on (a copy; all dates; EPSG:4326)."""
        return None if self._zones is None else self._zones.copy()

    @property
    def zone_table(self) -> gpd.GeoDataFrame | None:
        """The zones frame itself, for the library's read-only use (do not modify)."""
        return self._zones

    @property
    def control(self) -> Control:
        """The control tables (actors, stances, crossing status) used with this network.

        Defaults to the bundled ones; assign a :class:`corridor.Control` to change them
        (this clears the cache).
        """
        if self._control is None:
            from ..control import load_control

            self._control = load_control()
        return self._control

    @control.setter
    def control(self, value: Control) -> None:
        from ..control import Control

        if not isinstance(value, Control):
            raise CorridorError(
                f"network.control takes a corridor.Control (corridor.load_control()), got "
                f"{type(value).__name__}"
            )
        self._control = value
        self.clear_cache()

    def check_graph(self) -> None:
        """Check, once until the graph changes, that every node and edge has what the library
        reads: nodes a ``kind`` and a Point ``geometry``, edges a LineString ``geometry``, a
        finite ``length_km`` of at least 0, an ``id``, and ``road_class``, ``surface`` and
        ``country`` (None where unknown); else a :class:`corridor.DataError` naming the node
        or edge (a graph edited in place, or built by hand)."""

        def build() -> bool:
            for n, d in self.graph.nodes(data=True):
                missing = [f for f in ("kind", "geometry") if d.get(f) is None]
                if missing or getattr(d["geometry"], "geom_type", None) != "Point":
                    what = (
                        f"no {', '.join(missing)}" if missing else "a geometry that is not a Point"
                    )
                    raise DataError(
                        f"network {self.name!r}: node {n!r} has {what}; give every node a kind "
                        "and a Point (lon, lat), or build the network with corridor.from_gdfs"
                    )
            for u, v, d in self.graph.edges(data=True):
                missing = [
                    f for f in _EDGE_NEEDS if f not in d or (f in _EDGE_VALUES and d[f] is None)
                ]
                km = d.get("length_km")
                problem = (
                    f"no {', '.join(missing)}"
                    if missing
                    else "a geometry that is not a LineString"
                    if getattr(d["geometry"], "geom_type", None) != "LineString"
                    else f"length_km {km!r} (a distance in km, at least 0)"
                    if not (isinstance(km, (int, float, np.number)) and 0 <= km < np.inf)
                    else None
                )
                if problem:
                    raise DataError(
                        f"network {self.name!r}: edge {d.get('id', (u, v))!r} ({u} - {v}) has "
                        f"{problem}; set it, or build the network with corridor.from_gdfs"
                    )
            return True

        self.cache.get_or_build("graph checked", build)

    def check_control(self) -> None:
        """Check the control tables against this network, once until either changes: a
        ``crossing_status.csv`` row naming no crossing of the network but close to one (a
        misspelt id) raises :class:`corridor.DataError` with the id meant."""

        def build() -> bool:
            crossings = (
                (n, d.get("name"), d.get("aliases"))
                for n, d in self.graph.nodes(data=True)
                if d["kind"] == "crossing"
            )
            self.control.check_crossings(crossings, self.control.source or "control data")
            return True

        self.cache.get_or_build("control checked", build)

    # ----------------------------------------------------------------- lookup
    @property
    def names(self) -> NameIndex:
        """Index of node ids by id, name and alias (places before crossings)."""
        return self.cache.get_or_build("names", self._build_names)

    def _build_names(self) -> NameIndex:
        order = {"city": 0, "town": 0, "junction": 0, "crossing": 1, "boundary": 2}
        nodes = sorted(self.graph.nodes(data=True), key=lambda nd: order[nd[1]["kind"]])
        return NameIndex(
            (
                (n, d.get("name") or n, d.get("aliases") or (), order[d["kind"]])
                for n, d in nodes
                if d["kind"] != "boundary"
            ),
            what="place",
            listing="Network.places lists them all; on the command line: corridor places",
        )

    def node_id(self, name: str) -> str:
        """The node id of a place or crossing given by id, name or alias.

        Matching ignores case, accents and punctuation. Raises
        :class:`corridor.UnknownNameError` with close matches for an unknown name.
        """
        if not isinstance(name, str):
            raise CorridorError(f"a place is given by its id, name or alias as text, got {name!r}")
        return self.names.resolve(name)

    def _build_crossing_names(self) -> NameIndex:
        return NameIndex(
            (
                (n, d.get("name") or n, d.get("aliases") or ())
                for n, d in self.graph.nodes(data=True)
                if d["kind"] == "crossing"
            ),
            what="crossing",
            listing="Network.crossings lists them; on the command line: corridor places --kind crossing",
        )

    def crossing_id(self, name: str) -> str:
        """The node id of a border crossing given by id, name or alias.

        Raises :class:`corridor.UnknownNameError` with close crossing names, or
        :class:`corridor.ScenarioError` when the name is a place that is not a crossing.
        """
        index = self.cache.get_or_build("crossing_names", self._build_crossing_names)
        ident = index.get(name) if isinstance(name, str) else None
        if ident is not None:
            return ident
        other = self.names.get(name) if isinstance(name, str) else None
        if other is not None:
            d = self.graph.nodes[other]
            raise ScenarioError(
                f"{name!r} names {d.get('name') or other} (a {d['kind']}), not a border crossing; "
                f"crossings include {', '.join(repr(index.display(i)) for i in index.ids[:4])}"
            )
        return index.resolve(name)

    def _build_road_names(self) -> tuple[dict[str, tuple[str, ...]], NameIndex]:
        """Road ids by edge id, road id and road name; a name index for suggestions."""
        by_key: dict[str, set[str]] = {}
        for *_, d in self.graph.edges(data=True):
            road = d.get("road_id") or d["id"]
            for key in (d["id"], road, d.get("road")):
                if isinstance(key, str) and key:
                    by_key.setdefault(key, set()).add(d["id"] if key == d["id"] else road)
        table = {k: tuple(sorted(v)) for k, v in by_key.items()}
        index = NameIndex(((k, k, ()) for k in table), what="road")
        return table, index

    def road_ids(self, name: str) -> tuple[str, ...]:
        """The road (or edge) ids a road is known by: an edge id, a road id, a road name as
        :meth:`to_gdfs` shows it, or a unique part of a name ("Route 12", "M1"): whole words
        first, then any part of a word.

        Raises :class:`corridor.UnknownNameError` with close matches for an unknown road.
        """
        if not isinstance(name, str) or not name.strip():
            raise CorridorError(f"a road is given by its id or name as text, got {name!r}")
        table, index = self.cache.get_or_build("road_names", self._build_road_names)
        if name in table:
            return table[name]
        key = index.get(name)
        if key is not None:
            return table[key]
        words, wanted = name_words(name), normalize_name(name)
        parts = sorted(k for k in table if has_words(k, words)) or sorted(
            k for k in table if wanted and wanted in normalize_name(k)
        )  # whole words first ("M1" is not the "...qaim/1" of an edge id), then any part
        distinct = {table[k] for k in parts}
        if len(distinct) == 1:
            return distinct.pop()
        if parts:
            raise UnknownNameError(
                f"road {name!r} is ambiguous: it is part of "
                f"{', '.join(map(repr, parts[:5]))}; give one of them",
                name=name,
                suggestions=parts[:5],
            )
        suggestions = index.suggest(name)
        hint = (
            f"did you mean {' or '.join(map(repr, suggestions))}?"
            if suggestions
            else ("see Network.to_gdfs() for the road ids and names")
        )
        raise UnknownNameError(f"no road {name!r}; {hint}", name=name, suggestions=suggestions)

    def place(self, name: str) -> dict[str, Any]:
        """Attributes of a place or crossing (by id, name or alias), with its ``id``."""
        node = self.node_id(name)
        return {"id": node, **self.graph.nodes[node]}

    @property
    def places(self) -> gpd.GeoDataFrame:
        """The places and crossings a route can start, end or pass at (not the unnamed zone
        boundary nodes), indexed by id: ``name``, ``kind`` (city, town, junction, crossing),
        ``country`` (ISO3; "SYR|IRQ" for a crossing), ``aliases``, ``population``, geometry
        (EPSG:4326). Sorted by country, kind, name."""
        nodes, _ = graph_to_gdfs(self.graph, edges=False)
        assert nodes is not None
        out = nodes[nodes["kind"] != "boundary"]
        order = out["kind"].map({"city": 0, "town": 1, "junction": 2, "crossing": 3})
        return (
            out.assign(_order=order)
            .sort_values(["country", "_order", "name"])
            .drop(columns="_order")
        )

    @property
    def crossings(self) -> gpd.GeoDataFrame:
        """The border crossings as a GeoDataFrame indexed by id."""
        nodes, _ = graph_to_gdfs(self.graph, edges=False)
        assert nodes is not None
        return nodes[nodes["kind"] == "crossing"]

    # ----------------------------------------------------------------- conversion
    def to_gdfs(
        self, *, nodes: bool = True, edges: bool = True
    ) -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None]:
        """Return (nodes, edges) GeoDataFrames in EPSG:4326.

        ``nodes`` is indexed by node id, ``edges`` by (u, v, key). Either is None when not
        asked for. The edges carry the network's zones in ``edges.attrs["zones"]``, so
        :func:`corridor.from_gdfs` turns them back into an equal network.
        """
        out_nodes, out_edges = graph_to_gdfs(self.graph, nodes=nodes, edges=edges)
        if out_edges is not None and self._zones is not None:
            out_edges.attrs["zones"] = self.zones
        return out_nodes, out_edges

    def to_osmnx(self, *, states: Any = None) -> nx.MultiDiGraph:
        """The network as an OSMnx-style graph: a NetworkX MultiDiGraph with both directions of
        every road, nodes numbered 0, 1, ... as OSMnx's are (``corridor_id`` holds the corridor
        node id) with ``x``, ``y`` (lon, lat), edges with ``length`` in metres,
        ``geometry`` oriented along the direction, ``oneway`` False, ``corridor_u``/``corridor_v``
        the corridor node ids, graph attribute ``crs``
        ("EPSG:4326"), and every corridor attribute kept.

        ``states``: an :func:`corridor.edge_states` GeoDataFrame (of this network) to put each
        edge's ``state``, ``factor`` and ``risk`` under a scenario on the directed edges.
        ``osmnx.graph_to_gdfs``, ``osmnx.plot_graph`` and ``osmnx.routing.shortest_path``
        accept the result; :func:`corridor.network_from_osmnx` turns it back into an equal
        network.
        """
        import shapely

        out = nx.MultiDiGraph(crs="EPSG:4326", name=self.name, corridor_network=True)
        number = {n: i for i, n in enumerate(self.graph.nodes)}
        for n, d in self.graph.nodes(data=True):
            p = d["geometry"]
            out.add_node(number[n], **d, corridor_id=n, osmid=number[n], x=p.x, y=p.y)
        by_edge: dict = {}
        if states is not None:
            columns = {"state", "factor", "risk"}
            index_ok = getattr(getattr(states, "index", None), "nlevels", 0) == 3
            if not (hasattr(states, "columns") and columns <= set(states.columns) and index_ok):
                raise CorridorError(
                    "states must be corridor.edge_states(network, scenario) of this network "
                    f"(indexed by u, v, key), got {type(states).__name__}"
                )
            if len(states) != self.graph.number_of_edges() or not all(
                self.graph.has_edge(a, b, k) for a, b, k in states.index
            ):
                raise CorridorError("states are another network's edge states: give this one's")
            for (a, b, k), row in states[["state", "factor", "risk"]].iterrows():
                by_edge[(a, b, k)] = by_edge[(b, a, k)] = row.to_dict()
        for u, v, k, d in self.graph.edges(keys=True, data=True):
            geom = d["geometry"]
            start = shapely.Point(geom.coords[0])
            forward = start.distance(self.graph.nodes[u]["geometry"]) <= start.distance(
                self.graph.nodes[v]["geometry"]
            )
            extra = by_edge.get((u, v, k), {})
            for a, b, g in (
                (u, v, geom if forward else geom.reverse()),
                (v, u, geom.reverse() if forward else geom),
            ):
                attrs = {**d, **extra, "geometry": g, "length": d["length_km"] * 1000.0}
                out.add_edge(
                    number[a],
                    number[b],
                    key=k,
                    oneway=False,
                    reversed=a != u,
                    corridor_u=a,
                    corridor_v=b,
                    **attrs,
                )
        return out

    # ----------------------------------------------------------------- summary
    def summary(self) -> dict[str, Any]:
        """Counts of nodes by kind, edges, total road km by class, and the crossings."""
        self.check_graph()
        kinds = Counter(str(d["kind"]) for _, d in self.graph.nodes(data=True))
        km_by_class: Counter[str] = Counter()
        for *_, d in self.graph.edges(data=True):
            km_by_class[str(d["road_class"])] += d["length_km"] or 0.0  # type: ignore[assignment]
        crossings = [
            (n, d["name"], d["country_a"], d["country_b"], d["crossing_kind"])
            for n, d in self.graph.nodes(data=True)
            if d["kind"] == "crossing"
        ]
        return {
            "name": self.name,
            "nodes": self.graph.number_of_nodes(),
            "edges": self.graph.number_of_edges(),
            "nodes_by_kind": dict(sorted(kinds.items())),
            "road_km": round(sum(km_by_class.values()), 1),
            "road_km_by_class": {k: round(v, 1) for k, v in sorted(km_by_class.items())},
            "countries": sorted({str(d["country"]) for *_, d in self.graph.edges(data=True)}),
            "crossings": crossings,
            "zones": 0 if self._zones is None else len(self._zones),
        }

    def __repr__(self) -> str:
        try:
            s = self.summary()
        except CorridorError as exc:  # a graph the library cannot use: say so, not fail
            return f"<corridor.Network {self.name!r}: unusable graph ({exc})>"
        return (
            f"<corridor.Network {s['name']!r}: {s['nodes']} nodes, {s['edges']} edges, "
            f"{s['road_km']:,.0f} road km, {len(s['crossings'])} crossings>"
        )
