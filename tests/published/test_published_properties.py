"""Properties: generated reports of every format, published and damaged, read back identical.

Each report is drawn by :func:`disclosure_format.testing.reports`, written the
way agencies publish (``_published._mimic``: Word-exported HTML in a layout
table with page chrome, text copied from a page, crawler dumps), damaged the
way publishers do, and read back with the published-report reader.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_format import list_formats, render, testing
from disclosure_format._published import read_published
from disclosure_format._published._mimic import (
    Damage,
    published_flat_text,
    published_html,
    published_tab_text,
)
from disclosure_format.model import Report, Value
from disclosure_format.spec import CellKind, FormatSpec

FORMATS = list_formats()
AGENCIES = st.sampled_from(["某某市人民政府办公室", "平潭综合实验区", "宁波市北仑区科学技术局"])
NARRATIVE = st.text(st.sampled_from("政府信息公开工作取得成效。我局认真贯彻落实，"), max_size=40)
DAMAGE = st.builds(
    Damage,
    spans=st.booleans(),
    blank_zeros=st.booleans(),
    half_width=st.booleans(),
    label_spaces=st.booleans(),
    aliases=st.booleans(),
    moved_merge=st.booleans(),
    seed=st.integers(0, 2**16),
)


def _small(spec: FormatSpec) -> dict[str, Any]:
    """Pin the cells no rule computes to small values, so that runs of digits stay short."""
    computed = {"total", "new", "results.total"}
    pins: dict[str, Any] = {}
    for cell in spec.cells:
        if cell.row_key in computed or cell.column[-1].key == "total":
            continue
        if cell.kind is CellKind.AMOUNT:
            pins[cell.key] = st.decimals(0, 999, places=2)
        elif cell.kind is CellKind.SIGNED:
            pins[cell.key] = st.integers(-99, 99)
        else:
            pins[cell.key] = st.integers(0, 30 if cell.table.id == "t2" else 3)
    return pins


def reports(spec: FormatSpec) -> st.SearchStrategy[Report]:
    return testing.reports(spec, agency=AGENCIES, narrative=NARRATIVE, values=_small(spec))


def _same(a: Value, b: Value) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(a) == Decimal(b)  # type: ignore[arg-type]


def _expected(report: Report, damage: Damage) -> dict[str, Value]:
    return {
        k: None if damage.blank_zeros and v is not None and v == 0 else v
        for k, v in report.values.items()
    }


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@given(data=st.data())
def test_damaged_html_reads_back_identical(spec: FormatSpec, data: st.DataObject) -> None:
    report = data.draw(reports(spec))
    damage = data.draw(DAMAGE)
    reading = read_published(published_html(report, spec, damage))
    got = reading.report
    wrong = {
        k: (v, got.values[k])
        for k, v in _expected(report, damage).items()
        if not _same(v, got.values[k])
    }
    assert not wrong, [str(n) for n in reading.notes if n.severity != "info"][:5]
    assert (got.format, got.agency, got.year, got.published) == (
        spec.id,
        report.agency,
        report.year,
        report.published,
    )
    assert not reading.errors


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=20)
@given(data=st.data())
def test_copied_text_reads_back_identical(spec: FormatSpec, data: st.DataObject) -> None:
    report = data.draw(reports(spec))
    damage = Damage(blank_zeros=data.draw(st.booleans()), half_width=True, seed=1)
    reading = read_published(published_tab_text(report, spec, damage))
    got = reading.report
    assert all(_same(v, got.values[k]) for k, v in _expected(report, damage).items())
    assert (got.agency, got.year) == (report.agency, report.year)


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=20)
@given(data=st.data())
def test_flattened_runs_are_read_right_or_reported_ambiguous(
    spec: FormatSpec, data: st.DataObject
) -> None:
    report = data.draw(reports(spec))
    reading = read_published(published_flat_text(report, spec))
    got = reading.report
    open_rows = {
        n.cell.rsplit("/", 1)[0] for n in reading.notes if n.kind == "ambiguous" and n.cell
    }
    not_read = {n.cell for n in reading.notes if n.kind == "missing-cell"}
    for key, value in report.values.items():
        read = got.values[key]
        if read is None and (key.rsplit("/", 1)[0] in open_rows or key in not_read):
            continue  # reported ambiguous or not read: allowed, never a wrong value
        assert _same(value, read), (key, value, read)
    assert (got.agency, got.year, got.published) == (report.agency, report.year, report.published)


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@pytest.mark.parametrize("kind", ["html", "text"])
@settings(max_examples=15)
@given(data=st.data())
def test_the_adapters_pages_read_as_published_pages(
    spec: FormatSpec, kind: str, data: st.DataObject
) -> None:
    """Our own renderings, retyped with half-width brackets, read by the published reader."""
    report = data.draw(reports(spec))
    page = str(render(report, kind)).replace("（", "(").replace("）", ")")
    got = read_published(page).report
    assert all(_same(v, got.values[k]) for k, v in report.values.items())
    assert (got.format, got.agency, got.year) == (spec.id, report.agency, report.year)


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=15)
@given(data=st.data())
def test_word_pages_with_every_label_split_are_recognised(
    spec: FormatSpec, data: st.DataObject
) -> None:
    """Detection looks at the text, not the markup: labels split over spans still count."""
    from disclosure_format.adapters import detect

    report = data.draw(reports(spec))
    damage = Damage(
        spans=True, label_spaces=data.draw(st.booleans()), seed=data.draw(st.integers())
    )
    page = published_html(report, spec, damage)
    assert detect(page.encode("utf-8"), "page.html") == "published"
