""" "Did you mean …?" suggestions for misspelled keys, names and values.

One place for the wording, and :mod:`difflib` is imported only when a
suggestion is actually needed (it is slow to import and errors are rare).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``known``, or ``""`` if none is close."""
    import difflib

    match = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""
