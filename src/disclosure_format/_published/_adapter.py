"""The published-report reader as a read-only adapter named ``published``.

Registered last in the adapter registry, so that detection offers it only for
content no other adapter claims: our own renderings carry their markers and
are read back by their own adapters; anything else that looks like an annual
report (its title, or the labels of a format's tables) is read here.  It
renders nothing: ``render`` raises, naming the adapters that do.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .._extract import binary_form, decode
from ..errors import AdapterNotFoundError
from ..model import Report
from ..reading import Reading
from ..registry import FormatRegistry, default_registry
from ._labels import norm_flat
from ._reader import READER, read_published

__all__ = ["PublishedAdapter", "adapter"]

_SNIFF_CHARS = 1 << 18
_MARKUP = re.compile(r"<[a-zA-Z/!?][^<>]*>")
# _MARKUP's tags, where no "<" follows the first before the ">": the engine
# runs a one-character class several times as fast (see _strip_markup).
_MARKUP_FAST = re.compile(r"<[a-zA-Z/!?][^>]*+>")
_MIN_LABELS = 3


@functools.cache
def _sniff_labels(registry: FormatRegistry) -> frozenset[str]:
    """Table labels of every known format, in :func:`._labels.norm_flat` form (8+ characters)."""
    from ._labels import label_index

    out: set[str] = set()
    for spec in registry:
        out.update(
            k
            for k, places in label_index(spec).flat.items()
            if len(k) >= 8 and any(p.kind in ("row", "column", "table", "section") for p in places)
        )
    return frozenset(out)


class PublishedAdapter:
    """Reads HTML, text, Word and PDF reports as agencies publish them (see ``docs/reading.md``).

    Word documents and PDFs are told by their content (:func:`.._extract.binary_form`);
    a legacy ``.doc``/``.wps`` is claimed too, so that reading it says to
    convert it instead of "cannot tell which kind of file this is".
    """

    name = READER
    title = "published report (HTML, text, Word or PDF as agencies publish them; read only)"
    extensions = (".html", ".htm", ".shtml", ".txt", ".md", ".docx", ".doc", ".wps", ".pdf")
    binary = False
    """It renders nothing; it reads text and binary (Word, PDF) inputs alike."""
    fallback = True
    """Asked only when no other adapter claims the content (:func:`disclosure_format.detect`)."""

    def render(self, report: Report, **options: Any) -> str:
        raise AdapterNotFoundError(
            "the 'published' adapter only reads; render with html, text, csv, csv-long, "
            "json, xlsx or docx",
            available=["html", "text", "csv", "csv-long", "json", "xlsx", "docx"],
        )

    def read(self, data: str | bytes, *, registry: FormatRegistry, source: str | None) -> Reading:
        return read_published(data, source=source, registry=registry)

    def detect(self, data: str | bytes) -> bool:
        """True if ``data`` is a Word document (or a legacy one, to refuse) or a PDF, or holds at
        least three table or section labels of a known format.

        Labels are looked for in the text with the markup taken out: Word
        exports split labels over ``<span>`` runs (``申请人情</span><span>况``),
        and a page whose every label is split was not recognised at all.
        Taking the markup out and normalising a page costs ten times more
        than looking for the labels as they are, which finds three on nearly
        every page; so that is tried first.  (It can only say yes sooner:
        three labels written out in the page are as good a sign.)
        """
        if binary_form(data) is not None:
            return True
        head = data[:_SNIFF_CHARS]
        text = decode(head, remember=True).text if isinstance(head, bytes) else head
        labels = _sniff_labels(default_registry())
        if _holds_labels(text, labels):
            return True
        return _holds_labels(norm_flat(_strip_markup(text) if "<" in text else text), labels)


def _holds_labels(text: str, labels: frozenset[str]) -> bool:
    found = 0
    for label in labels:
        if label in text:
            found += 1
            if found >= _MIN_LABELS:  # enough: the rest need not be searched
                return True
    return False


def _strip_markup(text: str) -> str:
    """``_MARKUP.sub("", text)``, at half the cost on real pages.

    :data:`_MARKUP_FAST` takes the same tags as :data:`_MARKUP` unless one of
    its matches holds a second ``<`` (``x<y and <p>``): each match then
    removes exactly one ``<``, which counting tells, else the slow pattern
    runs.  (Both scan from the left; while every fast match is a tag of the
    slow pattern, which takes every tag the fast one does, they find the same.)
    """
    stripped, tags = _MARKUP_FAST.subn("", text)
    if text.count("<") - stripped.count("<") == tags:
        return stripped
    return _MARKUP.sub("", text)


adapter = PublishedAdapter()
