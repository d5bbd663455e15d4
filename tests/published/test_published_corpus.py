"""The reader on real published reports: every certain cell right, no cell wrong.

Scores come from ``benchmarks/corpus_accuracy.py`` (the script that prints the
per-file accuracy table), so the table and these assertions cannot drift apart.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from disclosure_format import validate
from disclosure_format._published import read_published

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
EXPECTED = sorted((CORPUS / "expected").glob("*.json"))


def _accuracy() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "corpus_accuracy", ROOT / "benchmarks" / "corpus_accuracy.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


accuracy = _accuracy()


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_every_certain_cell_is_read_right_and_none_wrongly(path: Path) -> None:
    expected = _expected(path)
    score = accuracy.score(CORPUS / expected["file"], expected)
    assert score["wrong"] == 0, score["problems"]
    assert score["missing"] == 0, score["problems"]
    assert not [p for p in score["problems"] if "certain cell" in p]
    assert score["right"] + score["ambiguous"] == score["expected"]
    uncertain = sum(1 for c in expected["cells"] if not c["certain"])
    assert score["ambiguous"] <= uncertain


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_format_year_and_agency_are_detected(path: Path) -> None:
    expected = _expected(path)
    score = accuracy.score(CORPUS / expected["file"], expected)
    assert score["format"]
    if expected["file"] == "001.html":
        # a fragment (section 二 to the end): no title, no signature, no date
        reading = score["reading"]
        assert {"missing-year", "missing-agency"} <= {n.kind for n in reading.notes}
        assert not reading.ok
    else:
        assert score["year"] is True
        assert score["agency"] is True


def test_the_real_inconsistency_of_001_is_reported_with_its_cells() -> None:
    report = read_published((CORPUS / "001.html").read_bytes(), year=2019).report
    findings = [f for f in validate(report) if f.rule == "I1"]
    rows = {f.instance for f in findings}
    assert "results.granted" in rows
    granted = next(f for f in findings if f.instance == "results.granted")
    assert (granted.actual, granted.expected) == (0, 272)
    assert {c.key for c in granted.cells} >= {
        "t3/results.granted/applicant.total",
        "t3/results.granted/applicant.natural_person",
    }
    assert len(findings) == 11  # the eleven outcome rows with a blank 总计 (expected/001.json)


def test_the_unit_typed_into_the_2019_purchase_amount_is_kept_and_noted() -> None:
    reading = read_published((CORPUS / "001.html").read_bytes())
    assert reading.report.values["t2/procurement/amount"] == 251000
    note = next(n for n in reading.notes if n.cell == "t2/procurement/amount")
    assert note.kind == "unit-kept"
    assert note.line == 1


def test_sections_are_found_by_their_headings() -> None:
    report = read_published((CORPUS / "013.html").read_bytes()).report
    assert report.narrative["problems"].startswith("（一）存在的主要问题")
    assert report.narrative["other"] == "2023年度，县发展和改革局政府信息公开未发生收费情况。"
    assert str(report.published) == "2024-01-17"


def test_inferred_splits_say_which_rules_decided() -> None:
    reading = read_published((CORPUS / "004.txt").read_bytes())
    note = next(n for n in reading.notes if n.cell == "t4/cases/review.upheld")
    assert note.kind == "inferred-split"
    assert "I4" in note.message
    assert reading.report.values["t4/cases/litigation.direct.total"] == 12


def test_what_cannot_be_placed_is_reported_not_dropped() -> None:
    reading = read_published((CORPUS / "010.txt").read_bytes())
    lone = [n for n in reading.notes if n.kind == "unmatched-row" and n.line == 172]
    assert lone
    assert lone[0].candidates == ("1",)
    garbage = {n.message for n in reading.notes if n.kind == "unmatched-label" and n.line == 100}
    assert any("'业'" in m for m in garbage)
    assert (
        reading.report.values["t3/carried_forward/applicant.total"] is None
    )  # empty in the source
    by_order = [n for n in reading.notes if n.kind == "by-order" and n.line == 105]
    assert by_order
    assert "（二）部分公开" in (by_order[0].row or "")
