"""The options several commands share, each defined once so it reads the same everywhere.

* ``-o/--output``: where a command writes (every verb that writes has it);
* ``--select``/``--ignore``: which rules to run, checked against the format
  so that a wrong rule id is an option error naming the option;
* deprecated spellings (``batch --out``, ``migrate --to ID``): they keep
  working, and the command prints a one-line note on stderr saying what to
  write instead (:func:`deprecation_notes`), since scripts rely on them.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from typing import Any

from ..spec import FormatSpec
from ._context import UsageError

__all__ = [
    "add_output_argument",
    "add_rule_arguments",
    "add_verbose_argument",
    "check_rule_ids",
    "deprecated_alias",
    "deprecation_notes",
    "in_option_words",
    "rule_ids",
]

_NOTES = "_deprecated_spellings"
"""The namespace attribute where deprecated spellings used on this command line are noted."""


def in_option_words(message: str) -> str:
    """A library message as the command line says it: the size limit is ``--max-bytes``.

    The library's message names both the Python argument ``max_bytes=`` and
    the option; on the command line only the option means anything.
    """
    from ..errors import InputTooLargeError

    return message.replace(InputTooLargeError.HINT, "raise it with --max-bytes SIZE")


def add_output_argument(
    parser: argparse.ArgumentParser,
    help: str = "write to OUT instead of stdout",
    *,
    dest: str = "output",
) -> None:
    """Add ``-o/--output OUT``."""
    parser.add_argument("-o", "--output", dest=dest, metavar="OUT", help=help)


def add_rule_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--select`` and ``--ignore`` (read them with :func:`rule_ids`)."""
    parser.add_argument(
        "--select",
        action="append",
        default=None,
        metavar="RULE",
        help="only these rule ids (repeatable, comma-separated; I4 means I4.*)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULE",
        help="skip these rule ids (repeatable, comma-separated; I4 means I4.*)",
    )


def rule_ids(values: Sequence[str] | None) -> list[str] | None:
    """The rule ids of repeated, comma-separated ``--select``/``--ignore`` values."""
    if values is None:
        return None
    return [part.strip() for v in values for part in v.split(",") if part.strip()]


def check_rule_ids(args: argparse.Namespace, specs: Iterable[FormatSpec]) -> None:
    """Refuse a ``--select``/``--ignore`` id that names no rule of any of ``specs``.

    The message names the option, e.g. ``--select: format 2021 has no rule
    'ZZ9' (rules: S1, I1, …)``, before anything is read or validated.
    """
    specs = list(specs)
    for option, values in (("--select", args.select), ("--ignore", args.ignore)):
        for pattern in rule_ids(values) or ():
            if any(r.matches(pattern) for s in specs for r in s.rules):
                continue
            if len(specs) == 1:
                rules = ", ".join(r.id for r in specs[0].rules)
                problem = f"format {specs[0].id} has no rule {pattern!r} (rules: {rules})"
            else:
                rules = "; ".join(f"{s.id}: {', '.join(r.id for r in s.rules)}" for s in specs)
                problem = f"no format has a rule {pattern!r} (rules of format {rules})"
            raise UsageError(f"{option}: {problem}")


class _Deprecated(argparse.Action):
    """Store the value like the new spelling does, and note that the old one was used."""

    def __init__(self, *args: Any, instead: str, **kwargs: Any) -> None:
        self.instead = instead
        super().__init__(*args, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        notes = getattr(namespace, _NOTES, None) or []
        notes.append((option_string or self.option_strings[0], self.instead))
        setattr(namespace, _NOTES, notes)


def deprecated_alias(
    parser: argparse.ArgumentParser, old: str, *, dest: str, instead: str, metavar: str
) -> None:
    """Add the old spelling ``old`` of an option: it sets ``dest``, with a deprecation note.

    Its help says what to write instead, so that ``--help`` still explains a
    command line that uses it.
    """
    parser.add_argument(
        old,
        dest=dest,
        metavar=metavar,
        action=_Deprecated,
        instead=instead,
        default=argparse.SUPPRESS,
        help=f"deprecated spelling of {instead}",
    )


def deprecation_notes(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The deprecated spellings used, each with what to write instead."""
    return list(getattr(args, _NOTES, None) or [])


def add_verbose_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``-v/--verbose``: every read note one per cell, not one line per table."""
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list every cell not found or ambiguous (default: one line per table)",
    )
