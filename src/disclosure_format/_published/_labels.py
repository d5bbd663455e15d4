"""Label normalisation and the label index of a format.

Published reports never write a label exactly as the format does: Word splits
it over ``<span>`` s and lines (``本年新 制作数量``), publishers type
half-width brackets, drop or add ``的``, renumber (``(三)``, ``3、``), append
the format's own annotations or leave them out (``（二）部分公开`` for
``（二）部分公开（区分处理的，只计这一情形，不计其他情形）``), or use a variant
wording (``上年转结``).  Two labels *match* when their normalised forms are
equal; the variant wordings are data, the ``aliases`` of the definition.

:func:`norm` (whole labels, e.g. one table cell) does, in order:

1. NFKC: full-width letters, digits and brackets become half-width;
2. whitespace, quotes (``“”‘’"'「」``) and the particle ``的`` are deleted;
3. the numbering at the start is stripped (:func:`.._numbering.strip_numbering`);
4. every parenthesised annotation is deleted, except a bare numeral such as
   ``(一)`` or ``(5)`` (so ``第二十条第(五)项`` keeps its item number);
5. the punctuation ``,、;:。.·`` is deleted.

:func:`norm_flat` is for text in which several labels were run together
(crawler dumps, PDF text): it additionally deletes *every* numbering, also in
the middle (``三、本年度办理结果（一）予以公开`` → ``本年度办理结果予以公开``),
so that known labels can be found as substrings and suffixes.

The :class:`LabelIndex` of a format maps normalised labels to the places
they name (rows, columns, block captions, corners, sections, tables),
aliases included; it is built once per format from the definition alone.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

import attrs

from .._numbering import strip_numbering
from ..spec import Block, FormatSpec, Node, Table, path_key

__all__ = [
    "LabelIndex",
    "Place",
    "label_index",
    "nfkc",
    "norm",
    "norm_flat",
    "norm_flat_lines",
    "per_spec",
]

T = TypeVar("T")

_DROP = re.compile(r"[\s\"'“”‘’「」『』的]")
_PUNCT = re.compile(r"[,，、;；:：。.·•]")
_NUMERAL = "〇零一二两三四五六七八九十0-9"
_PARENS = re.compile(rf"\((?![{_NUMERAL}]{{1,3}}\))[^()]*\)")
_CN = "一二三四五六七八九十"
# ``[一…十]{1,3}、`` not after a numeral, ``(三)``, ``12.`` not after a digit nor
# before one.  Each branch starts with the character it needs and looks behind
# from there, so the engine skips to candidate characters instead of trying
# every branch at every position (three times faster on a whole page).
_ANY_NUMBERING = re.compile(
    rf"(?:[{_CN}](?<![{_NUMERAL}][{_CN}])[{_CN}]{{0,2}}、"
    rf"|\([{_NUMERAL}]{{1,3}}\)"
    rf"|[0-9](?<![0-9][0-9])[0-9]?[.、](?![0-9]))"
)


_WIDE = re.compile("[\uff01-\uff5e\u3000]")
_NARROW = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_SHORT = 64


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, several times faster on long Chinese text.

    Normalising a page's text costs ~100 ns a character, though all it
    changes there is the odd full-width ``，（）：`` (and U+3000).  Those are
    narrowed first — replacing characters by their NFKC forms leaves the
    text's NFKC form as it is — and the quick check then finds the text
    normalised; the full normalisation runs only when it does not.  Short
    texts go straight to ``normalize`` (the checks would cost more).
    """
    if len(text) < _SHORT:
        return unicodedata.normalize("NFKC", text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    narrowed = _WIDE.sub(_narrow, text)
    if unicodedata.is_normalized("NFKC", narrowed):
        return narrowed
    return unicodedata.normalize("NFKC", narrowed)


def _narrow(m: re.Match[str]) -> str:
    return _NARROW[m.group()]


def _fold(text: str) -> str:
    return _DROP.sub("", nfkc(text))


_CACHE_BELOW = 200  # labels are short; long texts (whole paragraphs) are not worth caching


def norm(text: str) -> str:
    """The normalised form of one whole label (see the module documentation)."""
    return _norm(text) if len(text) < _CACHE_BELOW else _norm.__wrapped__(text)


def norm_flat(text: str) -> str:
    """The normalised form of a run of labels: :func:`norm` minus every numbering."""
    return _norm_flat(text) if len(text) < _CACHE_BELOW else _norm_flat.__wrapped__(text)


@functools.lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    folded = _fold(text)
    stripped = strip_numbering(folded)
    # Annotations may nest one level: remove inner ones first.
    previous = None
    while previous != stripped:
        previous = stripped
        stripped = _PARENS.sub("", stripped)
    return _PUNCT.sub("", stripped)


def norm_flat_lines(texts: Iterable[str]) -> str:
    """``norm_flat("\n".join(texts))``, with the short texts' NFKC forms cached.

    For a page's blocks and cells, which repeat from page to page (the
    labels).  The same result: NFKC never combines across a line break and
    :func:`_fold` deletes line breaks, so the fold of the joined text is the
    folds of its lines put together.
    """
    return _flat_folded(
        "".join([_fold_cached(t) if len(t) < _CACHE_BELOW else _fold(t) for t in texts])
    )


@functools.lru_cache(maxsize=8192)
def _fold_cached(text: str) -> str:
    return _fold(text)


@functools.lru_cache(maxsize=8192)
def _norm_flat(text: str) -> str:
    return _flat_folded(_fold(text))


def _flat_folded(folded: str) -> str:
    """:func:`norm_flat` after :func:`_fold`."""
    folded = _ANY_NUMBERING.sub("", folded)
    previous = None
    while previous != folded:
        previous = folded
        folded = _PARENS.sub("", folded)
    return _PUNCT.sub("", folded)


@attrs.frozen
class Place:
    """What a label names: a row or column node, a caption, a corner, a section or a table.

    ``kind`` is ``row``, ``column``, ``caption``, ``corner``, ``section`` or
    ``table``; ``key`` the dotted node key (rows, columns), the section key
    or the table id; ``leaf`` whether the node holds data.
    """

    kind: str
    table: str | None
    block: str | None
    key: str
    leaf: bool = False
    official: str = ""


def _labels(node: Node) -> Iterable[str]:
    yield node.label
    yield from node.aliases


@attrs.frozen
class LabelIndex:
    """The labels of one format, normalised, with what each names.

    ``exact`` maps :func:`norm` forms to places; ``flat`` maps
    :func:`norm_flat` forms to places (for runs of labels); ``distinctive``
    holds the :func:`norm` forms found in this format and in no other format
    given when the index was built (see :func:`distinctive_labels`).
    """

    spec: FormatSpec
    exact: dict[str, tuple[Place, ...]]
    flat: dict[str, tuple[Place, ...]]
    flat_max: int

    def lookup(self, text: str, kind: str | None = None) -> tuple[Place, ...]:
        """The places a whole label names (of ``kind`` if given)."""
        found = self.exact.get(norm(text), ())
        return found if kind is None else tuple(p for p in found if p.kind == kind)

    def suffixes(self, flat_text: str) -> list[tuple[str, tuple[Place, ...]]]:
        """The known labels ``flat_text`` (a :func:`norm_flat` form) ends with, longest first."""
        out = []
        for n in range(min(self.flat_max, len(flat_text)), 0, -1):
            places = self.flat.get(flat_text[-n:])
            if places:
                out.append((flat_text[-n:], places))
        return out

    def cover(self, flat_text: str) -> tuple[int, int]:
        """Strip known labels off the end of ``flat_text`` (longest first, greedily).

        Returns (number of labels stripped, characters left unexplained at the
        start): a run made only of table labels leaves nothing.
        """
        labels, end = self.covering(flat_text)
        return len(labels), end

    def covering(self, flat_text: str) -> tuple[list[str], int]:
        """:meth:`cover`, with the labels stripped (last first) instead of their number."""
        labels = []
        end = len(flat_text)
        while end > 0:
            for n in range(min(self.flat_max, end), 0, -1):
                if flat_text[end - n : end] in self.flat:
                    labels.append(flat_text[end - n : end])
                    end -= n
                    break
            else:
                break
        return labels, end


def _add(index: dict[str, list[Place]], key: str, place: Place) -> None:
    if key:
        entries = index.setdefault(key, [])
        if place not in entries:
            entries.append(place)


def _tree_places(
    table: Table, block: Block, nodes: tuple[Node, ...], kind: str
) -> Iterable[tuple[str, Place]]:
    paths = block.row_paths if kind == "row" else block.column_paths
    leaves = {path_key(p) for p in paths}
    for path_nodes in (block.row_nodes if kind == "row" else block.column_nodes).values():
        node = path_nodes[-1]
        key = path_key(path_nodes)
        place = Place(kind, table.id, block.key, key, key in leaves, node.label)
        for label in _labels(node):
            yield label, place


def per_spec(build: Callable[[FormatSpec], T]) -> Callable[[FormatSpec], T]:
    """Cache ``build(spec)`` by the identity of ``spec``.

    Specs are immutable, but hashing one walks its whole tree (attrs hashes
    by value), which would cost more than the lookups it saves.
    """
    cache: dict[int, tuple[FormatSpec, T]] = {}

    @functools.wraps(build)
    def cached(spec: FormatSpec) -> T:
        entry = cache.get(id(spec))
        if entry is None or entry[0] is not spec:
            entry = (spec, build(spec))
            cache[id(spec)] = entry
        return entry[1]

    return cached


@per_spec
def label_index(spec: FormatSpec) -> LabelIndex:
    """The label index of ``spec`` (cached: specs are immutable)."""
    exact: dict[str, list[Place]] = {}
    flat: dict[str, list[Place]] = {}

    def add(label: str, place: Place) -> None:
        _add(exact, norm(label), place)
        _add(flat, norm_flat(label), place)

    for section in spec.sections:
        for title in (section.title, *section.aliases):
            add(title, Place("section", None, None, section.key, official=section.title))
    for table in spec.tables:
        add(table.caption, Place("table", table.id, None, table.id, official=table.caption))
        for block in table.blocks:
            if block.caption:
                add(
                    block.caption,
                    Place("caption", table.id, block.key, block.key, official=block.caption),
                )
            if block.corner:
                add(
                    block.corner,
                    Place("corner", table.id, block.key, block.key, official=block.corner),
                )
            for kind in ("row", "column"):
                nodes = block.rows if kind == "row" else block.columns
                for label, place in _tree_places(table, block, nodes, kind):
                    add(label, place)
    frozen_flat = {k: tuple(v) for k, v in flat.items()}
    return LabelIndex(
        spec,
        {k: tuple(v) for k, v in exact.items()},
        frozen_flat,
        max((len(k) for k in frozen_flat), default=0),
    )


def distinctive_labels(spec: FormatSpec, others: Iterable[FormatSpec]) -> frozenset[str]:
    """The :func:`norm_flat` forms of table labels of ``spec`` found in none of ``others``.

    A label that is a substring of a label of another format (``处理决定数量``
    in ``本年处理决定数量``) is left out too, so that searching a text for
    the distinctive labels of one format never hits a label of another.
    """
    mine = {
        k
        for k, places in label_index(spec).flat.items()
        if any(p.kind in ("row", "column") for p in places)
    }
    theirs: set[str] = set()
    for other in others:
        if other.id != spec.id:
            theirs.update(label_index(other).flat)
    return frozenset(k for k in mine if len(k) >= 4 and not any(k in t for t in theirs))
