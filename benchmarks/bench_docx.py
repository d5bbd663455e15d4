"""Speed of reading Word documents, next to python-docx opening the same files.

Run on demand (needs the ``docx`` extra for the comparator and the render)::

    python benchmarks/bench_docx.py [ROUNDS]   # ROUNDS (5)

For each Word fixture of ``tests/fixtures/docx`` (a report typed by a person,
a LibreOffice conversion of a published page) and for the ``docx`` adapter's
own rendering of the example report, in the same run:

* **read**: ``disclosure_format.read(data)`` — detection, unzip, the body,
  and the whole published-report pipeline (or the adapter's read-back);
* **floor**: ``docx.Document(BytesIO(data))`` — python-docx only opening
  the package (no text taken out), which any python-docx based reader pays
  first.

Each figure is the min and the median of ROUNDS × 5 rounds of 20 calls (the
machine is shared: the min is the least disturbed round).  Target: a DOCX
read under 20 ms.  Figures only; nothing is asserted.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx

import disclosure_format as df

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "docx"
EXAMPLE = ROOT / "examples" / "2021-beilun-keji-2023.json"


def timed(call: Callable[[], object], rounds: int, repeat: int = 20) -> tuple[float, float]:
    call()  # warm the caches (label index, compiled rules, imports)
    times = []
    for _ in range(rounds * 5):
        start = time.perf_counter()
        for _ in range(repeat):
            call()
        times.append((time.perf_counter() - start) / repeat)
    return min(times), statistics.median(times)


def main(argv: list[str]) -> int:
    rounds = int(argv[1]) if len(argv) > 1 else 5
    inputs = [(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.docx"))]
    rendered = df.render(df.load_report(EXAMPLE), "docx")
    assert isinstance(rendered, bytes)
    inputs.append(("rendered by the docx adapter", rendered))
    print(f"{'input':32} {'KiB':>4}  {'read min/median ms':>19}  {'Document() min/median ms':>25}")
    for name, data in inputs:
        read = timed(lambda data=data: df.read(data), rounds)  # type: ignore[misc]
        floor = timed(lambda data=data: docx.Document(io.BytesIO(data)), rounds)  # type: ignore[misc]
        print(
            f"{name:32} {len(data) // 1024:>4}  {read[0] * 1e3:>8.2f} / {read[1] * 1e3:<8.2f}"
            f"  {floor[0] * 1e3:>11.2f} / {floor[1] * 1e3:<11.2f}"
            f"  (read = {read[0] / floor[0]:.2f}× the floor)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
