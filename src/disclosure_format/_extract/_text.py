"""Plain text → paragraphs and grids.

Three shapes of report text are met in the wild:

**Tab grids** (copied from a browser, corpus 000): one cell per line, each
cell line starting with a TAB, a blank line between table rows; a line holding
only a TAB is an empty cell (rowspan/colspan positions show up that way).  A
run of such row groups — separated by blank lines only — is read as one grid,
each group a row, each line a cell (``row``/``col`` as written, spans 1).  It
ends at the first non-blank line that does not start with a TAB.  The run is a
grid only if it looks like a table: at least two rows with two or more cells,
at least one numeric or empty cell, and a median cell no longer than 60
characters; otherwise (tab-indented prose) its lines become paragraphs.

**Pipe tables** (markdown, corpus 010): a run of consecutive lines starting
with ``|`` (or containing ``|`` next to a ``|---|`` separator row).  Separator
rows are dropped wherever they occur (010 repeats them mid-table), every other
line is a row, ``\\|`` is a literal bar and ``<br>`` in a cell is a space.
Rows may be ragged.  A blank line ends the table.

**Flattened dumps** (crawler ``page.txt``, corpora 003/004/008): whole tables
on one line with cell boundaries lost.  They stay paragraphs (one per line);
splitting them needs the format's arithmetic — see ``tokenize_flat``.

Every other non-blank line is a :class:`Paragraph` (one per line: wrapped
lines are not joined, since in PDF-derived text a line break may just as well
separate two labels).  A markdown heading marker (``## ``) is removed.
"""

from __future__ import annotations

import re
import statistics

from ._grid import RawCell, resolve_grid
from ._model import Block, Document, Paragraph
from ._normalize import fold_whitespace, normalize_newlines

__all__ = ["extract_text"]

_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HEADING = re.compile(r"^#{1,6}\s+")
_NUMERIC = re.compile(
    r"^[+\-−－减]?[0-9０-９][0-9０-９,.．]*\s*(?:万元|元|件|%|％)?$|^[-—–/／无]+$"
)
_MAX_MEDIAN_CELL = 60


def _is_tab_line(line: str) -> bool:
    """A cell line of a tab grid: starts with a TAB (after stray spaces)."""
    return line.lstrip(" ").startswith("\t")


def _is_separator(stripped: str) -> bool:
    return "|" in stripped and _PIPE_SEPARATOR.match(stripped) is not None


def _is_pipe_row(stripped: str) -> bool:
    return stripped.startswith("|") and stripped.count("|") >= 2


def _pipe_cells(stripped: str) -> list[str]:
    body = stripped
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [
        fold_whitespace(_BR.sub(" ", part).replace("\\|", "|")) for part in _PIPE_SPLIT.split(body)
    ]


def _looks_like_table(rows: list[list[tuple[str, int]]]) -> bool:
    if sum(1 for row in rows if len(row) >= 2) < 2:
        return False
    texts = [t for row in rows for t, _ in row]
    if not any(t == "" or _NUMERIC.match(t) for t in texts):
        return False
    lengths = [len(t) for t in texts if t]
    return not lengths or statistics.median(lengths) <= _MAX_MEDIAN_CELL


class _TextReader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.notes: list[str] = []

    def paragraph(self, k: int) -> None:
        """Append line ``k`` as a paragraph unless it is blank."""
        text = fold_whitespace(_HEADING.sub("", self.lines[k].strip()))
        if text:
            self.blocks.append(Paragraph(text, k + 1))

    def run(self) -> list[Block]:
        lines = self.lines
        n = len(lines)
        k = 0
        while k < n:
            line = lines[k]
            stripped = line.strip()
            if _is_tab_line(line):
                k = self.tab_grid(k)
            elif _is_pipe_row(stripped) or (
                "|" in stripped
                and (_is_separator(stripped) or (k + 1 < n and _is_separator(lines[k + 1].strip())))
            ):
                k = self.pipe_table(k)
            else:
                if stripped:
                    self.paragraph(k)
                k += 1
        return self.blocks

    def tab_grid(self, start: int) -> int:
        lines = self.lines
        n = len(lines)
        rows: list[list[tuple[str, int]]] = []
        current: list[tuple[str, int]] = []
        last = start
        k = start
        while k < n:
            line = lines[k]
            if _is_tab_line(line):
                current.append((fold_whitespace(line), k + 1))
                last = k
            elif not line.strip():
                if current:
                    rows.append(current)
                    current = []
            else:
                break
            k += 1
        if current:
            rows.append(current)
        end = last + 1  # trailing blank lines are not part of the grid
        if _looks_like_table(rows):
            self.grid(rows, start, end)
        else:
            for j in range(start, end):
                self.paragraph(j)
        return end

    def grid(self, rows: list[list[tuple[str, int]]], start: int, end: int) -> None:
        """Append the grid of ``rows`` (lines ``start``..``end``), or paragraphs if too large."""
        raw = [[RawCell(text, 1, 1, ln) for text, ln in row] for row in rows]
        grid = resolve_grid(raw, line=start + 1)
        if grid is not None:
            self.blocks.append(grid)
            return
        self.notes.append(f"line {start + 1}: table too large for a grid; kept as paragraphs")
        for j in range(start, end):
            self.paragraph(j)

    def pipe_table(self, start: int) -> int:
        lines = self.lines
        n = len(lines)
        rows: list[list[tuple[str, int]]] = []
        seen_separator = False
        k = start
        while k < n:
            stripped = lines[k].strip()
            if _is_separator(stripped):
                seen_separator = True
            elif _is_pipe_row(stripped) or (
                "|" in stripped
                and (seen_separator or (k + 1 < n and _is_separator(lines[k + 1].strip())))
            ):
                rows.append([(text, k + 1) for text in _pipe_cells(stripped)])
            else:
                break
            k += 1
        if rows:
            self.grid(rows, start, k)
        return max(k, start + 1)


def extract_text(text: str, *, encoding: str | None = None) -> Document:
    """Extract paragraphs and grids from plain text (see the module documentation).

    ``encoding`` is only recorded in the :class:`Document`.  Never raises on
    the content of ``text``.
    """
    reader = _TextReader(normalize_newlines(text).split("\n"))
    blocks = reader.run()
    return Document("text", encoding, tuple(blocks), tuple(reader.notes))
