"""The report file format: exact round trips, a JSON Schema, and located errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_format import (
    ReportError,
    dumps_report,
    get_format,
    list_formats,
    load_report,
    loads_report,
    new_report,
    report_schema,
)
from disclosure_format.testing import reports

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

FORMATS = [s.id for s in list_formats()]


@pytest.mark.parametrize("format_id", FORMATS)
@given(data=st.data())
def test_dump_load_is_the_identity(format_id, data):
    report = data.draw(reports(format_id, valid=data.draw(st.booleans())))
    text = dumps_report(report)
    assert loads_report(text) == report


@pytest.mark.parametrize("format_id", FORMATS)
@given(data=st.data())
def test_dumped_reports_satisfy_the_schema(format_id, data):
    report = data.draw(reports(format_id))
    schema = report_schema(get_format(format_id))
    jsonschema.Draft202012Validator(schema).validate(json.loads(dumps_report(report)))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_examples_satisfy_their_schema(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(report_schema(get_format(data["format"]))).validate(data)


@pytest.mark.parametrize("format_id", FORMATS)
def test_schema_is_valid_and_rejects_wrong_values(format_id):
    schema = report_schema(get_format(format_id))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    base = {"format": format_id, "agency": "x", "year": get_format(format_id).years.first}
    assert validator.is_valid(base)
    assert not validator.is_valid({**base, "values": {"t3/new/applicant.total": -1}})
    assert not validator.is_valid({**base, "values": {"t3/new/applicant.total": 1.5}})
    assert not validator.is_valid({**base, "values": {"t3/new/nobody": 1}})
    assert not validator.is_valid({**base, "narrative": {"preface": "..."}})


def test_amounts_are_strings_and_exact():
    report = new_report("2021", "x", 2021, values={"t2/fees/amount": Decimal("24252.311082")})
    data = json.loads(dumps_report(report))
    assert data["values"]["t2/fees/amount"] == "24252.311082"
    assert loads_report(dumps_report(report)).values["t2/fees/amount"] == Decimal("24252.311082")
    zero = new_report("2021", "x", 2021, values={"t2/fees/amount": Decimal("0E-3")})
    assert json.loads(dumps_report(zero))["values"]["t2/fees/amount"] == "0.000"


def test_json_numbers_are_read_exactly():
    text = '{"format": "2021", "agency": "x", "year": 2021, "values": {"t2/fees/amount": 0.1}}'
    assert loads_report(text).values["t2/fees/amount"] == Decimal("0.1")


def test_blank_is_kept_apart_from_zero():
    report = loads_report(
        '{"format": "2021", "agency": "x", "year": 2021, "values": {"t3/new/applicant.total": 0}}'
    )
    assert report.values["t3/new/applicant.total"] == 0
    assert report.values["t3/carried_over/applicant.total"] is None


def test_text_in_a_count_cell_is_kept_for_validation():
    report = loads_report(
        '{"format": "2021", "agency": "x", "year": 2021,'
        ' "values": {"t3/new/applicant.total": "十二"}}'
    )
    assert report.values["t3/new/applicant.total"] == "十二"


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ("{", "$", "not valid JSON"),
        ("[]", "$", "one JSON object"),
        ('{"agency": "x", "year": 2021}', "$.format", "required field missing"),
        ('{"format": "2030", "agency": "x", "year": 2021}', "$.format", "unknown format"),
        ('{"format": "2021", "agency": "x", "year": "2021"}', "$.year", "expected an integer"),
        (
            '{"format": "2021", "agency": "x", "year": 2021, "colour": 1}',
            "$",
            "'colour' is not a valid key",
        ),
        (
            '{"format": "2021", "agency": "x", "year": 2021, "values": {"t3/x/y": 1}}',
            "$.values['t3/x/y']",
            "has no such cell",
        ),
        (
            '{"format": "2021", "agency": "x", "year": 2021, '
            '"values": {"t3/new/applicant.total": true}}',
            "$.values",
            "found a boolean",
        ),
        (
            '{"format": "2021", "agency": "x", "year": 2021, "narrative": {"intro": "x"}}',
            "$.narrative['intro']",
            "has no section 'intro'",
        ),
        (
            '{"format": "2021", "agency": "x", "year": 2021, "published": "2024-13-01"}',
            "$.published",
            "expected a date",
        ),
        (
            '{"schema_version": 2, "format": "2021", "agency": "x", "year": 2021}',
            "$.schema_version",
            "unsupported version",
        ),
    ],
)
def test_bad_report_files_are_located(text, path, message):
    with pytest.raises(ReportError) as info:
        loads_report(text, source="r.json")
    problems = info.value.problems
    assert any(p.path.startswith(path) and message in p.message for p in problems), str(info.value)
    assert str(info.value).startswith("r.json")


def test_missing_file(tmp_path):
    with pytest.raises(ReportError, match="cannot read the file"):
        load_report(tmp_path / "none.json")


def test_examples_round_trip(tmp_path):
    for path in EXAMPLES.glob("*.json"):
        report = load_report(path)
        assert loads_report(dumps_report(report)) == report
        assert dumps_report(report) == path.read_text(encoding="utf-8")
