"""Property and robustness tests: round trips through rendered HTML, fuzzing, size."""

from __future__ import annotations

import contextlib
import html as html_lib

from hypothesis import assume, given
from hypothesis import strategies as st

from disclosure_format._extract import (
    Document,
    ExtractError,
    Grid,
    extract,
    extract_html,
    extract_text,
    fold_whitespace,
    tokenize_flat,
)

Geometry = tuple[int, int, int, int]  # row, col, rowspan, colspan

_NASTY = st.sampled_from(
    [*list("<>&\"'=/;-—\u3000\xa0\t\n\r 0123456789申请人情况（一）、.“”"), "&amp;", "<td>", "-->"]
)
_CELL_TEXT = st.lists(st.one_of(_NASTY, st.characters(exclude_categories=["Cs"])), max_size=10).map(
    "".join
)


@st.composite
def partitions(draw: st.DrawFn) -> tuple[int, int, list[Geometry]]:
    """A random partition of an n_rows × n_cols matrix into rectangles (≥ 2 of them)."""
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 6))
    covered = [[False] * n_cols for _ in range(n_rows)]
    cells: list[Geometry] = []
    for r in range(n_rows):
        for c in range(n_cols):
            if covered[r][c]:
                continue
            free = 0
            while c + free < n_cols and not covered[r][c + free]:
                free += 1
            cs = draw(st.integers(1, free))
            rs = draw(st.integers(1, n_rows - r))
            while any(covered[rr][cc] for rr in range(r, r + rs) for cc in range(c, c + cs)):
                rs -= 1
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    covered[rr][cc] = True
            cells.append((r, c, rs, cs))
    assume(len(cells) >= 2)
    return n_rows, n_cols, cells


def _attrs(rs: int, cs: int) -> str:
    return (f' rowspan="{rs}"' if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")


def _render(n_rows: int, cells: list[Geometry], contents: list[str]) -> str:
    by_row: list[list[str]] = [[] for _ in range(n_rows)]
    for (r, _c, rs, cs), content in zip(cells, contents, strict=True):
        by_row[r].append(f"<td{_attrs(rs, cs)}>{content}</td>")
    return "<table border=1>" + "".join(f"<tr>{''.join(row)}</tr>" for row in by_row) + "</table>"


def _shape(grid: Grid) -> list[tuple[str, int, int, int, int]]:
    return [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in grid.cells]


@given(partitions(), st.data())
def test_rendered_grid_round_trips(
    part: tuple[int, int, list[Geometry]], data: st.DataObject
) -> None:
    n_rows, n_cols, cells = part
    texts = [data.draw(_CELL_TEXT) for _ in cells]
    page = "<p>前</p>" + _render(n_rows, cells, [html_lib.escape(t) for t in texts]) + "<p>后</p>"
    doc = extract_html(page)
    assert len(doc.grids) == 1
    grid = doc.grids[0]
    assert (grid.n_rows, grid.n_cols) == (n_rows, n_cols)
    expected = [
        (fold_whitespace(t), r, c, rs, cs) for t, (r, c, rs, cs) in zip(texts, cells, strict=True)
    ]
    assert _shape(grid) == expected
    grid.rows()  # no overlaps


_INLINE = st.sampled_from(
    ["span", 'span style="font-family:宋体"', "font face=仿宋_GB2312", "b", "strong", "i", "u"]
)
# (markup inserted between two pieces of a cell's text, what a reader sees there)
_SEPARATORS = st.sampled_from(
    [
        ("", ""),
        ("", ""),
        ("<o:p></o:p>", ""),
        ("&nbsp;", " "),
        ("<br>", " "),
        ("<br />", " "),
        ('</p><p class="MsoNormal">', " "),
        ("<![if !supportLists]><![endif]>", ""),
        ("<!-- x -->", ""),
    ]
)


@st.composite
def damaged(draw: st.DrawFn, text: str) -> tuple[str, str]:
    """Word-style markup for ``text``: (html, the text a reader sees)."""
    pieces: list[str] = []
    k = 0
    while k < len(text):
        size = draw(st.integers(1, max(1, len(text) - k)))
        pieces.append(text[k : k + size])
        k += size
    html_parts: list[str] = []
    seen: list[str] = []
    for n, piece in enumerate(pieces):
        if n:
            markup, visible = draw(_SEPARATORS)
            html_parts.append(markup)
            seen.append(visible)
        tags = draw(st.lists(_INLINE, max_size=3))
        opened = "".join(f"<{t}>" for t in tags)
        closed = "".join(f"</{t.split()[0]}>" for t in reversed(tags))
        html_parts.append(opened + html_lib.escape(piece) + closed)
        seen.append(piece)
    tail = draw(st.sampled_from(["", "<o:p></o:p>", "<o:p>&nbsp;</o:p>"]))
    markup = '<p class="MsoNormal">' + "".join(html_parts) + f"<span>{tail}</span></p>"
    return markup, "".join(seen)


@given(partitions(), st.data())
def test_word_damaged_grid_round_trips(
    part: tuple[int, int, list[Geometry]], data: st.DataObject
) -> None:
    n_rows, _n_cols, cells = part
    contents: list[str] = []
    expected: list[tuple[str, int, int, int, int]] = []
    for r, c, rs, cs in cells:
        markup, seen = data.draw(damaged(data.draw(_CELL_TEXT)))
        contents.append(markup)
        expected.append((fold_whitespace(seen), r, c, rs, cs))
    doc = extract_html(_render(n_rows, cells, contents))
    assert len(doc.grids) == 1
    assert _shape(doc.grids[0]) == expected


_PIPE_TEXT = st.text(st.sampled_from(list("ab 01２３申请（）、.&<")), max_size=8)


@given(st.lists(st.lists(_PIPE_TEXT, min_size=1, max_size=5), min_size=1, max_size=6))
def test_pipe_table_round_trips(rows: list[list[str]]) -> None:
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    doc = extract_text("前\n" + "\n".join(lines) + "\n\n后")
    assert len(doc.grids) == 1
    grid = doc.grids[0]
    assert [[c.text for c in grid.row_cells(r)] for r in range(grid.n_rows)] == [
        [fold_whitespace(t) for t in row] for row in rows
    ]


def _check(doc: Document) -> None:
    for grid in doc.grids:
        rows = grid.rows()
        assert len(rows) == grid.n_rows
        assert all(len(row) == grid.n_cols for row in rows)
    for block in doc.blocks:
        assert block.line is None or block.line >= 1


_SOUP = st.lists(
    st.sampled_from(
        [
            "<table>",
            "</table>",
            "<tr>",
            "</tr>",
            "<td>",
            "</td>",
            "<th colspan=3>",
            "<td rowspan=0>",
            '<td rowspan="99999">',
            "<td colspan=-1>",
            "<thead>",
            "<tbody>",
            "</tbody>",
            "<tfoot>",
            "<caption>",
            "</caption>",
            "<p>",
            "</p>",
            "<br>",
            "<div>",
            "</div>",
            "<pre>",
            "</pre>",
            "<script>",
            "</script>",
            "<style>",
            "<head>",
            "</head>",
            "<title>",
            "<!--",
            "-->",
            "<![if !x]>",
            "<![foo",
            "<!x",
            "<?php",
            "</",
            "<",
            ">",
            "&",
            "&nbsp",
            "&#0;",
            "&#x110000;",
            "<o:p>",
            "文字",
            "12",
            "\n",
            "\r",
            " ",
            "\x00",
            '"',
        ]
    ),
    max_size=60,
).map("".join)


@given(st.one_of(_SOUP, st.text(max_size=300)))
def test_tag_soup_never_raises(text: str) -> None:
    with contextlib.suppress(ExtractError):  # the one documented failure
        _check(extract_html(text))
    _check(extract_text(text))
    tokenize_flat(text)


@given(st.binary(max_size=600))
def test_random_bytes_never_raise(data: bytes) -> None:
    try:
        doc = extract(data)
    except ExtractError:
        return
    _check(doc)


def test_deep_nesting_does_not_recurse() -> None:
    depth = 10_000
    for open_tag, close_tag in [
        ("<div>", "</div>"),
        ("<span>", "</span>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<td>", "</td>"),
        ("<noscript>", "</noscript>"),
    ]:
        closed = extract_html(open_tag * depth + "x" + close_tag * depth)
        _check(closed)
        unclosed = extract_html(open_tag * depth + "x")
        _check(unclosed)
    assert extract_html("<div>" * depth + "x").paragraphs[0].text == "x"


def test_hundred_thousand_cells() -> None:
    rows = "".join("<tr>" + "<td>1</td>" * 100 + "</tr>" for _ in range(1000))
    doc = extract_html("<table>" + rows + "</table>")
    grid = doc.grids[0]
    assert (grid.n_rows, grid.n_cols, len(grid.cells)) == (1000, 100, 100_000)
    wide = extract_html("<table><tr>" + "<td>2</td>" * 100_000 + "</tr></table>").grids[0]
    assert (wide.n_rows, wide.n_cols) == (1, 100_000)
    spans = extract_html(
        "<table>" + ("<tr>" + '<td colspan="1000" rowspan="65534">3</td>' * 1000 + "</tr>") * 10
    )
    _check(spans)
    text = "\n\n".join("\t" + "\n\t".join(["甲", "1", "2", "3", "4"]) for _ in range(20_000))
    tgrid = extract_text(text).grids[0]
    assert (tgrid.n_rows, tgrid.n_cols) == (20_000, 5)
    pipe = extract_text("\n".join(["| a | 1 |"] * 50_000)).grids[0]
    assert pipe.n_rows == 50_000


def test_pathological_tokenizer_inputs_stay_linear() -> None:
    n = 200_000
    for text in ["<!" * n, "<a" * n, "<!--" * n, "<![" * n, "</" * n, "&#" * n, "<?" * n]:
        _check(extract_html(text))
    assert len(tokenize_flat("0." * n + "1" * n)) > 0


@given(partitions())
def test_positions_cover_each_cell_rectangle_once(part: tuple[int, int, list[Geometry]]) -> None:
    n_rows, n_cols, cells = part
    grid = extract_html(_render(n_rows, cells, [f"c{k}" for k in range(len(cells))])).grids[0]
    positions = grid.positions()
    for cell in grid.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for k in range(cell.col, cell.col + cell.colspan):
                assert positions[r][k] == (cell, (r, k) == (cell.row, cell.col))
    assert sum(1 for line in positions for c, _ in line if c is not None) == n_rows * n_cols
    assert [[(s.cell, s.origin) for s in row] for row in grid.rows()] == positions


@given(st.text())
def test_fold_whitespace_shortcut_changes_nothing(text: str) -> None:
    # texts without whitespace or invisible characters are returned as they are
    from disclosure_format._extract._normalize import _INVISIBLE

    assert fold_whitespace(text) == " ".join(_INVISIBLE.sub("", text).split())
