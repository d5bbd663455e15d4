"""Make the Word fixtures of ``tests/test_docx.py`` (run it again to remake them).

``python tests/make_docx_fixtures.py`` writes ``tests/fixtures/docx/``:

* ``people-2021.docx`` — the example report (``examples/2021-beilun-keji-2023.json``)
  as a person types it in Word, with python-docx and no help from the
  library's adapter: no styles, labels split across runs (and one over a
  line break), a few blank cells, paragraphs (notes, narrative) between the
  tables, table 2 typed as tab-separated text with alignment tabs, table 3
  drawn on a finer column grid so that its data cells do not line up with
  its header cells and one vertical merge that does not line up with the
  cell above, table 4 nested inside a one-cell layout table;
* ``corpus-013.docx`` — ``tests/fixtures/corpus/013.html`` (a real published
  page) converted by LibreOffice: ``soffice --headless --convert-to docx``;
* ``corpus-013.doc`` — the same page as a Word 97–2003 file, which must be
  refused with a message saying to convert it;
* ``resaved-2021.docx`` — the ``docx`` adapter's rendering of the example
  report, opened and saved again by LibreOffice (which rewrites every part,
  keeping the core properties), to be read back as the same report.

The blank cells of ``people-2021.docx`` are listed in :data:`BLANKS`; the
test compares every other cell with the example report.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

import disclosure_format as df
from disclosure_format.layout import LayoutCell, table_layout
from disclosure_format.model import Report
from disclosure_format.spec import FormatSpec, Table

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "docx"
EXAMPLE = ROOT / "examples" / "2021-beilun-keji-2023.json"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"

BLANKS = (
    "t3/new/applicant.natural_person",
    "t3/results.other.unpaid_fee/applicant.total",
    "t4/cases/review.upheld",
)
"""Cells left blank in ``people-2021.docx`` (the report's value is removed)."""

MISALIGNED_ROW = 6
"""Grid row of table 3 whose group label continuation does not line up."""


def people_report() -> Report:
    report = df.load_report(EXAMPLE)
    return report.with_values(dict.fromkeys(BLANKS))


def _split_runs(paragraph: Any, text: str) -> None:
    """``text`` in runs cut in the middle of words, as Word leaves them after edits."""
    if "\n" in text:
        first, _, rest = text.partition("\n")
        _split_runs(paragraph, first)
        paragraph.add_run().add_break()
        _split_runs(paragraph, rest)
        return
    cuts = [0, len(text) // 3, 2 * len(text) // 3, len(text)]
    for a, b in itertools.pairwise(cuts):
        if b > a:
            run = paragraph.add_run(text[a:b])
            run.font.size = Pt(10.5 if a else 10)  # a formatting change splits the run


def _value_text(value: object) -> str:
    return "" if value is None else str(value)


def _table2_as_text(document: Any, report: Report, spec: FormatSpec) -> None:
    """Table 2 typed with tabs: a caption line per block, a header line, a line per row."""
    table = spec.table("t2")
    for block in table.blocks:
        document.add_paragraph(block.caption or "")
        columns = [path[-1].label for path in block.column_paths]
        document.add_paragraph("\t".join([block.corner or "信息内容", *columns]))
        for n, path in enumerate(block.row_paths):
            row_key = ".".join(node.key for node in path)
            values = [
                _value_text(report.values[f"t2/{row_key}/{'.'.join(c.key for c in column)}"])
                or "-"  # a blank typed as a dash: with nothing, the row would be a cell short
                for column in block.column_paths
            ]
            gap = "\t\t" if n % 2 else "\t"  # alignment tabs come in any number
            document.add_paragraph(path[-1].label + gap + gap.join(values))


def _tc(text: str, span: int, vmerge: str = "") -> Any:
    props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    if vmerge:
        props += f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>"
    return parse_xml(f"<w:tc {nsdecls('w')}><w:tcPr>{props}</w:tcPr><w:p/></w:tc>")


def _fill(tc: Any, text: str) -> None:
    from docx.table import _Cell

    cell = _Cell(tc, None)  # type: ignore[arg-type]
    _split_runs(cell.paragraphs[0], text)


def _drawn_table(document: Any, container: Any, report: Report, table: Table, *, fine: bool) -> Any:
    """A Word table of ``table``'s layout; with ``fine``, on a grid twice as fine, data cells
    shifted by half a column from the header cells above them."""
    layout = table_layout(table)
    factor = 2 if fine else 1
    n_cols = layout.n_cols * factor
    grid = "".join('<w:gridCol w:w="600"/>' for _ in range(n_cols))
    tbl = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        '<w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid></w:tbl>"
    )
    starts: list[list[tuple[LayoutCell, bool]]] = [[] for _ in range(layout.n_rows)]
    for cell in layout.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            starts[r].append((cell, r == cell.row))
    for r, row in enumerate(starts):
        tr = parse_xml(f"<w:tr {nsdecls('w')}/>")
        data_row = any(c.role == "data" for c, _ in row)
        for cell, top in sorted(row, key=lambda item: item[0].col):
            span = cell.colspan * factor
            if fine and data_row:
                if cell.role == "row" and cell.col + cell.colspan == layout.label_columns:
                    span += 1  # the leaf label reaches half a column into the values
                elif cell.role == "data" and cell.col + cell.colspan == layout.n_cols:
                    span -= 1
            vmerge = "" if cell.rowspan == 1 else ("restart" if top else "continue")
            if fine and r == MISALIGNED_ROW and vmerge == "continue" and cell.col == 0:
                tr.append(_tc("", span - 1, "continue"))  # does not line up with the cell above
                tr.append(_tc("", 1))
                continue
            tc = _tc("", span, vmerge)
            if top:
                if cell.role == "data":
                    assert cell.key is not None
                    text = _value_text(report.values[cell.key])
                else:
                    text = cell.text
                    if cell.text.startswith("（一）本年新公开"):
                        text = text.replace("本年新", "本年新\n", 1)
                _fill(tc, text)
            tr.append(tc)
        tbl.append(tr)
    container.append(tbl)
    return tbl


def people_docx(report: Report | None = None) -> bytes:
    """``report`` (default: :func:`people_report`) as a person types it in Word."""
    report = report or people_report()
    spec = df.get_format(report.format)
    document = docx.Document()
    body = document.element.body
    sect = body[-1]
    paragraph = document.add_paragraph()
    _split_runs(paragraph, f"{report.agency}{report.year}年政府信息公开工作年度报告")
    for section in spec.sections:
        _split_runs(document.add_paragraph(), section.title)
        text = report.narrative.get(section.key)
        for line in (text or "").split("\n"):
            if line:
                document.add_paragraph(line)
        if section.key == "active":
            _table2_as_text(document, report, spec)
        elif section.key == "requests":
            _drawn_table(document, _Body(sect), report, spec.table("t3"), fine=True)
            document.add_paragraph("注：本表中的数据统计时间为2023年1月1日至12月31日。")
        elif section.key == "appeals":
            outer = document.add_table(rows=1, cols=1)
            cell = outer.cell(0, 0)
            cell.paragraphs[0].add_run("单位：件")
            _drawn_table(document, cell._tc, report, spec.table("t4"), fine=False)
            cell._tc.append(parse_xml(f"<w:p {nsdecls('w')}/>"))  # a cell ends with a paragraph
    document.add_paragraph(report.agency)
    day = report.published
    if day is not None:
        document.add_paragraph(f"{day.year}年{day.month}月{day.day}日")
    props = document.core_properties
    props.author = "某某局办公室"
    props.title = ""
    import datetime as dt

    props.created = props.modified = dt.datetime(2024, 1, 10, tzinfo=dt.UTC)
    return _fixed(document)


class _Body:
    """Appends before the body's section properties (where python-docx adds blocks)."""

    def __init__(self, sect: Any) -> None:
        self.sect = sect

    def append(self, element: Any) -> None:
        self.sect.addprevious(element)


def _fixed(document: Any) -> bytes:
    import io

    from disclosure_format.adapters.docx import _fixed_zip

    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def convert(source: Path, target_filter: str, suffix: str) -> bytes:
    """``source`` converted by LibreOffice headless (its own profile, in a temporary folder)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to make the converted fixtures")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(source, work / source.name)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                target_filter,
                "--outdir",
                str(work),
                str(work / source.name),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return (work / (source.stem + suffix)).read_bytes()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "people-2021.docx").write_bytes(people_docx())
    html = CORPUS / "013.html"
    (OUT / "corpus-013.docx").write_bytes(convert(html, "docx:MS Word 2007 XML", ".docx"))
    (OUT / "corpus-013.doc").write_bytes(convert(html, "doc:MS Word 97", ".doc"))
    with tempfile.TemporaryDirectory() as tmp:
        rendered = Path(tmp) / "resaved-2021.docx"
        data = df.render(df.load_report(EXAMPLE), "docx")
        assert isinstance(data, bytes)
        rendered.write_bytes(data)
        resaved = convert(rendered, "docx:MS Word 2007 XML", ".docx")
    (OUT / "resaved-2021.docx").write_bytes(resaved)
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
