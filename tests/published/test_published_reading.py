"""What a reading of a published page says: rows placed right, headings found, ``ok``.

Example tests and damage properties of the published-report reader beyond
the splitting of digit runs (``test_published_solve.py``).
"""

from __future__ import annotations

from decimal import Decimal

from disclosure_format import get_format
from disclosure_format._published import read_published
from disclosure_format._published._mimic import Damage, published_tab_text
from disclosure_format.model import Report, Value
from disclosure_format.reading import Reading, ReadNote


def _report(spec_id: str, values: dict[str, Value] | None = None) -> Report:
    spec = get_format(spec_id)
    cells: dict[str, Value] = {c.key: 0 for c in spec.cells}
    cells.update(values or {})
    return Report(
        format=spec_id, agency="某某市人民政府办公室", year=spec.years.first + 1, values=cells
    )


def _same(a: Value, b: Value) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(a) == Decimal(b)  # type: ignore[arg-type]


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
