"""The shortcut that spares reports with amounts a pass over every value gives the same findings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_format import list_formats, validate
from disclosure_format import validation as validation_module
from disclosure_format.spec import CellKind
from disclosure_format.testing import reports

FORMATS = list_formats()

DECIMALS = st.sampled_from(
    [Decimal("0.5"), Decimal("3"), Decimal("NaN"), Decimal("Infinity"), Decimal("-0.01")]
)


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_same_findings_with_and_without_the_shortcut(spec, data, monkeypatch):
    report = data.draw(reports(spec, valid=data.draw(st.booleans())))
    keys = data.draw(st.lists(st.sampled_from(spec.cell_keys), max_size=3))
    report = report.with_values({k: data.draw(DECIMALS) for k in keys})
    fast = validate(report)
    with monkeypatch.context() as patch:
        patch.setattr(validation_module, "_only_finite_amounts", lambda *args: False)
        slow = validate(report)
    assert repr(fast) == repr(slow)  # repr: a NaN value is not equal to itself
    for key in keys:
        value = report.values[key]
        cell = spec.cell(key)
        if not value.is_finite() or (cell.kind is not CellKind.AMOUNT and value != int(value)):
            assert any(key in {c.key for c in f.cells} for f in fast), key


_EDGE = 10**4000 - 1  # _exact.MAX_INT
_BOUNDARY = st.sampled_from(
    [
        *(_EDGE, -_EDGE, _EDGE + 1, -_EDGE - 1, 0, 7, Decimal("0.5"), Decimal("-3")),
        *(Decimal(_EDGE), Decimal(-_EDGE), Decimal(_EDGE + 1), Decimal(-_EDGE - 1)),
        *(Decimal("1E+4000"), Decimal("-1E+4000"), Decimal("9.99E+3999")),
    ]
)


@given(st.lists(_BOUNDARY, max_size=5))
def test_the_bounds_check_with_decimal_bounds_is_the_bounds_check(numbers):
    from disclosure_format._exact import within_bounds

    assert validation_module._within_bounds(numbers) == within_bounds(numbers)
