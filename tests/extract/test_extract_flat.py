"""``tokenize_flat`` on the real flattened lines and on the hard cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_format._extract import Token, extract, tokenize_flat

Read = Callable[[str], bytes]
Expected = Callable[[str], dict[str, Any]]


def _stream(text: str) -> list[tuple[str, str]]:
    return [("L" if t.kind == "label" else "N", t.text) for t in tokenize_flat(text)]


def _body(corpus_bytes: Read, name: str) -> str:
    doc = extract(corpus_bytes(name))
    return next(p.text for p in doc.paragraphs if "第二十条第（一）项" in p.text)


def _segment(text: str, start: str, end: str) -> str:
    a = text.index(start)
    return text[a : text.index(end, a)]


def test_003_table2(corpus_bytes: Read) -> None:
    seg = _segment(_body(corpus_bytes, "003.txt"), "规章000", "三、收到")
    assert _stream(seg) == [
        ("L", "规章"),
        ("N", "000"),
        ("L", "规范性文件"),
        ("N", "898989"),
        ("L", "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可"),
        ("N", "3960181"),
        ("L", "其他对外管理服务事项"),
        ("N", "100153"),
        ("L", "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚"),
        ("N", "26480430"),
        ("L", "行政强制"),
        ("N", "126025"),
        ("L", "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费"),
        ("N", "350"),
        ("L", "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购"),
        ("N", "13575394432.52元"),
    ]
    fee = tokenize_flat(seg)[-1]
    assert (fee.value, fee.unit) == ("13575394432.52", "元")


def test_003_stray_spaces_are_boundaries(corpus_bytes: Read) -> None:
    seg = _segment(_body(corpus_bytes, "003.txt"), "一、本年新收", "二、上年")
    assert _stream(seg) == [
        ("L", "一、本年新收政府信息公开申请数量"),
        ("N", "230"),
        ("N", "000023"),
    ]
    seg = _segment(_body(corpus_bytes, "003.txt"), "（六）其他处理", "四、政府信息公开行政复议")
    assert _stream(seg) == [
        ("L", "（六）其他处理"),
        *[("N", "0")] * 5,
        ("N", "00"),
        ("L", "（七）总计"),
        ("N", "23"),
        ("N", "0"),
        ("N", "00"),
        ("N", "0"),
        ("N", "023"),
        ("L", "四、结转下年度继续办理"),
        ("N", "0"),
        ("N", "0"),
        ("N", "00"),
        ("N", "00"),
        ("N", "0"),
    ]


def test_003_numbering_goes_to_the_label(corpus_bytes: Read) -> None:
    seg = _segment(_body(corpus_bytes, "003.txt"), "（三）不予公开", "三、本年度办理结果（四）")
    assert _stream(seg) == [
        ("L", "（三）不予公开"),
        ("L", "1.属于国家秘密"),
        ("N", "0000000"),
        ("L", "2.其他法律行政法规禁止公开"),
        ("N", "0000000"),
        ("L", "3.危及“三安全一稳定”"),
        ("N", "0000000"),
        ("L", "4.保护第三方合法权益"),
        ("N", "0000000"),
        ("L", "5.属于三类内部事务信息"),
        ("N", "0000000"),
        ("L", "6.属于四类过程性信息"),
        ("N", "0000000"),
        ("L", "7.属于行政执法案卷"),
        ("N", "0000000"),
        ("L", "8.属于行政查询事项"),
        ("N", "0000000"),
    ]


def test_004_multidigit_runs_before_numbering(corpus_bytes: Read) -> None:
    body = _body(corpus_bytes, "004.txt")
    seg = _segment(body, "（四）无法提供", "（五）")
    assert _stream(seg) == [
        ("L", "（四）无法提供"),
        ("L", "1.本机关不掌握相关政府信息"),
        ("N", "220000325"),
        ("L", "2.没有现成信息需要另行制作"),
        ("N", "0000000"),
        ("L", "3.补正后申请内容仍不明确"),
        ("N", "0000000"),
    ]
    seg = _segment(body, "（二）部分公开", "（三）")
    assert _stream(seg)[1:] == [("N", "500000"), ("N", "5")]
    seg = _segment(body, "行政事业性收费", "三、收到")
    assert tokenize_flat(seg)[1].value == "24252.311082"
    seg = _segment(body, "尚未审结总计结果维持", "五、存在")
    assert _stream(seg)[-1] == ("N", "10203120001200000")


def test_008_spaces_inside_labels_and_continuing_numbering(corpus_bytes: Read) -> None:
    body = _body(corpus_bytes, "008.txt")
    seg = _segment(body, "商业企业", "二、上年")
    assert _stream(seg) == [
        ("L", "商业企业科研机构社会公益 组织 法律服务 机构 其他一、本年新收政府信息公开申请数量"),
        ("N", "21710000218"),
    ]
    seg = _segment(body, "4.保护第三方", "7.属于")
    assert _stream(seg) == [
        ("L", "4.保护第三方合法权益"),
        ("N", "3000003"),
        ("L", "5.属于三类内部事务信息"),
        ("N", "320000032"),
        ("L", "6.属于四类过程性信息"),
        ("N", "0000000"),
    ]
    seg = _segment(body, "三、本年度办", "（二）")
    assert _stream(seg) == [("L", "三、本年度办 理结果 （一）予以公开"), ("N", "710000071")]


@pytest.mark.parametrize("number", ["003", "004", "008"])
def test_every_expected_raw_is_a_number_token(
    number: str, corpus_bytes: Read, expected: Expected
) -> None:
    tokens = {t.text for t in tokenize_flat(_body(corpus_bytes, f"{number}.txt"))}
    for cell in expected(number)["cells"]:
        assert cell["raw"] in tokens, cell


@pytest.mark.parametrize(
    ("text", "stream"),
    [
        # "...申请数量0000000三、": no "." after the run, all seven digits are the number
        ("申请数量0000000三、本年", [("L", "申请数量"), ("N", "0000000"), ("L", "三、本年")]),
        # "...00000003.危及": the last digit numbers the next label
        ("禁止公开00000003.危及", [("L", "禁止公开"), ("N", "0000000"), ("L", "3.危及")]),
        ("（三）不予公开1.属于", [("L", "（三）不予公开"), ("L", "1.属于")]),
        ("1.属于国家秘密0", [("L", "1.属于国家秘密"), ("N", "0")]),
        ("合计12.5%其他", [("L", "合计"), ("N", "12.5%"), ("L", "其他")]),
        ("行政许可3减4 8", [("L", "行政许可"), ("N", "3"), ("N", "减4"), ("N", "8")]),
        ("本年增/减12", [("L", "本年增/减"), ("N", "12")]),
        ("行政许可+1036 -8", [("L", "行政许可"), ("N", "+1036"), ("N", "-8")]),
        ("行政强制 - 第二十条", [("L", "行政强制"), ("N", "-"), ("L", "第二十条")]),
        ("行政强制——", [("L", "行政强制"), ("N", "——")]),
        ("电话/传真", [("L", "电话/传真")]),
        ("收费 / 0", [("L", "收费"), ("N", "/"), ("N", "0")]),
        ("4.无正当理由大量反复申请0", [("L", "4.无正当理由大量反复申请"), ("N", "0")]),
        ("（六）其他处理 无 无", [("L", "（六）其他处理"), ("N", "无"), ("N", "无")]),
        ("情况。无其他需要报告", [("L", "情况。无其他需要报告")]),
        ("规章１２３", [("L", "规章"), ("N", "１２３")]),
        ("金额1,234,567元", [("L", "金额"), ("N", "1,234,567元")]),
        ("数量12,34", [("L", "数量"), ("N", "12"), ("N", "34")]),
        ("上一年项目数量(指2019年事项数)", [("L", "上一年项目数量(指2019年事项数)")]),
        ("2024年1月10日", [("L", "2024年1月10日")]),
        ("（1）加强政策解读", [("L", "（1）加强政策解读")]),
        ("网站（www.pingtan.gov.cn）", [("L", "网站（www.pingtan.gov.cn）")]),
        ("0000000OA系统", [("N", "0000000"), ("L", "OA系统")]),
        (
            "电话：0591-23165370。",
            [("L", "电话："), ("N", "0591"), ("N", "-23165370"), ("L", "。")],
        ),
    ],
)
def test_hard_cases(text: str, stream: list[tuple[str, str]]) -> None:
    assert _stream(text) == stream


def test_numbering_prefers_continuation() -> None:
    # after "1." the run "00000012." is 0000001 + "2." (continuation), not 000000 + "12."
    assert _stream("1.甲00000012.乙")[1:] == [("N", "0000001"), ("L", "2.乙")]
    # after "11." the same run is 000000 + "12."
    assert _stream("11.甲00000012.乙")[1:] == [("N", "000000"), ("L", "12.乙")]
    # a restart at 1. is preferred over other digits
    assert _stream("8.甲00000011.乙")[1:] == [("N", "0000001"), ("L", "1.乙")]


def test_values_are_normalised() -> None:
    toks = tokenize_flat("甲１２．５万元 减3 ＋4 －5 1,000 —")
    assert [(t.value, t.unit) for t in toks[1:]] == [
        ("12.5", "万元"),
        ("-3", ""),
        ("+4", ""),
        ("-5", ""),
        ("1000", ""),
        (None, ""),
    ]
    assert toks[-1].is_placeholder
    assert not toks[1].is_placeholder


_ALPHABET = st.sampled_from(
    list("0123456789０１.．、,，+-－—/无减增元件%万 （）()一二三申请数量属于\t")
)


@given(st.one_of(st.text(), st.text(_ALPHABET)))
def test_tokens_are_faithful_slices(text: str) -> None:
    tokens = tokenize_flat(text)
    covered = [False] * len(text)
    end = 0
    for tok in tokens:
        assert isinstance(tok, Token)
        assert tok.offset >= end
        assert text[tok.offset : tok.offset + len(tok.text)] == tok.text
        assert tok.text
        assert tok.text == tok.text.strip()
        end = tok.offset + len(tok.text)
        for k in range(tok.offset, end):
            covered[k] = True
        if tok.kind == "number" and tok.value is not None:
            body = tok.value.lstrip("+-")
            assert body.replace(".", "", 1).isdigit(), tok
            assert body.isascii(), tok
    # only whitespace and boundary commas are left out
    assert all(covered[k] or text[k].isspace() or text[k] in ",，" for k in range(len(text)))


@given(
    st.lists(
        st.one_of(
            st.sampled_from(list("0123456789０１２３４５６７８９")),
            st.sampled_from(list(" .．、,，+＋-－−减增/／—–―‐‒无()（）年月日元件%")),
            st.sampled_from(["申请", "行政许可", "万元", "www.gov.cn", "OA", "\u3000", "\n"]),
            st.characters(exclude_categories=["Cs"]),
        ),
        max_size=40,
    ).map("".join)
)
def test_runs_of_plain_label_text_are_taken_as_one_step_would_take_them_one_by_one(
    text: str,
) -> None:
    import re

    from disclosure_format._extract import _flat

    fast = tokenize_flat(text)
    saved = _flat._PLAIN_LABEL
    _flat._PLAIN_LABEL = re.compile("(?!)")  # never matches: one character at a time
    try:
        assert tokenize_flat(text) == fast
    finally:
        _flat._PLAIN_LABEL = saved


@pytest.mark.parametrize(
    ("text", "stream"),
    [
        ("收费--1", [("L", "收费"), ("N", "-"), ("N", "-1")]),
        ("收费—-1", [("L", "收费"), ("N", "—"), ("N", "-1")]),
        ("收费——1", [("L", "收费"), ("N", "——"), ("N", "1")]),
        ("收费--", [("L", "收费"), ("N", "--")]),
    ],
)
def test_a_minus_ending_a_dash_run_before_digits_goes_with_the_number(
    text: str, stream: list[tuple[str, str]]
) -> None:
    assert _stream(text) == stream
