"""Text from inputs made safe to print on one terminal line.

File names, agency names and error messages come from whatever a crawler
brought back.  Printed raw, a control character could end the line early
(``\\r``, NEL ``\\x85``, U+2028), move the cursor or recolour the terminal
(``\\x1b[…``).  :func:`printable` shows such characters as Python escapes,
so that the line stays one line and says what was there.
"""

from __future__ import annotations

import unicodedata

__all__ = ["printable"]

# Controls, format characters, lone surrogates, line and paragraph separators.
_UNSAFE = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def printable(text: str) -> str:
    """``text`` with tabs and line breaks as spaces and other unsafe characters escaped."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in "\n\r\t":
            out.append(" ")
        elif unicodedata.category(ch) in _UNSAFE:
            out.append(ascii(ch)[1:-1])
        else:
            out.append(ch)
    return "".join(out)
