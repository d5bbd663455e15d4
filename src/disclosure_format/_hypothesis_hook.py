"""The ``hypothesis`` entry point: makes ``st.from_type(Report)`` draw reports.

Hypothesis runs its entry points while it is being imported, which may be
*because* :mod:`disclosure_format.testing` is importing it; so this hook
lives apart and reaches the strategies only when a report is first drawn.
"""

from __future__ import annotations

from typing import Any


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from .model import Report

    def any_report() -> Any:
        from .testing import reports

        return reports()

    st.register_type_strategy(Report, st.deferred(any_report))
