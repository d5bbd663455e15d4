"""Version diff: what changed between two format definitions, computed from them.

Nothing here lists a change by hand.  Keys carry meaning across versions (a
cell, row or column that means the same has the same key, see
:mod:`disclosure_format.spec`), so the diff is a comparison of keyed
elements: sections by key, tables by id, blocks by ``table/block``, rows by
``table/row`` (row keys are unique in a table), columns by
``table/block/column``, rules by id, figures by key.  An element present in
one version only is *added* or *removed*; one present in both is
*relabelled* (same key, different official label), *retyped* (kind or unit
changed), *regrouped* (a data row became a group of rows, or back), *moved*
(a row changed block) or *changed* (any other field: a rule's expression,
severity or wording, a block's caption…).

The children of an added or removed table are not listed again, nor the
columns of an added or removed block (columns belong to their block); rows
are listed even then, because a row is identified within its table.  The
cells gained and lost are in :attr:`FormatDiff.cells_added` /
:attr:`FormatDiff.cells_removed`, which is what a migration has to account
for.

>>> from disclosure_format import diff_formats
>>> d = diff_formats("2019", "2021")
>>> [c.key for c in d.select("row", "relabelled")]
['t2/normative_documents']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from .registry import FormatRegistry, default_registry
from .spec import Block, CellKind, Check, FormatSpec, Node, Rule, Table, path_label

if TYPE_CHECKING:
    from .i18n import Translator

__all__ = ["Change", "FormatDiff", "diff_formats", "diff_text"]

What = Literal["format", "section", "table", "block", "row", "column", "rule", "figure"]
How = Literal["added", "removed", "relabelled", "retyped", "regrouped", "moved", "changed"]

_WHAT_ORDER: tuple[What, ...] = (
    "format",
    "section",
    "table",
    "block",
    "row",
    "column",
    "rule",
    "figure",
)


@attrs.frozen
class Change:
    """One difference between two versions of the format.

    ``key`` identifies the element in both versions (``t3/results.other`` for
    a row, ``t2/item5/decisions`` for a column, ``S1`` for a rule); ``field``
    names the attribute that changed (``label``, ``kind``, ``unit``,
    ``expr``, ``severity`` …); ``old`` and ``new`` are its two values as
    text (None where the element does not exist).
    """

    what: What
    how: How
    key: str
    old: str | None = None
    new: str | None = None
    field: str | None = None
    table: str | None = None

    def __str__(self) -> str:
        """The change as one line in English (``diff_text`` gives it in any locale)."""
        from .i18n import get_translator

        return _change_text(self, get_translator("en"))


@attrs.frozen
class FormatDiff:
    """Every difference from format ``old`` to format ``new``, in definition order."""

    old: str
    new: str
    changes: tuple[Change, ...]
    cells_added: tuple[str, ...]
    """Cell keys the new version has and the old one does not."""
    cells_removed: tuple[str, ...]
    """Cell keys the old version has and the new one does not."""
    cells_kept: tuple[str, ...]
    """Cell keys both versions have (same meaning, by the key convention)."""

    def select(self, what: What | None = None, how: How | None = None) -> list[Change]:
        """The changes of one kind of element and/or one kind of change."""
        return [
            c
            for c in self.changes
            if (what is None or c.what == what) and (how is None or c.how == how)
        ]

    def __bool__(self) -> bool:
        return bool(self.changes or self.cells_added or self.cells_removed)


def diff_formats(
    old: FormatSpec | str, new: FormatSpec | str, *, registry: FormatRegistry | None = None
) -> FormatDiff:
    """The differences from format ``old`` to format ``new`` (specs or ids).

    ``registry`` (a :class:`~disclosure_format.FormatRegistry`) resolves ids;
    the default registry is used when it is None.
    """
    a, b = _spec(old, registry), _spec(new, registry)
    changes: list[Change] = []
    changes += _format_changes(a, b)
    changes += _section_changes(a, b)
    changes += _table_changes(a, b)
    changes += _rule_changes(a, b)
    changes += _figure_changes(a, b)
    order = {w: i for i, w in enumerate(_WHAT_ORDER)}
    changes.sort(key=lambda c: order[c.what])  # stable: definition order within a kind
    old_keys, new_keys = set(a.cell_keys), set(b.cell_keys)
    return FormatDiff(
        old=a.id,
        new=b.id,
        changes=tuple(changes),
        cells_added=tuple(k for k in b.cell_keys if k not in old_keys),
        cells_removed=tuple(k for k in a.cell_keys if k not in new_keys),
        cells_kept=tuple(k for k in a.cell_keys if k in new_keys),
    )


def _spec(format: FormatSpec | str, registry: FormatRegistry | None) -> FormatSpec:
    if isinstance(format, FormatSpec):
        return format
    return (registry or default_registry()).get(format)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) if value else None
    return str(value)


def _fields(
    what: What,
    key: str,
    old: object,
    new: object,
    fields: Mapping[str, How],
    table: str | None = None,
) -> Iterator[Change]:
    """A change for each of ``fields`` whose value differs between ``old`` and ``new``."""
    for name, how in fields.items():
        a, b = getattr(old, name), getattr(new, name)
        if name == "expr":
            a, b = _squash(a), _squash(b)
        if a != b:
            yield Change(what, how, key, _text(a), _text(b), name, table)


def _squash(expr: str | None) -> str | None:
    """An expression with its line breaks and runs of spaces folded (layout is not meaning)."""
    return None if expr is None else " ".join(expr.replace("\\\n", " ").split())


def _format_changes(a: FormatSpec, b: FormatSpec) -> Iterator[Change]:
    for name in ("title", "notice", "issued", "years", "supersedes"):
        old, new = getattr(a, name), getattr(b, name)
        if old != new:
            yield Change("format", "changed", name, _text(old), _text(new), name)


def _section_changes(a: FormatSpec, b: FormatSpec) -> Iterator[Change]:
    old = {s.key: s for s in a.sections}
    new = {s.key: s for s in b.sections}
    for key, section in new.items():
        if key not in old:
            yield Change("section", "added", key, None, section.title)
    for key, section in old.items():
        if key not in new:
            yield Change("section", "removed", key, section.title, None)
            continue
        fields: dict[str, How] = {
            "title": "relabelled",
            "tables": "changed",
            "aliases": "changed",
            "description": "changed",
        }
        yield from _fields("section", key, section, new[key], fields)


def _table_changes(a: FormatSpec, b: FormatSpec) -> Iterator[Change]:
    old = {t.id: t for t in a.tables}
    new = {t.id: t for t in b.tables}
    for tid, table in new.items():
        if tid not in old:
            yield Change("table", "added", tid, None, table.caption, table=tid)
    for tid, table in old.items():
        if tid not in new:
            yield Change("table", "removed", tid, table.caption, None, table=tid)
            continue
        other = new[tid]
        if table.caption != other.caption:
            yield Change("table", "relabelled", tid, table.caption, other.caption, "caption", tid)
        yield from _block_changes(table, other)
        yield from _row_changes(table, other)
        yield from _column_changes(table, other)


def _block_changes(old: Table, new: Table) -> Iterator[Change]:
    before = {blk.key: blk for blk in old.blocks}
    after = {blk.key: blk for blk in new.blocks}
    for key, block in after.items():
        if key not in before:
            yield Change(
                "block", "added", f"{new.id}/{key}", None, _block_title(block), table=new.id
            )
    for key, block in before.items():
        if key not in after:
            yield Change(
                "block", "removed", f"{old.id}/{key}", _block_title(block), None, table=old.id
            )
            continue
        fields: dict[str, How] = {"caption": "relabelled", "corner": "changed"}
        yield from _fields("block", f"{old.id}/{key}", block, after[key], fields, old.id)


def _block_title(block: Block) -> str:
    return block.caption or block.key


def _rows(table: Table) -> dict[str, tuple[Block, tuple[Node, ...]]]:
    out: dict[str, tuple[Block, tuple[Node, ...]]] = {}
    for block in table.blocks:
        for key, path in block.row_nodes.items():
            out[key] = (block, path)
    return out


def _row_changes(old: Table, new: Table) -> Iterator[Change]:
    before, after = _rows(old), _rows(new)
    tid = old.id
    for key, (_, path) in after.items():
        if key not in before:
            yield Change("row", "added", f"{tid}/{key}", None, path_label(path) or key, table=tid)
    for key, (block, path) in before.items():
        if key not in after:
            yield Change("row", "removed", f"{tid}/{key}", path_label(path) or key, None, table=tid)
            continue
        new_block, new_path = after[key]
        yield from _node_changes("row", f"{tid}/{key}", path, new_path, tid, rows=True)
        if block.key != new_block.key:
            yield Change("row", "moved", f"{tid}/{key}", block.key, new_block.key, "block", tid)


def _column_changes(old: Table, new: Table) -> Iterator[Change]:
    after = {blk.key: blk for blk in new.blocks}
    for block in old.blocks:
        other = after.get(block.key)
        if other is None:
            continue  # the block's removal says it all; its rows are listed as rows
        prefix = f"{old.id}/{block.key}"
        for key, path in other.column_nodes.items():
            if key not in block.column_nodes:
                yield Change(
                    "column", "added", f"{prefix}/{key}", None, path_label(path), None, old.id
                )
        for key, path in block.column_nodes.items():
            if key not in other.column_nodes:
                yield Change(
                    "column", "removed", f"{prefix}/{key}", path_label(path), None, None, old.id
                )
                continue
            yield from _node_changes(
                "column", f"{prefix}/{key}", path, other.column_nodes[key], old.id, rows=False
            )


def _node_changes(
    what: What,
    key: str,
    old: tuple[Node, ...],
    new: tuple[Node, ...],
    table: str,
    *,
    rows: bool,
) -> Iterator[Change]:
    a, b = old[-1], new[-1]
    if a.label != b.label:
        yield Change(what, "relabelled", key, a.label, b.label, "label", table)
    if a.is_leaf != b.is_leaf:
        yield Change(what, "regrouped", key, _shape(a, what), _shape(b, what), "children", table)
    if a.is_leaf and b.is_leaf:
        kind_a, kind_b = _kind(a, rows), _kind(b, rows)
        if kind_a != kind_b:
            yield Change(what, "retyped", key, kind_a, kind_b, "kind", table)
        if a.unit != b.unit:
            yield Change(what, "retyped", key, a.unit, b.unit, "unit", table)


def _kind(node: Node, rows: bool) -> str | None:
    """The declared kind; a column without one holds counts (rows defer to their columns)."""
    if node.kind is not None:
        return node.kind.value
    return None if rows else CellKind.COUNT.value


def _shape(node: Node, what: str) -> str:
    if node.is_leaf:
        return f"one data {what}"
    leaves = sum(1 for p in node.walk() if p[-1].is_leaf)
    return f"a group of {leaves} {what}s"


_RULE_FIELDS: dict[str, How] = {
    "expr": "changed",
    "severity": "changed",
    "basis": "changed",
    "check": "changed",
    "table": "changed",
    "each": "changed",
    "rows": "changed",
    "columns": "changed",
    "name": "changed",
    "message": "changed",
    "wording": "changed",
}


def _rule_changes(a: FormatSpec, b: FormatSpec) -> Iterator[Change]:
    old: dict[str, Rule] = {r.id: r for r in a.rules}
    new: dict[str, Rule] = {r.id: r for r in b.rules}
    for rid, rule in new.items():
        if rid not in old:
            yield Change("rule", "added", rid, None, _rule_title(rule), table=rule.table)
    for rid, rule in old.items():
        if rid not in new:
            yield Change("rule", "removed", rid, _rule_title(rule), None, table=rule.table)
            continue
        yield from _fields("rule", rid, rule, new[rid], _RULE_FIELDS, rule.table)


def _rule_title(rule: Rule) -> str:
    body = _squash(rule.expr) or rule.check.value
    return f"{rule.name or rule.message} ({rule.severity.value}): {body}"


def _figure_changes(a: FormatSpec, b: FormatSpec) -> Iterator[Change]:
    old = {f.key: f for f in a.figures}
    new = {f.key: f for f in b.figures}
    for key, figure in new.items():
        if key not in old:
            yield Change("figure", "added", key, None, figure.label)
    for key, figure in old.items():
        if key not in new:
            yield Change("figure", "removed", key, figure.label, None)
            continue
        fields: dict[str, How] = {"label": "relabelled", "cells": "changed"}
        yield from _fields("figure", key, figure, new[key], fields)


def diff_text(diff: FormatDiff, *, locale: str | None = None) -> str:
    """The diff as readable text: one line per change, grouped, then the cell counts.

    In ``locale`` (default: zh_Hans); keys, ids and the definitions' own
    texts are shown as they are.
    """
    from . import _words as w
    from .i18n import get_translator

    tr = get_translator(locale)
    lines = [tr.gettext("格式 {old} → {new}").format(old=diff.old, new=diff.new)]
    if not diff:
        lines.append("  " + tr.gettext("没有差异"))
    for what in _WHAT_ORDER:
        changes = diff.select(what)
        if changes:
            lines += ["", w.diff_heading(what, tr)]
            lines += [f"  {_change_text(change, tr)}" for change in changes]
    counts = tr.gettext("单元格：保留 {kept}，新增 {added}，删除 {removed}。")
    lines += [
        "",
        counts.format(
            kept=len(diff.cells_kept), added=len(diff.cells_added), removed=len(diff.cells_removed)
        ),
    ]
    for sign, keys in (("+", diff.cells_added), ("-", diff.cells_removed)):
        lines += [f"  {sign} {key}" for key in keys]
    return "\n".join(lines) + "\n"


def _change_text(change: Change, tr: Translator) -> str:
    """:meth:`Change.__str__` in the translator's words."""
    from . import _words as w

    what = w.diff_what(change.what, tr)
    if change.how in ("added", "removed"):
        sign, value = ("+", change.new) if change.how == "added" else ("-", change.old)
        if change.what == "rule" and value:
            value = _rule_title_text(value, tr)
        return f"{sign} {what} {change.key}  {value or ''}".rstrip()
    verb = w.diff_how(change.how, tr)
    if change.field and change.how in ("changed", "retyped"):
        # Translators: an attribute, then the kind of change ("title changed").
        verb = tr.gettext("{field}{how}").format(field=w.diff_field(change.field, tr), how=verb)
    # A change of the format itself has its field as key: it is said once, by the verb.
    key = "" if change.what == "format" else f" {change.key}"
    old, new = _value_text(change, change.old, tr), _value_text(change, change.new, tr)
    return f"~ {what}{key} {verb}: {old} → {new}"


_GROUP = re.compile(r"a group of (\d+) \w+")
_RULE_TITLE = re.compile(r"(.*) \((\w+)\): (.*)", re.S)


def _rule_title_text(value: str, tr: Translator) -> str:
    """:func:`_rule_title` with the severity and check codes in the translator's words."""
    from . import _words as w

    title = _RULE_TITLE.fullmatch(value)
    if title is None:
        return value
    name, severity, body = title.groups()
    if body in (c.value for c in Check):
        body = w.check(body, tr)
    return f"{name} ({w.severity(severity, tr)}): {body}"


def _value_text(change: Change, value: str | None, tr: Translator) -> str:
    """A changed value in the translator's words where it is one of the library's codes."""
    from . import _words as w

    if value is None:
        return tr.gettext("（无）")
    if change.field == "severity":
        return w.severity(value, tr)
    if change.field == "basis":
        return w.basis(value, tr)
    if change.field == "kind":
        return w.cell_kind(value, tr)
    if change.field == "each":
        return w.per(value, tr)
    if change.field == "children":  # _shape's words
        what = w.diff_what(change.what, tr)
        group = _GROUP.fullmatch(value)
        if group is None:
            return tr.gettext("单个数据{what}").format(what=what)
        n = int(group.group(1))
        return tr.ngettext("{n} 个{what}组成的组", "{n} 个{what}组成的组", n).format(n=n, what=what)
    return value
