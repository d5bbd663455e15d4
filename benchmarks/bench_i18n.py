"""Localisation speed figures (issue 5): loading a catalog, lookups, numbers, localised validation.

Run on demand: ``python benchmarks/bench_i18n.py``.  Prints each figure next to
its target; nothing is asserted.  The catalogs are ``.po`` files read with
babel on first use (no compiled ``.mo``), so the cold load is the figure that
decides whether that choice holds; it runs in fresh interpreters.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import cold  # the median over fresh interpreters

LOAD = (
    "import time, disclosure_format.i18n as i; t = time.perf_counter(); "
    "i.get_translator('{locale}'); print(time.perf_counter() - t)"
)


def per_call(statement: str, setup: str, number: int) -> float:
    return min(timeit.repeat(statement, setup, number=number, repeat=5)) / number


def main() -> None:
    for locale in ("en", "zh_Hant"):
        ms = cold(LOAD.format(locale=locale)) * 1000
        print(f"cold catalog load ({locale}, .po via babel): {ms:8.1f} ms   target < 150 ms")
    setup = "from disclosure_format.i18n import get_translator; tr = get_translator('en')"
    us = per_call("tr.label('行政复议', 't4')", setup, 200_000) * 1e6
    print(f"label lookup:                              {us:8.2f} µs   target < 2 µs")
    setup_n = (
        "from decimal import Decimal; from disclosure_format.i18n import get_translator;"
        "tr = get_translator('en'); d = Decimal('24252.311082')"
    )
    us = per_call("tr.format_value(d, 'amount')", setup_n, 20_000) * 1e6
    print(f"format an amount (babel):                  {us:8.2f} µs   target < 100 µs")
    us = per_call("tr.parse_value('24,252.311082', 'amount')", setup_n, 20_000) * 1e6
    print(f"parse an amount (babel, strict):           {us:8.2f} µs   target < 100 µs")
    setup_v = (
        "from disclosure_format import load_report, validate;"
        "r = load_report('examples/2021-with-errors.json'); validate(r, locale='en')"
    )
    for locale in (None, "en"):
        ms = per_call(f"validate(r, locale={locale!r})", setup_v, 200) * 1000
        print(f"validate a report with 3 errors ({locale or 'official'}): {ms:6.3f} ms")


if __name__ == "__main__":
    main()
