"""Core speed figures (issue 2): import, cold definition loading, single-report validation.

Run on demand: ``python benchmarks/bench_core.py``.  Prints each figure next to
its target; nothing is asserted (timings belong here, not in the test suite).
Each cold measurement runs in a fresh interpreter, several times, and the
median is reported.  The package's bytecode is compiled first, as ``pip
install`` does: with ``PYTHONDONTWRITEBYTECODE`` set (some sandboxes and CI
images set it) an editable install would otherwise compile every module from
source on each import, which no installed copy does.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import timeit

RUNS = 9

IMPORT = (
    "import time; t = time.perf_counter(); import disclosure_format; print(time.perf_counter() - t)"
)
LOAD = (
    "import disclosure_format, time; from disclosure_format import FormatRegistry;"
    "t = time.perf_counter(); r = FormatRegistry(); r.get('2019'); r.get('2021');"
    "print(time.perf_counter() - t)"
)


def cold(code: str) -> float:
    """Median seconds printed by ``code`` over fresh interpreters."""
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(RUNS)
    ]
    return statistics.median(times)


def validate_one() -> float:
    """Seconds to validate one filled 2021 report (warm: rules already compiled)."""
    from decimal import Decimal

    from disclosure_format import CellKind, get_format, new_report, validate

    spec = get_format("2021")
    report = new_report(
        spec,
        "x",
        2023,
        values={c.key: Decimal("1.5") if c.kind is CellKind.AMOUNT else 0 for c in spec.cells},
    )
    assert validate(report) == []
    number = 20000
    return min(timeit.repeat(lambda: validate(report), number=number, repeat=5)) / number


def compile_package() -> None:
    """Write the package's bytecode (``__pycache__``), as an installation would."""
    import disclosure_format

    compileall.compile_dir(disclosure_format.__path__[0], quiet=1)


def main() -> None:
    compile_package()
    rows = [
        ("import disclosure_format (cold)", cold(IMPORT) * 1e3, "ms", 100),
        ("load both formats from disk (cold)", cold(LOAD) * 1e3, "ms", 50),
        ("validate one 2021 report", validate_one() * 1e6, "µs", 100),
    ]
    for name, value, unit, target in rows:
        verdict = "ok" if value < target else "OVER TARGET"
        print(f"{name:40} {value:8.1f} {unit}   (target < {target} {unit}: {verdict})")


if __name__ == "__main__":
    main()
