"""The figure of a Monte Carlo run: how often the route stays open, how long it takes, and
which roads and crossings carry it (a map of edge usage in the corridor's projection)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import shapely
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure

from .._checks import check_count
from ..uncertainty import MonteCarloResult
from .base import (
    A4_WIDTH_IN,
    ATTRIBUTION,
    HALO,
    draw_base,
    map_extent,
    mover_label,
    projected_frames,
    scale_bar,
)
from .labels import Labeller
from .points import short_name

__all__ = ["plot_monte_carlo", "USAGE_CMAP"]

USAGE_CMAP = LinearSegmentedColormap.from_list(
    "corridor_usage", ["#fde0c5", "#f59e72", "#d94f3d", "#8c1d40", "#3b0f4f"]
)


def _histogram(ax, result: MonteCarloResult, column: str) -> None:
    """Distribution of ``column`` (hours or km) over the draws with a route."""
    values = result.draws.loc[result.draws["viable"], column].to_numpy(dtype=float)
    unit = "h" if column == "hours" else "km"
    if len(values):
        bins = max(10, min(40, int(np.sqrt(len(values)))))
        ax.hist(values, bins=bins, color="#6a1b9a", alpha=0.85, edgecolor="white", linewidth=0.4)
        det = result.deterministic.get(column)
        if det is not None:
            ax.axvline(det, color="#111111", linewidth=1.0, linestyle="--")
            ax.text(
                det,
                ax.get_ylim()[1] * 0.97,
                f" scenario: {det:,.1f} {unit}",
                fontsize=6.2,
                va="top",
                ha="left",
                path_effects=HALO,
            )
        q = np.quantile(values, [0.05, 0.5, 0.95])
        ax.set_title(
            f"{column} of the best route over {len(values):,} draws with a route "
            f"(5 / 50 / 95 %: {q[0]:,.1f} / {q[1]:,.1f} / {q[2]:,.1f} {unit})",
            fontsize=7,
            loc="left",
        )
    else:
        ax.text(0.5, 0.5, "no draw has a route", ha="center", va="center", fontsize=8)
    ax.set_xlabel(f"{column} ({unit})", fontsize=6.5)
    ax.set_ylabel("draws", fontsize=6.5)
    ax.tick_params(labelsize=6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _extent(result: MonteCarloResult):
    nodes, edges, _ = projected_frames(result.network)
    used = edges.geometry.values[result.edge_used > 0]
    if not len(used):
        return map_extent(nodes, [])
    x0, y0, x1, y1 = shapely.total_bounds(used)
    pad_x, pad_y = 0.08 * (x1 - x0), 0.12 * (y1 - y0)
    return (x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y)


def _usage_map(ax, result: MonteCarloResult, extent, top_crossings: int) -> None:
    """Edges coloured and sized by the share of draws whose best route uses them."""
    network = result.network
    nodes, edges, _ = projected_frames(network)
    used = result.edge_used
    draw_base(ax, extent)
    edges.plot(ax=ax, color="#9a9a9a", linewidth=0.5, zorder=4)
    norm = Normalize(0.0, 1.0)
    order = np.argsort(used, kind="stable")
    live = order[used[order] > 0]
    if len(live):
        sel = edges.iloc[live]
        sel.plot(
            ax=ax,
            color=USAGE_CMAP(norm(used[live])),
            linewidth=0.8 + 3.2 * used[live],
            zorder=5,
            capstyle="round",
        )
    ax.set_xlabel("")
    ax.set_ylabel("")
    crossings = result.crossings().head(top_crossings)
    xy = np.array([[nodes.geometry[c].x, nodes.geometry[c].y] for c in crossings["crossing"]])
    ends = [nodes.geometry[n] for n in (result.origin, result.destination)]
    ax.scatter(
        [p.x for p in ends],
        [p.y for p in ends],
        marker="*",
        s=130,
        color="#ffd54f",
        edgecolor="#3b3b3b",
        linewidths=0.8,
        zorder=9,
    )
    if len(xy):
        ax.scatter(
            xy[:, 0], xy[:, 1], s=22, color="#111111", edgecolor="white", linewidths=0.6, zorder=8
        )
    scale_bar(ax)
    lab = Labeller(ax)
    lab.block_points(xy.reshape(-1, 2), 4)
    for n, p in zip((result.origin, result.destination), ends):
        lab.place(
            p.x, p.y, network.graph.nodes[n]["name"], fontsize=7.5, fontweight="bold", zorder=10
        )
    for row, (x, y) in zip(crossings.itertuples(), xy):
        lab.place(
            x, y, f"{short_name(row.name)} {row.p_used:.0%}", fontsize=6, zorder=10, color="#111111"
        )


def _colorbar(fig, rect) -> None:
    cax = fig.add_axes(rect)
    sm = plt.cm.ScalarMappable(norm=Normalize(0.0, 1.0), cmap=USAGE_CMAP)
    bar = fig.colorbar(sm, cax=cax, orientation="horizontal")
    bar.set_label("share of draws whose best route uses the road", fontsize=6.5)
    bar.ax.tick_params(labelsize=6)
    bar.ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))


def plot_monte_carlo(
    result: MonteCarloResult,
    *,
    column: str = "hours",
    top_crossings: int = 8,
    title: str | None = None,
) -> Figure:
    """Draw a Monte Carlo result: the headline probability, the distribution of hours (or
    km) over the draws with a route, and a map of how often each road carries the best
    route (Lambert conformal conic, EPSG:4326 data), with the most used crossings.

    Parameters
    ----------
    result : MonteCarloResult
        From :func:`corridor.monte_carlo`.
    column : {"hours", "km"}
        What the histogram shows (hours or km).
    top_crossings : int
        How many of the most used crossings to label with their share.
    title : str, optional
        Defaults to the places, the scenario and p_viable.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from ..errors import CorridorError

    if not isinstance(result, MonteCarloResult):
        raise CorridorError(
            f"give a MonteCarloResult (from corridor.monte_carlo), got {type(result).__name__}"
        )
    if column not in ("hours", "km"):
        raise CorridorError(f"column must be 'hours' or 'km', got {column!r}")
    check_count(top_crossings, "top_crossings", low=0)
    lo, hi = result.interval
    extent = _extent(result)
    width = A4_WIDTH_IN
    map_w = width * 0.98
    map_h = map_w * (extent[3] - extent[2]) / (extent[1] - extent[0])
    head, hist, gap, bar, foot = 0.95, 1.5, 0.55, 0.65, 0.3  # inches
    height = head + hist + gap + map_h + bar + foot
    fig = plt.figure(figsize=(width, height), dpi=100)
    y = height - head - hist
    _histogram(fig.add_axes((0.08, y / height, 0.9, hist / height)), result, column)
    y -= gap + map_h
    _usage_map(
        fig.add_axes((0.01, y / height, 0.98, map_h / height)), result, extent, top_crossings
    )
    _colorbar(fig, (0.3, (y - 0.3) / height, 0.4, 0.1 / height))
    sc = result.scenario
    fig.text(
        0.012,
        1 - 0.1 / height,
        title or f"{result.origin_name} → {result.destination_name}, {sc.name}: how sure are we?",
        fontsize=11.5,
        fontweight="bold",
        va="top",
    )
    fig.text(
        0.012,
        1 - 0.40 / height,
        f"A route in {result.p_viable:.1%} of draws ({result.level:.0%} interval "
        f"{lo:.1%}–{hi:.1%})",
        fontsize=8.5,
        fontweight="bold",
        va="top",
        color="#222222",
    )
    fig.text(
        0.012,
        1 - 0.60 / height,
        f"{mover_label(result.network, sc.mover)} · {sc.date.day} {sc.date:%B %Y} · {result.n:,} draws, "
        f"{len(result.items)} uncertain items (seed {result.seed})",
        fontsize=7,
        va="top",
        color="#333333",
    )
    fig.text(
        0.012,
        0.04 / height,
        ATTRIBUTION + " Probabilities: data/uncertainty.toml (ASSUMPTION).",
        fontsize=4.4,
        color="#666666",
        va="bottom",
        wrap=True,
    )
    return fig
