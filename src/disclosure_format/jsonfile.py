"""The report file format: one report as a JSON object.

This is the library's own, stable exchange format (``schema_version`` 1)::

    {
      "schema_version": 1,
      "format": "2021",
      "agency": "宁波市北仑区科学技术局",
      "year": 2023,
      "published": "2024-01-10",
      "narrative": {"overview": "…", "other": "…"},
      "values": {"t3/new/applicant.natural_person": 0, "t2/fees/amount": "0.5", …},
      "provenance": {"source": "…"}
    }

Counts are JSON integers, amounts are strings holding an exact decimal (a
JSON number would be read as a binary float by most consumers), blank cells
are ``null``; cells left out are blank.  ``published`` and ``provenance``
are optional.  :func:`report_schema` gives the JSON Schema of the file for a
format, for systems in other languages.
"""

from __future__ import annotations

import json
import os
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import DisclosureFormatError, Problem, ReportError
from .limits import check_size, read_file
from .model import Report
from .registry import FormatRegistry, default_registry
from .reports import complete

__all__ = [
    "SCHEMA_VERSION",
    "dump_report",
    "dumps_report",
    "load_report",
    "loads_report",
    "report_from_dict",
    "report_to_dict",
]

SCHEMA_VERSION = 1


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON-ready object of ``report`` (amounts as strings, dates as ISO text)."""
    from ._converter import unstructure

    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    data.update(unstructure(report))
    if data.get("published") is None:
        data.pop("published", None)
    if not data.get("provenance"):
        data.pop("provenance", None)
    return data


def report_from_dict(
    data: Any, *, registry: FormatRegistry | None = None, source: str | None = None
) -> Report:
    """A complete report from a JSON-like object; raises ReportError naming each problem."""
    if not isinstance(data, dict):
        raise ReportError(source, [Problem("$", "a report file holds one JSON object")])
    body = dict(data)
    version = body.pop("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise ReportError(
            source,
            [
                Problem(
                    "$.schema_version",
                    f"unsupported version {version!r}; this library reads version {SCHEMA_VERSION}",
                )
            ],
        )
    from ._converter import problems_from, structure

    try:
        report = structure(body, Report)
    except Exception as exc:  # cattrs groups every field error; report them all
        raise ReportError(source, problems_from(exc)) from None
    registry = registry or default_registry()
    try:
        spec = registry.get(report.format)
    except DisclosureFormatError as exc:
        raise ReportError(source, [Problem("$.format", str(exc))]) from None
    return complete(report, spec, source=source)


def loads_report(
    text: str | bytes,
    *,
    registry: FormatRegistry | None = None,
    source: str | None = None,
    max_bytes: int | None = None,
) -> Report:
    """Parse a report file's text; numbers are read exactly (no float).

    ``max_bytes`` limits the input's size (default :data:`.limits.MAX_BYTES`).
    """
    check_size(text, max_bytes=max_bytes, source=source)
    try:
        data = json.loads(text, parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ReportError(source, [Problem("$", f"not valid JSON: {exc}", line)]) from None
    except RecursionError:
        raise ReportError(source, [Problem("$", "not valid JSON: nested too deeply")]) from None
    except ValueError as exc:  # an integer longer than Python converts (sys.int_max_str_digits)
        raise ReportError(source, [_too_long(text, exc)]) from None
    return report_from_dict(data, registry=registry, source=source)


def _too_long(text: str | bytes, exc: ValueError) -> Problem:
    """Where the integer too long to convert is: the first run of that many digits."""
    limit = sys.get_int_max_str_digits()
    body = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    found = re.search(rf"[0-9]{{{limit + 1},}}", body)
    line = body.count("\n", 0, found.start()) + 1 if found else None
    what = f"an integer has more than {limit} digits" if found else str(exc)
    return Problem("$", f"not valid JSON: {what}", line)


def dumps_report(report: Report, *, indent: int | None = 2) -> str:
    """The report file text of ``report``: UTF-8-safe JSON with Chinese kept readable.

    A lone surrogate (which no UTF-8 file can hold) is written as its JSON
    escape (``\\ud800``), which reads back as the same character.
    """
    text = json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent) + "\n"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def load_report(
    path: str | os.PathLike[str],
    *,
    registry: FormatRegistry | None = None,
    max_bytes: int | None = None,
) -> Report:
    """Read a report file (refused unread if larger than ``max_bytes``)."""
    file = Path(path)
    try:
        data = read_file(file, max_bytes=max_bytes, source=str(file))
    except OSError as exc:
        raise ReportError(
            str(file), [Problem("$", f"cannot read the file: {exc.strerror}")]
        ) from None
    return loads_report(data, registry=registry, source=str(file), max_bytes=max_bytes)


def dump_report(report: Report, path: str | os.PathLike[str]) -> None:
    """Write a report file."""
    Path(path).write_text(dumps_report(report), encoding="utf-8")
