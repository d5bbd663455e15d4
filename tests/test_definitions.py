"""The built-in definitions say exactly what FORMATS.md says.

These tests restate the official formats independently of the definition
files (labels verbatim from shared/reference/FORMATS.md §2–§5), so a slip in a
definition — a label, an order, a span, a rule — fails here.
"""

from __future__ import annotations

from datetime import date

import pytest

from disclosure_format import CellKind, get_format, list_formats
from disclosure_format.layout import table_layout
from disclosure_format.spec import Basis, Severity

T3_ROWS_2021 = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果/（一）予以公开",
    "三、本年度办理结果/（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "三、本年度办理结果/（三）不予公开/1.属于国家秘密",
    "三、本年度办理结果/（三）不予公开/2.其他法律行政法规禁止公开",
    "三、本年度办理结果/（三）不予公开/3.危及“三安全一稳定”",
    "三、本年度办理结果/（三）不予公开/4.保护第三方合法权益",
    "三、本年度办理结果/（三）不予公开/5.属于三类内部事务信息",
    "三、本年度办理结果/（三）不予公开/6.属于四类过程性信息",
    "三、本年度办理结果/（三）不予公开/7.属于行政执法案卷",
    "三、本年度办理结果/（三）不予公开/8.属于行政查询事项",
    "三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息",
    "三、本年度办理结果/（四）无法提供/2.没有现成信息需要另行制作",
    "三、本年度办理结果/（四）无法提供/3.补正后申请内容仍不明确",
    "三、本年度办理结果/（五）不予处理/1.信访举报投诉类申请",
    "三、本年度办理结果/（五）不予处理/2.重复申请",
    "三、本年度办理结果/（五）不予处理/3.要求提供公开出版物",
    "三、本年度办理结果/（五）不予处理/4.无正当理由大量反复申请",
    "三、本年度办理结果/（五）不予处理/5.要求行政机关确认或重新出具已获取信息",
    "三、本年度办理结果/（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "三、本年度办理结果/（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "三、本年度办理结果/（六）其他处理/3.其他",
    "三、本年度办理结果/（七）总计",
    "四、结转下年度继续办理",
]
T3_ROWS_2019 = [*T3_ROWS_2021[:20], "三、本年度办理结果/（六）其他处理", *T3_ROWS_2021[23:]]
T3_COLUMNS = [
    "申请人情况/自然人",
    "申请人情况/法人或其他组织/商业企业",
    "申请人情况/法人或其他组织/科研机构",
    "申请人情况/法人或其他组织/社会公益组织",
    "申请人情况/法人或其他组织/法律服务机构",
    "申请人情况/法人或其他组织/其他",
    "申请人情况/总计",
]
T4_COLUMNS = [
    f"{group}/{leaf}"
    for group in ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
    for leaf in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
]
SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def labels(spec, table_id, axis):
    table = spec.table(table_id)
    seen = []
    for cell in spec.cells:
        if cell.table is table:
            label = cell.row_label if axis == "row" else cell.column_label
            if label not in seen:
                seen.append(label)
    return seen


def test_both_formats_are_built_in():
    assert [s.id for s in list_formats()] == ["2019", "2021"]


@pytest.mark.parametrize(
    ("format_id", "counts"), [("2019", (22, 161, 15)), ("2021", (10, 175, 15))]
)
def test_data_cell_counts(format_id, counts):
    spec = get_format(format_id)
    per_table = tuple(sum(1 for c in spec.cells if c.table.id == t) for t in ("t2", "t3", "t4"))
    assert per_table == counts
    assert len(set(spec.cell_keys)) == len(spec.cell_keys)


def test_identity():
    old, new = get_format("2019"), get_format("2021")
    assert old.notice == "国办公开办函〔2019〕60号"
    assert old.title == "中华人民共和国政府信息公开工作年度报告格式（试行）"
    assert (old.years.first, old.years.last) == (2019, 2020)
    assert new.notice == "国办公开办函〔2021〕30号"
    assert new.issued == date(2021, 9, 26)
    assert (new.years.first, new.years.last) == (2021, None)
    assert new.supersedes == "2019"
    assert old.governs(2020)
    assert not old.governs(2021)
    assert new.governs(2021)
    assert new.governs(2030)
    assert not new.governs(2020)


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_sections(format_id):
    spec = get_format(format_id)
    assert [s.title for s in spec.sections] == SECTIONS
    assert {s.title: s.tables for s in spec.sections if s.tables} == {
        SECTIONS[1]: ("t2",),
        SECTIONS[2]: ("t3",),
        SECTIONS[3]: ("t4",),
    }
    assert [s.narrative_only for s in spec.sections] == [True, False, False, False, True, True]


@pytest.mark.parametrize(("format_id", "rows"), [("2019", T3_ROWS_2019), ("2021", T3_ROWS_2021)])
def test_table3_labels_verbatim(format_id, rows):
    spec = get_format(format_id)
    assert labels(spec, "t3", "row") == rows
    assert labels(spec, "t3", "column") == T3_COLUMNS
    assert spec.table("t3").blocks[0].corner == NOTE
    assert all(c.kind is CellKind.COUNT for c in spec.cells if c.table.id == "t3")


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_table4_labels_verbatim(format_id):
    spec = get_format(format_id)
    assert labels(spec, "t4", "column") == T4_COLUMNS
    assert labels(spec, "t4", "row") == [""]


def test_table2_2021():
    spec = get_format("2021")
    blocks = spec.table("t2").blocks
    assert [b.caption for b in blocks] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert all(b.corner == "信息内容" for b in blocks)
    assert [[p[-1].label for p in b.row_paths] for b in blocks] == [
        ["规章", "行政规范性文件"],
        ["行政许可"],
        ["行政处罚", "行政强制"],
        ["行政事业性收费"],
    ]
    assert [[p[-1].label for p in b.column_paths] for b in blocks] == [
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        ["本年处理决定数量"],
        ["本年处理决定数量"],
        ["本年收费金额（单位：万元）"],
    ]
    fee = spec.cell("t2/fees/amount")
    assert (fee.kind, fee.unit) == (CellKind.AMOUNT, "万元")


def test_table2_2019():
    spec = get_format("2019")
    blocks = spec.table("t2").blocks
    assert [b.caption for b in blocks] == [
        f"第二十条第（{n}）项" for n in ("一", "五", "六", "八", "九")
    ]
    assert [[p[-1].label for p in b.row_paths] for b in blocks] == [
        ["规章", "规范性文件"],
        ["行政许可", "其他对外管理服务事项"],
        ["行政处罚", "行政强制"],
        ["行政事业性收费"],
        ["政府集中采购"],
    ]
    three = ["上一年项目数量", "本年增/减", "处理决定数量"]
    assert [[p[-1].label for p in b.column_paths] for b in blocks] == [
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        three,
        three,
        three[:2],
        ["采购项目数量", "采购总金额"],
    ]
    assert spec.cell("t2/licensing/change").kind is CellKind.SIGNED
    assert spec.cell("t2/fees/change").kind is CellKind.SIGNED
    assert spec.cell("t2/procurement/amount").kind is CellKind.AMOUNT
    assert spec.cell("t2/procurement/amount").unit is None  # the 2019 format prints none


@pytest.mark.parametrize(("format_id", "rowspan"), [("2019", 20), ("2021", 22)])
def test_table3_layout_spans(format_id, rowspan):
    layout = table_layout(get_format(format_id).table("t3"))
    spans = {c.text: (c.rowspan, c.colspan) for c in layout.cells if c.role != "data"}
    assert spans[NOTE] == (3, 3)
    assert spans["申请人情况"] == (1, 7)
    assert spans["自然人"] == (2, 1)
    assert spans["法人或其他组织"] == (1, 5)
    assert spans["总计"] == (2, 1)
    assert spans["一、本年新收政府信息公开申请数量"] == (1, 3)
    assert spans["三、本年度办理结果"] == (rowspan, 1)
    assert spans["（一）予以公开"] == (1, 2)
    assert spans["（三）不予公开"] == (8, 1)
    assert spans["（七）总计"] == (1, 2)
    assert layout.n_cols == 10


def test_table4_layout_spans():
    layout = table_layout(get_format("2021").table("t4"))
    top = [(c.text, c.rowspan, c.colspan) for c in layout.cells if c.row == 0]
    assert top == [("行政复议", 1, 5), ("行政诉讼", 1, 10)]
    second = [(c.text, c.rowspan, c.colspan) for c in layout.cells if c.row == 1]
    assert second[:5] == [
        (t, 2, 1) for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    ]
    assert second[5:] == [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]
    assert (layout.n_rows, layout.n_cols) == (4, 15)


def test_table2_2021_layout_matches_published_grid():
    layout = table_layout(get_format("2021").table("t2"))
    assert layout.n_cols == 4
    by_text = {c.text: c for c in layout.cells if c.role in ("caption", "column")}
    assert by_text["第二十条第（一）项"].colspan == 4
    assert by_text["本年处理决定数量"].colspan == 3
    assert by_text["本年收费金额（单位：万元）"].colspan == 3


@pytest.mark.parametrize("spec", list_formats(), ids=lambda s: s.id)
def test_every_layout_is_a_partition_of_its_grid(spec):
    for table in spec.tables:
        layout = table_layout(table)
        grid = [[0] * layout.n_cols for _ in range(layout.n_rows)]
        for cell in layout.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    grid[r][c] += 1
        assert all(v == 1 for row in grid for v in row), table.id
        assert sorted(c.key for c in layout.data_cells()) == sorted(
            c.key for c in spec.cells if c.table is table
        )


RULES = {
    "2021": [
        "S1",
        "I1",
        "I2",
        "I3",
        "I4.review",
        "I4.direct",
        "I4.after_review",
        "I4.kind",
        "I5",
        "I6",
        "I6.single",
        "I8",
        "B1",
        "N1",
        "N2",
        "P1",
        "P2",
        "C1",
    ],
    "2019": [
        "S1",
        "I1",
        "I2",
        "I3",
        "I4.review",
        "I4.direct",
        "I4.after_review",
        "I4.kind",
        "I5",
        "I7",
        "I7.published",
        "I8",
        "B1",
        "N1",
        "N2",
        "P1",
        "P2",
        "C1",
    ],
}


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_rules(format_id):
    spec = get_format(format_id)
    assert [r.id for r in spec.rules] == RULES[format_id]
    s1 = spec.rule("S1")
    assert (s1.basis, s1.severity, s1.wording) == (Basis.STATED, Severity.ERROR, NOTE)
    assert all(r.basis is Basis.IMPLIED for r in spec.rules if r.id != "S1")
    warnings = {r.id for r in spec.rules if r.severity is Severity.WARNING}
    # the text against the tables (N1) and publication by 31 March (P1) are warnings too
    assert warnings == ({"I6", "I6.single"} if format_id == "2021" else {"I7"}) | {"N1", "P1"}
    assert spec.rule("I5").cross_year


def test_i2_variants():
    assert "sum(results.other)" in get_format("2021").rule("I2").expr
    assert "+ results.other" in get_format("2019").rule("I2").expr


def test_aliases_seen_in_real_reports():
    spec = get_format("2021")
    block = spec.table("t3").blocks[0]
    assert "二、上年转结政府信息公开申请数量" in block.row_nodes["carried_over"][-1].aliases
    assert "四、转结下年度继续办理" in block.row_nodes["carried_forward"][-1].aliases
    item1 = spec.table("t2").blocks[0]
    assert "规范性文件" in item1.row_nodes["normative_documents"][-1].aliases
    assert "五、政府信息公开工作存在的主要问题及改进情况" in spec.section("problems").aliases


def test_same_meaning_same_key_across_versions():
    old, new = get_format("2019"), get_format("2021")
    shared = set(old.cell_keys) & set(new.cell_keys)
    # table 3 rows other than （六）, all of table 4, and the table-2 decision counts
    assert "t3/carried_forward/applicant.total" in shared
    assert "t4/cases/litigation.after_review.pending" in shared
    assert "t2/licensing/decisions" in shared
    assert "t3/results.other/applicant.total" in set(old.cell_keys) - shared
    assert not any(k.startswith("t2/regulations/") for k in shared)


@pytest.mark.parametrize("spec", list_formats(), ids=lambda s: s.id)
def test_every_table_is_in_the_section_that_lists_it(spec) -> None:  # type: ignore[no-untyped-def]
    for table in spec.tables:
        section = spec.section_of(table.id)
        assert table.id in section.tables
        assert section.key in {"active", "requests", "appeals"}
    with pytest.raises(KeyError, match="no table 't9'"):
        spec.section_of("t9")
