"""The ``stated`` rule: each figure the narrative states, against the tables.

The figures are found by the format's statements (:mod:`._statements`).  A
figure that agrees with its cells is silent.  One that disagrees is a
finding of the rule's severity naming the sentence and its place, the
number stated, the cells and what they add up to.  A number two statements
claim with different meanings (``制发规章和规范性文件3件``) is a notice that
says so, unless every meaning agrees: which one the report meant is never
guessed.  A figure over a blank cell is not compared: the blank may be the
publisher's 0, or a cell the published-page reader could not settle (digits
run together), and a warning then would be a false alarm.  A figure whose
cells are not numbers is left to the kind rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction

from .._exact import exact
from .._statements import Claim, CompiledStatement, compiled_statements, find_claims
from ..findings import CellRef, Finding, Passage
from ..i18n import Translator
from ..model import Number, Report, Value
from ..spec import FormatSpec, Severity
from . import RuleContext

__all__ = ["agrees", "figure_of", "stated_findings"]


def stated_findings(context: RuleContext) -> Iterator[Finding]:
    """The findings of a ``check = "stated"`` rule on the report's narrative."""
    report, spec = context.report, context.comp.spec
    if not report.narrative:
        return
    statements = compiled_statements(spec)
    for claim in find_claims(statements, report.narrative):
        readings = [
            (c, f)
            for c in _distinct(claim.statements)
            if not isinstance(f := figure_of(spec, c, report), _Unknown)
        ]
        if not readings or all(agrees(c, f, claim.stated) for c, f in readings):
            continue
        if len(readings) == 1:
            yield _finding(context, claim, *readings[0])
        else:
            yield _ambiguous(context, claim, readings)


class _Unknown:
    """A figure over a blank cell or a value that is not a number: not compared."""


_UNKNOWN = _Unknown()


def figure_of(
    spec: FormatSpec, c: CompiledStatement, report: Report
) -> Number | Fraction | _Unknown:
    """What the tables say of ``c``'s figure: a sum, a percentage, or the report year."""
    if c.statement.about == "year":
        return report.year
    part = _sum(spec, c.terms, c.const, report)
    if c.whole is None or part is None:
        return _UNKNOWN if part is None else part
    whole = _sum(spec, c.whole, c.whole_const, report)
    if whole is None or whole == 0:
        return _UNKNOWN
    return Fraction(100) * Fraction(part) / Fraction(whole)


def _sum(
    spec: FormatSpec, terms: Sequence[tuple[int, int]], const: int, report: Report
) -> Number | None:
    total: Number = const
    with exact():
        for index, coef in terms:
            value = report.values.get(spec.cells[index].key)
            if value is None:
                return None  # the publisher's 0, or a cell a reader could not settle
            if isinstance(value, bool) or not isinstance(value, int | Decimal):
                return None
            if isinstance(value, Decimal) and not value.is_finite():
                return None
            total += coef * value
    return total


def agrees(c: CompiledStatement, figure: Number | Fraction | _Unknown, stated: Number) -> bool:
    """Whether the number stated is the figure (a percentage: rounded or cut to its decimals)."""
    if isinstance(figure, _Unknown):
        return True
    if not isinstance(figure, Fraction):
        return bool(figure == stated)
    exponent = stated.as_tuple().exponent if isinstance(stated, Decimal) else 0
    scale = 10 ** -int(exponent)
    target = Fraction(stated) * scale
    scaled = figure * scale
    return target in (Fraction(int(scaled + Fraction(1, 2))), Fraction(int(scaled)))


def _distinct(statements: Sequence[CompiledStatement]) -> list[CompiledStatement]:
    out: dict[tuple[object, ...], CompiledStatement] = {}
    for c in statements:
        out.setdefault(c.binding, c)
    return list(out.values())


def _shown(figure: Number | Fraction) -> Number:
    if isinstance(figure, Fraction):
        return (Decimal(figure.numerator) / Decimal(figure.denominator)).quantize(Decimal("0.01"))
    return figure


def _refs(
    spec: FormatSpec, c: CompiledStatement, report: Report, tr: Translator
) -> tuple[CellRef, ...]:
    refs = []
    for index in c.cells:
        cell = spec.cells[index]
        value: Value = report.values.get(cell.key)
        refs.append(CellRef(cell.key, tr.cell_label(cell), value))
    return tuple(refs)


def _passage(claim: Claim) -> Passage:
    return Passage(claim.section, claim.offset, claim.line, claim.sentence)


def _expression(c: CompiledStatement) -> str | None:
    s = c.statement
    if s.about is not None:
        return s.about
    if s.of is not None:
        return f"100 * ({s.expr}) / ({s.of})"
    return s.expr


def _finding(
    context: RuleContext, claim: Claim, c: CompiledStatement, figure: Number | Fraction
) -> Finding:
    spec, report, rule, tr = context.comp.spec, context.report, context.rule, context.tr
    shown = _shown(figure)
    label = tr.label(c.statement.label)
    if c.statement.about == "year":
        # Translators: {label} is what the text states (报告年度), {stated} the year it names.
        text = tr.gettext("{message}：正文所述{label}为 {stated}，报告为 {value}年度")
    else:
        # Translators: {label} is the figure (本年新收申请), {stated} the number the text
        # gives, {value} what the table cells add up to.
        text = tr.gettext("{message}：正文所述{label}为 {stated}，表格为 {value}")
    with exact():
        difference = claim.stated - shown
    show = str if c.statement.about == "year" else tr.format_number  # a year has no grouping
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        basis=rule.basis,
        message=text.format(
            message=tr.label(rule.message),
            label=label,
            stated=show(claim.stated),
            value=show(shown),
        ),
        table=c.statement.table,
        instance=c.statement.id,
        instance_label=label,
        cells=_refs(spec, c, report, tr),
        expected=shown,
        actual=claim.stated,
        difference=difference,
        expression=_expression(c),
        rule_path=f"rules[{context.rule_index}]",
        passage=_passage(claim),
    )


def _ambiguous(
    context: RuleContext,
    claim: Claim,
    readings: Sequence[tuple[CompiledStatement, Number | Fraction]],
) -> Finding:
    spec, report, rule, tr = context.comp.spec, context.report, context.rule, context.tr
    # Translators: one of several meanings of a number in the text: the figure and its value.
    meanings = tr.gettext("、").join(
        tr.gettext("{label}（表格为 {value}）").format(
            label=tr.label(c.statement.label),
            value=tr.format_number(_shown(f)),
        )
        for c, f in readings
    )
    refs: dict[str, CellRef] = {}
    for c, _ in readings:
        for ref in _refs(spec, c, report, tr):
            refs.setdefault(ref.key, ref)
    return Finding(
        rule=rule.id,
        severity=Severity.NOTICE,
        basis=rule.basis,
        message=tr.gettext("未检查：正文所述数字 {stated} 可能指 {meanings}，无法确定所指").format(
            stated=tr.format_number(claim.stated), meanings=meanings
        ),
        cells=tuple(refs.values()),
        rule_path=f"rules[{context.rule_index}]",
        passage=_passage(claim),
    )
