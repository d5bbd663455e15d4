"""Fuzzing what is done with reports: render, validate, check, aggregate, series, migrate,
diff, batch — on reports holding garbage of every type in every field.

A report built in code can hold anything (a float, a list, ``None`` for the
agency, NaN, ``1E+999999999``, an int too long to print, lone surrogates and
NUL bytes in text).  Every operation must either work or raise a located
:class:`~disclosure_format.DisclosureFormatError`.
"""

from __future__ import annotations

import datetime
import decimal
from decimal import Decimal

import pytest
from _fuzzing import examples, only_typed_errors
from hypothesis import given
from hypothesis import strategies as st

import disclosure_format as df
from disclosure_format.model import Report

FORMATS = [spec.id for spec in df.list_formats()]
WRITERS = ["text", "html", "csv", "csv-long", "json", "xlsx"]

garbage_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            Decimal("1E+999999999"),
            Decimal("-1E-999999999"),
            Decimal("sNaN"),
            Decimal("-0.000"),
            10**5000,
            -(10**5000),
            [1],
            {"a": 1},
            b"bytes",
        ]
    ),
    st.text(max_size=12),
)

garbage_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\x00", "\ud800", "a\udfffb", "\r\n", "\x1b[31m", "<script>", "=1+1"]),
    st.none(),
    st.integers(),
)


@st.composite
def garbage_reports(draw: st.DrawFn) -> Report:
    spec = df.get_format(draw(st.sampled_from(FORMATS)))
    keys = draw(st.lists(st.sampled_from(spec.cell_keys), max_size=12))
    values = {k: draw(garbage_values) for k in keys}
    if draw(st.booleans()):
        values[draw(st.sampled_from(["x", "", "t9/none.total", "\ud800"]))] = 1
    sections = [s.key for s in spec.sections] + ["unknown"]
    narrative = draw(st.dictionaries(st.sampled_from(sections), garbage_text, max_size=3))
    fields = {
        "format": spec.id,
        "agency": draw(garbage_text),  # type: ignore[arg-type]
        "year": draw(st.one_of(st.integers(-5, 10**6), st.sampled_from([2019, 2023, 10**100]))),
        "published": draw(st.one_of(st.none(), st.dates(), st.just(datetime.datetime(2024, 1, 1)))),
        "narrative": narrative,  # type: ignore[arg-type]
        "values": values,  # type: ignore[arg-type]
    }
    # Building the report is an entry point too: wrong field types are a located ReportError.
    report = only_typed_errors("Report", lambda: Report(**fields))  # type: ignore[arg-type]
    if report is None:
        fields.update(agency="", published=None, narrative={})
        report = Report(**fields)  # type: ignore[arg-type]
    return report


@pytest.mark.parametrize("name", WRITERS)
@examples(30)
@given(report=garbage_reports(), data=st.data())
def test_rendering_garbage_raises_only_typed_errors(name, report, data):
    options = {}
    if name in ("html", "text"):
        options["locale"] = data.draw(st.sampled_from(["zh_Hans", "zh_Hant", "en"]))
    if name == "html" and data.draw(st.booleans()):
        options["findings"] = only_typed_errors("validate", lambda: df.validate(report)) or []
    output = only_typed_errors(f"render[{name}]", lambda: df.render(report, name, **options))
    if output is not None:  # what renders reads back without an unlocated failure
        only_typed_errors(f"read[{name}]", lambda: df.read(output, name))


@examples(60)
@given(report=garbage_reports(), previous=garbage_reports())
def test_validating_and_checking_garbage(report, previous):
    only_typed_errors("validate", lambda: df.validate(report))
    only_typed_errors("validate(previous)", lambda: df.validate(report, previous=previous))
    only_typed_errors("validate_many", lambda: list(df.validate_many([report, previous])))
    only_typed_errors("check", lambda: df.check(report))
    only_typed_errors("is_valid", lambda: df.is_valid(report))
    only_typed_errors("validate(en)", lambda: df.validate(report, locale="en"))


@examples(40)
@given(reports=st.lists(garbage_reports(), min_size=0, max_size=4))
def test_aggregating_and_series_of_garbage(reports):
    only_typed_errors("aggregate", lambda: df.aggregate(reports))
    if reports:
        only_typed_errors("check_sum", lambda: df.check_sum(reports[0], reports[1:]))
    only_typed_errors("series", lambda: df.series(reports))


@examples(40)
@given(report=garbage_reports(), to=st.sampled_from([*FORMATS, "2099", "", "../x"]))
def test_migrating_garbage(report, to):
    only_typed_errors("migrate", lambda: df.migrate(report, to))


def test_sums_do_not_depend_on_a_hostile_decimal_context():
    """A caller's context that traps everything must not break validation or aggregation."""
    spec = df.get_format("2021")
    key = next(c.key for c in spec.cells if c.kind.value == "amount")
    report = df.new_report(spec, "x", 2023, values={key: Decimal("1234567890.123456789")})
    hostile = decimal.Context(prec=1, traps=list(decimal.Context().flags), Emax=1, Emin=-1)
    with decimal.localcontext(hostile):
        df.validate(report)
        total = df.aggregate([report, report])
    assert total.values[key] == Decimal("2469135780.246913578")


@pytest.mark.parametrize("old", FORMATS)
@pytest.mark.parametrize("new", FORMATS)
def test_diff_formats_of_every_pair(old, new):
    assert df.diff_formats(df.get_format(old), df.get_format(new)) is not None


@examples(20)
@given(
    names=st.lists(st.sampled_from(["a.json", "b.html", "c.csv", "d.xlsx", "e.txt"]), max_size=4)
)
def test_batch_over_garbage_files_never_reports_an_internal_error(tmp_path_factory, names):
    folder = tmp_path_factory.mktemp("batch")
    for i, name in enumerate(names):
        (folder / f"{i}{name}").write_bytes(b"\x00\xff<table><td>" * (i + 1))
    for result in only_typed_errors("batch", lambda: list(df.batch([folder], jobs=1))) or []:
        assert not (result.error or "").startswith("internal error"), result


def test_a_series_with_an_absurd_year_does_not_list_every_missing_year():
    """Found by fuzzing: years 2021 and 10**100 made the gap note loop for ever."""
    spec = df.get_format("2021")
    result = df.series(
        [
            df.new_report(spec, "x", 2021),
            df.new_report(spec, "x", 10**100),
            df.new_report(spec, "x", 2030),
        ]
    )
    gaps = [n.message for n in result.notes if n.kind == "gap"]
    assert any("2022—2029" in m for m in gaps), gaps
    assert all(len(m) < 300 for m in gaps)
