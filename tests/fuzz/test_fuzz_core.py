"""Fuzzing the core entry points: only the library's typed errors may come out.

Each test drives one public entry point with hypothesis-generated garbage and
with mutations of real inputs (truncation, byte flips, insertions, wrong
encodings, NUL bytes, lone surrogates, huge numbers, deep nesting) and fails
on any exception that is not a :class:`~disclosure_format.DisclosureFormatError`.
The damage strategies are shared with the other fuzz tests (``_fuzzing.py``).
"""

from __future__ import annotations

import io
import json
import time
from decimal import Decimal

import pytest
from _fuzzing import ROOT, examples, mutations, only_typed_errors
from hypothesis import given
from hypothesis import strategies as st

from disclosure_format import (
    DisclosureFormatError,
    dumps_report,
    get_format,
    loads_definition,
    loads_report,
    new_report,
    validate,
)
from disclosure_format.cli import run
from disclosure_format.registry import builtin_formats_dir

DEFINITION = (builtin_formats_dir() / "2021.toml").read_bytes()
REPORT = (ROOT / "examples" / "2021-with-errors.json").read_bytes()


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


@examples(150)
@given(st.one_of(mutations(DEFINITION), st.binary(max_size=300)))
def test_loading_a_damaged_definition(data):
    only_typed_errors("loads_definition", lambda: loads_definition(_text(data), source="fuzz.toml"))


@examples(150)
@given(st.one_of(mutations(REPORT), st.binary(max_size=300)))
def test_loading_a_damaged_report_file(data):
    report = only_typed_errors("loads_report", lambda: loads_report(data, source="fuzz.json"))
    if report is not None:
        validate(report)  # whatever loads must validate without crashing


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=10)
    | st.decimals(allow_nan=True, allow_infinity=True),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


@examples(150)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "format",
                "agency",
                "year",
                "published",
                "narrative",
                "values",
                "provenance",
                "schema_version",
                "x",
            ]
        ),
        json_values,
        max_size=8,
    )
)
def test_loading_report_objects_of_any_shape(data):
    try:
        text = json.dumps(data, default=str)
    except ValueError:
        return
    only_typed_errors("loads_report", lambda: loads_report(text))


cell_garbage = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.just(Decimal("1E+999999")),
    st.just(Decimal("1E+999999999")),
    st.just(Decimal("-1E-999999999")),
    st.just(Decimal("12345678901234567890123456789.123456789")),
    st.just(10**5000),  # longer than Python writes out
    st.just(Decimal("-0")),
)


@examples(150)
@given(data=st.data())
def test_validating_any_values(data):
    spec = get_format(data.draw(st.sampled_from(["2019", "2021"])))
    keys = data.draw(st.lists(st.sampled_from(spec.cell_keys), max_size=30))
    values = {k: data.draw(cell_garbage) for k in keys}
    report = new_report(spec, "x", spec.years.first, values=values)
    for finding in validate(report):
        assert finding.rule


@examples(60)
@given(
    argv=st.lists(
        st.sampled_from(
            [
                "validate",
                "show",
                "template",
                "schema",
                "formats",
                "--json",
                "--previous",
                "--select",
                "--ignore",
                "S1",
                "2021",
                "2019",
                "-o",
                "-",
                "--fail-on",
                "error",
                "--year",
                "x",
                "--cells",
                "--debug",
                "--",
                "",
                "nonexistent.json",
                str(ROOT / "examples" / "2021-with-errors.json"),
            ]
        ),
        max_size=6,
    )
)
def test_cli_never_crashes(argv):
    out, err = io.StringIO(), io.StringIO()
    code: object = None
    try:
        status = run(argv, stdout=out, stderr=err)
    except SystemExit as exc:  # --help / --version
        code = exc.code
        status = 0
    assert code in (0, None)
    assert status in (0, 1, 2), err.getvalue()
    assert "Traceback" not in err.getvalue() or "--debug" in argv
    if status == 2 and "--debug" not in argv:
        assert err.getvalue().startswith("disclosure-format: error:")


@examples(30)
@given(st.one_of(mutations(REPORT), st.binary(max_size=200)))
def test_cli_validate_on_damaged_files(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "r.json"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    status = run(["validate", str(path)], stdout=out, stderr=err)
    assert status in (0, 1, 2)
    assert "internal error" not in err.getvalue()


def test_deeply_nested_json_is_a_typed_error():
    deep = b"[" * 100000 + b"]" * 100000
    with pytest.raises(DisclosureFormatError, match="nested too deeply"):
        loads_report(deep)


def test_validating_a_huge_exponent_is_quick_and_names_the_cell():
    """Regression: Decimal('1E+999999') in an amount cell made validation hang in babel."""
    spec = get_format("2021")
    amount = next(c.key for c in spec.cells if c.kind.value == "amount")
    count = "t3/new/applicant.natural_person"
    for huge in (Decimal("1E+999999"), Decimal("1E+999999999"), Decimal("9.99E+999999")):
        report = new_report(spec, "x", 2023, values={amount: huge, count: huge})
        started = time.perf_counter()
        findings = validate(report)
        assert time.perf_counter() - started < 5
        assert any(c.key == count for f in findings for c in f.cells)
        assert any(str(huge) in f.message for f in findings)


def test_round_trip_survives_the_fuzzer_seed():
    report = loads_report(REPORT)
    assert loads_report(dumps_report(report)) == report
