"""The report model: one agency's annual report for one year, as exact values.

A :class:`Report` is what every adapter renders and every reader produces.
Cell values are exact: ``int`` for counts, :class:`decimal.Decimal` for
amounts, ``None`` for a cell left blank (kept distinct from ``0``: a blank
is how many publishers write zero, but it is what they wrote).  A value that
is not a number (text typed into a count cell) is kept as ``str`` so that
validation can name the cell; nothing the input held is dropped or changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypeAlias

import attrs

from .errors import Problem, ReportError

__all__ = ["Number", "Provenance", "Report", "Value"]

Number: TypeAlias = int | Decimal
"""An exact number: counts are ``int``, amounts ``Decimal``; never ``float``."""

Value: TypeAlias = int | Decimal | str | None
"""A cell value: a number, ``None`` for blank, or ``str`` for text that is not a number."""


@attrs.frozen
class Provenance:
    """Where a report came from; not part of report equality.

    ``source`` is the file or URL it was read from, ``reader`` the adapter or
    reader that produced it, ``inputs`` the reports a derived report (a sum,
    a migration) was made from.  ``missing`` lists the cells (keys) a reader
    of a published page did not find given at all (not those it found given
    ambiguously): the ``complete`` check turns them into findings, so a report
    file written by ``read`` validates as the page it came from did.
    """

    source: str | None = None
    reader: str | None = None
    inputs: tuple[str, ...] = ()
    note: str | None = None
    missing: tuple[str, ...] = ()


def _kind(value: object) -> str:
    return "nothing (None)" if value is None else type(value).__name__


def _mapping(value: Mapping[str, Any], field: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ReportError(
            None, [Problem(f"$.{field}", f"expected a mapping, found {_kind(value)}")]
        )
    return dict(value)


def _values(value: Mapping[str, Value]) -> dict[str, Value]:
    return _mapping(value, "values")


def _narrative(value: Mapping[str, str]) -> dict[str, str]:
    return _mapping(value, "narrative")


@attrs.frozen
class Report:
    """An annual report in one format version.

    ``values`` maps cell keys (``t3/new/applicant.total``) to values;
    ``narrative`` maps section keys (``overview`` … ``other``) to their text.
    Two reports are equal when their format, agency, year, publication date,
    values and narrative are equal; provenance is metadata about the copy and
    does not take part.  Build reports for a format with
    :func:`disclosure_format.new_report`, which fills every cell of the format.
    """

    format: str
    agency: str
    year: int
    published: date | None = None
    narrative: Mapping[str, str] = attrs.field(factory=dict, converter=_narrative)
    values: Mapping[str, Value] = attrs.field(factory=dict, converter=_values)
    provenance: Provenance = attrs.field(factory=Provenance, eq=False)

    def __attrs_post_init__(self) -> None:
        """Fields of the wrong type are a located ReportError here, not a crash later.

        Cell values are not checked: a value of any type is kept for
        validation to name (see the module docstring); the fields around
        them have no such use, and every operation relies on their types.
        """
        problems = []
        for name, expected, value in (
            ("format", str, self.format),
            ("agency", str, self.agency),
        ):
            if not isinstance(value, expected):
                problems.append(Problem(f"$.{name}", f"expected text, found {_kind(value)}"))
        if type(self.year) is not int:
            problems.append(Problem("$.year", f"expected an integer, found {_kind(self.year)}"))
        if self.published is not None and type(self.published) is not date:
            problems.append(
                Problem("$.published", f"expected a date, found {_kind(self.published)}")
            )
        for key, text in self.narrative.items():
            if not isinstance(key, str) or not isinstance(text, str):
                problems.append(
                    Problem(f"$.narrative[{key!r}]", f"expected text, found {_kind(text)}")
                )
        for key in self.values:
            if not isinstance(key, str):
                problems.append(Problem(f"$.values[{key!r}]", "a cell key must be text"))
        if problems:
            raise ReportError(self.provenance.source, problems)

    def __getitem__(self, key: str) -> Value:
        return self.values[key]

    def with_values(self, changes: Mapping[str, Value]) -> Report:
        """A copy with the given cells changed and every other cell kept."""
        return attrs.evolve(self, values={**self.values, **changes})

    @property
    def blank_cells(self) -> tuple[str, ...]:
        """Keys of the cells left blank."""
        return tuple(k for k, v in self.values.items() if v is None)
