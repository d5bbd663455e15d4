"""Cell text → exact value, the way publishers write numbers.

:func:`parse_cell` reads the text of one cell for one cell of the format:

* empty → blank (``None``); a placeholder ``-`` ``—`` ``–`` ``/`` ``无`` →
  blank with a ``blank`` note (blank is kept distinct from ``0``);
* full-width digits and signs (NFKC), thousands separators (``1,234``),
  a sign (``+1036``, ``-8``, ``－8``) or ``增``/``减`` before the digits
  (``减4`` → ``-4``);
* decimals are kept exact (``Decimal("24252.311082")``); a decimal in a count
  cell is kept as a ``Decimal`` for validation to report, never rounded;
* a unit typed into the cell: money units (``元 千元 万元 亿元``) in a cell
  whose format unit is money are converted exactly to the format's unit with a
  ``unit-converted`` note (``251000元`` in a 万元 cell → ``25.1``); in an amount
  cell for which the format prints no unit (2019 ``采购总金额``) the number is
  kept *as written* and the unit is reported in a ``unit-kept`` note — the
  format does not say which unit it means, so converting would be a guess;
  a counting unit (``件 个 项 条``) in a count cell is dropped (it says what
  the cell says already);
* anything else is kept as text, with a ``not-a-number`` note, for validation
  to report as a value of the wrong kind.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

import attrs

from .._exact import exact
from ..model import Value
from ..spec import CellKind
from ._labels import nfkc

__all__ = ["MONEY_UNITS", "Parsed", "is_value_text", "parse_cell", "same_key"]

MONEY_UNITS = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "亿元": Decimal(10**8),
}
_COUNT_UNITS = ("件", "个", "项", "条", "次")
_NUMBER = re.compile(
    r"^(?P<sign>[+\-−]|增|减)?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<unit>万元|亿元|千元|元|件|个|项|条|次)?$"
)
_PLACEHOLDER = re.compile(r"^(?:[-−–—―‒‐]+|/|无)$")


@attrs.frozen
class Parsed:
    """A parsed cell: the value, and a note (kind, severity, message) when not plain."""

    value: Value
    note: str | None = None
    severity: str = "info"
    message: str = ""
    unit: str = ""


def _clean(text: str) -> str:
    return "".join(nfkc(text).split())


@functools.lru_cache(maxsize=8192)
def is_value_text(text: str) -> bool:
    """True if ``text`` reads as a number, a placeholder or nothing (not as a label)."""
    cleaned = _clean(text)
    return not cleaned or bool(_PLACEHOLDER.match(cleaned) or _NUMBER.match(cleaned))


def parse_number(text: str) -> tuple[Decimal, str, bool] | None:
    """(value, unit, has_fraction) of a number as written, or None if it is not one."""
    match = _NUMBER.match(_clean(text))
    if match is None:
        return None
    digits = match["int"].replace(",", "")
    frac = match["frac"]
    number = Decimal(f"{digits}.{frac}" if frac is not None else digits)
    if match["sign"] in ("-", "−", "减"):
        number = -number
    return number, match["unit"] or "", frac is not None


@functools.lru_cache(maxsize=8192)
def parse_cell(text: str, kind: CellKind, unit: str | None) -> Parsed:
    """Read ``text`` as a value of a cell of ``kind`` whose format unit is ``unit``.

    Cached: a report repeats a few texts (``0``, blanks, small numbers) in
    hundreds of cells, and the result is immutable.
    """
    cleaned = _clean(text)
    if not cleaned:
        return Parsed(None)
    if kind is CellKind.TEXT:
        return Parsed(text)
    if _PLACEHOLDER.match(cleaned):
        return Parsed(None, "blank", "info", f"{cleaned!r} read as blank")
    found = parse_number(cleaned)
    if found is None:
        return Parsed(text, "not-a-number", "warning", f"{text!r} is not a number; kept as text")
    number, written_unit, has_fraction = found
    if written_unit in MONEY_UNITS:
        if kind is not CellKind.AMOUNT:
            return Parsed(
                text,
                "not-a-number",
                "warning",
                f"{text!r}: a money amount in a {kind} cell; kept as text",
            )
        if unit in MONEY_UNITS:
            if written_unit == unit:
                return Parsed(number, unit=written_unit)
            with exact():  # units are powers of ten: exact, whatever the caller's context
                converted = (number * MONEY_UNITS[written_unit] / MONEY_UNITS[unit]).normalize()
                if converted == converted.to_integral_value():
                    converted = converted.quantize(Decimal(1))
            return Parsed(
                converted,
                "unit-converted",
                "warning",
                f"{text!r} converted from {written_unit} to {unit}: {converted}",
                written_unit,
            )
        return Parsed(
            number,
            "unit-kept",
            "warning",
            f"{text!r}: written in {written_unit}; the format prints no unit for this cell, "
            f"so the number is kept as written ({number})",
            written_unit,
        )
    if written_unit and kind is CellKind.AMOUNT:
        return Parsed(text, "not-a-number", "warning", f"{text!r}: not an amount; kept as text")
    if kind is CellKind.AMOUNT:
        return Parsed(number)
    if has_fraction:
        return Parsed(number)  # validation reports a decimal in an integer cell
    value = int(number)
    if kind is CellKind.COUNT and cleaned[0] in "+增":
        return Parsed(value, "signed-count", "info", f"{text!r}: sign dropped")
    return Parsed(value, unit=written_unit)


def same_key(value: Value) -> object:
    """A comparison key under which 0 and Decimal('0.0') agree but blank and 0 do not."""
    if value is None:
        return ("blank",)
    if isinstance(value, (int, Decimal)):
        return ("number", Decimal(value).normalize())
    return ("text", value)
