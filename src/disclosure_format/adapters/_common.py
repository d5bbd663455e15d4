"""What the adapters share: decoding input, the visible labels, reading a laid-out table.

Labels: every text an adapter shows that comes from the format definition
(section titles, table captions, grid labels) or names a report field
(格式, 机关…) goes through one :class:`Labels` object, which puts the
translator of the chosen locale in front of them (:func:`labels_for`).
Readers accept the labels and field names of every supported locale (and
the field keys), so a report rendered in any locale reads back.

Reading a table: text, wide CSV and XLSX all lay a table out with
:func:`~disclosure_format.layout.table_layout`; :func:`read_layout` walks
that layout over what the input holds, parses the data cells, and notes
labels that are not the official ones and numbers that are not numbers.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from decimal import Decimal

import attrs

from .._words import FIELD_LABELS
from ..errors import DisclosureFormatError, Problem, ReportError, ValueParseError
from ..i18n import SUPPORTED_LOCALES, Translator, get_translator, parse_date
from ..layout import LayoutCell, TableLayout
from ..model import Provenance, Report, Value
from ..reading import Reading, ReadNote
from ..registry import FormatRegistry
from ..reports import complete
from ..spec import CellKind, CellSpec, FormatSpec, Node, Section, Table, path_label

__all__ = [
    "FIELDS",
    "Labels",
    "cell_label_paths",
    "decode",
    "field_key",
    "field_names",
    "finish",
    "format_of",
    "head_text",
    "labels_for",
    "note_value",
    "parse_published",
    "parse_year",
    "read_layout",
]

FIELDS = tuple(FIELD_LABELS)
"""The report's own fields, in the order adapters write them."""


@attrs.frozen
class Labels:
    """The visible text of labels, field names, numbers and dates, in one locale.

    :data:`LABELS` is the official form: the Chinese of the definitions,
    numbers as plain digits, dates as ``YYYY-MM-DD``.  :func:`labels_for`
    gives the form of an explicitly chosen locale: translated labels, and
    (in the adapters meant for people: text, HTML) numbers and dates
    formatted by babel for it.
    """

    tr: Translator = attrs.field(factory=get_translator)
    localised: bool = False
    """True when a locale was asked for: numbers and dates are then formatted for it."""

    @property
    def locale(self) -> str:
        return self.tr.locale

    def field(self, key: str) -> str:
        return self.tr.gettext(FIELD_LABELS[key])

    def section(self, section: Section) -> str:
        return self.tr.label(section.title)

    def caption(self, table: Table) -> str:
        return self.tr.label(table.caption)

    def cell(self, cell: LayoutCell, table: str) -> str:
        """The text of a label cell of ``table``'s layout."""
        return self.tr.label(cell.text, table)

    def path(self, nodes: tuple[Node, ...], table: str) -> str:
        """A label path, ``三、本年度办理结果/（三）不予公开/1.属于国家秘密``."""
        return self.tr.path_label(nodes, table) if not self.tr.identity else path_label(nodes)

    def format_title(self, spec: FormatSpec) -> str:
        """The format's title and issuing notice: ``…格式（国办公开办函〔2021〕30号）``."""
        # Translators: a format's title, then its issuing notice (文号).
        return self.tr.gettext("{title}（{notice}）").format(
            title=self.tr.label(spec.title), notice=self.tr.label(spec.notice)
        )

    def title(self, report: Report) -> str:
        return self.tr.gettext("{agency}{year}年政府信息公开工作年度报告").format(
            agency=report.agency, year=report.year
        )

    def number(self, value: Value, kind: CellKind) -> str | None:
        """A number in the locale's form, or None where the adapter writes it itself."""
        if not self.localised or value is None or isinstance(value, str):
            return None
        return self.tr.format_value(value, kind)

    def date(self, value: date) -> str:
        """A date: ``YYYY-MM-DD`` in the official form, else the locale's long form."""
        return self.tr.format_date(value) if self.localised else value.isoformat()


LABELS = Labels()


def labels_for(locale: str | None) -> Labels:
    """The labels of ``locale``; None is the official form (:data:`LABELS`).

    An unknown locale raises :class:`~disclosure_format.errors.UnknownLocaleError`.
    """
    if locale is None:
        return LABELS
    return Labels(get_translator(locale), localised=True)


def _translators() -> list[Translator]:
    return [get_translator(locale) for locale in SUPPORTED_LOCALES]


def field_key(text: str) -> str | None:
    """The field a name stands for (``机关``, ``Agency`` or ``agency`` → ``agency``), or None."""
    stripped = text.strip()
    for key, label in FIELD_LABELS.items():
        if stripped == key or any(stripped == tr.gettext(label) for tr in _translators()):
            return key
    return None


def cell_label_paths(cell: CellSpec) -> set[tuple[str, str]]:
    """A cell's (row label path, column label path) in every supported locale."""
    table = cell.table.id
    return {(cell.row_label, cell.column_label)} | {
        (tr.path_label(cell.row, table), tr.path_label(cell.column, table)) for tr in _translators()
    }


def field_names(key: str) -> tuple[str, ...]:
    """Every name of a field a reader accepts: its label in each locale, and its key."""
    names = {tr.gettext(FIELD_LABELS[key]) for tr in _translators()}
    return (*sorted(names), key)


def decode(data: str | bytes, source: str | None) -> str:
    """Text of ``data``: UTF-8 with or without a byte-order mark; a decoding error is located."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReportError(
            source,
            [
                Problem(
                    "$", f"not UTF-8 text: byte {exc.start} cannot be decoded ({exc.reason})", line
                )
            ],
        ) from None


def head_text(data: str | bytes, size: int = 4096) -> str:
    """The start of ``data`` as text, for sniffing (never raises)."""
    if isinstance(data, bytes):
        return data[:size].decode("utf-8-sig", errors="replace")
    return data[:size].removeprefix("\ufeff")


def format_of(
    format_id: str, registry: FormatRegistry, source: str | None, where: str, line: int | None
) -> FormatSpec:
    """The format named in a file; an unknown one is a located ReportError."""
    try:
        return registry.get(format_id.strip())
    except DisclosureFormatError as exc:
        raise ReportError(source, [Problem(where, str(exc), line)]) from None


def parse_year(text: str, source: str | None, where: str, line: int | None) -> int:
    stripped = text.strip()
    if stripped.isascii() and stripped.isdigit():
        return int(stripped)
    raise ReportError(source, [Problem(where, f"the year must be a number, found {text!r}", line)])


def parse_published(text: str, source: str | None, where: str, line: int | None) -> date | None:
    stripped = text.strip()
    if not stripped:
        return None
    try:
        return date.fromisoformat(stripped)
    except ValueError:
        pass
    for locale in SUPPORTED_LOCALES:  # a rendering in a locale writes its long form
        try:
            return parse_date(stripped, locale)
        except ValueParseError:
            continue
    raise ReportError(
        source,
        [Problem(where, f"the publication date must be YYYY-MM-DD, found {text!r}", line)],
    )


def finish(
    spec: FormatSpec,
    *,
    agency: str,
    year: int,
    published: date | None,
    narrative: dict[str, str],
    values: dict[str, Value],
    notes: list[ReadNote],
    source: str | None,
    adapter: str,
) -> Reading:
    """What an adapter read, as a :class:`Reading`: the report, completed for its
    format (every cell of ``spec`` present, see :func:`~disclosure_format.reports.complete`),
    with provenance naming the input and the adapter, and the adapter's notes."""
    report = Report(
        format=spec.id,
        agency=agency,
        year=year,
        published=published,
        narrative=narrative,
        values=values,
        provenance=Provenance(source=source, reader=adapter),
    )
    done = complete(report, spec, source=source)
    return Reading(attrs.evolve(done, provenance=report.provenance), notes, adapter)


_KINDS: dict[int, tuple[FormatSpec, dict[str, CellKind]]] = {}


def spec_for(report: Report, spec: FormatSpec | None) -> FormatSpec:
    """The format to render ``report`` with, after checking the report fits it.

    A value or narrative under a key the format does not have would not be
    written anywhere, so it is an error here rather than a silent loss; so is
    a field or value of a type no output can carry faithfully (see
    :func:`_unwritable`).
    """
    if spec is None:
        from ..registry import get_format

        spec = get_format(report.format)
    source = report.provenance.source
    if spec.id != report.format:
        raise ReportError(
            source, [Problem("$.format", f"report is in format {report.format!r}, not {spec.id!r}")]
        )
    kinds = cell_kinds(spec)
    unknown = [k for k in report.values if k not in kinds]
    sections = {s.key for s in spec.sections}
    unknown_sections = [k for k in report.narrative if k not in sections]
    if unknown or unknown_sections:
        complete(report, spec, source=source)  # raises ReportError naming each key
    problems = list(_unwritable(report))
    if problems:
        raise ReportError(source, problems)
    return spec


_VALUE_TYPES = frozenset({int, Decimal, str, type(None)})


def _unwritable(report: Report) -> Iterator[Problem]:
    """Fields and values of a report built in code with the wrong types.

    A report read from any file has the model's types; one built in code may
    hold a float, a list, a ``None`` agency or an integer longer than Python
    writes out (``sys.get_int_max_str_digits()``).  Writing those would
    change them (a float's digits, a list's text) or fail deep inside an
    adapter, so each is named here instead.
    """
    if not isinstance(report.agency, str):
        yield Problem("$.agency", f"expected text, found {type(report.agency).__name__}")
    if type(report.year) is not int:
        yield Problem("$.year", f"expected an integer, found {type(report.year).__name__}")
    if report.published is not None and type(report.published) is not date:
        yield Problem("$.published", f"expected a date, found {type(report.published).__name__}")
    for key, text in report.narrative.items():
        if not isinstance(text, str):
            yield Problem(f"$.narrative[{key!r}]", f"expected text, found {type(text).__name__}")
    values = report.values.values()
    if not set(map(type, values)) <= _VALUE_TYPES or any(
        type(v) is int and v.bit_length() > _LONGEST_INT_BITS for v in values
    ):
        limit = sys.get_int_max_str_digits()
        for key, v in report.values.items():
            if type(v) not in _VALUE_TYPES:
                yield Problem(
                    f"$.values[{key!r}]",
                    f"a cell value must be an int, a Decimal, a str or None, not "
                    f"{type(v).__name__}",
                )
            elif type(v) is int and limit and len(_digits(v)) > limit:
                yield Problem(
                    f"$.values[{key!r}]",
                    f"an integer of more than {limit} digits cannot be written out",
                )


_LONGEST_INT_BITS = 13_000
"""Integers shorter than this (in bits; 3,900 digits) are written without a second look."""


def _digits(value: int) -> str:
    try:
        return str(abs(value))
    except ValueError:  # over sys.get_int_max_str_digits()
        return "0" * (sys.get_int_max_str_digits() + 1)


def cell_kinds(spec: FormatSpec) -> Mapping[str, CellKind]:
    """Cell key → kind, built once per format (cached by identity: hashing a spec is slow)."""
    entry = _KINDS.get(id(spec))
    if entry is None or entry[0] is not spec:
        entry = (spec, {c.key: c.kind for c in spec.cells})
        _KINDS[id(spec)] = entry
    return entry[1]


def note_value(
    value: Value,
    text: str,
    *,
    spec: FormatSpec,
    key: str,
    file: str | None,
    line: int | None,
) -> ReadNote | None:
    """A ``not-a-number`` note when a number cell holds text; None otherwise."""
    cell = spec.cell(key)
    if not isinstance(value, str) or not cell.kind.numeric:
        return None
    return ReadNote(
        "not-a-number",
        f"{text!r} is not a number; kept as text",
        "warning",
        file=file,
        line=line,
        table=cell.table.id,
        row=cell.row_label,
        column=cell.column_label,
        cell=key,
    )


def read_layout(
    layout: TableLayout,
    spec: FormatSpec,
    *,
    text_of: Callable[[LayoutCell], str],
    value_of: Callable[[LayoutCell, str], Value],
    line_of: Callable[[LayoutCell], int | None],
    file: str | None,
    labels: Labels = LABELS,
) -> tuple[dict[str, Value], list[ReadNote]]:
    """Read every cell of ``layout``: data cells become values, labels are compared.

    ``text_of`` gives what the input shows at a layout cell, ``value_of`` the
    value of a data cell (from that text), ``line_of`` the input line for notes.
    """
    values: dict[str, Value] = {}
    notes: list[ReadNote] = []
    table = layout.table.id
    for cell in layout.cells:
        text = text_of(cell)
        if cell.role == "data":
            assert cell.key is not None
            value = value_of(cell, text)
            values[cell.key] = value
            note = note_value(value, text, spec=spec, key=cell.key, file=file, line=line_of(cell))
            if note is not None:
                notes.append(note)
            continue
        expected = labels.cell(cell, table)
        if _fold(text) not in _label_forms(cell, table):
            notes.append(
                ReadNote(
                    "unmatched-label",
                    f"found {text!r} where the format has {expected!r}; read by position",
                    "warning",
                    file=file,
                    line=line_of(cell),
                    table=table,
                    row=text,
                    candidates=(expected,),
                )
            )
    return values, notes


def _fold(text: str) -> str:
    """Labels compare without whitespace: Word templates break header cells anywhere."""
    return "".join(text.split())


def _label_forms(cell: LayoutCell, table: str) -> set[str]:
    """The folded label of a layout cell in every supported locale."""
    return {_fold(tr.label(cell.text, table)) for tr in _translators()}


def narrative_keys(spec: FormatSpec) -> Mapping[str, str]:
    """Section title, alias and key → section key, for reading narrative by its heading."""
    out: dict[str, str] = {}
    for section in spec.sections:
        titles = [tr.label(section.title) for tr in _translators()]
        for name in (section.key, section.title, *section.aliases, *titles):
            out.setdefault(_fold(name), section.key)
    return out
