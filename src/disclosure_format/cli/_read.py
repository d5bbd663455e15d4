"""Read reports as published (web pages, text copied from them, crawler dumps, Word
documents) and write them.

Each FILE is read by the adapter its content calls for: a published HTML or
text report goes to the reader of published reports (see docs/reading.md),
our own renderings to their own adapters.  The report is written with --to
(default json: the report file format); the notes made while reading — labels
not matched, cells not found, digit runs split by the table's arithmetic,
ambiguous cells, unit conversions — go to stderr, one per line (the cells
not found or ambiguous one line per table; each with --verbose), or all
into the output with --json.

Exit status 0 when every file was read (notes do not fail a read), 1 with
--strict when a note is an error (a cell not found, not matched or
ambiguous) or a label matched nothing, 2 when a file cannot be read at all.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import attrs

from ..adapters import detect, read, render
from ..jsonfile import SCHEMA_VERSION, report_to_dict
from ..reading import Reading
from ._context import Context, UsageError
from ._io import read_bytes, write_notes
from ._locale import translator
from ._options import add_output_argument, add_verbose_argument

_TARGETS = ("json", "csv-long", "text", "html")
_EXTENSIONS = {"json": ".json", "csv-long": ".csv", "text": ".txt", "html": ".html"}
_STRICT_KINDS = frozenset({"unmatched-label", "unmatched-row", "ambiguous", "missing-cell"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="published reports (- for stdin)")
    parser.add_argument(
        "--to",
        choices=_TARGETS,
        default=None,
        help="what to write (default: json, the report file format)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="write one JSON document with each report and the notes made reading it",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 if a cell was not found, not matched or ambiguous, or a label matched nothing",
    )
    add_verbose_argument(parser)
    add_output_argument(
        parser, "write to OUT (a directory when several FILEs are read without --json)"
    )


def _read(path: str, ctx: Context) -> Reading:
    source = "<stdin>" if path == "-" else path
    data = read_bytes(path)
    return read(
        data, detect(data, None if path == "-" else path), registry=ctx.registry, source=source
    )


def failing(reading: Reading) -> bool:
    """True if ``reading`` fails ``--strict``: an error note, or a label that matched nothing."""
    return any(n.severity == "error" or n.kind in _STRICT_KINDS for n in reading.notes)


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.json and args.to not in (None, "json"):
        raise UsageError("--json writes JSON; it cannot be combined with --to " + args.to)
    to = args.to or "json"
    readings = [(path, _read(path, ctx)) for path in args.files]
    if args.json:
        _write(
            ctx, json.dumps(_envelope(readings), ensure_ascii=False, indent=2) + "\n", args.output
        )
    else:
        tr = translator(args)
        for _, reading in readings:
            write_notes(ctx.stderr, reading, ctx.registry, tr, verbose=args.verbose)
        outputs = [(path, render(r.report, to, registry=ctx.registry)) for path, r in readings]
        if args.output and len(outputs) > 1:
            folder = Path(args.output)
            folder.mkdir(parents=True, exist_ok=True)
            for path, output in outputs:
                name = Path("stdin" if path == "-" else path).stem + _EXTENSIONS[to]
                (folder / name).write_text(str(output), encoding="utf-8")
        else:
            _write(ctx, "".join(str(o) for _, o in outputs), args.output)
    if args.strict and any(failing(r) for _, r in readings):
        return 1
    return 0


def _write(ctx: Context, text: str, path: str | None) -> None:
    if path is None or path == "-":
        ctx.stdout.write(text)
    else:
        Path(path).write_text(text, encoding="utf-8")


def _envelope(readings: list[tuple[str, Reading]]) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "readings": [
            {
                "file": path,
                "adapter": reading.adapter,
                "ok": reading.ok,
                "report": report_to_dict(reading.report),
                "notes": [
                    {k: v for k, v in attrs.asdict(n).items() if v not in (None, [], ())}
                    for n in reading.notes
                ],
            }
            for path, reading in readings
        ],
    }
