"""The ``corridor`` command line: route analysis, maps and exports on the bundled data.

One module per group of commands (:mod:`.info`, :mod:`.routes`, :mod:`.maps`), each with a
``register(add)`` function; :mod:`.common` holds what they share. Bad input exits with
status 2 and one line on stderr; ``--help`` works everywhere. A command's answer and files
come together: its output is printed, and its files put in place, only once it has
succeeded (see :func:`corridor._files.all_or_nothing`).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys

from .._files import all_or_nothing
from ..errors import CorridorError
from . import freight, info, maps, modes, routes, uncertainty
from .common import WRITTEN_NOTES, Parser

__all__ = ["build_parser", "main"]


class VersionAction(argparse.Action):
    """``--version``: the installed package's version (read only when asked for)."""

    def __init__(
        self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None
    ):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from .._bundled import package_version

        sys.stdout.write(f"corridor {package_version()}\n")
        parser.exit(0)


COMMAND_MODULES = (info, routes, maps, freight, modes, uncertainty)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="corridor",
        description="Route analysis of the Tehran-Beirut land corridor on bundled, sourced data.",
    )
    parser.add_argument(
        "--data", metavar="PATH", help="network folder or GeoPackage (default: bundled data)"
    )
    parser.add_argument("--version", action=VersionAction, help="print the version and exit")
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
    parser.commands = list(sub.choices)  # type: ignore[attr-defined]
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed
        return int(exc.code or 0)
    if args.command is None:
        names = ", ".join(parser.commands)  # type: ignore[attr-defined]
        print(f"corridor: error: give a command ({names}); see corridor --help", file=sys.stderr)
        return 2
    if not hasattr(args, "data"):
        args.data = None
    answer = io.StringIO()
    WRITTEN_NOTES.clear()
    try:
        with all_or_nothing(), contextlib.redirect_stdout(answer):
            code = args.func(args)
        sys.stdout.write(answer.getvalue())
        sys.stdout.flush()
        for note in WRITTEN_NOTES:  # the files are in place now
            print(note, file=sys.stderr)
        return code
    except CorridorError as exc:
        return _fail(args.command, str(exc))
    except BrokenPipeError:  # e.g. piped into head
        return 0
    except OSError as exc:  # a write that failed: read-only folder, disk full, ...
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(args.command, f"{where}{exc.strerror or exc}; nothing was written there")
    except (RecursionError, MemoryError) as exc:
        return _fail(
            args.command, f"the input is too large or too deeply nested ({type(exc).__name__})"
        )
    except KeyboardInterrupt:
        return _fail(args.command, "interrupted")
    except Exception as exc:  # a bug: one line, the traceback on request
        if os.environ.get("CORRIDOR_DEBUG"):
            raise
        return _fail(
            args.command,
            f"internal error {type(exc).__name__}: {exc} (set CORRIDOR_DEBUG=1 for the traceback "
            "and please report it)",
        )


def _fail(command: str, message: str) -> int:
    """One line on stderr, exit status 2."""
    text = " ".join(str(message).split())
    print(f"corridor {command}: error: {text}", file=sys.stderr)
    return 2
