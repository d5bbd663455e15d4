"""Equivalence guard for speed work on the published-report reader: same input, same result.

Run on demand::

    python benchmarks/equivalence.py record SNAPSHOT   # before changing anything
    python benchmarks/equivalence.py check SNAPSHOT    # after each optimisation

It reads a fixed, seeded set of inputs and records, for each, the complete
result: the extracted :class:`~disclosure_format._extract.Document` (every
block, cell, span, line number and note) and the :class:`Reading` of
:func:`disclosure_format.read_published` (the report as its JSON file, and
every read note with all its fields) — or the error, when reading fails.
``check`` recomputes everything from the recorded inputs (kept in the
snapshot, so that changes to the generators cannot pass for changes of the
results) and lists each input whose result differs.

The inputs:

* every corpus file (``tests/fixtures/corpus`` and, when present, the shared
  corpus beside the repository);
* for every built-in format, seeded reports (the generator of
  ``bench_validate_many``: valid ones, one in ten with a shifted cell, some
  zero cells blank) written as Word-exported pages with each kind of publisher
  damage, as text copied from a page and as crawler dumps;
* reports with hostile agency and narrative texts (seeded), as damaged pages;
* the pages of the previous item cut short at a few places, and with their
  markup shuffled into tag soup (a seeded mix of the page's own pieces).

Speed work must keep every one of them identical; this is not a test of
the results' correctness (the test suite is), only of their stability.
Both runs use the hash seed 0 (the script re-executes itself with
``PYTHONHASHSEED=0``), so that an order that depends on string hashing
cannot pass for a change.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs

from disclosure_format import dumps_report, get_format, list_formats, testing
from disclosure_format._extract import Document, Grid, extract
from disclosure_format._published import read_published
from disclosure_format._published._mimic import (
    Damage,
    published_flat_text,
    published_html,
    published_tab_text,
)
from disclosure_format.model import Report

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate_many import generate  # the same seeded reports as the other benchmarks

ROOT = Path(__file__).resolve().parent.parent
CORPORA = (ROOT / "tests" / "fixtures" / "corpus", ROOT.parent / "shared" / "corpus")
PER_FORMAT = 40
HOSTILE = 30
DAMAGES = (
    Damage(),
    Damage(spans=True),
    Damage(spans=True, blank_zeros=True, half_width=True),
    Damage(label_spaces=True, aliases=True),
    Damage(moved_merge=True, spans=True),
    Damage(
        spans=True,
        blank_zeros=True,
        half_width=True,
        label_spaces=True,
        aliases=True,
        moved_merge=True,
    ),
)


def _hostile_text(rng: random.Random, size: int) -> str:
    """Text that breaks naive escaping and parsing: hostile strings, odd characters, prose."""
    pieces = []
    for _ in range(rng.randrange(size)):
        pick = rng.random()
        if pick < 0.2:
            pieces.append(rng.choice(testing.HOSTILE_STRINGS))
        elif pick < 0.4:
            code = rng.randrange(0x20, 0x30000)
            if not 0xD800 <= code < 0xE000:
                pieces.append(chr(code))
        else:
            pieces.append(
                rng.choice("政府信息公开工作年度报告局委办（）、：，。“”0123456789<>&;\n\t ")
            )
    return "".join(pieces)


def _hostile(n: int) -> list[Report]:
    """Seeded reports of every format with hostile agency and narrative texts.

    Seeded with :mod:`random`, not drawn with hypothesis: hypothesis mixes
    literals found in the source code into its draws, so its examples change
    whenever the code does — no use for comparing results before and after.
    """
    rng = random.Random(13)
    out: list[Report] = []
    for k in range(n):
        spec = list_formats()[k % len(list_formats())]
        report = generate(spec, 1, seed=100 + k)[0]
        narrative = {s.key: _hostile_text(rng, 12) for s in spec.sections if rng.random() < 0.7}
        out.append(
            attrs.evolve(
                report,
                agency=_hostile_text(rng, 6) or "某某局",
                year=spec.years.first + 1,
                published=date(spec.years.first + 2, 1 + rng.randrange(12), 1 + rng.randrange(28)),
                narrative={key: text for key, text in narrative.items() if text},
            )
        )
    return out


def _soup(page: str, rng: random.Random) -> str:
    """The page's pieces (split at ``<`` and ``>``) shuffled locally: plausible tag soup."""
    pieces = page.replace(">", ">\x00").replace("<", "\x00<").split("\x00")
    for _ in range(len(pieces) // 8):
        a = rng.randrange(len(pieces))
        b = min(len(pieces) - 1, a + rng.randrange(1, 6))
        pieces[a], pieces[b] = pieces[b], pieces[a]
    return "".join(pieces)


def inputs() -> Iterator[tuple[str, bytes | str]]:
    """(name, data) of every input, in a fixed order."""
    seen: set[str] = set()
    for corpus in CORPORA:
        if not corpus.is_dir():
            continue
        for path in sorted(corpus.iterdir()):
            if path.is_file() and path.suffix in (".html", ".txt", ".md"):
                data = path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                if digest not in seen:
                    seen.add(digest)
                    yield f"corpus/{path.name}", data
    for spec in list_formats():
        for k, report in enumerate(generate(spec, PER_FORMAT, seed=11)):
            if spec.years.first > report.year or not spec.governs(report.year):
                report = attrs.evolve(report, year=spec.years.first + 1)
            damage = attrs.evolve(DAMAGES[k % len(DAMAGES)], seed=k)
            yield f"{spec.id}/{k}.html", published_html(report, spec, damage)
            if k % 2 == 0:
                yield f"{spec.id}/{k}.tab.txt", published_tab_text(report, spec, damage)
            if k % 4 == 0:
                yield f"{spec.id}/{k}.flat.txt", published_flat_text(report, spec)
    rng = random.Random(5)
    for k, report in enumerate(_hostile(HOSTILE)):
        spec = get_format(report.format)
        page = published_html(report, spec, attrs.evolve(DAMAGES[-1], seed=k))
        yield f"hostile/{k}.html", page
        yield f"hostile/{k}.html.bytes", page.encode("gb18030", errors="replace")
        cut = rng.randrange(len(page))
        yield f"hostile/{k}.cut.html", page[:cut]
        yield f"hostile/{k}.soup.html", _soup(page, rng)


def _document(doc: Document) -> object:
    blocks: list[object] = []
    for block in doc.blocks:
        if isinstance(block, Grid):
            blocks.append(
                [
                    "grid",
                    block.n_rows,
                    block.n_cols,
                    block.line,
                    block.caption,
                    [attrs.astuple(c) for c in block.cells],
                ]
            )
        else:
            blocks.append(["p", block.text, block.line])
    return [doc.form, doc.encoding, blocks, list(doc.notes)]


def result(data: bytes | str) -> str:
    """Everything extraction and reading give for ``data``, as canonical JSON."""
    out: dict[str, object] = {}
    try:
        out["document"] = _document(extract(data))
    except Exception as exc:  # recorded: the error must stay the same too
        out["document-error"] = f"{type(exc).__name__}: {exc}"
    try:
        reading = read_published(data, source="input")
        out["report"] = json.loads(dumps_report(reading.report))
        out["notes"] = [attrs.asdict(n) for n in reading.notes]
        out["adapter"] = reading.adapter
    except Exception as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
    return json.dumps(out, ensure_ascii=False, sort_keys=True, default=str)


def _stored(data: bytes | str) -> dict[str, str]:
    if isinstance(data, bytes):
        return {"base64": base64.b64encode(data).decode("ascii")}
    return {"text": data}


def _loaded(stored: dict[str, str]) -> bytes | str:
    if "base64" in stored:
        return base64.b64decode(stored["base64"])
    return stored["text"]


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("record", "check"):
        sys.exit(__doc__)
    if os.environ.get("PYTHONHASHSEED") != "0":  # one set order for every run
        os.execve(
            sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"}
        )
    mode, snapshot = sys.argv[1], Path(sys.argv[2])
    if mode == "record":
        # the inputs are kept with the results: generators may change meanwhile
        recorded = {name: [_stored(data), result(data)] for name, data in inputs()}
        snapshot.write_text(json.dumps(recorded, ensure_ascii=False), encoding="utf-8")
        print(f"recorded {len(recorded)} results in {snapshot}")
        return
    recorded = json.loads(snapshot.read_text(encoding="utf-8"))
    differ = []
    for name, (stored, expected) in recorded.items():
        now = result(_loaded(stored))
        if now == expected:
            continue
        differ.append(name)
        if len(differ) > 20:
            continue
        print(f"DIFFERS: {name}")
        old, new = json.loads(expected), json.loads(now)
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                print(f"  {key}: {str(old.get(key))[:300]}\n   now: {str(new.get(key))[:300]}")
    print(f"{len(recorded) - len(differ)} of {len(recorded)} results identical")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
