"""The HTML tokenizer gives exactly the events of the standard library's ``HTMLParser``.

Extraction used to run on :class:`html.parser.HTMLParser`; its own tokenizer
(``_extract._tokenize``) replaced it for speed and must not change what any
page reads as.  These tests drive both over the same inputs — random tag
soup, Word-damaged report pages, the corpus — and compare the event
streams: every start tag (with its attributes), end tag and piece of text,
each with its line.  Adjacent pieces of text are joined before comparing:
where one tokenizer hands text over in two pieces and the other in one,
extraction sees the same text.

The faithful path of the tokenizer is a transcription of CPython 3.11's
tokenizer; when the standard library's patterns are no longer those (a
later release changed them), the comparison is skipped, saying why.
"""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_format import list_formats
from disclosure_format._extract import _tokenize
from disclosure_format._extract._tokenize import Attrs, Tokenizer
from disclosure_format._published._mimic import Damage, published_html
from disclosure_format.testing import reports

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"

Event = tuple[object, ...]

_SAME_STDLIB = all(
    getattr(html.parser, name, None) is not None
    and getattr(html.parser, name).pattern == getattr(_tokenize, "_" + name.upper()).pattern
    for name in (
        "locatestarttagend_tolerant",
        "attrfind_tolerant",
        "tagfind_tolerant",
        "endtagfind",
    )
)
stdlib_only = pytest.mark.skipif(
    not _SAME_STDLIB,
    reason="this Python's html.parser patterns differ from the CPython 3.11 transcription",
)


class _Reference(html.parser.HTMLParser):
    """The standard library's tokenizer, recording its events (as extraction used it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[Event] = []

    # the one override extraction always had: ``<![…`` is dropped up to ``>``
    def parse_html_declaration(self, i: int) -> int:
        if self.rawdata.startswith("<![", i):
            gt = self.rawdata.find(">", i + 3)
            return -1 if gt < 0 else gt + 1
        return super().parse_html_declaration(i)

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        self.events.append(("start", tag, attrs, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: Attrs) -> None:
        self.events.append(("startend", tag, attrs, self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag, self.getpos()[0]))

    def handle_data(self, data: str) -> None:
        self.events.append(("data", data, self.getpos()[0]))


class _Recorder(Tokenizer):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[Event] = []

    def handle_starttag(self, tag: str, attrs: Attrs, pos: int) -> None:
        self.events.append(("start", tag, attrs, self.line_at(pos)))

    def handle_startendtag(self, tag: str, attrs: Attrs, pos: int) -> None:
        self.events.append(("startend", tag, attrs, self.line_at(pos)))

    def handle_endtag(self, tag: str, pos: int) -> None:
        self.events.append(("end", tag, self.line_at(pos)))

    def handle_data(self, data: str, pos: int) -> None:
        self.events.append(("data", data, self.line_at(pos)))


def _joined(events: list[Event]) -> list[Event]:
    out: list[Event] = []
    for event in events:
        if event[0] == "data" and out and out[-1][0] == "data":
            out[-1] = ("data", str(out[-1][1]) + str(event[1]), out[-1][2])
        else:
            out.append(event)
    return out


def reference(text: str) -> list[Event]:
    parser = _Reference()
    parser.feed(text)
    parser.close()
    return _joined(parser.events)


def ours(text: str) -> list[Event]:
    tokenizer = _Recorder()
    tokenizer.tokenize(text)
    return _joined(tokenizer.events)


_PIECES = [
    *("<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th colspan=3>", "<td rowspan=0>"),
    *(
        '<td rowspan="99999">',
        "<td colspan=-1>",
        "<TD COLSPAN=\"2\" style='x'>",
        "<td\ncolspan=2\n>",
    ),
    *("<thead>", "<tbody>", "</tbody>", "<caption>", "</caption>", "<p>", "</p>", "<P class=Mso>"),
    *("<br>", "<br/>", "<br />", "<div>", "</div>", "<pre>", "</pre>", "<o:p>", "</o:p>", "<p/>"),
    *(
        "<script>",
        "</script>",
        "</SCRIPT >",
        "</ſcript>",
        "<style>",
        "</style>",
        "<head>",
        "<title>",
    ),
    *("<!--", "-->", "-- >", "--!>", "<![if !supportLists]>", "<![endif]>", "<![CDATA[x]]>", "<!x"),
    *(
        "<!doctype html>",
        "<?xml ?>",
        "</",
        "</>",
        "</ a>",
        "</a b>",
        "</3>",
        "<",
        ">",
        "&",
        "&nbsp;",
    ),
    *("&amp;", "&#0;", "&#x4E00;", "&#x110000;", "&nbsp", "<span style='font-family:宋体'>"),
    *(
        "</span>",
        "<font face=仿宋_GB2312>",
        "</font>",
        "<img src=a.png/>",
        "<a b='c'd>",
        "<a b=c/>",
    ),
    *("<a\x0bb>", "<a b=c\u3000d>", '<a b = "c">', '<a b="', "<a ", "='", '"', "'", "=", "/"),
    *("文字", "申请人情况", "12", "\n", "\r\n", " ", "\t", "\u3000", "\xa0", "\x00", "a", "ſ"),
]


@stdlib_only
@given(st.one_of(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join), st.text()))
def test_tag_soup_gives_the_standard_events(text: str) -> None:
    assert ours(text) == reference(text)


@stdlib_only
@given(st.sampled_from(list_formats()).flatmap(reports), st.integers(0, 2**16))
def test_word_exported_pages_give_the_standard_events(report: object, seed: int) -> None:
    from disclosure_format import get_format
    from disclosure_format.model import Report

    assert isinstance(report, Report)
    damage = Damage(spans=True, blank_zeros=True, label_spaces=True, aliases=True, seed=seed)
    page = published_html(report, get_format(report.format), damage)
    assert ours(page) == reference(page)


@stdlib_only
@pytest.mark.parametrize("name", ["001.html", "013.html"])
def test_corpus_pages_give_the_standard_events(name: str) -> None:
    text = (CORPUS / name).read_text("utf-8")
    assert ours(text) == reference(text)


def test_attributes_only_for_the_tags_and_names_asked_for() -> None:
    class Spans(_Recorder):
        attributes_of = frozenset(("td",))
        attribute_names = frozenset(("rowspan", "colspan"))

    tokenizer = Spans()
    tokenizer.tokenize(
        '<td class=x ROWSPAN="2" colspan=3 rowspan=4><p class=y><td style="a"><td a=b=c colspan=5>'
    )
    starts = [e[2] for e in tokenizer.events if e[0] == "start"]
    assert starts == [
        [("rowspan", "2"), ("colspan", "3"), ("rowspan", "4")],
        [],
        [],
        [("colspan", "5")],  # an odd tag, read by the faithful path, filtered alike
    ]


def test_lines_are_counted_in_any_order() -> None:
    tokenizer = Tokenizer()
    tokenizer.tokenize("a\nb\nc\n<p>")
    assert [tokenizer.line_at(p) for p in (6, 0, 2, 7, 4)] == [4, 1, 2, 4, 3]


@given(st.sampled_from(list_formats()).flatmap(reports), st.integers(0, 2**16), st.data())
def test_extraction_without_the_inline_tags_is_extraction_with_them(
    report: object, seed: int, data: st.DataObject
) -> None:
    # extraction lets the tokenizer skip inline tags (span, font, o:p…); the
    # document must be the one it makes when it is handed every tag
    from disclosure_format import get_format
    from disclosure_format._extract._html import _extract, _Parser
    from disclosure_format.model import Report

    assert isinstance(report, Report)
    damage = Damage(spans=True, blank_zeros=True, half_width=True, seed=seed)
    page = published_html(report, get_format(report.format), damage)
    soup = data.draw(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
    for text in (page, soup + page, page[: seed % len(page)] + soup):
        assert _extract(text, None, _Parser()) == _extract(text, None, _Parser(every_tag=True))


@pytest.mark.parametrize(
    "text",
    [
        "<head><title>t</title><span>正文</span><p>x",  # an inline tag closes <head>
        "<head><meta charset=utf-8><o:p></o:p>正文</head><p>x",
        "<head><link rel=x><font>字</font><head><b>y</b>",
        "<table><tr><td><span>a</span><style>td{}</style><font>b</font></td></tr></table>",
        # elements (<p>text</p>) taken in one step
        "<div><p>a</p>b<p>c</p></div><li>one</li>two<P>x</p>y",
        "<pre>\n<p>a\nb</p>c\n</pre><p>&amp;</p>&lt;<p></p>z",
        "<td>a<p>b</p>c</td><table><tr><td><p>1</p><p>2</p>3</td></tr></table>",
        "<head><p>x</p>y",
        # cells read in one step (_Parser.read_cells), and the ones left to the events
        "<table><tr><td class=a>\n <P align=center><SPAN\nstyle='x'>a\n b</SPAN><o:p></o:p></P>\n"
        "</TD><td><p>&nbsp;</p></td><td>&#10;\n&nbsp;x&amp;y</th><td><p>\u200b</p>  </td></tr>"
        "<tr><td><span title='a>b'>c</span></td><td><span title='<p>'>d</span></td>"
        "<td>e<br>f</td><td><b>g<!-- h --></b></td><td><p>i</p><p>j</p></td><td>k<td>l</td>"
        "<td/><p>m</p></td><td><p>n</td></tr></table>",
        "<pre><table><tr><td><p>a\nb</p></td></tr></table></pre><table><td>\n\n<i>x</i></td>",
        # (a layout table: the cells' paragraphs come out, with their lines)
        "<table><tr><td>\n<p>\n&#10;\n&nbsp;x</p></td><td>\n\n<span\n>y</span>\n</td>"
        "<td>&nbsp;\n<b>\nz&lt;</b></td><td><table></table></td></tr></table>",
        # rows read on from a cell read in one step, and where that stops
        "<table><tr><td>a</td>\n <td ROWSPAN=2 title='<p>'>b</td></tr>\n<TR class=x><th>c</td>"
        "</tr><tr/><td/>d</td><tr>e</tr><td>f</td>&nbsp;<td>g</td>x<td>h</td> <td>i</td><!--"
        "--><td>j</td></tr><tbody><tr><td colspan=2>k</td></tr></tbody></table>",
        # (the row tags between two cells: either, both, or more than are read on)
        "<table><tr><td>a</td></tr><td>b</td><tr><td>c</td><tr><tr><td>d</td></tr></tr><tr>"
        "<td>e</td></tr>\n</tbody><tr><td>f</td></table><table><caption>c</caption><td>a</td>"
        "<th>b</th></tr>\n<TR><TH rowspan=3 colspan=x>c</TH></table>",
        "<table><tr><td><p>&nbsp;<span>&nbsp;\n</span></p></td><td>&nbsp;;</td><td>&nbspx</td>"
        "<td>&nbsp</td><td COLSPAN=2 rowspan='0'>&nbsp;&amp;</td><td Colspan>a</td>"
        "<td title='rowſpan=2' colſpan=3>b</td><td data-rowspan=2 RowSpan=' 3 '>c</td>"
        "</tr></table>",
        # paragraphs read in one step (_Parser.read_paragraph), and the ones left to the events
        "<p>a<span>b</span>&amp;</p><p>\n<b>\nx</b> </P ><p><br>y</p><p>a<p>b</p><p/>c</p>"
        "<p>&#10;\n&nbsp;<font face=x>z</font></p>\n<P class=a\n>\u200b</p><p>&nbsp;</p>"
        '<p><span title="</p>">a</span><b x=\'<td>\'>b</b></p><table><tr><td><font f="</td>">'
        "c</font></td><td><span a='<'>&amp;</span></td></tr></table>"
        # (the text ends with its last piece: the inline tags after it are no part of it)
        "<p>a<a href='?x=1&amp;y'></a><o:p></o:p></p><p>b<b>c</b> <i></i></p><p>\n<b>d</b>\n</p>"
        "<table><tr><td><span>e</span><a href='?x=1&y'></a></td><td>f<span>g</span><b></b></td>"
        "<td><b>&nbsp;</b><i x='&'></i></td><td>h <span> </span><br></td></tr></table>"
        "<table><tr><td><p>1</p><p>2 <span>3</span></p></td><td>x<p>y</p>z</td></tr></table>",
    ],
)
def test_inline_tags_that_matter_are_seen(text: str) -> None:
    from disclosure_format._extract._html import _extract, _Parser

    assert _extract(text, None, _Parser()) == _extract(text, None, _Parser(every_tag=True))
