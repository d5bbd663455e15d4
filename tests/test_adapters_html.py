"""The HTML adapter: the official grid, accessible markup, escaping, the reviewer's view.

The Chromium test opens the page in a real browser and measures each table's
rendered columns; it is skipped when ``chromium`` is not installed, except
under CI (``CI=true``), where a missing browser is a failure.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import _chromium
import disclosure_format as df
from disclosure_format.adapters import html as html_adapter
from disclosure_format.adapters._values import write_cell
from disclosure_format.layout import table_layout
from disclosure_format.testing import HOSTILE_STRINGS, reports

FORMATS = [spec.id for spec in df.list_formats()]


class _Table:
    def __init__(self, table_id: str) -> None:
        self.id = table_id
        self.rows: list[list[tuple[str, dict[str, str | None]]]] = []
        self.sections: list[str] = []


class _Grid(HTMLParser):
    """Every table of a page as rows of (tag, attributes), and which row group each row is in."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[_Table] = []
        self._group = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.tables.append(_Table(found.get("data-table") or ""))
        elif tag in ("thead", "tbody"):
            self._group = tag
        elif tag == "tr":
            self.tables[-1].rows.append([])
            self.tables[-1].sections.append(self._group)
        elif tag in ("td", "th"):
            self.tables[-1].rows[-1].append((tag, found))


def _widths(table: _Table) -> list[int]:
    """Each row's width after resolving row and column spans (the HTML table model)."""
    covered: dict[tuple[int, int], bool] = {}
    widths = []
    for r, row in enumerate(table.rows):
        col = 0
        for _, attrs in row:
            while covered.get((r, col)):
                col += 1
            rowspan, colspan = int(attrs.get("rowspan") or 1), int(attrs.get("colspan") or 1)
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered[(r + dr, col + dc)] = True
            col += colspan
        widths.append(max([c + 1 for (rr, c) in covered if rr == r], default=0))
    return widths


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_row_of_every_table_is_as_wide_as_its_header(format_id: str) -> None:
    spec = df.get_format(format_id)
    page = df.render(df.new_report(spec, "某某局", spec.years.first), "html")
    parser = _Grid()
    parser.feed(page)  # type: ignore[arg-type]
    assert [t.id for t in parser.tables] == [t.id for t in spec.tables]
    for table, parsed in zip(spec.tables, parser.tables, strict=True):
        widths = _widths(parsed)
        layout = table_layout(table)
        assert len(widths) == layout.n_rows, table.id
        assert set(widths) == {layout.n_cols}, (table.id, widths)
        header = [i for i, group in enumerate(parsed.sections) if group == "thead"]
        assert header, f"{table.id} has no <thead>"
        assert all(widths[i] == widths[header[0]] for i in range(len(widths)))


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_data_cell_names_its_row_and_column_labels(format_id: str) -> None:
    spec = df.get_format(format_id)
    page = df.render(df.new_report(spec, "某某局", spec.years.first), "html")
    parser = _Grid()
    parser.feed(page)  # type: ignore[arg-type]
    ids: dict[str, str] = {}
    for table in parser.tables:
        for row in table.rows:
            for tag, attrs in row:
                if tag == "th":
                    assert attrs.get("scope") in ("col", "colgroup", "row", "rowgroup"), attrs
                    ident = attrs.get("id")
                    assert ident
                    assert ident not in ids
                    ids[ident] = table.id
    labels = dict(re.findall(r'<th[^>]* id="([^"]+)">([^<]*)</th>', page))  # type: ignore[arg-type]
    seen = set()
    for table in parser.tables:
        for row in table.rows:
            for tag, attrs in row:
                key = attrs.get("data-cell")
                if tag != "td" or key is None:
                    continue
                seen.add(key)
                cell = spec.cell(key)
                named = [labels[i] for i in (attrs.get("headers") or "").split()]
                wanted = [n.label for n in (*cell.row, *cell.column) if n.label]
                assert [x for x in named if x in wanted] == [x for x in wanted if x in named]
                assert set(wanted) <= set(named), (key, named)
    assert seen == set(spec.cell_keys)


@pytest.mark.parametrize("text", HOSTILE_STRINGS)
def test_every_string_is_escaped_in_text_and_attributes(text: str) -> None:
    report = df.new_report(
        "2021",
        text,
        2023,
        narrative={"overview": text},
        values={"t3/new/applicant.total": text},
    )
    findings = df.validate(report)
    page = df.render(report, "html", findings=findings)
    assert isinstance(page, str)
    assert "<script>" not in page
    assert "<img" not in page
    assert "</table></td><p" not in page
    assert df.read(page).report == report


def test_a_fragment_is_the_article_alone_and_reads_back() -> None:
    report = df.new_report("2021", "某某局", 2023, values={"t3/new/applicant.total": 1})
    fragment = df.render(report, "html", standalone=False)
    assert isinstance(fragment, str)
    assert fragment.startswith("<article")
    assert "<html" not in fragment
    assert "<style>" not in fragment
    assert df.read(fragment).report == report


def test_the_page_prints_on_a4() -> None:
    page = df.render(df.new_report("2021"), "html")
    assert isinstance(page, str)
    assert "@page { size: A4" in page
    assert "@media print" in page


def test_the_reviewers_view_marks_each_cell_of_a_finding() -> None:
    report = df.load_report(
        Path(__file__).resolve().parent.parent / "examples" / "2021-with-errors.json"
    )
    findings = df.validate(report)
    errors = [f for f in findings if f.is_error]
    assert errors
    page = df.render(report, "html", findings=findings)
    assert isinstance(page, str)
    for finding in errors:
        for ref in finding.cells:
            if ref.previous:
                continue
            tag = re.search(rf'<td[^>]* data-cell="{re.escape(ref.key)}"[^>]*>', page)
            assert tag is not None
            assert "df-flag df-error" in tag.group()
            assert f"{finding.rule}: " in tag.group()
    assert 'class="df-findings"' in page
    assert page.count("<li id=") == len(findings)
    assert df.read(page).report == report  # marks and the list are not read as values


def test_cells_without_findings_are_not_marked() -> None:
    spec = df.get_format("2021")
    report = df.new_report(spec, "某某局", 2023, values=dict.fromkeys(spec.cell_keys, 0))
    page = df.render(report, "html", findings=df.validate(report))
    assert isinstance(page, str)
    assert "df-flag" not in page.split("<style>")[1].split("</style>")[1]


@pytest.mark.parametrize("format_id", FORMATS)
@given(data=st.data())
def test_a_page_edited_by_a_tool_reads_the_same(format_id: str, data) -> None:
    """Comments, reordered attributes, entities and tags inside cells: the standard parser's
    path gives what the fast path gives."""
    report = data.draw(reports(format_id, valid=False))
    page = df.render(report, "html")
    assert isinstance(page, str)
    assert html_adapter._fast_collect(page) is not None
    edited = page.replace("<body>", "<body><!-- edited -->")
    edited = re.sub(
        r'<td( rowspan="\d+")?( colspan="\d+")? data-cell="([^"]+)" headers="([^"]*)"',
        r"<td\1\2 headers='\4' data-cell='\3'",
        edited,
    )
    edited = edited.replace('<dd data-field="agency">', '<dd data-field="agency"><!-- -->')
    assert html_adapter._fast_collect(edited) is None
    assert df.read(edited).report == report


def test_a_page_that_is_not_ours_is_refused() -> None:
    with pytest.raises(df.ReportError, match="not a page written by this library"):
        df.read("<html><body><table><tr><td>1</td></tr></table></body></html>", "html")


def test_text_in_a_number_cell_edited_into_a_page_is_kept_and_noted() -> None:
    report = df.new_report("2021", "某某局", 2023, values={"t3/new/applicant.total": 5})
    page = df.render(report, "html")
    assert isinstance(page, str)
    edited = re.sub(r'(data-cell="t3/new/applicant.total"[^>]*>)5<', r"\1五<", page)
    reading = df.read(edited, source="edited.html")
    assert reading.report.values["t3/new/applicant.total"] == "五"
    (note,) = reading.notes
    assert note.kind == "not-a-number"
    assert note.cell == "t3/new/applicant.total"
    assert note.file == "edited.html"
    assert note.line is not None


# --- in a real browser --------------------------------------------------------------

_MEASURE = _chromium.script(
    """
  out = [];
  for (const table of document.querySelectorAll("table.df-table")) {
    const lefts = new Set();
    for (const cell of table.querySelectorAll("th, td")) {
      lefts.add(Math.round(cell.getBoundingClientRect().left));
    }
    const cells = {};
    for (const cell of table.querySelectorAll("td[data-cell]")) {
      cells[cell.dataset.cell] = cell.textContent;
    }
    const labels = [...table.querySelectorAll("th")].map((th) => th.textContent);
    out.push({table: table.dataset.table, columns: lefts.size, cells, labels});
  }
"""
)


@pytest.mark.parametrize("format_id", FORMATS)
def test_in_chromium_each_table_has_the_formats_columns_and_texts(
    format_id: str, tmp_path: Path
) -> None:
    spec = df.get_format(format_id)
    values = {
        key: i if spec.cell(key).kind.numeric else f"文{i}" for i, key in enumerate(spec.cell_keys)
    }
    values[spec.cell_keys[0]] = None
    report = df.new_report(spec, "某某局<测试>", spec.years.first, values=values)
    page = df.render(report, "html")
    assert isinstance(page, str)
    file = tmp_path / "report.html"
    file.write_text(page.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    measured = _chromium.measured(file)["out"]
    assert [m["table"] for m in measured] == [t.id for t in spec.tables]
    for table, got in zip(spec.tables, measured, strict=True):
        layout = table_layout(table)
        assert got["columns"] == layout.n_cols, table.id
        expected = {
            key: write_cell(report.values[key], spec.cell(key).kind)
            for key in spec.cell_keys
            if spec.cell(key).table is table
        }
        assert got["cells"] == expected
        labels = [
            c.text
            for c in sorted(layout.cells, key=lambda c: (c.row, c.col))
            if c.role in ("caption", "column", "row")
        ]
        assert got["labels"] == labels


_LAYOUT = _chromium.script(
    """
  out = {page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
         tables: []};
  for (const table of document.querySelectorAll("table.df-table")) {
    const article = table.closest("article");
    const rows = [...table.querySelectorAll("th[scope=row]")];
    const numbers = [...table.querySelectorAll("td.df-num")];
    const width = (e) => e.getBoundingClientRect().width;
    out.tables.push({
      where: article.lang + " " + article.dataset.disclosureFormat + " " + table.dataset.table,
      dense: table.classList.contains("df-dense"),
      width: width(table), scroll: table.scrollWidth, room: article.clientWidth,
      narrowest_label: rows.length ? Math.min(...rows.map(width)) : null,
      widest_number: numbers.length ? Math.max(...numbers.map(width)) : null,
    });
  }
"""
)


def test_in_chromium_every_table_fits_an_a4_page_in_every_locale(tmp_path: Path) -> None:
    """Every table of every format and locale fits the A4 text width (170 mm, the
    page's ``max-width`` on screen and the printable width of the A4 ``@page``),
    four-digit counts in every cell; row labels are wider than number columns."""
    from disclosure_format.i18n import SUPPORTED_LOCALES

    articles = []
    for spec in df.list_formats():
        values = {key: 9876 for key in spec.cell_keys if spec.cell(key).kind.numeric}
        report = df.new_report(spec, "某某局", spec.years.first, values=values)
        for locale in SUPPORTED_LOCALES:
            prefix = f"p-{spec.id}-{locale}"
            articles.append(
                df.render(report, "html", standalone=False, id_prefix=prefix, locale=locale)
            )
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        f"{html_adapter.STYLESHEET}</style></head><body>{''.join(articles)}{_LAYOUT}</body></html>"
    )
    file = tmp_path / "all.html"
    file.write_text(page, encoding="utf-8")
    got = _chromium.measured(file)
    assert got["errors"] == []
    tables = got["out"]["tables"]
    assert len(tables) == len(SUPPORTED_LOCALES) * sum(len(s.tables) for s in df.list_formats())
    for t in tables:
        assert t["room"] <= 643, t  # 170 mm at 96 dpi
        assert t["width"] <= t["room"] + 0.5, t
        assert t["scroll"] <= t["room"], t
        if t["dense"] and t["narrowest_label"] is not None:
            assert t["widest_number"] < t["narrowest_label"], t
    scroll, client = got["out"]["page"]
    assert scroll <= client, "the page needs a horizontal scrollbar"
