"""``monte_carlo`` and ``sweep``: many what-ifs at once, serially or on an executor."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_count, check_flag
from ..costs import TravelModel, check_model
from ..errors import CorridorError
from ..network import Network, NetworkCache
from ..resolution import resolve
from ..routing import check_query, viable_routes
from ..whatif import Scenario, as_scenario, as_scenarios
from .engine import ChunkResult, Job, Plan, build_plan, draw_scenario, run_draws
from .executors import NetworkRef, run_chunks
from .model import Uncertainty, select_items
from .result import MonteCarloResult, check_level, items_frame

__all__ = ["monte_carlo", "sweep", "as_uncertainty"]

UncertainLike = str | Path | Mapping[str, float] | Uncertainty
# per process, the last few plans, each with the network cache it was built under (a plan is
# stale once that cache is: the graph or the control tables changed)
_PLANS: OrderedDict[tuple[int, Job], tuple[Plan, NetworkCache]] = OrderedDict()
_CELLS_PER_CHUNK = 1_500_000  # draws x (varying edges + their zone pairs) per chunk: memory, cache


def as_uncertainty(uncertain: UncertainLike) -> Uncertainty:
    """An :class:`Uncertainty` from ``"confidence"`` (the bundled mapping), a mapping of item
    -> probability (only those items), a ``.toml`` file or an Uncertainty."""
    if isinstance(uncertain, Uncertainty):
        return uncertain
    if isinstance(uncertain, str) and uncertain == "confidence":
        return Uncertainty.default()
    if isinstance(uncertain, (str, Path)):
        path = Path(uncertain)
        if path.suffix.lower() != ".toml" or not path.is_file():
            raise CorridorError(
                f"uncertain={str(uncertain)!r}: give 'confidence', a mapping of item -> "
                "probability, or an existing .toml uncertainty file"
            )
        return Uncertainty.from_toml(path)
    if isinstance(uncertain, Mapping):
        return Uncertainty.default().with_items(uncertain)
    raise CorridorError(
        f"uncertain must be 'confidence', a mapping of item -> probability, a .toml file or "
        f"a corridor.Uncertainty, got {uncertain!r}"
    )


def _plan(network: Network, job: Job) -> Plan:
    key = (id(network), job)
    hit = _PLANS.get(key)
    if hit is not None and hit[0].network is network and hit[1] is network.cache:
        return hit[0]
    plan = build_plan(network, job)
    _PLANS[key] = (plan, network.cache)
    while len(_PLANS) > 4:
        _PLANS.popitem(last=False)
    return plan


def _alternatives(plan: Plan, flips_row: np.ndarray) -> list[np.ndarray]:
    """The other routes (k > 1) of a draw, from the scenario it amounts to."""
    job = plan.job
    routes = viable_routes(
        plan.network,
        draw_scenario(plan, flips_row),
        job.origin,
        job.destination,
        k=job.k,
        weight=job.weight,
        model=job.model,
        max_shared=job.max_shared,
    )
    return [r.edge_index for r in routes[1:]]


def draw_chunk(ref: NetworkRef, job: Job, start: int, flips: np.ndarray) -> ChunkResult:
    """Run one chunk of draws (the task a worker runs)."""
    plan = _plan(ref.network, job)
    return run_draws(plan, flips, start, _alternatives if job.k > 1 else None)


MAX_DRAWS = 1_000_000  # a few minutes on the bundled network on one core (20,000 draws: 3.7 s)


def _check_n(n: Any) -> int:
    return check_count(n, "n", low=1, high=MAX_DRAWS)


def _seed(seed: Any) -> int:
    if seed is None:
        return int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    return check_count(seed, "seed", low=0)


def _flip_chunks(seed: int, prob: np.ndarray, n: int, size: int) -> Iterator[tuple[int, Any]]:
    """Draws in chunks of ``size``, from one random stream: the draws do not depend on the
    chunk size (uniforms are taken row after row)."""
    rng = np.random.default_rng(seed)
    for start in range(0, n, size):
        rows = min(size, n - start)
        yield start, rng.random((rows, len(prob))) < prob


def _chunk_size(plan: Plan, n: int, executor: Any, chunk_size: int | None) -> int:
    if chunk_size is not None:
        return check_count(chunk_size, "chunk_size", low=1)
    width = len(plan.varying) + len(plan.pair_zone) + 1
    size = max(16, min(5_000, _CELLS_PER_CHUNK // width))
    if executor is not None:  # enough chunks to keep every worker busy
        size = min(size, max(16, math.ceil(n / 16)))
    return size


def _deterministic(plan: Plan) -> dict[str, Any]:
    base = run_draws(plan, np.zeros((1, len(plan.job.items)), dtype=bool))
    if not base.viable[0]:
        return {"viable": False, "via": None, "km": None, "hours": None, "risk": None}
    return {
        "viable": True,
        "via": _via_text(plan.network, base.vias[0]),
        "km": float(base.km[0]),
        "hours": float(base.hours[0]),
        "risk": float(base.risk[0]),
    }


def _via_text(network: Network, crossings: tuple) -> str:
    names = [network.graph.nodes[c].get("name") or c for c in crossings]
    return " → ".join(names) if names else "(no border crossing)"


def _collect(network: Network, plan: Plan, results: Iterable[ChunkResult], n: int):
    """Draw-level arrays and per-edge counts from the chunk results (in draw order)."""
    n_edges = len(plan.res.state)
    viable = np.zeros(n, dtype=bool)
    km, hours, risk = (np.full(n, np.nan) for _ in range(3))
    n_routes = np.zeros(n, dtype=np.int64)
    via = np.empty(n, dtype=object)
    crossings = np.empty(n, dtype=object)
    used, used_any, blocked = (np.zeros(n_edges, dtype=np.int64) for _ in range(3))
    searches = 0
    for r in results:
        s = slice(r.start, r.start + len(r.viable))
        viable[s], km[s], hours[s], risk[s], n_routes[s] = (
            r.viable,
            r.km,
            r.hours,
            r.risk,
            r.n_routes,
        )
        texts = np.array([_via_text(network, v) for v in r.vias] + [None], dtype=object)
        tuples = np.empty(len(r.vias) + 1, dtype=object)
        tuples[:] = [*r.vias, ()]
        via[s], crossings[s] = texts[r.via], tuples[r.via]
        used += r.edge_used
        used_any += r.edge_used_any
        blocked += r.edge_blocked
        searches += r.searches
    draws = pd.DataFrame(
        {
            "draw": np.arange(n),
            "viable": viable,
            "via": via,
            "crossings": crossings,
            "km": km,
            "hours": hours,
            "risk": risk,
            "n_routes": n_routes,
        }
    )
    return draws, used / n, used_any / n, blocked / n, searches


def monte_carlo(
    network: Network,
    scenario: Scenario | str | Path,
    origin: str,
    destination: str,
    *,
    n: int = 10_000,
    uncertain: UncertainLike = "confidence",
    seed: int | None = None,
    k: int = 1,
    executor: Any = None,
    progress: bool = True,
    weight: str = "hours",
    model: TravelModel | None = None,
    level: float = 0.95,
    chunk_size: int | None = None,
) -> MonteCarloResult:
    """How likely a route stays open: ``n`` draws in which every uncertain item flips from
    its scenario value with its probability, each routed from origin to destination.

    Parameters
    ----------
    network : Network
    scenario : Scenario, or a built-in scenario name or scenario file
    origin, destination : str
        Place ids, names or aliases.
    n : int
        Number of draws.
    uncertain : "confidence", mapping, path or Uncertainty
        ``"confidence"``: every crossing status, zone, stance row and event that bears on
        the scenario flips with the probability of its confidence level
        (``data/uncertainty.toml``, overridable: see :class:`corridor.Uncertainty`). A
        mapping of item -> probability draws only those items (e.g.
        ``{"albukamal-bypass-north": 0.5}``); a ``.toml`` file gives both.
    seed : int, optional
        Seed of the draws; the same seed gives the same answer serially, on a process pool
        and on Dask. None draws a fresh one (``result.seed`` tells which).
    k : int
        Routes per draw: with k > 1 each draw also counts its alternatives (``n_routes``,
        ``edge_used_any``), searched on the scenario the draw amounts to (slower).
    executor : None, int, concurrent.futures.Executor or dask.distributed.Client
        Where the chunks run (None: here; an int: that many worker processes); see
        :mod:`corridor.uncertainty.executors`.
    progress : bool
        A progress bar on a terminal (never elsewhere).
    weight : {"hours", "km", "risk"}
        What each draw's route minimises.
    model : TravelModel, optional
    level : float
        Confidence level of the intervals (default 0.95).
    chunk_size : int, optional
        Draws per chunk (default: bounded by memory, at most 5,000).

    Returns
    -------
    MonteCarloResult
        ``p_viable`` with its Wilson interval, best-crossing shares, quantiles of km and
        hours, per-edge usage, the draws as a DataFrame, ``.plot()``, ``.to_gdf()``.

    Notes
    -----
    Draws that flip nothing reproduce :func:`corridor.viable_routes` exactly. Items the
    scenario sets itself (a crossing override, a drawn zone) are the analyst's assumptions
    and are drawn only when named in a mapping.
    """
    o, d = check_query(network, origin, destination, k, weight)
    progress = check_flag(progress, "progress")
    n = _check_n(n)
    seed = _seed(seed)
    sc = as_scenario(scenario)
    model = check_model(model)
    level = check_level(level)
    res = resolve(network, sc)
    spec = as_uncertainty(uncertain)
    items = select_items(network, sc, res, spec)
    if k > 1 and weight == "risk" and any(i.kind == "event" for i in items):
        raise CorridorError(
            "k > 1 with weight='risk' cannot draw events (the alternatives are searched on "
            "scenarios, which have no per-event switch); use k=1, another weight, or leave "
            "events out (Uncertainty(kinds=...))"
        )
    job = Job(sc, o, d, weight, model, int(k), items)
    plan = _plan(network, job)
    size = _chunk_size(plan, n, executor, chunk_size)
    prob = np.array([i.probability for i in items], dtype=float)
    chunks = list(_flip_chunks(seed, prob, n, size))
    results = run_chunks(
        draw_chunk,
        network,
        job,
        chunks,
        executor=executor,
        total=n,
        desc="monte carlo draws",
        progress=progress,
        size_of=len,
    )
    draws, used, used_any, blocked, searches = _collect(network, plan, results, n)
    flips = np.concatenate([f for _, f in chunks]) if chunks else np.zeros((0, len(items)), bool)
    flips.setflags(write=False)
    draws["flipped"] = _flipped_text(items, flips)
    names = network.graph.nodes
    return MonteCarloResult(
        network=network,
        scenario=sc,
        origin=o,
        destination=d,
        origin_name=names[o]["name"],
        destination_name=names[d]["name"],
        n=n,
        seed=seed,
        k=int(k),
        weight=weight,
        level=level,
        draws=draws,
        items=items_frame(items, flips, draws["viable"].to_numpy()),
        flips=flips,
        edge_used=used,
        edge_used_any=used_any,
        edge_blocked=blocked,
        deterministic=_deterministic(plan),
        searches=searches,
    )


def _flipped_text(items, flips: np.ndarray) -> list[str]:
    keys = np.array([i.key for i in items], dtype=object)
    return ["; ".join(keys[row].tolist()) for row in flips]


# --------------------------------------------------------------------------- sweep


def sweep_chunk(ref: NetworkRef, job: Any, start: int, scenarios: list[Scenario]) -> list[dict]:
    """Route one chunk of scenarios (the task a worker runs)."""
    origin, destination, k, weight, model = job
    rows = []
    for sc in scenarios:
        routes = viable_routes(
            ref.network, sc, origin, destination, k=k, weight=weight, model=model
        )
        best = routes[0] if routes else None
        rows.append(
            {
                "scenario": sc.name,
                "date": sc.date,
                "viable": best is not None,
                "crossings": best.via if best else None,
                "km": best.length_km if best else np.nan,
                "hours": best.hours if best else np.nan,
                "contested_km": best.contested_km if best else np.nan,
                "risk": best.risk if best else np.nan,
                "n_routes": len(routes),
            }
        )
    return rows


def sweep(
    network: Network,
    scenarios: Iterable[Scenario | str | Path],
    origin: str,
    destination: str,
    *,
    k: int = 1,
    executor: Any = None,
    progress: bool = True,
    weight: str = "hours",
    model: TravelModel | None = None,
    chunk_size: int = 64,
) -> pd.DataFrame:
    """The best route under each of many scenarios, one row per scenario (in order).

    Parameters
    ----------
    network : Network
    scenarios : iterable of Scenario, built-in names or scenario files
    origin, destination : str
    k : int
        Routes searched per scenario (``n_routes`` counts them).
    executor : None, int, concurrent.futures.Executor or dask.distributed.Client
        Where the chunks of scenarios run (see :func:`monte_carlo`).
    progress : bool
        A progress bar on a terminal.
    weight : {"hours", "km", "risk"}
    model : TravelModel, optional
    chunk_size : int
        Scenarios per chunk.

    Returns
    -------
    pandas.DataFrame
        scenario, date, viable, crossings (the best route's, " → "-joined), km, hours
        (hours), contested_km, risk, n_routes; unrounded.
    """
    o, d = check_query(network, origin, destination, k, weight)
    progress = check_flag(progress, "progress")
    scs = as_scenarios(scenarios, "sweep")
    chunk_size = check_count(chunk_size, "chunk_size", low=1)
    job = (o, d, int(k), weight, check_model(model))
    chunks = [(i, scs[i : i + chunk_size]) for i in range(0, len(scs), chunk_size)]
    rows: list[dict] = []
    for part in run_chunks(
        sweep_chunk,
        network,
        job,
        chunks,
        executor=executor,
        total=len(scs),
        desc="scenarios",
        progress=progress,
        size_of=len,
    ):
        rows.extend(part)
    cols = ["scenario", "date", "viable", "crossings", "km", "hours", "contested_km", "risk"]
    return pd.DataFrame(rows, columns=[*cols, "n_routes"])
