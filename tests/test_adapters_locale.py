"""Adapters in every locale: what a report rendered in zh_Hans, zh_Hant or en reads back as."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import disclosure_format as df
from disclosure_format.adapters import adapters, detect, read, render
from disclosure_format.cli import run
from disclosure_format.errors import UnknownLocaleError
from disclosure_format.i18n import SUPPORTED_LOCALES
from disclosure_format.reports import complete
from disclosure_format.spec import CellKind
from disclosure_format.testing import reports, texts

BUILT_IN = ("text", "html", "csv", "csv-long", "json", "xlsx")
ADAPTERS = [a.name for a in adapters() if a.name in BUILT_IN]


@st.composite
def any_report(draw: st.DrawFn) -> df.Report:
    spec = draw(st.sampled_from(df.list_formats()))
    report = draw(reports(spec, valid=draw(st.booleans())))
    changes: dict[str, df.Value] = {}
    for key in draw(st.lists(st.sampled_from(spec.cell_keys), max_size=4, unique=True)):
        changes[key] = draw(st.one_of(st.sampled_from(["1,234", "12,34", "七", "0.5"]), texts()))
    for cell in spec.cells:
        if cell.kind is CellKind.AMOUNT and draw(st.booleans()):
            changes[cell.key] = draw(
                st.sampled_from([Decimal("24252.311082"), Decimal("0.000"), Decimal("12345.6")])
            )
    published = draw(st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2100, 12, 31))))
    return complete(attrs.evolve(report, published=published).with_values(changes), spec)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", ADAPTERS)
@settings(max_examples=4)
@given(report=any_report())
def test_every_adapter_reads_back_what_it_renders_in_every_locale(name, locale, report):
    output = render(report, name, locale=locale)
    assert detect(output) == name
    reading = read(output)
    assert reading.report == report
    for key, value in report.values.items():
        assert type(reading.report.values[key]) is type(value), key
        if isinstance(value, Decimal):
            assert reading.report.values[key].as_tuple() == value.as_tuple()
    assert not reading.errors
    assert {n.kind for n in reading.notes} <= {"not-a-number"}, reading.notes


def _report() -> df.Report:
    spec = df.get_format("2021")
    return df.new_report(
        spec,
        "某某局",
        2023,
        published=date(2024, 1, 10),
        narrative={"overview": "总体情况正文"},
        values={
            "t3/new/applicant.natural_person": 1234,
            "t3/new/applicant.total": 1234,
            "t2/fees/amount": Decimal("24252.311082"),
        },
    )


def test_html_in_english_has_english_labels_grouped_numbers_and_a_long_date():
    page = render(_report(), "html", locale="en")
    assert '<html lang="en">' in page
    assert "Administrative reconsideration" in page
    assert "Receipt and handling of applications for government information disclosure" in page
    assert ">1,234<" in page
    assert ">24,252.311082<" in page
    assert "January 10, 2024" in page
    assert "行政复议" not in page
    assert read(page).report == _report()


def test_text_in_traditional_characters():
    text = render(_report(), "text", locale="zh_Hant")
    assert "行政復議" in text
    assert "機關：某某局" in text
    assert "發布日期：2024年1月10日" in text or "發佈日期：2024年1月10日" in text
    assert read(text).report == _report()


def test_without_a_locale_the_output_is_the_official_form():
    official = render(_report(), "html")
    assert '<html lang="zh-CN">' in official
    assert ">1234<" in official
    assert "2024-01-10</time>" in official
    assert "行政复议" in official
    chinese = render(_report(), "html", locale="zh_Hans")
    assert "行政复议" in chinese
    assert ">1,234<" in chinese


@pytest.mark.parametrize("name", ["csv", "csv-long"])
def test_machine_formats_translate_labels_but_keep_plain_digits(name):
    text = render(_report(), name, locale="en")
    assert "1234" in text
    assert "1,234" not in text
    assert "Natural persons" in text
    assert read(text).report == _report()


@pytest.mark.parametrize("name", ADAPTERS)
def test_an_unknown_locale_is_a_typed_error(name):
    with pytest.raises(UnknownLocaleError):
        render(_report(), name, locale="tlh")


def test_the_cli_renders_in_a_locale(tmp_path):
    source = tmp_path / "r.json"
    source.write_text(render(_report(), "json"), encoding="utf-8")

    out, err = io.StringIO(), io.StringIO()
    assert (
        run(["render", str(source), "--to", "text", "--locale", "en"], stdout=out, stderr=err) == 0
    )
    assert "Agency: 某某局" in out.getvalue()
    assert "Published: January 10, 2024" in out.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert (
        run(["render", str(source), "--to", "text", "--locale", "xx"], stdout=out, stderr=err) == 2
    )
    assert "zh_Hans, zh_Hant, en" in err.getvalue()


# --- the text layout: words kept whole, every line within its width ------------------


def _cell_lines(grid: str) -> list[tuple[int, list[str]]]:
    """Each cell of a drawn grid: its inner width and its text lines as drawn."""
    from disclosure_format._textgrid import _grid_rows, _Tracer

    rows, _ = _grid_rows(grid)
    out = []
    for rect in _Tracer(rows, 0).trace():
        lines = [
            "".join(rows[y][rect.left + 1 : rect.right]) for y in range(rect.top + 1, rect.bottom)
        ]
        out.append(
            (rect.right - rect.left - 3, [line.strip(" ") for line in lines if line.strip(" ")])
        )
    return out


def _grids(text: str) -> list[str]:
    grids, current = [], []
    for line in text.split("\n"):
        if line.startswith(("+", "|")):
            current.append(line)
        elif current:
            grids.append("\n".join(current))
            current = []
    return grids


@pytest.mark.parametrize("width", [10, 16, 24])
@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("spec", df.list_formats(), ids=lambda s: s.id)
def test_text_labels_wrap_on_words_within_the_width_and_read_back(spec, locale, width):
    from disclosure_format._textgrid import display_width

    values = {k: 1234567 for k in spec.cell_keys if spec.cell(k).kind.numeric}
    report = df.new_report(spec, "Agency: some bureau", 2023, values=values)
    text = render(report, "text", locale=locale, max_cell_width=width)
    labels = {"".join(label.split()): label for label in _all_labels(spec, locale)}
    found = set()
    for grid in _grids(text):
        assert len({display_width(line) for line in grid.split("\n")}) == 1
        for inner, lines in _cell_lines(grid):
            assert all(display_width(line) <= inner for line in lines)
            label = labels.get("".join("".join(lines).split()))
            if label is None:
                continue  # a number
            found.add(label)
            if all(display_width(word) <= inner for word in label.split()):
                # no word broken: the drawn lines are the label's words, in order
                assert " ".join(lines).split() == label.split(), (label, lines)
            if inner <= width:  # (a cell widened by a spanning neighbour is refilled)
                assert all(display_width(line) <= width for line in lines), (label, lines)
    assert set(labels.values()) - {""} <= found
    assert read(text).report == report


def _all_labels(spec: df.FormatSpec, locale: str) -> list[str]:
    from disclosure_format.adapters._common import labels_for
    from disclosure_format.layout import table_layout

    labels = labels_for(locale)
    return [
        labels.cell(c, table.id)
        for table in spec.tables
        for c in table_layout(table).cells
        if c.role != "data"
    ]


def test_text_field_lines_use_the_locales_colon():
    report = _report()
    assert "机关：某某局\n" in render(report, "text")
    assert "機關：某某局\n" in render(report, "text", locale="zh_Hant")
    english = render(report, "text", locale="en")
    assert "Agency: 某某局\n" in english
    assert "Year: 2023\n" in english
    # a hand-edited line without the space after the colon reads the same
    assert read(english.replace("Agency: ", "Agency:")).report.agency == "某某局"
    assert read(english.replace("Agency: 某某局", "Agency:  某某局")).report.agency == " 某某局"
