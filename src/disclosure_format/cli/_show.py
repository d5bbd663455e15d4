"""Show a format version: its identity, sections, tables (as aligned text) and rules.

With --cells, list every data cell instead: its key (as used in report files
and rules), kind, unit and official labels.
"""

from __future__ import annotations

import argparse

from .. import _words
from .._textgrid import GridCell, draw_grid
from ..i18n import Translator
from ..layout import table_layout
from ..spec import CellKind, FormatSpec, Table
from ._context import Context
from ._locale import translator

_MARK = {CellKind.COUNT: "n", CellKind.SIGNED: "±n", CellKind.AMOUNT: "n.nn", CellKind.TEXT: "…"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("format", metavar="ID", help="format id (see `formats`)")
    parser.add_argument(
        "--cells", action="store_true", help="list every data cell with its key, kind and labels"
    )
    parser.add_argument(
        "--width",
        type=int,
        default=24,
        metavar="N",
        help="wrap labels wider than N columns (default 24)",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    tr = translator(args)
    spec = ctx.registry.get(args.format)
    text = _cells(spec, tr) if args.cells else _overview(spec, args.width, tr)
    ctx.stdout.write(text)
    return 0


def _overview(spec: FormatSpec, width: int, tr: Translator) -> str:
    out = [_identity(spec, tr), "", tr.gettext("章节")]
    for section in spec.sections:
        holds = (
            tr.gettext("表 {tables}").format(tables=", ".join(section.tables))
            if section.tables
            else tr.gettext("文字")
        )
        out.append(f"  {tr.label(section.title)}  [{holds}]")
    for table in spec.tables:
        count = sum(1 for c in spec.cells if c.table is table)
        heading = tr.gettext(
            "表 {table}：{caption}（{count} 个数据单元格；n = 计数，±n = 带符号计数，n.nn = 金额）"
        )
        out += [
            "",
            heading.format(table=table.id, caption=tr.label(table.caption), count=count),
            _grid(spec, table, width, tr),
        ]
    out += ["", tr.gettext("规则")]
    for rule in spec.rules:
        scope = rule.table or tr.gettext("所有表")
        if rule.each:
            scope += ", " + _words.per(rule.each.value, tr)
        name = f"  {tr.label(rule.name)}" if rule.name else ""
        out.append(
            f"  {rule.id}  {_words.severity(rule.severity, tr)}, {_words.basis(rule.basis, tr)}, "
            f"{_words.check(rule.check, tr)} ({scope}){name}"
        )
        if rule.expr:
            out.append(f"      {' '.join(rule.expr.split())}")
        for restrict in (rule.rows, rule.columns):
            if restrict:
                out.append("      " + tr.gettext("仅：{keys}").format(keys=", ".join(restrict)))
        if rule.wording:
            out.append(
                "      " + tr.gettext("原文：{wording}").format(wording=tr.label(rule.wording))
            )
        out.append(f"      {tr.label(rule.message)}")
    return "\n".join(out) + "\n"


def _identity(spec: FormatSpec, tr: Translator) -> str:
    return f"{_words.format_heading(spec, tr)}\n  {_words.format_identity(spec, tr)}"


def _grid(spec: FormatSpec, table: Table, width: int, tr: Translator) -> str:
    layout = table_layout(table)
    cells = []
    for c in layout.cells:
        if c.role == "data":
            assert c.key is not None
            text, align = _MARK[spec.cell(c.key).kind], "right"
        else:
            text = tr.label(c.text, table.id)
            align = "center" if c.role == "column" else "left"
        cells.append(GridCell(c.row, c.col, text, c.rowspan, c.colspan, align))  # type: ignore[arg-type]
    return draw_grid(cells, n_rows=layout.n_rows, n_cols=layout.n_cols, max_cell_width=width)


def _cells(spec: FormatSpec, tr: Translator) -> str:
    out = [_identity(spec, tr), ""]
    for cell in spec.cells:
        unit = f" ({tr.label(cell.unit, cell.table.id)})" if cell.unit else ""
        out.append(f"{cell.key}\t{_words.cell_kind(cell.kind, tr)}{unit}\t{tr.cell_label(cell)}")
    return "\n".join(out) + "\n"
