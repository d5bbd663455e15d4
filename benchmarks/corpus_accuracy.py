"""Accuracy of the published-report reader on the real corpus, file by file.

Usage: ``python benchmarks/corpus_accuracy.py [CORPUS_DIR]`` (default:
``tests/fixtures/corpus``).  Every ``NNN.*`` file with an ``expected/NNN.json``
is read with :func:`disclosure_format.read_published`; each expected cell is
then one of:

* **right** — read with exactly the expected value (blank as blank);
* **ambiguous** — left blank with an ``ambiguous`` note naming it (allowed only
  for cells the expected file marks ``certain: false``);
* **wrong** — read with another value (never allowed);
* **missing** — not read and not reported ambiguous.

The table also says whether the agency, year and format were detected.  The
test suite (``tests/published/test_corpus.py``) asserts on the same scores.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from disclosure_format import get_format, read_published
from disclosure_format.reading import Reading
from disclosure_format.spec import FormatSpec

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "fixtures" / "corpus"


def _suffixes(path: str) -> list[str]:
    parts = path.split("/") if path else [""]
    return ["/".join(parts[i:]) for i in range(len(parts))]


def cell_index(spec: FormatSpec) -> dict[tuple[str, str, str], str]:
    """(table, row label path, column label path) → cell key; label paths may drop their roots."""
    out: dict[tuple[str, str, str], str] = {}
    clashes: set[tuple[str, str, str]] = set()
    for cell in spec.cells:
        for row in _suffixes(cell.row_label):
            for column in _suffixes(cell.column_label):
                name = (cell.table.id, row, column)
                if name in out and out[name] != cell.key:
                    clashes.add(name)
                out[name] = cell.key
    for name in clashes:
        del out[name]
    return out


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except ArithmeticError:
            return False
    return Decimal(a) == Decimal(b)


def agency_matches(found: str, expected: str) -> bool:
    """The expected agency is a name, maybe with other names in brackets: one must match."""
    inside = expected.replace("）", "").split("（", 1)[-1].replace("，", ",")
    names = [expected.split("（")[0], *inside.split(",")]
    return bool(found) and any(n and (n in found or found in n) for n in names)


def score(path: Path, expected: dict[str, Any]) -> dict[str, Any]:
    reading: Reading = read_published(path.read_bytes(), source=path.name)
    report = reading.report
    spec = get_format(expected["format"])
    index = cell_index(spec)
    ambiguous = {n.cell for n in reading.notes if n.kind == "ambiguous"}
    for n in reading.notes:
        if n.kind == "ambiguous" and n.cell is not None:
            # a run note names its first open cell; every open cell of the row is blank
            ambiguous.update(
                k
                for k, v in report.values.items()
                if v is None and k.rsplit("/", 1)[0] == n.cell.rsplit("/", 1)[0]
            )
    counts = {"expected": 0, "right": 0, "ambiguous": 0, "wrong": 0, "missing": 0}
    problems: list[str] = []
    for cell in expected["cells"]:
        key = index[(cell["table"], cell["row"], cell["column"])]
        counts["expected"] += 1
        value = report.values.get(key) if report.format == spec.id else "<format>"
        if _same(value, cell["value"]) and (
            value is not None or key not in ambiguous or not cell["certain"]
        ):
            counts["right"] += 1
        elif value is None and key in ambiguous:
            counts["ambiguous"] += 1
            if cell["certain"]:
                problems.append(
                    f"{key}: certain cell reported ambiguous (expected {cell['value']})"
                )
        elif value is None:
            counts["missing"] += 1
            problems.append(f"{key}: not read (expected {cell['value']})")
        else:
            counts["wrong"] += 1
            problems.append(f"{key}: read {value!r}, expected {cell['value']!r}")
    year_found = not any(n.kind == "missing-year" for n in reading.notes)
    return {
        **counts,
        "format": report.format == expected["format"],
        "year": report.year == expected["year"] if year_found else None,
        "agency": agency_matches(report.agency, expected["agency"]) if report.agency else None,
        "problems": problems,
        "reading": reading,
    }


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT
    rows = []
    for exp_path in sorted((corpus / "expected").glob("*.json")):
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        rows.append((expected["file"], score(corpus / expected["file"], expected)))
    header = (
        f"{'file':10} {'cells':>5} {'right':>5} {'ambig':>5} {'wrong':>5} {'miss':>5}"
        "  format year agency"
    )
    print(header)
    print("-" * len(header))
    total = {"expected": 0, "right": 0, "ambiguous": 0, "wrong": 0, "missing": 0}
    flag = {True: "yes", False: "NO", None: "not in file"}
    for name, s in rows:
        for k in total:
            total[k] += s[k]
        print(
            f"{name:10} {s['expected']:>5} {s['right']:>5} {s['ambiguous']:>5} {s['wrong']:>5} "
            f"{s['missing']:>5}  {flag[s['format']]:6} {flag[s['year']]:4} {flag[s['agency']]}"
        )
        for p in s["problems"]:
            print(f"    {p}")
    print("-" * len(header))
    print(
        f"{'total':10} {total['expected']:>5} {total['right']:>5} {total['ambiguous']:>5} "
        f"{total['wrong']:>5} {total['missing']:>5}"
    )
    return 1 if total["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
