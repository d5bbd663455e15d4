"""Batch checks: read and validate many report files, in parallel, as a stream.

:func:`batch` takes files and directories (walked recursively, in sorted
order, hidden entries skipped; a directory contributes the files whose
extension an adapter reads) and yields one :class:`BatchResult` per report,
**in input order**, while worker processes read and validate the files
ahead of the consumer.  Work in flight is bounded (a few small chunks per
worker), so memory stays flat however many files there are; results are
not kept once yielded.

Reading goes through :func:`disclosure_format.adapters.read_many`, the
same entry point as the command line: the content decides the adapter, so
report files, every adapter's output and published HTML/text pages are all
read, and a long CSV holding several reports gives one result per report.
A file that cannot be read gives a result carrying the error (and the rest
of the batch goes on); so does a bug in a reader, reported as an internal
error instead of stopping the run.

>>> import tempfile, pathlib
>>> from disclosure_format import dump_report, new_report
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> dump_report(new_report("2021", "某某局", 2023, values={"t3/new/applicant.total": 1}),
...             folder / "a.json")
>>> [(r.agency, r.year, r.errors) for r in batch([folder], jobs=1)]
[('某某局', 2023, 1)]
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from .errors import DisclosureFormatError, Problem, ReportError
from .findings import Finding
from .limits import read_file, resolve
from .reading import ReadNote
from .registry import FormatRegistry, default_registry
from .spec import FormatSpec, Severity
from .validation import validate

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["BatchResult", "batch", "iter_files", "readable_extensions"]


@attrs.frozen
class BatchResult:
    """The outcome for one report of a batch: who, which year and format, and what was found.

    ``error`` is set (and the report fields are None) when the file could
    not be read at all; ``error_type`` is then the exception's class name
    (``ReportError``, ``OSError``…; anything else is a bug in a reader).
    ``index`` is the report's position in its file (0 unless the file holds
    several reports).
    """

    file: str
    agency: str | None = None
    year: int | None = None
    format: str | None = None
    adapter: str | None = None
    errors: int = 0
    warnings: int = 0
    notices: int = 0
    read_notes: int = 0
    read_note_errors: int = 0
    """Read notes of severity ``error``: cells that could not be read or were ambiguous."""
    findings: tuple[Finding, ...] = ()
    notes: tuple[ReadNote, ...] = ()
    error: str | None = None
    error_type: str | None = None
    index: int = 0

    @property
    def readable(self) -> bool:
        return self.error is None

    @property
    def valid(self) -> bool:
        """Read, and no error finding."""
        return self.error is None and self.errors == 0


def readable_extensions() -> frozenset[str]:
    """The file extensions some registered adapter reads (``.json``, ``.html``, ``.txt``…)."""
    from .adapters import adapters

    return frozenset(ext.lower() for a in adapters() for ext in a.extensions)


def iter_files(
    paths: Iterable[str | os.PathLike[str]], *, extensions: Collection[str] | None = None
) -> Iterator[str]:
    """The files of a batch, in order: each file as given, each directory walked.

    Directories are walked recursively in sorted order, skipping entries
    whose name starts with ``.``, and yield the files with one of
    ``extensions`` (default: :func:`readable_extensions`).  A path that does
    not exist is yielded as it is, so that the batch reports it.
    """
    wanted: Collection[str] | None = extensions
    for path in paths:
        text = os.fspath(path)
        if not os.path.isdir(text):
            yield text
            continue
        if wanted is None:
            wanted = readable_extensions()
        yield from _walk(text, wanted)


def _walk(directory: str, extensions: Collection[str]) -> Iterator[str]:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        yield directory  # unreadable directory: reported as an unreadable input
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry.path, extensions)
        elif os.path.splitext(entry.name)[1].lower() in extensions:
            yield entry.path


def batch(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    registry: FormatRegistry | None = None,
    select: Collection[str] | None = None,
    ignore: Collection[str] = (),
    chunk_size: int = 16,
    max_bytes: int | None = None,
    engine: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
) -> Iterator[BatchResult]:
    """Read and validate every report of ``paths``; yield the results in input order.

    ``jobs`` worker processes do the work (default: one per CPU; ``1`` runs
    in this process, which is best for a handful of files).  ``registry``
    gives the format definitions (workers rebuild it from its directories);
    ``select``/``ignore`` filter rule ids as in :func:`~disclosure_format.validate`.
    At most ``2 × jobs`` chunks of ``chunk_size`` files are in flight.
    A file over ``max_bytes`` (default :data:`.limits.MAX_BYTES`, as it is
    when ``batch`` is called) is a failed result, left unread.

    ``engine="dask"`` runs the chunks on a Dask distributed cluster instead
    (extra ``dask``): the one at ``scheduler`` (``tcp://host:8786``; giving
    a scheduler implies the dask engine), or, without one, a local cluster
    of ``jobs`` worker processes.  The results are the same, in the same
    order (see :mod:`._distributed`).
    """
    registry = registry or default_registry()
    files = iter_files(paths)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    options = (tuple(select) if select is not None else None, tuple(ignore), resolve(max_bytes))
    _check_patterns(registry, (*(select or ()), *ignore))
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    if engine == "dask" or scheduler is not None:
        return _on_dask(files, workers, chunk_size, registry, options, scheduler)
    if workers == 1:
        return (r for path in files for r in _check_file(path, registry, *options))
    return _parallel(files, workers, chunk_size, registry, options)


def _on_dask(
    files: Iterator[str],
    workers: int,
    chunk_size: int,
    registry: FormatRegistry,
    options: tuple[tuple[str, ...] | None, tuple[str, ...], int],
    scheduler: str | None,
) -> Iterator[BatchResult]:
    """The chunks on Dask (:mod:`._distributed`), each checked by :func:`check_chunk_on`."""
    from ._distributed import run_on_dask

    directories = tuple(str(d) for d in registry.directories())
    for results in run_on_dask(
        _chunks(files, chunk_size),
        check_chunk_on,
        (directories, options),
        scheduler=scheduler,
        workers=workers,
    ):
        yield from results


def _parallel(
    files: Iterator[str],
    workers: int,
    chunk_size: int,
    registry: FormatRegistry,
    options: tuple[tuple[str, ...] | None, tuple[str, ...], int],
) -> Iterator[BatchResult]:
    """Chunks of files to a process pool, at most two per worker in flight, results in order."""
    from concurrent.futures import ProcessPoolExecutor  # imported only for a parallel batch

    directories = tuple(str(d) for d in registry.directories())
    pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(directories, *options))
    try:
        pending: deque[Future[list[BatchResult]]] = deque()
        for chunk in _chunks(files, chunk_size):
            pending.append(pool.submit(_check_chunk, chunk))
            while len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunks(items: Iterator[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# ---------------------------------------------------------------- the work itself

_worker: tuple[FormatRegistry, tuple[str, ...] | None, tuple[str, ...], int] | None = None


def _init_worker(
    directories: tuple[str, ...],
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...],
    max_bytes: int,
) -> None:
    global _worker
    registry = FormatRegistry(directories, builtins=False, environment=False)
    _worker = (registry, select, ignore, max_bytes)


def _check_chunk(paths: Sequence[str]) -> list[BatchResult]:
    assert _worker is not None, "worker not initialised"
    out: list[BatchResult] = []
    for path in paths:
        out.extend(_check_file(path, *_worker))
    return out


_registries: dict[tuple[str, ...], FormatRegistry] = {}


def check_chunk_on(
    paths: Sequence[str],
    directories: tuple[str, ...],
    options: tuple[tuple[str, ...] | None, tuple[str, ...], int],
) -> list[BatchResult]:
    """:func:`_check_chunk` for a worker that was not initialised (a Dask worker).

    The registry of ``directories`` is built once per worker process and kept.
    """
    registry = _registries.get(directories)
    if registry is None:
        registry = _registries[directories] = FormatRegistry(
            directories, builtins=False, environment=False
        )
    out: list[BatchResult] = []
    for path in paths:
        out.extend(_check_file(path, registry, *options))
    return out


def _check_file(
    path: str,
    registry: FormatRegistry,
    select: Collection[str] | None,
    ignore: Collection[str],
    max_bytes: int,
) -> list[BatchResult]:
    from .adapters import read_many

    try:
        data = read_file(path, max_bytes=max_bytes)
        readings = read_many(data, registry=registry, source=path, max_bytes=max_bytes)
        out = []
        for index, reading in enumerate(readings):
            report = reading.report
            spec = registry.get(report.format)
            findings = tuple(
                validate(
                    report,
                    spec=spec,
                    select=None if select is None else _patterns_for(spec, select),
                    ignore=_patterns_for(spec, ignore),
                )
            )
            counts = dict.fromkeys(Severity, 0)
            for finding in findings:
                counts[finding.severity] += 1
            out.append(
                BatchResult(
                    file=path,
                    agency=report.agency,
                    year=report.year,
                    format=report.format,
                    adapter=reading.adapter or None,
                    errors=counts[Severity.ERROR],
                    warnings=counts[Severity.WARNING],
                    notices=counts[Severity.NOTICE],
                    read_notes=len(reading.notes),
                    read_note_errors=sum(1 for n in reading.notes if n.severity == "error"),
                    findings=findings,
                    notes=reading.notes,
                    index=index,
                )
            )
        return out
    except DisclosureFormatError as exc:
        return [BatchResult(file=path, error=_message(exc), error_type=type(exc).__name__)]
    except OSError as exc:
        return [BatchResult(file=path, error=exc.strerror or str(exc), error_type="OSError")]
    except Exception as exc:  # a bug in a reader must not stop the batch; say what it was
        return [
            BatchResult(
                file=path,
                error=f"internal error: {type(exc).__name__}: {exc}",
                error_type=type(exc).__name__,
            )
        ]


def _matches(rule_id: str, pattern: str) -> bool:
    return rule_id == pattern or rule_id.startswith(pattern + ".")


def _check_patterns(registry: FormatRegistry, patterns: Sequence[str]) -> None:
    """Every rule pattern must name a rule of some known format (a typo is not a filter)."""
    specs = list(registry)
    for pattern in patterns:
        if not any(_matches(r.id, pattern) for spec in specs for r in spec.rules):
            raise ReportError(
                None,
                [Problem("$", f"no format has a rule {pattern!r} (formats: {registry.ids()})")],
            )


def _patterns_for(spec: FormatSpec, patterns: Collection[str]) -> list[str]:
    """The patterns that name rules of ``spec``: a batch mixes formats whose rules differ."""
    return [p for p in patterns if any(_matches(r.id, p) for r in spec.rules)]


def _message(exc: DisclosureFormatError) -> str:
    """The error without the file name (the result names the file): first problem, and a count."""
    problems: tuple[Problem, ...] = getattr(exc, "problems", ())
    if not problems:
        return str(exc)
    more = len(problems) - 1
    return str(problems[0]) + (
        f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    )
