"""The ``complete`` check: a report whose table was mostly not on the page is not a report.

A reader of a published page records in ``provenance.missing`` the cells
the page did not give at all (a cell given twice with different values is
*given*, only not settled, and is not counted).  A table of which more than
half the cells are missing — absent, or cut off — is one finding of the
rule's severity, saying how many of its cells are missing; a table with a
few cells missing is left to the reader's notes, since its figures are
still there to check.  A report that was not read from a page (a report
file, a data file) has no ``missing`` and is not looked at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import attrs

from ..findings import Finding
from . import RuleContext
from ._findings import finding

__all__ = ["complete_findings"]


def complete_findings(context: RuleContext) -> Iterator[Finding]:
    """One finding per table of which most cells were not found on the page."""
    report, rule, rule_index, tr = context.report, context.rule, context.rule_index, context.tr
    if not report.provenance.missing:
        return
    spec = context.comp.spec
    missing = set(report.provenance.missing)
    totals = Counter(cell.table.id for cell in spec.cells)
    counts = Counter(cell.table.id for cell in spec.cells if cell.key in missing)
    for table in spec.tables:
        count, total = counts[table.id], totals[table.id]
        if 2 * count <= total:
            continue
        caption = tr.label(table.caption)
        found = finding(
            context.comp,
            tr,
            rule,
            rule_index,
            message=tr.gettext("{message}：{table} {total} 个单元格中 {count} 个未找到").format(
                message=tr.label(rule.message), table=caption, total=total, count=count
            ),
        )
        yield attrs.evolve(found, table=table.id, instance=table.id, instance_label=caption)
