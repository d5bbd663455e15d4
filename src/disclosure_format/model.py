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
from typing import TypeAlias

import attrs

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
    a migration) was made from.
    """

    source: str | None = None
    reader: str | None = None
    inputs: tuple[str, ...] = ()
    note: str | None = None


def _values(value: Mapping[str, Value]) -> dict[str, Value]:
    return dict(value)


def _narrative(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


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

    def __getitem__(self, key: str) -> Value:
        return self.values[key]

    def with_values(self, changes: Mapping[str, Value]) -> Report:
        """A copy with the given cells changed and every other cell kept."""
        return attrs.evolve(self, values={**self.values, **changes})

    @property
    def blank_cells(self) -> tuple[str, ...]:
        """Keys of the cells left blank."""
        return tuple(k for k, v in self.values.items() if v is None)
