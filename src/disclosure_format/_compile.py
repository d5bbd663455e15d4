"""Rules compiled once per format into flat, index-based checks.

Each ``expr`` rule becomes one :class:`Equation` per column (or row) it is
applied to, with its cells resolved to positions in the format's canonical
cell order.  Validation then only adds up list items; test-data generation,
explanations of findings and batch checks use the same equations.

Compiling is also where a rule is checked against the tables: every name
must be a row or column of the rule's table, groups must be summed, the
cells must be numeric, nothing may cancel out, totals may not depend on
themselves.  :func:`compile_format` raises :class:`RuleError` s with the key
path of the rule, which the loader turns into a DefinitionError.

:func:`compiled` keeps one compiled form per format for everything that runs
rules (validation, the published reader's digit splitter, test-data
generation); :func:`generate_checker` turns a format's equations into one
generated Python function, the form validation evaluates them in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence

import attrs

from ._exact import exact
from ._expr import ExprError, Relation, Term, parse_expr
from ._hints import did_you_mean
from .model import Number
from .spec import Block, CellKind, CellSpec, Check, Each, FormatSpec, Node, Rule, path_label

__all__ = [
    "CompiledFormat",
    "CrossTerm",
    "Equation",
    "RuleError",
    "compile_format",
    "compiled",
    "generate_checker",
]


class RuleError(ValueError):
    """A rule does not fit its format; ``path`` is the key path in the definition."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


@attrs.frozen
class CrossTerm:
    """A term on the previous year's report: ``coef`` × the value of cell ``key`` there."""

    key: str
    coef: int


@attrs.frozen
class Equation:
    """One instance of an ``expr`` rule: ``left <op> right`` over cell indexes.

    ``left`` / ``right`` are ``(index, coefficient)`` pairs into the format's
    cell list; ``previous_left`` / ``previous_right`` refer to the previous
    year's report by cell key.  ``instance`` is the key of the column (or
    row) the rule was applied to, ``instance_label`` its official label
    (empty for a row that has none, like table 4's only row: its key is no
    word to show).
    """

    rule: Rule
    rule_index: int
    instance: str
    instance_label: str
    op: str
    left: tuple[tuple[int, int], ...]
    right: tuple[tuple[int, int], ...]
    left_const: int = 0
    right_const: int = 0
    previous_left: tuple[CrossTerm, ...] = ()
    previous_right: tuple[CrossTerm, ...] = ()

    @property
    def cross_year(self) -> bool:
        return bool(self.previous_left or self.previous_right)

    @property
    def indexes(self) -> tuple[int, ...]:
        """The current-year cells involved, each once, left side first."""
        seen: dict[int, None] = {}
        for i, _ in (*self.left, *self.right):
            seen.setdefault(i)
        return tuple(seen)

    def coefficients(self) -> dict[int, int]:
        """Net coefficient of each current-year cell in ``left - right``."""
        net: dict[int, int] = {}
        for i, c in self.left:
            net[i] = net.get(i, 0) + c
        for i, c in self.right:
            net[i] = net.get(i, 0) - c
        return net


@attrs.frozen
class CompiledFormat:
    """A format's rules resolved to cell indexes, ready to evaluate."""

    spec: FormatSpec
    keys: tuple[str, ...]
    kinds: tuple[CellKind, ...]
    equations: tuple[Equation, ...]
    """Single-year equations of every severity, in rule order."""
    cross_year: tuple[Equation, ...]
    kind_checks: tuple[tuple[int, Rule, tuple[int, ...]], ...]
    """(rule index, rule, cell indexes) of each kind rule."""
    blank_checks: tuple[tuple[int, Rule, tuple[int, ...]], ...]
    """(rule index, rule, cell indexes) of each blank rule."""
    report_checks: tuple[tuple[int, Rule, tuple[int, ...]], ...] = ()
    """(rule index, rule, cell indexes of its scope) of every rule of another check kind:
    those run by the check modules of :mod:`._checks`, one per kind."""


def compile_format(spec: FormatSpec) -> CompiledFormat:
    """Compile every rule of ``spec``; raises :class:`RuleError` on the first bad rule."""
    equations: list[Equation] = []
    cross: list[Equation] = []
    scoped: dict[Check, list[tuple[int, Rule, tuple[int, ...]]]] = {}
    for index, rule in enumerate(spec.rules):
        path = f"$.rules[{index}]"
        scope = _scope(spec, rule, path)
        if rule.check is Check.EXPR:
            compiled = list(_compile_expr(spec, rule, index, path))
            (cross if rule.cross_year else equations).extend(compiled)
        else:
            # a kind rule looks at the number cells of its scope; every other kind at all
            indexes = tuple(
                c.index for c in scope if c.kind.numeric or rule.check is not Check.KIND
            )
            scoped.setdefault(rule.check, []).append((index, rule, indexes))
    _check_acyclic(spec, equations)
    return CompiledFormat(
        spec=spec,
        keys=spec.cell_keys,
        kinds=tuple(c.kind for c in spec.cells),
        equations=tuple(equations),
        cross_year=tuple(cross),
        kind_checks=tuple(scoped.pop(Check.KIND, ())),
        blank_checks=tuple(scoped.pop(Check.BLANK, ())),
        report_checks=tuple(sorted((c for cs in scoped.values() for c in cs), key=lambda c: c[0])),
    )


_lock = threading.Lock()
_cache: dict[int, CompiledFormat] = {}


def compiled(spec: FormatSpec) -> CompiledFormat:
    """The compiled rules of ``spec``: compiled on first use, then kept (specs are immutable).

    Kept by the identity of ``spec`` (hashing a spec walks its whole tree);
    thread-safe, so a batch's threads compile each format once.
    """
    entry = _cache.get(id(spec))
    if entry is None or entry.spec is not spec:
        with _lock:
            entry = _cache.get(id(spec))
            if entry is None or entry.spec is not spec:
                entry = compile_format(spec)
                _cache[id(spec)] = entry
    return entry


def generate_checker(equations: Sequence[Equation]) -> Callable[[list[Number]], list[int]]:
    """Generate ``failing(n) -> [equation index, ...]`` for all-numeric value lists.

    ``n`` holds the values in canonical cell order (a blank as 0).  The
    source holds only integers (cell indexes, coefficients, constants) and
    operators from a whitelist, never text from a definition, so compiling it
    is safe; it runs an order of magnitude faster than interpreting terms.
    Amounts add up exactly, whatever the caller's decimal context.
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
        with exact():
            return raw(n)

    return failing


def _scope(spec: FormatSpec, rule: Rule, path: str) -> list[CellSpec]:
    if rule.table is None:
        return list(spec.cells)
    try:
        table = spec.table(rule.table)
    except KeyError:
        ids = [t.id for t in spec.tables]
        raise RuleError(
            f"{path}.table", f"unknown table {rule.table!r}{did_you_mean(rule.table, ids)}"
        ) from None
    return [c for c in spec.cells if c.table is table]


def _compile_expr(spec: FormatSpec, rule: Rule, index: int, path: str) -> Iterator[Equation]:
    assert rule.expr is not None
    assert rule.each is not None
    assert rule.table is not None
    try:
        relation = parse_expr(rule.expr)
    except ExprError as exc:
        raise RuleError(f"{path}.expr", str(exc)) from None
    terms = (*relation.left.terms, *relation.right.terms)
    if not terms:
        raise RuleError(f"{path}.expr", "the expression names no cell")
    table = spec.table(rule.table)
    by_row = rule.each is Each.COLUMN  # names are rows; instances are columns
    blocks = _blocks_for(table.blocks, terms, by_row, rule, path)
    instances = 0
    for block, instance in _instances(blocks, rule, by_row, path):
        yield _equation(spec, rule, index, path, relation, block, instance, by_row)
        instances += 1
    if instances == 0:
        raise RuleError(f"{path}", "the rule applies to no cell (check rows/columns)")


def _blocks_for(
    blocks: Sequence[Block], terms: Sequence[Term], by_row: bool, rule: Rule, path: str
) -> list[Block]:
    """The blocks a rule applies to: those that have every name it uses."""
    names = {t.path for t in terms}
    what = "row" if by_row else "column"
    known: dict[str, Node] = {}
    for block in blocks:
        nodes = block.row_nodes if by_row else block.column_nodes
        known.update({k: p[-1] for k, p in nodes.items()})
    for name in sorted(names):
        if name not in known:
            raise RuleError(
                f"{path}.expr",
                f"unknown {what} {name!r} in table {rule.table}{did_you_mean(name, list(known))}"
                + (
                    f" (each = {rule.each.value!r} means the names are {what}s)"
                    if rule.each
                    else ""
                ),
            )
    for term in terms:
        if not term.summed and not known[term.path].is_leaf:
            raise RuleError(
                f"{path}.expr",
                f"{term.path!r} is a group of {what}s; write sum({term.path}) to add its leaves",
            )
    matching = [b for b in blocks if names <= set(b.row_nodes if by_row else b.column_nodes)]
    if not matching:
        raise RuleError(f"{path}.expr", f"the {what}s named are not all in one block of the table")
    return matching


def _instances(
    blocks: Sequence[Block], rule: Rule, by_row: bool, path: str
) -> Iterator[tuple[Block, tuple[Node, ...]]]:
    """The (block, leaf column or row) pairs a rule is applied across."""
    wrong = rule.rows if by_row else rule.columns
    across, other = ("columns", "rows") if by_row else ("rows", "columns")
    if wrong:
        raise RuleError(
            f"{path}.{other}",
            f"each = {rule.each.value if rule.each else None!r} applies the rule across "
            f"{across}; restrict it with {across} = [...] instead",
        )
    restrict = rule.columns if by_row else rule.rows
    known: set[str] = set()
    for block in blocks:
        known.update(block.column_nodes if by_row else block.row_nodes)
    for i, name in enumerate(restrict):
        if name not in known:
            raise RuleError(
                f"{path}.{across}[{i}]", f"unknown name {name!r}{did_you_mean(name, sorted(known))}"
            )
    for block in blocks:
        nodes = block.column_nodes if by_row else block.row_nodes
        leaves = block.column_paths if by_row else block.row_paths
        prefixes = [nodes[name] for name in restrict if name in nodes]
        for leaf in leaves:
            if not restrict or any(leaf[: len(p)] == p for p in prefixes):
                yield block, leaf


def _equation(
    spec: FormatSpec,
    rule: Rule,
    index: int,
    path: str,
    relation: Relation,
    block: Block,
    instance: tuple[Node, ...],
    by_row: bool,
) -> Equation:
    table_id = rule.table
    instance_key = ".".join(n.key for n in instance)
    nodes = block.row_nodes if by_row else block.column_nodes
    leaves = block.row_paths if by_row else block.column_paths

    def cells(term: Term) -> list[str]:
        prefix = nodes[term.path]
        out = []
        for leaf in leaves:
            if leaf[: len(prefix)] == prefix:
                name = ".".join(n.key for n in leaf)
                row, col = (name, instance_key) if by_row else (instance_key, name)
                out.append(f"{table_id}/{row}/{col}")
        return out

    def side(terms: tuple[Term, ...]) -> tuple[list[tuple[int, int]], list[CrossTerm]]:
        current: list[tuple[int, int]] = []
        previous: list[CrossTerm] = []
        for term in terms:
            for key in cells(term):
                cell = spec.cell(key)
                if not cell.kind.numeric:
                    raise RuleError(
                        f"{path}.expr",
                        f"{key} is a {cell.kind.value} cell and cannot take part in arithmetic",
                    )
                if term.previous:
                    previous.append(CrossTerm(key, term.coef))
                else:
                    current.append((cell.index, term.coef))
        return current, previous

    left, prev_left = side(relation.left.terms)
    right, prev_right = side(relation.right.terms)
    eq = Equation(
        rule=rule,
        rule_index=index,
        instance=instance_key,
        instance_label=path_label(instance),
        op=relation.op,
        left=tuple(left),
        right=tuple(right),
        left_const=relation.left.const,
        right_const=relation.right.const,
        previous_left=tuple(prev_left),
        previous_right=tuple(prev_right),
    )
    _check_cancellation(spec, eq, path)
    return eq


def _check_cancellation(spec: FormatSpec, eq: Equation, path: str) -> None:
    net = eq.coefficients()
    for i, coefficient in net.items():
        if coefficient == 0:
            raise RuleError(
                f"{path}.expr",
                f"{spec.cells[i].key} appears on both sides and cancels out: a total cannot "
                "include itself",
            )
    prev: dict[str, int] = {}
    for t in eq.previous_left:
        prev[t.key] = prev.get(t.key, 0) + t.coef
    for t in eq.previous_right:
        prev[t.key] = prev.get(t.key, 0) - t.coef
    if not net and not any(prev.values()):
        raise RuleError(f"{path}.expr", "the expression compares no cell of the report")


def _check_acyclic(spec: FormatSpec, equations: Sequence[Equation]) -> None:
    """Reject totals that are (indirectly) defined in terms of themselves.

    A *total* is the lone left-hand cell of an ``==`` rule whose right-hand
    side only adds cells.  Following total → parts must never come back to
    the total: such a definition cannot be filled in, and it makes every
    report that satisfies it degenerate.
    """
    parts: dict[int, set[int]] = {}
    origin: dict[int, Equation] = {}
    for eq in equations:
        if eq.op != "==" or len(eq.left) != 1 or eq.left[0][1] != 1:
            continue
        if any(c <= 0 for _, c in eq.right):
            continue
        total = eq.left[0][0]
        parts.setdefault(total, set()).update(i for i, _ in eq.right)
        origin.setdefault(total, eq)
    state: dict[int, int] = {}
    for start in parts:
        stack: list[tuple[int, Iterator[int]]] = [(start, iter(parts[start]))]
        state[start] = 1
        trail = [start]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                trail.pop()
                continue
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt) :], nxt]
                eq = origin[nxt]
                raise RuleError(
                    f"$.rules[{eq.rule_index}].expr",
                    "totals depend on themselves: " + " → ".join(spec.cells[i].key for i in cycle),
                )
            if nxt in parts and state.get(nxt) != 2:
                state[nxt] = 1
                trail.append(nxt)
                stack.append((nxt, iter(parts[nxt])))
