"""The format definition model: what one version of the report format *is*.

A :class:`FormatSpec` is loaded from one declarative file in ``formats/`` and
never changes afterwards (every class here is frozen).  It holds the identity
of the version, its six sections, its tables as label trees, and its rules.
Everything else — the cell catalogue, the layout of each table, the compiled
rules — is derived from it, so a maintainer edits one file and the library
follows.

Cells are addressed by stable ASCII keys ``<table>/<row path>/<column path>``,
e.g. ``t3/results.denied.state_secret/applicant.natural_person``.  A cell that
means the same thing in two versions has the same key in both, which makes a
version diff a set difference and cross-year rules work across versions.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator, Mapping
from datetime import date

import attrs

__all__ = [
    "Basis",
    "Block",
    "CellKind",
    "CellSpec",
    "Check",
    "Each",
    "Figure",
    "FormatSpec",
    "Node",
    "Rule",
    "Section",
    "Severity",
    "Statement",
    "Table",
    "YearRange",
]


class CellKind(enum.StrEnum):
    """What a cell may hold."""

    COUNT = "count"
    """A non-negative integer (applications, documents, cases)."""
    SIGNED = "signed"
    """An integer that may be negative (2019 ``本年增/减``)."""
    AMOUNT = "amount"
    """A non-negative exact decimal (money, e.g. 万元)."""
    TEXT = "text"
    """Free text; never takes part in arithmetic."""

    @property
    def numeric(self) -> bool:
        return self is not CellKind.TEXT


class Severity(enum.StrEnum):
    """How serious a finding is; the CLI exits 1 when any finding is an error."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for notices (lower is more serious)."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}


class Basis(enum.StrEnum):
    """Whether the official format states a rule or it follows from the structure."""

    STATED = "stated"
    IMPLIED = "implied"


class Check(enum.StrEnum):
    """The kind of test a rule performs."""

    EXPR = "expr"
    """An arithmetic (in)equality between cells, see :attr:`Rule.expr`."""
    KIND = "kind"
    """Every cell in scope holds a value of its declared :class:`CellKind`."""
    BLANK = "blank"
    """Lists the cells left blank (they count as 0 in arithmetic)."""
    STATED = "stated"
    """The figures the narrative states (:attr:`FormatSpec.statements`) agree with the tables."""
    DEADLINE = "deadline"
    """Published by :attr:`Rule.due` of the following year (when the date is known)."""
    SECTIONS = "sections"
    """Every section of the format is there and says something (a report with narrative)."""
    COMPLETE = "complete"
    """Most cells of no table were left unread (a report read from a published page)."""


class Each(enum.StrEnum):
    """How an expression rule is applied across a table."""

    COLUMN = "column"
    """Names in the expression are rows; the rule holds in every column."""
    ROW = "row"
    """Names in the expression are columns; the rule holds in every row."""


@attrs.frozen
class YearRange:
    """The report years a format governs: ``first`` to ``last`` inclusive (open-ended if None)."""

    first: int
    last: int | None = None

    def __contains__(self, year: object) -> bool:
        if not isinstance(year, int):
            return False
        return year >= self.first and (self.last is None or year <= self.last)

    def __str__(self) -> str:
        return f"{self.first}–{self.last}" if self.last is not None else f"{self.first}–"


@attrs.frozen
class Node:
    """One label of a row or column tree.

    Leaves are the rows or columns that hold data; inner nodes are group
    labels (``三、本年度办理结果``, ``法人或其他组织``) that only span their
    children.  ``label`` is the official text, verbatim with its numbering.
    """

    key: str
    label: str
    children: tuple[Node, ...] = ()
    kind: CellKind | None = None
    """The kind of the cells of this leaf (set on columns, or on rows)."""
    unit: str | None = None
    """The unit the format prints for these cells (``万元``), if any."""
    span: int | None = None
    """Physical grid columns this leaf column takes in the official layout."""
    aliases: tuple[str, ...] = ()
    """Other wordings of the label seen in real reports, for readers."""
    line: int = attrs.field(default=0, eq=False, repr=False)
    """Line of the node in its tree text (1-based), for error messages."""

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self, prefix: tuple[Node, ...] = ()) -> Iterator[tuple[Node, ...]]:
        """Yield the path (root … node) of this node and every descendant, depth first."""
        path = (*prefix, self)
        yield path
        for child in self.children:
            yield from child.walk(path)


def _walk(nodes: tuple[Node, ...]) -> Iterator[tuple[Node, ...]]:
    for node in nodes:
        yield from node.walk()


def _leaf_paths(nodes: tuple[Node, ...]) -> tuple[tuple[Node, ...], ...]:
    return tuple(p for p in _walk(nodes) if p[-1].is_leaf)


def path_key(path: tuple[Node, ...]) -> str:
    """The dotted key of a node path: ``results.denied.state_secret``."""
    return ".".join(n.key for n in path)


def path_label(path: tuple[Node, ...]) -> str:
    """The official label path of a node path: ``（三）不予公开/1.属于国家秘密``."""
    return "/".join(n.label for n in path if n.label)


@attrs.frozen
class Block:
    """A rectangular part of a table with its own header and rows.

    Tables 3 and 4 are one block each; table 2 is one block per item of
    第二十条 (``第二十条第（一）项`` …), each with its own column header.
    """

    key: str
    rows: tuple[Node, ...]
    columns: tuple[Node, ...]
    caption: str | None = None
    """A caption row spanning the full width (``第二十条第（一）项``)."""
    corner: str | None = None
    """The text of the top-left header cell (``信息内容``, or table 3's 勾稽 note)."""

    @functools.cached_property
    def row_paths(self) -> tuple[tuple[Node, ...], ...]:
        """Every leaf row, as its path from the root, in table order."""
        return _leaf_paths(self.rows)

    @functools.cached_property
    def column_paths(self) -> tuple[tuple[Node, ...], ...]:
        """Every leaf column, as its path from the root, in table order."""
        return _leaf_paths(self.columns)

    @functools.cached_property
    def row_nodes(self) -> Mapping[str, tuple[Node, ...]]:
        """Every row node (leaf or group) by dotted key."""
        return {path_key(p): p for p in _walk(self.rows)}

    @functools.cached_property
    def column_nodes(self) -> Mapping[str, tuple[Node, ...]]:
        """Every column node (leaf or group) by dotted key."""
        return {path_key(p): p for p in _walk(self.columns)}

    @property
    def row_depth(self) -> int:
        return max((len(p) for p in self.row_paths), default=0)

    @property
    def column_depth(self) -> int:
        return max((len(p) for p in self.column_paths), default=0)

    @property
    def has_row_labels(self) -> bool:
        """False for blocks whose only rows are unlabeled (table 4)."""
        return any(n.label for p in self.row_paths for n in p)


@attrs.frozen
class Table:
    """One statistical table of the report, as one or more :class:`Block` s."""

    id: str
    caption: str
    blocks: tuple[Block, ...]

    @functools.cached_property
    def label_columns(self) -> int:
        """Physical columns taken by row labels (3 in table 3, 1 in table 2, 0 in table 4)."""
        return max((b.row_depth for b in self.blocks if b.has_row_labels), default=0)

    def block_of_row(self, row_key: str) -> Block | None:
        for block in self.blocks:
            if row_key in block.row_nodes:
                return block
        return None


@attrs.frozen
class Section:
    """One of the report's six sections; ``tables`` lists the tables it holds."""

    key: str
    title: str
    tables: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    """Heading variants seen in real reports (long 条例-style titles, 的, 和)."""
    description: str | None = None
    """What the format asks the section to contain, where it says."""

    @property
    def narrative_only(self) -> bool:
        return not self.tables


@attrs.frozen
class Rule:
    """One rule a report must (or should) satisfy, as data.

    ``expr`` rules are linear (in)equalities between cells, written with the
    keys of the table's trees: with ``each = "column"`` the names are rows
    and the rule is applied to every column (``new + carried_over ==
    results.total + carried_forward``); with ``each = "row"`` the names are
    columns.  ``sum(group)`` means the sum of the group's leaves, and
    ``previous.<name>`` refers to the previous year's report (a cross-year
    rule, run only when that report is given).
    """

    id: str
    severity: Severity
    basis: Basis
    message: str
    check: Check = Check.EXPR
    table: str | None = None
    """The table the rule applies to; None means every table (kind and blank checks)."""
    expr: str | None = None
    each: Each | None = None
    rows: tuple[str, ...] = ()
    """Restrict an ``each = "row"`` rule to these rows (keys; groups mean their leaves)."""
    columns: tuple[str, ...] = ()
    """Restrict an ``each = "column"`` rule to these columns."""
    name: str | None = None
    """A short title (``本列勾稽关系``)."""
    wording: str | None = None
    """The official wording, for stated rules (or the article of the 条例 a check rests on)."""
    due: str | None = None
    """A deadline rule's last day of publication in the following year, ``MM-DD``."""

    @property
    def cross_year(self) -> bool:
        return self.expr is not None and "previous." in self.expr

    def matches(self, pattern: str) -> bool:
        """Whether ``--select``/``--ignore`` ``pattern`` names this rule (``I4`` names ``I4.*``)."""
        return self.id == pattern or self.id.startswith(pattern + ".")


@attrs.frozen
class CellSpec:
    """One data cell of a format: where it is, what it means, what it may hold."""

    key: str
    table: Table
    block: Block
    row: tuple[Node, ...]
    column: tuple[Node, ...]
    kind: CellKind
    unit: str | None
    index: int
    """Position in :attr:`FormatSpec.cells` (the canonical cell order)."""

    @property
    def row_key(self) -> str:
        return path_key(self.row)

    @property
    def column_key(self) -> str:
        return path_key(self.column)

    @functools.cached_property
    def row_label(self) -> str:
        """Official row label path, e.g. ``三、本年度办理结果/（三）不予公开/1.属于国家秘密``."""
        return path_label(self.row)

    @functools.cached_property
    def column_label(self) -> str:
        """Official column label path, e.g. ``申请人情况/法人或其他组织/商业企业``."""
        return path_label(self.column)

    @functools.cached_property
    def label(self) -> str:
        """A readable name of the cell: ``t3 一、本年新收… × 申请人情况/自然人``.

        Cached, like the row and column labels: findings name their cells with
        them, and building the paths again for every finding was most of the
        cost of validating a report with blank cells.
        """
        parts = [p for p in (self.row_label, self.column_label) if p]
        return f"{self.table.id} " + " × ".join(parts)


@attrs.frozen
class Figure:
    """One of the main figures of a report: a named sum of cells.

    Year-by-year series (``disclosure-format series``) print these instead of
    all cells.  Which cells make a figure is data, like everything else about
    a format: the same ``key`` in two versions means the same figure, so a
    series can run across a format switch.
    """

    key: str
    label: str
    cells: tuple[str, ...]
    """Cell keys whose values are added up (blank counts as 0; all blank is blank)."""
    description: str | None = None


@attrs.frozen
class Statement:
    """One way reports state a figure of their tables in their narrative, as data.

    ``patterns`` are the wordings (see :mod:`._pattern`: literal text, ``…``
    gaps and one ``{N}`` number slot) and ``expr`` the figure they state: a
    linear sum in the notation of rules, over the rows of ``column`` of
    ``table`` (or over the columns of ``row``).  With ``of`` the figure is a
    percentage, ``100 × expr / of``.  A pattern without ``{N}`` states
    ``value`` (``未收到…申请`` states 0).  A statement about the report itself
    rather than its cells names ``about = "year"`` instead of a table.
    The ``stated`` rule compares each figure found with the tables; the
    published-page reader uses the same statements to choose between splits
    of digits run together.
    """

    id: str
    label: str
    """What the figure is (``本年新收申请``): shown in findings, translated."""
    patterns: tuple[str, ...]
    table: str | None = None
    expr: str | None = None
    row: str | None = None
    """The names of ``expr`` are columns of this row (table 4's ``cases``, a table-2 row)."""
    column: str | None = None
    """The names of ``expr`` are rows of this column (table 3's ``applicant.total``)."""
    of: str | None = None
    """A percentage's whole, in the notation of ``expr``."""
    value: int | None = None
    """The figure stated by patterns without a number slot."""
    about: str | None = None
    """``"year"``: the figure is the report's year, not cells."""
    sections: tuple[str, ...] = ()
    """Look only in the narrative of these sections (default: every section)."""
    unless: tuple[str, ...] = ()
    """A match whose text holds one of these words states something else (``复议``)."""


def cell_kind(row: tuple[Node, ...], column: tuple[Node, ...]) -> CellKind:
    """The declared kind of a cell: its column leaf's, else its row leaf's, else count."""
    return column[-1].kind or row[-1].kind or CellKind.COUNT


@attrs.frozen
class FormatSpec:
    """One version of the report format, as loaded from its definition file."""

    id: str
    title: str
    notice: str
    """The issuing notice (文号), e.g. ``国办公开办函〔2021〕30号``."""
    years: YearRange
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    rules: tuple[Rule, ...]
    issued: date | None = None
    """The date of the notice, where the sources establish it."""
    supersedes: str | None = None
    description: str | None = None
    figures: tuple[Figure, ...] = ()
    """The main figures of a report, for series (see :class:`Figure`)."""
    statements: tuple[Statement, ...] = ()
    """How reports state figures in their narrative (see :class:`Statement`)."""
    source: str | None = attrs.field(default=None, eq=False)
    """The file the definition was loaded from."""

    @functools.cached_property
    def cells(self) -> tuple[CellSpec, ...]:
        """Every data cell, in canonical order (table, block, row, column)."""
        out: list[CellSpec] = []
        for table in self.tables:
            for block in table.blocks:
                for row in block.row_paths:
                    for column in block.column_paths:
                        out.append(
                            CellSpec(
                                key=f"{table.id}/{path_key(row)}/{path_key(column)}",
                                table=table,
                                block=block,
                                row=row,
                                column=column,
                                kind=cell_kind(row, column),
                                unit=column[-1].unit or row[-1].unit,
                                index=len(out),
                            )
                        )
        return tuple(out)

    @functools.cached_property
    def cell_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.cells)

    @functools.cached_property
    def _cells_by_key(self) -> Mapping[str, CellSpec]:
        return {c.key: c for c in self.cells}

    def cell(self, key: str) -> CellSpec:
        """The cell with this key; raises KeyError naming the key."""
        try:
            return self._cells_by_key[key]
        except KeyError:
            raise KeyError(f"format {self.id} has no cell {key!r}") from None

    def has_cell(self, key: str) -> bool:
        return key in self._cells_by_key

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(f"format {self.id} has no table {table_id!r}")

    def section_of(self, table_id: str) -> Section:
        """The section that holds a table."""
        for section in self.sections:
            if table_id in section.tables:
                return section
        raise KeyError(f"format {self.id} has no table {table_id!r} in any section")

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"format {self.id} has no section {key!r}")

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"format {self.id} has no rule {rule_id!r}")

    def figure(self, key: str) -> Figure:
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(f"format {self.id} has no figure {key!r}")

    def governs(self, year: int) -> bool:
        """True if reports for ``year`` use this format."""
        return year in self.years
