"""Reading command inputs and writing command outputs (``-`` is stdin/stdout)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..jsonfile import loads_report
from ..model import Report
from ..registry import FormatRegistry
from ._context import Context

__all__ = ["read_input", "write_output"]


def read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    return Path(path).read_bytes()


def read_input(path: str, registry: FormatRegistry) -> Report:
    """The report in file ``path`` (a report file; ``-`` reads stdin)."""
    source = "<stdin>" if path == "-" else path
    return loads_report(read_bytes(path), registry=registry, source=source)


def write_output(ctx: Context, text: str, path: str | None) -> None:
    """Write ``text`` to ``path`` (UTF-8), or to stdout when ``path`` is None or ``-``."""
    if path is None or path == "-":
        ctx.stdout.write(text)
        return
    Path(path).write_text(text, encoding="utf-8")
