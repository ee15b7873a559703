"""corridor modes: text, JSON, PNG and bad input; plot_modes."""

import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from PIL import Image

import corridor
from corridor.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_modes_text_has_one_row_per_mode(capsys):
    code, out, _ = run(capsys, "modes", "Tehran", "Damascus", "--scenario", "autumn-2019")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Tehran → Damascus under 'autumn-2019' (2019-10-15")
    for mode in ("land", "air", "sea", "multimodal"):
        assert any(line.startswith(mode + " ") for line in lines), mode
    assert "air Tehran Mehrabad (THR) → Damascus (DAM)" in out
    assert "not available: no port within 60 km of Damascus in its country (ports.geojson)" in out
    assert "assumptions or unknowns" in out


def test_modes_json_and_png(capsys, tmp_path):
    png = tmp_path / "modes.png"
    code, out, err = run(
        capsys, "modes", "Tehran", "Beirut", "--scenario", "present", "--json", "--png", str(png),
        "--cargo", "1000",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["origin"] == "Tehran" and data["date"] and len(data["modes"]) == 4
    air = next(m for m in data["modes"] if m["mode"] == "air")
    assert air["available"] is False and "airspace denied" in air["why_not"]
    assert "days_to_deliver" in data["modes"][0]
    assert f"map written to {png}" in err
    w, h = Image.open(png).size
    assert w > 1500 and h > 1500


@pytest.mark.parametrize(
    "args, message",
    [
        (["modes", "Tehran", "Beirutt", "--scenario", "autumn-2019"], "did you mean 'Beirut'"),
        (["modes", "Tehran", "Beirut", "--scenario", "autumn-2019", "--cargo", "-5"], "cargo_t"),
        (["modes", "Tehran", "Beirut", "--scenario", "autumn-2019", "--png", "x.txt"], ".png"),
    ],
)
def test_modes_bad_input_is_one_line_and_exit_2(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err


def test_a_scenario_file_may_deny_a_chokepoint(capsys, tmp_path):
    path = tmp_path / "no-suez.toml"
    path.write_text('name = "no-suez"\ndate = 2019-10-15\n[chokepoints]\nsuez = "denied"\n')
    code, out, _ = run(capsys, "modes", "Tehran", "Beirut", "--scenario", str(path), "--json")
    sea = next(m for m in json.loads(out)["modes"] if m["mode"] == "sea")
    assert code == 0 and "cape-of-good-hope" in sea["chokepoints"]
    path.write_text('name = "x"\ndate = 2019-10-15\n[chokepoints]\nsuess = "denied"\n')
    code, out, err = run(capsys, "modes", "Tehran", "Beirut", "--scenario", str(path))
    assert code == 2 and "did you mean 'suez'" in err and err.count("\n") == 1


def test_plot_modes_draws_every_available_mode():
    frame = corridor.compare_modes("autumn-2019", "Tehran", "Beirut")
    fig = corridor.plot_modes(frame)
    try:
        legend = fig.axes[0].get_legend()
        labels = [t.get_text() for t in legend.get_texts()]
        assert labels[:4] == ["land", "air", "sea", "multimodal"]
        assert any("the sea voyage" in ax.get_title(loc="left") for ax in fig.axes)
        texts = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
        assert "suez" in texts and "bab-el-mandeb" in texts
    finally:
        plt.close(fig)
    with pytest.raises(corridor.CorridorError, match="compare_modes"):
        corridor.plot_modes(pd.DataFrame({"mode": ["land"]}))


def test_cargo_adds_days_to_deliver_and_total_to_the_table(capsys):
    code, out, _ = run(
        capsys, "modes", "Tehran", "Damascus", "--scenario", "autumn-2019", "--cargo", "5000"
    )
    assert code == 0 and "days to deliver" in out and "total USD" in out
    code, plain, _ = run(capsys, "modes", "Tehran", "Damascus", "--scenario", "autumn-2019")
    assert "days to deliver" not in plain
