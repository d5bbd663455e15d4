"""Parsing, dispatch and the error → exit-status contract, shared by every command."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import TextIO

from .._version import __version__

# Nothing else is imported here: `--help` and `--version` need no more, and
# each command imports what it uses when it runs (see COMMANDS).

__all__ = ["COMMANDS", "build_parser", "run"]

COMMANDS = {
    "formats": "list the known format versions",
    "show": "show a format's sections, tables and rules",
    "template": "write an empty report file to fill in",
    "schema": "print the JSON Schema of report files",
    "validate": "check reports against their format's rules",
    "read": "read published reports (HTML, text) into reports, with notes",
    "render": "render a report as text, html, csv, csv-long, json or xlsx",
    "diff": "show what changed between two format versions",
    "migrate": "rewrite a report in another format version",
    "aggregate": "add up reports (same format and year) into one, or check a parent's",
    "series": "one agency's reports over the years: figures and cross-year checks",
    "batch": "read and validate many reports in parallel (folders and files)",
}
"""The commands, in the order ``--help`` lists them, with their one-line help.

Each is the module ``cli/_<name>.py``; it is imported only when its command
runs (or when the whole parser is built, for the reference docs), so that
starting one command does not import what the others need.
"""

_GLOBAL_WITH_VALUE = ("--formats-dir", "--max-bytes")

PROG = "disclosure-format"


class _ArgumentError(Exception):
    """A usage error found by argparse (exit status 2), before anything else is imported."""


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and raise instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _ArgumentError(f"{message} (see {self.prog} --help)")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that command's options are built.

    Every command is listed (with its one-line help) either way, so the
    top-level ``--help`` is the same; the others' modules are not imported.
    """
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
    for name, help in COMMANDS.items():
        if only is not None and name != only:
            commands.add_parser(name, help=help, add_help=False)
            continue
        from ._locale import add_locale_argument

        module = importlib.import_module(f"{__package__}._{name}")
        sub = commands.add_parser(name, help=help, description=module.__doc__)
        module.add_arguments(sub)
        add_locale_argument(sub)
        sub.set_defaults(handler=module.run)
    return parser


def command_of(argv: Sequence[str]) -> str | None:
    """The command an argument list runs: its first argument that is not a global option."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _GLOBAL_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def run(argv: Sequence[str], *, stdout: TextIO, stderr: TextIO) -> int:
    """Run one command line; never raises (except SystemExit from --help/--version)."""
    debug = "--debug" in argv
    command = command_of(argv)
    try:
        # Only the command run is built ("": none, for --help, --version or no command).
        args = build_parser(command or "").parse_args(list(argv))
    except _ArgumentError as exc:
        return _fail(stderr, str(exc), debug)
    return _run(args, command, stdout=stdout, stderr=stderr, debug=debug)


def _run(
    args: argparse.Namespace, command: str | None, *, stdout: TextIO, stderr: TextIO, debug: bool
) -> int:
    """Run the parsed command, turning every error into its exit status."""
    from .. import limits
    from ..errors import DisclosureFormatError
    from ._context import Context, UsageError
    from ._locale import translator
    from ._options import deprecation_notes, in_option_words
    from ._printable import printable

    try:
        if args.command is None:
            raise UsageError(
                "a command is required: " + ", ".join(COMMANDS) + f" (see {PROG} --help)"
            )
        tr = translator(args)
        for old, instead in deprecation_notes(args):
            stderr.write(
                f"{PROG}: "
                + tr.gettext("提示：{old} 已弃用，请改用 {instead}").format(
                    old=old, instead=instead
                )
                + "\n"
            )
        ctx = Context(stdout=stdout, stderr=stderr, formats_dirs=tuple(args.formats_dir))
        with limits.override(args.max_bytes):
            return int(args.handler(args, ctx))
    except UsageError as exc:
        message = str(exc)
        if not message.endswith("--help)"):
            message += f" (see {PROG} {command} --help)" if command else f" (see {PROG} --help)"
        return _fail(stderr, message, debug)
    except DisclosureFormatError as exc:
        return _fail(stderr, in_option_words(getattr(exc, "first_line", str(exc))), debug)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(stderr, f"{where}{exc.strerror or exc}", debug)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so, keep the traceback for --debug
        if debug:
            import traceback

            traceback.print_exc(file=stderr)
        stderr.write(
            f"{PROG}: internal error: {type(exc).__name__}: {printable(str(exc))} "
            "(re-run with --debug for the traceback, and please report it)\n"
        )
        return 3


def _size(text: str) -> int:
    from .. import limits

    try:
        return limits.parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _fail(stderr: TextIO, message: str, debug: bool) -> int:
    from ._printable import printable

    if debug:
        import traceback

        traceback.print_exc(file=stderr)
    stderr.write(f"{PROG}: error: {printable(message)}\n")
    return 2
