"""Cell values as text, and back: the one convention every text-based adapter follows.

A cell written by an adapter is read back to the same value, so the writer
and the reader share these rules:

* a blank cell (``None``) is written as nothing, a number as its digits
  (``-5``, ``0.000``, ``24252.311082`` — never an exponent, every digit kept),
  or, in text and HTML rendered in a chosen locale, as babel writes it for
  that locale (``1,234.5``) — still every digit;
* a number is read in either form: plain digits, or grouped the way one of
  the supported locales groups them (``1,234``); a number too large or too
  small to write out (exponent beyond ``±MAX_SCALE``, see :mod:`.._exact`) is
  written and read in Python's scientific notation (``1E+999999``), and an
  integer longer than Python converts (4300 digits) stays text;
* text is written as it is, unless reading it back would give something else
  — text that looks like a number (``"12"``), empty text, text that starts
  with an apostrophe — or (in spreadsheets) would be taken for a formula
  (``=``, ``+``, ``-``, ``@``, tab, carriage return first): then it gets one
  leading apostrophe, the spreadsheet convention for "this is text";
* reading strips exactly one leading apostrophe and keeps the rest as text;
  anything else is parsed as a number of the cell's kind, and text that is
  not a number stays text (the caller notes it).

Negative numbers in signed cells are numbers, so they are never quoted.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .._converter import decimal_text
from .._exact import read_scientific
from ..errors import Problem, ReportError, ValueParseError
from ..i18n import SUPPORTED_LOCALES, parse_value
from ..model import Number, Value
from ..spec import CellKind

__all__ = [
    "FORMULA_STARTS",
    "check_text",
    "number_text",
    "parse_number",
    "quote_field",
    "quote_text",
    "read_cell",
    "unquote_field",
    "write_cell",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection)."""

_INT = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)\Z")


def number_text(number: Number) -> str:
    """A number's plain digits: ``-5``, ``0.000``; never ``1E+3``, never a float."""
    if isinstance(number, Decimal):
        return decimal_text(number)
    return str(number)


def parse_number(text: str, kind: CellKind) -> Value:
    """``text`` (already stripped) as a number of ``kind``; None if blank, else ``text`` itself.

    Only ASCII digits count: full-width ``０１２３`` is text, not a number.
    Amount cells give a :class:`~decimal.Decimal` even for whole numbers;
    a decimal in a count cell stays a ``Decimal`` for validation to report.
    """
    if not text:
        return None
    if kind is CellKind.TEXT:
        return text
    if _INT.match(text):
        if kind is CellKind.AMOUNT:
            return Decimal(text)
        try:
            return int(text)
        except ValueError:  # longer than sys.get_int_max_str_digits(): kept as text
            return text
    if _DECIMAL.match(text):
        return Decimal(text)
    if "E" in text:
        scientific = read_scientific(text)
        if scientific is not None:
            return scientific
    return _grouped(text, kind)


def _grouped(text: str, kind: CellKind) -> Value:
    """``text`` as a number grouped the way a supported locale writes it, else ``text``."""
    if not any(ch.isdigit() for ch in text):
        return text
    for locale in SUPPORTED_LOCALES:
        try:
            value = parse_value(text, kind, locale)
        except ValueParseError:
            continue
        if value is not None and not isinstance(value, str):
            return Decimal(value) if kind is CellKind.AMOUNT else value
    return text


def _parse_plain(text: str, kind: CellKind) -> Value:
    """Blank, a number, or ``text`` unchanged; spaces around a number are tolerated."""
    stripped = text.strip(" ")
    if kind is CellKind.TEXT:
        return text if stripped else None
    value = parse_number(stripped, kind)
    return text if isinstance(value, str) else value


def quote_text(text: str, kind: CellKind, *, formulas: bool) -> str:
    """``text`` as written in a cell of ``kind``: with a leading apostrophe when needed."""
    if (
        text.startswith("'")
        or _parse_plain(text, kind) != text
        or (formulas and text.startswith(FORMULA_STARTS))
    ):
        return "'" + text
    return text


def write_cell(value: Value, kind: CellKind, *, formulas: bool = False) -> str:
    """The text of a cell value (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return quote_text(value, kind, formulas=formulas)
    return number_text(value)


def read_cell(text: str, kind: CellKind) -> Value:
    """The value of a cell's text: apostrophe-quoted text, a number, blank, or text."""
    if text.startswith("'"):
        return text[1:]
    return _parse_plain(text, kind)


def quote_field(text: str) -> str:
    """A report field (agency, narrative) for a spreadsheet cell: apostrophe-quoted when it
    starts with an apostrophe or a formula character, so it stays text and reads back."""
    return "'" + text if text.startswith(("'", *FORMULA_STARTS)) else text


def unquote_field(text: str) -> str:
    """The inverse of :func:`quote_field`: one leading apostrophe removed."""
    return text[1:] if text.startswith("'") else text


def check_text(text: str, file: str | None, where: str, *, xml: bool = False) -> None:
    """Reject control characters (other than newline and tab) before writing ``text``.

    No spreadsheet, page or grid carries them faithfully (XML cannot hold
    most of them at all), so writing them would silently change the report.
    With ``xml`` the Unicode noncharacters (U+FFFE, U+FDD0…) are rejected
    too: XML 1.0, hence XLSX, cannot hold them.
    """
    found = (_XML_UNSAFE if xml else _UNSAFE).search(text)
    if found is not None:
        raise ReportError(
            file,
            [
                Problem(
                    where,
                    f"contains the character {found.group()!r} at position {found.start()}, "
                    "which this output cannot carry",
                )
            ],
        )


# Category Cc (except tab and newline) and lone surrogates (Cs).
_UNSAFE_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
_XML_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}{_NONCHARACTERS}]")
