"""``extract_text`` and form detection on small inputs."""

from __future__ import annotations

from disclosure_format._extract import Document, Paragraph, detect_form, extract, extract_text


def _texts(doc: Document) -> list[str | list[list[str]]]:
    return [b.text if isinstance(b, Paragraph) else b.text_rows() for b in doc.blocks]


def test_tab_grid_rows_and_empty_cells() -> None:
    text = "标题\n\n\t信息内容\n\t数量\n\n\t规章\n\t0\n\n\t\n\t1\n\n\n正文\n"
    doc = extract_text(text)
    assert _texts(doc) == ["标题", [["信息内容", "数量"], ["规章", "0"], ["", "1"]], "正文"]
    grid = doc.grids[0]
    assert grid.line == 3
    assert [c.line for c in grid.cells] == [3, 4, 6, 7, 9, 10]


def test_tab_indented_prose_is_not_a_grid() -> None:
    text = "\t第一段很长的文字。\n\n\t第二段。\n"
    assert _texts(extract_text(text)) == ["第一段很长的文字。", "第二段。"]
    wrapped = (
        "\t本行是一段折行的文字，没有数字\n\t接着的一行也是文字而已\n\n\t第二段文字\n\t也没有数字\n"
    )
    assert extract_text(wrapped).grids == ()


def test_pipe_table_with_repeated_separators_and_ragged_rows() -> None:
    text = "## 表\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n|:--|--:|\n| x \\| y | <br>z |\n\n后"
    doc = extract_text(text)
    assert _texts(doc) == ["表", [["a", "b", ""], ["1", "2", "3"], ["x | y", "z", ""]], "后"]
    assert [c.line for c in doc.grids[0].cells] == [2, 2, 4, 4, 4, 6, 6]


def test_pipe_table_without_outer_bars() -> None:
    doc = extract_text("a | b\n---|---\n1 | 2\n")
    assert _texts(doc) == [[["a", "b"], ["1", "2"]]]


def test_prose_with_a_bar_is_a_paragraph() -> None:
    assert _texts(extract_text("甲 | 乙 丙\n")) == ["甲 | 乙 丙"]


def test_flattened_line_is_one_paragraph_with_its_line() -> None:
    doc = extract_text("头\n规章000规范性文件898989\n")
    assert doc.blocks == (Paragraph("头", 1), Paragraph("规章000规范性文件898989", 2))


def test_detect_form() -> None:
    assert detect_form("<div>x</div>") == "html"
    assert detect_form("<!DOCTYPE html><title>x</title>") == "html"
    assert detect_form("| a<br>b | c |\n|---|---|") == "text"
    assert detect_form("1 < 2 and p > q") == "text"


def test_extract_dispatch_and_form_override() -> None:
    assert extract("<p>一</p>").form == "html"
    doc = extract("<p>一</p>", form="text")
    assert _texts(doc) == ["<p>一</p>"]
    assert extract(b"\tx\n").form == "text"
