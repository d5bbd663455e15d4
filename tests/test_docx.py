"""Word documents: the ``docx`` adapter's layout, and Word reports as people write them.

The round trip of the adapter (every built-in format, generated reports with
blanks, zeros, signs, long decimals, text in number cells, hostile strings)
is ``tests/test_adapters.py``'s property, which runs over every adapter.
The Word fixtures are made by ``tests/make_docx_fixtures.py``.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import disclosure_format as df
from disclosure_format._extract import extract
from disclosure_format._extract._docx import DocxTable, read_body
from disclosure_format.batch import readable_extensions
from disclosure_format.cli import run
from disclosure_format.errors import MissingDependencyError, ReportError
from disclosure_format.layout import table_layout
from disclosure_format.limits import override
from disclosure_format.testing import reports

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docx"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
BEILUN = ROOT / "examples" / "2021-beilun-keji-2023.json"


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


fixtures = _module(Path(__file__).with_name("make_docx_fixtures.py"), "make_docx_fixtures")
accuracy = _module(ROOT / "benchmarks" / "corpus_accuracy.py", "corpus_accuracy")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def _example(path: Path) -> df.Report:
    return attrs.evolve(df.load_report(path), provenance=df.Provenance())


# --- the adapter's document -------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_the_document_is_the_same_bytes_each_time_and_matches_the_golden_part(
    example: Path,
) -> None:
    report = _example(example)
    data = df.render(report, "docx")
    assert isinstance(data, bytes)
    assert df.render(report, "docx") == data
    golden = GOLDEN / f"{example.stem}.docx.xml"
    lxml = pytest.importorskip("lxml.etree")  # (python-docx's own dependency)
    xml = lxml.fromstring(_part(data, "word/document.xml"))
    body = lxml.tostring(xml, pretty_print=True, encoding="unicode")  # reviewable diffs
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(body, encoding="utf-8")
    assert body == golden.read_text(encoding="utf-8"), f"{golden.name} changed (UPDATE_GOLDEN=1)"
    assert df.read(data).report == df.load_report(example)


def test_the_document_is_a4_with_named_styles_and_east_asian_fonts() -> None:
    docx = pytest.importorskip("docx")
    data = df.render(_example(BEILUN), "docx")
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = {}
    for name in ("DF Title", "DF Section", "DF Body", "DF Table Text", "DF Signature", "DF Date"):
        rpr = document.styles[name].element.rPr
        fonts[name] = rpr.rFonts.get(docx.oxml.ns.qn("w:eastAsia"))
    assert fonts == {
        "DF Title": "方正小标宋简体",
        "DF Section": "黑体",
        "DF Body": "仿宋_GB2312",
        "DF Table Text": "宋体",
        "DF Signature": "仿宋_GB2312",
        "DF Date": "仿宋_GB2312",
    }
    paragraphs = [p for p in document.paragraphs if p.text]
    assert paragraphs[0].style.name == "DF Title"
    assert paragraphs[0].text == "宁波市北仑区科学技术局2023年政府信息公开工作年度报告"
    assert [p.text for p in paragraphs[-2:]] == ["宁波市北仑区科学技术局", "2024年1月10日"]
    assert [p.style.name for p in paragraphs[-2:]] == ["DF Signature", "DF Date"]
    props = document.core_properties
    assert props.identifier == "disclosure-format:2021"
    assert props.created.year == 2000


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_every_table_has_the_merges_of_the_official_layout(format_id: str) -> None:
    spec = df.get_format(format_id)
    body, notes = read_body(df.render(df.new_report(spec, "某某局", 2023), "docx"))
    assert not notes
    tables = [b for b in body if isinstance(b, DocxTable)]
    assert len(tables) == len(spec.tables)
    for table, found in zip(spec.tables, tables, strict=True):
        layout = table_layout(table)
        assert (found.n_rows, found.n_cols) == (layout.n_rows, layout.n_cols)
        spans = {(c.row, c.col, c.rowspan, c.colspan) for c in found.cells}
        assert spans == {(c.row, c.col, c.rowspan, c.colspan) for c in layout.cells}


def test_a_localised_document_reads_back() -> None:
    report = _example(BEILUN)
    for locale in ("en", "zh_Hant"):
        data = df.render(report, "docx", locale=locale)
        reading = df.read(data)
        assert reading.report == df.load_report(BEILUN)
        assert not reading.notes


def test_a_number_edited_in_word_is_read_and_text_in_a_number_cell_is_noted() -> None:
    report = df.new_report("2021", "某某局", 2023, values={"t3/new/applicant.total": 41})
    data = df.render(report, "docx")
    xml = _part(data, "word/document.xml").replace(
        b">41<", b">\xe5\x9b\x9b\xe5\x8d\x81\xe4\xb8\x80<"
    )
    edited = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            part = xml if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info, part)
    reading = df.read(edited.getvalue())
    assert reading.report.values["t3/new/applicant.total"] == "四十一"
    assert [(n.kind, n.cell) for n in reading.notes] == [("not-a-number", "t3/new/applicant.total")]


def test_without_python_docx_or_lxml_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    data = df.render(df.new_report("2021", "某某局", 2023), "docx")
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(MissingDependencyError, match=r"disclosure-format\[docx\]") as info:
        df.render(df.new_report("2021", "某某局", 2023), "docx")
    assert info.value.extra == "docx"
    assert df.read(data).adapter == "docx"  # reading needs lxml, not python-docx
    monkeypatch.setitem(sys.modules, "lxml", None)
    with pytest.raises(MissingDependencyError, match=r"disclosure-format\[docx\]"):
        df.read((FIXTURES / "people-2021.docx").read_bytes())


def test_a_document_resaved_by_libreoffice_reads_back_the_same() -> None:
    reading = df.read((FIXTURES / "resaved-2021.docx").read_bytes())
    assert reading.adapter == "docx"
    assert reading.report == df.load_report(BEILUN)
    assert not reading.notes


def _with_column(data: bytes, value: str | None) -> bytes:
    """``data`` with a column added to its table 4 (``value`` in its data cell)."""
    docx = pytest.importorskip("docx")
    document = docx.Document(io.BytesIO(data))
    table = document.tables[2]
    table.add_column(docx.shared.Mm(5))
    if value is not None:
        table.cell(3, 15).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_table_whose_cells_were_changed_is_read_by_its_labels_never_by_position() -> None:
    report = df.load_report(BEILUN).with_values(
        {"t4/cases/review.upheld": 3, "t4/cases/review.total": 3}
    )
    data = df.render(report, "docx")
    reading = df.read(_with_column(data, None))
    assert reading.report.values == report.values
    assert [n.kind for n in reading.notes] == ["unmatched-label"]
    assert "read by their labels" in reading.notes[0].message
    reading = df.read(_with_column(data, "9"))  # a value with no column: the row is not read
    t4 = {k: v for k, v in reading.report.values.items() if k.startswith("t4/")}
    assert set(t4.values()) == {None}
    assert "unmatched-row" in {n.kind for n in reading.notes}
    others = {k: v for k, v in reading.report.values.items() if not k.startswith("t4/")}
    assert others == {k: v for k, v in report.values.items() if not k.startswith("t4/")}


# --- detection ------------------------------------------------------------------


def test_our_documents_are_told_from_word_reports_by_their_marker() -> None:
    ours = df.render(df.new_report("2021", "某某局", 2023), "docx")
    assert df.detect(ours) == "docx"
    assert df.detect((FIXTURES / "people-2021.docx").read_bytes()) == "published"
    assert df.detect((FIXTURES / "corpus-013.docx").read_bytes()) == "published"
    assert df.detect((FIXTURES / "corpus-013.doc").read_bytes()) == "published"
    assert not df.get_adapter("xlsx").detect(ours)


# --- Word reports as people write them ------------------------------------------


def test_a_word_report_typed_by_a_person_reads_every_cell_right() -> None:
    expected = fixtures.people_report()
    reading = df.read((FIXTURES / "people-2021.docx").read_bytes(), source="people-2021.docx")
    report = reading.report
    assert reading.adapter == "published"
    assert (report.format, report.agency, report.year) == ("2021", expected.agency, 2023)
    assert report.published == expected.published
    assert report.values == expected.values  # blanks blank, the rest as typed
    messages = [n.message for n in reading.notes]
    assert any("do not line up with the cell above" in m for m in messages)
    assert any("layout table (contains tables)" in m for m in messages)
    assert set(report.narrative) == {*expected.narrative, "requests"}
    assert report.narrative["requests"].startswith("注：本表中的数据")  # between the tables


@pytest.mark.parametrize("format_id", ["2019", "2021"])
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_value_of_a_word_report_typed_by_a_person_is_read_wrongly(format_id: str, data) -> None:
    """Generated reports typed into Word: every cell read is the typed value (none guessed)."""
    spec = df.get_format(format_id)
    report = data.draw(reports(spec, valid=data.draw(st.booleans())))
    report = attrs.evolve(report, agency="某某县人民政府办公室", year=2023, narrative={})
    reading = df.read(fixtures.people_docx(report))
    assert reading.report.format == format_id
    wrong = {
        k: (v, report.values[k])
        for k, v in reading.report.values.items()
        if v is not None and v != report.values[k]
    }
    assert not wrong
    unread = {
        k for k, v in reading.report.values.items() if v is None and report.values[k] is not None
    }
    noted = {n.cell for n in reading.notes if n.cell is not None}
    runs = {n.cell.rsplit("/", 1)[0] for n in reading.notes if n.cell is not None}
    assert all(k in noted or k.rsplit("/", 1)[0] in runs for k in unread)


def test_word_body_keeps_reading_order_and_paragraph_numbers() -> None:
    doc = extract((FIXTURES / "people-2021.docx").read_bytes())
    assert doc.form == "docx"
    texts = [getattr(b, "text", None) for b in doc.blocks]
    assert texts[0] == "宁波市北仑区科学技术局2023年政府信息公开工作年度报告"
    assert "规章 0 0 0" in texts  # a tab-typed row, tabs folded: read by its labels
    lines = [b.line for b in doc.blocks if b.line is not None]
    assert lines == sorted(lines)  # paragraph numbers, in reading order
    grids = doc.grids
    assert len(grids) == 2  # table 3, and table 4 out of its layout table
    assert any("申请人情况" in t for t in grids[0].text_rows()[0])


def test_a_carriage_return_in_a_paragraph_breaks_the_line_and_keeps_paragraph_numbers() -> None:
    body = (
        b"<w:p><w:r><w:t>first&#13;second</w:t></w:r></w:p><w:p><w:r><w:t>third</w:t></w:r></w:p>"
    )
    data = _zip(
        {
            "word/document.xml": b"<w:document "
            + _W
            + b"><w:body>"
            + body
            + b"</w:body></w:document>"
        }
    )
    doc = extract(data)
    assert [(b.text, b.line) for b in doc.paragraphs] == [("first", 1), ("second", 1), ("third", 2)]


def test_a_libreoffice_conversion_of_a_published_page_reads_every_certain_cell() -> None:
    expected = json.loads((CORPUS / "expected" / "013.json").read_text(encoding="utf-8"))
    score = accuracy.score(FIXTURES / "corpus-013.docx", expected)
    assert score["wrong"] == 0, score["problems"]
    assert score["missing"] == 0, score["problems"]
    assert score["right"] + score["ambiguous"] == score["expected"]
    assert score["format"]
    assert score["year"]
    assert score["agency"]
    assert "read as docx" in str(score["reading"].notes)


# --- refused ----------------------------------------------------------------------


def test_a_legacy_doc_is_refused_saying_how_to_convert_it(tmp_path: Path) -> None:
    data = (FIXTURES / "corpus-013.doc").read_bytes()
    with pytest.raises(ReportError, match=r"Word 97-2003 document.*soffice --headless"):
        df.read(data, source="013.doc")
    wps = tmp_path / "report.wps"
    wps.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    status, out, err = cli("read", str(wps))
    assert status == 2
    assert out == ""
    assert "report.wps" in err
    assert "convert it to .docx first" in err
    assert "Traceback" not in err


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04word/ not really a zip", "not a readable Word document"),
        (_zip({"word/styles.xml": b"<x/>"}), "no main document part"),
        (_zip({"word/document.xml": b"<w:document " + _W + b"><w:body>"}), "not well-formed"),
        (
            _zip(
                {
                    "word/document.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><w:document '
                    + _W
                    + b"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>"
                }
            ),
            "declares a DTD",
        ),
    ],
    ids=["not-a-zip", "no-main-part", "broken-xml", "dtd"],
)
def test_a_broken_word_package_is_a_located_error(data: bytes, message: str) -> None:
    with pytest.raises(ReportError, match=message) as info:
        df.read(data, source="broken.docx")
    assert "broken.docx" in str(info.value)


def test_a_package_unpacking_over_the_size_limit_is_refused_unread() -> None:
    bomb = _zip({"word/document.xml": b"<w:document " + _W + b">" + b" " * 200_000})
    assert len(bomb) < 2_000
    with override(100_000), pytest.raises(ReportError, match="over the input size limit"):
        df.read(bomb, source="bomb.docx")


def test_tables_nested_beyond_the_bound_are_refused() -> None:
    depth = 40
    inner = b"<w:tbl><w:tr><w:tc>" * depth + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * depth
    data = _zip(
        {
            "word/document.xml": b"<w:document "
            + _W
            + b"><w:body>"
            + inner
            + b"</w:body></w:document>"
        }
    )
    with pytest.raises(ReportError, match="nested more than 32 deep"):
        df.read(data, source="deep.docx")


# --- every verb takes a Word file -------------------------------------------------


def test_render_validate_and_read_take_word_files(tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    example = str(BEILUN)
    assert cli("render", example, "--to", "docx", "-o", str(out))[0] == 0
    status, text, _ = cli("render", str(out), "--to", "json")
    assert status == 0
    assert df.loads_report(text) == df.load_report(BEILUN)
    assert cli("validate", str(out))[0] == cli("validate", example)[0]
    status, text, err = cli("read", str(FIXTURES / "people-2021.docx"))
    assert status == 0, err
    assert df.loads_report(text).values == fixtures.people_report().values


def test_batch_over_a_folder_of_word_and_html_reads_or_refuses_each_file(tmp_path: Path) -> None:
    assert {".docx", ".doc", ".wps"} <= readable_extensions()
    for name in ("people-2021.docx", "corpus-013.docx", "corpus-013.doc"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "013.html").write_bytes((CORPUS / "013.html").read_bytes())
    results = {Path(r.file).name: r for r in df.batch([tmp_path], jobs=1)}
    assert set(results) == {"people-2021.docx", "corpus-013.docx", "corpus-013.doc", "013.html"}
    assert results["corpus-013.doc"].error is not None
    assert "convert it to .docx" in results["corpus-013.doc"].error
    for name in ("people-2021.docx", "corpus-013.docx", "013.html"):
        assert results[name].error is None, results[name].error
        assert results[name].format == "2021"
