"""The ``corridor`` command line: route analysis, maps and exports on the bundled data.

One module per group of commands (:mod:`.info`, :mod:`.routes`, :mod:`.maps`), each with a
``register(add)`` function; :mod:`.common` holds what they share. Bad input exits with
status 2 and one line on stderr; ``--help`` works everywhere.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import CorridorError
from . import freight, info, maps, routes
from .common import Parser

__all__ = ["build_parser", "main"]

COMMAND_MODULES = (info, routes, maps, freight)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="corridor",
        description="Route analysis of the Tehran-Beirut land corridor on bundled, sourced data.",
    )
    parser.add_argument(
        "--data", metavar="PATH", help="network folder or GeoPackage (default: bundled data)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def add(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        p.add_argument(
            "--data", metavar="PATH", default=argparse.SUPPRESS, help="network folder or GeoPackage"
        )
        return p

    for module in COMMAND_MODULES:
        module.register(add)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return 2
    if not hasattr(args, "data"):
        args.data = None
    try:
        return args.func(args)
    except CorridorError as exc:
        print(f"corridor {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0
