"""``extract_html`` on small hand-written pages: one behaviour per test."""

from __future__ import annotations

from disclosure_format._extract import Document, Grid, Paragraph, extract_html


def _texts(doc: Document) -> list[str | list[list[str]]]:
    return [b.text if isinstance(b, Paragraph) else b.text_rows() for b in doc.blocks]


def _grid(html: str) -> Grid:
    grids = extract_html(html).grids
    assert len(grids) == 1, grids
    return grids[0]


def test_paragraphs_and_grids_interleave_in_order() -> None:
    doc = extract_html(
        "<h2>标题</h2><div>一、总体<br>情况</div><ul><li>甲</li><li>乙</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table>尾巴"
    )
    assert _texts(doc) == ["标题", "一、总体", "情况", "甲", "乙", [["a", "b"]], "尾巴"]


def test_inline_markup_never_breaks_a_label() -> None:
    html = (
        "<table><tr><td><p><span>申请人情</span><span>况</span><span><o:p></o:p></span></p></td>"
        "<td><b>三</b><font face=x>、本</font><i>年</i><u>度</u>办理结果</td>"
        "<td>危及<span>“</span>三安全一稳定<span>”</span></td></tr></table>"
    )
    assert _grid(html).text_rows() == [["申请人情况", "三、本年度办理结果", "危及“三安全一稳定”"]]


def test_whitespace_folding_in_cells() -> None:
    html = (
        "<table><tr><td>本年新<br />制作数量</td><td>&nbsp;</td><td><o:p>&nbsp;</o:p></td>"
        "<td>\u3000商业\n  企业\u00a0</td><td>1 234</td><td>申\u200b请</td></tr></table>"
    )
    assert _grid(html).text_rows() == [["本年新 制作数量", "", "", "商业 企业", "1 234", "申请"]]


def test_th_thead_tbody_caption() -> None:
    html = (
        "<table><caption>表 <b>三</b></caption><thead><tr><th>项</th><th>数</th></tr></thead>"
        "<tbody><tr><td>甲</td><td>1</td></tr></tbody></table>"
    )
    grid = _grid(html)
    assert grid.caption == "表 三"
    assert grid.text_rows() == [["项", "数"], ["甲", "1"]]
    assert [c.header for c in grid.cells] == [True, True, False, False]


def test_tfoot_written_first_renders_last() -> None:
    html = (
        "<table><tfoot><tr><td>合计</td></tr></tfoot><tbody><tr><td>甲</td></tr>"
        "<tr><td>乙</td></tr></tbody></table>"
    )
    assert _grid(html).text_rows() == [["甲"], ["乙"], ["合计"]]


def test_omitted_end_tags_and_implicit_rows() -> None:
    html = "<table><td>a<td>b<tr><td>c<th>d</table><p>after"
    doc = extract_html(html)
    assert _texts(doc) == [[["a", "b"], ["c", "d"]], "after"]


def test_rowspan_overrun_is_clamped_to_the_table() -> None:
    grid = _grid("<table><tr><td rowspan=99>a</td><td>1</td></tr><tr><td>2</td></tr></table>")
    assert grid.text_rows() == [["a", "1"], ["a", "2"]]
    assert grid.cells[0].rowspan == 2


def test_rowspan_stops_at_the_row_group() -> None:
    html = (
        "<table><thead><tr><td rowspan=5>h</td><td>x</td></tr></thead>"
        "<tbody><tr><td>a</td><td>b</td></tr></tbody></table>"
    )
    assert _grid(html).text_rows() == [["h", "x"], ["a", "b"]]


def test_rowspan_zero_spans_to_group_end() -> None:
    html = (
        "<table><tbody><tr><td rowspan=0>z</td><td>1</td></tr><tr><td>2</td></tr></tbody>"
        "<tbody><tr><td>n</td><td>3</td></tr></tbody></table>"
    )
    assert _grid(html).text_rows() == [["z", "1"], ["z", "2"], ["n", "3"]]


def test_invalid_and_huge_spans() -> None:
    html = (
        '<table><tr><td colspan="0">a</td><td colspan="2px">b</td><td colspan=x>c</td>'
        '<td colspan="-3">d</td><td rowspan="abc">e</td></tr>'
        '<tr><td colspan="99999999999999999999999">f</td></tr></table>'
    )
    doc = extract_html(html)
    grid = doc.grids[0]
    assert [(c.text, c.colspan, c.rowspan) for c in grid.cells][:5] == [
        ("a", 1, 1),
        ("b", 2, 1),
        ("c", 1, 1),
        ("d", 1, 1),
        ("e", 1, 1),
    ]
    assert grid.cells[5].colspan == 1000
    assert grid.n_cols == 1000
    assert any("adjusted" in n for n in doc.notes)


def test_ragged_rows_leave_empty_positions() -> None:
    grid = _grid("<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>")
    rows = grid.rows()
    assert grid.text_rows() == [["a", "b", "c"], ["d", "", ""]]
    assert rows[1][1].cell is None
    assert not rows[1][1].origin


def test_colspan_running_into_a_rowspan_is_cut() -> None:
    html = (
        "<table><tr><td>a</td><td rowspan=2>R</td><td>b</td></tr>"
        "<tr><td colspan=3>wide</td></tr></table>"
    )
    doc = extract_html(html)
    grid = doc.grids[0]
    assert grid.text_rows() == [["a", "R", "b"], ["wide", "R", ""]]
    assert any("cut short" in n for n in doc.notes)


def test_spanned_slots_know_their_origin() -> None:
    grid = _grid(
        "<table><tr><td colspan=2 rowspan=2>M</td><td>1</td></tr><tr><td>2</td></tr></table>"
    )
    rows = grid.rows()
    assert [[s.origin for s in row] for row in rows] == [[True, False, True], [False, False, True]]
    assert rows[1][1].cell is rows[0][0].cell


def test_nested_layout_table_is_dissolved() -> None:
    html = (
        "<table><tr><td>导航</td><td><p>一、总体情况</p><p>正文</p>"
        "<table><tr><td>规章</td><td>1</td></tr></table><p>二、其他</p></td></tr></table>"
    )
    doc = extract_html(html)
    assert _texts(doc) == ["导航", "一、总体情况", "正文", [["规章", "1"]], "二、其他"]
    assert any("layout table" in n for n in doc.notes)


def test_single_cell_frame_and_prose_cells_are_dissolved() -> None:
    doc = extract_html("<table><tr><td><p>甲</p><p>乙</p></td></tr></table>")
    assert _texts(doc) == ["甲", "乙"]
    prose = "长" * 150
    doc = extract_html(f"<table><tr><td>nav</td><td><p>{prose}</p><p>{prose}</p></td></tr></table>")
    assert _texts(doc) == ["nav", prose, prose]


def test_deep_nesting_of_tables_is_linear_and_keeps_text() -> None:
    depth = 3000
    html = "<table><tr><td>" * depth + "x" + "</td></tr></table>" * depth
    doc = extract_html(html)
    assert _texts(doc) == ["x"]


def test_ignored_content() -> None:
    html = (
        "<html><head><title>页面标题</title><style>td{}</style><script>var a='<table>';</script>"
        "</head><body><!-- 注释 <table> --><p>正文</p><noscript>请启用</noscript>"
        "<template><p>模板</p></template><script>document.write('x')</script></body></html>"
    )
    assert _texts(extract_html(html)) == ["正文"]


def test_head_closed_implicitly_by_body_content() -> None:
    assert _texts(extract_html("<head><meta charset=gbk><p>正文</p>")) == ["正文"]


def test_word_conditional_markup() -> None:
    html = (
        "<!--[if gte mso 9]><xml><w:WordDocument>x</w:WordDocument></xml><![endif]-->"
        "<p class=MsoNormal><![if !supportLists]><span>1.</span><![endif]>属于国家秘密</p>"
        "<![CDATA[junk]]>"
    )
    assert _texts(extract_html(html)) == ["1.属于国家秘密"]


def test_pre_lines_are_paragraphs() -> None:
    doc = extract_html("<pre>\n第一行\n  第二行\n</pre>")
    assert _texts(doc) == ["第一行", "第二行"]


def test_self_closing_non_void_tags_open() -> None:
    assert _grid("<table><tr><td/>a<td/>b</tr></table>").text_rows() == [["a", "b"]]


def test_stray_text_in_table_comes_before_the_grid() -> None:
    doc = extract_html("<table>杂<tr><td>a</td><td>b</td></tr></table>")
    assert _texts(doc) == ["杂", [["a", "b"]]]


def test_lines_point_at_the_source() -> None:
    html = "<p>\n\n  一\n</p>\n<table>\n<tr>\n<td>a</td>\n<td\nrowspan=1>b</td></tr></table>"
    doc = extract_html(html)
    para, grid = doc.blocks
    assert isinstance(para, Paragraph)
    assert isinstance(grid, Grid)
    assert para.line == 3
    assert grid.line == 5
    assert [c.line for c in grid.cells] == [7, 8]  # where each <td starts


def test_crlf_and_cr_line_endings_number_lines() -> None:
    assert [p.line for p in extract_html("<p>a</p>\r\n<p>b</p>\r<p>c</p>").paragraphs] == [1, 2, 3]


def test_unclosed_comment_and_stray_lt() -> None:
    doc = extract_html("<p>a</p><!-- never closed <p>b</p>")
    assert _texts(doc) == ["a"]
    assert _texts(extract_html("<p>1 < 2</p> 3 <")) == ["1 < 2", "3 <"]


def test_unclosed_table_is_still_emitted() -> None:
    doc = extract_html("<table><tr><td>a</td><td>b")
    assert _texts(doc) == [[["a", "b"]]]
    assert any("not closed" in n for n in doc.notes)


def test_too_large_table_degrades_to_paragraphs() -> None:
    html = "<table>" + "<tr><td>a</td></tr>" * 3000 + "<tr>" + "<td>b</td>" * 1000 + "</tr></table>"
    doc = extract_html(html)
    assert doc.grids == ()
    assert len(doc.paragraphs) == 3001
    assert any("too large" in n for n in doc.notes)


def test_entities_and_markup_characters() -> None:
    assert (
        _grid('<table><tr><td>&lt;a&gt; &amp; "q" &#x4E00;</td><td>x</td></tr></table>')
        .cells[0]
        .text
        == '<a> & "q" 一'
    )


def test_data_table_with_a_long_footnote_stays_a_grid() -> None:
    note = "<p>注：" + "说明" * 60 + "</p><p>" + "补充" * 60 + "</p>"
    rows = "".join(
        f"<tr><td>标签{k}甲乙丙丁戊己庚辛</td><td>{k}</td><td>0</td></tr>" for k in range(30)
    )
    doc = extract_html(f"<table>{rows}<tr><td colspan=3>{note}</td></tr></table>")
    assert len(doc.grids) == 1
    assert doc.grids[0].n_rows == 31
