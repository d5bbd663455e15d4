"""Hypothesis strategies for reports of any format (``pip install 'disclosure-format[test]'``).

Downstream systems use these to test their own code against every shape of
report the library can produce::

    from hypothesis import given
    from disclosure_format.testing import reports

    @given(reports("2021"))
    def test_my_importer(report): ...

Valid reports are *built* from the format's compiled rules, never filtered:
the free cells are drawn, the totals computed (see ``_generate``), so any
format a maintainer adds — with any rules — gets a generator with no code.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

try:
    from hypothesis import assume
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "disclosure_format.testing needs hypothesis: pip install 'disclosure-format[test]'"
    ) from exc

from ._compile import compiled
from ._generate import Plan, make_plan
from .model import Number, Report, Value
from .registry import get_format, list_formats
from .spec import CellKind, Check, FormatSpec, Severity

__all__ = [
    "HOSTILE_STRINGS",
    "Breakage",
    "broken_reports",
    "cell_values",
    "reports",
    "texts",
]

HOSTILE_STRINGS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '</table></td><p style="background:url(javascript:alert(1))">',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    '=HYPERLINK("http://x")',
    "'quoted' \"double\" `back`",
    "&amp; &lt; &#x3c; &nbsp;",
    "a,b;c\td",
    "line one\nline two",
    "\u202eevil\u202c",
    "　全角空格　",
    "０１２３",
    "𠀋𡈽 (beyond the BMP)",
    "",
    " leading and trailing ",
    "e\u0301\u0308 ก\u0e31\u0e49 (combining marks)",
    "\U0001f469\U0001f3fd\u200d\U0001f4bb\U0001f1e8\U0001f1f3 (emoji, ZWJ, flags)",
    "\u200f\u05e9\u05dc\u05d5\u05dd\u200e (RTL marks)",
    "\ufeff\u200b零宽 (BOM and zero-width space inside)",
    "葛\U000e0100 (variation selector)",
    "\U00020000\U0002a6d6 (CJK extension B)",
    "\n\n  indented\n\t\n",
)
"""Strings that break naive escaping, CSV, spreadsheets or parsers; mixed into :func:`texts`."""


_NONCHARACTERS = "".join(
    [chr(c) for c in range(0xFDD0, 0xFDF0)]
    + [chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF)]
)


def texts(*, max_size: int = 60) -> st.SearchStrategy[str]:
    """Text as reports hold it: Chinese, ASCII, digits, punctuation, and hostile strings.

    Control characters other than newline and tab are left out: no report
    format can carry them, and adapters reject them with a located error.
    So are the Unicode noncharacters (U+FFFE, U+FDD0…), which XML, hence
    XLSX, cannot hold.
    """
    alphabet = st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=_NONCHARACTERS),
        st.sampled_from("政府信息公开工作年度报告局委办（）、：，。“”0123456789"),
        st.sampled_from("\n\t"),
    )
    return st.one_of(st.text(alphabet, max_size=max_size), st.sampled_from(HOSTILE_STRINGS))


def _amounts(upper: Number | None = None) -> st.SearchStrategy[Decimal]:
    @st.composite
    def build(draw: st.DrawFn) -> Decimal:
        places = draw(st.integers(0, 6))
        scale = 10**places
        top = 10**12 if upper is None else int(Decimal(upper) * scale)
        units = draw(st.one_of(st.just(0), st.integers(0, max(top, 0))))
        return Decimal(units).scaleb(-places)

    return build()


def _counts(upper: Number | None = None) -> st.SearchStrategy[int]:
    if upper is None:
        return st.one_of(st.just(0), st.integers(1, 20), st.integers(0, 10**6))
    top = int(upper)
    return st.one_of(st.just(0), st.just(top), st.integers(0, top))


def cell_values(kind: CellKind, *, upper: Number | None = None) -> st.SearchStrategy[Value]:
    """Valid values of a cell kind (``upper`` bounds counts and amounts)."""
    if kind is CellKind.COUNT:
        return _counts(upper)
    if kind is CellKind.SIGNED:
        return st.integers(-(10**6), 10**6)
    if kind is CellKind.AMOUNT:
        return _amounts(upper)
    return texts()


def _spec(format: FormatSpec | str) -> FormatSpec:
    return format if isinstance(format, FormatSpec) else get_format(format)


@functools.cache
def _plan(spec: FormatSpec, fixed: frozenset[int]) -> Plan:
    return make_plan(compiled(spec), fixed)


def reports(
    format: FormatSpec | str | None = None,
    *,
    valid: bool = True,
    blanks: bool = True,
    values: Mapping[str, Value | st.SearchStrategy[Value]] | None = None,
    agency: st.SearchStrategy[str] | None = None,
    narrative: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Report]:
    """Reports of ``format`` (default: any built-in format).

    With ``valid=True`` every error rule holds (warnings may not); with
    ``valid=False`` cells are any values of their kind.  ``blanks`` lets
    zero cells be drawn as blank (``None``).  ``values`` pins cells by key,
    to a value or a strategy; ``agency`` and ``narrative`` replace the text
    strategies (default: :func:`texts`, hostile strings included).
    """
    if format is None:
        return st.sampled_from(list_formats()).flatmap(
            lambda spec: reports(
                spec, valid=valid, blanks=blanks, values=values, agency=agency, narrative=narrative
            )
        )
    spec = _spec(format)
    pinned = dict(values or {})
    for key in pinned:
        if not spec.has_cell(key):
            raise ValueError(f"format {spec.id} has no cell {key!r}")
    agency_st = agency if agency is not None else texts()
    narrative_st = narrative if narrative is not None else texts(max_size=200)
    last = spec.years.last if spec.years.last is not None else spec.years.first + 10

    @st.composite
    def build(draw: st.DrawFn) -> Report:
        fixed = {}
        for key, pin in pinned.items():
            fixed[spec.cell(key).index] = draw(pin) if isinstance(pin, st.SearchStrategy) else pin
        cell_list = _fill(draw, spec, valid, fixed)
        if blanks and draw(st.booleans()):
            cell_list = [
                None if v == 0 and not isinstance(v, str) and draw(st.booleans()) else v
                for v in cell_list
            ]
        sections = draw(st.lists(st.sampled_from([s.key for s in spec.sections]), unique=True))
        return Report(
            format=spec.id,
            agency=draw(agency_st),
            year=draw(st.integers(spec.years.first, last)),
            values=dict(zip(spec.cell_keys, cell_list, strict=True)),
            narrative={key: draw(narrative_st) for key in sections},
            published=draw(
                st.none() | st.dates(date(spec.years.first, 1, 1), date(last + 1, 12, 31))
            ),
        )

    return build()


def _fill(draw: st.DrawFn, spec: FormatSpec, valid: bool, fixed: dict[int, Any]) -> list[Value]:
    kinds = [c.kind for c in spec.cells]
    if not valid:
        return [
            fixed[i] if i in fixed else draw(st.none() | cell_values(k))
            for i, k in enumerate(kinds)
        ]
    numeric_fixed = {i: v for i, v in fixed.items() if kinds[i].numeric}
    plan = _plan(spec, frozenset(numeric_fixed))

    def free(index: int, kind: CellKind, upper: Number | None) -> Number:
        return draw(cell_values(kind, upper=upper))  # type: ignore[return-value]

    numbers = plan.fill(free, numeric_fixed)
    assume(numbers is not None)
    assert numbers is not None
    out: list[Value] = list(numbers)
    for i, kind in enumerate(kinds):
        if not kind.numeric:
            out[i] = fixed[i] if i in fixed else draw(st.none() | texts())
    return out


@attrs.frozen
class Breakage:
    """A report made invalid by changing one cell: which cell, from what, for which rule."""

    report: Report
    rule: str
    cell: str
    original: Value


def broken_reports(
    format: FormatSpec | str, rule: str | None = None
) -> st.SearchStrategy[Breakage]:
    """A valid report with one cell changed so that an error rule (``rule``, or any) fails.

    For an arithmetic rule the cell's value moves by a non-zero amount (its
    kind stays valid); for a kind rule it gets a value of the wrong kind.
    The changed cell is one the rule covers, so the finding must name it.
    """
    spec = _spec(format)
    comp = compiled(spec)
    targets: list[tuple[str, int, str]] = []  # (rule id, cell index, how)
    for eq in comp.equations:
        if eq.rule.severity is Severity.ERROR and eq.op == "==":
            targets += [(eq.rule.id, i, "shift") for i, c in eq.coefficients().items() if c]
    for _, kind_rule, indexes in comp.kind_checks:
        if kind_rule.severity is Severity.ERROR:
            targets += [(kind_rule.id, i, "kind") for i in indexes]
    if rule is not None:
        known = {r.id for r in spec.rules if r.check in (Check.EXPR, Check.KIND)}
        if rule not in known:
            raise ValueError(f"format {spec.id} has no arithmetic or kind rule {rule!r}")
        targets = [t for t in targets if t[0] == rule]
        if not targets:
            raise ValueError(f"rule {rule!r} of format {spec.id} is not a single-year error rule")

    @st.composite
    def build(draw: st.DrawFn) -> Breakage:
        report = draw(reports(spec, blanks=True))
        rule_id, index, how = draw(st.sampled_from(targets))
        key = comp.keys[index]
        original = report.values[key]
        kind = comp.kinds[index]
        if how == "kind":
            bad: Value = draw(st.sampled_from(_wrong_values(kind)))
        else:
            assert not isinstance(original, str)  # generated reports hold numbers
            base: Number = 0 if original is None else original
            delta = draw(st.integers(1, 50))
            up = kind is not CellKind.SIGNED or draw(st.booleans())
            bad = base + delta if up else base - delta
        return Breakage(report.with_values({key: bad}), rule_id, key, original)

    return build()


def _wrong_values(kind: CellKind) -> list[Value]:
    if kind is CellKind.COUNT:
        return [-1, Decimal("0.5"), "七", "12a"]
    if kind is CellKind.SIGNED:
        return [Decimal("1.5"), "减", "x"]
    if kind is CellKind.AMOUNT:
        return [Decimal("-0.01"), Decimal("NaN"), "二十五万元"]
    return [0]
