"""The ``csv`` adapter: the report as the official tables, for Excel and WPS.

One file holds the whole report (see :mod:`._sheet` for the shape): the
fields block first, then each table as its marker row ``表,t3,<caption>``
followed by the official grid — a spanning label written once, in its
top-left position, the positions it covers left empty — with one empty row
between blocks::

    格式,2021,中华人民共和国政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）
    机关,某某局
    年度,2023
    一、总体情况,"…narrative…"

    表,t2,主动公开政府信息情况
    第二十条第（一）项,,,
    信息内容,本年制发件数,本年废止件数,现行有效件数
    规章,0,0,0
    …

One CSV per table: ``render(report, "csv", tables=["t3"])`` writes the
fields block and only the tables named (``disclosure-format render --to csv
--per-table -o DIR`` writes ``DIR/t2.csv``, ``DIR/t3.csv``…).  Such files
join back into the whole report by concatenation (``cat DIR/*.csv``): the
reader takes a repeated fields block that says the same as the first as the
start of the next part, and reports one that differs as an error note rather
than mixing two reports.

UTF-8, CRLF line ends (RFC 4180); ``bom=True`` starts the file with a
byte-order mark, which Excel on Chinese Windows needs to take it for UTF-8
rather than GBK.  Numbers are plain digits; text that a spreadsheet would
take for a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) gets a
leading apostrophe, removed again on reading (see :mod:`._values`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from ..errors import Problem, ReportError
from ..layout import LayoutCell
from ..model import Report, Value
from ..reading import Reading, ReadNote
from ..registry import FormatRegistry
from ..spec import CellKind, FormatSpec, Table
from ._common import decode, field_key, field_names, head_text, labels_for, spec_for
from ._sheet import TABLE_MARK, Fields, fields_rows, read_fields, read_table, table_rows
from ._values import read_cell, write_cell

__all__ = ["CsvAdapter", "adapter"]


class CsvAdapter:
    """Wide CSV: the fields, then every table as its official grid, in one file."""

    name = "csv"
    title = "CSV, tables as laid out officially"
    extensions = (".csv",)
    binary = False

    def render(
        self,
        report: Report,
        *,
        spec: FormatSpec | None = None,
        bom: bool = False,
        locale: str | None = None,
        tables: Sequence[str] | None = None,
    ) -> str:
        """The CSV text; ``bom=True`` prefixes a UTF-8 byte-order mark (for Excel).

        ``locale`` translates the labels; numbers stay plain digits, which is
        what spreadsheets and programs read.  ``tables`` (table ids) writes
        only those tables after the fields block: one file per table is
        ``tables=[table_id]`` for each (see the module docstring).
        """
        spec = spec_for(report, spec)
        labels = labels_for(locale)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows(fields_rows(report, spec, labels))
        for table in _chosen_tables(spec, tables):
            rows, _ = table_rows(report, spec, table, labels, _format_value)
            writer.writerow([])
            writer.writerows(rows)
        return ("\ufeff" if bom else "") + buffer.getvalue()

    def read(self, data: str | bytes, *, registry: FormatRegistry, source: str | None) -> Reading:
        rows = _rows(decode(data, source), source)
        return _read_rows(rows, registry, source)

    def detect(self, data: str | bytes) -> bool:
        first = head_text(data, 256).split("\n", 1)[0]
        return first.startswith(tuple(f"{name}," for name in field_names("format")))


adapter = CsvAdapter()


def _format_value(value: Value, kind: CellKind) -> str:
    """The one place a cell value becomes CSV text (numbers: plain digits; text quoted
    against formula injection)."""
    return write_cell(value, kind, formulas=True)


def _rows(text: str, source: str | None) -> list[tuple[list[str], int]]:
    """Every record with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    out = []
    line = 1
    try:
        for record in reader:
            out.append((record, line))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ReportError(
            source, [Problem("$", f"not valid CSV: {exc}", reader.line_num)]
        ) from None
    return out


def _read_rows(
    rows: list[tuple[list[str], int]], registry: FormatRegistry, source: str | None
) -> Reading:
    notes: list[ReadNote] = []
    first, *others = _parts(rows)
    fields = read_fields(_head(first), registry, source, notes)
    spec = fields.spec
    assert spec is not None
    assert fields.year is not None
    values: dict[str, Value] = {}
    seen: set[str] = set()
    _read_tables(first, spec, values, seen, notes, source)
    for part in others:
        part_notes: list[ReadNote] = []
        again = read_fields(_head(part), registry, source, part_notes)
        if _identity(again) != _identity(fields):
            notes.append(
                ReadNote(
                    "ambiguous",
                    "this part is of another report (its format, agency, year, date or "
                    "narrative differ from the first part's); its tables are not read",
                    "error",
                    file=source,
                    line=part[0][1],
                )
            )
            continue
        notes += part_notes
        _read_tables(part, spec, values, seen, notes, source)
    notes += _missing_tables(spec, seen, source)
    return fields.reading(values, notes, source=source, adapter="csv")


def _parts(rows: list[tuple[list[str], int]]) -> list[list[tuple[list[str], int]]]:
    """``rows`` cut where a fields block starts again (files joined by concatenation).

    A joined file's byte-order marks end up inside it, in front of a part's
    first cell; they are removed here.
    """
    parts: list[list[tuple[list[str], int]]] = [[]]
    for cells, line in rows:
        if cells and cells[0].startswith("\ufeff"):
            cells = [cells[0].lstrip("\ufeff"), *cells[1:]]
        if parts[-1] and cells and field_key(cells[0]) == "format":
            parts.append([])
        parts[-1].append((cells, line))
    return parts


def _head(part: list[tuple[list[str], int]]) -> list[tuple[list[str], int]]:
    """The fields block of a part: its rows before the first table marker."""
    for i, (cells, _) in enumerate(part):
        if cells[:1] == [TABLE_MARK]:
            return part[:i]
    return part


def _identity(fields: Fields) -> tuple[object, ...]:
    """What two parts of one report must both say."""
    spec_id = fields.spec.id if fields.spec is not None else None
    return (spec_id, fields.agency, fields.year, fields.published, fields.narrative)


def _read_tables(
    part: list[tuple[list[str], int]],
    spec: FormatSpec,
    values: dict[str, Value],
    seen: set[str],
    notes: list[ReadNote],
    source: str | None,
) -> None:
    """Read the table blocks of one part into ``values`` (a table given twice is an error)."""
    starts = [i for i, (cells, _) in enumerate(part) if cells[:1] == [TABLE_MARK]]
    for n, start in enumerate(starts):
        marker, line = part[start]
        end = starts[n + 1] if n + 1 < len(starts) else len(part)
        table_id = marker[1].strip() if len(marker) > 1 else ""
        if table_id in seen or not any(t.id == table_id for t in spec.tables):
            why = "is given twice" if table_id in seen else f"is not a table of format {spec.id}"
            notes.append(
                ReadNote(
                    "unmatched-label",
                    f"table {table_id!r} {why}; its block is not read",
                    "error",
                    file=source,
                    line=line,
                )
            )
            continue
        seen.add(table_id)
        table = spec.table(table_id)
        size = _layout_rows(spec, table_id)
        block = part[start + 1 : start + 1 + size]
        got, table_notes = read_table(
            spec,
            table,
            [cells for cells, _ in block],
            text_of=lambda raw: raw or "",
            value_of=_value_of,
            line_of=lambda r, block=block: block[r][1] if r < len(block) else None,  # type: ignore[misc]
            file=source,
        )
        values.update(got)
        notes += table_notes
        for cells, extra_line in part[start + 1 + size : end]:
            if any(c.strip() for c in cells):
                notes.append(
                    ReadNote(
                        "unmatched-label",
                        f"row after table {table_id} not understood, ignored: "
                        f"{','.join(cells)[:60]!r}",
                        "warning",
                        file=source,
                        line=extra_line,
                    )
                )


def _chosen_tables(spec: FormatSpec, tables: Sequence[str] | None) -> list[Table]:
    """The tables to write, in the format's order; an id the format lacks is a ValueError."""
    if tables is None:
        return list(spec.tables)
    known = {t.id for t in spec.tables}
    unknown = [t for t in tables if t not in known]
    if unknown:
        raise ValueError(
            f"format {spec.id} has no table {unknown[0]!r} (its tables: {', '.join(sorted(known))})"
        )
    return [t for t in spec.tables if t.id in set(tables)]


def _value_of(raw: Any, kind: CellKind, cell: LayoutCell) -> Value:
    return read_cell(raw or "", kind)


def _layout_rows(spec: FormatSpec, table_id: str) -> int:
    from ..layout import table_layout

    return table_layout(spec.table(table_id)).n_rows


def _missing_tables(spec: FormatSpec, seen: set[str], source: str | None) -> Sequence[ReadNote]:
    return [
        ReadNote(
            "missing-cell",
            f"table {t.id} ({t.caption}) is missing; its cells are blank",
            "warning",
            file=source,
            table=t.id,
        )
        for t in spec.tables
        if t.id not in seen
    ]
