"""Parsing, dispatch and the error → exit-status contract, shared by every command."""

from __future__ import annotations

import argparse
import importlib
import traceback
from collections.abc import Sequence
from typing import TextIO

from .. import limits
from .._version import __version__
from ..errors import DisclosureFormatError
from ._context import Context, UsageError
from ._printable import printable

__all__ = ["COMMANDS", "build_parser", "run"]

COMMANDS = (
    "formats",
    "show",
    "template",
    "schema",
    "validate",
    "read",
    "render",
    "diff",
    "migrate",
    "aggregate",
    "series",
    "batch",
)
"""The command modules (``cli/_<name>.py``), in the order ``--help`` lists them."""

PROG = "disclosure-format"


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and raise instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="The 政府信息公开工作年度报告 as data: formats, validation, rendering.",
        epilog="Exit status: 0 clean, 1 findings at or above --fail-on, 2 unusable input or "
        "usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--formats-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="also load format definitions from DIR (repeatable; see DISCLOSURE_FORMAT_PATH)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    parser.add_argument(
        "--max-bytes",
        type=_size,
        metavar="SIZE",
        help="refuse any input larger than SIZE bytes, unread (K, M, G allowed; default 50M)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f"{__package__}._{name}")
        sub = commands.add_parser(name, help=module.HELP, description=module.__doc__)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)
    return parser


def run(argv: Sequence[str], *, stdout: TextIO, stderr: TextIO) -> int:
    """Run one command line; never raises (except SystemExit from --help/--version)."""
    debug = "--debug" in argv
    try:
        args = build_parser().parse_args(list(argv))
        if args.command is None:
            raise UsageError(
                "a command is required: " + ", ".join(COMMANDS) + f" (see {PROG} --help)"
            )
        ctx = Context(stdout=stdout, stderr=stderr, formats_dirs=tuple(args.formats_dir))
        with limits.override(args.max_bytes):
            return int(args.handler(args, ctx))
    except UsageError as exc:
        return _fail(stderr, str(exc), debug)
    except DisclosureFormatError as exc:
        return _fail(stderr, getattr(exc, "first_line", str(exc)), debug)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(stderr, f"{where}{exc.strerror or exc}", debug)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so, keep the traceback for --debug
        if debug:
            traceback.print_exc(file=stderr)
        stderr.write(
            f"{PROG}: internal error: {type(exc).__name__}: {printable(str(exc))} "
            "(re-run with --debug for the traceback, and please report it)\n"
        )
        return 3


def _size(text: str) -> int:
    try:
        return limits.parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _fail(stderr: TextIO, message: str, debug: bool) -> int:
    if debug:
        traceback.print_exc(file=stderr)
    stderr.write(f"{PROG}: error: {printable(message)}\n")
    return 2
