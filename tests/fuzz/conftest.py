"""Prints how many inputs the fuzz tests tried, per entry point, after the run.

The counts come from :data:`_fuzzing.RUNS` (every call through
:func:`_fuzzing.only_typed_errors` and every CLI run adds one); they are the
figures quoted for the fuzz suite ("examples run").
"""

from __future__ import annotations

import pytest
from _fuzzing import RUNS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RUNS:
        return
    terminalreporter.section("fuzz inputs tried")
    for name, count in sorted(RUNS.items()):
        terminalreporter.write_line(f"{count:7,}  {name}")
    terminalreporter.write_line(f"{sum(RUNS.values()):7,}  in all")
