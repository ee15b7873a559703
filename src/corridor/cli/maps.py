"""Map and export commands: ``map`` and ``export``."""

from __future__ import annotations

from pathlib import Path

from ..errors import CorridorError
from .common import (
    add_scenario,
    check_png,
    network,
    scenario_arg,
)


def cmd_map(args) -> int:
    from ..plot import plot_scenario, save_png

    png = check_png(args.png)
    assert png is not None  # --png is required
    net = network(args)
    sc = scenario_arg(args)
    save_png(plot_scenario(net, sc), png)
    print(f"map written to {png}")
    return 0


def cmd_export(args) -> int:
    from ..export import export_gpkg

    if Path(args.gpkg).suffix.lower() != ".gpkg":
        raise CorridorError(f"--gpkg {args.gpkg}: the file name must end in .gpkg")
    net = network(args)
    sc = scenario_arg(args)
    path = export_gpkg(
        net, sc, args.gpkg, origin=args.origin, destination=args.destination, k=args.k
    )
    import pyogrio

    print(f"wrote {path} (layers: {', '.join(name for name, _ in pyogrio.list_layers(path))})")
    return 0


def register(add) -> None:
    p = add("map", cmd_map, "Draw a scenario map (zones, roads, crossings) to PNG.")
    add_scenario(p)
    p.add_argument("--png", metavar="FILE", required=True, help="output PNG")
    p = add(
        "export",
        cmd_export,
        "Export network, zones, edge states and routes to a GeoPackage for QGIS.",
    )
    add_scenario(p)
    p.add_argument("--gpkg", metavar="FILE", required=True, help="output .gpkg")
    p.add_argument("--origin", default="tehran", help="route origin (default tehran)")
    p.add_argument("--destination", default="beirut", help="route destination (default beirut)")
    p.add_argument("--k", type=int, default=3, help="routes to export (default 3)")
