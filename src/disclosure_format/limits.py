"""Input size limits: how big one input may be before the library refuses to parse it.

This library is pointed at whatever a crawler brings back.  A multi-gigabyte
"report" (a mistaken download, a log file, an endless stream) would otherwise
be read whole into memory and then tokenised; with a limit it is refused up
front with a :class:`~disclosure_format.errors.InputTooLargeError` naming the
input, its size and the limit.  The limit is checked *before* parsing: a file
is measured with ``stat`` and read no further than the limit, a stream is read
at most one byte past it.

The default, :data:`MAX_BYTES`, is 50 MiB — a thousand times the largest real
report in the corpus.  Override it per call (``max_bytes=`` on
:func:`~disclosure_format.read`, :func:`~disclosure_format.read_many`,
:func:`~disclosure_format.read_published`,
:func:`~disclosure_format.loads_report`, :func:`~disclosure_format.load_report`,
:func:`~disclosure_format.loads_definition`,
:func:`~disclosure_format.load_definition`, :func:`~disclosure_format.batch`),
for a whole program by assigning ``disclosure_format.limits.MAX_BYTES``, or on
the command line with ``--max-bytes`` (``disclosure-format --max-bytes 200M
validate big.html``).  ``max_bytes=0`` or a negative number is refused; there
is deliberately no "unlimited" value — pass a large number instead.

>>> check_size(b"x" * 10, max_bytes=5, source="page.html")
Traceback (most recent call last):
  ...
disclosure_format.errors.InputTooLargeError: page.html: $: the input is 10 bytes, over the limit of 5 bytes (raise it with max_bytes= or the command line's --max-bytes)
"""  # noqa: E501

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import BinaryIO

from .errors import InputTooLargeError

__all__ = ["MAX_BYTES", "check_size", "override", "parse_size", "read_file", "resolve", "size_of"]

MAX_BYTES = 50 * 1024 * 1024
"""The default limit, in bytes, of any single input (50 MiB); assign to change it."""

_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def resolve(max_bytes: int | None) -> int:
    """The limit that applies: ``max_bytes``, else the current :data:`MAX_BYTES`."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"max_bytes must be a positive number of bytes, not {limit!r}")
    return limit


def size_of(data: str | bytes) -> int:
    """The size of ``data`` in bytes: its length, or a text's length once encoded as UTF-8."""
    if isinstance(data, bytes | bytearray | memoryview):
        return len(data)
    return len(data.encode("utf-8", "surrogatepass"))


def check_size(
    data: str | bytes, *, max_bytes: int | None = None, source: str | None = None
) -> None:
    """Raise InputTooLargeError if ``data`` is over the limit (text is measured as UTF-8).

    Text is encoded only when its length alone does not decide: a character
    takes one to four bytes in UTF-8.
    """
    limit = resolve(max_bytes)
    if isinstance(data, str):
        if len(data) * 4 <= limit:
            return
        if len(data) > limit:
            raise InputTooLargeError(source, len(data), limit, at_least=True)
    size = size_of(data)
    if size > limit:
        raise InputTooLargeError(source, size, limit)


def read_file(
    path: str | os.PathLike[str], *, max_bytes: int | None = None, source: str | None = None
) -> bytes:
    """The bytes of file ``path`` (``-`` is standard input), refused before reading if too big.

    A regular file is measured first; a pipe or device is read at most one
    byte past the limit.  ``OSError`` (no such file…) passes through for the
    caller to word.
    """
    limit = resolve(max_bytes)
    name = source if source is not None else ("<stdin>" if path == "-" else os.fspath(path))
    if path == "-":
        return _read_stream(sys.stdin.buffer, limit, name)
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limit:
            raise InputTooLargeError(name, size, limit)
        return _read_stream(stream, limit, name, expected=size)


def _read_stream(stream: BinaryIO, limit: int, source: str, expected: int | None = None) -> bytes:
    """At most ``limit`` bytes of ``stream``; InputTooLargeError if there are more.

    ``expected`` is the size of a regular file: asking for one byte more
    than that, rather than for ``limit + 1``, spares allocating a buffer of
    the limit's size (50 MiB by default) for each file of a batch.  A file
    that grew meanwhile is read on, up to the limit.
    """
    data = stream.read(limit + 1 if expected is None else expected + 1)
    if expected is not None and len(data) > expected:
        data += stream.read(limit + 1 - len(data))
    if len(data) > limit:
        raise InputTooLargeError(source, limit, limit, at_least=True)
    return data


@contextlib.contextmanager
def override(max_bytes: int | None) -> Iterator[None]:
    """Within the block, :data:`MAX_BYTES` is ``max_bytes`` (None: unchanged); for programs
    such as the command line that set the limit once for everything they call."""
    global MAX_BYTES
    if max_bytes is None:
        yield
        return
    previous, MAX_BYTES = MAX_BYTES, resolve(max_bytes)
    try:
        yield
    finally:
        MAX_BYTES = previous


def parse_size(text: str) -> int:
    """A size as the command line takes it: ``1000``, ``64K``, ``200M``, ``2G`` (binary units)."""
    cleaned = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = cleaned[-1:] if cleaned[-1:] in _UNITS else ""
    number = cleaned[: len(cleaned) - len(unit)]
    if not number.isdigit() or not number.isascii():
        raise ValueError(f"{text!r} is not a size (a number of bytes, or with K, M or G)")
    size = int(number) * _UNITS[unit]
    if size < 1:
        raise ValueError(f"{text!r}: the limit must be at least one byte")
    return size
