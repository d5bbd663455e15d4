"""The ``json`` adapter: the library's own report file format (:mod:`disclosure_format.jsonfile`).

Registered like the others so that every command and the round-trip test
treat it the same way; all of the work is done by ``jsonfile``.
"""

from __future__ import annotations

import attrs

from ..i18n import resolve_locale
from ..jsonfile import dumps_report, loads_report
from ..model import Report
from ..reading import Reading
from ..registry import FormatRegistry
from ..spec import FormatSpec
from ._common import decode, head_text, note_value, spec_for

__all__ = ["JsonAdapter", "adapter"]


class JsonAdapter:
    """Report files: one JSON object, amounts as exact decimal strings."""

    name = "json"
    title = "JSON report file"
    extensions = (".json",)
    binary = False

    def render(
        self,
        report: Report,
        *,
        spec: FormatSpec | None = None,
        indent: int | None = 2,
        locale: str | None = None,
    ) -> str:
        """The report file text; ``indent=None`` gives one line.

        A report file holds keys and values, no label, so ``locale`` changes
        nothing (it is checked, and accepted like every adapter's).
        """
        spec_for(report, spec)
        resolve_locale(locale)
        return dumps_report(report, indent=indent)

    def read(self, data: str | bytes, *, registry: FormatRegistry, source: str | None) -> Reading:
        report = loads_report(decode(data, source), registry=registry, source=source)
        provenance = attrs.evolve(report.provenance, reader=self.name)
        if report.provenance.source is None:
            provenance = attrs.evolve(provenance, source=source)
        spec = registry.get(report.format)
        notes = [
            note
            for key, value in report.values.items()
            if isinstance(value, str)
            and (note := note_value(value, value, spec=spec, key=key, file=source, line=None))
        ]
        return Reading(attrs.evolve(report, provenance=provenance), notes, self.name)

    def detect(self, data: str | bytes) -> bool:
        head = head_text(data, 512).lstrip()
        return head.startswith("{") and '"format"' in head_text(data, 1 << 16)


adapter = JsonAdapter()
