"""Maps render with the expected content and size (Agg backend): labels next to their markers
or joined by leader lines (measured in display units), legends by zone kind, routes visible,
contested and event-exposed stretches drawn on the route, titles that state the result."""

import json

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.colors import to_rgb
from PIL import Image

import corridor
from corridor.plot.base import ROUTE_COLORS, actor_styles
from corridor.plot.labels import MAX_MARKER_PT, NEAR_GAP_PT, RINGS_PT, Labeller, label_gap_pt
from corridor.plot.legend import HELD_TITLE, OTHER_TITLE
from corridor.plot.panels import delta_text

# distance from a marker's centre to its label's box, points: the marker's radius plus the gap
NEAR = NEAR_GAP_PT + MAX_MARKER_PT + 0.5
LED = RINGS_PT[-1] + MAX_MARKER_PT + 0.5


@pytest.fixture(scope="module")
def net():
    return corridor.load()


@pytest.fixture(scope="module")
def mid2018(net):
    sc = corridor.scenario("mid-2018")
    return sc, corridor.viable_routes(net, sc, "Tehran", "Beirut", k=3)


@pytest.fixture(scope="module")
def route_fig(net, mid2018):
    sc, routes = mid2018
    fig = corridor.plot_routes(net, sc, routes)
    fig.canvas.draw()
    yield fig
    plt.close(fig)


def legend_texts(fig, title: str) -> list[str]:
    out = []
    for leg in fig.legends:
        if leg.get_title().get_text() == title:
            out += [t.get_text() for t in leg.get_texts()]
    return out


def annotation_gaps(ax):
    """(text, distance in points, has a leader line) for every label of ``ax``: for a label
    next to its marker, the distance from the marker's centre to the label's box; for a label
    with a leader line, the length of the line, whose end must touch the marker."""
    ax.figure.canvas.draw()  # positions at the figure's dpi (a savefig may have drawn at another)
    renderer = ax.figure.canvas.get_renderer()
    pt = ax.figure.dpi / 72.0
    out = []
    for t in ax.texts:
        if not hasattr(t, "xy") or not t.get_visible() or not t.get_text():
            continue
        anchor = ax.transData.transform(t.xy)
        if t.arrow_patch is None:
            bb = t.get_window_extent(renderer)
            out.append((t.get_text(), label_gap_pt(bb.extents, anchor, ax.figure.dpi), False))
            continue
        verts = t.arrow_patch.get_path().vertices
        d = np.hypot(*(verts - anchor).T) / pt
        assert d.min() <= MAX_MARKER_PT + 1.5, (t.get_text(), d.min())  # it reaches its marker
        out.append((t.get_text(), float(d.max()), True))
    return out


def test_route_map_has_routes_legend_title_and_a4_size(route_fig, mid2018, tmp_path):
    fig = route_fig
    _, routes = mid2018
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "mid-2018" in texts and "Natural Earth" in texts and "OpenStreetMap" in texts
    legends = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert any(t.startswith(f"1. via {routes[0].via}") for t in legends)
    assert any("crossing closed" in t for t in legends)
    assert any("status unknown" in t for t in legends)
    map_ax = fig.axes[0]
    labels = {t.get_text() for t in map_ax.texts}
    assert {"Tehran", "Beirut", "Damascus", "Baghdad"} <= labels
    assert "200 km" in labels  # scale bar
    assert {"SYRIA", "IRAQ", "IRAN"} <= labels  # country names drawn (above the zones)
    path = corridor.save_png(fig, tmp_path / "map.png")
    width, height = Image.open(path).size
    assert width == pytest.approx(8.27 * 200, abs=2)  # A4 width at 200 dpi
    assert 0.45 < height / width < 1.2


@pytest.mark.parametrize("which", ["map", "inset"])
def test_labels_sit_next_to_their_markers_or_have_a_leader_line(route_fig, which):
    ax = route_fig.axes[0] if which == "map" else route_fig.axes[-1]
    gaps = annotation_gaps(ax)
    assert len(gaps) >= (15 if which == "map" else 4)
    for text, gap, leader in gaps:
        assert gap <= (LED if leader else NEAR), (text, gap)


def test_crossing_labels_in_the_inset_are_near_their_own_markers(route_fig, net):
    inset = route_fig.axes[-1]
    gaps = {t: (g, lead) for t, g, lead in annotation_gaps(inset)}
    for name in ("Albukamal bypass (south)", "Albukamal bypass (north)"):
        gap, leader = gaps[name]
        assert gap <= NEAR or leader


def test_compare_panel_labels_are_near_or_led(net):
    fig = corridor.plot_compare(net, ["mid-2018", "tanf-handover-2018"], "Tehran", "Beirut")
    fig.canvas.draw()
    for ax in fig.axes:
        for text, gap, leader in annotation_gaps(ax):
            assert gap <= (12.0 + MAX_MARKER_PT + 2.0 if leader else NEAR), (text, gap)
    plt.close(fig)


def test_labeller_adds_a_leader_line_only_when_the_label_moved_away():
    fig = plt.figure(figsize=(3, 3), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    lab = Labeller(ax)
    near = lab.place(50, 50, "first", fontsize=7)
    assert near is not None and not near.leader
    assert label_gap_pt(near.box, near.anchor, fig.dpi) <= NEAR
    # the same marker again: the close positions are taken by the first label or crowded
    for _ in range(8):
        lab.place(50, 50, "crowd", fontsize=7, leader=False)
    far = lab.place(50, 50, "pushed out", fontsize=7)
    assert far is not None and far.leader and far.text.arrow_patch is not None
    plt.close(fig)


def test_legend_separates_territory_held_from_insurgency_and_presence(net):
    for name in ("autumn-2019", "present"):
        fig = corridor.plot_scenario(net, corridor.scenario(name), inset=None)
        held = legend_texts(fig, HELD_TITLE)
        other = legend_texts(fig, OTHER_TITLE)
        assert held and other
        assert "Islamic State" not in held  # IS holds no territory after March 2019
        assert "Islamic State: insurgency (no front line)" in other
        assert any(t.startswith("Iran-aligned axis: presence") for t in other)
        assert not set(held) & set(other)
        plt.close(fig)
    fig = corridor.plot_scenario(net, corridor.scenario("mid-2018"), inset=None)
    assert "Islamic State" in legend_texts(fig, HELD_TITLE)  # the Hajin pocket, 2017-2019
    assert "Israel (IDF): air interdiction (a risk, not a block)" in legend_texts(fig, OTHER_TITLE)
    plt.close(fig)


def test_actor_colours_and_labels_come_from_the_actors_data(net):
    data = {
        a["id"]: a for a in json.loads((corridor.bundled_data_dir() / "actors.json").read_text())
    }
    styles = actor_styles(net)
    assert set(styles) == set(data)
    for ident, a in data.items():
        assert styles[ident].color == a["color"] and styles[ident].label == a["label"]
    colors = [s.color for s in styles.values()]
    assert len(set(colors)) == len(colors)
    tr, jo = to_rgb(styles["syria-transitional"].color), to_rgb(styles["jordan"].color)
    assert np.abs(np.subtract(tr, jo)).sum() > 0.5  # no longer look alike


def route_pixels(fig, color: str, ax) -> int:
    fig.canvas.draw()
    img = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)
    h = img.shape[0]
    bb = ax.get_window_extent()
    crop = img[int(h - bb.y1) : int(h - bb.y0), int(bb.x0) : int(bb.x1)]
    target = np.array([int(255 * c) for c in to_rgb(color)])
    return int((np.abs(crop - target).sum(axis=2) < 30).sum())


def test_every_route_is_visible_on_the_main_map(route_fig, mid2018):
    """Route 3 differs from route 1 only at the Albukamal bypasses: it shows as a band."""
    _, routes = mid2018
    map_ax = route_fig.axes[0]
    for i in range(len(routes)):
        assert route_pixels(route_fig, ROUTE_COLORS[i], map_ax) > 800, i


def test_contested_and_exposed_stretches_are_drawn_on_the_route(route_fig, mid2018):
    _, routes = mid2018
    ax = route_fig.axes[0]
    by_gid = {}
    for c in ax.collections:
        if c.get_gid():
            by_gid.setdefault(c.get_gid(), []).append(c)
    assert routes[0].contested_km > 0
    contested = by_gid["route-contested"][0]
    route_z = max(c.get_zorder() for c in by_gid["route-1"])
    assert contested.get_zorder() > route_z  # on top of the route, not under it
    assert len(contested.get_segments()) > 0
    assert "route-exposed" in by_gid  # events that count touch the mid-2018 route


def test_unknown_crossings_are_drawn_with_a_question_mark(route_fig, net):
    ax = route_fig.axes[0]
    res = corridor.resolve(net, "mid-2018")
    assert "al-tanf-al-waleed" in res.unknown_crossings
    assert sum(t.get_text() == "?" for t in ax.texts) == len(res.unknown_crossings)
    assert any("al-Tanf–al-Waleed (status unknown" in t.get_text() for t in ax.texts)


def test_inset_goes_where_the_routes_crossings_cluster(net, mid2018):
    from corridor.plot.inset import choose_inset

    sc, routes = mid2018
    res = corridor.resolve(net, sc)
    box = choose_inset(net, res, routes)
    assert box is not None and "Husaybah" in box.title or "Albukamal" in box.title
    handover = corridor.scenario("tanf-handover-2018")
    h_routes = corridor.viable_routes(net, handover, "Tehran", "Beirut", k=1)
    assert choose_inset(net, corridor.resolve(net, handover), h_routes) is None
    named = choose_inset(net, res, routes, "Masnaa", 30)
    assert named.half_km == 30 and named.title.startswith("Masnaa")


def test_scenario_map_has_no_empty_band(net):
    fig = corridor.plot_scenario(net, corridor.scenario("present"))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    map_box = fig.axes[0].get_window_extent(renderer)
    top = max(leg.get_window_extent(renderer).y1 for leg in fig.legends)
    inset = fig.axes[-1].get_window_extent(renderer)
    below = inset.y1 if inset.y1 < map_box.y0 else 0.0  # an inset under the map, not in it
    gap_in = (map_box.y0 - max(top, below)) / fig.dpi
    assert 0 < gap_in < 0.45
    plt.close(fig)


def test_plotting_does_not_patch_matplotlib(net, monkeypatch):
    calls = []
    original = FigureCanvasBase.draw_idle

    def counting(self, *a, **k):
        calls.append(1)
        return original(self, *a, **k)

    monkeypatch.setattr(FigureCanvasBase, "draw_idle", counting)
    fig = corridor.plot_scenario(net, "autumn-2019", inset=None)
    assert FigureCanvasBase.draw_idle is counting  # never swapped out
    assert len(calls) <= 2  # no full redraw per layer
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


def test_compare_title_states_the_result(net):
    scs = [corridor.scenario("mid-2018"), corridor.scenario("tanf-handover-2018")]
    fig = corridor.plot_compare(net, scs, "Tehran", "Beirut")
    title = max(fig.texts, key=lambda t: t.get_fontsize()).get_text().replace("\n", " ")
    a, b = (corridor.best_route(net, sc, "Tehran", "Beirut") for sc in scs)
    assert b.length_km < a.length_km
    assert f"tanf-handover-2018 {delta_text(b, a)} against mid-2018" in title
    assert "−" in delta_text(b, a)  # a true minus sign
    panel = [ax.get_title(loc="left") for ax in fig.axes][1]
    assert delta_text(b, a) in panel
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
    assert "km, " in titles[2] and "h)" in titles[2]  # change against the previous route
    head = max(fig.texts, key=lambda t: t.get_fontsize()).get_text().replace("\n", " ")
    assert "first route Jul 2018" in head and "Oct 2019" in head
    symbols = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert "crossing closed" in symbols and "crossing rebuilding (closed)" in symbols
    assert any("status unknown" in s for s in symbols)
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


def test_draw_into_a_given_axes(net, mid2018):
    sc, routes = mid2018
    fig, ax = plt.subplots(figsize=(6, 4))
    out = corridor.plot_routes(net, sc, routes, ax=ax)
    assert out is fig and ax.get_title(loc="left").startswith("mid-2018")
    assert ax.get_legend() is not None
    plt.close(fig)


def test_the_legend_lists_route_symbols_only_where_routes_are_drawn(net):
    def symbols(fig):
        return [t.get_text() for leg in fig.legends for t in leg.get_texts()]

    sc = corridor.scenario("mid-2018")
    routes = corridor.viable_routes(net, sc, "Tehran", "Beirut", k=1)
    with_routes = corridor.plot_routes(net, sc, routes, inset=None)
    without = corridor.plot_scenario(net, sc, inset=None)
    overlays = {"route in a contested zone", "route near a strike that counts"}
    assert overlays <= set(symbols(with_routes))
    assert not overlays & set(symbols(without)) and "crossing closed" in symbols(without)
    plt.close(with_routes)
    plt.close(without)
