"""The ``--fail-on`` option: which severity of finding makes a command exit 1.

validate, batch, series and aggregate --check share it, so that scripts can
rely on one meaning: exit status 1 when any finding is at least as severe as
the level given (``error`` < ``warning`` < ``notice`` in strictness).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable

from ..findings import Finding
from ..spec import Severity

__all__ = ["add_fail_on_argument", "fails"]


def add_fail_on_argument(
    parser: argparse.ArgumentParser, *, default: str = "error", subject: str = "a finding"
) -> None:
    """Add ``--fail-on`` (one of the severities, ``default`` unless given)."""
    parser.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default=default,
        help=f"exit 1 if {subject} is at least this severe (default: {default})",
    )


def fails(findings: Iterable[Finding], level: str) -> bool:
    """Whether any of ``findings`` is at least as severe as ``level`` (a ``--fail-on`` value)."""
    threshold = Severity(level).rank
    return any(f.severity.rank <= threshold for f in findings)
