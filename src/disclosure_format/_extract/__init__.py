"""Extraction: a published report file → paragraphs and grids of cell strings.

This layer is format-agnostic.  It decodes bytes (:func:`decode`), reads HTML
(:func:`extract_html`), plain text (:func:`extract_text`), a Word document
(:func:`extract_docx`) or a PDF's text layer (``_pdf.extract_pdf``; :func:`extract`
tells the forms apart by content) into a
:class:`Document` — an ordered tuple of :class:`Paragraph` and :class:`Grid`
blocks, spans resolved, whitespace folded (:func:`fold_whitespace`), each
element with its source line — and offers :func:`tokenize_flat` for tables
that a crawler flattened into one line.  Matching grids to the official labels
and parsing numbers is the next stage's job.

>>> doc = extract("<p>二、主动公开</p><table><tr><td rowspan=2>规章</td><td>1</td></tr>"
...               "<tr><td>2</td></tr></table>")
>>> doc.blocks[0].text
'二、主动公开'
>>> doc.grids[0].text_rows()
[['规章', '1'], ['规章', '2']]
>>> [(t.kind, t.text) for t in tokenize_flat("规范性文件898989第二十条")]
[('label', '规范性文件'), ('number', '898989'), ('label', '第二十条')]
"""

from ._api import binary_form, detect_form, extract
from ._decode import Decoded, decode
from ._docx import extract_docx
from ._errors import ExtractError
from ._flat import Token, tokenize_flat
from ._html import extract_html
from ._model import Block, Cell, Document, Grid, Paragraph, Slot
from ._normalize import fold_whitespace
from ._text import extract_text

__all__ = [
    "Block",
    "Cell",
    "Decoded",
    "Document",
    "ExtractError",
    "Grid",
    "Paragraph",
    "Slot",
    "Token",
    "binary_form",
    "decode",
    "detect_form",
    "extract",
    "extract_docx",
    "extract_html",
    "extract_text",
    "fold_whitespace",
    "tokenize_flat",
]
