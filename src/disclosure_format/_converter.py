"""The one cattrs converter: every hook for definitions and report files, in one place.

Structuring is strict on purpose.  cattrs' defaults would turn ``"5"`` into
``5`` and ``5.7`` into ``5`` without a word; for a definition or a report
file that silently changes what the author wrote, so every scalar hook here
checks the type and fails with a message naming what was expected and what
was found.  Errors are collected with detailed validation and flattened into
:class:`~disclosure_format.errors.Problem` s carrying the key path.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._exact import is_plain
from ._hints import did_you_mean
from ._tree import TreeSyntaxError, parse_tree
from .errors import Problem
from .model import Provenance, Report, Value
from .spec import Basis, CellKind, Check, Each, FormatSpec, Node, Severity

__all__ = ["decimal_text", "make_converter", "problems_from", "structure", "unstructure"]

T = TypeVar("T")


class _StructureError(ValueError):
    """A hook's complaint, already worded for the user."""


def _expect(kind: type, name: str) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _: Any) -> Any:
        if type(value) is not kind:
            raise _StructureError(f"expected {name}, found {_show(value)}")
        return value

    return hook


def _show(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    kind = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table/object",
        Decimal: "a number",
    }.get(type(value))
    text = repr(value) if not isinstance(value, dict | list) else ""
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{kind or type(value).__name__} {text}".rstrip()


def _date(value: Any, _: Any) -> date:
    if isinstance(value, datetime):
        raise _StructureError(f"expected a date (YYYY-MM-DD), found a date-time {value}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _StructureError(f"expected a date (YYYY-MM-DD), found {_show(value)}")


def _decimal(value: Any, _: Any) -> Decimal:
    if type(value) is int or isinstance(value, Decimal):
        return Decimal(value)
    if isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            pass
        else:
            if result.is_finite():
                return result
    raise _StructureError(f"expected an exact decimal number, found {_show(value)}")


def _enum(cls: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    allowed = [m.value for m in cls]

    def hook(value: Any, _: Any) -> Any:
        try:
            return cls(value)
        except (ValueError, TypeError):
            suggestion = did_you_mean(str(value), allowed)
            raise _StructureError(
                f"{_show(value)} is not one of {', '.join(map(repr, allowed))}{suggestion}"
            ) from None

    return hook


def _tree(value: Any, _: Any) -> tuple[Node, ...]:
    if not isinstance(value, str):
        raise _StructureError(f"expected a tree written as indented text, found {_show(value)}")
    return parse_tree(value)


def _str_tuple(value: Any, _: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise _StructureError(f"expected a list of strings, found {_show(value)}")
    for item in value:
        if not isinstance(item, str):
            raise _StructureError(f"expected a list of strings, found {_show(item)} in it")
    return tuple(value)


def _value(value: Any, _: Any) -> Value:
    if value is None or type(value) is int or isinstance(value, Decimal | str):
        return value
    if isinstance(value, float):
        # Only reachable when a caller parsed JSON without parse_float=Decimal;
        # repr() is the shortest string that round-trips, so no digit is invented.
        return Decimal(repr(value))
    raise _StructureError(f"a cell value must be a number, a string or null, found {_show(value)}")


def _values(value: Any, _: Any) -> dict[str, Value]:
    if not isinstance(value, Mapping):
        raise _StructureError(f"expected an object of cell values, found {_show(value)}")
    out: dict[str, Value] = {}
    errors: list[Exception] = []
    for key, item in value.items():
        try:
            out[key] = _value(item, None)
        except _StructureError as exc:
            exc.__notes__ = [f"@ values[{key!r}]"]
            errors.append(exc)
    if errors:
        raise _KeyedErrors(errors)
    return out


class _KeyedErrors(_StructureError):
    def __init__(self, errors: list[Exception]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


def _narrative(value: Any, _: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise _StructureError(f"expected an object of section texts, found {_show(value)}")
    for key, text in value.items():
        if not isinstance(text, str):
            raise _StructureError(f"section {key!r}: expected text, found {_show(text)}")
    return dict(value)


def make_converter() -> cattrs.Converter:
    """Build the converter used for definitions, report files and machine output."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for kind, name in ((str, "a string"), (int, "an integer"), (bool, "true or false")):
        conv.register_structure_hook(kind, _expect(kind, name))
    conv.register_structure_hook(date, _date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_unstructure_hook(Decimal, decimal_text)
    for cls in (CellKind, Severity, Basis, Check, Each):
        conv.register_structure_hook(cls, _enum(cls))
        conv.register_unstructure_hook(cls, lambda e: e.value)
    conv.register_structure_hook_func(lambda t: t == tuple[Node, ...], _tree)
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _str_tuple)
    conv.register_structure_hook(
        FormatSpec,
        make_dict_structure_fn(FormatSpec, conv, source=override(omit=True)),
    )
    conv.register_structure_hook(
        Report,
        make_dict_structure_fn(
            Report,
            conv,
            values=override(struct_hook=_values),
            narrative=override(struct_hook=_narrative),
        ),
    )
    # a report's provenance keeps the fields it always wrote; ``missing`` only when there is one
    conv.register_unstructure_hook(
        Provenance,
        make_dict_unstructure_fn(Provenance, conv, missing=override(omit_if_default=True)),
    )
    conv.register_unstructure_hook(
        Report, make_dict_unstructure_fn(Report, conv, values=override(unstruct_hook=_dump_values))
    )
    conv.register_unstructure_hook(
        Provenance, make_dict_unstructure_fn(Provenance, conv, _cattrs_omit_if_default=True)
    )
    return conv


def decimal_text(value: Decimal) -> str:
    """Plain positional notation (``0.000``, never ``0E-3``), every digit kept.

    A number beyond ``±MAX_SCALE`` (:mod:`._exact`), which only hostile or
    corrupted input holds, is written as Python writes it (``1E+999999``):
    exact too, but without writing out a million zeros.
    """
    return format(value, "f") if is_plain(value) else str(value)


def _dump_values(values: Mapping[str, Value]) -> dict[str, Any]:
    return {k: decimal_text(v) if isinstance(v, Decimal) else v for k, v in values.items()}


@functools.cache
def _converter() -> cattrs.Converter:
    return make_converter()


def converter() -> cattrs.Converter:
    """The shared converter (built once, on first use).

    It knows the library's value types and the classes of definitions and
    report files; a module with a file type of its own registers that
    type's hooks on it (as :mod:`._mapping` does), so that this module
    depends on no such module.
    """
    return _converter()


def str_tuple(value: Any, _: Any) -> tuple[str, ...]:
    """The structure hook of a list of strings, with this converter's error messages."""
    return _str_tuple(value, _)


def structure(data: Any, cls: type[T]) -> T:
    """Structure with the shared converter (built once, on first use)."""
    return _converter().structure(data, cls)


def unstructure(obj: Any) -> Any:
    return _converter().unstructure(obj)


def problems_from(exc: BaseException, path: str = "$") -> list[Problem]:
    """Flatten a (detailed) cattrs error into located problems."""
    problems: list[Problem] = []
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            step = (
                f"[{note.index!r}]"
                if isinstance(note, IterableValidationNote)
                else (f".{note.name}")
            )
            problems.extend(problems_from(sub, path + step))
        for sub in without:
            problems.extend(problems_from(sub, path))
    elif isinstance(exc, _KeyedErrors):
        for sub in exc.errors:
            note = getattr(sub, "__notes__", ["@ "])[0][2:]
            problems.append(Problem(f"{path}.{note}", str(sub)))
    else:
        problems.append(Problem(path, _message(exc)))
    return problems


def _message(exc: BaseException) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        parts = []
        for extra in sorted(exc.extra_fields):
            parts.append(f"{extra!r} is not a valid key{did_you_mean(extra, allowed)}")
        return "; ".join(parts)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, TreeSyntaxError):
        return str(exc)
    if isinstance(exc, _StructureError):
        return str(exc)
    if isinstance(exc, AttributeError | TypeError) and "items" in str(exc):
        return "expected a table/object"
    return f"invalid value ({exc})"
