"""The ``disclosure-format`` command line: one module per verb, shared options in one place.

Exit status, a contract scripts rely on:

* 0 — done, and no finding at or above ``--fail-on`` (default: error);
* 1 — a report has a finding at or above ``--fail-on``;
* 2 — the command could not run: bad usage, an unreadable or unusable input,
  a broken format definition (a one-line message on stderr, no traceback);
* 3 — an internal error (a bug): the message asks to re-run with ``--debug``.

:func:`run` takes the argument list and output streams, so tests run
commands in-process; :func:`main` is the console-script entry point.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ._app import run

__all__ = ["main", "run"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    return run(sys.argv[1:] if argv is None else argv, stdout=sys.stdout, stderr=sys.stderr)
