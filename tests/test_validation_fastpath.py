"""The quick test for clean numbers (``_clean_numbers``) decides as the close look would.

Validation settles a report of clean numbers — counts ints ≥ 0, amounts
plain Decimals ≥ 0, no int too long to print — without looking at each value.
With the quick test switched off every report takes the close look, and the
findings must be the same: values at and beyond each bound, of other types,
and in cells of each kind.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_format import _fastpath, list_formats, new_report, validate
from disclosure_format._compile import compiled
from disclosure_format._exact import MAX_INT, is_plain, number_text
from disclosure_format.spec import CellKind
from disclosure_format.testing import reports

FORMATS = list_formats()

ODD = st.sampled_from(
    [
        *(MAX_INT, -MAX_INT, MAX_INT + 1, -MAX_INT - 1, 0, 7, -3, True, None, "七"),
        *(Decimal("0.5"), Decimal("3"), Decimal("0"), Decimal("-0.01")),
        *(Decimal("NaN"), Decimal("Infinity"), Decimal("1E+1000"), Decimal("1E+1001")),
        *(Decimal(MAX_INT), Decimal("1E-1000"), Decimal("1E-1001")),
    ]
)


def _close_look_only(*args):
    return None


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_same_findings_with_and_without_the_quick_test(spec, data, monkeypatch):
    report = data.draw(reports(spec, valid=data.draw(st.booleans())))
    keys = data.draw(st.lists(st.sampled_from(spec.cell_keys), max_size=3))
    report = report.with_values({k: data.draw(ODD) for k in keys})
    quick = validate(report)
    with monkeypatch.context() as patch:
        patch.setattr(_fastpath, "clean_numbers", _close_look_only)
        slow = validate(report)
    assert repr(quick) == repr(slow)  # repr: a NaN value is not equal to itself
    for key in keys:
        value = report.values[key]
        kind = spec.cell(key).kind
        wrong = (
            type(value) is bool
            or isinstance(value, str)
            or (type(value) is int and not -MAX_INT <= value <= MAX_INT)
            or (type(value) is Decimal and not is_plain(value))
            or (kind is not CellKind.AMOUNT and type(value) is Decimal)
            or (kind is not CellKind.SIGNED and value is not None and value < 0)
        )
        if wrong:
            assert any(key in {c.key for c in f.cells} for f in quick), (key, value)


@pytest.mark.parametrize(
    ("kind", "value", "clean"),
    [
        (CellKind.COUNT, MAX_INT, True),
        (CellKind.COUNT, MAX_INT + 1, False),
        (CellKind.COUNT, -1, False),
        (CellKind.COUNT, True, False),
        (CellKind.COUNT, Decimal("2"), False),
        (CellKind.SIGNED, -MAX_INT, True),
        (CellKind.SIGNED, -MAX_INT - 1, False),
        (CellKind.AMOUNT, Decimal("1E+1000"), True),
        (CellKind.AMOUNT, Decimal("1E+1001"), False),
        (CellKind.AMOUNT, MAX_INT, True),
        (CellKind.AMOUNT, MAX_INT + 1, False),
        (CellKind.AMOUNT, Decimal("-0.01"), False),
        (CellKind.AMOUNT, Decimal("NaN"), False),
        (CellKind.AMOUNT, None, True),
    ],
)
def test_the_quick_test_at_each_bound(kind, value, clean):
    spec = next(s for s in FORMATS if kind in compiled(s).kinds)
    prep = _fastpath.prepared(spec)
    index = prep.comp.kinds.index(kind)
    vals = [0] * len(prep.comp.keys)
    vals[index] = value
    result = _fastpath.clean_numbers(prep, vals)
    assert (result is not None) is clean
    if clean:
        assert result is (value is None)  # says whether a cell is blank


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("t2/regulations/made", MAX_INT + 1),  # 2019: in no equation
        ("t2/regulations/made", 10**4500),  # too long even to print: shown as ≈1E+4500
        ("t2/fees/amount", Decimal("1E+1001")),  # 2021: in no equation
        ("t3/new/applicant.total", -MAX_INT - 1),
    ],
    ids=["int-past-bound", "int-unprintable", "decimal-past-scale", "negative-int-past-bound"],
)
def test_a_number_beyond_exact_arithmetic_is_named_by_the_kind_rule(key, value):
    """Regression: such a value in a cell of no equation had no finding at all."""
    spec = next(s for s in FORMATS if s.has_cell(key))
    values = {**dict.fromkeys(spec.cell_keys, 0), key: value}
    report = new_report(spec, "局", spec.years.first, values=values)
    kind = [f for f in validate(report) if f.path == key and f.rule in ("I3", "I4.kind", "I8")]
    assert len(kind) == 1
    assert kind[0].is_error
    assert kind[0].message.endswith(f"超出可计算的范围：{number_text(value)}")
    english = [f.message for f in validate(report, locale="en") if f.path == key]
    assert any("beyond the range of exact arithmetic" in m for m in english)
