"""The live round trip: generated report → HTML render → Chromium's PDF → read.

Every cell the reader gives must be the generated one, and every cell must be
given (a Chromium print of our own render is the easy case).  Few examples:
each costs a browser launch.  Skipped without Chromium, except under CI
(``CI=true``), where a missing browser is a failure; skipped without the
``pdf`` extra.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import disclosure_format as df
from disclosure_format.adapters import read
from disclosure_format.testing import reports
from make_attachment_fixtures import chromium_pdf

pytest.importorskip("pypdfium2")

_NAMES = st.sampled_from(["某某市某某局", "宁波市北仑区科学技术局", "上海市科学技术委员会"])
_PROSE = st.sampled_from(["本年度工作情况良好。", "无。", "详见正文。"])


def _need_chromium() -> None:
    if shutil.which("chromium"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed (apt-get install -y chromium); CI must run this")
    pytest.skip("chromium is not installed")


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(report=reports(agency=_NAMES, narrative=_PROSE))
def test_a_chromium_printed_render_reads_back_every_cell(report: df.Report, tmp_path: Path) -> None:
    _need_chromium()
    page = df.render(report, "html")
    assert isinstance(page, str)
    out = tmp_path / "report.pdf"
    chromium_pdf(page, out)
    reading = read(out.read_bytes(), source="report.pdf")
    got = reading.report
    assert reading.adapter == "published"
    assert (got.format, got.agency, got.year) == (report.format, report.agency, report.year)
    assert got.values == report.values
