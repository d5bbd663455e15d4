"""Read and validate every report in folders and files, in parallel.

DIR_OR_FILES are report files or directories (walked recursively; files an
adapter reads: report files, any adapter's output, published HTML/text).
Results stream in input order; a file that cannot be read is reported and
the batch goes on.  With -o/--output (formerly --out), every result is also
written as it comes: JSON lines (.jsonl: one object per report) or a long
CSV (.csv: one row per report, finding and read note — see
docs/many-reports.md for the columns).  A progress bar is drawn on stderr
when it is a terminal.  The summary table (per report: agency, year,
format, errors, warnings, read notes; then totals) goes to stdout.

With --site DIR, a static review site is written into DIR as well: an
index that sorts and filters, charts per rule and per agency, each report's
reviewer view and each agency's series (docs/many-reports.md); its texts
follow --locale.

Exit status: 2 when a file could not be read (after the whole batch has
run), else 1 when a finding is at least --fail-on (default: error), else 0.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections.abc import Iterable
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .. import _words
from .._converter import unstructure
from .._textgrid import display_width
from ..batch import BatchResult, batch, iter_files
from ..i18n import Translator
from ..jsonfile import SCHEMA_VERSION
from ._context import Context, UsageError
from ._failon import add_fail_on_argument, fails
from ._locale import translator
from ._options import (
    add_output_argument,
    add_rule_arguments,
    check_rule_ids,
    deprecated_alias,
    in_option_words,
    rule_ids,
)
from ._printable import printable

if TYPE_CHECKING:
    from ..site import SiteWriter

CSV_COLUMNS = (
    "file",
    "index",
    "agency",
    "year",
    "format",
    "adapter",
    "errors",
    "warnings",
    "notices",
    "read_notes",
    "record",
    "severity",
    "rule",
    "table",
    "instance",
    "cell",
    "n_cells",
    "expected",
    "actual",
    "difference",
    "line",
    "message",
)
"""The columns of ``--out results.csv`` (documented in docs/many-reports.md)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="DIR_OR_FILE", help="report files or folders")
    parser.add_argument(
        "-j", "--jobs", type=int, metavar="N", help="worker processes (default: one per CPU)"
    )
    add_output_argument(parser, "also write every result to OUT (.jsonl or .csv)", dest="out")
    deprecated_alias(parser, "--out", dest="out", instead="-o/--output", metavar="OUT")
    parser.add_argument(
        "--summary",
        choices=["full", "totals", "none"],
        default="full",
        help="the table at the end: one line per report and totals (default), totals, or none",
    )
    add_rule_arguments(parser)
    parser.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="where the work runs: local worker processes (default) or a Dask cluster "
        "(extra 'dask'; without --scheduler, a local cluster of --jobs workers)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler to run on (tcp://host:8786); implies --engine dask",
    )
    add_fail_on_argument(parser)
    parser.add_argument(
        "--site",
        metavar="DIR",
        help="also write a static review site into DIR (index, report pages, series)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    check_rule_ids(args, ctx.registry)
    kind = _out_kind(args.out)
    terminal = _is_terminal(ctx.stderr)
    progress = _Progress(ctx.stderr, args.paths, translator(args)) if terminal else None
    totals = _Totals()
    rows: list[tuple[str, ...]] = []
    failed = False
    with ExitStack() as stack:
        writer = None
        site = _site(args, ctx)
        if kind is not None:
            stream = stack.enter_context(open(args.out, "w", encoding="utf-8", newline=""))
            writer = _JsonLines(stream) if kind == "jsonl" else _LongCsv(stream)
        results = batch(
            args.paths,
            jobs=args.jobs,
            registry=ctx.registry,
            select=rule_ids(args.select),
            ignore=rule_ids(args.ignore) or (),
            engine=args.engine,
            scheduler=args.scheduler,
        )
        for result in results:
            totals.add(result)
            failed |= fails(result.findings, args.fail_on)
            if writer is not None:
                writer.write(result)
            if site is not None:
                site.write(result)
            if args.summary == "full":
                rows.append(_summary_row(result, translator(args)))
            if progress is not None:
                progress.step()
        if site is not None:
            site.close()
    if progress is not None:
        progress.close()
    if args.summary != "none":
        tr = translator(args)
        ctx.stdout.write(_table(rows, tr) if args.summary == "full" else "")
        ctx.stdout.write(totals.text(tr) + "\n")
    if totals.unreadable:
        return 2
    return 1 if failed else 0


def _site(args: argparse.Namespace, ctx: Context) -> SiteWriter | None:
    """The review site's writer for ``--site DIR`` (its pages in ``--locale``)."""
    if args.site is None:
        return None
    from ..site import SiteWriter

    locale = translator(args).locale if args.locale is not None else None
    site = Path(args.site).resolve()
    for given in args.paths:
        path = Path(given).resolve()
        if (site.is_relative_to(path) and path.is_dir()) or path.is_relative_to(site):
            raise UsageError(
                f"--site {args.site}: the site would be inside the input {given} "
                "(its pages would be read as reports) or hold it"
            )
    try:
        return SiteWriter(args.site, registry=ctx.registry, locale=locale)
    except OSError as exc:
        raise UsageError(f"--site {args.site}: {exc.strerror or exc}") from None


def _out_kind(path: str | None) -> str | None:
    if path is None:
        return None
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise UsageError(f"-o/--output {path}: the file name must end in .jsonl or .csv")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# ---------------------------------------------------------------- progress


class _Progress:
    """A one-line progress bar, redrawn at most ten times a second."""

    WIDTH = 30

    def __init__(self, stream: TextIO, paths: Iterable[str], tr: Translator) -> None:
        self.stream = stream
        self.tr = tr
        self.total = sum(1 for _ in iter_files(paths))  # a cheap walk, to size the bar
        self.done = 0
        self.start = self.last = time.monotonic()

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.last >= 0.1 or self.done >= self.total:
            self.last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        total = max(self.total, self.done, 1)
        filled = int(self.WIDTH * self.done / total)
        rate = self.done / max(now - self.start, 1e-9)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        done = self.tr.gettext("{done}/{total} 份报告  每秒 {rate} 份")
        self.stream.write(
            f"\r[{bar}] " + done.format(done=self.done, total=total, rate=f"{rate:,.0f}")
        )
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * (self.WIDTH + 40) + "\r")
        self.stream.flush()


# ---------------------------------------------------------------- machine-readable output


class _JsonLines:
    """One JSON object per report, written as it comes (``schema_version`` in each)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, result: BatchResult) -> None:
        record: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        record.update(
            {
                "file": result.file,
                "index": result.index,
                "readable": result.readable,
                "valid": result.valid,
                "error": result.error,
                "error_type": result.error_type,
                "agency": result.agency,
                "year": result.year,
                "format": result.format,
                "adapter": result.adapter,
                "errors": result.errors,
                "warnings": result.warnings,
                "notices": result.notices,
                "read_notes": result.read_notes,
                "read_note_errors": result.read_note_errors,
                "findings": [unstructure(f) for f in result.findings],
                "notes": [unstructure(n) for n in result.notes],
            }
        )
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")


class _LongCsv:
    """One row per report (``record`` = report/unreadable), finding and read note."""

    def __init__(self, stream: TextIO) -> None:
        self.writer = csv.writer(stream)
        self.writer.writerow(CSV_COLUMNS)

    def write(self, result: BatchResult) -> None:
        base: dict[str, object] = {
            "file": result.file,
            "index": result.index,
            "agency": result.agency,
            "year": result.year,
            "format": result.format,
            "adapter": result.adapter,
            "errors": result.errors,
            "warnings": result.warnings,
            "notices": result.notices,
            "read_notes": result.read_notes,
        }
        if result.error is not None:
            self._row(base, record="unreadable", rule=result.error_type, message=result.error)
            return
        self._row(base, record="report", message="valid" if result.valid else "invalid")
        for f in result.findings:
            self._row(
                base,
                record="finding",
                severity=f.severity.value,
                rule=f.rule,
                table=f.table,
                instance=f.instance,
                cell=f.path,
                n_cells=len(f.cells),
                expected=f.expected,
                actual=f.actual,
                difference=f.difference,
                message=f.message,
            )
        for n in result.notes:
            self._row(
                base,
                record="note",
                severity=n.severity,
                rule=n.kind,
                table=n.table,
                cell=n.cell,
                line=n.line,
                message=n.message,
            )

    def _row(self, base: dict[str, object], **fields: object) -> None:
        values = {**base, **fields}
        self.writer.writerow([_csv_value(values.get(c)) for c in CSV_COLUMNS])


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def _csv_value(value: object) -> str:
    """A CSV field: numbers exact; text starting like a formula gets a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


# ---------------------------------------------------------------- the summary table


class _Totals:
    def __init__(self) -> None:
        self.reports = self.unreadable = self.invalid = 0
        self.errors = self.warnings = self.notices = self.read_notes = 0

    def add(self, result: BatchResult) -> None:
        if result.error is not None:
            self.unreadable += 1
            return
        self.reports += 1
        self.invalid += result.errors > 0
        self.errors += result.errors
        self.warnings += result.warnings
        self.notices += result.notices
        self.read_notes += result.read_notes

    def text(self, tr: Translator) -> str:
        line = tr.gettext(
            "合计：读取 {reports} 份报告，{unreadable} 份无法读取，{invalid} 份不合格；"
            "{counts}，{read_notes} 条读取说明"
        )
        return line.format(
            reports=self.reports,
            unreadable=self.unreadable,
            invalid=self.invalid,
            counts=_words.counts(self.errors, self.warnings, self.notices, tr),
            read_notes=self.read_notes,
        )


def _header(tr: Translator) -> tuple[str, ...]:
    return (
        tr.gettext("文件"),
        _words.field("agency", tr),
        _words.field("year", tr),
        _words.field("format", tr),
        tr.pgettext("batch", "错误"),
        tr.pgettext("batch", "警告"),
        tr.gettext("读取说明"),
    )


_NUMERIC = (False, False, True, False, True, True, True)


def _summary_row(result: BatchResult, tr: Translator) -> tuple[str, ...]:
    if result.error is not None:
        error = printable(in_option_words(result.error))
        unreadable = tr.gettext("无法读取：{error}").format(error=error)
        return (printable(result.file), unreadable)
    return (
        printable(result.file),
        printable(result.agency or "") or _words.no_agency(tr),
        str(result.year),
        str(result.format),
        str(result.errors),
        str(result.warnings),
        str(result.read_notes),
    )


def _table(rows: list[tuple[str, ...]], tr: Translator) -> str:
    if not rows:
        return ""
    header = _header(tr)
    widths = [display_width(h) for h in header]
    for row in rows:
        if len(row) == len(header):
            widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    return "".join(_line(r, widths) for r in [header, *rows])


def _line(row: tuple[str, ...], widths: list[int]) -> str:
    if len(row) != len(widths):  # an unreadable file: its message runs across the columns
        pad = " " * (widths[0] - display_width(row[0]))
        return f"{row[0]}{pad}  {row[1]}\n"
    cells = []
    for text, width, numeric in zip(row, widths, _NUMERIC, strict=True):
        pad = " " * (width - display_width(text))
        cells.append(pad + text if numeric else text + pad)
    return "  ".join(cells).rstrip() + "\n"
