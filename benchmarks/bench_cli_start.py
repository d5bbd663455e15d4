"""How long the command line takes to start, against a bare interpreter in the same run.

Each command is run ROUNDS times as a fresh process (``python -m
disclosure_format.cli …``, as the console script runs it), interleaved with
``python -c pass`` so that both see the same machine load; the figures are
the minimum and the median wall time, and the ratio of the minima.  The
package's bytecode is compiled first, as an installation does (see
``bench_core.py``: with ``PYTHONDONTWRITEBYTECODE`` set, an editable install
would otherwise compile every module from source at each start).

    python benchmarks/bench_cli_start.py [ROUNDS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "2021-with-errors.json")

COMMANDS: dict[str, list[str]] = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "disclosure-format --help": [sys.executable, "-m", "disclosure_format.cli", "--help"],
    "disclosure-format formats": [sys.executable, "-m", "disclosure_format.cli", "formats"],
    "disclosure-format validate": [
        sys.executable,
        "-m",
        "disclosure_format.cli",
        "validate",
        EXAMPLE,
    ],
}


def _once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main(rounds: int = 20) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_core import compile_package

    compile_package()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():  # warm the file cache and the .pyc files
        _once(argv)
    for _ in range(rounds):
        for name, argv in COMMANDS.items():
            times[name].append(_once(argv))
    bare = min(times["python -c pass"])
    print(f"{rounds} rounds, interleaved; wall time of a fresh process")
    print(f"{'command':<28} {'min ms':>8} {'median ms':>10} {'min / bare':>11}")
    for name, values in times.items():
        low, mid = min(values), statistics.median(values)
        print(f"{name:<28} {low * 1000:>8.1f} {mid * 1000:>10.1f} {low / bare:>10.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
