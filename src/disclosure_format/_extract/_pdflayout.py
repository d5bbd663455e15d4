"""Page geometry → paragraphs and grids: the layout half of PDF reading.

A PDF gives no paragraphs and no tables, only glyphs at positions and the
strokes drawn between them.  This module rebuilds what a reader sees, from
plain numbers (:class:`Glyph`, :class:`Rule`), so it can be tested without a
PDF and reused by any library giving characters with boxes:

* **ruled tables** — rules that touch make a frame; its distinct vertical and
  horizontal rule positions make a lattice; two neighbouring lattice cells
  with no rule drawn between them belong to one merged cell (rowspan /
  colspan); glyphs whose centre lies in a cell are its text;
* **borderless tables** — consecutive lines split by wide gaps into two or
  more segments, one of them a number, make a grid whose columns are the
  union of the segments' x-ranges; a label wrapped around its row's numbers
  (centred against it) is joined to them;
* **text** — glyphs grouped into lines by baseline, lines cut at wide gaps;
  a band between tables with a clear vertical gutter and prose on both sides
  is read left column first; a line filling its column to the right edge is
  joined by the next one when that starts flush left (a wrapped line), never
  otherwise, so two short labels on consecutive lines stay two paragraphs;
* **page chrome** — lines in the top or bottom tenth of a page that are page
  numbers (``— 4 —``, ``- 4 -``, ``第4页``, ``4/6``) or repeat at the same
  place on most pages are dropped;
* **tables over page breaks** — a ruled table ending a page and one starting
  the next with the same column boundaries are one table; a repeated header
  row is dropped, and a label cell cut by the break is joined again (its
  text found below the table's last rule if a browser centred it there).

Everything dropped or repaired is counted in the notes.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import attrs

from ._grid import MAX_AREA
from ._model import Block, Cell, Grid, Paragraph
from ._normalize import fold_whitespace
from ._text import _NUMERIC

__all__ = ["THIN", "Glyph", "PageContent", "Rule", "layout"]

#: Rules at most this thick (points) are lines; thicker filled boxes are not rules.
THIN = 3.0
#: Rule positions closer than this (points) are one lattice line.
_SNAP = 2.0
#: A gap between glyphs of one line wider than this many glyph sizes cuts it in segments.
_WIDE_GAP = 1.0
#: The top and bottom share of a page where running headers and footers live.
_CHROME_ZONE = 0.1
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_~·•\s]*\d{1,4}[-—–－_~·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])"
)


class Glyph(NamedTuple):
    """One character drawn on a page, in points from the page's top-left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    """The baseline's distance from the top: the glyphs of one line share it."""
    size: float
    """The glyph's height in points (its box), the unit of the gap thresholds."""


class Rule(NamedTuple):
    """A drawn box at most :data:`THIN` thick in one direction: a table rule."""

    x0: float
    x1: float
    top: float
    bottom: float


@attrs.frozen
class PageContent:
    """What one page shows: its size, glyphs and rules (1-based ``number``)."""

    number: int
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    rules: tuple[Rule, ...]


class _Line(NamedTuple):
    """A line of glyphs cut into segments at wide gaps."""

    segments: tuple[tuple[float, float, str], ...]  # (x0, x1, text)
    top: float
    bottom: float
    size: float

    @property
    def x0(self) -> float:
        return self.segments[0][0]

    @property
    def x1(self) -> float:
        return self.segments[-1][1]

    @property
    def text(self) -> str:
        return " ".join(s[2] for s in self.segments)


@attrs.define
class _Table:
    """A ruled table of one page: the grid, its column boundaries and vertical extent."""

    grid: Grid
    xs: tuple[float, ...]
    top: float
    bottom: float


_Item = tuple[float, Block | _Table]


def layout(pages: Sequence[PageContent], notes: list[str]) -> list[Block]:
    """The blocks of ``pages`` in reading order (see the module documentation)."""
    tables: list[list[_Table]] = []
    lines: list[list[_Line]] = []
    for page in pages:
        found, rest = _ruled_tables(page, notes)
        tables.append(found)
        lines.append(_lines(rest))
    _drop_chrome(pages, lines, notes)
    items: list[list[_Item]] = [
        _page_items(page, found, page_lines, notes)
        for page, found, page_lines in zip(pages, tables, lines, strict=True)
    ]
    return _join_pages(items, notes)


# --- ruled tables ----------------------------------------------------------------------


def _ruled_tables(page: PageContent, notes: list[str]) -> tuple[list[_Table], list[Glyph]]:
    """The page's ruled tables, and the glyphs outside them."""
    frames = _frames(page.rules)
    tables: list[_Table] = []
    rest = list(page.glyphs)
    for frame in frames:
        taken: list[Glyph] = []
        table = _frame_table(frame, rest, taken, page.number, notes)
        if table is None:
            continue
        tables.append(table)
        ids = {id(g) for g in taken}
        rest = [g for g in rest if id(g) not in ids]
    tables.sort(key=lambda t: t.top)
    return tables, rest


def _frames(rules: Iterable[Rule]) -> list[list[Rule]]:
    """Rules grouped by touching: each group is one table's frame (a sweep by top)."""
    groups: list[tuple[list[float], list[Rule]]] = []  # ([x0, x1, top, bottom], rules)
    for rule in sorted(rules, key=lambda r: r.top):
        touching = [
            g
            for g in groups
            if rule.x0 <= g[0][1] + _SNAP
            and rule.x1 >= g[0][0] - _SNAP
            and rule.top <= g[0][3] + _SNAP
            and rule.bottom >= g[0][2] - _SNAP
        ]
        if not touching:
            groups.append(([rule.x0, rule.x1, rule.top, rule.bottom], [rule]))
            continue
        box, members = touching[0]
        for other in touching[1:]:
            groups.remove(other)
            members.extend(other[1])
            box[0], box[1] = min(box[0], other[0][0]), max(box[1], other[0][1])
            box[2], box[3] = min(box[2], other[0][2]), max(box[3], other[0][3])
        members.append(rule)
        box[0], box[1] = min(box[0], rule.x0), max(box[1], rule.x1)
        box[2], box[3] = min(box[2], rule.top), max(box[3], rule.bottom)
    return [members for _, members in groups]


def _snap(values: Iterable[float]) -> list[float]:
    """Sorted positions with those within :data:`_SNAP` of the previous one merged."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _SNAP:
            continue
        out.append(v)
    return out


def _index(value: float, positions: Sequence[float]) -> int | None:
    """The index of the position (sorted, at least ``_SNAP`` apart) within ``_SNAP`` of
    ``value``, or None."""
    k = bisect.bisect_left(positions, value - _SNAP)
    if k < len(positions) and abs(positions[k] - value) <= _SNAP:
        return k
    return None


def _frame_table(
    frame: list[Rule], glyphs: list[Glyph], taken: list[Glyph], page: int, notes: list[str]
) -> _Table | None:
    """The table a frame draws, its cells' text taken from ``glyphs`` (appended to ``taken``)."""
    horizontal = [r for r in frame if r.bottom - r.top <= THIN and r.x1 - r.x0 > THIN]
    vertical = [r for r in frame if r.x1 - r.x0 <= THIN and r.bottom - r.top > THIN]
    ys = _snap((r.top + r.bottom) / 2 for r in horizontal)
    xs = _snap((r.x0 + r.x1) / 2 for r in vertical)
    if len(ys) < 3 or len(xs) < 3:  # not a grid of two rows and two columns at least
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows * n_cols > MAX_AREA:
        notes.append(f"page {page}: a ruled table too large for a grid; read as text")
        return None
    # which lattice boundaries are drawn: vbar[r][c] is the rule left of column c in row r,
    # hbar[c][r] the rule above row r in column c
    vbar = _drawn([((r.x0 + r.x1) / 2, r.top, r.bottom) for r in vertical], xs, ys)
    hbar = _drawn([((r.top + r.bottom) / 2, r.x0, r.x1) for r in horizontal], ys, xs)
    owner = _merge_cells(n_rows, n_cols, vbar, hbar)
    boxes: dict[int, list[int]] = {}  # root → [row0, col0, row1, col1, positions, root]
    for row in range(n_rows):
        for col in range(n_cols):
            root = owner[row][col]
            box = boxes.setdefault(root, [row, col, row, col, 0, root])
            box[0], box[1] = min(box[0], row), min(box[1], col)
            box[2], box[3] = max(box[2], row), max(box[3], col)
            box[4] += 1
    spans: list[tuple[int, int, int, int]] = []
    irregular = 0
    for r0, c0, r1, c1, count, root in boxes.values():
        if count == (r1 - r0 + 1) * (c1 - c0 + 1):
            spans.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
            continue
        irregular += 1  # an L-shaped merge: no table cell is; each position its own
        spans.extend(
            (row, col, 1, 1)
            for row in range(r0, r1 + 1)
            for col in range(c0, c1 + 1)
            if owner[row][col] == root
        )
    if irregular:
        notes.append(f"page {page}: {irregular} irregular merged cell(s) split into positions")
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    inside: dict[tuple[int, int], list[Glyph]] = {}
    for g in glyphs:
        cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        if not (left <= cx <= right and top <= cy <= bottom):
            continue
        taken.append(g)
        row = _slot(cy, ys)
        col = _slot(cx, xs)
        inside.setdefault((row, col), []).append(g)
    open_below = [
        (xs[c0], xs[c0 + cs], (r0, c0))
        for r0, c0, rs, cs in spans
        if r0 + rs == n_rows and not any(hbar[c][n_rows] for c in range(c0, c0 + cs))
    ]
    if open_below:
        for at, members in _overflow(glyphs, bottom, open_below).items():
            taken.extend(members)
            inside.setdefault(at, []).extend(members)
    cells = []
    for r0, c0, rs, cs in sorted(spans):
        members = [
            g
            for row in range(r0, r0 + rs)
            for col in range(c0, c0 + cs)
            for g in inside.get((row, col), ())
        ]
        cells.append(Cell(_cell_text(members), r0, c0, rs, cs))
    return _Table(Grid(tuple(cells), n_rows, n_cols), tuple(xs), top, bottom)


def _overflow(
    glyphs: list[Glyph], bottom: float, cells: list[tuple[float, float, tuple[int, int]]]
) -> dict[tuple[int, int], list[Glyph]]:
    """The glyphs below a table drawn in its cells left open at the bottom.

    A cell spanning rows over a page break is cut there without a closing
    rule, and a browser centres its text in the *whole* cell: on the first
    page the label may stand below the last rule.  Lines under the table are
    given to an open cell while each lies wholly within one's column range
    (a line of the text below reaches past a column); the first that does
    not ends the search.
    """
    out: dict[tuple[int, int], list[Glyph]] = {}
    for line in _baselines(g for g in glyphs if (g.top + g.bottom) / 2 > bottom):
        x0, x1 = min(g.x0 for g in line), max(g.x1 for g in line)
        home = next((at for a, b, at in cells if a - _SNAP <= x0 and x1 <= b + _SNAP), None)
        if home is None:
            break
        out.setdefault(home, []).extend(line)
    return out


def _drawn(
    rules: list[tuple[float, float, float]], lines: Sequence[float], across: Sequence[float]
) -> list[list[bool]]:
    """``drawn[i][k]``: a rule on lattice line ``k`` crosses the middle of interval ``i``.

    ``rules`` are ``(position, start, end)``: a vertical rule's x and its top
    and bottom, or a horizontal rule's y and its ends; ``lines`` the lattice
    lines in that direction, ``across`` those in the other.
    """
    mids = [(a + b) / 2 for a, b in itertools.pairwise(across)]
    drawn = [[False] * len(lines) for _ in mids]
    for position, start, end in rules:
        k = _index(position, lines)
        if k is None:
            continue
        first = bisect.bisect_left(mids, start - _SNAP)
        for i in range(first, bisect.bisect_right(mids, end + _SNAP)):
            drawn[i][k] = True
    return drawn


def _merge_cells(
    n_rows: int, n_cols: int, vbar: list[list[bool]], hbar: list[list[bool]]
) -> list[list[int]]:
    """Union-find over lattice positions: neighbours with no rule between are one cell."""
    parent = list(range(n_rows * n_cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for row in range(n_rows):
        for col in range(n_cols):
            here = row * n_cols + col
            if col + 1 < n_cols and not vbar[row][col + 1]:
                parent[find(here)] = find(here + 1)
            if row + 1 < n_rows and not hbar[col][row + 1]:
                parent[find(here)] = find(here + n_cols)
    return [[find(row * n_cols + col) for col in range(n_cols)] for row in range(n_rows)]


def _slot(value: float, bounds: Sequence[float]) -> int:
    """The interval of ``bounds`` holding ``value`` (clamped to the first and last)."""
    return min(max(bisect.bisect_right(bounds, value) - 1, 0), len(bounds) - 2)


def _cell_text(glyphs: list[Glyph]) -> str:
    """A cell's glyphs as text: its lines joined (a space only between two Latin words).

    A number wrapped in a narrow cell (``12345`` over ``678``) is one number again.
    """
    out = ""
    for line in _lines(glyphs):
        text = line.text
        if (
            out
            and out[-1].isascii()
            and out[-1].isalpha()
            and text[:1].isascii()
            and text[:1].isalpha()
        ):
            out += " "
        out += text
    return fold_whitespace(out)


# --- lines -----------------------------------------------------------------------------


def _baselines(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by baseline (within a third of their size), top to bottom."""
    groups: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: (g.base, g.x0)):
        if groups and g.base - groups[-1][0].base <= 0.3 * max(g.size, groups[-1][0].size):
            groups[-1].append(g)
        else:
            groups.append([g])
    return groups


def _lines(glyphs: Iterable[Glyph]) -> list[_Line]:
    """Glyphs grouped into lines by baseline, top to bottom, each cut at wide gaps."""
    return [_line(sorted(group, key=lambda g: g.x0)) for group in _baselines(glyphs)]


def _line(glyphs: list[Glyph]) -> _Line:
    size = max(g.size for g in glyphs)
    segments: list[tuple[float, float, str]] = []
    start, text, end = glyphs[0].x0, glyphs[0].text, glyphs[0].x1
    for g in glyphs[1:]:
        gap = g.x0 - end
        if gap > _WIDE_GAP * size:
            segments.append((start, end, text))
            start, text = g.x0, g.text
        else:
            text += (" " if gap > 0.25 * size else "") + g.text
        end = max(end, g.x1)
    segments.append((start, end, text))
    return _Line(
        tuple((a, b, fold_whitespace(t)) for a, b, t in segments),
        min(g.top for g in glyphs),
        max(g.bottom for g in glyphs),
        size,
    )


# --- page chrome -----------------------------------------------------------------------


def _drop_chrome(pages: Sequence[PageContent], lines: list[list[_Line]], notes: list[str]) -> None:
    """Drop page numbers and running headers/footers (see the module documentation)."""
    zoned: list[list[tuple[_Line, str]]] = []
    for page, page_lines in zip(pages, lines, strict=True):
        top, bottom = page.height * _CHROME_ZONE, page.height * (1 - _CHROME_ZONE)
        zoned.append(
            [
                (line, re.sub(r"\d+", "#", line.text))
                for line in page_lines
                if line.bottom <= top or line.top >= bottom
            ]
        )
    repeated: set[tuple[str, int]] = set()
    if len(pages) >= 3:
        counts: dict[tuple[str, int], int] = {}
        for page_zone in zoned:
            for key in {(shape, round(line.top / 4)) for line, shape in page_zone}:
                counts[key] = counts.get(key, 0) + 1
        need = max(2, -(-len(pages) * 3 // 5))  # three pages in five
        repeated = {key for key, n in counts.items() if n >= need}
    numbers = running = 0
    for page_lines, page_zone in zip(lines, zoned, strict=True):
        drop: set[int] = set()
        for line, shape in page_zone:
            if _PAGE_NUMBER.match(line.text):
                numbers += 1
                drop.add(id(line))
            elif (shape, round(line.top / 4)) in repeated:
                running += 1
                drop.add(id(line))
        if drop:
            page_lines[:] = [line for line in page_lines if id(line) not in drop]
    if numbers:
        notes.append(f"{numbers} page number line(s) dropped")
    if running:
        notes.append(f"{running} running header/footer line(s) dropped (repeated on most pages)")


# --- text flow -------------------------------------------------------------------------


def _page_items(
    page: PageContent, tables: list[_Table], lines: list[_Line], notes: list[str]
) -> list[_Item]:
    """The page's tables and paragraphs, ordered top to bottom (band by band)."""
    items: list[_Item] = [(t.top, t) for t in tables]
    edges = [t.top for t in tables] + [page.height + 1]
    band: list[_Line] = []
    k = 0
    for line in lines:
        while line.top >= edges[k]:
            items.extend(_band_items(band, page, notes))
            band = []
            k += 1
        band.append(line)
    items.extend(_band_items(band, page, notes))
    items.sort(key=lambda item: item[0])
    return items


def _band_items(band: list[_Line], page: PageContent, notes: list[str]) -> list[_Item]:
    if not band:
        return []
    pieces = _columns(band, page)
    if any(isinstance(p, _Side) for p in pieces):
        notes.append(f"page {page.number}: text in two columns, read column by column")
    # the band keeps its reading order: the right column after the whole left one
    base = band[0].top
    blocks = [block for piece in pieces for block in _blocks(piece)]
    return [(base + k * 1e-6, block) for k, block in enumerate(blocks)]


def _columns(band: list[_Line], page: PageContent) -> list[list[_Line]]:
    """The band's lines in reading order, runs of two-column prose split at their gutter.

    The gutter is the x in the middle of the page crossed by the fewest lines;
    lines crossing it (a title, a wide heading) cut the band into runs, and a
    run with prose on both sides of it (mostly long pieces, few numbers: a
    borderless table has numbers) is read left column first.  Returns the
    lists of lines to read one after the other.
    """
    if len(band) < 4:
        return [band]
    # how many lines cover each whole point across the page (a difference array)
    width = int(page.width) + 2
    change = [0] * (width + 1)
    for line in band:
        for a, b, _ in line.segments:
            lo, hi = max(int(a) + 1, 0), min(int(b), width - 1)
            if lo <= hi:
                change[lo] += 1
                change[hi + 1] -= 1
    cover = list(itertools.accumulate(change))
    centre = page.width / 2
    gutter = min(
        range(int(page.width * 0.3), int(page.width * 0.7)),
        key=lambda x: (cover[x], abs(x - centre)),
    )
    out: list[_Whole | _Side] = []
    run: list[_Line] = []
    for item in [*band, None]:
        if item is not None and not _crosses(item, gutter):
            run.append(item)
            continue
        if run:
            out.extend(_split_run(run, gutter))
            run = []
        if item is not None:
            out.append(_Whole([item]))
    # neighbouring single-column pieces are one piece again (wrapped lines stay joinable)
    merged: list[_Whole | _Side] = []
    for piece in out:
        if merged and isinstance(piece, _Whole) and isinstance(merged[-1], _Whole):
            merged[-1] = _Whole([*merged[-1], *piece])
        else:
            merged.append(piece)
    return list(merged)


class _Whole(list[_Line]):
    """Lines read as one column."""


class _Side(list[_Line]):
    """One column of a two-column run."""


def _crosses(line: _Line, x: float) -> bool:
    return any(a < x < b for a, b, _ in line.segments)


def _sides(line: _Line, gutter: float) -> tuple[_Line | None, _Line | None]:
    """The parts of ``line`` left and right of the gutter (None for a side with none)."""
    left = tuple(s for s in line.segments if s[1] <= gutter)
    right = tuple(s for s in line.segments if s[0] >= gutter)
    return (
        _Line(left, line.top, line.bottom, line.size) if left else None,
        _Line(right, line.top, line.bottom, line.size) if right else None,
    )


def _split_run(run: list[_Line], gutter: float) -> list[_Whole | _Side]:
    """A run of lines not crossing the gutter, its two-column blocks split in sides.

    A block starts at a line with text on both sides and goes on while lines
    have; a column's last lines (the left column is the longer) follow at the
    same pitch and size, where a heading after the block leaves more room.
    """
    pieces: list[_Whole | _Side] = []
    single: list[_Line] = []
    k, n = 0, len(run)
    while k < n:
        if None in _sides(run[k], gutter):
            single.append(run[k])
            k += 1
            continue
        j = k
        while j < n and None not in _sides(run[j], gutter):
            j += 1
        while (
            j < n
            and _sides(run[j], gutter)[1] is None
            and abs(run[j].size - run[j - 1].size) <= 0.15 * run[j].size
            and run[j].top - run[j - 1].bottom <= 0.6 * run[j].size
        ):
            j += 1
        block = run[k:j]
        k = j
        if not _prose(block, gutter):
            single.extend(block)
            continue
        if single:
            pieces.append(_Whole(single))
            single = []
        halves = [_sides(line, gutter) for line in block]
        pieces.append(_Side(h[0] for h in halves if h[0] is not None))
        pieces.append(_Side(h[1] for h in halves if h[1] is not None))
    if single:
        pieces.append(_Whole(single))
    return pieces


def _prose(block: list[_Line], gutter: float) -> bool:
    """True for three lines or more of long pieces and few numbers (not a borderless table)."""
    if len(block) < 3:
        return False
    segments = [s for line in block for s in line.segments]
    numeric = sum(1 for s in segments if _NUMERIC.match(s[2]))
    start = min(line.x0 for line in block)
    left = [s for s in segments if s[1] <= gutter]
    wide = sum(1 for s in left if s[1] - start > 0.6 * (gutter - start))
    return numeric * 5 <= len(segments) and wide * 2 >= len(left)


def _wrapped_labels(lines: list[_Line]) -> list[_Line]:
    """Rows of an unruled table whose label wraps around its numbers, made one line.

    Word and LibreOffice centre a row's numbers against its label: a label of
    two lines leaves the numbers on a line of their own between its halves.
    A line of numbers only, with a single piece of text just above and just
    below it, both left of the numbers, the lower no wider than the upper (the
    rest of a wrapped label, left-aligned or centred) and close to it (no more
    than half a line apart), is given the two pieces as its label.
    """
    out: list[_Line] = []
    k, n = 0, len(lines)
    while k < n:
        line = lines[k]
        if (
            out
            and k + 1 < n
            and len(line.segments) >= 2
            and all(_NUMERIC.match(s[2]) for s in line.segments)
        ):
            above, below = out[-1], lines[k + 1]
            if (
                len(above.segments) == 1
                and len(below.segments) == 1
                and not _NUMERIC.match(above.text)
                and not _NUMERIC.match(below.text)
                and max(above.x1, below.x1) < line.x0
                and below.x0 >= above.x0 - 0.5 * line.size
                and below.x1 <= above.x1 + 0.5 * line.size
                and line.top - above.bottom <= 0.5 * line.size
                and below.top - line.bottom <= 0.5 * line.size
            ):
                label = (above.x0, max(above.x1, below.x1), above.text + below.text)
                out[-1] = _Line((label, *line.segments), above.top, below.bottom, line.size)
                k += 2
                continue
        out.append(line)
        k += 1
    return out


def _blocks(lines: list[_Line]) -> list[Block]:
    """Paragraphs and borderless tables of one column of lines."""
    lines = _wrapped_labels(lines)
    blocks: list[Block] = []
    k = 0
    n = len(lines)
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    while k < n:
        end = k
        while end < n and _table_line(lines[end]):
            end += 1
        if end - k >= 2 and any(_has_number(line) for line in lines[k:end]):
            grid = _text_grid(lines[k:end])
            if grid is not None:
                blocks.append(grid)
                k = end
                continue
        line = lines[k]
        text = line.text
        while k + 1 < n and _continues(line, lines[k + 1], left, right):
            k += 1
            line = lines[k]
            text += line.text
        blocks.append(Paragraph(fold_whitespace(text)))
        k += 1
    return blocks


def _table_line(line: _Line) -> bool:
    return len(line.segments) >= 2


def _has_number(line: _Line) -> bool:
    return any(_NUMERIC.match(s[2]) for s in line.segments)


def _continues(line: _Line, following: _Line, left: float, right: float) -> bool:
    """True if ``following`` is the wrapped rest of ``line`` (see the module documentation).

    ``line`` must fill its column (up to two glyphs short of the right edge:
    line breaking keeps punctuation off a line's start) and ``following``
    start flush left — or, for a centred title, both be centred on the same
    axis with ``line`` filling the column from edge to edge.
    """
    if (
        len(line.segments) != 1
        or len(following.segments) != 1
        or line.x1 < right - 2.5 * line.size
        or abs(following.size - line.size) > 0.15 * line.size
        or following.top - line.bottom > line.size
        or _NUMBERING.match(following.text)
    ):
        return False
    if following.x0 <= left + 0.5 * line.size:
        return True
    centre = (line.x0 + line.x1) / 2
    return (
        line.x0 <= left + 2.5 * line.size
        and abs((following.x0 + following.x1) / 2 - centre) <= line.size
    )


def _text_grid(lines: list[_Line]) -> Grid | None:
    """A borderless table: columns are the union of the segments' x-ranges."""
    spans = sorted((s[0], s[1]) for line in lines for s in line.segments)
    columns: list[list[float]] = []
    for a, b in spans:
        if columns and a <= columns[-1][1] + 2:
            columns[-1][1] = max(columns[-1][1], b)
        else:
            columns.append([a, b])
    if len(columns) < 2 or len(lines) * len(columns) > MAX_AREA:
        return None
    cells = []
    for row, line in enumerate(lines):
        free = 0
        for a, b, text in line.segments:
            first = next(k for k, c in enumerate(columns) if c[1] >= a)
            last = max(k for k, c in enumerate(columns) if c[0] <= b)
            if first < free:
                return None  # two pieces of one line in one column: not a clean table
            cells.append(Cell(text, row, first, 1, last - first + 1))
            free = last + 1
    return Grid(tuple(cells), len(lines), len(columns))


# --- tables over page breaks -----------------------------------------------------------


def _join_pages(pages: list[list[_Item]], notes: list[str]) -> list[Block]:
    blocks: list[Block] = []
    open_table: _Table | None = None  # the last item so far, if a ruled table
    for items in pages:
        for k, (_, item) in enumerate(items):
            if isinstance(item, _Table):
                if k == 0 and open_table is not None and _same_columns(open_table, item):
                    xs = max(open_table.xs, item.xs, key=len)
                    open_table.grid = _concatenate(
                        _refined(open_table, xs), _refined(item, xs), notes
                    )
                    open_table.xs = xs
                    continue
                if open_table is not None:
                    blocks.append(open_table.grid)
                open_table = item
                continue
            if open_table is not None:
                blocks.append(open_table.grid)
                open_table = None
            blocks.append(item)
    if open_table is not None:
        blocks.append(open_table.grid)
    return blocks


def _same_columns(a: _Table, b: _Table) -> bool:
    """True if one table's column boundaries are all among the other's, the outer ones equal.

    The part of a table on one page may draw fewer boundaries than the rest
    (rows whose labels span the first columns), never other ones.
    """
    if abs(a.xs[0] - b.xs[0]) > _SNAP or abs(a.xs[-1] - b.xs[-1]) > _SNAP:
        return False
    fewer, more = (a.xs, b.xs) if len(a.xs) <= len(b.xs) else (b.xs, a.xs)
    return all(_index(x, more) is not None for x in fewer)


def _refined(table: _Table, xs: tuple[float, ...]) -> Grid:
    """``table``'s grid on the finer column boundaries ``xs`` (a superset of its own)."""
    at = [_index(x, xs) for x in table.xs]
    cells = []
    for c in table.grid.cells:
        first, end = at[c.col], at[c.col + c.colspan]
        assert first is not None  # _same_columns checked both
        assert end is not None
        cells.append(attrs.evolve(c, col=first, colspan=end - first))
    return Grid(tuple(cells), table.grid.n_rows, len(xs) - 1)


def _concatenate(first: Grid, second: Grid, notes: list[str]) -> Grid:
    """``second`` appended below ``first``, its repeated header rows dropped."""
    top_rows, next_rows = first.text_rows(), second.text_rows()
    header = 0
    while (
        header < len(next_rows) - 1
        and header < len(top_rows)
        and next_rows[header] == top_rows[header]
        and not any(_NUMERIC.match(t) for t in next_rows[header] if t)
    ):
        header += 1
    if header:
        notes.append(f"a table continued on the next page: {header} repeated header row(s) dropped")
    else:
        notes.append("a table continued on the next page: joined")
    last = first.n_rows - 1
    cells = list(first.cells)
    # a cell cut by the break ends a data row (one with numbers), never a header row: an
    # empty value below a column label is a blank value, not the label's lower part
    data_row = any(t and _NUMERIC.match(t) for t in top_rows[-1]) if top_rows else False
    above = {
        (c.col, c.colspan): c for c in first.cells if data_row and c.row + c.rowspan - 1 == last
    }
    rejoined = 0
    for c in second.cells:
        if c.row < header:
            continue
        top = above.get((c.col, c.colspan)) if c.row == header else None
        if top is not None and not c.text and top.text and not _NUMERIC.match(top.text):
            # a label cell cut by the page break: the lower part is the same cell
            cells[cells.index(top)] = attrs.evolve(top, rowspan=top.rowspan + c.rowspan)
            rejoined += 1
            continue
        cells.append(attrs.evolve(c, row=c.row - header + first.n_rows))
    if rejoined:
        notes.append(f"{rejoined} label cell(s) cut by the page break joined again")
    n_rows = first.n_rows + second.n_rows - header
    ordered = sorted(cells, key=lambda c: (c.row, c.col))
    return Grid(tuple(ordered), n_rows, max(first.n_cols, second.n_cols))
