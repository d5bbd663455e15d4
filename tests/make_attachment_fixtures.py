"""Make the PDF fixtures of ``tests/fixtures/attachments/`` with real tools.

Every fixture is the library's own rendering of a report, printed the way an
agency's PDF comes to be: headless Chromium printing the HTML render, and
LibreOffice converting it (LibreOffice converts the *HTML* render, not a DOCX:
``render --to docx`` is not on this branch yet).  Damaged variants are the
same HTML with a style sheet added before printing: a two-column page, labels
wrapped over lines, a page break inside table 3 (its header repeated by the
browser, or not), Chromium's own running header and footer with page numbers;
and the refusals: a scan (an image of a page, no text), a PDF encrypted with a
password.  The reports are made from a seeded random source, so the script
makes the same reports every time (the PDF bytes differ with the tools'
versions; what they show does not).

Run ``python tests/make_attachment_fixtures.py [NAME...]`` from the
repository root; it writes ``tests/fixtures/attachments/NAME.pdf`` and
``NAME.json`` (the report the PDF shows) for each fixture named (all of
:data:`MAKERS` by default).  The tests use :func:`chromium_pdf` for their live round trip.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import disclosure_format as df
from disclosure_format._generate import make_plan
from disclosure_format.spec import CellKind
from disclosure_format.validation import compiled

HERE = Path(__file__).parent / "fixtures" / "attachments"

_NARRATIVE = (
    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
    "推进决策、执行、管理、服务、结果公开，加强政策解读与回应关切，"
    "不断提升政务公开工作的质量和实效。"
)

#: Style sheets making the damaged variants (added before ``</head>``).
TWO_COLUMNS = ".df-narrative { column-count: 2; column-gap: 3em; }"
WRAPPED_LABELS = ".df-table { width: 62%; } .df-table th { word-break: break-all; }"
TABLE3_BREAK = 'table[data-table="t3"] tbody tr:nth-child(9) { break-before: page; }'
NO_REPEATED_HEADER = 'table[data-table="t3"] thead { display: table-row-group; }'


def seeded_report(format_id: str, seed: int, *, narrative_repeats: int = 1) -> df.Report:
    """A valid report of ``format_id`` with values drawn from ``random.Random(seed)``."""
    spec = df.get_format(format_id)
    rng = random.Random(seed)
    plan = make_plan(compiled(spec))

    def free(index: int, kind: CellKind, upper: object) -> int | Decimal:
        top = 60 if upper is None else min(60, int(upper))  # type: ignore[call-overload]
        if kind is CellKind.AMOUNT:
            return Decimal(rng.randint(0, top * 100)) / 100
        return rng.randint(0, max(top, 0))

    numbers = None
    while numbers is None:
        numbers = plan.fill(free)
    values = dict(zip(spec.cell_keys, numbers, strict=True))
    year = spec.years.first + 1
    return df.new_report(
        spec,
        "某某市某某局",
        year,
        values=values,
        narrative={s.key: _NARRATIVE * narrative_repeats for s in spec.sections},
        published=date(year + 1, 1, 20),
    )


def with_style(page: str, css: str) -> str:
    """The HTML ``page`` with ``css`` added to its head."""
    return page.replace("</head>", f"<style>{css}</style></head>", 1)


def chromium_pdf(page: str, out: Path, *, header_footer: bool = False) -> None:
    """Print the HTML ``page`` to ``out`` with headless Chromium (header/footer if asked)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(page, encoding="utf-8")
        command = [
            _tool("chromium"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp}/profile",
            f"--print-to-pdf={out}",
        ]
        if not header_footer:
            command.append("--no-pdf-header-footer")
        _run([*command, source.as_uri()])


def soffice_pdf(page: str, out: Path, *, password: str | None = None) -> None:
    """Convert the HTML ``page`` to ``out`` with LibreOffice headless (encrypted if asked)."""
    target = "pdf"
    if password is not None:
        target = (
            'pdf:writer_web_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
            f'"DocumentOpenPassword":{{"type":"string","value":"{password}"}}}}'
        )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(page, encoding="utf-8")
        _run(
            [
                _tool("soffice"),
                "--headless",
                f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
                "--convert-to",
                target,
                "--outdir",
                tmp,
                str(source),
            ]
        )
        shutil.move(Path(tmp) / "report.pdf", out)


def scanned_pdf(pdf: Path, out: Path, *, text_page: str | None = None) -> None:
    """A "scan" of ``pdf``'s first page: the page rasterised (poppler), printed as an image.

    With ``text_page``, a page of that text comes first: a PDF partly scanned.
    """
    with tempfile.TemporaryDirectory() as tmp:
        _run([_tool("pdftoppm"), "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), f"{tmp}/p"])
        image = next(Path(tmp).glob("p*.png"))
        body = f'<img src="{image.as_uri()}">'
        if text_page is not None:
            style = "display: block; break-before: page"
            body = f'<p>{text_page}</p><img style="{style}" src="{image.as_uri()}">'
        page = f"<!doctype html><html><head></head><body>{body}</body></html>"
        Path(tmp, "scan.html").write_text(page, encoding="utf-8")
        chromium_pdf(Path(tmp, "scan.html").read_text(encoding="utf-8"), out)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed")
    return found


def _run(command: list[str]) -> None:
    subprocess.run(
        command,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
        env={**os.environ, "HOME": tempfile.gettempdir()},
    )


def _libreoffice_2019(out: Path) -> df.Report:
    """A 2019 report converted by LibreOffice (whose HTML import draws no table rules)."""
    report = seeded_report("2019", 2)
    soffice_pdf(_html(report), out)
    return report


def _damaged_2021(out: Path) -> df.Report:
    """Two-column narrative, labels wrapped in narrow tables, table 3 broken (header repeated)."""
    report = seeded_report("2021", 11, narrative_repeats=4)
    chromium_pdf(with_style(_html(report), TWO_COLUMNS + WRAPPED_LABELS + TABLE3_BREAK), out)
    return report


def _page_chrome_2021(out: Path) -> df.Report:
    """Chromium's running header and footer (date, title, URL, "1/5"); table 3 broken
    without its header repeated."""
    report = seeded_report("2021", 3)
    page = with_style(_html(report), TABLE3_BREAK + NO_REPEATED_HEADER)
    chromium_pdf(page, out, header_footer=True)
    return report


def _scan(out: Path, text_page: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        printed = Path(tmp, "printed.pdf")
        chromium_pdf(_html(seeded_report("2021", 3)), printed)
        scanned_pdf(printed, out, text_page=text_page)


def _encrypted(out: Path) -> None:
    tiny = "<!doctype html><html><head></head><body><p>政府信息公开工作年度报告</p></body></html>"
    soffice_pdf(tiny, out, password="secret")


#: The fixtures by name: each maker writes NAME.pdf and returns the report it shows, if any.
MAKERS: dict[str, Callable[[Path], df.Report | None]] = {
    "libreoffice-2019": _libreoffice_2019,
    "damaged-2021": _damaged_2021,
    "page-chrome-2021": _page_chrome_2021,
    "scanned": _scan,
    "partly-scanned": lambda out: _scan(out, text_page="政府信息公开工作年度报告"),
    "encrypted": _encrypted,
}


def main(names: list[str]) -> None:
    """Make the fixtures ``names`` (all when empty)."""
    unknown = sorted(set(names) - set(MAKERS))
    if unknown:
        raise SystemExit(f"unknown fixture(s) {', '.join(unknown)} (known: {', '.join(MAKERS)})")
    HERE.mkdir(parents=True, exist_ok=True)
    for name in names or list(MAKERS):
        report = MAKERS[name](HERE / f"{name}.pdf")
        if report is not None:
            (HERE / f"{name}.json").write_text(_json(report), encoding="utf-8")
        size = (HERE / f"{name}.pdf").stat().st_size
        print(f"{name}.pdf: {size // 1024} KiB", file=sys.stderr)


def _html(report: df.Report) -> str:
    page = df.render(report, "html")
    assert isinstance(page, str)
    return page


def _json(report: df.Report) -> str:
    text = df.render(report, "json")
    assert isinstance(text, str)
    return text


if __name__ == "__main__":
    main(sys.argv[1:])
