"""What makes validating a valid report cheap: a per-format plan made once.

A report is checked by reading its values into a list in canonical cell
order once, then deciding in a few C-level passes per cell kind whether
they are all clean numbers of their kinds (:func:`clean_numbers`) — the case
of almost every report — and running the format's generated equation
checker (:func:`.._compile.generate_checker`) once.  Only then, and only for
the reports that need it, does validation look closer (:mod:`._checks`).

:class:`Prepared` is the plan of one format (kept per format, like its
compiled rules); :class:`FastPlan` settles whole reports with it for
:func:`.validation.validate_many`.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ._checks import report_findings
from ._checks._blank import blank_findings, blanks
from ._checks._equations import failing_equations
from ._checks._kind import KindGroups
from ._compile import CompiledFormat, compiled, generate_checker
from ._exact import MAX_INT, is_plain
from .findings import Finding
from .i18n import Translator
from .model import Number, Report, Value
from .spec import CellKind, FormatSpec, Rule

__all__ = ["FastPlan", "Prepared", "as_numbers", "clean_numbers", "getter", "prepared"]

_NONE = type(None)
_INT_OR_BLANK = frozenset({int, _NONE})

Getter = Callable[[Any], tuple[Any, ...]]


@attrs.frozen
class Prepared:
    """A compiled format plus what makes checking a valid report cheap."""

    spec: FormatSpec
    comp: CompiledFormat
    failing: Callable[[list[Number]], list[int]]
    """The format's generated equation checker."""
    keyset: frozenset[str]
    kind_groups: KindGroups
    """Per kind rule: (kind, getter of the rule's cells of that kind), for the close look."""
    counts: Getter | None
    """Getter of the count cells (None: the format has none); likewise the next two."""
    signed: Getter | None
    amounts: Getter | None
    has_text: bool
    """The format has text cells: :func:`clean_numbers`, which looks at number cells only,
    leaves their reports to the close look (which also finds a blank text cell)."""
    blank_getters: tuple[Getter | None, ...]
    """Per blank rule (as :attr:`CompiledFormat.blank_checks`): getter of its cells, or None
    when its scope is every cell in order (the usual case: its blanks are the report's)."""


_lock = threading.Lock()
_cache: dict[int, Prepared] = {}


def prepared(spec: FormatSpec) -> Prepared:
    """The plan of ``spec`` (made on first use, then kept by the spec's identity)."""
    entry = _cache.get(id(spec))
    if entry is None or entry.spec is not spec:
        with _lock:
            entry = _cache.get(id(spec))
            if entry is None or entry.spec is not spec:
                entry = _prepare(spec)
                _cache[id(spec)] = entry
    return entry


def _prepare(spec: FormatSpec) -> Prepared:
    comp = compiled(spec)
    groups = []
    for _, _, indexes in comp.kind_checks:
        for kind in CellKind:
            of_kind = [i for i in indexes if comp.kinds[i] is kind]
            if of_kind:
                groups.append((kind, getter(of_kind)))

    def cells_of(kind: CellKind) -> Getter | None:
        indexes = [i for i, k in enumerate(comp.kinds) if k is kind]
        return getter(indexes) if indexes else None

    return Prepared(
        spec,
        comp,
        generate_checker(comp.equations),
        frozenset(comp.keys),
        tuple(groups),
        cells_of(CellKind.COUNT),
        cells_of(CellKind.SIGNED),
        cells_of(CellKind.AMOUNT),
        CellKind.TEXT in comp.kinds,
        tuple(
            None if indexes == tuple(range(len(comp.keys))) else getter(list(indexes))
            for _, _, indexes in comp.blank_checks
        ),
    )


def getter(indexes: Sequence[Any]) -> Getter:
    """``itemgetter(*indexes)``, giving a tuple even of one item."""
    get = operator.itemgetter(*indexes)
    if len(indexes) == 1:
        return lambda seq: (get(seq),)
    return get


def clean_numbers(prep: Prepared, vals: Sequence[Value]) -> bool | None:
    """Whether some cell is blank, if every value is a clean number of its cell's kind; else None.

    Clean means: counts are ints ≥ 0, signed counts ints, amounts ints or
    Decimals ≥ 0 of sane scale (:func:`._exact.is_plain`), no int beyond
    ``±MAX_INT`` (the bound of exact arithmetic), blanks anywhere.  Then every value takes
    part in sums and no kind rule has anything to say, which is the case of
    almost every report; None means "look closer".  It is decided in a few
    C-level passes per kind: the ints of a kind are never compared with a
    Decimal (each such comparison converts the 4000-digit bound or the int to
    a Decimal, and cost more than the rest of the validation together), and
    the zeros and blanks are filtered out before ``min``/``max``.  A format with
    text cells always gets None (see :attr:`Prepared.has_text`).
    """
    if prep.has_text:
        return None
    blank = False
    for get, lowest in ((prep.counts, 0), (prep.signed, -MAX_INT)):
        if get is not None:
            group = get(vals)
            types = set(map(type, group))
            if not types <= _INT_OR_BLANK:
                return None
            blank = blank or _NONE in types
            nonzero = list(filter(None, group))
            if nonzero and (min(nonzero) < lowest or max(nonzero) > MAX_INT):
                return None
    if prep.amounts is not None:
        for v in prep.amounts(vals):
            if v is None:
                blank = True
            elif type(v) is int:
                if not 0 <= v <= MAX_INT:
                    return None
            elif type(v) is not Decimal or not is_plain(v) or v < 0:
                return None
    return blank


def as_numbers(vals: Sequence[Value], blank: list[int]) -> list[Number]:
    """The values with each blank as 0, as arithmetic takes them (copied only if any is blank)."""
    if not blank:
        return vals  # type: ignore[return-value]
    nums = list(vals)
    for i in blank:
        nums[i] = 0
    return nums  # type: ignore[return-value]


@attrs.frozen
class FastPlan:
    """What :func:`.validation.validate_many` needs to settle the common reports at once."""

    prep: Prepared
    values: Callable[[Mapping[str, Value]], tuple[Value, ...]]
    """The report's values in cell order."""
    tr: Translator
    wanted: Callable[[Rule], bool]

    @classmethod
    def of(cls, prep: Prepared, tr: Translator, wanted: Callable[[Rule], bool]) -> FastPlan:
        """The plan for reports of ``prep``'s format (text cells make :meth:`findings` defer)."""
        return cls(prep, getter(prep.comp.keys), tr, wanted)

    def findings(self, report: Report) -> list[Finding] | None:
        """The findings of a report of clean numbers, else None.

        The failing equations, the report checks and the blank notices, in the
        order :func:`.validation.iter_findings` gives them.  None means "look
        closer": a key missing or extra, a value that is not an exact number
        of its cell's kind, a negative count.
        """
        prep = self.prep
        values = report.values
        if len(values) != len(prep.keyset):
            return None
        try:
            vals = self.values(values)
        except KeyError:
            return None
        blank = clean_numbers(prep, vals)
        if blank is None:
            return None
        comp = prep.comp
        where = blanks(vals) if blank else []
        found = list(
            failing_equations(
                comp, prep.failing, self.tr, self.wanted, vals, as_numbers(vals, where)
            )
        )
        if comp.report_checks:
            found.extend(report_findings(comp, self.tr, report, None, self.wanted))
        if where:
            found.extend(
                blank_findings(comp, prep.blank_getters, self.tr, vals, where, self.wanted)
            )
        return found
