"""Batch checks: every adapter's output and published pages, in order, streamed, in parallel."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_format import AdapterNotFoundError, adapters, dump_report, new_report, validate
from disclosure_format.batch import BatchResult, batch, iter_files, readable_extensions
from disclosure_format.cli import run
from disclosure_format.cli._batch import CSV_COLUMNS
from disclosure_format.testing import reports

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@functools.cache
def _renderers():
    """The adapters that render (the published-report reader only reads)."""
    out = []
    for adapter in adapters():
        try:
            adapter.render(new_report("2021", "局", 2022))
        except AdapterNotFoundError:
            continue  # read-only (the published-report reader)
        out.append(adapter)
    return out


def _write_all(folder: Path, items) -> list[str]:
    """Each report rendered by the next adapter in turn; the file names keep input order."""
    paths = []
    for i, (report, adapter) in enumerate(zip(items, itertools.cycle(_renderers()), strict=False)):
        data = adapter.render(report)
        path = folder / f"{i:03d}-{adapter.name}{adapter.extensions[0]}"
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        paths.append(str(path))
    return paths


def _expected(report):
    findings = validate(report)
    return (
        report.agency,
        report.year,
        report.format,
        sum(f.severity.value == "error" for f in findings),
        sum(f.severity.value == "warning" for f in findings),
        sum(f.severity.value == "notice" for f in findings),
    )


def _got(result: BatchResult):
    return (
        result.agency,
        result.year,
        result.format,
        result.errors,
        result.warnings,
        result.notices,
    )


@settings(max_examples=5, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(reports(valid=False), min_size=6, max_size=8))
def test_every_adapter_output_is_read_and_validated_in_input_order(tmp_path_factory, items):
    folder = tmp_path_factory.mktemp("batch")
    paths = _write_all(folder, items)
    results = list(batch(paths, jobs=1))
    assert [r.file for r in results] == paths
    assert [_got(r) for r in results] == [_expected(r) for r in items]
    assert all(r.readable and r.read_note_errors == 0 for r in results)


def test_parallel_results_equal_serial_ones_in_the_same_order(tmp_path):
    items = [
        new_report("2021", f"单位{i}", 2022, values={"t3/new/applicant.total": i % 3})
        for i in range(40)
    ]
    paths = _write_all(tmp_path, items)
    paths.insert(7, str(tmp_path / "missing.json"))
    serial = list(batch(paths, jobs=1))
    parallel = list(batch(paths, jobs=2, chunk_size=3))
    assert parallel == serial
    assert [r.file for r in parallel] == paths
    assert [r.errors for r in parallel if r.readable] == [2 if i % 3 else 0 for i in range(40)]


def test_an_unreadable_file_is_reported_and_the_rest_goes_on(tmp_path):
    good = tmp_path / "good.json"
    dump_report(new_report("2021", "局", 2022), good)
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\xff\xfe{not json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "2021", "agency": 5, "year": 2022}', encoding="utf-8")
    paths = [str(garbage), str(good), str(tmp_path / "nope.json"), str(broken), str(good)]
    results = list(batch(paths, jobs=2, chunk_size=1))
    assert [r.file for r in results] == paths
    assert [r.readable for r in results] == [False, True, False, False, True]
    assert results[2].error_type == "OSError"
    assert results[3].error_type == "ReportError"
    assert results[3].error.startswith("$.agency: ")
    assert results[3].agency is None
    assert not results[0].valid


def test_directories_are_walked_in_sorted_order_skipping_hidden_and_unknown_files(tmp_path):
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ("b/deep/z.json", "b/a.json", "c.json", ".hidden/x.json", "b/.x.json"):
        dump_report(new_report("2021", name, 2022), tmp_path / name)
    (tmp_path / "notes.odt").write_bytes(b"PK")
    files = list(iter_files([tmp_path]))
    assert files == [str(tmp_path / n) for n in ("b/a.json", "b/deep/z.json", "c.json")]
    explicit = str(tmp_path / "notes.odt")
    assert list(iter_files([explicit])) == [explicit]  # a file given by name is always read
    assert {".json", ".html", ".csv", ".txt", ".xlsx", ".pdf"} <= readable_extensions()


def test_results_stream_from_an_endless_input(tmp_path):
    """Nothing collects all results (or all paths): an endless input can be consumed in part."""
    path = tmp_path / "a.json"
    dump_report(new_report("2021", "局", 2022), path)
    endless = itertools.repeat(str(path))
    for jobs in (1, 2):
        taken = list(itertools.islice(batch(endless, jobs=jobs, chunk_size=4), 30))
        assert len(taken) == 30
        assert all(r.agency == "局" for r in taken)


def test_a_long_csv_of_several_reports_gives_one_result_each(tmp_path):
    long_csv = next(a for a in adapters() if hasattr(a, "read_all"))
    items = [new_report("2021", name, 2022) for name in ("甲", "乙", "丙")]
    text = "".join(
        long_csv.render(r).split("\n", 1)[1] if i else long_csv.render(r)
        for i, r in enumerate(items)
    )
    path = tmp_path / "many.csv"
    path.write_text(text, encoding="utf-8")
    results = list(batch([path], jobs=1))
    assert [(r.agency, r.index, r.adapter) for r in results] == [
        ("甲", 0, long_csv.name),
        ("乙", 1, long_csv.name),
        ("丙", 2, long_csv.name),
    ]


def test_published_reports_of_the_corpus_are_read_with_their_notes():
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))
    results = list(batch(files, jobs=2))
    assert [Path(r.file).name for r in results] == [p.name for p in files]
    assert all(r.readable for r in results)
    assert {r.adapter for r in results} == {"published"}
    assert sum(r.read_notes for r in results) > 0
    years = {Path(r.file).stem: (r.year, r.format) for r in results}
    assert years["004"] == (2021, "2021")
    assert years["003"] == (2019, "2019")


def test_bad_arguments():
    with pytest.raises(ValueError, match="jobs"):
        batch([], jobs=0)  # checked when called, not when first iterated
    with pytest.raises(ValueError, match="chunk_size"):
        batch([], chunk_size=0)


# ---------------------------------------------------------------- CLI


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def cli(*argv, stderr=None):
    out, err = io.StringIO(), stderr or io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    dump_report(new_report("2021", "甲局", 2022), tmp_path / "a.json")
    dump_report(
        new_report("2021", "=乙局", 2022, values={"t3/new/applicant.total": 2}), tmp_path / "b.json"
    )
    shutil.copy(CORPUS / "004.txt", tmp_path / "c.txt")
    return tmp_path


def test_cli_summary_and_exit_status(folder):
    status, out, err = cli("batch", str(folder), "--jobs", "2")
    assert status == 1  # b.json has an error
    assert err == ""  # no progress bar when stderr is not a terminal
    lines = out.splitlines()
    assert lines[0].split() == ["文件", "机关", "年度", "格式", "错误", "警告", "读取说明"]
    assert "甲局" in lines[1]
    assert lines[-1].startswith("合计：读取 3 份报告，0 份无法读取，1 份不合格；2 个错误")
    status, out, _ = cli("batch", str(folder / "a.json"), "--summary", "totals", "--locale", "en")
    assert status == 0
    assert out.startswith("total: 1 report(s) read")
    (folder / "d.json").write_text("{", encoding="utf-8")
    status, out, _ = cli("batch", str(folder), "--summary", "full")
    assert status == 2
    assert "d.json  无法读取：line 1: $: not valid JSON" in out


def test_cli_progress_bar_on_a_terminal(folder):
    status, _, err = cli("batch", str(folder), "--jobs", "1", stderr=_Terminal())
    assert status == 1
    assert "[" in err
    assert "3/3 份报告" in err


def test_cli_json_lines(folder, tmp_path):
    out_file = tmp_path / "results.jsonl"
    cli("batch", str(folder), "--jobs", "1", "--out", str(out_file), "--summary", "none")
    records = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [Path(r["file"]).name for r in records] == ["a.json", "b.json", "c.txt"]
    assert records[1]["errors"] == 2
    assert records[1]["findings"][0]["rule"] == "S1"
    assert records[2]["adapter"] == "published"
    assert records[2]["read_notes"] == len(records[2]["notes"]) > 0
    assert all(r["schema_version"] == 1 for r in records)


def test_cli_long_csv(folder, tmp_path):
    out_file = tmp_path / "results.csv"
    cli("batch", str(folder), "--out", str(out_file), "--summary", "none")
    with out_file.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == list(CSV_COLUMNS)
    reports_rows = [r for r in rows if r["record"] == "report"]
    assert [Path(r["file"]).name for r in reports_rows] == ["a.json", "b.json", "c.txt"]
    assert reports_rows[1]["agency"] == "'=乙局"  # a formula-like text is neutralised
    (s1,) = [r for r in rows if r["record"] == "finding" and r["rule"] == "S1"]
    assert (s1["expected"], s1["actual"], s1["difference"]) == ("0", "2", "2")
    notes = [r for r in rows if r["record"] == "note"]
    assert len(notes) == int(reports_rows[2]["read_notes"])


def test_cli_usage_errors(folder):
    assert cli("batch", str(folder), "--out", "x.txt")[0] == 2
    assert cli("batch", str(folder), "--jobs", "0")[0] == 2


def test_the_fallback_reader_is_asked_only_when_no_other_adapter_claims(monkeypatch):
    """The published-report reader's sniffing is the costliest; JSON files never pay for it."""
    from disclosure_format import detect, dumps_report, get_adapter

    published = get_adapter("published")
    assert published.fallback is True
    calls = []

    def counting(data):
        calls.append(data)
        return True

    monkeypatch.setattr(published, "detect", counting)
    assert detect(dumps_report(new_report("2021", "局", 2022)), "a.json") == "json"
    assert calls == []
    assert detect("二、主动公开政府信息情况", "a.txt") == "published"
    assert len(calls) == 1


def test_rule_filters_apply_per_format_and_a_typo_is_an_error(tmp_path):
    from disclosure_format import ReportError

    old = new_report("2019", "甲", 2019, values={"t3/new/applicant.total": 1})
    new = new_report("2021", "乙", 2022, values={"t3/new/applicant.total": 1})
    dump_report(old, tmp_path / "a.json")
    dump_report(new, tmp_path / "b.json")
    only_i1 = list(batch([tmp_path], jobs=1, select=["I1"]))
    assert [{f.rule for f in r.findings} for r in only_i1] == [{"I1"}, {"I1"}]
    i7 = list(batch([tmp_path], jobs=1, select=["I7"]))  # a 2019 rule: 2021 reports have none
    assert [r.findings for r in i7] == [(), ()]
    ignored = list(batch([tmp_path], jobs=1, ignore=["I6", "S1", "B1"]))
    assert [{f.rule for f in r.findings} for r in ignored] == [{"I1"}, {"I1"}]
    with pytest.raises(ReportError, match="no format has a rule 'I99'"):
        batch([tmp_path], jobs=1, select=["I99"])
    status, _, err = cli("batch", str(tmp_path), "--select", "I99")
    assert status == 2
    assert "no format has a rule 'I99'" in err
