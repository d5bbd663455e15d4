"""Statements compiled against their format, and found in a report's narrative.

A :class:`~.spec.Statement` is data; compiling it resolves its expression to
cell positions (by the same compiler as rules, so a statement names cells
exactly as a rule does and gets the same messages) and its patterns to
regexes (:mod:`._pattern`).  :func:`statement_problems` is what the loader
reports; :func:`find_claims` is the one matcher, used by the ``stated``
check (:mod:`._check_stated`) and by the published-page reader's choice
between digit splits (:mod:`._published._corroborate`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

import attrs

from ._compile import RuleError, compile_format
from ._expr import ExprError, parse_linear
from ._hints import did_you_mean
from ._pattern import (
    CLAUSE_MARKS,
    PatternError,
    compile_pattern,
    example,
    flatten,
    needle,
    normal,
)
from .errors import Problem
from .spec import Basis, Each, FormatSpec, Rule, Severity, Statement

__all__ = [
    "Claim",
    "CompiledStatement",
    "compiled_statements",
    "find_claims",
    "sentence_at",
    "statement_problems",
]

_ID = re.compile(r"[a-z][a-z0-9_.]*\Z")
_ABOUT = ("year",)
_SENTENCE_ENDS = ("。", "；", "！", "？", ";", "!", "?")
_SENTENCE_MAX = 120


@attrs.frozen
class CompiledStatement:
    """A statement with its cells resolved: ``terms`` / ``whole`` are (cell index, coefficient)."""

    statement: Statement
    index: int
    regexes: tuple[re.Pattern[str], ...]
    unless: tuple[str, ...] = ()
    """The words of ``statement.unless`` in :func:`._pattern.normal` form."""
    needles: tuple[str, ...] = ()
    """Per regex, a literal it needs: texts without it are not searched (most texts)."""
    terms: tuple[tuple[int, int], ...] = ()
    const: int = 0
    whole: tuple[tuple[int, int], ...] | None = None
    whole_const: int = 0

    @property
    def cells(self) -> tuple[int, ...]:
        """Every cell the figure is made of, each once."""
        return tuple(dict.fromkeys(i for i, _ in (*self.terms, *(self.whole or ()))))

    @property
    def binding(self) -> tuple[object, ...]:
        """What the statement states, for telling two statements of one number apart."""
        s = self.statement
        return (self.terms, self.const, self.whole, self.whole_const, s.value, s.about)


@attrs.frozen
class Claim:
    """A figure the narrative states: where, the sentence, the number, which statements.

    ``offset`` and ``line`` are in the section's narrative text (0-based
    character, 1-based line); ``start``/``end`` the number's span there.
    """

    section: str
    offset: int
    line: int
    sentence: str
    text: str
    """The matched words, as written (spaces and line breaks removed)."""
    stated: int | Decimal
    statements: tuple[CompiledStatement, ...]


def statement_problems(spec: FormatSpec) -> Iterator[Problem]:
    """Every problem of ``spec``'s statements, each at its key path.

    When there is none, the statements compiled on the way are what
    :func:`compiled_statements` gives for ``spec`` (they are not compiled twice).
    """
    seen: set[str] = set()
    compiled: list[CompiledStatement] = []
    sections = {s.key for s in spec.sections}
    for i, statement in enumerate(spec.statements):
        path = f"$.statements[{i}]"
        if statement.id in seen:
            yield Problem(f"{path}.id", f"duplicate statement id {statement.id!r}")
        seen.add(statement.id)
        if not _ID.match(statement.id):
            yield Problem(f"{path}.id", f"{statement.id!r} is not a valid statement id")
        if not statement.label.strip():
            yield Problem(f"{path}.label", "must not be empty")
        for j, key in enumerate(statement.sections):
            if key not in sections:
                yield Problem(
                    f"{path}.sections[{j}]",
                    f"unknown section {key!r}{did_you_mean(key, sorted(sections))}",
                )
        for j, word in enumerate(statement.unless):
            if not normal(word):
                yield Problem(f"{path}.unless[{j}]", "must not be empty")
        try:
            compiled.append(_compile(spec, statement, i))
        except RuleError as exc:
            yield Problem(exc.path, exc.message)
    if len(compiled) == len(spec.statements):
        with _lock:
            _cache[id(spec)] = (spec, tuple(compiled))


def _compile(spec: FormatSpec, statement: Statement, index: int) -> CompiledStatement:
    path = f"$.statements[{index}]"
    regexes = tuple(_patterns(statement, path))
    unless = tuple(w for w in map(normal, statement.unless) if w)
    needles = tuple(needle(p) for p in statement.patterns)
    if statement.about is not None:
        if statement.about not in _ABOUT:
            raise RuleError(f"{path}.about", f"{statement.about!r} is not one of {list(_ABOUT)}")
        for field in ("table", "expr", "row", "column", "of", "value"):
            if getattr(statement, field) is not None:
                raise RuleError(
                    f"{path}.{field}",
                    f"a statement about the report's {statement.about} takes no {field}",
                )
        return CompiledStatement(statement, index, regexes, unless, needles)
    for field in ("table", "expr"):
        if getattr(statement, field) is None:
            raise RuleError(f"{path}.{field}", f"a statement of cells needs {field}")
    if (statement.row is None) == (statement.column is None):
        raise RuleError(
            path, "a statement names either the row its expr's columns are in, or the column"
        )
    if statement.of is not None and statement.value is not None:
        raise RuleError(f"{path}.of", "a statement with a value states a count, not a percentage")
    terms, const = _resolve(spec, statement, statement.expr or "", path, "expr")
    whole: tuple[tuple[int, int], ...] | None = None
    whole_const = 0
    if statement.of is not None:
        whole, whole_const = _resolve(spec, statement, statement.of, path, "of")
        if not any("%" in p for p in statement.patterns):
            raise RuleError(f"{path}.patterns", "a percentage's patterns state it with %")
    return CompiledStatement(
        statement, index, regexes, unless, needles, terms, const, whole, whole_const
    )


def _patterns(statement: Statement, path: str) -> Iterator[re.Pattern[str]]:
    if not statement.patterns:
        raise RuleError(f"{path}.patterns", "a statement needs at least one pattern")
    seen: set[str] = set()
    unless = [normal(w) for w in statement.unless if normal(w)]
    for j, pattern in enumerate(statement.patterns):
        where = f"{path}.patterns[{j}]"
        if normal(pattern) in seen:
            raise RuleError(where, f"duplicate pattern {pattern!r}")
        seen.add(normal(pattern))
        try:
            regex = compile_pattern(pattern, slot=statement.value is None)
        except PatternError as exc:
            raise RuleError(where, str(exc)) from None
        sample = normal(example(pattern, "12"))
        m = regex.search(sample)
        if m is None or (statement.value is None and m.group("n") != "12"):
            raise RuleError(where, f"the pattern cannot match (not even {sample!r})")
        for word in unless:
            if word in sample:
                raise RuleError(
                    where, f"the pattern cannot match: its own text holds {word!r} of unless"
                )
        yield regex


def _resolve(
    spec: FormatSpec, statement: Statement, expr: str, path: str, field: str
) -> tuple[tuple[tuple[int, int], ...], int]:
    """The cells of ``expr``, compiled as a rule over the statement's row or column would be."""
    try:
        linear = parse_linear(expr)
    except ExprError as exc:
        raise RuleError(f"{path}.{field}", str(exc)) from None
    if any(t.previous for t in linear.terms):
        raise RuleError(f"{path}.{field}", "a report's text states its own year's figures only")
    if not linear.terms:
        raise RuleError(f"{path}.{field}", "the expression names no cell")
    by_column = statement.column is not None
    rule = Rule(
        id="statement",
        severity=Severity.WARNING,
        basis=Basis.IMPLIED,
        message="statement",
        table=statement.table,
        expr=f"{expr.strip()} >= 0",
        each=Each.COLUMN if by_column else Each.ROW,
        columns=(statement.column,) if statement.column is not None else (),
        rows=(statement.row,) if statement.row is not None else (),
    )
    probe = attrs.evolve(spec, rules=(rule,), statements=())
    try:
        equations = compile_format(probe).equations
    except RuleError as exc:
        where = exc.path.replace("$.rules[0]", path).replace(f"{path}.expr", f"{path}.{field}")
        where = {f"{path}.columns[0]": f"{path}.column", f"{path}.rows[0]": f"{path}.row"}.get(
            where, where
        )
        message = re.sub(r" \(each = .*\)$", "", exc.message)
        raise RuleError(where, message) from None
    if len(equations) != 1:
        what = "column" if by_column else "row"
        raise RuleError(
            f"{path}.{what}",
            f"{getattr(statement, what)!r} is a group of {len(equations)} {what}s: "
            f"a statement names one {what}",
        )
    return equations[0].left, linear.const


_lock = threading.Lock()
_cache: dict[int, tuple[FormatSpec, tuple[CompiledStatement, ...]]] = {}


def compiled_statements(spec: FormatSpec) -> tuple[CompiledStatement, ...]:
    """The statements of ``spec``, compiled once (the loader has checked them)."""
    entry = _cache.get(id(spec))
    if entry is None or entry[0] is not spec:
        with _lock:
            entry = _cache.get(id(spec))
            if entry is None or entry[0] is not spec:
                compiled = tuple(_compile(spec, s, i) for i, s in enumerate(spec.statements))
                entry = _cache[id(spec)] = (spec, compiled)
    return entry[1]


def find_claims(
    statements: Sequence[CompiledStatement],
    narrative: Mapping[str, str],
    *,
    sections: bool = True,
) -> list[Claim]:
    """Every figure ``narrative`` states by ``statements``: one claim per number found.

    A number matched by several statements is one claim naming them all (the
    caller decides what an ambiguous claim means); the order is the sections'
    and, in each, the text's.  ``sections=False`` looks for every statement
    in every text, whatever sections it is restricted to (for a text whose
    sections are not known).
    """
    out: list[Claim] = []
    for section, text in narrative.items():
        wanted = [
            c
            for c in statements
            if not sections or not c.statement.sections or section in c.statement.sections
        ]
        if not wanted or not text:
            continue
        flat = flatten(text)
        found: dict[int, tuple[int, int, int | Decimal, list[CompiledStatement]]] = {}
        for c in wanted:
            for regex, literal in zip(c.regexes, c.needles, strict=True):
                if literal not in flat.text:
                    continue
                for m in regex.finditer(flat.text):
                    if c.unless and _vetoed(flat.text, m.start(), m.end(), c.unless):
                        continue
                    if c.statement.value is None:
                        at, stated = m.start("n"), _number(m.group("n"))
                    else:
                        at, stated = m.start(), c.statement.value
                    entry = found.setdefault(at, (m.start(), m.end(), stated, []))
                    if c not in entry[3]:
                        entry[3].append(c)
        for at in sorted(found):
            start, end, stated, claimed = found[at]
            offset, stop = flat.source_span(start, end)
            out.append(
                Claim(
                    section=section,
                    offset=offset,
                    line=text.count("\n", 0, offset) + 1,
                    sentence=sentence_at(text, offset, stop),
                    text=flat.text[start:end],
                    stated=stated,
                    statements=tuple(claimed),
                )
            )
    return out


def _vetoed(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Whether the clause up to the match (from the last clause mark) holds one of ``words``."""
    begin = max(text.rfind(mark, 0, start) for mark in CLAUSE_MARKS) + 1
    clause = text[begin:end]
    return any(w in clause for w in words)


def _number(text: str) -> int | Decimal:
    digits = text.replace(",", "")
    return Decimal(digits) if "." in digits else int(digits)


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``[start, end)``, spaces and line breaks removed."""
    left = max(text.rfind(mark, 0, start) for mark in _SENTENCE_ENDS)
    right_marks = [text.find(mark, end) for mark in _SENTENCE_ENDS]
    right = min((r for r in right_marks if r >= 0), default=len(text))
    begin = max(left + 1, start - _SENTENCE_MAX // 2)
    stop = min(right + 1 if right < len(text) else right, end + _SENTENCE_MAX // 2)
    return "".join(text[begin:stop].split())
