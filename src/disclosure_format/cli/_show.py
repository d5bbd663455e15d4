"""Show a format version: its identity, sections, tables (as aligned text) and rules.

With --cells, list every data cell instead: its key (as used in report files
and rules), kind, unit and official labels.
"""

from __future__ import annotations

import argparse

from .._textgrid import GridCell, draw_grid
from ..layout import table_layout
from ..spec import CellKind, FormatSpec, Table
from ._context import Context

HELP = "show a format's sections, tables and rules"

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
    spec = ctx.registry.get(args.format)
    text = _cells(spec) if args.cells else _overview(spec, args.width)
    ctx.stdout.write(text)
    return 0


def _overview(spec: FormatSpec, width: int) -> str:
    out = [_identity(spec), "", "Sections"]
    for section in spec.sections:
        holds = ("table " + ", ".join(section.tables)) if section.tables else "narrative"
        out.append(f"  {section.title}  [{holds}]")
    for table in spec.tables:
        count = sum(1 for c in spec.cells if c.table is table)
        out += [
            "",
            f"Table {table.id}: {table.caption} ({count} data cells; "
            f"n = count, ±n = signed count, n.nn = amount)",
            _grid(spec, table, width),
        ]
    out += ["", "Rules"]
    for rule in spec.rules:
        scope = f"{rule.table or 'all tables'}"
        if rule.each:
            scope += f", each {rule.each.value}"
        out.append(
            f"  {rule.id}  {rule.severity.value}, {rule.basis.value}, {rule.check.value} "
            f"({scope}){'  ' + rule.name if rule.name else ''}"
        )
        if rule.expr:
            out.append(f"      {' '.join(rule.expr.split())}")
        for restrict in (rule.rows, rule.columns):
            if restrict:
                out.append(f"      only: {', '.join(restrict)}")
        if rule.wording:
            out.append(f"      wording: {rule.wording}")
        out.append(f"      {rule.message}")
    return "\n".join(out) + "\n"


def _identity(spec: FormatSpec) -> str:
    issued = f", {spec.issued.isoformat()}" if spec.issued else ""
    supersedes = f"; supersedes {spec.supersedes}" if spec.supersedes else ""
    return (
        f"Format {spec.id}: {spec.title}\n  {spec.notice}{issued}; "
        f"report years {spec.years}{supersedes}"
    )


def _grid(spec: FormatSpec, table: Table, width: int) -> str:
    layout = table_layout(table)
    cells = []
    for c in layout.cells:
        if c.role == "data":
            assert c.key is not None
            text, align = _MARK[spec.cell(c.key).kind], "right"
        else:
            text, align = c.text, ("center" if c.role == "column" else "left")
        cells.append(GridCell(c.row, c.col, text, c.rowspan, c.colspan, align))  # type: ignore[arg-type]
    return draw_grid(cells, n_rows=layout.n_rows, n_cols=layout.n_cols, max_cell_width=width)


def _cells(spec: FormatSpec) -> str:
    out = [_identity(spec), ""]
    for cell in spec.cells:
        unit = f" ({cell.unit})" if cell.unit else ""
        out.append(f"{cell.key}\t{cell.kind.value}{unit}\t{cell.label}")
    return "\n".join(out) + "\n"
