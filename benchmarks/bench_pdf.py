"""Speed of PDF reading: one 5-page report next to the PDF library's floor, and 1,000 files.

Run on demand (needs the ``pdf`` extra; pdfplumber, if installed, is timed too)::

    python benchmarks/bench_pdf.py [N [ROUNDS]]   # N files for the batch (1000), ROUNDS (15)

1. Read + validate ``tests/fixtures/attachments/page-chrome-2021.pdf`` (5 pages
   printed by Chromium, a text layer, ruled tables) ROUNDS times: min and
   median wall time.  Target: under 100 ms.  Next to it, the same pages with
   the chosen library alone — pypdfium2 opening the file and giving every
   character with its box, which the reader cannot do faster than (the
   floor) — and, when pdfplumber is installed, pdfplumber giving the same
   pages' characters and ruling edges (the alternative not chosen).
2. N hard links to that file in a temporary folder read + validated with
   ``batch(..., jobs=2)``: files/s (one round: a round takes a minute).

Figures only; nothing is asserted (speed targets live here, never in tests).
"""

from __future__ import annotations

import ctypes
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2  # type: ignore[import-untyped]
import pypdfium2.raw as raw  # type: ignore[import-untyped]

from disclosure_format import get_format, validate
from disclosure_format._published import read_published
from disclosure_format.batch import batch

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "tests" / "fixtures" / "attachments" / "page-chrome-2021.pdf"


def _read_and_validate(data: bytes) -> None:
    report = read_published(data, source=PDF.name).report
    validate(report, spec=get_format(report.format))


def _pdfium_chars(data: bytes) -> None:
    doc = pypdfium2.PdfDocument(data)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    for page in doc:
        textpage = page.get_textpage()
        tp = textpage.raw
        for i in range(raw.FPDFText_CountChars(tp)):
            raw.FPDFText_GetUnicode(tp, i)
            raw.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
        textpage.close()
        page.close()
    doc.close()


def _pdfplumber_chars(data: bytes) -> None:
    import pdfplumber  # type: ignore[import-not-found]

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            _ = page.chars, page.edges


def _time(label: str, work: Callable[[bytes], None], data: bytes, rounds: int) -> float:
    work(data)  # warm: imports, label index, compiled rules
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work(data)
        times.append(time.perf_counter() - start)
    low, mid = min(times) * 1000, statistics.median(times) * 1000
    print(f"{label}: min {low:.1f} ms, median {mid:.1f} ms ({rounds} rounds)")
    return low


def per_report(rounds: int) -> None:
    data = PDF.read_bytes()
    pages = len(pypdfium2.PdfDocument(data))
    print(f"{PDF.name}: {pages} pages, {len(data) // 1024} KiB")
    ours = _time("read + validate (disclosure-format)", _read_and_validate, data, rounds)
    floor = _time("pypdfium2 alone: characters with boxes (the floor)", _pdfium_chars, data, rounds)
    print(f"  read + validate = {ours / floor:.1f} x the floor")
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        print("pdfplumber not installed: its comparison skipped")
        return
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    plumber = _time("pdfplumber alone: characters and edges", _pdfplumber_chars, data, rounds)
    print(f"  pdfplumber alone = {plumber / floor:.1f} x the pypdfium2 floor")


def folder(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(n):
            os.link(PDF, Path(tmp) / f"{k:05d}.pdf")
        start = time.perf_counter()
        results = list(batch([tmp], jobs=2))
        seconds = time.perf_counter() - start
    unread = sum(1 for r in results if not r.readable)
    print(
        f"{len(results)} PDF reports read + validated on 2 cores: {seconds:.1f} s wall, "
        f"{len(results) / seconds:.1f} files/s ({unread} unread)"
    )


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    per_report(rounds)
    folder(size)
