"""The review site (``batch --site DIR``): its pages, escaping, and the pages in a real browser.

The Chromium tests open the index and one report page from ``file://`` and check,
in the browser, that no script error occurred, that the charts and the failing-cell
highlights are in the DOM, that sorting and filtering work, and that a screenshot
of each is a real picture.  They skip without chromium, except under ``CI=true``.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest

import _chromium
from disclosure_format import dump_report, new_report, validate
from disclosure_format.batch import batch
from disclosure_format.cli import run
from disclosure_format.site import write_site

HOSTILE = '<script>alert("x")</script>&amp;"\'<img src=x onerror=alert(1)>'


def _reports(folder: Path) -> Path:
    """Three years of one agency (one with an error), a hostile agency name, a broken file."""
    folder.mkdir()
    for year, total in ((2021, 3), (2022, 7), (2023, 4)):
        values = {"t3/new/applicant.natural_person": 3, "t3/new/applicant.total": total}
        dump_report(new_report("2021", "某某局", year, values=values), folder / f"a{year}.json")
    dump_report(
        new_report("2021", HOSTILE, 2023, values={"t3/new/applicant.total": 1}),
        folder / "hostile.json",
    )
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    inputs = _reports(root / "in")
    write_site(batch([inputs], jobs=1), root / "out")
    return root / "out"


def _pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_the_site_has_an_index_a_page_per_readable_report_and_the_series(site):
    pages = _pages(site)
    assert sorted(pages) == [
        "agencies/0001.html",
        "index.html",
        *(f"reports/{n:05d}.html" for n in (1, 2, 3, 5)),
    ]
    index = pages["index.html"]
    assert index.count('<tr data-status="') == 5
    assert index.count('<tr data-status="unreadable"') == 1
    assert 'href="reports/00002.html"' in index
    assert 'href="agencies/0001.html"' in index  # 某某局 has three years
    series = pages["agencies/0001.html"]
    for year in (2021, 2022, 2023):
        assert f">{year}</a>" in series
    assert not list(site.rglob("*.partial"))


def test_a_report_page_is_the_reviewer_view_of_render_findings(site):
    page = (site / "reports" / "00002.html").read_text(encoding="utf-8")
    report = new_report(
        "2021",
        "某某局",
        2022,
        values={"t3/new/applicant.natural_person": 3, "t3/new/applicant.total": 7},
    )
    findings = validate(report)
    assert findings
    assert page.count("df-flag df-") == len(
        {ref.key for f in findings for ref in f.cells if not ref.previous}
    )
    assert page.count('<li id="df-finding-') == len(findings)
    assert 'data-cell="t3/new/applicant.total"' in page


def test_everything_from_the_reports_is_escaped(site):
    for name, page in _pages(site).items():
        assert "<img" not in page, name
        assert 'alert("x")' not in page, name
        # the only scripts are the site's own (on the index)
        assert page.count("<script") == (1 if name == "index.html" else 0), name
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in (site / "index.html").read_text(
        encoding="utf-8"
    )


def test_batch_site_on_the_command_line_in_english(tmp_path):
    inputs = _reports(tmp_path / "in")
    out, err = io.StringIO(), io.StringIO()
    argv = ["batch", str(inputs), "-j", "1", "--summary", "none", "--site", str(tmp_path / "s")]
    status = run([*argv, "--locale", "en"], stdout=out, stderr=err)
    assert status == 2, err.getvalue()  # the broken file
    index = (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index
    assert "Problems by rule" in index
    assert "All reports" in index
    assert "各规则的问题" not in index


def test_batch_site_into_a_file_is_a_usage_error(tmp_path):
    inputs = _reports(tmp_path / "in")
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["batch", str(inputs), "-j", "1", "--site", str(tmp_path / "taken")]
    assert run(argv, stdout=out, stderr=err) == 2
    assert "--site" in err.getvalue()
    assert "Traceback" not in err.getvalue()


# --- in a real browser ------------------------------------------------------------------

_INDEX_PROBE = _chromium.script(
    """
  const rows = () => [...document.querySelectorAll("#df-reports tbody tr")];
  const visible = () => rows().filter((r) => !r.hidden).length;
  const before = visible();
  const errorsHead = [...document.querySelectorAll("#df-reports th")]
    .find((th) => th.dataset.type === "number" && th.cellIndex === 6);
  errorsHead.querySelector("button").click();
  const ascending = rows().map((r) => Number(r.cells[6].dataset.value));
  errorsHead.querySelector("button").click();
  const descending = rows().map((r) => Number(r.cells[6].dataset.value));
  const filter = document.getElementById("df-filter");
  filter.value = "某某局";
  filter.dispatchEvent(new Event("input"));
  const filtered = visible();
  filter.value = "";
  filter.dispatchEvent(new Event("input"));
  const status = document.getElementById("df-status");
  status.value = "unreadable";
  status.dispatchEvent(new Event("change"));
  const unreadable = visible();
  out = {
    before, ascending, descending, filtered, unreadable,
    shown: document.getElementById("df-shown").textContent,
    ruleBars: document.querySelectorAll("#df-chart-rules svg rect").length,
    agencyBars: document.querySelectorAll("#df-chart-agencies svg rect").length,
    ruleBarWidths: [...document.querySelectorAll("#df-chart-rules svg rect")]
      .map((r) => r.getBoundingClientRect().width),
    hostile: [...document.querySelectorAll("#df-reports td")]
      .some((td) => td.textContent.includes('\\x3cscript>alert("x")\\x3c/script>')),
    injected: document.querySelectorAll("img").length,
  };
"""
)

_REPORT_PROBE = _chromium.script(
    """
  const flagged = [...document.querySelectorAll("td.df-flag")];
  const marks = [...document.querySelectorAll("td.df-flag sup.df-mark a")];
  out = {
    flagged: flagged.map((td) => td.dataset.cell),
    errorCells: document.querySelectorAll("td.df-flag.df-error").length,
    findings: document.querySelectorAll(".df-findings li").length,
    linked: marks.every((a) => document.getElementById(a.hash.slice(1)) !== null),
    highlighted: flagged.every((td) => getComputedStyle(td).backgroundColor !== "rgba(0, 0, 0, 0)"),
    back: document.querySelector(".df-nav a").getAttribute("href"),
    beside: document.querySelector(".df-findings").getBoundingClientRect().left
      >= document.querySelector("table.df-table").getBoundingClientRect().right,
  };
"""
)


def _probe(page: Path, probe: str) -> dict:
    """The page with the error hook first in <head> and ``probe`` at the end, measured."""
    text = page.read_text(encoding="utf-8")
    text = text.replace("<head>", "<head>\n" + _chromium.ERRORS, 1)
    copy = page.with_name(page.stem + "-probe.html")
    copy.write_text(text.replace("</body>", probe + "</body>"), encoding="utf-8")
    try:
        return _chromium.measured(copy, width=1200, height=900)
    finally:
        copy.unlink()


def test_in_chromium_the_index_sorts_filters_and_has_its_charts(site):
    got = _probe(site / "index.html", _INDEX_PROBE)
    assert got["errors"] == []
    out = got["out"]
    assert out["before"] == 5
    assert out["ascending"] == sorted(out["ascending"])
    assert out["descending"] == sorted(out["descending"], reverse=True)
    assert out["ascending"] != out["descending"]
    assert out["filtered"] == 3
    assert out["unreadable"] == 1
    assert out["shown"] == "1"
    assert out["ruleBars"] >= 2
    assert all(w > 0 for w in out["ruleBarWidths"])
    assert out["agencyBars"] == 2  # 某某局 and the hostile name
    assert out["hostile"]  # shown as text
    assert out["injected"] == 0


def test_in_chromium_a_report_page_highlights_the_failing_cells(site):
    got = _probe(site / "reports" / "00002.html", _REPORT_PROBE)
    assert got["errors"] == []
    out = got["out"]
    assert "t3/new/applicant.total" in out["flagged"]
    assert out["errorCells"] >= 1
    assert out["findings"] >= 1
    assert out["linked"]
    assert out["highlighted"]
    assert out["back"] == "../index.html"
    assert out["beside"]  # on a wide screen the findings are beside the tables


def test_in_chromium_the_pages_load_without_console_errors(site):
    for page in ("index.html", "reports/00002.html", "agencies/0001.html"):
        done = _chromium.run(
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
            (site / page).as_uri(),
        )
        assert "</html>" in done.stdout, page
        console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
        assert console == [], (page, console)
        assert "Uncaught" not in done.stderr, page


@pytest.mark.parametrize("page", ["index.html", "reports/00002.html"])
def test_in_chromium_a_screenshot_of_the_page_is_a_picture(site, page, tmp_path):
    png = _chromium.screenshot(site / page, tmp_path / "shot.png", width=1200, height=1400)
    width, height, distinct = _png_summary(png)
    assert (width, height) == (1200, 1400)
    assert len(png) > 20_000
    assert distinct > 40, "the screenshot is (nearly) a single colour"


def _png_summary(png: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values of the decoded image data."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, size = 8, b"", (0, 0)
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        chunk = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            data += chunk
        pos += 12 + length
    pixels = zlib.decompress(data)
    return size[0], size[1], len(set(pixels[:: max(1, len(pixels) // 200_000)]))


def test_the_png_check_tells_a_blank_picture(tmp_path):
    """The screenshot check is not vacuous: a one-colour PNG fails it."""
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * 50 for _ in range(50))
    header = struct.pack(">IIBBBBB", 50, 50, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
    png += chunk(b"IEND", b"")
    assert _png_summary(png)[2] <= 2
    assert re.match(rb"\x89PNG", png)


@pytest.mark.parametrize("where", ["in/review", "in"])
def test_batch_site_inside_an_input_folder_is_a_usage_error(tmp_path, where):
    """The walk would read the site's own pages as reports (or the site overwrite inputs)."""
    inputs = _reports(tmp_path / "in")
    out, err = io.StringIO(), io.StringIO()
    argv = ["batch", str(inputs), "-j", "1", "--site", str(tmp_path / where)]
    assert run(argv, stdout=out, stderr=err) == 2
    assert "--site" in err.getvalue()
    assert not (tmp_path / where / "index.html").exists()


def test_a_smaller_run_removes_the_pages_it_does_not_rewrite(tmp_path):
    inputs = _reports(tmp_path / "in")
    write_site(batch([inputs], jobs=1), tmp_path / "s")
    assert (tmp_path / "s" / "reports" / "00005.html").exists()
    mine = tmp_path / "s" / "reports" / "notes.txt"
    mine.write_text("kept", encoding="utf-8")
    write_site(batch([inputs / "a2021.json"], jobs=1), tmp_path / "s")
    assert sorted(p.name for p in (tmp_path / "s" / "reports").iterdir()) == [
        "00001.html",
        "notes.txt",
    ]
    assert not list((tmp_path / "s" / "agencies").iterdir())


def test_in_english_the_index_and_series_pages_have_no_chinese_of_their_own(tmp_path):
    """Every text of the site goes through the catalogs (agency names here are ASCII)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for year, total in ((2021, 3), (2022, 7)):
        values = {"t3/new/applicant.natural_person": 3, "t3/new/applicant.total": total}
        report = new_report("2021", "Bureau A", year, values=values)
        dump_report(report, folder / f"a{year}.json")
    write_site(batch([folder], jobs=1), tmp_path / "s", locale="en")
    for page in ("index.html", "agencies/0001.html"):
        text = re.sub(r"<[^>]+>", " ", (tmp_path / "s" / page).read_text(encoding="utf-8"))
        chinese = re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", text)
        assert chinese == [], (page, chinese)
