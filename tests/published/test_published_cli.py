"""``disclosure-format read`` and ``validate`` on published files."""

from __future__ import annotations

import io
import json
from pathlib import Path

from disclosure_format import loads_report
from disclosure_format.cli import run

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_read_writes_a_report_file_and_the_notes_on_stderr() -> None:
    status, out, err = cli("read", str(CORPUS / "000.txt"))
    assert status == 0
    report = loads_report(out)
    assert (report.format, report.year) == ("2021", 2023)
    assert report.values["t3/carried_over/applicant.total"] == 0  # 上年转结, an alias
    assert "by-order" in err


def test_read_json_includes_the_notes() -> None:
    status, out, _ = cli("read", str(CORPUS / "004.txt"), "--json")
    assert status == 0
    (entry,) = json.loads(out)["readings"]
    assert entry["adapter"] == "published"
    assert entry["ok"] is False
    kinds = {n["kind"] for n in entry["notes"]}
    assert {"inferred-split", "ambiguous"} <= kinds
    ambiguous = next(n for n in entry["notes"] if n["kind"] == "ambiguous")
    assert "69/3/665" in ambiguous["candidates"]
    assert entry["report"]["values"]["t3/new/applicant.total"] == 70


def test_strict_fails_on_ambiguous_cells_only() -> None:
    assert cli("read", str(CORPUS / "004.txt"), "--strict")[0] == 1
    assert cli("read", str(CORPUS / "013.html"), "--strict")[0] == 0


def test_read_to_other_kinds_and_to_a_folder(tmp_path: Path) -> None:
    status, out, _ = cli("read", str(CORPUS / "013.html"), "--to", "csv-long")
    assert status == 0
    assert "t3/new/applicant.natural_person" in out or "自然人" in out
    folder = tmp_path / "out"
    status, _, _ = cli(
        "read", str(CORPUS / "013.html"), str(CORPUS / "000.txt"), "--to", "text", "-o", str(folder)
    )
    assert status == 0
    assert sorted(p.name for p in folder.iterdir()) == ["000.txt", "013.txt"]


def test_json_and_another_target_do_not_mix() -> None:
    status, _, err = cli("read", str(CORPUS / "013.html"), "--json", "--to", "text")
    assert status == 2
    assert "--json" in err


def test_validate_reports_the_blank_totals_of_001() -> None:
    status, out, _ = cli("validate", str(CORPUS / "001.html"))
    assert status == 1
    assert "I1" in out
    assert "0 ≠ 272" in out


def test_a_file_that_is_no_report_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("会议纪要\n今天天气很好。\n", encoding="utf-8")
    status, _, err = cli("read", str(path))
    assert status == 2
    assert "note.txt" in err
