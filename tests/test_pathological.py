"""Bounded time and memory on pathological HTML: 10,000-deep nesting, a million cells.

Each case runs in a fresh interpreter that reports its own wall time and
peak resident memory, so the figures are the reader's alone.  The bounds
are generous — an order of magnitude above what the reader needs today
(about 0.3 s / 35 MB for the nesting and 10 s / 600 MB for the million
cells on the 2-core CI machine) — and fail only on a real blow-up: a
quadratic loop, a recursion, a grid materialised per span.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CHILD = r"""
import json, resource, sys, time
import disclosure_format as df
kind = sys.argv[1]
title = "<h1>某某局2023年政府信息公开工作年度报告</h1>"
if kind == "deep":
    body = "<div><table><tr><td>" * 10_000 + "规章 1" + "</td></tr></table></div>" * 10_000
else:
    row = "<tr>" + "<td>1</td>" * 1000 + "</tr>"
    body = "<table>" + row * 1000 + "</table>"
data = (title + body).encode()
start = time.perf_counter()
try:
    df.read_published(data, source=kind)
    outcome = "read"
except df.DisclosureFormatError as exc:
    outcome = type(exc).__name__
print(json.dumps({
    "outcome": outcome,
    "seconds": time.perf_counter() - start,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


@pytest.mark.parametrize(
    ("kind", "seconds", "megabytes"),
    [("deep", 20, 500), ("cells", 60, 2048)],
    ids=["10000-deep-nesting", "a-million-cells"],
)
def test_pathological_pages_are_read_in_bounded_time_and_memory(kind, seconds, megabytes):
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind],
        capture_output=True,
        text=True,
        timeout=seconds * 3,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["outcome"] in ("read", "ReportError"), figures
    assert figures["seconds"] < seconds, figures
    assert figures["peak_mb"] < megabytes, figures
