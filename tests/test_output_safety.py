"""Output safety: injection payloads in every string a page or sheet shows are inert.

Payloads go into the report (agency, narrative, text in cells) and into a
test-only definition (format title, section titles, table captions and
corners, row and column labels, rule messages), which is rendered in every
locale, as a page and as a fragment, plain and in the reviewer's view.  The
HTML is parsed with html5lib, as a browser would, and must hold no script,
no event handler, no ``javascript:`` URL and no style carrying a payload;
and every payload must still be there as visible text (escaped, not dropped).
Spreadsheet outputs must neutralise formulas and read every hostile string
back unchanged.
"""

from __future__ import annotations

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st

import disclosure_format as df
from disclosure_format.i18n import SUPPORTED_LOCALES
from disclosure_format.registry import builtin_formats_dir
from disclosure_format.spec import CellKind

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    '<a href="javascript:alert(4)">x</a>',
    "javascript:alert(5)",
    '</td></tr></table><p style="background:url(javascript:alert(6))">',
    "<style>*{background:url(javascript:alert(7))}</style>",
    '" style="behavior:url(x.htc)" onmouseover="alert(8)',
    "<iframe src=//evil.example/9></iframe>",
    "<!--<script>alert(10)</script>-->",
    "]]><script>alert(11)</script>",
    "&lt;script&gt;alert(12)&lt;/script&gt;",
)
"""Each payload carries a marker (``alert(N)``) that must never reach an executable place."""

MARKERS = [f"alert({n})" for n in range(1, 13)]
SAFE_PAYLOADS = [p for p in PAYLOADS if "{" not in p]  # braces start a label's attributes


def hostile_definition() -> df.FormatSpec:
    """The 2021 format with a payload in each display text the definition holds."""
    text = (builtin_formats_dir() / "2021.toml").read_text(encoding="utf-8")

    def toml(payload: str) -> str:
        return payload.replace("\\", "\\\\").replace('"', '\\"')

    replacements = [
        ('title = "中华人民共和国', f'title = "{toml(PAYLOADS[0])}中华人民共和国'),
        ('title = "一、总体情况"', f'title = "一、{toml(PAYLOADS[1])}总体情况"'),
        ('caption = "主动公开政府信息情况"', f'caption = "{toml(PAYLOADS[2])}"'),
        ('corner = "信息内容"', f'corner = "{toml(PAYLOADS[3])}"'),
        ("现行有效件数", "现行有效件数" + SAFE_PAYLOADS[4]),
        ("规章", "规章" + SAFE_PAYLOADS[5]),
        (
            'message = "本年新收与上年结转之和',
            f'message = "{toml(PAYLOADS[7])}本年新收与上年结转之和',
        ),
    ]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return df.loads_definition(text, source="hostile-2021.toml")


SPEC = hostile_definition()


def hostile_report(spec: df.FormatSpec) -> df.Report:
    values: dict[str, df.Value] = dict.fromkeys(spec.cell_keys, 0)
    numeric = [c.key for c in spec.cells if c.kind is not CellKind.TEXT]
    for key, payload in zip(numeric, PAYLOADS, strict=False):
        values[key] = payload  # text typed into number cells is shown as text
    values["t3/new/applicant.total"] = 999  # breaks a rule, so the reviewer view lists it
    return df.new_report(
        spec,
        " ".join(PAYLOADS[:4]),
        2023,
        values=values,
        narrative={s.key: "\n".join(PAYLOADS) for s in spec.sections},
    )


_URL_ATTRIBUTES = frozenset(
    ("href", "src", "action", "formaction", "background", "poster", "data", "srcset", "xlink:href")
)
"""Where a ``javascript:`` URL runs; in other attributes (``title``) it is inert text."""


def _unsafe(document) -> list[str]:
    """Everything executable or styled that carries a payload marker."""
    problems = []
    for element in document.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        name = tag.rpartition("}")[2]
        if name in ("script", "iframe", "img", "svg", "object", "embed"):
            problems.append(f"<{name}> element")
        if name == "style" and any(m in (element.text or "") for m in MARKERS):
            problems.append("a <style> carrying a payload")
        for attribute, value in element.attrib.items():
            attr = attribute.rpartition("}")[2].lower()
            if attr.startswith("on"):
                problems.append(f"{attr} attribute")
            url_bearing = attr in _URL_ATTRIBUTES or attr == "style"
            if url_bearing and "javascript:" in value.lower().replace(" ", ""):
                problems.append(f"javascript: URL in {attr}")
            if attr == "style" and any(m in value for m in MARKERS):
                problems.append("a style attribute carrying a payload")
            if attr in ("href", "src", "action", "formaction") and not value.startswith("#"):
                problems.append(f"{attr} attribute pointing out of the page: {value}")
    return problems


def _text(document) -> str:
    return "".join(document.itertext())


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("standalone", [True, False], ids=["page", "fragment"])
@pytest.mark.parametrize("reviewer", [False, True], ids=["plain", "findings"])
def test_html_output_holds_no_live_payload(locale, standalone, reviewer):
    report = hostile_report(SPEC)
    findings = df.validate(report, spec=SPEC, locale=locale) if reviewer else None
    if reviewer:
        assert findings
    page = df.render(
        report, "html", spec=SPEC, standalone=standalone, findings=findings, locale=locale
    )
    assert isinstance(page, str)
    parse = html5lib.parse if standalone else html5lib.parseFragment
    document = parse(page, namespaceHTMLElements=False)
    if not standalone:
        document = _wrap(document)
    assert _unsafe(document) == []
    text = _text(document)
    for payload in PAYLOADS:  # shown as text, not dropped
        assert payload in text, payload
    if locale == "zh_Hans":  # the definition's texts are shown untranslated in the source locale
        for payload in (PAYLOADS[2], PAYLOADS[3], SAFE_PAYLOADS[4], SAFE_PAYLOADS[5]):
            assert payload in text, payload


def _wrap(fragment):
    """html5lib returns a fragment as a list-like element; iterate it as one tree."""
    import xml.etree.ElementTree as ET

    root = ET.Element("root")
    root.text = fragment.text
    root.extend(list(fragment))
    return root


def test_the_clean_page_passes_the_same_check():
    """The check can fail: a page with a live payload is caught."""
    report = df.new_report("2021", "某某局", 2023)
    page = df.render(report, "html")
    assert _unsafe(html5lib.parse(page, namespaceHTMLElements=False)) == []
    poisoned = page.replace("某某局", PAYLOADS[1])
    assert _unsafe(html5lib.parse(poisoned, namespaceHTMLElements=False))


@pytest.mark.parametrize("name", ["csv", "csv-long", "xlsx", "text", "html", "json"])
@given(
    agency=st.sampled_from([*PAYLOADS, "=1+1", "+1", "-1+1", "@SUM(A1)", "\tx", "=HYPERLINK(x)"]),
    cell=st.sampled_from([*PAYLOADS, "=1+1", "+1", "@x", "-x", "\t=1", "'=1"]),
    narrative=st.sampled_from([*PAYLOADS, "=cmd|' /C calc'!A0", "+A1", "-A1", "@A1"]),
)
def test_hostile_strings_in_every_text_position_read_back_unchanged(name, agency, cell, narrative):
    spec = df.get_format("2021")
    key = "t3/new/applicant.natural_person"
    report = df.new_report(
        spec, agency, 2023, values={key: cell}, narrative={"overview": narrative, "other": cell}
    )
    output = df.render(report, name)
    back = df.read(output, name).report
    assert back == report
    if name in ("csv", "csv-long"):
        import csv
        import io

        assert isinstance(output, str)
        for row in csv.reader(io.StringIO(output)):
            for field in row:
                assert not field.startswith(("=", "+", "@", "\t", "\r")), field
                if field.startswith("-"):
                    float(field)  # only a negative number may start with a minus


def test_xlsx_cells_are_never_formulas():
    import io

    from openpyxl import load_workbook

    report = df.new_report(
        "2021",
        '=HYPERLINK("http://x")',
        2023,
        values={"t3/new/applicant.natural_person": "=1+1"},
        narrative={"overview": "@SUM(A1)"},
    )
    data = df.render(report, "xlsx")
    assert isinstance(data, bytes)
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
