"""PDF bytes → :class:`Document`: the text layer and ruling lines, through PDFium.

Needs pypdfium2 (``pip install 'disclosure-format[pdf]'``), imported on first
use; without it :class:`~disclosure_format.MissingDependencyError` names the
extra.  Why PDFium and not pdfminer.six/pdfplumber: both are permissively
licensed and give the same facts (characters with boxes, the paths drawn),
but PDFium — the C++ engine of Chromium, BSD-3/Apache-2.0 — gives them some
thirteen times faster (35 against 470 ms for five pages), which is the
difference between meeting and missing 100 ms a report
(``benchmarks/bench_pdf.py``; ``docs/attachments.md``).

This module only *gets* the facts: each page's glyphs (the characters with
their boxes and baselines) and its rules (thin filled boxes, and the straight
strokes of stroked paths); :mod:`._pdflayout` makes paragraphs and grids of
them.  It refuses, with an :class:`ExtractError` saying why:

* data PDFium cannot open (not a PDF, damaged beyond repair), a PDF that
  needs a password;
* more than :data:`MAX_PAGES` pages (no report has a hundred; a hostile file
  may claim millions, and each page costs time);
* a PDF showing no characters — a scan, or text drawn as curves — which
  needs OCR.

Pages drawing more than :data:`MAX_OBJECTS` objects have their rules ignored
(their text is still read), so no page makes the work unbounded.
"""

from __future__ import annotations

import array
import ctypes
import itertools
import sys
import threading
from typing import Any

from ..errors import MissingDependencyError
from ._errors import ExtractError
from ._model import Document
from ._pdflayout import THIN, Glyph, PageContent, Rule, layout

__all__ = ["MAX_OBJECTS", "MAX_PAGES", "extract_pdf", "is_pdf"]

#: The most pages read; a PDF with more is refused before any page is opened.
MAX_PAGES = 200
#: The most page objects whose rules are looked at on one page.
MAX_OBJECTS = 20_000
_SIGNATURE = b"%PDF-"
#: PDFium is not thread-safe, not even across documents: one call at a time in a
#: process (pypdfium2's documentation).  Held while the page facts are got; the
#: layout, in Python, runs outside it.
_PDFIUM_LOCK = threading.Lock()


def is_pdf(data: bytes) -> bool:
    """True if ``data`` starts like a PDF: ``%PDF-`` within its first KiB, as readers allow,
    after nothing that looks like markup (a web page quoting ``%PDF-`` is not a PDF)."""
    at = data.find(_SIGNATURE, 0, 1024)
    return at == 0 or (at > 0 and b"<" not in data[:at])


def _pdfium() -> tuple[Any, Any]:
    try:
        import pypdfium2  # type: ignore[import-untyped]
        import pypdfium2.raw  # type: ignore[import-untyped]
    except ImportError:
        raise MissingDependencyError(
            "reading PDF needs pypdfium2: pip install 'disclosure-format[pdf]'", extra="pdf"
        ) from None
    return pypdfium2, pypdfium2.raw


def extract_pdf(data: bytes) -> Document:
    """The paragraphs and grids of a text-layer PDF (see the module documentation).

    Raises :class:`ExtractError` for a PDF that cannot be read (its message
    says why: damaged, password, too many pages, no text layer).
    """
    pdfium, raw = _pdfium()
    notes: list[str] = []
    with _PDFIUM_LOCK:
        pages, scanned = _read_pages(pdfium, raw, data, notes)
    if not any(p.glyphs for p in pages):
        # a scan, or text drawn as curves (an outlined print): only OCR reads either
        why = (
            f"{len(scanned)} page(s) show images and no characters"
            if scanned
            else "no page shows a character"
        )
        raise ExtractError(f"no text layer: needs OCR ({why})")
    if scanned:
        listed = ", ".join(map(str, scanned))
        notes.append(f"page(s) {listed}: no text layer (images only), not read: needs OCR")
    blocks = layout(pages, notes)
    return Document("pdf", None, tuple(blocks), tuple(notes))


def _read_pages(
    pdfium: Any, raw: Any, data: bytes, notes: list[str]
) -> tuple[list[PageContent], list[int]]:
    """Every page's content, and the numbers of the pages showing images and no text."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc)
        if "password" in text.lower():
            raise ExtractError("the PDF is encrypted with a password: cannot read it") from None
        raise ExtractError(f"not a readable PDF ({text})") from None
    try:
        n_pages = len(doc)
        if n_pages > MAX_PAGES:
            raise ExtractError(f"the PDF has {n_pages} pages, over the limit of {MAX_PAGES}")
        pages: list[PageContent] = []
        scanned: list[int] = []
        for k in range(n_pages):
            page = doc[k]
            try:
                content, images = _page(raw, page, k + 1, notes)
            finally:
                page.close()
            if not content.glyphs and images:
                scanned.append(k + 1)
            pages.append(content)
    except pdfium.PdfiumError as exc:
        raise ExtractError(f"a damaged PDF ({exc})") from None
    finally:
        doc.close()
    return pages, scanned


def _page(raw: Any, page: Any, number: int, notes: list[str]) -> tuple[PageContent, int]:
    """One page's glyphs and rules, and how many images it draws."""
    if raw.FPDFPage_GetRotation(page.raw):
        # the content is laid out as drawn, before the turn: lines run as they were set
        notes.append(f"page {number}: shown turned (/Rotate); read as drawn")
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        glyphs = _glyphs(raw, textpage.raw, height)
    finally:
        textpage.close()
    rules, images = _rules(raw, page.raw, height, number, notes)
    return PageContent(number, width, height, tuple(glyphs), tuple(rules)), images


def _glyphs(raw: Any, tp: Any, height: float) -> list[Glyph]:
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    # the page's text in one call (one UTF-16 unit per character index), not a call a glyph
    buffer = ctypes.create_string_buffer(2 * (n + 1))
    raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    units = array.array("H", buffer.raw[: 2 * n])  # UTF-16LE code units
    if sys.byteorder == "big":
        units.byteswap()
    box = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    loose, origin = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin
    out = []
    for i, unit in enumerate(units):
        # PDFium's generated characters are spaces and line breaks: the gaps between
        # glyphs say where words end.  A character beyond the BMP takes two indexes:
        # it is taken whole at the first, the second skipped.
        if unit <= 0x20 or 0xDC00 <= unit <= 0xDFFF:
            continue
        if 0xD800 <= unit <= 0xDBFF:
            low = units[i + 1] if i + 1 < n else 0
            if not 0xDC00 <= low <= 0xDFFF:
                continue
            ch = chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
        else:
            ch = chr(unit)
            if ch.isspace():
                continue
        loose(tp, i, box)
        origin(tp, i, ox, oy)
        top, bottom = height - box.top, height - box.bottom
        # a Type 3 font's "loose" box is the ink's (一 is a flat bar): the width helps
        size = max(bottom - top, box.right - box.left, 1.0)
        out.append(Glyph(ch, box.left, box.right, top, bottom, height - oy.value, size))
    return out


def _rules(
    raw: Any, page: Any, height: float, number: int, notes: list[str]
) -> tuple[list[Rule], int]:
    """The page's rules: thin boxes, and the straight segments of stroked paths."""
    count = raw.FPDFPage_CountObjects(page)
    if count > MAX_OBJECTS:
        notes.append(
            f"page {number}: {count} drawn objects; only the first {MAX_OBJECTS} looked at"
        )
        count = MAX_OBJECTS
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    rules: list[Rule] = []
    images = 0
    for k in range(count):
        obj = raw.FPDFPage_GetObject(page, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        w, h = right.value - left.value, top.value - bottom.value
        if w <= THIN or h <= THIN:
            rules.append(Rule(left.value, right.value, height - top.value, height - bottom.value))
            continue
        raw.FPDFPath_GetDrawMode(obj, fill, stroke)
        if stroke.value:
            rules.extend(_stroked(raw, obj, height))
    return rules, images


def _stroked(raw: Any, obj: Any, height: float) -> list[Rule]:
    """The horizontal and vertical straight segments of a stroked path, as thin rules."""
    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, matrix):
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float, int]] = []
    for k in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, k)
        if not raw.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        px = matrix.a * x.value + matrix.c * y.value + matrix.e
        py = matrix.b * x.value + matrix.d * y.value + matrix.f
        points.append((px, py, raw.FPDFPathSegment_GetType(segment)))
        if raw.FPDFPathSegment_GetClose(segment) and points:
            start = next(p for p in reversed(points) if p[2] == raw.FPDF_SEGMENT_MOVETO)
            points.append((start[0], start[1], raw.FPDF_SEGMENT_LINETO))
    rules = []
    half = 0.5
    for (x0, y0, _), (x1, y1, kind) in itertools.pairwise(points):
        if kind != raw.FPDF_SEGMENT_LINETO:
            continue
        if abs(y1 - y0) <= 0.5 and abs(x1 - x0) > THIN:
            a, b = sorted((x0, x1))
            rules.append(Rule(a, b, height - y0 - half, height - y0 + half))
        elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) > THIN:
            a, b = sorted((y0, y1))
            rules.append(Rule(x0 - half, x0 + half, height - b, height - a))
    return rules
