"""Show a format version: its identity, sections, tables (as aligned text) and rules.

With --cells, list every data cell instead: its key (as used in report files
and rules), kind, unit and official labels.
"""

from __future__ import annotations

import argparse

from .._textgrid import GridCell, draw_grid
from ..i18n import Translator
from ..layout import table_layout
from ..spec import Basis, CellKind, FormatSpec, Severity, Table
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


def _severity(severity: Severity, tr: Translator) -> str:
    names = {
        Severity.ERROR: tr.gettext("错误"),
        Severity.WARNING: tr.gettext("警告"),
        Severity.NOTICE: tr.gettext("提示"),
    }
    return names[severity]


def _basis(basis: Basis, tr: Translator) -> str:
    return tr.gettext("格式明示") if basis is Basis.STATED else tr.gettext("结构隐含")


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
            scope += ", " + (
                tr.gettext("逐列") if rule.each.value == "column" else tr.gettext("逐行")
            )
        name = f"  {tr.label(rule.name)}" if rule.name else ""
        out.append(
            f"  {rule.id}  {_severity(rule.severity, tr)}, {_basis(rule.basis, tr)}, "
            f"{rule.check.value} ({scope}){name}"
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
    parts = [tr.label(spec.notice)]
    if spec.issued:
        parts.append(tr.gettext("{date}印发").format(date=tr.format_date(spec.issued)))
    first, last = spec.years.first, spec.years.last
    if last is None:
        parts.append(tr.gettext("适用于{first}年度起的报告").format(first=first))
    else:
        parts.append(tr.gettext("适用于{first}–{last}年度报告").format(first=first, last=last))
    if spec.supersedes:
        parts.append(tr.gettext("取代格式 {format}").format(format=spec.supersedes))
    identity = tr.gettext("格式 {id}：{title}").format(id=spec.id, title=tr.label(spec.title))
    return f"{identity}\n  " + tr.gettext("；").join(parts)


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
        out.append(f"{cell.key}\t{cell.kind.value}{unit}\t{tr.cell_label(cell)}")
    return "\n".join(out) + "\n"
