"""``disclosure-format render`` and command inputs of any kind (detected from their content)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import disclosure_format as df
from disclosure_format.cli import run

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2021-with-errors.json"


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("kind", ["text", "html", "csv", "csv-long", "json", "xlsx"])
def test_render_then_render_back_to_json_gives_the_same_report(kind: str, tmp_path: Path) -> None:
    rendered = tmp_path / f"report.{kind}"
    status, out, err = cli("render", str(EXAMPLE), "--to", kind, "-o", str(rendered))
    assert (status, out, err) == (0, "", "")
    back = tmp_path / "back.json"
    status, _, err = cli("render", str(rendered), "--to", "json", "-o", str(back))
    assert (status, err) == (0, "")
    assert df.load_report(back) == df.load_report(EXAMPLE)


def test_validate_accepts_any_rendering_and_finds_the_same(tmp_path: Path) -> None:
    _, expected, _ = cli("validate", "--json", str(EXAMPLE))
    for kind in ("html", "csv", "xlsx"):
        rendered = tmp_path / "report.bin"  # no telling extension: detected from the content
        assert cli("render", str(EXAMPLE), "--to", kind, "-o", str(rendered))[0] == 0
        status, out, _ = cli("validate", "--json", str(rendered))
        assert status == 1
        findings = json.loads(out)["reports"][0]["findings"]
        assert findings == json.loads(expected)["reports"][0]["findings"]


def test_render_to_stdout_and_the_reviewers_view() -> None:
    status, out, _ = cli("render", str(EXAMPLE), "--to", "html", "--findings", "--fragment")
    assert status == 0
    assert out.startswith("<article")
    assert "df-flag df-error" in out
    assert 'class="df-findings"' in out


def test_binary_output_needs_a_file() -> None:
    status, out, err = cli("render", str(EXAMPLE), "--to", "xlsx")
    assert (status, out) == (2, "")
    assert "-o OUT" in err


@pytest.mark.parametrize(
    ("flags", "kind"), [(["--bom"], "text"), (["--findings"], "csv"), (["--fragment"], "json")]
)
def test_a_flag_the_output_cannot_use_is_a_usage_error(flags: list[str], kind: str) -> None:
    status, _, err = cli("render", str(EXAMPLE), "--to", kind, *flags)
    assert status == 2
    assert flags[0] in err


def test_bom_for_excel(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    assert cli("render", str(EXAMPLE), "--to", "csv", "--bom", "-o", str(out))[0] == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    assert b"\r\r\n" not in data


def test_unknown_kind_and_unreadable_input_are_one_line_errors(tmp_path: Path) -> None:
    status, _, err = cli("render", str(EXAMPLE), "--to", "odt")
    assert status == 2
    assert "unknown adapter 'odt'" in err
    junk = tmp_path / "junk.dat"
    junk.write_text("nothing a report would hold", encoding="utf-8")
    status, _, err = cli("render", str(junk), "--to", "json")
    assert status == 2
    assert "junk.dat" in err
    assert "cannot tell" in err
    assert "Traceback" not in err


def test_notes_made_while_reading_go_to_stderr(tmp_path: Path) -> None:
    report = df.new_report("2021", "某某局", 2023, values={"t3/new/applicant.total": "五"})
    source = tmp_path / "edited.csv"
    source.write_text(str(df.render(report, "csv")), encoding="utf-8")
    status, out, err = cli("render", str(source), "--to", "json")
    assert status == 0
    assert json.loads(out)["values"]["t3/new/applicant.total"] == "五"
    assert "edited.csv:" in err
    assert "not-a-number" in err


def test_validate_prints_the_notes_of_reading_on_stderr(tmp_path: Path) -> None:
    report = df.new_report("2021", "某某局", 2023, values={"t3/new/applicant.total": "五"})
    source = tmp_path / "edited.csv"
    source.write_text(str(df.render(report, "csv")), encoding="utf-8")
    status, out, err = cli("validate", "--json", str(source))
    assert status == 1  # text in a count cell is an error finding (rule I3)
    assert json.loads(out)["reports"][0]["errors"] >= 1
    assert "edited.csv:" in err
    assert "not-a-number" in err


def test_wide_csv_per_table_files_join_back(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    status, out, err = cli("render", str(EXAMPLE), "--to", "csv", "--per-table", "-o", str(folder))
    assert (status, out, err) == (0, "", "")
    assert sorted(p.name for p in folder.iterdir()) == ["t2.csv", "t3.csv", "t4.csv"]
    joined = tmp_path / "joined.csv"
    joined.write_bytes(b"".join(p.read_bytes() for p in sorted(folder.iterdir())))
    back = tmp_path / "back.json"
    assert cli("render", str(joined), "--to", "json", "-o", str(back))[0] == 0
    assert df.load_report(back) == df.load_report(EXAMPLE)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--to", "csv", "--per-table"], "-o DIR"),
        (["--to", "csv-long", "--per-table", "-o", "x"], "--per-table does not apply"),
    ],
)
def test_per_table_needs_a_folder_and_the_wide_csv(argv: list[str], message: str) -> None:
    status, _, err = cli("render", str(EXAMPLE), *argv)
    assert status == 2
    assert message in err
