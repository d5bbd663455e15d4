"""Batch checks over folders of report files: files per second on 2 cores, and peak memory.

Run on demand::

    python benchmarks/bench_batch.py [N [ROUNDS]]   # N files per kind (10000), ROUNDS (1)

For each kind of file — our JSON report files, our HTML rendering, and
published-style HTML (pages the way agencies put them on their websites,
from the published reader's test generator when it is installed) — it
writes N files generated from random reports into a temporary folder, then
runs ``batch([folder], jobs=2)`` in a fresh interpreter (ROUNDS times,
keeping the fastest: the machine may be shared) and prints the files per
second, the CPU time of the run (parent and workers, interpreter start-up
included) and the peak resident memory of the parent process and of the
largest worker.  The parent's peak is also measured at N/4 and N/2:
a flat figure is what "streaming" means (measured on the JSON folder,
the quickest to run three times).  Targets (2 cores): ≥ 2,000
files/s for JSON, ≥ 500 files/s for published-style HTML.  Nothing is
asserted: figures only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from disclosure_format import Report, dumps_report, get_format, render

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate_many import generate  # the same seeded reports

JOBS = 2
TARGETS = {"json": 2000, "html": None, "published-html": 500}


def _published_html() -> Callable[[Report], str] | None:
    try:
        from disclosure_format._published._mimic import published_html
    except ImportError:
        return None
    spec = get_format("2021")

    def page(report: Report) -> str:
        return published_html(report, spec)  # type: ignore[no-any-return]

    return page


def writers() -> dict[str, tuple[str, Callable[[Report], str]]]:
    out: dict[str, tuple[str, Callable[[Report], str]]] = {
        "json": (".json", lambda r: dumps_report(r)),
        "html": (".html", lambda r: str(render(r, "html"))),
    }
    published = _published_html()
    if published is not None:
        out["published-html"] = (".html", published)
    return out


def write_folder(
    folder: Path, reports: list[Report], ext: str, make: Callable[[Report], str]
) -> None:
    for i, report in enumerate(reports):
        (folder / f"{i:06d}{ext}").write_text(make(report), encoding="utf-8")


RUN = """
import json, resource, sys, time
from disclosure_format.batch import batch
folder, jobs, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
from disclosure_format.batch import iter_files
import itertools
files = itertools.islice(iter_files([folder]), limit)
start = time.perf_counter()
n = unreadable = errors = 0
for result in batch(files, jobs=jobs):
    n += 1
    unreadable += not result.readable
    errors += result.errors
elapsed = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "files": n, "seconds": elapsed, "unreadable": unreadable, "errors": errors,
    "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
    "parent_kb": own.ru_maxrss,
    "worker_kb": children.ru_maxrss,
}))
"""


def run_batch(folder: Path, limit: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(folder), str(JOBS), str(limit)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    spec = get_format("2021")
    reports = generate(spec, n, seed=7)
    kinds = writers()
    if "published-html" not in kinds:
        print("(the published-report generator is not installed: published-style HTML skipped)")
    for kind, (ext, make) in kinds.items():
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            start = time.perf_counter()
            write_folder(folder, reports, ext, make)
            written = time.perf_counter() - start
            runs = [run_batch(folder, n) for _ in range(rounds)]
            full = min(runs, key=lambda r: r["seconds"])
            rate = full["files"] / full["seconds"]
            target = TARGETS.get(kind)
            verdict = (
                ""
                if target is None
                else f"  (target ≥ {target}: {'ok' if rate >= target else 'UNDER TARGET'})"
            )
            print(
                f"{kind:15} {full['files']:>6,.0f} files in {full['seconds']:6.2f} s = "
                f"{rate:7,.0f} files/s on {JOBS} workers{verdict}"
            )
            print(
                f"{'':15} CPU {full['cpu']:.2f} s ({full['cpu'] / full['files'] * 1000:.2f} ms "
                f"per file, workers and parent); best of {rounds} by wall time"
            )
            print(
                f"{'':15} unreadable {full['unreadable']:.0f}, "
                f"error findings {full['errors']:,.0f}; files written in {written:.1f} s"
            )
            sizes = [n]
            if kind == "json":  # the quick kind shows that the parent's memory stays flat
                sizes = [n // 4, n // 2, n]
            peaks = [run_batch(folder, k)["parent_kb"] for k in sizes[:-1]] + [full["parent_kb"]]
            print(
                f"{'':15} peak memory: parent {' / '.join(f'{p / 1024:.0f}' for p in peaks)} MB "
                f"at {' / '.join(f'{k:,}' for k in sizes)} files; largest worker "
                f"{full['worker_kb'] / 1024:.0f} MB"
            )


if __name__ == "__main__":
    main()
