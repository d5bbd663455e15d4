"""The ``expr`` check within one report: the equations of a format that do not hold.

When every value is a number, the generated checker of the format
(:func:`.._compile.generate_checker`) says which equations fail and only
those become findings.  When some value is not a number (text, NaN, an int
too long to print), each equation is looked at on its own: one touching such
a cell is reported as not checked — never guessed — and the others are
evaluated term by term.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from .._compile import CompiledFormat, Equation
from .._exact import exact
from ..findings import CellRef, Finding
from ..i18n import Translator
from ..model import Number, Value
from ..spec import Rule, Severity
from ._findings import finding, listed, ref

__all__ = [
    "check_slowly",
    "equation_finding",
    "failing_equations",
    "holds",
    "not_checked",
    "side",
]


def side(terms: tuple[tuple[int, int], ...], const: int, nums: Sequence[Number]) -> Number:
    """One side of an equation over ``nums``, summed exactly."""
    total: Number = const
    with exact():
        for i, c in terms:
            total += c * nums[i]
    return total


def holds(op: str, lhs: Number, rhs: Number) -> bool:
    """Whether ``lhs op rhs`` (``op`` one of the five comparisons of the notation)."""
    return {"==": lhs == rhs, "<=": lhs <= rhs, ">=": lhs >= rhs, "<": lhs < rhs, ">": lhs > rhs}[
        op
    ]


def failing_equations(
    comp: CompiledFormat,
    failing: Callable[[list[Number]], list[int]],
    tr: Translator,
    wanted: Callable[[Rule], bool],
    vals: Sequence[Value],
    nums: list[Number],
) -> Iterator[Finding]:
    """The findings of the equations that fail, when every value is a number.

    ``failing`` is the format's generated checker (see :mod:`.._fastpath`).
    """
    for k in failing(nums):
        eq = comp.equations[k]
        if wanted(eq.rule):
            yield equation_finding(comp, tr, eq, vals, nums)


def check_slowly(
    comp: CompiledFormat,
    tr: Translator,
    eq: Equation,
    vals: Sequence[Value],
    nums: Sequence[Number],
    bad: set[int],
) -> Iterator[Finding]:
    """The finding of ``eq`` when some cells (``bad``) are not numbers: not checked, or failing."""
    blocked = [i for i in eq.indexes if i in bad]
    if blocked:
        yield not_checked(comp, tr, eq, vals, [comp.keys[i] for i in blocked])
        return
    if not holds(eq.op, side(eq.left, eq.left_const, nums), side(eq.right, eq.right_const, nums)):
        yield equation_finding(comp, tr, eq, vals, nums)


def not_checked(
    comp: CompiledFormat,
    tr: Translator,
    eq: Equation,
    vals: Sequence[Value],
    names: list[str],
    prev_refs: tuple[CellRef, ...] = (),
) -> Finding:
    """The notice that ``eq`` could not be checked because the cells ``names`` are no numbers."""
    return finding(
        comp,
        tr,
        eq.rule,
        eq.rule_index,
        eq=eq,
        severity=Severity.NOTICE,
        message=tr.gettext("未能检查（{cells} 不是数字）：{message}").format(
            cells=listed(tr, names), message=tr.label(eq.rule.message)
        ),
        cells=tuple(ref(comp, tr, i, vals[i]) for i in eq.indexes) + prev_refs,
    )


def equation_finding(
    comp: CompiledFormat,
    tr: Translator,
    eq: Equation,
    vals: Sequence[Value],
    nums: Sequence[Number],
    prev_refs: tuple[CellRef, ...] = (),
    prev_left: Number = 0,
    prev_right: Number = 0,
) -> Finding:
    """The finding of failing ``eq``: its cells, both sides and their difference."""
    with exact():
        actual = side(eq.left, eq.left_const, nums) + prev_left
        expected = side(eq.right, eq.right_const, nums) + prev_right
    return finding(
        comp,
        tr,
        eq.rule,
        eq.rule_index,
        eq=eq,
        cells=tuple(ref(comp, tr, i, vals[i]) for i in eq.indexes) + prev_refs,
        actual=actual,
        expected=expected,
        difference=actual - expected,
    )
