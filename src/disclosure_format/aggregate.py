"""Aggregation: the cell-wise sum of several agencies' reports, and checking a parent's.

A supervising office (a city, a 委办局 with its subordinate units) adds up
the reports of its departments: same format, same year, every number cell
summed exactly (``int`` counts, ``Decimal`` amounts).  A cell stays blank
only where every input left it blank; otherwise blanks count as 0, as they
do in the rules.  Because every rule of the formats is a linear
(in)equality with non-negative coefficients on non-negative cells, the sum
of valid reports is valid (a property the tests check).

Text cannot be added: a number cell holding text (``"七"``) in any input is
a :class:`~disclosure_format.ReportError` naming the input and the cell,
not a guess.  Narrative is concatenated section by section, each agency's
text under its name (``【某某局】``), so nothing written is lost; pass
``narrative="empty"`` for a sum without narrative.

:func:`check_sum` is the other direction: given the parent's own report and
its children's, it names every cell where the parent differs from the
children's sum, as warnings (``expected`` = the children's sum, ``actual``
= the parent's value).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from . import _words
from ._exact import exact, is_exact_number, shown
from .errors import Problem, ReportError
from .findings import CellRef, Finding
from .i18n import get_translator
from .model import Number, Provenance, Report, Value
from .registry import FormatRegistry, default_registry
from .reports import complete
from .spec import Basis, CellKind, FormatSpec, Severity

__all__ = ["SUM_RULE", "aggregate", "check_sum"]

SUM_RULE = "SUM"
"""The rule id of :func:`check_sum` findings (not a rule of any format: it binds reports)."""

Narrative = Literal["concatenate", "empty"]


def _name(report: Report, index: int) -> str:
    """How an input is named in errors and provenance: its source, else agency and year."""
    if report.provenance.source:
        return report.provenance.source
    agency = report.agency or _words.no_agency(get_translator())
    return f"input {index + 1} ({agency} {report.year})"


def _is_number(value: Value) -> bool:
    """An int or a Decimal of sane scale: a number that adds up exactly (:mod:`._exact`)."""
    return is_exact_number(value)


class _Sums:
    """Running cell-wise sums of reports of one format and year.

    ``strict`` makes a non-number an error at once (aggregation); otherwise
    the cell is marked as not summable and the sum goes on (checking).
    """

    def __init__(self, spec: FormatSpec, *, strict: bool) -> None:
        self.spec = spec
        self.strict = strict
        self.values: list[Value] = [None] * len(spec.cells)
        self.not_numbers: dict[int, list[tuple[str, Value]]] = {}
        self.narrative: dict[str, list[str]] = {}
        self.names: list[str] = []
        self.format: str | None = None
        self.year: int | None = None
        self.reference = ""
        """The input that set the format and year the others must have."""
        self._keys = frozenset(spec.cell_keys)

    def add(self, report: Report, name: str) -> None:
        if self.format is None:
            self.format, self.year, self.reference = report.format, report.year, name
        for field, mine, theirs in (
            ("format", self.format, report.format),
            ("year", self.year, report.year),
        ):
            if mine != theirs:
                raise ReportError(
                    name,
                    [
                        Problem(
                            f"$.{field}",
                            f"is {theirs!r}, but {self.reference} is {field} {shown(mine)}: only "
                            "reports of the same format and year can be added up",
                        )
                    ],
                )
        unknown = [k for k in report.values if k not in self._keys]
        if unknown:
            raise ReportError(
                name,
                [
                    Problem(f"$.values[{k!r}]", f"format {self.spec.id} has no such cell")
                    for k in unknown
                ],
            )
        self.names.append(name)
        get = report.values.get
        values = self.values
        for i, cell in enumerate(self.spec.cells):
            v = get(cell.key)
            if v is None:
                continue
            if cell.kind is CellKind.TEXT:
                if isinstance(v, str) and v.strip():
                    text = f"【{report.agency or name}】{v}"
                    current = values[i]
                    values[i] = text if current is None else f"{current}\n{text}"
                continue
            if not _is_number(v):
                if self.strict:
                    raise ReportError(
                        name,
                        [
                            Problem(
                                f"$.values[{cell.key!r}]",
                                f"{cell.label}: {shown(v)} is not a number that can be added "
                                "up exactly",
                            )
                        ],
                    )
                self.not_numbers.setdefault(i, []).append((name, v))
                continue
            current = values[i]
            if current is None:
                values[i] = v
            else:
                with exact():  # never rounded to the caller's decimal context
                    values[i] = current + v  # type: ignore[operator]
        for key, text in report.narrative.items():
            if text.strip():
                heading = report.agency or name
                self.narrative.setdefault(key, []).append(f"【{heading}】\n{text}")


def aggregate(
    reports: Iterable[Report],
    *,
    agency: str = "",
    narrative: Narrative = "concatenate",
    registry: FormatRegistry | None = None,
) -> Report:
    """The cell-wise sum of ``reports`` (same format and year), as a report of ``agency``.

    ``reports`` may be any iterable, consumed once (a generator reading files
    keeps memory flat).  The result's provenance lists the inputs (their
    source files, else agency and year).  Raises
    :class:`~disclosure_format.ReportError` naming the offending input when
    the formats or years differ, a report has a cell its format does not, or a
    number cell holds text; and when there is nothing to add up.
    """
    registry = registry or default_registry()
    sums: _Sums | None = None
    for index, report in enumerate(reports):
        if sums is None:
            sums = _Sums(registry.get(report.format), strict=True)
        sums.add(report, _name(report, index))
    if sums is None:
        raise ReportError(None, [Problem("$", "there are no reports to add up")])
    spec = sums.spec
    assert sums.year is not None
    texts = (
        {
            s.key: "\n\n".join(sums.narrative[s.key])
            for s in spec.sections
            if s.key in sums.narrative
        }
        if narrative == "concatenate"
        else {}
    )
    total = Report(
        format=spec.id,
        agency=agency,
        year=sums.year,
        values=dict(zip(spec.cell_keys, sums.values, strict=True)),
        narrative=texts,
        provenance=Provenance(
            reader="aggregate",
            inputs=tuple(sums.names),
            note=f"sum of {len(sums.names)} report{'s' if len(sums.names) != 1 else ''}",
        ),
    )
    return complete(total, spec)


def check_sum(
    parent: Report,
    children: Iterable[Report],
    *,
    registry: FormatRegistry | None = None,
) -> list[Finding]:
    """Where ``parent`` differs from the cell-wise sum of ``children``: one warning per cell.

    Blanks count as 0 on both sides.  A cell that cannot be compared (text
    in the parent or in a child) gets a notice instead.  The children must
    be of the parent's format and year (else :class:`ReportError`).
    """
    registry = registry or default_registry()
    spec = registry.get(parent.format)
    sums = _Sums(spec, strict=False)
    sums.format, sums.year = parent.format, parent.year
    sums.reference = parent.provenance.source or "the parent report"
    for index, child in enumerate(children):
        sums.add(child, _name(child, index))
    if not sums.names:
        raise ReportError(None, [Problem("$", "there are no child reports to compare with")])
    findings: list[Finding] = []
    for i, cell in enumerate(spec.cells):
        if not cell.kind.numeric:
            continue
        mine = parent.values.get(cell.key)
        ref = CellRef(cell.key, cell.label, mine)
        if i in sums.not_numbers or (mine is not None and not _is_number(mine)):
            which = [f"{name}: {shown(v)}" for name, v in sums.not_numbers.get(i, [])]
            if mine is not None and not _is_number(mine):
                which.insert(0, f"上级报告: {shown(mine)}")
            findings.append(
                _finding(
                    Severity.NOTICE,
                    f"未能核对合计（不是数字：{'；'.join(which)}）",
                    cell.table.id,
                    ref,
                )
            )
            continue
        theirs = sums.values[i]
        actual: Number = 0 if mine is None else mine  # type: ignore[assignment]
        expected: Number = 0 if theirs is None else theirs  # type: ignore[assignment]
        if actual != expected:
            findings.append(
                _finding(
                    Severity.WARNING,
                    f"上级报告的数值应等于 {len(sums.names)} 份下级报告之和",
                    cell.table.id,
                    ref,
                    actual=actual,
                    expected=expected,
                )
            )
    return findings


def _finding(
    severity: Severity,
    message: str,
    table: str,
    ref: CellRef,
    *,
    actual: Number | None = None,
    expected: Number | None = None,
) -> Finding:
    return Finding(
        rule=SUM_RULE,
        severity=severity,
        basis=Basis.IMPLIED,
        message=message,
        table=table,
        cells=(ref,),
        actual=actual,
        expected=expected,
        difference=None if actual is None or expected is None else actual - expected,
    )
