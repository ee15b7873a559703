"""Regenerate the stored ``corridor routes ... --json`` expectations of tests/test_regression.py.

Run from the repository root only when a change is meant to change answers, and review the
diff (git diff tests/data/) in the same commit:

    python tests/data/make_routes_json.py
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import corridor
from corridor.cli import main

HERE = Path(__file__).parent

for folder, data in (("routes_json", []), ("routes_json_osm", ["--data", "osm-highways"])):
    (HERE / folder).mkdir(exist_ok=True)
    for name in corridor.scenarios()["name"]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main([*data, "routes", "Tehran", "Beirut", "--scenario", name, "--json"])
        (HERE / folder / f"{name}.json").write_text(out.getvalue(), encoding="utf-8")
        print(f"{folder}/{name}.json")
