"""The numbering of official labels: ``一、`` / ``（一）`` / ``1.``.

Labels carry their numbering verbatim (``（三）不予公开``).  The loader uses
this module to check that siblings count up from one; readers use it to
match a label whatever numbering style a publisher typed (``(三)``, ``3、``).
"""

from __future__ import annotations

import re

import attrs

__all__ = ["Numbering", "cjk_number", "numbering", "strip_numbering"]

_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_CJK = "〇零一二两三四五六七八九十"
_TOP = re.compile(rf"^([{_CJK}]{{1,4}})[、．.]")
_PAREN = re.compile(rf"^[（(]\s*([{_CJK}]{{1,4}}|[0-9０-９]{{1,3}})\s*[）)]")
_ARABIC = re.compile(r"^([0-9０-９]{1,3})(?:[.．、]|\s)(?![0-9０-９])")


@attrs.frozen
class Numbering:
    """A label's numbering: its ``style`` (``top``, ``paren``, ``arabic``), value and length."""

    style: str
    value: int
    length: int


def cjk_number(text: str) -> int | None:
    """The value of a CJK numeral up to 99 (``十二`` → 12), or None."""
    if not text or any(ch not in _DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        if len(text) != 1:
            return None
        return _DIGITS[text]
    tens, _, units = text.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    value = (_DIGITS[tens] if tens else 1) * 10
    return value + (_DIGITS[units] if units else 0)


def _arabic(text: str) -> int:
    return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def numbering(label: str) -> Numbering | None:
    """The numbering at the start of ``label``, if it has one."""
    match = _TOP.match(label)
    if match:
        value = cjk_number(match.group(1))
        return Numbering("top", value, match.end()) if value is not None else None
    match = _PAREN.match(label)
    if match:
        inner = match.group(1)
        value = cjk_number(inner) if inner[0] in _CJK else _arabic(inner)
        return Numbering("paren", value, match.end()) if value is not None else None
    match = _ARABIC.match(label)
    if match:
        return Numbering("arabic", _arabic(match.group(1)), match.end())
    return None


def strip_numbering(label: str) -> str:
    """``label`` without its numbering: ``（三）不予公开`` → ``不予公开``."""
    found = numbering(label)
    return label[found.length :] if found else label
