"""Tests for the plain-text grid drawer and its inverse parser."""

from __future__ import annotations

import pickle
import re
import string
from itertools import product

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_format._textgrid import (
    Align,
    GridCell,
    GridParseError,
    ParsedGrid,
    display_width,
    draw_grid,
    parse_grid,
)

G = GridCell

CORNER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# The header of the "收到和处理政府信息公开申请情况" table, with a few body rows.
REPORT_CELLS = (
    G(0, 0, CORNER_NOTE, rowspan=3, colspan=3),
    G(0, 3, "申请人情况", colspan=7, align="center"),
    G(1, 3, "自然人", rowspan=2),
    G(1, 4, "法人或其他组织", colspan=5, align="center"),
    G(1, 9, "总计", rowspan=2),
    G(2, 4, "商业企业"),
    G(2, 5, "科研机构"),
    G(2, 6, "社会公益组织"),
    G(2, 7, "法律服务机构"),
    G(2, 8, "其他"),
    G(3, 0, "一、本年新收政府信息公开申请数量", colspan=3),
    *(G(3, c, str(c * 10), align="right") for c in range(3, 10)),
    G(4, 0, "三、本年度办理结果", rowspan=3),
    G(4, 1, "（一）予以公开", colspan=2),
    *(G(4, c, str(c), align="right") for c in range(3, 10)),
    G(5, 1, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2),
    *(G(5, c, str(c * 1000), align="right") for c in range(3, 10)),
    G(6, 1, "（三）不予公开"),
    G(6, 2, "1.属于国家秘密"),
    *(G(6, c, "0", align="right") for c in range(3, 10)),
)
REPORT_SIZE = {"n_rows": 7, "n_cols": 10}


def expected_parse(
    cells: tuple[GridCell, ...] | list[GridCell], n_rows: int, n_cols: int
) -> ParsedGrid:
    """What parse_grid promises to return for a drawn grid: cells row-major, aligned left."""
    ordered = sorted(cells, key=lambda c: (c.row, c.col))
    return ParsedGrid(n_rows, n_cols, tuple(attrs.evolve(c, align="left") for c in ordered))


def separator_columns(line: str) -> set[int]:
    """Display columns holding '|' or '+' on one line."""
    found, x = set(), 0
    for ch in line:
        if ch in "|+":
            found.add(x)
        x += display_width(ch)
    return found


def single_cell_lines(text: str, max_cell_width: int | None) -> list[str]:
    """The text lines of a 1x1 grid, padding removed."""
    drawn = draw_grid([G(0, 0, text)], n_rows=1, n_cols=1, max_cell_width=max_cell_width)
    return [line[1:-1].strip(" ") for line in drawn.split("\n")[1:-1]]


# --- display_width ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("abc 123", 7),
        ("申请人", 6),
        ("（一）", 6),  # fullwidth punctuation
        ("１２", 4),  # fullwidth digits
        ("e\u0301", 1),  # combining acute accent
        ("─—", 2),  # ambiguous width counts 1
        ("合计12", 6),
    ],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


# --- drawing: examples ------------------------------------------------------

GOLDEN_CELLS = (
    G(0, 0, "本年度办理结果", rowspan=2),
    G(0, 1, "数量", colspan=2, align="center"),
    G(1, 1, "收到"),
    G(1, 2, "办结"),
    G(2, 0, "合计"),
    G(2, 1, "12", align="right"),
    G(2, 2, "3", align="right"),
)
GOLDEN = """\
+----------+-------------+
| 本年度办 |    数量     |
| 理结果   +------+------+
|          | 收到 | 办结 |
+----------+------+------+
| 合计     |   12 |    3 |
+----------+------+------+"""


def test_golden_small_grid() -> None:
    assert draw_grid(GOLDEN_CELLS, n_rows=3, n_cols=3, max_cell_width=8) == GOLDEN


def test_golden_grid_parses_back() -> None:
    assert parse_grid(GOLDEN) == expected_parse(GOLDEN_CELLS, 3, 3)


def test_report_header_round_trips() -> None:
    drawn = draw_grid(REPORT_CELLS, **REPORT_SIZE)
    assert parse_grid(drawn) == expected_parse(REPORT_CELLS, **REPORT_SIZE)


def test_report_header_lines_have_equal_display_width() -> None:
    lines = draw_grid(REPORT_CELLS, **REPORT_SIZE).split("\n")
    assert len({display_width(line) for line in lines}) == 1


def test_report_header_separators_line_up() -> None:
    lines = draw_grid(REPORT_CELLS, **REPORT_SIZE).split("\n")
    boundaries = set().union(*map(separator_columns, lines))
    assert len(boundaries) == REPORT_SIZE["n_cols"] + 1
    # The bottom border crosses every column boundary.
    assert separator_columns(lines[-1]) == boundaries


def test_spanning_corner_cell_has_no_inner_borders() -> None:
    lines = draw_grid(REPORT_CELLS, **REPORT_SIZE).split("\n")
    # Three header rows and the two border lines between them; the corner cell
    # is everything up to the first separator.
    corner = [re.match(r"\|([^|+]*)[|+]", line)[1] for line in lines[1:6]]  # type: ignore[index]
    # Wrapped at 30 columns first, then refilled to the room the columns give it.
    assert [part.strip() for part in corner] == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三",
        "项加第四项之和）",
        "",
        "",
        "",
    ]


def test_report_header_aligns_numbers_right_and_headings_center() -> None:
    lines = draw_grid(REPORT_CELLS, **REPORT_SIZE).split("\n")
    body = next(line for line in lines if "一、本年新收" in line)
    assert re.search(r"\|  +30 \|  +40 \|", body)
    heading = next(line for line in lines if "申请人情况" in line)
    cell = heading.split("|")[2]
    assert abs(len(cell) - len(cell.lstrip()) - (len(cell) - len(cell.rstrip()))) <= 1


def test_row_spanning_text_flows_through_spanned_rows() -> None:
    # Five lines over two rows and the border between them: each row grows by one.
    cells = [G(0, 0, "甲乙丙丁戊己庚辛壬癸", rowspan=2), G(0, 1, "a"), G(1, 1, "b")]
    drawn = draw_grid(cells, n_rows=2, n_cols=2, max_cell_width=4)
    assert drawn.split("\n")[1:-1] == [
        "| 甲乙 | a |",
        "| 丙丁 |   |",
        "| 戊己 +---+",
        "| 庚辛 | b |",
        "| 壬癸 |   |",
    ]
    assert parse_grid(drawn) == expected_parse(cells, 2, 2)


def test_spanning_cell_widens_the_columns_it_spans_evenly() -> None:
    cells = [G(0, 0, "abcdefghijk", colspan=2), G(1, 0, "x"), G(1, 1, "y")]
    lines = draw_grid(cells, n_rows=2, n_cols=2).split("\n")
    # 11 columns of text over two columns and the 3 columns between them: 4 + 4.
    assert lines[3] == "| x    | y    |"


def test_empty_texts_round_trip() -> None:
    cells = [G(0, 0, ""), G(0, 1, "", rowspan=2), G(1, 0, "")]
    drawn = draw_grid(cells, n_rows=2, n_cols=2)
    assert drawn == "+--+--+\n|  |  |\n+--+  |\n|  |  |\n+--+--+"
    assert parse_grid(drawn) == expected_parse(cells, 2, 2)


def test_newline_in_text_starts_a_new_line() -> None:
    assert single_cell_lines("合计\n12", None) == ["合计", "12"]


# --- wrapping ---------------------------------------------------------------


def test_wrap_keeps_ascii_number_whole_when_possible() -> None:
    assert single_cell_lines("编号12345678", 10) == ["编号", "12345678"]


def test_wrap_splits_ascii_when_nothing_else_fits() -> None:
    assert single_cell_lines("1234567890", 4) == ["1234", "5678", "90"]


def test_wrap_never_breaks_next_to_a_space() -> None:
    lines = single_cell_lines("ab cd ef", 4)
    assert lines == ["ab c", "d ef"]
    assert parse_grid(draw_grid([G(0, 0, "ab cd ef")], n_rows=1, n_cols=1, max_cell_width=4)) == (
        expected_parse([G(0, 0, "ab cd ef")], 1, 1)
    )


def test_wrap_overflows_when_no_break_is_permitted() -> None:
    assert single_cell_lines("a b c", 1) == ["a b c"]


def test_wrap_never_splits_a_wide_character() -> None:
    assert single_cell_lines("合计数量", 3) == ["合", "计", "数", "量"]


def test_wrap_keeps_combining_mark_with_its_base() -> None:
    assert single_cell_lines("ae\u0301b", 1) == ["a", "e\u0301", "b"]


def test_wrap_uses_room_a_spanning_cell_already_has() -> None:
    cells = [
        G(0, 0, "一、本年新收政府信息公开申请数量", colspan=2),
        G(1, 0, "甲" * 12),
        G(1, 1, "乙" * 6),
    ]
    lines = draw_grid(cells, n_rows=2, n_cols=2, max_cell_width=24).split("\n")
    assert lines[1] == "| 一、本年新收政府信息公开申请数量        |"


# --- drawing: invalid input -------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            [G(0, 0, "a", colspan=2), G(0, 1, "b")],
            r"\(row 0, col 1\) is covered by both cell 0 and cell 1",
        ),
        ([G(0, 0, "a")], r"\(row 0, col 1\) is not covered"),
        ([G(0, 0, "a", colspan=3)], r"cell 0 at \(row 0, col 0\) .* extends past"),
        ([G(0, 0, "a\tb"), G(0, 1, "")], r"control character '\\t'"),
    ],
)
def test_draw_rejects_invalid_cells(cells: list[GridCell], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        draw_grid(cells, n_rows=1, n_cols=2)


def test_draw_rejects_empty_grid_and_bad_width() -> None:
    with pytest.raises(ValueError, match="at least one row"):
        draw_grid([], n_rows=0, n_cols=1)
    with pytest.raises(ValueError, match="max_cell_width"):
        draw_grid([G(0, 0, "a")], n_rows=1, n_cols=1, max_cell_width=0)


def test_cell_rejects_bad_spans_and_alignment() -> None:
    with pytest.raises(ValueError, match="rowspan"):
        G(0, 0, "a", rowspan=0)
    with pytest.raises(ValueError, match="align"):
        G(0, 0, "a", align="justify")  # type: ignore[arg-type]


# --- parsing ----------------------------------------------------------------


def test_parse_accepts_light_hand_edits() -> None:
    edited = "\ufeff\n\n" + "\r\n".join(line + "  " for line in GOLDEN.split("\n")) + "\r\n\n"
    assert parse_grid(edited) == expected_parse(GOLDEN_CELLS, 3, 3)


def test_parse_collapses_grid_lines_no_cell_edge_uses() -> None:
    drawn = draw_grid([G(0, 0, "甲", colspan=2), G(1, 0, "乙", colspan=2)], n_rows=2, n_cols=2)
    assert parse_grid(drawn) == ParsedGrid(2, 1, (G(0, 0, "甲"), G(1, 0, "乙")))


def test_parse_error_reports_ragged_line() -> None:
    text = "\n+----+\n| 合计 |\n+----+"
    with pytest.raises(GridParseError) as caught:
        parse_grid(text)
    assert (caught.value.line, caught.value.column) == (3, 7)
    assert str(caught.value).startswith("line 3, column 7: ")


def test_parse_error_reports_bar_inside_cell_in_display_columns() -> None:
    # A '-' where a '+' junction belongs makes the border below it part of a cell.
    text = "+-----------+\n| 合计 | 12 |\n+----+------+"
    with pytest.raises(GridParseError, match=r"'\|' inside a cell") as caught:
        parse_grid(text)
    assert (caught.value.line, caught.value.column) == (2, 8)


def test_parse_error_reports_broken_border() -> None:
    text = "+------+\n| 合计 |\n+---x--+"
    with pytest.raises(GridParseError, match="bottom border") as caught:
        parse_grid(text)
    assert (caught.value.line, caught.value.column) == (3, 5)


@pytest.mark.parametrize("text", ["", "\n \n", "合计", "+--+", "|  |\n|  |"])
def test_parse_rejects_text_that_is_not_a_grid(text: str) -> None:
    with pytest.raises(GridParseError):
        parse_grid(text)


def test_parse_error_pickles() -> None:
    error = GridParseError("bad", 2, 3)
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.line, copy.column) == (str(error), 2, 3)


# --- properties -------------------------------------------------------------

CJK = "申请人情况自然人法人或其他组织商业企业科研机构社会公益组织法律服务机构总计本年度办理结果"
FULLWIDTH = "，、（）：；。１２"
ASCII = string.digits + string.ascii_letters + ".,%/-+"

# Texts inside the round-trip contract: no '|' or '\n', no leading/trailing space.
contract_texts = st.one_of(
    st.just(""),
    st.text(string.digits, min_size=1, max_size=12),
    st.text(CJK + FULLWIDTH, min_size=1, max_size=40),
    st.text(CJK + FULLWIDTH + ASCII + " \u0301", max_size=80).map(lambda s: s.strip(" ")),
)
# Anything draw_grid accepts, for properties that hold beyond the contract.
any_texts = st.one_of(contract_texts, st.text(CJK + ASCII + " |\n", max_size=40))
widths = st.one_of(st.none(), st.integers(1, 30))
ALIGNS: tuple[Align, ...] = ("left", "right", "center")
aligns = st.sampled_from(ALIGNS)


def grid_lines_all_used(layout: tuple[int, int, list[tuple[int, int, int, int]]]) -> bool:
    """The contract's condition that every inner grid line is some cell's edge."""
    n_rows, n_cols, rects = layout
    rows = {row for row, _, _, _ in rects}
    cols = {col for _, col, _, _ in rects}
    return rows == set(range(n_rows)) and cols == set(range(n_cols))


@st.composite
def layouts(draw: st.DrawFn) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Random partitions of a grid into rectangles (row, col, rowspan, colspan).

    Random rectangles are placed where they do not overlap earlier ones and the
    rest is filled with single positions, so any partition can come out.
    """
    n_rows, n_cols = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    covered: set[tuple[int, int]] = set()
    rects = []
    for _ in range(draw(st.integers(0, 5))):
        row, col = draw(st.integers(0, n_rows - 1)), draw(st.integers(0, n_cols - 1))
        rowspan, colspan = draw(st.integers(1, n_rows - row)), draw(st.integers(1, n_cols - col))
        area = set(product(range(row, row + rowspan), range(col, col + colspan)))
        if not area & covered:
            covered |= area
            rects.append((row, col, rowspan, colspan))
    rects += [
        (r, c, 1, 1) for r, c in product(range(n_rows), range(n_cols)) if (r, c) not in covered
    ]
    return n_rows, n_cols, rects


@st.composite
def grids(
    draw: st.DrawFn, texts: st.SearchStrategy[str], *, contract: bool
) -> tuple[list[GridCell], int, int]:
    """Cells in random order for a random layout, and the grid size."""
    layout = draw(layouts().filter(grid_lines_all_used) if contract else layouts())
    n_rows, n_cols, rects = layout
    cells = [
        G(row, col, draw(texts), rowspan, colspan, draw(aligns))
        for row, col, rowspan, colspan in rects
    ]
    return draw(st.permutations(cells)), n_rows, n_cols


@given(grids(contract_texts, contract=True), widths)
def test_property_draw_then_parse_gives_back_the_cells(
    grid: tuple[list[GridCell], int, int], max_cell_width: int | None
) -> None:
    cells, n_rows, n_cols = grid
    drawn = draw_grid(cells, n_rows=n_rows, n_cols=n_cols, max_cell_width=max_cell_width)
    assert parse_grid(drawn) == expected_parse(cells, n_rows, n_cols)


@given(grids(any_texts, contract=False), widths)
def test_property_all_lines_have_equal_display_width(
    grid: tuple[list[GridCell], int, int], max_cell_width: int | None
) -> None:
    cells, n_rows, n_cols = grid
    drawn = draw_grid(cells, n_rows=n_rows, n_cols=n_cols, max_cell_width=max_cell_width)
    assert len({display_width(line) for line in drawn.split("\n")}) == 1


@given(grids(contract_texts.map(lambda s: s.replace("+", "")), contract=True), widths)
def test_property_separators_only_at_column_boundaries(
    grid: tuple[list[GridCell], int, int], max_cell_width: int | None
) -> None:
    cells, n_rows, n_cols = grid
    drawn = draw_grid(cells, n_rows=n_rows, n_cols=n_cols, max_cell_width=max_cell_width)
    assert len(set().union(*map(separator_columns, drawn.split("\n")))) == n_cols + 1


@given(st.text(CJK + FULLWIDTH + ASCII + "\u0301", max_size=60), st.integers(2, 20))
def test_property_wrapped_lines_fit_when_text_has_no_spaces(text: str, max_cell_width: int) -> None:
    lines = single_cell_lines(text, max_cell_width)
    assert "".join(lines) == text
    assert all(display_width(line) <= max_cell_width for line in lines)


# --- wrapping prose: "words" ---------------------------------------------------------

from disclosure_format._textgrid import _wrap  # noqa: E402  (the wrapping itself)


def test_words_wrap_breaks_english_at_spaces_only():
    assert _wrap("Administrative normative documents", 24, "words") == [
        "Administrative normative",
        "documents",
    ]
    assert _wrap("Legal persons or other organizations", 16, "words") == [
        "Legal persons or",
        "other",
        "organizations",
    ]


def test_words_wrap_cuts_a_word_only_when_it_alone_is_wider_than_the_line():
    assert _wrap("a Verwaltungsgerichtsbarkeit b", 10, "words") == [
        "a",
        "Verwaltung",
        "sgerichtsb",
        "arkeit b",
    ]


def test_words_wrap_breaks_chinese_anywhere_and_counts_it_double():
    assert _wrap("法人或其他组织 Legal", 8, "words") == ["法人或其", "他组织", "Legal"]
    assert _wrap("（国办公开办函〔2021〕30号）", 10, "words") == [
        "（国办公开",
        "办函〔2021",
        "〕30号）",
    ]


def test_a_label_drawn_with_words_wrap_keeps_its_words_whole():
    cells = [G(0, 0, "Administrative normative documents", wrap="words"), G(0, 1, "1,234")]
    drawn = draw_grid(cells, n_rows=1, n_cols=2, max_cell_width=14)
    assert drawn.split("\n")[1:4] == [
        "| Administrative | 1,234 |",
        "| normative      |       |",
        "| documents      |       |",
    ]
    # the reader joins the lines (labels are compared without whitespace)
    assert parse_grid(drawn).cells[0].text == "Administrativenormativedocuments"


_WORD = st.text(alphabet=string.ascii_letters + "-,()'.", min_size=1, max_size=18)
_CJK = st.text(alphabet="政府信息公开年度报告（）、：，。", min_size=1, max_size=12)


@given(
    words=st.lists(st.one_of(_WORD, _CJK), min_size=1, max_size=12),
    limit=st.integers(min_value=2, max_value=30),
)
def test_words_wrap_fits_the_limit_loses_only_spaces_and_breaks_only_long_words(words, limit):
    text = " ".join(words)
    lines = _wrap(text, limit, "words")
    assert all(display_width(line) <= limit for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    pieces = " ".join(lines).split()
    for word in words:
        if word[0].isascii() and display_width(word) <= limit:
            # a Latin word that fits a line is on one line
            assert any(word in piece for piece in pieces), (word, lines)
