"""Progress bars: shown only on a terminal, never with progress=False, and harmless."""

from __future__ import annotations

import corridor
from corridor._progress import ProgressBar, StepTimings, progress_iter


def test_no_bar_when_not_a_terminal(capsys):
    with ProgressBar(10, "work") as bar:
        for _ in range(10):
            bar.update()
        assert not bar.shown  # pytest captures stderr: not a terminal
    assert capsys.readouterr().err == ""


def test_disabled_bar_and_iteration():
    bar = ProgressBar(3, "off", enabled=False)
    assert not bar.shown
    bar.update(3)
    bar.close()
    assert list(progress_iter([1, 2, 3], "items")) == [1, 2, 3]


def test_step_timings_stay_a_dict():
    timings = StepTimings(ProgressBar(2, "steps", enabled=False))
    timings["a"] = 1.0
    timings["a"] = timings["a"] + 1.0
    timings["b"] = 0.5
    assert timings == {"a": 2.0, "b": 0.5}


def test_long_timelines_and_sweeps_are_quiet_off_a_terminal(capsys):
    net = corridor.load()
    days = [f"2018-0{m}-01" for m in range(1, 10)] * 3
    frame = corridor.timeline(net, days, "Tehran", "Beirut")
    assert len(frame) == 27
    assert capsys.readouterr().err == ""
