"""``decode``: BOMs, declarations, sniffing, damaged bytes."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from disclosure_format._extract import decode, extract

TEXT = "三、收到和处理政府信息公开申请情况：申请人情况 自然人 0"


def test_str_input_is_not_decoded() -> None:
    d = decode(TEXT)
    assert (d.text, d.encoding, d.method) == (TEXT, None, "str")


def test_utf8_with_and_without_bom() -> None:
    d = decode(TEXT.encode())
    assert (d.text, d.encoding, d.method, d.replaced) == (TEXT, "utf-8", "sniff", False)
    d = decode(codecs.BOM_UTF8 + TEXT.encode())
    assert (d.text, d.encoding, d.method) == (TEXT, "utf-8", "bom")


def test_utf16_with_bom() -> None:
    for codec, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)):
        d = decode(bom + TEXT.encode(codec))
        assert (d.text, d.encoding, d.method) == (TEXT, codec, "bom")


def test_utf16_without_bom_by_nul_pattern() -> None:
    html = "<html><body><p>" + TEXT + "</p></body></html>"
    d = decode(html.encode("utf-16-le"))
    assert (d.text, d.encoding) == (html, "utf-16-le")
    ascii_only = "<html><body><p>report 2023</p></body></html>"
    for codec in ("utf-16-le", "utf-16-be"):
        d = decode(ascii_only.encode(codec))
        assert (d.text, d.encoding) == (ascii_only, codec)


def test_gbk_declared_by_meta_charset() -> None:
    page = f'<html><head><meta charset="gb2312"></head><body><p>{TEXT}</p></body></html>'
    d = decode(page.encode("gbk"))
    assert (d.text, d.encoding, d.method, d.declared) == (page, "gb18030", "meta", "gb2312")


def test_gbk_declared_by_http_equiv() -> None:
    page = (
        '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'
        f"<table><tr><td>{TEXT}</td><td>1</td></tr></table>"
    )
    d = decode(page.encode("gbk"))
    assert (d.encoding, d.method, d.declared) == ("gb18030", "meta", "GBK")
    doc = extract(page.encode("gbk"))
    assert doc.encoding == "gb18030"
    assert doc.grids[0].cells[0].text == TEXT


def test_undeclared_gbk_is_sniffed_as_gb18030() -> None:
    d = decode(TEXT.encode("gbk"))
    assert (d.text, d.encoding, d.method) == (TEXT, "gb18030", "sniff")
    assert d.notes


def test_caller_declaration_wins_over_meta_and_accepts_a_header_value() -> None:
    page = f'<meta charset="utf-8"><p>{TEXT}</p>'
    d = decode(page.encode("gbk"), declared="text/html; charset=gbk")
    assert (d.text, d.encoding, d.method, d.declared) == (page, "gb18030", "declared", "gbk")


def test_wrong_declaration_falls_back() -> None:
    page = f'<meta charset="utf-8"><p>{TEXT}</p>'
    d = decode(page.encode("gbk"))
    assert (d.text, d.encoding, d.method) == (page, "gb18030", "sniff")
    assert any("declared" in n for n in d.notes)


def test_latin1_declaration_on_utf8_bytes_is_overridden() -> None:
    page = f'<meta charset="iso-8859-1"><p>{TEXT}</p>'
    d = decode(page.encode("utf-8"))
    assert (d.text, d.encoding) == (page, "utf-8")


def test_unknown_and_non_text_declarations_are_ignored() -> None:
    for label in ("x-nonsense", "base64", "rot13"):
        d = decode(TEXT.encode(), declared=label)
        assert (d.text, d.encoding) == (TEXT, "utf-8")


def test_truncated_utf8_is_not_read_as_gb18030() -> None:
    data = (TEXT * 5 + "况").encode()[:-1]
    d = decode(data)
    assert d.encoding == "utf-8"
    assert d.replaced
    assert d.method == "replace"
    assert d.first_bad_offset == len(data) - 2
    assert d.text.startswith(TEXT)


def test_garbage_is_decoded_with_replacement_and_an_offset() -> None:
    data = "报告".encode("gbk") + b"\x81\xff\x80" + "正文".encode("gbk")
    d = decode(data)
    assert d.replaced
    assert d.method == "replace"
    assert d.first_bad_offset == 4
    assert d.text.startswith("报告")
    assert "\ufffd" in d.text


@given(st.binary(max_size=400), st.one_of(st.none(), st.text(max_size=20)))
def test_decode_never_raises(data: bytes, declared: str | None) -> None:
    d = decode(data, declared=declared)
    assert isinstance(d.text, str)
    if d.replaced:
        assert d.first_bad_offset is not None


def test_unusable_caller_declaration_falls_back_to_meta() -> None:
    page = f'<meta charset="gbk"><p>{TEXT}</p>'
    d = decode(page.encode("gbk"), declared="text/html")
    assert (d.text, d.encoding, d.method, d.declared) == (page, "gb18030", "meta", "gbk")


def test_the_same_bytes_decoded_again_give_the_same_result() -> None:
    data = TEXT.encode("gb18030")
    first = decode(data, remember=True)
    assert decode(data) is first  # (the sniffer's decoding, reused by the reader)
    again = decode(data)  # (once only)
    assert again is not first
    assert again == first
    decode(data, remember=True)
    assert decode(data, declared="gbk") == decode(bytes(data), declared="gbk")
    other = bytearray(data).decode("gb18030").encode("gb18030")
    decode(data, remember=True)
    assert decode(other) == first
