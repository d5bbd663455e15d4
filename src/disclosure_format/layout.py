"""The official physical layout of a table: a grid of cells with row and column spans.

Derived from the label trees alone, so every renderer (text, HTML, XLSX,
wide CSV) draws the same grid and a new format version is laid out with no
code change.  The rules, which reproduce the published layouts of
``FORMATS.md`` §2.3–2.5 and §3.3–3.5:

* row labels take as many grid columns as the deepest row path of the table;
  a group label spans (rowspan) its leaves, a leaf label reaches across to the
  last label column (colspan), so ``一、本年新收…`` spans all three label
  columns of table 3 and ``（一）予以公开`` the last two;
* column labels take as many header rows as the deepest column path of the
  block; a group spans its leaves, a leaf reaches down to the last header row;
* the top-left corner cell spans the label columns and header rows and holds
  the block's corner text (``信息内容``, table 3's 勾稽 note);
* a block caption (``第二十条第（一）项``) is a row spanning the full width;
* leaf columns take ``span`` grid columns (default 1); a block narrower than
  the widest block of its table stretches its last column to the full width.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Literal

import attrs

from .spec import Block, Node, Table

__all__ = ["LayoutCell", "Role", "TableLayout", "table_layout"]

Role = Literal["caption", "corner", "column", "row", "data"]


@attrs.frozen
class LayoutCell:
    """One cell of the grid; ``key`` is the cell key for data cells, the node key path otherwise."""

    row: int
    col: int
    rowspan: int
    colspan: int
    role: Role
    text: str
    block: str
    key: str | None = None


@attrs.frozen
class TableLayout:
    """A table's grid: ``n_rows`` × ``n_cols`` positions covered by ``cells`` exactly once."""

    table: Table
    n_rows: int
    n_cols: int
    label_columns: int
    cells: tuple[LayoutCell, ...]

    def data_cells(self) -> Iterator[LayoutCell]:
        return (c for c in self.cells if c.role == "data")

    def rows(self) -> list[list[LayoutCell]]:
        """The cells grouped by the grid row they start in."""
        out: list[list[LayoutCell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        return out


def _leaf_width(block: Block) -> int:
    return sum(p[-1].span or 1 for p in block.column_paths)


def _leaves(node: Node) -> int:
    return 1 if node.is_leaf else sum(_leaves(c) for c in node.children)


@functools.cache
def table_layout(table: Table) -> TableLayout:
    """The grid of ``table`` (cached: tables are immutable)."""
    labels = table.label_columns
    width = max(_leaf_width(b) for b in table.blocks)
    cells: list[LayoutCell] = []
    row = 0
    for block in table.blocks:
        row = _lay_block(table.id, block, labels, width, row, cells)
    return TableLayout(table, row, labels + width, labels, tuple(cells))


def _lay_block(
    table_id: str, block: Block, labels: int, width: int, top: int, out: list[LayoutCell]
) -> int:
    """Append the cells of ``block`` starting at grid row ``top``; return the next free row."""
    row = top
    if block.caption is not None:
        out.append(
            LayoutCell(row, 0, 1, labels + width, "caption", block.caption, block.key, block.key)
        )
        row += 1
    spans = _column_spans(block, width)
    depth = block.column_depth
    if labels:
        out.append(LayoutCell(row, 0, depth, labels, "corner", block.corner or "", block.key))
    _lay_columns(block.columns, (), labels, row, depth, spans, block.key, out)
    row += depth
    for path in block.row_paths:
        if labels:
            _lay_row_labels(block, path, labels, row, out)
        col = labels
        for column in block.column_paths:
            span = spans[column]
            key = f"{table_id}/{'.'.join(n.key for n in path)}/{'.'.join(n.key for n in column)}"
            out.append(LayoutCell(row, col, 1, span, "data", "", block.key, key))
            col += span
        row += 1
    return row


def _column_spans(block: Block, width: int) -> dict[tuple[Node, ...], int]:
    paths = block.column_paths
    spans = {p: p[-1].span or 1 for p in paths}
    spans[paths[-1]] += width - _leaf_width(block)
    return spans


def _lay_columns(
    nodes: tuple[Node, ...],
    parents: tuple[Node, ...],
    col: int,
    row: int,
    depth: int,
    spans: dict[tuple[Node, ...], int],
    block: str,
    out: list[LayoutCell],
) -> int:
    for node in nodes:
        path = (*parents, node)
        key = ".".join(n.key for n in path)
        if node.is_leaf:
            span = spans[path]
            out.append(LayoutCell(row, col, depth, span, "column", node.label, block, key))
            col += span
        else:
            end = _lay_columns(node.children, path, col, row + 1, depth - 1, spans, block, out)
            out.append(LayoutCell(row, col, 1, end - col, "column", node.label, block, key))
            col = end
    return col


def _lay_row_labels(
    block: Block,
    path: tuple[Node, ...],
    labels: int,
    row: int,
    out: list[LayoutCell],
) -> None:
    for depth, node in enumerate(path):
        prefix = path[: depth + 1]
        first_leaf = next(p for p in block.row_paths if p[: depth + 1] == prefix)
        if first_leaf != path:
            continue  # this group's label was placed at its first leaf
        key = ".".join(n.key for n in prefix)
        if node.is_leaf:
            out.append(LayoutCell(row, depth, 1, labels - depth, "row", node.label, block.key, key))
        else:
            out.append(LayoutCell(row, depth, _leaves(node), 1, "row", node.label, block.key, key))
