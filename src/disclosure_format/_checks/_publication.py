"""The evaluators' checks of a report as published: on time, and every section there.

``deadline`` rules compare the publication date, when the report has one,
with the rule's ``due`` day of the following year (条例第四十九条: 1 月 31
日 for a government department, 3 月 31 日 for a government's own report —
two rules of different severity, since which one applies is not in the
report).  ``sections`` rules look at the narrative of a report that has one:
a section the format asks for that is missing or empty is a finding of the
rule's severity, one that says only 无 (nothing to report) a notice.  A
section that holds a table counts as there when its table has a value; a
report without any narrative (a data file of the tables) is not looked at:
its sections were never part of it.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

from .._pattern import normal
from ..findings import Finding
from ..model import Report
from ..spec import FormatSpec, Severity
from . import RuleContext

__all__ = ["deadline_findings", "section_findings"]

_NOTHING = frozenset(
    {"无", "无。", "暂无", "暂无。", "无其他需要报告的事项", "无其他需要报告的事项。"}
)
"""Section texts that say only that there is nothing to report."""


def deadline_findings(context: RuleContext) -> Iterator[Finding]:
    """A finding when the report was published after the rule's ``due`` of the following year."""
    report, rule, rule_index, tr = context.report, context.rule, context.rule_index, context.tr
    if report.published is None or rule.due is None:
        return
    if not date.min.year <= report.year + 1 <= date.max.year:
        return  # no such publication year: the year itself is what is wrong
    month, day = (int(part) for part in rule.due.split("-"))
    # "02-29" is the last day of February in a common year
    due = date(report.year + 1, month, min(day, calendar.monthrange(report.year + 1, month)[1]))
    if report.published > due:
        yield Finding(
            rule=rule.id,
            severity=rule.severity,
            basis=rule.basis,
            message=tr.gettext("{message}：公布于 {published}，期限为 {due}").format(
                message=tr.label(rule.message),
                published=tr.format_date(report.published),
                due=tr.format_date(due),
            ),
            wording=tr.label(rule.wording) if rule.wording else None,
            rule_path=f"rules[{rule_index}]",
        )


def section_findings(context: RuleContext) -> Iterator[Finding]:
    """A finding per section missing, empty, or saying only 无, of a report with narrative."""
    report, rule, rule_index, tr = context.report, context.rule, context.rule_index, context.tr
    spec = context.comp.spec
    if not report.narrative:
        return
    for section in spec.sections:
        text = normal(report.narrative.get(section.key, ""))
        if not text and section.tables and _has_values(spec, report, section.tables):
            continue
        if text and text not in _NOTHING:
            continue
        severity = rule.severity if not text else Severity.NOTICE
        template = (
            tr.gettext("{message}：{section} 缺失或没有内容")
            if not text
            else tr.gettext("{message}：{section} 只写了“{text}”")
        )
        yield Finding(
            rule=rule.id,
            severity=severity,
            basis=rule.basis,
            message=template.format(
                message=tr.label(rule.message), section=tr.label(section.title), text=text
            ),
            instance=section.key,
            instance_label=tr.label(section.title),
            wording=tr.label(rule.wording) if rule.wording else None,
            rule_path=f"rules[{rule_index}]",
        )


def _has_values(spec: FormatSpec, report: Report, tables: tuple[str, ...]) -> bool:
    return any(
        report.values.get(cell.key) is not None for cell in spec.cells if cell.table.id in tables
    )
