"""The ``kind`` check: every cell in scope holds a value of its declared kind.

A count is an int ≥ 0, a signed count an int, an amount an exact number ≥ 0
of sane scale, a text cell a string; a blank is always fine.  One finding per
cell that is not, naming what is wrong with its value.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from .._compile import CompiledFormat
from .._exact import MAX_INT, is_exact_number, number_text
from ..findings import Finding
from ..i18n import Translator
from ..model import Number, Value
from ..spec import CellKind, Rule
from ._findings import finding, ref

__all__ = ["kind_findings", "kind_problem", "kinds_all_valid"]

_NONE = type(None)
_INT_OR_BLANK = frozenset({int, _NONE})
_NUMBER_OR_BLANK = frozenset({int, Decimal, _NONE})
_TEXT_OR_BLANK = frozenset({str, _NONE})

KindGroups = tuple[tuple[CellKind, Any], ...]
"""Per kind rule and kind: (kind, getter of the rule's cells of that kind)."""


def kinds_all_valid(groups: KindGroups, vals: Sequence[Value], nums: Sequence[Number]) -> bool:
    """A quick test that every kind rule passes (the common case); False means look closer."""
    for kind, get in groups:
        types = set(map(type, get(vals)))
        if kind is CellKind.TEXT:
            if not types <= _TEXT_OR_BLANK:
                return False
        elif kind is CellKind.SIGNED:
            if not types <= _INT_OR_BLANK:
                return False
        elif kind is CellKind.COUNT:
            if not types <= _INT_OR_BLANK or min(get(nums)) < 0:
                return False
        elif not types <= _NUMBER_OR_BLANK or min(get(nums)) < 0:
            return False
    return True


def kind_problem(kind: CellKind, v: Value, tr: Translator) -> str | None:
    """Why ``v`` is not a valid value of ``kind``, or None if it is."""
    if v is None:
        return None
    if kind is CellKind.TEXT:
        return None if isinstance(v, str) else tr.gettext("应为文本")
    if isinstance(v, str):
        return tr.gettext("不是数字：{value}").format(value=repr(v))
    if type(v) is not int and type(v) is not Decimal:
        return tr.gettext("不是精确数值（{type}）").format(type=type(v).__name__)
    if type(v) is Decimal and not v.is_finite():
        return tr.gettext("不是有限数值：{value}").format(value=v)
    if not is_exact_number(v):  # an int too long to print, a Decimal beyond ±MAX_SCALE
        # Translators: the value is shown as ≈1E+N when it is too long to print.
        return tr.gettext("超出可计算的范围：{value}").format(value=number_text(v))
    if kind is CellKind.AMOUNT:
        return tr.gettext("不能为负数") if v < 0 else None
    if type(v) is Decimal:
        return tr.gettext("应为整数，不能为小数：{value}").format(value=tr.format_number(v))
    if kind is CellKind.COUNT and v < 0:
        return tr.gettext("不能为负数：{value}").format(value=tr.format_number(v))
    return None


def kind_findings(
    comp: CompiledFormat,
    tr: Translator,
    rule: Rule,
    rule_index: int,
    indexes: tuple[int, ...],
    vals: Sequence[Value],
) -> Iterator[Finding]:
    """The findings of kind rule ``rule`` over the cells ``indexes`` of ``vals``."""
    kinds = comp.kinds
    for i in indexes:
        v = vals[i]
        if v is None or (type(v) is int and 0 <= v <= MAX_INT and kinds[i] is CellKind.COUNT):
            continue
        problem = kind_problem(kinds[i], v, tr)
        if problem is not None:
            yield finding(
                comp,
                tr,
                rule,
                rule_index,
                # Translators: a rule's message, then what is wrong with one cell's value.
                message=tr.gettext("{message}：{problem}").format(
                    message=tr.label(rule.message), problem=problem
                ),
                cells=(ref(comp, tr, i, v),),
                actual=v if is_exact_number(v) else None,
            )
