"""PDF reading: the layout rules on hand-placed glyphs, the committed fixtures, the refusals.

The fixtures in ``tests/fixtures/attachments/`` were printed by Chromium and
converted by LibreOffice from the library's own HTML render
(``tests/make_attachment_fixtures.py``); each ``NAME.json`` is the report its
``NAME.pdf`` shows.  The one live round trip (a generated report printed by
Chromium) is in ``tests/test_pdf_roundtrip.py``.
"""

from __future__ import annotations

import io
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import disclosure_format as df
from disclosure_format._extract import Grid, Paragraph, binary_form
from disclosure_format._extract._pdf import MAX_PAGES, extract_pdf
from disclosure_format._extract._pdflayout import Glyph, PageContent, Rule, layout
from disclosure_format.adapters import detect, read
from disclosure_format.cli import run

pytest.importorskip("pypdfium2")

ATTACHMENTS = Path(__file__).resolve().parents[1] / "fixtures" / "attachments"


def _text(x: float, base: float, text: str, size: float = 10.0) -> list[Glyph]:
    """Glyphs of ``text`` set from ``x`` on baseline ``base``, one glyph size apart."""
    return [
        Glyph(ch, x + k * size, x + (k + 1) * size, base - size, base, base, size)
        for k, ch in enumerate(text)
    ]


def _page(glyphs: list[Glyph], rules: list[Rule] = (), number: int = 1) -> PageContent:  # type: ignore[assignment]
    return PageContent(number, 600.0, 800.0, tuple(glyphs), tuple(rules))


def _hrule(x0: float, x1: float, y: float) -> Rule:
    return Rule(x0, x1, y - 0.4, y + 0.4)


def _vrule(x: float, y0: float, y1: float) -> Rule:
    return Rule(x - 0.4, x + 0.4, y0, y1)


def _lattice(xs: list[float], ys: list[float], missing: set[tuple[str, int, int]]) -> list[Rule]:
    """Every lattice segment of ``xs`` × ``ys`` but the ``missing`` ones (kind, i, j)."""
    rules = []
    for i, y in enumerate(ys):
        for j in range(len(xs) - 1):
            if ("h", i, j) not in missing:
                rules.append(_hrule(xs[j], xs[j + 1], y))
    for j, x in enumerate(xs):
        for i in range(len(ys) - 1):
            if ("v", i, j) not in missing:
                rules.append(_vrule(x, ys[i], ys[i + 1]))
    return rules


def test_a_ruled_table_with_a_merged_cell_becomes_a_grid_with_its_span() -> None:
    xs, ys = [100.0, 200.0, 300.0, 400.0], [100.0, 120.0, 140.0]
    # no rule between columns 1 and 2 in row 0: one header cell spanning two columns
    rules = _lattice(xs, ys, {("v", 0, 2)})
    glyphs = [
        *_text(105, 115, "信息内容"),
        *_text(205, 115, "件数"),
        *_text(105, 135, "规章"),
        *_text(205, 135, "3"),
        *_text(305, 135, "4"),
    ]
    blocks = layout([_page(glyphs, rules)], [])
    (grid,) = blocks
    assert isinstance(grid, Grid)
    assert grid.text_rows() == [["信息内容", "件数", "件数"], ["规章", "3", "4"]]
    assert [(c.row, c.col, c.rowspan, c.colspan) for c in grid.cells][1] == (0, 1, 1, 2)


def test_a_borderless_table_is_rebuilt_from_the_text_positions() -> None:
    glyphs = [
        *_text(100, 100, "信息内容"),
        *_text(300, 100, "本年"),
        *_text(400, 100, "有效"),
        *_text(100, 120, "规章"),
        *_text(300, 120, "12"),
        *_text(400, 120, "7"),
        *_text(100, 140, "规范性文件"),
        *_text(300, 140, "0"),
    ]
    (grid,) = layout([_page(glyphs)], [])
    assert isinstance(grid, Grid)
    assert grid.text_rows() == [
        ["信息内容", "本年", "有效"],
        ["规章", "12", "7"],
        ["规范性文件", "0", ""],
    ]


def test_a_wrapped_line_is_joined_but_two_labels_are_not() -> None:
    full = "政府信息公开工作年度报告的正文第一行写满了整行" * 2  # 46 glyphs: 460 points wide
    glyphs = [
        *_text(60, 100, full),
        *_text(60, 115, "第二行接着写。"),
        *_text(60, 140, "行政许可"),
        *_text(60, 155, "行政处罚"),
    ]
    blocks = layout([_page(glyphs)], [])
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [
        full + "第二行接着写。",
        "行政许可",
        "行政处罚",
    ]


def test_a_label_wrapped_around_its_row_of_numbers_is_the_rows_label() -> None:
    """Word and LibreOffice centre the numbers against a two-line label."""
    glyphs = [
        *_text(100, 100, "2.其他法律行政法"),
        *_text(300, 104, "51"),
        *_text(350, 104, "27"),
        *_text(110, 108, "规禁止公开"),
        *_text(100, 140, "3.危及三安全"),
        *_text(300, 150, "46"),
        *_text(350, 150, "57"),
        *_text(100, 160, "一稳定以及更长的说明文字"),  # wider than the line above: not its rest
    ]
    assert [b.text for b in layout([_page(glyphs)], []) if isinstance(b, Paragraph)] == [
        "2.其他法律行政法规禁止公开 51 27",
        "3.危及三安全",
        "46 57",
        "一稳定以及更长的说明文字",
    ]


def test_page_numbers_and_running_headers_are_dropped() -> None:
    notes: list[str] = []
    pages = [
        _page(
            [
                *_text(200, 40, "某某局政务公开"),
                *_text(60, 300, f"第{n}页的正文"),
                *_text(290, 780, f"— {n} —" if n % 2 else f"第{n}页"),
            ],
            number=n,
        )
        for n in range(1, 5)
    ]
    blocks = layout(pages, notes)
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [
        f"第{n}页的正文" for n in range(1, 5)
    ]
    assert any("page number" in n for n in notes)
    assert any("running header" in n for n in notes)


def test_a_table_over_a_page_break_is_one_table_its_repeated_header_dropped() -> None:
    xs = [100.0, 300.0, 400.0]
    header = [*_text(105, 115, "信息内容"), *_text(305, 115, "件数")]

    def part(number: int, rows: list[tuple[str, str]]) -> PageContent:
        ys = [100.0 + 20 * k for k in range(len(rows) + 2)]
        glyphs = list(header)
        for k, (label, value) in enumerate(rows):
            base = 135 + 20 * k
            glyphs += [*_text(105, base, label), *_text(305, base, value)]
        return _page(glyphs, _lattice(xs, ys, set()), number)

    notes: list[str] = []
    blocks = layout([part(1, [("规章", "1")]), part(2, [("规范性文件", "2")])], notes)
    (grid,) = blocks
    assert isinstance(grid, Grid)
    assert grid.text_rows() == [["信息内容", "件数"], ["规章", "1"], ["规范性文件", "2"]]
    assert any("repeated header" in n for n in notes)


def test_a_label_centred_below_a_cut_cell_is_its_text_and_the_table_joins_the_next_page() -> None:
    """A browser centres a cell spanning a page break in the whole cell: on the first
    page its label may stand below the table's last rule."""
    xs, ys = [100.0, 200.0, 300.0], [100.0, 120.0, 140.0]
    # column 0 rows 0-1 one cell, open at the bottom (cut by the page break)
    first = _lattice(xs, ys, {("h", 1, 0), ("h", 2, 0)})
    glyphs = [
        *_text(205, 115, "1"),
        *_text(205, 135, "2"),
        *_text(105, 300, "结果"),  # the cut cell's label, far below the table
        *_text(60, 330, "表格下面的一段正文比任何一列都宽得多"),  # prose: not the cell's
    ]
    second = _lattice(xs, ys, {("h", 0, 0), ("h", 1, 0)})
    next_page = _page([*_text(205, 115, "3"), *_text(205, 135, "4")], second, 2)
    notes: list[str] = []
    blocks = layout([_page(glyphs, first, 1), next_page], notes)
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [
        "表格下面的一段正文比任何一列都宽得多"
    ]
    # the prose stands between the two parts, so they stay two tables; the label is read
    first_grid = next(b for b in blocks if isinstance(b, Grid))
    assert first_grid.text_rows() == [["结果", "1"], ["结果", "2"]]
    notes.clear()
    label_only = [g for g in glyphs if g.base < 320]  # the same page without the prose
    (grid,) = layout([_page(label_only, first, 1), next_page], notes)
    assert isinstance(grid, Grid)
    assert grid.text_rows() == [["结果", "1"], ["结果", "2"], ["结果", "3"], ["结果", "4"]]
    assert any("joined again" in n for n in notes)


def test_a_blank_value_under_a_header_ending_a_page_is_not_taken_for_a_cut_label() -> None:
    """A table whose first page holds only its header: the next page repeats the header,
    and a blank first value is blank (regression: it took the column label above it)."""
    xs, ys = [100.0, 200.0, 300.0, 400.0], [100.0, 120.0, 140.0]
    header = [*_text(105, 115, "信息内容"), *_text(205, 115, "申请人"), *_text(205, 135, "自然人")]
    header += _text(305, 135, "法人")
    # row 0: 信息内容 over two rows, 申请人 over two columns; row 1: 自然人 | 法人
    merged = {("h", 1, 0), ("v", 0, 2)}
    first = _page(header, _lattice(xs, ys, merged), 1)
    ys2 = [*ys, 160.0]
    rows = [*header, *_text(105, 155, "新收"), *_text(305, 155, "3")]
    second = _page(rows, _lattice(xs, ys2, merged), 2)
    notes: list[str] = []
    (grid,) = layout([first, second], notes)
    assert isinstance(grid, Grid)
    assert grid.text_rows()[-1] == ["新收", "", "3"]
    assert not any("joined again" in n for n in notes)


def _expected(name: str) -> df.Report:
    return read((ATTACHMENTS / f"{name}.json").read_bytes()).report


@pytest.mark.parametrize("name", ["damaged-2021", "page-chrome-2021"])
def test_every_cell_of_the_chromium_printed_variants_is_read_right(name: str) -> None:
    """Two columns, wrapped labels, table 3 over a page break (header repeated or not),
    Chromium's running header and footer: every cell read, and right."""
    expected = _expected(name)
    reading = read((ATTACHMENTS / f"{name}.pdf").read_bytes(), source=f"{name}.pdf")
    assert reading.adapter == "published"
    got = reading.report
    assert (got.format, got.agency, got.year, got.published) == (
        expected.format,
        expected.agency,
        expected.year,
        expected.published,
    )
    assert got.values == expected.values
    assert not [n for n in reading.notes if n.severity == "error"]


def test_the_two_column_narrative_is_read_column_by_column() -> None:
    expected = _expected("damaged-2021")
    got = read((ATTACHMENTS / "damaged-2021.pdf").read_bytes()).report
    # the last section also holds the signature; a column break is a paragraph break
    for key in ("overview", "active", "requests", "appeals", "problems"):
        assert got.narrative[key].replace("\n", "") == expected.narrative[key]


def test_a_borderless_libreoffice_conversion_reads_no_wrong_cell_and_reports_the_rest() -> None:
    """LibreOffice's HTML import draws no rules: what is read is right, the rest is noted."""
    expected = _expected("libreoffice-2019")
    reading = read((ATTACHMENTS / "libreoffice-2019.pdf").read_bytes())
    got = reading.report
    read_cells = {k: v for k, v in got.values.items() if v is not None}
    assert len(read_cells) >= 135  # of 198: the rest are rows whose labels wrap oddly
    assert all(expected.values[k] == v for k, v in read_cells.items())
    unread = {k for k, v in got.values.items() if v is None and expected.values[k] is not None}
    noted = {n.cell for n in reading.notes if n.cell is not None}
    assert unread <= noted
    assert {"missing-agency", "missing-year"} <= {n.kind for n in reading.notes}


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return run(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_a_scan_is_refused_as_needing_ocr_with_exit_2() -> None:
    with pytest.raises(df.ReportError, match="no text layer: needs OCR"):
        read((ATTACHMENTS / "scanned.pdf").read_bytes(), source="scanned.pdf")
    status, _, err = _cli("read", str(ATTACHMENTS / "scanned.pdf"))
    assert status == 2
    assert "no text layer: needs OCR" in err


def test_a_partly_scanned_pdf_is_read_with_a_note_naming_the_pages_not_read() -> None:
    doc = extract_pdf((ATTACHMENTS / "partly-scanned.pdf").read_bytes())
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["政府信息公开工作年度报告"]
    assert doc.notes == ("page(s) 2: no text layer (images only), not read: needs OCR",)


def test_a_password_and_damaged_bytes_are_refused_clearly() -> None:
    with pytest.raises(df.ReportError, match="encrypted with a password"):
        read((ATTACHMENTS / "encrypted.pdf").read_bytes())
    cut = (ATTACHMENTS / "page-chrome-2021.pdf").read_bytes()[:5000]
    with pytest.raises(df.ReportError, match="not a readable PDF"):
        read(cut, source="cut.pdf")
    status, _, err = _cli("validate", str(ATTACHMENTS / "encrypted.pdf"))
    assert status == 2
    assert "password" in err


def _pdf_of_pages(n: int, *, rotate: int = 0) -> bytes:
    """A minimal valid PDF of ``n`` empty pages (objects and cross-reference table by hand)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + k} 0 R" for k in range(n))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    page = f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Rotate {rotate} >>"
    objects += [page.encode()] * n
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects):
        offsets.append(len(out))
        out += f"{k + 1} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def test_a_pdf_of_too_many_pages_is_refused_before_reading_them() -> None:
    started = time.perf_counter()
    with pytest.raises(df.ReportError, match=f"over the limit of {MAX_PAGES}"):
        read(_pdf_of_pages(50_000))
    assert time.perf_counter() - started < 30  # refused from the page count, not page by page


def test_a_pdf_with_no_character_and_no_image_is_refused_as_needing_ocr() -> None:
    from disclosure_format._extract import ExtractError

    with pytest.raises(ExtractError, match=r"no text layer: needs OCR \(no page shows a"):
        extract_pdf(_pdf_of_pages(2))


def test_a_pdf_is_detected_by_its_content_whatever_its_name() -> None:
    data = (ATTACHMENTS / "page-chrome-2021.pdf").read_bytes()
    assert detect(data) == "published"
    assert detect(data, "report.bin") == "published"
    assert binary_form(data) == "pdf"
    assert binary_form(b"\r\n" + data) == "pdf"  # junk before the header, as readers allow
    assert binary_form(b"<p>the attachment starts %PDF-1.4</p>") is None


def test_batch_over_a_folder_of_html_and_pdf_reads_both(tmp_path: Path) -> None:
    report = _expected("page-chrome-2021")
    (tmp_path / "a.pdf").write_bytes((ATTACHMENTS / "page-chrome-2021.pdf").read_bytes())
    page = df.render(report, "html")
    assert isinstance(page, str)
    (tmp_path / "b.html").write_text(page, encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes((ATTACHMENTS / "scanned.pdf").read_bytes())
    results = {Path(r.file).name: r for r in df.batch([tmp_path], jobs=1)}
    assert set(results) == {"a.pdf", "b.html", "c.pdf"}
    assert results["a.pdf"].readable
    assert results["b.html"].readable
    assert not results["c.pdf"].readable
    assert "needs OCR" in str(results["c.pdf"].error)


def test_without_the_pdf_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # an import of it fails
    with pytest.raises(df.MissingDependencyError, match=r"disclosure-format\[pdf\]"):
        read((ATTACHMENTS / "scanned.pdf").read_bytes())


@st.composite
def _page_geometry(draw: st.DrawFn) -> PageContent:
    """A page of glyphs anywhere between its header and footer zones, and rules on a
    coarse lattice (so that they touch, merge and leave cells out)."""
    glyphs = [
        Glyph(t, x, x + s, y - s, y, y, s)
        for t, x, y, s in draw(
            st.lists(
                st.tuples(
                    st.sampled_from("规章0１2-—第页"),
                    st.floats(0, 580),
                    st.floats(100, 700),
                    st.floats(1, 20),
                ),
                max_size=60,
            )
        )
    ]
    lattice = st.integers(2, 12).map(lambda k: 50.0 * k)
    rules = [
        _hrule(min(x0, x1), max(x0, x1) + 50, y)
        for x0, x1, y in draw(st.lists(st.tuples(lattice, lattice, lattice), max_size=30))
    ]
    rules += [
        _vrule(x, min(y0, y1), max(y0, y1) + 50)
        for x, y0, y1 in draw(st.lists(st.tuples(lattice, lattice, lattice), max_size=30))
    ]
    return PageContent(1, 600.0, 800.0, tuple(glyphs), tuple(rules))


@given(_page_geometry())
def test_any_page_geometry_gives_well_formed_blocks_keeping_every_glyph(
    page: PageContent,
) -> None:
    """No exception, every grid resolvable (no overlapping cells), and each glyph's
    character in exactly one cell or paragraph (one page, nothing in its margins)."""
    blocks = layout([page], [])
    texts = []
    for block in blocks:
        if isinstance(block, Grid):
            block.text_rows()
            texts += [c.text for c in block.cells]
        else:
            texts.append(block.text)
    assert Counter("".join(texts).replace(" ", "")) == Counter(g.text for g in page.glyphs)


def test_render_converts_a_pdf_to_a_report_file() -> None:
    status, out, _ = _cli("render", str(ATTACHMENTS / "page-chrome-2021.pdf"), "--to", "json")
    assert status == 0
    assert df.loads_report(out).values == _expected("page-chrome-2021").values


def test_pdfs_read_from_several_threads_at_once_read_as_from_one() -> None:
    """PDFium allows one call at a time in a process: the reader serialises them."""
    data = (ATTACHMENTS / "page-chrome-2021.pdf").read_bytes()
    alone = extract_pdf(data)
    with ThreadPoolExecutor(4) as pool:
        docs = list(pool.map(extract_pdf, [data] * 8))
    assert all(doc == alone for doc in docs)


def test_a_turned_page_is_noted() -> None:
    from disclosure_format._extract._pdf import _PDFIUM_LOCK, _pdfium, _read_pages

    pdfium, raw = _pdfium()
    notes: list[str] = []
    with _PDFIUM_LOCK:
        _read_pages(pdfium, raw, _pdf_of_pages(1, rotate=90), notes)
    assert notes == ["page 1: shown turned (/Rotate); read as drawn"]
