"""Version mapping files: how a report in one format version becomes one in the next.

A mapping file lives beside the definitions, in ``migrations/<old>-<new>.toml``
(the registry scans only ``*.toml`` at the top of a definitions directory, so
the subdirectory is never mistaken for a format).  Cells with the same key in
both versions mean the same thing and carry over by default; the file
declares only what really changed::

    from = "2019"
    to = "2021"

    [[moves]]                      # old cells whose value goes to another key
    from = "t3/results.other/*"    # * is any whole row or column; a list adds cells up
    to = "t3/results.other.other/*"
    reason = "…"

    [[not_carried]]                # old cells with no counterpart (listed in the notes)
    cells = ["t2/procurement/*"]
    reason = "…"

    [[left_blank]]                 # new cells no old cell can fill
    cells = ["t2/fees/amount"]
    reason = "…"

Loading checks the file against both definitions, like a definition is
checked: every pattern must match cells, every old cell must have exactly
one fate (carried, moved or not carried) and every new cell exactly one
source (carried, moved into, or left blank with a reason).  A mapping that
loads therefore accounts for every cell, and a definition change that
breaks it is caught when the mapping is next loaded, with the key path and
line of the problem.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from ._tomlfile import located, parse, read_text, structure
from .errors import DefinitionError, DisclosureFormatError, Problem
from .registry import FormatRegistry
from .spec import FormatSpec

__all__ = ["CellGroup", "MappingFile", "Move", "VersionMapping", "load_mapping"]


@attrs.frozen
class Move:
    """``[[moves]]``: old cells (``from``; several patterns add up) → new cells (``to``)."""

    from_: tuple[str, ...]
    to: str
    reason: str


@attrs.frozen
class CellGroup:
    """``[[not_carried]]`` / ``[[left_blank]]``: cell patterns and why."""

    cells: tuple[str, ...]
    reason: str


@attrs.frozen
class MappingFile:
    """A mapping file as written, before it is checked against the two definitions."""

    from_: str
    to: str
    description: str | None = None
    moves: tuple[Move, ...] = ()
    not_carried: tuple[CellGroup, ...] = ()
    left_blank: tuple[CellGroup, ...] = ()


@attrs.frozen
class VersionMapping:
    """A checked mapping from format ``old`` to format ``new``: the fate of every cell.

    ``sources`` gives, for each cell of the new format that receives a value,
    the old cells it comes from (one, or several added up) and the declared
    reason (None for a cell carried under the same key).  ``not_carried``
    and ``left_blank`` give the reason for each old cell that has no place
    in the new format and each new cell that gets no value.
    """

    old: str
    new: str
    sources: Mapping[str, tuple[tuple[str, ...], str | None]]
    not_carried: Mapping[str, str]
    left_blank: Mapping[str, str]
    description: str | None = None
    source: str | None = attrs.field(default=None, eq=False)


@functools.cache
def _register_hooks() -> None:
    """Teach the shared converter the mapping file's classes (once, on the first load).

    ``from`` is a Python keyword, hence the renamed field; a move's ``from``
    is one pattern or a list of them.
    """
    from cattrs.gen import make_dict_structure_fn, override

    from ._converter import converter, str_tuple

    def one_or_more(value: Any, _: Any) -> tuple[str, ...]:
        """A string, or a list of strings (``from = "t3/x/*"`` or ``from = ["…", "…"]``)."""
        return (value,) if isinstance(value, str) else str_tuple(value, _)

    conv = converter()
    conv.register_structure_hook(
        Move,
        make_dict_structure_fn(Move, conv, from_=override(rename="from", struct_hook=one_or_more)),
    )
    conv.register_structure_hook(
        MappingFile, make_dict_structure_fn(MappingFile, conv, from_=override(rename="from"))
    )


def load_mapping(
    path: str | os.PathLike[str], *, registry: FormatRegistry | None = None
) -> VersionMapping:
    """Load and check the mapping file at ``path``; raises :class:`DefinitionError`."""
    return loads_mapping(
        read_text(path), source=str(path), expected_name=Path(path).stem, registry=registry
    )


def loads_mapping(
    text: str,
    *,
    source: str | None = None,
    expected_name: str | None = None,
    registry: FormatRegistry | None = None,
) -> VersionMapping:
    """Load and check a mapping from its TOML text."""
    _register_hooks()
    raw = structure(parse(text, source), MappingFile, text, source)
    if registry is None:
        from .registry import default_registry

        registry = default_registry()
    problems: list[Problem] = []
    specs: list[FormatSpec] = []
    for field, format_id in (("from", raw.from_), ("to", raw.to)):
        try:
            specs.append(registry.get(format_id))
        except DisclosureFormatError as exc:
            problems.append(Problem(f"$.{field}", str(exc)))
    if raw.from_ == raw.to:
        problems.append(Problem("$.to", "a mapping goes from one format to another"))
    expected = f"{raw.from_}-{raw.to}"
    if expected_name is not None and expected_name != expected:
        problems.append(
            Problem("$.from", f"the file of a mapping {raw.from_} → {raw.to} is named {expected}")
        )
    if problems:
        raise DefinitionError(source, located(text, problems))
    mapping, problems = _check(raw, specs[0], specs[1], source)
    if problems:
        raise DefinitionError(source, located(text, problems))
    return mapping


# ---------------------------------------------------------------- patterns


def _parts(pattern: str) -> list[str] | None:
    parts = pattern.split("/")
    if len(parts) != 3 or not all(parts):
        return None
    return parts


def _stars(parts: list[str]) -> tuple[int, ...]:
    return tuple(i for i, p in enumerate(parts) if p == "*")


def _expand(parts: list[str], spec: FormatSpec) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The cells of ``spec`` matching a pattern, with the segments the ``*`` s stand for."""
    for key in spec.cell_keys:
        segments = key.split("/")
        if all(p in ("*", s) for p, s in zip(parts, segments, strict=True)):
            yield key, tuple(s for p, s in zip(parts, segments, strict=True) if p == "*")


def _fill(parts: list[str], binding: tuple[str, ...]) -> str:
    values = iter(binding)
    return "/".join(next(values) if p == "*" else p for p in parts)


_PATTERN_HELP = "a cell pattern is <table>/<row>/<column>, with * standing for any row or column"


# ---------------------------------------------------------------- checks


def _check(
    raw: MappingFile, old: FormatSpec, new: FormatSpec, source: str | None
) -> tuple[VersionMapping, list[Problem]]:
    problems: list[Problem] = []
    fate: dict[str, str] = {}  # old cell -> the key path that decides its fate
    sources: dict[str, tuple[tuple[str, ...], str | None]] = {}
    filled_by: dict[str, str] = {}  # new cell -> the key path that fills it
    not_carried: dict[str, str] = {}
    left_blank: dict[str, str] = {}

    def claim(key: str, path: str) -> bool:
        if key in fate:
            problems.append(Problem(path, f"{key} is already accounted for by {fate[key]}"))
            return False
        fate[key] = path
        return True

    reasons: list[tuple[str, tuple[Move | CellGroup, ...]]] = [
        ("moves", raw.moves),
        ("not_carried", raw.not_carried),
        ("left_blank", raw.left_blank),
    ]
    for section, entries in reasons:
        for i, entry in enumerate(entries):
            if not entry.reason.strip():
                problems.append(Problem(f"$.{section}[{i}].reason", "must not be empty"))

    for i, move in enumerate(raw.moves):
        path = f"$.moves[{i}]"
        to_parts = _parts(move.to)
        from_parts = [_parts(p) for p in move.from_]
        bad = [j for j, p in enumerate(from_parts) if p is None]
        if not move.from_:
            problems.append(Problem(f"{path}.from", "name at least one cell pattern"))
            continue
        if to_parts is None or bad:
            where = f"{path}.to" if to_parts is None else f"{path}.from[{bad[0]}]"
            problems.append(Problem(where, _PATTERN_HELP))
            continue
        stars = _stars(to_parts)
        checked = [p for p in from_parts if p is not None]
        if any(_stars(p) != stars for p in checked):
            problems.append(
                Problem(path, "every pattern of a move needs its * in the same places as 'to'")
            )
            continue
        matches = list(_expand(checked[0], old))
        if not matches:
            problems.append(
                Problem(f"{path}.from[0]", f"{move.from_[0]} matches no cell of format {old.id}")
            )
            continue
        for _, binding in matches:
            target = _fill(to_parts, binding)
            cells = tuple(_fill(p, binding) for p in checked)
            ok = True
            for j, cell in enumerate(cells):
                if not old.has_cell(cell):
                    problems.append(
                        Problem(f"{path}.from[{j}]", f"{cell} is not a cell of format {old.id}")
                    )
                    ok = False
            if not new.has_cell(target):
                problems.append(Problem(f"{path}.to", f"{target} is not a cell of format {new.id}"))
                ok = False
            if target in filled_by:
                problems.append(
                    Problem(f"{path}.to", f"{target} is already filled by {filled_by[target]}")
                )
                ok = False
            claimed = [claim(cell, path) for cell in cells]  # claim all, to report every clash
            if ok and all(claimed):
                sources[target] = (cells, move.reason)
                filled_by[target] = path

    for i, group in enumerate(raw.not_carried):
        for j, pattern in enumerate(group.cells):
            path = f"$.not_carried[{i}].cells[{j}]"
            for key in _matching(pattern, old, path, problems):
                if claim(key, path):
                    not_carried[key] = group.reason

    for key in old.cell_keys:  # carried under the same key by default
        if key in fate:
            continue
        if not new.has_cell(key):
            problems.append(
                Problem(
                    "$",
                    f"cell {key} of format {old.id} has no place in format {new.id}: "
                    "add it to a [[moves]] or [[not_carried]] entry",
                )
            )
        elif key in filled_by:
            problems.append(
                Problem(
                    "$",
                    f"cell {key} would carry over under its own key, but {filled_by[key]} "
                    "fills it: list the old cell in [[moves]] or [[not_carried]]",
                )
            )
        else:
            sources[key] = ((key,), None)
            filled_by[key] = "the same key"

    for i, group in enumerate(raw.left_blank):
        for j, pattern in enumerate(group.cells):
            path = f"$.left_blank[{i}].cells[{j}]"
            for key in _matching(pattern, new, path, problems):
                if key in filled_by:
                    problems.append(Problem(path, f"{key} gets a value from {filled_by[key]}"))
                elif key in left_blank:
                    problems.append(Problem(path, f"{key} is listed twice"))
                else:
                    left_blank[key] = group.reason

    for key in new.cell_keys:
        if key in filled_by or key in left_blank:
            continue
        if key in not_carried:  # same key, declared to mean something else now
            left_blank[key] = not_carried[key]
            continue
        problems.append(
            Problem(
                "$",
                f"cell {key} of format {new.id} gets no value: add it to a [[moves]] or "
                "[[left_blank]] entry",
            )
        )

    mapping = VersionMapping(
        old=old.id,
        new=new.id,
        sources={k: sources[k] for k in new.cell_keys if k in sources},
        not_carried=not_carried,
        left_blank={k: left_blank[k] for k in new.cell_keys if k in left_blank},
        description=raw.description,
        source=source,
    )
    return mapping, problems


def _matching(pattern: str, spec: FormatSpec, path: str, problems: list[Problem]) -> list[str]:
    parts = _parts(pattern)
    if parts is None:
        problems.append(Problem(path, _PATTERN_HELP))
        return []
    keys = [key for key, _ in _expand(parts, spec)]
    if not keys:
        problems.append(Problem(path, f"{pattern} matches no cell of format {spec.id}"))
    return keys
