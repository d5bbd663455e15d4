"""Exact money: sums of amounts never drift, whatever the caller's decimal context.

The library never rounds a stored value (``docs/security.md``, "Rounding
policy").  Decimal arithmetic rounds to the *current context's* precision
(28 digits by default, less if a caller lowered it), so every sum runs in
``_exact.EXACT``; these tests add up many generated amounts under a
deliberately tiny context and compare with :class:`fractions.Fraction`.
"""

from __future__ import annotations

import decimal
import time
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import disclosure_format as df
from disclosure_format._exact import EXACT, MAX_SCALE, exact, is_exact_number, is_plain
from disclosure_format.errors import ReportError
from disclosure_format.spec import CellKind

FORMATS = [spec.id for spec in df.list_formats()]

amounts = st.builds(
    lambda units, places: Decimal(units).scaleb(-places),
    st.integers(0, 10**40),
    st.integers(0, 30),
)


def _amount_cells(spec: df.FormatSpec) -> list[str]:
    return [c.key for c in spec.cells if c.kind is CellKind.AMOUNT]


def tiny_context() -> decimal._ContextManager:
    """A caller's context that would round every sum to 3 digits and hide it."""
    return decimal.localcontext(decimal.Context(prec=3, traps=[]))


@pytest.mark.parametrize("format_id", FORMATS)
@given(data=st.data())
def test_aggregated_amounts_equal_the_exact_fraction_sum(format_id, data):
    spec = df.get_format(format_id)
    cells = _amount_cells(spec)
    assert cells, "every built-in format has an amount cell"
    year = spec.years.first
    columns = data.draw(
        st.lists(
            st.lists(amounts, min_size=len(cells), max_size=len(cells)), min_size=1, max_size=30
        )
    )
    reports = [
        df.new_report(spec, "x", year, values=dict(zip(cells, row, strict=True))) for row in columns
    ]
    with tiny_context():
        total = df.aggregate(reports)
        assert df.check_sum(total, reports) == []
    for i, key in enumerate(cells):
        exact_sum = sum((Fraction(row[i]) for row in columns), Fraction(0))
        got = total.values[key]
        assert isinstance(got, Decimal)
        assert Fraction(got) == exact_sum, key
        # and no digit was dropped: the sum has the finest scale of its terms
        finest = min(row[i].as_tuple().exponent for row in columns)
        assert got.as_tuple().exponent == finest


@given(parts=st.lists(amounts, min_size=2, max_size=20))
def test_migration_merges_are_exact(parts):
    from disclosure_format.migrate import _sum  # the merge of several old cells into one

    with tiny_context():
        merged = _sum(list(parts))
    assert isinstance(merged, Decimal)
    assert Fraction(merged) == sum(map(Fraction, parts), Fraction(0))


def test_the_exact_context_never_rounds_and_would_raise_if_it_did():
    assert EXACT.prec == decimal.MAX_PREC
    assert EXACT.traps[decimal.Inexact]
    assert EXACT.traps[decimal.Rounded]
    big = Decimal("12345678901234567890.123456789")
    tiny = Decimal("0.0000000001")
    right = Decimal("12345678901234567890.1234567891")
    with decimal.localcontext(decimal.Context(prec=28)):
        assert big + tiny != right  # the default precision rounds
        with exact():
            assert big + tiny == right


def test_rule_sides_are_summed_exactly_under_a_low_precision_context():
    """No built-in rule adds amounts today, but a definition may: rule sides are exact sums."""
    from disclosure_format._checks._equations import side as _side

    big, tiny = Decimal("12345678901234567890.123456789"), Decimal("0.0000000001")
    with tiny_context():
        assert _side(((0, 1), (1, 1)), 0, [big, tiny]) == Decimal("12345678901234567890.1234567891")
        assert _side(((0, 3), (1, -1)), 5, [tiny, big]) == Decimal(
            "-12345678901234567885.1234567887"
        )


def _flagged(findings: list[df.Finding], key: str) -> bool:
    return any(key in [c.key for c in f.cells] for f in findings if f.rule != "B1")


@pytest.mark.parametrize(
    "value", ["1E+1001", "-1E+999999999", "1E-1001", "1.5E+123456789", "9.99E+999999"]
)
def test_numbers_beyond_the_scale_are_kept_but_left_out_of_sums(value):
    huge = Decimal(value)
    assert not is_plain(huge)
    assert not is_exact_number(huge)
    spec = df.get_format("2021")
    key = _amount_cells(spec)[0]
    report = df.new_report(spec, "x", 2023, values={key: huge})
    with pytest.raises(ReportError, match="not a number that can be added up exactly") as info:
        df.aggregate([report, report])
    assert info.value.problems[0].path == f"$.values[{key!r}]"
    notes = df.check_sum(report, [report])
    assert _flagged(notes, key)


@pytest.mark.parametrize("value", ["1E+1000", "1E-1000", "123.456", "-0.000"])
def test_numbers_within_the_scale_are_plain(value):
    assert is_plain(Decimal(value))
    assert MAX_SCALE == 1000


@pytest.mark.parametrize("value", ["1E+999999999", "-1.25E-999999999", "7E+1001"])
def test_huge_exponents_render_and_read_back_exactly_and_quickly(value):
    spec = df.get_format("2021")
    key = _amount_cells(spec)[0]
    report = df.new_report(spec, "x", 2023, values={key: Decimal(value)})
    for adapter in ("json", "csv", "csv-long", "html", "text", "xlsx"):
        started = time.perf_counter()
        output = df.render(report, adapter)
        assert len(output) < 200_000, adapter  # not a billion zeros
        back = df.read(output, adapter).report.values[key]
        assert time.perf_counter() - started < 5, adapter
        assert isinstance(back, Decimal), adapter
        assert str(back) == value, adapter
    for locale in ("zh_Hans", "en"):
        assert value in df.render(report, "html", locale=locale)  # type: ignore[operator]


def test_text_that_merely_looks_scientific_stays_text():
    """Only what the writers write in scientific notation (beyond the scale) is read as such."""
    spec = df.get_format("2021")
    key = _amount_cells(spec)[0]
    report = df.new_report(spec, "x", 2023, values={key: "1E+5"})
    for adapter in ("csv", "csv-long", "text", "html", "xlsx"):
        assert df.read(df.render(report, adapter), adapter).report.values[key] == "1E+5"


def test_the_published_readers_unit_conversion_is_exact_under_any_context():
    from disclosure_format._published._values import parse_cell

    with tiny_context():
        parsed = parse_cell("123456789012345678901234567890123.45元", CellKind.AMOUNT, "万元")
    assert parsed.value == Decimal("12345678901234567890123456789.012345")
    assert parsed.note == "unit-converted"
