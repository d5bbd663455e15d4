"""What a reading of a published page says: rows placed right, headings found, ``ok``.

Example tests and damage properties of the published-report reader beyond
the splitting of digit runs (``test_published_solve.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_format import get_format, list_formats, testing
from disclosure_format._published import read_published
from disclosure_format._published._detect import tolerant_section
from disclosure_format._published._mimic import (
    Damage,
    published_flat_text,
    published_html,
    published_tab_text,
)
from disclosure_format.model import Report, Value
from disclosure_format.reading import Reading, ReadNote
from disclosure_format.spec import FormatSpec

FORMATS = list_formats()


def _report(spec_id: str, values: Mapping[str, Value] | None = None) -> Report:
    spec = get_format(spec_id)
    cells: dict[str, Value] = {c.key: 0 for c in spec.cells}
    cells.update(values or {})
    return Report(
        format=spec_id, agency="某某市人民政府办公室", year=spec.years.first + 1, values=cells
    )


def _same(a: Value, b: Value) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(a) == Decimal(b)


def test_a_mostly_blank_row_of_copied_text_is_not_placed_by_a_partial_header() -> None:
    # text copied from a page gives a ragged header (merged cells once): its positions
    # mapped only some columns, and a row whose one number fell on a mapped position
    # was placed there — 0 read in 社会公益组织 instead of 商业企业 (a wrong value)
    row = "t3/carried_over/applicant."
    blanks = {
        row + k: None
        for k in (
            "natural_person",
            "legal_person.research",
            "legal_person.public_interest",
            "legal_person.legal_services",
            "legal_person.other",
            "total",
        )
    }
    report = _report("2019", blanks)
    spec = get_format("2019")
    reading = read_published(published_tab_text(report, spec, Damage()))
    wrong = {
        k: (v, reading.report.values[k])
        for k, v in report.values.items()
        if not _same(v, reading.report.values[k])
    }
    assert not wrong


def test_ok_means_every_cell_read_for_sure() -> None:
    report = _report("2021")
    assert Reading(report, [ReadNote("unmatched-row", "stray numbers", "error")]).ok
    assert Reading(report, [ReadNote("inferred-split", "split", "warning")]).ok
    assert not Reading(report, [ReadNote("missing-cell", "not given", "error")]).ok
    assert not Reading(report, [ReadNote("ambiguous", "two readings", "error")]).ok
    assert not Reading(report, [ReadNote("missing-year", "assumed", "error")]).ok


# ---------------------------------------------------------------- headings and pages

HEADING_DAMAGE = st.builds(
    Damage,
    spans=st.booleans(),
    half_width=st.booleans(),
    heading_typos=st.booleans(),
    unnumbered=st.booleans(),
    heading_removed=st.booleans(),
    reordered=st.booleans(),
    page_breaks=st.booleans(),
    seed=st.integers(0, 2**16),
)


NARRATIVE = st.text(st.sampled_from("政府信息公开工作取得成效。我局认真贯彻落实，"), max_size=40)
# (free text would do too, but a copied text page holding "<P" is sniffed as HTML:
# a separate matter of extraction, not of headings)


def _reports(spec: FormatSpec) -> st.SearchStrategy[Report]:
    return testing.reports(spec, agency=st.just("某某市人民政府办公室"), narrative=NARRATIVE)


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_pages_with_damaged_headings_and_page_breaks_read_back_identical(
    spec: FormatSpec, data: st.DataObject
) -> None:
    """Typos, numbering left out, a heading removed, tables reordered, page breaks."""
    report = data.draw(_reports(spec))
    damage = data.draw(HEADING_DAMAGE)
    for page in (published_html(report, spec, damage), published_tab_text(report, spec, damage)):
        reading = read_published(page)
        wrong = {
            k: (v, reading.report.values[k])
            for k, v in report.values.items()
            if not _same(v, reading.report.values[k])
        }
        assert not wrong, [str(n) for n in reading.notes if n.severity != "info"][:5]
        assert (reading.report.agency, reading.report.year) == (report.agency, report.year)


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_crawler_dumps_with_damaged_headings_read_as_without(
    spec: FormatSpec, data: st.DataObject
) -> None:
    # a table whose heading was missing took its first run for a row of the table
    # before (table 4's "…尚未审结总计00000…" read as table 3's 总计: wrong values)
    report = data.draw(_reports(spec))
    damage = data.draw(HEADING_DAMAGE)
    plain = read_published(published_flat_text(report, spec)).report.values
    got = read_published(published_flat_text(report, spec, damage=damage)).report.values
    assert {k: v for k, v in got.items() if not _same(v, plain[k])} == {}
    for key, value in got.items():
        assert value is None or _same(value, report.values[key]), key


def test_a_misspelt_heading_is_found_and_noted() -> None:
    spec = get_format("2021")
    page = published_tab_text(_report("2021"), spec, Damage(heading_typos=True, seed=3))
    reading = read_published(page)
    notes = [n for n in reading.notes if n.kind == "heading"]
    assert len(notes) == len(spec.sections)
    assert all(n.severity == "info" and "read as" in n.message for n in notes)
    detected = next(n for n in reading.notes if n.kind == "detected")
    assert detected.message.endswith(", ".join(s.key for s in spec.sections))


def test_a_table_label_is_no_heading_however_close() -> None:
    spec = get_format("2021")
    assert tolerant_section("（一）主动公开政府信息情况", spec) is None  # a sub-heading
    assert tolerant_section("主动公开政府信息情况。", spec) is None  # a sentence
    assert tolerant_section("四、政府信息公开行政复议与行政诉讼情况", spec) == ("appeals", 1)
    assert tolerant_section("２、主动公开政府信息情况", spec) == ("active", 0)
