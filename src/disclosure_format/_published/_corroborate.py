"""Figures the report's own text states, used to narrow an ambiguous split.

A run such as ``6233440`` for 行政规范性文件 (本年制发件数 / 本年废止件数 /
现行有效件数) splits many ways that the format's rules cannot tell apart.
Reports often state the same figure in their text: ``本年度制发行政规范性文件62件``.
:func:`stated_figures` finds such statements for one row:

* the row's label (or an alias, normalised) directly followed by a number and
  a counting unit (``件 个 项 条``);
* the dozen characters before the label contain a *distinctive bigram* of
  exactly one column of the row's block — two consecutive characters of that
  column's label found in no other column label of the block (``制发`` for
  ``本年制发件数``, while ``本年`` and ``件数`` are shared and say nothing).

The reader keeps only the splits that agree with every such figure, if any
do; a note records the sentence used.  Nothing is read from the text alone.
"""

from __future__ import annotations

import re

from ..spec import Block, Node
from ._labels import nfkc, norm

__all__ = ["stated_figures"]

_BEFORE = 12


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def stated_figures(text: str, block: Block, row: tuple[Node, ...]) -> list[tuple[int, int, str]]:
    """(column position, value, quoted evidence) for each figure ``text`` states for ``row``."""
    columns = [norm(p[-1].label) for p in block.column_paths]
    grams = [_bigrams(c) for c in columns]
    distinctive = [
        g - set().union(*(o for j, o in enumerate(grams) if j != i)) for i, g in enumerate(grams)
    ]
    flat = "".join(nfkc(text).split())
    out: list[tuple[int, int, str]] = []
    # the official label first, then the aliases: in a set, the order (and so
    # which sentence is quoted) would change with the interpreter's hash seed
    for label in dict.fromkeys([norm(row[-1].label), *(norm(a) for a in row[-1].aliases)]):
        if len(label) < 2:
            continue
        for m in re.finditer(re.escape(label) + r"(\d+)(?:件|个|项|条)", flat):
            before = flat[max(0, m.start() - _BEFORE) : m.start()]
            hits = [i for i, d in enumerate(distinctive) if any(g in before for g in d)]
            if len(hits) == 1:
                evidence = flat[max(0, m.start() - _BEFORE) : m.end()]
                if not any(o[:2] == (hits[0], int(m[1])) for o in out):
                    out.append((hits[0], int(m[1]), evidence))
    return out
