"""Regenerate the stored ``corridor routes ... --json`` expectations of tests/test_regression.py.

Run from the repository root only when a change is meant to change answers, and review the
diff (git diff tests/data/) in the same commit:

    python tests/data/make_routes_json.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from test_regression import SCENARIOS, routes_json  # noqa: E402

for folder, network in (("routes_json", None), ("routes_json_osm", "osm-highways")):
    (HERE / folder).mkdir(exist_ok=True)
    for name in SCENARIOS:
        (HERE / folder / f"{name}.json").write_text(routes_json(name, network), encoding="utf-8")
        print(f"{folder}/{name}.json")
