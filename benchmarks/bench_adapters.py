"""Adapter speed figures (issue 3): render one 2021 report, and read our own output back.

Run on demand: ``python benchmarks/bench_adapters.py``.  Prints the best
time per call for every built-in adapter, with the targets of the issue next
to the HTML figures; nothing is asserted (timings belong here, not in the
test suite).  The report is the bundled 2021 example (every cell filled,
real narrative); layouts and templates are warmed up first, as in a server.
"""

from __future__ import annotations

import os
import sys
import timeit
from pathlib import Path

import attrs

import disclosure_format as df

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "2021-beilun-keji-2023.json"
TARGETS = {("html", "render"): 1.0, ("html", "read"): 2.0}
"""Milliseconds, from the issue."""


def per_call_ms(call, number: int, repeat: int = 7) -> float:
    """Milliseconds per call: the best of ``repeat`` runs of ``number`` calls.

    The minimum, not the median: on a shared machine the other runs measure
    the neighbours' load, not this code (see the load average printed).
    """
    runs = timeit.repeat(call, number=number, repeat=repeat)
    return min(runs) / number * 1000


def main() -> int:
    report = attrs.evolve(df.load_report(EXAMPLE), provenance=df.Provenance())
    registry = df.default_registry()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"report: {EXAMPLE.name} ({len(report.values)} cells), "
        f"Python {sys.version.split()[0]}, load average {load} on {os.cpu_count()} cores"
    )
    print(f"{'adapter':10} {'render':>12} {'read back':>12} {'size':>10}")
    for name in ("html", "json", "csv", "csv-long", "text", "xlsx"):
        adapter = df.get_adapter(name)
        output = adapter.render(report)
        assert adapter.read(output, registry=registry, source=None).report == report
        number = 5 if name == "xlsx" else 200
        render = per_call_ms(lambda a=adapter: a.render(report), number)
        read = per_call_ms(
            lambda a=adapter, o=output: a.read(o, registry=registry, source=None), number
        )
        marks = []
        for what, figure in (("render", render), ("read", read)):
            target = TARGETS.get((name, what))
            if target is not None:
                verdict = "ok" if figure < target else "MISSED"
                marks.append(f"{what} target < {target:g} ms: {verdict}")
        print(
            f"{name:10} {render:9.3f} ms {read:9.3f} ms {len(output):10,}"
            + (f"   ({'; '.join(marks)})" if marks else "")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
