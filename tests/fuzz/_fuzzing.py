"""What the fuzz tests feed the library: real inputs, damaged, and garbage made to look like input.

Seeds are real: the corpus pages in ``tests/fixtures/corpus/``, the example
report files, and every adapter's rendering of an example report.  The
damage is what transfers, editors, crawlers and attackers do: truncation,
byte flips, insertions of NUL bytes, lone surrogates, BOMs, GBK bytes, huge
numbers and deep nesting, splices of the input into itself; wrong encodings
of the whole input (GBK bytes in a page that declares UTF-8, UTF-16 without
a byte-order mark); and tag soup built from the markup of real pages.

:func:`only_typed_errors` is the oracle: the call may succeed or raise a
:class:`~disclosure_format.DisclosureFormatError` that names a place, and
nothing else.  Every call also counts towards :data:`RUNS`, so a fuzz test
reports how many inputs it tried (``conftest.py`` prints the counts after the run).
"""

from __future__ import annotations

import collections
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

import disclosure_format as df
from disclosure_format.errors import DisclosureFormatError

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
CORPUS = TESTS / "fixtures" / "corpus"
EXAMPLES = ROOT / "examples"

RUNS: collections.Counter[str] = collections.Counter()
"""Inputs tried per entry point in this session (printed by the ``fuzz`` tests' finaliser)."""

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"


def examples(default: int) -> Any:
    """``@settings`` for a fuzz test: ``default`` examples, the profile's count when thorough."""
    return settings(max_examples=settings.default.max_examples if THOROUGH else default)


def corpus_seeds() -> list[bytes]:
    """The real published pages and text dumps of the test corpus, as bytes."""
    return [p.read_bytes() for p in sorted(CORPUS.iterdir()) if p.suffix in (".html", ".txt")]


def example_report() -> df.Report:
    return df.load_report(EXAMPLES / "2021-with-errors.json")


def adapter_seeds() -> dict[str, bytes]:
    """Every writing adapter's rendering of an example report (with findings for HTML)."""
    report = example_report()
    out: dict[str, bytes] = {}
    for adapter in df.adapters():
        try:
            rendered = df.render(report, adapter.name)
        except df.AdapterNotFoundError:  # read-only (the published reader)
            continue
        out[adapter.name] = rendered if isinstance(rendered, bytes) else rendered.encode()
    return out


INSERTIONS = (
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xed\xa0\x80",  # a UTF-8-encoded lone surrogate
    b"\xe4\xb8",  # a truncated UTF-8 sequence
    "\ud800".encode("utf-8", "surrogatepass"),
    b"9" * 400,
    b"9" * 5000,  # longer than Python converts to an int
    b"1E+999999999",
    b"-0.000000000000000000000000000001",
    b"[" * 3000,
    b'{"a":' * 2000,
    b"<table><tr><td>" * 300,
    b"</td></tr></table>" * 50,
    b'<td rowspan="65535" colspan="99999">',
    b"<!--",
    b"<![CDATA[",
    b"<script>",
    b'"',
    b",",
    b"\r\n",
    b"\n[[rules]]\n",
    b"{",
    b"\\u",
    "结转".encode("gb18030"),
    "政府信息公开工作年度报告".encode("gbk"),
)


@st.composite
def mutations(draw: st.DrawFn, original: bytes) -> bytes:
    """A real input damaged the way transfers, editors and crawlers damage files."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "splice"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if how == "truncate":
            del data[pos:]
        elif how == "flip" and data:
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif how == "insert":
            data[pos:pos] = draw(st.sampled_from(INSERTIONS))
        elif how == "delete":
            del data[pos : pos + draw(st.integers(1, 50))]
        else:
            start = draw(st.integers(0, max(len(original) - 1, 0)))
            data[pos:pos] = original[start : start + draw(st.integers(1, 200))]
    return bytes(data)


@st.composite
def misencoded(draw: st.DrawFn, original: bytes) -> bytes:
    """A UTF-8 input re-encoded wrongly as a whole: GBK under a UTF-8 declaration, UTF-16
    without a byte-order mark, Latin-1 mojibake, or with a lying BOM."""
    text = original.decode("utf-8", "replace")
    how = draw(st.sampled_from(["gbk", "utf-16-le", "utf-16-be", "mojibake", "lying-bom"]))
    if how == "gbk":
        return text.encode("gbk", "replace")
    if how == "mojibake":
        return text.encode("utf-8").decode("latin-1").encode("utf-8")
    if how == "lying-bom":
        return b"\xff\xfe" + original
    return text.encode(how, "surrogatepass")


_TAGS = (
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "caption",
    "p",
    "div",
    "span",
    "br",
    "font",
    "o:p",
    "script",
    "style",
    "textarea",
    "title",
    "svg",
    "math",
    "template",
)
_ATTRS = ('rowspan="{n}"', 'colspan="{n}"', "rowspan={n}", 'style="x"', "x", 'charset="gbk"')
_WORDS = (
    "规章",
    "规范性文件",
    "本年新收政府信息公开申请数量",
    "合计",
    "总计",
    "0",
    "12",
    "-",
    "&nbsp;",
)


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    """Random markup from the vocabulary of report pages: tables, spans, comments, entities."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 5))
        tag = draw(st.sampled_from(_TAGS))
        if kind == 0:
            attr = draw(st.sampled_from(("", *_ATTRS))).format(n=draw(st.integers(-5, 10**6)))
            parts.append(f"<{tag} {attr}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(_WORDS)))
        elif kind == 3:
            parts.append(draw(st.text(max_size=8)))
        elif kind == 4:
            parts.append(
                draw(
                    st.sampled_from(
                        ("<!--", "-->", "<!doctype html>", "&#0;", "&#x110000;", "<", ">")
                    )
                )
            )
        else:
            depth = draw(st.integers(1, 200))
            parts.append(f"<{tag}>" * depth)
    return "".join(parts)


def hostile_bytes(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """Garbage, mutations and misencodings of ``seeds``, and tag soup."""
    seeded = st.sampled_from(seeds)
    return st.one_of(
        st.binary(max_size=300),
        seeded.flatmap(mutations),
        seeded.flatmap(misencoded),
        tag_soup().map(lambda s: s.encode("utf-8", "surrogatepass")),
    )


def hostile_text(seeds: list[bytes]) -> st.SearchStrategy[str]:
    """The same as text (str input), with lone surrogates and NULs kept in."""
    return st.one_of(
        st.text(max_size=300),
        hostile_bytes(seeds).map(lambda b: b.decode("utf-8", "surrogateescape")),
        tag_soup(),
    )


def only_typed_errors(name: str, call: Callable[[], Any]) -> Any:
    """Run ``call``; a library error must name a place, any other exception fails the test."""
    RUNS[name] += 1
    try:
        return call()
    except DisclosureFormatError as exc:
        assert_located(exc)
        return None


def assert_located(exc: DisclosureFormatError) -> None:
    """A file-problem error names a place for each problem (a key path such as
    ``$.values['t3/…']``, or ``table t2``) and says what is wrong; others say something."""
    text = str(exc)
    assert text.strip(), type(exc)
    assert "Traceback" not in text
    problems = getattr(exc, "problems", None)
    if problems is not None:
        assert problems
        assert all(p.path.strip() and p.message.strip() for p in problems), text
