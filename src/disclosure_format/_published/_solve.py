"""Splitting runs of digits into cells with the format's own arithmetic.

Crawler dumps run a row's cells together: ``640020470`` is the seven cells
64/0/0/2/0/4/70 of a table-3 row.  The digits alone admit many splits; the
format's rules (row totals, column identities, group totals — the compiled
equations of :func:`.._compile.compiled`) admit few.  The procedure:

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
2. the runs of a table, the cells already known and every error-severity
   equation form one system (:func:`solve`): rows no equation links are
   solved apart; within a group of linked rows, arc consistency drops every
   split of a row that no choice among the other rows' splits supports, then
   a search looks for a solution of the whole group using each split not yet
   seen in one (found: all its splits are supported; none: the split is
   dropped).  A split survives exactly when some solution uses it.  The
   search is bounded by :data:`MAX_WORK`; a split it could not decide is
   kept, so no cell is read from a search cut short.  A run with more than
   :data:`MAX_SPLITS` splits is not split at all (reported).

A row whose surviving splits all agree on a cell has that cell read; cells
on which they disagree are left blank and reported ambiguous with the
candidates.  If a group has no solution (the published figures are
themselves inconsistent) or none was found within the bound, only the digits
and each row's own rules are used.  Warning-severity rules ("usually") never
decide a split.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

import attrs

from .._compile import Equation
from ..model import Number, Value
from ..spec import CellKind

__all__ = [
    "MAX_SPLITS",
    "MAX_SUMS",
    "MAX_WORK",
    "Piece",
    "Row",
    "Solution",
    "TooManySplits",
    "solve",
    "splits",
]

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


@functools.lru_cache(maxsize=4096)
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
    # the most cells the pieces from p on can give: the cells a piece must leave to
    # the rest bound how few it may take (without it, most cuts are made in vain)
    most_after = [0] * (len(row.pieces) + 1)
    for p in range(len(row.pieces) - 1, -1, -1):
        piece = row.pieces[p]
        if not piece.splittable:
            own = piece.blanks if piece.value is None else 1
        else:
            own = len(piece.text.lstrip("+-").partition(".")[0]) + piece.text.startswith("-")
        most_after[p] = most_after[p + 1] + own

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
        least = max(1, n_cells - c - most_after[p + 1])
        for k in range(least, most + 1):
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


@attrs.frozen
class Solution:
    """Per row: the candidate splits that survive, and what decided them."""

    candidates: tuple[tuple[tuple[Value, ...], ...], ...]
    """Per row: the splits some solution of the whole system uses (or that the
    search could not rule out within its bound), in the order of :func:`splits`."""
    used_rules: tuple[frozenset[str], ...]
    """Per row: the ids of the rules that removed some of its splits."""
    consistent: tuple[bool, ...]
    """Per row: False when no combination satisfied the rules (the source is inconsistent,
    or the search could not find one within its bound): only row-local rules were used."""
    too_many: tuple[bool, ...] = ()
    """Per row: True when the run had more than MAX_SPLITS splits (none examined)."""
    counts: tuple[int, ...] = ()
    """Per row: how many splits the digits alone allow."""
    unsettled: tuple[int, ...] = ()
    """Per row: how many of its candidates the search bound kept unexamined (they
    are kept as candidates: a cell they could change is not read)."""


MAX_SUMS = 50_000
"""The most partial sums one equation's rows are combined into when pruning."""
MAX_WORK = 2_000_000
"""The work bound of the whole search (candidates looked at); beyond it, the
candidates not yet examined are kept, so their cells stay unread."""


class _Cutoff(Exception):
    """The search's work bound was reached."""


@attrs.define
class _System:
    """The rows' candidate lists and the equations linking them, in additive form.

    Each equation reads ``const + Σ_r part_r[candidate of row r] <op> 0``: the
    cells already known are folded into ``const`` and each row's cells into one
    partial sum per candidate, so that checking an equation never looks at a
    cell again.
    """

    eqs: list[Equation]
    consts: list[Number]
    parts: list[dict[int, list[Number]]]
    """Per equation: row → the partial sum of every candidate of the row."""
    touching: list[list[int]]
    """Per row: the equations involving it."""
    work: int = 0
    budget: int = MAX_WORK

    def revise(self, e: int, domains: list[list[int]]) -> list[int] | None:
        """Drop the candidates of equation ``e``'s rows no choice of the others supports.

        Returns the rows whose domain shrank, or None when one became empty.
        An equality over rows whose partial sums are too many to combine within
        :data:`MAX_SUMS` is left unpruned (sound: pruning less keeps more).
        """
        parts = self.parts[e]
        rows = list(parts)
        values = [{parts[r][c] for c in domains[r]} for r in rows]
        self.work += sum(len(domains[r]) for r in rows)
        if self.work > self.budget:
            raise _Cutoff
        op = self.eqs[e].op
        const = self.consts[e]
        supported: list[set[Number]] = []
        if op == "==":
            n = len(rows)
            prefix: list[set[Number]] = [{const}]
            for k in range(n - 1):
                nxt = {a + b for a in prefix[-1] for b in values[k]}
                if len(nxt) > MAX_SUMS:
                    return []
                prefix.append(nxt)
            suffix: set[Number] = {0}
            backwards: list[set[Number]] = []
            for k in range(n - 1, -1, -1):
                backwards.append(suffix)
                if k:
                    suffix = {a + b for a in suffix for b in values[k]}
                    if len(suffix) > MAX_SUMS:
                        return []
            backwards.reverse()
            for k in range(n):
                before, after = prefix[k], backwards[k]
                small, large = (before, after) if len(before) <= len(after) else (after, before)
                self.work += len(small) * len(values[k])
                supported.append({v for v in values[k] if any(-v - a in large for a in small)})
        else:
            lows = [min(v) for v in values]
            highs = [max(v) for v in values]
            low, high = const + sum(lows), const + sum(highs)
            for k in range(len(rows)):
                if op in ("<=", "<"):  # the others at their lowest
                    rest = low - lows[k]
                    supported.append(
                        {v for v in values[k] if (rest + v <= 0 if op == "<=" else rest + v < 0)}
                    )
                else:
                    rest = high - highs[k]
                    supported.append(
                        {v for v in values[k] if (rest + v >= 0 if op == ">=" else rest + v > 0)}
                    )
        changed = []
        for k, r in enumerate(rows):
            if len(supported[k]) == len(values[k]):
                continue
            part = parts[r]
            kept = [c for c in domains[r] if part[c] in supported[k]]
            if not kept:
                return None
            domains[r] = kept
            changed.append(r)
        return changed

    def propagate(
        self, domains: list[list[int]], queue: list[int], pruned: list[set[str]] | None = None
    ) -> bool:
        """Revise equations until none prunes more (arc consistency); False on a wipe-out."""
        waiting = set(queue)
        while queue:
            e = queue.pop()
            waiting.discard(e)
            changed = self.revise(e, domains)
            if changed is None:
                return False
            for r in changed:
                if pruned is not None:
                    pruned[r].add(self.eqs[e].rule.id)
                for f in self.touching[r]:
                    if f not in waiting:
                        waiting.add(f)
                        queue.append(f)
        return True

    def holds(self, choice: Mapping[int, int], eqs: Sequence[int]) -> bool:
        """True when equations ``eqs`` hold with candidate ``choice[r]`` for each row r."""
        for e in eqs:
            total = self.consts[e] + sum((p[choice[r]] for r, p in self.parts[e].items()), start=0)
            op = self.eqs[e].op
            if op == "==":
                ok = total == 0
            elif op == "<=":
                ok = total <= 0
            elif op == ">=":
                ok = total >= 0
            elif op == "<":
                ok = total < 0
            else:
                ok = total > 0
            if not ok:
                return False
        return True

    def find(
        self, domains: list[list[int]], rows: Sequence[int], eqs: Sequence[int]
    ) -> dict[int, int] | None:
        """One solution of ``rows`` within ``domains`` (arc-consistent), or None if none.

        Depth first, the row with the fewest candidates first, arc consistency
        restored after every choice.  Raises :class:`_Cutoff` at the work bound.
        """
        open_rows = [r for r in rows if len(domains[r]) > 1]
        if not open_rows:
            choice = {r: domains[r][0] for r in rows}
            return choice if self.holds(choice, eqs) else None
        r = min(open_rows, key=lambda k: len(domains[k]))
        for c in domains[r]:
            trial = list(domains)
            trial[r] = [c]
            if self.propagate(trial, list(self.touching[r])):
                found = self.find(trial, rows, eqs)
                if found is not None:
                    return found
        return None


def solve(
    rows: Sequence[Row],
    known: Mapping[int, Value],
    equations: Sequence[Equation],
    *,
    joint: bool = True,
) -> Solution:
    """Keep, for each row, the splits some solution of the whole table uses (module doc).

    ``joint=False`` uses only the equations lying within one row and the
    known cells (the row-by-row solver; also the fallback when the whole
    system has no solution).
    """
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
    known_nums = {i: _num(v) for i, v in known.items() if not isinstance(v, str)}
    place: dict[int, tuple[int, int]] = {}
    for r, row in enumerate(rows):
        if not too_many[r]:
            for p, i in enumerate(row.cells):
                place[i] = (r, p)
    nums = [[tuple(map(_num, cand)) for cand in cands] for cands in raw]
    eqs: list[Equation] = []
    consts: list[Number] = []
    parts: list[dict[int, list[Number]]] = []
    for eq in equations:
        net = eq.coefficients()
        if not any(i in place for i in net) or not all(i in place or i in known_nums for i in net):
            continue  # no split cell in it, or a cell the input does not give
        const: Number = eq.left_const - eq.right_const
        terms: dict[int, list[tuple[int, int]]] = {}
        for i, coef in net.items():
            if i in place:
                r, p = place[i]
                terms.setdefault(r, []).append((p, coef))
            else:
                const += coef * known_nums[i]
        if not joint and len(terms) > 1:
            continue
        eqs.append(eq)
        consts.append(const)
        parts.append({r: _partial_sums(nums[r], ts) for r, ts in terms.items()})
    touching: list[list[int]] = [[] for _ in rows]
    for e, part in enumerate(parts):
        for r in part:
            touching[r].append(e)
    system = _System(eqs, consts, parts, touching)
    full = [list(range(len(c))) for c in raw]
    domains = [list(d) for d in full]
    pruned: list[set[str]] = [set() for _ in rows]
    consistent = [True] * len(rows)
    unsettled = [0] * len(rows)
    for component, comp_eqs in _components(parts, len(rows)):
        outcome = _joint(system, domains, component, comp_eqs, pruned, unsettled) if joint else ""
        if outcome == "solved":
            continue
        for r in component:  # no solution known: each row by its own rules
            domains[r] = list(full[r])
            pruned[r] = set()
            unsettled[r] = len(full[r]) if outcome == "cut off" else 0
            consistent[r] = outcome != "none"
        for r in _row_by_row(system, domains, comp_eqs, pruned):
            domains[r] = list(full[r])
            pruned[r] = set()
            consistent[r] = False
    for e, part in enumerate(parts):  # a row's own rules all took part in choosing
        (r, *others) = part
        if not others and counts[r] > 1 and consistent[r]:
            pruned[r].add(eqs[e].rule.id)
    return Solution(
        tuple(tuple(raw[r][c] for c in d) for r, d in enumerate(domains)),
        tuple(map(frozenset, pruned)),
        tuple(consistent),
        tuple(too_many),
        counts,
        tuple(unsettled),
    )


def _partial_sums(nums: list[tuple[Number, ...]], terms: list[tuple[int, int]]) -> list[Number]:
    """Σ coefficient × cell over ``terms`` (position in the row, coefficient), per candidate."""
    if len(terms) == 1:
        ((p, coef),) = terms
        return [n[p] if coef == 1 else coef * n[p] for n in nums]
    return [sum((coef * n[p] for p, coef in terms), start=0) for n in nums]


def _components(parts: list[dict[int, list[Number]]], n: int) -> list[tuple[list[int], list[int]]]:
    """The rows linked by equations, each group with its equations (independent systems)."""
    parent = list(range(n))

    def root(r: int) -> int:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    for part in parts:
        first, *rest = part
        for r in rest:
            parent[root(r)] = root(first)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for e, part in enumerate(parts):
        groups.setdefault(root(next(iter(part))), ([], []))[1].append(e)
    for r in range(n):
        if root(r) in groups:
            groups[root(r)][0].append(r)
    return list(groups.values())


def _row_by_row(
    system: _System, domains: list[list[int]], eqs: Sequence[int], pruned: list[set[str]]
) -> set[int]:
    """Filter each row by the equations lying within it; the rows none of whose splits
    satisfies them (their figures are inconsistent: the rules cannot choose)."""
    system.work, system.budget = 0, sys.maxsize  # linear in the candidates: no bound needed
    failed: set[int] = set()
    for e in eqs:
        part = system.parts[e]
        if len(part) != 1:
            continue
        (r,) = part
        if r in failed or not domains[r]:
            continue
        changed = system.revise(e, domains)
        if changed is None:
            failed.add(r)
        elif changed:
            pruned[r].add(system.eqs[e].rule.id)
    return failed


def _joint(
    system: _System,
    domains: list[list[int]],
    rows: list[int],
    eqs: list[int],
    pruned: list[set[str]],
    unsettled: list[int],
) -> str:
    """Narrow ``rows`` to the candidates some solution of their equations uses.

    Arc consistency first; then, for every candidate not yet seen in a solution,
    a search for a solution using it: found, every candidate of that solution is
    supported; proved impossible, the candidate is dropped (and the drop
    propagated).  The search is bounded by :data:`MAX_WORK`: a candidate it
    could not decide is kept (``unsettled``), so no cell is read on the strength
    of a search cut short.  Returns ``"solved"``; ``"none"`` when there is no
    solution; ``"cut off"`` when none was found within the bound (the caller then
    falls back to the rows' own rules).
    """
    system.work, system.budget = 0, MAX_WORK
    if any(not domains[r] for r in rows):
        return "none"
    try:
        # a row's own rules first (popped last-in first-out), so that a note names
        # the row total that chose a split before a column identity that agrees
        local = [e for e in eqs if len(system.parts[e]) == 1]
        cross = [e for e in eqs if len(system.parts[e]) > 1]
        if not system.propagate(domains, cross + local[::-1], pruned):
            return "none"
    except _Cutoff:
        return "cut off"
    if all(len(domains[r]) == 1 for r in rows):
        return "solved" if system.holds({r: domains[r][0] for r in rows}, eqs) else "none"
    seen: dict[int, set[int]] = {r: set() for r in rows}
    solved = cut = False
    for r in rows:
        for c in list(domains[r]):
            if c in seen[r] or c not in domains[r]:
                continue
            trial = list(domains)
            trial[r] = [c]
            try:
                possible = system.propagate(trial, list(system.touching[r]))
                found = system.find(trial, rows, eqs) if possible else None
            except _Cutoff:
                unsettled[r] += 1
                cut = True
                continue
            if found is not None:
                solved = True
                for k, choice in found.items():
                    seen[k].add(choice)
                continue
            domains[r] = [x for x in domains[r] if x != c]
            pruned[r].update(system.eqs[e].rule.id for e in system.touching[r])
            try:
                if not system.propagate(domains, list(system.touching[r]), pruned):
                    return "none"
            except _Cutoff:
                pass  # what was pruned is sound; the rest stays as candidates
    return "solved" if solved else "cut off" if cut else "none"
