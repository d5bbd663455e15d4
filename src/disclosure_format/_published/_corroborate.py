"""Figures the report's own text states, used to narrow an ambiguous split.

A run such as ``6233440`` for 行政规范性文件 (本年制发件数 / 本年废止件数 /
现行有效件数) splits many ways that the format's rules cannot tell apart.
Reports often state the same figure in their text: ``本年度制发行政规范性文件62件``.
:func:`stated_figures` finds such statements for one row by the format's
declared statements (``[[statements]]``, :mod:`.._statements`) — the same
ones the ``stated`` rule checks, so there is one list of how reports word
their figures, not two.  Only statements of one cell count here, and only
numbers that exactly one of them claims: a number the text might mean two
ways narrows nothing.

The reader keeps only the splits that agree with every such figure, if any
do; a note records the sentence used.  Nothing is read from the text alone.
"""

from __future__ import annotations

import threading

from .._statements import CompiledStatement, compiled_statements, find_claims
from ..registry import default_registry
from ..spec import Block, FormatSpec, Node, path_key

__all__ = ["stated_figures"]

_lock = threading.Lock()
_formats: dict[int, tuple[Block, FormatSpec, Block]] = {}
"""id(block) → (the block, the built-in format holding an equal block, that format's own block)."""


def stated_figures(text: str, block: Block, row: tuple[Node, ...]) -> list[tuple[int, int, str]]:
    """(column position, value, quoted evidence) for each figure ``text`` states for ``row``."""
    found = _format_of(block)
    if found is None:
        return []
    spec, own = found
    single = [c for c in compiled_statements(spec) if _one_cell(c)]
    if not single:
        return []
    columns = {path_key(p): i for i, p in enumerate(own.column_paths)}
    row_key = path_key(row)
    out: list[tuple[int, int, str]] = []
    for claim in find_claims(single, {"": text}, sections=False):
        cells = {c.terms[0][0] for c in claim.statements}
        if len(cells) != 1 or not isinstance(claim.stated, int):
            continue  # claimed with two meanings, or not a count
        cell = spec.cells[cells.pop()]
        if cell.block is not own or cell.row_key != row_key:
            continue
        position = columns[cell.column_key]
        if not any(o[:2] == (position, claim.stated) for o in out):
            out.append((position, claim.stated, claim.text))
    return out


def _one_cell(c: CompiledStatement) -> bool:
    """A statement that states one cell as it is (not a sum, a share, a fixed value)."""
    s = c.statement
    return (
        s.about is None
        and s.of is None
        and s.value is None
        and c.const == 0
        and len(c.terms) == 1
        and c.terms[0][1] == 1
    )


def _format_of(block: Block) -> tuple[FormatSpec, Block] | None:
    """The format whose tables hold ``block`` (the reader's formats are the registry's)."""
    entry = _formats.get(id(block))
    if entry is not None and entry[0] is block:
        return entry[1], entry[2]
    with _lock:
        blocks = [
            (spec, own) for spec in default_registry() for t in spec.tables for own in t.blocks
        ]
        # the very block first: equal blocks of two formats (table 4) must not be mixed up
        for spec, own in (*[p for p in blocks if p[1] is block], *blocks):
            if own is block or own == block:
                _formats[id(block)] = (block, spec, own)
                return spec, own
    return None
