"""The ``xlsx`` adapter: a workbook an agency can fill in Excel or WPS and hand back.

Needs openpyxl, a dependency of the plain install (imported only when a
workbook is written or read; in an installation that lacks it, a
:class:`~disclosure_format.MissingDependencyError` says what to install).

The workbook has the shape of the wide CSV (:mod:`._sheet`), one block per
sheet: a first sheet ``报告`` with the fields and narrative, then one sheet
per table — its marker row ``表 | t3 | <caption>`` and below it the official
grid with the official merged cells.

Numbers are stored as numbers, so a spreadsheet can add them up.  Counts
are whole numbers with the format ``0``.  An amount is stored with a number
format of exactly its decimal places (``0.000`` for ``0.000``), and read back
as a :class:`~decimal.Decimal` rounded to those places: spreadsheet numbers
are binary floats, which hold 15 significant digits exactly, so every digit
of the amount comes back.  A number with more than 15 significant digits is
stored as text instead (a float would change it) and still reads back as
the number.  Text is stored as text, never as a formula; text that a
spreadsheet would take for a formula or a number gets a leading apostrophe
(see :mod:`._values`).  A formula a person typed is read as its computed
value, with a ``formula`` note.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .._converter import decimal_text
from .._exact import is_plain
from .._words import FIELD_LABELS
from ..errors import MissingDependencyError, Problem, ReportError
from ..layout import LayoutCell, TableLayout
from ..limits import resolve
from ..model import Report, Value
from ..reading import Reading, ReadNote
from ..registry import FormatRegistry
from ..spec import CellKind, FormatSpec
from ._common import Labels, field_key, labels_for, spec_for
from ._sheet import TABLE_MARK, fields_rows, read_fields, read_table, table_rows
from ._values import read_cell, write_cell

__all__ = ["XlsxAdapter", "adapter"]

UNPACKED_FACTOR = 4
"""A workbook may unpack to this many times the input size limit (50 MiB → 200 MiB)."""

_EXACT_DIGITS = 15
"""Significant digits a spreadsheet's binary float holds exactly."""

_FIELDS_SHEET = "报告"
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_PLACES = re.compile(r"0(?:\.(0+))?\Z")


def _openpyxl() -> Any:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError:
        raise MissingDependencyError(
            "the xlsx adapter needs openpyxl, which this installation lacks: "
            "pip install openpyxl (or 'disclosure-format[xlsx]')",
            extra="xlsx",
        ) from None
    return openpyxl


class XlsxAdapter:
    """A workbook: the fields sheet, then one sheet per table with the official merges."""

    name = "xlsx"
    title = "Excel workbook"
    extensions = (".xlsx",)
    binary = True

    def render(
        self, report: Report, *, spec: FormatSpec | None = None, locale: str | None = None
    ) -> bytes:
        """The workbook's bytes; ``locale`` translates the labels (numbers stay numbers)."""
        openpyxl = _openpyxl()
        spec = spec_for(report, spec)
        labels = labels_for(locale)
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = _FIELDS_SHEET
        _fill_fields(sheet, fields_rows(report, spec, labels, xml=True))
        names = {_FIELDS_SHEET}
        for table in spec.tables:
            rows, layout = table_rows(report, spec, table, labels, _cell_value, xml=True)
            title = _sheet_name(labels.caption(table), table.id, names)
            names.add(title)
            _fill_table(book.create_sheet(title), rows, layout, labels)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def read(self, data: str | bytes, *, registry: FormatRegistry, source: str | None) -> Reading:
        if isinstance(data, str):
            raise ReportError(source, [Problem("$", "an XLSX workbook is binary; pass bytes")])
        return _Reader(data, registry, source).read()

    def detect(self, data: str | bytes) -> bool:
        return isinstance(data, bytes) and data.startswith(b"PK\x03\x04") and b"xl/" in data


adapter = XlsxAdapter()


# --- writing ------------------------------------------------------------------


class _Number:
    """A number to store with a number format (see the module docstring)."""

    __slots__ = ("format", "value")

    def __init__(self, value: int | Decimal, number_format: str) -> None:
        self.value = value
        self.format = number_format


def _cell_value(value: Value, kind: CellKind) -> Any:
    """The one place a cell value becomes a spreadsheet value in this adapter."""
    if value is None or isinstance(value, str):
        return write_cell(value, kind, formulas=True) or None
    text = decimal_text(value) if isinstance(value, Decimal) else str(value)
    if isinstance(value, Decimal) and not is_plain(value):
        return text  # NaN, or beyond ±1E1000: no spreadsheet number holds it; read back as text
    if len(text.lstrip("-").replace(".", "").lstrip("0")) > _EXACT_DIGITS:
        return text  # a float would change it; text reads back as the same number
    if isinstance(value, Decimal):
        places = len(text.partition(".")[2])
        return _Number(value, "0." + "0" * places if places else "0")
    return _Number(value, "0")


def _store(cell: Any, value: Any) -> None:
    if isinstance(value, _Number):
        cell.value = value.value
        cell.number_format = value.format
    elif value is not None:
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever it starts with


def _fill_fields(sheet: Any, rows: list[list[Any]]) -> None:
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            _store(sheet.cell(r, c), value)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 80


def _fill_table(sheet: Any, rows: list[list[Any]], layout: TableLayout, labels: Labels) -> None:
    openpyxl = _openpyxl()
    wrap = openpyxl.styles.Alignment(wrap_text=True, vertical="center")
    center = openpyxl.styles.Alignment(wrap_text=True, vertical="center", horizontal="center")
    for c, value in enumerate(rows[0], 1):
        _store(sheet.cell(1, c), value)
    for cell in layout.cells:
        target = sheet.cell(cell.row + 2, cell.col + 1)
        _store(target, rows[cell.row + 1][cell.col])
        if cell.role != "data":
            target.alignment = center if cell.role == "column" else wrap
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=cell.row + 2,
                start_column=cell.col + 1,
                end_row=cell.row + 1 + cell.rowspan,
                end_column=cell.col + cell.colspan,
            )
    letters = openpyxl.utils.get_column_letter
    for col in range(1, layout.n_cols + 1):
        sheet.column_dimensions[letters(col)].width = 24 if col <= layout.label_columns else 12


def _sheet_name(caption: str, table_id: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    name = _SHEET_NAME_BAD.sub("_", caption)[:31] or table_id
    if name in taken:
        name = f"{table_id} {name}"[:31]
    return name


# --- reading ------------------------------------------------------------------


class _Reader:
    def _check_unpacked_size(self) -> None:
        """Refuse a zip bomb before unpacking: the workbook's parts may add up to at most
        :data:`UNPACKED_FACTOR` times the size limit (:mod:`..limits`) once decompressed.

        External entities and entity expansion need no guard here: openpyxl parses
        with the standard library's expat, which fetches no external entity and
        (expat ≥ 2.4) refuses "billion laughs" amplification.
        """
        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ReportError(
                self.source, [Problem("$", f"not a readable XLSX workbook: {exc}")]
            ) from None
        limit = UNPACKED_FACTOR * resolve(None)
        if unpacked > limit:
            raise ReportError(
                self.source,
                [
                    Problem(
                        "$",
                        f"the workbook unpacks to {unpacked:,} bytes, over the limit of "
                        f"{limit:,} ({UNPACKED_FACTOR} × the input size limit): not read",
                    )
                ],
            )

    def __init__(self, data: bytes, registry: FormatRegistry, source: str | None) -> None:
        self.data = data
        self.registry = registry
        self.source = source
        self.notes: list[ReadNote] = []
        self._computed: Any = None

    def read(self) -> Reading:
        openpyxl = _openpyxl()
        self._check_unpacked_size()
        try:
            book = openpyxl.load_workbook(io.BytesIO(self.data))
        except Exception as exc:  # zipfile, XML and openpyxl errors alike
            raise ReportError(
                self.source, [Problem("$", f"not a readable XLSX workbook: {exc}")]
            ) from None
        fields_sheet = None
        tables: dict[str, Any] = {}
        for sheet in book.worksheets:
            first = _text(sheet.cell(1, 1).value)
            if first == TABLE_MARK:
                table_id = _text(sheet.cell(1, 2).value).strip()
                if table_id in tables:
                    self._note_sheet(sheet, f"a second sheet for table {table_id!r}; not read")
                else:
                    tables[table_id] = sheet
            elif fields_sheet is None and field_key(first) == "format":
                fields_sheet = sheet
            elif sheet.max_row > 1 or first:
                self._note_sheet(sheet, "not a sheet of this report's shape; not read")
        if fields_sheet is None:
            raise ReportError(
                self.source, [Problem("$", f"no sheet starts with {FIELD_LABELS['format']}")]
            )
        rows = [
            ([_text(v) for v in row], r)
            for r, row in enumerate(fields_sheet.iter_rows(values_only=True), 1)
        ]
        fields = read_fields(rows, self.registry, self.source, self.notes)
        spec = fields.spec
        assert spec is not None
        assert fields.year is not None
        values: dict[str, Value] = {}
        for table in spec.tables:
            sheet = tables.pop(table.id, None)
            if sheet is None:
                self.notes.append(
                    ReadNote(
                        "missing-cell",
                        f"no sheet for table {table.id} ({table.caption}); its cells are blank",
                        "warning",
                        file=self.source,
                        table=table.id,
                    )
                )
                continue
            grid = [list(row) for row in sheet.iter_rows(min_row=2)]
            where = f"{self.source or '<input>'}[{sheet.title}]"
            got, notes = read_table(
                spec,
                table,
                grid,
                text_of=lambda cell: _text(None if cell is None else cell.value),
                value_of=lambda cell, kind, at, sheet=sheet: self._value(  # type: ignore[misc]
                    sheet, cell, kind, at, spec
                ),
                line_of=lambda r: r + 2,
                file=where,
            )
            values.update(got)
            self.notes += notes
        for table_id, sheet in tables.items():
            self._note_sheet(sheet, f"format {spec.id} has no table {table_id!r}; not read")
        return fields.reading(values, self.notes, source=self.source, adapter="xlsx")

    def _note_sheet(self, sheet: Any, message: str) -> None:
        self.notes.append(
            ReadNote(
                "unmatched-label",
                f"sheet {sheet.title!r}: {message}",
                "warning",
                file=self.source,
            )
        )

    def _value(
        self, sheet: Any, cell: Any, kind: CellKind, at: LayoutCell, spec: FormatSpec
    ) -> Value:
        if cell is None:
            return None
        raw = cell.value
        if cell.data_type == "f":
            raw = self._formula(sheet, cell, at, spec)
        if raw is None:
            return None
        if isinstance(raw, str):
            return read_cell(raw, kind)
        if isinstance(raw, bool | datetime | date):
            return str(raw)
        if isinstance(raw, int | float):
            return _from_number(raw, kind, cell.number_format)
        return str(raw)

    def _formula(self, sheet: Any, cell: Any, at: LayoutCell, spec: FormatSpec) -> Any:
        """A formula cell's computed value (as the spreadsheet saved it), noted."""
        if self._computed is None:
            self._computed = _openpyxl().load_workbook(io.BytesIO(self.data), data_only=True)
        value = self._computed[sheet.title].cell(cell.row, cell.column).value
        spec_cell = spec.cell(at.key or "")
        formula = str(cell.value)
        missing = value is None
        self.notes.append(
            ReadNote(
                "formula",
                (
                    f"formula {formula} has no saved result; kept as text"
                    if missing
                    else f"formula {formula} read as its saved result {value!r}"
                ),
                "error" if missing else "info",
                file=f"{self.source or '<input>'}[{sheet.title}]",
                line=cell.row,
                table=spec_cell.table.id,
                row=spec_cell.row_label,
                column=spec_cell.column_label,
                cell=spec_cell.key,
            )
        )
        return "'" + formula if missing else value


def _from_number(number: int | float, kind: CellKind, number_format: str) -> Value:
    """A spreadsheet number as an exact value: whole counts as int, amounts to their places.

    ``repr`` of a float is the shortest text that reads back as the same
    float, so for numbers of up to 15 significant digits it is the number
    that was typed; the number format's decimal places restore trailing zeros.
    """
    if kind is not CellKind.AMOUNT and (isinstance(number, int) or number.is_integer()):
        return int(number)
    exact = Decimal(number) if isinstance(number, int) else Decimal(repr(number))
    places = _PLACES.match(number_format or "")
    if places is not None:
        padded = exact.quantize(Decimal(1).scaleb(-len(places.group(1) or "")))
        if padded == exact:  # only trailing zeros added; a typed 0.5 is never rounded
            return padded
    return exact


def _text(value: Any) -> str:
    """A cell as text, for labels and fields: dates as YYYY-MM-DD, numbers as digits."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
