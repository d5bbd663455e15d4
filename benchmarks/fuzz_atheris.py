"""Coverage-guided fuzzing of the public entry points with atheris (run on demand).

    pip install 'disclosure-format[fuzz]'          # atheris; not a test dependency
    python benchmarks/fuzz_atheris.py -atheris_runs=200000 [corpus_dir]

Each input's first byte picks the entry point — load a report file, load a
definition, read with detection, read with each adapter, read a published
page, render what was read with every adapter, validate, aggregate, series,
migrate, the CLI's ``validate`` — and the rest is the data.  The oracle is
the library's promise: nothing but a :class:`~disclosure_format.DisclosureFormatError`
(the CLI: exit status 0, 1 or 2) may come out; anything else is a crash that
atheris saves as ``crash-<hash>`` for replay (``python benchmarks/fuzz_atheris.py
crash-<hash>``).  Seed it with the corpus, after a scratch directory first —
libFuzzer writes the inputs it finds into the *first* directory given::

    mkdir -p /tmp/df-corpus
    python benchmarks/fuzz_atheris.py /tmp/df-corpus tests/fixtures/corpus examples

Without atheris (it has no wheel for every Python), run the same entry points
longer with hypothesis instead: ``HYPOTHESIS_PROFILE=thorough pytest tests/fuzz``.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

try:
    import atheris
except ImportError:  # pragma: no cover - on demand only
    sys.exit(
        "atheris is not installed: pip install 'disclosure-format[fuzz]' "
        "(or run HYPOTHESIS_PROFILE=thorough pytest tests/fuzz)"
    )

with atheris.instrument_imports():
    import disclosure_format as df
    from disclosure_format.cli import run

READERS = [a.name for a in df.adapters()]
WRITERS = ["text", "html", "csv", "csv-long", "json", "xlsx"]
SCRATCH = Path(tempfile.mkdtemp(prefix="df-fuzz-"))


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _after_reading(report: df.Report) -> None:
    """What may be done with any report that was read: every operation must hold."""
    df.validate(report)
    for name in WRITERS:
        try:
            out = df.render(report, name)
        except df.DisclosureFormatError:
            continue
        df.read(out, name)
    df.aggregate([report, report])
    df.series([report])
    for spec in df.list_formats():
        df.migrate(report, spec.id)


def _cli(data: bytes) -> None:
    path = SCRATCH / "input"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    status = run(["validate", str(path)], stdout=out, stderr=err)
    if status not in (0, 1, 2):
        raise AssertionError(f"exit status {status}: {err.getvalue()}")


def _targets() -> list[Callable[[bytes], object]]:
    targets: list[Callable[[bytes], object]] = [
        lambda d: _after_reading(df.loads_report(d, source="fuzz")),
        lambda d: df.loads_definition(_text(d), source="fuzz.toml"),
        lambda d: _after_reading(df.read(d, source="fuzz").report),
        lambda d: _after_reading(df.read_published(d, source="fuzz").report),
        lambda d: _after_reading(df.read_published(_text(d), source="fuzz").report),
        lambda d: [_after_reading(r.report) for r in df.read_many(d, source="fuzz")],
        _cli,
    ]
    for name in READERS:
        targets.append(lambda d, n=name: _after_reading(df.read(d, n, source="fuzz").report))
    return targets


TARGETS = _targets()


def test_one_input(data: bytes) -> None:
    if not data:
        return
    target = TARGETS[data[0] % len(TARGETS)]
    with contextlib.suppress(df.DisclosureFormatError):  # the one allowed failure
        target(data[1:])


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
