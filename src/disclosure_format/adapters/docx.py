"""The ``docx`` adapter: the report as the Word document an agency publishes, and back.

Needs the ``docx`` extra: ``pip install 'disclosure-format[docx]'`` —
python-docx to write (imported only when a document is written), lxml (which
it brings) to read (see :mod:`.._extract._docx`); without them a
:class:`~disclosure_format.MissingDependencyError` names the extra.

The document is the official layout on A4 paper: the title, the six sections
with their titles and narrative (one paragraph per line), each table as a
Word table with the merged header and row cells of
:func:`~disclosure_format.layout.table_layout` (``w:gridSpan`` and
``w:vMerge``; its header rows repeat on each page), then the agency and the
date at the end.  The customary fonts are named styles a person can restyle
in Word: ``DF Title`` (方正小标宋简体, 二号), ``DF Section`` (黑体, 三号),
``DF Body`` (仿宋_GB2312, 三号, first line indented two characters),
``DF Caption`` and ``DF Table Text`` (宋体), ``DF Signature`` and ``DF Date``
(right-aligned), and the character style ``DF Year`` for the year in the
title; each sets its East-Asian font (``w:eastAsia``).

Reading back is exact because the styles say what each paragraph holds —
the agency is the ``DF Signature`` paragraph, the year the ``DF Year`` run,
narrative the ``DF Body`` paragraphs under a ``DF Section`` heading — and
the tables of a section are its tables in order, read by position on the
official grid — or, where a program re-saving the document or a person
changed a table's cells, by its labels (the published-report reader), never
by positions that are no longer the official ones.  Cell values are written
as the HTML adapter writes them (:mod:`._values`: digits, apostrophe-quoted
text); the *visible text* is the value.  The format is the core property ``identifier``
(``disclosure-format:2021``), which is also the marker that tells our
documents from the Word reports agencies write (those go to the
published-report reader).  Core-property dates and zip timestamps are
fixed, so the same report gives the same bytes.
"""

from __future__ import annotations

import io
import string
import zipfile
from datetime import UTC, datetime
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

from .._extract._docx import DocxParagraph, DocxTable, core_properties, is_docx, read_body
from .._extract._errors import ExtractError
from ..errors import MissingDependencyError, Problem, ReportError
from ..layout import LayoutCell, TableLayout, table_layout
from ..model import Report, Value
from ..reading import Reading, ReadNote
from ..registry import FormatRegistry
from ..spec import FormatSpec, Table
from ._common import (
    Labels,
    cell_kinds,
    finish,
    format_of,
    labels_for,
    narrative_keys,
    parse_published,
    parse_year,
    read_layout,
    spec_for,
)
from ._values import check_text, read_cell, write_cell

__all__ = ["MARKER", "DocxAdapter", "adapter"]

MARKER = "disclosure-format:"
"""Start of the core property ``identifier`` of our documents; the format id follows."""

_FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT_WIDTH = 8844  # twips: A4 (210 mm) less margins of 28 and 26 mm
_LABEL_SHARE = 0.42  # of the text width, for the row-label columns

_LATIN_FONT = "Times New Roman"


class _Style(NamedTuple):
    """A paragraph style: East-Asian font, size in half-points, bold, alignment, first-line
    indent (characters × 100), outline level (headings)."""

    name: str
    east_asian: str
    size: int
    align: str
    bold: bool = False
    indent: int = 0
    outline: int | None = None


# By style id (python-docx makes it the name without spaces).
_STYLES = {
    "DFTitle": _Style("DF Title", "方正小标宋简体", 44, "center", outline=0),
    "DFSection": _Style("DF Section", "黑体", 32, "left", indent=200, outline=1),
    "DFBody": _Style("DF Body", "仿宋_GB2312", 32, "both", indent=200),
    "DFCaption": _Style("DF Caption", "宋体", 24, "center", bold=True),
    "DFTableText": _Style("DF Table Text", "宋体", 21, "left"),
    "DFSignature": _Style("DF Signature", "仿宋_GB2312", 32, "right"),
    "DFDate": _Style("DF Date", "仿宋_GB2312", 32, "right"),
}
_YEAR_STYLE = ("DFYear", "DF Year")
"""The character style of the year in the title."""


def _python_docx() -> Any:
    try:
        import docx
    except ImportError:
        raise MissingDependencyError(
            "the docx adapter needs python-docx: pip install 'disclosure-format[docx]'",
            extra="docx",
        ) from None
    return docx


class DocxAdapter:
    """A Word document in the official layout; reads back our own (others: ``published``)."""

    name = "docx"
    title = "Word document"
    extensions = (".docx",)
    binary = True

    def render(
        self, report: Report, *, spec: FormatSpec | None = None, locale: str | None = None
    ) -> bytes:
        """The document's bytes; ``locale`` translates the labels and formats numbers and dates."""
        spec = spec_for(report, spec)
        labels = labels_for(locale)
        return _render(report, spec, labels)

    def read(self, data: str | bytes, *, registry: FormatRegistry, source: str | None) -> Reading:
        if isinstance(data, str):
            raise ReportError(source, [Problem("$", "a Word document is binary; pass bytes")])
        return _Reader(data, registry, source).read()

    def detect(self, data: str | bytes) -> bool:
        """True for a Word document whose ``identifier`` property carries :data:`MARKER`."""
        if not isinstance(data, bytes) or not is_docx(data):
            return False
        try:
            return core_properties(data).get("identifier", "").startswith(MARKER)
        except ExtractError:
            return False


adapter = DocxAdapter()


# --- writing ------------------------------------------------------------------


def _render(report: Report, spec: FormatSpec, labels: Labels) -> bytes:
    docx = _python_docx()
    document = docx.Document()
    _define_styles(document)
    _page_setup(document.sections[0], docx)
    source = report.provenance.source
    check_text(report.agency, source, "$.agency", xml=True)
    parts = [_title(report, labels)]
    for section in spec.sections:
        parts.append(_paragraph("DFSection", labels.section(section)))
        text = report.narrative.get(section.key)
        if text is not None:
            check_text(text, source, f"$.narrative[{section.key!r}]", xml=True)
            parts.extend(_paragraph("DFBody", line) for line in text.split("\n"))
        for table_id in section.tables:
            table = spec.table(table_id)
            parts.append(_paragraph("DFCaption", labels.caption(table)))
            parts.append(_table(report, spec, table, labels))
    parts.append(_paragraph("DFSignature", report.agency))
    if report.published is not None:
        parts.append(_paragraph("DFDate", labels.tr.format_date(report.published)))
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    sect = body[0]
    xml = f'<w:body xmlns:w="{_W_NS}">{"".join(parts)}</w:body>'
    for element in docx.oxml.parse_xml(xml):
        sect.addprevious(element)
    _core_properties(document.core_properties, report, spec, labels)
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):  # the template's picture of python-docx
            package.rels.pop(rel_id)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _define_styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = document.styles
    year = styles.add_style(_YEAR_STYLE[1], WD_STYLE_TYPE.CHARACTER)
    assert year.style_id == _YEAR_STYLE[0]
    for style_id, spec in _STYLES.items():
        style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        assert style.style_id == style_id
        style.base_style = styles["Normal"]
        style.quick_style = True
        font = style.font
        font.name = _LATIN_FONT
        font.size = Pt(spec.size / 2)
        font.bold = spec.bold
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), spec.east_asian)
        ppr = style.element.get_or_add_pPr()
        extra = f'<w:jc w:val="{spec.align}"/>'
        if spec.indent:
            extra += f'<w:ind w:firstLineChars="{spec.indent}"/>'
        if spec.outline is not None:
            extra += f'<w:keepNext/><w:outlineLvl w:val="{spec.outline}"/>'
        spacing = '<w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/>'
        if style_id == "DFTableText":
            spacing = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        for element in _parse_fragment(spacing + extra):
            ppr.append(element)


def _parse_fragment(xml: str) -> list[Any]:
    from docx.oxml import parse_xml

    return list(parse_xml(f'<w:pPr xmlns:w="{_W_NS}">{xml}</w:pPr>'))


def _page_setup(section: Any, docx: Any) -> None:
    """A4 portrait with the margins of official documents (GB/T 9704)."""
    mm = docx.shared.Mm
    section.page_width, section.page_height = mm(210), mm(297)
    section.top_margin, section.bottom_margin = mm(37), mm(35)
    section.left_margin, section.right_margin = mm(28), mm(26)


def _core_properties(props: Any, report: Report, spec: FormatSpec, labels: Labels) -> None:
    props.identifier = MARKER + spec.id
    props.title = labels.title(report)
    props.subject = labels.format_title(spec)
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = ""
    props.revision = 1
    props.created = props.modified = _FIXED_TIME
    props.language = {"zh_Hans": "zh-CN", "zh_Hant": "zh-TW"}.get(labels.locale, labels.locale)


def _fixed_zip(data: bytes) -> bytes:
    """``data`` re-packed with fixed timestamps, so the same report gives the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()


def _runs(text: str, style: str = "") -> str:
    """Runs of ``text``: line breaks as ``w:br``, tabs as ``w:tab``, spaces kept."""
    props = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>' if style else ""
    out = []
    for n, line in enumerate(text.split("\n")):
        if n:
            out.append("<w:br/>")
        for k, piece in enumerate(line.split("\t")):
            if k:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{props}{''.join(out)}</w:r>"


def _paragraph(style: str, text: str, align: str = "") -> str:
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>{_runs(text)}</w:p>'


def _title(report: Report, labels: Labels) -> str:
    """The title, its year in a ``DF Year`` run (the title's template decides the order)."""
    template = labels.tr.gettext("{agency}{year}年政府信息公开工作年度报告")
    runs = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            runs.append(_runs(literal))
        if field == "agency":
            runs.append(_runs(report.agency))
        elif field == "year":
            runs.append(_runs(str(report.year), _YEAR_STYLE[0]))
    return f'<w:p><w:pPr><w:pStyle w:val="DFTitle"/></w:pPr>{"".join(runs)}</w:p>'


def _table(report: Report, spec: FormatSpec, table: Table, labels: Labels) -> str:
    layout = table_layout(table)
    widths = _widths(layout)
    source = report.provenance.source
    kinds = cell_kinds(spec)
    header_rows = _header_rows(layout)
    # The grid position → (layout cell, True at its top row): a rowspan writes continuation cells.
    rows: list[list[tuple[LayoutCell, bool]]] = [[] for _ in range(layout.n_rows)]
    for cell in layout.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            rows[r].append((cell, r == cell.row))
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        "<w:tblBorders>"
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        f'</w:tblCellMar><w:tblCaption w:val="{escape(labels.caption(table), _QUOTE)}"/>'
        "</w:tblPr><w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
    ]
    for r, row in enumerate(rows):
        props = "<w:cantSplit/>" + ("<w:tblHeader/>" if r in header_rows else "")
        out.append(f"<w:tr><w:trPr>{props}</w:trPr>")
        for cell, top in sorted(row, key=lambda item: item[0].col):
            width = sum(widths[cell.col : cell.col + cell.colspan])
            tc = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if cell.colspan > 1:
                tc += f'<w:gridSpan w:val="{cell.colspan}"/>'
            if cell.rowspan > 1:
                tc += '<w:vMerge w:val="restart"/>' if top else "<w:vMerge/>"
            tc += '<w:vAlign w:val="center"/>'
            text, align = "", ""
            if top:
                text, align = _cell_text(report, cell, kinds, labels, table, source)
            out.append(
                f"<w:tc><w:tcPr>{tc}</w:tcPr>{_paragraph('DFTableText', text, align)}</w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


_QUOTE = {'"': "&quot;"}


def _cell_text(
    report: Report,
    cell: LayoutCell,
    kinds: Any,
    labels: Labels,
    table: Table,
    source: str | None,
) -> tuple[str, str]:
    """The one place a cell becomes text in this adapter: (text, alignment)."""
    if cell.role != "data":
        return labels.cell(cell, table.id), "left" if cell.role in ("row", "corner") else "center"
    assert cell.key is not None
    value: Value = report.values.get(cell.key)
    if isinstance(value, str):
        check_text(value, source, f"$.values[{cell.key!r}]", xml=True)
    kind = kinds[cell.key]
    return labels.number(value, kind) or write_cell(value, kind), "center"


def _header_rows(layout: TableLayout) -> set[int]:
    """The grid rows of the first block's caption and header, repeated on each page."""
    first = layout.table.blocks[0].key
    out: set[int] = set()
    for cell in layout.cells:
        if cell.block == first and cell.role in ("caption", "corner", "column"):
            out.update(range(cell.row, cell.row + cell.rowspan))
    return out


def _widths(layout: TableLayout) -> list[int]:
    """Grid column widths in twips: the label columns share a part (the last, which holds
    the leaf labels, twice as wide as a group's), the data columns the rest equally."""
    labels, data = layout.label_columns, layout.n_cols - layout.label_columns
    weights = [1] * (labels - 1) + [2] if labels > 1 else [1] * labels
    share = _TEXT_WIDTH * _LABEL_SHARE if labels else 0
    label_widths = [int(share * w / sum(weights)) for w in weights]
    rest = _TEXT_WIDTH - sum(label_widths)
    data_widths = [rest // data] * data
    data_widths[-1] += rest - sum(data_widths)  # the widths add up to the table's exactly
    return label_widths + data_widths


# --- reading ------------------------------------------------------------------


class _Reader:
    def __init__(self, data: bytes, registry: FormatRegistry, source: str | None) -> None:
        self.data = data
        self.registry = registry
        self.source = source
        self.notes: list[ReadNote] = []
        self._published: Reading | None = None

    def read(self) -> Reading:
        try:
            identifier = core_properties(self.data).get("identifier", "")
            body, _ = read_body(self.data)
        except ExtractError as exc:
            raise ReportError(self.source, [Problem("$", exc.message)]) from None
        if not identifier.startswith(MARKER):
            raise ReportError(
                self.source,
                [Problem("$", "not a document written by this library (no identifier property)")],
            )
        spec = format_of(identifier[len(MARKER) :], self.registry, self.source, "identifier", None)
        headings = narrative_keys(spec)
        year: int | None = None
        agency = ""
        published = None
        narrative: dict[str, list[str]] = {}
        tables: dict[str, list[DocxTable]] = {}
        section: str | None = None
        for item in body:
            if isinstance(item, DocxTable):
                if section is None:
                    self._note(item.line, "a table before the first section heading; not read")
                else:
                    tables.setdefault(section, []).append(item)
                continue
            style = item.style
            if style == "DFTitle" and year is None:
                year = self._year(item)
            elif style == "DFSection":
                section = headings.get("".join(item.text.split()))
                if section is None:
                    self._note(item.line, f"heading {item.text[:40]!r} is not a section; ignored")
            elif style == "DFBody":
                if section is None:
                    self._note(item.line, "text before the first section heading; not read")
                else:
                    narrative.setdefault(section, []).append(item.text)
            elif style == "DFSignature":
                agency = item.text
            elif style == "DFDate":
                published = parse_published(item.text, self.source, "date", item.line)
        if year is None:
            raise ReportError(
                self.source, [Problem("$", "no title with the report year (style DF Year)")]
            )
        values: dict[str, Value] = {}
        for sec in spec.sections:
            found = tables.pop(sec.key, [])
            for n, table_id in enumerate(sec.tables):
                table = spec.table(table_id)
                if n < len(found):
                    values.update(self._table(spec, table, found[n]))
                    continue
                self.notes.append(
                    ReadNote(
                        "missing-cell",
                        f"no Word table for table {table.id} ({table.caption}); "
                        "its cells are blank",
                        "warning",
                        file=self.source,
                        table=table.id,
                    )
                )
            for extra in found[len(sec.tables) :]:
                self._note(extra.line, "a table the format does not have here; not read")
        for extra_tables in tables.values():
            for extra in extra_tables:
                self._note(extra.line, "a table the format does not have here; not read")
        return finish(
            spec,
            agency=agency,
            year=year,
            published=published,
            narrative={k: "\n".join(v) for k, v in narrative.items()},
            values=values,
            notes=self.notes,
            source=self.source,
            adapter="docx",
        )

    def _year(self, title: DocxParagraph) -> int:
        text = "".join(t for style, t in title.runs if style == _YEAR_STYLE[0])
        return parse_year(text, self.source, "year", title.line)

    def _table(self, spec: FormatSpec, table: Table, found: DocxTable) -> dict[str, Value]:
        """The values of ``found``: by position on the official grid when its cells are the
        layout's, else (a program re-saved or a person re-drew the table) by its labels."""
        layout = table_layout(table)
        spans = {(c.row, c.col, c.rowspan, c.colspan) for c in found.cells}
        if spans != {(c.row, c.col, c.rowspan, c.colspan) for c in layout.cells}:
            return self._by_labels(spec, table, found)
        origins = found.origins()
        kinds = cell_kinds(spec)

        def text_of(cell: LayoutCell) -> str:
            return origins[cell.row, cell.col].text

        values, notes = read_layout(
            layout,
            spec,
            text_of=text_of,
            value_of=lambda cell, text: read_cell(text, kinds[cell.key or ""]),
            line_of=lambda cell: origins[cell.row, cell.col].line,
            file=self.source,
        )
        self.notes += notes
        return values

    def _by_labels(self, spec: FormatSpec, table: Table, found: DocxTable) -> dict[str, Value]:
        """Table ``table`` as the published-report reader reads it: matched by its labels.

        Reading by position a grid that is not the official one could put a
        value in the wrong cell; the reader of published reports matches the
        rows and columns by their labels instead (and notes what it cannot).
        """
        from .._extract._docx import extract_docx
        from .._published._reader import read_document

        if self._published is None:
            document = extract_docx(self.data)
            self._published = read_document(
                document, source=self.source, registry=self.registry, format=spec.id
            )
        self._note(
            found.line,
            f"table {table.id}'s cells are not those of the official layout (the document was "
            "re-saved or edited); its cells are read by their labels",
        )
        self.notes += [n for n in self._published.notes if n.table == table.id]
        prefix = table.id + "/"
        return {k: v for k, v in self._published.report.values.items() if k.startswith(prefix)}

    def _note(self, line: int, message: str) -> None:
        self.notes.append(
            ReadNote("unmatched-label", message, "warning", file=self.source, line=line)
        )
