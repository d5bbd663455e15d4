"""The ``text`` adapter: the whole report as a person reads it, in plain text.

Layout::

    某某局2023年政府信息公开工作年度报告

    格式：2021  中华人民共和国政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）
    机关：某某局
    年度：2023
    发布日期：2024-01-10

    一、总体情况

    The narrative, each line indented by two ideographic spaces.

    二、主动公开政府信息情况

    +------------+-----------+ …   each table as an aligned grid (``_textgrid``),
    | 信息内容   | 本年制发件数 |     spans as in the official layout

The title line is derived and ignored on reading; the field lines (``格式``,
``机关``, ``年度``, ``发布日期``) carry the report's identity, with the locale's
colon (``机关：``, ``Agency: ``; either is read).  Section
headings are the official titles; a section's tables follow its narrative in
the order the format lists them.  Grids use only ``+ - |`` and count a CJK
character as two columns, so they line up in a terminal and in a monospace
e-mail.  Labels wrap as prose (``wrap="words"``: English at spaces, Chinese
anywhere; read back without whitespace, as labels are compared); values wrap
exactly, never losing a character.

Escapes keep every text exact while the lines stay readable: ``\\\\`` is a
backslash, ``\\n`` a line break inside a cell or field, ``\\t`` a tab, and
``\\u{7c}`` any character given by its code point — used for ``|`` inside a
grid cell, line and paragraph separators, and a space at either end of a
cell (the grid's padding would swallow it) or at the end of a narrative line
(editors strip it).  Cell values follow :mod:`._values` (an apostrophe marks
text that would read as a number or as blank).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .._textgrid import Align, GridCell, GridParseError, draw_grid, parse_grid
from .._words import FIELD_LABELS
from ..errors import Problem, ReportError
from ..layout import LayoutCell, TableLayout, table_layout
from ..model import Report, Value
from ..reading import Reading, ReadNote
from ..registry import FormatRegistry
from ..spec import FormatSpec, Table
from ._common import (
    Labels,
    decode,
    field_key,
    field_names,
    finish,
    format_of,
    head_text,
    labels_for,
    narrative_keys,
    parse_published,
    parse_year,
    read_layout,
    spec_for,
)
from ._values import check_text, read_cell, write_cell

__all__ = ["TextAdapter", "adapter"]

_INDENT = "\u3000\u3000"
"""Narrative lines start with two ideographic spaces, the Chinese paragraph indent."""

_FIELD_SEPARATORS = ("：", ":")
"""A field line's name ends at the first full-width or ASCII colon (``机关：``,
``Agency: ``); one space after an ASCII colon belongs to the separator."""


class TextAdapter:
    """Plain text: fields, sections with their narrative, tables as aligned grids."""

    name = "text"
    title = "plain text"
    extensions = (".txt", ".text")
    binary = False

    def render(
        self,
        report: Report,
        *,
        spec: FormatSpec | None = None,
        max_cell_width: int | None = 24,
        locale: str | None = None,
    ) -> str:
        """The report as text; labels wider than ``max_cell_width`` columns are wrapped.

        ``locale`` translates the labels and writes numbers and dates as babel
        does for it; without it the text has the official labels and plain digits.
        """
        spec = spec_for(report, spec)
        labels = labels_for(locale)
        return _Writer(spec, labels, max_cell_width, report.provenance.source).write(report)

    def read(self, data: str | bytes, *, registry: FormatRegistry, source: str | None) -> Reading:
        return _Reader(decode(data, source), registry, source).read()

    def detect(self, data: str | bytes) -> bool:
        head = head_text(data)
        starts = tuple(name + sep for name in field_names("format") for sep in _FIELD_SEPARATORS)
        return any(line.startswith(starts) for line in head.split("\n")[:12])


adapter = TextAdapter()


# --- escapes ------------------------------------------------------------------

_SPECIAL = re.compile("[\\\\\n\t|\u2028\u2029]")
_UNESCAPE = re.compile(r"\\(\\|n|t|u\{([0-9A-Fa-f]{1,6})\})")


def _escape(text: str, *, cell: bool) -> str:
    """Escape a text for one line (``cell``: inside a grid cell, where ``|`` and
    spaces at either end must be escaped too; otherwise only at the end)."""

    def one(match: re.Match[str]) -> str:
        ch = match.group()
        if ch == "\\":
            return "\\\\"
        if ch == "\n":
            return "\\n"
        if ch == "\t":
            return "\\t"
        if ch == "|" and not cell:
            return ch
        return _code(ch)

    out = _SPECIAL.sub(one, text)
    if out and out[-1].isspace():
        out = out[:-1] + _code(out[-1])
    if cell and out and out[0].isspace():
        out = _code(out[0]) + out[1:]
    return out


def _code(ch: str) -> str:
    return f"\\u{{{ord(ch):x}}}"


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        token = match.group(1)
        if token == "\\":
            return "\\"
        if token == "n":
            return "\n"
        if token == "t":
            return "\t"
        code = int(match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _UNESCAPE.sub(one, text)


# --- writing ------------------------------------------------------------------


class _Writer:
    def __init__(
        self, spec: FormatSpec, labels: Labels, width: int | None, source: str | None
    ) -> None:
        self.spec = spec
        self.labels = labels
        self.width = width
        self.source = source

    def write(self, report: Report) -> str:
        spec, labels = self.spec, self.labels
        for where, text in (("$.agency", report.agency), *_narrative_items(report)):
            check_text(text, self.source, where)
        lines = [_escape(labels.title(report), cell=False), ""]
        lines.append(self._field("format", f"{spec.id}  {labels.format_title(spec)}"))
        lines.append(self._field("agency", _escape(report.agency, cell=False)))
        lines.append(self._field("year", str(report.year)))
        if report.published is not None:
            lines.append(self._field("published", labels.date(report.published)))
        for section in spec.sections:
            lines += ["", labels.section(section)]
            narrative = report.narrative.get(section.key)
            if narrative is not None:
                lines.append("")
                lines += [_INDENT + _escape(line, cell=False) for line in narrative.split("\n")]
            for table_id in section.tables:
                lines += ["", self._grid(spec.table(table_id), report)]
        return "\n".join(lines) + "\n"

    def _field(self, key: str, value: str) -> str:
        """A field line, with the locale's colon (``机关：…``, ``Agency: …``)."""
        line = self.labels.tr.gettext("{field}：{value}")
        return line.format(field=self.labels.field(key), value=value)

    def _grid(self, table: Table, report: Report) -> str:
        layout = table_layout(table)
        cells = []
        for c in layout.cells:
            if c.role == "data":
                assert c.key is not None
                value = report.values.get(c.key)
                if isinstance(value, str):
                    check_text(value, self.source, f"$.values[{c.key!r}]")
                text = _escape(_format_value(value, self.spec, c.key, self.labels), cell=True)
                cells.append(GridCell(c.row, c.col, text, c.rowspan, c.colspan, "right"))
            else:
                align: Align = "center" if c.role == "column" else "left"
                text = _escape(self.labels.cell(c, table.id), cell=True)
                cells.append(GridCell(c.row, c.col, text, c.rowspan, c.colspan, align, "words"))
        return draw_grid(
            cells, n_rows=layout.n_rows, n_cols=layout.n_cols, max_cell_width=self.width
        )


def _format_value(value: Value, spec: FormatSpec, key: str, labels: Labels) -> str:
    """The one place a cell value becomes text in this adapter (numbers: plain digits,
    or the chosen locale's form)."""
    kind = spec.cell(key).kind
    return labels.number(value, kind) or write_cell(value, kind)


def _narrative_items(report: Report) -> Iterator[tuple[str, str]]:
    for key, text in report.narrative.items():
        yield f"$.narrative[{key!r}]", text


# --- reading ------------------------------------------------------------------


class _Reader:
    def __init__(self, text: str, registry: FormatRegistry, source: str | None) -> None:
        self.lines = [line.removesuffix("\r") for line in text.split("\n")]
        self.registry = registry
        self.source = source
        self.notes: list[ReadNote] = []

    def read(self) -> Reading:
        fields, body = self._header()
        spec = self._spec(fields)
        agency = _unescape(fields["agency"][0]) if "agency" in fields else ""
        if "year" not in fields:
            raise self._error(f"the {FIELD_LABELS['year']} line is missing", None)
        year = parse_year(fields["year"][0], self.source, FIELD_LABELS["year"], fields["year"][1])
        published = (
            parse_published(
                fields["published"][0],
                self.source,
                FIELD_LABELS["published"],
                fields["published"][1],
            )
            if "published" in fields
            else None
        )
        values, narrative = self._body(spec, body)
        return finish(
            spec,
            agency=agency,
            year=year,
            published=published,
            narrative=narrative,
            values=values,
            notes=self.notes,
            source=self.source,
            adapter="text",
        )

    def _error(self, message: str, line: int | None) -> ReportError:
        return ReportError(self.source, [Problem("$", message, line)])

    def _header(self) -> tuple[dict[str, tuple[str, int]], int]:
        """The field lines (value, line number) and the index of the first body line."""
        fields: dict[str, tuple[str, int]] = {}
        seen_title = False
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            name, sep, value = _split_field(line)
            key = field_key(name) if sep else None
            if key is not None:
                fields[key] = (value, index + 1)
            elif line.strip() and fields:
                break
            elif line.strip():
                if seen_title:
                    break
                seen_title = True
            index += 1
        return fields, index

    def _spec(self, fields: dict[str, tuple[str, int]]) -> FormatSpec:
        if "format" not in fields:
            raise self._error(
                f"no {FIELD_LABELS['format']} line: this is not a report in text form", None
            )
        value, line = fields["format"]
        words = value.split()
        if not words:
            raise self._error(f"the {FIELD_LABELS['format']} line names no format", line)
        return format_of(words[0], self.registry, self.source, FIELD_LABELS["format"], line)

    def _body(self, spec: FormatSpec, start: int) -> tuple[dict[str, Value], dict[str, str]]:
        headings = narrative_keys(spec)
        values: dict[str, Value] = {}
        narrative: dict[str, str] = {}
        section: str | None = None
        pending: list[str] = []  # tables of the current section still to come
        lines = self.lines
        index = start
        while index < len(lines):
            line = lines[index]
            folded = "".join(line.split())
            if line.startswith(("+", "|")):
                end = index
                while end < len(lines) and lines[end].startswith(("+", "|")):
                    end += 1
                if not pending:
                    raise self._error(
                        "a table where the format has none (or one table too many)", index + 1
                    )
                table = spec.table(pending.pop(0))
                values.update(self._table(spec, table, index, end))
                index = end
                continue
            if line.startswith(_INDENT) and section is not None:
                end = index
                while end < len(lines) and (
                    lines[end].startswith(_INDENT)
                    or (not lines[end].strip() and _more_narrative(lines, end))
                ):
                    end += 1
                body = [_unescape(x[len(_INDENT) :]) for x in lines[index:end]]
                narrative[section] = "\n".join(body)
                index = end
                continue
            if folded and folded in headings and not line.startswith((" ", "\u3000")):
                section = headings[folded]
                pending = list(spec.section(section).tables)
            elif line.strip():
                self.notes.append(
                    ReadNote(
                        "unmatched-label",
                        f"line not understood, ignored: {line.strip()[:60]!r}",
                        "warning",
                        file=self.source,
                        line=index + 1,
                    )
                )
            index += 1
        self._note_missing(spec, values)
        return values, narrative

    def _table(self, spec: FormatSpec, table: Table, start: int, end: int) -> dict[str, Value]:
        layout = table_layout(table)
        try:
            grid = parse_grid("\n".join(self.lines[start:end]))
        except GridParseError as exc:
            raise ReportError(
                self.source,
                [Problem(f"table {table.id}", exc.reason, start + exc.line)],
            ) from None
        found = {(c.row, c.col, c.rowspan, c.colspan): c.text for c in grid.cells}
        shape = _compressed(layout)
        if set(found) != set(shape.values()):
            raise ReportError(
                self.source,
                [
                    Problem(
                        f"table {table.id}",
                        f"the grid is not the official layout of {table.id} "
                        f"({table.caption}): {grid.n_rows}×{grid.n_cols} cells found",
                        start + 1,
                    )
                ],
            )

        def text_of(cell: LayoutCell) -> str:
            return _unescape(found[shape[cell]])

        values, notes = read_layout(
            layout,
            spec,
            text_of=text_of,
            value_of=lambda cell, text: read_cell(text, spec.cell(cell.key or "").kind),
            line_of=lambda cell: start + 1,
            file=self.source,
        )
        self.notes += notes
        return values

    def _note_missing(self, spec: FormatSpec, values: dict[str, Value]) -> None:
        for table in spec.tables:
            if not any(cell.table is table and cell.key in values for cell in spec.cells):
                self.notes.append(
                    ReadNote(
                        "missing-cell",
                        f"table {table.id} ({table.caption}) is missing; its cells are blank",
                        "warning",
                        file=self.source,
                        table=table.id,
                    )
                )


def _split_field(line: str) -> tuple[str, str, str]:
    """(name, separator, value) of a field line, as ``str.partition`` gives them."""
    found = [(i, sep) for sep in _FIELD_SEPARATORS if (i := line.find(sep)) >= 0]
    if not found:
        return line, "", ""
    i, sep = min(found)
    value = line[i + len(sep) :]
    if sep == ":" and value.startswith(" "):
        value = value[1:]
    return line[:i], sep, value


def _more_narrative(lines: list[str], index: int) -> bool:
    """A blank line inside a narrative (an editor stripped its indent) is followed by more."""
    for line in lines[index:]:
        if line.strip():
            return line.startswith(_INDENT)
    return False


def _compressed(layout: TableLayout) -> dict[LayoutCell, tuple[int, int, int, int]]:
    """Each layout cell's (row, col, rowspan, colspan) as ``parse_grid`` sees it.

    A grid line that no cell edge uses is invisible in text, so the parser's
    columns are the layout's distinct cell edges (see ``parse_grid``).
    """
    xs = sorted({c.col for c in layout.cells} | {c.col + c.colspan for c in layout.cells})
    ys = sorted({c.row for c in layout.cells} | {c.row + c.rowspan for c in layout.cells})
    col = {x: i for i, x in enumerate(xs)}
    row = {y: i for i, y in enumerate(ys)}
    return {
        c: (
            row[c.row],
            col[c.col],
            row[c.row + c.rowspan] - row[c.row],
            col[c.col + c.colspan] - col[c.col],
        )
        for c in layout.cells
    }
