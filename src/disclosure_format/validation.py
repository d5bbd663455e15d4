"""Validation: run a format's rules over a report and yield located findings.

This module is the public API (:func:`validate`, :func:`iter_findings`,
:func:`is_valid`, :func:`check`, :func:`validate_many`); the work is done by
the rules compiled once per format (:mod:`._compile`), the per-format fast
path (:mod:`._fastpath`) and one check module per kind of rule
(:mod:`._checks`).  Checking a report reads its values into a list in
canonical cell order once, then runs a function generated from the
equations that returns which of them fail; only failing equations are
turned into :class:`~.findings.Finding` s, so a valid report costs a few
dozen comparisons.

Arithmetic treats a blank cell as 0 (the publishers' convention) and the
``blank`` rule lists the blanks in one notice.  A value that is not a number
(text, a float, a non-finite decimal) is reported by the ``kind`` rule and
the equations it takes part in are reported as not checked — never guessed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Iterator

from . import _fastpath
from ._checks import report_findings
from ._checks._blank import blank_findings, blanks
from ._checks._cross_year import check_keys, cross_year_findings
from ._checks._equations import check_slowly, failing_equations
from ._checks._kind import kind_findings, kinds_all_valid
from ._compile import compiled
from ._exact import is_exact_number
from .errors import Problem, ReportError, ValidationFailed
from .findings import Finding, best_finding
from .i18n import get_translator
from .model import Report, Value
from .spec import FormatSpec, Rule

__all__ = ["check", "compiled", "is_valid", "iter_findings", "validate", "validate_many"]


def _spec_for(report: Report, spec: FormatSpec | None) -> FormatSpec:
    if spec is not None:
        if spec.id != report.format:
            raise ReportError(
                None,
                [
                    Problem(
                        "$.format",
                        f"report is in format {report.format!r} but was given format {spec.id!r}",
                    )
                ],
            )
        return spec
    from .registry import get_format

    return get_format(report.format)


def iter_findings(
    report: Report,
    previous: Report | None = None,
    *,
    spec: FormatSpec | None = None,
    previous_spec: FormatSpec | None = None,
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    locale: str | None = None,
) -> Iterator[Finding]:
    """Lazily yield the findings of ``report``, in rule order.

    ``previous`` is the same agency's report for the year before; when given,
    cross-year rules run too (only over cells both formats have).  ``select``
    keeps only the given rule ids (a prefix such as ``I4`` selects ``I4.*``);
    ``ignore`` drops rule ids the same way.  ``locale`` (default: the
    official Chinese, ``zh_Hans``) is the language of the findings' messages,
    wordings and labels; see :mod:`disclosure_format.i18n`.
    """
    tr = get_translator(locale)
    spec = _spec_for(report, spec)
    prep = _fastpath.prepared(spec)
    comp = prep.comp
    if not report.values.keys() <= prep.keyset:
        check_keys(report, spec)
    wanted = _rule_filter(spec, select, ignore)
    vals: list[Value] = list(map(report.values.get, comp.keys))
    clean = _fastpath.clean_numbers(prep, vals)
    blank = blanks(vals) if clean is None or clean else []  # (by identity: no value's __eq__)
    nums = _fastpath.as_numbers(vals, blank)
    # A non-number (text, NaN, an int too long to print…) can be neither compared nor added.
    bad = set() if clean is not None else _non_numeric(vals)
    kinds_hold = clean is not None or (not bad and kinds_all_valid(prep.kind_groups, vals, nums))

    if bad or not kinds_hold:
        for rule_index, rule, indexes in comp.kind_checks:
            if wanted(rule):
                yield from kind_findings(comp, tr, rule, rule_index, indexes, vals)

    if bad:
        for eq in comp.equations:
            if wanted(eq.rule):
                yield from check_slowly(comp, tr, eq, vals, nums, bad)
    else:
        yield from failing_equations(comp, prep.failing, tr, wanted, vals, nums)

    if previous is not None:
        yield from cross_year_findings(
            comp, tr, report, previous, previous_spec, vals, nums, bad, wanted
        )

    if comp.report_checks:
        yield from report_findings(comp, tr, report, previous, wanted)

    if blank:
        yield from blank_findings(comp, prep.blank_getters, tr, vals, blank, wanted)


def validate(
    report: Report,
    previous: Report | None = None,
    *,
    spec: FormatSpec | None = None,
    previous_spec: FormatSpec | None = None,
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    locale: str | None = None,
) -> list[Finding]:
    """All findings of ``report`` (see :func:`iter_findings`), in rule order."""
    return list(
        iter_findings(
            report,
            previous,
            spec=spec,
            previous_spec=previous_spec,
            select=select,
            ignore=ignore,
            locale=locale,
        )
    )


def is_valid(report: Report, previous: Report | None = None, **options: object) -> bool:
    """True if ``report`` has no error finding; stops at the first one."""
    return not any(f.is_error for f in iter_findings(report, previous, **options))  # type: ignore[arg-type]


def check(report: Report, previous: Report | None = None, **options: object) -> None:
    """Raise :class:`~.errors.ValidationFailed` (with the most relevant error) if invalid."""
    findings = validate(report, previous, **options)  # type: ignore[arg-type]
    errors = [f for f in findings if f.is_error]
    best = best_finding(errors)
    if best is not None:
        raise ValidationFailed(best, findings)


def validate_many(
    reports: Iterable[Report],
    *,
    spec: FormatSpec | None = None,
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    locale: str | None = None,
) -> Iterator[list[Finding]]:
    """The findings of each of ``reports``, in order: the same lists as :func:`validate`.

    For many reports in memory.  Almost every report holds clean numbers of
    its cells' kinds, and its findings are then settled in a handful of
    operations, mostly in C — the values read with one ``itemgetter``, a type
    set and a ``min``/``max`` per kind (:func:`._fastpath.clean_numbers`), the
    generated equation checker run once — by the same functions :func:`validate`
    uses, with no generator, rule filter or translator set up per report
    (:class:`._fastpath.FastPlan`).  A report with anything else (a value of
    another kind, a negative count, a key the format lacks) goes through
    :func:`validate` itself, so the findings are identical by construction.
    ``spec`` is the format of every report (default: each report's own,
    looked up once per format).
    """
    tr = get_translator(locale)
    fast: dict[str, _fastpath.FastPlan] = {}
    for report in reports:
        plan: _fastpath.FastPlan | None = None
        if spec is not None and spec.id != report.format:
            pass  # validate() raises the mismatch, naming both formats
        elif report.format in fast:
            plan = fast[report.format]
        else:
            chosen = spec or _spec_for(report, None)
            plan = fast[report.format] = _fastpath.FastPlan.of(
                _fastpath.prepared(chosen), tr, _rule_filter(chosen, select, ignore)
            )
        findings = None if plan is None else plan.findings(report)
        if findings is None:
            findings = validate(report, spec=spec, select=select, ignore=ignore, locale=locale)
        yield findings


def _rule_filter(
    spec: FormatSpec, select: Collection[str] | None, ignore: Collection[str]
) -> Callable[[Rule], bool]:
    def matches(rule_id: str, patterns: Collection[str]) -> bool:
        return any(rule_id == p or rule_id.startswith(p + ".") for p in patterns)

    for pattern in (*(select or ()), *ignore):
        if not any(matches(r.id, [pattern]) for r in spec.rules):
            raise ReportError(
                None,
                [
                    Problem(
                        "$",
                        f"format {spec.id} has no rule {pattern!r} "
                        f"(rules: {', '.join(r.id for r in spec.rules)})",
                    )
                ],
            )
    if select is None and not ignore:
        return lambda rule: True
    return functools.cache(
        lambda rule: (select is None or matches(rule.id, select)) and not matches(rule.id, ignore)
    )


def _non_numeric(vals: list[Value]) -> set[int]:
    return {i for i, v in enumerate(vals) if v is not None and not is_exact_number(v)}
