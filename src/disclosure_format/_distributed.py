"""Running a batch on a Dask distributed cluster, for when one machine is not enough.

:func:`..batch.batch` hands its chunks of files to this module when asked
for the ``dask`` engine.  The work per chunk is the very function the local
process pool runs (:func:`..batch.check_chunk_on`), so a result does not
depend on the engine; results come back **in input order**, whatever order
the workers finish in, with the same bounded window of chunks in flight as
the local pool (two per worker thread), so memory stays flat.

Why Dask distributed (not Ray): it is pure Python and BSD-licensed, installs
from PyPI in seconds on any machine, speaks a ``concurrent.futures``-style
API (``submit`` → future → ``result``), and its scheduler is a single
address (``tcp://host:8786``) that a supervising office's cluster already
runs for its pandas/Arrow work; Ray brings a large binary runtime and an
object store this workload (small files in, small results out) has no use
for.  No scheduling is done here: Dask schedules, retries on lost workers,
and balances; this module only submits and collects.

Workers must see the files at the same paths (a shared file system), and the
format definitions: the built-in ones are in the package, extra directories
(``--formats-dir``) are passed by path.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

from .errors import EngineError, MissingDependencyError

__all__ = ["run_on_dask"]

_CONNECT_TIMEOUT = "10s"


def _client(stack: ExitStack, scheduler: str | None, workers: int) -> Any:
    """A Dask client: of the scheduler at ``scheduler``, or of a local cluster of ``workers``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MissingDependencyError(
            "the dask engine needs Dask distributed: pip install 'disclosure-format[dask]'",
            extra="dask",
        ) from None
    if scheduler is None:
        cluster = stack.enter_context(
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
        )
        return stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
    try:
        client = Client(scheduler, timeout=_CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
        return stack.enter_context(client)
    except (OSError, TimeoutError, ValueError) as exc:
        raise EngineError(
            f"cannot reach the Dask scheduler at {scheduler!r}: {exc or type(exc).__name__}"
        ) from None


def _slots(client: Any) -> int:
    """How many tasks the cluster runs at once (its worker threads; at least 1)."""
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))


def run_on_dask(
    chunks: Iterator[list[str]],
    task: Any,
    arguments: tuple[Any, ...],
    *,
    scheduler: str | None,
    workers: int,
) -> Iterator[Any]:
    """``task(chunk, *arguments)`` of each chunk on Dask; each chunk's results, in order.

    ``scheduler`` is the address of a running scheduler, or None to start a
    local cluster of ``workers`` processes for the batch (and stop it after).
    Raises :class:`..errors.EngineError` when the scheduler cannot be
    reached, :class:`..errors.MissingDependencyError` without Dask.
    """
    with ExitStack() as stack:
        client = _client(stack, scheduler, workers)
        window = 2 * _slots(client)
        pending: deque[Any] = deque()
        try:
            for chunk in chunks:
                # pure=False: two chunks with the same paths are still two tasks (files change)
                pending.append(client.submit(task, chunk, *arguments, pure=False))
                while len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
