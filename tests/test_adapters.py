"""The adapter registry and the contract every adapter keeps: what it writes, it reads back.

The round-trip property runs over every registered adapter (a new one is
tested by being registered) and every built-in format, on generated reports
with blanks, zeros, negative signed counts, long decimals, text in number
cells and hostile strings in the agency, the narrative and the cells.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import disclosure_format as df
from disclosure_format._converter import decimal_text
from disclosure_format.adapters import Adapter
from disclosure_format.errors import AdapterNotFoundError, MissingDependencyError, ReportError
from disclosure_format.model import Report, Value
from disclosure_format.reports import complete
from disclosure_format.spec import CellKind, FormatSpec
from disclosure_format.testing import HOSTILE_STRINGS, reports, texts


def _writes(adapter: Adapter) -> bool:
    """Read-only adapters (the published-report reader) refuse to render."""
    try:
        adapter.render(df.new_report("2021"))
    except AdapterNotFoundError:
        return False
    return True


ADAPTERS = [a.name for a in df.adapters() if _writes(a)]
REGISTRY = sys.modules["disclosure_format.adapters"]._registry  # the function shadows the package
FORMATS = [spec.id for spec in df.list_formats()]
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2021-beilun-keji-2023.json"

# Text a person might type into a number cell, chosen to look like numbers,
# blanks, quotes and formulas: every one must come back as the same text.
TRICKY_TEXTS = (
    "12",
    "-5",
    "+7",
    "0.5",
    "",
    " ",
    " 7 ",
    "'",
    "'x",
    "''",
    "减4",
    "-",
    "=SUM(A1:A2)",
    "@x",
    "\tx",
    "０１２３",
    "1,234",
    "NaN",
)


def cell_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(TRICKY_TEXTS), texts(max_size=20))


@st.composite
def any_report(draw: st.DrawFn, spec: FormatSpec) -> Report:
    """A generated report (valid or not), with text in some number cells and long decimals."""
    report = draw(reports(spec, valid=draw(st.booleans())))
    changes: dict[str, Value] = {}
    keys = draw(st.lists(st.sampled_from(spec.cell_keys), max_size=6, unique=True))
    for key in keys:
        changes[key] = draw(cell_text())
    for cell in spec.cells:
        if cell.kind is CellKind.AMOUNT and draw(st.booleans()):
            changes[cell.key] = draw(
                st.sampled_from([Decimal("24252.311082"), Decimal("0.000"), Decimal("0")])
            )
    return complete(report.with_values(changes), spec)


def assert_exact(back: Report, report: Report) -> None:
    """Equal, and every value of the same type with the same digits (0.000 is not 0)."""
    assert back == report
    for key, value in report.values.items():
        got = back.values[key]
        assert type(got) is type(value), (key, value, got)
        if isinstance(value, Decimal):
            assert isinstance(got, Decimal)
            assert decimal_text(got) == decimal_text(value), (key, value, got)


@pytest.mark.parametrize("format_id", FORMATS)
@pytest.mark.parametrize("name", ADAPTERS)
@settings(max_examples=max(10, settings.default.max_examples // 2))  # 12 runs; keeps profiles
@given(data=st.data())
def test_every_adapter_reads_back_what_it_renders(name: str, format_id: str, data) -> None:
    spec = df.get_format(format_id)
    report = data.draw(any_report(spec))
    output = df.render(report, name)
    assert df.detect(output) == name  # recognised by its content, no file name needed
    reading = df.read(output)
    assert_exact(reading.report, report)
    assert reading.adapter == name
    assert not reading.errors
    numeric_text = {
        k for k, v in report.values.items() if isinstance(v, str) and spec.cell(k).kind.numeric
    }
    assert {n.cell for n in reading.notes} == numeric_text
    assert {n.kind for n in reading.notes} <= {"not-a-number"}


def test_every_adapter_satisfies_the_protocol() -> None:
    for adapter in df.adapters():
        assert isinstance(adapter, Adapter)
        assert adapter.extensions
        assert all(ext.startswith(".") for ext in adapter.extensions)
    assert set(ADAPTERS) >= {"text", "html", "csv", "csv-long", "json", "xlsx"}


def test_binary_adapters_render_bytes_and_text_adapters_str() -> None:
    report = df.new_report("2021", "某某局", 2023)
    for adapter in map(df.get_adapter, ADAPTERS):
        output = adapter.render(report)
        assert isinstance(output, bytes if adapter.binary else str), adapter.name


@pytest.mark.parametrize("name", ["text", "html", "csv", "csv-long", "json"])
def test_text_outputs_read_from_utf8_bytes_with_or_without_bom(name: str) -> None:
    report = df.new_report(
        "2021", "宁波市北仑区科学技术局", 2023, values={"t3/new/applicant.total": 3}
    )
    text = df.render(report, name)
    assert isinstance(text, str)
    for data in (text.encode(), b"\xef\xbb\xbf" + text.encode()):
        assert df.read(data).report == report


def test_bytes_that_are_not_utf8_are_a_located_error() -> None:
    report = df.new_report("2021", "某某局", 2023)
    data = df.render(report, "csv").encode("gbk")  # type: ignore[union-attr]
    with pytest.raises(ReportError, match="not UTF-8") as info:
        df.read(data, "csv", source="report.csv")
    assert info.value.file == "report.csv"


# --- numbers and blanks ----------------------------------------------------------


@pytest.mark.parametrize("name", ADAPTERS)
def test_blank_zero_sign_and_every_decimal_digit_survive(name: str) -> None:
    spec = df.get_format("2019")
    values: dict[str, Value] = {
        "t2/licensing/change": -8,
        "t2/other_services/change": 0,
        "t2/penalties/change": None,
        "t2/procurement/amount": Decimal("24252.311082"),
        "t3/new/applicant.total": 0,
        "t3/new/applicant.natural_person": None,
    }
    report = df.new_report(spec, "某某局", 2019, values=values)
    back = df.read(df.render(report, name), name).report
    assert_exact(back, report)
    assert back.values["t2/penalties/change"] is None
    assert back.values["t3/new/applicant.total"] == 0


@pytest.mark.parametrize(
    "amount", ["0.000", "24252.311082", "1000000000000.5", "123456789012345678.901", "0.000001"]
)
@pytest.mark.parametrize("name", ADAPTERS)
def test_amounts_keep_every_digit(name: str, amount: str) -> None:
    report = df.new_report("2021", values={"t2/fees/amount": Decimal(amount)})
    back = df.read(df.render(report, name), name).report
    assert decimal_text(back.values["t2/fees/amount"]) == amount  # type: ignore[arg-type]


# --- formula injection -------------------------------------------------------------


@pytest.mark.parametrize("name", ["csv", "csv-long"])
def test_spreadsheet_formulas_are_neutralised_in_csv(name: str) -> None:
    hostile = "=cmd|' /C calc'!A0"
    report = df.new_report(
        "2019",
        hostile,
        2019,
        values={"t3/new/applicant.total": "+SUM(1,2)", "t2/licensing/change": -5},
        narrative={"overview": "@SUM(A1)"},
    )
    text = df.render(report, name)
    assert isinstance(text, str)
    fields = [field for line in text.splitlines() for field in line.split(",")]
    assert not any(f.startswith(("=", "+", "@")) for f in fields if f), fields
    assert "'=cmd|" in text
    assert "'+SUM(1" in text
    assert "-5" in text.split("'")[0] or ",-5" in text  # a negative number stays a number
    assert df.read(text, name).report == report


def test_xlsx_stores_text_as_text_never_as_a_formula() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import io

    report = df.new_report(
        "2021", "=cmd|' /C calc'!A0", 2023, values={"t3/new/applicant.total": "=1+1"}
    )
    data = df.render(report, "xlsx")
    assert isinstance(data, bytes)
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    assert df.read(data).report == report


# --- what cannot be written ------------------------------------------------------


@pytest.mark.parametrize("name", ["text", "html", "csv", "csv-long", "xlsx"])
def test_control_characters_are_refused_with_the_place(name: str) -> None:
    report = df.new_report("2021", "某某局", 2023, narrative={"overview": "a\x00b"})
    with pytest.raises(ReportError, match=r"narrative\['overview'\].*'\\x00'"):
        df.render(report, name)


@pytest.mark.parametrize("name", ADAPTERS)
def test_a_value_under_an_unknown_key_is_an_error_not_a_silent_loss(name: str) -> None:
    report = Report("2021", "某某局", 2023, values={"t3/nonexistent/x": 1})
    with pytest.raises(ReportError, match="no such cell"):
        df.render(report, name)


def test_render_uses_the_callers_registry(tmp_path) -> None:
    custom = tmp_path / "custom.toml"
    custom.write_text(
        df.default_registry()
        .path("2021")
        .read_text(encoding="utf-8")
        .replace('id = "2021"', 'id = "custom"'),
        encoding="utf-8",
    )
    registry = df.FormatRegistry([tmp_path])
    spec = registry.get("custom")
    report = df.new_report(spec, "某某局", 2023)
    text = df.render(report, "csv", registry=registry)
    assert df.read(text, registry=registry).report == report
    with pytest.raises(ReportError):
        df.read(text)  # the default registry has no such format


# --- registry ----------------------------------------------------------------------


def test_unknown_adapter_names_the_known_ones() -> None:
    with pytest.raises(AdapterNotFoundError, match="csv-long") as info:
        df.get_adapter("odt")
    assert "html" in info.value.available


def test_a_registered_adapter_is_used_by_name_and_by_detection() -> None:
    class Shout:
        name = "shout"
        title = "upper-case agency"
        extensions = (".shout",)
        binary = False

        def render(self, report: Report, **options: object) -> str:
            return f"SHOUT {report.format} {report.year} {report.agency}"

        def read(self, data, *, registry, source):  # type: ignore[no-untyped-def]
            text = data if isinstance(data, str) else data.decode()
            _, format_id, year, agency = text.split(" ", 3)
            report = df.new_report(registry.get(format_id), agency, int(year))
            return df.Reading(report, (), self.name)

        def detect(self, data: str | bytes) -> bool:
            return (data if isinstance(data, str) else data.decode()).startswith("SHOUT ")

    df.register_adapter("shout", Shout())
    try:
        report = df.new_report("2021", "某某局", 2023)
        text = df.render(report, "shout")
        assert df.detect(text) == "shout"
        assert df.read(text).report == report
    finally:
        REGISTRY._entries.pop("shout")


def test_a_lazy_adapter_that_cannot_be_imported_is_named() -> None:
    df.register_adapter("broken", "no_such_module_xyz:adapter")
    try:
        with pytest.raises(AdapterNotFoundError, match=r"broken.*no_such_module_xyz"):
            df.get_adapter("broken")
        report = df.new_report("2021", "某某局", 2023)
        assert df.detect(df.render(report, "json")) == "json"  # detection is not stopped
    finally:
        REGISTRY._entries.pop("broken")


def test_detect_falls_back_to_the_extension_and_else_says_it_cannot_tell() -> None:
    assert df.detect("nothing recognisable", "report.xlsx") == "xlsx"
    with pytest.raises(ReportError, match="cannot tell"):
        df.detect("nothing recognisable", "report.unknown")


def test_missing_openpyxl_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    report = df.new_report("2021", "某某局", 2023)
    with pytest.raises(MissingDependencyError, match=r"disclosure-format\[xlsx\]") as info:
        df.render(report, "xlsx")
    assert info.value.extra == "xlsx"


# --- hostile strings everywhere -------------------------------------------------


@pytest.mark.parametrize("name", ADAPTERS)
def test_hostile_strings_in_every_text_field_survive(name: str) -> None:
    spec = df.get_format("2021")
    for text in HOSTILE_STRINGS:
        report = complete(
            Report(
                "2021",
                text,
                2023,
                published=date(2024, 1, 31),
                narrative={s.key: text for s in spec.sections},
                values={"t3/new/applicant.total": text, "t2/fees/amount": text},
            ),
            spec,
        )
        assert df.read(df.render(report, name), name).report == report, text


@pytest.mark.parametrize("format_id", FORMATS)
@settings(max_examples=max(10, settings.default.max_examples // 2))
@given(data=st.data())
def test_wide_csv_one_file_per_table_joins_back_into_the_report(format_id: str, data) -> None:
    spec = df.get_format(format_id)
    report = data.draw(any_report(spec))
    bom = data.draw(st.booleans())
    files = [df.render(report, "csv", tables=[t.id], bom=bom) for t in spec.tables]
    for table, text in zip(spec.tables, files, strict=True):
        assert sum(line.startswith(f"表,{table.id},") for line in text.splitlines()) == 1
    order = data.draw(st.permutations(files))  # `cat DIR/*.csv` in any order
    reading = df.read("".join(order))
    assert_exact(reading.report, report)
    assert not reading.errors
    assert {n.kind for n in reading.notes} <= {"not-a-number"}


def test_one_table_of_wide_csv_reads_alone_with_the_others_noted_as_missing() -> None:
    report = df.load_report(EXAMPLE)
    reading = df.read(df.render(report, "csv", tables=["t4"]))
    t4 = {k: v for k, v in report.values.items() if k.startswith("t4/")}
    assert {k: v for k, v in reading.report.values.items() if v is not None} == {
        k: v for k, v in t4.items() if v is not None
    }
    missing = [n for n in reading.notes if n.kind == "missing-cell"]
    assert sorted(n.table for n in missing) == ["t2", "t3"]
    assert not reading.errors


def test_joined_wide_csv_of_two_reports_is_an_error_note_not_a_mix() -> None:
    report = df.load_report(EXAMPLE)
    other = attrs.evolve(report, agency="另一个局")
    joined = df.render(report, "csv", tables=["t2"]) + df.render(other, "csv", tables=["t3"])
    reading = df.read(joined, source="joined.csv")
    (error,) = reading.errors
    assert error.kind == "ambiguous"
    assert error.line is not None
    assert error.line > 1
    assert "another report" in error.message
    assert all(reading.report.values[k] is None for k in reading.report.values if "t3/" in k)


def test_wide_csv_of_an_unknown_table_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"no table 't9' \(its tables: t2, t3, t4\)"):
        df.render(df.new_report("2021"), "csv", tables=["t9"])


def test_an_option_the_adapter_does_not_take_is_a_typed_error_naming_its_options() -> None:
    report = df.new_report("2021", "某某局", 2023)
    with pytest.raises(df.AdapterOptionError, match="'text' takes no option 'bom'") as info:
        df.render(report, "text", bom=True)
    assert "max_cell_width" in info.value.accepted
    assert isinstance(info.value, TypeError)  # what Python itself would have raised


def test_a_plugin_without_spec_or_locale_parameters_still_renders_from_a_registry() -> None:
    class Plain:
        name = "plain"
        title = "agency only"
        extensions = (".plain",)
        binary = False

        def render(self, report: Report) -> str:
            return report.agency

        def read(self, data, *, registry, source):  # type: ignore[no-untyped-def]
            raise NotImplementedError

        def detect(self, data: str | bytes) -> bool:
            return False

    df.register_adapter("plain", Plain())
    try:
        report = df.new_report("2021", "某某局", 2023)
        assert df.render(report, "plain", registry=df.default_registry()) == "某某局"
        with pytest.raises(df.AdapterOptionError, match="its options: none"):
            df.render(report, "plain", locale="en")
    finally:
        REGISTRY._entries.pop("plain")
