"""The checks validation runs, one module per check kind of a rule (``check = "…"``).

* :mod:`._equations` — ``expr`` rules within one report;
* :mod:`._cross_year` — ``expr`` rules naming ``previous.…``;
* :mod:`._kind` — ``kind``: every value of its cell's kind;
* :mod:`._blank` — ``blank``: the cells left blank;
* :mod:`._stated` — ``stated``: the figures the narrative states, against the tables;
* :mod:`._publication` — ``deadline`` and ``sections``: on time, every section there;
* :mod:`._complete` — ``complete``: no table mostly missing from the page read;
* :mod:`._findings` — how every check turns a failing rule into a finding.

The first four are the arithmetic core that :mod:`..validation` runs on
every report (with a generated fast path, :mod:`.._fastpath`).  Any other
check kind is a *report check*: a function of the report as a whole,
registered in :data:`REPORT_CHECKS` under its :class:`..spec.Check` member.
Adding a check kind is adding its member to :class:`..spec.Check`, its
module here, and one entry in :data:`REPORT_CHECKS`; validation, batch,
the CLI and the fast path of :func:`..validation.validate_many` then run it
with no other change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from .._compile import CompiledFormat
from ..findings import Finding
from ..i18n import Translator
from ..model import Report
from ..spec import Check, Rule

__all__ = ["REPORT_CHECKS", "ReportCheck", "RuleContext", "report_findings"]


@attrs.frozen
class RuleContext:
    """What a report check is given: the report, its compiled format, and the locale.

    ``rule`` is the rule being run, ``rule_index`` its position in the
    definition (for :func:`._findings.finding`), ``indexes`` the cells of its
    scope (its ``table``'s, or every cell), ``previous`` the previous year's
    report when the caller gave one.
    """

    report: Report
    comp: CompiledFormat
    tr: Translator
    rule: Rule
    rule_index: int
    indexes: tuple[int, ...]
    previous: Report | None = None


ReportCheck = Callable[[RuleContext], Iterator[Finding]]
"""A report check: the findings of one rule over one report."""

REPORT_CHECKS: dict[Check, ReportCheck] = {}
"""The report check of each check kind beyond expr, kind and blank (the one dispatch place)."""


def report_findings(
    comp: CompiledFormat,
    tr: Translator,
    report: Report,
    previous: Report | None,
    wanted: Callable[[Rule], bool],
) -> Iterator[Finding]:
    """The findings of every report check of ``comp``'s format over ``report``, in rule order."""
    for rule_index, rule, indexes in comp.report_checks:
        if wanted(rule):
            check = REPORT_CHECKS[rule.check]
            yield from check(RuleContext(report, comp, tr, rule, rule_index, indexes, previous))


def _register() -> None:
    """Fill :data:`REPORT_CHECKS` (the modules import :class:`RuleContext` from here)."""
    from ._complete import complete_findings
    from ._publication import deadline_findings, section_findings
    from ._stated import stated_findings

    REPORT_CHECKS[Check.STATED] = stated_findings
    REPORT_CHECKS[Check.DEADLINE] = deadline_findings
    REPORT_CHECKS[Check.SECTIONS] = section_findings
    REPORT_CHECKS[Check.COMPLETE] = complete_findings


_register()
