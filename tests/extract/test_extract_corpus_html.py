"""The HTML corpus files (001 Shanghai 2019 fragment, 013 Shuyang Word export)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from disclosure_format._extract import Document, Grid, Paragraph, extract

Read = Callable[[str], bytes]
Expected = Callable[[str], dict[str, Any]]


def _grid_with(doc: Document, label: str) -> Grid:
    for grid in doc.grids:
        if any(c.text == label for c in grid.cells):
            return grid
    raise AssertionError(f"no grid has a cell {label!r}")


def _row_of(grid: Grid, label: str) -> list[str]:
    for row in grid.text_rows():
        if label in row:
            return row
    raise AssertionError(f"no row has {label!r}")


@pytest.fixture(scope="module")
def doc001(corpus_bytes: Read) -> Document:
    return extract(corpus_bytes("001.html"))


@pytest.fixture(scope="module")
def doc013(corpus_bytes: Read) -> Document:
    return extract(corpus_bytes("013.html"))


def test_001_detected_and_decoded(doc001: Document) -> None:
    assert doc001.form == "html"
    assert doc001.encoding == "utf-8"
    assert [(g.n_rows, g.n_cols) for g in doc001.grids] == [(18, 5), (26, 10), (4, 15)]


def test_001_blocks_in_document_order(doc001: Document) -> None:
    kinds = [b.text[:2] if isinstance(b, Paragraph) else f"G{b.n_rows}" for b in doc001.blocks[:7]]
    assert kinds == ["二、", "G18", "三、", "G26", "四、", "G4", "五、"]
    # a leading <br> inside <p> does not produce an empty paragraph
    assert all(p.text for p in doc001.paragraphs)
    assert doc001.paragraphs[-1].text == "无。"


def test_001_rowspan_20_resolved(doc001: Document) -> None:
    grid = _grid_with(doc001, "三、本年度办理结果")
    rows = grid.rows()
    outcome = [r for r, row in enumerate(rows) if row[0].text == "三、本年度办理结果"]
    assert len(outcome) == 20
    assert outcome == list(range(outcome[0], outcome[0] + 20))
    assert rows[outcome[0]][0].origin
    assert not any(rows[r][0].origin for r in outcome[1:])
    assert rows[outcome[-1]][1].text == "（七）总计"
    label = next(c for c in grid.cells if c.text == "三、本年度办理结果")
    assert (label.rowspan, label.colspan, label.col) == (20, 1, 0)


def test_001_blank_total_cell_stays_empty(doc001: Document) -> None:
    grid = _grid_with(doc001, "三、本年度办理结果")
    row = _row_of(grid, "（一）予以公开")
    assert row[3:] == ["258", "12", "", "", "1", "1", ""]
    total = _row_of(grid, "（七）总计")
    assert total[3:] == ["767", "35", "", "", "2", "1", "805"]


def test_001_header_spans_and_br(doc001: Document) -> None:
    t2 = doc001.grids[0]
    rows = t2.text_rows()
    assert rows[0] == ["第二十条第（一）项"] * 5
    # <br /> inside a header folds to one space
    assert rows[1][:3] == ["信息内容", "本年新 制作数量", "本年新 公开数量"]
    assert _row_of(t2, "政府集中采购")[-1] == "251000元"
    t3 = doc001.grids[1]
    assert t3.text_rows()[2][3:] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    t4 = doc001.grids[2]
    assert t4.text_rows()[3] == ["5", "", "", "2", "7", "8", "", "", "1", "9"] + [""] * 5


def test_001_expected_values_present(doc001: Document, expected: Expected) -> None:
    texts = {c.text for g in doc001.grids for c in g.cells}
    for cell in expected("001")["cells"]:
        raw = cell["raw"]
        assert (raw if raw != "&nbsp;" else "") in texts, cell


def test_013_labels_split_across_spans_come_out_whole(doc013: Document) -> None:
    texts = {c.text for g in doc013.grids for c in g.cells}
    for label in [
        "申请人情况",
        "自然人",
        "总计",
        "其他",
        "三、本年度办理结果",
        "3.危及“三安全一稳定”",
        "（一）予以公开",
        "一、本年新收政府信息公开申请数量",
    ]:
        assert label in texts, label
    # a header split over two <p>: one space, which the matcher deletes
    assert "商业 企业" in texts
    assert "科研 机构" in texts


def test_013_page_chrome_and_article(doc013: Document) -> None:
    paras = [p.text for p in doc013.paragraphs]
    assert "首页" in paras  # navigation becomes paragraphs
    assert not any("function time()" in p for p in paras)  # scripts ignored
    assert not any("font-family" in p for p in paras)  # styles ignored
    assert "二、主动公开政府信息情况" in paras
    assert "三、收到和处理政府信息公开申请情况" in paras
    heading = next(p for p in doc013.paragraphs if p.text == "三、收到和处理政府信息公开申请情况")
    assert heading.line == 369


def test_013_table3_resolved(doc013: Document) -> None:
    grid = _grid_with(doc013, "三、本年度办理结果")
    assert (grid.n_rows, grid.n_cols, grid.line) == (28, 10, 372)
    rows = grid.text_rows()
    assert sum(1 for row in rows if row[0] == "三、本年度办理结果") == 22
    assert rows[0][3:] == ["申请人情况"] * 7
    assert rows[1][3:] == ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    new = _row_of(grid, "一、本年新收政府信息公开申请数量")
    assert new[3:] == ["26", "", "", "", "", "", "26"]
    # every data row has its numbers in columns 3 and 9
    for row in rows[3:]:
        assert row[3].isdigit(), row
        assert row[9].isdigit(), row
    first = next(c for c in grid.cells if c.text == "三、本年度办理结果")
    assert first.line is not None
    assert first.line > 372


def test_013_expected_values_present(doc013: Document, expected: Expected) -> None:
    grids = doc013.grids
    texts = {c.text for g in grids for c in g.cells}
    for cell in expected("013")["cells"]:
        assert cell["raw"].strip() in texts, cell
    t4 = _grid_with(doc013, "行政复议")
    assert t4.text_rows()[-1][:5] == ["0", "0", "0", "1", "1"]


def test_013_meta_table_is_a_grid(doc013: Document) -> None:
    meta = doc013.grids[0]
    assert meta.text_rows()[1] == [
        "索引号",
        "014314799/2024-00002",
        "分类",
        "信息公开年报 其他 报告",
    ]
