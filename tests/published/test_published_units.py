"""Unit tests of the published-report reader's stages: labels, values, splits, detection."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_format import get_format, list_formats
from disclosure_format._compile import Equation, compiled
from disclosure_format._extract import extract
from disclosure_format._published import read_published
from disclosure_format._published._corroborate import stated_figures
from disclosure_format._published._detect import detect_format, find_headings, find_meta
from disclosure_format._published._labels import (
    distinctive_labels,
    label_index,
    nfkc,
    norm,
    norm_flat,
    norm_flat_lines,
)
from disclosure_format._published._solve import Piece, Row, TooManySplits, solve, splits
from disclosure_format._published._values import parse_cell
from disclosure_format.registry import default_registry
from disclosure_format.spec import CellKind

# ---------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("（二）部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "（二）部分公开"),
        ("本年新 制作数量", "本年新制作数量"),
        ("商业\n企业", "商业企业"),
        ('3、危及"三安全一稳定"', "3.危及“三安全一稳定”"),
        ("本年收费金额(单位:万元)", "本年收费金额（单位：万元）"),
        ("二、主动公开政府信息的情况", "二、主动公开政府信息情况"),
        ("１．属于国家秘密", "1.属于国家秘密"),
    ],
)
def test_variants_normalise_to_the_official_label(written: str, official: str) -> None:
    assert norm(written) == norm(official)


# full-width forms, ideographic space, combining marks (which compose after a
# narrowed letter), compatibility characters, and the text around them
_NFKC_CHARS = st.sampled_from(
    "，（）：；ａＡ０９\uff5e\u3000\u0301\u0308\u0338"
    "\u00a8\u2026\u2460\u3231\uff9e\ufb01e本年度a1 \n"
)


@given(st.lists(st.one_of(_NFKC_CHARS, st.characters()), max_size=200).map("".join))
def test_nfkc_is_unicode_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)
    assert nfkc(text * 3) == unicodedata.normalize("NFKC", text * 3)  # (long texts too)


@given(st.lists(st.lists(st.one_of(_NFKC_CHARS, st.characters()), max_size=80).map("".join)))
def test_norm_flat_of_lines_is_norm_flat_of_the_joined_lines(texts: list[str]) -> None:
    assert norm_flat_lines(texts) == norm_flat("\n".join(texts))
    assert norm_flat_lines(texts * 3) == norm_flat("\n".join(texts * 3))


def test_item_numbers_in_captions_are_kept() -> None:
    assert norm("第二十条第（五）项") != norm("第二十条第（六）项")


def test_flat_normalisation_drops_inner_numbering() -> None:
    assert norm_flat("三、本年度办理结果（一）予以公开") == "本年度办理结果予以公开"


@pytest.mark.parametrize("spec", list_formats(), ids=lambda s: s.id)
def test_every_label_and_alias_of_every_format_is_indexed(spec) -> None:  # type: ignore[no-untyped-def]
    index = label_index(spec)
    for table in spec.tables:
        for block in table.blocks:
            for key, path in block.row_nodes.items():
                for label in (path[-1].label, *path[-1].aliases):
                    if label:
                        places = index.lookup(label, "row")
                        assert any(p.key == key and p.block == block.key for p in places), label


def test_distinctive_labels_come_from_the_definitions() -> None:
    f2019, f2021 = get_format("2019"), get_format("2021")
    d2021 = distinctive_labels(f2021, [f2019])
    d2019 = distinctive_labels(f2019, [f2021])
    assert "本年制发件数" in d2021
    assert "本年新制作数量" in d2019
    assert "处理决定数量" not in d2019  # part of 2021's 本年处理决定数量
    assert not d2021 & d2019


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "kind", "unit", "value", "note"),
    [
        ("", CellKind.COUNT, None, None, None),
        ("-", CellKind.COUNT, None, None, "blank"),
        ("——", CellKind.COUNT, None, None, "blank"),
        ("/", CellKind.COUNT, None, None, "blank"),
        ("无", CellKind.COUNT, None, None, "blank"),
        ("０", CellKind.COUNT, None, 0, None),
        ("１２３", CellKind.COUNT, None, 123, None),
        ("1,234", CellKind.COUNT, None, 1234, None),
        ("+1036", CellKind.SIGNED, None, 1036, None),
        ("-8", CellKind.SIGNED, None, -8, None),
        ("减4", CellKind.SIGNED, None, -4, None),
        ("24252.311082", CellKind.AMOUNT, "万元", Decimal("24252.311082"), None),
        ("251000元", CellKind.AMOUNT, "万元", Decimal("25.1"), "unit-converted"),
        ("3亿元", CellKind.AMOUNT, "万元", Decimal("30000"), "unit-converted"),
        ("251000元", CellKind.AMOUNT, None, Decimal("251000"), "unit-kept"),
        ("1.5", CellKind.COUNT, None, Decimal("1.5"), None),
        ("12件", CellKind.COUNT, None, 12, None),
        ("见附件", CellKind.COUNT, None, "见附件", "not-a-number"),
    ],
)
def test_cell_values(
    text: str, kind: CellKind, unit: str | None, value: object, note: str | None
) -> None:
    parsed = parse_cell(text, kind, unit)
    assert parsed.value == value
    assert type(parsed.value) is type(value)
    assert parsed.note == note


def test_blank_is_not_zero() -> None:
    assert parse_cell("", CellKind.COUNT, None).value is None
    assert parse_cell("0", CellKind.COUNT, None).value == 0


@given(st.integers(0, 10**9), st.integers(0, 6))
def test_amounts_are_exact(units: int, places: int) -> None:
    value = Decimal(units).scaleb(-places)
    assert parse_cell(format(value, "f"), CellKind.AMOUNT, "万元").value == value


# ---------------------------------------------------------------- splits


def _row(tokens: list[str], kinds: list[CellKind]) -> Row:
    pieces = tuple(Piece(t, Decimal(t) if "." in t else int(t), True) for t in tokens)
    return Row(tuple(range(len(kinds))), tuple(kinds), pieces)


@given(st.lists(st.integers(0, 999), min_size=1, max_size=6))
def test_the_true_split_is_always_among_the_splits(cells: list[int]) -> None:
    digits = "".join(map(str, cells))
    found = splits(_row([digits], [CellKind.COUNT] * len(cells)))
    assert tuple(cells) in found
    for cand in found:
        assert "".join(map(str, cand)) == digits


def test_gaps_are_boundaries_and_leading_zeros_are_not_numbers() -> None:
    row = _row(["230", "000023"], [CellKind.COUNT] * 7)
    found = splits(row)
    assert (23, 0, 0, 0, 0, 0, 23) in found
    assert all(c[-1] in (3, 23) for c in found)  # "023" is never one number


def test_a_fraction_goes_only_to_an_amount_cell() -> None:
    found = splits(_row(["13575394432.52"], [CellKind.COUNT, CellKind.AMOUNT]))
    assert (135, Decimal("75394432.52")) in found
    assert all(isinstance(c[0], int) for c in found)


def test_a_minus_after_a_dash_blank_is_a_sign_or_the_end_of_the_blank() -> None:
    # "--1" in a crawler dump: a blank then -1, or the blank "--" then 1 (found by the
    # flattened-text property: it was read as 1, silently).
    kinds = (CellKind.COUNT, CellKind.SIGNED)
    blank = Piece("-", None, False, 1)
    glued = Row((0, 1), kinds, (blank, Piece("-1", -1, True, joins_blank=True)))
    assert sorted(splits(glued), key=str) == [(None, -1), (None, 1)]
    apart = Row((0, 1), kinds, (blank, Piece("-1", -1, True)))  # "- -1": a gap in between
    assert splits(apart) == [(None, -1)]


def test_a_flattened_signed_row_with_a_dash_blank_is_ambiguous_not_guessed() -> None:
    text = (
        "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费--1"
        "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购10.01"
    )
    reading = read_published(text, format="2019", year=2019)
    assert reading.report.values["t2/fees/change"] is None
    (note,) = [n for n in reading.notes if n.kind == "ambiguous" and n.table == "t2"]
    assert "2 ways" in note.message


def test_too_many_splits_are_refused_not_truncated() -> None:
    with pytest.raises(TooManySplits):
        splits(_row(["9" * 60], [CellKind.COUNT] * 15))


def _t3_rows(spec_id: str) -> tuple[list[Equation], dict[str, int]]:
    comp = compiled(get_format(spec_id))
    return list(comp.equations), {k: i for i, k in enumerate(comp.keys)}


def test_row_totals_pick_the_split() -> None:
    spec = get_format("2021")
    equations, pos = _t3_rows("2021")
    block = spec.table("t3").blocks[0]
    cells = tuple(pos[f"t3/new/{'.'.join(n.key for n in p)}"] for p in block.column_paths)
    row = Row(cells, (CellKind.COUNT,) * 7, (Piece("640020470", 640020470, True),))
    solution = solve([row], {}, [e for e in equations if e.rule.severity == "error"])
    assert solution.candidates[0] == ((64, 0, 0, 2, 0, 4, 70),)


def test_column_identities_settle_rows_a_row_total_cannot() -> None:
    # 004.txt: 予以公开 270020130 is 27/0/0/2/0/1/30 or 2/7/0/0/20/1/30 by its row total;
    # only the first makes the columns add up with the other rows.
    spec = get_format("2021")
    runs = {
        "new": "640020470",
        "results.granted": "270020130",
        "results.partial": "370000340",
        "results.total": "640020470",
    }
    block = spec.table("t3").blocks[0]
    doc = "三、收到和处理政府信息公开申请情况 申请人情况自然人法人或其他组织总计" + "".join(
        path[-1].label + runs.get(".".join(n.key for n in path), "0000000")
        for path in block.row_paths
    )
    from disclosure_format._published import read_published

    reading = read_published(doc, format="2021", year=2021, agency="某局")
    values = reading.report.values
    assert values["t3/results.granted/applicant.natural_person"] == 27
    assert any(n.kind == "inferred-split" and "I2" in n.message for n in reading.notes)


def test_several_splits_keep_the_cells_blank_and_list_the_candidates() -> None:
    from disclosure_format._published import read_published

    doc = (
        "二、主动公开政府信息情况 第二十条第（一）项信息内容"
        "本年制发件数本年废止件数现行有效件数规章000行政规范性文件693665"
    )
    reading = read_published(doc, format="2021", year=2021, agency="某局")
    assert reading.report.values["t2/normative_documents/issued"] is None
    note = next(n for n in reading.notes if n.kind == "ambiguous")
    assert "69/3/665" in note.candidates
    assert note.severity == "error"
    assert reading.report.values["t2/regulations/issued"] == 0


def test_a_figure_stated_in_the_text_narrows_the_splits() -> None:
    spec = get_format("2021")
    block = spec.table("t2").blocks[0]
    stated = stated_figures(
        "本年度制发行政规范性文件62件。", block, block.row_nodes["normative_documents"]
    )
    assert [(i, v) for i, v, _ in stated] == [(0, 62)]
    assert (
        stated_figures("共有行政规范性文件62件", block, block.row_nodes["normative_documents"])
        == []
    )


def test_the_quoted_statement_is_found_by_the_official_label_first() -> None:
    # "规范性文件" (an alias) also matches inside "行政规范性文件"; the evidence quoted
    # must not depend on the interpreter's hash seed (it did: labels were a set).
    # Since the declared statements (issue 15) it is the words the statement matched.
    block = get_format("2021").table("t2").blocks[0]
    text = "，动态更新发布本年度制发行政规范性文件62件"
    stated = stated_figures(text, block, block.row_nodes["normative_documents"])
    assert [evidence for _, _, evidence in stated] == ["制发行政规范性文件62件"]


# ---------------------------------------------------------------- detection


def test_title_signature_and_date() -> None:
    doc = extract(
        "当前位置：首页 > 年报\n2023年度北仑区科技局\n政府信息公开工作年度报告\n"
        "一、总体情况\n正文。\n"
        "六、其他需要报告的事项\n无。\n宁波市北仑区科技局\n2024年1月10日\n"
    )
    meta = find_meta(doc, find_headings(doc, get_format("2021")))
    assert (meta.agency, meta.year, str(meta.published)) == (
        "宁波市北仑区科技局",
        2023,
        "2024-01-10",
    )


def test_crawler_header_date_and_title() -> None:
    doc = extract(
        "标题: 平潭综合实验区2019年度政府信息公开工作年度报告\n发布时间: 2020-01-20 15:22\n正文\n"
    )
    meta = find_meta(doc, [])
    assert (meta.agency, meta.year, str(meta.published)) == ("平潭综合实验区", 2019, "2020-01-20")


@pytest.mark.parametrize(
    ("label", "expected"), [("本年制发件数", "2021"), ("本年新制作数量", "2019")]
)
def test_format_from_labels(label: str, expected: str) -> None:
    doc = extract(
        f"<table><tr><td>信息内容</td><td>{label}</td></tr><tr><td>规章</td><td>1</td></tr></table>"
    )
    spec, _ = detect_format(doc, default_registry(), None)
    assert spec is not None
    assert spec.id == expected


def test_format_from_the_year_when_labels_say_nothing() -> None:
    spec, _ = detect_format(extract("<p>总计</p>"), default_registry(), 2020)
    assert spec is not None
    assert spec.id == "2019"


def test_headings_long_short_and_inside_a_dump() -> None:
    spec = get_format("2021")
    doc = extract(
        "一、总体情况\n正文\n四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况\n表\n"
        "（一）主动公开政府信息情况\n"
    )
    assert [h.section for h in find_headings(doc, spec)] == ["overview", "appeals"]
    long = "引言" * 40 + "五、存在的主要问题及改进情况问题很多。六、其他需要报告的事项无。"
    assert [h.section for h in find_headings(extract(long), spec)] == ["problems", "other"]


_NUMERALS = "〇零一二两三四五六七八九十0123456789"


@given(
    st.lists(
        st.sampled_from([*_NUMERALS, *"、.()（）ab 的申", "二十一、", "(十二)", "12.", "3、"]),
        max_size=10,
    ).map("".join)
)
def test_numbering_is_found_as_its_plain_spelling_finds_it(text: str) -> None:
    # _ANY_NUMBERING is written for speed; this is what it means, spelt plainly
    import re

    from disclosure_format._published._labels import _ANY_NUMBERING

    plain = re.compile(
        "(?:(?<![〇零一二两三四五六七八九十0-9])[一二三四五六七八九十]{1,3}、"
        r"|\([〇零一二两三四五六七八九十0-9]{1,3}\)|(?<![0-9])[0-9]{1,2}[.、](?![0-9]))"
    )
    assert _ANY_NUMBERING.sub("|", text) == plain.sub("|", text)


@given(
    st.lists(
        st.sampled_from(["<p>", "</td>", "<a b='<'>", "x<y ", "<", ">", "<!x>", "<?>", "<>", "字"]),
        max_size=30,
    ).map("".join)
)
def test_sniffing_strips_the_markup_the_slow_pattern_strips(text: str) -> None:
    from disclosure_format._published._adapter import _MARKUP, _strip_markup

    assert _strip_markup(text) == _MARKUP.sub("", text)


def test_sniffing_takes_three_labels_written_out_or_found_without_the_markup() -> None:
    from disclosure_format._published._adapter import adapter

    written = "<p>本年新收政府信息公开申请数量</p><p>上年结转政府信息公开申请数量</p>"
    assert not adapter.detect(written)  # two labels are not enough
    assert adapter.detect(written + "<p>危及“三安全一稳定”</p>")  # the third, after normalising
    assert adapter.detect(written + "<p>属于行政查询事项</p>")  # the third, as it is written
    split = "".join(f"<span>{c}</span>" for c in "本年新收政府信息公开申请数量")
    assert adapter.detect(split + "<p>上年结转政府信息公开申请数量</p><p>属于行政查询事项</p>")
