"""Validation: generated valid reports are clean, any broken cell is caught and named."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_format import (
    CellKind,
    Report,
    ReportError,
    Severity,
    ValidationFailed,
    check,
    get_format,
    is_valid,
    list_formats,
    new_report,
    validate,
)
from disclosure_format.testing import broken_reports, reports

FORMATS = [s.id for s in list_formats()]


def zeros(format_id, year=None, **changes):
    """A report of ``format_id`` with every cell 0 except ``changes``."""
    spec = get_format(format_id)
    values = {c.key: Decimal(0) if c.kind is CellKind.AMOUNT else 0 for c in spec.cells}
    values.update(changes)
    return new_report(spec, "测试局", year or spec.years.first, values=values)


@pytest.mark.parametrize("format_id", FORMATS)
@given(data=st.data())
def test_generated_valid_report_has_no_error(format_id, data):
    report = data.draw(reports(format_id))
    errors = [f for f in validate(report) if f.severity is Severity.ERROR]
    assert errors == []
    assert is_valid(report)


@pytest.mark.parametrize("format_id", FORMATS)
@given(data=st.data())
def test_breaking_any_cell_is_caught_and_located(format_id, data):
    broken = data.draw(broken_reports(format_id))
    findings = [f for f in validate(broken.report) if f.is_error]
    naming = [f for f in findings if broken.cell in {c.key for c in f.cells}]
    assert naming, f"{broken.rule}: changing {broken.cell} went unnoticed"
    assert broken.rule in {f.rule for f in naming}


def test_s1_finding_carries_cells_numbers_and_labels():
    report = zeros("2021", **{"t3/new/applicant.natural_person": 5, "t3/new/applicant.total": 5})
    findings = validate(report)
    s1 = [f for f in findings if f.rule == "S1"]
    assert len(s1) == 2  # the 自然人 column and the 总计 column
    first = s1[0]
    assert first.instance == "applicant.natural_person"
    assert first.instance_label == "申请人情况/自然人"
    assert (first.actual, first.expected, first.difference) == (5, 0, 5)
    assert first.wording == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    keys = [c.key for c in first.cells]
    assert keys == [
        "t3/new/applicant.natural_person",
        "t3/carried_over/applicant.natural_person",
        "t3/results.total/applicant.natural_person",
        "t3/carried_forward/applicant.natural_person",
    ]
    assert first.cells[0].label == "t3 一、本年新收政府信息公开申请数量 × 申请人情况/自然人"
    assert first.rule_path == "rules[0]"


def test_blank_cells_count_as_zero_and_are_listed_once():
    report = zeros(
        "2021", **{"t3/new/applicant.natural_person": None, "t3/new/applicant.total": None}
    )
    findings = validate(report)
    assert [f.rule for f in findings] == ["B1"]
    (blank,) = findings
    assert blank.severity is Severity.NOTICE
    assert [c.key for c in blank.cells] == [
        "t3/new/applicant.natural_person",
        "t3/new/applicant.total",
    ]
    assert report.blank_cells == tuple(c.key for c in blank.cells)  # the same list, in cell order


def test_blank_total_with_filled_parts_is_an_error():
    # corpus 001 (Shanghai 2019): the 予以公开 row total is blank but its parts are not
    report = zeros(
        "2019",
        **{
            "t3/results.granted/applicant.natural_person": 258,
            "t3/results.granted/applicant.total": None,
        },
    )
    i1 = [f for f in validate(report) if f.rule == "I1"]
    assert i1[0].instance == "results.granted"
    assert (i1[0].actual, i1[0].expected) == (0, 258)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (-1, "不能为负数"),
        (Decimal("2.5"), "不能为小数"),
        ("七", "不是数字"),
        (1.0, "不是精确数值"),
        (True, "不是精确数值"),
    ],
)
def test_count_of_wrong_kind_is_an_error_naming_the_cell(value, fragment):
    report = zeros("2021", **{"t4/cases/review.upheld": value})
    kind = [f for f in validate(report) if f.rule == "I4.kind"]
    assert len(kind) == 1
    assert kind[0].cells[0].key == "t4/cases/review.upheld"
    assert fragment in kind[0].message


def test_equations_over_text_are_not_checked_but_said_so():
    report = zeros("2021", **{"t4/cases/review.upheld": "七"})
    findings = validate(report)
    not_checked = [f for f in findings if f.rule == "I4.review"]
    assert [f.severity for f in not_checked] == [Severity.NOTICE]
    assert "未能检查" in not_checked[0].message


def test_amounts_are_exact():
    report = zeros("2021", **{"t2/fees/amount": Decimal("24252.311082")})
    assert validate(report) == []
    negative = zeros("2021", **{"t2/fees/amount": Decimal("-0.000001")})
    assert [f.rule for f in validate(negative)] == ["I8"]


def test_signed_counts_may_be_negative():
    report = zeros("2019", **{"t2/licensing/change": -8})
    assert [f.rule for f in validate(report)] == []


def test_cross_year_carry_over_per_column():
    old = zeros(
        "2021",
        **{
            "t3/new/applicant.natural_person": 3,
            "t3/new/applicant.total": 3,
            "t3/carried_forward/applicant.natural_person": 3,
            "t3/carried_forward/applicant.total": 3,
        },
    )
    new = zeros(
        "2021",
        2022,
        **{
            "t3/carried_over/applicant.natural_person": 2,
            "t3/carried_over/applicant.total": 2,
            "t3/results.granted/applicant.natural_person": 2,
            "t3/results.granted/applicant.total": 2,
            "t3/results.total/applicant.natural_person": 2,
            "t3/results.total/applicant.total": 2,
        },
    )
    assert validate(new) == []
    i5 = [f for f in validate(new, old) if f.rule == "I5"]
    assert [f.instance for f in i5] == ["applicant.natural_person", "applicant.total"]
    assert i5[0].cells[-1].previous
    assert (i5[0].actual, i5[0].expected) == (2, 3)


def test_cross_year_across_the_2019_to_2021_switch():
    old = zeros(
        "2019",
        2020,
        **{
            "t3/carried_forward/applicant.natural_person": 1,
            "t3/carried_forward/applicant.total": 1,
            "t3/new/applicant.natural_person": 1,
            "t3/new/applicant.total": 1,
        },
    )
    new = zeros("2021")
    findings = validate(new, old)
    assert {f.instance for f in findings if f.rule == "I5"} == {
        "applicant.natural_person",
        "applicant.total",
    }
    # I6 refers to 2021 table-2 cells the 2019 format does not have: skipped, and said so
    skipped = [f for f in findings if f.rule == "I6"]
    assert [f.severity for f in skipped] == [Severity.NOTICE]
    assert "格式 2019" in skipped[0].message


def test_previous_report_must_be_the_year_before():
    report = zeros("2021")
    with pytest.raises(ReportError, match="cross-year rules compare 2021 with 2020"):
        validate(report, zeros("2021"))


def test_select_and_ignore():
    report = zeros("2021", **{"t4/cases/review.upheld": 1, "t3/new/applicant.total": 1})
    assert {f.rule for f in validate(report)} == {"I4.review", "I1", "S1"}
    assert {f.rule for f in validate(report, select=["I4"])} == {"I4.review"}
    assert {f.rule for f in validate(report, ignore=["I4", "S1"])} == {"I1"}
    with pytest.raises(ReportError, match="has no rule 'X9'"):
        validate(report, select=["X9"])


def test_check_raises_the_most_relevant_error():
    report = zeros("2021", **{"t3/new/applicant.total": 1, "t4/cases/review.total": -1})
    with pytest.raises(ValidationFailed) as info:
        check(report)
    assert info.value.finding.rule == "S1"  # stated rules first
    assert len(info.value.findings) >= 3


def test_unknown_cell_keys_are_an_error_not_ignored():
    report = zeros("2021")
    odd = report.with_values({"t3/new/applicant.everyone": 1})
    with pytest.raises(ReportError, match="has no such cell"):
        validate(odd)


def test_warnings_do_not_make_a_report_invalid():
    report = zeros("2021", **{"t2/regulations/issued": 5})
    findings = validate(report)
    assert [(f.rule, f.severity) for f in findings] == [("I6.single", Severity.WARNING)]
    assert is_valid(report)


@given(st.from_type(Report))
def test_hypothesis_entry_point_registers_reports(report):
    assert report.format in FORMATS
    assert is_valid(report)
