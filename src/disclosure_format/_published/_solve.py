"""Splitting runs of digits into cells with the format's own arithmetic.

Crawler dumps run a row's cells together: ``640020470`` is the seven cells
64/0/0/2/0/4/70 of a table-3 row.  The digits alone admit many splits; the
format's rules (row totals, column identities, group totals — the compiled
equations of :func:`..validation.compiled`) admit few.  The procedure:

1. :func:`splits` enumerates every way to cut the number tokens of a row into
   the row's cells: each token gives at least one cell (a gap in the source is
   always a boundary, and so is a sign); no part has a leading zero (``0``
   itself excepted); a ``-`` before digits is either a minus sign or a blank
   cell written ``-`` (both are tried) or, right after a dash placeholder
   (``--1``), the end of that blank (tried too); a sign stays with the first part, a
   decimal point and a glued unit with the last part of their token; a
   placeholder is one blank cell (a run of ASCII ``-`` may be as many); a part
   with a fraction only goes to an amount cell and a signed part only to a
   signed cell (the format's cell kinds);
2. each row keeps the splits that satisfy every error-severity equation lying
   wholly within the row and the cells already known (:func:`solve`, step 1);
3. the rows left with several splits are combined by backtracking, keeping the
   combinations under which every error-severity equation over known or split
   cells holds (equations touching a cell the input does not give are not
   used); at most :data:`MAX_SOLUTIONS` combinations are examined exhaustively; a run
   with more than :data:`MAX_SPLITS` splits is not split at all (reported).

A row whose surviving splits all agree on a cell has that cell read; cells
on which they disagree are left blank and reported ambiguous with the
candidates.  If no combination satisfies the rules (the published figures are
themselves inconsistent), only the digits and each row's own rules are used.
Warning-severity rules ("usually") never decide a split.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

import attrs

from .._compile import Equation
from ..model import Number, Value
from ..spec import CellKind

__all__ = [
    "MAX_SOLUTIONS",
    "MAX_SPLITS",
    "Piece",
    "Row",
    "Solution",
    "TooManySplits",
    "solve",
    "splits",
]

MAX_SOLUTIONS = 5000
MAX_SPLITS = 20000


@attrs.frozen
class Piece:
    """One number token of a run: its digits as written (ASCII), and whether it may be cut."""

    text: str
    value: Value
    splittable: bool
    blanks: int = 1
    """For a placeholder: how many blank cells it may stand for (``--`` may be two ``-``)."""
    joins_blank: bool = False
    """A ``-`` sign written right after a placeholder of dashes (``--1``): it may
    also be the end of that blank, giving no cell of its own."""


@attrs.frozen
class Row:
    """A run of number tokens standing for ``cells`` (cell indexes, in column order)."""

    cells: tuple[int, ...]
    kinds: tuple[CellKind, ...]
    pieces: tuple[Piece, ...]


def _cuts(text: str, parts: int) -> Iterator[tuple[str, ...]]:
    """Cut ``text`` (a sign, digits, maybe one fraction at the end) into ``parts`` numerals.

    A sign belongs to the first part: the cell the sign starts.
    """
    sign = text[0] if text[:1] in ("+", "-") else ""
    if parts == 1:
        yield (text,)
        return
    if sign:
        for first, *rest in _cuts(text[1:], parts):
            yield (sign + first, *rest)
        return
    whole, dot, frac = text.partition(".")

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


@functools.lru_cache(maxsize=4096)
def _value(part: str, kind: CellKind) -> Value | None:
    """The value of a cut part for a cell of ``kind``; None if it cannot go there.

    A fraction goes only to an amount cell, a sign only to a signed cell (the
    kinds are the format's: a count is never negative).  Cached: enumerating
    a run's splits asks for the same short parts again and again (values
    are immutable)."""
    if part[:1] in ("+", "-") and kind is not CellKind.SIGNED:
        return None
    if "." in part:
        return Decimal(part) if kind is CellKind.AMOUNT else None
    return Decimal(part) if kind is CellKind.AMOUNT else int(part)


def _ways(text: str, parts: int) -> int:
    """How many ways :func:`_cuts` cuts ``text`` into ``parts`` (by dynamic programming)."""
    whole = text.lstrip("+-").partition(".")[0]
    n = len(whole)
    # ways[k][i]: cuts of whole[i:] into k parts, each without a leading zero
    ways = [[0] * (n + 1) for _ in range(parts + 1)]
    for i in range(n):
        ways[1][i] = 1 if whole[i] != "0" or i == n - 1 else 0
    for k in range(2, parts + 1):
        for i in range(n):
            if whole[i] == "0":
                ways[k][i] = ways[k - 1][i + 1] if i + 1 < n else 0
            else:
                ways[k][i] = sum(ways[k - 1][j] for j in range(i + 1, n))
    return ways[parts][0] if n else 0


def count_splits(row: Row) -> int:
    """An upper bound of the number of :func:`splits` of ``row``, computed without listing them."""
    # counts[c]: ways to give the pieces seen so far exactly c cells
    counts = {0: 1}
    for piece in row.pieces:
        nxt: dict[int, int] = {}
        for used, ways in counts.items():
            if not piece.splittable:
                for k in range(1, (piece.blanks if piece.value is None else 1) + 1):
                    nxt[used + k] = nxt.get(used + k, 0) + ways
                continue
            for k in range(1, len(piece.text.lstrip("+-").partition(".")[0]) + 1):
                if used + k <= len(row.cells):
                    nxt[used + k] = nxt.get(used + k, 0) + ways * _ways(piece.text, k)
                if piece.text.startswith("-") and used + k + 1 <= len(row.cells):
                    nxt[used + k + 1] = nxt.get(used + k + 1, 0) + ways * _ways(piece.text, k)
                if piece.joins_blank and piece.text.startswith("-") and used + k <= len(row.cells):
                    nxt[used + k] = nxt.get(used + k, 0) + ways * _ways(piece.text, k)
        counts = nxt
    return counts.get(len(row.cells), 0)


class TooManySplits(Exception):
    """A run admits more than :data:`MAX_SPLITS` splits; none is chosen."""


def splits(row: Row) -> list[tuple[Value, ...]]:
    """Every split of the row's pieces into its cells (see the module documentation).

    Raises :class:`TooManySplits` beyond :data:`MAX_SPLITS` ways: an
    incomplete list could make a wrong split look like the only one.
    """
    n_cells = len(row.cells)
    if count_splits(row) > MAX_SPLITS:
        raise TooManySplits
    out: list[tuple[Value, ...]] = []

    def rec(p: int, c: int, acc: tuple[Value, ...], text: str | None = None) -> None:
        if p == len(row.pieces):
            if c == n_cells:
                out.append(acc)
            return
        piece = row.pieces[p]
        remaining_pieces = len(row.pieces) - p - 1
        if not piece.splittable:
            for k in range(1, (piece.blanks if piece.value is None else 1) + 1):
                if c + k <= n_cells:
                    rec(p + 1, c + k, (*acc, *(piece.value,) * k))
            return
        text = piece.text if text is None else text
        if text.startswith("-") and c < n_cells:
            # "-" before digits: a minus sign, or a blank cell written "-"
            rec(p, c + 1, (*acc, None), text[1:])
        if piece.joins_blank and text == piece.text and text.startswith("-"):
            # "--1": the "-" may end the blank written just before it (no cell of its own)
            rec(p, c, acc, text[1:])
        whole = text.lstrip("+-").partition(".")[0]
        most = min(len(whole), n_cells - c - remaining_pieces)
        for k in range(1, most + 1):
            for parts in _cuts(text, k):
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
    too_many: tuple[bool, ...] = ()
    """Per row: True when the run had more than MAX_SPLITS splits (none examined)."""
    counts: tuple[int, ...] = ()
    """Per row: how many splits the digits alone allow."""


def solve(
    rows: Sequence[Row],
    known: Mapping[int, Value],
    equations: Sequence[Equation],
) -> Solution:
    """Keep, for each row, the splits consistent with the rules (see the module doc)."""
    raw: list[list[tuple[Value, ...]]] = []
    too_many: list[bool] = []
    for candidate_row in rows:
        try:
            raw.append(splits(candidate_row))
            too_many.append(False)
        except TooManySplits:
            raw.append([])
            too_many.append(True)
    counts = tuple(len(c) for c in raw)
    # a row with too many splits is left out: its cells are unknown to the others
    rows = [r if not t else attrs.evolve(r, cells=()) for r, t in zip(rows, too_many, strict=True)]
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
        return Solution(
            tuple(map(tuple, local)), tuple(map(frozenset, used)), True, tuple(too_many), counts
        )
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
        return Solution(
            tuple(map(tuple, local)), tuple(map(frozenset, used)), False, tuple(too_many), counts
        )
    result = [tuple(c) for c in local]
    for j, r in enumerate(open_rows):
        if complete:
            result[r] = tuple(local[r][c] for c in sorted(seen[j]))
        rules = {eq.rule.id for eq in cross if any(row_of.get(i) == r for i in eq.indexes)}
        used[r].update(rules)
    return Solution(tuple(result), tuple(map(frozenset, used)), True, tuple(too_many), counts)
