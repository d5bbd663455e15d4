"""The label-tree notation of definition files.

Row and column trees are written as indented text, one node per line, so a
maintainer reads a table the way it is printed::

    new              一、本年新收政府信息公开申请数量
    results          三、本年度办理结果
      granted          （一）予以公开
      denied           （三）不予公开
        state_secret     1.属于国家秘密
    fees             行政事业性收费  {kind = "amount", unit = "万元"}

Each line is ``<key> <label> [{attributes}]``: the key is an ASCII
identifier, the label is the rest of the line (verbatim, may be empty), and
an optional trailing TOML inline table sets :class:`~.spec.Node` attributes
(``kind``, ``unit``, ``span``, ``aliases``).  Indentation (spaces only) makes
a node the child of the nearest less-indented line above it.  Blank lines and
lines starting with ``#`` are ignored.

TOML 1.0 inline tables cannot span lines, so nested arrays of tables would be
the only pure-TOML way to write a tree — unreadable at three levels.  This
notation keeps the file in TOML and the tree legible.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from .spec import CellKind, Node

__all__ = ["KEY_PATTERN", "TreeSyntaxError", "parse_tree"]

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]*\Z")
"""Keys are lower-case ASCII identifiers: stable, readable, usable in rule expressions."""

_ATTRIBUTES = {"kind", "unit", "span", "aliases"}


class TreeSyntaxError(ValueError):
    """A tree text does not parse; ``line`` is 1-based within the tree text."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"tree line {line}: {message}")


@attrs.define
class _Draft:
    key: str
    label: str
    attributes: dict[str, Any]
    line: int
    indent: int
    children: list[_Draft] = attrs.Factory(list)

    def freeze(self) -> Node:
        a = self.attributes
        return Node(
            key=self.key,
            label=self.label,
            children=tuple(c.freeze() for c in self.children),
            kind=a.get("kind"),
            unit=a.get("unit"),
            span=a.get("span"),
            aliases=tuple(a.get("aliases", ())),
            line=self.line,
        )


def parse_tree(text: str) -> tuple[Node, ...]:
    """Parse a tree text into its root nodes; raises :class:`TreeSyntaxError`."""
    roots: list[_Draft] = []
    stack: list[_Draft] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise TreeSyntaxError(number, "indent with spaces, not tabs")
        draft = _parse_line(raw, number)
        while stack and stack[-1].indent >= draft.indent:
            stack.pop()
        if stack:
            siblings = stack[-1].children
            if siblings and siblings[0].indent != draft.indent:
                raise TreeSyntaxError(
                    number,
                    f"indentation of {draft.key!r} does not match its siblings "
                    f"(line {siblings[0].line})",
                )
            siblings.append(draft)
        else:
            if roots and roots[0].indent != draft.indent:
                raise TreeSyntaxError(
                    number,
                    f"indentation of {draft.key!r} does not match the first line "
                    f"(line {roots[0].line}) and no line above is less indented",
                )
            roots.append(draft)
        stack.append(draft)
    if not roots:
        raise TreeSyntaxError(1, "the tree is empty")
    return tuple(r.freeze() for r in roots)


def _parse_line(raw: str, number: int) -> _Draft:
    indent = len(raw) - len(raw.lstrip(" "))
    body = raw.strip()
    attributes: dict[str, Any] = {}
    if body.endswith("}") and "{" in body:
        start = body.index("{")
        attributes = _parse_attributes(body[start:], number)
        body = body[:start].rstrip()
    key, *rest = re.split(r"[ \t]+", body, maxsplit=1)
    label = rest[0] if rest else ""
    if not KEY_PATTERN.match(key):
        raise TreeSyntaxError(
            number,
            f"{key!r} is not a valid key (lower-case ASCII letters, digits and _, "
            "starting with a letter), followed by the label",
        )
    return _Draft(key=key, label=label.strip(), attributes=attributes, line=number, indent=indent)


def _parse_attributes(text: str, number: int) -> dict[str, Any]:
    import tomllib  # imported on first use, not with the package

    try:
        value = tomllib.loads(f"a = {text}")["a"]
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise TreeSyntaxError(
            number, f"attributes {text} are not a TOML inline table ({exc})"
        ) from None
    unknown = sorted(set(value) - _ATTRIBUTES)
    if unknown:
        raise TreeSyntaxError(
            number,
            f"unknown attribute {unknown[0]!r} (allowed: {', '.join(sorted(_ATTRIBUTES))})",
        )
    if "kind" in value:
        try:
            value["kind"] = CellKind(value["kind"])
        except ValueError:
            kinds = ", ".join(k.value for k in CellKind)
            raise TreeSyntaxError(number, f"kind {value['kind']!r} is not one of {kinds}") from None
    if "span" in value and (type(value["span"]) is not int or not 1 <= value["span"] <= 64):
        raise TreeSyntaxError(
            number, f"span must be an integer from 1 to 64, not {value['span']!r}"
        )
    if "unit" in value and not isinstance(value["unit"], str):
        raise TreeSyntaxError(number, f"unit must be a string, not {value['unit']!r}")
    aliases = value.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise TreeSyntaxError(number, "aliases must be a list of non-empty strings")
    return dict(value)
