"""A plan for filling in a format's cells so that every error equation holds.

Generating valid reports by filtering random ones would reject almost every
draw (``a + b == c`` is rarely true by chance), so the plan is derived from
the compiled equations instead: each equation gets one *pivot* cell computed
from the others; the remaining cells are drawn freely.  A drawn cell that
will be subtracted when a pivot is computed (``new = total + forward -
carried_over``) is drawn after the cells it is subtracted from, bounded by
them, so the pivot cannot go negative.  Equations whose cells were all
fixed by others are *redundant* (``S1`` in the 总计 column follows from the
row totals) and are checked after the fact.

The plan is pure data; :mod:`disclosure_format.testing` drives it with
hypothesis, but any source of numbers can.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import attrs

from ._compile import CompiledFormat, Equation
from .model import Number
from .spec import CellKind, Severity

__all__ = ["Plan", "Step", "make_plan"]


@attrs.frozen
class Step:
    """Fill one cell: draw it (``equation`` None) or compute it as the pivot of ``equation``.

    A drawn cell with ``bounds`` must not exceed, for each bound, the sum of
    the bound's cells minus the other already-known subtracted cells.
    """

    index: int
    equation: int | None = None
    bounds: tuple[int, ...] = ()
    """Equations in which this drawn cell is subtracted from the pivot."""


@attrs.frozen
class Plan:
    """The order in which to fill the cells of a format, and what to verify after."""

    comp: CompiledFormat
    steps: tuple[Step, ...]
    pivots: Mapping[int, int]
    """Equation index → its pivot cell."""
    redundant: tuple[int, ...]
    """Equations fully determined by others; they hold if the definition is consistent."""
    equations: tuple[Equation, ...]

    def fill(
        self,
        draw_free: Callable[[int, CellKind, Number | None], Number],
        fixed: Mapping[int, Number] | None = None,
    ) -> list[Number] | None:
        """Fill every cell; ``draw_free(index, kind, upper_bound)`` supplies drawn values.

        Returns None when a computed cell breaks its kind (a negative count,
        which the bounds avoid for the built-in formats) or a redundant
        equation fails; a hypothesis driver rejects such a draw.
        """
        fixed = fixed or {}
        values: list[Number | None] = [None] * len(self.comp.keys)
        for index, value in fixed.items():
            values[index] = value
        kinds = self.comp.kinds
        for step in self.steps:
            if values[step.index] is not None:
                continue
            if step.equation is None:
                bound = self._bound(step, values)
                values[step.index] = draw_free(step.index, kinds[step.index], bound)
            else:
                solved = self._solve(step.equation, step.index, values)
                if solved is None:
                    return None
                value = solved
                if kinds[step.index] is not CellKind.SIGNED and value < 0:
                    return None
                if kinds[step.index] is not CellKind.AMOUNT and type(value) is not int:
                    return None
                values[step.index] = value
        full = [0 if v is None else v for v in values]
        for k in self.redundant:
            if not _holds(self.equations[k], full):
                return None
        return full

    def _bound(self, step: Step, values: list[Number | None]) -> Number | None:
        bound: Number | None = None
        for k in step.bounds:
            eq = self.equations[k]
            pivot = self.pivots[k]
            room = _room(eq, pivot, step.index, values)
            if room is not None:
                bound = room if bound is None else min(bound, room)
        return None if bound is None else max(bound, 0)

    def _solve(self, k: int, pivot: int, values: list[Number | None]) -> Number | None:
        eq = self.equations[k]
        coefficients = eq.coefficients()
        c = coefficients[pivot]
        rest: Number = eq.left_const - eq.right_const
        for i, coef in coefficients.items():
            if i != pivot:
                v = values[i]
                rest += coef * (0 if v is None else v)
        # c * pivot + rest == 0  (for "==" equations)
        if c not in (1, -1):
            return None
        return -rest * c


def _room(eq: Equation, pivot: int, index: int, values: list[Number | None]) -> Number | None:
    """How much ``index`` may still take before the pivot of ``eq`` would go negative."""
    coefficients = eq.coefficients()
    c = coefficients[pivot]
    room: Number = (eq.right_const - eq.left_const) * c
    for i, coef in coefficients.items():
        if i in (pivot, index):
            continue
        a = -coef * c  # pivot = Σ a_i x_i + const
        v = values[i]
        if v is None:
            if a > 0:
                return None  # a positive part is still unknown: no bound possible
            continue  # an unknown subtracted part will be bounded itself, later
        room += a * v
    share = coefficients[index] * c  # = -a_index > 0: how much pivot each unit of index takes
    if share == 1:
        return room
    return room // share if isinstance(room, int) else room / share


def _holds(eq: Equation, nums: list[Number]) -> bool:
    lhs: Number = eq.left_const + sum(c * nums[i] for i, c in eq.left)
    rhs: Number = eq.right_const + sum(c * nums[i] for i, c in eq.right)
    return {"==": lhs == rhs, "<=": lhs <= rhs, ">=": lhs >= rhs, "<": lhs < rhs, ">": lhs > rhs}[
        eq.op
    ]


def make_plan(comp: CompiledFormat, fixed: Iterable[int] = ()) -> Plan:
    """Plan how to fill ``comp``'s cells so that its error equations hold."""
    equations = tuple(
        eq for eq in comp.equations if eq.rule.severity is Severity.ERROR and eq.op == "=="
    )
    checks = tuple(
        eq for eq in comp.equations if eq.rule.severity is Severity.ERROR and eq.op != "=="
    )
    fixed_set = set(fixed)
    order = sorted(range(len(equations)), key=lambda k: (not _is_total(equations[k]), k))
    pivots: dict[int, int] = {}
    taken: set[int] = set(fixed_set)
    redundant: list[int] = []
    for k in order:
        eq = equations[k]
        candidates = [i for i, c in eq.coefficients().items() if c in (1, -1) and i not in taken]
        preferred = eq.left[0][0] if _is_total(eq) else None
        pivot = preferred if preferred in candidates else (candidates[0] if candidates else None)
        if pivot is None:
            redundant.append(k)
            continue
        pivots[k] = pivot
        taken.add(pivot)
    all_equations = equations + checks
    redundant += range(len(equations), len(all_equations))
    steps = _order(comp, equations, pivots, fixed_set)
    return Plan(comp, tuple(steps), pivots, tuple(redundant), all_equations)


def _is_total(eq: Equation) -> bool:
    """``x == a + b + …``: one cell on the left, only additions on the right."""
    return len(eq.left) == 1 and eq.left[0][1] == 1 and all(c > 0 for _, c in eq.right)


def _order(
    comp: CompiledFormat, equations: tuple[Equation, ...], pivots: dict[int, int], fixed: set[int]
) -> list[Step]:
    """Topologically order the cells: each after everything its value depends on."""
    n = len(comp.keys)
    pivot_of = {cell: k for k, cell in pivots.items()}
    deps: dict[int, set[int]] = {i: set() for i in range(n)}
    for k, cell in pivots.items():
        deps[cell] = {i for i in equations[k].coefficients() if i != cell}
    bounds: dict[int, list[int]] = {}
    for k, cell in pivots.items():
        eq = equations[k]
        coefficients = eq.coefficients()
        c = coefficients[cell]
        positive = {i for i, coef in coefficients.items() if i != cell and -coef * c > 0}
        for i, coef in coefficients.items():
            if i == cell or i in pivot_of or i in fixed or -coef * c >= 0:
                continue
            # i is drawn and subtracted: draw it after the parts it is bounded by,
            # unless those parts themselves depend on i (then draw it unbounded).
            if not any(_reaches(deps, p, i) for p in positive):
                deps[i] |= positive
                bounds.setdefault(i, []).append(k)
    order: list[int] = []
    state = [0] * n
    for start in range(n):
        if state[start]:
            continue
        stack = [(start, iter(sorted(deps[start])))]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                order.append(node)
                stack.pop()
            elif state[nxt] == 0:
                state[nxt] = 1
                stack.append((nxt, iter(sorted(deps[nxt]))))
            elif state[nxt] == 1:
                raise ValueError(f"cells depend on each other in a cycle through {comp.keys[nxt]}")
    return [Step(i, pivot_of.get(i), tuple(bounds.get(i, ()))) for i in order]


def _reaches(deps: dict[int, set[int]], start: int, target: int) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == target:
            return True
        for nxt in deps[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
