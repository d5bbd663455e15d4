"""Load one definition file into a checked :class:`~disclosure_format.spec.FormatSpec`.

Three passes, each reporting every problem it finds with its key path (and
line, where it can be found): TOML syntax (``tomllib``), structure (cattrs,
strict hooks, no unknown keys), then meaning — unique keys and ids, label
trees that make sense as a table, consistent numbering, aliases that do not
collide, rules that compile against the tables.  A definition that loads is
safe to use everywhere: no later code needs to re-check it.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import attrs

from ._compile import RuleError, compile_format
from ._expr import RESERVED_NAMES
from ._hints import did_you_mean
from ._numbering import numbering
from ._statements import statement_problems
from ._tomlfile import located, parse, read_text, structure
from .errors import DefinitionError, InputTooLargeError, Problem
from .limits import check_size
from .spec import Block, Check, FormatSpec, Node, Rule, Table

__all__ = ["load_definition", "loads_definition"]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_RULE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*\Z")
_DUE = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\Z")


def load_definition(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> FormatSpec:
    """Load and check the definition file at ``path``; raises DefinitionError."""
    return loads_definition(
        read_text(path, max_bytes=max_bytes),
        source=str(path),
        expected_id=Path(path).stem,
        max_bytes=max_bytes,
    )


def loads_definition(
    text: str,
    *,
    source: str | None = None,
    expected_id: str | None = None,
    max_bytes: int | None = None,
) -> FormatSpec:
    """Load and check a definition from its TOML text (at most ``max_bytes`` of UTF-8)."""
    try:
        check_size(text, max_bytes=max_bytes, source=source)
    except InputTooLargeError as exc:
        raise DefinitionError(source, exc.problems) from None
    spec = structure(parse(text, source), FormatSpec, text, source)
    spec = attrs.evolve(spec, source=source)
    problems = list(_check(spec, expected_id))
    if not problems:
        try:
            compile_format(spec)
        except RuleError as exc:
            problems.append(Problem(exc.path, exc.message))
        else:  # statements name cells as rules do: only once the rules compile
            problems.extend(statement_problems(spec))
    if problems:
        raise DefinitionError(source, located(text, problems))
    return spec


def _check(spec: FormatSpec, expected_id: str | None) -> Iterator[Problem]:
    yield from _check_identity(spec, expected_id)
    yield from _check_sections(spec)
    for t, table in enumerate(spec.tables):
        yield from _check_table(table, f"$.tables[{t}]")
    yield from _check_rules(spec)
    yield from _check_figures(spec)


def _check_identity(spec: FormatSpec, expected_id: str | None) -> Iterator[Problem]:
    if not _ID.match(spec.id):
        yield Problem("$.id", f"{spec.id!r} is not a valid format id (letters, digits, . _ -)")
    elif expected_id is not None and spec.id != expected_id:
        yield Problem("$.id", f"the id {spec.id!r} must match the file name ({expected_id}.toml)")
    for field in ("title", "notice"):
        if not getattr(spec, field).strip():
            yield Problem(f"$.{field}", "must not be empty")
    first, last = spec.years.first, spec.years.last
    if not 1990 <= first <= 2200:
        yield Problem("$.years.first", f"{first} is not a plausible report year")
    if last is not None and last < first:
        yield Problem("$.years.last", f"the last year {last} is before the first year {first}")
    if spec.supersedes == spec.id:
        yield Problem("$.supersedes", "a format cannot supersede itself")


def _check_sections(spec: FormatSpec) -> Iterator[Problem]:
    yield from _duplicates((s.key for s in spec.sections), "$.sections[{}].key", "section key")
    table_ids = [t.id for t in spec.tables]
    yield from _duplicates(table_ids, "$.tables[{}].id", "table id")
    placed: dict[str, str] = {}
    for i, section in enumerate(spec.sections):
        if not _KEY.match(section.key):
            yield Problem(f"$.sections[{i}].key", f"{section.key!r} is not a valid key")
        if not section.title.strip():
            yield Problem(f"$.sections[{i}].title", "must not be empty")
        for j, table_id in enumerate(section.tables):
            if table_id not in table_ids:
                yield Problem(f"$.sections[{i}].tables[{j}]", f"unknown table {table_id!r}")
            elif table_id in placed:
                yield Problem(
                    f"$.sections[{i}].tables[{j}]",
                    f"table {table_id!r} is already in section {placed[table_id]!r}",
                )
            else:
                placed[table_id] = section.key
        collisions = set(section.aliases) & {s.title for s in spec.sections}
        for alias in sorted(collisions):
            yield Problem(f"$.sections[{i}].aliases", f"alias {alias!r} is the title of a section")
    for t, table in enumerate(spec.tables):
        if table.id not in placed:
            yield Problem(f"$.tables[{t}]", f"table {table.id!r} is in no section's tables list")


def _check_table(table: Table, path: str) -> Iterator[Problem]:
    if not _KEY.match(table.id):
        yield Problem(f"{path}.id", f"{table.id!r} is not a valid table id (e.g. t3)")
    if not table.blocks:
        yield Problem(f"{path}.blocks", "a table needs at least one block")
    yield from _duplicates((b.key for b in table.blocks), path + ".blocks[{}].key", "block key")
    row_owner: dict[str, int] = {}
    for b, block in enumerate(table.blocks):
        bpath = f"{path}.blocks[{b}]"
        if not _KEY.match(block.key):
            yield Problem(f"{bpath}.key", f"{block.key!r} is not a valid key")
        yield from _check_tree(block.rows, f"{bpath}.rows", rows=True)
        yield from _check_tree(block.columns, f"{bpath}.columns", rows=False)
        yield from _check_kinds(block, bpath)
        labeled = [p for p in block.row_paths if p[-1].label]
        if labeled and len(labeled) != len(block.row_paths):
            yield Problem(
                f"{bpath}.rows", "either every row has a label or the block has one unlabeled row"
            )
        if not labeled and len(block.row_paths) > 1:
            yield Problem(f"{bpath}.rows", "a block without row labels can have only one row")
        for key in block.row_nodes:
            if key in row_owner and row_owner[key] != b:
                yield Problem(
                    f"{bpath}.rows",
                    f"row {key!r} is also in block {table.blocks[row_owner[key]].key!r}: "
                    "row keys must be unique in a table so that cell keys are",
                )
            row_owner.setdefault(key, b)


def _check_tree(nodes: tuple[Node, ...], path: str, *, rows: bool) -> Iterator[Problem]:
    what = "row" if rows else "column"
    stack: list[tuple[tuple[Node, ...], tuple[Node, ...]]] = [((), nodes)]
    while stack:
        parents, siblings = stack.pop()
        where = ".".join(n.key for n in parents) or "the top level"
        for key, count in Counter(n.key for n in siblings).items():
            if count > 1:
                yield _tree_problem(
                    path, siblings, key, f"duplicate {what} key {key!r} under {where}"
                )
        yield from _check_numbering(siblings, path)
        labels = {n.label for n in siblings}
        for node in siblings:
            if node.key in RESERVED_NAMES:
                yield _tree_problem(
                    path, (node,), node.key, f"{node.key!r} is reserved in rule expressions"
                )
            if not rows and not node.label:
                yield _tree_problem(path, (node,), node.key, "a column needs a label")
            for alias in node.aliases:
                if alias in labels:
                    yield _tree_problem(
                        path, (node,), node.key, f"alias {alias!r} is the label of another {what}"
                    )
            if node.children:
                for attr in ("kind", "unit", "span"):
                    if getattr(node, attr) is not None:
                        yield _tree_problem(
                            path,
                            (node,),
                            node.key,
                            f"{attr} belongs on leaves; {node.key!r} is a group",
                        )
                stack.append(((*parents, node), node.children))
            if rows and node.span is not None:
                yield _tree_problem(path, (node,), node.key, "span applies to columns only")


def _check_numbering(siblings: tuple[Node, ...], path: str) -> Iterator[Problem]:
    """Siblings numbered 一、二、… / （一）（二）… / 1. 2. … must count up from one."""
    numbers = [numbering(n.label) for n in siblings]
    styles = {n.style for n in numbers if n is not None}
    if not styles:
        return
    if len(styles) > 1 or any(n is None for n in numbers):
        yield _tree_problem(
            path,
            siblings,
            siblings[0].key,
            "sibling labels mix numbered and unnumbered (or differently numbered) labels",
        )
        return
    for position, (node, number) in enumerate(zip(siblings, numbers, strict=True), start=1):
        assert number is not None
        if number.value != position:
            yield _tree_problem(
                path,
                (node,),
                node.key,
                f"label {node.label!r} is numbered {number.value} but is item {position} "
                "of its level",
            )
            return


def _tree_problem(path: str, nodes: tuple[Node, ...], key: str, message: str) -> Problem:
    line = next((n.line for n in nodes if n.key == key), 0)
    return Problem(path, f"tree line {line}: {message}" if line else message)


def _check_kinds(block: Block, path: str) -> Iterator[Problem]:
    for row in block.row_paths:
        for column in block.column_paths:
            r, c = row[-1].kind, column[-1].kind
            if r is not None and c is not None and r is not c:
                yield Problem(
                    f"{path}.rows",
                    f"row {row[-1].key!r} is declared {r.value} but column {column[-1].key!r} is "
                    f"{c.value}: the kind of their cell is ambiguous",
                )
                return


def _check_rules(spec: FormatSpec) -> Iterator[Problem]:
    yield from _duplicates((r.id for r in spec.rules), "$.rules[{}].id", "rule id")
    for i, rule in enumerate(spec.rules):
        path = f"$.rules[{i}]"
        if not _RULE_ID.match(rule.id):
            yield Problem(f"{path}.id", f"{rule.id!r} is not a valid rule id (e.g. S1, I4.review)")
        if not rule.message.strip():
            yield Problem(f"{path}.message", "must not be empty")
        if rule.check is Check.EXPR:
            for field in ("expr", "each", "table"):
                if getattr(rule, field) is None:
                    yield Problem(f"{path}.{field}", f"an expr rule needs {field}")
        else:
            for field in ("expr", "each"):
                if getattr(rule, field) is not None:
                    yield Problem(f"{path}.{field}", f"a {rule.check.value} rule takes no {field}")
            for field in ("rows", "columns"):
                if getattr(rule, field):
                    yield Problem(f"{path}.{field}", f"a {rule.check.value} rule takes no {field}")
        yield from _check_kind_fields(spec, rule, path)


def _check_kind_fields(spec: FormatSpec, rule: Rule, path: str) -> Iterator[Problem]:
    """What the narrative and publication checks need: statements, a due date, no table."""
    if rule.check is Check.DEADLINE:
        if rule.due is None or not _DUE.match(rule.due):
            yield Problem(f"{path}.due", 'a deadline rule needs due = "MM-DD" (e.g. "01-31")')
    elif rule.due is not None:
        yield Problem(f"{path}.due", f"a {rule.check.value} rule takes no due")
    whole = (Check.STATED, Check.DEADLINE, Check.SECTIONS, Check.COMPLETE)
    if rule.check in whole and rule.table is not None:
        yield Problem(f"{path}.table", f"a {rule.check.value} rule is about the whole report")
    if rule.check is Check.STATED and not spec.statements:
        yield Problem(f"{path}.check", "a stated rule needs the format's [[statements]]")


def _check_figures(spec: FormatSpec) -> Iterator[Problem]:
    """Figures name existing numeric cells, each once, under unique keys."""
    yield from _duplicates((f.key for f in spec.figures), "$.figures[{}].key", "figure key")
    for i, figure in enumerate(spec.figures):
        path = f"$.figures[{i}]"
        if not _KEY.match(figure.key):
            yield Problem(f"{path}.key", f"{figure.key!r} is not a valid key")
        if not figure.label.strip():
            yield Problem(f"{path}.label", "must not be empty")
        if not figure.cells:
            yield Problem(f"{path}.cells", "a figure adds up at least one cell")
        yield from _duplicates(list(figure.cells), path + ".cells[{}]", "cell")
        for j, key in enumerate(figure.cells):
            if not spec.has_cell(key):
                yield Problem(
                    f"{path}.cells[{j}]", f"unknown cell {key!r}{did_you_mean(key, spec.cell_keys)}"
                )
            elif not spec.cell(key).kind.numeric:
                yield Problem(f"{path}.cells[{j}]", f"{key} is a text cell and cannot be added up")


def _duplicates(values: Iterator[str] | list[str], path: str, what: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield Problem(path.format(i), f"duplicate {what} {value!r}")
        seen.add(value)
