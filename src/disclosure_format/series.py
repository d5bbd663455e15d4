"""Year-over-year series: one agency's reports in order, checked pair by pair.

:func:`series` puts an agency's reports in year order and runs the
cross-year rules of each report's format against the report of the year
before, through :func:`~disclosure_format.validate` with ``previous=`` —
per column, and across a format switch wherever the previous format has
cells of the same key (2020 in format 2019 → 2021 in format 2021: the
table-3 rows keep their keys, so ``I5`` runs; the table-2 stock/flow rules
have no counterpart and are reported as not checked).  A missing year is a
note, and the rules are not run across the gap.

The year-by-year table shows each format's *figures* (``[[figures]]`` in the
definitions: received, carried over, completed, carried forward,
reconsiderations, lawsuits for the built-in formats) — what they are is
data, so a new format brings its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from . import _words
from ._exact import exact, is_exact_number
from .errors import Problem, ReportError
from .findings import Finding
from .i18n import get_translator
from .model import Number, Report
from .registry import FormatRegistry, default_registry
from .spec import Figure, FormatSpec
from .validation import validate

__all__ = ["Series", "SeriesNote", "SeriesYear", "figure_values", "series"]


@attrs.frozen
class SeriesNote:
    """Something about the series as a whole: a missing year, a change of name.

    ``kind`` is ``gap`` (no report for ``year``), ``agency`` (the reports
    name the agency differently) or ``not-a-number`` (a figure's cell holds
    text in ``year``, so the figure is shown blank).
    """

    kind: str
    message: str
    year: int | None = None


@attrs.frozen
class SeriesYear:
    """One year of a series: the report, its figures, and the cross-year findings.

    ``findings`` come from the cross-year rules of this report's format run
    against ``previous`` (the report of the year before); they are empty for
    the first year and after a gap (``previous`` is then None).
    """

    year: int
    report: Report
    figures: Mapping[str, Number | None]
    previous: Report | None = None
    findings: tuple[Finding, ...] = ()


@attrs.frozen
class Series:
    """An agency's reports in year order, with the figures and cross-year findings."""

    agency: str
    years: tuple[SeriesYear, ...]
    figures: tuple[Figure, ...]
    """The figures of the table, in the order of the latest format that defines them."""
    notes: tuple[SeriesNote, ...] = ()

    @property
    def findings(self) -> list[Finding]:
        """Every cross-year finding, oldest year first."""
        return [f for y in self.years for f in y.findings]

    def table(self) -> list[tuple[Figure, list[Number | None]]]:
        """The year-by-year table: each figure with its value in each year (None: blank)."""
        return [(f, [y.figures.get(f.key) for y in self.years]) for f in self.figures]


def figure_values(report: Report, spec: FormatSpec) -> tuple[dict[str, Number | None], list[str]]:
    """The figures of ``report``: each the sum of its cells (blank if all are blank).

    Returns the values and the keys of figures that could not be added up
    because a cell holds text (they are None in the values).
    """
    values: dict[str, Number | None] = {}
    unreadable: list[str] = []
    for figure in spec.figures:
        total: Number | None = None
        for key in figure.cells:
            v = report.values.get(key)
            if v is None:
                continue
            if is_exact_number(v):
                with exact():  # never rounded to the caller's decimal context
                    total = v if total is None else total + v
            else:
                unreadable.append(figure.key)
                total = None
                break
        values[figure.key] = total
    return values, unreadable


def _name(report: Report) -> str:
    agency = report.agency or _words.no_agency(get_translator())
    return report.provenance.source or f"{agency} {report.year}"


def series(
    reports: Iterable[Report],
    *,
    registry: FormatRegistry | None = None,
    locale: str | None = None,
) -> Series:
    """The reports of one agency in year order, checked year against year.

    The notes and the findings' messages are in ``locale`` (default: the
    official Chinese).  Raises :class:`~disclosure_format.ReportError` when two reports are for
    the same year (naming both), or when there is no report.
    """
    registry = registry or default_registry()
    tr = get_translator(locale)
    by_year: dict[int, Report] = {}
    for report in reports:
        if report.year in by_year:
            raise ReportError(
                _name(report),
                [
                    Problem(
                        "$.year",
                        f"{report.year} is also the year of {_name(by_year[report.year])}: "
                        "a series has one report per year",
                    )
                ],
            )
        by_year[report.year] = report
    if not by_year:
        raise ReportError(None, [Problem("$", "a series needs at least one report")])
    ordered = [by_year[y] for y in sorted(by_year)]
    notes: list[SeriesNote] = []
    years: list[SeriesYear] = []
    figures: dict[str, Figure] = {}
    for report in reversed(ordered):  # the latest format's figures and labels come first
        for figure in registry.get(report.format).figures:
            figures.setdefault(figure.key, figure)
    for report in ordered:
        spec = registry.get(report.format)
        values, unreadable = figure_values(report, spec)
        for key in unreadable:
            notes.append(
                SeriesNote(
                    "not-a-number",
                    tr.gettext("{year}：“{figure}”的单元格不是数字，无法合计").format(
                        year=report.year, figure=tr.label(spec.figure(key).label)
                    ),
                    report.year,
                )
            )
        previous = by_year.get(report.year - 1)
        findings: tuple[Finding, ...] = ()
        if previous is not None:
            findings = tuple(_cross_year(report, previous, spec, registry, tr.locale))
        elif years:
            last = years[-1].year
            missing = (  # a range when long: a year typed as 20233 must not list 18,000 years
                tr.gettext("、").join(str(y) for y in range(last + 1, report.year))
                if report.year - last <= 6
                else f"{last + 1}—{report.year - 1}"
            )
            notes.append(
                SeriesNote(
                    "gap",
                    tr.gettext(
                        "缺少 {missing} 年度的报告：{last} 与 {year} 之间不作逐年核对"
                    ).format(missing=missing, last=last, year=report.year),
                    last + 1,
                )
            )
        years.append(SeriesYear(report.year, report, values, previous, findings))
    agency = ordered[-1].agency
    names = list(dict.fromkeys(r.agency for r in ordered))
    if len(names) > 1:
        differ = tr.gettext("报告机关名称不一致：{names}").format(
            names=tr.gettext("、").join(names)
        )
        notes.append(SeriesNote("agency", differ))
    return Series(agency, tuple(years), tuple(figures.values()), tuple(notes))


def _cross_year(
    report: Report, previous: Report, spec: FormatSpec, registry: FormatRegistry, locale: str
) -> list[Finding]:
    rules = {r.id for r in spec.rules if r.cross_year}
    if not rules:
        return []
    findings = validate(
        report,
        previous,
        spec=spec,
        previous_spec=registry.get(previous.format),
        select=sorted(rules),
        locale=locale,
    )
    # select="I6" also selects "I6.single" (a single-year rule): keep the cross-year ones.
    return [f for f in findings if f.rule in rules]
