"""A zh_Hans run of every command prints no English word of the library's own.

Every verb is run in the default locale on the examples; each ASCII word
in what it prints must be one the *data* brought: a file name, a rule id,
a key of a cell, row, column, block, section, table or figure, a format
id, a word of a rule's expression (``sum``, ``previous``), an option name
(``--verbose``), or a word of the report's own text.  Anything else is an
English word the library wrote where the locale wants Chinese.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import attrs
import pytest

from disclosure_format import dump_report, list_formats, load_report
from disclosure_format.aggregate import SUM_RULE
from disclosure_format.cli import run
from disclosure_format.cli._app import COMMANDS
from disclosure_format.cli._show import _MARK

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
VALID = str(EXAMPLES / "2021-beilun-keji-2023.json")
VALID_2019 = str(EXAMPLES / "2019-pingtan-2019.json")
ERRORS = str(EXAMPLES / "2021-with-errors.json")

_WORD = re.compile(r"(?<![-\w])[A-Za-z][A-Za-z]+")
_OPTION = re.compile(r"--?[a-z][a-z-]*")


def _data_words(paths: list[str]) -> set[str]:
    """The ASCII words the formats and the example reports themselves bring."""
    texts: list[str] = [SUM_RULE, *paths, *_MARK.values()]  # the grid's n, ±n, n.nn
    for spec in list_formats():
        texts.append(spec.id)
        texts += [c.key for c in spec.cells]
        texts += [t.id for t in spec.tables]
        texts += [s.key for s in spec.sections]
        texts += [f.key for f in spec.figures]
        texts += [r.id for r in spec.rules]
        texts += [r.expr for r in spec.rules if r.expr]
        texts += [b.key for t in spec.tables for b in t.blocks]
    for path in (VALID, VALID_2019, ERRORS):
        report = load_report(path)
        texts += [report.agency, *report.narrative.values(), str(report.provenance.source)]
    return {w for text in texts for w in _WORD.findall(text)}


def _cli(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err)
    assert status in (0, 1), err.getvalue()
    return out.getvalue() + err.getvalue()


def _runs(tmp: Path) -> dict[str, list[list[str]]]:
    text = str(tmp / "report.txt")
    previous = tmp / "2022.json"
    dump_report(attrs.evolve(load_report(VALID), year=2022), previous)
    return {
        "formats": [[]],
        "show": [["2021"], ["2019", "--cells"]],
        "template": [["2021", "-o", str(tmp / "blank.json")]],
        "schema": [["2019", "-o", str(tmp / "schema.json")]],
        "validate": [[ERRORS], [VALID, "--previous", str(previous)]],
        "render": [[ERRORS, "--to", "text"], [ERRORS, "--to", "text", "-o", text]],
        "read": [[text, "-o", str(tmp / "back.json")]],
        "diff": [["2019", "2021"], ["2021", "2021"]],
        "migrate": [[VALID_2019, "--to-format", "2021", "-o", str(tmp / "m.json"), "--verbose"]],
        "aggregate": [["--check", ERRORS, ERRORS, ERRORS], [ERRORS, "-o", str(tmp / "sum.json")]],
        "series": [[VALID_2019, VALID, ERRORS, "--allow-mixed"]],
        "batch": [[str(EXAMPLES), "-j", "1"], [str(EXAMPLES), "-j", "1", "--summary", "totals"]],
    }


def test_every_command_is_covered(tmp_path):
    assert set(_runs(tmp_path)) == set(COMMANDS)


@pytest.mark.parametrize("verb", list(COMMANDS))
def test_a_zh_hans_run_prints_no_english_word_of_the_library(verb, tmp_path):
    runs = _runs(tmp_path)
    if verb == "read":  # reads what `render --to text -o` wrote
        for argv in runs["render"]:
            _cli("render", *argv)
    words = _data_words([str(EXAMPLES), VALID, VALID_2019, ERRORS, str(tmp_path)])
    for argv in runs[verb]:
        printed = _OPTION.sub(" ", _cli(verb, *argv))
        english = sorted(set(_WORD.findall(printed)) - words)
        assert english == [], f"{verb} {' '.join(argv)}: {english}"
