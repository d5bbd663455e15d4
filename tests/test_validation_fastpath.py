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

from disclosure_format import list_formats, validate
from disclosure_format import validation as validation_module
from disclosure_format._exact import MAX_INT
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
        patch.setattr(validation_module, "_clean_numbers", _close_look_only)
        slow = validate(report)
    assert repr(quick) == repr(slow)  # repr: a NaN value is not equal to itself
    for key in keys:
        value = report.values[key]
        kind = spec.cell(key).kind
        wrong = (
            type(value) is bool
            or isinstance(value, str)
            or (type(value) is int and not -MAX_INT <= value <= MAX_INT)
            or (type(value) is Decimal and not value.is_finite())
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
    spec = next(s for s in FORMATS if kind in validation_module.compiled(s).kinds)
    prep = validation_module._prepared(spec)
    index = prep.comp.kinds.index(kind)
    vals = [0] * len(prep.comp.keys)
    vals[index] = value
    result = validation_module._clean_numbers(prep, vals)
    assert (result is not None) is clean
    if clean:
        assert result is (value is None)  # says whether a cell is blank
