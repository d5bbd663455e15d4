"""The format reference, generated from the definitions: reStructuredText for the docs.

The documentation site (``docs/_ext/disclosure_docs.py``) turns this text
into the pages *Format reference* in each locale, so what the site says about
a format is what the library loaded from its definition file: identity,
sections, each table as the HTML adapter renders it, every rule, the label
aliases, the main figures and the differences from the previous version
(:func:`~disclosure_format.diff.diff_formats`).  Nothing about a format is
written by hand, and a maintainer who adds a format gets its reference page
section by rebuilding the site.

The framing words are library messages (translated through the catalogs like
every other), the format's own texts go through :meth:`Translator.label`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from . import _words
from .diff import Change, diff_formats
from .i18n import Translator, get_translator
from .registry import FormatRegistry, default_registry
from .reports import new_report
from .spec import Basis, FormatSpec, Node, Rule, Severity, path_label

__all__ = ["format_reference"]

_LEVELS = "=-~^"
_SPECIAL = re.compile(r"([\\*`|_<>\[\]])")
_ENUMERATOR = re.compile(r"^(\(?[0-9A-Za-z]{1,4}[.)]|[-+*] )")
_TABLE = re.compile(r'(<table class="df-table[^"]*"[^>]*data-table="([^"]+)".*?</table>)', re.S)


def format_reference(
    locale: str | None = None,
    *,
    formats: Sequence[str] | None = None,
    registry: FormatRegistry | None = None,
    level: int = 0,
) -> str:
    """The reference of ``formats`` (default: every format of ``registry``) in ``locale``.

    ``level`` is the heading level of each format's title (0 is ``=``).
    """
    tr = get_translator(locale)
    registry = registry or default_registry()
    specs = [registry.get(f) for f in formats] if formats else list(registry)
    by_id = {s.id: s for s in registry}
    out: list[str] = []
    for spec in specs:
        previous = by_id.get(spec.supersedes) if spec.supersedes else None
        out += _format(spec, previous, tr, level)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- text helpers


def _esc(text: str) -> str:
    """Plain text safe in reStructuredText: inline markup escaped, no list item made."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _ENUMERATOR.sub(r"\\\1", text)


def _literal(text: str) -> str:
    return "``" + " ".join(text.split()) + "``"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _heading(text: str, level: int) -> list[str]:
    return [text, _LEVELS[level] * max(_width(text), 4), ""]


def _fields(pairs: Iterable[tuple[str, str | None]]) -> list[str]:
    out = [f":{_esc(name)}: {value}" for name, value in pairs if value]
    return [*out, ""]


def _list_table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: str) -> list[str]:
    out = [".. list-table::", "   :header-rows: 1", f"   :widths: {widths}", ""]
    for row in (header, *rows):
        out.append(f"   * - {row[0] or ' '}")
        out += [f"     - {cell or ' '}" for cell in row[1:]]
    return [*out, ""]


# ---------------------------------------------------------------- words


def _severity(severity: Severity, tr: Translator) -> str:
    return _named(_words.severity(severity.value, tr), severity.value)


def _basis(basis: Basis, tr: Translator) -> str:
    return _named(_words.basis(basis.value, tr), basis.value)


def _named(name: str, code: str) -> str:
    """A translated name with its code (as used in files and on the command line)."""
    return f"``{code}``" if name == code else f"{_esc(name)} (``{code}``)"


# ---------------------------------------------------------------- one format


def _format(spec: FormatSpec, previous: FormatSpec | None, tr: Translator, level: int) -> list[str]:
    title = _words.format_heading(spec, tr)
    out = [f".. _format-{tr.locale}-{spec.id}:", "", *_heading(_esc(title), level)]
    years = _words.years_text(spec, tr)
    out += _fields(
        [
            (tr.gettext("格式编号"), _literal(spec.id)),
            (tr.gettext("文号"), _esc(tr.label(spec.notice))),
            (tr.gettext("印发日期"), tr.format_date(spec.issued) if spec.issued else None),
            (tr.gettext("适用年度"), _esc(years)),
            (
                tr.gettext("取代"),
                f":ref:`format-{tr.locale}-{spec.supersedes}`" if previous else None,
            ),
            (tr.gettext("说明"), _esc(tr.label(spec.description)) if spec.description else None),
            (tr.gettext("数据单元格"), str(len(spec.cells))),
        ]
    )
    out += _sections(spec, tr, level + 1)
    out += _tables(spec, tr, level + 1)
    out += _rules(spec, tr, level + 1)
    out += _aliases(spec, tr, level + 1)
    if spec.figures:
        out += _figures(spec, tr, level + 1)
    if previous is not None:
        out += _differences(previous, spec, tr, level + 1)
    return out


def _sections(spec: FormatSpec, tr: Translator, level: int) -> list[str]:
    out = _heading(tr.gettext("章节"), level)
    for section in spec.sections:
        holds = (
            tr.gettext("表 {tables}").format(tables=", ".join(section.tables))
            if section.tables
            else tr.gettext("文字")
        )
        line = f"- **{_esc(tr.label(section.title))}** ({_esc(holds)}, ``{section.key}``)"
        if section.description:
            line += f" — {_esc(tr.label(section.description))}"
        out.append(line)
    return [*out, ""]


def _tables(spec: FormatSpec, tr: Translator, level: int) -> list[str]:
    """Each table as the library's HTML adapter renders the blank form."""
    from .adapters import render
    from .adapters.html import STYLESHEET

    blank = new_report(spec, "", spec.years.first)
    prefix = f"ref-{tr.locale}-{spec.id}".replace("_", "-")
    page = render(blank, "html", spec=spec, standalone=False, id_prefix=prefix, locale=tr.locale)
    assert isinstance(page, str)
    tables = {m.group(2): m.group(1) for m in _TABLE.finditer(page)}
    out = _heading(tr.gettext("表格"), level)
    style = [line for line in STYLESHEET.splitlines() if not line.startswith("@page")]
    out += [".. raw:: html", "", "   <style>", *("   " + line for line in style)]
    out += ["   </style>", ""]
    for table in spec.tables:
        count = sum(1 for c in spec.cells if c.table is table)
        heading = tr.gettext("表 {table}：{caption}").format(
            table=table.id, caption=tr.label(table.caption)
        )
        out += _heading(_esc(heading), level + 1)
        out += [
            _esc(tr.ngettext("{n} 个数据单元格", "{n} 个数据单元格", count).format(n=count)),
            "",
            ".. raw:: html",
            "",
            '   <div class="df-report">',
            *("   " + line for line in tables[table.id].splitlines()),
            "   </div>",
            "",
        ]
    return out


def _rules(spec: FormatSpec, tr: Translator, level: int) -> list[str]:
    out = _heading(tr.gettext("规则"), level)
    for rule in spec.rules:
        title = f"{rule.id} · {tr.label(rule.name)}" if rule.name else rule.id
        out += [f".. _rule-{tr.locale}-{spec.id}-{rule.id}:", ""]
        out += _heading(_esc(title), level + 1)
        out += _fields(
            [
                (tr.gettext("规则编号"), _literal(rule.id)),
                (tr.gettext("严重程度"), _severity(rule.severity, tr)),
                (tr.gettext("依据"), _basis(rule.basis, tr)),
                (tr.gettext("检查"), _literal(rule.check.value)),
                (tr.gettext("适用范围"), _esc(_scope(rule, tr))),
                (tr.gettext("表达式"), _literal(rule.expr) if rule.expr else None),
                (tr.gettext("原文"), _esc(tr.label(rule.wording)) if rule.wording else None),
                (tr.gettext("消息"), _esc(tr.label(rule.message))),
                (
                    tr.gettext("跨年度"),
                    tr.gettext("需要上一年度报告") if rule.cross_year else None,
                ),
            ]
        )
    return out


def _scope(rule: Rule, tr: Translator) -> str:
    scope = rule.table or tr.gettext("所有表")
    if rule.each is not None:
        scope += ", " + _words.per(rule.each.value, tr)
    restrict = rule.rows or rule.columns
    if restrict:
        scope += "; " + tr.gettext("仅：{keys}").format(keys=", ".join(restrict))
    return scope


def _aliases(spec: FormatSpec, tr: Translator, level: int) -> list[str]:
    """Wordings seen in published reports that the readers accept for a label (not translated)."""
    rows: list[list[str]] = []
    for section in spec.sections:
        if section.aliases:
            rows.append(
                [
                    _literal(section.key),
                    _esc(section.title),
                    "<br>".join(_esc(a) for a in section.aliases),
                ]
            )
    for table in spec.tables:
        for block in table.blocks:
            for tree in (block.rows, block.columns):
                for path in _walk(tree):
                    node = path[-1]
                    if node.aliases:
                        key = f"{table.id}/{'.'.join(n.key for n in path)}"
                        rows.append(
                            [
                                _literal(key),
                                _esc(node.label),
                                "; ".join(_esc(a) for a in node.aliases),
                            ]
                        )
    out = _heading(tr.gettext("标签别名"), level)
    out += [
        _esc(tr.gettext("读取已发布的报告时，以下写法视同官方标签（原文，不翻译）。")),
        "",
    ]
    for row in rows:
        row[2] = row[2].replace("<br>", "; ")
    header = [tr.gettext("键"), tr.gettext("官方标签"), tr.gettext("别名")]
    return out + _list_table(header, rows, "20 35 45")


def _walk(nodes: tuple[Node, ...]) -> Iterator[tuple[Node, ...]]:
    for node in nodes:
        yield from node.walk()


def _figures(spec: FormatSpec, tr: Translator, level: int) -> list[str]:
    out = _heading(tr.gettext("主要数字"), level)
    rows = [
        [
            _literal(f.key),
            _esc(tr.label(f.label)),
            _esc(tr.label(f.description)) if f.description else "",
            ", ".join(_literal(c) for c in f.cells),
        ]
        for f in spec.figures
    ]
    header = [tr.gettext("键"), tr.gettext("名称"), tr.gettext("说明"), tr.gettext("单元格")]
    return out + _list_table(header, rows, "15 25 25 35")


def _differences(old: FormatSpec, new: FormatSpec, tr: Translator, level: int) -> list[str]:
    diff = diff_formats(old, new)
    title = tr.gettext("与格式 {format} 的差异").format(format=old.id)
    out = _heading(_esc(title), level)
    out += [
        _esc(
            tr.gettext("单元格：保留 {kept}，新增 {added}，删除 {removed}。").format(
                kept=len(diff.cells_kept),
                added=len(diff.cells_added),
                removed=len(diff.cells_removed),
            )
        ),
        "",
    ]
    rows = [
        [
            _esc(_words.diff_what(c.what, tr)),
            _esc(_words.diff_how(c.how, tr)),
            _literal(c.key) + (f" ({_esc(c.field)})" if c.field and c.field != c.key else ""),
            _shown(c, c.old, old, tr),
            _shown(c, c.new, new, tr),
        ]
        for c in diff.changes
    ]
    header = [
        tr.gettext("对象"),
        tr.gettext("变化"),
        tr.gettext("键"),
        tr.gettext("原值"),
        tr.gettext("新值"),
    ]
    return out + _list_table(header, rows, "8 10 27 27 28")


def _shown(change: Change, value: str | None, spec: FormatSpec, tr: Translator) -> str:
    """A changed value in the locale: a label path is translated node by node."""
    if value is None:
        return ""
    path = _node_path(change, spec)
    if path is not None and value == path_label(path):
        return _esc(tr.path_label(path, _table_of(change)))
    context = change.table if change.what in ("block", "row", "column") else None
    return _esc(tr.label(value, context))


def _table_of(change: Change) -> str:
    return change.key.split("/")[0]


def _node_path(change: Change, spec: FormatSpec) -> tuple[Node, ...] | None:
    """The row or column a change is about, in ``spec`` (None if it has none such)."""
    parts = change.key.split("/")
    if change.what not in ("row", "column") or change.field not in (None, "label"):
        return None
    try:
        table = spec.table(parts[0])
    except KeyError:
        return None
    for block in table.blocks:
        if change.what == "row" and len(parts) == 2 and parts[1] in block.row_nodes:
            return block.row_nodes[parts[1]]
        if change.what == "column" and len(parts) == 3 and block.key == parts[1]:
            return block.column_nodes.get(parts[2])
    return None
