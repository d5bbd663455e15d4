"""The entry point: bytes or text in, :class:`Document` out."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from ._decode import decode
from ._docx import extract_docx, is_docx, is_legacy_office, refuse_legacy_office
from ._html import extract_html
from ._model import Document
from ._pdf import extract_pdf, is_pdf
from ._text import extract_text

__all__ = ["binary_form", "detect_form", "extract"]

# Structural tags only: markdown and text dumps may contain a stray <br>, which
# must not turn a pipe-table document into "HTML".
_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|table|tr|td|th|p|div|h[1-6]|li|ul|ol|meta|span|font)\b",
    re.IGNORECASE,
)

_BINARY: tuple[tuple[str, Callable[[bytes], bool], Callable[[bytes], Document]], ...] = (
    # (name, sniffer, extractor), tried in order; the first sniffer to say yes wins.
    ("docx", is_docx, extract_docx),
    ("legacy-office", is_legacy_office, refuse_legacy_office),  # raises: convert it first
    ("pdf", is_pdf, extract_pdf),
)
"""The binary forms of published report, told apart by content (never by file name)."""


def binary_form(data: bytes | str) -> str | None:
    """The binary form ``data`` is in (``docx``, ``pdf``…), or None for text and HTML."""
    if isinstance(data, bytes):
        for name, sniff, _ in _BINARY:
            if sniff(data):
                return name
    return None


def detect_form(text: str) -> Literal["html", "text"]:
    """``"html"`` if ``text`` contains structural markup (``<table``, ``<p``, ``<div``…)."""
    return "html" if _MARKUP.search(text) else "text"


def extract(
    data: bytes | str,
    *,
    form: Literal["html", "text"] | None = None,
    declared: str | None = None,
) -> Document:
    """Decode ``data`` (if bytes), detect its form unless given, and extract it.

    Bytes in a binary form (:func:`binary_form`: a Word document, a PDF) go to
    that form's extractor, which raises :class:`ExtractError` for a file it
    cannot read (a scan with no text layer, a password, damage); a form that is
    refused (a legacy ``.doc``) raises it saying how to convert it.
    ``declared`` is an out-of-band charset (e.g. from an HTTP header), see
    :func:`decode`.  Decoding notes come first in :attr:`Document.notes`.
    Raises ``ValueError`` for an unknown ``form``; on data it raises nothing
    but :class:`ExtractError` (see there).
    """
    if form not in (None, "html", "text"):
        raise ValueError(f"form must be 'html', 'text' or None, not {form!r}")
    if form is None and isinstance(data, bytes):
        for _, sniff, extractor in _BINARY:
            if sniff(data):
                return extractor(data)
    decoded = decode(data, declared=declared)
    text = decoded.text
    chosen = form or detect_form(text)
    if chosen == "html":
        doc = extract_html(text, encoding=decoded.encoding)
    else:
        doc = extract_text(text, encoding=decoded.encoding)
    if decoded.notes:
        doc = Document(doc.form, doc.encoding, doc.blocks, decoded.notes + doc.notes)
    return doc
