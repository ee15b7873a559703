"""The per-network cache cannot lie: it is dropped when the graph changes, cached results are
immutable, and its memory is bounded (corridor.network.model.NetworkCache)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import corridor
from corridor import Scenario
from corridor.costs import routing_arrays
from corridor.resolution import edge_index, resolve
from corridor.routing import query_state

WALK = dict(mover="walker")
OPEN = Scenario("s", "2018-06-01", stances=(("hostile", "passable"),), **WALK)


@pytest.fixture
def synth(synthetic_dir):
    return corridor.load(synthetic_dir)


def south_edges(net):
    return [
        (u, v, k) for u, v, k, d in net.graph.edges(keys=True, data=True) if d["road_id"] == "r2"
    ]


def test_removing_an_edge_changes_the_next_answer(synth):
    assert corridor.best_route(synth, OPEN, "a1", "b1").crossings == ["x-south"]
    synth.graph.remove_edge(*south_edges(synth)[0])  # the road a2 - Southgate is gone
    route = corridor.best_route(synth, OPEN, "a1", "b1")
    assert route.crossings == ["x-north"]
    assert "r2" not in {synth.graph.edges[e]["road_id"] for e in route.edges}


def test_adding_an_edge_back_is_seen_too(synth):
    (edge,) = south_edges(synth)
    data = dict(synth.graph.edges[edge])
    synth.graph.remove_edge(*edge)
    assert corridor.best_route(synth, OPEN, "a1", "b1").crossings == ["x-north"]
    synth.graph.add_edge(edge[0], edge[1], **data)
    assert corridor.best_route(synth, OPEN, "a1", "b1").crossings == ["x-south"]


def test_changing_an_edge_attribute_in_place_changes_the_next_answer(synth):
    before = corridor.best_route(synth, OPEN, "a1", "b1", weight="km")
    assert before.crossings == ["x-south"]
    synth.graph.edges[south_edges(synth)[0]]["length_km"] = 5000.0
    after = corridor.best_route(synth, OPEN, "a1", "b1", weight="km")
    assert after.crossings == ["x-north"]


def test_clear_cache_and_control_assignment_drop_the_cache(synth):
    resolve(synth, OPEN)
    cache = synth.cache
    assert len(cache) > 0 and "edge_index" in cache.static
    synth.clear_cache()
    assert synth.cache is not cache and len(synth.cache) == 0
    resolve(synth, OPEN)
    cache = synth.cache
    synth.control = synth.control
    assert synth.cache is not cache


def test_a_repeated_query_is_served_from_the_cache(synth):
    assert resolve(synth, OPEN) is resolve(synth, OPEN)
    assert query_state(synth, OPEN, "hours", corridor.TravelModel()) is query_state(
        synth, OPEN, "hours", corridor.TravelModel()
    )


def arrays_of(obj):
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, np.ndarray):
            yield f.name, value


def test_every_array_of_a_cached_resolution_is_read_only(synth):
    res = resolve(synth, OPEN)
    names = dict(arrays_of(res))
    assert {"state", "factor", "risk", "zone_actor", "zone_stance", "active_zones"} <= set(names)
    for name, array in names.items():
        assert not array.flags.writeable, name
    with pytest.raises(ValueError, match="read-only"):
        res.zone_actor[:] = "martians"
    assert resolve(synth, OPEN).zone_actor[0] == "hostile"
    with pytest.raises(TypeError):
        res.crossing_status["x-south"] = ("closed", None)
    assert isinstance(res.reasons, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.state = np.zeros(3)


def test_per_network_arrays_are_read_only(synth):
    for obj in (edge_index(synth), routing_arrays(synth)):
        for name, array in arrays_of(obj):
            assert not array.flags.writeable, f"{type(obj).__name__}.{name}"
    q = query_state(synth, OPEN, "hours", corridor.TravelModel())
    assert not q.cost.flags.writeable
    with pytest.raises(TypeError):
        edge_index(synth).edge_by_id["new"] = 0


def test_scenario_cache_is_bounded_in_bytes(synthetic_dir):
    net = corridor.load(synthetic_dir)
    net.cache_bytes = 10_000
    net.clear_cache()
    for day in range(1, 60):
        sc = Scenario(f"d{day}", f"2018-03-{1 + day % 28:02d}", **WALK).with_road_cut(
            "r6" if day % 2 else "r5"
        )
        corridor.best_route(net, sc, "a1", "b1")
        assert net.cache.bytes <= 10_000
    assert 0 < len(net.cache) < 59


@pytest.fixture(scope="module")
def net():
    return corridor.load()


def test_route_zone_tables_are_kept_for_a_few_sets_of_zones_only(net):
    """A Route's km by actor come from one table per set of zones in force; only the most
    recent few are kept, however many sets a sweep goes through."""
    from corridor.routing import _ZONE_KM_TABLES

    base = corridor.scenario("mid-2018")
    res = resolve(net, base)
    masks = set()
    for zone in res.zone_ids[res.active_zones].tolist()[: _ZONE_KM_TABLES + 4]:
        sc = base.with_zone_removed(zone)
        masks.add(resolve(net, sc).active_zones.tobytes())
        route = corridor.best_route(net, sc, "Tehran", "Beirut")
        # a transfer of a zone to its own holder takes the other way (the route's own pairs);
        # another zone than the one removed (removing and transferring one is refused)
        j = 0 if res.zone_ids[0] != zone else 1
        same = sc.with_zone_transferred(res.zone_ids[j], res.zone_actor[j])
        other = corridor.best_route(net, same, "Tehran", "Beirut")
        assert (route is None) == (other is None)
        if route is not None:
            assert route.km_by_actor == other.km_by_actor
            assert route.km_in_zones == other.km_in_zones
            assert route.km_by_stance == other.km_by_stance
    tables = net.cache.get_or_build("zone km tables", dict)
    assert len(masks) > _ZONE_KM_TABLES and 0 < len(tables) <= _ZONE_KM_TABLES


def test_route_line_and_reasons_built_when_read_match_the_eager_ones(net):
    """Route.geometry and Resolution.reasons are built on first access; they must be what
    the edges say, and read-only."""
    import shapely

    route = corridor.best_route(net, "mid-2018", "Tehran", "Beirut")
    parts = [net.graph.edges[e]["geometry"] for e in route.edges]
    assert route.geometry.length == pytest.approx(sum(p.length for p in parts), rel=1e-9)
    start = shapely.get_coordinates(route.geometry)[0]
    origin = net.graph.nodes[route.nodes[0]]["geometry"]
    assert tuple(start) == pytest.approx((origin.x, origin.y), abs=1e-6)
    assert not route.edge_index.flags.writeable and not route.node_index.flags.writeable
    res = resolve(net, "mid-2018")
    assert not res.reason_edge.flags.writeable
    assert len(res.reasons) == int(res.reason_code.max()) + 1
    blocked = np.flatnonzero(res.state == corridor.resolution.BLOCKED)
    assert all(res.edge_reasons(int(e)) for e in blocked)


def _tanf_open_control(control):
    """The control tables with al-Tanf open and the coalition passable for every mover."""
    status = control.crossing_status.copy()
    status.loc[status.crossing == "al-tanf-al-waleed", "status"] = "open"
    stances = control.stances.copy()
    stances.loc[stances.actor == "coalition", "stance"] = "passable"
    fields = ("actors", "effects", "movers", "events", "event_params", "window")
    return corridor.Control(
        stances=stances, crossing_status=status, **{f: getattr(control, f) for f in fields}
    )


def test_two_networks_on_one_graph_keep_caches_of_their_own():
    """A copy of a network (or Network(other.graph, ...)) shares the graph, not the answers:
    its own control tables or zones never change what the first one says."""
    import copy

    net = corridor.load()
    before = corridor.best_route(net, "mid-2018", "Tehran", "Beirut").crossings
    assert "al-tanf-al-waleed" not in before
    twin = copy.copy(net)
    twin.control = _tanf_open_control(net.control)
    assert twin.graph is net.graph
    assert (
        "al-tanf-al-waleed" in corridor.best_route(twin, "mid-2018", "Tehran", "Beirut").crossings
    )
    assert corridor.best_route(net, "mid-2018", "Tehran", "Beirut").crossings == before
    # a network without the zones its edges name says so, whoever asked first
    with pytest.raises(corridor.ScenarioError, match="zones layer does not have"):
        corridor.best_route(corridor.Network(net.graph), "mid-2018", "Tehran", "Beirut")


def test_monte_carlo_follows_an_edit_of_the_graph():
    net = corridor.load()
    sc = corridor.scenario("mid-2018")
    before = corridor.monte_carlo(net, sc, "Tehran", "Beirut", n=50, seed=1, progress=False)
    for edge in corridor.best_route(net, sc, "Tehran", "Beirut").edges:
        net.graph.edges[edge]["length_km"] += 100
    now = corridor.best_route(net, sc, "Tehran", "Beirut").length_km
    after = corridor.monte_carlo(net, sc, "Tehran", "Beirut", n=50, seed=1, progress=False)
    assert after.deterministic["km"] == pytest.approx(now)
    assert after.deterministic["km"] > before.deterministic["km"] + 1000


def test_a_route_found_before_an_edit_is_refused_after_it(synth):
    """Its edge numbers refer to the graph as it was: once its roads change, reading its roads,
    cost or freight, or drawing it, says to find it again instead of answering from the
    wrong roads. Changes elsewhere (another network loaded, an attribute edited) leave it
    usable."""
    route = corridor.best_route(synth, OPEN, "a1", "b1")
    assert len(route.to_gdf()) == len(route.edges)
    assert math.isnan(route.cost_usd_per_t)  # no fuel prices for the synthetic countries
    corridor.load()  # another network: the process-wide change stamp moves
    synth.graph.edges[route.edges[0]]["road"] = "renamed"  # an attribute of this one
    assert len(route.to_gdf()) == len(route.edges) and route.to_gdf()["road"][0] == "renamed"
    corridor.route_freight(route)
    synth.graph.remove_edge(*route.edges[-1])
    for read in (
        route.to_gdf,
        lambda: route.cost_usd_per_t,
        lambda: corridor.route_freight(route),
        lambda: corridor.plot_routes(synth, OPEN, [route]),
    ):
        with pytest.raises(corridor.CorridorError, match="found before the roads of network"):
            read()
    assert "find it again" in route._repr_html_()


def test_routes_of_another_network_are_refused_by_the_maps(synth):
    route = corridor.best_route(synth, OPEN, "a1", "b1")
    other = corridor.Network(synth.graph.copy(), zones=synth.zones, name="copy")
    with pytest.raises(corridor.CorridorError, match="found on another network"):
        corridor.plot_routes(other, OPEN, [route])
