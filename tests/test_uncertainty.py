"""Monte Carlo draws and sweeps: known answers, determinism across executors, interval
coverage, and agreement with the scenarios the draws amount to."""

from __future__ import annotations

import math
import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor import Scenario
from corridor.errors import CorridorError, UnknownNameError
from corridor.uncertainty import Uncertainty, binomial_interval, monte_carlo, process_pool, sweep
from corridor.uncertainty.api import _PLANS
from corridor.uncertainty.engine import draw_scenario

WALK = dict(mover="walker")
BOTH_OPEN = Scenario("both open", "2018-06-01", zones_removed=("z-mid",), **WALK)


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    from synthetic import write

    return corridor.load(write(tmp_path_factory.mktemp("mc") / "synthetic"))


@pytest.fixture(scope="module")
def net():
    return corridor.load()


def _frame_equal(a, b):
    pd.testing.assert_frame_equal(a.draws, b.draws)
    np.testing.assert_array_equal(a.edge_used, b.edge_used)
    np.testing.assert_array_equal(a.edge_blocked, b.edge_blocked)


# ----------------------------------------------------------------------------- known answers


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_two_independent_bypasses_each_closed_with_p(synth, p):
    r = monte_carlo(
        synth, BOTH_OPEN, "a1", "b1", n=4000, uncertain={"x-south": p, "x-north": p}, seed=11
    )
    lo, hi = r.interval
    assert lo <= 1 - p**2 <= hi
    assert r.items["key"].tolist() == ["crossing:x-north", "crossing:x-south"]
    # no route exactly when both are closed
    both = r.flips.all(axis=1)
    assert (r.draws["viable"].to_numpy() == ~both).all()
    shares = r.best_crossings().set_index("via")["share"]
    assert shares["(no route)"] == pytest.approx(both.mean())


def test_flipping_nothing_gives_the_deterministic_answer(net):
    sc = corridor.scenario("mid-2018")
    best = corridor.best_route(net, sc, "Tehran", "Beirut")
    for uncertain in ({}, {"albukamal-bypass-north": 0.0, "al-Tanf": 0.0}):
        r = monte_carlo(net, sc, "Tehran", "Beirut", n=50, uncertain=uncertain, seed=1)
        assert r.p_viable == 1.0
        assert set(r.draws["via"]) == {best.via}
        assert (r.draws["km"] == best.length_km).all()  # exactly, not approximately
        assert (r.draws["hours"] == best.hours).all()
        assert (r.draws["risk"] == best.risk).all()
        assert r.deterministic == {
            "viable": True,
            "via": best.via,
            "km": best.length_km,
            "hours": best.hours,
            "risk": best.risk,
        }
    used = np.zeros(len(r.edge_used))
    used[best.edge_index] = 1.0
    np.testing.assert_array_equal(r.edge_used, used)


def test_no_route_scenario_stays_without_route_when_nothing_flips(net):
    r = monte_carlo(net, "spring-2017", "Tehran", "Beirut", n=20, uncertain={}, seed=1)
    assert r.p_viable == 0.0 and r.interval[0] == 0.0
    assert r.deterministic["viable"] is False


def test_draws_agree_with_the_scenarios_they_amount_to(net):
    """The vectorised resolution of a draw equals resolving its scenario and routing it."""
    sc = corridor.scenario("mid-2018")
    spec = Uncertainty.default()
    spec = Uncertainty(
        spec.probability, spec.unknown_status, spec.stance_flip, ("crossing", "zone", "stance")
    )
    r = monte_carlo(net, sc, "Tehran", "Beirut", n=60, uncertain=spec, seed=5)
    plan = next(
        p for p, _ in reversed(_PLANS.values()) if p.job.scenario == sc and p.network is net
    )
    for i in range(60):
        other = corridor.best_route(net, draw_scenario(plan, r.flips[i]), "Tehran", "Beirut")
        row = r.draws.iloc[i]
        assert row["viable"] == (other is not None), i
        if other is not None:
            assert row["via"] == other.via, i
            assert row["km"] == pytest.approx(other.length_km, rel=1e-12)
            assert row["hours"] == pytest.approx(other.hours, rel=1e-12)
            assert row["risk"] == pytest.approx(other.risk, rel=1e-9)


def test_confidence_mapping_draws_the_data_items(synth):
    r = monte_carlo(synth, Scenario("s", "2018-06-01", **WALK), "a1", "b1", n=200, seed=2)
    items = r.items.set_index("key")
    # every synthetic record is 'high': the bundled mapping gives 0.05
    assert set(items["confidence"]) == {"high"}
    assert (items["probability"] == Uncertainty.default().p_of("high")).all()
    assert {"crossing:x-north", "crossing:x-south", "zone:z-mid"} <= set(items.index)
    # the synthetic stances.csv has no confidence column: its rows are not drawn
    assert not any(k.startswith("stance:") for k in items.index)
    assert r.p_viable < 1.0  # x-north (the only open route) sometimes closes


# ----------------------------------------------------------------------------- determinism


def test_same_seed_same_answer_and_chunking_does_not_matter(synth):
    kw = dict(n=500, uncertain={"x-south": 0.3, "x-north": 0.4, "z-mid": 0.5}, seed=9)
    sc = Scenario("s", "2018-06-01", **WALK)
    a = monte_carlo(synth, sc, "a1", "b1", **kw)
    b = monte_carlo(synth, sc, "a1", "b1", chunk_size=37, **kw)
    _frame_equal(a, b)
    c = monte_carlo(synth, sc, "a1", "b1", **{**kw, "seed": 10})
    assert not a.draws["viable"].equals(c.draws["viable"]) or not np.array_equal(a.flips, c.flips)


def test_executors_give_the_serial_answer(net):
    kw = dict(n=400, seed=7, chunk_size=64)
    serial = monte_carlo(net, "mid-2018", "Tehran", "Beirut", **kw)
    with ThreadPoolExecutor(2) as pool:
        _frame_equal(serial, monte_carlo(net, "mid-2018", "Tehran", "Beirut", executor=pool, **kw))
    with ProcessPoolExecutor(2) as pool:  # a pool of the user's: the network travels pickled
        _frame_equal(serial, monte_carlo(net, "mid-2018", "Tehran", "Beirut", executor=pool, **kw))
    with process_pool(net, 2) as pool:  # the network installed once per worker
        _frame_equal(serial, monte_carlo(net, "mid-2018", "Tehran", "Beirut", executor=pool, **kw))
    _frame_equal(serial, monte_carlo(net, "mid-2018", "Tehran", "Beirut", executor=2, **kw))


def test_dask_local_cluster_gives_the_serial_answer(net):
    distributed = pytest.importorskip("distributed")
    kw = dict(n=300, seed=4, chunk_size=50)
    serial = monte_carlo(net, "late-2017", "Tehran", "Beirut", **kw)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        native = monte_carlo(net, "late-2017", "Tehran", "Beirut", executor=client, **kw)
        _frame_equal(serial, native)
        pooled = monte_carlo(
            net, "late-2017", "Tehran", "Beirut", executor=client.get_executor(), **kw
        )
        _frame_equal(serial, pooled)
        rows = sweep(net, ["mid-2018", "autumn-2019"], "Tehran", "Beirut", executor=client)
        assert rows["viable"].tolist() == [True, True]


def test_networks_pickle_without_their_cache(net):
    corridor.viable_routes(net, "mid-2018", "Tehran", "Beirut")
    copy = pickle.loads(pickle.dumps(net))
    assert len(copy.cache.static) == 0
    a = corridor.best_route(net, "mid-2018", "Tehran", "Beirut")
    b = corridor.best_route(copy, "mid-2018", "Tehran", "Beirut")
    assert (a.via, a.length_km, a.hours) == (b.via, b.length_km, b.hours)


# ----------------------------------------------------------------------------- intervals


def test_interval_covers_the_true_value_at_its_stated_rate(synth):
    """300 independent runs of 100 draws: the 95 % interval covers 1 - p^2 about 95 % of
    the time (binomial spread of the coverage itself: +-2.5 points)."""
    p, truth = 0.5, 0.75
    covered = 0
    runs = 300
    for seed in range(runs):
        r = monte_carlo(
            synth,
            BOTH_OPEN,
            "a1",
            "b1",
            n=100,
            uncertain={"x-south": p, "x-north": p},
            seed=seed,
            progress=False,
        )
        lo, hi = r.interval
        covered += lo <= truth <= hi
    assert 0.91 <= covered / runs <= 0.985


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5000), st.data())
def test_binomial_interval_is_a_proper_interval(n, data):
    k = data.draw(st.integers(0, n))
    lo, hi = binomial_interval(k, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0
    lo99, hi99 = binomial_interval(k, n, 0.99)
    assert lo99 <= lo + 1e-12 and hi <= hi99 + 1e-12


def test_binomial_interval_refuses_bad_input():
    with pytest.raises(CorridorError, match="successes"):
        binomial_interval(5, 3)
    with pytest.raises(CorridorError, match="level"):
        binomial_interval(1, 3, 1.5)
    for level in ("0.95", None, True, float("nan")):
        with pytest.raises(CorridorError, match="level must be a confidence level"):
            binomial_interval(1, 3, level)


def test_binomial_interval_matches_the_wilson_score_interval():
    """Wilson's interval for 30 of 100 at 95 % (z = 1.959964): 0.2189 to 0.3958 (Newcombe
    1998, method 3: the score interval without continuity correction)."""
    lo, hi = binomial_interval(30, 100)
    z = 1.959963984540054
    p, n = 0.3, 100
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert lo == pytest.approx(centre - half, abs=1e-12)
    assert hi == pytest.approx(centre + half, abs=1e-12)
    assert (round(lo, 4), round(hi, 4)) == (0.2189, 0.3958)


# ----------------------------------------------------------------------------- inputs


def test_items_by_name_and_errors(synth):
    sc = Scenario("s", "2018-06-01", **WALK)
    r = monte_carlo(synth, sc, "a1", "b1", n=10, uncertain={"Northgate": 1.0}, seed=0)
    assert r.items["key"].tolist() == ["crossing:x-north"]
    assert r.p_viable == 0.0  # the only open route closed in every draw
    with pytest.raises(UnknownNameError, match="Nothgate|x-north") as err:
        monte_carlo(synth, sc, "a1", "b1", n=10, uncertain={"crossing:Nothgate": 0.5})
    assert "no uncertain item" in str(err.value)
    with pytest.raises(CorridorError, match="probability"):
        monte_carlo(synth, sc, "a1", "b1", n=10, uncertain={"x-north": 1.5})
    with pytest.raises(CorridorError, match="n must be"):
        monte_carlo(synth, sc, "a1", "b1", n=0)
    with pytest.raises(CorridorError, match="seed"):
        monte_carlo(synth, sc, "a1", "b1", n=5, seed=-1)
    with pytest.raises(CorridorError, match="executor"):
        monte_carlo(synth, sc, "a1", "b1", n=5, executor="fast")
    with pytest.raises(CorridorError, match="uncertain"):
        monte_carlo(synth, sc, "a1", "b1", n=5, uncertain="confidense")
    for level in ("0.9", 0, 1.0):
        with pytest.raises(CorridorError, match="level must be a confidence level"):
            monte_carlo(synth, sc, "a1", "b1", n=5, level=level)
    with pytest.raises(CorridorError, match="progress must be True or False"):
        monte_carlo(synth, sc, "a1", "b1", n=5, progress="no", executor=2)  # before a pool
    with pytest.raises(CorridorError, match="progress must be True or False"):
        sweep(synth, [sc], "a1", "b1", progress="no")


def test_uncertainty_file(tmp_path, synth):
    path = tmp_path / "u.toml"
    path.write_text('[probability]\nlow = 0.4\n[items]\n"x-south" = 1.0\n', encoding="utf-8")
    spec = Uncertainty.from_toml(path)
    assert dict(spec.probability)["low"] == 0.4 and dict(spec.probability)["high"] == 0.05
    assert spec.items == (("x-south", 1.0),) and not spec.from_confidence
    r = monte_carlo(synth, BOTH_OPEN, "a1", "b1", n=20, uncertain=path, seed=0)
    assert set(r.draws["via"]) == {"Northgate"}  # the southern crossing closed every time
    path.write_text("[probabilty]\nlow = 0.4\n", encoding="utf-8")
    with pytest.raises(CorridorError, match="unknown key 'probabilty'"):
        Uncertainty.from_toml(path)
    with pytest.raises(CorridorError, match="stance_flip"):
        Uncertainty(spec.probability, 0.5, (("passable", "friendly"),))


def test_bundled_mapping_is_labelled_an_assumption():
    text = (corridor.bundled_data_dir() / "uncertainty.toml").read_text(encoding="utf-8")
    assert text.count("ASSUMPTION") >= 3
    spec = Uncertainty.default()
    assert dict(spec.probability) == {"high": 0.05, "medium": 0.15, "low": 0.30}
    assert spec.unknown_status == 0.5


# ----------------------------------------------------------------------------- k, sweep, output


def test_k_counts_alternatives(synth):
    r = monte_carlo(synth, BOTH_OPEN, "a1", "b1", n=300, k=2, uncertain={"x-south": 0.5}, seed=3)
    south_closed = r.flips[:, 0]
    assert (r.draws["n_routes"].to_numpy() == np.where(south_closed, 1, 2)).all()
    assert (r.edge_used_any >= r.edge_used).all()


def test_sweep_matches_compare(net):
    names = ["spring-2017", "late-2017", "mid-2018", "present"]
    rows = sweep(net, names, "Tehran", "Beirut", progress=False)
    ref = corridor.compare(net, names, "Tehran", "Beirut")
    assert rows["scenario"].tolist() == names
    assert rows["viable"].tolist() == ref["viable"].tolist()
    assert rows["crossings"].fillna("").tolist() == ref["crossings"].fillna("").tolist()
    np.testing.assert_array_equal(rows["km"].round(1).to_numpy(), ref["km"].to_numpy())
    with ThreadPoolExecutor(2) as pool:
        pd.testing.assert_frame_equal(
            rows, sweep(net, names, "Tehran", "Beirut", executor=pool, chunk_size=1)
        )


def test_result_tables_and_gdf(net):
    r = monte_carlo(net, "mid-2018", "Tehran", "Beirut", n=300, seed=12)
    assert len(r.draws) == 300 and r.draws["draw"].tolist() == list(range(300))
    best = r.best_crossings()
    assert best["share"].sum() == pytest.approx(1.0)
    crossings = r.crossings()
    assert crossings["p_used"].between(0, 1).all()
    assert crossings.iloc[0]["p_used"] >= crossings.iloc[-1]["p_used"]
    q = r.quantiles()
    assert list(q.columns) == ["km", "hours", "risk"] and q["hours"].is_monotonic_increasing
    assert list(r.quantiles(0.5).index) == [0.5]
    for bad in ("km", (1.5,), (), None, (True,)):
        with pytest.raises(corridor.CorridorError, match="probabilities from 0 to 1"):
            r.quantiles(bad)
    gdf = r.to_gdf()
    assert gdf.crs.to_epsg() == 4326 and len(gdf) == len(r.edge_used)
    assert gdf["p_used"].max() <= 1.0 and gdf["p_blocked"].between(0, 1).all()
    summary = r.summary()
    assert summary["p_viable"] == r.p_viable and summary["n"] == 300
    assert "p_viable" in repr(r) and "<table>" in r._repr_html_()
