"""Span resolution: source rows of cells with row/col spans → a :class:`Grid`.

Follows the HTML table model closely enough that a table which renders right
in a browser comes out the same here:

* ``colspan``: parsed like browsers (leading digits of the attribute, ``"2px"``
  → 2); missing, invalid, negative or ``0`` → 1; above 1000 → 1000 (the HTML
  limit).
* ``rowspan``: same parsing; missing/invalid/negative → 1; ``0`` means "to the
  end of the row group" (HTML); above 65534 → 65534; and a rowspan that would
  overrun its row group (``<thead>``/``<tbody>``/``<tfoot>`` or the whole
  table) is cut at the group's last row — no rows are invented.
* A cell lands at the first column of its row not covered by a rowspan from
  above.  Where its colspan would run into such a covered column (a "table
  model error" in HTML) the colspan is cut short instead of overlapping.
* Ragged rows are kept; positions no cell covers stay empty.

Guards keep hostile input linear-ish: a table whose colspans add up to more
than ``SPAN_BUDGET`` gets its remaining spans clamped to 1, and a table whose
resolved matrix would exceed ``MAX_AREA`` positions is refused (``None``) so
the caller can degrade it to paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, TypeAlias

from ._model import Cell, Grid

__all__ = ["MAX_AREA", "RawCell", "SourceCell", "parse_span", "resolve_grid"]

MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
#: Largest n_rows × n_cols accepted for one grid (the official tables are ≤ 25 × 15).
MAX_AREA = 2_000_000
#: Largest sum of colspans placed for one table.
SPAN_BUDGET = 2_000_000


class RawCell(NamedTuple):
    """A cell as written in the source, before resolution.

    ``rowspan == 0`` means "to the end of the row group" (HTML semantics).
    ``line`` is where the cell starts; ``text_line`` where its text does,
    which resolution does not use: it is the line of the paragraph the text
    makes when the reader emits a table's cells as paragraphs instead.
    A named tuple: one is made per cell of every table and thrown away once
    the grid is resolved, and a tuple is made in a third of the time.
    (:func:`resolve_grid` takes plain tuples in the same order too, see
    :data:`SourceCell`.)
    """

    text: str
    rowspan: int = 1
    colspan: int = 1
    line: int | None = None
    header: bool = False
    text_line: int | None = None


#: A cell as :func:`resolve_grid` takes it: a :class:`RawCell`, or a plain
#: tuple in its order — ``(text, rowspan, colspan, line, header, text_line)``
#: — which the HTML reader makes for each cell of a page: a tuple display
#: costs a sixth of a call of the named tuple's ``__new__`` (a Python function).
SourceCell: TypeAlias = tuple[str, int, int, int | None, bool, int | None]


def parse_span(value: str | None, *, maximum: int, zero: int) -> tuple[int, bool]:
    """Parse a span attribute the way browsers do; return ``(span, adjusted)``.

    ``zero`` is what ``"0"`` means (1 for colspan, 0 = "to group end" for
    rowspan).  ``adjusted`` is true when the written value was not used as is
    (invalid, negative, zero colspan, over the maximum), so the caller can note
    it.
    """
    if value is None:
        return 1, False
    s = value.strip(" \t\n\f\r")
    if s.startswith("+"):
        s = s[1:]
    end = 0
    while end < len(s) and "0" <= s[end] <= "9":
        end += 1
    if end == 0:
        return 1, True
    digits = s[:end].lstrip("0")
    adjusted = end != len(s)
    if not digits:
        return zero, adjusted or zero != 0
    if len(digits) > 9:  # avoid int() on absurdly long digit strings
        return maximum, True
    n = int(digits)
    if n > maximum:
        return maximum, True
    return n, adjusted


def resolve_grid(
    rows: Sequence[Sequence[SourceCell]],
    group_ends: Sequence[int] | None = None,
    *,
    line: int | None = None,
    caption: str = "",
    notes: list[str] | None = None,
) -> Grid | None:
    """Place the cells of ``rows`` on a matrix and return the :class:`Grid`.

    ``group_ends[r]`` is the (exclusive) index of the row ending the row group
    that contains row ``r``; by default the whole table is one group.  Repairs
    are appended to ``notes`` (prefixed with ``line N:``).  Returns ``None`` if
    the matrix would exceed :data:`MAX_AREA`.
    """
    n_rows = len(rows)
    ends = group_ends if group_ends is not None else [n_rows] * n_rows
    busy: list[int] = []  # busy[c] = first row index at which column c is free again
    cells: list[Cell] = []
    n_cols = 0
    budget = SPAN_BUDGET
    budget_hit = 0
    blocked = 0
    # (the loop runs once per cell of every table: plain comparisons, no min/max calls)
    width = 0  # len(busy)
    for r, row in enumerate(rows):
        c = 0
        group_end = max(r + 1, min(ends[r], n_rows))
        left = group_end - r  # rows left in the group, this one included
        for text, rs, cs, cell_line, header, _ in row:
            while c < width and busy[c] > r:
                c += 1
            if rs <= 0 or rs > left:
                rs = left
            if cs <= 1:
                if c == width:
                    busy.append(r + rs)
                    width += 1
                else:
                    busy[c] = r + rs
                cells.append(Cell(text, r, c, rs, 1, cell_line, header))
                c += 1
                if c > n_cols:
                    n_cols = c
                    if n_rows * n_cols > MAX_AREA:
                        return None
                continue
            if cs > 1:
                if cs > budget:
                    cs = 1
                    budget_hit += 1
                budget -= cs
                limit = min(c + cs, len(busy))
                k = c + 1
                while k < limit and busy[k] <= r:
                    k += 1
                if k < limit:
                    cs = k - c
                    blocked += 1
            if c + cs > width:
                busy.extend([0] * (c + cs - width))
                width = c + cs
            until = r + rs
            for k in range(c, c + cs):
                busy[k] = until
            cells.append(Cell(text, r, c, rs, cs, cell_line, header))
            c += cs
            if c > n_cols:
                n_cols = c
                if n_rows * n_cols > MAX_AREA:
                    return None
    if notes is not None:
        where = f"line {line}: " if line is not None else ""
        if blocked:
            notes.append(
                f"{where}{blocked} colspan(s) ran into cells spanning from above; cut short"
            )
        if budget_hit:
            notes.append(f"{where}{budget_hit} colspan(s) beyond the span budget set to 1")
    return Grid(tuple(cells), n_rows, n_cols, line, caption)
