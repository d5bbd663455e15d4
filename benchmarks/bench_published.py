"""Speed of the published-report reader: one corpus page, and a folder of 1,000.

Run on demand::

    python benchmarks/bench_published.py [N]     # N generated files, default 1000

1. Read + validate each HTML report of the corpus (``tests/fixtures/corpus``)
   many times in this process and print the mean per report.  Target: under
   5 ms for one published HTML report.
2. Write N published-style HTML pages (random reports of every format, drawn
   by ``disclosure_format.testing`` and written the way agencies publish them,
   with Word-style damage) into a temporary folder, then read + validate them
   all with ``disclosure_format.batch.batch(..., jobs=2)`` and print the time.
   Target: 1,000 reports in under 10 s on two cores.

Figures only; nothing is asserted (speed targets live here, never in tests).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from disclosure_format import get_format, list_formats, testing, validate
from disclosure_format._published import read_published
from disclosure_format._published._mimic import Damage, published_html
from disclosure_format.batch import batch
from disclosure_format.model import Report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def per_report(repeat: int = 200) -> None:
    for path in sorted(CORPUS.glob("*.html")):
        data = path.read_bytes()
        read_published(data)  # warm the caches (label index, compiled rules)
        start = time.perf_counter()
        for _ in range(repeat):
            report = read_published(data, source=path.name).report
            validate(report, spec=get_format(report.format))
        ms = (time.perf_counter() - start) / repeat * 1000
        print(f"read + validate {path.name} ({len(data) // 1024} KiB): {ms:.2f} ms per report")


def _reports(n: int) -> list[Report]:
    out: list[Report] = []
    agencies = st.sampled_from(["某某市人民政府办公室", "平潭综合实验区", "某某县发展和改革局"])
    narrative = st.text(
        st.sampled_from("政府信息公开工作取得成效。我局认真贯彻落实，"), max_size=80
    )

    @settings(
        max_examples=n,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        st.sampled_from(list_formats()).flatmap(
            lambda s: testing.reports(s, agency=agencies, narrative=narrative)
        )
    )
    def draw(report: Report) -> None:
        out.append(report)

    draw()
    return out[:n]


def folder(n: int) -> None:
    reports = _reports(n)
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(n):
            report = reports[k % len(reports)]
            damage = Damage(spans=True, blank_zeros=k % 2 == 0, half_width=k % 3 == 0, seed=k)
            page = published_html(report, get_format(report.format), damage)
            (Path(tmp) / f"{k:05d}.html").write_text(page, encoding="utf-8")
        start = time.perf_counter()
        results = list(batch([tmp], jobs=2))
        seconds = time.perf_counter() - start
    print(
        f"{len(results)} published HTML reports read + validated on 2 cores: {seconds:.2f} s "
        f"({len(results) / seconds:.0f} reports/s)"
    )


if __name__ == "__main__":
    per_report()
    folder(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
