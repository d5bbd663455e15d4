"""What validation reports: findings, each naming its rule, cells and numbers.

A :class:`Finding` carries everything a reviewer (or a program) needs to act
on it without looking anything up: the rule's id, severity and wording, the
cells involved with their official labels and values, the expected and
actual numbers and their difference.  Findings are plain frozen values, so
they serialise to JSON through the shared converter and compare by value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from .model import Number, Value
from .spec import Basis, Severity

__all__ = ["CellRef", "Finding", "Passage", "best_finding", "describe", "relevance"]


@attrs.frozen
class CellRef:
    """A cell a finding is about: key, official label path, and its value.

    ``previous`` is true for a cell of the previous year's report (cross-year rules).
    """

    key: str
    label: str
    value: Value
    previous: bool = False


@attrs.frozen
class Passage:
    """Where in the report's narrative a finding is: section, place, and the sentence.

    ``offset`` (0-based character) and ``line`` (1-based) are in the text of
    ``section`` as the report holds it (``Report.narrative[section]``).
    """

    section: str
    offset: int
    line: int
    sentence: str


@attrs.frozen
class Finding:
    """One violation of one rule (or one notice), located to its cells.

    For arithmetic rules ``actual`` is the left-hand side as the report has it,
    ``expected`` the right-hand side, and ``difference = actual - expected``.
    ``instance`` is the column (or row) key the rule was applied to, e.g.
    ``applicant.total`` for rule S1 in the 总计 column.
    """

    rule: str
    severity: Severity
    basis: Basis
    message: str
    table: str | None = None
    instance: str | None = None
    instance_label: str | None = None
    cells: tuple[CellRef, ...] = ()
    expected: Number | None = None
    actual: Number | None = None
    difference: Number | None = None
    expression: str | None = None
    wording: str | None = None
    rule_path: str | None = None
    """Where the rule is in its definition file, e.g. ``rules[0]``."""
    passage: Passage | None = None
    """The narrative a finding of the text is about (``stated`` rules)."""

    @property
    def path(self) -> str | None:
        """The key of the first cell involved, if any."""
        return self.cells[0].key if self.cells else None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = (
            f" [{self.table} {self.instance_label}]"
            if self.instance_label
            else (f" [{self.path}]" if self.path else "")
        )
        numbers = ""
        if self.actual is not None and self.expected is not None:
            numbers = f": {self.actual} ≠ {self.expected} (difference {self.difference})"
        return f"{self.severity.value} {self.rule}{where} {self.message}{numbers}"


def relevance(finding: Finding) -> tuple[int, int, int]:
    """Sort key: errors first, stated rules before implied ones, fewer cells first.

    Like jsonschema's ``by_relevance``, this is a heuristic for choosing the
    one finding to show first; it may change between versions.
    """
    return (
        finding.severity.rank,
        0 if finding.basis is Basis.STATED else 1,
        len(finding.cells),
    )


def best_finding(findings: Iterable[Finding]) -> Finding | None:
    """The most relevant finding (see :func:`relevance`), or None if there are none."""
    return min(findings, key=relevance, default=None)


def describe(finding: Finding, *, max_cells: int = 30, locale: str | None = None) -> str:
    """A finding as a few readable lines: headline, message, the numbers, the cells.

    Used by the command line; the JSON form of a finding carries the same facts.
    Everything is in ``locale`` (default: the official Chinese): the
    severity's word (错误; in English the code itself, ``error``, as
    ``--fail-on`` and the JSON spell it), numbers formatted by babel for it;
    the rule id stays as it is (``--select`` uses it).  The finding's own
    message and labels are in the locale it was validated in.
    """
    from . import _words
    from .i18n import get_translator

    tr = get_translator(locale)
    title = " · ".join(p for p in (finding.table, finding.instance_label) if p)
    title = f" {title}" if title else ""
    severity = _words.severity(finding.severity, tr)
    lines = [f"{severity} {finding.rule}{title}", f"  {finding.message}"]
    if finding.actual is not None and finding.expected is not None:
        lines.append(
            "  "
            + tr.gettext("{expression}{actual} ≠ {expected}（差额 {difference}）").format(
                expression=f"{finding.expression}: " if finding.expression else "",
                actual=tr.format_number(finding.actual),
                expected=tr.format_number(finding.expected),
                difference=_signed(finding.difference, tr.format_number),
            )
        )
    if finding.passage is not None:
        lines.append(
            "  "
            + tr.gettext("“{sentence}”（{section}，第 {line} 行）").format(
                sentence=finding.passage.sentence,
                section=finding.passage.section,
                line=finding.passage.line,
            )
        )
    shown = finding.cells[:max_cells]
    for cell in shown:
        label = cell.label
        if finding.instance_label:
            label = label.replace(f" × {finding.instance_label}", "").replace(
                f"{finding.instance_label} × ", ""
            )
        if cell.previous:
            label = tr.gettext("上年 {cell}").format(cell=label)
        value = (
            tr.gettext("（空白）")
            if cell.value is None
            else repr(cell.value)
            if isinstance(cell.value, str)
            else tr.format_number(cell.value)
        )
        lines.append(f"    {label} = {value}")
    if len(finding.cells) > len(shown):
        more = len(finding.cells) - len(shown)
        lines.append(
            "    " + tr.ngettext("… 另有 {n} 个单元格", "… 另有 {n} 个单元格", more).format(n=more)
        )
    return "\n".join(lines)


def _signed(number: Number | None, show: Callable[[Number], str]) -> str:
    if number is None:
        return "?"
    return f"+{show(number)}" if number > 0 else show(number)
