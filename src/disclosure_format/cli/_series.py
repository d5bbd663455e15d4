"""Follow one agency over the years: its main figures, and the cross-year checks.

FILES are the agency's reports for several years, in any order and any
format version.  They are put in year order; the cross-year rules of each
report's format are run against the year before (per column; across the
2019 → 2021 format switch wherever the rows keep their meaning), and the
main figures of each year are printed as a table.  A missing year is noted
and not checked across.  Exit status 1 when a finding is at least --fail-on
(default: error), else 0.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

from .. import _words
from .._converter import unstructure
from .._textgrid import GridCell, draw_grid
from ..findings import describe
from ..i18n import Translator
from ..jsonfile import SCHEMA_VERSION
from ..model import Number, Report
from ..series import Series, series
from ._context import Context, UsageError
from ._failon import add_fail_on_argument, fails
from ._io import read_input, write_output
from ._locale import translator
from ._options import add_output_argument
from ._printable import printable


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="the agency's report files")
    parser.add_argument("--json", action="store_true", help="print the series as JSON")
    add_output_argument(parser)
    parser.add_argument(
        "--allow-mixed",
        action="store_true",
        help="run even when the reports name different agencies (e.g. one agency renamed)",
    )
    add_fail_on_argument(parser)


def run(args: argparse.Namespace, ctx: Context) -> int:
    reports = [(p, read_input(p, ctx.registry)) for p in args.files]
    if not args.allow_mixed:
        _refuse_mixed(reports)
    result = series((r for _, r in reports), registry=ctx.registry, locale=args.locale)
    text = _as_json(result) if args.json else _as_text(result, translator(args))
    write_output(ctx, text, args.output)
    return 1 if fails(result.findings, args.fail_on) else 0


def _refuse_mixed(reports: list[tuple[str, Report]]) -> None:
    """Cross-year checks between two agencies mean nothing: refuse unless --allow-mixed."""
    first: dict[str, str] = {}
    for path, report in reports:
        if report.agency:
            first.setdefault(report.agency, path)
    if len(first) > 1:
        named = "; ".join(f"{printable(a)} ({printable(p)})" for a, p in first.items())
        raise UsageError(
            f"the reports are of {len(first)} different agencies: {named}; a series follows "
            "one agency (--allow-mixed runs it anyway, e.g. for an agency that was renamed)"
        )


def _number(value: Number | None) -> str:
    return "" if value is None else str(value)


def _table(result: Series, tr: Translator) -> str:
    years = result.years
    cells = [GridCell(0, 0, "")]
    cells += [GridCell(0, i + 1, str(y.year), align="right") for i, y in enumerate(years)]
    rows: list[tuple[str, list[str]]] = [
        (tr.label(figure.label), [_number(v) for v in values]) for figure, values in result.table()
    ]
    rows.append((_words.field("format", tr), [y.report.format for y in years]))
    for r, (label, values) in enumerate(rows, start=1):
        cells.append(GridCell(r, 0, label))
        cells += [GridCell(r, i + 1, v, align="right") for i, v in enumerate(values)]
    return draw_grid(cells, n_rows=len(rows) + 1, n_cols=len(years) + 1, max_cell_width=24)


def _as_text(result: Series, tr: Translator) -> str:
    first, last = result.years[0].year, result.years[-1].year
    span = str(first) if first == last else f"{first}–{last}"
    n = len(result.years)
    heading = tr.ngettext("{agency}：{span}，{n} 份报告", "{agency}：{span}，{n} 份报告", n)
    agency = printable(result.agency) or _words.no_agency(tr)
    lines = [
        heading.format(agency=agency, span=span, n=n),
        _table(result, tr),
        "",
        tr.gettext("跨年度核对"),
    ]
    for year in result.years:
        if year.previous is None:
            missing = tr.gettext("{year}：没有 {previous} 年度的报告，未核对")
            lines.append("  " + missing.format(year=year.year, previous=year.year - 1))
            continue
        counts = Counter(f.severity.value for f in year.findings)
        summary = _words.counts(counts["error"], counts["warning"], counts["notice"], tr)
        against = tr.gettext("{year} 对照 {previous}：{summary}")
        lines.append(
            "  " + against.format(year=year.year, previous=year.previous.year, summary=summary)
        )
        for finding in year.findings:
            lines.append("    " + describe(finding, locale=tr.locale).replace("\n", "\n    "))
    if result.notes:
        lines += ["", tr.gettext("备注")]
        # Translators: the colon between a name and what is said of it.
        colon = tr.gettext("：")
        lines += [
            f"  {_words.note_kind(note.kind, tr)}{colon}{note.message}" for note in result.notes
        ]
    return "\n".join(lines) + "\n"


def _as_json(result: Series) -> str:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "agency": result.agency,
        "figures": [unstructure(f) for f in result.figures],
        "years": [
            {
                "year": y.year,
                "format": y.report.format,
                "agency": y.report.agency,
                "file": y.report.provenance.source,
                "figures": unstructure(dict(y.figures)),
                "previous": None if y.previous is None else y.previous.year,
                "findings": [unstructure(f) for f in y.findings],
            }
            for y in result.years
        ],
        "notes": [unstructure(n) for n in result.notes],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
