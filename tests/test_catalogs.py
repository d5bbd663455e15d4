"""The catalogs: babel extraction from the definitions, and the shipped .pot/.po kept current."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from disclosure_format import catalogs
from disclosure_format.errors import DefinitionError
from disclosure_format.i18n import DOMAIN, locale_dir
from disclosure_format.registry import builtin_formats_dir

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = locale_dir() / f"{DOMAIN}.pot"


def _messages(catalog):
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def test_pybabel_extract_produces_the_shipped_template(tmp_path, monkeypatch):
    """The babel command line, with the project's [tool.babel] mapping and entry point."""
    out = tmp_path / "fresh.pot"
    monkeypatch.chdir(ROOT)
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            "-F",
            "pyproject.toml",
            f"--ignore-dirs={catalogs.IGNORE_DIRS}",
            "-o",
            str(out),
            ".",
        ]
    )
    with out.open("rb") as fresh, TEMPLATE.open("rb") as shipped:
        fresh_catalog, shipped_catalog = read_po(fresh), read_po(shipped)
    assert _messages(fresh_catalog) == _messages(shipped_catalog)
    for message in fresh_catalog:
        if message.id:
            shipped_message = shipped_catalog.get(message.id, context=message.context)
            assert shipped_message.auto_comments == message.auto_comments


def test_the_shipped_catalogs_are_complete_and_current():
    problems = catalogs.check(ROOT)
    assert not problems, "\n".join(map(str, problems))


def test_the_extractor_yields_every_text_with_its_line_key_and_context():
    path = builtin_formats_dir() / "2021.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    with path.open("rb") as file:
        found = list(extract(catalogs.extract_formats, file))
    by_text = {}
    for lineno, message, comments, context in found:
        by_text[(context, message)] = comments
        assert comments, message
        first = message.split("，")[0][:12]
        assert first in lines[lineno - 1] or "=" in lines[lineno - 1], (lineno, message)
    assert by_text[("t3", "1.属于国家秘密")] == ["format 2021: t3 row results.denied.state_secret"]
    assert by_text[("t2", "万元")] == ["format 2021: t2 unit of column amount"]
    assert by_text[(None, "本列勾稽关系")] == ["format 2021: rule S1 name"]
    assert (None, "一、总体情况") in by_text
    assert ("t4", "复议后起诉") in by_text


def test_aliases_are_not_extracted():
    """Aliases are reader input (wordings of published reports), never shown."""
    path = builtin_formats_dir() / "2021.toml"
    with path.open("rb") as file:
        texts = {message for _, message, _, _ in extract(catalogs.extract_formats, file)}
    assert "二、上年转结政府信息公开申请数量" not in texts
    assert "四、结转下一年度继续办理" not in texts
    assert "二、上年结转政府信息公开申请数量" in texts


def test_a_broken_definition_fails_extraction_with_a_located_error():
    broken = io.BytesIO(b'id = "2040"\ntitle = "x"\n')
    broken.name = "formats/2040.toml"  # type: ignore[attr-defined]
    with pytest.raises(DefinitionError) as info:
        list(extract(catalogs.extract_formats, broken))
    assert "formats/2040.toml" in str(info.value)


@pytest.fixture
def scratch_locale(tmp_path, monkeypatch):
    """A copy of the shipped catalogs that update() may rewrite."""
    target = tmp_path / "locale"
    shutil.copytree(locale_dir(), target)
    monkeypatch.setattr(catalogs, "locale_dir", lambda: target)
    return target


def test_update_is_idempotent_and_reports_what_is_left_to_translate(scratch_locale):
    assert catalogs.update(ROOT, stdout=io.StringIO()) == []  # refreshes moved line numbers
    before = {p: p.read_bytes() for p in scratch_locale.rglob("*.po*")}
    out = io.StringIO()
    assert catalogs.update(ROOT, stdout=out) == []
    assert {p: p.read_bytes() for p in scratch_locale.rglob("*.po*")} == before
    assert out.getvalue() == ""

    english = scratch_locale / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with english.open("rb") as file:
        catalog = read_po(file, locale="en")
    catalog.delete("行政诉讼", context="t4")
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    english.write_bytes(buffer.getvalue())

    problems = catalogs.update(ROOT, stdout=out)
    assert [(p.message, p.context) for p in problems] == [("行政诉讼", "t4")]
    # babel may guess a translation from a similar message; a guess is fuzzy, never used
    assert problems[0].problem in {"not translated", "fuzzy: check the translation"}
    assert "to translate:" in out.getvalue()
    assert catalogs.main(["check", "--root", str(ROOT)]) == 1


def test_the_command_refuses_to_run_outside_a_checkout(tmp_path, capsys):
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert catalogs.main(["check", "--root", str(tmp_path)]) == 2
    finally:
        os.chdir(previous)
    assert "source checkout" in capsys.readouterr().err
