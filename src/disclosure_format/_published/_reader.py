"""Reading a published report: extraction, detection, matching, splitting, values, notes.

:func:`read_published` is the whole pipeline; each stage lives in its own
module and this one only wires them together and turns what they found into
a :class:`..reading.Reading`:

1. extract paragraphs and grids (:mod:`.._extract`);
2. detect the title's agency and year, then the format (:mod:`._detect`);
3. find the section headings, walk the document and collect table rows
   (:mod:`._match`), place unlabelled rows by sequence;
4. split runs of digits, the whole table as one system (:mod:`._split`);
5. read every value (:mod:`._values`) and settle cells given more than once:
   a row matched by its labels beats one matched by order, which beats a
   run of labels; equal values agree, different values of the same rank make
   the cell ambiguous (blank, with both candidates);
6. note every cell of the format the input did not give (``missing-cell``).
"""

from __future__ import annotations

from typing import TypeAlias

from .._extract import Document, ExtractError, Paragraph, extract
from ..errors import Problem, ReportError
from ..limits import check_size
from ..model import Provenance, Report, Value
from ..reading import Reading, ReadNote
from ..registry import FormatRegistry, default_registry
from ..reports import complete
from ..spec import FormatSpec
from ._detect import Heading, Meta, detect_format, find_headings, find_meta
from ._labels import LabelIndex, label_index, norm_flat
from ._match import Matcher, Note, Record, Zone, align
from ._split import split_runs
from ._values import parse_cell, same_key

__all__ = ["read_document", "read_published"]

READER = "published"
_RANK_LABEL, _RANK_ORDER, _RANK_FLAT = 0, 1, 2


_Found: TypeAlias = tuple[int, Value, str, int | None, Note | None]
"""One reading of a cell: (rank, value, text as written, line, its note if any).

A tuple, not an attrs object: a page gives some 200 cells, and making an
object for each was a good part of the time of settling them."""


def read_published(
    data: bytes | str,
    *,
    source: str | None = None,
    registry: FormatRegistry | None = None,
    format: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    max_bytes: int | None = None,
) -> Reading:
    """Read a published report (HTML, text, a Word document or a PDF; bytes or str) into a
    report with notes.

    The heuristics are stated in ``docs/reading.md``; every cell the input does
    not give for sure is blank and noted.  ``source`` names the input in notes.

    ``format``, ``agency`` and ``year`` override what detection finds (a note
    records a disagreement).  Raises :class:`..errors.ReportError` when the
    input holds no report of any known format, and its subclass
    :class:`..errors.InputTooLargeError` before parsing an input over
    ``max_bytes`` (default :data:`..limits.MAX_BYTES`).
    """
    check_size(data, max_bytes=max_bytes, source=source)
    try:
        doc = extract(data)
    except ExtractError as exc:  # a Word document or PDF that cannot be read, a legacy .doc…
        raise ReportError(source, [Problem("$", exc.message, exc.line)]) from None
    return read_document(
        doc, source=source, registry=registry, format=format, agency=agency, year=year
    )


def read_document(
    doc: Document,
    *,
    source: str | None = None,
    registry: FormatRegistry | None = None,
    format: str | None = None,
    agency: str | None = None,
    year: int | None = None,
) -> Reading:
    """:func:`read_published` for an already extracted document."""
    registry = registry or default_registry()
    notes: list[Note] = [Note("extraction", "info", n) for n in doc.notes]
    meta = find_meta(doc, [], title_only=True)
    found_year = year if year is not None else meta.year
    if format is not None:
        spec = registry.get(format)
    else:
        detected, hits = detect_format(doc, registry, found_year)
        if detected is None:
            raise ReportError(
                source,
                [
                    Problem(
                        "$",
                        "no annual-report table of a known format was found "
                        f"(labels of formats {', '.join(registry.ids())} looked for"
                        + (f"; report year {found_year} not governed by any" if found_year else "")
                        + ")",
                    )
                ],
            )
        spec = detected
        if found_year is not None and not spec.governs(found_year):
            notes.append(
                Note(
                    "format",
                    "warning",
                    f"the report year {found_year} is governed by another format, but the "
                    f"tables use the labels of format {spec.id} (hits: {hits}); read as {spec.id}",
                    meta.title_line,
                )
            )
    headings = find_headings(doc, spec)
    for h in headings:
        if h.tolerated is not None:
            notes.append(
                Note(
                    "heading",
                    "info",
                    f"heading {h.tolerated.strip()!r} read as {spec.section(h.section).title!r}: "
                    f"{h.edits} character(s) differ from it or a variant of it",
                    h.line,
                )
            )
    meta = find_meta(doc, headings)
    found_sections = ", ".join(dict.fromkeys(h.section for h in headings)) or "none"
    notes.append(
        Note(
            "detected",
            "info",
            f"read as {doc.form}"
            + (f" ({doc.encoding})" if doc.encoding else "")
            + f", format {spec.id}"
            + (" (given)" if format is not None else "")
            + f"; sections found: {found_sections}",
        )
    )
    by_block: dict[int, list[tuple[int, str]]] = {}
    for h in headings:
        by_block.setdefault(h.block, []).append((h.start, h.section))
    matcher = Matcher(spec, doc, by_block)
    matcher.run()
    notes.extend(matcher.notes)
    align(spec, matcher.records, notes)
    narrative = _narrative(doc, headings, matcher.zones, meta, notes, spec)
    values, cell_notes = _settle(spec, matcher.records, "\n".join(narrative.values()))
    notes.extend(cell_notes)
    report_agency, report_year = _identity(spec, meta, agency, year, notes)
    report = complete(
        Report(
            format=spec.id,
            agency=report_agency,
            year=report_year,
            published=meta.published,
            narrative=narrative,
            values=values,
            provenance=Provenance(
                source=source,
                reader=READER,
                missing=tuple(n.cell for n in cell_notes if n.kind == "missing-cell" and n.cell),
            ),
        ),
        spec,
        source=source,
    )
    return Reading(report, tuple(_read_note(n, source) for n in notes), READER)


def _read_note(n: Note, source: str | None) -> ReadNote:
    return ReadNote(
        kind=n.kind,
        message=n.message,
        severity=n.severity,  # type: ignore[arg-type]
        file=source,
        line=n.line,
        table=n.table,
        row=n.row,
        column=n.column,
        cell=n.cell,
        candidates=n.candidates,
    )


def _identity(
    spec: FormatSpec, meta: Meta, agency: str | None, year: int | None, notes: list[Note]
) -> tuple[str, int]:
    for remark in meta.remarks:
        notes.append(Note("agency", "info", remark, meta.signature_line))
    found_agency = agency if agency is not None else meta.agency
    if found_agency is None:
        notes.append(
            Note("missing-agency", "warning", "no agency found (no report title, no signature)")
        )
        found_agency = ""
    found_year = year if year is not None else meta.year
    if found_year is None:
        found_year = spec.years.first
        notes.append(
            Note(
                "missing-year",
                "error",
                f"no report year found (no report title); the first year of format {spec.id}, "
                f"{found_year}, is assumed — give the year explicitly",
            )
        )
    return found_agency, found_year


def _cell_label(spec: FormatSpec, key: str) -> tuple[str, str]:
    cell = spec.cell(key)
    return cell.row_label, cell.column_label


def _settle(
    spec: FormatSpec, records: list[Record], prose: str
) -> tuple[dict[str, Value], list[Note]]:
    notes: list[Note] = []
    found: dict[str, list[_Found]] = {}
    flat: list[Record] = []
    cell_of = spec.cell
    for r in records:
        if r.leaf is None:
            continue
        if r.source == "flat":
            flat.append(r)
            continue
        rank = _RANK_ORDER if r.by_order else _RANK_LABEL
        row = f"{r.table}/{r.leaf}/"
        for column, text, line in r.values:
            key = row + column
            cell = cell_of(key)
            parsed = parse_cell(text, cell.kind, cell.unit)
            note = None
            if parsed.note:
                row_label, col_label = _cell_label(spec, key)
                note = Note(
                    parsed.note,
                    parsed.severity,
                    parsed.message,
                    line,
                    r.table,
                    row_label,
                    col_label,
                    key,
                )
            found.setdefault(key, []).append((rank, parsed.value, text, line, note))
    ambiguous: set[str] = set()
    if flat:
        known = {
            key: items[0][1]
            for key, items in found.items()
            if len({same_key(v) for _, v, *_ in items}) == 1 and not isinstance(items[0][1], str)
        }
        cells, split_notes, ambiguous = split_runs(spec, flat, known, prose)
        notes.extend(split_notes)
        for key, value, text, line, note in cells:
            found.setdefault(key, []).append((_RANK_FLAT, value, text, line, note))
    values: dict[str, Value] = {}
    for key, items in found.items():
        if len(items) == 1:  # the usual case: given once
            _, value, _, _, note = items[0]
            values[key] = value
            if note is not None:
                notes.append(note)
            continue
        best = min(rank for rank, *_ in items)
        top = [(value, text, line, note) for rank, value, text, line, note in items if rank == best]
        distinct = {same_key(value) for value, *_ in top}
        row_label, col_label = _cell_label(spec, key)
        table = key.split("/", 1)[0]
        value, text, line, note = top[0]
        if len(distinct) > 1:
            ambiguous.add(key)
            notes.append(
                Note(
                    "ambiguous",
                    "error",
                    "the input gives this cell more than once, with different values; left blank",
                    line,
                    table,
                    row_label,
                    col_label,
                    key,
                    tuple(dict.fromkeys(text for _, text, _, _ in top)),
                )
            )
            continue
        values[key] = value
        if note is not None:
            notes.append(note)
        for rank, other, other_text, other_line, _ in items:
            if rank != best and same_key(other) != same_key(value):
                notes.append(
                    Note(
                        "conflict",
                        "warning",
                        f"also given as {other_text!r} (line {other_line}); "
                        f"{text!r} kept, being matched more surely",
                        line,
                        table,
                        row_label,
                        col_label,
                        key,
                        (text, other_text),
                    )
                )
    if len(values) == len(spec.cells):  # (values holds cells of spec only: none is missing)
        return values, notes
    for cell in spec.cells:
        if cell.key not in values and cell.key not in ambiguous:
            notes.append(
                Note(
                    "missing-cell",
                    "error",
                    "the input does not give this cell; left blank",
                    None,
                    cell.table.id,
                    cell.row_label,
                    cell.column_label,
                    cell.key,
                )
            )
    return values, notes


def _narrative(
    doc: Document,
    headings: list[Heading],
    zones: list[Zone],
    meta: Meta,
    notes: list[Note],
    spec: FormatSpec,
) -> dict[str, str]:
    blocks = doc.blocks
    cut: dict[int, list[tuple[int, int]]] = {}
    for z in zones:
        cut.setdefault(z.block, []).append((z.start, z.end))
    texts: dict[str, list[str]] = {}
    index = label_index(spec)
    for n, h in enumerate(headings):
        nxt = headings[n + 1] if n + 1 < len(headings) else None
        tabled = bool(spec.section(h.section).tables)
        end_block = nxt.block if nxt else len(blocks) - 1
        parts: list[str] = []
        for k in range(h.block, end_block + 1):
            block = blocks[k]
            if not isinstance(block, Paragraph):
                continue
            if (
                nxt is None
                and block.line is not None
                and block.line in (meta.date_line, meta.signature_line)
            ):
                text = _strip_closing(block.text, meta)
            else:
                text = block.text
            start = h.end if k == h.block else 0
            stop = nxt.start if nxt is not None and k == nxt.block else len(text)
            kept = _subtract(text, start, stop, cut.get(k, []))
            if kept and tabled and _table_debris(kept, index):
                continue
            if kept:
                parts.append(kept)
        if parts:
            texts.setdefault(h.section, []).append("\n".join(parts))
    seen = {h.section for h in headings}
    for section in spec.sections:
        if section.key not in seen:
            notes.append(
                Note(
                    "missing-section",
                    "info",
                    f"no heading of section {section.title!r} found; its text is not read",
                )
            )
    return {k: "\n".join(v) for k, v in texts.items()}


def _table_debris(text: str, index: LabelIndex) -> bool:
    """True for a paragraph of a table section that is table labels, or a scrap of one.

    Sections that hold a table have no narrative of their own in the format;
    what PDF or crawler text leaves there between the rows is labels
    (``信息内容本年处理决定数量``) or pieces of labels broken over lines
    (``度办``, ``止公开``): at most 12 characters without sentence punctuation.
    """
    count, rest = index.cover(norm_flat(text))
    if count and rest == 0:
        return True
    return len(text) <= 12 and not any(ch in text for ch in "。，；！？,;")


def _strip_closing(text: str, meta: Meta) -> str:
    """Drop the signature and the closing date from the report's last paragraph(s)."""
    out = text
    if meta.published is not None:
        for form in (
            f"{meta.published.year}年{meta.published.month}月{meta.published.day}日",
            meta.published.isoformat(),
        ):
            if out.rstrip(" 。.").endswith(form):
                out = out.rstrip(" 。.")[: -len(form)]
    if meta.signature and out.strip().replace(" ", "").endswith(meta.signature):
        stripped = out.rstrip()
        idx = stripped.rfind(meta.signature[:2])
        if idx >= 0:
            out = stripped[:idx]
    return out.strip()


def _subtract(text: str, start: int, stop: int, cuts: list[tuple[int, int]]) -> str:
    pieces = []
    pos = start
    for a, b in sorted(cuts):
        if b <= pos or a >= stop:
            continue
        if a > pos:
            pieces.append(text[pos:a])
        pos = max(pos, b)
    if pos < stop:
        pieces.append(text[pos:stop])
    return "".join(pieces).strip()
