"""The HTML tokenizer: start tags, end tags and text, as ``html.parser`` finds them, faster.

Reading a report page used to spend most of its time in the standard
library's :class:`html.parser.HTMLParser`, which costs several Python calls
and regular-expression matches per tag and counts lines at every token.
Word exports wrap each piece of text in three or four tags (``<p>``,
``<span>``, ``<font>``, ``<o:p>``), so a report page is mostly tags.

:class:`Tokenizer` gives the same events as ``HTMLParser(convert_charrefs=True)``
fed the whole text and closed — the same tags, attributes and text, at the
same places, for *any* input — so that what extraction makes of a page does
not depend on which tokenizer read it.  It gets there in two tiers:

* a **fast path** for the tags real pages are made of: one compiled pattern
  recognises a start tag of plain form (a name, then attributes separated by
  whitespace, each bare or ``name=value`` with a quoted or a simple unquoted
  value) or a plain end tag, and the text up to the next ``<`` is one slice.
  Consecutive plain tokens are matched back to back by one scanner.
  Attributes are parsed only for the tags the caller asks for
  (:attr:`Tokenizer.attributes_of`), tags the caller has no use for are not
  handed out at all (:attr:`Tokenizer.reported`: inline markup, for
  extraction), and line numbers are counted only when the caller asks
  (:meth:`Tokenizer.line_at`).  Every input the fast patterns
  accept is one on which ``HTMLParser`` takes its own plain path with the
  same result;
* a **faithful path** for everything else (junk inside tags, ``<!``
  declarations, ``<?`` processing instructions, a ``<`` that starts no tag,
  unterminated constructs, ``<script>``/``<style>`` content): the
  ``HTMLParser`` algorithm and its patterns, transcribed from CPython 3.11.

The one deliberate difference is ``<![ … >`` (Word's ``<![if !supportLists]>``
and ``<![CDATA[…]]>``), dropped up to the first ``>`` as browsers do, where the
standard library raises on unknown keywords; the previous reader made the
same change by overriding ``parse_html_declaration``.  A test drives this
tokenizer and ``HTMLParser`` over random tag soup and Word-damaged pages and
compares the event streams (``tests/extract/test_extract_tokenize.py``).
Comments, declarations and processing instructions produce no event.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from html import unescape

__all__ = ["Attrs", "Tokenizer", "fast_attrs", "plain_start_tag", "plain_tag"]

# -- the fast path ----------------------------------------------------------
# Whitespace between attributes is ASCII only: HTMLParser's patterns mix
# ASCII-only classes (tag names) and Unicode ``\s`` (attributes), and plain
# tags are the ones on which both readings agree.
_WS = "[ \t\n\r\f]"
# Possessive quantifiers throughout: each piece can only end where it ends
# (a name, a value, a run of whitespace is followed by a character it cannot
# hold), so backtracking into one never finds another match, and not keeping
# the means to makes the pattern a fifth faster.
_NAME = "[a-zA-Z][-a-zA-Z0-9:_.]*+"
_ATTR_NAME = "[a-zA-Z_:][-a-zA-Z0-9_:.]*+"
# An unquoted value must end at whitespace or at ``>``: HTMLParser's unquoted
# values run up to whitespace or ``>``, so ``src=a.png/>`` keeps its slash.
_VALUE = rf"""(?:"[^"]*+"|'[^']*+'|[^\s"'=<>`/]++(?={_WS}|>))"""
_ATTRS = rf"(?:{_WS}++{_ATTR_NAME}(?:{_WS}*+={_WS}*+{_VALUE})?)*+"
# Text up to the next "<" (group 1), a plain end tag (2), or a plain start
# tag: name (3), attribute part (4), then a self-closing slash (5), or the
# tag's text (6) when the tag's own end tag (same spelling) follows it — an
# *element* (``<p class=x>text</p>``), one match where there were three.
_PLAIN = re.compile(
    rf"([^<]++)|<(?:/({_NAME}){_WS}*+>|({_NAME})({_ATTRS}){_WS}*+"
    rf"(?:(/)>|>(?:([^<]*+)</\3{_WS}*+>)?))"
)


def _tag_name(names: Collection[str]) -> str:
    """The source of a pattern for a tag name among ``names`` (in any case), whole.

    The names are tried in the order given, so that the commonest come
    first; and a class of their first letters goes first, because the
    regular-expression engine skips a branch by its first character only
    when it is a plain one: without it an end tag such as ``</td>`` is tried
    against every name, case-insensitively, before it is found no match.
    """
    first = sorted({c for n in names for c in (n[:1].lower(), n[:1].upper())})
    alternatives = "|".join(map(re.escape, names))
    return rf"(?=[{re.escape(''.join(first))}])(?ai:{alternatives})(?![-a-zA-Z0-9:_.])"


def plain_tag(names: Collection[str] | None = None, *, exclude: Collection[str] = ()) -> str:
    """The source of a pattern for one tag that the fast path reads as a plain tag.

    A start tag, a self-closing tag or an end tag (no groups), named one of
    ``names`` (any name if ``None``; the commonest first, see :func:`_tag_name`)
    and none of ``exclude``, in any case;
    the attributes are the fast path's own (:data:`_ATTRS`; a quoted value
    may hold a ``<``, as there).  Text made of such tags and of text without
    ``<`` is therefore one the fast path tokenizes alone, into these same
    tags, so a handler may read a stretch of it with patterns of its own
    (see :meth:`Tokenizer.skip_to`).  (Quoted values are ``[^"]*+``, not
    ``[^"<]*+``: the regular-expression engine runs a one-character class
    three times as fast, and Word's ``style`` values are long.)
    """
    attrs = _ATTRS
    name = _NAME
    if names is not None:
        name = _tag_name(names)
    if exclude:
        avoid = "|".join(sorted(map(re.escape, exclude)))
        name = rf"(?!(?ai:{avoid})(?![-a-zA-Z0-9:_.])){name}"
    return rf"<(?:/{name}{_WS}*+|{name}{attrs}{_WS}*+/?)>"


def plain_start_tag(names: Collection[str]) -> str:
    """The source of a pattern for a start or self-closing tag named one of ``names``.

    Exactly the start tags the fast path takes (any attribute values), in
    any case; group 1 is the attribute part, for :func:`fast_attrs`.
    """
    return rf"<{_tag_name(names)}({_ATTRS}){_WS}*+/?>"


# Within the attribute part the fast pattern took, a value simply ends where it ends.
_FAST_ATTR = re.compile(rf"""({_ATTR_NAME})(?:{_WS}*={_WS}*("[^"]*"|'[^']*'|[^\s"'=<>`/]+))?""")

# -- the faithful path: CPython 3.11 html/parser.py and _markupbase.py -------
_STARTTAGOPEN = re.compile("<[a-zA-Z]")
_COMMENTCLOSE = re.compile(r"--\s*>")
_TAGFIND_TOLERANT = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRFIND_TOLERANT = re.compile(
    r'((?<=[\'"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*'
    r'(\'[^\']*\'|"[^"]*"|(?![\'"])[^>\s]*))?(?:\s|/(?!>))*'
)
_LOCATESTARTTAGEND_TOLERANT = re.compile(
    r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*       # tag name
  (?:[\s/]*                          # optional whitespace before attribute name
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*  # attribute name
      (?:\s*=+\s*                    # value indicator
        (?:'[^']*'                   # LITA-enclosed value
          |"[^"]*"                   # LIT-enclosed value
          |(?!['"])[^>\s]*           # bare value
         )
        \s*                          # possibly followed by a space
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*                                # trailing whitespace
""",
    re.VERBOSE,
)
_ENDTAGFIND = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
_CDATA_ELEMENTS = ("script", "style")
_CDATA_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.IGNORECASE) for tag in _CDATA_ELEMENTS}
_LETTERS_OR_SLASH = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ=/")

Attrs = list[tuple[str, str | None]]


class Tokenizer:
    """Tokenize one whole text; subclasses handle the events.

    The ``handle_*`` methods get the position (character offset) where the
    token starts; :meth:`line_at` turns a position into a 1-based line
    number, the way ``HTMLParser.getpos`` counts (``\\n`` only: normalise
    line endings first).  ``attributes_of`` names the tags whose attributes
    the handlers need and ``attribute_names`` the attributes (``None``: all);
    other start tags are handed an empty list and other attributes are left
    out, so that most tags cost no attribute parsing at all.
    """

    attributes_of: Collection[str] | None = None
    attribute_names: Collection[str] | None = None
    reported: Collection[str] | None = None
    """The tags whose plain start and end tags are handed out (``None``: all).

    The others are consumed silently, for a handler that knows they would
    change nothing; a handler may change this at any event.  Tags read on
    the faithful path are always handed out.
    """

    def __init__(self) -> None:
        self._text = ""
        self._line_pos = 0
        self._line = 1
        self._resume = 0
        self.token_end = -1
        """Where the start tag being handled ends (-1 inside :meth:`handle_element`)."""

    # -- events (override) ---------------------------------------------------
    def handle_starttag(self, tag: str, attrs: Attrs, pos: int) -> None:
        """A start tag ``<tag …>``."""

    def handle_startendtag(self, tag: str, attrs: Attrs, pos: int) -> None:
        """A self-closing tag ``<tag …/>``."""

    def handle_endtag(self, tag: str, pos: int) -> None:
        """An end tag ``</tag>``."""

    def handle_data(self, data: str, pos: int) -> None:
        """Text, character references resolved (raw inside ``<script>``/``<style>``)."""

    def handle_element(
        self, tag: str, attrs: Attrs, text: str, pos: int, text_pos: int, end: int
    ) -> None:
        """``<tag …>text</tag>``: start tag at ``pos``, text at ``text_pos``, end tag at ``end``.

        ``text`` has no markup (character references resolved).  This
        default hands out the three events (no text event for empty text); a
        subclass may do all three at once.
        """
        self.token_end = -1  # the text is consumed already: nothing to skip
        self.handle_starttag(tag, attrs, pos)
        if text:
            self.handle_data(text, text_pos)
        self.handle_endtag(tag, end)

    def skip_to(self, pos: int) -> None:
        """Resume scanning at ``pos`` once the start tag being handled is done.

        For a handler that read the text after the tag (from
        :attr:`token_end` to ``pos``) itself, faster than event by event;
        the tokenizer hands out no events for that text.
        """
        self._resume = pos

    @property
    def text(self) -> str:
        """The text being tokenized."""
        return self._text

    # -- positions -------------------------------------------------------------
    def line_at(self, pos: int) -> int:
        """The 1-based line of position ``pos`` (cheap for positions met in order)."""
        if pos < self._line_pos:
            self._line_pos, self._line = 0, 1
        self._line += self._text.count("\n", self._line_pos, pos)
        self._line_pos = pos
        return self._line

    @property
    def last_line(self) -> int:
        """The last line number computed (where the tokenizer was, roughly)."""
        return self._line

    # -- the scan --------------------------------------------------------------
    def tokenize(self, text: str) -> None:
        """Tokenize ``text`` from start to end, calling the ``handle_*`` methods."""
        self._text = text
        self._line_pos, self._line = 0, 1
        n = len(text)
        scan = _PLAIN.scanner  # type: ignore[attr-defined]  # (undocumented, in CPython since 2.0)
        wanted = self.attributes_of
        names = self.attribute_names
        on_start = self.handle_starttag
        on_startend = self.handle_startendtag
        on_end = self.handle_endtag
        on_data = self.handle_data
        on_element = self.handle_element
        cdata: str | None = None
        i = 0
        while i < n:
            if cdata is not None:
                m = _CDATA_END[cdata].search(text, i)
                if m is None:
                    return  # unclosed <script>: HTMLParser drops the rest
                j = m.start()
                if i < j:
                    on_data(text[i:j], i)
                k = self._endtag(j, cdata)  # the match holds a ">": never -1
                if self._cdata_closed:
                    cdata = None
                i = max(k, m.end())
                continue
            # plain tokens back to back, each one match of one pattern
            reported = self.reported
            end = i
            for m in iter(scan(text, i).match, None):
                pos = end
                end = m.end()
                kind = m.lastindex
                if kind == 1:  # text
                    chunk = m.group(1)
                    on_data(unescape(chunk) if "&" in chunk else chunk, pos)
                elif kind == 2:  # end tag
                    tag = m.group(2).lower()
                    if reported is None or tag in reported:
                        on_end(tag, pos)
                        reported = self.reported
                elif kind == 6:  # element: start tag, text, its end tag
                    tag = m.group(3).lower()
                    raw = m.group(6)
                    end_at = m.end(6)
                    attrs = (
                        fast_attrs(m.group(4), names)
                        if (reported is None or tag in reported)
                        and (wanted is None or tag in wanted)
                        else []
                    )
                    if tag in _CDATA_ELEMENTS:  # raw text, and no cdata state left open
                        if reported is None or tag in reported:
                            on_start(tag, attrs, pos)
                        if raw:
                            on_data(raw, m.start(6))
                        if reported is None or tag in reported:
                            on_end(tag, end_at)
                        reported = self.reported
                    elif reported is None or tag in reported:
                        text_at = m.start(6)
                        on_element(
                            tag, attrs, unescape(raw) if "&" in raw else raw, pos, text_at, end_at
                        )
                        reported = self.reported
                    elif raw:
                        on_data(unescape(raw) if "&" in raw else raw, m.start(6))
                else:  # start tag
                    tag = m.group(3).lower()
                    closing = kind == 5
                    if reported is None or tag in reported:
                        attrs = (
                            fast_attrs(m.group(4), names) if wanted is None or tag in wanted else []
                        )
                        self.token_end = end
                        if closing:
                            on_startend(tag, attrs, pos)
                        else:
                            on_start(tag, attrs, pos)
                        reported = self.reported
                        if self._resume:  # the handler read on by itself
                            end, self._resume = self._resume, 0
                            break
                    if not closing and tag in _CDATA_ELEMENTS:
                        cdata = tag
                        break
            else:
                i = end
                if i < n:  # a "<" the plain patterns do not take
                    i, cdata = self._faithful(i)
                continue
            i = end

    # -- the faithful path -------------------------------------------------------
    _cdata_closed = False

    def _faithful(self, i: int) -> tuple[int, str | None]:
        """One construct at ``text[i] == "<"`` the fast patterns did not take."""
        text = self._text
        n = len(text)
        cdata: str | None = None
        if _STARTTAGOPEN.match(text, i):
            k, cdata = self._starttag(i)
        elif text.startswith("</", i):
            k = self._endtag(i, None)
        elif text.startswith("<!--", i):
            m = _COMMENTCLOSE.search(text, i + 4)
            k = -1 if m is None else m.end()
        elif text.startswith("<?", i):
            k = text.find(">", i + 2)
            k = -1 if k < 0 else k + 1
        elif text.startswith("<![", i):
            k = text.find(">", i + 3)
            k = -1 if k < 0 else k + 1
        elif text.startswith("<!", i):
            if text[i : i + 9].lower() == "<!doctype":
                k = text.find(">", i + 9)
            else:
                k = text.find(">", i + 2)
            k = -1 if k < 0 else k + 1
        else:
            self.handle_data("<", i)
            return i + 1, None
        if k < 0:  # unterminated: the text up to the next ">" (or "<") is text
            k = text.find(">", i + 1)
            if k < 0:
                k = text.find("<", i + 1)
                if k < 0:
                    k = i + 1
            else:
                k += 1
            self.handle_data(unescape(text[i:k]), i)
        return min(k, n), cdata

    def _starttag(self, i: int) -> tuple[int, str | None]:
        text = self._text
        endpos = self._whole_start_tag(i)
        if endpos < 0:
            return endpos, None
        match = _TAGFIND_TOLERANT.match(text, i + 1)
        assert match is not None
        k = match.end()
        tag = match.group(1).lower()
        attrs: Attrs = []
        while k < endpos:
            m = _ATTRFIND_TOLERANT.match(text, k)
            if not m:
                break
            name, rest, value = m.group(1, 2, 3)
            if not rest:
                value = None
            elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                value = value[1:-1]
            if value:
                value = unescape(value)
            attrs.append((name.lower(), value))
            k = m.end()
        end = text[k:endpos].strip()
        if end not in (">", "/>"):
            self.handle_data(text[i:endpos], i)
            return endpos, None
        if self.attributes_of is not None and tag not in self.attributes_of:
            attrs = []
        elif self.attribute_names is not None:
            attrs = [a for a in attrs if a[0] in self.attribute_names]
        self.token_end = endpos
        if end == "/>":
            self.handle_startendtag(tag, attrs, i)
        else:
            self.handle_starttag(tag, attrs, i)
        if self._resume:  # the handler read on by itself
            endpos, self._resume = self._resume, 0
            return endpos, None
        return endpos, tag if tag in _CDATA_ELEMENTS and end != "/>" else None

    def _whole_start_tag(self, i: int) -> int:
        text = self._text
        m = _LOCATESTARTTAGEND_TOLERANT.match(text, i)
        assert m is not None  # it matches wherever _STARTTAGOPEN does
        j = m.end()
        following = text[j : j + 1]
        if following == ">":
            return j + 1
        if following == "/":
            if text.startswith("/>", j):
                return j + 2
            return j if j > i else i + 1
        if following == "" or following in _LETTERS_OR_SLASH:
            return -1
        return j if j > i else i + 1

    def _endtag(self, i: int, cdata: str | None) -> int:
        """``</…`` at ``i``; sets ``_cdata_closed`` when it ends the ``cdata`` element."""
        text = self._text
        self._cdata_closed = False
        gt = text.find(">", i + 1)
        if gt < 0:
            return -1
        gtpos = gt + 1
        match = _ENDTAGFIND.match(text, i)
        if not match:
            if cdata is not None:
                self.handle_data(text[i:gtpos], i)
                return gtpos
            namematch = _TAGFIND_TOLERANT.match(text, i + 2)
            if not namematch:
                if text.startswith("</>", i):
                    return i + 3
                return gtpos  # a bogus comment, up to the first ">"
            tag = namematch.group(1).lower()
            gt = text.find(">", namematch.end())
            self.handle_endtag(tag, i)
            return gt + 1
        elem = match.group(1).lower()
        if cdata is not None and elem != cdata:
            self.handle_data(text[i:gtpos], i)
            return gtpos
        self.handle_endtag(elem, i)
        self._cdata_closed = cdata is not None
        return gtpos


@functools.cache
def _mentions(names: frozenset[str]) -> re.Pattern[str]:
    """A quick test for the wanted attribute names, in any case, anywhere in a tag."""
    return re.compile("|".join(sorted(map(re.escape, names))) or "(?!)", re.IGNORECASE)


def fast_attrs(source: str, names: Collection[str] | None) -> Attrs:
    """The attributes (named ``names``, if given) of a tag the fast pattern took.

    ``source`` is the tag's attribute part.
    """
    out: Attrs = []
    if not source:
        return out
    if names is not None and not _mentions(frozenset(names)).search(source):
        return out  # (false alarms are filtered below; a name is never missed)
    for m in _FAST_ATTR.finditer(source):
        name, value = m.group(1, 2)
        name = name.lower()
        if names is not None and name not in names:
            continue
        if value is not None:
            if value[:1] in ("'", '"'):
                value = value[1:-1]
            if value:
                value = unescape(value)
        out.append((name, value))
    return out
