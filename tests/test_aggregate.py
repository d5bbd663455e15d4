"""Aggregation: exact cell-wise sums, typed errors for mismatched inputs, parent checks."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_format import (
    ReportError,
    Severity,
    dump_report,
    get_format,
    list_formats,
    loads_report,
    new_report,
    validate,
)
from disclosure_format.aggregate import SUM_RULE, aggregate, check_sum
from disclosure_format.cli import run
from disclosure_format.model import Provenance
from disclosure_format.testing import reports

FORMATS = list_formats()


@st.composite
def same_year_reports(draw, spec, valid=True, min_size=1, max_size=3):
    year = spec.years.first
    items = draw(st.lists(reports(spec, valid=valid), min_size=min_size, max_size=max_size))
    return [attrs.evolve(r, year=year) for r in items]


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=15)  # each example draws several whole reports
@given(data=st.data())
def test_the_sum_of_valid_reports_is_valid(spec, data):
    items = data.draw(same_year_reports(spec))
    total = aggregate(items, agency="合计")
    assert [f for f in validate(total) if f.is_error] == []
    for key in spec.cell_keys:
        given_values = [r.values[key] for r in items]
        if all(v is None for v in given_values):
            assert total.values[key] is None
        elif spec.cell(key).kind.numeric:
            assert total.values[key] == sum(v for v in given_values if v is not None)
            assert type(total.values[key]) is (
                Decimal if spec.cell(key).kind.value == "amount" else int
            )


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=15)
@given(data=st.data())
def test_a_parent_equal_to_the_sum_of_its_children_has_no_findings(spec, data):
    children = data.draw(same_year_reports(spec, valid=False))
    numeric = [
        r.with_values({k: None for k, v in r.values.items() if isinstance(v, str)})
        for r in children
    ]
    parent = aggregate(numeric)
    assert check_sum(parent, numeric) == []
    key = data.draw(st.sampled_from([c.key for c in spec.cells if c.kind.numeric]))
    before = parent.values[key]
    changed = parent.with_values({key: (before or 0) + 1})
    (finding,) = check_sum(changed, numeric)
    assert finding.rule == SUM_RULE
    assert finding.severity is Severity.WARNING
    assert finding.path == key
    assert finding.expected == (before or 0)
    assert finding.actual == (before or 0) + 1
    assert finding.difference == 1


def test_blank_stays_blank_only_where_every_input_is_blank():
    spec = get_format("2021")
    a = new_report(spec, "甲", 2022, values={"t3/new/applicant.total": 2})
    b = new_report(
        spec, "乙", 2022, values={"t3/new/applicant.total": None, "t4/cases/review.total": 0}
    )
    total = aggregate([a, b])
    assert total["t3/new/applicant.total"] == 2
    assert total["t4/cases/review.total"] == 0
    assert total["t3/carried_over/applicant.total"] is None


def test_amounts_are_exact():
    spec = get_format("2021")
    amounts = ["0.1", "0.2", "24252.311082", "0.000"]
    items = [
        new_report(spec, f"单位{i}", 2022, values={"t2/fees/amount": Decimal(a)})
        for i, a in enumerate(amounts)
    ]
    assert aggregate(items)["t2/fees/amount"] == Decimal("24252.611082")


def test_narrative_is_concatenated_under_each_agency_or_left_empty():
    spec = get_format("2021")
    a = new_report(spec, "甲局", 2022, narrative={"overview": "甲的总体情况", "other": " "})
    b = new_report(spec, "乙局", 2022, narrative={"overview": "乙的总体情况", "problems": "问题"})
    total = aggregate([a, b], agency="某市")
    assert total.agency == "某市"
    assert total.narrative == {
        "overview": "【甲局】\n甲的总体情况\n\n【乙局】\n乙的总体情况",
        "problems": "【乙局】\n问题",
    }
    assert aggregate([a, b], narrative="empty").narrative == {}


def test_provenance_lists_the_inputs_and_a_generator_is_consumed_once():
    spec = get_format("2021")
    items = (
        attrs.evolve(new_report(spec, f"单位{i}", 2022), provenance=Provenance(source=f"{i}.json"))
        for i in range(3)
    )
    total = aggregate(items)
    assert total.provenance.inputs == ("0.json", "1.json", "2.json")
    assert total.provenance.reader == "aggregate"
    unnamed = aggregate([new_report(spec, "甲", 2022)])
    assert unnamed.provenance.inputs == ("input 1 (甲 2022)",)


def test_mismatched_inputs_are_typed_errors_naming_the_input():
    a = attrs.evolve(new_report("2021", "甲", 2022), provenance=Provenance(source="a.json"))
    b = attrs.evolve(new_report("2021", "乙", 2023), provenance=Provenance(source="b.json"))
    c = attrs.evolve(new_report("2019", "丙", 2022), provenance=Provenance(source="c.json"))
    with pytest.raises(ReportError) as info:
        aggregate([a, b])
    assert info.value.file == "b.json"
    assert info.value.problems[0].path == "$.year"
    assert "a.json is year 2022" in info.value.problems[0].message
    with pytest.raises(ReportError) as info:
        aggregate([a, c])
    assert info.value.file == "c.json"
    assert info.value.problems[0].path == "$.format"
    with pytest.raises(ReportError, match="no reports to add up"):
        aggregate([])


def test_text_in_a_number_cell_is_an_error_when_adding_and_a_notice_when_checking():
    spec = get_format("2021")
    key = "t3/new/applicant.natural_person"
    a = new_report(spec, "甲", 2022, values={key: 3})
    b = new_report(spec, "乙", 2022, values={key: "七"})
    with pytest.raises(ReportError) as info:
        aggregate([a, b])
    assert info.value.problems[0].path == f"$.values[{key!r}]"
    assert "'七' is not a number" in info.value.problems[0].message
    parent = new_report(spec, "市", 2022, values={key: 10})
    (finding,) = check_sum(parent, [a, b])
    assert finding.severity is Severity.NOTICE
    assert finding.path == key
    assert "'七'" in finding.message


def test_unknown_cells_are_errors():
    bad = attrs.evolve(new_report("2021", "甲", 2022), values={"t9/x/y": 1})
    with pytest.raises(ReportError, match="has no such cell"):
        aggregate([bad])


# ---------------------------------------------------------------- CLI


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    spec = get_format("2021")
    paths = []
    for i, n in enumerate((3, 4)):
        report = new_report(
            spec,
            f"单位{i}",
            2022,
            values={"t3/new/applicant.natural_person": n, "t3/new/applicant.total": n},
        )
        path = tmp_path / f"{i}.json"
        dump_report(report, path)
        paths.append(str(path))
    return paths


def test_cli_aggregate_and_check(files, tmp_path):
    out_file = tmp_path / "sum.json"
    status, out, err = cli("aggregate", *files, "-o", str(out_file), "--agency", "某市")
    assert (status, out, err) == (0, "", "")
    total = loads_report(out_file.read_text(encoding="utf-8"))
    assert total.agency == "某市"
    assert total["t3/new/applicant.total"] == 7
    assert total.provenance.inputs == tuple(files)
    status, out, _ = cli("aggregate", *files, "--check", str(out_file))
    assert status == 0
    assert "：等于 2 份报告之和" in out
    dump_report(total.with_values({"t3/new/applicant.total": 8}), out_file)
    status, out, _ = cli("aggregate", *files, "--check", str(out_file))
    assert status == 1
    assert "与 2 份报告之和有 1 个单元格不同" in out
    assert "8 ≠ 7" in out
    status, out, _ = cli(
        "aggregate", *files, "--check", str(out_file), "--json", "--fail-on", "error"
    )
    assert status == 0
    (finding,) = json.loads(out)["findings"]
    assert (finding["rule"], finding["expected"], finding["actual"]) == ("SUM", 7, 8)


def test_cli_mismatched_years_is_exit_2(files, tmp_path):
    other = tmp_path / "other.json"
    dump_report(new_report("2021", "丙", 2023), other)
    status, _, err = cli("aggregate", *files, str(other))
    assert status == 2
    assert f"{other}: $.year: is 2023" in err
