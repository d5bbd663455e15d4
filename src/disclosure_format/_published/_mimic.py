"""Reports written the way agencies publish them, damaged the way publishers damage them.

For tests and benchmarks of the published-report reader: a report is drawn
as a web page exported from Word (:func:`published_html`), as text copied
from a page (tab-indented cells, :func:`published_tab_text`) or as a crawler
dump with every table flattened into one line (:func:`published_flat_text`).
The grids come from :func:`..layout.table_layout`, the labels from the
definition, so every format is covered with no code change.

:class:`Damage` names what publishers do to the official layout: labels split
over ``<span>``/``<font>`` runs with ``<o:p>`` and ``&nbsp;``, zero cells left
blank, half-width brackets, spaces and line breaks inside labels, an alias
instead of the official label, one merge moved (a data row's wide cell and
its right neighbour trade spans, as in the 2019 table 2 of corpus 001).
And what they do to the headings and pages: a typo in each heading (a
character inserted, a ``、`` dropped, ``工作`` dropped), the numbering left
out, one heading removed, two table sections swapped, and page breaks inside
tables (a page-number line and the header rows repeated).
"""

from __future__ import annotations

import html
import random
from collections.abc import Mapping
from decimal import Decimal

import attrs

from .._numbering import strip_numbering
from ..layout import LayoutCell, table_layout
from ..model import Report, Value
from ..spec import FormatSpec, Node, Section

__all__ = ["Damage", "published_flat_text", "published_html", "published_tab_text"]


@attrs.frozen
class Damage:
    """What to do to the page; ``seed`` drives every random choice."""

    spans: bool = False
    blank_zeros: bool = False
    half_width: bool = False
    label_spaces: bool = False
    aliases: bool = False
    moved_merge: bool = False
    heading_typos: bool = False
    unnumbered: bool = False
    heading_removed: bool = False
    reordered: bool = False
    page_breaks: bool = False
    seed: int = 0


def _number(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _labels_by_key(spec: FormatSpec) -> dict[tuple[str, str, str], Node]:
    """(table, block, node key) → node, for the label cells of a layout."""
    out: dict[tuple[str, str, str], Node] = {}
    for table in spec.tables:
        for block in table.blocks:
            for key, path in {**block.row_nodes, **block.column_nodes}.items():
                out[(table.id, block.key, key)] = path[-1]
    return out


class _Writer:
    def __init__(self, spec: FormatSpec, damage: Damage) -> None:
        self.spec = spec
        self.damage = damage
        self.rng = random.Random(damage.seed)
        self.nodes = _labels_by_key(spec)

    def label(self, text: str, node: Node | None = None) -> str:
        d = self.damage
        if d.aliases and node is not None and node.aliases:
            text = self.rng.choice(node.aliases)
        if d.half_width:
            text = text.replace("（", "(").replace("）", ")")
        if d.label_spaces and len(text) > 2:
            at = self.rng.randrange(1, len(text))
            text = text[:at] + self.rng.choice([" ", "\u3000", "\n"]) + text[at:]
        return text

    def heading(self, text: str) -> str:
        """A section heading as damaged (typo, numbering left out)."""
        d = self.damage
        if d.unnumbered:
            text = strip_numbering(text)
        if d.heading_typos:
            kinds = ["insert"] + (["comma"] if "、" in text[2:] else [])
            kinds += ["work"] if "工作" in text else []
            kind = self.rng.choice(kinds)
            if kind == "work":
                text = text.replace("工作", "", 1)
            elif kind == "comma":
                at = text.index("、", 2)
                text = text[:at] + text[at + 1 :]
            else:
                at = self.rng.randrange(len(text) - len(strip_numbering(text)) + 1, len(text))
                text = text[:at] + "法" + text[at:]
        return text

    def sections(self) -> list[Section]:
        """The sections in page order: two table sections swapped when reordered."""
        out = list(self.spec.sections)
        tabled = [n for n, s in enumerate(out) if s.tables]
        if self.damage.reordered and len(tabled) >= 2:
            a, b = self.rng.sample(tabled, 2)
            out[a], out[b] = out[b], out[a]
        return out

    def removed(self) -> str | None:
        """The key of the section whose heading is left out, if any."""
        if not self.damage.heading_removed:
            return None
        return self.rng.choice([s.key for s in self.spec.sections[1:]])

    def page_break(self, rows: list[list[LayoutCell]]) -> tuple[int, int] | None:
        """Where a page break cuts a table (a row index no merged cell crosses), and how
        many header rows the next page repeats; None without page breaks."""
        if not self.damage.page_breaks:
            return None
        data = [n for n, row in enumerate(rows) if any(c.role == "data" for c in row)]
        if not data:
            return None
        cuts = [
            n
            for n in range(data[0] + 1, len(rows))
            if all(c.row + c.rowspan <= n for row in rows[:n] for c in row)
        ]
        return (self.rng.choice(cuts), data[0]) if cuts else None

    def page_number(self) -> str:
        return self.rng.choice(["— {} —", "- {} -", "第{}页"]).format(self.rng.randrange(2, 30))

    def label_html(self, text: str, node: Node | None = None) -> str:
        text = self.label(text, node)
        if not self.damage.spans or len(text) < 2:
            return html.escape(text).replace("\n", "<br>")
        cut = self.rng.randrange(1, len(text))
        first, second = (html.escape(p).replace("\n", "<br>") for p in (text[:cut], text[cut:]))
        return (
            f'<span style="font-family:宋体">{first}</span>'
            f'<font face="宋体"><span lang="EN-US">{second}</span></font><o:p></o:p>'
        )

    def value_html(self, value: Value) -> str:
        if value is None or (self.damage.blank_zeros and value == 0):
            return "&nbsp;" if self.rng.random() < 0.5 else "<o:p>&nbsp;</o:p>"
        text = html.escape(_number(value))
        return f"<span>{text}</span><o:p></o:p>" if self.damage.spans else text

    def node(self, table: str, cell: LayoutCell) -> Node | None:
        if cell.role in ("row", "column") and cell.key is not None:
            return self.nodes.get((table, cell.block, cell.key))
        return None

    def table_html(self, report: Report, table_id: str, running: str = "") -> str:
        layout = table_layout(self.spec.table(table_id))
        rows = [list(r) for r in layout.rows()]
        if self.damage.moved_merge:
            self._move_merge(rows)
        cut = self.page_break(rows)
        opening = '<table border="1" cellspacing="0" style="border-collapse:collapse">'
        out = [opening]
        for n, row in enumerate(rows):
            if cut is not None and n == cut[0]:  # the next page: its number, header, table
                out += ["</table>", f'<p align="center">{html.escape(self.page_number())}</p>']
                out += [f"<p>{html.escape(running)}</p>"] if running else []
                out.append(opening)
                for header in rows[: cut[1]]:
                    out.extend(self._row_html(report, table_id, header))
            out.extend(self._row_html(report, table_id, row))
        out.append("</table>")
        return "\n".join(out)

    def _row_html(self, report: Report, table_id: str, row: list[LayoutCell]) -> list[str]:
        out: list[str] = []
        if row:
            out.append("<tr>")
            for cell in row:
                attrs_ = ""
                if cell.rowspan > 1:
                    attrs_ += f' rowspan="{cell.rowspan}"'
                if cell.colspan > 1:
                    attrs_ += f' colspan="{cell.colspan}"'
                if cell.role == "data":
                    body = self.value_html(report.values.get(cell.key or ""))
                else:
                    body = self.label_html(cell.text, self.node(table_id, cell))
                out.append(f'<td{attrs_} valign="center"><p class="MsoNormal">{body}</p></td>')
            out.append("</tr>")
        return out

    def _move_merge(self, rows: list[list[LayoutCell]]) -> None:
        """Swap the spans of the first data cell wider than its right neighbour."""
        for row in rows:
            for n in range(len(row) - 1):
                a, b = row[n], row[n + 1]
                if a.role == b.role == "data" and a.colspan > b.colspan:
                    row[n] = attrs.evolve(a, colspan=b.colspan)
                    row[n + 1] = attrs.evolve(b, col=a.col + b.colspan, colspan=a.colspan)
                    return


def _title(report: Report) -> str:
    return f"{report.agency}{report.year}年政府信息公开工作年度报告"


def _closing(report: Report) -> list[str]:
    out = [report.agency]
    if report.published is not None:
        d = report.published
        out.append(f"{d.year}年{d.month}月{d.day}日")
    return out


def published_html(report: Report, spec: FormatSpec, damage: Damage | None = None) -> str:
    """``report`` as a Word-exported web page with page chrome around it."""
    w = _Writer(spec, damage or Damage())
    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title></head><body>',
        '<div class="nav"><p>首页 &gt; 政府信息公开 &gt; 政府信息公开年报</p></div>',
        '<table width="100%"><tr><td>',  # a layout table around the article
        f'<p align="center"><b><span>{html.escape(_title(report))}</span></b></p>',
    ]
    removed = w.removed()
    for section in w.sections():
        if section.key != removed:
            parts.append(f"<p><b>{w.label_html(w.heading(section.title))}</b></p>")
        text = report.narrative.get(section.key)
        if text:
            parts.extend(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
        for table_id in section.tables:
            parts.append(w.table_html(report, table_id, _title(report)))
    parts.extend(f'<p align="right">{html.escape(line)}</p>' for line in _closing(report))
    parts.append("</td></tr></table><div class='footer'><p>网站标识码 0000000000</p></div>")
    parts.append("</body></html>")
    return "\n".join(parts)


def published_tab_text(report: Report, spec: FormatSpec, damage: Damage | None = None) -> str:
    """``report`` as text copied from a page: one TAB-indented line per cell, no spans."""
    w = _Writer(spec, damage or Damage())
    lines = [_title(report), ""]
    removed = w.removed()
    for section in w.sections():
        if section.key != removed:
            lines += [w.label(w.heading(section.title)).replace("\n", ""), ""]
        text = report.narrative.get(section.key)
        if text:
            lines += [*text.split("\n"), ""]
        for table_id in section.tables:
            rows = [list(r) for r in table_layout(spec.table(table_id)).rows()]
            cut = w.page_break(rows)
            page: list[list[LayoutCell] | None] = list(rows)
            if cut is not None:  # the next page: its number, running header, header rows
                page[cut[0] : cut[0]] = [None, *rows[: cut[1]]]
            for row in page:
                if row is None:
                    lines += [w.page_number(), _title(report), ""]
                    continue
                for cell in row:
                    if cell.role == "data":
                        value = report.values.get(cell.key or "")
                        blank = value is None or (w.damage.blank_zeros and value == 0)
                        lines.append("\t" + ("" if blank else _number(value)))
                    else:
                        text = w.label(cell.text, w.node(table_id, cell)).replace("\n", " ")
                        lines.append("\t" + text)
                lines.append("")
    return "\n".join([*lines, *_closing(report)]) + "\n"


def published_flat_text(
    report: Report,
    spec: FormatSpec,
    *,
    header: Mapping[str, str] | None = None,
    damage: Damage | None = None,
) -> str:
    """``report`` as a crawler dump: header lines, then one line with the cells run together.

    Of ``damage``, what a dump can show: the headings' (typos, numbering left
    out, one removed) and two table sections swapped.
    """
    w = _Writer(spec, damage or Damage())
    out = [f"标题: {_title(report)}"]
    if report.published is not None:
        out.append(f"发布时间: {report.published.isoformat()} 10:00")
    out += [f"{k}: {v}" for k, v in (header or {}).items()]
    out.append("==================== 正文 ====================")
    body = [_title(report)]
    removed = w.removed()
    for section in w.sections():
        if section.key != removed:
            body.append(w.heading(section.title))
        text = report.narrative.get(section.key)
        if text:
            body.append(text.replace("\n", ""))
        for table_id in section.tables:
            for row in table_layout(spec.table(table_id)).rows():
                for cell in row:
                    if cell.role == "data":
                        body.append(_number(report.values.get(cell.key or "")) or "-")
                    else:
                        body.append(cell.text)
    body += _closing(report)
    out.append("".join(body))
    return "\n".join(out) + "\n"
