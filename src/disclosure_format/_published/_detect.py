"""What a published report is: its format version, agency, year, date and sections.

Everything here works on the extracted :class:`~.._extract.Document` and the
format definitions; no label is written in this module.

Format version
    Each format's *distinctive labels* are the table labels that no other
    format has (:func:`._labels.distinctive_labels` — ``本年制发件数`` for
    2021, ``本年新制作数量`` for 2019).  The document's text (paragraphs and
    cells, :func:`._labels.norm_flat`) is searched for them; the format with
    the most hits wins.  With no hit (or a tie), the format that governs the
    report year decides.  When both are known and disagree, the labels win and
    a note says so (agencies do use the old form after a switch).

Title (agency and year)
    Among the first 60 paragraphs before the first section heading (their
    first 400 characters; crawler headers ``标题:`` included), the first that
    — alone or joined to the next one, for titles broken over two lines — reads
    ``<agency><year>年[度]<report>`` or ``<year>年[度]<agency><report>``, where ``<report>`` is
    ``政府信息公开[工作][年度]报告`` (or ``政务公开…``).  The agency is the run
    of CJK text (with brackets) next to the year, so page chrome before it
    (``当前位置：首页…``) is not taken.

Signature
    The short paragraph (at most 40 characters, no sentence punctuation) just
    before the closing date, or the last clause of the final paragraph before
    it.  When the title's agency is part of a signature on a line of its own
    (``北仑区科技局`` in ``宁波市北仑区科技局``), the longer signature is taken;
    a signature cut from the end of a paragraph may have text glued to it, so
    there the title's agency is kept; when they differ otherwise, the title
    wins and the signature is noted.

Publication date
    The date that closes the report (``2024年1月10日`` or ``2024-01-10`` as the
    last thing after the last section, alone or ending the last paragraph);
    else a publication header (``发布时间:``, ``发布日期:``, ``公开日期``, in a
    paragraph or a metadata grid).

Sections
    A heading is a paragraph whose :func:`._labels.norm` form is a section's
    title or alias (any numbering, or none), or — inside a long paragraph, as
    in crawler dumps — the title with a top-level numbering (``二、``) before
    it, spaces allowed between characters.  A section's text runs from its
    heading to the next one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from datetime import date

import attrs

from .._extract import Document, Grid, Paragraph
from .._numbering import numbering, strip_numbering
from ..registry import FormatRegistry
from ..spec import FormatSpec
from ._labels import (
    distinctive_labels,
    label_index,
    nfkc,
    norm,
    norm_flat_lines,
    per_spec,
)

__all__ = ["Heading", "Meta", "detect_format", "find_headings", "find_meta", "tolerant_section"]

_REPORT = (
    r"(?:政府信息公开|政务公开|信息公开)\s*(?:工\s*作\s*)?(?:年\s*度\s*)?(?:工\s*作\s*)?报\s*告"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)\s*年\s*(?:度\s*)?"
_AGENCY = r"[\u4e00-\u9fff（）()·]{2,40}"
_TITLE_A = re.compile(rf"(?P<agency>{_AGENCY}?)\s*{_YEAR}{_REPORT}")
_TITLE_B = re.compile(rf"{_YEAR}(?P<agency>{_AGENCY}?)\s*{_REPORT}")
_A_YEAR = re.compile(r"(?:19|20)\d\d\s*年")  # what both title patterns hold (in _YEAR)
_DATE_CN = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})")
_HEADER_DATE = re.compile(r"(?:发布时间|发布日期|公开日期|成文日期|印发日期)\s*[:：]?\s*")
_SENTENCE_END = re.compile(r"[。！？；;!?]")
_TITLE_PARAGRAPHS = 60  # the title is near the top, after page chrome at most
_TITLE_CHARS = 400  # …and near the start of its paragraph (crawler dumps: "当前位置：…")
_METADATA_ROWS = 12  # metadata grids (名称/索引号/公开日期…) are small
_TOP_NUMBERING = "[一二三四五六七八九十]{1,2}\\s*[、．.]\\s*"
_NUMBERED = re.compile(_TOP_NUMBERING)


@attrs.frozen
class Meta:
    """Agency, year and publication date as found, with where each came from."""

    agency: str | None
    year: int | None
    published: date | None
    title_line: int | None = None
    signature: str | None = None
    signature_line: int | None = None
    date_line: int | None = None
    remarks: tuple[str, ...] = ()


@attrs.frozen
class Heading:
    """A section heading: section key, block index, and character span in the block's text."""

    section: str
    block: int
    start: int
    end: int
    line: int | None
    tolerated: str | None = None
    """The heading as written when it was recognised only within the tolerance
    (:func:`tolerant_section`): a typo, a character more or less."""
    edits: int = 0
    """How many edits it is from the title (or variant) it was taken for."""


def _texts(doc: Document) -> list[str]:
    """Every paragraph and cell text, in document order (a list: no generator per grid)."""
    texts = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        else:
            texts.extend([c.text for c in block.cells])
    return texts


def detect_format(
    doc: Document, registry: FormatRegistry, year: int | None
) -> tuple[FormatSpec | None, dict[str, int]]:
    """The format the document's labels point to (or its year's), and the hits per format."""
    specs = list(registry)
    text = norm_flat_lines(_texts(doc))
    hits = {}
    for spec in specs:
        others = tuple(o for o in specs if o is not spec)
        hits[spec.id] = sum(1 for label in _distinctive(spec, others) if label in text)
    best = max(hits.values(), default=0)
    leaders = [s for s in specs if hits[s.id] == best and best > 0]
    if len(leaders) == 1:
        return leaders[0], hits
    if year is not None:
        candidates = leaders or specs
        for spec in candidates:
            if spec.governs(year):
                return spec, hits
    return None, hits


_DISTINCTIVE: dict[tuple[int, ...], tuple[tuple[FormatSpec, ...], frozenset[str]]] = {}


def _distinctive(spec: FormatSpec, others: tuple[FormatSpec, ...]) -> frozenset[str]:
    key = (id(spec), *map(id, others))
    entry = _DISTINCTIVE.get(key)
    if (
        entry is None
        or entry[0] != (spec, *others)
        or any(a is not b for a, b in zip(entry[0], (spec, *others), strict=True))
    ):
        entry = ((spec, *others), distinctive_labels(spec, others))
        _DISTINCTIVE[key] = entry
    return entry[1]


def _title(text: str) -> tuple[str, int] | None:
    if "年" not in text or "告" not in text:  # both patterns need them: skip the search
        return None
    if not _A_YEAR.search(text):  # nor without a year (their searches cost ~30 µs a paragraph)
        return None
    text = re.sub(r"^\s*(?:标题|名称|题目)\s*[:：]\s*", "", text)
    best = None
    for pattern in (_TITLE_A, _TITLE_B):
        m = pattern.search(text)
        if m and m["agency"] and (best is None or m.start() < best[0]):
            best = (m.start(), m["agency"].strip(), int(m["year"]))
    if best is None:
        return None
    return best[1], best[2]


def _date(text: str, *, at_end: bool) -> tuple[date, int] | None:
    """A date in ``text`` (the last one, ending the text if ``at_end``) and its start."""
    found = None
    for pattern in (_DATE_CN, _DATE_ISO):
        for m in pattern.finditer(text):
            if at_end and text[m.end() :].strip(" 。.\u3000"):
                continue
            try:
                d = date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
            if found is None or m.start() > found[1]:
                found = (d, m.start())
    return found


def find_meta(doc: Document, headings: Sequence[Heading], *, title_only: bool = False) -> Meta:
    """Agency, year and date of the report (see the module documentation).

    ``title_only`` looks at the title alone (the year decides the format
    before the headings, which need the format, can be found).
    """
    blocks = doc.blocks
    first_heading = headings[0].block if headings else len(blocks)
    last_heading = headings[-1].block if headings else 0
    agency = year = None
    title_line = None
    paragraphs = [(k, b) for k, b in enumerate(blocks) if isinstance(b, Paragraph)]
    for pos, (k, block) in enumerate(paragraphs[:_TITLE_PARAGRAPHS]):
        if k > first_heading:
            break
        candidates = [block.text[:_TITLE_CHARS]]
        # a title broken over two lines, but not a line of page chrome before a whole title
        if pos + 1 < len(paragraphs) and _title(paragraphs[pos + 1][1].text[:_TITLE_CHARS]) is None:
            candidates.append(
                block.text[:_TITLE_CHARS] + paragraphs[pos + 1][1].text[:_TITLE_CHARS]
            )
        for text in candidates:
            found = _title(text)
            if found:
                agency, year = found
                title_line = block.line
                break
        if agency is not None:
            break
    if title_only:
        return Meta(agency, year, None, title_line)
    published = None
    date_line = None
    glued = False  # the signature was cut from the end of a paragraph, not a line of its own
    signature = None
    signature_line = None
    # the date that closes the report, and the signature before it
    tail = [(k, b) for k, b in paragraphs if k >= last_heading]
    for pos in range(len(tail) - 1, max(len(tail) - 4, -1), -1):
        k, block = tail[pos]
        found_date = _date(block.text, at_end=True)
        if found_date is None:
            continue
        published, start = found_date
        date_line = block.line
        heads = [h.end for h in headings if h.block == k and h.end <= start]
        before = block.text[max(heads, default=0) : start].strip()
        if before:
            clause = _SENTENCE_END.split(before)[-1].strip()
            if 2 <= len(clause) <= 40:
                signature, signature_line = clause, block.line
                glued = True
        elif pos > 0:
            text = tail[pos - 1][1].text.strip()
            if (
                2 <= len(text) <= 40
                and not _SENTENCE_END.search(text)
                and not _DATE_CN.search(text)
            ):
                signature, signature_line = text, tail[pos - 1][1].line
        break
    if published is None:
        published, date_line = _header_date(doc)
    remarks: list[str] = []
    if signature:
        signature = re.sub(r"\s+", "", signature)
    if agency and signature and norm(agency) != norm(signature):
        if norm(agency) in norm(signature) and not glued:
            agency = signature
        else:
            remarks.append(f"the signature names {signature!r}, the title {agency!r}")
    elif agency is None and signature:
        agency = signature
    return Meta(
        agency, year, published, title_line, signature, signature_line, date_line, tuple(remarks)
    )


def _header_date(doc: Document) -> tuple[date | None, int | None]:
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            for m in _HEADER_DATE.finditer(block.text):
                found = _date(block.text[m.end() : m.end() + 20], at_end=False)
                if found:
                    return found[0], block.line
        elif isinstance(block, Grid) and block.n_rows <= _METADATA_ROWS:
            # a header cell holds a header's words: without them anywhere in the
            # grid, its matrix need not be built
            if not _HEADER_DATE.search("\n".join([c.text for c in block.cells])):
                continue
            rows = block.text_rows()
            for row in rows:
                for j, text in enumerate(row[:-1]):
                    if _HEADER_DATE.match(text + ":") and _HEADER_DATE.sub("", text + ":") == "":
                        found = _date(row[j + 1], at_end=False)
                        if found:
                            return found[0], block.line
    return None, None


@per_spec
def _heading_patterns(spec: FormatSpec) -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for section in spec.sections:
        for title in (section.title, *section.aliases):
            body = strip_numbering(unicodedata.normalize("NFKC", title).replace(" ", ""))
            spaced = r"\s*".join(_char_pattern(ch) for ch in body)
            out.append((section.key, re.compile(f"{_TOP_NUMBERING}{spaced}")))
    return tuple(out)


def _char_pattern(ch: str) -> str:
    """A title character as it may be written: punctuation and 的 may be left out."""
    if ch in "、，,；;：:":
        return "[、，,；;：:]?"
    if ch == "的":
        return "的?"
    return re.escape(ch)


@functools.lru_cache(maxsize=1024)
def _top_level(text: str) -> bool:
    """True if ``text`` has a top-level numbering (``二、``) or none: a section's heading.

    Cached: pages repeat their headings (and the text is at most 60 characters).
    """
    style = numbering(nfkc(text).strip())
    return style is None or style.style == "top"


@per_spec
def _titles(spec: FormatSpec) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(section key, normal form, its characters) of every section title and alias."""
    out = []
    for section in spec.sections:
        for title in (section.title, *section.aliases):
            form = norm(title)
            out.append((section.key, form, frozenset(form)))
    return tuple(out)


def _distance(a: str, b: str, bound: int) -> int | None:
    """The edit distance of ``a`` and ``b`` if at most ``bound``, else None (banded)."""
    if abs(len(a) - len(b)) > bound:
        return None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [bound + 1] * len(b)
        for j in range(max(1, i - bound), min(len(b), i + bound) + 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != b[j - 1])
            )
        if min(current) > bound:
            return None
        previous = current
    return previous[-1] if previous[-1] <= bound else None


_MIN_TOLERATED = 4
"""Normal forms shorter than this are never matched within a tolerance."""


def tolerance(form: str) -> int:
    """The edits a heading may differ by from a title of normal form ``form``: max(1, len/8)."""
    return max(1, len(form) // 8)


def tolerant_section(text: str, spec: FormatSpec) -> tuple[str, int] | None:
    """The section whose title or alias ``text`` (a short paragraph) is a typo of, if one,
    and the number of edits between them.

    On the normal forms (:func:`._labels.norm`: numbering, punctuation,
    spaces and ``的`` gone, full-width folded) the edit distance must be at
    most :func:`tolerance` of the title's, and smaller for that section than
    for any other; a text with sentence punctuation, or whose numbering is a
    sub-heading's (``（一）``), is no heading.
    """
    written = norm(text)
    if len(written) < _MIN_TOLERATED or _SENTENCE_END.search(text):
        return None
    style = numbering(nfkc(text).strip())
    if style is not None and style.style == "paren":
        return None
    have = set(written)
    best: dict[str, int] = {}
    for key, form, chars in _titles(spec):
        bound = tolerance(form)
        if len(chars - have) > bound:  # each character of the title not written is an edit
            continue
        found = _distance(written, form, bound)
        if found is not None and found < best.get(key, bound + 1):
            best[key] = found
    if not best:
        return None
    closest = min(best.values())
    keys = [key for key, found in best.items() if found == closest]
    return (keys[0], closest) if len(keys) == 1 else None


def find_headings(doc: Document, spec: FormatSpec) -> list[Heading]:
    """The section headings of ``doc``, in document order (see the module documentation)."""
    index = label_index(spec)
    out: list[Heading] = []
    for k, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        if len(block.text) <= 60:  # a heading alone (normalised only here: long texts cost)
            places = index.exact.get(norm(block.text), ())
            sections = [p for p in places if p.kind == "section"]
            if sections and _top_level(block.text):
                out.append(Heading(sections[0].key, k, 0, len(block.text), block.line))
            elif not places:  # (a label of a table is no heading, however close)
                tolerated = tolerant_section(block.text, spec)
                if tolerated is not None:
                    key, edits = tolerated
                    line = block.line
                    out.append(Heading(key, k, 0, len(block.text), line, block.text, edits))
            continue
        if not _NUMBERED.search(block.text):
            continue  # every heading pattern starts with a top-level numbering
        found = []
        for key, pattern in _heading_patterns(spec):
            for m in pattern.finditer(block.text):
                found.append(Heading(key, k, m.start(), m.end(), block.line))
        found.sort(key=lambda h: (h.start, -h.end))
        last_end = -1
        for h in found:
            if h.start >= last_end:
                out.append(h)
                last_end = h.end
    return out
