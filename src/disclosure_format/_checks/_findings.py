"""Turning a rule that fails into a :class:`~..findings.Finding`: labels, cells, messages.

Every check kind builds its findings here, so a finding looks the same
whichever check made it: the rule's id, severity, basis and wording, the
instance (column or row) the rule was applied to with its label in the
chosen locale, and the cells involved with their official labels and values.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._compile import CompiledFormat, Equation
from ..findings import CellRef, Finding
from ..i18n import Translator
from ..model import Number, Value
from ..spec import Each, FormatSpec, Node, Rule, Severity

__all__ = ["blank_refs", "finding", "listed", "ref"]


def ref(comp: CompiledFormat, tr: Translator, index: int, value: Value) -> CellRef:
    """The reference to cell ``index`` holding ``value``, labelled in ``tr``'s locale."""
    return CellRef(comp.keys[index], tr.cell_label(comp.spec.cells[index]), value)


_blank_cache: dict[tuple[int, str], tuple[FormatSpec, tuple[CellRef, ...]]] = {}


def blank_refs(comp: CompiledFormat, tr: Translator) -> tuple[CellRef, ...]:
    """A reference to each cell as blank, by index: made once per format and locale.

    The blank rule names every blank cell of a report, often a hundred; the
    references are the same for every report, and immutable, so they are
    shared instead of being built again for each.
    """
    key = (id(comp.spec), tr.locale)
    entry = _blank_cache.get(key)
    if entry is None or entry[0] is not comp.spec:
        refs = tuple(ref(comp, tr, i, None) for i in range(len(comp.keys)))
        entry = _blank_cache[key] = (comp.spec, refs)
    return entry[1]


def listed(tr: Translator, items: Sequence[str]) -> str:
    """``items`` joined as a list in ``tr``'s locale."""
    # Translators: the separator between the items of a list (、 in Chinese).
    return tr.gettext("、").join(items)


def _instance_label(comp: CompiledFormat, tr: Translator, eq: Equation) -> str:
    """The label of the column (or row) an equation was applied to, in ``tr``'s locale."""
    if tr.identity or eq.rule.table is None:
        return eq.instance_label
    table = comp.spec.table(eq.rule.table)
    for block in table.blocks:
        nodes = block.column_nodes if eq.rule.each is Each.COLUMN else block.row_nodes
        path: tuple[Node, ...] | None = nodes.get(eq.instance)
        if path is not None:
            return tr.path_label(path, table.id) or eq.instance_label
    return eq.instance_label


def finding(
    comp: CompiledFormat,
    tr: Translator,
    rule: Rule,
    rule_index: int,
    *,
    eq: Equation | None = None,
    severity: Severity | None = None,
    message: str | None = None,
    cells: tuple[CellRef, ...] = (),
    actual: Number | None = None,
    expected: Number | None = None,
    difference: Number | None = None,
) -> Finding:
    """The finding of ``rule`` (the ``rule_index``-th of its format), its message translated."""
    return Finding(
        rule=rule.id,
        severity=severity or rule.severity,
        basis=rule.basis,
        message=message or tr.label(rule.message),
        table=rule.table,
        instance=eq.instance if eq else None,
        instance_label=(_instance_label(comp, tr, eq) or None) if eq else None,
        cells=cells,
        expected=expected,
        actual=actual,
        difference=difference,
        expression=rule.expr,
        wording=tr.label(rule.wording) if rule.wording else None,
        rule_path=f"rules[{rule_index}]",
    )
