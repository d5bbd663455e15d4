"""The ``html`` adapter: the official layout as a web page (or a fragment), and back.

Each table is a ``<table>`` with a ``<caption>``, its column header rows in
``<thead>`` and its data rows in ``<tbody>``, the row and column spans of
:func:`~disclosure_format.layout.table_layout` as ``rowspan``/``colspan``.
Header cells are ``<th>`` with ``scope`` (``col``/``colgroup`` for column
labels, ``row``/``rowgroup`` for row labels) and an ``id``; every data cell
lists the ids of all its row and column labels (groups included) in
``headers``, so a screen reader announces ``三、本年度办理结果 （三）不予公开
1.属于国家秘密 申请人情况 自然人`` for it.  Table 2, whose blocks each have
their own header, has the first block's header in ``<thead>`` and one
``<tbody>`` per block, led by the block's caption and header rows.

Reading back is exact because the markup says what each element holds:
``data-disclosure-format`` on the ``<article>`` root, ``data-field`` on the
format, agency, year, date and narrative elements, ``data-section`` on each
section and ``data-cell`` (the cell key) on each data cell.  The *visible
text* of these elements is the value — there is no hidden copy that could
disagree with what a person sees.  Narrative keeps its line breaks
(``white-space: pre-wrap``).  Every string from a report or a definition is
escaped, in text and in attributes.

The stylesheet fits every table to the A4 text width (170 mm, the page's
``max-width`` on screen and the printable width of its ``@page``): column
widths follow content (number columns as narrow as their figures, row labels
take the rest), and a table of many number columns (``df-dense``) is set a
little smaller and, outside Chinese, with its column labels vertical — fifteen
columns of English words do not fit side by side.  Each table carries its
``lang`` so the rules hold where a table is embedded on its own (the docs).

``findings=validate(report)`` gives the reviewer's view: each cell a finding
involves gets the class ``df-flag df-<severity>``, a ``title`` with the rule
ids and messages, and a footnote mark linking to the list of findings at the
end of the page.  Marks and the list are ignored on reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape, unescape
from html.parser import HTMLParser

from .._version import __version__
from ..errors import Problem, ReportError
from ..findings import Finding, describe
from ..layout import LayoutCell, table_layout
from ..model import Report, Value
from ..reading import Reading, ReadNote
from ..registry import FormatRegistry
from ..spec import FormatSpec, Table
from ._common import (
    Labels,
    cell_kinds,
    decode,
    finish,
    format_of,
    head_text,
    labels_for,
    note_value,
    parse_published,
    parse_year,
    spec_for,
)
from ._values import check_text, read_cell, write_cell

__all__ = ["STYLESHEET", "HtmlAdapter", "adapter"]

MARKER = "data-disclosure-format"

STYLESHEET = """\
@page { size: A4; margin: 25mm 20mm 20mm 20mm; }
.df-report { font-family: "FangSong", "仿宋", "STFangsong", "SimSun", "Songti SC", serif;
  font-size: 12pt; line-height: 1.6; color: #000; max-width: 170mm; margin: 0 auto; }
.df-report:not(:lang(zh)), .df-table:not(:lang(zh)) {
  font-family: "Times New Roman", "Liberation Serif", "Noto Serif CJK SC", serif; }
.df-report h1 { font-family: "SimHei", "黑体", "Heiti SC", sans-serif; font-size: 18pt;
  text-align: center; font-weight: normal; margin: 0 0 1em; }
.df-report h2 { font-family: "SimHei", "黑体", "Heiti SC", sans-serif; font-size: 14pt;
  font-weight: normal; margin: 1.2em 0 0.5em; break-after: avoid; }
.df-fields { display: grid; grid-template-columns: max-content 1fr; gap: 0 1em;
  margin: 0 0 1em; }
.df-fields dt { font-weight: bold; }
.df-fields dd { margin: 0; }
.df-narrative { white-space: pre-wrap; text-indent: 2em; margin: 0 0 1em; }
.df-table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em;
  font-size: 10.5pt; line-height: 1.3; }
.df-table caption { font-weight: bold; padding: 0.3em; }
.df-table th, .df-table td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: middle; }
.df-table th { font-weight: normal; text-align: center; }
.df-table th[scope="row"], .df-table th[scope="rowgroup"] { text-align: left; }
.df-table td { white-space: pre-wrap; }
.df-table td.df-num { text-align: right; font-variant-numeric: tabular-nums; }
.df-table.df-dense { font-size: 9.5pt; }
.df-dense th, .df-dense td { padding: 2pt 2pt; }
.df-dense td.df-num:not([colspan]) { width: 1%; min-width: 2.5em; }
.df-dense:not(:lang(zh)) th[scope="col"] { writing-mode: vertical-rl; transform: rotate(180deg);
  text-align: left; max-inline-size: 12em; }
.df-corner { font-size: 9pt; text-align: left; }
.df-flag { outline: 2px solid #b00; outline-offset: -2px; }
.df-flag.df-error { background: #fde2e2; }
.df-flag.df-warning { background: #fff3c4; }
.df-flag.df-notice { background: #e4f0fb; }
.df-mark { color: #b00; font-size: 7pt; }
.df-findings li { white-space: pre-wrap; margin-bottom: 0.4em; }
@media print {
  .df-report { max-width: none; }
  .df-table { break-inside: auto; }
  .df-table tr { break-inside: avoid; }
  .df-table thead { display: table-header-group; }
  .df-flag { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


class HtmlAdapter:
    """A standalone page (A4 print stylesheet) or a fragment to embed; reads back our own."""

    name = "html"
    title = "HTML page"
    extensions = (".html", ".htm")
    binary = False

    def render(
        self,
        report: Report,
        *,
        spec: FormatSpec | None = None,
        standalone: bool = True,
        findings: Sequence[Finding] | None = None,
        id_prefix: str = "df",
        locale: str | None = None,
    ) -> str:
        """The page (or, with ``standalone=False``, the ``<article>`` fragment).

        ``findings`` (from :func:`~disclosure_format.validate`) turns on the
        reviewer's view; ``id_prefix`` keeps element ids unique when several
        reports are embedded in one page.  ``locale`` (``zh_Hans``,
        ``zh_Hant``, ``en``) translates the labels and writes numbers and
        dates as babel does for it; without it the page has the official
        labels and plain digits.
        """
        spec = spec_for(report, spec)
        labels = labels_for(locale)
        body = _render_article(report, spec, labels, tuple(findings or ()), id_prefix)
        if not standalone:
            return body
        title = escape(labels.title(report))
        return (
            f'<!DOCTYPE html>\n<html lang="{_lang(labels)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="disclosure-format {__version__}">\n'
            f"<title>{title}</title>\n<style>\n{STYLESHEET}</style>\n</head>\n<body>\n"
            f"{body}</body>\n</html>\n"
        )

    def read(self, data: str | bytes, *, registry: FormatRegistry, source: str | None) -> Reading:
        return _read(decode(data, source), registry, source)

    def detect(self, data: str | bytes) -> bool:
        return MARKER in head_text(data, 1 << 16)


adapter = HtmlAdapter()


# --- writing ------------------------------------------------------------------


def _render_article(
    report: Report,
    spec: FormatSpec,
    labels: Labels,
    findings: tuple[Finding, ...],
    prefix: str,
) -> str:
    source = report.provenance.source
    check_text(report.agency, source, "$.agency")
    marks = _marks(findings)
    out = [
        f'<article class="df-report" lang="{_lang(labels)}" {MARKER}="{escape(spec.id)}">\n'
        f'<header class="df-head">\n<h1>{escape(labels.title(report))}</h1>\n'
        '<dl class="df-fields">\n'
        f"<dt>{escape(labels.field('format'))}</dt><dd>"
        f'<span data-field="format">{escape(spec.id)}</span> '
        f"{escape(labels.format_title(spec))}</dd>\n"
        f"<dt>{escape(labels.field('agency'))}</dt>"
        f'<dd data-field="agency">{escape(report.agency)}</dd>\n'
        f'<dt>{escape(labels.field("year"))}</dt><dd data-field="year">{report.year}</dd>\n'
    ]
    if report.published is not None:
        day = report.published.isoformat()
        shown = escape(labels.date(report.published))
        out.append(
            f"<dt>{escape(labels.field('published'))}</dt>"
            f'<dd><time data-field="published" datetime="{day}">{shown}</time></dd>\n'
        )
    out.append("</dl>\n</header>\n")
    for section in spec.sections:
        out.append(
            f'<section class="df-section" data-section="{escape(section.key)}">\n'
            f"<h2>{escape(labels.section(section))}</h2>\n"
        )
        text = report.narrative.get(section.key)
        if text is not None:
            check_text(text, source, f"$.narrative[{section.key!r}]")
            out.append(f'<div class="df-narrative" data-field="narrative">{escape(text)}</div>\n')
        for table_id in section.tables:
            _render_table(out, report, spec, spec.table(table_id), labels, prefix, marks)
        out.append("</section>\n")
    if findings:
        out.append(_render_findings(findings, prefix, labels))
    out.append("</article>\n")
    return "".join(out)


_Mark = tuple[int, Finding]


def _marks(findings: Iterable[Finding]) -> dict[str, list[_Mark]]:
    """Cell key → the (number, finding) pairs that involve it (previous-year cells excluded)."""
    out: dict[str, list[_Mark]] = {}
    for number, finding in enumerate(findings, 1):
        for ref in finding.cells:
            if not ref.previous:
                out.setdefault(ref.key, []).append((number, finding))
    return out


def _render_table(
    out: list[str],
    report: Report,
    spec: FormatSpec,
    table: Table,
    labels: Labels,
    prefix: str,
    marks: dict[str, list[_Mark]],
) -> None:
    statics, slots = _template(table, labels, prefix)
    values = report.values
    source = report.provenance.source
    for static, slot in zip(statics, slots, strict=False):
        out.append(static)
        key, head = slot
        value = values.get(key)
        if isinstance(value, str):
            check_text(value, source, f"$.values[{key!r}]")
        text = escape(_format_value(value, spec, key, labels), quote=False)
        found = marks.get(key)
        if found is None:
            out.append(f'{head}">{text}</td>')
        else:
            worst = min((f.severity for _, f in found), key=lambda s: s.rank)
            title = escape("\n".join(f"{f.rule}: {f.message}" for _, f in found))
            refs = "".join(f'<a href="#{prefix}-finding-{n}">{n}</a>' for n, _ in found)
            out.append(
                f'{head} df-flag df-{worst.value}" title="{title}">{text}'
                f'<sup class="df-mark">{refs}</sup></td>'
            )
    out.append(statics[-1])


def _format_value(value: Value, spec: FormatSpec, key: str, labels: Labels) -> str:
    """The one place a cell value becomes text in this adapter (numbers: plain digits,
    or the chosen locale's form)."""
    kind = spec.cell(key).kind
    return labels.number(value, kind) or write_cell(value, kind)


_LANG = {"zh_Hans": "zh-CN", "zh_Hant": "zh-Hant", "en": "en"}


def _lang(labels: Labels) -> str:
    """The page's ``lang``: the official text is zh-CN."""
    return _LANG.get(labels.locale, labels.locale.replace("_", "-"))


_DENSE = 4
"""A table with more number columns than this is ``df-dense``: outside Chinese (whose
text breaks between any two characters) its column labels are set vertically, since
15 columns of English words side by side are wider than an A4 page."""

_Template = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
_TEMPLATES: dict[tuple[int, Labels, str], tuple[Table, _Template]] = {}


def _template(table: Table, labels: Labels, prefix: str) -> _Template:
    """:func:`_build_template`, cached per table object (hashing a table is slow)."""
    key = (id(table), labels, prefix)
    entry = _TEMPLATES.get(key)
    if entry is None or entry[0] is not table:
        entry = (table, _build_template(table, labels, prefix))
        _TEMPLATES[key] = entry
    return entry[1]


def _build_template(table: Table, labels: Labels, prefix: str) -> _Template:
    """The static markup of a table, split around its data cells (built once per table).

    Returns ``statics`` and ``slots``: the page is ``statics[0] + cell(slots[0]) +
    statics[1] + …`` where a slot is (cell key, the ``<td`` tag up to its open
    ``class`` attribute value), so a render only escapes and inserts values.
    """
    layout = table_layout(table)
    tid = f"{prefix}-{table.id}"
    statics: list[str] = []
    slots: list[tuple[str, str]] = []
    dense = " df-dense" if len({c.col for c in layout.cells if c.role == "data"}) > _DENSE else ""
    buffer = [
        f'<table class="df-table{dense}" id="{escape(tid)}" data-table="{escape(table.id)}" '
        f'lang="{_lang(labels)}">\n'
        f"<caption>{escape(labels.caption(table))}</caption>\n"
    ]
    block_of_row: dict[int, str] = {}
    header_row: dict[int, bool] = {}
    for cell in layout.cells:
        block_of_row.setdefault(cell.row, cell.block)
        if cell.role in ("caption", "corner", "column"):
            header_row[cell.row] = True
    rows = layout.rows()
    first_block = table.blocks[0].key
    group = ""
    for index, row_cells in enumerate(rows):
        block = block_of_row.get(index, first_block)
        is_header = header_row.get(index, False)
        wanted = "thead" if is_header and block == first_block else "tbody"
        opens_block = index == 0 or block_of_row.get(index - 1) != block
        if group != wanted or (opens_block and index):
            if group:
                buffer.append(f"</{group}>\n")
            buffer.append(f"<{wanted}>\n")
            group = wanted
        buffer.append("<tr>")
        for cell in sorted(row_cells, key=lambda c: c.col):
            spans = _spans(cell)
            if cell.role == "data":
                assert cell.key is not None
                headers = " ".join(_header_ids(table, cell, tid))
                kind_class = "df-num" if _numeric(table, cell) else "df-text"
                statics.append("".join(buffer))
                buffer = []
                slots.append(
                    (
                        cell.key,
                        f'<td{spans} data-cell="{escape(cell.key)}" '
                        f'headers="{escape(headers)}" class="{kind_class}',
                    )
                )
                continue
            text = escape(labels.cell(cell, table.id))
            if cell.role == "corner":
                buffer.append(f'<td{spans} class="df-corner">{text}</td>')
                continue
            scope = _scope(table, cell)
            ident = escape(_label_id(tid, cell))
            buffer.append(f'<th{spans} scope="{scope}" id="{ident}">{text}</th>')
        buffer.append("</tr>\n")
    buffer.append(f"</{group}>\n</table>\n")
    statics.append("".join(buffer))
    return tuple(statics), tuple(slots)


def _spans(cell: LayoutCell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def _scope(table: Table, cell: LayoutCell) -> str:
    """``col``/``row`` for a leaf label, ``colgroup``/``rowgroup`` for a group or a caption."""
    if cell.role == "caption":
        return "colgroup"
    block = next(b for b in table.blocks if b.key == cell.block)
    assert cell.key is not None
    if cell.role == "column":
        return "col" if block.column_nodes[cell.key][-1].is_leaf else "colgroup"
    return "row" if block.row_nodes[cell.key][-1].is_leaf else "rowgroup"


def _label_id(tid: str, cell: LayoutCell) -> str:
    if cell.role == "caption":
        return f"{tid}-{cell.block}"
    letter = "c" if cell.role == "column" else "r"
    return f"{tid}-{cell.block}-{letter}-{cell.key}"


def _header_ids(table: Table, cell: LayoutCell, tid: str) -> list[str]:
    """Ids of the caption and every row and column label (groups too) of a data cell."""
    assert cell.key is not None
    _, row_key, column_key = cell.key.split("/")
    block = next(b for b in table.blocks if b.key == cell.block)
    ids = [f"{tid}-{block.key}"] if block.caption is not None else []
    if block.has_row_labels:
        parts = row_key.split(".")
        ids += [f"{tid}-{block.key}-r-{'.'.join(parts[: i + 1])}" for i in range(len(parts))]
    parts = column_key.split(".")
    ids += [f"{tid}-{block.key}-c-{'.'.join(parts[: i + 1])}" for i in range(len(parts))]
    return ids


def _numeric(table: Table, cell: LayoutCell) -> bool:
    assert cell.key is not None
    _, row_key, column_key = cell.key.split("/")
    block = next(b for b in table.blocks if b.key == cell.block)
    row, column = block.row_nodes[row_key], block.column_nodes[column_key]
    kind = column[-1].kind or row[-1].kind
    return kind is None or kind.numeric


def _render_findings(findings: tuple[Finding, ...], prefix: str, labels: Labels) -> str:
    items = "".join(
        f'<li id="{prefix}-finding-{n}" class="df-{f.severity.value}">'
        f"{escape(describe(f, locale=labels.locale))}</li>\n"
        for n, f in enumerate(findings, 1)
    )
    heading = escape(labels.tr.gettext("审查意见"))
    return f'<section class="df-findings">\n<h2>{heading}</h2>\n<ol>\n{items}</ol>\n</section>\n'


# --- reading ------------------------------------------------------------------


class _Collected:
    """What the marked elements of a page hold: (text, line) by field, section and cell key."""

    def __init__(self) -> None:
        self.format: str | None = None
        self.fields: dict[str, tuple[str, int]] = {}
        self.narrative: dict[str, tuple[str, int]] = {}
        self.cells: dict[str, tuple[str, int]] = {}
        self.duplicates: list[tuple[str, int]] = []

    def store(self, what: str, name: str, text: str, line: int, section: str | None) -> None:
        if what == "cell":
            store = self.cells
        elif name == "narrative":
            store = self.narrative
            name = section or ""
        else:
            store = self.fields
        if name in store:
            self.duplicates.append((name, line))
        else:
            store[name] = (text, line)


class _Collector(HTMLParser):
    """Collects the text of the marked elements with the standard library's HTML parser.

    Text inside ``df-mark`` elements (the reviewer's footnote marks) is
    skipped; everything outside a marked element is ignored.  Any well-formed
    edit of the page (attributes reordered or re-quoted, entities, comments,
    tags added inside a cell) reads the same as the original.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = _Collected()
        self._section: str | None = None
        self._target: tuple[str, str] | None = None  # ("field"|"cell", name)
        self._depth = 0  # open elements inside the target
        self._skip = 0  # open elements inside a df-mark
        self._text: list[str] = []
        self._line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._target is not None:
            if tag in _VOID:
                return
            self._depth += 1
            if self._skip or ("class", "df-mark") in attrs:
                self._skip += 1
            return
        found = dict(attrs)
        if MARKER in found and self.out.format is None:
            self.out.format = found[MARKER] or ""
        section = found.get("data-section")
        if section is not None:
            self._section = section
        field = found.get("data-field")
        cell = found.get("data-cell")
        if cell is not None:
            self._open(("cell", cell))
        elif field is not None:
            self._open(("field", field))

    def _open(self, target: tuple[str, str]) -> None:
        self._target = target
        self._depth = 1
        self._text = []
        self._line = self.getpos()[0]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._target is None:
            self.handle_starttag(tag, attrs)
            if self._target is not None:
                self._close()

    def handle_endtag(self, tag: str) -> None:
        if self._target is None:
            if tag == "section":
                self._section = None
            return
        if self._skip:
            self._skip -= 1
        self._depth -= 1
        if self._depth == 0:
            self._close()

    def handle_data(self, data: str) -> None:
        if self._target is not None and not self._skip:
            self._text.append(data)

    def _close(self) -> None:
        assert self._target is not None
        what, name = self._target
        self._target = None
        self.out.store(what, name, "".join(self._text), self._line, self._section)


_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr")
)

# The marked attributes of our own markup; see _fast_collect.
_ATTRIBUTE = re.compile(r' data-(section|field|cell)="([^"<>]*)"')
_TAG_NAME = re.compile(r"<([a-z]+)[\s>]")
_MARK = re.compile(r'<sup class="df-mark">(?:<a [^<>]*>[^<]*</a>)*</sup></td>')
_ROOT = re.compile(rf'<article\b[^>]*? {MARKER}="([^"]*)"')


def _fast_collect(text: str) -> _Collected | None:
    """Collect the marked elements of a page exactly as this module writes them, fast.

    The standard parser costs about 10 µs a tag, and a page has some 400; the
    elements that matter have a fixed shape — a start tag holding the
    ``data-`` attribute, plain text, the end tag (or a reviewer's mark and
    ``</td>``) — which string searches find in a fraction of that.  The result
    is used only if it provably covers the page: every ``data-section``,
    ``data-field`` and ``data-cell`` of the text is such an element, and
    there is no comment, script or CDATA that the parser would skip.
    Otherwise (a page edited by hand or by a tool) None: :class:`_Collector`
    reads it.
    """
    if "<!--" in text or "<script" in text or "<![CDATA[" in text:
        return None
    root = _ROOT.search(text)
    if root is None:
        return None
    out = _Collected()
    out.format = unescape(root.group(1))
    section: str | None = None
    found = 0
    line, position = 1, 0
    for match in _ATTRIBUTE.finditer(text, root.end()):
        found += 1
        begin = text.rfind("<", 0, match.start())
        close = text.find(">", match.end())
        tag = _TAG_NAME.match(text, begin)
        if tag is None or close < 0 or text.find(">", begin, match.start()) >= 0:
            return None
        line += text.count("\n", position, begin)
        position = begin
        kind, name = match.group(1), unescape(match.group(2))
        if kind == "section":
            section = name
            continue
        end = text.find("<", close + 1)
        if end < 0:
            return None
        if not text.startswith(f"</{tag.group(1)}>", end) and not (
            kind == "cell" and _MARK.match(text, end)
        ):
            return None
        out.store(kind, name, unescape(text[close + 1 : end]), line, section)
    expected = text.count("data-section=") + text.count("data-field=") + text.count("data-cell=")
    return out if found == expected else None


def _collect(text: str) -> _Collected:
    fast = _fast_collect(text)
    if fast is not None:
        return fast
    parser = _Collector()
    parser.feed(text)
    parser.close()
    return parser.out


def _read(text: str, registry: FormatRegistry, source: str | None) -> Reading:
    parser = _collect(text)
    if parser.format is None:
        raise ReportError(
            source,
            [Problem("$", f"not a page written by this library (no {MARKER} attribute)")],
        )
    format_field = parser.fields.get("format", (parser.format, 1))
    spec = format_of(format_field[0], registry, source, "format", format_field[1])
    notes: list[ReadNote] = []
    for name, line in parser.duplicates:
        notes.append(
            ReadNote(
                "ambiguous",
                f"{name!r} is given more than once; the first is used",
                "error",
                file=source,
                line=line,
                cell=name if spec.has_cell(name) else None,
            )
        )
    agency = parser.fields.get("agency", ("", 0))[0]
    year_text, year_line = parser.fields.get("year", ("", 0))
    year = parse_year(year_text, source, "year", year_line or None)
    published_text, published_line = parser.fields.get("published", ("", 0))
    published = parse_published(published_text, source, "published", published_line or None)
    values: dict[str, Value] = {}
    kinds = cell_kinds(spec)
    for key, (cell_text, line) in parser.cells.items():
        kind = kinds.get(key)
        if kind is None:
            notes.append(
                ReadNote(
                    "unmatched-label",
                    f"format {spec.id} has no cell {key!r}; its value {cell_text!r} is not read",
                    "error",
                    file=source,
                    line=line,
                    cell=key,
                )
            )
            continue
        value = read_cell(cell_text, kind)
        values[key] = value
        if isinstance(value, str):
            note = note_value(value, cell_text, spec=spec, key=key, file=source, line=line)
            if note is not None:
                notes.append(note)
    for cell in spec.cells:
        if cell.key not in values:
            notes.append(
                ReadNote(
                    "missing-cell",
                    "the page has no such cell; read as blank",
                    "warning",
                    file=source,
                    table=cell.table.id,
                    row=cell.row_label,
                    column=cell.column_label,
                    cell=cell.key,
                )
            )
    narrative = {}
    for key, (body, line) in parser.narrative.items():
        if key in {s.key for s in spec.sections}:
            narrative[key] = body
        else:
            notes.append(
                ReadNote(
                    "unmatched-label",
                    f"narrative of unknown section {key!r} is not read",
                    "error",
                    file=source,
                    line=line,
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
        adapter="html",
    )
