"""The pattern notation of statements, compiled to regular expressions in this one place.

Maintainers write how reports word a figure, not a regex::

    收到…申请…{N}件

* literal text, matched as written after NFKC folding (full-width ``，％１``
  are ``,%1``) and with every space and line break of the report ignored
  (PDF and crawler text breaks lines inside words);
* ``…`` (or ``……``): a gap of at most :data:`GAP` characters inside one
  clause — no digit and none of ``。，、；：！？`` (so a gap never runs into the
  next clause or over another figure);
* ``{N}``: the number stated (``34``, ``1,234``, ``12.5``), not preceded or
  followed by another digit; exactly one per pattern, unless the statement
  gives ``value`` (``未收到…申请`` states 0) — then none;
* ``{#}``: a number that is there but not the figure (``予以公开{#}件，占…{N}%``).

A pattern may not begin or end with a gap, and numbers must be separated
by text.  :func:`compile_pattern` raises :class:`PatternError`
with the 0-based offset of the problem; :func:`example` writes the shortest
sentence a pattern matches (tests and generated narratives use it).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterator

import attrs

__all__ = [
    "CLAUSE_MARKS",
    "GAP",
    "NUMBER",
    "Flat",
    "PatternError",
    "compile_pattern",
    "example",
    "flatten",
    "needle",
    "normal",
    "pieces",
]

GAP = 12
"""Characters one ``…`` may stand for."""
NUMBER = "{N}"
OTHER_NUMBER = "{#}"
_CLAUSE_MARKS = "。,、;:!?"
CLAUSE_MARKS = _CLAUSE_MARKS
"""Clause punctuation after NFKC (``，；：！？`` fold to their ASCII forms)."""
_GAP_RE = rf"[^\d{re.escape(_CLAUSE_MARKS)}]{{0,{GAP}}}?"
# Both begin with a plain \d (the regex engine then skips to the next digit fast); the
# look-behind after it says the digit before it was no digit or point: a whole number.
_NUMBER_RE = r"\d(?<![\d.]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?"
_OTHER_RE = r"\d(?<![\d.]\d)\d*(?:\.\d+)?(?!\d)"
_TOKEN = re.compile(r"\{N\}|\{#\}|…+|\.\.\.|[{}]")


class PatternError(ValueError):
    """A pattern is not valid notation; ``offset`` is the 0-based position of the problem."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        self.message = message
        self.offset = offset
        where = f" (at character {offset + 1})" if offset is not None else ""
        super().__init__(message + where)


def normal(text: str) -> str:
    """NFKC, without whitespace: the form literals and texts are compared in."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@attrs.frozen
class Flat:
    """A text in :func:`normal` form, knowing where in the original each character came from.

    The flat text is kept as runs copied from the original: run ``k`` starts
    at flat position ``starts[k]`` and original position ``origins[k]``, and
    goes on character for character to the next run.
    """

    text: str
    starts: tuple[int, ...]
    origins: tuple[int, ...]

    def origin(self, index: int) -> int:
        """The offset in the original text of flat character ``index``."""
        k = bisect.bisect_right(self.starts, index) - 1
        return self.origins[k] + index - self.starts[k]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of flat ``[start, end)`` (``end > start``)."""
        return self.origin(start), self.origin(end - 1) + 1


_RUN = re.compile(r"\S+")


_FOLDS: dict[int, str] = {}
"""Characters met that NFKC folds to one other character (bounded by Unicode's few thousand)."""


def flatten(text: str) -> Flat:
    """``text`` in :func:`normal` form, keeping where each character came from.

    Characters are folded one by one (so that each flat character has one
    origin).  When each folds to one character — all but rare ones such as
    ``㈠`` — that is one ``str.translate`` by the folds met so far, checked
    with ``unicodedata.is_normalized``, and one pass over the runs of
    non-space: no Python step per character.
    """
    folded = text.translate(_FOLDS)
    if not unicodedata.is_normalized("NFKC", folded):
        for ch in set(folded):
            fold = unicodedata.normalize("NFKC", ch)
            if fold != ch:
                if len(fold) != 1:
                    return _flatten_slowly(text)
                _FOLDS[ord(ch)] = fold
        folded = text.translate(_FOLDS)
    runs = list(_RUN.finditer(folded))
    starts = list(itertools.accumulate((len(m.group()) for m in runs[:-1]), initial=0))
    return Flat(
        "".join(m.group() for m in runs),
        tuple(starts) if runs else (),
        tuple(m.start() for m in runs),
    )


def _flatten_slowly(text: str) -> Flat:
    out: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    for i, ch in enumerate(text):
        for f in unicodedata.normalize("NFKC", ch):
            if not f.isspace():
                # a new run unless this character comes right after the last one's
                if not origins or origins[-1] + len(out) - starts[-1] != i:
                    starts.append(len(out))
                    origins.append(i)
                out.append(f)
    return Flat("".join(out), tuple(starts), tuple(origins))


def pieces(pattern: str) -> Iterator[tuple[str, str, int]]:
    """The pattern's pieces: ``("text", literal, offset)``, ``("gap", …)``, ``("number", …)``,
    ``("other", …)``; raises :class:`PatternError` on a stray brace."""
    pos = 0
    for m in _TOKEN.finditer(pattern):
        if m.start() > pos:
            yield "text", pattern[pos : m.start()], pos
        token = m.group()
        if token in "{}":
            raise PatternError(
                f"{token!r} is not notation: write {NUMBER} for the number, {OTHER_NUMBER} "
                "for another number",
                m.start(),
            )
        kind = "number" if token == NUMBER else "other" if token == OTHER_NUMBER else "gap"
        yield kind, token, m.start()
        pos = m.end()
    if pos < len(pattern):
        yield "text", pattern[pos:], pos


def compile_pattern(pattern: str, *, slot: bool = True) -> re.Pattern[str]:
    """The regex of ``pattern`` over :func:`normal` text; group ``n`` is the number.

    ``slot``: the pattern must have one ``{N}`` (False: it must have none).
    """
    parts: list[tuple[str, str, int]] = []
    for kind, text, offset in pieces(pattern):
        if kind == "text":
            text = normal(text)
            if not text:
                continue  # whitespace between pieces means nothing
        parts.append((kind, text, offset))
    if not parts:
        raise PatternError("a pattern needs text")
    numbers = [p for p in parts if p[0] == "number"]
    if slot and not numbers:
        raise PatternError(f"a pattern needs a number slot {NUMBER} (or the statement a value)")
    if not slot and numbers:
        raise PatternError(
            f"a statement with a value states it without a number slot: drop {NUMBER}",
            numbers[0][2],
        )
    if len(numbers) > 1:
        raise PatternError(f"a pattern has one number slot {NUMBER}", numbers[1][2])
    for edge in (parts[0], parts[-1]):
        if edge[0] == "gap":
            raise PatternError("a gap at the edge of a pattern matches nothing more", edge[2])
    if all(kind != "text" for kind, _, _ in parts):
        raise PatternError("a pattern needs text")
    regex: list[str] = []
    for (kind, text, offset), nxt in zip(parts, [*parts[1:], None], strict=True):
        if nxt is not None and kind == nxt[0] and kind != "text":
            raise PatternError(f"two {_NAMES[kind]}s side by side", nxt[2])
        if nxt is not None and {kind, nxt[0]} <= {"number", "other"}:
            raise PatternError("two numbers side by side cannot be told apart", nxt[2])
        if kind == "text":
            if nxt is not None and nxt[0] in ("number", "other") and text[-1].isdigit():
                raise PatternError("text ending in a digit cannot precede a number", nxt[2])
            if regex and _ends_in_number(regex) and text[0].isdigit():
                raise PatternError("text beginning with a digit cannot follow a number", offset)
            regex.append(re.escape(text))
        elif kind == "gap":
            regex.append(_GAP_RE)
        elif kind == "number":
            regex.append(f"(?P<n>{_NUMBER_RE})(?!\\d)")
        else:
            regex.append(_OTHER_RE)
    return re.compile("".join(regex))


_NAMES = {"gap": "gap", "number": "number slot", "other": "number"}


def _ends_in_number(regex: list[str]) -> bool:
    """Whether the regex built so far ends in a number."""
    return regex[-1].startswith("(?P<n>") or regex[-1] == _OTHER_RE


def needle(pattern: str) -> str:
    """The longest literal of ``pattern`` (normal form): a text without it cannot match."""
    texts = [normal(text) for kind, text, _ in pieces(pattern) if kind == "text"]
    return max(texts, key=len, default="")


def example(pattern: str, value: str = "", other: str = "1") -> str:
    """The shortest text ``pattern`` matches, stating ``value`` (gaps empty, ``{#}`` ``other``)."""
    fill = {"number": value, "other": other, "gap": ""}
    return "".join(text if kind == "text" else fill[kind] for kind, text, _ in pieces(pattern))
