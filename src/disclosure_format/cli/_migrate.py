"""Rewrite a report in another format version, following the mapping files.

Cells with the same key carry over; what the format changed follows the
declared mapping (formats/migrations/<old>-<new>.toml).  The migrated report
file goes to stdout or -o OUT; the notes — every cell that could not be
carried over, every new cell left blank — go to stderr (warnings and errors
always, the informational ones with --verbose).  Exit status 0.
"""

from __future__ import annotations

import argparse
from collections import Counter

import attrs

from .. import _words
from ..i18n import Translator
from ..jsonfile import dumps_report
from ..migrate import migrate
from ..reading import ReadNote
from ._context import Context, UsageError
from ._io import read_input, write_output
from ._locale import translator
from ._options import add_output_argument, deprecated_alias


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the report file (- for stdin)")
    parser.add_argument("--to-format", metavar="ID", help="the format id to migrate to (required)")
    deprecated_alias(parser, "--to", dest="to_format", instead="--to-format", metavar="ID")
    add_output_argument(parser)
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also list the informational notes"
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.to_format is None:
        raise UsageError("the format to migrate to is required: --to-format ID")
    report = read_input(args.file, ctx.registry)
    result = migrate(report, args.to_format, registry=ctx.registry, locale=args.locale)
    write_output(ctx, dumps_report(result.report), args.output)
    tr = translator(args)
    steps = " → ".join([report.format, *(m.new for m in result.steps)])
    counts = Counter(n.kind for n in result.notes)
    summary = tr.gettext("、").join(
        tr.gettext("{kind} {n}").format(kind=_words.note_kind(kind, tr), n=n)
        for kind, n in sorted(counts.items())
    )
    headline = tr.gettext("{file}：格式 {steps} 迁移完成：{summary}")
    summary = summary or tr.gettext("没有说明")
    ctx.stderr.write(headline.format(file=args.file, steps=steps, summary=summary) + "\n")
    hidden = 0
    for note in result.notes:
        if note.severity == "info" and not args.verbose:
            hidden += 1
            continue
        ctx.stderr.write(f"  {_note(note, tr)}\n")
    if hidden:
        more = tr.ngettext(
            "… 另有 {n} 条信息性说明（--verbose 列出）",
            "… 另有 {n} 条信息性说明（--verbose 列出）",
            hidden,
        )
        ctx.stderr.write(f"  {more.format(n=hidden)}\n")
    return 0


def _note(note: ReadNote, tr: Translator) -> str:
    """A migration note in the locale (its place without the file, said in the headline)."""
    place = attrs.evolve(note, file=None).place
    line = tr.gettext("{severity} {kind}：{message}").format(
        severity=_words.note_severity(note.severity, tr),
        kind=_words.note_kind(note.kind, tr),
        message=note.message,
    )
    # Translators: the colon between a name and what is said of it.
    colon = tr.gettext("：")
    return f"{place}{colon}{line}" if place else line
