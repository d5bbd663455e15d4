"""Whitespace folding shared by every extractor.

Every text the extraction layer hands out (cell text, paragraph text, grid
captions) goes through :func:`fold_whitespace`, so that HTML and plain-text
sources look alike to the matcher:

* invisible characters are *deleted*: C0/C1 controls other than whitespace,
  soft hyphen, zero-width space/joiners, bidi marks, BOM.  CMS editors sprinkle
  these inside labels (``申请\u200b人情况``) and deleting them restores the label;
* every run of Unicode whitespace (ASCII space, tab, newline, NBSP U+00A0,
  ideographic space U+3000, en/em spaces, …) becomes **one ASCII space**;
* leading and trailing whitespace is stripped.

Whitespace is folded, never deleted: ``1 234`` stays ``1 234`` so a later
stage can decide whether the space is a cell boundary or a digit-group
separator.  Labels broken with ``<br>`` or split over two ``<p>`` therefore
come out as ``本年新 制作数量``; the matcher is expected to delete whitespace
inside labels before comparing (FORMATS.md says so for the official labels).
"""

from __future__ import annotations

import re

__all__ = ["fold_whitespace", "normalize_newlines"]

_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)


# Any character folding changes: whitespace (``\s`` is what ``str.split`` splits
# at) or an invisible one.  Most cell texts hold none and are kept as they are.
_FOLDABLE = re.compile(r"[\s" + _INVISIBLE.pattern[1:])


def fold_whitespace(text: str) -> str:
    """Delete invisible characters, collapse whitespace runs to one space, strip."""
    if not text:
        return ""
    if _FOLDABLE.search(text) is None:  # (one search instead of a substitution, a split…)
        return text
    return " ".join(_INVISIBLE.sub("", text).split())


def normalize_newlines(text: str) -> str:
    r"""Turn ``\r\n`` and lone ``\r`` into ``\n``.

    Line numbers in the model count ``\n``-terminated lines; normalising first
    makes old-Mac (``\r`` only) files get real line numbers instead of one
    giant line 1, without changing the numbering of ``\n`` or ``\r\n`` files.
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
