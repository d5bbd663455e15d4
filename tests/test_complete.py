"""Completeness is a finding: a table absent from, or mostly not given by, the page read (C1)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_format import dumps_report, get_format, list_formats, loads_report, validate
from disclosure_format._published import read_published
from disclosure_format._published._mimic import published_html
from disclosure_format.adapters import detect, read
from disclosure_format.cli import run
from disclosure_format.errors import ReportError
from disclosure_format.model import Provenance
from disclosure_format.spec import Check, FormatSpec
from disclosure_format.testing import reports

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
PAGES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".html", ".txt"))
_TABLE = re.compile(r'<table border="1".*?</table>', re.S)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _complete_findings(report, spec=None):  # type: ignore[no-untyped-def]
    spec = spec or get_format(report.format)
    ids = {r.id for r in spec.rules if r.check is Check.COMPLETE}
    return [f for f in validate(report, spec=spec) if f.rule in ids]


@pytest.fixture
def cut_page(tmp_path: Path) -> Path:
    """Corpus page 013 cut off where its section 四 (table 4) begins."""
    text = (CORPUS / "013.html").read_text(encoding="utf-8")
    start = text.index("四、政府信息公开行政复议、行政诉讼情况")
    path = tmp_path / "cut.html"
    path.write_text(text[: text.rindex("<p", 0, start)] + "</body></html>", encoding="utf-8")
    return path


def test_every_built_in_format_declares_the_complete_rule() -> None:
    for spec in list_formats():
        rules = [r for r in spec.rules if r.check is Check.COMPLETE]
        assert [(r.id, r.severity.value) for r in rules] == [("C1", "error")]


def test_table_cut_off_is_one_error_naming_it_and_its_count(cut_page: Path) -> None:
    data = cut_page.read_bytes()
    report = read(data, detect(data, str(cut_page)), source=str(cut_page)).report
    spec = get_format(report.format)
    t4 = [c.key for c in spec.cells if c.table.id == "t4"]
    assert set(report.provenance.missing) == set(t4)
    found = _complete_findings(report)
    assert [(f.table, f.severity.value) for f in found] == [("t4", "error")]
    assert f"{len(t4)} 个单元格中 {len(t4)} 个未找到" in found[0].message
    status, out, _ = cli("validate", str(cut_page))
    assert status == 1
    assert "C1" in out


def test_verbs_agree_through_the_report_file(cut_page: Path, tmp_path: Path) -> None:
    file = tmp_path / "cut.json"
    assert cli("read", str(cut_page), "-o", str(file))[0] == 0
    again = loads_report(file.read_text(encoding="utf-8"))
    assert len(again.provenance.missing) == 15
    assert [f.table for f in _complete_findings(again)] == ["t4"]
    assert cli("validate", str(file))[0] == 1
    status, _, err = cli("render", str(cut_page), "--to", "text")
    assert status == 1  # render fails on the read errors, the same cells
    assert "C1" not in err


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_complete_corpus_pages_have_no_complete_finding(page: Path) -> None:
    data = page.read_bytes()
    report = read(data, detect(data, str(page)), source=str(page)).report
    assert report.provenance.missing == ()
    assert _complete_findings(report) == []


def test_report_file_without_missing_has_no_finding_and_keeps_its_text() -> None:
    spec = get_format("2021")
    from disclosure_format import new_report

    report = new_report(spec, "局", 2022)  # every cell blank, but not read from a page
    assert _complete_findings(report) == []
    assert "missing" not in dumps_report(report)


def test_unknown_missing_key_is_a_located_error() -> None:
    spec = get_format("2021")
    from disclosure_format import new_report

    report = attrs.evolve(new_report(spec, "局", 2022), provenance=Provenance(missing=("t9/x",)))
    data = json.loads(dumps_report(report))
    with pytest.raises(ReportError) as info:
        loads_report(json.dumps(data, ensure_ascii=False))
    assert "$.provenance.missing[0]" in str(info.value)


def test_read_notes_are_one_line_per_table_unless_verbose(cut_page: Path) -> None:
    _, _, err = cli("read", str(cut_page))
    lines = [line for line in err.splitlines() if "missing-cell" in line]
    assert len(lines) == 1
    assert "15 个单元格均未找到" in lines[0]
    _, _, err = cli("read", str(cut_page), "--verbose")
    assert len([line for line in err.splitlines() if "missing-cell" in line]) == 15
    _, _, err = cli("read", str(cut_page), "--locale", "en")
    assert "none of its 15 cells found" in err
    _, out, _ = cli("read", str(cut_page), "--json")
    notes = json.loads(out)["readings"][0]["notes"]
    assert len([n for n in notes if n["kind"] == "missing-cell"]) == 15
    _, _, err = cli("validate", str(cut_page), "--verbose")
    assert len([line for line in err.splitlines() if "missing-cell" in line]) == 15


@pytest.mark.parametrize("spec", list_formats(), ids=lambda s: s.id)
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_the_table_removed_from_a_page_is_the_one_flagged(
    spec: FormatSpec, data: st.DataObject
) -> None:
    report = data.draw(reports(spec))
    page = published_html(report, spec)
    tables = list(_TABLE.finditer(page))
    order = [t for s in spec.sections for t in s.tables]
    assert len(tables) == len(order)
    n = data.draw(st.integers(0, len(order) - 1))
    cut = page[: tables[n].start()] + page[tables[n].end() :]
    got = read_published(cut).report
    assert [f.table for f in _complete_findings(got, spec)] == [order[n]]
    assert _complete_findings(read_published(page).report, spec) == []
