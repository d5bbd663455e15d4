"""Bytes → text, the way the reports are really published.

Government sites serve UTF-8, GBK/GB2312 (often declared only in a ``<meta>``),
occasionally UTF-16 with a BOM, and now and then a page whose declaration is
wrong or whose bytes are damaged.  :func:`decode` never raises on data: it
picks an encoding by the HTML precedence (BOM, then the caller's declaration,
e.g. an HTTP header, then ``<meta>``/XML declaration, then sniffing), falls
back when the declared codec does not fit the bytes, and as a last resort
decodes lossily and records where the first undecodable byte was.
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

import attrs

__all__ = ["Decoded", "decode"]

Method = Literal["str", "bom", "declared", "meta", "sniff", "replace"]


@attrs.frozen
class Decoded:
    """The decoded text and how the encoding was decided.

    ``encoding`` is the Python codec used (``None`` for ``str`` input);
    ``method`` is how it was chosen: ``"str"`` (no decoding), ``"bom"``,
    ``"declared"`` (the caller's ``declared=``), ``"meta"`` (``<meta charset>``,
    ``http-equiv`` or XML declaration), ``"sniff"`` (undeclared: UTF-16 by NUL
    pattern, strict UTF-8, else strict GB18030) or ``"replace"`` (nothing
    decoded cleanly; replacement characters U+FFFD were inserted).
    ``declared`` is the label found in the caller's argument or the document,
    if any.  ``replaced`` and ``first_bad_offset`` (byte offset of the first
    byte that could not be decoded) report lossy decoding.  ``notes`` explain
    fallbacks in words.
    """

    text: str
    encoding: str | None
    method: Method
    declared: str | None = None
    replaced: bool = False
    first_bad_offset: int | None = None
    notes: tuple[str, ...] = ()


# WHATWG Encoding Standard labels that matter here, mapped to the Python codec
# that decodes them best.  GB2312 and GBK are decoded with GB18030, a strict
# superset: pages labelled gb2312 routinely contain GBK-only characters.
_LABELS: dict[str, str] = {
    **dict.fromkeys(
        (
            "gb2312",
            "gbk",
            "x-gbk",
            "chinese",
            "csgb2312",
            "csiso58gb231280",
            "gb_2312",
            "gb_2312-80",
            "iso-ir-58",
            "cp936",
            "ms936",
            "windows-936",
            "gb18030",
            "euc-cn",
            "euccn",
        ),
        "gb18030",
    ),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(
        ("utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8"), "utf-8"
    ),
    **dict.fromkeys(
        (
            "iso-8859-1",
            "iso8859-1",
            "latin1",
            "l1",
            "ascii",
            "us-ascii",
            "windows-1252",
            "cp1252",
            "x-cp1252",
            "cp819",
            "ibm819",
        ),
        "cp1252",
    ),
    **dict.fromkeys(("utf-16", "utf-16le", "unicode", "ucs-2"), "utf-16-le"),
    "utf-16be": "utf-16-be",
}
_SINGLE_BYTE_WESTERN = {"cp1252", "latin-1", "iso8859-1", "ascii"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_PRESCAN_BYTES = 65536
_META_CHARSET = re.compile(
    rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]{1,40})", re.IGNORECASE
)
_XML_DECL = re.compile(
    rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9_.:\-]{1,40})", re.IGNORECASE
)
_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE)


def _codec_for(label: str) -> str | None:
    """Python codec name for an encoding label, or ``None`` if unusable."""
    key = label.strip().strip("\"'").lower()
    if key in _LABELS:
        return _LABELS[key]
    try:
        info = codecs.lookup(key)
    except (LookupError, ValueError, TypeError):
        return None
    # Reject bytes-to-bytes/str-to-str codecs (base64, rot13…): not text encodings.
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeError, LookupError, ValueError):
        return None


def _first_bad(data: bytes, codec: str) -> int | None:
    try:
        data.decode(codec)
    except UnicodeDecodeError as exc:
        return exc.start
    except (UnicodeError, LookupError, ValueError):
        return None
    return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (e.g. a page cut mid-character) → lossy UTF-8.

    Truncated UTF-8 must not fall through to GB18030, which would decode it
    "cleanly" into mojibake.  GBK text read as UTF-8 yields about one
    replacement per character, so a replacement rate under 1 % of the decoded
    non-ASCII characters reliably means "UTF-8, slightly damaged".
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - bad
    if non_ascii > 0 and bad * 100 <= non_ascii:
        return text
    return None


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without BOM betrays itself by NULs in every other byte of ASCII markup."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : 2 * pairs : 2].count(0)  # counted in C: this runs on every undeclared page
    odd = sample[1 : 2 * pairs : 2].count(0)
    if odd * 10 >= pairs * 4 and even * 20 < pairs:
        return "utf-16-le"
    if even * 10 >= pairs * 4 and odd * 20 < pairs:
        return "utf-16-be"
    return None


def _prescan(data: bytes) -> str | None:
    head = data[:_PRESCAN_BYTES]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


# The bytes a sniffer decoded (decode(..., remember=True)) and their decoding:
# detection (disclosure_format.detect) decodes a page to sniff it, then the
# reader decodes the same bytes object again.  Bytes are immutable and the
# object is held, so ``is`` tells them apart exactly; the next decoding of
# anything lets go of them, and pages over the limit are not held.
_LAST: tuple[bytes, Decoded] | None = None
_LAST_MAX = 1 << 20


def decode(data: bytes | str, *, declared: str | None = None, remember: bool = False) -> Decoded:
    """Decode published bytes to text; never raises on the content of ``data``.

    ``remember`` (for a sniffer) keeps the result for the next call, which
    returns it if it decodes the same bytes object (without ``declared``):
    a page read after it was sniffed is decoded once.

    ``declared`` is an out-of-band declaration such as the charset of an HTTP
    ``Content-Type`` (a bare label like ``"gbk"`` or a whole header value).  A
    ``str`` is returned as is (``method="str"``).  Order of decision:

    1. a byte-order mark (UTF-8, UTF-16, UTF-32) wins;
    2. ``declared``, then a ``<meta charset>``/``http-equiv``/XML declaration
       in the first 64 KiB — used if the bytes decode strictly with it; a
       declaration of a Western single-byte code on bytes that are valid UTF-8
       is overridden (a common CMS misconfiguration), and a ``utf-16`` meta is
       read as UTF-8 (as browsers do: the meta could not be read otherwise);
    3. undeclared or unfit declaration: UTF-16 by NUL pattern (ASCII markup
       in UTF-16 would otherwise pass as "valid UTF-8"), strict UTF-8,
       lightly damaged UTF-8, strict GB18030;
    4. otherwise the declared codec, UTF-8 or GB18030 with replacement —
       whichever inserts the fewest U+FFFD (GB18030 on a tie with UTF-8) —
       recording ``first_bad_offset``.
    """
    global _LAST
    if isinstance(data, str):
        return Decoded(data, None, "str")
    last, _LAST = _LAST, None
    if last is not None and last[0] is data and declared is None:
        return last[1]
    decoded = _decode(data, declared)
    if remember and declared is None and len(data) <= _LAST_MAX:
        _LAST = (data, decoded)
    return decoded


def _decode(data: bytes, declared: str | None) -> Decoded:
    """:func:`decode` of bytes, every time."""
    notes: list[str] = []
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            text = _strict(body, bom_codec)
            if text is not None:
                return Decoded(text, bom_codec, "bom")
            bad = _first_bad(body, bom_codec)
            offset = None if bad is None else bad + len(bom)
            notes.append(f"{bom_codec} byte-order mark but invalid {bom_codec} at byte {offset}")
            return Decoded(
                body.decode(bom_codec, errors="replace"),
                bom_codec,
                "replace",
                None,
                True,
                offset,
                tuple(notes),
            )

    label: str | None = None
    method: Method = "declared"
    codec: str | None = None
    sources: list[tuple[Method, str | None]] = []
    if declared is not None:
        m = _CHARSET_PARAM.search(declared)
        sources.append(("declared", m.group(1) if m else declared.strip()))
    sources.append(("meta", None))  # looked up lazily: only if needed
    for source, found in sources:
        if source == "meta":
            found = _prescan(data)
        if not found:
            continue
        label, method, codec = found, source, _codec_for(found)
        if codec is None:
            notes.append(f"unknown encoding {found!r} declared ({source}); ignored")
            continue
        if source == "meta" and codec.startswith("utf-16"):
            notes.append(f"{found!r} declared in the document; read as utf-8")
            codec = "utf-8"
        break
    if codec is not None:
        text = _strict(data, codec)
        if text is not None:
            if codec in _SINGLE_BYTE_WESTERN and not data.isascii():
                as_utf8 = _strict(data, "utf-8")
                if as_utf8 is not None:
                    notes.append(f"declared {label!r} but the bytes are valid utf-8; used utf-8")
                    return Decoded(as_utf8, "utf-8", "sniff", label, notes=tuple(notes))
            return Decoded(text, codec, method, label, notes=tuple(notes))
        notes.append(
            f"declared {label!r} but invalid {codec} at byte {_first_bad(data, codec)}; sniffing"
        )

    utf16 = _utf16_by_nuls(data)
    if utf16 is not None:
        text = _strict(data, utf16)
        if text is not None:
            notes.append(f"no byte-order mark; NUL pattern says {utf16}")
            return Decoded(text, utf16, "sniff", label, notes=tuple(notes))
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", "sniff", label, notes=tuple(notes))
    lossy = _mostly_utf8(data)
    if lossy is not None:
        offset = _first_bad(data, "utf-8")
        notes.append(f"utf-8 with a few undecodable bytes (first at byte {offset}); replaced")
        return Decoded(lossy, "utf-8", "replace", label, True, offset, tuple(notes))
    text = _strict(data, "gb18030")
    if text is not None:
        notes.append("not valid utf-8; decoded as gb18030")
        return Decoded(text, "gb18030", "sniff", label, notes=tuple(notes))

    candidates = ["gb18030", "utf-8"]
    if codec is not None and codec not in candidates:
        candidates.insert(0, codec)
    best: tuple[int, str, str] | None = None
    for cand in candidates:
        try:
            out = data.decode(cand, errors="replace")
        except (UnicodeError, LookupError, ValueError):  # exotic declared codecs
            continue
        score = out.count("\ufffd")
        if best is None or score < best[0]:
            best = (score, cand, out)
    assert best is not None
    _, chosen, out = best
    offset = _first_bad(data, chosen)
    notes.append(
        f"no encoding decodes cleanly; decoded as {chosen} with replacement characters "
        f"(first undecodable byte at offset {offset})"
    )
    return Decoded(out, chosen, "replace", label, True, offset, tuple(notes))
