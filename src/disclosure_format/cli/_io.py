"""Reading command inputs and writing command outputs (``-`` is stdin/stdout).

Inputs are read by whichever adapter wrote them, detected from the content
(:func:`disclosure_format.detect`): a report file, or our own text, HTML,
CSV or XLSX rendering, so ``render report.html --to json`` converts back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..adapters import detect, read
from ..limits import read_file
from ..model import Report
from ..reading import Reading
from ..registry import FormatRegistry
from ._context import Context

__all__ = ["read_input", "read_reading", "write_notes", "write_output"]


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-``: stdin), refused unread over the size limit (--max-bytes)."""
    return read_file(path)


def read_reading(path: str, registry: FormatRegistry) -> Reading:
    """The report in file ``path`` (``-`` reads stdin) with the notes made reading it."""
    source = "<stdin>" if path == "-" else path
    data = read_bytes(path)
    name = detect(data, None if path == "-" else path)
    return read(data, name, registry=registry, source=source)


def read_input(path: str, registry: FormatRegistry, *, notes: TextIO | None = None) -> Report:
    """The report in file ``path`` (any adapter's output; ``-`` reads stdin).

    The notes made while reading are written to ``notes`` when given.
    """
    reading = read_reading(path, registry)
    if notes is not None:
        write_notes(notes, reading)
    return reading.report


def write_notes(stream: TextIO, reading: Reading) -> None:
    """One line per read note, compiler style (``file:line: t3 row × column: …``)."""
    for note in reading.notes:
        stream.write(f"{note}\n")


def write_output(ctx: Context, text: str, path: str | None) -> None:
    """Write ``text`` to ``path`` (UTF-8), or to stdout when ``path`` is None or ``-``."""
    if path is None or path == "-":
        ctx.stdout.write(text)
        return
    Path(path).write_text(text, encoding="utf-8")
