"""Reports built from the hand-checked values of the real corpus (``fixtures/corpus/expected``).

The expected files name cells by their official label paths, shortened the
way a reader sees them (``（三）不予公开/1.属于国家秘密``, ``法人或其他组织/商业企业``);
a cell matches when those labels end its full label path.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from disclosure_format import Provenance, Report, get_format, new_report

EXPECTED = Path(__file__).parent / "fixtures" / "corpus" / "expected"


def _suffixes(labels: list[str]) -> set[str]:
    labels = [label for label in labels if label]
    return {"/".join(labels[i:]) for i in range(len(labels))} | ({""} if not labels else set())


def corpus_report(number: str) -> Report:
    """The report of ``fixtures/corpus/<number>.*`` as its expected file gives it."""
    data = json.loads((EXPECTED / f"{number}.json").read_text(encoding="utf-8"))
    spec = get_format(data["format"])
    index: dict[tuple[str, str, str], str] = {}
    for cell in spec.cells:
        rows = _suffixes([n.label for n in cell.row])
        columns = _suffixes([n.label for n in cell.column])
        for row in rows:
            for column in columns:
                index.setdefault((cell.table.id, row, column), cell.key)
    values = {}
    for item in data["cells"]:
        key = index[(item["table"], item["row"], item["column"])]
        value = item["value"]
        values[key] = Decimal(value) if isinstance(value, str) else value
    report = new_report(spec, data["agency"], data["year"], values=values)
    source = f"corpus/{data['file']}"
    return Report(
        format=report.format,
        agency=report.agency,
        year=report.year,
        values=report.values,
        narrative=report.narrative,
        provenance=Provenance(source=source),
    )
