"""The graph class of corridor networks: a NetworkX MultiGraph that reports every change.

NetworkX clears ``graph.__networkx_cache__`` on structural changes (adding or removing nodes
and edges). Attribute changes (``graph.edges[e]["length_km"] = 1.0``) go through attribute
dicts that NetworkX does not watch; :class:`CorridorGraph` makes them :class:`TrackedDict`,
which advance a generation counter on every write. A cache that records the generation it
was built at is stale as soon as the counter moves (see :class:`corridor.network.NetworkCache`).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

__all__ = ["CorridorGraph", "TrackedDict", "generation", "as_corridor_graph"]

_GENERATION = [0]


def generation() -> int:
    """The number of attribute writes to any corridor graph so far (a change stamp)."""
    return _GENERATION[0]


def _touch() -> None:
    _GENERATION[0] += 1


class TrackedDict(dict):
    """A dict whose writes advance the generation counter."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        dict.__setitem__(self, key, value)
        _touch()

    def __delitem__(self, key: Any) -> None:
        dict.__delitem__(self, key)
        _touch()

    def update(self, *args: Any, **kwargs: Any) -> None:
        dict.update(self, *args, **kwargs)
        _touch()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            _touch()
        return dict.setdefault(self, key, default)

    def pop(self, *args: Any) -> Any:
        _touch()
        return dict.pop(self, *args)

    def popitem(self) -> tuple[Any, Any]:
        _touch()
        return dict.popitem(self)

    def clear(self) -> None:
        dict.clear(self)
        _touch()

    def __ior__(self, other: Any) -> TrackedDict:  # type: ignore[override,misc]
        dict.update(self, other)
        _touch()
        return self


class CorridorGraph(nx.MultiGraph):
    """An undirected NetworkX multigraph whose node, edge and graph attribute dicts are tracked."""

    node_attr_dict_factory = TrackedDict
    edge_attr_dict_factory = TrackedDict
    graph_attr_dict_factory = TrackedDict

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the cache (derived data, rebuilt on use): networks go to workers."""
        state = self.__dict__.copy()
        state["__networkx_cache__"] = {}
        return state


def as_corridor_graph(graph: nx.MultiGraph) -> CorridorGraph:
    """``graph`` itself when it is a CorridorGraph, else a CorridorGraph copy of it."""
    if isinstance(graph, CorridorGraph):
        return graph
    if not isinstance(graph, nx.Graph) or graph.is_directed() or not graph.is_multigraph():
        from ..errors import DataError

        raise DataError(
            f"a corridor network needs an undirected networkx.MultiGraph, got "
            f"{type(graph).__name__}; convert it with networkx.MultiGraph(graph)"
        )
    return CorridorGraph(graph)
