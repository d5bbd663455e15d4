"""Word documents (DOCX) → paragraphs and grids (zipfile, and lxml for the body).

A DOCX file is a zip package whose main part (``word/document.xml``, found
through ``_rels/.rels``) holds the body: paragraphs (``w:p``) and tables
(``w:tbl``) in reading order.  :func:`read_body` turns it into a small tree
of :class:`DocxParagraph` and :class:`DocxTable` with the *exact* texts (tabs
and line breaks kept), which the ``docx`` adapter reads its own output from;
:func:`extract_docx` turns that tree into the :class:`Document` every
published input becomes, for the published-report reader.

What Word documents written by people look like, and what is done about it:

* **Labels split across runs** (``申请人情</w:t></w:r><w:r><w:t>况``): runs
  never break text, and so neither do hyperlinks, content controls, smart
  tags, simple fields and tracked insertions; tracked deletions
  (``w:delText``), field codes (``w:instrText``) and drawings (text boxes)
  are not text of the paragraph.  ``w:tab`` is a tab, ``w:br``/``w:cr`` a
  line break, ``w:noBreakHyphen`` a hyphen.
* **Merged cells**: ``w:gridSpan`` is a colspan; ``w:vMerge`` (``restart``,
  then continuation cells below) a rowspan; the legacy ``w:hMerge`` joins a
  cell to the one on its left; ``w:gridBefore``/``w:gridAfter`` leave grid
  columns empty.  A continuation cell that does not line up with the cell
  above it (another start column or width) is *not* merged: it stays a
  cell of its own, and a note says so — guessing which cell it continues
  could put a value in the wrong column.
* **Paragraphs between tables** are paragraphs; the body's paragraphs (one
  line per paragraph, one per line break) go through the plain-text
  extractor (:func:`._text.extract_text`), so a table typed as text — cells
  separated by tabs — reads as a text table reads: each row a paragraph
  whose labels and numbers the reader's run matcher places, never by a
  tab's position (alignment tabs come in any number).
* **Layout tables** are dissolved — their cells' contents emitted in order,
  inner tables as their own grids — when they contain a table (a nested
  table), have a single cell, or hold mostly running prose, with the rules
  of the HTML extractor.
* **Locations**: a Word document has no lines, so a "line" here is a
  *paragraph number*: every paragraph of the body counted from 1 in reading
  order, the paragraphs of table cells included.

The body is parsed with lxml (the ``docx`` extra brings it with python-docx;
without it a :class:`~disclosure_format.MissingDependencyError` names the
extra): it builds the tree of a Word body several times as fast as the
standard library and takes a paragraph's text out in C.  Entities, DTDs and
the network are off.

Bounds: the package is refused (:class:`ExtractError`) when it is not a zip,
has no main document part, would unpack the parts read to more than the
input size limit (:func:`..limits.resolve`: zip bombs), holds a DTD (OOXML
has none; entity tricks are refused outright), or nests tables more than
:data:`MAX_NESTING` deep.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from typing import Any

import attrs

from ..errors import MissingDependencyError
from ..limits import resolve
from ._errors import ExtractError
from ._grid import MAX_AREA, MAX_COLSPAN
from ._html import _LONG_CELL_CHARS, _PROSE_CHARS, _PROSE_PARAGRAPHS
from ._model import Block, Cell, Document, Grid, Paragraph
from ._normalize import fold_whitespace
from ._text import extract_text

__all__ = [
    "MAX_NESTING",
    "DocxCell",
    "DocxParagraph",
    "DocxTable",
    "core_properties",
    "extract_docx",
    "is_docx",
    "is_legacy_office",
    "read_body",
]

MAX_NESTING = 32
"""Tables nested deeper than this are refused (real reports nest two or three)."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_CORE_PROPERTIES = "/metadata/core-properties"
_DEFAULT_MAIN = "word/document.xml"
_DEFAULT_CORE = "docProps/core.xml"
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)

# Elements of the body (or a cell) that hold further body content.
_BLOCK_CONTAINERS = frozenset(_W + n for n in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))
_P, _TBL, _TR, _TC, _R = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "r"
_T = _W + "t"
_CHARACTERS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_TEXT = (_T, *_CHARACTERS)
_NOT_TEXT = (
    *(_W + n for n in ("drawing", "pict", "object", "moveFrom")),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
)
_VAL = _W + "val"
_STYLE_PATH = f"{_W}pPr/{_W}pStyle"
_RUN_STYLE_PATH = f".//{_W}rStyle"


def is_docx(data: bytes) -> bool:
    """True if ``data`` looks like a Word package: a zip naming parts under ``word/``."""
    return data.startswith(b"PK\x03\x04") and b"word/" in data


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def is_legacy_office(data: bytes) -> bool:
    """True for an OLE2 compound file: Word 97–2003 ``.doc``, WPS ``.wps``, old ``.xls``…"""
    return data.startswith(_OLE2)


def refuse_legacy_office(data: bytes) -> Document:
    """Refuse a legacy binary document, saying how to convert it (never read as empty)."""
    kind = (
        "a Word 97-2003 document (.doc)"
        if _WORD_STREAM in data
        else "a legacy binary office document (OLE2: .doc, .wps, .xls…)"
    )
    raise ExtractError(
        f"{kind}: this format is not read; convert it to .docx first, "
        "e.g. soffice --headless --convert-to docx FILE"
    )


@attrs.frozen
class DocxParagraph:
    """A paragraph: its exact text (tabs, line breaks), style id and paragraph number.

    ``runs`` holds (character style id, text) of each run, for readers that
    mark parts of a paragraph with character styles.
    """

    text: str
    style: str
    line: int
    runs: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class DocxCell:
    """A table cell placed on the table's grid, with its content (paragraphs, tables)."""

    content: tuple[DocxParagraph | DocxTable, ...]
    row: int
    col: int
    rowspan: int
    colspan: int
    line: int
    header: bool = False

    @property
    def text(self) -> str:
        """The exact text of the cell's paragraphs, joined by line breaks."""
        return "\n".join(p.text for p in self.content if isinstance(p, DocxParagraph))


@attrs.frozen
class DocxTable:
    """A table with its merges resolved: cells on an ``n_rows`` × ``n_cols`` grid."""

    cells: tuple[DocxCell, ...]
    n_rows: int
    n_cols: int
    line: int
    caption: str = ""
    notes: tuple[str, ...] = ()

    def origins(self) -> dict[tuple[int, int], DocxCell]:
        """Each cell by its top-left grid position."""
        return {(c.row, c.col): c for c in self.cells}


# --- the package ----------------------------------------------------------------


class _Package:
    """The parts of a DOCX zip, read on demand within the size limit."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = {info.filename: info for info in self.zip.infolist()}
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ExtractError(f"not a readable Word document (DOCX): {exc}") from None
        self.budget = resolve(None)

    def read(self, name: str) -> bytes | None:
        info = self.names.get(name)
        if info is None:
            return None
        if info.file_size > self.budget:
            raise ExtractError(
                f"the Word document's part {name} unpacks to {info.file_size:,} bytes, "
                f"over the input size limit of {resolve(None):,}: not read"
            )
        self.budget -= info.file_size
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise ExtractError(f"the Word document's part {name} cannot be read: {exc}") from None

    def related(self, rel_type: str, default: str) -> str:
        """The part the package relationship of ``rel_type`` names (else ``default``)."""
        rels = self.read("_rels/.rels")
        if rels is not None:
            for rel in _parse(rels, "_rels/.rels").iter(_REL):
                if rel.get("Type", "").endswith(rel_type):
                    target = rel.get("Target", "").lstrip("/")
                    if target and rel.get("TargetMode") != "External":
                        return target
        return default


def _check_xml(data: bytes, name: str) -> None:
    if _DTD.search(data, 0, 4096) is not None or b"<!ENTITY" in data:
        raise ExtractError(
            f"the Word document's part {name} declares a DTD, which OOXML never does"
        )


def _parse(data: bytes, name: str) -> ET.Element:
    """A small part (relationships, core properties), with the standard library."""
    _check_xml(data, name)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise ExtractError(
            f"the Word document's part {name} is not well-formed XML: {exc}"
        ) from None


def _parse_body(data: bytes, name: str) -> Any:
    """The main part, with lxml: it builds the tree of a Word body several times as fast as
    the standard library, and takes the text out of a paragraph in C (see :func:`_prepare`)."""
    _check_xml(data, name)
    etree = _lxml()
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ExtractError(
            f"the Word document's part {name} is not well-formed XML: {exc}"
        ) from None
    _prepare(root, etree)
    return root


def _lxml() -> Any:
    try:
        from lxml import etree  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        raise MissingDependencyError(
            "reading Word documents needs lxml: pip install 'disclosure-format[docx]'",
            extra="docx",
        ) from None
    return etree


def _prepare(root: Any, etree: Any) -> None:
    """Make a paragraph's text what ``itertext`` over its text elements gives.

    Drawings, pictures, embedded objects and alternate content (text boxes,
    shapes) are removed — they are not the paragraph's text, and alternate
    content says everything twice; the run elements that stand for
    characters (``w:tab``, ``w:br``, ``w:cr``, ``w:noBreakHyphen``) get that
    character as their text (a ``w:tab`` outside a run is a tab stop).
    """
    etree.strip_elements(root, *_NOT_TEXT, with_tail=False)
    for element in root.iter(*_CHARACTERS):
        if element.getparent().tag == _R:
            element.text = _CHARACTERS[element.tag]


def core_properties(data: bytes) -> dict[str, str]:
    """The document's core properties (``title``, ``identifier``, ``keywords``…), by local name.

    Empty when the package has none; never raises on a package that opens.
    """
    package = _Package(data)
    core = package.read(package.related(_CORE_PROPERTIES, _DEFAULT_CORE))
    if core is None:
        return {}
    out: dict[str, str] = {}
    for element in _parse(core, "docProps/core.xml"):
        if isinstance(element.tag, str):  # (lxml gives comments a function as their tag)
            out[element.tag.rpartition("}")[2]] = element.text or ""
    return out


# --- the body -----------------------------------------------------------------


class _Walker:
    """Walks the body in reading order, numbering paragraphs, resolving table merges."""

    def __init__(self) -> None:
        self.line = 0
        self.notes: list[str] = []

    def blocks(self, parent: Any, depth: int) -> list[DocxParagraph | DocxTable]:
        out: list[DocxParagraph | DocxTable] = []
        stack = [iter(parent)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            tag = child.tag
            if tag == _P:
                out.append(self.paragraph(child))
            elif tag == _TBL:
                if depth >= MAX_NESTING:
                    raise ExtractError(
                        f"line {self.line}: tables nested more than {MAX_NESTING} deep: not read"
                    )
                out.append(self.table(child, depth + 1))
            elif tag in _BLOCK_CONTAINERS:
                stack.append(iter(child))
            elif tag == _W + "altChunk":
                self.notes.append(f"line {self.line}: an embedded document (altChunk) is not read")
        return out

    def paragraph(self, p: Any) -> DocxParagraph:
        self.line += 1
        found = p.find(_STYLE_PATH)
        style = "" if found is None else found.get(_VAL, "")
        text = "".join(p.itertext(*_TEXT, with_tail=False))
        runs: tuple[tuple[str, str], ...] = ()
        if p.find(_RUN_STYLE_PATH) is not None:  # (rare: only then are runs told apart)
            runs = tuple(_run(r) for r in p.iter(_R))
        return DocxParagraph(text, style, self.line, runs)

    def table(self, tbl: Any, depth: int) -> DocxTable:
        line = self.line + 1
        caption = ""
        props = tbl.find(_W + "tblPr")
        if props is not None:
            found = props.find(_W + "tblCaption")
            if found is not None:
                caption = fold_whitespace(found.get(_VAL, ""))
        rows: list[tuple[int, bool, list[tuple[Any, int, str, str]]]] = []
        for tr in _children(tbl, _TR):
            before, header, deleted = 0, False, False
            tr_props = tr.find(_W + "trPr")
            if tr_props is not None:
                before = _number(tr_props.find(_W + "gridBefore"), 0)
                header = tr_props.find(_W + "tblHeader") is not None
                deleted = tr_props.find(_W + "del") is not None
            if deleted:  # a tracked deletion: not in the document as it reads
                continue
            cells = []
            for tc in _children(tr, _TC):
                span, vmerge, hmerge = 1, "", ""
                tc_props = tc.find(_W + "tcPr")
                if tc_props is not None:
                    span = _number(tc_props.find(_W + "gridSpan"), 1)
                    vmerge = _merge(tc_props.find(_W + "vMerge"))
                    hmerge = _merge(tc_props.find(_W + "hMerge"))
                cells.append((tc, min(max(span, 1), MAX_COLSPAN), vmerge, hmerge))
            rows.append((before, header, cells))
        return self._resolve(rows, line, caption, depth)

    def _resolve(
        self,
        rows: list[tuple[int, bool, list[tuple[Any, int, str, str]]]],
        line: int,
        caption: str,
        depth: int,
    ) -> DocxTable:
        """Place the cells on the grid: gridSpan, vMerge and hMerge as Word shows them."""
        placed: list[_Placed] = []
        above: dict[int, _Placed] = {}  # start column → the cell reaching the previous row
        misaligned = 0
        n_cols = 0
        for r, (before, header, cells) in enumerate(rows):
            here: dict[int, _Placed] = {}
            c = before
            last: _Placed | None = None
            for tc, span, vmerge, hmerge in cells:
                content = self.blocks(tc, depth)
                if vmerge == "continue":
                    open_cell = above.get(c)
                    if open_cell is not None and open_cell.colspan == span:
                        open_cell.rowspan += 1
                        here[c] = open_cell
                        last = None
                        c += span
                        continue
                    misaligned += 1
                if hmerge == "continue" and last is not None and last.rowspan == 1:
                    last.colspan += span
                    last.content.extend(content)
                    c += span
                    continue
                first = next((b.line for b in content if isinstance(b, DocxParagraph)), line)
                last = _Placed(r, c, span, content, first, header)
                placed.append(last)
                here[c] = last
                c += span
            n_cols = max(n_cols, c)
            above = here
        if misaligned:
            self.notes.append(
                f"line {line}: {misaligned} vertically merged cell(s) do not line up with the "
                "cell above; each read as a cell of its own"
            )
        out = tuple(
            DocxCell(tuple(p.content), p.row, p.col, p.rowspan, p.colspan, p.line, p.header)
            for p in placed
        )
        return DocxTable(out, len(rows), n_cols, line, caption)


class _Placed:
    """A cell being placed (its spans grow as merges are found)."""

    __slots__ = ("col", "colspan", "content", "header", "line", "row", "rowspan")

    def __init__(
        self,
        row: int,
        col: int,
        colspan: int,
        content: list[DocxParagraph | DocxTable],
        line: int,
        header: bool,
    ) -> None:
        self.row, self.col, self.rowspan, self.colspan = row, col, 1, colspan
        self.content, self.line, self.header = content, line, header


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """The ``tag`` children of ``parent``, also inside content controls and custom XML."""
    stack = [iter(parent)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == tag:
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            stack.append(iter(child))


def _number(element: Any | None, default: int) -> int:
    if element is None:
        return default
    value = element.get(_VAL, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 7 else default


def _merge(element: Any | None) -> str:
    """``restart``, ``continue`` (a ``w:vMerge`` without a value continues) or ``""``."""
    if element is None:
        return ""
    return "restart" if element.get(_VAL) == "restart" else "continue"


def _run(r: Any) -> tuple[str, str]:
    """A run's (character style id, text)."""
    found = r.find(_W + "rPr/" + _W + "rStyle")
    style = "" if found is None else found.get(_VAL, "")
    return style, "".join(r.itertext(*_TEXT, with_tail=False))


def read_body(data: bytes) -> tuple[list[DocxParagraph | DocxTable], list[str]]:
    """The body of the Word document ``data``, in reading order, with notes on repairs.

    Raises :class:`ExtractError` on a package that cannot be read (see the
    module documentation for the bounds).
    """
    package = _Package(data)
    name = package.related(_OFFICE_DOCUMENT, _DEFAULT_MAIN)
    xml = package.read(name)
    if xml is None:
        raise ExtractError(f"not a Word document: the package has no main document part ({name})")
    root = _parse_body(xml, name)
    body = root.find(_W + "body")
    if body is None:
        raise ExtractError(f"not a Word document: {name} has no body")
    walker = _Walker()
    blocks = walker.blocks(body, 0)
    return blocks, walker.notes


# --- to the extraction model ----------------------------------------------------


def extract_docx(data: bytes) -> Document:
    """The :class:`Document` of a Word document (see the module documentation)."""
    body, notes = read_body(data)
    out: list[Block] = []
    lines: list[tuple[str, int]] = []  # body text lines waiting for the text extractor

    def flush() -> None:
        if lines:
            out.extend(_text_blocks(lines, notes))
            lines.clear()

    pending: list[DocxParagraph | DocxTable] = list(reversed(body))
    while pending:
        item = pending.pop()
        if isinstance(item, DocxParagraph):
            # (a line per line break; a CR, which XML keeps only as &#13;, is one too)
            text = item.text.replace("\r\n", "\n").replace("\r", "\n")
            lines.extend((part, item.line) for part in text.split("\n"))
            continue
        reason = _layout_reason(item)
        if reason:
            notes.append(
                f"line {item.line}: layout table ({reason}); its cells were emitted as paragraphs"
            )
            for cell in reversed(item.cells):
                pending.extend(reversed(cell.content))
            continue
        flush()
        if item.n_rows * item.n_cols > MAX_AREA:
            notes.append(f"line {item.line}: table too large for a grid; kept as paragraphs")
            out.extend(
                Paragraph(text, cell.line)
                for cell in item.cells
                if (text := fold_whitespace(cell.text))
            )
            continue
        out.append(_grid(item))
    flush()
    return Document("docx", None, tuple(out), tuple(notes))


def _layout_reason(table: DocxTable) -> str:
    """Why ``table`` is a layout table rather than a data table (``""``: it is data)."""
    if any(isinstance(b, DocxTable) for c in table.cells for b in c.content):
        return "contains tables"
    if len(table.cells) == 1:
        return "single cell"
    total = prose = 0
    for cell in table.cells:
        chars = len(cell.text)
        total += chars
        paragraphs = sum(1 for b in cell.content if isinstance(b, DocxParagraph) and b.text)
        if (paragraphs >= _PROSE_PARAGRAPHS and chars >= _PROSE_CHARS) or chars >= _LONG_CELL_CHARS:
            prose += chars
    return "running text in its cells" if prose and prose * 2 >= total else ""


def _grid(table: DocxTable) -> Grid:
    cells = tuple(
        Cell(
            fold_whitespace(" ".join(p.text for p in c.content if isinstance(p, DocxParagraph))),
            c.row,
            c.col,
            c.rowspan,
            c.colspan,
            c.line,
            c.header,
        )
        for c in table.cells
    )
    return Grid(cells, table.n_rows, table.n_cols, table.line, table.caption)


_NOTE_LINE = re.compile(r"line (\d+):")


def _text_blocks(lines: list[tuple[str, int]], notes: list[str]) -> list[Block]:
    """Body lines through the plain-text extractor, its line numbers mapped to paragraphs."""
    doc = extract_text("\n".join(text for text, _ in lines))

    def where(line: int | None) -> int | None:
        return None if line is None or not 0 < line <= len(lines) else lines[line - 1][1]

    for note in doc.notes:
        notes.append(_NOTE_LINE.sub(lambda m: f"line {where(int(m.group(1)))}:", note, count=1))
    out: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(Paragraph(block.text, where(block.line)))
        else:
            cells = tuple(attrs.evolve(c, line=where(c.line)) for c in block.cells)
            out.append(attrs.evolve(block, cells=cells, line=where(block.line)))
    return out
