"""Exact arithmetic on cell values: which numbers take part, and the context they add in.

Amounts are :class:`~decimal.Decimal`, and Decimal arithmetic rounds to the
current context's precision (28 digits by default) without a word: two
amounts of 30 digits would add up to a rounded sum, and a rule comparing sums
would judge a rounded number.  Every sum this library computes — rule sides,
aggregation, series figures, migration merges — is therefore computed in
:data:`EXACT`: unbounded precision and exponent range, with ``Inexact`` and
``Rounded`` *trapped*, so that a rounding, should one ever happen, is an
exception rather than a silently different number.

Unbounded precision is only safe for numbers of a sane scale: the exact sum
of ``1E+999999999`` and ``0.01`` has a billion digits.  A Decimal whose
exponent lies outside ``±MAX_SCALE`` (see :func:`is_plain`) is kept as it is —
stored, written and read back exactly, in scientific notation — but takes no
part in arithmetic: validation reports it, aggregation refuses it.  No real
report holds such a number (the largest plausible amount, in 元, has about 15
digits); hostile or corrupted input may.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import TypeGuard

__all__ = [
    "EXACT",
    "MAX_INT",
    "MAX_SCALE",
    "exact",
    "is_exact_number",
    "is_plain",
    "number_text",
    "read_scientific",
    "shown",
]

MAX_SCALE = 1000
"""The largest ``|exponent|`` of a Decimal written in plain digits and used in arithmetic.

``Decimal("1E+1000")`` is a 1 followed by a thousand zeros; anything beyond
is written as Python writes it (``1E+1001``) and left out of sums.
"""

EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.Inexact,
        decimal.Rounded,
    ],
)
"""The context of every sum: never rounds, and raises if it ever would have to."""


def exact() -> decimal._ContextManager:
    """``with exact(): ...`` — Decimal arithmetic in :data:`EXACT` within the block."""
    return decimal.localcontext(EXACT)


def is_plain(value: Decimal) -> bool:
    """True if ``value`` is finite and its exponent is within ``±MAX_SCALE``.

    Such a number has at most ``MAX_SCALE`` zeros of padding when written in
    plain digits, and any sum of such numbers has a bounded number of digits.
    """
    if not value.is_finite():
        return False
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return exponent >= -MAX_SCALE and value.adjusted() <= MAX_SCALE


_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?E[+-][0-9]+\Z")


def read_scientific(text: str) -> Decimal | None:
    """The number of ``text`` if it is written the way :func:`._converter.decimal_text`
    writes a number beyond the scale (``1E+999999``), else None.

    Only those: ``"1E+5"`` typed into a cell stays text, as before, since no
    writer of this library writes 100000 that way.
    """
    if not _SCIENTIFIC.match(text):
        return None
    try:
        value = Decimal(text)
    except decimal.InvalidOperation:  # an exponent beyond even Decimal's range
        return None
    return None if is_plain(value) else value


MAX_INT = 10**4000 - 1
"""The largest integer taken for a number: longer ones cannot even be printed
(Python refuses to convert integers of more than 4300 digits to text), so no
reader produces them and no message could show them."""


def is_exact_number(value: object) -> TypeGuard[int | Decimal]:
    """An ``int`` within ``±MAX_INT``, or a Decimal that :func:`is_plain`: what sums use."""
    if type(value) is int:
        return -MAX_INT <= value <= MAX_INT
    return type(value) is Decimal and is_plain(value)


def number_text(value: int | Decimal) -> str:
    """``str(value)``, or for an int too long for Python to print, ``≈1E+N`` (its magnitude)."""
    try:
        return str(value)
    except ValueError:  # over sys.get_int_max_str_digits(): only an int
        assert isinstance(value, int)
        magnitude = int(value.bit_length() * 0.30102999566398120)  # log10(2)
        return f"{'-' if value < 0 else ''}≈1E+{magnitude}"


def shown(value: object) -> str:
    """``repr(value)`` for messages, safe for an int too long for Python to print."""
    if type(value) is int:
        return number_text(value)
    return repr(value)
