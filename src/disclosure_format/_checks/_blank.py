"""The ``blank`` check: one notice listing the cells left blank in the rule's scope.

Publishers leave zero cells empty; arithmetic counts a blank as 0, and this
notice says which cells were counted so, so a reader can tell "0" from
"not filled in".
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .._compile import CompiledFormat
from ..findings import Finding
from ..i18n import Translator
from ..model import Value
from ..spec import Rule
from ._findings import blank_refs, finding

__all__ = ["blank_findings", "blanks"]

_NONES = itertools.repeat(None)


def blanks(vals: Sequence[Value]) -> list[int]:
    """The positions of the blank cells, in order (by identity, in a few C-level steps)."""
    return list(itertools.compress(range(len(vals)), map(operator.is_, vals, _NONES)))


def blank_findings(
    comp: CompiledFormat,
    getters: Sequence[Callable[[Sequence[Any]], tuple[Any, ...]] | None],
    tr: Translator,
    vals: Sequence[Value],
    blank: list[int],
    wanted: Callable[[Rule], bool],
) -> Iterator[Finding]:
    """The blank rules' notices: each lists the blank cells of its scope.

    ``blank`` holds the report's blank positions; ``getters`` (one per blank
    rule, as :attr:`.._compile.CompiledFormat.blank_checks`) give the values of
    a rule's scope, or are None when its scope is every cell in order.
    """
    for (rule_index, rule, indexes), get in zip(comp.blank_checks, getters, strict=True):
        if wanted(rule):
            cells = (
                blank
                if get is None
                else list(itertools.compress(indexes, map(operator.is_, get(vals), _NONES)))
            )
            if cells:
                refs = blank_refs(comp, tr)
                yield finding(comp, tr, rule, rule_index, cells=tuple(map(refs.__getitem__, cells)))
