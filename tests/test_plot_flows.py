"""Flow maps (matplotlib Agg): widths in tonnes a day, the bottleneck and closures marked."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

import corridor  # noqa: E402
from corridor import CorridorError  # noqa: E402
from corridor.plot.flows import FLOW_COLOR, MAX_WIDTH_PT, MIN_WIDTH_PT, flow_widths  # noqa: E402

NET = corridor.load()


def test_widths_are_proportional_to_tonnes():
    w = flow_widths(np.array([2400.0, 1200.0, 1.0]), 2400.0)
    assert w[0] == MAX_WIDTH_PT and w[1] == pytest.approx(MAX_WIDTH_PT / 2) and w[2] == MIN_WIDTH_PT


def test_flow_map_draws_widths_and_marks(tmp_path):
    cap = corridor.capacity(NET, "autumn-2019", "Tehran", "Beirut")
    fig = corridor.plot_flows(NET, cap, denied=["albukamal-al-qaim"])
    texts = " ".join(t.get_text() for ax in fig.axes for t in ax.texts) + " ".join(
        t.get_text() for t in fig.texts
    )
    assert "bottleneck (minimum cut)" in texts and "closed in the interdiction" in texts
    assert "2,880 t/day" in texts
    legend_labels = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert any(label.endswith("t/day") for label in legend_labels)
    path = corridor.save_png(fig, tmp_path / "flows.png")
    image = np.asarray(Image.open(path).convert("RGB"))
    purple = np.all(np.abs(image.astype(int) - [0x6A, 0x1B, 0x9A]) < 12, axis=-1)
    assert FLOW_COLOR == "#6a1b9a" and purple.mean() > 0.005  # the flows are drawn


def test_a_scenario_without_flow_still_draws(tmp_path):
    cap = corridor.capacity(NET, "spring-2017", "Tehran", "Beirut")
    fig = corridor.plot_flows(NET, cap)
    assert corridor.save_png(fig, tmp_path / "none.png").stat().st_size > 50_000


def test_plot_flows_refuses_other_things():
    with pytest.raises(CorridorError, match="takes a corridor.Capacity"):
        corridor.plot_flows(NET, "mid-2018")


def test_full_width_makes_maps_comparable():
    from matplotlib.collections import LineCollection

    small = corridor.capacity(NET, "mid-2018", "Tehran", "Beirut")  # 480 t/day
    fig = corridor.plot_flows(NET, small, full_width_t=2880)
    widths = [
        max(c.get_linewidths())
        for ax in fig.axes
        for c in ax.collections
        if isinstance(c, LineCollection) and c.get_zorder() == 6
    ]
    assert widths and max(widths) == pytest.approx(MAX_WIDTH_PT * 480 / 2880)
    with pytest.raises(CorridorError, match="full_width_t"):
        corridor.plot_flows(NET, small, full_width_t=0)
