"""Matching what a page shows to the cells of a format: grids and runs of labels.

The matcher walks the document in reading order and turns every table row it
recognises into a :class:`Record` — a row of the format (or an unlabelled row
of a known block) with its values as written.  It never decides a value: that
is :mod:`._values` (text → value) and :mod:`._solve` (digit runs → cells).

Grids (HTML tables, tab-indented and pipe tables)
    Each row is classified by its texts.  A text that reads as a value
    (:func:`._values.is_value_text`: a number, a placeholder or nothing) is a
    value; any other text is a label, looked up in the format's
    :class:`._labels.LabelIndex`.  A row whose rightmost row label names a
    leaf row is a *data row*; its values are the value cells after that label
    (leading empty cells that ragged text grids put before the labels do not
    count).  A row of column labels (or a block corner) without numbers is a
    *header row*; a row naming a block caption (``第二十条第（一）项``) or a
    section selects the block or table; a row of values without any label is
    an *unlabelled row* of the current block, placed later by sequence.

    Columns are matched by label where the header allows it: each grid
    position gets the stack of header texts above it, and the leaf column
    whose label ends that stack (ancestors break ties: ``行政复议/结果维持``)
    is the column of the position.  The data row's value cells are mapped
    through their *origin* positions (a merged cell counts once).  When that
    does not give each value its own column (header and data merges that do
    not line up, ragged text rows) and the row has exactly as many values as
    the block has columns, the values are taken in the format's column order,
    and a ``by-order`` note says so.  Otherwise the row is not read and a note
    says why.

Runs of labels (paragraphs; crawler dumps flatten whole tables into one)
    A paragraph is cut into label and number tokens (``tokenize_flat``).  A
    run of number tokens is a table row when the label token before it ends
    with the label of a leaf row (:meth:`._labels.LabelIndex.suffixes`), or,
    for a block without row labels (table 4), with one of its column labels;
    and when that label token is made of table labels only, or of at least
    two of them, or the paragraph is short (at most 40 characters, as in
    ``行政许可 97``).  Prose such as ``行政许可类信息69条`` is therefore not
    taken for a table row.  Section headings, table and block captions inside
    label tokens move the context on.

Sequence (rows whose labels were lost)
    PDF text may detach labels from their values.  Within one block, the
    unlabelled rows between two labelled rows are given the leaf rows between
    those two, in order, when — and only when — their numbers are equal; each
    such row gets a ``by-order`` note.  Rows that cannot be placed so are
    reported and not read.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import TypeVar

import attrs

from .._extract import Cell, Document, Grid, Paragraph, Token, tokenize_flat
from ..spec import Block, FormatSpec, path_key
from ._labels import LabelIndex, Place, label_index, norm, norm_flat, per_spec
from ._values import is_value_text

__all__ = ["Matcher", "Note", "Record"]

_SHORT_PARAGRAPH = 40
_DIGIT = re.compile("[0-9０-９]")


@attrs.frozen
class Note:
    """A note in the making (turned into a :class:`..reading.ReadNote` by the reader)."""

    kind: str
    severity: str
    message: str
    line: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    cell: str | None = None
    candidates: tuple[str, ...] = ()


@attrs.define
class Record:
    """One row of values found in the source.

    ``leaf`` is the row key (None until an unlabelled row is placed);
    ``values`` holds (column key, text, line) for grid rows, in column order;
    ``pieces`` holds the number tokens of a run of labels, to be split into
    ``columns`` (every leaf column of the block) by :mod:`._solve`.
    """

    table: str
    block: str
    leaf: str | None
    label: str
    line: int | None
    values: list[tuple[str, str, int | None]] = attrs.Factory(list)
    pieces: tuple[Token, ...] = ()
    by_order: bool = False
    source: str = "grid"


@attrs.frozen
class Zone:
    """Characters ``start``–``end`` of paragraph block ``block`` hold table content."""

    block: int
    start: int
    end: int


@per_spec
def _context_labels(spec: FormatSpec) -> list[tuple[str, Place]]:
    """Section, table and block captions (flat forms), longest first."""
    return sorted(
        (
            (k, p)
            for k, places in label_index(spec).flat.items()
            for p in places
            if p.kind in ("section", "table", "caption") and len(k) >= 4
        ),
        key=lambda kp: -len(kp[0]),
    )


_MAX_CACHED = 256  # column maps
_MAX_LABELS = 4096  # label texts and runs of labels


_K = TypeVar("_K")
_V = TypeVar("_V")


def _keep(cache: dict[_K, _V], key: _K, value: _V, limit: int) -> None:
    """Keep ``value`` in a per-format ``cache``, emptied when full (hostile pages vary)."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value


@per_spec
def _context_ends(spec: FormatSpec) -> dict[str, Place | None]:
    """The context label each run of labels met so far ends with (see ``_last_context``)."""
    return {}


def _last_context(spec: FormatSpec, flat: str) -> Place | None:
    """The section, table or block caption found last in ``flat`` (a run of labels), if any.

    The one whose last occurrence starts last, the longer where two start at
    the same place.  Pages repeat their runs of labels (headings, captions),
    so the answer is kept per format.
    """
    cache = _context_ends(spec)
    if flat in cache:
        return cache[flat]
    best = -1
    chosen = None
    for key, place in _context_labels(spec):
        at = flat.rfind(key)
        if at > best:
            best, chosen = at, place
    _keep(cache, flat, chosen, _MAX_LABELS)
    return chosen


@per_spec
def _column_maps(spec: FormatSpec) -> dict[tuple[object, ...], dict[int, str]]:
    """Column maps already worked out for ``spec``, by header stacks (see ``_column_map``)."""
    return {}


@per_spec
def _column_keys(spec: FormatSpec) -> dict[tuple[str, str], list[str]]:
    """The leaf column keys of every block, in the format's order, by (table, block)."""
    return {
        (t.id, b.key): [path_key(p) for p in b.column_paths] for t in spec.tables for b in t.blocks
    }


def _block(spec: FormatSpec, table: str, block: str) -> Block:
    """The block ``block`` of table ``table`` (looked up once per data row: kept per format)."""
    found = _blocks(spec).get((table, block))
    if found is not None:
        return found
    for b in spec.table(table).blocks:  # (not there: the same error as ever)
        if b.key == block:
            return b
    raise KeyError(block)


@per_spec
def _blocks(spec: FormatSpec) -> dict[tuple[str, str], Block]:
    """Every block of ``spec`` by (table, block), as :meth:`FormatSpec.table` and a scan find it."""
    out: dict[tuple[str, str], Block] = {}
    for t in spec.tables:
        if spec.table(t.id) is t:  # (the first table of an id: the one looked in)
            for b in t.blocks:
                out.setdefault((t.id, b.key), b)
    return out


_ENTERED = frozenset(("caption", "section", "table"))  # places that set a grid row's context


@attrs.frozen
class _Label:
    """What the text of a grid label names, and the facts about it a row needs.

    Worked out once per text and format (:func:`_grid_labels`): pages of one
    format repeat the same labels, and a label merged over many rows is seen
    by each of them.
    """

    norm: str
    places: tuple[Place, ...]
    leaves: tuple[Place, ...]
    """The leaf rows among ``places``."""
    entered: tuple[Place, ...]
    """The captions, sections and tables among ``places``, which set the context."""
    names_row: bool
    """Whether a place is a row."""
    column_tables: frozenset[str | None]
    """The tables of which a place is a column or corner."""


@per_spec
def _grid_labels(spec: FormatSpec) -> dict[str, _Label]:
    """The grid labels of ``spec`` met so far, by text (bounded: hostile pages vary)."""
    return {}


def _grid_label(spec: FormatSpec, text: str) -> _Label:
    """The :class:`_Label` of ``text`` in ``spec``."""
    cache = _grid_labels(spec)
    found = cache.get(text)
    if found is None:
        normed = norm(text)
        places = label_index(spec).exact.get(normed, ())
        found = _Label(
            normed,
            places,
            tuple(p for p in places if p.kind == "row" and p.leaf),
            tuple(p for p in places if p.kind in _ENTERED),
            any(p.kind == "row" for p in places),
            frozenset(p.table for p in places if p.kind in ("column", "corner")),
        )
        _keep(cache, text, found, _MAX_LABELS)
    return found


def _names_columns(labels: list[_Label]) -> bool:
    """True when a row's labels name columns or corners, and none names only a row."""
    return any(lab.column_tables for lab in labels) and not any(
        lab.names_row and not lab.column_tables for lab in labels
    )


class Matcher:
    """Walks one document; collects records, notes and the zones taken by tables."""

    def __init__(self, spec: FormatSpec, doc: Document, headings: dict[int, list[tuple[int, str]]]):
        self.spec = spec
        self.doc = doc
        self.index: LabelIndex = label_index(spec)
        self.headings = headings
        self.records: list[Record] = []
        self.notes: list[Note] = []
        self.zones: list[Zone] = []
        self.consumed: set[int] = set()
        self.table: str | None = None
        self.block: str | None = None
        self._maps: dict[
            tuple[int, int, str, str], tuple[list[list[tuple[int, Cell]]], dict[int, str]]
        ] = {}
        """Column maps per header (identity, length) and block, for the rows below it."""

    # ------------------------------------------------------------ context
    def _enter(self, place: Place) -> None:
        if place.kind == "section":
            tables = self.spec.section(place.key).tables
            self.table = tables[0] if len(tables) == 1 else None
            self.block = None
            if self.table is not None and len(self.spec.table(self.table).blocks) == 1:
                self.block = self.spec.table(self.table).blocks[0].key
        elif place.kind == "table":
            self.table = place.table
            blocks = self.spec.table(place.key).blocks
            self.block = blocks[0].key if len(blocks) == 1 else None
        elif place.kind in ("caption", "corner", "row", "column"):
            self.table = place.table
            self.block = place.block

    def run(self) -> None:
        for k, block in enumerate(self.doc.blocks):
            if isinstance(block, Grid):
                self._grid(block)
            else:
                self._paragraph(k, block)

    # ------------------------------------------------------------ grids
    def _pick(self, places: tuple[Place, ...]) -> tuple[Place, ...]:
        """Prefer places in the current block, then the current table."""
        here = tuple(p for p in places if p.table == self.table)
        in_block = tuple(p for p in here if p.block == self.block)
        return in_block or here or places

    def _leaf(self, leaves: tuple[Place, ...], labels: Iterable[str] = ()) -> Place | None:
        """The one of the leaf rows ``leaves``, ancestors named among the normalised
        ``labels`` (the row's) breaking ties."""
        if len(leaves) > 1:  # (one or none: nothing to pick, nor to break)
            leaves = self._pick(leaves)
        if len(leaves) <= 1:
            return leaves[0] if leaves else None
        context = set(labels)
        scored = []
        for p in leaves:
            nodes = _block(self.spec, p.table or "", p.block or "").row_nodes[p.key]
            scored.append((sum(1 for n in nodes[:-1] if norm(n.label) in context), p))
        scored.sort(key=lambda sp: -sp[0])
        if scored[0][0] > scored[1][0]:
            return scored[0][1]
        return None

    def _column_map(
        self, header: list[list[tuple[int, Cell]]], table: str, block: Block, n_cols: int
    ) -> dict[int, str]:
        """Grid position → leaf column key, from the header rows (see the module doc)."""
        stacks: list[list[str]] = [[] for _ in range(n_cols)]
        for row in header:
            for j, cell in row:
                text = norm(cell.text)
                if text and (not stacks[j] or stacks[j][-1] != text):
                    stacks[j].append(text)
        # Pages of one format repeat the same headers: the map depends on the
        # stacks alone, so it is kept per format (bounded; hostile pages vary).
        key = (table, block.key, tuple(map(tuple, stacks)))
        cache = _column_maps(self.spec)
        cached = cache.get(key)
        if cached is not None:
            return dict(cached)
        out: dict[int, str] = {}
        for j, stack in enumerate(stacks):
            if not stack:
                continue
            cands = [
                p
                for p in self.index.exact.get(stack[-1], ())
                if p.kind == "column" and p.leaf and p.table == table and p.block == block.key
            ]
            if not cands:
                continue
            scored = sorted(
                (
                    (
                        sum(1 for n in block.column_nodes[p.key][:-1] if norm(n.label) in stack),
                        p.key,
                    )
                    for p in cands
                ),
                reverse=True,
            )
            if len(scored) == 1 or scored[0][0] > scored[1][0]:
                out[j] = scored[0][1]
        _keep(cache, key, dict(out), _MAX_CACHED)
        return out

    def _grid(self, grid: Grid) -> None:
        rows = grid.positions()
        header: list[list[tuple[int, Cell]]] = []
        last_was_data = False
        matched = 0
        unmatched: list[Note] = []
        records: list[Record] = []
        order_noted: set[str] = set()
        spec = self.spec
        met = _grid_labels(spec)  # (looked in first: the usual case, without a call)
        for slots in rows:
            labels: list[tuple[int, Cell]] = []
            values: list[tuple[int, Cell]] = []
            after = 0  # values[after:] are those right of the last label
            previous = None
            for j, (cell, origin) in enumerate(slots):
                # a cell covers adjacent positions: seen once, at its leftmost (a value
                # counts only there if it starts in this row, its origin)
                if cell is previous or cell is None:
                    continue
                previous = cell
                if is_value_text(cell.text):
                    if origin:
                        values.append((j, cell))
                else:
                    labels.append((j, cell))
                    after = len(values)
            line = _first_line(labels, values, grid.line)
            values = values[after:]
            numbers = [c for _, c in values if c.text.strip()]
            places = []
            for j, c in labels:  # (entering captions, sections and tables in label order)
                found = met.get(c.text) or _grid_label(spec, c.text)
                places.append((j, c, found))
                if found.places:
                    matched += 1
                    for p in found.entered:
                        self._enter(p)
            leaf = None
            for _, _, found in reversed(places):
                if found.names_row:
                    leaf = self._leaf(found.leaves, (f.norm for _, _, f in places))
                    break
            is_header = not numbers and _names_columns([f for _, _, f in places])
            if leaf is not None and values and not is_header:
                self._enter(leaf)
                block = _block(self.spec, leaf.table or "", leaf.block or "")
                record = Record(leaf.table or "", block.key, leaf.key, _label_text(labels), line)
                if self._place_values(record, block, values, header, grid, order_noted):
                    records.append(record)
                last_was_data = True
                continue
            if is_header:
                if last_was_data:
                    header = []
                header.append([(j, c) for j, (c, _) in enumerate(slots) if c is not None])
                self._header_context(places)
                last_was_data = False
                continue
            if any(p.kind == "caption" for _, _, f in places for p in f.places):
                header = []
                last_was_data = False
                continue
            for _, cell, found in places:
                if not found.places and found.norm:
                    unmatched.append(
                        Note(
                            "unmatched-label",
                            "warning",
                            f"label {cell.text!r} matches no label of format {self.spec.id}",
                            cell.line or line,
                            self.table,
                        )
                    )
            if numbers and self.table is not None and self.block is not None:
                block = _block(self.spec, self.table, self.block)
                record = Record(self.table, block.key, None, _label_text(labels), line)
                if not block.has_row_labels and len(block.row_paths) == 1:
                    record.leaf = path_key(block.row_paths[0])
                if self._place_values(record, block, values, header, grid, order_noted):
                    records.append(record)
                last_was_data = True
            elif numbers:
                unmatched.append(
                    Note(
                        "unmatched-row",
                        "error",
                        "a row of values neither labelled nor in a known table block; not read",
                        line,
                        self.table,
                        _label_text(labels) or None,
                        candidates=tuple(c.text for c in numbers),
                    )
                )
        if records or matched >= 2:
            self.records.extend(records)
            self.notes.extend(unmatched)

    def _header_context(self, places: list[tuple[int, Cell, _Label]]) -> None:
        """Move to another table only when the header names its columns and none of this one."""
        named: dict[str | None, set[str]] = {}
        for _, _, found in places:
            for t in found.column_tables:
                named.setdefault(t, set()).add(found.norm)
        tables = {t: len(labels) for t, labels in named.items()}
        if tables.get(self.table, 0) == 0:
            others = sorted(((n, t) for t, n in tables.items() if t is not None), reverse=True)
            if others and others[0][0] >= 2:
                self.table = others[0][1]
                blocks = self.spec.table(self.table).blocks
                self.block = blocks[0].key if len(blocks) == 1 else None

    def _place_values(
        self,
        record: Record,
        block: Block,
        values: list[tuple[int, Cell]],
        header: list[list[tuple[int, Cell]]],
        grid: Grid,
        order_noted: set[str],
    ) -> bool:
        columns = _column_keys(self.spec)[(record.table, block.key)]
        if header:
            cache_key = (id(header), len(header), record.table, block.key)
            entry = self._maps.get(cache_key)
            if entry is None or entry[0] is not header:
                entry = (header, self._column_map(header, record.table, block, grid.n_cols))
                self._maps[cache_key] = entry
            posmap = entry[1]
        # by label only under a header that gives every column of the block a position
        # of its own: a partial map (a ragged text header, whose positions need not line
        # up with the values') placed a row of mostly blank cells wrongly, by accident
        if header and len(set(posmap.values())) == len(columns):
            # by label when every written value has a column of its own (blank cells
            # outside the map are no values), and at least one value is placed
            placed: list[tuple[str, str, int | None]] = []
            taken: set[str] = set()
            for j, c in values:
                key = posmap.get(j)
                if key is None:
                    if c.text.strip():
                        break
                elif key in taken:
                    break
                else:
                    taken.add(key)
                    placed.append((key, c.text, c.line))
            else:
                if placed:
                    record.values = placed
                    return True
        # trailing (and leading) empty cells beyond the block's width are ragged rows
        trimmed = list(values)
        while len(trimmed) > len(columns) and not trimmed[-1][1].text.strip():
            trimmed.pop()
        while len(trimmed) > len(columns) and not trimmed[0][1].text.strip():
            trimmed.pop(0)
        if len(trimmed) == len(columns):
            record.values = [
                (k, c.text, c.line) for k, (_, c) in zip(columns, trimmed, strict=True)
            ]
            record.by_order = True
            if block.key not in order_noted:
                order_noted.add(block.key)
                found = {norm(c.text) for row in header for _, c in row}
                present = all(norm(p[-1].label) in found for p in block.column_paths)
                self.notes.append(
                    Note(
                        "by-order",
                        "info" if present else "warning",
                        (
                            "columns taken in the format's order: the header's merges do not "
                            "line up with the values"
                            if present
                            else "columns taken in the format's order: the header does not "
                            "name them"
                        ),
                        record.line,
                        record.table,
                        record.label or None,
                    )
                )
            return True
        self.notes.append(
            Note(
                "unmatched-row",
                "error",
                f"{len(values)} values for the {len(columns)} columns of this row; not read",
                record.line,
                record.table,
                record.label or None,
                candidates=tuple(c.text for _, c in values),
            )
        )
        return False

    # ------------------------------------------------------------ paragraphs
    def _paragraph(self, k: int, para: Paragraph) -> None:
        text = para.text
        heads = self.headings.get(k, [])
        if not heads and not _DIGIT.search(text):
            self._context_from_label(text, whole=True)
            return
        tokens = tokenize_flat(text)
        if not any(t.kind == "number" for t in tokens) and not heads:
            self._context_from_label(text, whole=True)
            return
        pending = sorted(heads)
        short = len(text) <= _SHORT_PARAGRAPH
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            while pending and pending[0][0] < tok.offset + len(tok.text):
                self._enter(Place("section", None, None, pending.pop(0)[1]))
            if tok.kind == "label":
                self._context_from_label(tok.text, whole=False)
                i += 1
                continue
            j = i
            while j < len(tokens) and tokens[j].kind == "number":
                j += 1
            run = tuple(tokens[i:j])
            label = tokens[i - 1] if i > 0 and tokens[i - 1].kind == "label" else None
            if label is not None:
                first = i - 1
                while first > 0 and tokens[first - 1].kind == "label":
                    first -= 1
                self._flat_row(k, para, label, run, short, tokens[first].offset)
            elif short and self.table is not None and len(tokens) == len(run):
                # numbers alone on a line inside a table (PDF text): say so, do not drop them
                self.notes.append(
                    Note(
                        "unmatched-row",
                        "warning",
                        f"{para.text!r} stands alone in the table; it is not attributed to a cell",
                        para.line,
                        self.table,
                        candidates=tuple(t.text for t in run),
                    )
                )
            i = j

    def _flat_leaf(self, flat: str) -> Place | None:
        """The row a run of labels ends with: a leaf row, or the row of a table without row
        labels when the run ends with one of its column labels.  The current table first."""
        for _, places in self.index.suffixes(flat):
            rows = tuple(p for p in places if p.kind == "row" and p.leaf)
            unlabelled = [
                u
                for u in (_unlabelled_row(self.spec, p) for p in places if p.kind == "column")
                if u is not None
            ]
            here_rows = tuple(p for p in rows if p.table == self.table)
            here_cols = [u for u in unlabelled if u.table == self.table]
            if here_rows:
                return here_rows[0] if len(here_rows) == 1 else self._leaf(here_rows)
            if here_cols:
                return here_cols[0]
            if rows:
                return rows[0] if len(rows) == 1 else self._leaf(rows)
            if unlabelled:
                return unlabelled[0]
        return None

    def _flat_header_context(self, labels: list[str]) -> None:
        """Move to the table whose column labels a run of labels names most (at least two,
        more than the current table's): a table header flattened before its first row.

        Without it a table whose heading is missing or misspelt took its rows for the
        table before: ``…尚未审结总计00000…`` of table 4 ends with ``总计``, a row of
        table 3 too.
        """
        named: dict[str, set[str]] = {}
        for text in set(labels):
            for p in self.index.flat.get(text, ()):
                if p.kind in ("column", "corner") and p.table is not None:
                    named.setdefault(p.table, set()).add(text)
        if not named:
            return
        best = max(sorted(named), key=lambda t: len(named[t]))
        mine = len(named.get(self.table or "", ()))
        if best != self.table and len(named[best]) >= 2 and len(named[best]) > mine:
            self._enter(Place("table", best, None, best))

    def _context_from_label(self, text: str, *, whole: bool) -> None:
        if whole:
            for p in self.index.exact.get(norm(text), ()):
                if p.kind in ("caption", "table"):
                    self._enter(p)
            return
        chosen = _last_context(self.spec, norm_flat(text))
        if chosen is not None and chosen.kind != "section":
            self._enter(chosen)

    def _flat_row(
        self,
        k: int,
        para: Paragraph,
        label: Token,
        run: tuple[Token, ...],
        short: bool,
        zone_start: int,
    ) -> None:
        flat = norm_flat(label.text)
        labels, rest = self.index.covering(flat)
        if not (rest == 0 or len(labels) >= 2 or short):
            return
        self._flat_header_context(labels)
        leaf = self._flat_leaf(flat)
        if leaf is None:
            return
        block = _block(self.spec, leaf.table or "", leaf.block or "")
        # the most cells the run could give: a digit each, "-" and "--" one a dash
        digits = sum(len((t.value or t.text.strip()).split(".")[0]) for t in run)
        if digits < len(block.column_paths) and len(run) < len(block.column_paths):
            if rest == 0:
                self.notes.append(
                    Note(
                        "unmatched-row",
                        "warning",
                        f"{' '.join(t.text for t in run)!r} after {label.text[-20:]!r} is too "
                        f"short for the {len(block.column_paths)} cells of the row; not read",
                        para.line,
                        leaf.table,
                    )
                )
            return
        self._enter(leaf)
        end = run[-1].offset + len(run[-1].text)
        # a label token may hold the end of the prose before the table: never take
        # text from before the section heading that precedes the run
        starts = [h for h, _ in self.headings.get(k, []) if h <= run[0].offset]
        self.zones.append(Zone(k, max([zone_start, *starts]), end))
        self.records.append(
            Record(
                leaf.table or "",
                block.key,
                leaf.key,
                leaf.official,
                para.line,
                pieces=run,
                source="flat",
            )
        )


def _unlabelled_row(spec: FormatSpec, place: Place) -> Place | None:
    """The one row of the block of column ``place`` if that block has no row labels."""
    block = _block(spec, place.table or "", place.block or "")
    if block.has_row_labels or len(block.row_paths) != 1:
        return None
    return Place("row", place.table, block.key, path_key(block.row_paths[0]), True)


def _first_line(
    labels: list[tuple[int, Cell]], values: list[tuple[int, Cell]], default: int | None
) -> int | None:
    """The source line of a grid row: its first cell's that has one, labels first."""
    for _, c in labels:
        if c.line is not None:
            return c.line
    for _, c in values:
        if c.line is not None:
            return c.line
    return default


def _label_text(labels: list[tuple[int, Cell]]) -> str:
    return "/".join(c.text for _, c in labels if c.text.strip())


def align(spec: FormatSpec, records: list[Record], notes: list[Note]) -> None:
    """Place unlabelled rows by sequence between labelled ones (see the module doc)."""
    by_block: dict[tuple[str, str], list[Record]] = {}
    for r in records:
        by_block.setdefault((r.table, r.block), []).append(r)
    for (table_id, block_key), recs in by_block.items():
        if all(r.leaf is not None for r in recs):
            continue
        block = _block(spec, table_id, block_key)
        leaves = [path_key(p) for p in block.row_paths]
        position = {key: n for n, key in enumerate(leaves)}
        anchors: list[tuple[int, int]] = [(-1, -1)]  # (record index, leaf index)
        for n, r in enumerate(recs):
            if r.leaf is not None and position[r.leaf] > anchors[-1][1]:
                anchors.append((n, position[r.leaf]))
        anchors.append((len(recs), len(leaves)))
        for (a_rec, a_leaf), (b_rec, b_leaf) in itertools.pairwise(anchors):
            gap = [r for r in recs[a_rec + 1 : b_rec] if r.leaf is None]
            free = leaves[a_leaf + 1 : b_leaf]
            if not gap:
                continue
            if len(gap) == len(free):
                for r, key in zip(gap, free, strict=True):
                    r.leaf = key
                    label = "/".join(n.label for n in block.row_nodes[key] if n.label)
                    notes.append(
                        Note(
                            "by-order",
                            "warning",
                            f"a row of values without a label, taken as {label!r} by its place "
                            "between the labelled rows",
                            r.line,
                            table_id,
                            label,
                        )
                    )
            else:
                for r in gap:
                    notes.append(
                        Note(
                            "unmatched-row",
                            "error",
                            f"a row of values without a label ({len(gap)} such rows for "
                            f"{len(free)} unlabelled rows of the table here); not read",
                            r.line,
                            table_id,
                            candidates=tuple(t for _, t, _ in r.values),
                        )
                    )
