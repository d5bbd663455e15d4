"""Find the line of a key path (``$.rules[3].expr``) in a TOML definition file.

``tomllib`` keeps no positions, yet a maintainer fixing a definition wants a
line number.  Definition files use a plain subset of TOML — ``[[array]]``
headers and ``key = value`` lines — so scanning headers and counting their
occurrences recovers where each element starts.  When the scan cannot tell,
it returns None and the message carries the key path alone.
"""

from __future__ import annotations

import re

__all__ = ["line_of"]

_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.]+)\s*\]\]\s*(#.*)?$")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.]+)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_]+)\s*=")
_STEP = re.compile(r"\.([A-Za-z0-9_]+)|\[(\d+)\]|\['([^']*)'\]")
_TREE_LINE = re.compile(r"^tree line (\d+):")


def line_of(text: str, path: str, message: str = "") -> int | None:
    """The 1-based line where ``path`` is defined in ``text``, if it can be found.

    For a label-tree problem (``message`` starting ``tree line N:``) the line
    of the offending tree line is returned.
    """
    steps = _steps(path)
    if steps is None:
        return None
    lines = text.splitlines()
    headers = _headers(lines)
    # Walk the array-of-tables headers the path goes through.
    start, end, prefix, consumed = 0, len(lines), "", 0
    i = 0
    while i + 1 < len(steps):
        step, wanted = steps[i], steps[i + 1]
        if not isinstance(step, str) or not isinstance(wanted, int):
            break
        name = f"{prefix}{step}"
        found = [n for (n, key) in headers if key == name and start <= n < end]
        if wanted >= len(found):
            break
        start = found[wanted]
        later = [n for (n, key) in headers if n > start and not key.startswith(name + ".")]
        end = later[0] if later else len(lines)
        prefix = name + "."
        i += 2
        consumed = i
    line = start + 1 if consumed else None
    key = steps[consumed] if consumed < len(steps) else None
    if isinstance(key, str):
        for n in range(start + (1 if consumed else 0), end):
            match = _KEY.match(lines[n])
            if (
                match
                and match.group(1) == key
                and not _in_nested_header(headers, start, n, consumed)
            ):
                line = n + 1
                break
    tree = _TREE_LINE.match(message)
    if tree and line is not None:
        return line + int(tree.group(1))
    return line


def _in_nested_header(headers: list[tuple[int, str]], start: int, n: int, consumed: int) -> bool:
    """True if line ``n`` belongs to a deeper header than the element starting at ``start``."""
    return any(start < h < n for h, _ in headers) if consumed else any(h < n for h, _ in headers)


def _headers(lines: list[str]) -> list[tuple[int, str]]:
    out = []
    for n, line in enumerate(lines):
        match = _HEADER.match(line) or _TABLE.match(line)
        if match:
            out.append((n, match.group(1)))
    return out


def _steps(path: str) -> list[str | int] | None:
    if not path.startswith("$"):
        return None
    rest = path[1:]
    steps: list[str | int] = []
    pos = 0
    while pos < len(rest):
        match = _STEP.match(rest, pos)
        if not match:
            return None
        if match.group(1) is not None:
            steps.append(match.group(1))
        elif match.group(2) is not None:
            steps.append(int(match.group(2)))
        else:
            steps.append(match.group(3))
        pos = match.end()
    return steps
