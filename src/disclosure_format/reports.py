"""Making reports that fit their format: empty ones to fill in, and completing partial ones.

A report built for a format holds *every* cell of the format (blank cells as
``None``), so two reports of the same content are equal however they were
made, and every adapter can render every cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

import attrs

from ._exact import read_scientific
from .errors import Problem, ReportError
from .model import Report, Value
from .registry import get_format
from .spec import CellKind, FormatSpec

__all__ = ["complete", "new_report"]


def new_report(
    format: FormatSpec | str,
    agency: str = "",
    year: int | None = None,
    *,
    published: date | None = None,
    values: Mapping[str, Value] | None = None,
    narrative: Mapping[str, str] | None = None,
) -> Report:
    """A report of ``format`` with every cell blank except those in ``values``.

    ``year`` defaults to the first year the format governs.  Unknown cell or
    section keys raise :class:`~.errors.ReportError`.
    """
    spec = format if isinstance(format, FormatSpec) else get_format(format)
    report = Report(
        format=spec.id,
        agency=agency,
        year=spec.years.first if year is None else year,
        values=dict(values or {}),
        narrative=dict(narrative or {}),
        published=published,
    )
    return complete(report, spec)


def complete(report: Report, spec: FormatSpec, *, source: str | None = None) -> Report:
    """``report`` with every cell of ``spec`` present and amounts given as text parsed.

    Missing cells become blank (``None``).  In an amount cell, an ``int`` or
    text that is an exact decimal (``"24252.311082"``, how report files keep
    amounts exact) becomes a :class:`~decimal.Decimal` of the same value; any
    other text is kept as it is for validation to report.  Unknown cell or
    section keys (also in ``provenance.missing``) raise ReportError: they
    would otherwise be silently dropped.
    ``source`` names the input in error messages and becomes the provenance
    source if the report has none.
    """
    keys, amounts = _keys(spec)
    unknown = report.values.keys() - keys
    problems = [
        Problem(f"$.values[{k!r}]", f"format {spec.id} has no such cell")
        for k in report.values
        if k in unknown
    ]
    section_keys = {s.key for s in spec.sections}
    problems += [
        Problem(
            f"$.narrative[{k!r}]",
            f"format {spec.id} has no section {k!r} "
            f"(sections: {', '.join(s.key for s in spec.sections)})",
        )
        for k in report.narrative
        if k not in section_keys
    ]
    problems += [
        Problem(f"$.provenance.missing[{i}]", f"format {spec.id} has no cell {k!r}")
        for i, k in enumerate(report.provenance.missing)
        if k not in keys
    ]
    if problems:
        raise ReportError(source or report.provenance.source, problems)
    cell_keys = spec.cell_keys
    values: dict[str, Value] = dict(zip(cell_keys, map(report.values.get, cell_keys), strict=True))
    for key in amounts:
        value = values[key]
        if isinstance(value, str):
            values[key] = _decimal_or_text(value)
        elif type(value) is int:
            values[key] = Decimal(value)  # amounts are Decimal; the value is the same
    narrative = {s.key: report.narrative[s.key] for s in spec.sections if s.key in report.narrative}
    return Report(
        format=report.format,
        agency=report.agency,
        year=report.year,
        values=values,
        narrative=narrative,
        published=report.published,
        provenance=(
            attrs.evolve(report.provenance, source=source)
            if source is not None and report.provenance.source is None
            else report.provenance
        ),
    )


_cache: dict[int, tuple[FormatSpec, frozenset[str], tuple[str, ...]]] = {}


def _keys(spec: FormatSpec) -> tuple[frozenset[str], tuple[str, ...]]:
    """The cell keys of ``spec`` and those of its amount cells, computed once per spec.

    Every report read goes through :func:`complete`; a batch of thousands
    should not walk the cell list for each.
    """
    entry = _cache.get(id(spec))
    if entry is None or entry[0] is not spec:
        amounts = tuple(c.key for c in spec.cells if c.kind is CellKind.AMOUNT)
        entry = _cache[id(spec)] = (spec, frozenset(spec.cell_keys), amounts)
    return entry[1], entry[2]


def _decimal_or_text(text: str) -> Value:
    stripped = text.strip()
    if "E" in stripped:  # a number beyond the scale, as report files write it (see _exact)
        scientific = read_scientific(stripped)
        return text if scientific is None else scientific
    if not stripped or not all(ch in "0123456789.-+" for ch in stripped):
        return text
    try:
        number = Decimal(stripped)
    except InvalidOperation:
        return text
    return number if number.is_finite() else text
