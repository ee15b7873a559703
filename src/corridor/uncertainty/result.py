"""The result of a Monte Carlo run: how likely the route stays open, and what carries it."""

from __future__ import annotations

import html
import math
import statistics
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import CorridorError
from ..network import Network
from ..whatif import Scenario
from .model import Item

__all__ = ["MonteCarloResult", "binomial_interval", "check_level"]


def check_level(level: Any) -> float:
    """``level`` as a confidence level, a number strictly between 0 and 1."""
    if (
        isinstance(level, bool)
        or not isinstance(level, (int, float, np.number))
        or not 0.0 < level < 1.0
    ):
        raise CorridorError(f"level must be a confidence level in (0, 1), e.g. 0.95; got {level!r}")
    return float(level)


def binomial_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion.

    Parameters
    ----------
    successes, n : int
        Successes among ``n`` independent trials (``0 <= successes <= n``, ``n >= 1``).
    level : float
        Confidence level, in (0, 1).

    Returns
    -------
    (low, high) : tuple of float
        Bounds in [0, 1]; the interval covers the true proportion at close to ``level`` of
        repeated runs, also near 0 and 1 (where the normal approximation does not).
    """
    if not (isinstance(n, (int, np.integer)) and n >= 1 and 0 <= successes <= n):
        raise CorridorError(
            f"binomial_interval needs 0 <= successes <= n, n >= 1; got {successes}, {n}"
        )
    check_level(level)
    # the standard normal quantile; the standard library's, as scipy.stats costs ~1 s to import
    z = -statistics.NormalDist().inv_cdf((1.0 - level) / 2.0)  # the upper tail, exact near 1
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


@dataclass(eq=False)
class MonteCarloResult:
    """What :func:`corridor.monte_carlo` found over ``n`` draws.

    Attributes
    ----------
    p_viable : float
        Share of draws with a route from origin to destination.
    interval : (float, float)
        Wilson score interval of ``p_viable`` at ``level`` (default 95 %).
    draws : pandas.DataFrame
        One row per draw: draw, viable, via (the best route's crossings, " → "-joined),
        crossings (their ids, the same order), km, hours (travel time, hours), risk (exposure score), n_routes (routes found, up
        to k), flipped (the keys of the items the draw flipped, "; "-joined).
    items : pandas.DataFrame
        The uncertain items: key, kind, id, name, value, flipped, confidence, probability,
        share_flipped (in these draws), p_viable_if_flipped, p_viable_if_not.
    flips : numpy.ndarray
        Draws x items, True where the draw flipped the item (read-only).
    edge_used, edge_used_any, edge_blocked : numpy.ndarray
        Per edge (in :class:`corridor.resolution.EdgeIndex` order): share of draws whose
        best route uses it, whose k routes use it, in which it is blocked.
    deterministic : dict
        The scenario's own answer (no flips): viable, via, km, hours, risk.
    seed : int
        The seed of the draws (pass it again for the same answer).
    """

    network: Network = field(repr=False)
    scenario: Scenario
    origin: str
    destination: str
    origin_name: str
    destination_name: str
    n: int
    seed: int
    k: int
    weight: str
    level: float
    draws: pd.DataFrame = field(repr=False)
    items: pd.DataFrame = field(repr=False)
    flips: np.ndarray = field(repr=False)
    edge_used: np.ndarray = field(repr=False)
    edge_used_any: np.ndarray = field(repr=False)
    edge_blocked: np.ndarray = field(repr=False)
    deterministic: dict = field(default_factory=dict)
    searches: int = 0

    # ------------------------------------------------------------------ figures
    @property
    def successes(self) -> int:
        """Draws with a route."""
        return int(self.draws["viable"].sum())

    @property
    def p_viable(self) -> float:
        return self.successes / self.n

    @property
    def interval(self) -> tuple[float, float]:
        return binomial_interval(self.successes, self.n, self.level)

    def crossings(self) -> pd.DataFrame:
        """Per border crossing on some draw's best route: the share of all draws whose best
        route uses it (``p_used``), most used first."""
        counts: dict[str, int] = {}
        viable = self.draws[self.draws["viable"]]
        for crossings, size in viable.groupby("crossings", sort=False).size().items():
            for c in crossings:
                counts[c] = counts.get(c, 0) + int(size)
        graph = self.network.graph
        rows = [
            {"crossing": c, "name": graph.nodes[c].get("name", c), "p_used": k / self.n}
            for c, k in counts.items()
        ]
        frame = pd.DataFrame(rows, columns=["crossing", "name", "p_used"])
        return frame.sort_values(["p_used", "crossing"], ascending=[False, True], ignore_index=True)

    def best_crossings(self) -> pd.DataFrame:
        """The best route's crossing sequences: ``share`` of all draws, with its interval
        (``low``, ``high``) and the median km and hours; "(no route)" for the rest."""
        rows = []
        groups = self.draws.assign(via=self.draws["via"].fillna("(no route)")).groupby(
            "via", sort=False
        )
        for via, g in groups:
            lo, hi = binomial_interval(len(g), self.n, self.level)
            rows.append(
                {
                    "via": via,
                    "share": len(g) / self.n,
                    "low": lo,
                    "high": hi,
                    "km": g["km"].median(),
                    "hours": g["hours"].median(),
                }
            )
        frame = pd.DataFrame(rows, columns=["via", "share", "low", "high", "km", "hours"])
        return frame.sort_values(["share", "via"], ascending=[False, True], ignore_index=True)

    def quantiles(self, q: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.DataFrame:
        """Quantiles of km, hours and risk over the draws with a route (NaN without any);
        ``q``: a probability or several, each from 0 to 1."""
        given = q
        q = (q,) if isinstance(q, (int, float, np.number)) else q
        items = list(q) if isinstance(q, (list, tuple, np.ndarray)) else None
        if not items or not all(
            isinstance(x, (int, float, np.number)) and not isinstance(x, bool) and 0 <= x <= 1
            for x in items
        ):
            raise CorridorError(
                f"quantiles takes probabilities from 0 to 1, e.g. (0.05, 0.5, 0.95); got {given!r}"
            )
        q = tuple(float(x) for x in items)
        viable = self.draws[self.draws["viable"]]
        cols = ["km", "hours", "risk"]
        if viable.empty:
            return pd.DataFrame(np.nan, index=pd.Index(q, name="q"), columns=cols)
        out = viable[cols].quantile(list(q))
        out.index.name = "q"
        return out

    def summary(self) -> dict[str, Any]:
        """The headline figures as plain data (what ``corridor montecarlo --json`` prints)."""
        lo, hi = self.interval
        quant = self.quantiles((0.05, 0.5, 0.95))
        return {
            "scenario": self.scenario.name,
            "date": self.scenario.date.isoformat(),
            "origin": self.origin_name,
            "destination": self.destination_name,
            "n": self.n,
            "seed": self.seed,
            "weight": self.weight,
            "uncertain_items": len(self.items),
            "p_viable": self.p_viable,
            "interval": [lo, hi],
            "level": self.level,
            "deterministic": self.deterministic,
            "best_crossings": self.best_crossings().to_dict(orient="records"),
            "crossings": self.crossings().to_dict(orient="records"),
            "quantiles": {
                col: {str(q): float(v) for q, v in quant[col].items()} for col in quant.columns
            },
        }

    # ------------------------------------------------------------------ output
    def to_gdf(self) -> gpd.GeoDataFrame:
        """Every edge with its usage and blocking probabilities (EPSG:4326).

        Columns: id, road, road_class, country, length_km, p_used (share of draws whose best
        route uses the edge), p_used_any (whose k routes use it), p_blocked, geometry;
        indexed by (u, v, key) as :func:`corridor.edge_states`.
        """
        _, edges = self.network.to_gdfs(nodes=False)
        assert edges is not None
        out = edges[["id", "road", "road_class", "country", "length_km", "geometry"]].copy()
        out.insert(5, "p_used", self.edge_used)
        out.insert(6, "p_used_any", self.edge_used_any)
        out.insert(7, "p_blocked", self.edge_blocked)
        return out

    def plot(self, **kwargs: Any) -> Any:
        """A figure: the distribution of hours over the draws and a map of edge usage (see
        :func:`corridor.plot.uncertainty.plot_monte_carlo` for the options)."""
        # the plot layer sits above this one and loads only when a figure is drawn
        from importlib import import_module

        return import_module("corridor.plot.uncertainty").plot_monte_carlo(self, **kwargs)

    def __repr__(self) -> str:
        lo, hi = self.interval
        return (
            f"<MonteCarloResult {self.origin_name} → {self.destination_name} under "
            f"{self.scenario.name!r}: p_viable {self.p_viable:.3f} "
            f"[{lo:.3f}, {hi:.3f}] over {self.n:,} draws of {len(self.items)} uncertain items>"
        )

    def _repr_html_(self) -> str:
        lo, hi = self.interval
        best = self.best_crossings().head(5)
        rows = "".join(
            f"<tr><td>{html.escape(str(r.via))}</td><td>{r.share:.1%}</td>"
            f"<td>{r.low:.1%}–{r.high:.1%}</td></tr>"
            for r in best.itertuples()
        )
        return (
            f"<div><b>Monte Carlo</b> {html.escape(self.origin_name)} → "
            f"{html.escape(self.destination_name)} under <i>{html.escape(self.scenario.name)}</i>"
            f" ({self.n:,} draws, {len(self.items)} uncertain items, seed {self.seed})<br>"
            f"p_viable <b>{self.p_viable:.1%}</b> ({self.level:.0%} interval {lo:.1%}–{hi:.1%})"
            f"<table><tr><th>best route via</th><th>share</th><th>interval</th></tr>{rows}"
            "</table></div>"
        )


def items_frame(items: tuple[Item, ...], flips: np.ndarray, viable: np.ndarray) -> pd.DataFrame:
    """The uncertain items with how often they flipped and p_viable with and without."""
    rows = []
    for i, item in enumerate(items):
        hit = flips[:, i]
        rows.append(
            {
                "key": item.key,
                "kind": item.kind,
                "id": item.id,
                "name": item.name,
                "value": item.value,
                "flipped": item.flipped,
                "confidence": item.confidence,
                "probability": item.probability,
                "share_flipped": float(hit.mean()) if len(hit) else np.nan,
                "p_viable_if_flipped": float(viable[hit].mean()) if hit.any() else np.nan,
                "p_viable_if_not": float(viable[~hit].mean()) if (~hit).any() else np.nan,
            }
        )
    cols = [
        "key",
        "kind",
        "id",
        "name",
        "value",
        "flipped",
        "confidence",
        "probability",
        "share_flipped",
        "p_viable_if_flipped",
        "p_viable_if_not",
    ]
    return pd.DataFrame(rows, columns=cols)
