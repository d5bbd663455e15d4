"""Migration: a report in one format version, rewritten in another, with notes.

:func:`migrate` follows the declarative mapping files beside the
definitions (``formats/migrations/<old>-<new>.toml``, see
:mod:`disclosure_format._mapping` for the notation): cells with the same key
carry over, declared moves take their cells to new keys, and everything
else is *noted*, never dropped in silence — each old cell that has no place
in the new format, each new cell left blank, each section of narrative the
new format does not have.  Values are never changed: a moved count is the
same count, text in a number cell stays text.

Mappings chain: if the files say 2019 → 2021 and 2021 → 2030, a 2019
report migrates to 2030 through both, and the notes of every step are kept.

>>> from disclosure_format import get_format, new_report
>>> old = new_report(get_format("2019"), "某某局", 2020,
...                  values={"t3/results.other/applicant.total": 3})
>>> result = migrate(old, to="2021")
>>> result.report.format, result.report["t3/results.other.other/applicant.total"]
('2021', 3)
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from pathlib import Path

import attrs

from ._exact import exact, is_exact_number, number_text
from ._mapping import VersionMapping, load_mapping
from ._words import FIELD_LABELS
from .errors import DefinitionError, FormatNotFoundError, Problem
from .i18n import Translator, get_translator
from .model import Number, Provenance, Report, Value
from .reading import NoteSeverity, ReadNote
from .registry import FormatRegistry, default_registry
from .reports import complete
from .spec import FormatSpec

__all__ = ["Migration", "VersionMapping", "load_mapping", "mappings", "migrate"]

MIGRATIONS_DIR = "migrations"


@attrs.frozen
class Migration:
    """The migrated report, the notes on what did not carry over, and the mappings used.

    Note kinds: ``not-carried`` (an old cell or section with no place in the
    new format; ``warning`` when it held something, ``info`` when blank),
    ``moved`` (an old cell carried to another key), ``left-blank`` (a new
    cell no old cell fills), ``not-added`` (cells that should be added up
    but one is not a number), ``year-outside-format`` (the report's year is
    not one the new format governs; the year is kept).
    """

    report: Report
    notes: tuple[ReadNote, ...] = ()
    steps: tuple[VersionMapping, ...] = ()

    @property
    def not_carried(self) -> tuple[ReadNote, ...]:
        return tuple(n for n in self.notes if n.kind == "not-carried")


def mappings(registry: FormatRegistry | None = None) -> list[VersionMapping]:
    """Every mapping file in ``migrations/`` beside the registry's definition directories."""
    registry = registry or default_registry()
    found: dict[tuple[str, str], VersionMapping] = {}
    for directory in registry.directories():
        for file in sorted((directory / MIGRATIONS_DIR).glob("*.toml")):
            mapping = _load(file, registry)
            pair = (mapping.old, mapping.new)
            if pair in found:
                raise DefinitionError(
                    str(file),
                    [
                        Problem(
                            "$.from",
                            f"the mapping {pair[0]} → {pair[1]} is also defined in "
                            f"{found[pair].source}",
                        )
                    ],
                )
            found[pair] = mapping
    return list(found.values())


_cache: dict[tuple[int, Path, float], VersionMapping] = {}
_lock = threading.Lock()


def _load(file: Path, registry: FormatRegistry) -> VersionMapping:
    key = (id(registry), file.resolve(), file.stat().st_mtime)
    with _lock:
        mapping = _cache.get(key)
        if mapping is None:
            mapping = _cache[key] = load_mapping(file, registry=registry)
    return mapping


def migrate(
    report: Report,
    to: str | FormatSpec,
    *,
    registry: FormatRegistry | None = None,
    using: Iterable[VersionMapping] | None = None,
    locale: str | None = None,
) -> Migration:
    """``report`` rewritten in format ``to``, with a note for everything that did not carry.

    The notes are in ``locale`` (default: the official Chinese); the
    reasons quoted from the mapping files are as the files give them.

    The mappings come from the registry's ``migrations/`` directories, or
    from ``using``.  A report already in format ``to`` is returned as it is.
    Raises :class:`~disclosure_format.FormatNotFoundError` when no chain of
    mappings leads from the report's format to ``to``.
    """
    registry = registry or default_registry()
    target = to.id if isinstance(to, FormatSpec) else to
    if report.format == target:
        return Migration(report)
    available = list(using) if using is not None else mappings(registry)
    chain = _chain(report.format, target, available)
    notes: list[ReadNote] = []
    current = report
    for step in chain:
        current, step_notes = _apply(current, step, registry, get_translator(locale))
        notes += step_notes
    fmt = FIELD_LABELS["format"]
    origin = report.provenance.source or f"{report.agency} {report.year}（{fmt} {report.format}）"
    path = " → ".join([report.format, *(m.new for m in chain)])
    provenance = Provenance(reader="migrate", inputs=(origin,), note=f"format {path}")
    return Migration(attrs.evolve(current, provenance=provenance), tuple(notes), tuple(chain))


def _chain(start: str, goal: str, available: list[VersionMapping]) -> list[VersionMapping]:
    """The shortest chain of mappings from ``start`` to ``goal`` (breadth first)."""
    by_old: dict[str, list[VersionMapping]] = {}
    for mapping in available:
        by_old.setdefault(mapping.old, []).append(mapping)
    queue: deque[tuple[str, list[VersionMapping]]] = deque([(start, [])])
    seen = {start}
    while queue:
        fmt, chain = queue.popleft()
        for mapping in by_old.get(fmt, ()):
            if mapping.new == goal:
                return [*chain, mapping]
            if mapping.new not in seen:
                seen.add(mapping.new)
                queue.append((mapping.new, [*chain, mapping]))
    pairs = ", ".join(f"{m.old} → {m.new}" for m in available) or "none"
    raise FormatNotFoundError(
        f"no migration from format {start} to format {goal} (mappings: {pairs})",
        available=sorted({m.new for m in available}),
    )


def _apply(
    report: Report, mapping: VersionMapping, registry: FormatRegistry, tr: Translator
) -> tuple[Report, list[ReadNote]]:
    old, new = registry.get(mapping.old), registry.get(mapping.new)
    file = report.provenance.source
    notes: list[ReadNote] = []

    def note(kind: str, severity: NoteSeverity, message: str, spec: FormatSpec, key: str) -> None:
        cell = spec.cell(key)
        notes.append(
            ReadNote(
                kind=kind,
                message=message,
                severity=severity,
                file=file,
                table=cell.table.id,
                row=tr.path_label(cell.row, cell.table.id) or None,
                column=tr.path_label(cell.column, cell.table.id) or None,
                cell=key,
            )
        )

    values: dict[str, Value] = {}
    for key, (sources, reason) in mapping.sources.items():
        given = [report.values.get(k) for k in sources]
        if len(sources) == 1:
            values[key] = given[0]
        else:
            values[key] = _sum(given)
            if values[key] is None and any(v is not None for v in given):
                shown = tr.gettext("、").join(
                    f"{k} = {v!r}" for k, v in zip(sources, given, strict=True)
                )
                message = tr.gettext("不是数字，无法相加（{cells}），留空").format(cells=shown)
                note("not-added", "error", message, new, key)
        if reason is not None:
            for k, v in zip(sources, given, strict=True):
                note(
                    "moved",
                    "info",
                    tr.gettext("{value} 迁移至 {key}（{label}）：{reason}").format(
                        value=_shown(v, tr),
                        key=key,
                        label=tr.cell_label(new.cell(key)),
                        reason=reason,
                    ),
                    old,
                    k,
                )
    for key, reason in mapping.not_carried.items():
        v = report.values.get(key)
        severity: NoteSeverity = "info" if v is None else "warning"
        message = tr.gettext("{value} 未迁移：{reason}").format(value=_shown(v, tr), reason=reason)
        note("not-carried", severity, message, old, key)
    for key, reason in mapping.left_blank.items():
        note("left-blank", "info", tr.gettext("留空：{reason}").format(reason=reason), new, key)

    sections = {s.key for s in new.sections}
    narrative = {k: v for k, v in report.narrative.items() if k in sections}
    for key, text in report.narrative.items():
        if key not in sections:
            title = old.section(key).title if any(s.key == key for s in old.sections) else key
            notes.append(
                ReadNote(
                    kind="not-carried",
                    severity="warning" if text.strip() else "info",
                    message=tr.gettext(
                        "“{title}”部分的文字（{n} 字）未迁移：格式 {format} 没有这一部分"
                    ).format(title=tr.label(title), n=len(text), format=new.id),
                    file=file,
                    row=title,
                )
            )
    if not new.governs(report.year):
        notes.append(
            ReadNote(
                kind="year-outside-format",
                severity="info",
                message=tr.gettext(
                    "报告年度 {year} 不在格式 {format} 的适用年度（{years}）内；年度保持不变"
                ).format(year=report.year, format=new.id, years=new.years),
                file=file,
            )
        )
    migrated = Report(
        format=new.id,
        agency=report.agency,
        year=report.year,
        values=values,
        narrative=narrative,
        published=report.published,
        provenance=report.provenance,
    )
    return complete(migrated, new), notes


def _shown(value: Value, tr: Translator) -> str:
    if value is None:
        return tr.gettext("（空白）")
    shown = (
        repr(value)
        if isinstance(value, str)
        else number_text(value)
        if type(value) is int
        else value
    )
    return tr.gettext("值 {value}").format(value=shown)


def _sum(values: list[Value]) -> Value:
    """Exact sum of numbers; blank if all are blank; None if any is not a number."""
    numbers: list[Number] = []
    for v in values:
        if v is None:
            continue
        if is_exact_number(v):
            numbers.append(v)
        else:
            return None
    if not numbers:
        return None
    total: Number = 0
    with exact():  # never rounded to the caller's decimal context
        for n in numbers:
            total += n
    return total
