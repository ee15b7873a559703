"""The Monte Carlo figure: histogram, usage map and headline."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

import corridor
from corridor.errors import CorridorError


@pytest.fixture(scope="module")
def result():
    return corridor.monte_carlo(corridor.load(), "mid-2018", "Tehran", "Beirut", n=400, seed=1)


def test_plot_draws_histogram_map_and_headline(result, tmp_path):
    fig = result.plot()
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "how sure are we?" in texts and f"{result.p_viable:.1%}" in texts
    hist, usage = fig.axes[0], fig.axes[1]
    assert sum(p.get_height() for p in hist.patches) == result.successes
    labels = " ".join(t.get_text() for t in usage.texts)
    assert "Tehran" in labels and "%" in labels  # crossings labelled with their share
    out = corridor.save_png(fig, tmp_path / "mc.png")
    assert out.stat().st_size > 50_000
    plt.close(fig)


def test_plot_km_and_bad_column(result):
    fig = corridor.plot_monte_carlo(result, column="km")
    assert "km" in fig.axes[0].get_xlabel()
    plt.close(fig)
    with pytest.raises(CorridorError, match="column"):
        result.plot(column="tonnes")


@pytest.mark.parametrize("top", [-1, 1.5, "3", True])
def test_plot_refuses_a_top_that_is_not_a_count(result, top):
    with pytest.raises(CorridorError, match="top_crossings must be a whole number >= 0"):
        corridor.plot_monte_carlo(result, top_crossings=top)


def test_plot_refuses_what_is_not_a_monte_carlo_result():
    with pytest.raises(CorridorError, match="give a MonteCarloResult"):
        corridor.plot_monte_carlo(5)
