"""The ``csv-long`` adapter: one row per cell, for databases and data analysis.

Columns: ``format,agency,year,table,row_key,row_label,column_key,column_label,value``.
``row_label`` and ``column_label`` are the full official label paths joined
by ``/`` (``三、本年度办理结果/（三）不予公开/1.属于国家秘密``,
``申请人情况/法人或其他组织/商业企业``); table 4's single row has an empty
label.  Every cell of the format has a row, blank cells with an empty value.

The report's other parts travel in rows of two pseudo-tables, before the
cells: ``meta`` (``row_key`` ``published``, the date) and ``narrative``
(``row_key`` the section key, ``row_label`` its title, ``value`` the text).
A row is left out when the report has no such part.

Several reports concatenate: one header, then each report's rows; a new
report starts where ``format``, ``agency`` or ``year`` changes.  Read them
with :func:`disclosure_format.read_many`.  Text that a spreadsheet would
take for a formula is neutralised as in the wide CSV (see :mod:`._values`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..errors import Problem, ReportError
from ..model import Report, Value
from ..reading import Reading, ReadNote
from ..registry import FormatRegistry
from ..spec import CellKind, FormatSpec
from ._common import (
    Labels,
    cell_label_paths,
    decode,
    finish,
    format_of,
    head_text,
    labels_for,
    parse_published,
    parse_year,
    spec_for,
)
from ._values import check_text, quote_field, read_cell, unquote_field, write_cell

__all__ = ["COLUMNS", "CsvLongAdapter", "adapter"]

COLUMNS = (
    "format",
    "agency",
    "year",
    "table",
    "row_key",
    "row_label",
    "column_key",
    "column_label",
    "value",
)
META, NARRATIVE = "meta", "narrative"


class CsvLongAdapter:
    """Long CSV: one row per cell, several reports per file."""

    name = "csv-long"
    title = "CSV, one row per cell"
    extensions = (".csv",)
    binary = False

    def render(
        self,
        report: Report,
        *,
        spec: FormatSpec | None = None,
        bom: bool = False,
        header: bool = True,
        locale: str | None = None,
    ) -> str:
        """The rows of ``report``; ``header=False`` leaves out the header row, to append
        to a file that has one; ``bom=True`` prefixes a UTF-8 byte-order mark.
        ``locale`` translates the labels; numbers stay plain digits."""
        spec = spec_for(report, spec)
        labels = labels_for(locale)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if header:
            writer.writerow(COLUMNS)
        writer.writerows(_report_rows(report, spec, labels))
        return ("\ufeff" if bom else "") + buffer.getvalue()

    def read(self, data: str | bytes, *, registry: FormatRegistry, source: str | None) -> Reading:
        readings = self.read_all(data, registry=registry, source=source)
        if len(readings) != 1:
            raise ReportError(
                source,
                [
                    Problem(
                        "$",
                        f"holds {len(readings)} reports; read them with read_many "
                        "(disclosure_format.read_many)",
                    )
                ],
            )
        return readings[0]

    def read_all(
        self, data: str | bytes, *, registry: FormatRegistry, source: str | None
    ) -> list[Reading]:
        """Every report in the file, in file order."""
        rows = _records(decode(data, source), source)
        return [_read_group(group, registry, source) for group in _groups(rows, source)]

    def detect(self, data: str | bytes) -> bool:
        first = head_text(data, 256).split("\n", 1)[0].strip()
        return first == ",".join(COLUMNS)


adapter = CsvLongAdapter()


def _format_value(value: Value, kind: CellKind) -> str:
    """The one place a cell value becomes text in this adapter."""
    return write_cell(value, kind, formulas=True)


def _report_rows(report: Report, spec: FormatSpec, labels: Labels) -> Iterator[list[str]]:
    source = report.provenance.source
    check_text(report.agency, source, "$.agency")
    ident = [spec.id, quote_field(report.agency), str(report.year)]
    if report.published is not None:
        yield [
            *ident,
            META,
            "published",
            labels.field("published"),
            "",
            "",
            report.published.isoformat(),
        ]
    for section in spec.sections:
        text = report.narrative.get(section.key)
        if text is not None:
            check_text(text, source, f"$.narrative[{section.key!r}]")
            yield [
                *ident,
                NARRATIVE,
                section.key,
                labels.section(section),
                "",
                "",
                quote_field(text),
            ]
    for cell in spec.cells:
        value = report.values.get(cell.key)
        if isinstance(value, str):
            check_text(value, source, f"$.values[{cell.key!r}]")
        yield [
            *ident,
            cell.table.id,
            cell.row_key,
            labels.path(cell.row, cell.table.id),
            cell.column_key,
            labels.path(cell.column, cell.table.id),
            _format_value(value, cell.kind),
        ]


_Record = tuple[dict[str, str], int]


def _records(text: str, source: str | None) -> list[_Record]:
    reader = csv.reader(io.StringIO(text, newline=""))
    out: list[_Record] = []
    try:
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != list(COLUMNS):
            raise ReportError(
                source, [Problem("$", f"the header row must be {','.join(COLUMNS)}", 1)]
            )
        line = reader.line_num + 1
        for record in reader:
            if any(field.strip() for field in record):
                if len(record) != len(COLUMNS):
                    raise ReportError(
                        source,
                        [
                            Problem(
                                "$",
                                f"a row must have {len(COLUMNS)} fields, this one has "
                                f"{len(record)}",
                                line,
                            )
                        ],
                    )
                out.append((dict(zip(COLUMNS, record, strict=True)), line))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ReportError(
            source, [Problem("$", f"not valid CSV: {exc}", reader.line_num)]
        ) from None
    return out


def _groups(rows: list[_Record], source: str | None) -> list[list[_Record]]:
    """Consecutive rows with the same format, agency and year form one report."""
    groups: list[list[_Record]] = []
    current: tuple[str, str, str] | None = None
    for row, line in rows:
        ident = (row["format"], row["agency"], row["year"])
        if ident != current:
            groups.append([])
            current = ident
        groups[-1].append((row, line))
    if not groups:
        raise ReportError(source, [Problem("$", "the file holds a header but no report")])
    return groups


def _read_group(group: list[_Record], registry: FormatRegistry, source: str | None) -> Reading:
    first, line = group[0]
    spec = format_of(first["format"], registry, source, "format", line)
    year = parse_year(first["year"], source, "year", line)
    agency = unquote_field(first["agency"])
    notes: list[ReadNote] = []
    values: dict[str, Value] = {}
    narrative: dict[str, str] = {}
    published = None
    seen_lines: dict[str, int] = {}
    for row, line in group:
        table = row["table"].strip()
        if table == META and row["row_key"].strip() == "published":
            published = parse_published(row["value"], source, "published", line)
            continue
        if table == NARRATIVE:
            section = row["row_key"].strip()
            if section in {s.key for s in spec.sections} and section not in narrative:
                narrative[section] = unquote_field(row["value"])
            else:
                notes.append(_unplaced(row, line, source, "narrative section"))
            continue
        key = f"{table}/{row['row_key'].strip()}/{row['column_key'].strip()}"
        if not spec.has_cell(key):
            notes.append(_unplaced(row, line, source, f"cell of format {spec.id}"))
            continue
        value = read_cell(row["value"], spec.cell(key).kind)
        if key in values:
            notes.append(
                ReadNote(
                    "ambiguous",
                    f"cell given twice (lines {seen_lines[key]} and {line}); the first is kept",
                    "error",
                    file=source,
                    line=line,
                    table=table,
                    row=row["row_label"],
                    column=row["column_label"],
                    cell=key,
                    candidates=(row["value"],),
                )
            )
            continue
        values[key] = value
        seen_lines[key] = line
        cell = spec.cell(key)
        if isinstance(value, str) and cell.kind.numeric:
            notes.append(
                ReadNote(
                    "not-a-number",
                    f"{row['value']!r} is not a number; kept as text",
                    "warning",
                    file=source,
                    line=line,
                    table=table,
                    row=cell.row_label,
                    column=cell.column_label,
                    cell=key,
                )
            )
        elif (row["row_label"], row["column_label"]) not in cell_label_paths(cell):
            notes.append(
                ReadNote(
                    "unmatched-label",
                    "the labels are not the official ones; read by key",
                    "warning",
                    file=source,
                    line=line,
                    table=table,
                    row=row["row_label"],
                    column=row["column_label"],
                    cell=key,
                    candidates=(f"{cell.row_label} × {cell.column_label}",),
                )
            )
    for cell in spec.cells:
        if cell.key not in values:
            notes.append(
                ReadNote(
                    "missing-cell",
                    "no row for this cell; read as blank",
                    "warning",
                    file=source,
                    line=line,
                    table=cell.table.id,
                    row=cell.row_label,
                    column=cell.column_label,
                    cell=cell.key,
                )
            )
    return finish(
        spec,
        agency=agency,
        year=year,
        published=published,
        narrative=narrative,
        values=values,
        notes=notes,
        source=source,
        adapter="csv-long",
    )


def _unplaced(row: dict[str, str], line: int, source: str | None, what: str) -> ReadNote:
    return ReadNote(
        "unmatched-label",
        f"not a {what}: {row['table']}/{row['row_key']}/{row['column_key']}; "
        f"its value {row['value'][:40]!r} is not read",
        "error",
        file=source,
        line=line,
        table=row["table"],
        row=row["row_label"],
        column=row["column_label"],
    )
