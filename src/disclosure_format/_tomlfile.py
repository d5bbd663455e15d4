"""Reading the library's TOML files (definitions, mapping files) with located errors.

Definitions and mapping files fail the same way — unreadable, not TOML,
the wrong shape — and a maintainer wants the same message for each: the
file, the line, the key path, what is wrong.  This module is that one way.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any, TypeVar

from ._locate import line_of
from .errors import DefinitionError, InputTooLargeError, Problem
from .limits import read_file

__all__ = ["located", "parse", "read_text", "structure"]

T = TypeVar("T")


def read_text(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> str:
    """The UTF-8 text of a definition or mapping file; raises DefinitionError.

    A file over ``max_bytes`` (default :data:`.limits.MAX_BYTES`) is refused unread.
    """
    file = Path(path)
    try:
        data = read_file(file, max_bytes=max_bytes, source=str(file)).decode("utf-8")
        return io.StringIO(data, newline=None).read()  # universal newlines, as open() reads
    except InputTooLargeError as exc:
        raise DefinitionError(str(file), exc.problems) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DefinitionError(
            str(file), [Problem("$", f"cannot read the file: {reason}")]
        ) from None


def parse(text: str, source: str | None) -> dict[str, Any]:
    """Parse TOML text; a syntax error (or absurd nesting) is a DefinitionError with its line."""
    import tomllib  # imported on first load, not with the package

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise DefinitionError(source, [Problem("$", f"TOML syntax error: {exc}", line)]) from None
    except RecursionError:
        raise DefinitionError(
            source, [Problem("$", "TOML syntax error: nested too deeply")]
        ) from None
    except ValueError as exc:  # an integer beyond Python's digit limit (sys.int_info)
        match = _LONG_DIGITS.search(text)
        line = text.count("\n", 0, match.start()) + 1 if match else None
        raise DefinitionError(
            source, [Problem("$", f"TOML value not readable: {exc}", line)]
        ) from None


# Where an integer too long to convert starts (CPython's limit is 4300 digits).
_LONG_DIGITS = re.compile(r"[0-9_]{4300,}")


def structure(data: dict[str, Any], cls: type[T], text: str, source: str | None) -> T:
    """Structure ``data`` with the shared converter; every field error is reported, located."""
    from ._converter import problems_from
    from ._converter import structure as convert  # cattrs is imported on first load

    try:
        return convert(data, cls)
    except Exception as exc:  # cattrs groups every field error; report them all
        raise DefinitionError(source, located(text, problems_from(exc))) from None


def located(text: str, problems: list[Problem]) -> list[Problem]:
    """``problems`` with the line of each key path in ``text`` filled in where it can be found."""
    return [
        p if p.line is not None else Problem(p.path, p.message, line_of(text, p.path, p.message))
        for p in problems
    ]
