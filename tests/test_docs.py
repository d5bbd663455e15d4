"""The documentation site: it builds with warnings as errors, and its references are complete.

The site is built once (in a temporary directory) with the documented command,
``python -m sphinx -W -b html docs <out>``; the format reference must name
every rule of every format in every language, and the worked example of a new
format version (``docs/examples/2099.toml``) must be a working format.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import _chromium
from disclosure_format import FormatRegistry, list_formats, validate
from disclosure_format.cli._app import COMMANDS
from disclosure_format.i18n import SUPPORTED_LOCALES
from disclosure_format.testing import reports

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLE_FORMATS = DOCS / "examples"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(out / "doctrees"),
            str(DOCS),
            str(out / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    return out / "html"


def _text(page: Path) -> str:
    """The visible text of a page, whitespace folded."""
    markup = page.read_text(encoding="utf-8")
    markup = re.sub(r"<style>.*?</style>", "", markup, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_format_reference_names_every_rule_and_table(site, locale):
    page = site / "reference" / f"formats-{locale}.html"
    html = page.read_text(encoding="utf-8")
    text = _text(page)
    for spec in list_formats():
        for rule in spec.rules:
            assert f'id="rule-{locale.lower().replace("_", "-")}-{spec.id}-' in html
            assert rule.id in text, (locale, spec.id, rule.id)
            if rule.expr:
                assert " ".join(rule.expr.split()) in text
        for table in spec.tables:
            # drawn by the HTML adapter: one <table data-table=…> per table and format
            assert f'data-table="{table.id}"' in html
        cells = html.count('data-cell="t')
        assert cells >= sum(len(s.cells) for s in list_formats())


def test_the_reference_pages_are_in_their_language(site):
    english = _text(site / "reference" / "formats-en.html")
    chinese = _text(site / "reference" / "formats-zh_Hans.html")
    assert "Administrative reconsideration" in english
    assert "Differences from format 2019" in english
    assert "行政复议" in chinese
    assert "与格式 2019 的差异" in chinese
    # aliases are reader input and stay as published, in both
    assert "二、上年转结政府信息公开申请数量" in english
    assert "二、上年转结政府信息公开申请数量" in chinese


def test_the_cli_reference_has_every_command(site):
    text = _text(site / "reference" / "cli.html")
    for command in COMMANDS:
        assert f"disclosure-format {command}" in text
    assert "--locale" in text


def test_the_api_reference_documents_the_public_modules(site):
    html = (site / "reference" / "api.html").read_text(encoding="utf-8")
    for name in (
        "disclosure_format.validation.validate",
        "disclosure_format.i18n.format_value",
        "disclosure_format.i18n.Translator",
        "disclosure_format.catalogs.extract_formats",
        "disclosure_format.spec.FormatSpec",
    ):
        assert f'id="{name}"' in html, name


def test_every_page_is_built(site):
    for source in DOCS.rglob("*.md"):
        relative = source.relative_to(DOCS)
        if relative.parts[0] in ("_build", "examples"):
            continue
        assert (site / relative.with_suffix(".html")).is_file(), relative


# ---------------------------------------------------------------- the worked example


def test_the_example_format_loads_through_the_registry():
    registry = FormatRegistry([EXAMPLE_FORMATS])
    spec = registry.get("2099")
    assert spec.supersedes == "2021"
    assert registry.for_year(2099) is spec
    assert registry.for_year(2098).id == "2021"
    assert spec.has_cell("t2/procurement/amount")
    assert spec.rule("X1").table == "t2"


@settings(max_examples=10)
@given(data=st.data())
def test_reports_of_the_example_format_validate(data):
    spec = FormatRegistry([EXAMPLE_FORMATS]).get("2099")
    report = data.draw(reports(spec))
    assert not [f for f in validate(report, spec=spec) if f.is_error]
    broken = report.with_values({"t3/new/applicant.total": 10**9})
    assert any(f.rule in ("S1", "I1") for f in validate(broken, spec=spec))


# ---------------------------------------------------------------- tutorial code


_RUNNABLE = ("tutorials/fill-in-and-publish.md", "tutorials/new-format-version.md")
_PYTHON = re.compile(r"```python\n(.*?)```", re.S)


@pytest.mark.parametrize("page", _RUNNABLE)
@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_the_python_examples_of_the_tutorials_run(page, monkeypatch):
    monkeypatch.chdir(ROOT)
    blocks = _PYTHON.findall((DOCS / page).read_text(encoding="utf-8"))
    assert blocks
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, f"{page} example", "exec"), namespace)


_FITS = _chromium.script(
    """
  const page = document.documentElement;
  out = {page: [page.scrollWidth, page.clientWidth], tables: []};
  for (const table of document.querySelectorAll("table.df-table")) {
    const box = table.parentElement.getBoundingClientRect();
    const r = table.getBoundingClientRect();
    out.tables.push({id: table.id, left: r.left, right: r.right, room: box.right,
                     scroll: table.scrollWidth, width: r.width});
  }
"""
)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_format_reference_needs_no_horizontal_scrollbar(site, locale, tmp_path):
    """Its tables (drawn by the HTML adapter) fit the theme's text column in Chromium."""
    page = site / "reference" / f"formats-{locale}.html"
    probe = page.with_name(f"probe-{locale}.html")
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", _FITS + "</body>"), encoding="utf-8"
    )
    got = _chromium.measured(probe, width=1024, height=800)
    assert got["errors"] == []
    tables = got["out"]["tables"]
    assert tables
    for t in tables:
        assert t["right"] <= t["room"] + 0.5, t
        assert t["scroll"] <= round(t["width"]) + 1, t
    scroll, client = got["out"]["page"]
    assert scroll <= client
