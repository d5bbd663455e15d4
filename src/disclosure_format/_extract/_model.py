"""The extracted document: paragraphs and grids of cell strings, nothing more.

The model is format-agnostic on purpose: it knows nothing of 政府信息公开 labels
or numbers.  It records what the page shows, in reading order, with the
1-based source line of each element so that later error messages can point at
the place.  All texts are already folded (see ``_normalize``).
"""

from __future__ import annotations

from typing import Literal, TypeAlias

import attrs

__all__ = ["Block", "Cell", "Document", "Grid", "Paragraph", "Slot"]


@attrs.frozen
class Cell:
    """One source cell (``<td>``/``<th>``, one tab-indented line, one pipe cell).

    ``row``/``col`` are the cell's *origin* (top-left position) in the resolved
    grid; ``rowspan``/``colspan`` are the spans actually applied after clamping
    (never less than 1, never beyond the table).  ``line`` is the source line
    where the cell starts (the ``<td>`` tag), ``None`` when unknown.
    ``header`` is true for ``<th>``; it is informational only, since Word
    exports put headers in ``<td>`` anyway.
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    line: int | None = None
    header: bool = False


@attrs.frozen
class Slot:
    """What one position of the resolved matrix shows.

    ``cell`` is the cell covering the position (``None`` where a ragged row
    leaves the position empty); ``origin`` is true only at the cell's top-left
    position.  The matcher needs both facts: the text at every position (so a
    ``rowspan="22"`` label is seen by each of the 22 rows) and where merged
    cells start (so a merged value is counted once).
    """

    cell: Cell | None
    origin: bool

    @property
    def text(self) -> str:
        """The covering cell's text, or ``""`` for an uncovered position."""
        return "" if self.cell is None else self.cell.text


_EMPTY_SLOT = Slot(None, False)
_EMPTY_PAIR: tuple[Cell | None, bool] = (None, False)


@attrs.frozen
class Grid:
    """A table with its spans resolved onto an ``n_rows`` × ``n_cols`` matrix.

    ``cells`` are in source order (row by row, left to right).  Positions no
    cell covers (short rows) are empty.  ``caption`` is the folded
    ``<caption>`` text (``""`` if none).  ``line`` is where the table starts.
    """

    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int
    line: int | None = None
    caption: str = ""

    def __attrs_post_init__(self) -> None:
        # Cheap structural checks so a hand-built Grid cannot make rows() index
        # outside the matrix; overlaps are checked when the matrix is built.
        if self.n_rows < 0 or self.n_cols < 0:
            raise ValueError(f"negative grid size {self.n_rows}x{self.n_cols}")
        for c in self.cells:
            if c.rowspan < 1 or c.colspan < 1 or c.row < 0 or c.col < 0:
                raise ValueError(f"bad cell geometry: {c!r}")
            if c.row + c.rowspan > self.n_rows or c.col + c.colspan > self.n_cols:
                raise ValueError(f"cell outside the {self.n_rows}x{self.n_cols} grid: {c!r}")

    def positions(self) -> list[list[tuple[Cell | None, bool]]]:
        """The resolved matrix as ``(cell, origin)`` pairs (see :class:`Slot`).

        What :meth:`rows` gives, without an object per position, for the
        loops that read every position of every table.  Built on each call
        (O(n_rows × n_cols)).  Raises ``ValueError`` if two cells overlap,
        which extraction never produces.
        """
        empty = _EMPTY_PAIR
        matrix: list[list[tuple[Cell | None, bool]]] = [
            [empty] * self.n_cols for _ in range(self.n_rows)
        ]
        for c in self.cells:
            if c.rowspan == 1 and c.colspan == 1:  # most cells: one position
                line = matrix[c.row]
                if line[c.col] is not empty:
                    raise ValueError(f"cells overlap at ({c.row}, {c.col}): {c!r}")
                line[c.col] = (c, True)
                continue
            covered = (c, False)
            for r in range(c.row, c.row + c.rowspan):
                line = matrix[r]
                for k in range(c.col, c.col + c.colspan):
                    if line[k] is not empty:
                        raise ValueError(f"cells overlap at ({r}, {k}): {c!r}")
                    line[k] = covered
            matrix[c.row][c.col] = (c, True)
        return matrix

    def rows(self) -> list[list[Slot]]:
        """The resolved matrix: ``n_rows`` lists of ``n_cols`` :class:`Slot`.

        Built on each call from :meth:`positions`; keep the result if you
        need it twice.  Raises ``ValueError`` if two cells overlap, which
        extraction never produces.
        """
        return [
            [_EMPTY_SLOT if cell is None else Slot(cell, origin) for cell, origin in line]
            for line in self.positions()
        ]

    def text_rows(self) -> list[list[str]]:
        """The resolved matrix as texts: a spanned cell's text repeats at every position."""
        return [
            ["" if cell is None else cell.text for cell, _ in line] for line in self.positions()
        ]

    def row_cells(self, row: int) -> list[Cell]:
        """The cells whose origin is in ``row``, left to right (what that source row wrote)."""
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)


@attrs.frozen
class Paragraph:
    """A run of text between block boundaries (``<p>``, ``<div>``, ``<br>``, a text line…)."""

    text: str
    line: int | None = None


Block: TypeAlias = Paragraph | Grid


@attrs.frozen
class Document:
    """An extracted document.

    ``form`` says which extractor read it; ``encoding`` is the codec the bytes
    were decoded with (``None`` when text was given); ``blocks`` are the
    paragraphs and grids in reading order; ``notes`` are human-readable remarks
    about repairs and guesses made on the way (decoding fallbacks, layout
    tables dissolved, spans clamped…), each starting with ``line N:`` when it
    refers to a place.
    """

    form: Literal["html", "text", "docx", "pdf"]
    encoding: str | None
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()

    @property
    def grids(self) -> tuple[Grid, ...]:
        """The grids, in document order."""
        return tuple(b for b in self.blocks if isinstance(b, Grid))

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The paragraphs, in document order."""
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))
