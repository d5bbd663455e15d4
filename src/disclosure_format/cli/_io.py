"""Reading command inputs and writing command outputs (``-`` is stdin/stdout).

Inputs are read by whichever adapter wrote them, detected from the content
(:func:`disclosure_format.detect`): a report file, or our own text, HTML,
CSV or XLSX rendering, so ``render report.html --to json`` converts back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import attrs

from ..adapters import detect, read
from ..i18n import Translator, get_translator
from ..limits import read_file
from ..model import Report
from ..reading import Reading, ReadNote
from ..registry import FormatRegistry
from ._context import Context

__all__ = ["grouped", "read_input", "read_reading", "write_notes", "write_output"]


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-``: stdin), refused unread over the size limit (--max-bytes)."""
    return read_file(path)


def read_reading(path: str, registry: FormatRegistry) -> Reading:
    """The report in file ``path`` (``-`` reads stdin) with the notes made reading it."""
    source = "<stdin>" if path == "-" else path
    data = read_bytes(path)
    name = detect(data, None if path == "-" else path)
    return read(data, name, registry=registry, source=source)


def read_input(
    path: str,
    registry: FormatRegistry,
    *,
    notes: TextIO | None = None,
    tr: Translator | None = None,
    verbose: bool = False,
) -> Report:
    """The report in file ``path`` (any adapter's output; ``-`` reads stdin).

    The notes made while reading are written to ``notes`` when given (see
    :func:`write_notes`).
    """
    reading = read_reading(path, registry)
    if notes is not None:
        write_notes(notes, reading, registry, tr or get_translator(None), verbose=verbose)
    return reading.report


def write_notes(
    stream: TextIO,
    reading: Reading,
    registry: FormatRegistry,
    tr: Translator,
    *,
    verbose: bool = False,
) -> None:
    """The read notes, compiler style (``file:line: t3 row × column: …``), one a line.

    The per-cell notes of cells not found or ambiguous are one line per
    table and kind unless ``verbose``: a table cut off a page is one line,
    not forty (``--json`` always has them all).
    """
    notes = reading.notes if verbose else grouped(reading, registry, tr)
    for note in notes:
        stream.write(f"{note}\n")


_GROUPED = frozenset({"missing-cell", "ambiguous"})
"""The per-cell note kinds written one line per table unless --verbose."""


def grouped(reading: Reading, registry: FormatRegistry, tr: Translator) -> list[ReadNote]:
    """``reading``'s notes with those of each kind in :data:`_GROUPED` made one per table.

    The line stands where the table's first such note stood, with its file
    and severity; every other note is kept as it is.
    """
    spec = registry.get(reading.report.format)
    tables = {t.id for t in spec.tables}
    groups: dict[tuple[str, str], list[ReadNote]] = {}
    for note in reading.notes:
        if note.kind in _GROUPED and note.table in tables:
            groups.setdefault((note.kind, note.table), []).append(note)
    out: list[ReadNote] = []
    for note in reading.notes:
        members = groups.get((note.kind, note.table or ""))
        if members is None:
            out.append(note)
        elif note is members[0]:
            table = spec.table(members[0].table or "")
            every = len(members) == sum(1 for c in spec.cells if c.table.id == table.id)
            text = _group_text(tr, note.kind, every).format(
                table=tr.label(table.caption), count=len(members)
            )
            out.append(
                attrs.evolve(
                    note, message=text, line=None, row=None, column=None, cell=None, candidates=()
                )
            )
    return out


def _group_text(tr: Translator, kind: str, every: bool) -> str:
    if kind == "ambiguous":
        if every:
            return tr.gettext(
                "{table}：{count} 个单元格均给出了不同的值，留空（--verbose 逐个列出）"
            )
        return tr.gettext("{table}：{count} 个单元格给出了不同的值，留空（--verbose 逐个列出）")
    if every:
        return tr.gettext("{table}：{count} 个单元格均未找到（--verbose 逐个列出）")
    return tr.gettext("{table}：{count} 个单元格未找到（--verbose 逐个列出）")


def write_output(ctx: Context, text: str, path: str | None) -> None:
    """Write ``text`` to ``path`` (UTF-8), or to stdout when ``path`` is None or ``-``."""
    if path is None or path == "-":
        ctx.stdout.write(text)
        return
    Path(path).write_text(text, encoding="utf-8")
