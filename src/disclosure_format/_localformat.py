"""Numbers and dates as a locale writes them, formatted and parsed back exactly, with babel.

Exactness comes first, so babel is asked for grouping and symbols but never
for rounding: the fraction digits of an amount are the value's own (a
``Decimal`` with exponent ``-6`` is written with six decimals, ``0.000`` as
``0.000``), and each call runs under a decimal context wide enough for every
digit of the value.  Parsing is babel's strict mode, so ``12,34`` is refused
rather than guessed; text that had no decimal separator becomes an ``int``,
text that had one a ``Decimal`` with exactly the digits written.

Dates use the locale's CLDR *long* pattern (``y年M月d日`` / ``MMMM d, y``)
both ways: the pattern is turned into a regular expression for reading, so a
new locale needs no code here.
"""

from __future__ import annotations

import decimal
import functools
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import get_date_format
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
    parse_decimal,
)

from ._exact import number_text
from .errors import ValueParseError
from .model import Value
from .spec import CellKind

__all__ = ["format_date", "format_value", "parse_date", "parse_value"]

_Reader = Callable[[str], int]

MAX_DIGITS = 64
"""Numbers longer than this (written out) are shown as Python writes them, ungrouped.

No report holds such a number; writing out ``Decimal("1E+999999")`` in full
would take seconds and a megabyte, so hostile input cannot slow validation
messages or renderings down.  They are outside what :func:`parse_value` reads.
"""
_MAX_BITS = 213  # 10**MAX_DIGITS has 213 bits
_ASCII_DIGITS = frozenset("0123456789")


@functools.cache
def _number_characters(locale: Locale) -> frozenset[str]:
    """What a number may be written with in ``locale``: digits, grouping, decimal sign, signs."""
    symbols = {
        get_group_symbol(locale),
        get_decimal_symbol(locale),
        get_plus_sign_symbol(locale),
        get_minus_sign_symbol(locale),
        "+",
        "-",
    }
    return _ASCII_DIGITS | frozenset("".join(symbols))


def _context(digits: int) -> decimal.Context:
    """A context with room for ``digits`` significant digits (and never less than the default)."""
    return decimal.Context(prec=max(28, digits + 4), Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


@functools.cache
def _integer_pattern(locale: Locale) -> str:
    """The integer part of the locale's decimal pattern (its grouping), e.g. ``#,##0``."""
    pattern = str(locale.decimal_formats[None].pattern)
    return pattern.split(";")[0].split(".")[0]


def format_value(value: Value, kind: CellKind | str, locale: Locale) -> str:
    """``value`` as ``locale`` writes it in a cell of ``kind``; see :func:`.i18n.format_value`."""
    kind = CellKind(kind)
    if value is None:
        return ""
    if isinstance(value, str):
        return value  # text is kept exactly as given, whatever the cell's kind
    if kind is CellKind.TEXT:
        raise TypeError(f"a text cell holds text, not {type(value).__name__} {value!r}")
    if type(value) is int:
        if value.bit_length() > _MAX_BITS:
            return number_text(value)  # exact when Python prints it, else ≈1E+N
        digits = len(str(abs(value)))
        with decimal.localcontext(_context(digits)):
            return format_decimal(value, format=_integer_pattern(locale), locale=locale)
    if type(value) is Decimal:
        if not value.is_finite():
            return str(value)
        _, digit_tuple, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        if len(digit_tuple) + abs(exponent) > MAX_DIGITS:
            return str(value)  # exact; no report holds such a number, a hostile one may
        places = -exponent if exponent < 0 else 0
        pattern = _integer_pattern(locale) + ("." + "0" * places if places else "")
        with decimal.localcontext(_context(len(digit_tuple) + max(exponent, 0))):
            return format_decimal(value, format=pattern, locale=locale)
    raise TypeError(f"{type(value).__name__} {value!r} is not a cell value (int, Decimal, str)")


def parse_value(text: str, kind: CellKind | str, locale: Locale) -> Value:
    """The value ``text`` writes in ``locale``; see :func:`.i18n.parse_value`."""
    kind = CellKind(kind)
    if kind is CellKind.TEXT:
        return text
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) > 2 * MAX_DIGITS:
        raise ValueParseError(text, kind.value, str(locale), "too long to be a number")
    if not set(stripped) <= _number_characters(locale):
        # babel would also read ０１２３, 1_000 and 1e5; a report that wrote those keeps its text
        raise ValueParseError(
            text, kind.value, str(locale), "only ASCII digits and the locale's signs make a number"
        )
    with decimal.localcontext(_context(len(stripped))):
        try:
            number = parse_decimal(stripped, locale, strict=True)
        except NumberFormatError as exc:
            raise ValueParseError(text, kind.value, str(locale), str(exc)) from None
        except decimal.InvalidOperation:
            raise ValueParseError(text, kind.value, str(locale), "not a number") from None
    if not number.is_finite():
        raise ValueParseError(text, kind.value, str(locale), "not a finite number")
    if kind is CellKind.AMOUNT or get_decimal_symbol(locale) in stripped:
        return number
    return int(number)


# ---------------------------------------------------------------- dates


def format_date(value: date, locale: Locale) -> str:
    """``value`` in the locale's long date format: ``2024年1月10日``, ``January 10, 2024``."""
    return _babel_format_date(value, "long", locale=locale)


_FIELD = re.compile(r"'[^']*'|([A-Za-z])\1*|[^A-Za-z']+")


@functools.cache
def _date_reader(locale: Locale) -> tuple[re.Pattern[str], tuple[tuple[str, _Reader], ...]]:
    """A regex for the locale's long date pattern, and the field (y, M, d) of each group."""
    pattern = get_date_format("long", locale=locale).pattern
    parts: list[str] = []
    fields: list[tuple[str, _Reader]] = []
    for match in _FIELD.finditer(pattern):
        token = match.group(0)
        if match.group(1) is None:  # a literal, quoted or not
            literal = (token[1:-1] or "'") if token.startswith("'") else token
            literal = literal.strip()
            parts.append(r"\s*" + re.escape(literal) + r"\s*" if literal else r"\s+")
        elif token[0] == "M" and len(token) >= 3:
            width = "wide" if len(token) == 4 else "abbreviated"
            names = {str(n).casefold(): m for m, n in locale.months["format"][width].items()}
            alternatives = sorted(names, key=len, reverse=True)
            parts.append("(" + "|".join(re.escape(n) for n in alternatives) + ")")
            fields.append(("M", functools.partial(_month, names)))
        elif token[0] in "yMd":
            parts.append(r"(\d{4})" if token[0] == "y" else r"(\d{1,2})")
            fields.append((token[0], int))
        else:
            raise ValueError(f"the long date pattern {pattern!r} of {locale} uses {token!r}")
    if sorted(letter for letter, _ in fields) != ["M", "d", "y"]:
        raise ValueError(f"the long date pattern {pattern!r} of {locale} lacks y, M or d")
    regex = re.compile(r"\s*" + "".join(parts) + r"\s*\Z", re.IGNORECASE)
    return regex, tuple(fields)


def _month(names: dict[str, int], text: str) -> int:
    return names[text.casefold()]


def parse_date(text: str, locale: Locale) -> date:
    """The date ``text`` writes in the locale's long format; raises ValueParseError."""
    regex, fields = _date_reader(locale)
    match = regex.match(text)
    if match is None:
        example = format_date(date(2024, 1, 10), locale)
        raise ValueParseError(text, "date", str(locale), f"expected a date like {example!r}")
    got = {
        letter: read(group) for (letter, read), group in zip(fields, match.groups(), strict=True)
    }
    try:
        return date(got["y"], got["M"], got["d"])
    except ValueError as exc:
        raise ValueParseError(text, "date", str(locale), str(exc)) from None
