"""Map and export commands: ``map`` and ``export``; the ``--html`` option the route commands
share (an interactive map, self-contained HTML)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import CorridorError
from .common import (
    add_scenario,
    check_output,
    check_png,
    network,
    scenario_arg,
)


def check_html(path: str | None) -> Path | None:
    """The ``--html`` path, checked (suffix .html/.htm, folder exists), or None."""
    return check_output(path, "--html", (".html", ".htm"))


def add_html(p: argparse.ArgumentParser, help_text: str) -> None:
    """Add ``--html FILE`` to a command."""
    p.add_argument("--html", metavar="FILE", help=help_text)


def cmd_map(args) -> int:
    png = check_png(args.png)
    html = check_html(args.html)
    if png is None and html is None:
        raise CorridorError(
            "the following arguments are required: --png FILE or --html FILE (or both)"
        )
    net = network(args)
    sc = scenario_arg(args)
    if png:
        from ..plot import plot_scenario, save_png

        save_png(plot_scenario(net, sc), png)
        print(f"map written to {png}")
    if html:
        from ..plot.interactive import explore, save_html

        save_html(explore(net, sc), html)
        print(f"interactive map written to {html}")
    return 0


def cmd_export(args) -> int:
    from ..export import export_layers
    from ..layers import write_layers

    path = check_output(args.gpkg, "--gpkg", (".gpkg",))
    assert path is not None  # --gpkg is required
    net = network(args)
    sc = scenario_arg(args)
    layers = export_layers(net, sc, origin=args.origin, destination=args.destination, k=args.k)
    write_layers(layers, path)  # put in place once the command has succeeded
    print(f"wrote {path} (layers: {', '.join(layers)})")
    if not len(layers["routes"]):
        print(
            f"no route from {args.origin} to {args.destination} under {sc.name!r}: the routes "
            "layer is empty (see corridor explain)"
        )
    return 0


def register(add) -> None:
    p = add("map", cmd_map, "Draw a scenario map (zones, roads, crossings) to PNG and/or HTML.")
    add_scenario(p)
    p.add_argument("--png", metavar="FILE", help="output PNG")
    add_html(p, "an interactive map (self-contained HTML, works offline)")
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
