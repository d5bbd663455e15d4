"""The wide spreadsheet shape shared by the ``csv`` and ``xlsx`` adapters.

A report is a *fields block* and one *table block* per table:

* the fields block: one row per field — ``格式 | 2021 | <format title>``,
  ``机关 | <agency>``, ``年度 | 2023``, ``发布日期 | 2024-01-10`` (only when
  known) — then one row per section that has narrative: ``<section title> |
  <text>``;
* a table block: a marker row ``表 | t3 | <caption>``, then the table's
  official grid (:func:`~disclosure_format.layout.table_layout`): a spanning
  cell's text in its top-left position, the positions it covers empty (CSV)
  or merged (XLSX).

CSV puts the blocks one after the other, separated by an empty row; XLSX
puts each in its own sheet.  Reading finds the blocks by their first cells,
so rows a person adds between blocks are noted, never mistaken for data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .._words import FIELD_LABELS
from ..errors import Problem, ReportError
from ..layout import LayoutCell, TableLayout, table_layout
from ..model import Report, Value
from ..reading import Reading, ReadNote
from ..registry import FormatRegistry
from ..spec import CellKind, FormatSpec, Table
from ._common import (
    Labels,
    field_key,
    finish,
    format_of,
    narrative_keys,
    parse_published,
    parse_year,
    read_layout,
)
from ._values import check_text, quote_field, unquote_field

__all__ = [
    "TABLE_MARK",
    "Fields",
    "fields_rows",
    "read_fields",
    "read_table",
    "table_rows",
]

TABLE_MARK = "表"
"""First cell of a table block's marker row."""

Row = list[Any]


def fields_rows(
    report: Report, spec: FormatSpec, labels: Labels, *, xml: bool = False
) -> list[Row]:
    """The fields block of ``report`` (text quoted against formulas, see ``quote_field``)."""
    source = report.provenance.source
    check_text(report.agency, source, "$.agency", xml=xml)
    rows: list[Row] = [
        [labels.field("format"), spec.id, labels.format_title(spec)],
        [labels.field("agency"), quote_field(report.agency)],
        [labels.field("year"), report.year],
    ]
    if report.published is not None:
        rows.append([labels.field("published"), report.published.isoformat()])
    for section in spec.sections:
        text = report.narrative.get(section.key)
        if text is not None:
            check_text(text, source, f"$.narrative[{section.key!r}]", xml=xml)
            rows.append([labels.section(section), quote_field(text)])
    return rows


def table_rows(
    report: Report,
    spec: FormatSpec,
    table: Table,
    labels: Labels,
    cell: Callable[[Value, CellKind], Any],
    *,
    xml: bool = False,
) -> tuple[list[Row], TableLayout]:
    """A table block: the marker row, then the grid (``cell`` writes each data value)."""
    layout = table_layout(table)
    grid: list[Row] = [[None] * layout.n_cols for _ in range(layout.n_rows)]
    source = report.provenance.source
    for c in layout.cells:
        if c.role == "data":
            assert c.key is not None
            value = report.values.get(c.key)
            if isinstance(value, str):
                check_text(value, source, f"$.values[{c.key!r}]", xml=xml)
            grid[c.row][c.col] = cell(value, spec.cell(c.key).kind)
        else:
            grid[c.row][c.col] = labels.cell(c, table.id)
    return [[TABLE_MARK, table.id, labels.caption(table)], *grid], layout


class Fields:
    """What a fields block says: the format, identity and narrative of a report."""

    def __init__(self) -> None:
        self.spec: FormatSpec | None = None
        self.agency = ""
        self.year: int | None = None
        self.published: Any = None
        self.narrative: dict[str, str] = {}

    def reading(
        self, values: dict[str, Value], notes: list[ReadNote], *, source: str | None, adapter: str
    ) -> Reading:
        """The report these fields and ``values`` make, as :func:`._common.finish` completes it."""
        assert self.spec is not None
        assert self.year is not None
        return finish(
            self.spec,
            agency=self.agency,
            year=self.year,
            published=self.published,
            narrative=self.narrative,
            values=values,
            notes=notes,
            source=source,
            adapter=adapter,
        )


def read_fields(
    rows: Sequence[tuple[Sequence[str], int | None]],
    registry: FormatRegistry,
    source: str | None,
    notes: list[ReadNote],
) -> Fields:
    """Interpret the rows of a fields block, given as (cell texts, line)."""
    out = Fields()
    pending: list[tuple[Sequence[str], int | None]] = []
    for cells, line in rows:
        name = cells[0] if cells else ""
        key = field_key(name)
        value = cells[1] if len(cells) > 1 else ""
        if key == "format":
            out.spec = format_of(value, registry, source, FIELD_LABELS["format"], line)
        elif key == "agency":
            out.agency = unquote_field(value)
        elif key == "year":
            out.year = parse_year(value, source, FIELD_LABELS["year"], line)
        elif key == "published":
            out.published = parse_published(value, source, FIELD_LABELS["published"], line)
        elif any(c.strip() for c in cells):
            pending.append((cells, line))
    if out.spec is None:
        raise ReportError(
            source, [Problem("$", f"no {FIELD_LABELS['format']} row: this is not a report sheet")]
        )
    if out.year is None:
        raise ReportError(
            source, [Problem("$", f"no {FIELD_LABELS['year']} row: the report year is missing")]
        )
    headings = narrative_keys(out.spec)
    for cells, line in pending:
        section = headings.get("".join(cells[0].split()))
        if section is not None and section not in out.narrative:
            out.narrative[section] = unquote_field(cells[1] if len(cells) > 1 else "")
        else:
            notes.append(
                ReadNote(
                    "unmatched-label",
                    f"row not understood, ignored: {' | '.join(cells)[:60]!r}",
                    "warning",
                    file=source,
                    line=line,
                )
            )
    return out


def read_table(
    spec: FormatSpec,
    table: Table,
    rows: Sequence[Sequence[Any]],
    *,
    text_of: Callable[[Any], str],
    value_of: Callable[[Any, CellKind, LayoutCell], Value],
    line_of: Callable[[int], int | None],
    file: str | None,
) -> tuple[dict[str, Value], list[ReadNote]]:
    """Read a table block's grid rows (after the marker row); short rows read as blank."""
    layout = table_layout(table)

    def raw(cell: LayoutCell) -> Any:
        if cell.row < len(rows) and cell.col < len(rows[cell.row]):
            return rows[cell.row][cell.col]
        return None

    return read_layout(
        layout,
        spec,
        text_of=lambda cell: text_of(raw(cell)),
        value_of=lambda cell, _text: value_of(raw(cell), spec.cell(cell.key or "").kind, cell),
        line_of=lambda cell: line_of(cell.row),
        file=file,
    )
