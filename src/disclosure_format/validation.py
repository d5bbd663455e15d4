"""Validation: run a format's rules over a report and yield located findings.

The rules were compiled once per format (:mod:`._compile`).  Checking a
report reads its values into a list in canonical cell order once, then runs
a function generated from the equations that returns which of them fail;
only failing equations are turned into :class:`~.findings.Finding` s, so a
valid report costs a few dozen comparisons.

Arithmetic treats a blank cell as 0 (the publishers' convention) and the
``blank`` rule lists the blanks in one notice.  A value that is not a number
(text, a float, a non-finite decimal) is reported by the ``kind`` rule and
the equations it takes part in are reported as not checked — never guessed.
"""

from __future__ import annotations

import functools
import itertools
import operator
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ._compile import CompiledFormat, CrossTerm, Equation, compile_format
from ._exact import MAX_INT, exact, is_exact_number, is_plain, number_text
from .errors import Problem, ReportError, ValidationFailed
from .findings import CellRef, Finding, best_finding
from .i18n import Translator, get_translator
from .model import Number, Report, Value
from .spec import CellKind, Each, FormatSpec, Node, Rule, Severity

__all__ = ["check", "compiled", "is_valid", "iter_findings", "validate", "validate_many"]

_NONE = type(None)
_NONES = itertools.repeat(None)
_INT_OR_BLANK = frozenset({int, _NONE})
_NUMBER_OR_BLANK = frozenset({int, Decimal, _NONE})
_TEXT_OR_BLANK = frozenset({str, _NONE})


@attrs.frozen
class _Prepared:
    """A compiled format plus what makes checking a valid report cheap."""

    spec: FormatSpec
    comp: CompiledFormat
    failing: Callable[[list[Number]], list[int]]
    keyset: frozenset[str]
    kind_groups: tuple[tuple[CellKind, Callable[[Sequence[Any]], tuple[Any, ...]]], ...]
    """Per kind rule: (kind, getter of the rule's cells of that kind), for the close look."""
    counts: Callable[[Sequence[Any]], tuple[Any, ...]] | None
    """Getter of the count cells (None: the format has none); likewise the next two."""
    signed: Callable[[Sequence[Any]], tuple[Any, ...]] | None
    amounts: Callable[[Sequence[Any]], tuple[Any, ...]] | None
    has_text: bool
    """The format has text cells: :func:`_clean_numbers`, which looks at number cells only,
    leaves their reports to the close look (which also finds a blank text cell)."""
    blank_getters: tuple[Callable[[Sequence[Any]], tuple[Any, ...]] | None, ...]
    """Per blank rule (as :attr:`CompiledFormat.blank_checks`): getter of its cells, or None
    when its scope is every cell in order (the usual case: its blanks are the report's)."""


_lock = threading.Lock()
_cache: dict[int, _Prepared] = {}


def compiled(spec: FormatSpec) -> CompiledFormat:
    """The compiled rules of ``spec`` (compiled on first use, then cached)."""
    return _prepared(spec).comp


def _prepared(spec: FormatSpec) -> _Prepared:
    entry = _cache.get(id(spec))
    if entry is None or entry.spec is not spec:
        with _lock:
            entry = _cache.get(id(spec))
            if entry is None or entry.spec is not spec:
                entry = _prepare(spec)
                _cache[id(spec)] = entry
    return entry


def _prepare(spec: FormatSpec) -> _Prepared:
    comp = compile_format(spec)
    groups = []
    for _, _, indexes in comp.kind_checks:
        for kind in CellKind:
            of_kind = [i for i in indexes if comp.kinds[i] is kind]
            if of_kind:
                groups.append((kind, _getter(of_kind)))

    def cells_of(kind: CellKind) -> Callable[[Sequence[Any]], tuple[Any, ...]] | None:
        indexes = [i for i, k in enumerate(comp.kinds) if k is kind]
        return _getter(indexes) if indexes else None

    return _Prepared(
        spec,
        comp,
        _generate_checker(comp.equations),
        frozenset(comp.keys),
        tuple(groups),
        cells_of(CellKind.COUNT),
        cells_of(CellKind.SIGNED),
        cells_of(CellKind.AMOUNT),
        CellKind.TEXT in comp.kinds,
        tuple(
            None if indexes == tuple(range(len(comp.keys))) else _getter(list(indexes))
            for _, _, indexes in comp.blank_checks
        ),
    )


def _getter(indexes: Sequence[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """``itemgetter(*indexes)``, giving a tuple even of one item."""
    get = operator.itemgetter(*indexes)
    if len(indexes) == 1:
        return lambda seq: (get(seq),)
    return get


def _kinds_all_valid(prep: _Prepared, vals: list[Value], nums: list[Number]) -> bool:
    """A quick test that every kind rule passes (the common case); False means look closer."""
    for kind, get in prep.kind_groups:
        types = set(map(type, get(vals)))
        if kind is CellKind.TEXT:
            if not types <= _TEXT_OR_BLANK:
                return False
        elif kind is CellKind.SIGNED:
            if not types <= _INT_OR_BLANK:
                return False
        elif kind is CellKind.COUNT:
            if not types <= _INT_OR_BLANK or min(get(nums)) < 0:
                return False
        elif not types <= _NUMBER_OR_BLANK or min(get(nums)) < 0:
            return False
    return True


def _generate_checker(equations: Sequence[Equation]) -> Callable[[list[Number]], list[int]]:
    """Generate ``failing(n) -> [equation index, ...]`` for all-numeric value lists.

    The source holds only integers (cell indexes, coefficients, constants) and
    operators from a whitelist, never text from a definition, so compiling it
    is safe; it runs an order of magnitude faster than interpreting terms.
    """

    def side(terms: tuple[tuple[int, int], ...], const: int) -> str:
        parts = [
            f"n[{i}]" if c == 1 else f"-n[{i}]" if c == -1 else f"{c}*n[{i}]" for i, c in terms
        ]
        if const or not parts:
            parts.append(str(const))
        return "(" + " + ".join(parts) + ")"

    lines = ["def failing(n):", "    out = []"]
    for k, eq in enumerate(equations):
        assert eq.op in ("==", "<=", ">=", "<", ">")
        lhs, rhs = side(eq.left, eq.left_const), side(eq.right, eq.right_const)
        lines.append(f"    if not {lhs} {eq.op} {rhs}: out.append({k})")
    lines.append("    return out")
    namespace: dict[str, object] = {}
    exec(compile("\n".join(lines), "<disclosure_format rules>", "exec"), namespace)
    raw: Callable[[list[Number]], list[int]] = namespace["failing"]  # type: ignore[assignment]

    def failing(n: list[Number]) -> list[int]:
        with exact():  # amounts add up exactly, whatever the caller's decimal context
            return raw(n)

    return failing


def _spec_for(report: Report, spec: FormatSpec | None) -> FormatSpec:
    if spec is not None:
        if spec.id != report.format:
            raise ReportError(
                None,
                [
                    _problem(
                        "$.format",
                        f"report is in format {report.format!r} but was given format {spec.id!r}",
                    )
                ],
            )
        return spec
    from .registry import get_format

    return get_format(report.format)


def _clean_numbers(prep: _Prepared, vals: Sequence[Value]) -> bool | None:
    """Whether some cell is blank, if every value is a clean number of its cell's kind; else None.

    Clean means: counts are ints ≥ 0, signed counts ints, amounts ints or
    Decimals ≥ 0 of sane scale (:func:`._exact.is_plain`), no int beyond
    ``±MAX_INT`` (the bound of exact arithmetic), blanks anywhere.  Then every value takes
    part in sums and no kind rule has anything to say, which is the case of
    almost every report; None means "look closer".  It is decided in a few
    C-level passes per kind: the ints of a kind are never compared with a
    Decimal (each such comparison converts the 4000-digit bound or the int to
    a Decimal, and cost more than the rest of the validation together), and
    the zeros and blanks are filtered out before ``min``/``max``.  A format with
    text cells always gets None (see :attr:`_Prepared.has_text`).
    """
    if prep.has_text:
        return None
    blank = False
    for get, lowest in ((prep.counts, 0), (prep.signed, -MAX_INT)):
        if get is not None:
            group = get(vals)
            types = set(map(type, group))
            if not types <= _INT_OR_BLANK:
                return None
            blank = blank or _NONE in types
            nonzero = list(filter(None, group))
            if nonzero and (min(nonzero) < lowest or max(nonzero) > MAX_INT):
                return None
    if prep.amounts is not None:
        for v in prep.amounts(vals):
            if v is None:
                blank = True
            elif type(v) is int:
                if not 0 <= v <= MAX_INT:
                    return None
            elif type(v) is not Decimal or not is_plain(v) or v < 0:
                return None
    return blank


def _problem(path: str, message: str) -> Problem:
    return Problem(path, message)


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
    prep = _prepared(spec)
    comp = prep.comp
    if not report.values.keys() <= prep.keyset:
        _check_keys(report, spec)
    wanted = _rule_filter(spec, select, ignore)
    vals: list[Value] = list(map(report.values.get, comp.keys))
    clean = _clean_numbers(prep, vals)
    blanks = _blanks(vals) if clean is None or clean else []  # (by identity: no value's __eq__)
    nums = _as_numbers(vals, blanks)
    # A non-number (text, NaN, an int too long to print…) can be neither compared nor added.
    bad = set() if clean is not None else _non_numeric(vals)
    kinds_hold = clean is not None or (not bad and _kinds_all_valid(prep, vals, nums))

    if bad or not kinds_hold:
        for rule_index, rule, indexes in comp.kind_checks:
            if wanted(rule):
                yield from _kind_findings(comp, tr, rule, rule_index, indexes, vals)

    if bad:
        for eq in comp.equations:
            if wanted(eq.rule):
                yield from _check_slowly(comp, tr, eq, vals, nums, bad)
    else:
        yield from _failing_equations(prep, tr, wanted, vals, nums)

    if previous is not None:
        yield from _cross_year(comp, tr, report, previous, previous_spec, vals, nums, bad, wanted)

    if blanks:
        yield from _blank_findings(prep, tr, vals, blanks, wanted)


def _failing_equations(
    prep: _Prepared,
    tr: Translator,
    wanted: Callable[[Rule], bool],
    vals: Sequence[Value],
    nums: list[Number],
) -> Iterator[Finding]:
    """The findings of the equations that fail, when every value is a number."""
    comp = prep.comp
    for k in prep.failing(nums):
        eq = comp.equations[k]
        if wanted(eq.rule):
            yield _equation_finding(comp, tr, eq, vals, nums)


def _blanks(vals: Sequence[Value]) -> list[int]:
    """The positions of the blank cells, in order (in a few C-level steps)."""
    return list(itertools.compress(range(len(vals)), map(operator.is_, vals, _NONES)))


def _as_numbers(vals: Sequence[Value], blanks: list[int]) -> list[Number]:
    """The values with each blank as 0, as arithmetic takes them (copied only if any is blank)."""
    if not blanks:
        return vals  # type: ignore[return-value]
    nums = list(vals)
    for i in blanks:
        nums[i] = 0
    return nums  # type: ignore[return-value]


def _blank_findings(
    prep: _Prepared,
    tr: Translator,
    vals: Sequence[Value],
    blanks: list[int],
    wanted: Callable[[Rule], bool],
) -> Iterator[Finding]:
    """The blank rules' notices: each lists the blank cells of its scope (``blanks``: all)."""
    comp = prep.comp
    for (rule_index, rule, indexes), get in zip(comp.blank_checks, prep.blank_getters, strict=True):
        if wanted(rule):
            cells = (
                blanks
                if get is None
                else list(itertools.compress(indexes, map(operator.is_, get(vals), _NONES)))
            )
            if cells:
                refs = _blank_refs(comp, tr)
                yield _finding(
                    comp, tr, rule, rule_index, cells=tuple(map(refs.__getitem__, cells))
                )


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
    set and a ``min``/``max`` per kind (:func:`_clean_numbers`), the generated
    equation checker run once — by the same functions :func:`validate` uses
    for failing equations and blank notices, with no generator, rule filter
    or translator set up per report.  A report with anything else (a value of
    another kind, a negative count, a key the format lacks) goes through
    :func:`validate` itself, so the findings are identical by construction.  ``spec`` is the format
    of every report (default: each report's own, looked up once per format).
    """
    tr = get_translator(locale)
    fast: dict[str, _Fast] = {}
    for report in reports:
        plan: _Fast | None = None
        if spec is not None and spec.id != report.format:
            pass  # validate() raises the mismatch, naming both formats
        elif report.format in fast:
            plan = fast[report.format]
        else:
            plan = fast[report.format] = _Fast.of(
                spec or _spec_for(report, None), tr, select, ignore
            )
        findings = None if plan is None else plan.findings(report)
        if findings is None:
            findings = validate(report, spec=spec, select=select, ignore=ignore, locale=locale)
        yield findings


@attrs.frozen
class _Fast:
    """What :func:`validate_many` needs to settle the common reports without :func:`validate`."""

    prep: _Prepared
    values: Callable[[Mapping[str, Value]], tuple[Value, ...]]
    """The report's values in cell order."""
    tr: Translator
    wanted: Callable[[Rule], bool]

    @classmethod
    def of(
        cls,
        spec: FormatSpec,
        tr: Translator,
        select: Collection[str] | None,
        ignore: Collection[str],
    ) -> _Fast:
        """The plan for reports of ``spec`` (any format: text cells make :meth:`findings` defer)."""
        prep = _prepared(spec)
        return cls(prep, _getter(prep.comp.keys), tr, _rule_filter(spec, select, ignore))

    def findings(self, report: Report) -> list[Finding] | None:
        """The findings of a report of clean numbers (failing equations, blank notices), else None.

        None means "look closer": a key missing or extra, a value that is not
        an exact number of its cell's kind, a negative count.
        """
        prep = self.prep
        values = report.values
        if len(values) != len(prep.keyset):
            return None
        try:
            vals = self.values(values)
        except KeyError:
            return None
        blank = _clean_numbers(prep, vals)
        if blank is None:
            return None
        blanks = _blanks(vals) if blank else []
        found = list(
            _failing_equations(prep, self.tr, self.wanted, vals, _as_numbers(vals, blanks))
        )
        if blanks:
            found.extend(_blank_findings(prep, self.tr, vals, blanks, self.wanted))
        return found


# ---------------------------------------------------------------- helpers


def _check_keys(report: Report, spec: FormatSpec) -> None:
    unknown = [k for k in report.values if not spec.has_cell(k)]
    if unknown:
        raise ReportError(
            report.provenance.source,
            [Problem(f"$.values[{k!r}]", f"format {spec.id} has no such cell") for k in unknown],
        )


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
                    _problem(
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


def _is_number(v: Value) -> bool:
    """An int, or a Decimal of sane scale (:func:`._exact.is_exact_number`): what sums can use."""
    return is_exact_number(v)


def _non_numeric(vals: list[Value]) -> set[int]:
    return {i for i, v in enumerate(vals) if v is not None and not _is_number(v)}


def _kind_problem(kind: CellKind, v: Value, tr: Translator) -> str | None:
    """Why ``v`` is not a valid value of ``kind``, or None if it is."""
    if v is None:
        return None
    if kind is CellKind.TEXT:
        return None if isinstance(v, str) else tr.gettext("应为文本")
    if isinstance(v, str):
        return tr.gettext("不是数字：{value}").format(value=repr(v))
    if type(v) is not int and type(v) is not Decimal:
        return tr.gettext("不是精确数值（{type}）").format(type=type(v).__name__)
    if type(v) is Decimal and not v.is_finite():
        return tr.gettext("不是有限数值：{value}").format(value=v)
    if not is_exact_number(v):  # an int too long to print, a Decimal beyond ±MAX_SCALE
        # Translators: the value is shown as ≈1E+N when it is too long to print.
        return tr.gettext("超出可计算的范围：{value}").format(value=number_text(v))
    if kind is CellKind.AMOUNT:
        return tr.gettext("不能为负数") if v < 0 else None
    if type(v) is Decimal:
        return tr.gettext("应为整数，不能为小数：{value}").format(value=tr.format_number(v))
    if kind is CellKind.COUNT and v < 0:
        return tr.gettext("不能为负数：{value}").format(value=tr.format_number(v))
    return None


def _kind_findings(
    comp: CompiledFormat,
    tr: Translator,
    rule: Rule,
    rule_index: int,
    indexes: tuple[int, ...],
    vals: list[Value],
) -> Iterator[Finding]:
    kinds = comp.kinds
    for i in indexes:
        v = vals[i]
        if v is None or (type(v) is int and 0 <= v <= MAX_INT and kinds[i] is CellKind.COUNT):
            continue
        problem = _kind_problem(kinds[i], v, tr)
        if problem is not None:
            yield _finding(
                comp,
                tr,
                rule,
                rule_index,
                # Translators: a rule's message, then what is wrong with one cell's value.
                message=tr.gettext("{message}：{problem}").format(
                    message=tr.label(rule.message), problem=problem
                ),
                cells=(_ref(comp, tr, i, v),),
                actual=v if _is_number(v) else None,  # type: ignore[arg-type]
            )


def _side(terms: tuple[tuple[int, int], ...], const: int, nums: list[Number]) -> Number:
    total: Number = const
    with exact():
        for i, c in terms:
            total += c * nums[i]
    return total


def _holds(op: str, lhs: Number, rhs: Number) -> bool:
    return {"==": lhs == rhs, "<=": lhs <= rhs, ">=": lhs >= rhs, "<": lhs < rhs, ">": lhs > rhs}[
        op
    ]


def _check_slowly(
    comp: CompiledFormat,
    tr: Translator,
    eq: Equation,
    vals: list[Value],
    nums: list[Number],
    bad: set[int],
) -> Iterator[Finding]:
    blocked = [i for i in eq.indexes if i in bad]
    if blocked:
        yield _not_checked(comp, tr, eq, vals, [comp.keys[i] for i in blocked])
        return
    if not _holds(
        eq.op, _side(eq.left, eq.left_const, nums), _side(eq.right, eq.right_const, nums)
    ):
        yield _equation_finding(comp, tr, eq, vals, nums)


def _listed(tr: Translator, items: Sequence[str]) -> str:
    # Translators: the separator between the items of a list (、 in Chinese).
    return tr.gettext("、").join(items)


def _not_checked(
    comp: CompiledFormat,
    tr: Translator,
    eq: Equation,
    vals: list[Value],
    names: list[str],
    prev_refs: tuple[CellRef, ...] = (),
) -> Finding:
    return _finding(
        comp,
        tr,
        eq.rule,
        eq.rule_index,
        eq=eq,
        severity=Severity.NOTICE,
        message=tr.gettext("未能检查（{cells} 不是数字）：{message}").format(
            cells=_listed(tr, names), message=tr.label(eq.rule.message)
        ),
        cells=tuple(_ref(comp, tr, i, vals[i]) for i in eq.indexes) + prev_refs,
    )


def _equation_finding(
    comp: CompiledFormat,
    tr: Translator,
    eq: Equation,
    vals: Sequence[Value],
    nums: list[Number],
    prev_refs: tuple[CellRef, ...] = (),
    prev_left: Number = 0,
    prev_right: Number = 0,
) -> Finding:
    with exact():
        actual = _side(eq.left, eq.left_const, nums) + prev_left
        expected = _side(eq.right, eq.right_const, nums) + prev_right
    return _finding(
        comp,
        tr,
        eq.rule,
        eq.rule_index,
        eq=eq,
        cells=tuple(_ref(comp, tr, i, vals[i]) for i in eq.indexes) + prev_refs,
        actual=actual,
        expected=expected,
        difference=actual - expected,
    )


def _cross_year(
    comp: CompiledFormat,
    tr: Translator,
    report: Report,
    previous: Report,
    previous_spec: FormatSpec | None,
    vals: list[Value],
    nums: list[Number],
    bad: set[int],
    wanted: Callable[[Rule], bool],
) -> Iterator[Finding]:
    if previous.year != report.year - 1:
        raise ReportError(
            previous.provenance.source,
            [
                _problem(
                    "$.year",
                    f"the previous report is for {previous.year}; cross-year rules "
                    f"compare {report.year} with {report.year - 1}",
                )
            ],
        )
    if previous_spec is None:
        from .registry import get_format

        previous_spec = get_format(previous.format)
    _check_keys(previous, previous_spec)
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
        prev_blocked = [k for k, v in prev_vals.items() if v is not None and not _is_number(v)]
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
            yield _not_checked(comp, tr, eq, vals, names, prev_refs)
            continue
        pl = _previous_side(eq.previous_left, prev_vals)
        pr = _previous_side(eq.previous_right, prev_vals)
        with exact():
            lhs = _side(eq.left, eq.left_const, nums) + pl
            rhs = _side(eq.right, eq.right_const, nums) + pr
        if not _holds(eq.op, lhs, rhs):
            yield _equation_finding(comp, tr, eq, vals, nums, prev_refs, pl, pr)
    for rule, rule_index, missing in skipped.values():
        cells = _listed(tr, missing[:3]) + (tr.gettext(" 等") if len(missing) > 3 else "")
        yield _finding(
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


def _ref(comp: CompiledFormat, tr: Translator, index: int, value: Value) -> CellRef:
    return CellRef(comp.keys[index], tr.cell_label(comp.spec.cells[index]), value)


_blank_cache: dict[tuple[int, str], tuple[FormatSpec, tuple[CellRef, ...]]] = {}


def _blank_refs(comp: CompiledFormat, tr: Translator) -> tuple[CellRef, ...]:
    """A reference to each cell as blank, by index: made once per format and locale.

    The blank rule names every blank cell of a report, often a hundred; the
    references are the same for every report, and immutable, so they are
    shared instead of being built again for each.
    """
    key = (id(comp.spec), tr.locale)
    entry = _blank_cache.get(key)
    if entry is None or entry[0] is not comp.spec:
        refs = tuple(_ref(comp, tr, i, None) for i in range(len(comp.keys)))
        entry = _blank_cache[key] = (comp.spec, refs)
    return entry[1]


def _instance_label(comp: CompiledFormat, tr: Translator, eq: Equation) -> str:
    """The label of the column (or row) an equation was applied to, in ``tr``'s locale."""
    if tr.identity or eq.rule.table is None:
        return eq.instance_label
    table = comp.spec.table(eq.rule.table)
    for block in table.blocks:
        nodes = block.column_nodes if eq.rule.each is Each.COLUMN else block.row_nodes
        path: tuple[Node, ...] | None = nodes.get(eq.instance)
        if path is not None:
            return tr.path_label(path, table.id) or eq.instance_label
    return eq.instance_label


def _finding(
    comp: CompiledFormat,
    tr: Translator,
    rule: Rule,
    rule_index: int,
    *,
    eq: Equation | None = None,
    severity: Severity | None = None,
    message: str | None = None,
    cells: tuple[CellRef, ...] = (),
    actual: Number | None = None,
    expected: Number | None = None,
    difference: Number | None = None,
) -> Finding:
    return Finding(
        rule=rule.id,
        severity=severity or rule.severity,
        basis=rule.basis,
        message=message or tr.label(rule.message),
        table=rule.table,
        instance=eq.instance if eq else None,
        instance_label=_instance_label(comp, tr, eq) if eq else None,
        cells=cells,
        expected=expected,
        actual=actual,
        difference=difference,
        expression=rule.expr,
        wording=tr.label(rule.wording) if rule.wording else None,
        rule_path=f"rules[{rule_index}]",
    )
