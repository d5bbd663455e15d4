"""The joint solver of flattened digit runs: exhaustive, bounded by work, never a guess.

Unit tests of :func:`disclosure_format._published._solve.solve` on small
hand-made systems, and the property over every built-in format: a generated
report flattened the way crawlers do it reads back with every cell read equal
to the truth, and the joint solver leaves no more cells unread than the
row-by-row one on the same input.
"""

from __future__ import annotations

import functools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_format import list_formats, testing
from disclosure_format._compile import Equation
from disclosure_format._published import _solve, _split, read_published
from disclosure_format._published._mimic import published_flat_text
from disclosure_format._published._solve import Piece, Row, solve
from disclosure_format.model import Report, Value
from disclosure_format.spec import CellKind, FormatSpec, Rule, Severity

FORMATS = list_formats()
_RULE = Rule("X1", Severity.ERROR, FORMATS[0].rules[0].basis, "test rule")


def _eq(left: list[int], right: list[int], op: str = "==", const: int = 0) -> Equation:
    return Equation(
        _RULE, 0, "", "", op, tuple((i, 1) for i in left), tuple((i, 1) for i in right), 0, const
    )


def _run(cells: tuple[int, ...], digits: str) -> Row:
    return Row(cells, (CellKind.COUNT,) * len(cells), (Piece(digits, int(digits), True),))


def test_a_cross_row_rule_pins_a_row_however_many_solutions_the_rest_has() -> None:
    # 15 rows "123" (1/23 or 12/3), 2**13 combinations of the last 13 all valid: the
    # backtracking solver gave up beyond 5000 and left rows 0 and 1 open, though
    # a0 + a1 == 2 forces both to 1/23 in every solution
    rows = [_run((2 * r, 2 * r + 1), "123") for r in range(15)]
    equations = [
        _eq([0, 2], [], const=2),
        _eq([2 * r for r in range(2, 15)], [], "<=", 1000),
    ]
    solution = solve(rows, {}, equations)
    assert solution.candidates[0] == solution.candidates[1] == ((1, 23),)
    assert all(len(solution.candidates[r]) == 2 for r in range(2, 15))
    assert solution.used_rules[0] == {"X1"}


def test_only_cells_every_solution_agrees_on_are_settled() -> None:
    # a0 + a2 == 13: rows 0 and 1 are 1/23 and 12/3 or the other way round; row 2 is free
    rows = [_run((0, 1), "123"), _run((2, 3), "123"), _run((4, 5), "123")]
    solution = solve(rows, {}, [_eq([0, 2], [], const=13)])
    assert set(solution.candidates[0]) == {(1, 23), (12, 3)}
    assert solution.consistent == (True, True, True)


def test_the_cells_known_from_grids_take_part() -> None:
    rows = [_run((0, 1), "123")]
    solution = solve(rows, {2: 12}, [_eq([0], [2])])
    assert solution.candidates[0] == ((12, 3),)


def test_an_inconsistent_system_falls_back_to_each_rows_own_rules() -> None:
    # a0 + a1 == 100 has no solution: nothing is chosen by it, and the rows say so
    rows = [_run((0, 1), "123"), _run((2, 3), "123")]
    solution = solve(rows, {}, [_eq([0, 2], [], const=100)])
    assert all(len(c) == 2 for c in solution.candidates)
    assert solution.consistent == (False, False)


def test_rows_not_linked_are_solved_apart() -> None:
    # row 1's own rule cannot hold; row 0 is still pinned by its own
    rows = [_run((0, 1), "123"), _run((2, 3), "123")]
    solution = solve(rows, {}, [_eq([1], [], const=23), _eq([2], [], const=100)])
    assert solution.candidates[0] == ((1, 23),)
    assert solution.consistent == (True, False)
    assert len(solution.candidates[1]) == 2


def test_a_search_cut_short_by_its_bound_settles_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_solve, "MAX_WORK", 3)
    rows = [_run((2 * r, 2 * r + 1), "123") for r in range(15)]
    equations = [_eq([0, 2], [], const=2), _eq([2 * r for r in range(15)], [], "<=", 1000)]
    solution = solve(rows, {}, equations)
    assert all(len(c) == 2 for c in solution.candidates)  # the row-by-row result: all open
    assert all(solution.unsettled)  # cut off by the bound…
    assert all(solution.consistent)  # …not inconsistent


# ---------------------------------------------------------------- property


def _small(spec: FormatSpec) -> dict[str, st.SearchStrategy[Value]]:
    """Small values in the cells no rule computes, so that runs of digits stay short."""
    computed = {"total", "new", "results.total"}
    pins: dict[str, st.SearchStrategy[Value]] = {}
    for cell in spec.cells:
        if cell.row_key in computed or cell.column[-1].key == "total":
            continue
        if cell.kind is CellKind.AMOUNT:
            pins[cell.key] = st.decimals(0, 999, places=2)
        elif cell.kind is CellKind.SIGNED:
            pins[cell.key] = st.integers(-99, 99)
        else:
            pins[cell.key] = st.integers(0, 30 if cell.table.id == "t2" else 60)
    return pins


def _read_cells(text: str, report: Report) -> tuple[set[str], list[str]]:
    """The cells read (not blank where the truth is not), and the cells read wrong."""
    got = read_published(text).report.values
    read, wrong = set(), []
    for key, value in report.values.items():
        if got[key] is None and value is not None:
            continue
        if (got[key] is None) != (value is None) or (
            value is not None and Decimal(got[key]) != Decimal(value)  # type: ignore[arg-type]
        ):
            wrong.append(key)
        read.add(key)
    return read, wrong


@pytest.mark.parametrize("spec", FORMATS, ids=lambda s: s.id)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_flattened_reports_read_right_and_the_joint_solver_reads_no_fewer_cells(
    spec: FormatSpec, data: st.DataObject
) -> None:
    report = data.draw(testing.reports(spec, values=_small(spec)))
    text = published_flat_text(report, spec)
    joint, wrong = _read_cells(text, report)
    assert not wrong
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_split, "solve", functools.partial(_solve.solve, joint=False))
        by_row, wrong_by_row = _read_cells(text, report)
    assert not wrong_by_row
    assert by_row <= joint
