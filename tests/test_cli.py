"""The command line: each verb in-process, the exit-status contract, no tracebacks."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure_format import dumps_report, get_format, loads_report, validate
from disclosure_format.cli import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
VALID = str(EXAMPLES / "2021-beilun-keji-2023.json")
VALID_2019 = str(EXAMPLES / "2019-pingtan-2019.json")
ERRORS = str(EXAMPLES / "2021-with-errors.json")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_formats():
    status, out, _ = cli("formats")
    assert status == 0
    assert "2019  中华人民共和国政府信息公开工作年度报告格式（试行）" in out
    assert (
        "国办公开办函〔2021〕30号；2021年9月26日印发；适用于2021年度起的报告；取代格式 2019" in out
    )
    status, out, _ = cli("formats", "--locale", "en")
    assert "for the reports of 2021 onwards; supersedes format 2019" in out
    status, out, _ = cli("formats", "--json")
    assert [f["id"] for f in json.loads(out)] == ["2019", "2021"]


def test_show_draws_every_table_and_rule():
    status, out, _ = cli("show", "2021")
    assert status == 0
    for rule in get_format("2021").rules:
        assert f"  {rule.id}  " in out
    assert "（本列数据的勾稽关系为" in out
    grid_lines = [line for line in out.splitlines() if line.startswith(("+", "|"))]
    assert grid_lines
    status, out, _ = cli("show", "2019", "--cells")
    assert out.count("\n") >= 198
    assert "t2/licensing/change\t带符号计数" in out
    status, out, _ = cli("show", "2019", "--cells", "--locale", "en")
    assert "t2/licensing/change\tsigned count" in out


def test_template_is_an_empty_report_to_fill_in(tmp_path):
    target = tmp_path / "blank.json"
    status, _, _ = cli(
        "template", "2021", "--agency", "某某局", "--year", "2024", "-o", str(target)
    )
    assert status == 0
    report = loads_report(target.read_text(encoding="utf-8"))
    assert (report.format, report.agency, report.year) == ("2021", "某某局", 2024)
    assert set(report.values.values()) == {None}
    assert len(report.values) == 200


def test_schema():
    status, out, _ = cli("schema", "2019")
    assert status == 0
    schema = json.loads(out)
    assert len(schema["properties"]["values"]["properties"]) == 198


def test_validate_valid_reports():
    status, out, _ = cli("validate", VALID, VALID_2019)
    assert status == 0
    assert "合格 — 0 个错误、0 个警告、0 条提示" in out
    status, out, _ = cli("validate", "--locale", "en", VALID, VALID_2019)
    assert status == 0
    assert "valid — 0 errors, 0 warnings, 0 notices" in out


def test_validate_reports_errors_with_cells_and_numbers():
    status, out, _ = cli("validate", ERRORS)
    assert status == 1
    assert "不合格 — 3 个错误" in out
    assert "错误 S1 t3 · 申请人情况/总计" in out
    assert "71 ≠ 70（差额 +1）" in out
    assert "一、本年新收政府信息公开申请数量 = 71" in out
    assert "错误 I4.review" in out


def test_validate_reports_errors_in_english():
    status, out, _ = cli("validate", "--locale", "en", ERRORS)
    assert status == 1
    assert "INVALID — 3 errors" in out
    assert "error S1 t3 · Applicants/Total" in out
    assert "71 ≠ 70 (difference +1)" in out
    assert (
        "I. New applications for government information disclosure received this year = 71" in out
    )


def test_validate_json_equals_the_library_result():
    status, out, _ = cli("validate", "--json", ERRORS)
    assert status == 1
    data = json.loads(out)
    (entry,) = data["reports"]
    report = loads_report(Path(ERRORS).read_bytes())
    assert [f["rule"] for f in entry["findings"]] == [f.rule for f in validate(report)]
    assert entry["errors"] == 3
    assert entry["findings"][0]["cells"][0]["key"] == "t3/new/applicant.total"


def test_fail_on_select_ignore():
    assert cli("validate", ERRORS, "--ignore", "S1,I1,I4")[0] == 0
    assert cli("validate", ERRORS, "--select", "I4")[0] == 1
    assert cli("validate", VALID, "--fail-on", "notice")[0] == 0


def test_previous(tmp_path):
    report = loads_report(Path(VALID).read_bytes())
    nxt = report.with_values(
        {
            "t3/carried_over/applicant.total": 1,
            "t3/carried_over/applicant.natural_person": 1,
            "t3/carried_forward/applicant.total": 1,
            "t3/carried_forward/applicant.natural_person": 1,
        }
    )
    nxt = type(nxt)(format=nxt.format, agency=nxt.agency, year=2024, values=nxt.values)
    path = tmp_path / "2024.json"
    path.write_text(dumps_report(nxt), encoding="utf-8")
    status, out, _ = cli("validate", str(path), "--previous", VALID)
    assert status == 1
    assert "错误 I5" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "missing.json"], "missing.json: No such file or directory"),
        (["show", "2030"], "unknown format '2030'"),
        (["validate"], "the following arguments are required"),
        ([], "a command is required"),
        (["frobnicate"], "invalid choice"),
        (["validate", "--fail-on", "fatal", VALID], "invalid choice"),
        (["validate", VALID, "--select", "Z1"], "has no rule 'Z1'"),
    ],
)
def test_unusable_input_exits_2_with_one_line(argv, message):
    status, _, err = cli(*argv)
    assert status == 2
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_bad_json_is_located(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "2021", "agency": "x", "year": 2021, "values": {"t9/x/y": 1}}', encoding="utf-8"
    )
    status, _, err = cli("validate", str(bad))
    assert status == 2
    assert f"{bad}: $.values['t9/x/y']: format 2021 has no such cell" in err


def test_broken_definition_directory(tmp_path):
    (tmp_path / "2040.toml").write_text('id = "2040"', encoding="utf-8")
    status, _, err = cli("--formats-dir", str(tmp_path), "show", "2040")
    assert status == 2
    assert "2040.toml: $.title: required field missing (and" in err


def test_third_format_through_the_cli(tmp_path):
    formats = str(Path(__file__).parent / "formats")
    target = tmp_path / "t.json"
    assert cli("--formats-dir", formats, "template", "2090", "-o", str(target))[0] == 0
    status, out, _ = cli("--formats-dir", formats, "validate", str(target))
    assert status == 0
    assert "（格式 2090）" in out


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(Path(ERRORS).read_bytes())))
    assert cli("validate", "-")[0] == 1


def test_console_script_runs_as_a_process():
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "disclosure_format", "validate", ERRORS],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert "不合格" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "disclosure_format", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0


def test_error_line_stays_one_line_and_escapes_control_characters(tmp_path: Path) -> None:
    # Found by the CLI fuzz test: a report whose source names carry NEL (\x85),
    # which splitlines() treats as a line break, and terminal escapes.
    report = loads_report((EXAMPLES / "2021-with-errors.json").read_text(encoding="utf-8"))
    data = json.loads(dumps_report(report))
    data["agency"] = "局\x90"  # a C1 control: no output can carry it, so render refuses
    data["provenance"]["source"] = "http://x.gov.cn/\x85\x1b[2J\u2028page"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    status, _, err = cli("render", str(path), "--to", "html")
    assert status == 2
    assert len(err.splitlines()) == 1, err
    assert "\x1b" not in err
    assert "\x85" not in err
    assert "\u2028" not in err
    assert "\\x85\\x1b[2J\\u2028page" in err
    assert "\\x90" in err


def test_validate_headline_escapes_control_characters_of_the_agency(tmp_path: Path) -> None:
    report = loads_report((EXAMPLES / "2021-with-errors.json").read_text(encoding="utf-8"))
    data = json.loads(dumps_report(report))
    data["agency"] = "某局\x1b[2J\x85"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    status, out, _ = cli("validate", str(path))
    assert status == 1
    headline = out.splitlines()[0]
    assert "某局\\x1b[2J\\x85" in headline
    assert "\x1b" not in out


def test_series_headline_escapes_control_characters_of_the_agency(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "2021-beilun-keji-2023.json").read_text(encoding="utf-8"))
    data["agency"] = "某局\x1b[2J"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    status, out, _ = cli("series", str(path))
    assert status == 0
    assert "某局\\x1b[2J" in out
    assert "\x1b" not in out
