"""Render a report as text, HTML, CSV (wide or long), JSON, XLSX or DOCX.

FILE may be any of these outputs (the kind is detected from the content),
so rendering also converts back: `render report.html --to json`.  Notes made
while reading FILE (a label that is not the official one, text in a number
cell…) are printed on stderr; the exit status is 1 if one is an error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..adapters import get_adapter, render
from ..validation import validate
from ._context import Context, UsageError
from ._io import read_reading, write_notes
from ._locale import translator
from ._options import add_output_argument, add_verbose_argument

_TARGETS = ("text", "html", "csv", "csv-long", "json", "xlsx", "docx")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the report (any supported kind; - for stdin)")
    parser.add_argument(
        "--to",
        required=True,
        metavar="KIND",
        help=f"what to write: {', '.join(_TARGETS)} (or a plug-in adapter's name)",
    )
    add_output_argument(parser)
    parser.add_argument(
        "--findings",
        action="store_true",
        help="html: mark the cells of each validation finding and list the findings",
    )
    parser.add_argument(
        "--fragment", action="store_true", help="html: an embeddable <article>, not a page"
    )
    add_verbose_argument(parser)
    parser.add_argument(
        "--bom", action="store_true", help="csv, csv-long: start with a UTF-8 byte-order mark"
    )
    parser.add_argument(
        "--per-table",
        action="store_true",
        help="csv: one file per table, written as OUT/<table id>.csv (-o OUT names a folder); "
        "`cat OUT/*.csv` joins them back into the whole report",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    adapter = get_adapter(args.to)
    options = _options(args)
    if args.locale is not None:
        options["locale"] = translator(args).locale
    reading = read_reading(args.file, ctx.registry)
    write_notes(ctx.stderr, reading, ctx.registry, translator(args), verbose=args.verbose)
    report = reading.report
    if args.findings:
        options["findings"] = validate(
            report, spec=ctx.registry.get(report.format), locale=args.locale
        )
    if args.per_table:
        folder = Path(args.output)
        folder.mkdir(parents=True, exist_ok=True)
        for table in ctx.registry.get(report.format).tables:
            output = render(
                report, adapter.name, registry=ctx.registry, tables=[table.id], **options
            )
            _write(ctx, output, str(folder / f"{table.id}.csv"))
    else:
        output = render(report, adapter.name, registry=ctx.registry, **options)
        _write(ctx, output, args.output)
    return 1 if reading.errors else 0


def _options(args: argparse.Namespace) -> dict[str, object]:
    """The adapter options the flags ask for; a flag the target cannot use is an error."""
    options: dict[str, object] = {}
    wanted = {
        "--findings": args.findings,
        "--fragment": args.fragment,
        "--bom": args.bom,
        "--per-table": args.per_table,
    }
    allowed = {
        "html": {"--findings", "--fragment"},
        "csv": {"--bom", "--per-table"},
        "csv-long": {"--bom"},
    }
    for flag, given in wanted.items():
        if given and flag not in allowed.get(args.to, set()):
            raise UsageError(f"{flag} does not apply to --to {args.to}")
    if args.per_table and args.output in (None, "-"):
        raise UsageError("--per-table writes one file per table: name their folder with -o DIR")
    if args.fragment:
        options["standalone"] = False
    if args.bom:
        options["bom"] = True
    return options


def _write(ctx: Context, output: str | bytes, path: str | None) -> None:
    if path is not None and path != "-":
        data = output.encode("utf-8") if isinstance(output, str) else output
        Path(path).write_bytes(data)  # bytes: CSV keeps its CRLF on every platform
        return
    if isinstance(output, str):
        ctx.stdout.write(output)
        return
    buffer = getattr(ctx.stdout, "buffer", None)
    if buffer is None or ctx.stdout.isatty():
        raise UsageError("this output is binary: write it to a file with -o OUT")
    ctx.stdout.flush()
    buffer.write(output)
    buffer.flush()
