"""Golden files: every bundled example rendered by every text adapter, kept in the repository.

A change to a layout, a label or a number format shows up in review as a
diff of ``tests/golden/``.  After an intended change, regenerate them with::

    UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff before committing it.  XLSX is binary (and stamped with
its creation time), so its layout is covered by ``test_adapters_edits``.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import pytest

import disclosure_format as df

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
GOLDEN = Path(__file__).resolve().parent / "golden"
SUFFIXES = {
    "text": ".txt",
    "html": ".html",
    "csv": ".csv",
    "csv-long": ".long.csv",
    "json": ".json",
}


def _rendered(example: Path, adapter: str) -> str:
    report = df.load_report(example)
    report = attrs.evolve(report, provenance=df.Provenance())  # the path is not content
    output = df.render(report, adapter)
    assert isinstance(output, str)
    # the page names the library's version; a release must not change every golden file
    return output.replace(f"disclosure-format {df.__version__}", "disclosure-format VERSION")


@pytest.mark.parametrize("adapter", list(SUFFIXES))
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_rendering_matches_the_golden_file(example: Path, adapter: str) -> None:
    golden = GOLDEN / f"{example.stem}{SUFFIXES[adapter]}"
    output = _rendered(example, adapter)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(output.encode("utf-8"))
    if not golden.exists():
        pytest.fail(
            f"no golden file {golden.name}: run UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
        )
    expected = golden.read_bytes().decode("utf-8")
    assert output == expected, f"{golden.name} changed; if intended, regenerate (see module doc)"
    assert df.read(expected, adapter).report == df.load_report(example)


def test_there_are_examples() -> None:
    assert EXAMPLES, "examples/*.json are the golden files' inputs"
