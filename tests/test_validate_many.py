"""validate_many: the findings of validate, report by report, with a fast path for clean ones."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_format import (
    ReportError,
    get_format,
    list_formats,
    loads_definition,
    new_report,
    validate,
)
from disclosure_format import validation as validation_module
from disclosure_format.registry import builtin_formats_dir
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


def _with_a_text_cell():
    """Format 2021 with a text column (备注) beside 本年处理决定数量: no rule adds it up."""
    source = (builtin_formats_dir() / "2021.toml").read_text(encoding="utf-8")
    source = source.replace('id = "2021"', 'id = "2021-text"', 1)
    source = source.replace(
        "decisions  本年处理决定数量\n",
        'decisions  本年处理决定数量\nnote  备注  {kind = "text"}\n',
        1,
    )
    return loads_definition(source)


TEXT_FORMAT = _with_a_text_cell()


@settings(max_examples=15)
@given(st.lists(reports(TEXT_FORMAT, valid=False, blanks=True), max_size=3), ODD_VALUES)
def test_a_format_with_text_cells_gets_the_findings_of_validate(items, odd):
    """Text cells take the close look (validate itself): a blank text cell is in the notice."""
    filled = new_report(TEXT_FORMAT, "局", 2022, values=dict.fromkeys(TEXT_FORMAT.cell_keys, 0))
    only_text_blank = filled.with_values({"t2/licensing/note": None})
    items = [only_text_blank, *items, *(r.with_values({"t2/licensing/note": odd}) for r in items)]
    got = list(validate_many(items, spec=TEXT_FORMAT))
    assert repr(got) == repr([validate(r, spec=TEXT_FORMAT) for r in items])
    (notice,) = got[0]
    assert notice.rule == "B1"
    assert [c.key for c in notice.cells] == ["t2/licensing/note"]
