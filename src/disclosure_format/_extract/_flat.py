"""Tokenizing flattened table text: label runs and number runs.

Crawler dumps (corpus 003/004/008) flatten whole tables into one line:
``规范性文件898989第二十条第（五）项…行政许可3960181…1.属于国家秘密00000002.其他…``.
Splitting a digit run into cells needs the format's arithmetic, which is the
matcher's job; this module only cuts the line into a faithful, alternating
stream of *label* and *number* tokens, keeping every hint the source gives:

Numbers
    A number token is ``[sign] digits [, ddd]* [. digits] [unit]``.  Digits may
    be ASCII or full-width (``０``–``９``); ``.``/``．`` is a decimal point
    only when a digit follows; ``,`` is a thousands separator only in a proper
    ``1,234`` group.  Signs are ``+``/``＋``, ``-``/``－``/``−`` and ``减``
    directly before a digit (``减`` is not a sign after ``增`` or ``/``, as in
    the header ``本年增/减``).  A glued unit (``万元 亿元 千元 元 件 % ％``) is
    part of the token (``251000元``) and reported in :attr:`Token.unit`.
    Whitespace and a stray comma between digit runs are *boundaries*: ``23 0 00 0
    023`` gives five number tokens.  (Offsets tell where the gaps were.)

Placeholders
    ``-``, dash runs (``—``, ``——``, ``–``…), ``/`` and ``无`` standing for an
    empty or not-applicable cell are number tokens whose ``value`` is ``None``.
    A dash or slash counts as a placeholder unless it sits between two letters
    (``本年增/减``, ``电话/传真`` stay labels); ``无`` only when no letter follows
    and it is free-standing (``无正当理由``, ``无法提供``, ``无其他…`` stay labels).
    A dash run ending in a minus directly before a digit (``--1``) leaves that
    minus to the number (``-``, then ``-1``): it is a sign or the end of the
    blank, which only the matcher can tell.

Numbering belongs to labels
    ``…禁止公开00000003.危及“三安全一稳定”``: a digit run directly followed by
    ``.``/``．``/``、`` and then a non-digit is (partly) the numbering of the
    next label.  The numbering is one or two trailing digits, never starting
    with ``0``; at the very start of the text the whole run is the numbering,
    otherwise the candidate continuing the previous numbering (``2.`` → ``3.``)
    wins, then a restart at ``1.``, then one digit.  So
    ``00000003.危及`` is ``0000000`` + label ``3.危及…`` while ``…申请数量0000000三、…``
    keeps all seven digits (no ``.`` follows).  A numbering always starts a new
    label token, so ``（三）不予公开1.属于国家秘密`` gives two labels.

Digits that are label text
    ``（1）`` (digits alone in parentheses), dates (``2019年``, ``2024年1月10日``,
    ``1月1日``) and ASCII words starting with a letter (``www.gov.cn``,
    ``pzxxgkb@163.com``, ``OA``) are label text, so headers such as
    ``上一年项目数量(指2019年事项数)`` stay whole.

Everything else is label text.  Label tokens are trimmed of surrounding
whitespace but keep inner spaces (``社会公益 组织``); the matcher deletes them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

import attrs

__all__ = ["Token", "tokenize_flat"]


@attrs.frozen
class Token:
    """One run of a flattened line.

    ``text`` is the exact source slice starting at ``offset`` (so
    ``line[offset:offset + len(text)] == text``).  For numbers, ``value`` is the
    normalised numeral — ASCII digits, optional leading ``-``/``+``, ``.`` as
    decimal point, no thousands separators, no unit — or ``None`` for a
    placeholder; ``unit`` is the glued unit or ``""``.  Labels have
    ``value=None`` and ``unit=""``.
    """

    kind: Literal["label", "number"]
    text: str
    offset: int
    value: str | None = None
    unit: str = ""

    @property
    def is_placeholder(self) -> bool:
        """True for a number token standing for a blank/not-applicable cell (``-``, ``无``…)."""
        return self.kind == "number" and self.value is None

    @property
    def is_dash_placeholder(self) -> bool:
        """A placeholder written with dashes only (``-``, ``--``, ``—``…), which a
        minus sign right after it may continue (``--1``, see the module doc)."""
        return self.is_placeholder and not self.text.strip(_DASHES)


_DEC_POINTS = ".．"
_NUMBERING_PUNCT = ".．、"
_PLUS = "+＋"
_MINUS = "-－−"
_DASHES = "-－−—–―‐‒"
_SLASHES = "/／"
_OPEN_PARENS = "(（"
_CLOSE_PARENS = ")）"
_UNITS = ("万元", "亿元", "千元", "元", "件", "%", "％")
_DATE = re.compile(
    r"(?:(?:19|20)\d\d年(?:\d{1,2}月(?:\d{1,2}[日号])?)?|\d{1,2}月\d{1,2}[日号])",
    re.ASCII,
)
_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9._:/@%?=&#~+\-]*")
# Characters that are label text wherever they stand: all but whitespace, ASCII
# letters, digits and the characters some rule looks at.  A run of them is
# taken in one step (reports are mostly such text).
_PLAIN_LABEL = re.compile(
    "[^\\sA-Za-z0-9０-９"
    + re.escape("".join(sorted({*_PLUS, *_MINUS, *_DASHES, *_SLASHES, "减", "无", ",", "，"})))
    + "]+"
)


def _digit(ch: str) -> str | None:
    if "0" <= ch <= "9":
        return ch
    if "０" <= ch <= "９":
        return chr(ord(ch) - 0xFEE0)
    return None


def _is_digit(s: str, i: int) -> bool:
    return 0 <= i < len(s) and _digit(s[i]) is not None


def _is_letter(s: str, i: int) -> bool:
    return 0 <= i < len(s) and unicodedata.category(s[i]).startswith("L")


_DIGITS = re.compile("[0-9０-９]*")


def _digits_end(s: str, i: int) -> int:
    m = _DIGITS.match(s, i)
    return i if m is None else m.end()


_TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")


def _ascii(digits: str) -> str:
    return digits.translate(_TO_ASCII)


def _numbering_split(run: str, last: int | None, at_start: bool) -> int | None:
    """How many trailing digits of ``run`` are a label numbering (see module doc)."""
    cands = [k for k in (1, 2) if k <= len(run) and run[-k] not in "0０"]
    if not cands:
        return None
    if at_start and len(run) in cands:
        return len(run)  # nothing before it: no cell value to take digits from
    values = {k: int(_ascii(run[-k:])) for k in cands}
    if last is not None:
        for k in cands:
            if values[k] == last + 1:
                return k
    for k in cands:
        if values[k] == 1:
            return k
    return cands[0]


class _Tokenizer:
    """Single left-to-right pass; no backtracking beyond a few characters."""

    def __init__(self, s: str) -> None:
        self.s = s
        self.tokens: list[Token] = []
        self.label_start: int | None = None
        self.last_numbering: int | None = None

    # -- label bookkeeping -------------------------------------------------
    def open_label(self, pos: int) -> None:
        if self.label_start is None:
            self.label_start = pos

    def close_label(self, end: int) -> None:
        start = self.label_start
        self.label_start = None
        if start is None:
            return
        s = self.s
        while start < end and s[start].isspace():
            start += 1
        while end > start and s[end - 1].isspace():
            end -= 1
        if end > start:
            self.tokens.append(Token("label", s[start:end], start))

    def emit_number(self, start: int, end: int, value: str | None, unit: str = "") -> None:
        self.close_label(start)
        self.tokens.append(Token("number", self.s[start:end], start, value, unit))

    # -- the pass ----------------------------------------------------------
    def run(self) -> list[Token]:
        s = self.s
        n = len(s)
        i = 0
        plain = _PLAIN_LABEL.match
        while i < n:
            m = plain(s, i)
            if m is not None:
                self.open_label(i)
                i = m.end()
                continue
            ch = s[i]
            if ch.isspace():
                i += 1
            elif ch.isascii() and ch.isalpha():
                m = _ASCII_WORD.match(s, i)
                self.open_label(i)
                i = m.end() if m else i + 1
            elif _digit(ch) is not None:
                i = self.digits(i, i)
            elif (ch in _PLUS or ch in _MINUS or ch == "减") and _is_digit(s, i + 1):
                if ch == "减" and i > 0 and s[i - 1] in "增/／":
                    self.open_label(i)
                    i += 1
                else:
                    i = self.digits(i, i + 1)
            elif ch in _DASHES:
                j = i
                while j < n and s[j] in _DASHES:
                    j += 1
                if _is_letter(s, i - 1) and _is_letter(s, j):
                    self.open_label(i)
                elif s[j - 1] in _MINUS and _is_digit(s, j):
                    # "--1": the last minus may be the number's sign (a blank,
                    # then -1) or the end of the blank ("--", then 1); it goes
                    # with the number, whose sign the matcher may read either way
                    self.emit_number(i, j - 1, None)
                    j -= 1
                else:
                    self.emit_number(i, j, None)
                i = j
            elif ch in _SLASHES:
                if _is_letter(s, i - 1) and _is_letter(s, i + 1):
                    self.open_label(i)
                else:
                    self.emit_number(i, i + 1, None)
                i += 1
            elif ch == "无" and self.free_standing_wu(i):
                self.emit_number(i, i + 1, None)
                i += 1
            elif ch in ",，" and _is_digit(s, i - 1) and _is_digit(s, i + 1):
                # a comma between digit runs that is not a thousands separator
                # (those are consumed inside numbers): a cell boundary
                self.close_label(i)
                i += 1
            else:
                self.open_label(i)
                i += 1
        self.close_label(n)
        return self.tokens

    def free_standing_wu(self, i: int) -> bool:
        s = self.s
        nxt = i + 1
        if _is_letter(s, nxt):
            return False
        free_after = nxt >= len(s) or s[nxt].isspace() or _is_digit(s, nxt)
        return free_after or not _is_letter(s, i - 1)

    def digits(self, start: int, i: int) -> int:
        """Handle a digit run at ``i`` (``start`` < ``i`` when a sign precedes)."""
        s = self.s
        n = len(s)
        prev_is_digit = _is_digit(s, start - 1)
        if start == i and not prev_is_digit:
            m = _DATE.match(_ascii(s[i : i + 12]))
            if m:
                self.open_label(i)
                return i + m.end()
        j = _digits_end(s, i)
        if start == i and i > 0 and s[i - 1] in _OPEN_PARENS and j < n and s[j] in _CLOSE_PARENS:
            self.open_label(i)
            return j + 1
        # numbering of the next label, e.g. "00000003.危及"
        if (
            j + 1 < n
            and s[j] in _NUMBERING_PUNCT
            and not s[j + 1].isspace()
            and _digit(s[j + 1]) is None
        ):
            at_start = start == i and not self.tokens and self.label_start is None
            k = _numbering_split(s[i:j], self.last_numbering, at_start)
            if k is not None:
                cut = j - k
                if cut > i:
                    self.emit_number(start, cut, self.sign(start, i) + _ascii(s[i:cut]))
                elif start < i:
                    # a sign followed by nothing but numbering: keep it visible
                    if s[start] in _MINUS:
                        self.emit_number(start, i, None)
                    else:
                        self.open_label(start)
                self.close_label(cut)
                self.open_label(cut)
                self.last_numbering = int(_ascii(s[cut:j]))
                return j + 1
        end = j
        # thousands groups: 1-3 leading digits, then ",ddd" groups
        if j - i <= 3:
            while (
                end + 3 < n
                and s[end] == ","
                and all(_is_digit(s, end + d) for d in (1, 2, 3))
                and not _is_digit(s, end + 4)
            ):
                end += 4
        if end < n and s[end] in _DEC_POINTS and _is_digit(s, end + 1):
            end = _digits_end(s, end + 1)
        unit = ""
        for u in _UNITS:
            if s.startswith(u, end):
                unit = u
                break
        value = self.sign(start, i) + _ascii(s[i:end]).replace(",", "").replace("．", ".")
        self.emit_number(start, end + len(unit), value, unit)
        return end + len(unit)

    def sign(self, start: int, i: int) -> str:
        if start == i:
            return ""
        return "+" if self.s[start] in _PLUS else "-"


def tokenize_flat(text: str) -> list[Token]:
    """Split a flattened line into alternating label and number tokens.

    See the module documentation for the rules; it is safe on any string (it
    never raises and runs in linear time).  Offsets are relative to ``text``.
    """
    return _Tokenizer(text).run()
