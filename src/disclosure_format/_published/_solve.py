"""Splitting runs of digits into cells with the format's own arithmetic.

Crawler dumps run a row's cells together: ``640020470`` is the seven cells
64/0/0/2/0/4/70 of a table-3 row.  The digits alone admit many splits; the
format's rules (row totals, column identities, group totals — the compiled
equations of :func:`..validation.compiled`) admit few.  The procedure:

1. :func:`splits` enumerates every way to cut the number tokens of a row into
   the row's cells: each token gives at least one cell (a gap in the source is
   always a boundary), no part has a leading zero (``0`` itself excepted), a
   decimal point and a glued unit stay with the last part of their token, a
   signed token or a placeholder is one cell, a part with a fraction only goes
   to an amount cell;
2. each row keeps the splits that satisfy every error-severity equation lying
   wholly within the row and the cells already known (:func:`solve`, step 1);
3. the rows left with several splits are combined by backtracking, keeping the
   combinations under which every error-severity equation over known or split
   cells holds (equations touching a cell the input does not give are not
   used); at most :data:`MAX_SOLUTIONS` combinations are examined exhaustively.

A row whose surviving splits all agree on a cell has that cell read; cells
on which they disagree are left blank and reported ambiguous with the
candidates.  If no combination satisfies the rules (the published figures are
themselves inconsistent), only the digits and each row's own rules are used.
Warning-severity rules ("usually") never decide a split.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

import attrs

from .._compile import Equation
from ..model import Number, Value
from ..spec import CellKind

__all__ = ["MAX_SOLUTIONS", "Piece", "Row", "solve", "splits"]

MAX_SOLUTIONS = 5000
_MAX_SPLITS = 20000


@attrs.frozen
class Piece:
    """One number token of a run: its digits as written (ASCII), and whether it may be cut."""

    text: str
    value: Value
    splittable: bool


@attrs.frozen
class Row:
    """A run of number tokens standing for ``cells`` (cell indexes, in column order)."""

    cells: tuple[int, ...]
    kinds: tuple[CellKind, ...]
    pieces: tuple[Piece, ...]


def _cuts(text: str, parts: int) -> Iterator[tuple[str, ...]]:
    """Cut ``text`` (digits, maybe one fraction at the end) into ``parts`` numerals."""
    whole, dot, frac = text.partition(".")
    if parts == 1:
        yield (text,)
        return

    def rec(start: int, left: int) -> Iterator[tuple[str, ...]]:
        if left == 1:
            part = whole[start:] + dot + frac
            if part and (whole[start:][:1] != "0" or len(whole) - start == 1):
                yield (part,)
            return
        for end in range(start + 1, len(whole) - left + 2):
            part = whole[start:end]
            if part[0] == "0" and len(part) > 1:
                break
            for rest in rec(end, left - 1):
                yield (part, *rest)

    yield from rec(0, parts)


def _value(part: str, kind: CellKind) -> Value | None:
    """The value of a cut part for a cell of ``kind``; None if it cannot go there."""
    if "." in part:
        return Decimal(part) if kind is CellKind.AMOUNT else None
    return Decimal(part) if kind is CellKind.AMOUNT else int(part)


def splits(row: Row) -> list[tuple[Value, ...]]:
    """Every split of the row's pieces into its cells (see the module documentation)."""
    n_cells = len(row.cells)
    out: list[tuple[Value, ...]] = []

    def rec(p: int, c: int, acc: tuple[Value, ...]) -> None:
        if len(out) > _MAX_SPLITS:
            return
        if p == len(row.pieces):
            if c == n_cells:
                out.append(acc)
            return
        piece = row.pieces[p]
        remaining_pieces = len(row.pieces) - p - 1
        if not piece.splittable:
            if c < n_cells:
                rec(p + 1, c + 1, (*acc, piece.value))
            return
        whole = piece.text.partition(".")[0]
        most = min(len(whole), n_cells - c - remaining_pieces)
        for k in range(1, most + 1):
            for parts in _cuts(piece.text, k):
                values = []
                for offset, part in enumerate(parts):
                    v = _value(part, row.kinds[c + offset])
                    if v is None:
                        break
                    values.append(v)
                else:
                    rec(p + 1, c + k, (*acc, *values))

    rec(0, 0, ())
    return out


def _num(v: Value) -> Number:
    return v if isinstance(v, (int, Decimal)) else 0


def _holds(eq: Equation, nums: Mapping[int, Number]) -> bool:
    left: Number = eq.left_const
    for i, c in eq.left:
        left += c * nums[i]
    right: Number = eq.right_const
    for i, c in eq.right:
        right += c * nums[i]
    op = eq.op
    if op == "==":
        return left == right
    if op == "<=":
        return left <= right
    if op == ">=":
        return left >= right
    if op == "<":
        return left < right
    return left > right


@attrs.frozen
class Solution:
    """Per row: the candidate splits that survive, and whether the rules decided it."""

    candidates: tuple[tuple[tuple[Value, ...], ...], ...]
    used_rules: tuple[frozenset[str], ...]
    consistent: bool
    """False when no combination satisfied the rules (the source is inconsistent)."""


def solve(
    rows: Sequence[Row],
    known: Mapping[int, Value],
    equations: Sequence[Equation],
) -> Solution:
    """Keep, for each row, the splits consistent with the rules (see the module doc)."""
    raw = [splits(r) for r in rows]
    known_nums = {i: _num(v) for i, v in known.items() if not isinstance(v, str)}
    row_of: dict[int, int] = {}
    for r, row in enumerate(rows):
        for i in row.cells:
            row_of[i] = r
    usable = [
        eq
        for eq in equations
        if all(i in known_nums or i in row_of for i in eq.indexes)
        and any(i in row_of for i in eq.indexes)
    ]
    used: list[set[str]] = [set() for _ in rows]
    # 1. row-local rules
    local: list[list[tuple[Value, ...]]] = []
    for r, (row, cands) in enumerate(zip(rows, raw, strict=True)):
        mine = [
            eq for eq in usable if all(i in known_nums or row_of.get(i) == r for i in eq.indexes)
        ]
        kept = []
        for cand in cands:
            nums = dict(known_nums)
            nums.update(zip(row.cells, map(_num, cand), strict=True))
            if all(_holds(eq, nums) for eq in mine):
                kept.append(cand)
        if mine and len(cands) > 1:
            used[r].update(eq.rule.id for eq in mine)
        local.append(kept if kept or not mine else cands)
    # 2. combine the rows left open
    open_rows = [r for r, c in enumerate(local) if len(c) > 1]
    fixed = dict(known_nums)
    for r, cands in enumerate(local):
        if len(cands) == 1:
            fixed.update(zip(rows[r].cells, map(_num, cands[0]), strict=True))
    cross = [eq for eq in usable if any(row_of.get(i) in open_rows for i in eq.indexes)]
    if not open_rows or not cross:
        return Solution(tuple(map(tuple, local)), tuple(map(frozenset, used)), True)
    # the equation becomes checkable when the last open row it touches is assigned
    position = {r: k for k, r in enumerate(open_rows)}
    due: list[list[Equation]] = [[] for _ in open_rows]
    for eq in cross:
        last = max(position[row_of[i]] for i in eq.indexes if row_of.get(i) in position)
        due[last].append(eq)
    seen: list[set[int]] = [set() for _ in open_rows]
    count = 0
    nums = dict(fixed)

    def rec(k: int) -> bool:
        nonlocal count
        if k == len(open_rows):
            count += 1
            for j in range(len(open_rows)):
                seen[j].add(choice[j])
            return count < MAX_SOLUTIONS
        r = open_rows[k]
        for c, cand in enumerate(local[r]):
            nums.update(zip(rows[r].cells, map(_num, cand), strict=True))
            if all(_holds(eq, nums) for eq in due[k]):
                choice[k] = c
                if not rec(k + 1):
                    return False
        return True

    choice = [0] * len(open_rows)
    complete = rec(0)
    if count == 0:
        return Solution(tuple(map(tuple, local)), tuple(map(frozenset, used)), False)
    result = [tuple(c) for c in local]
    for j, r in enumerate(open_rows):
        if complete:
            result[r] = tuple(local[r][c] for c in sorted(seen[j]))
        rules = {eq.rule.id for eq in cross if any(row_of.get(i) == r for i in eq.indexes)}
        used[r].update(rules)
    return Solution(tuple(result), tuple(map(frozenset, used)), True)
