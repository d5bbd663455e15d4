"""Box grids in plain text: drawing report tables and reading them back.

The annual-report tables have multi-level headers (cells spanning rows and
columns), Chinese labels and numeric cells.  This module draws such a table as
an ASCII box grid that lines up in a monospace terminal, and parses that grid
back into cells, so a text rendering can be edited by a person and read again.

Format decisions, and why:

* Only ``+``, ``-`` and ``|`` are used.  Box-drawing characters have "ambiguous"
  East Asian width and are drawn double-width by terminals in a Chinese locale,
  which would break every column.
* Positions are measured in display columns (:func:`display_width`), not code
  points, because a CJK character takes two columns.
* A cell's outline is drawn only where two different cells (or a cell and the
  outside) meet, so a spanning cell has no internal borders.  Where border lines
  meet, the junction is ``+``, except where a border merely passes straight
  through (``|`` on a vertical border, ``-`` on a horizontal one).
* A cell that spans rows owns the border lines between those rows too; its text
  flows through them.  Text is padded by one space each side and sits at the top.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import product
from typing import Literal, get_args

import attrs

__all__ = [
    "Align",
    "GridCell",
    "GridParseError",
    "ParsedGrid",
    "display_width",
    "draw_grid",
    "parse_grid",
]

Align = Literal["left", "right", "center"]
Wrap = Literal["exact", "words"]
"""How a cell's text is wrapped: ``exact`` keeps every character through
:func:`parse_grid` (no break next to a space); ``words`` breaks Latin text at
spaces, which are then not drawn, for texts whose spacing a reader does not
need (report labels are compared without whitespace)."""

# Column widths grow by the border and both padding spaces for every column a
# cell spans beyond the first; row heights grow by the border line.
_COLUMN_GAP = 3
_ROW_GAP = 1


@attrs.frozen
class GridCell:
    """One cell of a grid, placed by its top-left position in the logical grid.

    Positions are 0-based row and column indices of the logical grid, not text
    coordinates, so the same cells can be drawn at any widths.
    """

    row: int = attrs.field(validator=attrs.validators.ge(0))
    col: int = attrs.field(validator=attrs.validators.ge(0))
    text: str
    rowspan: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    colspan: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    align: Align = attrs.field(default="left", validator=attrs.validators.in_(get_args(Align)))
    wrap: Wrap = attrs.field(default="exact", validator=attrs.validators.in_(get_args(Wrap)))


@attrs.frozen
class ParsedGrid:
    """The logical grid read from text: its size and its cells in row-major order."""

    n_rows: int
    n_cols: int
    cells: tuple[GridCell, ...]


class GridParseError(ValueError):
    """Text that is not a well-formed grid.

    ``line`` and ``column`` are 1-based; ``column`` counts display columns (a CJK
    character is two), which is where the problem appears on screen.  The three
    values are also the exception's ``args`` so the error pickles cleanly.
    """

    def __init__(self, reason: str, line: int, column: int) -> None:
        super().__init__(reason, line, column)
        self.reason = reason
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.reason}"


# --- widths -----------------------------------------------------------------


def _char_width(ch: str) -> int:
    """Terminal width of one code point: combining marks 0, East Asian wide 2."""
    if unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(s: str) -> int:
    """Number of monospace terminal columns ``s`` occupies.

    Wide (W) and fullwidth (F) characters count 2, combining marks 0, everything
    else 1 -- ambiguous-width characters included, which is why the grid avoids
    them for its own lines.
    """
    return sum(_char_width(ch) for ch in s)


def _clusters(text: str) -> list[str]:
    """Split ``text`` into base characters with their combining marks attached.

    Wrapping and column arithmetic work on these units so a mark is never
    separated from the character it modifies.
    """
    clusters: list[str] = []
    for ch in text:
        if clusters and _char_width(ch) == 0:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def _columns(line: str) -> list[str]:
    """One entry per display column: the cluster starting there, or ``""`` where
    the second half of a wide character sits.

    This makes "the character at display column x" a list index.  A mark with no
    base character keeps a column of its own so it stays visible in the text.
    """
    columns: list[str] = []
    for cluster in _clusters(line):
        columns.append(cluster)
        columns.extend([""] * (display_width(cluster) - 1))
    return columns


# --- drawing ----------------------------------------------------------------


def draw_grid(
    cells: Sequence[GridCell],
    *,
    n_rows: int,
    n_cols: int,
    max_cell_width: int | None = 30,
) -> str:
    """Draw ``cells`` as an ASCII box grid of ``n_rows`` x ``n_cols`` positions.

    Every position must be covered by exactly one cell.  Columns get the
    smallest widths that fit their cells; a text wider than ``max_cell_width``
    display columns is wrapped (``None``: never) -- to the cell's final width
    if other cells made it wider than that -- and ``\\n`` in a text starts a
    new line.  Wrapping never splits a character.  A cell's ``wrap`` says
    where lines may break: ``exact`` never breaks next to a space (the reader
    strips padding spaces, so such a space would be lost) and avoids breaking
    inside a run of ASCII characters (a number or word) when another break
    fits; if no break fits, the line is allowed to be wider.  ``words`` breaks
    at spaces (the space is not drawn) and between wide (CJK) characters, and
    inside a word only when the word alone is wider than the line, so no line
    is ever wider than the limit.
    A row-spanning cell's lines flow down through the rows it spans.

    Every line of the result has the same display width; there is no trailing
    newline.  Raises ValueError for an invalid layout or for control characters
    in a text (they have no predictable width).
    """
    if max_cell_width is not None and max_cell_width < 1:
        raise ValueError(f"max_cell_width must be at least 1, got {max_cell_width}")
    partition = _Partition.of(cells, n_rows, n_cols)
    for index, cell in enumerate(cells):
        _check_text(index, cell)
    wrapped = [_wrap(cell.text, max_cell_width, cell.wrap) for cell in cells]
    xs = _line_positions(
        n_cols,
        [(c.col, c.colspan, _widest(w)) for c, w in zip(cells, wrapped, strict=True)],
        gap=_COLUMN_GAP,
        minimum=0,
    )
    wrapped = [
        _refill(c, w, xs[c.col + c.colspan] - xs[c.col] - _COLUMN_GAP, max_cell_width)
        for c, w in zip(cells, wrapped, strict=True)
    ]
    ys = _line_positions(
        n_rows,
        [(c.row, c.rowspan, len(w)) for c, w in zip(cells, wrapped, strict=True)],
        gap=_ROW_GAP,
        minimum=1,
    )
    canvas = [[" "] * (xs[-1] + 1) for _ in range(ys[-1] + 1)]
    _draw_borders(canvas, partition, xs, ys)
    for cell, lines in zip(cells, wrapped, strict=True):
        _draw_text(canvas, cell, lines, xs, ys)
    return "\n".join("".join(row) for row in canvas)


@attrs.frozen
class _Partition:
    """Which cell covers each grid position; the source of every border decision."""

    owner: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, cells: Sequence[GridCell], n_rows: int, n_cols: int) -> _Partition:
        """Map positions to cell indices, rejecting overlaps, gaps and overhangs."""
        if n_rows < 1 or n_cols < 1:
            raise ValueError(f"a grid needs at least one row and column, got {n_rows}x{n_cols}")
        owner = [[-1] * n_cols for _ in range(n_rows)]
        for index, cell in enumerate(cells):
            if cell.row + cell.rowspan > n_rows or cell.col + cell.colspan > n_cols:
                raise ValueError(
                    f"cell {index} at (row {cell.row}, col {cell.col}) spanning "
                    f"{cell.rowspan}x{cell.colspan} extends past the {n_rows}x{n_cols} grid"
                )
            for r, c in product(
                range(cell.row, cell.row + cell.rowspan),
                range(cell.col, cell.col + cell.colspan),
            ):
                if owner[r][c] != -1:
                    raise ValueError(
                        f"position (row {r}, col {c}) is covered by both "
                        f"cell {owner[r][c]} and cell {index}"
                    )
                owner[r][c] = index
        for r, c in product(range(n_rows), range(n_cols)):
            if owner[r][c] == -1:
                raise ValueError(f"position (row {r}, col {c}) is not covered by any cell")
        return cls(tuple(map(tuple, owner)))

    def _at(self, r: int, c: int) -> int:
        """The covering cell, or -1 outside the grid so the outline needs no special case."""
        if 0 <= r < len(self.owner) and 0 <= c < len(self.owner[0]):
            return self.owner[r][c]
        return -1

    def vertical_edge(self, r: int, c: int) -> bool:
        """Whether a border runs down the left side of position (r, c)."""
        return self._at(r, c - 1) != self._at(r, c)

    def horizontal_edge(self, r: int, c: int) -> bool:
        """Whether a border runs along the top side of position (r, c)."""
        return self._at(r - 1, c) != self._at(r, c)

    def junction(self, r: int, c: int) -> str | None:
        """Character where grid lines r and c cross, or None inside a cell."""
        up, down = self.vertical_edge(r - 1, c), self.vertical_edge(r, c)
        left, right = self.horizontal_edge(r, c - 1), self.horizontal_edge(r, c)
        if not (up or down or left or right):
            return None
        if not (left or right):
            return "|"
        if not (up or down):
            return "-"
        return "+"


def _check_text(index: int, cell: GridCell) -> None:
    """Reject characters a terminal does not draw in one predictable column."""
    for ch in cell.text:
        if ch != "\n" and unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            raise ValueError(
                f"cell {index} at (row {cell.row}, col {cell.col}) contains the "
                f"control character {ch!r}, which would break the alignment"
            )


def _wrap(text: str, limit: int | None, wrap: Wrap = "exact") -> list[str]:
    """The display lines of a cell's text: its ``\\n`` lines, each wrapped to ``limit``."""
    paragraphs = text.split("\n")
    if limit is None:
        return paragraphs
    fill = _wrap_paragraph if wrap == "exact" else _wrap_words
    return [line for paragraph in paragraphs for line in fill(paragraph, limit)]


def _refill(cell: GridCell, lines: list[str], room: int, limit: int | None) -> list[str]:
    """Re-wrap a text to the width its cell ended up with, if that exceeds the limit.

    Other cells can make a cell wider than ``max_cell_width`` (typically a label
    spanning several columns); using that room avoids a last character alone on
    a line.  The wider wrapping is kept only if every line fits, since a line
    with no permitted break may overflow.
    """
    if limit is None or room <= limit:
        return lines
    wider = _wrap(cell.text, room, cell.wrap)
    return wider if _widest(wider) <= room else lines


def _widest(lines: list[str]) -> int:
    """Display width a cell's lines need."""
    return max(map(display_width, lines))


def _wrap_paragraph(paragraph: str, limit: int) -> list[str]:
    """Greedily fill lines of at most ``limit`` columns; the pieces join back to the text."""
    clusters = _clusters(paragraph)
    lines: list[str] = []
    start = 0
    while True:
        end = _line_end(clusters, start, limit)
        lines.append("".join(clusters[start:end]))
        if end == len(clusters):
            return lines
        start = end


def _line_end(clusters: list[str], start: int, limit: int) -> int:
    """Where the line beginning at ``clusters[start]`` ends.

    The last break that fits and is not inside an ASCII run wins, else the last
    permitted break that fits, else (nothing fits) the first permitted break.
    """
    if display_width("".join(clusters[start:])) <= limit:
        return len(clusters)
    preferred = permitted = None
    width = 0
    for end in range(start + 1, len(clusters)):
        width += display_width(clusters[end - 1])
        if width > limit:
            break
        if _may_break(clusters[end - 1], clusters[end]):
            permitted = end
            if not _inside_ascii_run(clusters[end - 1], clusters[end]):
                preferred = end
    if preferred is not None:
        return preferred
    if permitted is not None:
        return permitted
    return next(
        (
            end
            for end in range(start + 1, len(clusters))
            if _may_break(clusters[end - 1], clusters[end])
        ),
        len(clusters),
    )


def _wrap_words(paragraph: str, limit: int) -> list[str]:
    """Greedily fill lines of at most ``limit`` columns, breaking as prose is broken.

    A line may end before a run of spaces (the run is dropped: the next line
    starts after it) or between two characters either of which is wide (CJK
    text breaks anywhere).  When no such break fits, the word is longer than
    the line by itself and is cut at the limit.
    """
    clusters = _clusters(paragraph)
    lines: list[str] = []
    start, count = 0, len(clusters)
    while True:
        width, end, best = 0, start, None  # best: (line end, next line start)
        while end < count and width + display_width(clusters[end]) <= limit:
            width += display_width(clusters[end])
            end += 1
            if end < count and _word_break(clusters, end):
                best = (end, end)
        if end == count:
            lines.append("".join(clusters[start:]))
            return lines
        if clusters[end] == " ":  # the line is full just before a space
            best = (end, end)
        if best is None:
            best = (max(end, start + 1), max(end, start + 1))
        line_end, after = best
        while line_end > start and clusters[line_end - 1] == " ":
            line_end -= 1
        while after < count and clusters[after] == " ":
            after += 1
        lines.append("".join(clusters[start:line_end]))
        if after == count:
            return lines
        start = after


def _word_break(clusters: list[str], index: int) -> bool:
    """Whether ``words`` wrapping may end a line before ``clusters[index]``."""
    before, after = clusters[index - 1], clusters[index]
    if after == " ":
        return before != " "
    if before == " ":
        return False
    return display_width(before) == 2 or display_width(after) == 2


def _may_break(before: str, after: str) -> bool:
    """A break next to a space would lose it: the reader strips spaces at line ends."""
    return not before.endswith(" ") and not after.startswith(" ")


def _inside_ascii_run(before: str, after: str) -> bool:
    """Whether a break would split a number or word such as ``1,234`` or ``ABC``."""
    return all(c[0].isascii() and not c[0].isspace() for c in (before, after))


def _line_positions(
    count: int, spans: Iterable[tuple[int, int, int]], *, gap: int, minimum: int
) -> list[int]:
    """Text positions of the grid lines bounding ``count`` columns (or rows), sized
    as small as possible while giving every cell the room it needs.

    ``spans`` holds (first track, number of tracks, size needed).  Single tracks
    are sized first, then wider spans in order of width, so a spanning cell only
    adds room where the tracks it covers are too small; the extra is shared
    evenly.  A span also owns the ``gap`` between its tracks (the border, plus
    the padding for columns).
    """
    sizes = [minimum] * count
    for first, span, need in sorted(spans, key=lambda s: s[1]):
        extra = need - (sum(sizes[first : first + span]) + gap * (span - 1))
        if extra > 0:
            share, remainder = divmod(extra, span)
            for i in range(span):
                sizes[first + i] += share + (i < remainder)
    positions = [0]
    for size in sizes:
        positions.append(positions[-1] + size + gap)
    return positions


def _draw_borders(
    canvas: list[list[str]], partition: _Partition, xs: list[int], ys: list[int]
) -> None:
    """Draw the edges between different cells and the junctions where they meet."""
    rows, cols = range(len(ys) - 1), range(len(xs) - 1)
    for r, c in product(range(len(ys)), cols):
        if partition.horizontal_edge(r, c):
            canvas[ys[r]][xs[c] + 1 : xs[c + 1]] = ["-"] * (xs[c + 1] - xs[c] - 1)
    for r, c in product(rows, range(len(xs))):
        if partition.vertical_edge(r, c):
            for y in range(ys[r] + 1, ys[r + 1]):
                canvas[y][xs[c]] = "|"
    for r, c in product(range(len(ys)), range(len(xs))):
        char = partition.junction(r, c)
        if char is not None:
            canvas[ys[r]][xs[c]] = char


def _draw_text(
    canvas: list[list[str]], cell: GridCell, lines: list[str], xs: list[int], ys: list[int]
) -> None:
    """Write a cell's lines from its top, padded and aligned inside its outline."""
    left, right = xs[cell.col], xs[cell.col + cell.colspan]
    width = right - left - _COLUMN_GAP
    for offset, line in enumerate(lines):
        padded = f" {_align(line, width, cell.align)} "
        canvas[ys[cell.row] + 1 + offset][left + 1 : right] = _columns(padded)


def _align(text: str, width: int, align: Align) -> str:
    """Pad ``text`` to ``width`` display columns."""
    gap = width - display_width(text)
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


# --- parsing ----------------------------------------------------------------


def parse_grid(text: str) -> ParsedGrid:
    """Read a grid drawn by :func:`draw_grid` (or by hand in the same style).

    The structure comes from the borders alone: each cell is found by walking
    its outline from its top-left ``+`` (the docutils grid-table method), with
    positions in display columns so CJK text does not shift anything.  A cell's
    text is its lines with the surrounding spaces stripped, joined without a
    separator (CJK has no spaces between words).  Every cell is reported with
    ``align="left"``: padding cannot tell a right-aligned text that fills its
    cell from a left-aligned one, so the reader does not guess.  Grid lines
    that no cell edge uses cannot be seen and do not become rows or columns.

    Tolerated edits: CRLF line ends, trailing whitespace, blank lines before and
    after the grid, a byte-order mark.  ``|`` inside a cell is an error, since it
    can be indistinguishable from a border; ``+`` and ``-`` in a text are fine,
    because the walk reads only border positions and tells a border going down
    from text by the ``|`` it shows on the text line below.

    Round trip: ``parse_grid(draw_grid(cells, n_rows=R, n_cols=C, ...))`` equals
    ``ParsedGrid(R, C, cells)`` with the cells sorted by (row, col) and their
    align set to "left", whenever draw_grid accepts the cells and

    * no text contains ``|`` or ``\\n``,
    * no text starts or ends with a space (U+0020), and
    * every inner grid line is a cell edge somewhere: for each 0 < c < C some
      cell has ``col == c``, and for each 0 < r < R some cell has ``row == r``.

    Raises GridParseError with the 1-based line and display column of the
    first problem found.
    """
    rows, first_line = _grid_rows(text)
    tracer = _Tracer(rows, first_line)
    rects = tracer.trace()
    xs = sorted({r.left for r in rects} | {r.right for r in rects})
    ys = sorted({r.top for r in rects} | {r.bottom for r in rects})
    col_at = {x: i for i, x in enumerate(xs)}
    row_at = {y: i for i, y in enumerate(ys)}
    cells = tuple(
        GridCell(
            row=row_at[rect.top],
            col=col_at[rect.left],
            text=tracer.text(rect),
            rowspan=row_at[rect.bottom] - row_at[rect.top],
            colspan=col_at[rect.right] - col_at[rect.left],
        )
        for rect in rects
    )
    return ParsedGrid(n_rows=len(ys) - 1, n_cols=len(xs) - 1, cells=cells)


def _grid_rows(text: str) -> tuple[list[list[str]], int]:
    """The grid's lines as display-column lists, and the 0-based input line of the first.

    Trailing whitespace (including the CR of CRLF) and surrounding blank lines
    are dropped here so the tracer sees an exact rectangle.  Only ``\\n`` ends a
    line: ``str.splitlines`` would also split on characters a cell may hold.
    """
    lines = [line.rstrip() for line in text.removeprefix("\ufeff").split("\n")]
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    last = max((i + 1 for i, line in enumerate(lines) if line), default=first)
    if first == last:
        raise GridParseError("no grid found", 1, 1)
    rows = [_columns(line) for line in lines[first:last]]
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise GridParseError(
                f"line is {len(row)} display columns wide, the grid's first line {width}",
                first + i + 1,
                min(len(row), width) + 1,
            )
    return rows, first


@attrs.frozen
class _Rect:
    """A cell's outline: the border lines above and below it, and the display
    columns of its left and right borders."""

    top: int
    left: int
    bottom: int
    right: int


class _Tracer:
    """Finds the cells of a grid by walking their outlines.

    Corners are visited top to bottom, then left to right, so every cell above a
    corner is known when the corner is visited.  ``_done[x]`` is the border line
    where the cells found so far end in display column x; a corner starts a new
    cell exactly when it lies on that line, which skips corners that are really
    on the side of a cell found earlier.
    """

    def __init__(self, rows: list[list[str]], first_line: int) -> None:
        self._rows = rows
        self._first_line = first_line
        self._height = len(rows)
        self._width = len(rows[0])
        self._done = [0] * (self._width - 1)

    def trace(self) -> list[_Rect]:
        """All cells, ordered by their top-left corners (row-major)."""
        if self._height < 2 or self._width < 2:
            raise self._error(0, 0, "too small to be a grid")
        corners = [(0, 0)]
        rects: list[_Rect] = []
        while corners:
            top, left = heapq.heappop(corners)
            if top == self._height - 1 or left == self._width - 1 or self._done[left] != top:
                continue
            rect = self._outline(top, left)
            self._claim(rect)
            rects.append(rect)
            heapq.heappush(corners, (top, rect.right))
            heapq.heappush(corners, (rect.bottom, left))
        for x, done in enumerate(self._done):
            if done != self._height - 1:
                raise self._error(done + 1, x, "this part of the grid is not inside any cell")
        return rects

    def text(self, rect: _Rect) -> str:
        """A cell's text: each line stripped of padding, joined without separator."""
        pieces = []
        for y in range(rect.top + 1, rect.bottom):
            inside = self._rows[y][rect.left + 1 : rect.right]
            if "|" in inside:
                x = rect.left + 1 + inside.index("|")
                raise self._error(y, x, "'|' inside a cell (a missing '+' on a border?)")
            pieces.append("".join(inside).strip(" "))
        return "".join(pieces)

    def _outline(self, top: int, left: int) -> _Rect:
        """Walk right, down, left and up from a top-left corner, checking each edge."""
        self._expect(top, left, ("+",), "the top-left corner of a cell")
        right = self._walk_top(top, left)
        bottom = self._walk_right(top, right)
        for x in range(left + 1, right):
            self._expect(bottom, x, ("-", "+"), "the bottom border of a cell")
        self._expect(bottom, left, ("+",), "the bottom-left corner of a cell")
        for y in range(top + 1, bottom):
            self._expect(y, left, ("|", "+"), "the left border of a cell")
        return _Rect(top, left, bottom, right)

    def _walk_top(self, top: int, left: int) -> int:
        """The first ``+`` on the top border with a vertical border below it.

        The line below a cell's top border is always a text line, where a border
        shows as ``|``; a ``+`` with text below merely ends a border from above.
        """
        for x in range(left + 1, self._width):
            if self._at(top, x) == "+" and self._at(top + 1, x) == "|":
                return x
            self._expect(top, x, ("-", "+"), "the top border of a cell")
        raise self._error(top, left, "the cell starting here has no right border")

    def _walk_right(self, top: int, right: int) -> int:
        """The first ``+`` on the right border with a horizontal border to its left.

        Inside a cell the column left of its right border is padding, so ``-``
        there can only be the cell's bottom border.
        """
        for y in range(top + 1, self._height):
            if self._at(y, right) == "+" and self._at(y, right - 1) == "-":
                return y
            self._expect(y, right, ("|", "+"), "the right border of a cell")
        raise self._error(top, right, "the cell ending here has no bottom border")

    def _claim(self, rect: _Rect) -> None:
        """Record a cell's columns as done down to its bottom, rejecting overlaps."""
        for x in range(rect.left, rect.right):
            if self._done[x] != rect.top:
                raise self._error(rect.top, x, "cells overlap here")
            self._done[x] = rect.bottom

    def _at(self, y: int, x: int) -> str:
        if 0 <= y < self._height and 0 <= x < self._width:
            return self._rows[y][x]
        return ""

    def _expect(self, y: int, x: int, allowed: tuple[str, ...], what: str) -> None:
        found = self._at(y, x)
        if found not in allowed:
            expected = " or ".join(repr(a) for a in allowed)
            shown = repr(found) if found else "the second half of a wide character"
            raise self._error(y, x, f"expected {expected} on {what}, found {shown}")

    def _error(self, y: int, x: int, reason: str) -> GridParseError:
        return GridParseError(reason, self._first_line + y + 1, x + 1)
