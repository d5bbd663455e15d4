"""Series: one agency over the years — order, gaps, figures, cross-year rules per column."""

from __future__ import annotations

import io
import json
import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _corpus import corpus_report
from disclosure_format import (
    ReportError,
    Severity,
    dump_report,
    get_format,
    list_formats,
    new_report,
)
from disclosure_format.cli import run
from disclosure_format.model import Provenance
from disclosure_format.series import figure_values, series
from disclosure_format.testing import reports

FORMATS = list_formats()
T3_COLUMNS = [
    ".".join(n.key for n in p) for p in get_format("2021").table("t3").blocks[0].column_paths
]


def test_the_pingtan_reports_of_the_corpus():
    items = [corpus_report(n) for n in ("008", "003", "004")]
    result = series(items)
    assert [y.year for y in result.years] == [2019, 2021, 2024]
    assert [y.report.format for y in result.years] == ["2019", "2021", "2021"]
    assert [(n.kind, n.year) for n in result.notes] == [("gap", 2020), ("gap", 2022)]
    assert "2022、2023" in result.notes[1].message
    assert result.findings == []  # no two consecutive years
    table = {figure.key: values for figure, values in result.table()}
    assert table["received"] == [23, 70, items[0]["t3/new/applicant.total"]]
    assert table["completed"][0] == 23
    assert table["reconsiderations"][1] == 3
    assert table["lawsuits"][1] == 12


def test_cross_year_rules_run_across_the_format_switch_per_column():
    current = corpus_report("004")  # 2021, format 2021
    carried = {f"t3/carried_forward/{c}": current[f"t3/carried_over/{c}"] for c in T3_COLUMNS}
    previous = new_report(get_format("2019"), current.agency, 2020, values=carried)
    result = series([current, previous])
    (year,) = [y for y in result.years if y.previous is not None]
    assert [f.rule for f in year.findings if f.severity is not Severity.NOTICE] == []
    skipped = [f for f in year.findings if f.rule == "I6"]
    assert len(skipped) == 1
    assert skipped[0].severity is Severity.NOTICE
    assert "格式 2019" in skipped[0].message
    column = "applicant.legal_person.research"
    broken = previous.with_values({f"t3/carried_forward/{column}": 5})
    findings = series([current, broken]).findings
    (i5,) = [f for f in findings if f.rule == "I5"]
    assert i5.severity is Severity.ERROR
    assert i5.instance == column
    assert any(c.previous and c.key == f"t3/carried_forward/{column}" for c in i5.cells)


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=15)  # each example draws two whole reports
@given(data=st.data())
def test_consecutive_reports_that_carry_over_have_no_i5_finding_until_one_cell_changes(spec, data):
    first = data.draw(reports(spec))
    pins = {
        f"t3/carried_over/{c}": first.values[f"t3/carried_forward/{c}"] or 0 for c in T3_COLUMNS
    }
    second = data.draw(reports(spec, values=pins))
    second = attrs.evolve(second, year=first.year + 1)
    result = series([second, first])
    assert [y.year for y in result.years] == [first.year, first.year + 1]
    assert [f for f in result.findings if f.rule == "I5"] == []
    column = data.draw(st.sampled_from(T3_COLUMNS))
    key = f"t3/carried_over/{column}"
    changed = second.with_values({key: (second.values[key] or 0) + 1})  # a pinned 0 may be blank
    (i5,) = [f for f in series([first, changed]).findings if f.rule == "I5"]
    assert i5.instance == column
    assert i5.difference == 1


def test_order_does_not_matter():
    items = [new_report("2021", "局", year) for year in range(2021, 2026)]
    shuffled = items[:]
    random.Random(4).shuffle(shuffled)
    assert series(shuffled) == series(items)
    assert [y.year for y in series(shuffled).years] == list(range(2021, 2026))
    assert series(items).notes == ()


def test_duplicate_years_are_an_error_naming_both_inputs():
    a = attrs.evolve(new_report("2021", "局", 2022), provenance=Provenance(source="a.json"))
    b = attrs.evolve(new_report("2021", "局", 2022), provenance=Provenance(source="b.json"))
    with pytest.raises(ReportError) as info:
        series([a, b])
    assert info.value.file == "b.json"
    assert "2022 is also the year of a.json" in info.value.problems[0].message
    with pytest.raises(ReportError, match="at least one report"):
        series([])


def test_text_in_a_figure_cell_and_agency_names_are_noted():
    a = new_report("2021", "某局", 2022, values={"t3/new/applicant.total": "七十"})
    b = new_report("2021", "某某局", 2023, values={"t3/new/applicant.total": 5})
    result = series([a, b])
    assert result.years[0].figures["received"] is None
    assert result.years[1].figures["received"] == 5
    assert [n.kind for n in result.notes] == ["not-a-number", "agency"]
    assert result.agency == "某某局"
    values, unreadable = figure_values(a, get_format("2021"))
    assert unreadable == ["received"]
    assert values["lawsuits"] is None


# ---------------------------------------------------------------- CLI


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_cli_text_and_json(tmp_path):
    current = corpus_report("004")
    previous = new_report(
        get_format("2019"), current.agency, 2020, values={"t3/carried_forward/applicant.total": 3}
    )
    paths = []
    for report in (current, previous):
        path = tmp_path / f"{report.year}.json"
        dump_report(report, path)
        paths.append(str(path))
    status, out, _ = cli("series", *paths)
    assert status == 1  # 2020 carried 3 forward; 2021 carried over none
    assert "| 本年新收申请" in out
    assert "2021 对照 2020：1 个错误、" in out
    assert "错误 I5" in out
    status, out, _ = cli("series", *paths, "--locale", "en")
    assert "2021 against 2020: 1 error, " in out
    assert "error I5" in out
    status, out, _ = cli("series", *paths, "--json", "--fail-on", "warning")
    data = json.loads(out)
    assert [y["year"] for y in data["years"]] == [2020, 2021]
    assert data["years"][1]["figures"]["received"] == 70
    assert data["years"][1]["previous"] == 2020
    assert [f["rule"] for f in data["years"][1]["findings"] if f["severity"] == "error"] == ["I5"]
    assert [f["key"] for f in data["figures"]][:2] == ["received", "carried_over"]


def test_cli_duplicate_years_is_exit_2(tmp_path):
    path = tmp_path / "a.json"
    dump_report(new_report("2021", "局", 2022), path)
    status, _, err = cli("series", str(path), str(path))
    assert status == 2
    assert "is also the year of" in err
