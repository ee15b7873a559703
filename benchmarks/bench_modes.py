"""Benchmark: corridor.compare_modes on scenarios never seen before (issue 15).

Each run compares land, air, sea and multimodal for Tehran-Damascus and Tehran-Beirut under a
fresh scenario (autumn-2019 on a new day, with a chokepoint or an airspace changed), so no
per-scenario cache helps; the network and the air and sea tables are loaded once before timing,
and searoute's maritime network is loaded by a warm-up query (as in a notebook session).

Run from the repository root::

    python benchmarks/bench_modes.py            # 10 fresh scenarios per pair (~1 min)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import corridor  # noqa: E402

CHANGES = [
    ("chokepoint", "suez", "denied"),
    ("chokepoint", "bab-el-mandeb", "contested"),
    ("airspace", "IRQ", "contested"),
    ("airspace", "TUR", "denied"),
    ("chokepoint", "gibraltar", "denied"),
]


def fresh(n: int, offset: int = 0):
    base = corridor.scenario("autumn-2019")
    for i in range(offset, offset + n):
        kind, key, status = CHANGES[i % len(CHANGES)]
        sc = base.on(type(base.date).fromordinal(base.date.toordinal() + 1 + i))
        yield (
            sc.with_chokepoint(key, status)
            if kind == "chokepoint"
            else sc.with_airspace(key, status)
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10, help="fresh scenarios per pair (default 10)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    t = time.perf_counter()
    net = corridor.load()
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    corridor.compare_modes("autumn-2019", "Tehran", "Damascus", network=net)
    first_s = time.perf_counter() - t
    print(
        f"load {load_s:.2f} s; first compare_modes (loads the tables and searoute) {first_s:.2f} s"
    )
    print("pair | fresh scenarios | median s | max s")
    for i, (o, d) in enumerate([("Tehran", "Damascus"), ("Tehran", "Beirut")]):
        times = []
        for sc in fresh(args.n, offset=100 * (i + 1)):
            t = time.perf_counter()
            corridor.compare_modes(sc, o, d, network=net)
            times.append(time.perf_counter() - t)
        print(f"{o}-{d} | {len(times)} | {statistics.median(times):.3f} | {max(times):.3f}")


if __name__ == "__main__":
    main()
