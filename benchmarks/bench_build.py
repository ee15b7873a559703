"""Benchmark: build a network from a road file, resolve a scenario, answer a route query.

For each dataset, in a fresh Python process (so that peak memory is its own), it times:

1. reading the file (``pyogrio.read_dataframe``, as ``network_from_roads`` does for a path);
2. building the network from the read GeoDataFrame (``corridor.network_from_roads``, module
   ``corridor.network.from_roads``, with the bundled places, crossings, borders, countries and
   zones; ``road_class="highway"`` for the OSM layers);
3. resolving a built-in scenario (first resolution: includes the per-network edge index);
4. a best-route query Tehran -> Beirut (cold: the first query, which compiles the sparse
   routing graph; warm: the same query again, fastest of at least 3 runs);
5. the same query on the same compiled graph with ``scipy.sparse.csgraph.dijkstra`` alone
   (single source, fastest of at least 3 runs): the lower bound a query can approach;
6. for reference, NetworkX's Dijkstra on the NetworkX graph (km weights).

Peak memory is the process's maximum resident set size (``resource.getrusage``).

Datasets: the bundled OpenStreetMap-derived layer (``data/osm-highways/roads.geojson``), any
``--roads`` files, and a synthetic road grid written to a temporary GeoPackage first (about
1,000,000 two-point segments; ``--quick``: about 100,000). The grid spans lon 35.5-51.5,
lat 32-36 (Beirut to Tehran), n x n intersections, every block side split in two segments
at its midpoint (so simplification has work to do).

Run from the repository root::

    python benchmarks/bench_build.py            # about 2 minutes
    python benchmarks/bench_build.py --quick    # about 20 seconds
    python benchmarks/bench_build.py --roads ../shared/data/roads.geojson
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

SCENARIO = "autumn-2019"  # a route exists on both the curated and the OSM-derived network
REPEAT = 3


def grid_file(folder: Path, n: int) -> Path:
    """Write an n x n road grid (4 n (n - 1) two-point segments) to a GeoPackage."""
    import geopandas as gpd
    import pyogrio
    import shapely

    x = np.linspace(35.5, 51.5, n)
    y = np.linspace(32.0, 36.0, n)
    gx, gy = np.meshgrid(x, y, indexing="ij")
    a = np.concatenate(
        [
            np.stack([gx[:-1, :], gy[:-1, :]], -1).reshape(-1, 2),
            np.stack([gx[:, :-1], gy[:, :-1]], -1).reshape(-1, 2),
        ]
    )
    b = np.concatenate(
        [
            np.stack([gx[1:, :], gy[1:, :]], -1).reshape(-1, 2),
            np.stack([gx[:, 1:], gy[:, 1:]], -1).reshape(-1, 2),
        ]
    )
    mid = (a + b) / 2
    segments = np.concatenate([np.stack([a, mid], 1), np.stack([mid, b], 1)])
    gdf = gpd.GeoDataFrame(
        {"id": np.char.add("g", np.arange(len(segments)).astype(str)).astype(object)},
        geometry=shapely.linestrings(segments),
        crs="EPSG:4326",
    )
    path = folder / f"grid-{len(gdf)}.gpkg"
    pyogrio.write_dataframe(gdf, path, layer="roads")
    return path


def rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def best_of(fn, repeat: int = REPEAT, budget_s: float = 0.5) -> float:
    """Fastest of at least ``repeat`` runs (more, up to 50, while within ``budget_s``)."""
    times: list[float] = []
    while len(times) < repeat or (sum(times) < budget_s and len(times) < 50):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def measure(path: str, label: str) -> dict:
    """All measurements for one dataset (run in a child process)."""
    import networkx as nx
    import pyogrio
    from scipy.sparse import csgraph

    import corridor
    from corridor.costs import DEFAULT_MODEL
    from corridor.network import BuildWarning, network_from_roads
    from corridor.routing import best_route, query_state

    warnings.simplefilter("ignore", BuildWarning)
    out: dict = {"dataset": label, "rss_start_mb": rss_mb()}
    t = time.perf_counter()
    gdf = pyogrio.read_dataframe(path)
    out["read_s"] = time.perf_counter() - t
    out["segments"] = len(gdf)
    out["rss_read_mb"] = rss_mb()

    t = time.perf_counter()
    net = network_from_roads(gdf, road_class="highway" if "osm" in label else None)
    out["build_s"] = time.perf_counter() - t
    out["rss_build_mb"] = rss_mb()
    rep = net.graph.graph["build_report"]
    out["nodes"], out["edges"] = rep.nodes, rep.edges
    out["build_steps"] = {k: round(v, 2) for k, v in rep.timings.items()}

    try:
        scenario = corridor.scenario(SCENARIO)
    except Exception:  # no built-in scenarios: a dated snapshot
        scenario = corridor.Scenario.at("2019-10-15")
    t = time.perf_counter()
    corridor.resolve(net, scenario)
    out["resolve_s"] = time.perf_counter() - t

    t = time.perf_counter()
    route = best_route(net, scenario, "tehran", "beirut")
    out["query_cold_s"] = time.perf_counter() - t
    out["query_warm_s"] = best_of(lambda: best_route(net, scenario, "tehran", "beirut"))
    out["route"] = f"{route.length_km:,.0f} km via {route.via}" if route else "no route"

    q = query_state(net, scenario, "hours", DEFAULT_MODEL)
    arr, compiled = q.arr, q.compiled
    source = arr.node_pos[net.node_id("tehran")]
    out["scipy_s"] = best_of(
        lambda: csgraph.dijkstra(
            compiled.csr, directed=True, indices=source, return_predecessors=True
        )
    )
    out["networkx_s"] = best_of(
        lambda: nx.dijkstra_path_length(net.graph, "tehran", "beirut", weight="length_km"),
        repeat=1,
        budget_s=0.0,
    )
    out["rss_peak_mb"] = rss_mb()
    return out


def run_child(path: str, label: str) -> dict:
    cmd = [sys.executable, __file__, "--one", path, "--label", label]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmark of {label} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(rows: list[dict]) -> str:
    cols = [
        ("dataset", "dataset", "{}"),
        ("segments", "segments", "{:,}"),
        ("edges", "edges", "{:,}"),
        ("read_s", "read s", "{:.2f}"),
        ("build_s", "build s", "{:.2f}"),
        ("build/read", "build/read", "{:.1f}"),
        ("resolve_s", "resolve s", "{:.3f}"),
        ("query_cold_s", "query cold s", "{:.3f}"),
        ("query_warm_s", "query s", "{:.4f}"),
        ("scipy_s", "scipy s", "{:.4f}"),
        ("query/scipy", "query/scipy", "{:.2f}"),
        ("networkx_s", "networkx s", "{:.3f}"),
        ("rss_start_mb", "RSS at start MB", "{:,.0f}"),
        ("rss_peak_mb", "peak RSS MB", "{:,.0f}"),
    ]
    for r in rows:
        r["build/read"] = r["build_s"] / r["read_s"]
        r["query/scipy"] = r["query_warm_s"] / r["scipy_s"]
    cells = [[h for _, h, _ in cols]] + [[f.format(r[k]) for k, _, f in cols] for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(cols))]
    lines = [" | ".join(c.rjust(w) for c, w in zip(row, widths)) for row in cells]
    lines.insert(1, "-|-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a ~100,000-segment grid")
    parser.add_argument("--grid", type=int, default=None, help="grid side n (4n(n-1) segments)")
    parser.add_argument("--roads", action="append", default=[], help="more road files")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--label", help=argparse.SUPPRESS)
    parser.add_argument("--make-grid", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.label)))
        return
    if args.make_grid:
        print(grid_file(Path(args.make_grid[1]), int(args.make_grid[0])))
        return

    n = args.grid or (160 if args.quick else 500)
    started = time.perf_counter()
    datasets = [(str(REPO / "data" / "osm-highways" / "roads.geojson"), "osm-highways (bundled)")]
    datasets += [(str(Path(p).resolve()), f"osm {Path(p).name}") for p in args.roads]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # the grid is made in a child process too: a process's peak RSS carries over to the
        # processes it starts, so the parent stays small
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "--make-grid", str(n), tmp],
            capture_output=True,
            text=True,
            check=True,
        )
        grid = Path(done.stdout.strip().splitlines()[-1])
        made = time.perf_counter() - t
        datasets.append((str(grid), f"grid {n}x{n}"))
        for path, label in datasets:
            print(f"... {label}", file=sys.stderr, flush=True)
            rows.append(run_child(path, label))
    print(
        f"corridor benchmark: {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; scenario {SCENARIO}; query Tehran -> Beirut (hours)"
    )
    print(table(rows))
    print()
    for r in rows:
        print(f"{r['dataset']}: {r['nodes']:,} nodes; route {r['route']}")
        print(f"  build steps (s): {r['build_steps']}")
    print(f"\n(grid file written in {made:.1f} s; total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
