"""Cross-year ``expr`` rules: this year's report against the same agency's previous one.

Run only when the previous report is given, and only over cells both
formats have: a rule naming a cell the previous format lacks is skipped with
one notice saying which cells (a 2019 report has no cell meaning the same as
some 2021 cells).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from .._compile import CompiledFormat, CrossTerm
from .._exact import exact, is_exact_number
from ..errors import Problem, ReportError
from ..findings import CellRef, Finding
from ..i18n import Translator
from ..model import Number, Report, Value
from ..spec import FormatSpec, Rule, Severity
from ._equations import equation_finding, holds, not_checked, side
from ._findings import finding, listed

__all__ = ["check_keys", "cross_year_findings"]


def check_keys(report: Report, spec: FormatSpec) -> None:
    """Raise :class:`..errors.ReportError` naming each value key that ``spec`` has no cell for."""
    unknown = [k for k in report.values if not spec.has_cell(k)]
    if unknown:
        raise ReportError(
            report.provenance.source,
            [Problem(f"$.values[{k!r}]", f"format {spec.id} has no such cell") for k in unknown],
        )


def cross_year_findings(
    comp: CompiledFormat,
    tr: Translator,
    report: Report,
    previous: Report,
    previous_spec: FormatSpec | None,
    vals: Sequence[Value],
    nums: Sequence[Number],
    bad: set[int],
    wanted: Callable[[Rule], bool],
) -> Iterator[Finding]:
    """The findings of the cross-year rules of ``report`` against ``previous``."""
    if previous.year != report.year - 1:
        raise ReportError(
            previous.provenance.source,
            [
                Problem(
                    "$.year",
                    f"the previous report is for {previous.year}; cross-year rules "
                    f"compare {report.year} with {report.year - 1}",
                )
            ],
        )
    if previous_spec is None:
        from ..registry import get_format

        previous_spec = get_format(previous.format)
    check_keys(previous, previous_spec)
    skipped: dict[str, tuple[Rule, int, list[str]]] = {}
    for eq in comp.cross_year:
        if not wanted(eq.rule):
            continue
        terms = (*eq.previous_left, *eq.previous_right)
        missing = [t.key for t in terms if not previous_spec.has_cell(t.key)]
        if missing:
            entry = skipped.setdefault(eq.rule.id, (eq.rule, eq.rule_index, []))
            entry[2].extend(k for k in missing if k not in entry[2])
            continue
        prev_vals = {t.key: previous.values.get(t.key) for t in terms}
        blocked = [i for i in eq.indexes if i in bad]
        prev_blocked = [k for k, v in prev_vals.items() if v is not None and not is_exact_number(v)]
        prev_refs = tuple(
            CellRef(k, tr.cell_label(previous_spec.cell(k)), prev_vals[k], previous=True)
            for k in prev_vals
        )
        if blocked or prev_blocked:
            names = [comp.keys[i] for i in blocked] + [
                # Translators: a cell of the previous year's report.
                tr.gettext("上年 {cell}").format(cell=k)
                for k in prev_blocked
            ]
            yield not_checked(comp, tr, eq, vals, names, prev_refs)
            continue
        pl = _previous_side(eq.previous_left, prev_vals)
        pr = _previous_side(eq.previous_right, prev_vals)
        with exact():
            lhs = side(eq.left, eq.left_const, nums) + pl
            rhs = side(eq.right, eq.right_const, nums) + pr
        if not holds(eq.op, lhs, rhs):
            yield equation_finding(comp, tr, eq, vals, nums, prev_refs, pl, pr)
    for rule, rule_index, missing in skipped.values():
        cells = listed(tr, missing[:3]) + (tr.gettext(" 等") if len(missing) > 3 else "")
        yield finding(
            comp,
            tr,
            rule,
            rule_index,
            severity=Severity.NOTICE,
            message=tr.gettext(
                "未检查：上一年度报告（格式 {format}）没有相同含义的单元格 {cells}：{message}"
            ).format(format=previous_spec.id, cells=cells, message=tr.label(rule.message)),
        )


def _previous_side(terms: tuple[CrossTerm, ...], prev_vals: Mapping[str, Value]) -> Number:
    total: Number = 0
    with exact():
        for t in terms:
            v = prev_vals[t.key]
            total += t.coef * (0 if v is None else v)  # type: ignore[operator]
    return total
