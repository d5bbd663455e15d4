"""HTML → paragraphs and grids, on the tokenizer of ``_tokenize``.

The tokenizer gives the events of the standard library's ``html.parser`` for
any input (a differential test says so), at several times its speed; the
builder here makes blocks of them.  Two shortcuts keep the per-tag work down,
each checked against handling every event (``_Parser(every_tag=True)``):
inline tags are not handed over at all (they change nothing, except inside
``<head>``), and ``<p>text</p>`` comes as one event.

What real report pages look like, and what is done about it:

* **Word exports and CMS editors** split a label over ``<span>``/``<font>``/``<b>``
  (``申请人情</span><span>况``): inline elements never break text, so the label
  comes out whole.  ``<o:p>``, ``&nbsp;``, U+3000 and other odd whitespace are
  folded (see ``_normalize``); ``<![if !supportLists]>`` markers are dropped
  but their content kept, as browsers do.
* **Blocks**: ``<p>``, ``<div>``, headings, ``<li>``, ``<br>`` and the other
  block elements end a paragraph.  Inside a grid cell the paragraphs of the
  cell are joined with one space (``本年新<br>制作数量`` → ``本年新 制作数量``).
* **Tables**: ``<td>``/``<th>`` with omitted end tags, ``<tr>`` outside any
  row group, ``<thead>/<tbody>/<tfoot>`` (the first ``<thead>`` is put first and
  the first ``<tfoot>`` last, as rendered), ``<caption>`` (→ :attr:`Grid.caption`),
  spans (resolved by ``_grid``), text stray between rows (emitted as
  paragraphs before the grid, where browsers show it).
* **Layout tables**: a table is *dissolved* — its cells' contents emitted in
  order as paragraphs, with any inner tables as their own grids — when it
  contains another table, has a single cell, or most of its text is running
  prose (cells of two or more paragraphs and 200+ characters, or of 1000+
  characters, holding at least half the table's text; a data table with a long
  footnote row stays a grid).  The report's headings then stay paragraphs and
  each data table stays a grid, instead of a whole page collapsing into one
  cell.  A data table that itself nests a table is dissolved too (rare; noted).
* **Ignored**: comments, ``<head>`` (closed implicitly by the first body
  element), ``<script>``, ``<style>``, ``<title>``, ``<template>``,
  ``<noscript>``, ``<iframe>``, ``<object>``.  Nothing is fetched or executed.
* **Robustness**: no recursion anywhere (deep nesting is just a longer stack);
  an unclosed comment swallows the rest of the input (as in browsers) and a
  ``<`` with no ``>`` after it is text, which also keeps the tokenizer linear.
"""

from __future__ import annotations

import re
from html import unescape

from ._errors import ExtractError
from ._grid import MAX_COLSPAN, MAX_ROWSPAN, RawCell, SourceCell, parse_span, resolve_grid
from ._model import Block, Document, Paragraph
from ._normalize import fold_whitespace, normalize_newlines
from ._tokenize import Attrs, Tokenizer, fast_attrs, plain_start_tag, plain_tag

__all__ = ["extract_html"]

_BLOCK = frozenset(
    (
        *("address", "article", "aside", "blockquote", "body", "center", "dd", "details"),
        *("dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer"),
        *("form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html"),
        *("legend", "li", "listing", "main", "menu", "nav", "ol", "optgroup", "option", "p"),
        *("plaintext", "pre", "section", "select", "summary", "ul", "xmp"),
    )
)
_SKIP = frozenset(
    ("script", "style", "title", "template", "noscript", "iframe", "object", "noembed", "noframes")
)
_HEAD_CONTENT = frozenset(
    (
        *("base", "basefont", "bgsound", "link", "meta", "title", "style", "script"),
        *("noscript", "template"),
    )
)
_VOID = frozenset(
    (
        *("area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input"),
        *("keygen", "link", "meta", "param", "source", "track", "wbr"),
    )
)
_GROUPS = frozenset(("thead", "tbody", "tfoot"))
_TABLE_PARTS = frozenset(("table", "td", "th", "tr", "caption", "pre", "br", *_GROUPS))
# The tags that do anything outside skipped content; all others are inline markup.
_ACTIVE = _BLOCK | _SKIP | _TABLE_PARTS | {"head"}
_ACTIVE_END = _BLOCK | _TABLE_PARTS | {"p"}
_ACTIVE_TAGS = _ACTIVE | _ACTIVE_END
# Tags whose start and end tags only end the current paragraph (pre also counts lines).
_BREAKS = (_BLOCK - {"pre"}) | {"br"}
# A cell read in one step (_Parser.read_cells): after its start tag, one
# paragraph's text (group 1) amid plain tags that only break paragraphs (the
# usual <p>, <br>, <div>) or change nothing (the usual inline tags), with only
# whitespace and such tags around it, up to an explicit </td> or </th>.
# Anything else — a second paragraph, an inner table, a comment, a rarer tag —
# is left to the events.  (A "<" in a quoted attribute value is read as the
# tokenizer reads it: within the value, see plain_tag.)  Then, when what
# follows is the next cell's start tag, it too (whitespace goes to no paragraph
# while the table has no stray text): group 4 is that start tag and group 5
# its attributes.  Between the two may stand the row's end tag and the next
# row's start tag, each or both (group 2): one new row either way.
# (The tag names go commonest first: they are tried in this order, see plain_tag.)
_CELL_INLINE = ("span", "o:p", "font", "b", "strong", "i", "em", "u", "a", "sup", "sub")
_CELL_BREAKS = ("p", "br", "div")
_CELL_TAG = plain_tag(_CELL_INLINE)
_CELL_ANY_TAG = plain_tag(_CELL_BREAKS + _CELL_INLINE)
# The paragraph's text (_TEXT_RUN) ends with its last text piece: the inline
# tags after it (Word's <span><o:p></o:p></span>) go to what follows, so that
# most texts hold no tag to take out.
_TEXT_RUN = rf"([^<]*+(?:(?:{_CELL_TAG})++[^<]++)*+)"
_CELL = re.compile(
    rf"(?:\s++|{_CELL_ANY_TAG})*+{_TEXT_RUN}(?:\s++|{_CELL_ANY_TAG})*+"
    r"</[tT][dDhH][ \t\n\r\f]*+>"
    rf"(?:\s*+((?:</[tT][rR][ \t\n\r\f]*+>\s*+)?(?:{plain_start_tag(('tr',))}\s*+)?)"
    rf"({plain_start_tag(('td', 'th'))}))?"
)
_CELL_TAGS = re.compile(_CELL_TAG)
_CELL_TEXT = re.compile(rf"(?:{_CELL_TAG})*+([^<]++)")  # the next text piece
# Text that resolves to whitespace only, whatever its pieces (Word's empty
# cells: <p>&nbsp;</p>): no paragraph, without resolving it.
_CELL_BLANK = re.compile(rf"(?:\s++|&nbsp;|{_CELL_TAG})*+")
# A test for what fast_attrs would find in a cell's attributes (it only takes spans,
# whose names are ASCII): "span" in the lowered attributes holds for rowspan or
# colspan in any case, and for a few other texts it then drops.  (A substring
# test on a copy: several times faster than a search on Word's long style values.)
_SPAN = "span"
# A paragraph read in one step (_Parser.read_paragraph): after <p>, text and the
# usual inline tags up to </p>; its text (group 1) starts at its first character.
_PARAGRAPH = re.compile(rf"(?:\s++|{_CELL_TAG})*+{_TEXT_RUN}(?:{_CELL_TAG})*+</[pP][ \t\n\r\f]*+>")
_PROSE_PARAGRAPHS = 2
_PROSE_CHARS = 200
_LONG_CELL_CHARS = 1000


class _Chunk:
    """An ordered piece of output: blocks and nested chunks (flattened once, at the end).

    Dissolving a layout table hands its cells' chunks to the parent by
    reference, so deeply nested layout tables cost linear, not quadratic, time.
    """

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[Block | _Chunk] = []


class _Sink(_Chunk):
    """Collects text into paragraphs; the document root, a cell, a caption…"""

    __slots__ = ("chars", "line", "paragraphs", "pieces")

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self.line: int | None = None
        self.paragraphs = 0
        self.chars = 0

    def add(self, data: str, line: int) -> None:
        if self.line is None:
            stripped = data.lstrip()
            if stripped:
                self.line = line + data.count("\n", 0, len(data) - len(stripped))
        self.pieces.append(data)

    def brk(self) -> None:
        if self.pieces:
            text = fold_whitespace("".join(self.pieces))
            self.pieces.clear()
            if text:
                self.items.append(Paragraph(text, self.line))
                self.paragraphs += 1
                self.chars += len(text)
        self.line = None

    def add_text(self, text: str, line: int | None) -> None:
        """A whole paragraph at once (what :meth:`add` and :meth:`brk` make of it)."""
        text = fold_whitespace(text)
        if text:
            self.items.append(Paragraph(text, line))
            self.paragraphs += 1
            self.chars += len(text)

    def add_chunk(self, chunk: _Chunk) -> None:
        self.brk()
        self.items.append(chunk)

    def text(self) -> str:
        """The cell text: its paragraphs joined by one space."""
        if self.pieces:
            self.brk()
        items = self.items
        if not items:
            return ""
        if len(items) == 1 and isinstance(items[0], Paragraph):  # most cells: one paragraph
            return items[0].text
        return " ".join(b.text for b in items if isinstance(b, Paragraph))


class _Cell(_Sink):
    """A table cell read by the events (:meth:`_Parser.read_cells` reads most cells whole)."""

    __slots__ = ("colspan", "header", "rowspan", "start")

    def __init__(self, start: int, rowspan: int, colspan: int, header: bool) -> None:
        super().__init__()
        self.start = start
        self.rowspan = rowspan
        self.colspan = colspan
        self.header = header

    def raw(self) -> RawCell:
        """The cell for the grid."""
        return RawCell(self.text(), self.rowspan, self.colspan, self.start, self.header)


def _spans(attrs: Attrs) -> tuple[int, int, int]:
    """A cell's rowspan and colspan, from its span attributes, and how many were adjusted."""
    if not attrs:  # (the tokenizer hands over the span attributes only)
        return 1, 1, 0
    first: dict[str, str | None] = {}
    for name, value in attrs:
        first.setdefault(name, value)
    rowspan, bad_r = parse_span(first.get("rowspan"), maximum=MAX_ROWSPAN, zero=0)
    colspan, bad_c = parse_span(first.get("colspan"), maximum=MAX_COLSPAN, zero=1)
    return rowspan, colspan, bad_r + bad_c


class _Table:
    """A table being read; rows of cells, row groups, caption, stray text."""

    def __init__(self, line: int) -> None:
        self.line = line
        self.rows: list[list[_Cell | SourceCell]] = []
        """The cells of each row: the ones read whole (most) as they go to the grid."""
        self.row_group: list[int] = []
        self.group_kinds: list[str] = []
        self.group: int | None = None
        self.row_open = False
        self.cell: _Cell | None = None
        self.caption: _Sink | None = None
        self.captions: list[_Sink] = []
        self.foster = _Sink()
        self.nested = False
        self.adjusted_spans = 0

    def close_caption(self) -> None:
        if self.caption is not None:
            self.caption.brk()
            self.caption = None

    def close_cell(self) -> None:
        if self.cell is not None:
            self.cell.brk()
            self.cell = None

    def close_row(self) -> None:
        self.close_cell()
        self.row_open = False

    def open_group(self, kind: str) -> None:
        self.close_caption()
        self.close_row()
        self.group = len(self.group_kinds)
        self.group_kinds.append(kind)

    def close_group(self) -> None:
        self.close_row()
        self.group = None

    def open_row(self) -> None:
        self.close_caption()
        self.close_row()
        if self.group is None:
            self.open_group("")
        assert self.group is not None
        self.rows.append([])
        self.row_group.append(self.group)
        self.row_open = True

    def start_cell(self) -> None:
        """What a cell's start tag does first: end the open caption or cell, open a row if none."""
        if self.caption is not None:  # (tested here: the usual cell start has neither)
            self.close_caption()
        if self.cell is not None:
            self.close_cell()
        if not self.row_open:
            self.open_row()

    def open_cell(self, line: int, rowspan: int, colspan: int, header: bool) -> None:
        """Open a cell for the events to fill (after :meth:`start_cell`)."""
        self.cell = _Cell(line, rowspan, colspan, header)
        self.rows[-1].append(self.cell)

    def open_caption(self) -> None:
        self.close_caption()
        self.close_row()
        self.caption = _Sink()
        self.captions.append(self.caption)

    def sink(self) -> _Sink:
        if self.caption is not None:
            return self.caption
        if self.cell is not None:
            return self.cell
        return self.foster

    # -- finishing -----------------------------------------------------------
    def finish(self, notes: list[str]) -> _Chunk:
        """Close everything and return the table's output (a grid or dissolved blocks)."""
        self.close_caption()
        self.close_row()
        self.foster.brk()
        out = _Chunk()
        out.items.append(self.foster)
        cells = [c for row in self.rows for c in row]
        if self.adjusted_spans:
            notes.append(
                f"line {self.line}: {self.adjusted_spans} invalid or out-of-range "
                "rowspan/colspan value(s) adjusted"
            )
        reason = self._layout_reason(cells)
        if reason:
            notes.append(
                f"line {self.line}: layout table ({reason}); its cells were emitted as paragraphs"
            )
            out.items.extend(self.captions)
            for c in cells:
                if isinstance(c, _Cell):
                    c.brk()
                    out.items.append(c)
                else:  # a cell read whole: its one paragraph, if any
                    text, _, _, _, _, text_line = c
                    if text:
                        out.items.append(Paragraph(text, text_line))
            return out
        caption = " ".join(t for t in (s.text() for s in self.captions) if t)
        if not cells:
            if caption:
                out.items.append(Paragraph(caption, self.line))
            return out
        order = self._row_order()
        rows = [self.rows[k] for k in order]
        groups = [self.row_group[k] for k in order]
        ends = [0] * len(rows)
        end = len(rows)
        for r in range(len(rows) - 1, -1, -1):
            if r + 1 < len(rows) and groups[r + 1] != groups[r]:
                end = r + 1
            ends[r] = end
        raw = [[c.raw() if isinstance(c, _Cell) else c for c in row] for row in rows]
        grid = resolve_grid(raw, ends, line=self.line, caption=caption, notes=notes)
        if grid is None:
            notes.append(
                f"line {self.line}: table too large to resolve as a grid; "
                "emitted one paragraph per row, cells joined by ' | '"
            )
            if caption:
                out.items.append(Paragraph(caption, self.line))
            for row in raw:
                if row:
                    texts = " | ".join(text for text, *_ in row)
                    out.items.append(Paragraph(texts, row[0][3]))  # (the row's first cell's line)
            return out
        out.items.append(grid)
        return out

    def _layout_reason(self, cells: list[_Cell | SourceCell]) -> str:
        if self.nested:
            return "contains tables"
        if len(cells) == 1:
            return "single cell"
        total = prose = 0
        for c in cells:
            if isinstance(c, _Cell):
                if c.pieces:
                    c.brk()
                paragraphs, chars = c.paragraphs, c.chars
            else:  # a cell read whole: one paragraph, or none
                chars = len(c[0])  # (its text)
                paragraphs = 1 if chars else 0
            total += chars
            if (paragraphs >= _PROSE_PARAGRAPHS and chars >= _PROSE_CHARS) or (
                chars >= _LONG_CELL_CHARS
            ):
                prose += chars
        # A data table with a long footnote keeps its grid: prose must dominate.
        if prose and prose * 2 >= total:
            return "running text in its cells"
        return ""

    def _row_order(self) -> list[int]:
        """Row indexes in rendering order: first thead group first, first tfoot group last."""
        kinds = self.group_kinds
        head = next((g for g, k in enumerate(kinds) if k == "thead"), None)
        foot = next((g for g, k in enumerate(kinds) if k == "tfoot"), None)
        n = len(self.rows)
        if head is None and foot is None:
            return list(range(n))
        first = [r for r in range(n) if self.row_group[r] == head]
        last = [r for r in range(n) if self.row_group[r] == foot]
        middle = [r for r in range(n) if self.row_group[r] not in (head, foot)]
        return first + middle + last


class _Parser(Tokenizer):
    attributes_of = frozenset(("td", "th"))  # spans are the only attributes read
    attribute_names = frozenset(("rowspan", "colspan"))  # (cell_start tests for them: _SPAN)

    def __init__(self, *, every_tag: bool = False) -> None:
        super().__init__()
        # Inline tags change nothing (see handle_starttag) except inside
        # <head>, which they close: the tokenizer need not report them.
        # every_tag=True turns this and the other shortcuts off (for tests).
        self.every_tag = every_tag
        self.reported = None if every_tag else _ACTIVE_TAGS
        self.root = _Sink()
        self.tables: list[_Table] = []
        self.current: _Sink = self.root
        """Where text goes now (kept up to date by :meth:`resink` after table events)."""
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.pre_depth = 0
        self.notes: list[str] = []
        self.cell_starts: dict[str, tuple[int, int, int, bool]] = {}
        """:meth:`cell_start` of the cells' start tags met (a page repeats a few)."""

    def sink(self) -> _Sink:
        return self.tables[-1].sink() if self.tables else self.root

    def resink(self) -> None:
        self.current = self.tables[-1].sink() if self.tables else self.root

    def handle_startendtag(self, tag: str, attrs: Attrs, pos: int) -> None:
        # Browsers ignore the self-closing flag on non-void elements.
        self.handle_starttag(tag, attrs, pos)
        if tag in _VOID:
            self.handle_endtag(tag, pos)

    def handle_starttag(self, tag: str, attrs: Attrs, pos: int) -> None:
        if self.skip_tag is not None:
            if self.skip_tag == "head" and tag not in _HEAD_CONTENT:
                self.skip_tag = None  # implicit </head>; handle the tag below
                self.reported = None if self.every_tag else _ACTIVE_TAGS
            else:
                if tag == self.skip_tag:
                    self.skip_depth += 1
                return
        if tag in _BREAKS:  # the usual case: a block element ends the paragraph
            current = self.current
            if current.pieces:
                current.brk()
            else:
                current.line = None
            if tag == "p" and self.token_end > 0 and not self.pre_depth and not self.every_tag:
                self.read_paragraph(current)
            return
        if tag not in _ACTIVE:
            return  # inline markup (span, font, b, o:p…) never breaks text
        if tag in _SKIP or tag == "head":
            self.skip_tag = tag
            self.skip_depth = 1
            if tag == "head":
                self.reported = None  # any inline tag closes <head>
            return
        table = self.tables[-1] if self.tables else None
        if tag == "table":
            self.current.brk()
            if table is not None:
                table.nested = True
            self.tables.append(_Table(self.line_at(pos)))
        elif table is not None and tag in ("td", "th"):
            table.start_cell()
            rowspan, colspan, adjusted = _spans(attrs)
            table.adjusted_spans += adjusted
            line = self.line_at(pos)
            header = tag == "th"
            if (
                not self.pre_depth
                and not self.every_tag
                and self.token_end > 0
                and not table.foster.pieces  # (whitespace between cells would join it)
            ):
                self.read_cells(table, pos, line, rowspan, colspan, header)
            else:
                table.open_cell(line, rowspan, colspan, header)
        elif table is not None and tag == "tr":
            table.open_row()
        elif table is not None and tag in _GROUPS:
            table.open_group(tag)
        elif table is not None and tag == "caption":
            table.open_caption()
        elif tag == "pre":
            self.pre_depth += 1
            self.current.brk()
            return
        else:  # a table part outside any table
            self.current.brk()
            return
        self.resink()

    def handle_endtag(self, tag: str, pos: int) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth <= 0:
                    self.skip_tag = None
                    self.reported = None if self.every_tag else _ACTIVE_TAGS
            return
        if tag in _BREAKS:
            current = self.current
            if current.pieces:
                current.brk()
            else:
                current.line = None
            return
        if tag not in _ACTIVE_END:
            return
        table = self.tables[-1] if self.tables else None
        if tag == "table":
            if table is not None:
                self.finish_table()
        elif table is not None and tag in ("td", "th"):
            table.close_cell()
        elif table is not None and tag == "tr":
            table.close_row()
        elif table is not None and tag in _GROUPS:
            table.close_group()
        elif table is not None and tag == "caption":
            table.close_caption()
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
            self.current.brk()
            return
        else:
            return
        self.resink()

    def read_cells(
        self, table: _Table, pos: int, line: int, rowspan: int, colspan: int, header: bool
    ) -> None:
        """Read the cell whose start tag was just read, and the cells after it, in one step.

        Word exports wrap each cell's text in half a dozen tags
        (``<p><span>…</span><span><o:p></o:p></span></p>``), each an event
        costing more than the text.  When what follows the cell's start tag
        up to its ``</td>`` is one paragraph amid tags that change nothing
        else (:data:`_CELL`), the cell goes to its row as the grid takes it
        (a :data:`SourceCell`, its text made exactly as the events would make
        it), with no :class:`_Cell` to fill; so does the next cell, when its
        start tag follows, and so on along the rows.  The first cell that is
        not a plain one is opened for the events, and the tokenizer skips to
        where this stopped.  (``pos`` and ``line`` are where the first cell's
        start tag is; lines are counted on from there, as :meth:`line_at`
        would count them, without two calls per cell.)
        """
        text = self.text
        starts = self.cell_starts
        row = table.rows[-1]
        m = None
        scan = _CELL.scanner(text, self.token_end)  # type: ignore[attr-defined]  # (see tokenize)
        for m in iter(scan.match, None):  # back to back
            content, start_tag = m.group(1, 4)  # (the next cell's start tag, if it follows)
            if "&" in content or "<" in content:
                content, text_line = self.marked_paragraph(content, *m.span(1))
            else:  # (its first character is where the events would count its line)
                text_line = line + text.count("\n", pos, m.start(1))
            row.append((fold_whitespace(content), rowspan, colspan, line, header, text_line))
            if start_tag is None:
                break
            row_start, tag_start = m.span(2)  # (the row tags end where the cell's start tag starts)
            if row_start < tag_start:  # a row's end or start tag, or both
                table.open_row()
                row = table.rows[-1]
            rowspan, colspan, adjusted, header = starts.get(start_tag) or self.cell_start(m)
            if adjusted:
                table.adjusted_spans += adjusted
            line += text.count("\n", pos, tag_start)
            pos = tag_start
        else:  # a cell that is not a plain one
            table.open_cell(line, rowspan, colspan, header)
        if m is not None:  # (the last match: where reading stopped)
            self.skip_to(m.end())  # (handle_starttag then points the text at the open cell, if any)

    def cell_start(self, m: re.Match[str]) -> tuple[int, int, int, bool]:
        """What the next cell's start tag (in ``m``, a match of :data:`_CELL`) says.

        Its rowspan, colspan and number of adjusted values (:func:`_spans`),
        and whether it is a ``<th>``; kept in :attr:`cell_starts`.
        """
        start_tag, source = m.group(4, 5)
        attrs = fast_attrs(source, self.attribute_names) if _SPAN in source.lower() else []
        found = self.cell_starts[start_tag] = (*_spans(attrs), start_tag[2] in "hH")  # <th, <TH
        return found

    def read_paragraph(self, sink: _Sink) -> None:
        """Read the paragraph just opened up to its ``</p>`` in one step, if it is a plain one.

        What :meth:`read_cells` does for cells, for the paragraphs of a page
        (Word's ``<p><span><font>…</font></span>…</p>``): text and the usual
        inline tags only (:data:`_PARAGRAPH`), else the events read it.
        """
        m = _PARAGRAPH.match(self.text, self.token_end)
        if m is None:
            return
        content = m.group(1)
        if "&" in content or "<" in content:
            sink.add_text(*self.marked_paragraph(content, *m.span(1)))
        elif content:  # (its first character is where the events would count its line)
            sink.add_text(content, self.line_at(m.start(1)))
        self.skip_to(m.end())  # (</p> breaks a paragraph that add_text has closed)

    def marked_paragraph(self, content: str, start: int, stop: int) -> tuple[str, int | None]:
        """The text of a paragraph read in one step that holds inline tags or references.

        ``content`` is the paragraph's source, ``text[start:stop]``, which
        starts at its first character (not whitespace).  Returns the text
        (not folded yet) and its line where the events would count it
        (``None`` for a blank paragraph).
        """
        if "&" in content:
            if _CELL_BLANK.fullmatch(self.text, start, stop):
                return "", None
            return self.resolved_paragraph(start, stop)
        return _CELL_TAGS.sub("", content), self.line_at(start)

    def resolved_paragraph(self, start: int, stop: int) -> tuple[str, int | None]:
        """:meth:`marked_paragraph` of a paragraph with references.

        Each text piece is resolved alone, as the tokenizer does, and pieces
        that resolve to whitespace before any text are left out, as
        :meth:`handle_data` does (``&nbsp;`` alone makes no paragraph).
        """
        text = self.text
        pieces: list[str] = []
        line = None
        at = start
        while (m := _CELL_TEXT.match(text, at, stop)) is not None:  # back to back
            at = m.end()
            data = m.group(1)
            if "&" in data:
                data = unescape(data)
            if line is None:
                if not data or data.isspace():
                    continue
                stripped = data.lstrip()
                line = self.line_at(m.start(1)) + data.count("\n", 0, len(data) - len(stripped))
            pieces.append(data)
        return "".join(pieces), line

    def handle_element(
        self, tag: str, attrs: Attrs, text: str, pos: int, text_pos: int, end: int
    ) -> None:
        # <p>text</p> and the like: what the three events do, at once
        # (every_tag: one event at a time, for the test that compares the two)
        if tag in _BREAKS and self.skip_tag is None and not self.pre_depth and not self.every_tag:
            current = self.current
            if current.pieces:
                current.brk()
            current.line = None
            if text:
                current.add(text, self.line_at(text_pos))
                current.brk()
            return
        super().handle_element(tag, attrs, text, pos, text_pos, end)

    def handle_data(self, data: str, pos: int) -> None:
        if self.skip_tag is not None or not data:
            return
        sink = self.current
        if not sink.pieces and not self.pre_depth and not self.every_tag and data.isspace():
            return  # whitespace before any text (between tags, mostly) folds away
        if self.pre_depth and "\n" in data:
            line = self.line_at(pos)
            parts = data.split("\n")
            for k, part in enumerate(parts):
                if k:
                    sink.brk()
                sink.add(part, line + k)
            return
        if sink.line is None:
            sink.add(data, self.line_at(pos))
        else:
            sink.pieces.append(data)

    def finish_table(self) -> None:
        table = self.tables.pop()
        chunk = table.finish(self.notes)
        self.sink().add_chunk(chunk)
        self.resink()

    def finish(self) -> tuple[Block, ...]:
        if self.tables:
            self.notes.append(
                f"line {self.tables[-1].line}: {len(self.tables)} table(s) not closed "
                "before the end of the input"
            )
        while self.tables:
            self.finish_table()
        self.root.brk()
        return _flatten(self.root)


def _flatten(root: _Chunk) -> tuple[Block, ...]:
    out: list[Block] = []
    stack: list[tuple[_Chunk, int]] = [(root, 0)]
    while stack:
        chunk, k = stack.pop()
        items = chunk.items
        while k < len(items):
            item = items[k]
            k += 1
            if isinstance(item, _Chunk):
                if isinstance(item, _Sink):
                    item.brk()
                stack.append((chunk, k))
                stack.append((item, 0))
                break
            out.append(item)
    return tuple(out)


def _defuse(text: str, notes: list[str]) -> str:
    """Make the input safe for linear tokenizing, changing nothing a browser would show.

    An unclosed ``<!--`` comments out the rest of the document (browser
    behaviour); a ``<`` after the last ``>`` cannot start a tag and is text.
    Without this the tokenizer (like html.parser) rescans to the end once per such ``<``.
    """
    i = text.find("<!--")
    while i >= 0:
        j = text.find("-->", i + 4)
        if j < 0:
            line = text.count("\n", 0, i) + 1
            notes.append(f"line {line}: comment not closed; the rest of the input is ignored")
            text = text[:i]
            break
        i = text.find("<!--", j + 3)
    last_gt = text.rfind(">")
    tail = text[last_gt + 1 :]
    if "<" in tail:
        text = text[: last_gt + 1] + tail.replace("<", "&lt;")
    return text


def extract_html(text: str, *, encoding: str | None = None) -> Document:
    """Extract paragraphs and grids from an HTML page or fragment.

    ``encoding`` is only recorded in the :class:`Document`.  Raises
    :class:`ExtractError` only if the tokenizer fails in an unforeseen way
    (see the error's docstring); any other input, however broken, gives a
    document.
    """
    return _extract(text, encoding, _Parser())


def _extract(text: str, encoding: str | None, parser: _Parser) -> Document:
    notes: list[str] = []
    text = _defuse(normalize_newlines(text), notes)
    try:
        parser.tokenize(text)
    except Exception as exc:  # a tokenizer bug must not surface as a deep traceback
        raise ExtractError(f"HTML tokenizer failed: {exc}", line=parser.last_line) from exc
    blocks = parser.finish()
    return Document("html", encoding, blocks, tuple(notes + parser.notes))
