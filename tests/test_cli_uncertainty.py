"""The ``corridor montecarlo`` command."""

from __future__ import annotations

import json

from corridor.cli import main


def test_montecarlo_text_and_json(capsys, tmp_path):
    assert (
        main(
            [
                "montecarlo",
                "Tehran",
                "Beirut",
                "--scenario",
                "mid-2018",
                "--n",
                "300",
                "--seed",
                "5",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "300 draws" in out and "a route in" in out and "interval" in out
    assert main(["montecarlo", "Tehran", "Beirut", "--n", "300", "--seed", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n"] == 300 and data["seed"] == 5 and 0 <= data["p_viable"] <= 1
    assert data["interval"][0] <= data["p_viable"] <= data["interval"][1]


def test_montecarlo_uncertain_file_workers_and_png(capsys, tmp_path):
    path = tmp_path / "u.toml"
    path.write_text('[items]\n"albukamal-bypass-north" = 1.0\n"albukamal-bypass-south" = 1.0\n')
    png = tmp_path / "mc.png"
    code = main(
        [
            "montecarlo",
            "Tehran",
            "Beirut",
            "--n",
            "200",
            "--seed",
            "1",
            "--uncertain",
            str(path),
            "--workers",
            "2",
            "--png",
            str(png),
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["uncertain_items"] == 2
    assert data["p_viable"] == 0.0  # both bypasses closed in every draw: no route in mid-2018
    assert png.stat().st_size > 10_000


def test_montecarlo_bad_input_exits_2(capsys, tmp_path):
    assert main(["montecarlo", "Tehran", "Beirut", "--n", "zero"]) == 2
    assert "whole number" in capsys.readouterr().err
    bad = tmp_path / "u.toml"
    bad.write_text('[items]\n"Albukamal bypas" = 0.5\n')
    assert main(["montecarlo", "Tehran", "Beirut", "--n", "10", "--uncertain", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no uncertain item" in err
