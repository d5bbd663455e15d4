"""The ``--locale`` option, which every command has: the language of all it prints."""

from __future__ import annotations

import argparse

from ..i18n import SUPPORTED_LOCALES, Translator, get_translator

__all__ = ["add_locale_argument", "translator"]


def add_locale_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--locale``; any spelling :func:`~disclosure_format.i18n.resolve_locale` knows works."""
    parser.add_argument(
        "--locale",
        metavar="LOCALE",
        default=None,
        help=f"language of labels and messages: {', '.join(SUPPORTED_LOCALES)} "
        f"(default {SUPPORTED_LOCALES[0]}, the official text)",
    )


def translator(args: argparse.Namespace) -> Translator:
    """The translator for the command's ``--locale`` (an unknown locale is exit status 2)."""
    return get_translator(args.locale)
