"""What reading a file gives: the report, plus notes on everything that was not plain.

Every reader — the adapters reading back our own files, and the readers of
published reports — returns a :class:`Reading`.  Reading never guesses in
silence and never drops what it cannot place: a cell that holds text where a
number belongs is kept as text *and* noted; a label that is not the official
one is noted with what was expected; a cell the input does not give is noted
as missing.  A program decides from the notes (and their severity) whether to
trust the report; a person gets each note located to its file, line, table,
row and column.

``kind`` is a stable kebab-case id, so callers can filter notes the way
linters filter rule ids.  The kinds in use:

===================  ==========================================================
``not-a-number``     a number cell holds text; the text is kept (validation
                     reports it as a value of the wrong kind)
``unmatched-label``  a label differs from the official one, or matches none
``missing-cell``     the input does not give this cell; it is left blank
``ambiguous``        the input gives more than one reading (``candidates``)
``formula``          a spreadsheet cell holds a formula
``inferred-split``   numbers run together were split by the table's arithmetic
``unit-converted``   a value was converted from the unit it was written in
``blank``            a cell written as a placeholder (``-``, ``/``) read as blank
===================  ==========================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, TypeAlias

import attrs

from .model import Report

__all__ = ["NoteSeverity", "ReadNote", "Reading"]

NoteSeverity: TypeAlias = Literal["info", "warning", "error"]
"""``error``: a cell could not be read, or was ambiguous; ``warning``: read, but
not as the format writes it; ``info``: a harmless normalisation, for the record."""

_SEVERITIES = ("info", "warning", "error")
_NOT_BLOCKING = frozenset({"unmatched-row"})
"""Error kinds that leave :attr:`Reading.ok` true (see there)."""


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen
class ReadNote:
    """One remark about one place of an input, made while reading it.

    The location fields are all optional, since a note may concern a whole
    file (``file`` only) or one cell (everything).  ``row`` and ``column``
    are the row and column as the input shows them — the official label path
    when the place is a known cell, otherwise the text found there — and
    ``cell`` is the cell key when the note concerns a cell of the format.
    ``candidates`` lists the readings an ambiguous cell admits.
    """

    kind: str
    message: str
    severity: NoteSeverity = attrs.field(
        default="warning", validator=attrs.validators.in_(_SEVERITIES)
    )
    file: str | None = None
    line: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    cell: str | None = None
    candidates: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    @property
    def place(self) -> str:
        """Where the note is, compiler style: ``file:line: t3 row × column``."""
        parts = []
        if self.file or self.line is not None:
            parts.append(f"{self.file or '<input>'}" + (f":{self.line}" if self.line else ""))
        inside = " ".join(
            p for p in (self.table, " × ".join(x for x in (self.row, self.column) if x)) if p
        )
        if inside:
            parts.append(inside)
        elif self.cell:
            parts.append(self.cell)
        return ": ".join(parts)

    def __str__(self) -> str:
        place = self.place
        return f"{place + ': ' if place else ''}{self.severity} {self.kind}: {self.message}"


def _notes(items: Iterable[ReadNote]) -> tuple[ReadNote, ...]:
    return tuple(items)


@attrs.frozen
class Reading:
    """A report read from some input, the notes made on the way, and the reader used.

    ``adapter`` is the name of the adapter or reader that produced it
    (``html``, ``csv``…).  An input read back from this library's own output
    normally has no notes.
    """

    report: Report
    notes: tuple[ReadNote, ...] = attrs.field(default=(), converter=_notes)
    adapter: str = ""

    @property
    def errors(self) -> tuple[ReadNote, ...]:
        """The notes of severity ``error``: cells that could not be read or were ambiguous."""
        return tuple(n for n in self.notes if n.severity == "error")

    @property
    def ok(self) -> bool:
        """True when the report is usable as read: every cell read for sure, nothing assumed.

        That is: no error note, except ``unmatched-row`` ones.  An unmatched row
        is values that could not be placed; had they been needed, the cells they
        would have filled are noted ``missing-cell`` (an error) — so a reading
        whose every cell was read is ``ok`` even if the page also had rows of
        numbers that belong to no cell (page furniture, a scrambled PDF column).
        Warnings and infos (splits inferred, units converted, labels matched by
        tolerance) never make a reading not ok: they say how a cell was read.
        """
        return not any(n.kind not in _NOT_BLOCKING for n in self.errors)
