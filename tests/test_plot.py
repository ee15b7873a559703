"""Maps render with the expected content and size (Agg backend)."""

import matplotlib.pyplot as plt
import pytest
from PIL import Image

import corridor


@pytest.fixture(scope="module")
def net():
    return corridor.load()


def test_route_map_has_routes_legend_title_and_a4_size(net, tmp_path):
    sc = corridor.scenario("mid-2018")
    routes = corridor.viable_routes(net, sc, "Tehran", "Beirut", k=3)
    fig = corridor.plot_routes(net, sc, routes)
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "mid-2018" in texts and "Natural Earth" in texts and "OpenStreetMap" in texts
    legends = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert any(t.startswith(f"1. via {routes[0].via}") for t in legends)
    assert any("crossing closed" in t for t in legends)
    map_ax = fig.axes[0]
    labels = {t.get_text() for t in map_ax.texts}
    assert {"Tehran", "Beirut", "Damascus", "Baghdad"} <= labels
    assert "200 km" in labels  # scale bar
    path = corridor.save_png(fig, tmp_path / "map.png")
    width, height = Image.open(path).size
    assert width == pytest.approx(8.27 * 200, abs=2)  # A4 width at 200 dpi
    assert 0.45 < height / width < 1.0
    plt.close(fig)


def test_map_is_in_a_conformal_projection_not_plate_carree(net):
    fig = corridor.plot_scenario(
        net, corridor.scenario("spring-2017"), origin="Tehran", destination="Beirut"
    )
    x0, x1 = fig.axes[0].get_xlim()
    assert x1 - x0 > 1e6  # metres, not degrees
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "No viable route" in texts
    plt.close(fig)


def test_timeline_small_multiples(net, tmp_path):
    fig = corridor.plot_timeline(
        net,
        [corridor.scenario("spring-2017"), corridor.scenario("mid-2018"), "2019-10-15"],
        "Tehran",
        "Beirut",
    )
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert len(titles) == 3
    assert titles[0].endswith("no viable route") and "via" in titles[1]
    corridor.save_png(fig, tmp_path / "t.png")
    plt.close(fig)


def test_save_png_from_routes_and_bad_paths(net, tmp_path):
    routes = corridor.viable_routes(net, corridor.scenario("autumn-2019"), "Tehran", "Beirut", k=2)
    path = corridor.save_png(routes, tmp_path / "r.png", dpi=80)
    assert Image.open(path).size[0] == pytest.approx(8.27 * 80, abs=2)
    with pytest.raises(corridor.CorridorError, match=r"must end in \.png"):
        corridor.save_png(routes, tmp_path / "r.jpg")
    with pytest.raises(corridor.CorridorError, match="does not exist"):
        corridor.save_png(routes, tmp_path / "nowhere" / "r.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.png"]  # no temporary files left


def test_routes_from_another_scenario_are_refused(net):
    routes = corridor.viable_routes(net, corridor.scenario("autumn-2019"), "Tehran", "Beirut", k=1)
    with pytest.raises(corridor.CorridorError, match="another scenario"):
        corridor.plot_routes(net, corridor.scenario("mid-2018"), routes)
