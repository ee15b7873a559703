"""Benchmark: cold start of the command line, each run a fresh process, beside the import floor.

What a user waits for when typing a command: the interpreter starting, the imports, reading the
bundled data, the answer. Every command runs in a new Python process, round-robin with the
others (so the VM's drift hits them all alike), after one warm-up run each that leaves the
bytecode caches written (``PYTHONDONTWRITEBYTECODE`` is dropped from the children's
environment: an installed package has its bytecode compiled). Wall-clock seconds; the median
and the range over ``--runs`` rounds.

Rows:

- ``python -c pass``: the interpreter alone;
- ``imports: dependencies``: NumPy, pandas, GeoPandas, Shapely, NetworkX and
  ``scipy.sparse.csgraph``, what the routing path needs before any corridor code;
- ``imports: routes command``: everything ``corridor routes`` imports, no data read;
- ``corridor --help``, ``--version``, ``scenarios``;
- ``corridor routes Tehran Beirut --scenario mid-2018``: the README's first command without
  its map (load the bundled network and control data, three routes, the table);
- ``corridor capacity Tehran Beirut --scenario mid-2018``: a maximum flow, without a map;
- ``corridor montecarlo Tehran Beirut --scenario mid-2018 --n 1000``: 1,000 Monte Carlo draws.

Run from the repository root (about a minute)::

    python benchmarks/bench_cold.py              # 7 rounds
    python benchmarks/bench_cold.py --runs 15
    git worktree add /tmp/before <commit> && python benchmarks/bench_cold.py --against /tmp/before/src

``--against`` adds each corridor row again with another checkout's ``src`` first on the path,
interleaved with this one's: a change measured side by side.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEPENDENCIES = "import numpy, pandas, geopandas, shapely, networkx, scipy.sparse.csgraph"
ROUTES_IMPORTS = (
    "import corridor.cli, corridor.cli.routes, corridor.critical, corridor.routing, "
    "corridor.datasets, corridor.freight"
)


def _corridor() -> list[str]:
    """The ``corridor`` console script beside this interpreter, else ``python -m corridor.cli``."""
    script = Path(sys.executable).with_name("corridor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "corridor.cli"]


def commands() -> dict[str, list[str]]:
    cli = _corridor()
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "imports: dependencies": [sys.executable, "-c", DEPENDENCIES],
        "imports: routes command": [sys.executable, "-c", ROUTES_IMPORTS],
        "corridor --help": [*cli, "--help"],
        "corridor --version": [*cli, "--version"],
        "corridor scenarios": [*cli, "scenarios"],
        "corridor routes Tehran Beirut --scenario mid-2018": [
            *cli,
            "routes",
            "Tehran",
            "Beirut",
            "--scenario",
            "mid-2018",
        ],
        "corridor capacity Tehran Beirut --scenario mid-2018": [
            *cli,
            "capacity",
            "Tehran",
            "Beirut",
            "--scenario",
            "mid-2018",
        ],
        "corridor montecarlo Tehran Beirut --scenario mid-2018 --n 1000": [
            *cli,
            "montecarlo",
            "Tehran",
            "Beirut",
            "--scenario",
            "mid-2018",
            "--n",
            "1000",
        ],
    }


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Seconds for one run of ``argv`` in a fresh process (exits on a failed run)."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="rounds (default 7)")
    ap.add_argument("--against", type=Path, help="another checkout's src folder, side by side")
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MPLBACKEND"] = "Agg"
    rows = {name: (argv, env) for name, argv in commands().items()}
    if args.against:
        other = {**env, "PYTHONPATH": str(args.against.resolve())}
        for name, argv in commands().items():
            if "corridor" in name or "routes" in name:
                rows[f"{name} [against]"] = (argv, other)
    for argv, e in rows.values():  # warm-up: bytecode written, files in the page cache
        run_once(argv, e)
    times: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(args.runs):
        for name, (argv, e) in rows.items():
            times[name].append(run_once(argv, e))
    width = max(map(len, rows))
    print(f"{'command':{width}}  median s  min s  max s   ({args.runs} rounds, fresh processes)")
    for name, values in times.items():
        print(
            f"{name:{width}}  {statistics.median(values):8.2f}  {min(values):5.2f}  "
            f"{max(values):5.2f}"
        )


if __name__ == "__main__":
    main()
