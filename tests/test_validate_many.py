"""validate_many: the findings of validate, report by report, with a fast path for clean ones."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_format import ReportError, get_format, list_formats, new_report, validate
from disclosure_format import validation as validation_module
from disclosure_format.testing import broken_reports, reports
from disclosure_format.validation import validate_many

FORMATS = list_formats()

ODD_VALUES = st.sampled_from(
    [None, 0, -1, 7, Decimal("0.5"), Decimal("2"), Decimal("NaN"), Decimal("-0.01"), "七", True]
)


@st.composite
def mixed_reports(draw):
    spec = draw(st.sampled_from(FORMATS))
    kind = draw(st.sampled_from(["valid", "invalid", "broken"]))
    if kind == "broken":
        report = draw(broken_reports(spec)).report
    else:
        report = draw(reports(spec, valid=kind == "valid", blanks=draw(st.booleans())))
    keys = draw(st.lists(st.sampled_from(spec.cell_keys), max_size=2))
    return report.with_values({k: draw(ODD_VALUES) for k in keys})


@settings(max_examples=20)  # each example draws several whole reports
@given(st.lists(mixed_reports(), max_size=4))
def test_the_same_findings_as_validate(items):
    got = list(validate_many(items))
    assert repr(got) == repr([validate(r) for r in items])  # repr: NaN is not equal to itself


@settings(max_examples=15)
@given(st.lists(mixed_reports(), max_size=3), st.sampled_from(["S1", "I1", "B1"]))
def test_the_same_findings_with_a_rule_filter(items, rule):
    got = list(validate_many(items, select=[rule]))
    assert repr(got) == repr([validate(r, select=[rule]) for r in items])


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=15)
@given(data=st.data())
def test_reports_of_clean_numbers_take_the_fast_path(spec, data, monkeypatch_module):
    """Valid or not, blanks or not: no report of clean numbers needs validate() itself."""
    report = data.draw(
        reports(spec, valid=data.draw(st.booleans()), blanks=data.draw(st.booleans()))
    )
    expected = validate(report)
    with monkeypatch_module.context() as patch:
        patch.setattr(validation_module, "validate", _no_full_path)
        assert list(validate_many([report, report])) == [expected, expected]


def _no_full_path(*args, **kwargs):
    raise AssertionError("a clean report went through validate()")


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_missing_or_unknown_keys_and_a_wrong_format_behave_as_in_validate(monkeypatch):
    spec = get_format("2021")
    full = new_report(spec, "局", 2022, values=dict.fromkeys(spec.cell_keys, 0))
    with monkeypatch.context() as patch:
        patch.setattr(validation_module, "validate", _no_full_path)
        assert list(validate_many([full])) == [[]]  # all zeros: valid, no blank
    partial = attrs.evolve(full, values=dict.fromkeys(spec.cell_keys[:-1], 0))
    assert list(validate_many([partial])) == [validate(partial)]
    extra = attrs.evolve(full, values={**full.values, "t9/x/y": 1})
    with pytest.raises(ReportError, match="has no such cell"):
        list(validate_many([extra]))
    with pytest.raises(ReportError, match="was given format '2019'"):
        list(validate_many([full], spec=get_format("2019")))


@pytest.mark.parametrize(
    "value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), "二十五万元", -1]
)
def test_a_bad_amount_is_a_finding_not_an_exception(value):
    """Regression: the quick kind test must not compare a NaN (an InvalidOperation)."""
    spec = get_format("2021")
    report = new_report(spec, "局", 2022, values={"t2/fees/amount": value})
    (findings,) = list(validate_many([report]))
    assert repr(findings) == repr(validate(report))
    assert any(f.rule == "I8" and f.path == "t2/fees/amount" for f in findings)


def test_a_value_whose_equality_raises_is_named_not_called():
    """Blanks are found by identity: an odd object in a cell is a kind finding, not a crash."""

    class Touchy:
        def __eq__(self, other):
            raise RuntimeError("compared")

        __hash__ = object.__hash__

    spec = get_format("2021")
    values = {**dict.fromkeys(spec.cell_keys, 0), "t3/new/applicant.total": Touchy()}
    report = new_report(spec, "局", 2022, values=values)  # no blank before it stops a search
    (findings,) = list(validate_many([report]))
    assert any(f.path == "t3/new/applicant.total" and f.rule == "I3" for f in findings)
