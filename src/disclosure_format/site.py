"""The review site: a batch's results as static HTML pages, for reviewers.

:func:`write_site` (or :class:`SiteWriter`, fed one result at a time as
``batch --site DIR`` does) writes, into one directory:

* ``index.html`` — every report with its agency, year, format, status and
  counts, in a table that sorts (click a column) and filters (a search box
  and a status choice); the counts per rule and per agency, each with a bar
  chart drawn as inline SVG;
* ``reports/NNNNN.html`` — each readable report's reviewer view: the
  official tables with the failing cells highlighted and the findings listed
  (the HTML adapter's ``render(..., findings=...)``, the same page as
  ``render --findings``), then the notes made while reading it;
* ``agencies/NNNN.html`` — for an agency with reports for several years, its
  series (:func:`~disclosure_format.series.series`): the main figures year by
  year and the cross-year findings.

Nothing is fetched: no server, no CDN, no external script or font; the small
scripts are inline and work from ``file://``.  Every text from a report
(agency names, file names, messages) is escaped; file names of pages are
numbers, never derived from input.  Texts are in the chosen locale (default
zh_Hans); the report pages show the official labels unless a locale is given.

Results carry no report, so a report page is made by reading its file again
(the same reader as the batch, one file in memory at a time); the index keeps
one small row per report, and the series are read at the end.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

import attrs

from ._textgrid import display_width
from .batch import BatchResult
from .errors import DisclosureFormatError, Problem, ReportError
from .findings import describe
from .i18n import Translator, get_translator
from .limits import read_file, resolve
from .model import Report
from .reading import ReadNote
from .registry import FormatRegistry, default_registry
from .series import Series, series

__all__ = ["SiteWriter", "write_site"]

_REPORTS = "reports"
_AGENCIES = "agencies"
_REPORT_PAGE = re.compile(r"[0-9]{5}\.html")
_AGENCY_PAGE = re.compile(r"[0-9]{4}\.html")
_CHART_BARS = 30
"""A chart shows this many bars at most (the largest); the table beside it has all."""


def write_site(
    results: Iterable[BatchResult],
    directory: str | os.PathLike[str],
    *,
    registry: FormatRegistry | None = None,
    locale: str | None = None,
    max_bytes: int | None = None,
) -> Path:
    """Write the review site of ``results`` (from :func:`~disclosure_format.batch.batch`)
    into ``directory`` (created if needed); returns the path of ``index.html``.

    ``registry`` must be the one the batch used; ``locale`` sets the language of
    the pages (default zh_Hans; the report pages then show the official labels);
    ``max_bytes`` bounds the re-reading of each file, as in the batch.
    """
    writer = SiteWriter(directory, registry=registry, locale=locale, max_bytes=max_bytes)
    for result in results:
        writer.write(result)
    return writer.close()


@attrs.frozen
class _Row:
    """What the index keeps of one result."""

    number: int
    result: BatchResult
    page: str | None
    problem: str | None
    """Why there is no report page (the file could not be read, or not again)."""

    @property
    def status(self) -> str:
        if self.result.error is not None:
            return "unreadable"
        return "valid" if self.result.valid else "invalid"


class SiteWriter:
    """Writes the site as results come: a report page per result, the index at :meth:`close`."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        registry: FormatRegistry | None = None,
        locale: str | None = None,
        max_bytes: int | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.registry = registry or default_registry()
        self.locale = locale
        self.tr = get_translator(locale)
        self.max_bytes = resolve(max_bytes)
        self.rows: list[_Row] = []
        self._cached: tuple[str, list[Report]] | None = None
        for sub in (_REPORTS, _AGENCIES):
            (self.directory / sub).mkdir(parents=True, exist_ok=True)

    def write(self, result: BatchResult) -> None:
        """Add one result: its report page is written now."""
        number = len(self.rows) + 1
        page, problem = None, result.error
        if result.error is None:
            page = f"{_REPORTS}/{number:05d}.html"
            problem = self._write_report(result, self.directory / page)
            if problem is not None:
                page = None
        self.rows.append(_Row(number, result, page, problem))

    def close(self) -> Path:
        """Write the series pages and the index; returns the index's path."""
        agencies = self._write_series()
        self._cached = None
        index = self.directory / "index.html"
        _write(index, _Index(self.tr, self.rows, agencies).page())
        written = {r.page for r in self.rows} | set(agencies.values())
        for sub, name in ((_REPORTS, _REPORT_PAGE), (_AGENCIES, _AGENCY_PAGE)):
            for old in (self.directory / sub).iterdir():
                if name.fullmatch(old.name) and f"{sub}/{old.name}" not in written:
                    old.unlink()  # a page of an earlier, larger run: it would be stale
        return index

    # --- reports ---------------------------------------------------------------------

    def _reports_of(self, file: str) -> list[Report]:
        """The reports of a file, read as the batch read them (the last file is kept)."""
        if self._cached is None or self._cached[0] != file:
            from .adapters import read_many

            data = read_file(file, max_bytes=self.max_bytes)
            readings = read_many(
                data, registry=self.registry, source=file, max_bytes=self.max_bytes
            )
            self._cached = (file, [r.report for r in readings])
        return self._cached[1]

    def _report(self, result: BatchResult) -> Report:
        reports = self._reports_of(result.file)
        if result.index >= len(reports):
            problem = Problem("$", "the file holds fewer reports than when the batch read it")
            raise ReportError(result.file, [problem])
        return reports[result.index]

    def _write_report(self, result: BatchResult, path: Path) -> str | None:
        """Write a report's reviewer view; the reason if it could not be made."""
        from .adapters import render

        tr = self.tr
        try:
            report = self._report(result)
            article = render(
                report,
                "html",
                spec=self.registry.get(report.format),
                standalone=False,
                findings=result.findings,
                locale=self.locale,
            )
        except (DisclosureFormatError, OSError) as exc:
            return str(exc)
        assert isinstance(article, str)
        title = tr.gettext("{agency} {year} 年度报告").format(
            agency=result.agency or tr.gettext("（未填报告机关）"), year=result.year
        )
        file = tr.gettext("文件")
        body = [
            _nav(tr, "../index.html"),
            f'<p class="df-source">{_esc(file)}: <code>{_esc(result.file)}</code>'
            + (f" #{result.index + 1}" if result.index else "")
            + "</p>\n",
            article,
            _notes(tr, result.notes),
        ]
        _write(path, _page(tr, title, "".join(body), report_page=True))
        return None

    # --- series ----------------------------------------------------------------------

    def _write_series(self) -> dict[str, str]:
        """A page per agency with reports for several years; agency → its page."""
        by_agency: dict[str, list[_Row]] = {}
        for row in self.rows:
            if row.page is not None and row.result.agency:
                by_agency.setdefault(row.result.agency, []).append(row)
        pages: dict[str, str] = {}
        for agency, rows in by_agency.items():
            if len({r.result.year for r in rows}) < 2:
                continue
            page = f"{_AGENCIES}/{len(pages) + 1:04d}.html"
            body: str
            try:
                found = series((self._report(r.result) for r in rows), registry=self.registry)
                body = _series_body(self.tr, found, rows)
            except (DisclosureFormatError, OSError) as exc:
                body = f'<p class="df-problem">{_esc(str(exc))}</p>\n'
            title = self.tr.gettext("{agency}：历年报告").format(agency=agency)
            heading = f"{_nav(self.tr, '../index.html')}<h1>{_esc(title)}</h1>\n"
            _write(self.directory / page, _page(self.tr, title, heading + body))
            pages[agency] = page
        return pages


# --- the index -------------------------------------------------------------------------


class _Index:
    """The index page: totals, the charts and their tables, the table of every report."""

    def __init__(self, tr: Translator, rows: Sequence[_Row], agencies: dict[str, str]) -> None:
        self.tr = tr
        self.rows = rows
        self.agencies = agencies

    def page(self) -> str:
        tr = self.tr
        count = len(self.rows)
        title = tr.ngettext("审查：{n} 份报告", "审查：{n} 份报告", count).format(n=count)
        body = [
            f"<h1>{_esc(title)}</h1>\n",
            self._totals(),
            self._by_rule(),
            self._by_agency(),
            self._series(),
            self._reports(),
            f"<script>\n{_SCRIPT}</script>\n",
        ]
        return _page(tr, title, "".join(body))

    def _totals(self) -> str:
        tr = self.tr
        status = Counter(r.status for r in self.rows)
        counts = Counter[str]()
        for row in self.rows:
            counts.update(errors=row.result.errors, warnings=row.result.warnings)
        items = [
            (tr.gettext("报告"), len(self.rows)),
            (tr.gettext("通过"), status["valid"]),
            (tr.gettext("有错误"), status["invalid"]),
            (tr.gettext("无法读取"), status["unreadable"]),
            (tr.gettext("错误"), counts["errors"]),
            (tr.gettext("警告"), counts["warnings"]),
        ]
        cells = "".join(f"<dt>{_esc(name)}</dt><dd>{n}</dd>" for name, n in items)
        return f'<dl class="df-totals">{cells}</dl>\n'

    def _by_rule(self) -> str:
        tr = self.tr
        counts: Counter[tuple[str, str, str]] = Counter()
        reports: Counter[tuple[str, str]] = Counter()
        for row in self.rows:
            seen = set()
            for f in row.result.findings:
                key = (str(row.result.format), f.rule)
                counts[(*key, f.severity.value)] += 1
                seen.add(key)
            reports.update(seen)
        rules = sorted(reports, key=lambda k: (-sum(_of(counts, k)), k))
        heading = tr.gettext("各规则的问题")
        if not rules:
            none = tr.gettext("没有问题。")
            return f"<h2>{_esc(heading)}</h2>\n<p>{_esc(none)}</p>\n"
        chart = _bar_chart(
            tr.gettext("各规则的问题数（前 {n} 条）").format(n=min(len(rules), _CHART_BARS)),
            [(f"{fmt} · {rule}", sum(_of(counts, (fmt, rule)))) for fmt, rule in rules],
            "df-chart-rules",
        )
        header = (
            tr.gettext("格式"),
            tr.gettext("规则"),
            tr.gettext("报告"),
            tr.gettext("错误"),
            tr.gettext("警告"),
            tr.gettext("提示"),
        )
        body = [(fmt, rule, reports[(fmt, rule)], *_of(counts, (fmt, rule))) for fmt, rule in rules]
        return f"<h2>{_esc(heading)}</h2>\n{chart}{_table(header, body, 'df-rules')}"

    def _by_agency(self) -> str:
        tr = self.tr
        per: dict[str, list[int]] = {}
        for row in self.rows:
            if row.result.error is not None:
                continue
            counts = per.setdefault(row.result.agency or "", [0, 0, 0, 0])
            counts[0] += 1
            counts[1] += not row.result.valid
            counts[2] += row.result.errors
            counts[3] += row.result.warnings
        agencies = sorted(per, key=lambda a: (-per[a][2], -per[a][1], a))
        heading = tr.gettext("各机关的问题")
        if not agencies:
            return ""
        unnamed = tr.gettext("（未填报告机关）")
        chart = _bar_chart(
            tr.gettext("各机关的错误数（前 {n} 个）").format(n=min(len(agencies), _CHART_BARS)),
            [(a or unnamed, per[a][2]) for a in agencies],
            "df-chart-agencies",
        )
        header = [tr.gettext("机关"), tr.gettext("报告"), tr.gettext("有错误")]
        header += [tr.gettext("错误"), tr.gettext("警告")]
        body = [(a or unnamed, *per[a]) for a in agencies]
        return f"<h2>{_esc(heading)}</h2>\n{chart}{_table(header, body, 'df-agencies')}"

    def _series(self) -> str:
        if not self.agencies:
            return ""
        tr = self.tr
        items = "".join(
            f'<li><a href="{_esc(page)}">{_esc(agency)}</a></li>\n'
            for agency, page in sorted(self.agencies.items())
        )
        heading = tr.gettext("多个年度的机关")
        return f'<h2>{_esc(heading)}</h2>\n<ul class="df-series-list">\n{items}</ul>\n'

    def _reports(self) -> str:
        tr = self.tr
        names = {
            "valid": tr.gettext("通过"),
            "invalid": tr.gettext("有错误"),
            "unreadable": tr.gettext("无法读取"),
        }
        options = "".join(f'<option value="{k}">{_esc(v)}</option>' for k, v in names.items())
        search, status, every = tr.gettext("筛选"), tr.gettext("状态"), tr.gettext("全部")
        shown = tr.gettext("显示")
        controls = (
            '<p class="df-controls">'
            f'<label>{_esc(search)} <input type="search" id="df-filter"></label> '
            f'<label>{_esc(status)} <select id="df-status">'
            f'<option value="">{_esc(every)}</option>{options}</select></label> '
            f'<span>{_esc(shown)} <output id="df-shown">{len(self.rows)}</output>'
            f" / {len(self.rows)}</span></p>\n"
        )
        columns = (
            ("number", "#"),
            ("text", tr.gettext("文件")),
            ("text", tr.gettext("机关")),
            ("number", tr.gettext("年度")),
            ("text", tr.gettext("格式")),
            ("text", tr.gettext("状态")),
            ("number", tr.gettext("错误")),
            ("number", tr.gettext("警告")),
            ("number", tr.gettext("提示")),
            ("number", tr.gettext("读取说明")),
        )
        head = "".join(
            f'<th scope="col" data-type="{kind}"><button type="button">{_esc(name)}</button></th>'
            for kind, name in columns
        )
        lines = [
            f'<table class="df-list" id="df-reports">\n<thead><tr>{head}</tr></thead>\n<tbody>'
        ]
        for row in self.rows:
            lines.append(self._report_row(row, names[row.status]))
        lines.append("</tbody>\n</table>\n")
        heading = tr.gettext("全部报告")
        return f"<h2>{_esc(heading)}</h2>\n{controls}" + "\n".join(lines)

    def _report_row(self, row: _Row, status: str) -> str:
        r = row.result
        file = _esc(r.file) + (f" #{r.index + 1}" if r.index else "")
        if row.page is not None:
            file = f'<a href="{_esc(row.page)}">{file}</a>'
        if row.problem is not None:
            file += f'<div class="df-problem">{_esc(row.problem)}</div>'
        agency = _esc(r.agency or "")
        if r.agency and r.agency in self.agencies:
            agency = f'<a href="{_esc(self.agencies[r.agency])}">{agency}</a>'
        year = "" if r.year is None else str(r.year)
        numbers = (r.errors, r.warnings, r.notices, r.read_notes)
        cells = [
            f'<td class="df-n" data-value="{row.number}">{row.number}</td>',
            f"<td>{file}</td>",
            f"<td>{agency}</td>",
            f'<td class="df-n" data-value="{year}">{year}</td>',
            f"<td>{_esc(r.format or '')}</td>",
            f'<td class="df-status">{_esc(status)}</td>',
            *(f'<td class="df-n" data-value="{n}">{n}</td>' for n in numbers),
        ]
        return f'<tr data-status="{row.status}">{"".join(cells)}</tr>'


def _of(counts: Counter[tuple[str, str, str]], key: tuple[str, str]) -> tuple[int, int, int]:
    """(errors, warnings, notices) of a (format, rule)."""
    fmt, rule = key
    return (
        counts[(fmt, rule, "error")],
        counts[(fmt, rule, "warning")],
        counts[(fmt, rule, "notice")],
    )


# --- the series page -------------------------------------------------------------------


def _series_body(tr: Translator, found: Series, rows: Sequence[_Row]) -> str:
    """The figures year by year (each year linking to its report page), the findings, notes."""
    page_of = {r.result.year: r.page for r in rows}
    head = "".join(
        f'<th scope="col"><a href="../{_esc(page_of.get(y.year) or "")}">{y.year}</a></th>'
        for y in found.years
    )
    item = tr.gettext("项目")
    lines = [
        '<table class="df-list df-series">\n'
        f'<thead><tr><th scope="col">{_esc(item)}</th>{head}</tr></thead>\n<tbody>'
    ]
    for figure, values in found.table():
        cells = "".join(
            f'<td class="df-n">{"" if v is None else _esc(tr.format_number(v))}</td>'
            for v in values
        )
        lines.append(f'<tr><th scope="row">{_esc(tr.label(figure.label))}</th>{cells}</tr>')
    formats = "".join(f"<td>{_esc(y.report.format)}</td>" for y in found.years)
    name = tr.gettext("格式")
    lines.append(f'<tr><th scope="row">{_esc(name)}</th>{formats}</tr>')
    lines.append("</tbody>\n</table>\n")
    out = ["\n".join(lines)]
    heading = tr.gettext("逐年核对")
    out.append(f"<h2>{_esc(heading)}</h2>\n")
    findings = found.findings
    if findings:
        items = "".join(
            f'<li class="df-{f.severity.value}">{_esc(describe(f, locale=tr.locale))}</li>\n'
            for f in findings
        )
        out.append(f'<ol class="df-findings">\n{items}</ol>\n')
    else:
        none = tr.gettext("没有问题。")
        out.append(f"<p>{_esc(none)}</p>\n")
    if found.notes:
        items = "".join(f"<li>{_esc(n.message)}</li>\n" for n in found.notes)
        heading = tr.gettext("系列说明")
        out.append(f"<h2>{_esc(heading)}</h2>\n<ul>\n{items}</ul>\n")
    return "".join(out)


# --- pieces ----------------------------------------------------------------------------


def _notes(tr: Translator, notes: Sequence[ReadNote]) -> str:
    if not notes:
        return ""
    items = "".join(
        f'<li class="df-{_esc(n.severity)}"><code>{_esc(n.kind)}</code> {_esc(n.message)}'
        + (f" ({_esc(n.cell)})" if n.cell else "")
        + "</li>\n"
        for n in notes
    )
    heading = _esc(tr.gettext("读取说明"))
    return f'<section class="df-notes">\n<h2>{heading}</h2>\n<ul>\n{items}</ul>\n</section>\n'


def _nav(tr: Translator, index: str) -> str:
    back = tr.gettext("返回全部报告")
    return f'<nav class="df-nav"><a href="{index}">{_esc(back)}</a></nav>\n'


def _table(header: Sequence[str], rows: Iterable[Sequence[object]], ident: str) -> str:
    """A plain table; numbers right-aligned."""
    head = "".join(f'<th scope="col">{_esc(h)}</th>' for h in header)
    lines = [f'<table class="df-list" id="{ident}">\n<thead><tr>{head}</tr></thead>\n<tbody>']
    for row in rows:
        cells = "".join(
            f'<td class="df-n">{value}</td>'
            if isinstance(value, int)
            else f"<td>{_esc(value)}</td>"
            for value in row
        )
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</tbody>\n</table>\n")
    return "\n".join(lines)


_BAR = 18  # px per bar
_LABEL = 230  # px for the labels
_WIDTH = 640


def _bar_chart(title: str, items: Sequence[tuple[str, int]], ident: str) -> str:
    """A horizontal bar chart as inline SVG: the largest ``_CHART_BARS`` items."""
    shown = list(items[:_CHART_BARS])
    top = max((n for _, n in shown), default=0) or 1
    room = _WIDTH - _LABEL - 60
    height = _BAR * len(shown) + 8
    bars = []
    for i, (label, n) in enumerate(shown):
        y = 4 + i * _BAR
        length = max(round(room * n / top), 1 if n else 0)
        bars.append(
            f'<g class="df-bar"><title>{_esc(label)}: {n}</title>'
            f'<text x="{_LABEL - 6}" y="{y + 13}" text-anchor="end">{_esc(_clip(label))}</text>'
            f'<rect x="{_LABEL}" y="{y + 2}" width="{length}" height="{_BAR - 5}"></rect>'
            f'<text x="{_LABEL + length + 4}" y="{y + 13}">{n}</text></g>'
        )
    return (
        f'<figure class="df-chart" id="{ident}"><figcaption>{_esc(title)}</figcaption>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{_esc(title)}" '
        f'width="{_WIDTH}" height="{height}" viewBox="0 0 {_WIDTH} {height}">\n'
        + "\n".join(bars)
        + "\n</svg></figure>\n"
    )


def _clip(label: str, width: int = 34) -> str:
    """A chart label cut to ``width`` display columns (the full text is in its tooltip)."""
    if display_width(label) <= width:
        return label
    out = ""
    for ch in label:
        if display_width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _esc(value: object) -> str:
    """Text for HTML (text or attribute): escaped, and characters HTML cannot carry shown
    as U+FFFD (a control character in a file name must not break the page)."""
    return escape(_UNSAFE.sub("\ufffd", str(value)))


def _page(tr: Translator, title: str, body: str, *, report_page: bool = False) -> str:
    from .adapters.html import STYLESHEET

    lang = {"zh_Hans": "zh-CN", "zh_Hant": "zh-Hant"}.get(tr.locale, tr.locale)
    style = (STYLESHEET if report_page else "") + _STYLE
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>\n{style}</style>\n</head>\n"
        f'<body class="df-site">\n{body}</body>\n</html>\n'
    )


def _write(path: Path, text: str) -> None:
    """Write a page whole: a temporary file renamed over the target."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


_STYLE = """\
body.df-site { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
  margin: 1.5em auto; max-width: 1100px; padding: 0 1em; color: #111; }
.df-nav { margin-bottom: 1em; }
.df-totals { display: flex; flex-wrap: wrap; gap: 0.5em 2em; }
.df-totals dt { font-weight: bold; }
.df-totals dd { margin: 0 0 0 0.4em; }
.df-list { border-collapse: collapse; margin: 0.5em 0 1.5em; }
.df-list th, .df-list td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; }
.df-list td.df-n { text-align: right; font-variant-numeric: tabular-nums; }
.df-list thead th, .df-list td.df-status { white-space: nowrap; }
.df-list thead button { font: inherit; font-weight: bold; border: 0; background: none;
  cursor: pointer; padding: 0; }
.df-list th[aria-sort="ascending"] button::after { content: " \\25B2"; }
.df-list th[aria-sort="descending"] button::after { content: " \\25BC"; }
tr[data-status="invalid"] .df-status { color: #b00; }
tr[data-status="unreadable"] .df-status { color: #850; }
.df-problem { color: #850; font-size: 90%; }
.df-chart svg { max-width: 100%; height: auto; font-size: 12px; }
.df-chart rect { fill: #c0392b; }
#df-chart-rules rect { fill: #2c6fad; }
.df-notes li, .df-source { font-size: 90%; }
@media screen and (min-width: 1100px) {
  /* the findings beside the tables, in view while scrolling through them */
  body.df-site .df-report { max-width: none; display: grid; gap: 0 1.5em;
    grid-template-columns: minmax(0, 170mm) minmax(16em, 1fr); }
  body.df-site .df-report > * { grid-column: 1; }
  body.df-site .df-report > .df-findings { grid-column: 2; grid-row: 1 / span 99;
    align-self: start; position: sticky; top: 0; max-height: 100vh; overflow: auto;
    font-size: 10pt; }
}
"""

_SCRIPT = """\
(() => {
  const table = document.getElementById("df-reports");
  const body = table.tBodies[0];
  const rows = [...body.rows];
  const filter = document.getElementById("df-filter");
  const status = document.getElementById("df-status");
  const shown = document.getElementById("df-shown");
  const apply = () => {
    const words = filter.value.trim().toLowerCase();
    let count = 0;
    for (const row of rows) {
      const show = (!words || row.textContent.toLowerCase().includes(words))
        && (!status.value || row.dataset.status === status.value);
      row.hidden = !show;
      count += show ? 1 : 0;
    }
    shown.textContent = String(count);
  };
  filter.addEventListener("input", apply);
  status.addEventListener("change", apply);
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((th, i) => {
    th.querySelector("button").addEventListener("click", () => {
      const up = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      const value = (row) => row.cells[i].dataset.value ?? row.cells[i].textContent;
      const number = th.dataset.type === "number";
      rows.sort((a, b) => {
        const x = value(a), y = value(b);
        const order = number ? (Number(x || -1) - Number(y || -1)) : x.localeCompare(y);
        return up ? order : -order;
      });
      body.append(...rows);
    });
  });
})();
"""
