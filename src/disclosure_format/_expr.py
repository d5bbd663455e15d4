"""Rule expressions: parsed with :mod:`ast` into a whitelist, reduced to linear form.

A rule's ``expr`` is one comparison between two sums of cells, e.g.
``results.total == results.granted + sum(results.denied)``.  Allowed:
dotted names (tree keys), ``previous.<name>`` (the previous year's report),
``sum(<name>)`` (the leaves of a group), integer literals, ``+``, ``-``,
multiplication by an integer literal, and exactly one of ``==``, ``<=``,
``>=``, ``<``, ``>``.  Anything else — calls, subscripts, attribute access on
anything but a name, products of two cells — is rejected with the position
of the offending piece, so an expression can never do more than add cells.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

import attrs

__all__ = [
    "MAX_LENGTH",
    "RESERVED_NAMES",
    "ExprError",
    "Linear",
    "Relation",
    "Term",
    "parse_expr",
    "parse_linear",
]

RESERVED_NAMES = frozenset({"previous", "sum"})
MAX_LENGTH = 4000
"""Longer expressions are refused before parsing: no real rule comes close."""

_OPERATORS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.LtE: "<=",
    ast.GtE: ">=",
    ast.Lt: "<",
    ast.Gt: ">",
}


class ExprError(ValueError):
    """An expression is not allowed; ``offset`` is the 0-based column of the problem."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        self.message = message
        self.offset = offset
        where = f" (at column {offset + 1})" if offset is not None else ""
        super().__init__(message + where)


@attrs.frozen
class Term:
    """``coef`` × the cell(s) named by ``path``; ``summed`` if written as ``sum(path)``."""

    path: str
    coef: int
    summed: bool = False
    previous: bool = False


@attrs.frozen
class Linear:
    """A linear combination of named cells plus a constant."""

    terms: tuple[Term, ...]
    const: int = 0

    def names(self) -> Iterator[str]:
        for t in self.terms:
            yield t.path


@attrs.frozen
class Relation:
    """``left <op> right``."""

    op: str
    left: Linear
    right: Linear
    text: str


def parse_expr(text: str) -> Relation:
    """Parse and check an expression; raises :class:`ExprError`."""
    body = _parse(text)
    if not isinstance(body, ast.Compare):
        raise ExprError("a rule must compare two sides with ==, <=, >=, < or >", body.col_offset)
    if len(body.ops) != 1:
        raise ExprError(
            "chained comparisons are not allowed; write one rule per comparison", body.col_offset
        )
    op = _OPERATORS.get(type(body.ops[0]))
    if op is None:
        raise ExprError("only ==, <=, >=, < and > are allowed", body.col_offset)
    return Relation(
        op=op,
        left=_linear(body.left),
        right=_linear(body.comparators[0]),
        text=text.strip(),
    )


def parse_linear(text: str) -> Linear:
    """Parse one linear sum without a comparison (the figure a statement states).

    The same whitelist as :func:`parse_expr`, with its messages: statements
    name cells exactly as rules do.
    """
    body = _parse(text)
    if isinstance(body, ast.Compare):
        raise ExprError("a figure is one sum of cells, without ==, <=, >=, < or >", body.col_offset)
    return _linear(body)


def _parse(text: str) -> ast.expr:
    if len(text) > MAX_LENGTH:
        raise ExprError(f"an expression is limited to {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        offset = (exc.offset - 1) if exc.offset else None
        raise ExprError(f"syntax error: {exc.msg}", offset) from None
    except (ValueError, UnicodeError) as exc:  # NUL bytes, lone surrogates
        raise ExprError(f"syntax error: {exc}") from None
    except (RecursionError, MemoryError):
        raise ExprError("syntax error: nested too deeply") from None
    return tree.body


def _linear(node: ast.expr) -> Linear:
    terms: list[Term] = []
    const = _collect(node, 1, terms)
    return Linear(tuple(terms), const)


def _collect(node: ast.expr, sign: int, out: list[Term]) -> int:
    """Append the terms of ``node`` × ``sign`` to ``out``; return the constant part."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
        left = _collect(node.left, sign, out)
        right = _collect(node.right, -sign if isinstance(node.op, ast.Sub) else sign, out)
        return left + right
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return _collect(node.operand, -sign if isinstance(node.op, ast.USub) else sign, out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        factor, other = _split_product(node)
        return _collect(other, sign * factor, out)
    if isinstance(node, ast.Constant):
        if type(node.value) is not int:
            raise ExprError(
                f"only integer literals are allowed, not {node.value!r}", node.col_offset
            )
        return sign * node.value
    if isinstance(node, ast.Call):
        out.append(_sum_term(node, sign))
        return 0
    if isinstance(node, ast.Name | ast.Attribute):
        path, previous = _path(node)
        out.append(Term(path, sign, previous=previous))
        return 0
    raise ExprError(
        f"{_describe(node)} is not allowed in a rule", getattr(node, "col_offset", None)
    )


def _split_product(node: ast.BinOp) -> tuple[int, ast.expr]:
    for factor, other in ((node.left, node.right), (node.right, node.left)):
        if isinstance(factor, ast.Constant) and type(factor.value) is int:
            return factor.value, other
    raise ExprError(
        "rules are linear: a product needs an integer literal on one side", node.col_offset
    )


def _sum_term(node: ast.Call, sign: int) -> Term:
    if not (isinstance(node.func, ast.Name) and node.func.id == "sum"):
        raise ExprError("the only function allowed is sum(<group>)", node.col_offset)
    if node.keywords or len(node.args) != 1:
        raise ExprError("sum() takes exactly one name", node.col_offset)
    arg = node.args[0]
    if not isinstance(arg, ast.Name | ast.Attribute):
        raise ExprError(
            "sum() takes a row or column name, e.g. sum(results.denied)", arg.col_offset
        )
    path, previous = _path(arg)
    return Term(path, sign, summed=True, previous=previous)


def _path(node: ast.expr) -> tuple[str, bool]:
    parts: list[str] = []
    current = node
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        raise ExprError(f"{_describe(current)} is not allowed in a name", current.col_offset)
    parts.append(current.id)
    parts.reverse()
    previous = parts[0] == "previous"
    if previous:
        parts = parts[1:]
        if not parts:
            raise ExprError("previous must be followed by a name: previous.<row>", node.col_offset)
    if "previous" in parts or "sum" in parts:
        raise ExprError(
            "'previous' and 'sum' are reserved and cannot be part of a name", node.col_offset
        )
    return ".".join(parts), previous


def _describe(node: ast.AST) -> str:
    names = {
        ast.Call: "a function call",
        ast.Subscript: "a subscript",
        ast.Lambda: "a lambda",
        ast.BoolOp: "a boolean operator",
        ast.Compare: "a nested comparison",
        ast.IfExp: "a conditional expression",
    }
    for cls, text in names.items():
        if isinstance(node, cls):
            return text
    if isinstance(node, ast.BinOp):
        return f"the operator {type(node.op).__name__}"
    return f"a {type(node).__name__} expression"
