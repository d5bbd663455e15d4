"""The text corpus files: tab grids (000), pipe tables (010), flattened dumps (003/004/008)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from disclosure_format._extract import Document, Grid, extract, tokenize_flat

Read = Callable[[str], bytes]
Expected = Callable[[str], dict[str, Any]]


@pytest.fixture(scope="module")
def doc000(corpus_bytes: Read) -> Document:
    return extract(corpus_bytes("000.txt"))


@pytest.fixture(scope="module")
def doc010(corpus_bytes: Read) -> Document:
    return extract(corpus_bytes("010.txt"))


def _cells_per_row(grid: Grid) -> list[int]:
    return [len(grid.row_cells(r)) for r in range(grid.n_rows)]


def test_000_three_tab_grids(doc000: Document) -> None:
    assert doc000.form == "text"
    assert [(g.n_rows, g.line) for g in doc000.grids] == [(14, 16), (28, 63), (4, 349)]


def test_000_table3_cell_counts(doc000: Document) -> None:
    t3 = doc000.grids[1]
    assert t3.n_cols == 10
    assert _cells_per_row(t3) == [2, 4, 8, 8, 8, 9, 9] + [10] * 19 + [9, 8]
    rows = t3.text_rows()
    assert rows[5][:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert rows[6][:2] == ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
    assert rows[7][:3] == ["", "（三）不予公开", "1.属于国家秘密"]
    assert rows[-1][0] == "四、转结下年度继续办理"
    # an empty tab-only line is an empty cell, with its own line number
    empty = t3.row_cells(1)[0]
    assert (empty.text, empty.line) == ("", 66)


def test_000_all_values_are_cells(doc000: Document, expected: Expected) -> None:
    numbers = [c for g in doc000.grids for c in g.cells if c.text.isdigit()]
    assert len(numbers) == len(expected("000")["cells"]) == 200


def test_000_paragraphs_keep_line_numbers(doc000: Document) -> None:
    paras = {p.text: p.line for p in doc000.paragraphs}
    assert paras["一、总体情况"] == 6
    assert paras["三、收到和处理政府信息公开申请情况"] == 61
    assert paras["六、其他需要报告的事项"] == 391
    assert paras["2024年1月10日"] == 395


def test_010_pipe_tables(doc010: Document) -> None:
    grids = doc010.grids
    assert [g.line for g in grids] == [86, 100, 114, 128, 141, 159, 173, 187]
    t2 = grids[0]
    assert t2.text_rows() == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["规范性文件", "13", "0", "55"],
    ]
    # separator rows are dropped wherever they occur; ragged rows kept
    t3a = grids[1]
    assert _cells_per_row(t3a) == [9, 9, 9, 9, 7]
    assert t3a.text_rows()[1][:2] == ["一、本年新收政府信息公开申请数量", "32"]
    last = grids[6]
    assert last.text_rows()[-1] == ["四、结转下年度继续办理", "1", "0", "0", "0", "0", "0", ""]
    t4 = grids[-1]
    assert _cells_per_row(t4) == [12, 15]


def test_010_heading_marker_stripped_and_lines_kept(doc010: Document) -> None:
    paras = {p.text: p.line for p in doc010.paragraphs}
    assert paras["表二：主动公开政府信息情况"] == 85
    assert paras["行政许可 97"] == 77
    assert paras["1"] == 172


def test_010_expected_values_present(doc010: Document, expected: Expected) -> None:
    texts = {c.text for g in doc010.grids for c in g.cells}
    texts |= {tok.text for p in doc010.paragraphs for tok in tokenize_flat(p.text)}
    for cell in expected("010")["cells"]:
        assert cell["raw"] in texts or cell["raw"] == "", cell


@pytest.mark.parametrize("name", ["003.txt", "004.txt", "008.txt"])
def test_flattened_dumps_stay_paragraphs(name: str, corpus_bytes: Read) -> None:
    doc = extract(corpus_bytes(name))
    assert doc.form == "text"
    assert doc.grids == ()
    body = doc.paragraphs[-1]
    assert body.line == 10
    assert "第二十条第（一）项" in body.text
    assert doc.paragraphs[0].text.startswith("标题: 平潭综合实验区")
